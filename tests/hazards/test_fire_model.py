"""The ``fire`` model as the engine runs it: smoke spread through doors and stairs, fire
growth and its control, and harm to people, checked on small sites built in code."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.drill import Drill
from sim.hazards.fire_physics import GROWTH_ALPHA_KW_S2
from tests.engine_helpers import edge, group, node
from tests.hazards.sites import fire_drill, model

ALPHA_MEDIUM = 0.0117
TG_MEDIUM_S = math.sqrt(1055.0 / ALPHA_MEDIUM)
"""t_g of the medium design fire from α = 1055 / t_g² (NFPA 92), ≈ 300.3 s."""


def spill_time_s(height_m: float, area_m2: float, soffit_m: float = 2.0) -> float:
    """NFPA 92 (2012) ch. 5, written out again: the time the layer reaches the soffit."""
    return (
        (soffit_m / (0.91 * height_m)) ** (-1.0 / 1.45)
        * height_m**0.8
        * TG_MEDIUM_S**0.4
        * (area_m2 / height_m**2) ** 0.5
    )


CLOSE_ALL: dict[str, Any] = {
    "id": "close",
    "kind": "close_doors",
    "label": "Close the doors",
    "duration_s": 0,
    "fixed": {"scope": "all"},
}
EXTINGUISH: dict[str, Any] = {
    "id": "attack",
    "kind": "extinguish",
    "label": "Attack the fire",
    "duration_s": 0,
    "node": "corr",
}
EVACUATE: dict[str, Any] = {
    "id": "evacuate",
    "kind": "evacuate",
    "label": "Evacuate",
    "duration_s": 0,
    "params": {"use_lift": {"type": "bool", "label": "Lift", "default": False}},
    "fixed": {"scope": "all", "to": "exit"},
}


def corridor_site(
    room_door_closed: bool = True,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Fire room -> (door 5 m) -> corridor -> (door 5 m) -> guest room; corridor -> exit."""
    nodes = [
        node("fire_room", "room", 0, 0, area_m2=30.0),
        node("corr", "corridor", 10, 0, area_m2=30.0),
        node("room2", "room", 20, 5, area_m2=30.0),
        node("exit", "exit", 40, 0),
    ]
    edges = [
        edge("fire_room", "corr", "door", 5, 0.9),
        edge("corr", "room2", "door", 5, 0.9, door_closed=room_door_closed),
        edge("corr", "exit", "door", 5, 1.2, door_closed=False),
    ]
    return nodes, edges


def events(drill: Drill, kind: str) -> list[dict[str, Any]]:
    return [e.to_json() for e in drill.log if e.kind == kind]


def drill_events(drill: Drill) -> list[dict[str, Any]]:
    return [e.to_json() for e in drill.log if e.kind in ("harm", "overcome")]


def milestone_s(drill: Drill, name: str) -> float | None:
    for e in drill.log:
        if e.kind == "milestone" and e.data.get("name") == name:
            return e.t_s
    return None


# --------------------------------------------------------------------------- doors


def test_smoke_leaves_the_fire_room_when_its_layer_reaches_the_door_soffit() -> None:
    """Hand check: 3 m x 30 m² room, medium fire: the NFPA 92 layer reaches 2.0 m at
    t = (2/(0.91·3))^(-1/1.45) 3^0.8 t_g^0.4 (30/9)^0.5 ≈ 53.4 s; the corridor, 5 m away
    through the open door at 1 m/s, gets smoke 5 s later."""
    drill = fire_drill(*corridor_site())
    drill.run_to_end()
    fire = model(drill)
    t_spill = spill_time_s(3.0, 30.0)
    assert t_spill == pytest.approx(53.38, abs=0.01)
    assert fire.smoke_arrival_s("corr") == pytest.approx(t_spill + 5.0, abs=1e-6)


def test_a_closed_door_holds_the_smoke_back_by_its_delay() -> None:
    """Through the open guest-room door smoke needs 5 m / 1 m/s = 5 s; closed, 5 + 900 s."""
    open_drill = fire_drill(*corridor_site(room_door_closed=False))
    shut_drill = fire_drill(*corridor_site(room_door_closed=True))
    open_drill.run_to_end()
    shut_drill.run_to_end()
    corr = model(open_drill).smoke_arrival_s("corr")
    assert model(open_drill).smoke_arrival_s("room2") == pytest.approx(corr + 5.0, abs=1e-6)
    assert model(shut_drill).smoke_arrival_s("room2") == pytest.approx(corr + 905.0, abs=1e-6)


def test_a_fire_door_holds_smoke_longer_than_an_ordinary_door() -> None:
    nodes, edges = corridor_site()
    edges[1]["fire_door"] = True
    drill = fire_drill(nodes, edges, closed_door_delay_s=600.0, fire_door_delay_s=1500.0)
    drill.run_to_end()
    fire = model(drill)
    assert fire.smoke_arrival_s("room2") == pytest.approx(
        fire.smoke_arrival_s("corr") + 5.0 + 1500.0, abs=1e-6
    )


def test_the_fire_room_door_left_open_or_shut() -> None:
    """origin_door_open props the fire room's door: smoke reaches the corridor at once;
    shut, 900 s later."""
    open_drill = fire_drill(*corridor_site(), origin_door_open=True)
    shut_drill = fire_drill(*corridor_site(), origin_door_open=False)
    open_drill.run_to_end()
    shut_drill.run_to_end()
    t_spill = spill_time_s(3.0, 30.0)
    assert model(open_drill).smoke_arrival_s("corr") == pytest.approx(t_spill + 5.0, abs=1e-6)
    assert model(shut_drill).smoke_arrival_s("corr") == pytest.approx(t_spill + 905.0, abs=1e-6)


def test_closing_the_doors_stops_the_corridor_getting_worse() -> None:
    """close_doors at 100 s shuts the propped fire-room door: afterwards the corridor gains
    only what leaks through the shut door (conductance 5 s / 905 s ≈ 0.6 % of an open one),
    while left open it becomes untenable."""
    nodes, edges = corridor_site()
    shut = fire_drill(nodes, edges, actions=[CLOSE_ALL], duration_s=900.0)
    left = fire_drill(nodes, edges, actions=[CLOSE_ALL], duration_s=900.0)
    shut.advance(100.0)
    left.advance(100.0)
    assert shut.act("close", "leader").accepted
    corr = shut.site.index["corr"]
    at_closing = float(model(shut).levels()[corr])
    assert at_closing == float(model(left).levels()[corr])
    shut.run_to_end()
    left.run_to_end()
    rise_shut = float(model(shut).levels()[corr]) - at_closing
    rise_left = float(model(left).levels()[corr]) - at_closing
    assert 0.0 < rise_shut < 0.02 * rise_left
    assert float(model(shut).levels()[corr]) < 60.0
    assert float(model(left).levels()[corr]) >= 60.0
    assert "corr" not in {n for e in events(shut, "untenable") for n in e["nodes"]}


def test_people_passing_hold_a_door_open_and_let_smoke_through() -> None:
    """Guests leaving room2 hold its (closed) door open: smoke gets in long before the
    900 s a shut door would hold it."""
    nodes, edges = corridor_site(room_door_closed=True)
    people = [group("guests", "room2", 20, {"dist": "fixed", "value_s": 70})]
    drill = fire_drill(nodes, edges, people)
    drill.run_to_end()
    fire = model(drill)
    assert fire.smoke_arrival_s("room2") < fire.smoke_arrival_s("corr") + 100.0


# --------------------------------------------------------------------------- stairs


def stair_site() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A fire on floor 1 whose room opens onto the stair landing; landings on floors 0-2."""
    nodes = [
        node("fire_room", "room", 0, 0, floor=1, area_m2=30.0),
        node("s0", "stair", 10, 0, floor=0, area_m2=15.0),
        node("s1", "stair", 10, 0, floor=1, area_m2=15.0),
        node("s2", "stair", 10, 0, floor=2, area_m2=15.0),
        node("exit", "exit", 20, 0),
    ]
    stair = {"riser_m": 0.15, "tread_m": 0.28}
    edges = [
        edge("fire_room", "s1", "door", 5, 0.9),
        edge("s1", "s0", "stair", 9, 1.3, **stair),
        edge("s1", "s2", "stair", 9, 1.3, **stair),
        edge("s0", "exit", "door", 3, 1.2, door_closed=False),
    ]
    return nodes, edges


def test_stairs_carry_smoke_up_fast_and_down_slowly() -> None:
    """9 m of stair: up at 3 m/s takes 3 s, down at 0.3 m/s 30 s."""
    drill = fire_drill(*stair_site())
    drill.run_to_end()
    fire = model(drill)
    s1 = fire.smoke_arrival_s("s1")
    assert fire.smoke_arrival_s("s2") == pytest.approx(s1 + 3.0, abs=1e-6)
    assert fire.smoke_arrival_s("s0") == pytest.approx(s1 + 30.0, abs=1e-6)
    levels = fire.levels()
    idx = drill.site.index
    assert levels[idx["s2"]] > levels[idx["s0"]]


# --------------------------------------------------------------------------- the fire


def test_sprinklers_hold_the_fire_at_its_size_at_activation() -> None:
    """Default activation at 1 MW: t = sqrt(1000 / 0.0117) ≈ 292.4 s; HRR held there."""
    with_spr = fire_drill(*corridor_site(), sprinklers=True, peak_kw=5000.0)
    without = fire_drill(*corridor_site(), sprinklers=False, peak_kw=5000.0)
    with_spr.run_to_end()
    without.run_to_end()
    t_act = math.sqrt(1000.0 / ALPHA_MEDIUM)
    assert milestone_s(with_spr, "sprinklers_operated") == pytest.approx(t_act, abs=1e-6)
    assert with_spr.outcome()["peak_hrr_kw"] == pytest.approx(1000.0, abs=0.1)
    assert without.outcome()["peak_hrr_kw"] == pytest.approx(5000.0)
    assert milestone_s(without, "sprinklers_operated") is None
    assert not with_spr.outcome()["flashover"]
    assert without.outcome()["flashover"]


def test_sprinklers_at_a_given_time() -> None:
    drill = fire_drill(*corridor_site(), sprinklers=True, sprinkler_activation_s=200.0)
    drill.run_to_end()
    assert drill.outcome()["peak_hrr_kw"] == pytest.approx(ALPHA_MEDIUM * 200.0**2, abs=0.1)


def test_an_early_attack_controls_the_fire() -> None:
    """At 200 s the medium fire releases 0.0117 x 200² = 468 kW (< 1 MW): controlled."""
    drill = fire_drill(*corridor_site(), actions=[EXTINGUISH])
    drill.advance(200.0)
    assert drill.act("attack", "leader").accepted
    drill.run_to_end()
    fire = model(drill)
    assert fire.controlled_s == pytest.approx(200.0)
    assert milestone_s(drill, "fire_controlled") == pytest.approx(200.0)
    assert drill.outcome()["peak_hrr_kw"] == pytest.approx(468.0, abs=0.1)
    assert not drill.outcome()["flashover"]
    assert fire.hrr_kw_at(600.0) == 0.0
    # after control the smoke clears: the corridor is back near the smoke level
    assert float(fire.levels()[drill.site.index["corr"]]) < 35.0


def test_a_late_attack_fails_and_the_room_flashes_over() -> None:
    """At 400 s the fire releases 1,872 kW, beyond an extinguisher: no control; the room
    flashes over when the MQH upper layer reaches 500 °C."""
    drill = fire_drill(*corridor_site(), actions=[EXTINGUISH], peak_kw=3800.0)
    drill.advance(400.0)
    assert drill.act("attack", "leader").accepted
    drill.run_to_end()
    failed = events(drill, "fire_not_controlled")
    assert failed and failed[0]["hrr_kw"] == pytest.approx(ALPHA_MEDIUM * 400.0**2, abs=0.1)
    assert model(drill).controlled_s is None
    assert milestone_s(drill, "flashover") is not None
    assert drill.outcome()["flashover"] is True


def test_the_brigade_extinguishes_the_fire() -> None:
    nodes, edges = corridor_site()
    nodes.append(node("station", "road", -500, 0))
    nodes.append(node("gate", "road", 40, 0))
    edges.append(edge("station", "gate", "road", 540, 6))
    edges.append(edge("gate", "exit", "open", 5, 6))
    brigade = {
        "id": "brigade",
        "service": "fire",
        "name": "Fire brigade",
        "dispatch_delay_s": 60,
        "origin": "station",
        "destination": "gate",
        "speed_m_s": 10,
        "on_arrival": [{"kind": "extinguish", "delay_s": 120, "params": {"node": "fire_room"}}],
    }
    call = {"id": "call", "kind": "call", "label": "Call 119", "fixed": {"service": "brigade"}}
    call["duration_s"] = 0
    drill = fire_drill(nodes, edges, actions=[call], responders=[brigade], peak_kw=3800.0)
    drill.advance(10.0)
    assert drill.act("call", "leader").accepted
    drill.run_to_end()
    # called at 10 s, leaves at 70 s, 54 s on the road, attacks 120 s later: 244 s
    assert milestone_s(drill, "fire_controlled") == pytest.approx(244.0)
    assert milestone_s(drill, "extinguished") == pytest.approx(244.0)


def test_the_fire_room_turns_untenable_at_its_aset() -> None:
    drill = fire_drill(*corridor_site())
    drill.run_to_end()
    aset = drill.outcome()["origin_aset_s"]
    assert aset == pytest.approx(spill_time_s(3.0, 30.0), abs=1e-3)  # layer at 2 m first
    first = events(drill, "untenable")[0]
    assert first["nodes"] == ["fire_room"]
    # sampled every 5 s: the first sample at or after the ASET
    assert first["t_s"] == pytest.approx(5.0 * math.ceil(aset / 5.0))


def test_smoke_detected_at_the_first_detector_or_first_corridor() -> None:
    listed = fire_drill(*corridor_site(), detectors=["fire_room"])
    default = fire_drill(*corridor_site())
    listed.run_to_end()
    default.run_to_end()
    ev = [e for e in listed.log if e.kind == "milestone" and e.data["name"] == "smoke_detected"]
    assert ev[0].data["node"] == "fire_room"
    # the fire room's layer reads 5 K above ambient well before the soffit time
    assert ev[0].data["smoke_s"] < spill_time_s(3.0, 30.0)
    ev2 = [e for e in default.log if e.kind == "milestone" and e.data["name"] == "smoke_detected"]
    assert ev2[0].data["node"] == "corr"


def test_thresholds_and_levels() -> None:
    drill = fire_drill(*corridor_site(), ambient_c=22.0, untenable_c=65.0, lethal_c=130.0)
    fire = model(drill)
    assert [t.id for t in fire.thresholds()] == ["smoke", "untenable", "lethal"]
    assert [t.value for t in fire.thresholds()] == [27.0, 65.0, 130.0]
    assert [t.untenable for t in fire.thresholds()] == [False, True, False]
    assert fire.unit == "°C"
    assert np.all(fire.levels() == 22.0)
    drill.advance(600.0)
    sev = fire.severities()
    idx = drill.site.index
    assert sev[idx["exit"]] == 0  # outdoors: no smoke
    assert sev[idx["fire_room"]] == 3


def test_growth_classes_order_the_fire() -> None:
    peaks = []
    for growth in ("slow", "medium", "fast", "ultrafast"):
        drill = fire_drill(*corridor_site(), growth=growth, peak_kw=1e5, duration_s=100.0)
        drill.run_to_end()
        peaks.append(drill.outcome()["peak_hrr_kw"])
        # the drill ends at 100 s (the last event before it: the tick at 95 s)
        assert model(drill).hrr_kw_at(100.0) == pytest.approx(GROWTH_ALPHA_KW_S2[growth] * 100.0**2)
    assert peaks == sorted(peaks)


# --------------------------------------------------------------------------- harm


def test_people_left_in_an_untenable_place_are_harmed_by_their_dose() -> None:
    """Guests who do not move from the corridor outside the fire room: their FED climbs
    (injured at 0.1, overcome at 1, dead at 3, in that order); guests behind a closed door
    are unharmed."""
    nodes, edges = corridor_site()
    stay = {"dist": "fixed", "value_s": 10_000}
    people = [group("stuck", "corr", 3, stay), group("inside", "room2", 2, stay)]
    drill = fire_drill(nodes, edges, people)
    drill.run_to_end()
    out = drill.outcome()
    assert out["casualties"] == 3
    assert out["injured"] == 0
    assert out["exposed_above"]["untenable"] == 3
    order = [
        (e["kind"], e.get("outcome")) for e in events(drill, "harm") + events(drill, "overcome")
    ]
    assert sorted(order) == [("harm", "casualty"), ("harm", "injured"), ("overcome", None)]
    times = {e["kind"] + str(e.get("outcome")): e["t_s"] for e in drill_events(drill)}
    assert times["harminjured"] < times["overcomeNone"] < times["harmcasualty"]


def test_a_short_passage_through_smoke_gives_a_small_dose_and_no_harm() -> None:
    """Guests leaving through the smoky corridor at 400 s pass in seconds: each takes some
    FED (ISO 13571), far below the 0.1 that drillsim counts as an injury."""
    nodes, edges = corridor_site()
    people = [group("late", "room2", 4, {"dist": "fixed", "value_s": 400})]
    drill = fire_drill(nodes, edges, people)
    drill.run_to_end()
    out = drill.outcome()
    assert drill.dose_model is not None
    fed = drill.dose_model.dose_figure
    assert all(0.0 < fed(i) < 0.1 for i in range(len(drill.crowd.agents)))
    assert out["injured"] == 0
    assert out["casualties"] == 0


def lift_site() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Two floors: fire room and corridor on floor 1 with a lift lobby and a stair."""
    nodes = [
        node("fire_room", "room", 0, 0, floor=1, area_m2=30.0),
        node("corr", "corridor", 10, 0, floor=1, area_m2=30.0),
        node("guests", "room", 20, 5, floor=1, area_m2=30.0),
        node("lift1", "lift", 10, 5, floor=1, area_m2=10.0),
        node("lift0", "lift", 10, 5, floor=0, area_m2=10.0),
        node("s1", "stair", 30, 0, floor=1, area_m2=15.0),
        node("s0", "stair", 30, 0, floor=0, area_m2=15.0),
        node("exit", "exit", 40, 0),
    ]
    stair = {"riser_m": 0.15, "tread_m": 0.28}
    edges = [
        edge("fire_room", "corr", "door", 5, 0.9),
        edge("guests", "corr", "door", 5, 0.9),
        edge("corr", "lift1", "corridor", 2, 2.0),
        edge("lift1", "lift0", "lift", 3.3, 1.1),
        edge("lift0", "exit", "corridor", 20, 2.0),
        edge("corr", "s1", "door", 20, 1.1, fire_door=True),
        edge("s1", "s0", "stair", 40, 1.3, **stair),
        edge("s0", "exit", "door", 3, 1.2, door_closed=False),
    ]
    return nodes, edges


@pytest.mark.parametrize("use_lift", [True, False])
def test_using_the_lift_in_smoke_harms(use_lift: bool) -> None:
    nodes, edges = lift_site()
    people = [
        group("g", "guests", 6, {"dist": "fixed", "value_s": 0}, alerted_by="evacuate"),
    ]
    drill = fire_drill(nodes, edges, people, actions=[EVACUATE], lift_nodes=["lift1", "lift0"])
    drill.advance(120.0)
    assert model(drill).smoke_arrival_s("lift1") < 120.0  # the shaft has smoke
    assert drill.act("evacuate", "leader", use_lift=use_lift).accepted
    drill.run_to_end()
    lift_harm = [e for e in events(drill, "harm") if e["cause"] == "lift_in_fire"]
    if use_lift:
        # Five ride the lift through its smoky lobby; the sixth reaches the corridor at
        # 131 s, after the lobby's visibility fell under 10 m (130 s), and takes the stair.
        assert sum(e["people"] for e in lift_harm) == 5
        assert drill.outcome()["injured"] + drill.outcome()["casualties"] >= 5
    else:
        assert lift_harm == []
        assert drill.outcome()["people"]["states"]["safe"] == 6


def test_a_lift_before_any_smoke_reaches_the_shaft_does_no_harm() -> None:
    nodes, edges = lift_site()
    people = [group("g", "guests", 2, {"dist": "fixed", "value_s": 0}, alerted_by="evacuate")]
    drill = fire_drill(nodes, edges, people, actions=[EVACUATE], lift_nodes=["lift1", "lift0"])
    assert drill.act("evacuate", "leader", use_lift=True).accepted
    drill.run_to_end()
    assert [e for e in events(drill, "harm") if e["cause"] == "lift_in_fire"] == []
    assert drill.outcome()["people"]["states"]["safe"] == 2


# --------------------------------------------------------------------------- properties


def multi_room_site() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A corridor of three sections with guest rooms, a stair up and a lift shaft."""
    nodes = [node("fire_room", "room", 0, 0, floor=1, area_m2=30.0)]
    edges = [edge("fire_room", "c1", "door", 5, 0.9)]
    for k in (1, 2, 3):
        nodes.append(node(f"c{k}", "corridor", 10 * k, 0, floor=1, area_m2=30.0))
        nodes.append(node(f"r{k}", "room", 10 * k, 5, floor=1, area_m2=30.0))
        edges.append(edge(f"c{k}", f"r{k}", "door", 5, 0.9))
        if k > 1:
            edges.append(edge(f"c{k - 1}", f"c{k}", "corridor", 10, 1.8))
    nodes += [
        node("up", "stair", 30, 0, floor=1, area_m2=15.0),
        node("up2", "stair", 30, 0, floor=2, area_m2=15.0),
        node("c4", "corridor", 30, 0, floor=2, area_m2=30.0),
        node("exit", "exit", 40, 0, floor=1),
    ]
    stair = {"riser_m": 0.15, "tread_m": 0.28}
    edges += [
        edge("c3", "up", "door", 4, 1.1, fire_door=True),
        edge("up", "up2", "stair", 9, 1.3, **stair),
        edge("up2", "c4", "door", 4, 1.1),
        edge("c3", "exit", "corridor", 10, 1.8),
    ]
    return nodes, edges


def smoke_counts(close_at_s: float | None, times: list[float]) -> list[tuple[int, int]]:
    nodes, edges = multi_room_site()
    for e in edges:
        if e["kind"] == "door":
            e["door_closed"] = False  # every door propped open until close_doors
    drill = fire_drill(nodes, edges, actions=[CLOSE_ALL], duration_s=max(times) + 1.0)
    out = []
    closed = close_at_s is None
    for t in sorted(times):
        if not closed and close_at_s is not None and close_at_s <= t:
            drill.advance(close_at_s)
            assert drill.act("close", "leader").accepted
            closed = True
        drill.advance(t)
        fire = model(drill)
        arrived = sum(1 for n in drill.site.node_ids if fire.smoke_arrival_s(n) <= t)
        out.append((arrived, int(fire.untenable().sum())))
    return out


@settings(max_examples=25, deadline=None)
@given(
    early=st.floats(min_value=0.0, max_value=600.0),
    extra=st.floats(min_value=1.0, max_value=900.0),
)
def test_delaying_close_doors_never_lowers_the_smoke(early: float, extra: float) -> None:
    """Doors closed later never leave fewer smoke-logged (or untenable) places at any time."""
    times = [60.0, 120.0, 240.0, 480.0, 900.0, 1500.0]
    sooner = smoke_counts(early, times)
    later = smoke_counts(early + extra, times)
    never = smoke_counts(None, times)
    for a, b, c in zip(sooner, later, never, strict=True):
        assert a[0] <= b[0] <= c[0]
        assert a[1] <= b[1] <= c[1]


def test_same_seed_same_log() -> None:
    nodes, edges = corridor_site(room_door_closed=True)
    people = [group("guests", "room2", 10, {"dist": "lognormal", "median_s": 90, "sigma": 0.5})]
    logs = []
    for _ in range(2):
        drill = fire_drill(nodes, edges, people, seed=7)
        drill.run_to_end()
        logs.append([e.to_json() for e in drill.log])
    assert logs[0] == logs[1]


def test_levels_are_cheap_and_stable_between_ticks() -> None:
    """levels() returns the last tick's array; repeated calls do not advance anything."""
    drill = fire_drill(*corridor_site())
    drill.advance(102.0)
    fire = model(drill)
    first = fire.levels().copy()
    for _ in range(100):
        assert np.array_equal(fire.levels(), first)
