"""Evacuation time and wall time of a crowd with wide pre-movement times, by crowd size.

A hall opens onto a square over 60 m of open ground 200 m wide, so the way never queues and
the evacuation time is the last start plus the walk. Pre-movement times are log-normal
(median 60 s, σ = 1). Above 2,500 walkers people move in platoons; each person still draws
their own time, so the evacuation time keeps growing with the crowd (the tail of the
distribution does). Prints, per size and seed: the platoon size, the movement processes,
the evacuation time (RSET) and the wall time of the run.

Usage: python bench/bench_crowd_size.py [--seeds N] [SIZE ...]
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from sim.drill import Drill
from sim.loader import check_text


def hall(count: int) -> str:
    """The scenario as JSON text (JSON is YAML)."""
    import json

    data: dict[str, Any] = {
        "format": 1,
        "id": "crowd-size",
        "title": "Crowd size",
        "summary": "A hall and a square.",
        "category": "evacuation",
        "duration_s": 7200,
        "roles": [{"id": "leader", "name": "leader"}],
        "site": {
            "nodes": [
                {"id": "hall", "kind": "room", "x_m": 0, "y_m": 0, "area_m2": 20000},
                {"id": "square", "kind": "assembly", "x_m": 60, "y_m": 0, "area_m2": 50000},
            ],
            "edges": [
                {"from": "hall", "to": "square", "kind": "open", "length_m": 60, "width_m": 200}
            ],
        },
        "population": [
            {
                "id": "crowd",
                "node": "hall",
                "count": count,
                "alerted_by": "start",
                "premovement": {"dist": "lognormal", "median_s": 60, "sigma": 1.0},
            }
        ],
        "actions": [{"id": "alarm", "kind": "alarm", "label": "alarm", "fixed": {"scope": "all"}}],
    }
    return json.dumps(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 2500, 5000, 10000, 20000])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    print(f"{'people':>8} {'seed':>5} {'platoon':>8} {'agents':>7} {'RSET s':>9} {'wall s':>7}")
    for size in args.sizes:
        checked = check_text(hall(size), "<bench>")
        assert checked.scenario is not None
        for seed in range(1, args.seeds + 1):
            t0 = time.perf_counter()
            drill = Drill(checked.scenario, seed)
            drill.run_to_end()
            wall = time.perf_counter() - t0
            crowd = drill.crowd
            rset = crowd.rset_s()
            shown = "-" if rset is None else f"{rset:9.1f}"
            print(
                f"{size:>8} {seed:>5} {crowd.platoon_size:>8} {len(crowd.agents):>7} "
                f"{shown:>9} {wall:>7.2f}"
            )


if __name__ == "__main__":
    main()
