"""The action vocabulary, injects, prompts, facilitator controls and responders.

Every action kind is taken on the small two-storey site of
:func:`tests.engine_helpers.vocabulary_dict` and checked for its effect; every refusal is
checked for its reason and for the "refused" event it leaves in the log.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import numpy as np
import pytest

from sim.actions import SWEEP_PREMOVEMENT_S
from sim.drill import Drill
from sim.hazards import MODEL_CLASSES
from sim.i18n import Label
from sim.site import edge_key
from sim.state import ActResult, ResponderState
from tests.engine_helpers import (
    FAKE_HAZARD,
    FakeHazard,
    corridor_site,
    group,
    make_drill,
    scenario_dict,
    vocabulary_dict,
)

ALL = ("unit", "time_place", "account", "casualties", "measures", "other")
PEOPLE = 18  # 10 staff, 1 missing cleaner, 4 visitors, 1 trapped, 2 injured
WALKERS = 15


@pytest.fixture
def drill() -> Drill:
    return make_drill(vocabulary_dict())


@pytest.fixture
def fake_hazard(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[FakeHazard]]:
    """Drills built while this is active run :class:`FakeHazard` instead of ``none``."""
    monkeypatch.setitem(MODEL_CLASSES, "none", FAKE_HAZARD)
    yield FakeHazard


def kinds(drill: Drill, kind: str) -> list[dict[str, Any]]:
    """The data of every logged event of one kind, with its time as ``t``."""
    return [{"t": e.t_s, **e.data} for e in drill.log if e.kind == kind]


def take(drill: Drill, action: str, by: str, /, **params: Any) -> ActResult:
    """Take an action that must be accepted; returns the result."""
    before = len(drill.log)
    result = drill.act(action, by, **params)
    assert result.accepted, result.reason
    assert result.reason is None
    logged = drill.log[before]
    assert logged.kind == "action" and logged.data["id"] == action and logged.data["by"] == by
    assert logged.data["ends_s"] == result.ends_s
    return result


def complete(drill: Drill, action: str, by: str, /, **params: Any) -> float:
    """Take an action and run the drill until it is complete; returns when it completed."""
    result = take(drill, action, by, **params)
    assert result.ends_s is not None
    drill.advance(result.ends_s)
    assert drill.done[action] == result.ends_s
    assert kinds(drill, "action_done")[-1] == {
        "t": result.ends_s,
        "id": action,
        "action_kind": drill.scenario.action(action).kind,
        "by": by,
    }
    return result.ends_s


def refuse(drill: Drill, action: str, by: str, key: str, /, **params: Any) -> ActResult:
    """Take an action that must be refused with ``key``; check the 'refused' event."""
    before = len(drill.log)
    started = dict(drill.started)
    result = drill.act(action, by, **params)
    assert not result.accepted
    assert result.reason is not None and result.reason.key == key, result.reason
    assert result.ends_s is None
    assert len(drill.log) == before + 1
    last = drill.log[-1]
    assert last.kind == "refused"
    assert last.t_s == drill.now_s
    assert last.data["action"] == action and last.data["by"] == by
    assert last.data["reason"] == key
    assert drill.started == started, "a refused action does not start"
    # The reason reads in both languages.
    assert result.reason.render("en") and result.reason.render("zh")
    return result


# --- effects ---------------------------------------------------------------------------------


def test_action_takes_its_duration_and_keeps_its_role_busy(drill: Drill) -> None:
    drill.advance(20.0)
    result = take(drill, "alarm", "leader")
    assert result.ends_s == 30.0
    leader = drill.roles["leader"]
    assert leader.current == "alarm" and leader.busy_until_s == 30.0
    assert drill.started["alarm"] == 20.0 and "alarm" not in drill.done
    assert kinds(drill, "action")[-1]["params"] == {"scope": "all"}
    drill.advance(30.0)
    assert leader.current is None
    assert drill.done["alarm"] == 30.0


def test_alarm_alerts_the_groups_the_alarm_reaches(drill: Drill) -> None:
    complete(drill, "alarm", "leader")
    by_group = {a.group: a for a in drill.crowd.agents}
    assert by_group["staff"].alerted_s == 10.0 and by_group["cleaner"].alerted_s == 10.0
    assert by_group["visitors"].alerted_s is None, "visitors move only on an order"
    assert by_group["trapped"].alerted_s is None
    assert drill.crowd.alerted_count == 11
    assert drill.happened("milestone:everyone_alerted") is None
    drill.advance(40.0 + 0.5)
    assert {a.start_s for a in drill.crowd.agents if a.group == "staff"} == {40.0}


def test_evacuate_orders_everyone_to_the_place_given(drill: Drill) -> None:
    t = complete(drill, "evacuate", "leader", to="yard_b")
    walkers = [a for a in drill.crowd.agents if a.casualty_kind is None]
    assert all(a.alerted_s == t and a.destination == "yard_b" for a in walkers)
    assert kinds(drill, "milestone")[0] == {"t": t, "name": "everyone_alerted"}
    drill.run_to_end()
    assert drill.occupants("yard_b") == WALKERS
    assert drill.occupants("yard") == 0
    assert drill.crowd.safe_count == WALKERS
    assert drill.happened("milestone:evacuation_complete") is not None


def test_evacuate_default_place_and_scope(drill: Drill) -> None:
    complete(drill, "evacuate", "leader", scope="lobby")
    alerted = {a.group for a in drill.crowd.agents if a.alerted_s is not None}
    assert alerted == {"visitors"}
    assert {a.destination for a in drill.crowd.agents if a.group == "visitors"} == {"yard"}
    drill.run_to_end()
    assert drill.occupants("yard") == 4
    assert drill.occupants("office") == 11


def test_evacuate_a_floor(drill: Drill) -> None:
    complete(drill, "evacuate", "leader", scope="floor:1")
    alerted = {a.group for a in drill.crowd.agents if a.alerted_s is not None}
    assert alerted == {"staff", "cleaner"}


def test_warn_alerts_people_in_its_scope(drill: Drill) -> None:
    t = complete(drill, "warn", "medic")
    alerted = [a for a in drill.crowd.agents if a.alerted_s is not None]
    assert {a.group for a in alerted} == {"visitors"} and {a.alerted_s for a in alerted} == {t}
    drill.run_to_end()
    assert drill.occupants("yard") == 4


def _consistent(drill: Drill) -> None:
    """Node counts add up, nobody is counted twice, and the curve counts each arrival once."""
    assert int(drill.crowd.node_count.sum()) == PEOPLE
    assert np.all(drill.crowd.node_count >= 0)
    assert [c for _, c in drill.crowd.evacuation_curve()] == list(range(1, WALKERS + 1))


def test_shelter_holds_people_through_the_alarm(drill: Drill) -> None:
    complete(drill, "shelter", "warden")
    assert {a.state for a in drill.crowd.agents if a.casualty_kind is None} == {"sheltering"}
    complete(drill, "alarm", "leader")
    drill.advance(200.0)
    # Alerted by the alarm, they still keep to the order to shelter.
    staff = [a for a in drill.crowd.agents if a.group == "staff"]
    assert all(a.alerted_s == 15.0 and a.state == "sheltering" for a in staff)
    assert all(a.start_s is None for a in drill.crowd.agents)
    assert drill.occupants("office") == 11
    # An evacuation order brings them out at once: their pre-movement is over.
    t = complete(drill, "evacuate", "leader")
    assert {a.start_s for a in drill.crowd.agents if a.casualty_kind is None} == {t}
    assert drill.crowd.alerted_count == WALKERS
    drill.run_to_end()
    assert drill.occupants("yard") == WALKERS
    _consistent(drill)


def test_shelter_during_premovement_then_evacuate_moves_each_person_once(drill: Drill) -> None:
    complete(drill, "alarm", "leader")  # staff alerted at 10, would start at 40
    complete(drill, "shelter", "warden")  # at 15
    drill.advance(100.0)
    assert all(a.start_s is None for a in drill.crowd.agents), "sheltering people stay"
    t = complete(drill, "evacuate", "leader")  # 100-110
    drill.run_to_end()
    staff = [a for a in drill.crowd.agents if a.group == "staff"]
    assert {a.start_s for a in staff} == {t}
    assert drill.crowd.alerted_count == WALKERS
    _consistent(drill)


def test_cordon(drill: Drill) -> None:
    t = complete(drill, "cordon", "warden", radius_m=200)
    assert drill.cordon == {"radius_m": 200.0, "center": "exit", "t_s": t}


def test_ppe(drill: Drill) -> None:
    assert not drill.roles["medic"].ppe
    complete(drill, "ppe", "medic")
    assert drill.roles["medic"].ppe and not drill.roles["warden"].ppe


def test_rescue_carries_casualties_to_the_nearest_safe_place(drill: Drill) -> None:
    t = complete(drill, "rescue", "warden")
    # The plant room (10, 20) is nearest the exit (20, 0): 22 m against 36 m and 61 m.
    assert kinds(drill, "rescued") == [{"t": t, "node": "plant", "to": "exit", "people": 3}]
    casualties = [a for a in drill.crowd.agents if a.casualty_kind is not None]
    assert all(a.rescued_s == t and a.node == "exit" for a in casualties)
    assert drill.occupants("plant") == 0 and drill.occupants("exit") == 3
    assert kinds(drill, "milestone")[-1] == {"t": t, "name": "all_rescued"}
    assert drill.counts()["trapped"] == 0


def test_rescue_to_a_place_given(drill: Drill) -> None:
    complete(drill, "rescue", "medic", to="yard")
    assert drill.occupants("yard") == 3


def test_first_aid(drill: Drill) -> None:
    t = complete(drill, "first_aid", "medic")
    casualties = [a for a in drill.crowd.agents if a.casualty_kind is not None]
    assert [a.first_aid_s for a in casualties] == [t, t, t]
    assert all(a.rescued_s is None for a in casualties)


def test_headcount_before_and_after_the_evacuation(drill: Drill) -> None:
    t = complete(drill, "headcount", "leader")
    assert kinds(drill, "headcount") == [
        # The trapped and injured are known; everyone else is not out yet.
        {"t": t, "id": "headcount", "expected": 18, "present": 0, "casualties": 3, "missing": 15}
    ]
    complete(drill, "evacuate", "leader")
    drill.advance(600.0)
    complete(drill, "headcount", "leader")
    assert kinds(drill, "headcount")[-1]["present"] == WALKERS
    assert kinds(drill, "headcount")[-1]["missing"] == 0


def test_sweep_wakes_the_floor_and_finds_the_missing(drill: Drill) -> None:
    cleaner = next(a for a in drill.crowd.agents if a.group == "cleaner")
    assert cleaner.missing
    t = complete(drill, "sweep", "warden")
    assert kinds(drill, "swept") == [{"t": t, "id": "sweep", "woken": 11, "found": 1}]
    assert not cleaner.missing
    floor1 = [a for a in drill.crowd.agents if a.group in ("staff", "cleaner")]
    assert all(a.alerted_s == t and a.premovement_s == 30.0 for a in floor1)
    visitors = [a for a in drill.crowd.agents if a.group == "visitors"]
    assert all(a.alerted_s is None for a in visitors)


def test_close_doors_on_a_floor(drill: Drill) -> None:
    office_door = drill.site.doors[edge_key("office", "hall")]
    lobby_door = drill.site.doors[edge_key("lobby", "exit")]
    assert office_door.propped_open and lobby_door.propped_open
    complete(drill, "close_doors", "warden")
    assert not office_door.propped_open
    assert lobby_door.propped_open, "floor 0 is out of scope"


def test_report_logs_the_elements_given(drill: Drill) -> None:
    t = complete(drill, "report", "leader", elements=["measures", "unit", "account"])
    assert kinds(drill, "report") == [
        {
            "t": t,
            "id": "report",
            "by": "leader",
            "to": "unit_head",
            "elements": ["account", "measures", "unit"],
        }
    ]


def test_call_dispatches_the_responder(drill: Drill) -> None:
    assert drill.responders["fire"].status == "idle"
    t = complete(drill, "call_fire", "leader")
    assert kinds(drill, "dispatch") == [{"t": t, "responder": "fire"}]
    assert drill.responders["fire"].called_s == t
    assert drill.responders["fire"].status == "dispatched"


def test_guide_responders(drill: Drill) -> None:
    complete(drill, "call_fire", "leader")
    assert not drill.responders["fire"].guided
    complete(drill, "guide", "warden")
    assert drill.responders["fire"].guided


@pytest.mark.parametrize(
    ("action", "by", "params", "node"),
    [
        ("isolate", "warden", {"valve": "v2"}, "plant"),
        ("shutdown", "leader", {}, None),
        ("ventilate", "warden", {}, "office"),
        ("extinguish", "warden", {}, "plant"),
        ("stabilise", "medic", {}, None),
        ("operate", "leader", {"setting": 3}, None),
        ("check", "medic", {"count": 2, "mode": "a", "where": "exit", "note": "ok"}, None),
        ("enter", "warden", {}, "plant"),
    ],
)
def test_hazard_actions_reach_the_hazard_model(
    fake_hazard: type[FakeHazard],
    action: str,
    by: str,
    params: dict[str, Any],
    node: str | None,
) -> None:
    drill = make_drill(vocabulary_dict())
    if action == "check":
        complete(drill, "alarm", "leader")  # 'check' requires it; nobody moves for 30 s
    hazard = cast(FakeHazard, drill.hazard)
    before = drill.counts()
    t = complete(drill, action, by, **params)
    seen = hazard.reacted[-1]
    assert (seen.id, seen.kind, seen.role, seen.t_s, seen.node) == (
        action,
        drill.scenario.action(action).kind,
        by,
        t,
        node,
    )
    for name, value in params.items():
        assert seen.params[name] == value
    assert drill.counts() == before, "the engine itself changes nothing else"


def test_every_action_reaches_the_hazard_model(fake_hazard: type[FakeHazard]) -> None:
    drill = make_drill(vocabulary_dict())
    complete(drill, "alarm", "leader")
    complete(drill, "report", "leader", elements=list(ALL))
    hazard = cast(FakeHazard, drill.hazard)
    assert [(a.id, a.kind) for a in hazard.reacted] == [("alarm", "alarm"), ("report", "report")]
    assert hazard.reacted[1].params == {"to": "unit_head", "elements": sorted(ALL)}


# --- unsafe actions ---------------------------------------------------------------------------


def test_action_needing_ppe_without_it_is_unsafe(fake_hazard: type[FakeHazard]) -> None:
    # The plant room is at 50 ppm, above the first threshold (30 ppm): severity 1.
    drill = make_drill(vocabulary_dict())
    drill.advance(100.0)
    complete(drill, "enter", "warden")
    assert kinds(drill, "unsafe") == [
        {"t": 100.0, "action": "enter", "by": "warden", "node": "plant", "level": 50.0}
    ]
    warden = drill.roles["warden"]
    # Exposure is sampled every 5 s while the warden is in the plant room (100-130 s).
    assert warden.exposure_s[1] >= 25.0 and warden.exposure_s[2] == 0.0
    assert warden.dose == pytest.approx(50.0 * warden.exposure_s[1])
    assert drill.roles["leader"].exposure_s.sum() == 0.0


def test_action_needing_ppe_with_it_is_safe(fake_hazard: type[FakeHazard]) -> None:
    drill = make_drill(vocabulary_dict())
    complete(drill, "ppe", "warden")
    complete(drill, "enter", "warden")
    assert kinds(drill, "unsafe") == []
    assert drill.roles["warden"].exposure_s[1:].sum() == 0.0, "PPE protects its wearer"


def test_action_needing_ppe_below_every_threshold_is_not_unsafe(
    fake_hazard: type[FakeHazard], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fake_hazard, "levels_by_node", {"plant": 10.0})
    drill = make_drill(vocabulary_dict())
    complete(drill, "enter", "warden")
    assert kinds(drill, "unsafe") == []


def test_hurt_role_player_cannot_act(fake_hazard: type[FakeHazard]) -> None:
    drill = make_drill(vocabulary_dict())
    take(drill, "enter", "warden")
    drill.advance(10.0)
    assert drill.harm(["plant"], "casualty", "test") == 4  # three casualties and the warden
    assert drill.roles["warden"].harm == "casualty"
    drill.advance(40.0)
    refuse(drill, "sweep", "warden", "refuse_role_down")


# --- refusals ----------------------------------------------------------------------------------


def test_unknown_action(drill: Drill) -> None:
    result = refuse(drill, "dance", "leader", "refuse_unknown_action")
    assert result.reason is not None and result.reason.args == {"id": "dance"}


def test_unknown_role(drill: Drill) -> None:
    refuse(drill, "alarm", "mayor", "refuse_unknown_role")


def test_not_your_role(drill: Drill) -> None:
    result = refuse(drill, "alarm", "warden", "refuse_not_your_role")
    assert result.reason is not None
    assert result.reason.render("en") == "'Alarm' can only be taken by: leader"


def test_busy(drill: Drill) -> None:
    take(drill, "report", "leader", elements=["unit"])
    drill.advance(30.0)
    result = refuse(drill, "alarm", "leader", "refuse_busy")
    assert result.reason is not None
    assert result.reason.render("en") == "leader is busy with 'Report' until 09:01:00"
    drill.advance(60.0)
    take(drill, "alarm", "leader")


def test_done_already(drill: Drill) -> None:
    complete(drill, "alarm", "leader")
    refuse(drill, "alarm", "leader", "refuse_done_already")
    # Actions that may be repeated are not refused.
    complete(drill, "ppe", "warden")
    complete(drill, "headcount", "leader")
    complete(drill, "headcount", "leader")


def test_requires_not_done(drill: Drill) -> None:
    refuse(drill, "check", "medic", "refuse_requires", count=1, mode="a", where="exit", note="x")


def test_requires_still_in_progress(drill: Drill) -> None:
    take(drill, "alarm", "leader")
    drill.advance(5.0)
    result = refuse(
        drill, "check", "medic", "refuse_in_progress", count=1, mode="a", where="exit", note="x"
    )
    assert result.reason is not None
    assert result.reason.render("en") == "'Alarm' is still in progress until 09:00:10"
    # At the moment it ends it is complete.
    drill.advance(10.0)
    take(drill, "check", "medic", count=1, mode="a", where="exit", note="x")


CHECK_OK = {"count": 2, "mode": "a", "where": "exit", "note": "fine"}


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"note": None}, "refuse_missing_param"),
        ({"colour": "red"}, "refuse_unknown_param"),
        ({"count": "two"}, "refuse_bad_number"),
        ({"count": True}, "refuse_bad_number"),
        ({"count": float("nan")}, "refuse_bad_number"),
        ({"count": None, "note": "x"}, "refuse_missing_param"),
        ({"count": 0.5}, "refuse_below_min"),
        ({"count": 11}, "refuse_above_max"),
        ({"mode": "c"}, "refuse_bad_choice"),
        ({"tags": ["x", "z"]}, "refuse_bad_choice"),
        ({"where": "moon"}, "refuse_bad_node"),
        ({"where": "office"}, "refuse_bad_node_kind"),
        ({"flag": "yes"}, "refuse_bad_bool"),
    ],
)
def test_bad_parameters(drill: Drill, change: dict[str, Any], key: str) -> None:
    complete(drill, "alarm", "leader")
    params = {**CHECK_OK, **change}
    params = {k: v for k, v in params.items() if v is not None or k in change}
    refuse(drill, "check", "medic", key, **params)


def test_good_parameters_are_normalised(drill: Drill) -> None:
    complete(drill, "alarm", "leader")
    take(drill, "check", "medic", count=3, mode="b", where="yard", note="ok", tags="y", flag=True)
    assert kinds(drill, "action")[-1]["params"] == {
        "count": 3.0,
        "mode": "b",
        "where": "yard",
        "note": "ok",
        "tags": ["y"],
        "flag": True,
    }


def test_bounds_are_inclusive(drill: Drill) -> None:
    complete(drill, "alarm", "leader")
    take(drill, "check", "medic", **{**CHECK_OK, "count": 10})
    refuse(drill, "cordon", "warden", "refuse_below_min", radius_m=49.9)
    take(drill, "cordon", "warden", radius_m=50)


def test_fixed_parameter(drill: Drill) -> None:
    refuse(drill, "alarm", "leader", "refuse_fixed_param", scope="lobby")
    take(drill, "alarm", "leader", scope="all")


def test_unknown_responder(drill: Drill) -> None:
    result = refuse(drill, "call_other", "leader", "refuse_unknown_responder", service="navy")
    assert result.reason is not None and result.reason.args == {"id": "navy"}
    take(drill, "call_other", "leader", service="police")


def test_already_called(drill: Drill) -> None:
    take(drill, "call_fire", "leader")
    drill.advance(20.0)
    result = refuse(drill, "call_other", "warden", "refuse_already_called", service="fire")
    assert result.reason is not None
    assert result.reason.args == {"name": Label("Fire brigade")}


def test_guide_before_call(drill: Drill) -> None:
    refuse(drill, "guide", "warden", "refuse_not_called")


def test_guide_after_arrival(drill: Drill) -> None:
    complete(drill, "call_police", "leader")
    drill.advance(200.0)
    assert drill.responders["police"].status == "arrived"
    refuse(drill, "guide_police", "warden", "refuse_already_arrived")


def test_evacuate_to_a_place_that_is_not_safe(drill: Drill) -> None:
    result = refuse(drill, "evacuate", "leader", "refuse_not_safe_place", to="lobby")
    assert result.reason is not None and result.reason.args == {"value": "lobby"}
    refuse(drill, "evacuate", "leader", "refuse_bad_node", to="nowhere")
    take(drill, "evacuate", "leader", to="exit")


def test_ppe_twice(drill: Drill) -> None:
    complete(drill, "ppe", "medic")
    refuse(drill, "ppe", "medic", "refuse_has_ppe")
    take(drill, "ppe", "warden")


def test_rescue_or_first_aid_with_nobody_there(drill: Drill) -> None:
    refuse(drill, "rescue", "warden", "refuse_no_casualties", node="office")
    refuse(drill, "first_aid", "medic", "refuse_no_casualties", node="lobby")
    complete(drill, "rescue", "warden")
    # Rescued already: nobody left to rescue at the plant room.
    refuse(drill, "rescue", "medic", "refuse_no_casualties")
    complete(drill, "first_aid", "medic", node="exit")
    refuse(drill, "first_aid", "medic", "refuse_no_casualties", node="exit")


def test_finished_drill(drill: Drill) -> None:
    drill.run_to_end()
    assert drill.finished and drill.now_s == 1800.0
    assert drill.log[-1].kind == "end"
    refuse(drill, "alarm", "leader", "refuse_finished")
    for result in (drill.fire_inject("rumour"), drill.free_inject("late")):
        assert not result.accepted
        assert result.reason is not None and result.reason.key == "refuse_finished"
    size = len(drill.log)
    drill.advance(5000.0)
    drill.run_to_end()
    assert len(drill.log) == size, "nothing happens after the end"


def test_action_taken_when_the_previous_one_ends_keeps_its_role_busy() -> None:
    # A zero-duration action completes after the next action by the same role has
    # started at the same moment; the role stays busy with the newer action.
    nodes, edges = corridor_site()
    actions = [
        {"id": "alarm", "kind": "alarm", "label": "Alarm", "duration_s": 0},
        {"id": "report", "kind": "report", "label": "Report", "duration_s": 30},
        {"id": "headcount", "kind": "headcount", "label": "Count", "duration_s": 10},
    ]
    drill = make_drill(scenario_dict(nodes, edges, [group("g", "room", 1)], actions=actions))
    take(drill, "alarm", "leader")
    take(drill, "report", "leader")
    drill.advance(5.0)
    assert drill.done["alarm"] == 0.0
    assert drill.roles["leader"].current == "report"
    refuse(drill, "headcount", "leader", "refuse_busy")


# --- injects and prompts --------------------------------------------------------------------------


def _inject_times(drill: Drill) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for e in kinds(drill, "inject"):
        out.setdefault(e["id"], []).append(e["t"])
    return out


def test_inject_at_a_time(drill: Drill) -> None:
    drill.advance(9.0)
    assert _inject_times(drill) == {"smoke": [0.0]}
    drill.advance(10.0)
    ask = kinds(drill, "inject")[-1]
    assert ask == {
        "t": 10.0,
        "id": "ask_alarm",
        "to": "leader",
        "prompt": True,
        "deadline_s": 70.0,
        "facilitator": False,
    }


def test_prompt_answered_by_the_expected_action(drill: Drill) -> None:
    drill.advance(10.0)
    (prompt,) = drill.pending()["prompts"]
    assert (prompt.inject, prompt.role, prompt.expects) == ("ask_alarm", "leader", "alarm")
    assert (prompt.issued_s, prompt.deadline_s) == (10.0, 70.0)
    drill.advance(20.0)
    take(drill, "alarm", "leader")
    assert prompt.answered_s == 20.0
    assert drill.pending()["prompts"] == [] and drill.snapshot().prompts == []
    drill.advance(100.0)
    assert kinds(drill, "prompt_expired") == []
    assert not prompt.expired


def test_prompt_expires(drill: Drill) -> None:
    drill.advance(69.0)
    assert len(drill.pending()["prompts"]) == 1
    drill.advance(70.0)
    assert kinds(drill, "prompt_expired") == [{"t": 70.0, "inject": "ask_alarm", "to": "leader"}]
    assert drill.pending()["prompts"] == []
    assert drill.prompts[0].expired and drill.prompts[0].answered_s is None
    # Taking the action late does not answer an expired prompt.
    take(drill, "alarm", "leader")
    assert drill.prompts[0].answered_s is None


def test_prompt_for_an_action_already_taken_is_answered_at_once(drill: Drill) -> None:
    drill.advance(390.0)
    take(drill, "headcount", "leader")
    drill.advance(400.0)
    ask = next(p for p in drill.prompts if p.inject == "ask_count")
    assert ask.answered_s == 400.0
    drill.advance(500.0)
    assert kinds(drill, "prompt_expired") == [{"t": 70.0, "inject": "ask_alarm", "to": "leader"}]


def test_injects_on_events(drill: Drill) -> None:
    drill.advance(20.0)
    t = complete(drill, "alarm", "leader")
    drill.advance(t + 14.0)
    assert "after_alarm" not in _inject_times(drill)
    drill.advance(t + 15.0)
    times = _inject_times(drill)
    # 'on: action:alarm' with a 15 s delay; 'on: inject:after_alarm' at once.
    assert times["after_alarm"] == [t + 15.0] and times["chained"] == [t + 15.0]
    assert "all_alerted" not in times
    t2 = complete(drill, "evacuate", "leader")
    assert _inject_times(drill)["all_alerted"] == [t2]  # on: milestone:everyone_alerted


def test_everyone_alerted_by_the_incident_itself() -> None:
    # Groups alerted at the start need no action: the milestone (and what waits on it)
    # happens at once.
    nodes, edges = corridor_site()
    injects = [{"id": "all_out", "on": "milestone:everyone_alerted", "text": "Everyone knows"}]
    data = scenario_dict(nodes, edges, [group("g", "room", 3)], injects=injects)
    drill = make_drill(data)
    drill.advance(1.0)
    assert drill.happened("milestone:everyone_alerted") == 0.0
    assert _inject_times(drill) == {"all_out": [0.0]}


def test_inject_on_arrival(drill: Drill) -> None:
    complete(drill, "call_fire", "leader")
    drill.run_to_end()
    arrival = kinds(drill, "arrival")[0]["t"]
    assert _inject_times(drill)["brigade_here"] == [arrival + 5.0]


def test_optional_inject_waits_for_the_facilitator(drill: Drill) -> None:
    drill.advance(300.0)
    assert "rumour" not in _inject_times(drill)
    assert drill.fire_inject("rumour").accepted
    assert kinds(drill, "inject")[-1]["facilitator"] is True
    assert _inject_times(drill)["rumour"] == [300.0]
    assert drill.happened("inject:rumour") == 300.0
    again = drill.fire_inject("rumour")
    assert not again.accepted and again.reason is not None
    assert again.reason.key == "refuse_inject_sent"
    unknown = drill.fire_inject("nope")
    assert unknown.reason is not None and unknown.reason.key == "refuse_unknown_inject"


def test_scheduled_inject_fired_early_is_not_sent_twice(drill: Drill) -> None:
    drill.advance(50.0)
    assert drill.fire_inject("late_news").accepted
    drill.advance(600.0)
    assert _inject_times(drill)["late_news"] == [50.0]


def test_free_inject_and_note(drill: Drill) -> None:
    drill.advance(12.0)
    assert drill.free_inject("Radio check", to="warden").accepted
    assert drill.free_inject("To everyone").accepted
    bad = drill.free_inject("?", to="mayor")
    assert bad.reason is not None and bad.reason.key == "refuse_unknown_role"
    drill.note("pause", speed=2)
    assert kinds(drill, "facilitator") == [
        {"t": 12.0, "text": "Radio check", "to": "warden"},
        {"t": 12.0, "text": "To everyone", "to": None},
    ]
    assert kinds(drill, "control") == [{"t": 12.0, "action": "pause", "speed": 2}]


# --- responders ------------------------------------------------------------------------------------


def test_unguided_responder_loses_time(drill: Drill) -> None:
    t = complete(drill, "call_fire", "leader")  # 20 s
    drill.run_to_end()
    # Dispatch delay 60 s, then 1,000 m of road at 10 m/s, then 90 s lost at the gate.
    assert kinds(drill, "en_route") == [{"t": t + 60, "responder": "fire", "eta_s": t + 160}]
    assert kinds(drill, "responder_lost") == [{"t": t + 160, "responder": "fire", "delay_s": 90.0}]
    assert kinds(drill, "arrival") == [{"t": t + 250, "responder": "fire", "guided": False}]
    assert drill.responders["fire"].arrived_s == t + 250
    # On arrival the brigade rescues from the plant room after 30 s.
    assert kinds(drill, "responder_action") == [
        {"t": t + 280, "responder": "fire", "effect": "rescue", "params": {"node": "plant"}}
    ]
    assert kinds(drill, "rescued")[0] == {"t": t + 280, "node": "plant", "to": "exit", "people": 3}
    assert drill.outcome()["responders_arrived_s"] == {"fire": t + 250}


def test_guided_responder_arrives_on_time(drill: Drill) -> None:
    t = complete(drill, "call_fire", "leader")
    complete(drill, "guide", "warden")
    drill.run_to_end()
    assert kinds(drill, "responder_lost") == []
    assert kinds(drill, "arrival") == [{"t": t + 160, "responder": "fire", "guided": True}]


def test_responder_status_over_time(drill: Drill) -> None:
    amb = drill.responders["ambulance"]
    seen = [amb.status]
    take(drill, "call_ambulance", "medic")
    for t in (20.0, 50.0, 100.0):
        drill.advance(t)
        seen.append(amb.status)
    # Called 0-20 s, leaves at 50 s, 1,000 m at 20 m/s: arrives at 100 s.
    assert seen == ["idle", "dispatched", "en_route", "arrived"]
    assert (amb.called_s, amb.leaves_s, amb.eta_s, amb.arrived_s) == (20.0, 50.0, 100.0, 100.0)
    casualties = [a for a in drill.crowd.agents if a.casualty_kind is not None]
    assert [a.first_aid_s for a in casualties] == [100.0] * 3


def test_responder_drives_by_road(drill: Drill) -> None:
    t = complete(drill, "call_police", "leader")
    drill.advance(300.0)
    # depot - gate - yard by road: 1,020 m at 10 m/s, no dispatch delay.
    assert drill.responders["police"].arrived_s == pytest.approx(t + 102.0)
    assert drill.cordon == {"radius_m": 300, "center": "gate", "t_s": pytest.approx(t + 102.0)}


# --- views -------------------------------------------------------------------------------------------


def test_pending_lists_prompts_and_actions(drill: Drill) -> None:
    first = {a["id"]: a for a in drill.pending()["actions"]}
    assert set(first) == {a.id for a in drill.scenario.actions}
    assert first["alarm"] == {
        "id": "alarm",
        "kind": "alarm",
        "label": "Alarm",
        "key": None,
        "roles": ["leader"],
        "available": True,
        "reason": None,
        "started_s": None,
        "done_s": None,
    }
    assert first["check"]["available"] is False
    assert first["check"]["reason"].key == "refuse_requires"
    complete(drill, "alarm", "leader")
    now = {a["id"]: a for a in drill.pending()["actions"]}
    assert now["alarm"]["available"] is False
    assert now["alarm"]["reason"].key == "refuse_done_already"
    assert (now["alarm"]["started_s"], now["alarm"]["done_s"]) == (0.0, 10.0)
    assert now["check"]["available"] is True
    assert now["ppe"]["available"] is True
    assert [p.inject for p in drill.pending()["prompts"]] == []  # answered


def test_snapshot(drill: Drill) -> None:
    complete(drill, "call_fire", "leader")
    drill.advance(45.0)
    snap = drill.snapshot(tail=3)
    assert snap.t_s == 45.0 and snap.clock == "09:00:45" and not snap.finished
    assert snap.node_ids == drill.site.node_ids
    people = dict(zip(snap.node_ids, snap.people.tolist(), strict=True))
    assert people["office"] == 11 and people["lobby"] == 4 and people["plant"] == 3
    assert sum(people.values()) == PEOPLE
    assert snap.levels.tolist() == [0.0] * len(snap.node_ids)
    assert snap.severities.tolist() == [0] * len(snap.node_ids)
    assert snap.unit == "" and snap.thresholds == []
    assert snap.counts == {
        "total": 18,
        "on_site": 18,
        "off_site": 0,
        "alerted": 0,
        "moving": 0,
        "safe": 0,
        "sheltered": 0,
        "not_safe": 18,
        "dead": 0,
        "trapped": 3,  # casualties waiting for rescue
        "injured": 2,  # the two hurt in the incident itself
        "casualties": 0,
    }
    assert [r.id for r in snap.responders] == ["fire", "ambulance", "police"]
    assert isinstance(snap.responders[0], ResponderState)
    assert snap.responders[0].status == "dispatched"
    assert [r.id for r in snap.roles] == ["leader", "warden", "medic"]
    assert snap.cordon is None
    assert snap.tail == drill.log[-3:]
    assert [p.inject for p in snap.prompts] == ["ask_alarm"]
    # The snapshot is a copy: the crowd moving on does not change it.
    complete(drill, "evacuate", "leader")
    drill.advance(300.0)
    assert dict(zip(snap.node_ids, snap.people.tolist(), strict=True))["office"] == 11


def test_snapshot_with_a_hazard(fake_hazard: type[FakeHazard]) -> None:
    drill = make_drill(vocabulary_dict())
    snap = drill.snapshot()
    plant = snap.node_ids.index("plant")
    assert snap.levels[plant] == 50.0 and snap.severities[plant] == 1
    assert snap.unit == "ppm" and [t.id for t in snap.thresholds] == ["AEGL-1", "IDLH"]


def test_clock_wraps_at_midnight() -> None:
    nodes, edges = corridor_site()
    data = scenario_dict(nodes, edges, [group("g", "room", 1)])
    data["start_clock"] = "23:59"
    drill = make_drill(data)
    assert drill.clock(0.0) == "23:59:00"
    assert drill.clock(61.0) == "00:00:01"


def test_sweep_hurries_people_who_heard_the_alarm_but_have_not_moved() -> None:
    """Staff knocking on doors cut what is left of pre-movement to SWEEP_PREMOVEMENT_S."""
    data = vocabulary_dict()
    for g in data["population"]:
        if g["id"] == "staff":
            g["premovement"] = {"dist": "fixed", "value_s": 900}
    drill = make_drill(data)
    alarm_done = complete(drill, "alarm", "leader")
    staff = [a for a in drill.crowd.agents if a.group == "staff"]
    assert all(a.alerted_s == alarm_done for a in staff)
    swept = complete(drill, "sweep", "warden")
    assert all(a.state == "alerted" for a in staff)
    drill.advance(swept + SWEEP_PREMOVEMENT_S - 1)
    assert all(a.start_s is None for a in staff)
    drill.advance(swept + SWEEP_PREMOVEMENT_S + 1)
    assert all(a.start_s == swept + SWEEP_PREMOVEMENT_S for a in staff)
    assert kinds(drill, "swept")[0]["woken"] >= len(staff)
