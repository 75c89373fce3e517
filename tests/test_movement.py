"""Movement against hand calculations with the SFPE hydraulic model.

Source of every relation and figure here, unless a test says otherwise: SFPE Handbook of
Fire Protection Engineering, 5th ed., ch. 59, Gwynne & Rosenbaum, "Employing the Hydraulic
Model in Assessing Emergency Movement" (Eq. 59.2 speed, Eq. 59.4 specific flow, Eq. 59.6
calculated flow, Tables 59.2-59.5), as summarised in docs/models.md §0. Each test states its
tolerance in its assert message.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest

from sim.drill import Drill
from sim.movement import (
    A_M2_PER_PERSON,
    K_LEVEL_M_S,
    MOBILITY_FACTOR,
    Router,
    calculated_flow_persons_s,
    effective_width_m,
    max_specific_flow_persons_s_m,
    platoons,
    specific_flow_persons_s_m,
    speed_m_s,
    stair_k_m_s,
)
from sim.scenario import Edge
from sim.site import SiteGraph
from tests.engine_helpers import (
    build_scenario,
    corridor_site,
    edge,
    group,
    make_drill,
    node,
    scenario_dict,
)

INCH_M = 0.0254
STAIR_7_11 = {"riser_m": 7 * INCH_M, "tread_m": 11 * INCH_M}


def _edge(kind: str, width_m: float, **extra: Any) -> Edge:
    return Edge.model_validate(
        {"from": "a", "to": "b", "kind": kind, "length_m": 10, "width_m": width_m, **extra}
    )


def _run(data: dict[str, Any], seed: int = 1, **kwargs: Any) -> Drill:
    drill = make_drill(data, seed, **kwargs)
    drill.run_to_end()
    return drill


# --- the relations ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("riser_in", "tread_in", "k_table"),
    [(7.5, 10, 1.00), (7, 11, 1.08), (6.5, 12, 1.16), (6.5, 13, 1.23)],
)
def test_stair_k_matches_sfpe_table(riser_in: float, tread_in: float, k_table: float) -> None:
    # SFPE Table 59.3 lists k for four stair geometries, rounded to 0.01 m/s; the formula
    # 51.8 √(tread/riser) m/min reproduces them within 0.015 m/s.
    k = stair_k_m_s(riser_in * INCH_M, tread_in * INCH_M)
    assert k == pytest.approx(k_table, abs=0.015), f"k = {k:.3f} m/s, table {k_table} ± 0.015"


def test_stair_k_of_7_11_stair_is_1_08() -> None:
    k = stair_k_m_s(**STAIR_7_11)
    assert k == pytest.approx(51.8 * math.sqrt(11 / 7) / 60, rel=1e-12)
    assert k == pytest.approx(1.08, abs=0.005), "7/11 stair: k ≈ 1.08 m/s ± 0.005"


@pytest.mark.parametrize(("riser", "tread"), [(0.0, 0.28), (0.17, 0.0), (-0.1, 0.3)])
def test_stair_k_refuses_impossible_geometry(riser: float, tread: float) -> None:
    with pytest.raises(ValueError):
        stair_k_m_s(riser, tread)


def test_edge_without_stair_geometry_is_a_7_11_stair() -> None:
    from sim.movement import edge_k_m_s

    assert edge_k_m_s(_edge("stair", 1.2)) == pytest.approx(stair_k_m_s(0.178, 0.279))
    assert edge_k_m_s(_edge("corridor", 1.2)) == K_LEVEL_M_S
    assert edge_k_m_s(_edge("stair", 1.2, riser_m=0.15, tread_m=0.30)) == pytest.approx(
        51.8 * math.sqrt(2.0) / 60
    )


@pytest.mark.parametrize("density", [0.0, 0.1, 0.3, 0.539])
def test_speed_is_free_below_threshold_density(density: float) -> None:
    # Eq. 59.2 holds from 0.54 persons/m²; below it people walk at their own free speed.
    assert speed_m_s(density, K_LEVEL_M_S, 1.25) == 1.25
    assert speed_m_s(density, K_LEVEL_M_S, 0.6) == 0.6


@pytest.mark.parametrize("density", [0.54, 1.0, 1.5, 1.88, 2.5, 3.0, 3.5])
def test_speed_follows_k_one_minus_a_d(density: float) -> None:
    # S = k (1 − a D), exact (no tolerance beyond float rounding); a fast walker is held
    # to it, a slow one keeps their own speed.
    expected = K_LEVEL_M_S * (1 - A_M2_PER_PERSON * density)
    assert speed_m_s(density, K_LEVEL_M_S, 2.0) == pytest.approx(expected, rel=1e-12)
    assert speed_m_s(density, K_LEVEL_M_S, 0.05) == 0.05


def test_speed_at_optimum_density_is_half_k() -> None:
    # At D = 1/(2a) the speed is k/2 (0.70 m/s level, 0.54 m/s on a 7/11 stair).
    d_opt = 1 / (2 * A_M2_PER_PERSON)
    assert speed_m_s(d_opt, K_LEVEL_M_S, 1.3) == pytest.approx(0.70, rel=1e-12)
    k_stair = stair_k_m_s(**STAIR_7_11)
    assert speed_m_s(d_opt, k_stair, 1.3) == pytest.approx(k_stair / 2, rel=1e-12)


def test_speed_of_a_jam_creeps_but_never_stops() -> None:
    # Above 3.5 persons/m² the density is held at 3.5 so a jammed crowd still creeps.
    creep = K_LEVEL_M_S * (1 - A_M2_PER_PERSON * 3.5)
    for density in (3.5, 3.76, 5.0, 100.0):
        assert speed_m_s(density, K_LEVEL_M_S, 1.2) == pytest.approx(creep, rel=1e-12)
    assert creep > 0


def test_speed_falls_as_density_rises() -> None:
    densities = np.linspace(0.54, 3.5, 50)
    speeds = [speed_m_s(float(d), K_LEVEL_M_S, 1.4) for d in densities]
    assert all(b < a for a, b in itertools.pairwise(speeds))


def test_max_specific_flow_level_is_1_316() -> None:
    # k/(4a) = 1.40 / 1.064 = 1.316 persons/s/m (Table 59.5 lists 1.3).
    assert max_specific_flow_persons_s_m(K_LEVEL_M_S) == pytest.approx(1.3158, abs=1e-4)


def test_max_specific_flow_of_7_11_stair_is_1_01() -> None:
    # Table 59.5: 1.01 persons/s/m for a 7/11 stair; tolerance 0.01.
    fs = max_specific_flow_persons_s_m(stair_k_m_s(**STAIR_7_11))
    assert fs == pytest.approx(1.01, abs=0.01), f"Fs,max = {fs:.4f}, table 1.01 ± 0.01"


def test_specific_flow_peaks_at_optimum_density() -> None:
    # Fs = k D (1 − aD) peaks at D = 1/(2a) ≈ 1.88 with k/(4a); exact to float rounding.
    d = np.linspace(0.0, 3.76, 3761)
    fs = np.array([specific_flow_persons_s_m(float(x), K_LEVEL_M_S) for x in d])
    assert d[int(fs.argmax())] == pytest.approx(1 / (2 * A_M2_PER_PERSON), abs=0.001)
    assert fs.max() == pytest.approx(max_specific_flow_persons_s_m(K_LEVEL_M_S), rel=1e-6)
    assert specific_flow_persons_s_m(1.0, K_LEVEL_M_S) == pytest.approx(1.4 * (1 - 0.266))
    assert specific_flow_persons_s_m(0.0, K_LEVEL_M_S) == 0.0
    assert specific_flow_persons_s_m(1 / A_M2_PER_PERSON, K_LEVEL_M_S) == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("kind", "width", "expected"),
    [
        ("door", 0.9, 0.6),  # b = 0.15 m each side (Table 59.2)
        ("door", 1.2, 0.9),
        ("stair", 1.5, 1.2),
        ("corridor", 2.0, 1.6),  # corridor walls, b = 0.20 m
        ("open", 6.0, 6.0),
        ("road", 7.0, 7.0),
        ("door", 0.2, 0.1),  # never below 0.1 m
    ],
)
def test_effective_width(kind: str, width: float, expected: float) -> None:
    assert effective_width_m(width, kind) == pytest.approx(expected, abs=1e-12)


def test_calculated_flow() -> None:
    # Fc = Fs,max · We (Eq. 59.6): a 1.2 m door passes 1.316 × 0.9 = 1.184 persons/s.
    assert calculated_flow_persons_s(_edge("door", 1.2)) == pytest.approx(1.3158 * 0.9, abs=1e-3)
    stair = _edge("stair", 1.2, **STAIR_7_11)
    fs_stair = stair_k_m_s(**STAIR_7_11) / (4 * A_M2_PER_PERSON)
    assert calculated_flow_persons_s(stair) == pytest.approx(fs_stair * 0.9, rel=1e-12)
    assert calculated_flow_persons_s(_edge("lift", 1.2)) == 0.25


# --- single walkers ----------------------------------------------------------------------


@pytest.mark.parametrize(("length_m", "speed"), [(50.0, 1.2), (120.0, 1.0), (7.5, 1.45)])
def test_single_walker_on_corridor_walks_at_free_speed(length_m: float, speed: float) -> None:
    # Alone on a corridor the density is far below 0.54: time = length / free speed.
    nodes, edges = corridor_site(length_m, 2.0)
    drill = _run(scenario_dict(nodes, edges, [group("one", "room", 1, speed_m_s=speed)]))
    (walker,) = drill.crowd.agents
    assert walker.start_s == 0.0
    assert walker.safe_s == pytest.approx(length_m / speed, rel=1e-9), "exact to 1e-9"
    assert drill.crowd.rset_s() == walker.safe_s
    assert walker.state == "safe" and walker.node == "exit"


def test_single_walker_on_stair() -> None:
    # On a stair the free speed scales with k_stair / k_level: time = L / (v · k_s / k_l).
    nodes = [node("landing", "stair", floor=1), node("exit", "exit")]
    edges = [edge("landing", "exit", "stair", 12.0, 1.2, **STAIR_7_11)]
    drill = _run(scenario_dict(nodes, edges, [group("one", "landing", 1, speed_m_s=1.2)]))
    (walker,) = drill.crowd.agents
    expected = 12.0 / (1.2 * stair_k_m_s(**STAIR_7_11) / K_LEVEL_M_S)
    assert walker.safe_s == pytest.approx(expected, rel=1e-9), "exact to 1e-9"
    assert expected == pytest.approx(12.94, abs=0.01), "hand calculation: 12 m at 0.928 m/s"


def test_impaired_walker_is_slower_on_level_and_stairs() -> None:
    nodes = [node("landing", "stair", floor=1), node("foot", "stair"), node("exit", "exit", 20)]
    edges = [
        edge("landing", "foot", "stair", 10.0, 1.2, **STAIR_7_11),
        edge("foot", "exit", "corridor", 20.0, 2.0),
    ]
    group_data = group("slow", "landing", 1, speed_m_s=1.2, mobility="impaired")
    drill = _run(scenario_dict(nodes, edges, [group_data]))
    level_f, stair_f = MOBILITY_FACTOR["impaired"]
    stair_speed = 1.2 * stair_k_m_s(**STAIR_7_11) / K_LEVEL_M_S * stair_f
    expected = 10.0 / stair_speed + 20.0 / (1.2 * level_f)
    assert drill.crowd.agents[0].safe_s == pytest.approx(expected, rel=1e-9), "exact to 1e-9"


def test_walk_through_several_ways_adds_up() -> None:
    nodes = [node("room"), node("hall", "corridor", 10), node("exit", "exit", 40)]
    edges = [edge("room", "hall", "door", 10.0, 0.9), edge("hall", "exit", "corridor", 30.0, 2.4)]
    drill = _run(scenario_dict(nodes, edges, [group("one", "room", 1, speed_m_s=1.25)]))
    assert drill.crowd.agents[0].safe_s == pytest.approx(40.0 / 1.25, rel=1e-9)


# --- crowds through doors -------------------------------------------------------------------


def _door_room(count: int, width_m: float, door_len_m: float) -> dict[str, Any]:
    nodes = [node("room", area_m2=400), node("exit", "exit", door_len_m)]
    edges = [edge("room", "exit", "door", door_len_m, width_m)]
    return scenario_dict(nodes, edges, [group("crowd", "room", count)])


@pytest.mark.parametrize("width_m", [0.9, 1.2, 2.0])
def test_crowd_through_one_door_takes_n_over_fc(width_m: float) -> None:
    # N people queued at a door: the last passes at N / Fc, Fc = 1.316 (W − 0.3), then
    # walks the door's way at the speed of the optimum density, k/2 = 0.70 m/s (the door
    # feeds the way at its peak flow). Tolerance 2 % of the total.
    n, length_m = 200, 5.0
    drill = _run(_door_room(n, width_m, length_m))
    fc = 1.3158 * (width_m - 0.3)
    expected = n / fc + length_m / (K_LEVEL_M_S / 2)
    rset = drill.crowd.rset_s()
    assert rset is not None
    assert rset == pytest.approx(expected, rel=0.02), f"RSET {rset:.1f} s vs {expected:.1f} s ± 2 %"
    assert rset > (n - 1) / fc, "nobody can pass faster than Fc"


def test_door_passes_people_at_fc() -> None:
    # Between the 10th and the 90th percentile of arrivals the crowd leaves at Fc: the
    # mean headway is 1 / Fc within 2 %.
    n = 200
    drill = _run(_door_room(n, 1.2, 5.0))
    times = np.sort([a.safe_s for a in drill.crowd.agents if a.safe_s is not None])
    assert times.size == n
    headway = (times[180] - times[20]) / 160
    fc = calculated_flow_persons_s(_edge("door", 1.2))
    assert headway == pytest.approx(1 / fc, rel=0.02), f"headway {headway:.3f} s ± 2 %"


def test_platoons_keep_the_door_flow() -> None:
    # The same crowd moved in platoons of 4 (at most 50 movement processes) empties the
    # room in the same time within 2 %.
    single = _run(_door_room(200, 1.2, 5.0))
    platoons = _run(_door_room(200, 1.2, 5.0), platoon_limit=50)
    assert platoons.crowd.platoon_size == 4
    assert len(platoons.crowd.agents) == 50
    assert platoons.crowd.safe_count == 200
    assert platoons.crowd.rset_s() == pytest.approx(single.crowd.rset_s(), rel=0.02)


def test_uneven_platoons_count_everyone() -> None:
    drill = _run(_door_room(203, 1.2, 5.0), platoon_limit=50)
    assert drill.crowd.platoon_size == 5
    assert sorted({a.size for a in drill.crowd.agents}) == [3, 5]
    assert drill.crowd.safe_count == 203
    assert int(drill.crowd.node_count.sum()) == 203


def _two_exit_room(count: int, both: bool, yard: bool = True) -> dict[str, Any]:
    """A room with one or two 1.2 m doors to exits; the exits lead to a yard, if any."""
    nodes = [node("room", area_m2=400), node("exit_a", "exit", 5, 0), node("exit_b", "exit", -5, 0)]
    edges = [edge("room", "exit_a", "door", 2.0, 1.2)]
    if both:
        edges.append(edge("room", "exit_b", "door", 2.0, 1.2))
    if yard:
        nodes.append(node("yard", "assembly", 0, 30, area_m2=2000))
        edges += [
            edge("exit_a", "yard", "open", 25.0, 6.0),
            edge("exit_b", "yard", "open", 25.0, 6.0),
        ]
    return scenario_dict(
        nodes, edges, [group("crowd", "room", count)], default_assembly="yard" if yard else None
    )


def test_room_emptied_through_one_exit() -> None:
    # Flow-limited: 300 people through one 1.2 m door, N/Fc = 253 s, plus the 2 m door
    # way at 0.70 m/s. Tolerance 2 %. Everyone then walks on to the yard.
    drill = _run(_two_exit_room(300, both=False))
    fc = 1.3158 * 0.9
    expected = 300 / fc + 2.0 / 0.7
    assert drill.crowd.rset_s() == pytest.approx(expected, rel=0.02)
    assert all(a.arrived_s is not None and a.node == "yard" for a in drill.crowd.agents)


@pytest.mark.parametrize("yard", [True, False], ids=["to-yard", "to-nearest-exit"])
def test_room_emptied_through_two_exits_takes_half_the_time(yard: bool) -> None:
    # Two equal doors: people take the door with the shorter queue, so the flow-limited
    # time halves (ratio 0.5 ± 0.03) whether they head for a yard beyond the exits or for
    # the nearest exit.
    one = _run(_two_exit_room(300, both=False, yard=yard)).crowd.rset_s()
    two = _run(_two_exit_room(300, both=True, yard=yard)).crowd.rset_s()
    assert one is not None and two is not None
    assert two / one == pytest.approx(0.5, abs=0.03), f"ratio {two / one:.3f}"
    # Hand calculation: N / (2 Fc) through the doors plus the 2 m door way at 0.70 m/s.
    assert two == pytest.approx(300 / (2 * 1.3158 * 0.9) + 2.0 / 0.7, rel=0.02), "± 2 %"


def test_two_exits_share_the_crowd() -> None:
    # Heading for the nearest exit, each person stops at the exit they took: each door
    # carries half of the 300 (± 5 people).
    drill = _run(_two_exit_room(300, both=True, yard=False))
    assert drill.occupants("exit_a") + drill.occupants("exit_b") == 300
    assert abs(drill.occupants("exit_a") - drill.occupants("exit_b")) <= 5
    assert all(a.state == "safe" for a in drill.crowd.agents)


def test_lone_walker_keeps_the_shortest_way() -> None:
    # With no queue anywhere the shortest way wins, even with a second door.
    data = _two_exit_room(1, both=True, yard=False)
    data["site"]["edges"][1]["length_m"] = 3.0  # the door to exit_b is a metre longer
    drill = _run(data)
    assert drill.occupants("exit_a") == 1
    assert drill.crowd.agents[0].safe_s == pytest.approx(2.0 / 1.2, rel=1e-9)


# --- pre-movement ------------------------------------------------------------------------------

N_PRE = 400


def _premovement_drill(premovement: dict[str, Any], seed: int) -> Drill:
    nodes, edges = corridor_site(20.0, 20.0)
    nodes[0]["area_m2"] = 400.0  # one person a square metre: room to stand, not to race
    data = scenario_dict(
        nodes,
        edges,
        [group("staff", "room", N_PRE, premovement, alerted_by="alarm")],
    )
    data["actions"][0]["duration_s"] = 5
    drill = make_drill(data, seed)
    drill.advance(25.0)
    assert drill.act("alarm", "leader").accepted
    drill.run_to_end()
    return drill


def _started(drill: Drill) -> np.ndarray:
    """Observed pre-movement: when each person started moving, less when they were alerted."""
    out = []
    for a in drill.crowd.agents:
        assert a.alerted_s is not None and a.start_s is not None
        out.append(a.start_s - a.alerted_s)
    return np.array(out)


def _drawn(drill: Drill) -> np.ndarray:
    return np.array([a.premovement_s for a in drill.crowd.agents])


SEEDS = [1, 2, 3]


@pytest.mark.parametrize("seed", SEEDS)
def test_fixed_premovement(seed: int) -> None:
    drill = _premovement_drill({"dist": "fixed", "value_s": 42}, seed)
    # The alarm takes 5 s: everyone is alerted when it completes, at 30 s.
    assert {a.alerted_s for a in drill.crowd.agents} == {30.0}
    assert np.all(_drawn(drill) == 42.0)
    assert np.allclose(_started(drill), 42.0, atol=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_uniform_premovement(seed: int) -> None:
    # U(30, 90): every draw in bounds; mean 60 within 3 standard errors
    # (σ = 60/√12 = 17.3 s, n = 400: ± 2.6 s); the draws cover the range.
    drill = _premovement_drill({"dist": "uniform", "min_s": 30, "max_s": 90}, seed)
    drawn = _drawn(drill)
    assert drawn.min() >= 30 and drawn.max() <= 90
    assert drawn.mean() == pytest.approx(60, abs=3 * 17.32 / math.sqrt(N_PRE))
    assert drawn.max() - drawn.min() > 55
    assert np.allclose(_started(drill), drawn, atol=1e-9), "start = alerted + pre-movement"


@pytest.mark.parametrize("seed", SEEDS)
def test_normal_premovement(seed: int) -> None:
    # N(75, 20) cut at 0 (far away): mean within 3 standard errors (± 3.0 s), sd 20 ± 15 %.
    drill = _premovement_drill({"dist": "normal", "mean_s": 75, "sd_s": 20}, seed)
    drawn = _drawn(drill)
    assert drawn.mean() == pytest.approx(75, abs=3 * 20 / math.sqrt(N_PRE))
    assert drawn.std(ddof=1) == pytest.approx(20, rel=0.15)
    assert np.allclose(_started(drill), drawn, atol=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_normal_premovement_is_cut_at_min(seed: int) -> None:
    # N(75, 20) cut at 70: nobody starts earlier, and P(X < 70) = Φ(−0.25) = 0.40 of the
    # people start exactly at 70 (± 0.08, about 3 standard errors).
    drill = _premovement_drill({"dist": "normal", "mean_s": 75, "sd_s": 20, "min_s": 70}, seed)
    drawn = _drawn(drill)
    assert drawn.min() == 70.0
    assert float(np.mean(drawn == 70.0)) == pytest.approx(0.40, abs=0.08)
    assert np.allclose(_started(drill), drawn, atol=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_lognormal_premovement(seed: int) -> None:
    # ln T ~ N(ln 60, 0.4): median 60 s within 3 standard errors of the median of ln T
    # (1.2533 × 0.4 / √400 = 0.025, so ± 7.5 %); sd of ln T 0.4 ± 15 %.
    drill = _premovement_drill({"dist": "lognormal", "median_s": 60, "sigma": 0.4}, seed)
    drawn = _drawn(drill)
    assert float(np.median(drawn)) == pytest.approx(60, rel=0.075)
    assert np.log(drawn).std(ddof=1) == pytest.approx(0.4, rel=0.15)
    assert drawn.min() > 0
    assert np.allclose(_started(drill), drawn, atol=1e-9)


def test_lognormal_premovement_min_cut() -> None:
    drill = _premovement_drill(
        {"dist": "lognormal", "median_s": 60, "sigma": 0.4, "min_s": 50}, seed=1
    )
    drawn = _drawn(drill)
    assert drawn.min() == 50.0
    assert np.allclose(_started(drill), drawn, atol=1e-9)


def test_people_wait_for_the_alarm() -> None:
    # Groups alerted by the alarm never move until it sounds.
    nodes, edges = corridor_site(20.0, 2.0)
    data = scenario_dict(nodes, edges, [group("staff", "room", 3, alerted_by="alarm")])
    drill = make_drill(data)
    drill.advance(600.0)
    assert all(a.alerted_s is None and a.start_s is None for a in drill.crowd.agents)
    assert drill.occupants("room") == 3
    drill.act("alarm", "leader")
    drill.run_to_end()
    assert all(a.alerted_s == 600.0 for a in drill.crowd.agents)
    assert drill.occupants("exit") == 3


# --- routing ---------------------------------------------------------------------------------


def _two_way_site() -> SiteGraph:
    """A room with a short way out through 'near' and a long one through 'far'."""
    nodes = [
        node("room"),
        node("near", "corridor", 10, 0),
        node("far", "corridor", 0, 30),
        node("lift_hall", "corridor", -5, 0),
        node("exit", "exit", 20, 0),
        node("yard", "assembly", 60, 0),
    ]
    edges = [
        edge("room", "near", "door", 10.0),
        edge("near", "exit", "corridor", 10.0),
        edge("room", "far", "door", 15.0),
        edge("far", "exit", "corridor", 15.0),
        edge("room", "lift_hall", "lift", 1.0),
        edge("lift_hall", "yard", "open", 2.0),
        edge("exit", "yard", "open", 40.0),
    ]
    return SiteGraph(build_scenario(scenario_dict(nodes, edges)))


def test_router_takes_shortest_way() -> None:
    router = Router(_two_way_site())
    assert router.route("room", "exit", frozenset(), use_lift=False) == "near"
    assert router.route("exit", "exit", frozenset(), use_lift=False) is None


def test_router_goes_around_untenable_node() -> None:
    router = Router(_two_way_site())
    assert router.route("room", "exit", frozenset({"near"}), use_lift=False) == "far"
    assert router.distances_m("exit", frozenset({"near"}), False)["room"] == 30.0


def test_router_goes_through_when_there_is_no_way_around() -> None:
    # Both ways blocked: the shortest way is still better than being stuck.
    router = Router(_two_way_site())
    assert router.route("room", "exit", frozenset({"near", "far"}), use_lift=False) == "near"


def test_router_leaves_a_blocked_start() -> None:
    router = Router(_two_way_site())
    assert router.route("near", "exit", frozenset({"near"}), use_lift=False) == "exit"


def test_router_uses_lift_only_when_told() -> None:
    router = Router(_two_way_site())
    assert router.route("room", "yard", frozenset(), use_lift=False) == "near"
    assert router.route("room", "yard", frozenset(), use_lift=True) == "lift_hall"


def test_router_nearest_safe_place() -> None:
    # Target None: the nearest exit or assembly point.
    router = Router(_two_way_site())
    assert router.route("room", None, frozenset(), use_lift=False) == "near"
    assert router.distances_m(None, frozenset(), False)["room"] == 20.0
    assert router.route("room", None, frozenset({"near"}), use_lift=False) == "far"


def test_router_options_never_turn_back() -> None:
    router = Router(_two_way_site())
    opts = router.options("room", "exit", frozenset(), use_lift=False)
    # The shortest way first, then every neighbour closer to the target than the start.
    assert [(n, left) for n, left, _ in opts] == [("near", 20.0), ("far", 30.0)]
    # From 'near' the room is farther from the exit: the only way on is the exit.
    assert [n for n, _, _ in router.options("near", "exit", frozenset(), False)] == ["exit"]
    assert router.options("exit", "exit", frozenset(), False) == []


def test_walkers_route_around_blocked_nodes() -> None:
    # With 'near' untenable, a walker takes the 30 m way through 'far' (time = 30/1.2).
    site = _two_way_site()
    data = {
        "nodes": [site.nodes[n].model_dump() for n in site.node_ids],
        "edges": [e.model_dump(by_alias=True) for e in site.edges.values()],
    }
    scenario = scenario_dict(data["nodes"], data["edges"], [group("one", "room", 1)])
    drill = make_drill(scenario)
    drill.crowd.set_blocked(frozenset({"near"}))
    drill.run_to_end()
    (walker,) = drill.crowd.agents
    assert walker.safe_s == pytest.approx(30.0 / 1.2, rel=1e-9)
    free = make_drill(scenario)
    free.run_to_end()
    assert free.crowd.agents[0].safe_s == pytest.approx(20.0 / 1.2, rel=1e-9)


def test_walker_with_unreachable_destination_is_stuck() -> None:
    nodes, edges = corridor_site(20.0, 2.0)
    nodes.append(node("island", "assembly", 500, 500))
    data = scenario_dict(nodes, edges, [group("one", "room", 1)], default_assembly="island")
    drill = _run(data)
    (walker,) = drill.crowd.agents
    assert walker.state == "stuck"
    assert walker.start_s == 0.0 and walker.safe_s is None and walker.node == "room"
    assert [e.data["node"] for e in drill.log if e.kind == "stuck"] == ["room"]
    assert drill.outcome()["evacuation_time_s"] is None


# --- bookkeeping ---------------------------------------------------------------------------------


def test_counts_and_curve_follow_the_crowd() -> None:
    drill = make_drill(_door_room(50, 1.2, 5.0))
    drill.advance(20.0)
    inside = drill.occupants("room")
    assert 0 < inside < 50
    # People are counted at the node they are walking to.
    assert inside + drill.occupants("exit") == 50
    assert 0 < drill.counts()["safe"] <= drill.occupants("exit")
    drill.run_to_end()
    curve = drill.crowd.evacuation_curve()
    assert [c for _, c in curve] == list(range(1, 51))
    assert [t for t, _ in curve] == sorted(t for t, _ in curve)
    assert drill.outcome()["evacuation_time_s"] == curve[-1][0]
    assert [e.kind for e in drill.log].count("start_moving") == 1
    milestones = [e.data for e in drill.log if e.kind == "milestone"]
    assert {"name": "evacuation_complete", "people": 50} in milestones


# --- pre-movement and platoons --------------------------------------------------------------

WIDE_PREMOVEMENT = {"dist": "lognormal", "median_s": 60, "sigma": 1.0}
"""A wide spread of pre-movement times (σ = 1: the 99th percentile is 10 times the median)."""


def _open_hall(count: int, premovement: dict[str, Any]) -> dict[str, Any]:
    """A hall opening onto a square over 200 m of open ground: the way never queues, so the
    evacuation time is the last start plus the 60 m walk."""
    nodes = [node("hall", area_m2=20_000), node("square", "assembly", 60, 0, area_m2=50_000)]
    edges = [edge("hall", "square", "open", 60.0, 200.0)]
    return scenario_dict(
        nodes, edges, [group("crowd", "hall", count, premovement)], duration_s=7200
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ten_thousand_people_with_wide_premovement_take_longer_than_2500(seed: int) -> None:
    # Above 2,500 walkers people move in platoons; each person still draws their own
    # pre-movement time, so the slowest of 10,000 starts later than the slowest of 2,500.
    small = _run(_open_hall(2_500, WIDE_PREMOVEMENT), seed)
    large = _run(_open_hall(10_000, WIDE_PREMOVEMENT), seed)
    assert (small.crowd.platoon_size, large.crowd.platoon_size) == (1, 4)
    assert small.crowd.safe_count == 2_500 and large.crowd.safe_count == 10_000
    small_s, large_s = small.crowd.rset_s(), large.crowd.rset_s()
    assert small_s is not None and large_s is not None
    assert large_s > small_s + 100.0


def test_platoons_keep_the_slowest_starter() -> None:
    # No queue on the way: the evacuation ends when the last of the 10,000 people to be
    # ready has walked 60 m at 1.2 m/s (50 s), plus their platoon's passage through the way's
    # entry, 4 / Fc = 4 / (1.316 · 200) ≈ 0.015 s. Their draws are the drill's first.
    seed, n = 4, 10_000
    drill = _run(_open_hall(n, WIDE_PREMOVEMENT), seed)
    draws = np.random.Generator(np.random.PCG64(seed)).lognormal(math.log(60), 1.0, n)
    rset = drill.crowd.rset_s()
    assert rset == pytest.approx(draws.max() + 60.0 / 1.2, abs=0.02)


def test_platoons_are_formed_from_people_who_start_together() -> None:
    times = np.array([50.0, 10.0, 40.0, 20.0, 30.0, 60.0, 70.0])
    assert platoons(times, 3) == [(3, 30.0), (3, 60.0), (1, 70.0)]
    assert platoons(times, 1) == [(1, float(x)) for x in times]


@pytest.mark.parametrize(
    "premovement",
    [
        {"dist": "lognormal", "median_s": 60, "sigma": 1.0, "max_s": 300},
        {"dist": "normal", "mean_s": 200, "sd_s": 100, "max_s": 300},
        {"dist": "uniform", "min_s": 100, "max_s": 300},
        {"dist": "fixed", "value_s": 300, "max_s": 300},
    ],
)
def test_no_one_starts_later_than_max_s(premovement: dict[str, Any]) -> None:
    drill = _run(_open_hall(2_000, premovement))
    starts = [a.premovement_s for a in drill.crowd.agents]
    assert max(starts) <= 300.0
    # the last start, the 50 s walk, and at worst everybody passing the way's entry at once:
    # 2,000 / Fc = 2,000 / (1.316 · 200) ≈ 7.6 s
    rset = drill.crowd.rset_s()
    assert rset is not None and rset <= 300.0 + 60.0 / 1.2 + 7.6
