"""Benchmark: Gaussian plume concentration over 1,000 site nodes.

The plume hazard evaluates the concentration at every node of the site on each tick. This
script times :func:`sim.hazards.plume.concentration` (with the wind-frame rotation, as a
tick does it) on 1,000 nodes, 2,000 times, and prints the mean milliseconds per
evaluation. Target: under 5 ms per 1,000-node evaluation.

Run from the repository root:

    python -m bench.bench_plume
"""

from __future__ import annotations

import time

import numpy as np

from sim.hazards.plume import concentration, rotate_to_wind

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


if __name__ == "__main__":
    main()
