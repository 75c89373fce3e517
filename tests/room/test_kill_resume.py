"""A real host process killed with SIGKILL and resumed from its journal: no acknowledged
input is lost, and the seats rejoin by themselves (issue 13, "kill -9 of the host, then
--resume, loses no acknowledged input")."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

from sim.records import find_journal, read_journal
from tests.room.conftest import CODE, until
from tui.room.client import RemoteLink

REPO = Path(__file__).resolve().parents[2]


async def start_host(*args: str) -> tuple[asyncio.subprocess.Process, dict[str, object]]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tui.room",
        *args,
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=dict(os.environ),
    )
    assert proc.stdout is not None
    first = await asyncio.wait_for(proc.stdout.readline(), 60.0)
    assert first, (await proc.stderr.read()).decode() if proc.stderr else ""
    return proc, json.loads(first)


async def test_a_host_killed_with_sigkill_resumes_and_loses_no_acknowledged_input(
    home: Path,
) -> None:
    proc, info = await start_host(
        "hotel-evacuation", "--listen", "127.0.0.1:0", "--code", CODE, "--seed", "1"
    )
    host, port = info["address"]  # type: ignore[misc]
    session = str(info["session_id"])
    assert host == "127.0.0.1" and session
    desk = await RemoteLink.connect((str(host), int(port)), CODE, role="front_desk")
    control = await RemoteLink.connect((str(host), int(port)), CODE, role="control_operator")
    guard = await RemoteLink.connect((str(host), int(port)), CODE, role="security")
    acked = []
    for link, action in ((control, "general_alarm"), (desk, "call_119"), (guard, "close_doors_f5")):
        out = await link.act(action, {})
        assert out.ok, (action, out.reason)
        acked.append(action)
    # Killed the instant the last ack arrived: nothing after it can have been written.
    proc.send_signal(signal.SIGKILL)
    assert await asyncio.wait_for(proc.wait(), 30.0) == -signal.SIGKILL
    await until(lambda: not (desk.view.connected or control.view.connected or guard.view.connected))
    lost = await desk.act("report_manager", {"elements": ["unit"]})
    assert not lost.ok and lost.reason is not None and lost.reason.key == "room_connection_lost"

    journal = find_journal(session)
    assert [i.args["action"] for i in read_journal(journal).inputs if i.op == "act"] == acked

    proc2, info2 = await start_host(
        "--resume", session, "--listen", f"127.0.0.1:{port}", "--code", CODE
    )
    try:
        assert info2["address"] == [host, port] and info2["session_id"] == session
        # The seats come back on their own, and see their acts replayed from the journal.
        await until(lambda: desk.connected and control.connected and guard.connected, 30.0)
        assert desk.reconnects == control.reconnects == guard.reconnects == 1
        await until(lambda: any(e.data.get("id") == "call_119" for e in desk.view.feed), 10.0)
        mine = [e.data["id"] for e in guard.view.feed if e.data["kind"] == "action"]
        assert mine == ["close_doors_f5"]
        assert not any(e.data.get("id") == "close_doors_f5" for e in desk.view.feed)
        # And the drill goes on from there, with a seat that joins only now.
        manager = await RemoteLink.connect((str(host), int(port)), CODE, role="duty_manager")
        out = await manager.act("call_120", {})
        assert out.ok, out.reason
        for link in (desk, control, guard, manager):
            await link.close()
    finally:
        proc2.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc2.wait(), 30.0) == 0
    inputs = read_journal(journal).inputs
    assert [i.args["action"] for i in inputs if i.op == "act"] == [*acked, "call_120"]
