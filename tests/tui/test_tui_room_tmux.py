"""The training room in real terminals: ``drillsim host`` (with its SSH and web gateways) and
two ``drillsim join`` seats (one in English, one in Chinese) and one ``ssh`` seat under tmux,
on 127.0.0.1. The facilitator starts the drill, the shift leader sounds the alarm from their
own seat, the console's feed and the SSH seat of the same role show it, the floor warden's
seat shows the warden's card and not the leader's prompt; the facilitator ends the drill
into the debrief, the seats say it is over, and the journal holds the seat's action; the
web gateway serves its join page meanwhile. Skipped when tmux is not installed (CI installs
it); the SSH seat is left out when there is no ssh client."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.terminal import (
    DRILLSIM,
    SSH,
    Terminal,
    Tmux,
    askpass,
    drill_env,
    free_port,
    needs_tmux,
    ssh_argv,
)

pytestmark = needs_tmux

CODE = "ABCD23"


@pytest.fixture
def room(tmp_path: Path) -> Iterator[dict[str, Terminal]]:
    env = drill_env(tmp_path)
    addr = f"127.0.0.1:{free_port()}"
    ssh_port, web_port = free_port(), free_port()
    made: dict[str, Terminal] = {}
    with Tmux() as tmux:
        made["host"] = tmux.open(
            "host",
            [
                *(str(DRILLSIM), "host", "workshop-evacuation", "--listen", addr),
                *("--code", CODE, "--seed", "1", "--speed", "10", "--team", "T1", "--lang", "en"),
                *("--ssh-port", str(ssh_port), "--web-port", str(web_port)),
            ],
            env,
        )
        made["host"].wait_for("Join code", CODE, addr)
        for name, role, lang in (("leader", "leader", "en"), ("warden", "warden", "zh")):
            command = [str(DRILLSIM), "join", addr, "--code", CODE.lower(), "--role", role]
            made[name] = tmux.open(name, [*command, "--lang", lang], env)
        if SSH is not None:
            ssh_env = {**env, **askpass(tmp_path / "askpass", CODE)}
            made["ssh"] = tmux.open("ssh", ssh_argv(ssh_port, "leader", None), ssh_env)
        page = urllib.request.urlopen(f"http://127.0.0.1:{web_port}/", timeout=10).read()
        assert b"<form" in page
        yield made


def test_a_room_drill_in_real_terminals(room: dict[str, Terminal], tmp_path: Path) -> None:
    host, leader, warden = room["host"], room["leader"], room["warden"]
    ssh = room.get("ssh")
    leader.wait_for("Response card: Shift leader", "Waiting for the facilitator")
    if ssh is not None:
        ssh.wait_for("Response card: Shift leader", "Waiting for the facilitator")
    screen = warden.wait_for("处置卡：楼层疏散引导员", "等待导调人员开始演练")
    assert "引导本层人员" in screen and "确认警情" not in screen  # the warden's card only
    screen = host.wait_for(
        f"Seats ({2 if ssh is None else 3} connected)", "Shift leader", "Floor warden"
    )
    # The console tells the seats apart: the two terminals, and the seat that came through
    # the SSH gateway as such (not as a third terminal on loopback).
    assert screen.count("terminal") == 2, screen
    if ssh is not None:
        assert "SSH" in screen and "127.0.0.1" in screen, screen
    host.keys("Enter")
    leader.wait_for("Sound the alarm")
    # At 10× the leader's prompt opens 2 s after the start.
    leader.wait_for("Shift leader: The alarm panel")
    leader.keys("a")
    leader.wait_for("Take action (Ctrl+S)")
    leader.keys("C-s")
    leader.wait_for("Started: Sound the alarm")
    host.wait_for("Shift leader: Sound the alarm")
    if ssh is not None:
        ssh.wait_for("Shift leader: Sound the alarm")
    screen = warden.screen()
    assert "报警控制器" not in screen  # the leader's prompt is not the warden's
    assert "Traceback" not in screen
    host.keys("Escape")
    host.wait_for("End the drill now?")
    host.keys("y")
    screen = host.wait_for("Total", "Grade", "/ 100", timeout_s=60)
    assert "Traceback" not in screen
    leader.wait_for("The drill is over")
    warden.wait_for("演练已结束")
    from sim.records import History, read_journal

    history = History(tmp_path / "home" / "history.sqlite3")
    (rec,) = history.sessions()
    assert (rec.status, rec.team) == ("finished", "T1")
    journal = read_journal(rec.journal)
    assert journal.finished
    result = history.result(rec.id)
    assert result is not None
    acts = [(e["id"], e["by"]) for e in result["events"] if e["kind"] == "action"]
    assert acts == [("alarm", "leader")]


def test_a_host_resumed_from_its_journal_shows_what_was_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A room drill interrupted after a seat acted (its journal left unfinished, as after a
    kill) continues with ``drillsim host --resume SESSION``: the console shows the session,
    paused where it stopped, with the seat's action in its feed."""
    from sim import bundled_dir
    from tests.tui.tui_helpers import scenario
    from tui.room.host import RoomHost
    from tui.session import DrillSession, Settings

    home = tmp_path / "home"
    monkeypatch.setenv("DRILLSIM_HOME", str(home))
    path = bundled_dir() / "workshop-evacuation.yaml"
    session = DrillSession(scenario(), Settings(team="T2", seed=1), path, lang="en")
    host = RoomHost(session, code=CODE)
    host.start_drill()
    host.tick(30.0)
    seat_id, _ = host.attach("leader")
    assert host.seat_act(seat_id, "alarm", {}).ok
    host.tick(5.0)
    session_id = session.session_id
    assert session_id is not None
    session.close()
    addr = f"127.0.0.1:{free_port()}"
    env = drill_env(tmp_path)
    with Tmux() as tmux:
        term = tmux.open(
            "host",
            [str(DRILLSIM), "host", "--resume", session_id, "--listen", addr, "--code", CODE],
            env,
        )
        screen = term.wait_for(f"session {session_id}", "paused", "Shift leader: Sound the alarm")
        assert "Traceback" not in screen
        seat = tmux.open(
            "seat",
            [str(DRILLSIM), "join", addr, "--code", CODE, "--role", "leader"],
            env,
        )
        seat.wait_for(
            "Response card: Shift leader",
            "Sound the alarm  ▸10:05:45",
            "continued from its journal",
        )
