"""Helpers of the records tests: bundled scenarios and their playbooks, uninterrupted runs,
and the records commands in a child process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sim.catalog import playbook_path, resolve
from sim.loader import check_file
from sim.playbook import Step, load_playbook, run_playbook
from sim.result import drill_result
from sim.scenario import Scenario

ROOT = Path(__file__).resolve().parents[2]
ENTRY = "import sys; from tui.cli import main; sys.exit(main())"


def scenario(name: str) -> tuple[Path, Scenario]:
    """A bundled scenario's path and model."""
    path = resolve(name)
    assert path is not None
    sc = check_file(path).scenario
    assert sc is not None
    return path, sc


def steps(name: str, playbook: str) -> list[Step]:
    """A bundled playbook's steps."""
    path, sc = scenario(name)
    pb = playbook_path(path, sc.id, playbook)
    assert pb is not None
    return load_playbook(pb, sc)


def straight_result(name: str, playbook: str, seed: int) -> dict[str, Any]:
    """The result of an uninterrupted run of a playbook (no journal involved)."""
    _, sc = scenario(name)
    return drill_result(run_playbook(sc, steps(name, playbook), seed))


def cli(*args: str, env: dict[str, str] | None = None, **kw: Any) -> subprocess.Popen[str]:
    """Start the records commands in a child process with this test's records folder."""
    return subprocess.Popen(
        [sys.executable, "-c", ENTRY, *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def run_cli(*args: str, timeout: float = 60) -> tuple[int, str, str]:
    """Run the records commands in a child process to the end."""
    proc = cli(*args)
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err
