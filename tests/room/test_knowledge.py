"""What each role knows (sim/knowledge.py): its own actions, what it was told, what it heard
on the phone, and what everyone sees; the display gets public events only."""

from __future__ import annotations

from sim import Event, Knowledge, knows
from tests.scenario_runs import playbook, run_playbook, scenario

HOTEL = "hotel-evacuation"
ROLES = ["duty_manager", "front_desk", "control_operator", "security", "floor_staff"]


def ev(kind: str, **data: object) -> Event:
    return Event(10.0, kind, data)


def test_a_report_reaches_its_maker_and_its_addressee_only() -> None:
    report = ev("report", id="report_manager", by="front_desk", to="duty_manager", elements=[])
    assert knows(report, "front_desk")
    assert knows(report, "duty_manager")
    assert not knows(report, "security")
    assert not knows(report, None)
    assert knows(report, "*")


def test_an_inject_reaches_its_addressee_or_everyone() -> None:
    to_one = ev("inject", id="guest_reports", to="front_desk", prompt=True)
    assert knows(to_one, "front_desk") and not knows(to_one, "security")
    assert not knows(to_one, None)
    to_all = ev("inject", id="panel_alarm", to=None, prompt=False)
    assert all(knows(to_all, r) for r in [*ROLES, None])
    message = ev("facilitator", text="the lift is out", to="security")
    assert knows(message, "security") and not knows(message, "floor_staff")


def test_a_role_knows_its_own_actions_and_refusals_only() -> None:
    for kind in ("action", "action_done", "refused", "unsafe", "action_failed"):
        e = ev(kind, id="call_119", action="call_119", by="front_desk", action_kind="call")
        assert knows(e, "front_desk"), kind
        assert not knows(e, "duty_manager"), kind
        assert not knows(e, None), kind


def test_alarms_and_evacuation_orders_reach_everyone() -> None:
    order = ev("action_done", id="evacuate", action_kind="evacuate", by="control_operator")
    assert all(knows(order, r) for r in [*ROLES, None])
    started = ev("action", id="evacuate", action_kind="evacuate", by="control_operator")
    assert not knows(started, "security")  # the order is heard when it is given


def test_visible_hazard_events_are_public_and_judgements_are_not() -> None:
    assert knows(ev("milestone", name="flashover"), None)
    assert knows(ev("explosion", node="n1", rooms=[], cause="gas"), None)
    assert knows(ev("untenable", nodes=["f5_corr_e"]), "security")
    for name in ("everyone_alerted", "evacuation_complete", "all_rescued", "plume_offsite"):
        assert not knows(ev("milestone", name=name), "duty_manager"), name
        assert knows(ev("milestone", name=name), "*")
    assert not knows(ev("start_moving", group="guests"), "floor_staff")


def test_knowledge_gives_a_call_s_answers_to_the_caller() -> None:
    k = Knowledge(ROLES)
    log = [
        Event(0.0, "start", {}),
        Event(
            5.0,
            "action",
            {
                "id": "call_119",
                "action_kind": "call",
                "by": "front_desk",
                "params": {"service": "fire_brigade"},
            },
        ),
        Event(50.0, "dispatch", {"responder": "fire_brigade"}),
        Event(60.0, "en_route", {"responder": "fire_brigade", "eta_s": 600.0}),
        Event(660.0, "arrival", {"responder": "fire_brigade", "guided": False}),
    ]
    assert k.update(log) == 5
    assert k.known_to("front_desk") == [0, 1, 2, 3, 4]
    assert k.known_to("duty_manager") == [0, 4]
    assert k.known_to(None) == [0, 4]
    assert k.known_to("*") == [0, 1, 2, 3, 4]
    assert k.update(log) == 0


def test_the_ideal_hotel_drill_seen_from_each_seat() -> None:
    """Over a whole drill: every entry is known by "*", the display's feed is a subset of
    every role's, and each report in the log reaches exactly its maker and its addressee."""
    drill = run_playbook(scenario(HOTEL), list(playbook(HOTEL, "ideal")), 1)
    k = Knowledge.for_scenario(drill.scenario)
    k.update(drill.log)
    every = set(k.known_to("*"))
    assert every == set(range(len(drill.log)))
    public = set(k.known_to(None))
    assert public
    for role in ROLES:
        mine = set(k.known_to(role))
        assert public <= mine < every, role
    reports = [(i, e) for i, e in enumerate(drill.log) if e.kind == "report"]
    assert reports
    for i, e in reports:
        who = {r for r in ROLES if k.knows(i, r)}
        assert who == {e.data["by"], e.data["to"]} & set(ROLES)
