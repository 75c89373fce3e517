"""Benchmark: the drill engine's event rate and the wall time of large evacuations.

From one run this script prints:

- the engine's event rate while evacuating the 10,000-person building below, as a ratio
  against a bare SimPy loop that processes the same number of events (processes waiting
  on timeouts of varied lengths, the pattern of walkers in the engine). Target: at least
  0.5 of bare SimPy's rate;
- the wall time to simulate evacuating 1,000 and 10,000 people from a generated
  multi-storey office building (everyone alerted at t = 0 by the alarm action, run to the
  end), with the simulated evacuation time (RSET) and the platoon size. Targets: 1,000
  people in under 1 s, 10,000 people in under 10 s.

Events are counted in a separate run (counting costs a little time); every time printed
is the best of REPEATS runs, and the engine and the bare loop take turns, so that a busy
spell on the machine does not favour either.

Run from the repository root:

    python -m bench.bench_engine
"""

from __future__ import annotations

import json
import time
from collections.abc import Generator
from typing import Any

import simpy

from sim.drill import Drill
from sim.loader import check_text
from sim.scenario import Scenario

FLOORS = 8
ROOMS_PER_FLOOR = 6
OCCUPANT_LOAD_M2_PER_PERSON = 13.9
"""Floor area per occupant of an office: IBC 2021 Table 1004.5, business areas, 150 ft²
gross per occupant. Each room is given the area its occupants need at this load (at least
20 m²), so no room starts above the SFPE jam density the loader enforces."""
STOREY_M = 3.6
RATIO_TARGET = 0.5
WALL_TARGET_S = {1_000: 1.0, 10_000: 10.0}
REPEATS = 5


def building(people: int) -> dict[str, Any]:
    """A scenario: an office block of FLOORS storeys with two stairs, two exits, one yard.

    Each storey has ROOMS_PER_FLOOR rooms off a central corridor (one node per corridor
    bay), a west and an east stair landing, and the stairs run down to the ground floor,
    where they open on the west and east exits; both exits lead to one assembly yard. The
    people are spread evenly over the rooms, each room sized for its occupants at the
    office occupant load (OCCUPANT_LOAD_M2_PER_PERSON); pre-movement is log-normal
    (median 60 s).
    """
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    population: list[dict[str, Any]] = []
    rooms = FLOORS * ROOMS_PER_FLOOR
    per_room, extra = divmod(people, rooms)
    bay_m = 8.0
    for f in range(FLOORS):
        west, east = f"sw{f}", f"se{f}"
        nodes.append({"id": west, "kind": "stair", "x_m": 0, "y_m": 0, "floor": f})
        nodes.append(
            {
                "id": east,
                "kind": "stair",
                "x_m": bay_m * (ROOMS_PER_FLOOR + 1),
                "y_m": 0,
                "floor": f,
            }
        )
        for r in range(ROOMS_PER_FLOOR):
            bay, room = f"c{f}_{r}", f"r{f}_{r}"
            x = bay_m * (r + 1)
            nodes.append({"id": bay, "kind": "corridor", "x_m": x, "y_m": 0, "floor": f})
            count = per_room + (1 if f * ROOMS_PER_FLOOR + r < extra else 0)
            area_m2 = max(20.0, round(count * OCCUPANT_LOAD_M2_PER_PERSON, 1))
            nodes.append(
                {"id": room, "kind": "room", "x_m": x, "y_m": 8, "floor": f, "area_m2": area_m2}
            )
            edges.append({"from": room, "to": bay, "kind": "door", "length_m": 8, "width_m": 0.9})
            prev = west if r == 0 else f"c{f}_{r - 1}"
            edges.append(
                {"from": prev, "to": bay, "kind": "corridor", "length_m": bay_m, "width_m": 1.8}
            )
            population.append(
                {
                    "id": f"p{f}_{r}",
                    "node": room,
                    "count": count,
                    "premovement": {"dist": "lognormal", "median_s": 60, "sigma": 0.5},
                }
            )
        edges.append(
            {
                "from": f"c{f}_{ROOMS_PER_FLOOR - 1}",
                "to": east,
                "kind": "corridor",
                "length_m": bay_m,
                "width_m": 1.8,
            }
        )
        if f > 0:
            for side in ("sw", "se"):
                edges.append(
                    {
                        "from": f"{side}{f}",
                        "to": f"{side}{f - 1}",
                        "kind": "stair",
                        "length_m": 2 * STOREY_M / 0.6,
                        "width_m": 1.2,
                        "riser_m": 0.165,
                        "tread_m": 0.28,
                    }
                )
    x_east = bay_m * (ROOMS_PER_FLOOR + 1)
    nodes += [
        {"id": "exit_w", "kind": "exit", "x_m": -6, "y_m": 0},
        {"id": "exit_e", "kind": "exit", "x_m": x_east + 6, "y_m": 0},
        {"id": "yard", "kind": "assembly", "x_m": x_east / 2, "y_m": -60, "area_m2": 5000},
    ]
    edges += [
        {"from": "sw0", "to": "exit_w", "kind": "door", "length_m": 6, "width_m": 1.8},
        {"from": "se0", "to": "exit_e", "kind": "door", "length_m": 6, "width_m": 1.8},
        {"from": "exit_w", "to": "yard", "kind": "open", "length_m": 70, "width_m": 10},
        {"from": "exit_e", "to": "yard", "kind": "open", "length_m": 70, "width_m": 10},
    ]
    return {
        "format": 1,
        "id": f"bench-office-{people}",
        "title": "Benchmark office block",
        "summary": "A generated multi-storey office block for timing the engine.",
        "category": "evacuation",
        "duration_s": 7200,
        "roles": [{"id": "leader", "name": "Leader"}],
        "site": {"nodes": nodes, "edges": edges, "default_assembly": "yard"},
        "population": population,
        "hazard": {"model": "none"},
        "actions": [
            {
                "id": "alarm",
                "kind": "alarm",
                "label": "Sound the alarm",
                "duration_s": 0,
                "fixed": {"scope": "all"},
            }
        ],
    }


def load(people: int) -> Scenario:
    """The generated building, checked like a file."""
    checked = check_text(json.dumps(building(people)), f"<bench {people}>")
    if checked.scenario is None:
        raise SystemExit("\n".join(p.format("en") for p in checked.problems))
    return checked.scenario


def evacuate(scenario: Scenario, count: bool = False) -> tuple[float, float, int, Drill]:
    """Build a drill, sound the alarm at t = 0 and run to the end.

    Returns the total wall time (building the drill included), the wall time of the run
    alone, the number of events the environment processed during the run (when ``count``
    is set; counting costs a little time) and the drill.
    """
    t0 = time.perf_counter()
    drill = Drill(scenario, seed=7)
    processed = 0
    if count:
        base_step = drill.env.step

        def step() -> None:
            nonlocal processed
            processed += 1
            base_step()

        # run() looks step() up on the instance at every event.
        drill.env.step = step  # type: ignore[method-assign]
    drill.act("alarm", "leader")
    t1 = time.perf_counter()
    drill.run_to_end()
    t2 = time.perf_counter()
    return t2 - t0, t2 - t1, processed, drill


def bare_simpy(n_events: int, n_procs: int, count: bool = False) -> tuple[float, int]:
    """Wall time of a bare SimPy loop processing ``n_events`` events (and the count).

    ``n_procs`` processes each wait on a run of timeouts of varied lengths (a walker's
    pre-movement, then one timeout per way); with each process's start and end events the
    loop processes ``n_events`` events.
    """
    env = simpy.Environment()
    per_proc, extra = divmod(max(n_events - 2 * n_procs, n_procs), n_procs)

    def walker(i: int, hops: int) -> Generator[simpy.Event, Any, None]:
        for h in range(hops):
            yield env.timeout(1.0 + ((i * 7919 + h * 104729) % 1000) / 100.0)

    for i in range(n_procs):
        env.process(walker(i, per_proc + (1 if i < extra else 0)))
    processed = 0
    if count:
        base_step = env.step

        def step() -> None:
            nonlocal processed
            processed += 1
            base_step()

        env.step = step  # type: ignore[method-assign]
    t0 = time.perf_counter()
    env.run()
    return time.perf_counter() - t0, processed


def main() -> None:
    print(f"building: {FLOORS} storeys x {ROOMS_PER_FLOOR} rooms, two stairs, two exits")
    evacuate(load(50))  # warm-up: imports and code paths
    best: dict[int, tuple[float, float, int, Drill]] = {}
    events: dict[int, int] = {}
    for people in (1_000, 10_000):
        scenario = load(people)
        events[people] = evacuate(scenario, count=True)[2]
        # Best of REPEATS: the machine may be busy with other work.
        best[people] = min((evacuate(scenario) for _ in range(REPEATS)), key=lambda r: r[0])
        wall_s, run_s, _, drill = best[people]
        rset = drill.crowd.rset_s()
        target = WALL_TARGET_S[people]
        verdict = "OK" if wall_s < target else "SLOW"
        print(
            f"{people:>6} people: wall {wall_s:6.3f} s (run {run_s:6.3f} s, "
            f"{events[people]} events), RSET {rset:7.1f} s, "
            f"platoon size {drill.crowd.platoon_size}, {len(drill.crowd.agents)} agents  "
            f"(target < {target:.0f} s) {verdict}"
        )

    # The event rate: the 10,000-person run against the bare loop, runs interleaved so
    # that a busy spell on the machine hits both alike; best of REPEATS each.
    scenario = load(10_000)
    n_events = events[10_000]
    n_procs = len(best[10_000][3].crowd.agents)
    assert abs(bare_simpy(n_events, n_procs, count=True)[1] - n_events) <= 1
    engine_s, bare_s = best[10_000][1], float("inf")
    for _ in range(REPEATS):
        engine_s = min(engine_s, evacuate(scenario)[1])
        bare_s = min(bare_s, bare_simpy(n_events, n_procs)[0])
    engine_rate = n_events / engine_s
    bare_rate = n_events / bare_s
    ratio = engine_rate / bare_rate
    verdict = "OK" if ratio >= RATIO_TARGET else "SLOW"
    print(
        f"event rate: engine {engine_rate:,.0f} events/s, bare SimPy {bare_rate:,.0f} "
        f"events/s ({n_events} events, {n_procs} processes): ratio {ratio:.2f} "
        f"(target >= {RATIO_TARGET}) {verdict}"
    )


if __name__ == "__main__":
    main()
