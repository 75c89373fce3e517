"""A real drill process killed with SIGKILL loses no action, and resumes to the same result
as a run that was never interrupted."""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path

import pytest

from sim.records.history import History
from sim.records.journal import read_journal
from tests.records.helpers import cli, run_cli, steps, straight_result

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

NAME, PLAYBOOK, SEED = "chemical-vehicle-leak", "ideal", 11
KILL_AFTER = 4
"""Inputs journaled before the process is killed."""


def _inputs(folder: Path) -> tuple[Path | None, int]:
    found = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    if not found:
        return None, 0
    data = found[0].read_bytes()
    return found[0], data.count(b'"type":"input"')


def test_sigkill_after_n_actions_then_resume_gives_the_uninterrupted_result(home: Path) -> None:
    total = len(steps(NAME, PLAYBOOK))
    proc = cli(
        "run", NAME, "--playbook", PLAYBOOK, "--seed", str(SEED), "--team", "Shift A",
        "--pace-s", "0.4",
    )  # fmt: skip
    journal: Path | None = None
    count = 0
    deadline = time.monotonic() + 60
    try:
        while count < KILL_AFTER:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the drill never journaled its actions"
            time.sleep(0.02)
            journal, count = _inputs(home / "journals")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert journal is not None

    # every action taken before the kill is in the journal, and the drill is unfinished
    read = read_journal(journal)
    assert KILL_AFTER <= len(read.inputs) < total
    assert not read.finished and read.skipped == []
    taken = [i.args["action"] for i in read.inputs]
    assert taken == [s.action for s in steps(NAME, PLAYBOOK)[: len(taken)]]
    assert History().session(read.header.session).status == "running"

    code, out, _ = run_cli("resume")
    assert code == 0 and read.header.session in out

    code, out, err = run_cli("resume", read.header.session, "--playbook", PLAYBOOK, "--json")
    assert code == 0, err
    resumed = json.loads(out)
    assert resumed.pop("session")["id"] == read.header.session
    assert resumed == straight_result(NAME, PLAYBOOK, SEED)

    code, out, _ = run_cli("resume")
    assert code == 0 and read.header.session not in out
    assert History().session(read.header.session).status == "finished"
    code, _, err = run_cli("replay", str(journal))
    assert code == 0 and "byte for byte" in err
