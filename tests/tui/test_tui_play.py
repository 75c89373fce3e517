"""Single-terminal play (``drillsim play``) is a training room with one seat (issue 13, item 1):
a RoomHost that never listens, and one seat in the same process holding every role. The
screen draws the seat's view, acts through the seat's link, and the player's clock and
facilitator controls go through the host."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Checkbox, Input, Select, SelectionList

import tui.room.host as room_host
from sim import Scenario, localize
from sim.i18n import tr
from tests.scenario_runs import playbook
from tests.scenario_runs import scenario as bundled
from tests.tui.tui_helpers import app_for, scenario, scenario_path, shown, wait_for_screen
from tui.app import DrillsimApp
from tui.room.client import RemoteLink
from tui.room.host import ACT_BURST, RoomHost
from tui.room.link import EVERY_ROLE
from tui.screens.action_form import ActionFormScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.drill import DrillScreen
from tui.screens.inject import InjectScreen, NoteScreen
from tui.screens.seat import SeatActionForm
from tui.session import DrillSession, Settings
from tui.widgets.actions_panel import ActionsPanel
from tui.widgets.clock import ClockStatus
from tui.widgets.feed import EventFeed
from tui.widgets.prompts import PromptPanel

HOTEL = "hotel-evacuation"
GOLDEN = Path(__file__).parents[1] / "golden"
"""The bundled playbooks' result summaries at seed 1 (tests/test_scenarios.py writes them)."""


async def open_drill(
    pilot: Any,
    app: DrillsimApp,
    sc: Scenario | None = None,
    *,
    recorded: bool = False,
    mode: str = "coaching",
) -> DrillScreen:
    """The drill screen over a new session (the workshop drill by default), seed 1."""
    session = DrillSession(
        sc or scenario(), Settings(seed=1, mode=mode), scenario_path() if recorded else None
    )
    session.begin()
    await app.push_screen(DrillScreen(session, autoplay=False))
    await pilot.pause()
    assert isinstance(app.screen, DrillScreen)
    return app.screen


def journal_inputs(path: Path | None) -> list[dict[str, Any]]:
    """The input lines of a journal, in order."""
    assert path is not None
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [x for x in lines if x.get("type") == "input"]


def acts_in(path: Path | None) -> list[str]:
    return [x["args"]["action"] for x in journal_inputs(path) if x["op"] == "act"]


def notes_in(path: Path | None) -> list[str]:
    return [x["args"]["kind"] for x in journal_inputs(path) if x["op"] == "note"]


async def submit(pilot: Any, app: DrillsimApp, drill: DrillScreen) -> None:
    """Send the open form and wait until it has closed (its answer comes after the fsync)."""
    await pilot.press("ctrl+s")
    for _ in range(200):
        if app.screen is drill:
            return
        await pilot.pause(0.01)
    raise AssertionError(f"the form is still open: {app.screen!r}")


# --- the room of one ---------------------------------------------------------------------------


async def test_the_players_seat_is_the_hosts_only_seat_and_holds_every_role() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await open_drill(pilot, app)
        host = drill.host
        assert isinstance(host, RoomHost) and host.session is drill.session
        assert host.address is None, "single-terminal play never listens"
        (seat,) = host.seats()
        assert seat.role == EVERY_ROLE and seat.connected and seat.seat == drill.link.seat_id
        with pytest.raises(RuntimeError):
            host.attach("leader")  # the room holds the player alone
        assert host.started and host.mode == "coaching"


async def test_the_screen_draws_the_every_role_view_of_the_host() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await open_drill(pilot, app)
        drill.step(30.0)
        drill.action_act("alarm")
        await pilot.pause()
        await submit(pilot, app, drill)
        drill.step(20.0)
        await pilot.pause()
        view = drill.view
        expected = drill.host.role_view(EVERY_ROLE)
        assert view.version > 0
        expected.version = view.version
        assert view == expected
        assert view.t_s == 50.0 and view.role == EVERY_ROLE
        # The panes show that view: the actions with their states, the prompts, the clock.
        panel = drill.query_one(ActionsPanel)
        assert panel.action_ids == [a.id for a in view.actions]
        assert [a.id for a in view.actions] == [a.id for a in drill.session.scenario.actions]
        alarm = view.action("alarm")
        assert alarm is not None and alarm.started_s == 30.0
        shown_prompts, shown_at_s = drill.query_one(PromptPanel)._last
        assert [p.inject for p in shown_prompts] == [p.inject for p in view.prompts]
        assert shown_at_s == view.t_s
        assert view.clock in shown(drill.query_one(ClockStatus))
        # Every event of the log reached the feed (the seat holds every role).
        assert [e.kind for e in drill.feed.events] == [e.kind for e in drill.session.drill.log]


async def test_an_act_is_journaled_through_the_host_before_the_form_says_it_started() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await open_drill(pilot, app, recorded=True)
        rec = drill.session.recorder
        assert rec is not None
        path = drill.session.journal_path
        order: list[tuple[str, list[str]]] = []
        sync = rec.sync

        def synced() -> None:
            sync()
            order.append(("sync", acts_in(path)))

        rec.sync = synced  # type: ignore[method-assign]
        notify = app.notify

        def told(message: str, **kwargs: Any) -> None:
            order.append(("note:" + message, acts_in(path)))
            notify(message, **kwargs)

        app.notify = told  # type: ignore[method-assign]
        drill.step(10.0)
        await pilot.press(drill.hotkeys["alarm"])
        form = app.screen
        assert isinstance(form, SeatActionForm) and form.desk.link is drill.link
        await submit(pilot, app, drill)
        note = tr(
            "note_started",
            "en",
            action=localize(drill.session.scenario.action("alarm").label, "en"),
        )
        started = next(i for i, (what, _) in enumerate(order) if what == "note:" + note)
        assert order[started][1] == ["alarm"], "the act is in the journal when the note shows"
        assert ("sync", ["alarm"]) in order[:started], "and made durable (fsync) before it"
        (seat,) = drill.host.seats()
        assert seat.actions_taken == 1 and seat.actions_refused == 0


async def test_a_refusal_shows_the_hosts_reason_in_the_form() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await open_drill(pilot, app)
        drill.step(10.0)
        for _ in range(2):  # the second alarm is refused: it has been sounded already
            drill.action_act("alarm")
            await pilot.pause()
            await pilot.press("ctrl+s")
            for _ in range(50):
                await pilot.pause(0.01)
                if app.screen is drill:
                    break
        form = app.screen
        assert isinstance(form, ActionFormScreen)
        shown_reason = str(form.query_one("#form-reason").render())
        (refusal,) = drill.session.refusals
        assert refusal.reason is not None and refusal.reason.key == "refuse_done_already"
        why = refusal.reason.render("en")
        assert why == "'Sound the alarm' has already been done"
        assert shown_reason == "✗ " + tr("form_refused", "en", reason=why)
        (seat,) = drill.host.seats()
        assert seat.actions_taken == 1 and seat.actions_refused == 1


async def test_a_refused_acts_reason_lands_on_its_own_line_of_the_feed() -> None:
    """The feed of the player's seat ("*", every role) is indexed as the drill's log, and the
    session keeps each refusal's reason by that index: the reason shows on the refusal's
    line, and on no other."""
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await open_drill(pilot, app, recorded=True)
        drill.step(10.0)
        drill.action_act("alarm")
        await pilot.pause()
        await submit(pilot, app, drill)
        drill.action_act("alarm")  # refused: it has been sounded already
        await pilot.pause()
        await pilot.press("ctrl+s")
        for _ in range(50):
            await pilot.pause(0.01)
            if drill.session.refusals:
                break
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is drill
        drill.step(5.0)
        log = drill.session.drill.log
        (index,) = [i for i, e in enumerate(log) if e.kind == "refused"]
        assert drill.session.reasons.keys() == {index}
        why = drill.session.reasons[index].render("en")
        events = drill.feed.events
        assert len(events) == len(log)
        assert [i for i, e in enumerate(events) if e.kind == "refused"] == [index]
        lines = drill.query_one(EventFeed).lines
        with_reason = [line for line in lines if why in line]
        assert len(with_reason) == 1, lines
        assert localize(drill.session.scenario.action("alarm").label, "en") in with_reason[0]


# --- the facilitator's controls go through the host ----------------------------------------------


async def test_pause_speed_note_inject_and_end_go_through_the_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await open_drill(pilot, app, bundled(HOTEL), recorded=False)
        host = drill.host
        calls: list[str] = []
        for name in ("pause", "resume_clock", "set_speed", "inject", "message", "end"):
            real = getattr(host, name)

            def spy(*args: Any, _real: Any = real, _name: str = name, **kw: Any) -> Any:
                calls.append(_name)
                return _real(*args, **kw)

            monkeypatch.setattr(host, name, spy)
        drill.step(20.0)
        await pilot.press("space")
        await pilot.pause()
        assert drill.view.paused and calls == ["pause"]
        await pilot.press("space")
        await pilot.pause()
        assert not drill.view.paused and calls[-1] == "resume_clock"
        drill.action_speed(5)
        await pilot.pause()
        assert drill.view.speed == 5.0 and calls[-1] == "set_speed"
        await pilot.press("f4")
        assert isinstance(app.screen, NoteScreen)
        app.screen.query_one("#note-text", Input).value = "Lift 2 is out of order"
        await pilot.press("enter")
        await pilot.pause()
        assert calls[-1] == "message"
        assert any("Lift 2 is out of order" in json.dumps(e.data) for e in drill.view.feed)
        optional = drill.session.optional_injects()
        assert optional, "the hotel has optional injects"
        await pilot.press("f3")
        assert isinstance(app.screen, InjectScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert calls[-1] == "inject"
        assert drill.session.optional_injects() == optional[1:]
        controls = [e.data["action"] for e in drill.session.drill.log if e.kind == "control"]
        assert controls[:3] == ["pause", "resume", "speed"]
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        debrief = await wait_for_screen(pilot, app, DebriefScreen)
        assert calls[-1] == "end" and debrief.session is drill.session
        assert drill.session.finished and drill.session.ended_early
        assert drill.view.finished


async def test_controls_reach_the_journal_and_help_pauses_through_the_host() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await open_drill(pilot, app, recorded=True)
        path = drill.session.journal_path
        drill.step(10.0)
        await pilot.press("f1")
        await pilot.pause()
        assert drill.view.paused
        await pilot.press("f1")
        await pilot.pause()
        assert not drill.view.paused
        drill.action_speed(2)
        await pilot.press("f4")
        app.screen.query_one("#note-text", Input).value = "Smoke in the stairwell"
        await pilot.press("enter")
        await pilot.pause()
        assert notes_in(path) == ["pause", "resume", "speed"]
        assert any(x["op"] == "free_inject" for x in journal_inputs(path))


async def test_assessment_play_keeps_the_injects_off_the_screen() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await open_drill(pilot, app, bundled(HOTEL), mode="assessment")
        assert drill.host.mode == "assessment" and drill.view.mode == "assessment"
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen is drill
        drill.step(200.0)
        assert drill.view.prompts and all(p.expects is None for p in drill.view.prompts)


# --- resuming ------------------------------------------------------------------------------------


async def test_resume_builds_the_host_from_the_journal(tmp_path: Path) -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await open_drill(pilot, app, recorded=True)
        drill.step(10.0)
        drill.action_act("alarm")
        await pilot.pause()
        await submit(pilot, app, drill)
        drill.step(5.0)
        sid = drill.session.session_id
        assert sid is not None
        drill.session.close()  # the terminal went away mid-drill
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.resume(sid)
        resumed = await wait_for_screen(pilot, app, DrillScreen)
        await pilot.pause()
        host = resumed.host
        assert host.started and host.session.resumed_from is not None
        assert resumed.view.paused and resumed.view.t_s == 15.0
        alarm = resumed.view.action("alarm")
        assert alarm is not None and alarm.started_s == 10.0
        (seat,) = host.seats()
        assert seat.role == EVERY_ROLE
        await pilot.press("space")
        await pilot.pause()
        assert not resumed.view.paused
        assert notes_in(resumed.session.journal_path)[-2:] == ["pause", "resume"]


# --- the rate limit ------------------------------------------------------------------------------


async def test_the_player_is_not_throttled_but_a_network_seat_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(room_host, "seat_clock", lambda: 1000.0)  # no tokens come back
    n = ACT_BURST + 5
    sc = bundled(HOTEL)
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await open_drill(pilot, app, sc)
        drill.step(10.0)
        # Refused by the engine (the front desk is busy after the first), never as too fast.
        mine = [await drill.link.act("first_aid", {}, by="front_desk") for _ in range(n)]
        assert mine[0].ok
        assert not any(o.reason is not None and o.reason.key == "room_too_fast" for o in mine)
        (seat,) = drill.host.seats()
        assert seat.actions_taken + seat.actions_refused == n
    room = RoomHost(DrillSession(sc, Settings(seed=1)), mode="coaching", started=True)
    addr = await room.start("127.0.0.1", 0, clock=False)
    remote = await RemoteLink.connect(addr, room.code, role="front_desk", reconnect=False)
    try:
        theirs = [await remote.act("first_aid", {}) for _ in range(n)]
    finally:
        await remote.close()
        await room.stop()
    too_fast = [o for o in theirs if o.reason is not None and o.reason.key == "room_too_fast"]
    assert len(too_fast) == n - ACT_BURST


# --- a whole drill through the screen --------------------------------------------------------------


def fill(form: ActionFormScreen, by: str, params: dict[str, Any]) -> None:
    """Set the form's fields to a playbook step's values."""
    form.query_one("#form-by", Select).value = by
    for name, value in params.items():
        widget = form.fields[name]
        if isinstance(widget, SelectionList):
            widget.deselect_all()
            for v in value:
                widget.select(v)
        elif isinstance(widget, Checkbox):
            widget.value = bool(value)
        elif isinstance(widget, Select):
            widget.value = value
        elif isinstance(widget, Input):
            widget.value = f"{value:g}" if isinstance(value, float | int) else str(value)
        else:
            raise AssertionError(f"no way to fill {name}: {widget!r}")


async def test_the_hotel_ideal_playbook_played_through_the_screen_scores_the_golden() -> None:
    sc = bundled(HOTEL)
    app = app_for("en", catalog=[])
    async with app.run_test(size=(120, 40)) as pilot:
        drill = await open_drill(pilot, app, sc)
        for step in sorted(playbook(HOTEL, "ideal"), key=lambda s: s.at_s):
            assert step.action is not None, "the hotel's ideal crew only acts"
            drill.advance_to(step.at_s)
            drill.action_act(step.action)
            await pilot.pause()
            form = app.screen
            assert isinstance(form, SeatActionForm), step
            fill(form, step.by or "", dict(step.params))
            await submit(pilot, app, drill)
        drill.advance_to(sc.duration_s)
        debrief = await wait_for_screen(pilot, app, DebriefScreen)
        (seat,) = drill.host.seats()
        assert seat.actions_taken == len(playbook(HOTEL, "ideal")) and seat.actions_refused == 0
        golden = json.loads((GOLDEN / f"{HOTEL}.ideal.json").read_text(encoding="utf-8"))
        got = debrief.result
        assert got["score"] == golden["score"]
        keys = ("id", "status", "done_at_s", "credit")
        assert [{k: e[k] for k in keys} for e in got["expectations"]] == golden["expectations"]


async def test_pause_speed_injects_and_notes_are_off_while_the_drill_runs_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await open_drill(pilot, app, bundled(HOTEL), recorded=True)
        path = drill.session.journal_path
        drill.step(20.0)
        # Hold the run-out still, so that the keys below are pressed while it is under way.
        monkeypatch.setattr(drill, "run_out", lambda: None)
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is drill and drill.session.ended_early
        before = journal_inputs(path)
        speed = drill.session.speed
        for key in ("space", "f3", "f4", "f7", "plus", "minus"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is drill, key
        for action in ("pause", "speed", "faster", "slower", "inject", "note"):
            assert drill.check_action(action, ()) is False, action
        drill.action_pause()
        drill.action_inject()
        drill.action_note()
        await pilot.pause()
        assert app.screen is drill
        assert not drill.session.paused and drill.session.speed == speed
        assert journal_inputs(path) == before
        assert notes_in(path)[-1] == "end"


async def test_leaving_the_drill_waits_for_the_group_commit_before_closing_the_journal() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await open_drill(pilot, app, recorded=True)
        rec = drill.session.recorder
        assert rec is not None
        path = drill.session.journal_path
        order: list[str] = []
        sync, close = rec.sync, rec.close
        started = threading.Event()

        def slow_sync() -> None:  # an fsync that takes a while (a slow disk)
            started.set()
            time.sleep(0.3)
            sync()
            order.append("synced")

        def closing() -> None:
            order.append("closed")
            close()

        rec.sync = slow_sync  # type: ignore[method-assign]
        rec.close = closing  # type: ignore[method-assign]
        drill.step(10.0)
        act = asyncio.create_task(drill.link.act("alarm", {}))
        while not started.is_set():
            await asyncio.sleep(0.01)
        await app.pop_screen()  # quitting mid-drill while the fsync runs in its thread
        await pilot.pause()
        assert order == ["synced", "closed"]
        assert (await act).ok
        assert acts_in(path) == ["alarm"]
        assert drill.session.recorder is not None and drill.session.recorder.closed


async def test_an_act_whose_fsync_fails_is_told_taken_but_not_saved() -> None:
    import errno

    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await open_drill(pilot, app, recorded=True)
        rec = drill.session.recorder
        assert rec is not None

        def full_disk() -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        rec._writer.sync = full_disk  # type: ignore[method-assign]
        notes: list[str] = []
        notify = app.notify

        def told(message: str, **kwargs: Any) -> None:
            notes.append(message)
            notify(message, **kwargs)

        app.notify = told  # type: ignore[method-assign]
        drill.step(10.0)
        await pilot.press(drill.hotkeys["alarm"])
        await submit(pilot, app, drill)
        await pilot.pause()
        label = localize(drill.session.scenario.action("alarm").label, "en")
        assert tr("note_taken_not_saved", "en", action=label) in notes, notes
        assert "Taken, not yet saved (the journal cannot be written)" in notes[0]
        assert tr("note_started", "en", action=label) not in notes
        # the drill screen still pauses and says why (check_journal)
        assert drill.session.paused
        assert any("No space left on device" in n for n in notes), notes
