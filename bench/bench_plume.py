"""Benchmark: Gaussian plume concentration over 1,000 site nodes.

The plume hazard evaluates the concentration at every node of the site on each tick. This
script times, on 1,000 nodes:

- :func:`sim.hazards.plume.concentration` with the wind-frame rotation, 2,000 times;
- one tick of the running model inside a drill: advancing 5 s of sim time and reading the
  levels at every node (outdoor plume with its travel delay, indoor infiltration), as the
  engine's exposure sampling and the app's map do. Two releases: a neutral gas at a given
  rate, and flashing ammonia (two-phase source, dense Britter–McQuaid plume tabulated per
  node over the release rate, handed over to the Gaussian far field) draining a 20 t
  tanker onto a pool that boils off the ground, with a partial mitigation half-way; every
  place downwind reads the along-wind spread of the release.

It prints the mean milliseconds per evaluation. Target: under 5 ms per 1,000-node tick.

Run from the repository root:

    python -m bench.bench_plume
"""

from __future__ import annotations

import time

import numpy as np

from sim.drill import Drill
from sim.hazards.plume import concentration, rotate_to_wind
from sim.scenario import Scenario

NODES = 1_000
REPEATS = 2_000
TARGET_MS = 5.0


def main() -> None:
    rng = np.random.default_rng(2024)
    x_site = rng.uniform(-1_500.0, 1_500.0, NODES)
    y_site = rng.uniform(-1_500.0, 1_500.0, NODES)
    z = np.full(NODES, 1.5)  # breathing height

    # Warm-up (first call allocates and loads code paths).
    down, cross = rotate_to_wind(x_site, y_site, 0.0, 0.0, 270.0)
    concentration(0.5, 3.0, down, cross, z, 2.0, "D")

    start = time.perf_counter()
    total = 0.0
    for i in range(REPEATS):
        wind_from_deg = 270.0 + (i % 20)  # a slowly veering wind, as in a drill
        down, cross = rotate_to_wind(x_site, y_site, 0.0, 0.0, wind_from_deg)
        c = concentration(0.5, 3.0, down, cross, z, 2.0, "D")
        total += float(c[0])
    elapsed_s = time.perf_counter() - start

    mean_ms = elapsed_s / REPEATS * 1e3
    verdict = "OK" if mean_ms < TARGET_MS else "SLOW"
    print(
        f"plume concentration: {NODES} nodes x {REPEATS} evaluations, "
        f"mean {mean_ms:.3f} ms per evaluation (target < {TARGET_MS:.0f} ms) {verdict}"
    )


def site_scenario(rng: np.random.Generator, *, dense: bool = False) -> Scenario:
    """1,000 nodes scattered over 3 km, a third of them indoors, around an ammonia leak."""
    kinds = ["yard", "room", "road"]
    nodes = [{"id": "src", "kind": "yard", "x_m": 0.0, "y_m": 0.0}]
    nodes += [
        {
            "id": f"n{i}",
            "kind": kinds[i % 3],
            "x_m": float(rng.uniform(-1_500.0, 1_500.0)),
            "y_m": float(rng.uniform(-1_500.0, 1_500.0)),
        }
        for i in range(NODES - 2)
    ]
    nodes.append({"id": "safe", "kind": "assembly", "x_m": -1_600.0, "y_m": 0.0})
    edges = [{"from": "src", "to": n["id"], "kind": "open", "length_m": 10} for n in nodes[1:]]
    release: dict[str, object] = (
        {"kind": "flashing", "substance": "ammonia", "hole_diameter_m": 0.025}
        if dense
        else {"kind": "rate", "rate_kg_s": 1.3}
    )
    return Scenario.model_validate(
        {
            "id": "bench-plume",
            "title": "bench",
            "summary": "bench",
            "category": "hazmat_vehicle_leak",
            "duration_s": 7200,
            "weather": {"wind_from_deg": 315, "wind_speed_m_s": 2.5, "cloud": "overcast"},
            "roles": [{"id": "r", "name": "r"}],
            "site": {"nodes": nodes, "edges": edges},
            "hazard": {
                "model": "plume",
                "params": {
                    "source_node": "src",
                    "material": "ammonia",
                    "molar_mass_kg_mol": 0.017031,
                    "release": release,
                    "inventory_kg": 20000,
                    "thresholds": [{"id": "AEGL-2", "label": "AEGL-2", "value": 160}],
                    "mitigations": [{"id": "curtain", "by": ["a"], "airborne_factor": 0.5}],
                },
            },
            "actions": [{"id": "a", "kind": "verify", "label": "a"}],
        }
    )


def model_tick(*, dense: bool) -> None:
    rng = np.random.default_rng(7)
    built = time.perf_counter()
    drill = Drill(site_scenario(rng, dense=dense), seed=1)
    build_ms = (time.perf_counter() - built) * 1e3
    ticks = 1_000
    drill.advance(5.0)
    drill.hazard.levels()
    start = time.perf_counter()
    cpu = time.process_time()
    for k in range(2, ticks + 2):
        if k == ticks // 2:
            drill.act("a", "r")
        drill.advance(5.0 * k)
        drill.hazard.levels()
    elapsed_s = time.perf_counter() - start
    cpu_ms = (time.process_time() - cpu) / ticks * 1e3
    mean_ms = elapsed_s / ticks * 1e3
    verdict = "OK" if mean_ms < TARGET_MS else "SLOW"
    kind = "dense flashing ammonia" if dense else "neutral gas"
    print(
        f"plume model tick, {kind} (advance 5 s + levels at {NODES} nodes): "
        f"mean {mean_ms:.3f} ms per tick, {cpu_ms:.3f} ms of CPU (target < {TARGET_MS:.0f} ms) "
        f"{verdict}; drill set-up {build_ms:.0f} ms"
    )


if __name__ == "__main__":
    main()
    model_tick(dense=False)
    model_tick(dense=True)
