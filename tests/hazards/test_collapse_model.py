"""The ``collapse`` model in a running drill: its reactions, its harm and its casualties."""

from __future__ import annotations

import itertools
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.drill import Drill
from sim.hazards import MILESTONES, model_class
from sim.hazards.collapse import CollapseModel
from sim.hazards.collapse_physics import CollapseRate, cumulative_hazard
from tests.engine_helpers import build_scenario, edge, group, node, scenario_dict

PER_HOUR = 1.0 / 3600.0


def _actions() -> list[dict[str, Any]]:
    return [
        {"id": "stop_work", "kind": "shutdown", "label": "Stop work", "duration_s": 0,
         "fixed": {"target": "work"}},
        {"id": "crane_hold", "kind": "operate", "label": "Hold", "duration_s": 0,
         "fixed": {"target": "crane", "speed": "hold"}},
        {"id": "crane_lower", "kind": "operate", "label": "Lower", "duration_s": 0,
         "fixed": {"target": "crane", "speed": "slow", "load_fraction": 0}},
        {"id": "crane_fast", "kind": "operate", "label": "Swing", "duration_s": 0,
         "fixed": {"target": "crane", "speed": "fast", "load_fraction": 0}},
        {"id": "brace", "kind": "stabilise", "label": "Brace", "duration_s": 0},
        {"id": "enter", "kind": "enter", "label": "Go in", "node": "debris",
         "duration_s": 900},
        {"id": "aid", "kind": "first_aid", "label": "First aid", "node": "edge",
         "duration_s": 0, "params": {"remove_object": {"type": "bool", "label": "Pull out",
                                                        "default": False}}},
        {"id": "rescue", "kind": "rescue", "label": "Rescue", "node": "debris",
         "duration_s": 0, "fixed": {"to": "assembly"}},
        {"id": "call_120", "kind": "call", "label": "Call 120", "duration_s": 0,
         "fixed": {"service": "ambulance"}},
    ]  # fmt: skip


def collapse_scenario(
    *,
    population: list[dict[str, Any]] | None = None,
    duration_s: float = 3600.0,
    **params: Any,
) -> dict[str, Any]:
    """A collapse zone ``debris`` with ``edge`` 10 m away (inside the 20 m debris radius),
    a road 60 m away, an assembly point, and an ambulance station 6 km up the road (10 m/s,
    dispatched after 60 s: on site 660 s after the call; its crew 60 s later)."""
    nodes = [
        node("debris", "yard", 0.0),
        node("edge", "yard", 10.0),
        node("road", "road", 60.0),
        node("assembly", "assembly", 100.0),
        node("station", "road", 6060.0),
    ]
    edges = [
        edge("debris", "edge", "open", 10.0, 3.0),
        edge("edge", "road", "open", 50.0, 3.0),
        edge("road", "assembly", "road", 40.0, 6.0),
        edge("road", "station", "road", 6000.0, 8.0),
    ]
    ambulance = {
        "id": "ambulance",
        "service": "ambulance",
        "name": "Ambulance",
        "dispatch_delay_s": 60,
        "origin": "station",
        "destination": "road",
        "speed_m_s": 10,
        "on_arrival": [{"kind": "first_aid", "params": {"node": "assembly"}, "delay_s": 60}],
    }
    data = scenario_dict(
        nodes,
        edges,
        population,
        actions=_actions(),
        roles=["leader", "rescuer"],
        responders=[ambulance],
        duration_s=duration_s,
    )
    hazard_params: dict[str, Any] = {
        "zone": ["debris"],
        "lambda0_per_h": 0.36,
        "growth_tau_s": 1e12,
        "crane_beta": 2.0,
        "crane_load_fraction": 1.0,
    }
    hazard_params.update(params)
    data["hazard"] = {"model": "collapse", "params": hazard_params}
    return data


def drill_of(data: dict[str, Any], seed: int = 1) -> tuple[Drill, CollapseModel]:
    drill = Drill(build_scenario(data), seed)
    assert isinstance(drill.hazard, CollapseModel)
    return drill, drill.hazard


def zone_level(drill: Drill) -> float:
    return float(drill.hazard.levels()[drill.site.index["debris"]])


def p10_pct(rate_per_s: float) -> float:
    """Chance in % of a collapse within 600 s at a constant rate (no growth)."""
    return 100.0 * -math.expm1(-rate_per_s * 600.0)


# --------------------------------------------------------------------------- wiring


def test_registered_with_its_milestones() -> None:
    assert model_class("collapse") is CollapseModel
    assert CollapseModel.milestones == MILESTONES["collapse"]


def test_levels_in_zone_and_debris_radius_only() -> None:
    drill, model = drill_of(collapse_scenario(), seed=3)
    levels = model.levels()
    idx = drill.site.index
    # lambda0 0.36/h = 1e-4/s, full load (1 + 2 x 1): 3e-4/s; P(600 s) = 1 - e^-0.18
    assert levels[idx["debris"]] == pytest.approx(16.4729, abs=1e-4)
    assert levels[idx["edge"]] == levels[idx["debris"]]
    assert levels[idx["road"]] == 0.0 and levels[idx["assembly"]] == 0.0
    assert [t.id for t in model.thresholds()] == ["elevated", "high"]
    assert model.severities()[idx["debris"]] == 1  # elevated (5 %), not high (20 %)
    assert not model.untenable().any()


# --------------------------------------------------------------------------- reactions


def test_stop_work_and_bracing_lower_the_rate() -> None:
    drill, _ = drill_of(collapse_scenario(), seed=3)
    assert zone_level(drill) == pytest.approx(p10_pct(3e-4), rel=1e-9)
    assert drill.act("stop_work", "leader").accepted
    drill.advance(1.0)
    # x0.5: 1.5e-4/s, P(600 s) = 1 - e^-0.09 = 8.607 %
    assert zone_level(drill) == pytest.approx(8.6069, abs=1e-4)
    assert drill.act("brace", "rescuer").accepted
    drill.advance(2.0)
    # x0.5 x0.2: 3e-5/s, P(600 s) = 1 - e^-0.018 = 1.784 %
    assert zone_level(drill) == pytest.approx(1.7839, abs=1e-4)
    names = [e.data["name"] for e in drill.log if e.kind == "milestone"]
    assert names[:2] == ["work_stopped", "stabilised"]


def test_lowering_the_crane_load_lowers_the_rate() -> None:
    drill, model = drill_of(collapse_scenario(), seed=3)
    assert drill.act("crane_hold", "leader").accepted
    drill.advance(1.0)
    # holding keeps the load on the hook: the crane is safe, the rate unchanged
    assert zone_level(drill) == pytest.approx(p10_pct(3e-4), rel=1e-9)
    assert drill.act("crane_lower", "rescuer").accepted
    drill.advance(2.0)
    # load set down (L = 0): 1e-4/s, P(600 s) = 1 - e^-0.06 = 5.824 %
    assert zone_level(drill) == pytest.approx(5.8235, abs=1e-4)
    assert model.outcome()["crane_load_fraction"] == 0.0
    assert drill.happened("milestone:crane_made_safe") == 0.0


def test_fast_crane_adds_a_shock_and_is_not_safe() -> None:
    drill, model = drill_of(collapse_scenario(lambda0_per_h=0.0), seed=5)
    drill.advance(10.0)
    before = model.cumulative_hazard_now()
    assert drill.act("crane_fast", "leader").accepted
    drill.advance(11.0)
    assert model.cumulative_hazard_now() == pytest.approx(before + 0.3, abs=1e-12)
    assert drill.happened("milestone:crane_made_safe") is None


def test_bracing_stops_the_growth() -> None:
    tau = 1200.0
    drill, model = drill_of(collapse_scenario(growth_tau_s=tau), seed=1)
    drill.advance(600.0)
    assert drill.act("brace", "leader").accepted
    drill.advance(1800.0)
    l0 = 1e-4
    by_hand = (
        3 * l0 * tau * (math.exp(600 / tau) - 1)  # growing, full load, to 600 s
        + 3 * l0 * math.exp(600 / tau) * 0.2 * 1200  # braced: frozen at its 600 s level
    )
    assert model.cumulative_hazard_now() == pytest.approx(by_hand, rel=1e-9)
    # this seed's draw lies above that hazard: no collapse yet, so the level is the frozen
    # rate's P(600 s), the same at 1800 s as just after bracing
    assert model.collapse_threshold > by_hand
    assert zone_level(drill) == pytest.approx(p10_pct(3 * l0 * math.exp(0.5) * 0.2))


# --------------------------------------------------------------------------- the collapse


def test_secondary_collapse_happens_when_the_hazard_reaches_the_draw() -> None:
    drill, model = drill_of(collapse_scenario(lambda0_per_h=3.6), seed=11)
    drill.advance(3600.0)
    e = model.collapse_threshold
    t_c = drill.happened("milestone:secondary_collapse")
    assert t_c is not None
    # constant rate 3e-3/s: H(t) = 3e-3 t reaches E at t = E / 3e-3
    assert t_c == pytest.approx(e / 3e-3, rel=1e-9)
    assert cumulative_hazard(CollapseRate(1e-3, 2.0, 1.0), 0.0, t_c) == pytest.approx(e)
    assert model.outcome()["secondary_collapse"] is True
    assert model.levels().max() == 0.0  # the structure is down


def test_secondary_collapse_harms_people_and_rescuers_in_the_zone() -> None:
    people = [
        group("in_zone", "debris", 3, alerted_by="evacuate"),
        group("at_edge", "edge", 2, alerted_by="evacuate"),
        group("far", "road", 4, alerted_by="evacuate"),
    ]
    data = collapse_scenario(population=people, lambda0_per_h=100.0)  # 1/12 per second
    drill, _ = drill_of(data, seed=4)
    assert drill.act("enter", "rescuer").accepted  # at 'debris' for 900 s
    drill.advance(120.0)
    t_c = drill.happened("milestone:secondary_collapse")
    assert t_c is not None and t_c < 120.0
    harm = {a.group: a.harm for a in drill.crowd.agents}
    assert harm == {"in_zone": "casualty", "at_edge": "injured", "far": None}
    assert drill.roles["rescuer"].harm == "casualty"
    assert drill.roles["leader"].harm is None
    counts = drill.counts()
    assert counts["casualties"] == 3 + 1 and counts["injured"] == 2
    # a role-player who is down cannot act any more
    assert not drill.act("stop_work", "rescuer").accepted


def test_same_seed_same_log() -> None:
    logs = []
    for _ in range(2):
        drill, _ = drill_of(collapse_scenario(lambda0_per_h=3.6), seed=8)
        drill.advance(100.0)
        drill.act("stop_work", "leader")
        drill.run_to_end()
        logs.append([e.to_json() for e in drill.log])
    assert logs[0] == logs[1]


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**31),
    t_stop=st.floats(min_value=0.0, max_value=1500.0),
    delay=st.floats(min_value=1.0, max_value=1500.0),
    after=st.floats(min_value=0.0, max_value=600.0),
)
def test_delaying_stop_work_never_lowers_the_risk(
    seed: int, t_stop: float, delay: float, after: float
) -> None:
    t_look = t_stop + delay + after
    results = []
    for t in (t_stop, t_stop + delay):
        drill, model = drill_of(collapse_scenario(lambda0_per_h=2.0, growth_tau_s=900.0), seed)
        drill.advance(t)
        assert drill.act("stop_work", "leader").accepted
        drill.advance(t_look)
        results.append(
            (model.collapse_probability_now(), drill.happened("milestone:secondary_collapse"))
        )
    (p_early, c_early), (p_late, c_late) = results
    assert p_late >= p_early
    # the same draw E: a later stop never postpones (or prevents) the collapse
    if c_early is not None:
        assert c_late is not None and c_late <= c_early


# --------------------------------------------------------------------------- casualties


def _bleeding_casualty(**params: Any) -> dict[str, Any]:
    people = [group("bleeding", "edge", 1, casualty="major_bleeding")]
    return collapse_scenario(population=people, lambda0_per_h=0.0, **params)


def _survival_with(aid_s: float | None, call_s: float | None, seed: int = 1) -> Drill:
    drill, _ = drill_of(_bleeding_casualty(), seed)
    for t, action in sorted(
        [(aid_s, "aid"), (call_s, "call_120")], key=lambda x: math.inf if x[0] is None else x[0]
    ):
        if t is not None:
            drill.advance(t)
            assert drill.act(action, "leader" if action == "aid" else "rescuer").accepted
    drill.run_to_end()
    return drill


def test_survival_falls_with_time_to_first_aid_and_ambulance() -> None:
    def survival(drill: Drill) -> float:
        model = drill.hazard
        assert isinstance(model, CollapseModel)
        value = model.survival(drill.crowd.agents[0])
        assert value is not None
        return value

    # first aid at 5 min; 120 called at 0: on site at 660 s, crew at 720 s = 12 min.
    # Effective delay 5 + 0.5 (12 - 5) = 8.5 min; S = 1 / (1 + (8.5/30)^4)
    s_fast = survival(_survival_with(300.0, 0.0))
    assert s_fast == pytest.approx(1 / (1 + (8.5 / 30) ** 4), rel=1e-12)
    # first aid at 10 min: 10 + 0.5 (12 - 10) = 11 min
    s_late_aid = survival(_survival_with(600.0, 0.0))
    assert s_late_aid == pytest.approx(1 / (1 + (11 / 30) ** 4), rel=1e-12)
    # 120 called at 10 min: crew at 22 min; 5 + 0.5 (22 - 5) = 13.5 min
    s_late_call = survival(_survival_with(300.0, 600.0))
    assert s_late_call == pytest.approx(1 / (1 + (13.5 / 30) ** 4), rel=1e-12)
    # neither, to the end of the hour: 60 min
    s_none = survival(_survival_with(None, None))
    assert s_none == pytest.approx(1 / (1 + 2.0**4), rel=1e-12)
    assert s_fast > s_late_aid > s_none and s_fast > s_late_call > s_none


def test_death_is_deterministic_and_monotone_in_delay() -> None:
    def dead(aid_s: float | None, call_s: float | None, seed: int) -> bool:
        drill = _survival_with(aid_s, call_s, seed)
        return drill.outcome()["casualties"] == 1

    # effective delays 7 min (S = 0.997), 35 min (S = 0.350) and 60 min (S = 0.059)
    plans = [(120.0, 0.0), (600.0, None), (None, None)]
    deaths = [[dead(aid, call, seed) for seed in range(1, 41)] for aid, call in plans]
    # later aid only adds deaths, seed by seed
    for sooner, later in itertools.pairwise(deaths):
        for early, late in zip(sooner, later, strict=True):
            assert late or not early
    assert sum(deaths[0]) < sum(deaths[1]) < sum(deaths[2])
    assert [dead(600.0, None, seed) for seed in range(1, 11)] == deaths[1][:10]


def test_survivable_fraction_spares_prompt_aid() -> None:
    # survivable up to half of the 30 min: aid at 2 min and crew at 12 min (7 min
    # effective) never kills; Cara's curve alone would kill about 1 in 340.
    for seed in range(1, 61):
        drill, _ = drill_of(_bleeding_casualty(survivable_fraction=0.5), seed)
        drill.act("call_120", "rescuer")
        drill.advance(120.0)
        drill.act("aid", "leader")
        drill.run_to_end()
        assert drill.outcome()["casualties"] == 0


def test_pulling_out_an_impaled_object_voids_the_first_aid() -> None:
    drill, model = drill_of(_bleeding_casualty(), seed=1)
    drill.advance(60.0)
    assert drill.act("aid", "leader", remove_object=True).accepted
    drill.run_to_end()
    agent = drill.crowd.agents[0]
    assert agent.first_aid_s == 60.0
    # counted as no first aid at all: 60 min without aid
    assert model.survival(agent) == pytest.approx(1 / 17, rel=1e-12)


def test_trapped_casualty_gets_care_only_once_rescued() -> None:
    people = [group("buried", "debris", 1, casualty="trapped")]
    drill, model = drill_of(collapse_scenario(population=people, lambda0_per_h=0.0), seed=1)
    assert drill.act("call_120", "rescuer").accepted  # crew on scene at 720 s
    drill.advance(1200.0)
    assert drill.act("rescue", "leader").accepted  # carried to the assembly point at 20 min
    drill.run_to_end()
    agent = drill.crowd.agents[0]
    # the crew's first aid at the assembly point came before the rescue, so care starts
    # when he is out: 20 min of trauma (t50 60 min)
    assert agent.rescued_s == 1200.0
    assert model.survival(agent) == pytest.approx(1 / (1 + (20 / 60) ** 4), rel=1e-12)
