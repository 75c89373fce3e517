"""Helpers of the city tests: a laptop's records folder with real drills, a city server on a
free port (uvicorn in a thread), and the drillsim command in a child process."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sim.city.store import City, Unit
from sim.records.history import History

ROOT = Path(__file__).resolve().parents[2]
ENTRY = "import sys; from tui.cli import main; sys.exit(main())"

UNITS = [
    Unit("甲化工有限公司", "zone", "临港产业集聚区", "危险化学品"),
    Unit("乙机械制造厂", "town", "城关镇", "机械制造"),
    Unit("丙酒店", "department", "文化和旅游局", "住宿餐饮"),
]


def drillsim(*args: str, home: Path, env: dict[str, str] | None = None, **kw: Any) -> Any:
    """Start ``drillsim`` in a child process with ``home`` as its records folder."""
    return subprocess.Popen(
        [sys.executable, "-c", ENTRY, "--lang", "en", *args],
        cwd=ROOT,
        env={
            **os.environ,
            "DRILLSIM_HOME": str(home),
            "DRILLSIM_DATABASE_URL": "",
            **(env or {}),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def run(*args: str, home: Path, timeout: float = 120, **kw: Any) -> tuple[int, str, str]:
    """Run ``drillsim`` in a child process to the end: (status, stdout, stderr)."""
    proc = drillsim(*args, home=home, **kw)
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def make_laptop(folder: Path, drills: int) -> Path:
    """A records folder with ``drills`` finished headless drills of two teams, a note and an
    improvement item on the first."""
    from tui.cli import main

    before = os.environ.get("DRILLSIM_HOME")
    os.environ["DRILLSIM_HOME"] = str(folder)
    try:
        plays = ("late", "ideal", "passive")
        for i in range(drills):
            code = main(
                ["--lang", "en", "run", "workshop-evacuation", "--playbook", plays[i % 3],
                 "--seed", str(i + 1), "--unit", "二车间", "--team", "甲班" if i % 2 else "乙班",
                 "--participant", "王伟:leader", "--participant", "Li:warden"]
            )  # fmt: skip
            assert code == 0
        h = History(folder / "history.sqlite3")
        first = h.sessions(oldest_first=True)[0].id
        h.add_note(first, "警报晚了 35 s", author="赵")
        h.add_improvement(
            first, issue="Late alarm", action="Drill the alarm card", due_date="2026-07-15"
        )
    finally:
        if before is None:
            del os.environ["DRILLSIM_HOME"]
        else:
            os.environ["DRILLSIM_HOME"] = before
    return folder


def copy_laptop(source: Path, target: Path) -> Path:
    """A copy of a records folder (its history and journals)."""
    shutil.copytree(source, target)
    return target


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def live_server(app: Any, **ssl: Any) -> Iterator[str]:
    """The app served by uvicorn on a free port in a thread; its base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **ssl)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        assert thread.is_alive(), "the server stopped"
        time.sleep(0.02)
    try:
        yield f"{'https' if ssl else 'http'}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def city_with_units(url: str) -> tuple[City, dict[str, str]]:
    """A city database with :data:`UNITS` and one token per unit: (city, unit -> token)."""
    city = City(History(url=url))
    city.import_units(UNITS)
    return city, {u.name: city.add_token(u.name) for u in UNITS}
