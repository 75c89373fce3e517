"""The host in-process (LocalLink): who may act as whom, what each seat is shown, the
assessment and coaching modes, the facilitator's controls and console, and the clock."""

from __future__ import annotations

import asyncio
import os

import pytest

from sim import Phrase
from sim.records import read_journal
from tests.room.conftest import ROLES, hotel_session, until
from tui.room.host import ACT_BURST, ACT_RATE_PER_S, RoomHost

PROMPTED = "guest_reports"
"""A hotel inject addressed to the front desk that asks it to act (it expects report_manager)."""


def prompted_host(mode: str = "assessment") -> RoomHost:
    host = RoomHost(hotel_session(), code="ABC234", mode=mode)  # type: ignore[arg-type]
    host.start_drill()
    assert host.inject(PROMPTED).ok
    return host


def test_each_role_seat_gets_its_own_card_actions_and_prompts_only() -> None:
    host = prompted_host()
    sc = host.scenario
    for role in ROLES:
        v = host.local_link(role).view
        assert [c.role for c in v.cards] == [role]
        allowed = {a.id for a in sc.actions if not a.roles or role in a.roles}
        assert {a.id for a in v.actions} == allowed
        assert [p.inject for p in v.prompts] == ([PROMPTED] if role == "front_desk" else [])
        assert v.score is None
    every = host.local_link("*").view
    assert [c.role for c in every.cards] == ROLES
    assert {a.id for a in every.actions} == {a.id for a in sc.actions}
    shown = host.local_link(display=True).view
    assert shown.cards == [] and shown.actions == [] and shown.prompts == []


def test_assessment_mode_never_names_the_answer_and_coaching_may() -> None:
    assessed = prompted_host("assessment")
    link = assessed.local_link("front_desk")
    (prompt,) = link.view.prompts
    assert prompt.expects is None and prompt.prompt().expects is None
    seat_sc = link.scenario
    assert seat_sc.expectations == [] and seat_sc.checklist == []
    assert [i.id for i in seat_sc.injects] == [PROMPTED]
    assert seat_sc.injects[0].expects is None
    assert link.view.scenario_version == 1
    # Untouched: the host's own scenario still has every inject and expectation.
    assert len(assessed.scenario.injects) > 1 and assessed.scenario.expectations
    coached = prompted_host("coaching").local_link("front_desk")
    assert coached.view.prompts[0].expects == "report_manager"
    assert coached.scenario.injects[0].expects == "report_manager"
    # An inject for another role is not in this seat's scenario (no spoilers).
    assert prompted_host().local_link("security").scenario.injects == []


async def test_a_seat_acts_only_as_its_own_role() -> None:
    host = RoomHost(hotel_session(), code="ABC234")
    desk = host.local_link("front_desk")
    not_yet = await desk.act("call_119", {})
    assert not not_yet.ok and not_yet.reason == Phrase("room_not_started")
    host.start_drill()
    posing = await desk.act("call_119", {}, by="duty_manager")
    assert not posing.ok and posing.reason is not None and posing.reason.key == "room_not_your_role"
    foreign = await desk.act("general_alarm", {})
    assert foreign.reason is not None and foreign.reason.key == "room_action_not_for_role"
    unknown = await desk.act("rm -rf", {})
    assert unknown.reason == Phrase("refuse_unknown_action", id="rm -rf")
    shown = await host.local_link(display=True).act("call_119", {})
    assert shown.reason == Phrase("room_display_cannot_act")
    ok = await desk.act("call_119", {})
    assert ok.ok and ok.ends_s is not None
    # "*" holds every role: it names whom it acts as, or the first free one is taken.
    every = host.local_link("*")
    assert (await every.act("general_alarm", {}, by="control_operator")).ok
    assert (await every.act("call_120", {})).ok
    journal = host.session.journal_path
    assert journal is not None
    acts = [(i.args["action"], i.args["by"]) for i in read_journal(journal).inputs if i.op == "act"]
    assert acts == [
        ("call_119", "front_desk"),
        ("general_alarm", "control_operator"),
        ("call_120", "duty_manager"),
    ]
    status = {s.seat: s for s in host.seats()}
    assert status[desk.seat_id].actions_taken == 1
    assert status[desk.seat_id].actions_refused == 4


async def test_a_seat_that_floods_actions_is_held_back_without_journaling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the real clock held still: the burst is the whole allowance, however slow the machine
    monkeypatch.setattr("tui.room.host.seat_clock", lambda: 1000.0)
    host = RoomHost(hotel_session(), code="ABC234")
    host.start_drill()
    desk = host.local_link("front_desk")
    outs = [await desk.act("call_119", {}) for _ in range(ACT_BURST + 5)]
    too_fast = [o for o in outs if o.reason == Phrase("room_too_fast")]
    assert len(too_fast) == 5
    journal = host.session.journal_path
    assert journal is not None
    assert len([i for i in read_journal(journal).inputs if i.op == "act"]) == ACT_BURST


async def test_a_seat_held_back_may_act_again_once_its_allowance_refills(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [1000.0]
    monkeypatch.setattr("tui.room.host.seat_clock", lambda: now[0])
    host = RoomHost(hotel_session(), code="ABC234")
    host.start_drill()
    desk = host.local_link("front_desk")
    for _ in range(ACT_BURST):
        await desk.act("call_119", {})
    assert (await desk.act("call_119", {})).reason == Phrase("room_too_fast")
    now[0] += 1.0 / ACT_RATE_PER_S
    out = await desk.act("call_119", {})
    assert out.reason != Phrase("room_too_fast")


def test_a_resumed_room_keeps_the_drills_mode_unless_told() -> None:
    first = RoomHost(hotel_session(), code="ABC234", mode="coaching")
    first.start_drill()
    sid = first.session.session_id
    assert sid is not None
    first.session.close()
    kept = RoomHost.resume(sid, code="ABC234")
    assert kept.mode == kept.session.settings.mode == "coaching"
    kept.session.close()
    told = RoomHost.resume(sid, code="ABC234", mode="assessment")
    assert told.mode == told.session.settings.mode == "assessment"
    told.session.close()


@pytest.mark.parametrize("mode", ["assessment", "coaching"])
async def test_a_seats_map_shows_what_the_other_roles_do_only_in_coaching(mode: str) -> None:
    host = RoomHost(hotel_session(), code="ABC234", mode=mode)
    host.start_drill()
    desk = host.local_link("front_desk")
    assert (await desk.act("report_manager", {"elements": ["unit", "time_place"]})).ok
    current = {r["id"]: r["current"] for r in host.role_view("front_desk", "en").map["roles"]}
    assert current["front_desk"] == "report_manager"
    other = {r["id"]: r["current"] for r in host.role_view("duty_manager", "en").map["roles"]}
    assert other["front_desk"] == (None if mode == "assessment" else "report_manager")
    console = host.role_view("*", "en").map["roles"]
    assert {r["id"]: r["current"] for r in console}["front_desk"] == "report_manager"


def test_the_room_sets_the_sessions_mode() -> None:
    assert RoomHost(hotel_session(), code="ABC234").session.settings.mode == "assessment"
    coaching = RoomHost(hotel_session(), code="ABC234", mode="coaching")
    assert coaching.session.settings.mode == "coaching"


@pytest.mark.parametrize(
    "params",
    [
        {"elements": 5},
        {"elements": {"unit": 1}},
        {"elements": [["unit"]]},
        {"to": ["duty_manager"]},
        {"pad": "x" * 5000},
        {"elements": None},
    ],
)
async def test_malformed_parameters_are_refused_and_the_drill_goes_on(
    params: dict[str, object],
) -> None:
    host = RoomHost(hotel_session(), code="ABC234")
    host.start_drill()
    desk = host.local_link("front_desk")
    out = await desk.act("report_manager", params)
    assert not out.ok and out.reason is not None
    assert out.reason.render("zh") and out.reason.render("en")
    host.run_to(300.0)
    assert host.session.drill.now_s == 300.0 and host.error is None
    journal = host.session.journal_path
    assert journal is not None
    inputs = [i for i in read_journal(journal).inputs if i.op == "act"]
    assert [i.accepted for i in inputs] == [False]


def test_facilitator_messages_reach_their_addressee_and_the_console_sees_all() -> None:
    host = RoomHost(hotel_session(), code="ABC234")
    host.start_drill()
    assert host.message("Lift 2 is out of service", "security").ok
    assert host.message("Smoke reported on 5F").ok
    bad = host.message("to nobody", "janitor")
    assert not bad.ok and bad.reason == Phrase("refuse_unknown_role", role="janitor")

    def texts(role: str | None) -> list[str]:
        v = host.role_view(role)
        return [e.data["text"] for e in v.feed if e.data["kind"] == "facilitator"]

    assert texts("security") == ["Lift 2 is out of service", "Smoke reported on 5F"]
    assert texts("front_desk") == ["Smoke reported on 5F"]
    assert texts(None) == ["Smoke reported on 5F"]
    console = host.console_view()
    assert [e.data.get("text") for e in console.view.feed if e.data["kind"] == "facilitator"] == [
        "Lift 2 is out of service",
        "Smoke reported on 5F",
    ]


def test_the_console_shows_the_whole_truth() -> None:
    host = prompted_host()
    seat = host.local_link("front_desk")
    console = host.console_view("zh")
    assert console.code == "ABC234" and console.session_id == host.session.session_id
    assert console.score.expectations and console.view.score is not None
    optional = [i for i in console.injects if i.optional]
    assert optional and all(i.sent_s is None for i in optional)
    assert [i.id for i in console.injects if i.sent_s is not None] == [PROMPTED]
    (timer,) = [t for t in console.timers if t.what == "prompt"]
    assert (timer.id, timer.role) == (PROMPTED, "front_desk") and timer.remaining_s > 0
    assert [(s.seat, s.role, s.connected) for s in console.seats] == [
        (seat.seat_id, "front_desk", True)
    ]
    # The console's feed holds judgements no seat sees.
    host.run_to(host.session.duration_s)
    console = host.console_view()
    judged = {e.data["name"] for e in console.view.feed if e.data["kind"] == "milestone"} - {
        e.data["name"] for e in seat.view.feed if e.data["kind"] == "milestone"
    }
    assert judged


async def test_the_clock_runs_at_speed_pauses_and_ends() -> None:
    host = RoomHost(hotel_session(speed=10.0), code="ABC234", tick_s=0.02)
    views: list[float] = []
    seat = host.local_link("security")
    stop = seat.subscribe(lambda v: views.append(v.t_s))
    host.run_clock()
    await asyncio.sleep(0.1)
    assert host.session.drill.now_s == 0.0  # not started: the briefing
    host.start_drill()
    await until(lambda: host.session.drill.now_s >= 3.0)
    assert host.pause()
    await asyncio.sleep(0.05)
    paused_at = host.session.drill.now_s
    await asyncio.sleep(0.2)
    assert host.session.drill.now_s == paused_at and seat.view.paused
    assert host.resume_clock()
    assert views and views == sorted(views)
    stop()
    seen = len(views)
    assert host.end()
    await until(lambda: host.session.finished, 30.0)
    assert seat.view.finished and seat.view.ended_early
    assert len(views) == seen
    await host.stop()


def test_a_host_resumed_from_its_journal_shows_the_same_drill() -> None:
    host = prompted_host()
    desk = host.local_link("front_desk")
    asyncio.run(desk.act("call_119", {}))
    host.run_to(200.0)
    before = host.role_view("front_desk")
    session_id = host.session.session_id
    assert session_id is not None
    host.session.close()  # as if the process had stopped here
    again = RoomHost.resume(session_id, code="ABC234")
    after = again.role_view("front_desk")
    assert after.t_s == before.t_s and after.paused
    # The same events, plus the pause the resumption journals.
    assert [e.data for e in after.feed][: len(before.feed)] == [e.data for e in before.feed]
    assert [e.data["kind"] for e in after.feed[len(before.feed) :]] == ["control"]


def test_seats_are_limited_and_roles_checked() -> None:
    host = RoomHost(hotel_session(), code="ABC234", max_seats=2)
    with pytest.raises(ValueError):
        host.local_link("janitor")
    host.local_link("security")
    host.local_link(display=True)
    with pytest.raises(RuntimeError):
        host.local_link("front_desk")


async def test_acts_arriving_together_share_one_fsync_and_are_all_journaled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    host = RoomHost(hotel_session(), code="ABC234")
    host.start_drill()
    links = [host.local_link(r) for r in ROLES]
    actions = ["call_120", "call_119", "general_alarm", "close_doors_f5", "sweep_f6"]
    real_fsync = os.fsync
    calls: list[int] = []

    def counting_fsync(fd: int) -> None:
        calls.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", counting_fsync)
    outs = await asyncio.gather(*(link.act(a, {}) for link, a in zip(links, actions, strict=True)))
    assert all(o.ok for o in outs), [o.reason for o in outs]
    assert len(calls) == 1  # five inputs, one group commit
    journal = host.session.journal_path
    assert journal is not None
    acts = [i.args["action"] for i in read_journal(journal).inputs if i.op == "act"]
    assert acts == actions
    # A lone act is durable before its answer too.
    calls.clear()
    assert not (await links[0].act("call_120", {})).ok  # already done: refused, journaled
    assert len(calls) == 1
    assert len([i for i in read_journal(journal).inputs if i.op == "act"]) == 6


def test_the_facilitators_controls_are_refused_once_the_drill_has_been_ended() -> None:
    host = RoomHost(hotel_session(), code="ABC234", mode="coaching")
    host.start_drill()
    host.run_to(30.0)
    assert host.ended() is None
    assert host.faster() and host.session.speed == 2.0
    assert host.slower() and host.session.speed == 1.0
    assert not host.slower()  # the slowest already
    assert host.end()
    log_len = len(host.session.drill.log)
    why = Phrase("room_controls_after_end")
    assert host.ended() == why
    assert not host.pause()
    assert not host.set_speed(5.0) and not host.faster() and not host.slower()
    assert host.session.speed == 1.0
    optional = host.session.optional_injects()
    assert optional, "the hotel has optional injects"
    out = host.inject(optional[0])
    assert not out.ok and out.reason == why
    out = host.message("after the end")
    assert not out.ok and out.reason == why
    assert len(host.session.drill.log) == log_len  # nothing journaled after the end
    assert host.session.optional_injects() == optional
    host.run_to(host.session.duration_s)
    assert host.session.finished
    assert not host.resume_clock() and not host.pause()
    assert not host.message("after the finish").ok
    assert "已结束" in why.render("zh") and "has ended" in why.render("en")
