"""How far the plume's rate tables are from a direct computation, for docs/models.md.

A dense (or rising) plume is not linear in the release rate, so each wind's kernel tabulates
the level at every node for 25 rates log-spaced over three decades, and a rate between two
of them is read by interpolating the level per kg/s (``sim.hazards.plume._Rows.ppm``). This
script reads the kernels of a bundled scenario at the geometric mid-point of each pair of
tabulated rates (where the interpolation is furthest from its knots) and compares with the
level computed directly at that rate, over every node at or above 1 ppm.

Run from the repository root:

    python -m bench.plume_rate_table [scenario-id ...]
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

import sim
from sim.drill import Drill
from tests.hazards.sites import direct_ppm


def worst_mid_point_error(hz: Any, kernel: Any, floor_ppm: float = 1.0) -> tuple[float, float]:
    """The largest relative error of the table at the mid-points between its rates, over the
    nodes reading at least ``floor_ppm`` there, and the rate it occurs at, kg/s."""
    rows = kernel._rows(np.arange(len(hz.indoor)))
    worst, at = 0.0, 0.0
    for lo, hi in zip(kernel.rates[:-1], kernel.rates[1:], strict=True):
        q = float(np.sqrt(lo * hi))
        read = rows.ppm(np.full(len(hz.indoor), q), kernel.rates)
        exact = direct_ppm(hz, kernel, q)
        seen = exact >= floor_ppm
        if seen.any():
            err = float(np.max(np.abs(read[seen] - exact[seen]) / exact[seen]))
            if err > worst:
                worst, at = err, q
    return worst, at


def main(ids: list[str]) -> None:
    for sid in ids or ["chemical-vehicle-leak"]:
        drill = Drill(sim.load_scenario(sim.bundled_dir() / f"{sid}.yaml"), seed=1)
        drill.advance(60.0)
        hz: Any = drill.hazard
        for kernel in hz._kernels:
            if kernel.table is None:
                print(f"{sid} {kernel.part}: linear, exact")
                continue
            worst, at = worst_mid_point_error(hz, kernel)
            print(
                f"{sid} {kernel.part}: {len(kernel.rates)} rates "
                f"{kernel.rates[0]:.3g}-{kernel.rates[-1]:.3g} kg/s, "
                f"worst mid-point error {worst * 100:.2f} % at {at:.3g} kg/s"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
