"""``drillsim host`` and ``drillsim join`` when they cannot serve: a wrong join code, an
unknown role, a host that is not there, a malformed address or code. Each is said in one
line in the chosen language, with exit status 2, and never as a traceback. The commands run
as users run them, in a subprocess (no terminal: they fail before any screen is drawn)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.tui.room_helpers import CODE, make_host
from tui.room.host import RoomHost
from tui.room.protocol import gateway_environment

DRILLSIM = Path(sys.executable).with_name("drillsim")


def env() -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return {**base, "NO_COLOR": "1", "TERM": "dumb"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(DRILLSIM), *args], capture_output=True, text=True, env=env(), timeout=60
    )


async def run_async(*args: str, extra_env: dict[str, str] | None = None) -> tuple[int, str]:
    """The command, while this test's event loop goes on serving a host."""
    proc = await asyncio.create_subprocess_exec(
        str(DRILLSIM),
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**env(), **(extra_env or {})},
    )
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode is not None
    return proc.returncode, err.decode()


def one_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def host() -> AsyncIterator[RoomHost]:
    room = make_host()
    await room.start("127.0.0.1", 0, clock=False)
    try:
        yield room
    finally:
        await room.stop()


@pytest.mark.parametrize(("lang", "said"), [("en", "wrong join code"), ("zh", "加入码不正确")])
async def test_a_wrong_code_is_refused_in_one_line(host: RoomHost, lang: str, said: str) -> None:
    assert host.address is not None
    addr = f"127.0.0.1:{host.address[1]}"
    status, err = await run_async(
        "join", addr, "--code", "ZZZZ99", "--role", "leader", "--lang", lang
    )
    assert status == 2
    assert said in one_line(err)
    assert host.seats() == []


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "gateway secret is wrong"), ("zh", "网关凭据不正确")],
)
async def test_a_join_claiming_a_gateway_without_its_secret_is_refused_in_one_line(
    host: RoomHost, lang: str, said: str
) -> None:
    """``drillsim join`` reads a gateway's claim from its environment (as the SSH and web
    gateways pass it); a claim without the host's secret is refused, and nothing is seated."""
    assert host.address is not None
    addr = f"127.0.0.1:{host.address[1]}"
    forged = gateway_environment("guessed-" * 5, "ssh", "192.0.2.41:50022")
    status, err = await run_async(
        "join", addr, "--code", CODE, "--role", "leader", "--lang", lang, extra_env=forged
    )
    assert status == 2
    assert said in one_line(err)
    assert host.seats() == []


@pytest.mark.parametrize(("lang", "said"), [("en", "no role 'cook'"), ("zh", "没有角色“cook”")])
async def test_an_unknown_role_is_refused_in_one_line(host: RoomHost, lang: str, said: str) -> None:
    assert host.address is not None
    addr = f"127.0.0.1:{host.address[1]}"
    status, err = await run_async("join", addr, "--code", CODE, "--role", "cook", "--lang", lang)
    assert status == 2
    assert said in one_line(err)
    # ... and says which roles there are, so that the participant can try again.
    assert all(role in one_line(err) for role in host.role_ids())


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "cannot reach the host"), ("zh", "连不上主持机")]
)
def test_a_host_that_is_not_there_is_said_in_one_line(lang: str, said: str) -> None:
    port = free_port()
    out = run("join", f"127.0.0.1:{port}", "--code", CODE, "--role", "leader", "--lang", lang)
    assert out.returncode == 2
    line = one_line(out.stderr)
    assert said in line and str(port) in line


@pytest.mark.parametrize(
    "args",
    [
        ["join", "localhost", "--code", CODE, "--display"],
        ["join", "127.0.0.1:99999", "--code", CODE, "--display"],
        ["join", "127.0.0.1:7420", "--code", "ab!", "--display"],
        ["host", "workshop-evacuation", "--listen", "nowhere"],
        ["host", "workshop-evacuation", "--code", "x"],
        ["host"],
    ],
    ids=["no-port", "port-range", "bad-code", "bad-listen", "short-code", "nothing"],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_command_line_that_cannot_be_served_is_said_in_one_line(
    args: list[str], lang: str
) -> None:
    out = run(*args, "--lang", lang)
    assert out.returncode == 2
    line = one_line(out.stderr)
    if lang == "zh":
        assert any("\u4e00" <= ch <= "\u9fff" for ch in line), line


def test_a_host_whose_port_is_taken_says_so(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        out = run("host", "workshop-evacuation", "--listen", f"127.0.0.1:{port}")
    assert out.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in one_line(out.stderr)


def test_host_and_join_are_in_the_help() -> None:
    out = run("--help")
    assert "host" in out.stdout and "join" in out.stdout
    out = run("join", "--help", "--lang", "zh")
    assert "--display" in out.stdout and "投影大屏" in out.stdout
