"""Benchmark: what harm from dose costs a drill.

Runs the plume test site of tests/hazards/test_plume_model.py with N people standing at
the downwind points (never alerted, so every exposure tick charges all of them), once
with the bundled chlorine dose model (toxic load, probit and AEGL classes per person) and
once without one (the threshold-time rule), and prints the best wall time of REPEATS
runs of each, to the end of the 30-minute drill.

Run from the repository root:

    python -m bench.bench_harm
"""

from __future__ import annotations

import time
from typing import Any

from sim.drill import Drill
from sim.scenario import Scenario
from tests.hazards.test_plume_model import plume_scenario

REPEATS = 3
PEOPLE = (100, 1_000, 2_500)


def _scenario(people: int, toxic: bool) -> Scenario:
    data: dict[str, Any] = plume_scenario().model_dump(by_alias=True)
    nodes = ("d200", "d500", "d200n", "u200")
    data["population"] = [
        {
            "id": f"g_{n}",
            "node": n,
            "count": people // len(nodes),
            "alerted_by": "evacuate",
            "premovement": {"dist": "fixed", "value_s": 0},
        }
        for n in nodes
    ]
    for node in data["site"]["nodes"]:
        node["area_m2"] = 5_000.0
    if toxic:
        data["hazard"]["params"]["toxicity"] = {"substance": "chlorine"}
    return Scenario.model_validate(data)


def _best_s(scenario: Scenario) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        Drill(scenario, seed=1).run_to_end()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    print(f"{'people':>7} {'threshold rule, s':>18} {'dose model, s':>14} {'ratio':>6}")
    for n in PEOPLE:
        plain = _best_s(_scenario(n, toxic=False))
        dosed = _best_s(_scenario(n, toxic=True))
        print(f"{n:>7} {plain:>18.3f} {dosed:>14.3f} {dosed / plain:>6.2f}")


if __name__ == "__main__":
    main()
