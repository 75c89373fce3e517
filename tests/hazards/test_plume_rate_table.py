"""The plume's rate tables against a direct computation.

A dense plume (and a pool's rising vapour) is not linear in the release rate, so each
wind's kernel tabulates the level at every node for 25 rates log-spaced over three decades
and reads a rate between two of them by interpolating the level per kg/s
(``sim.hazards.plume._Rows.ppm``). At the geometric mid-point of each pair of tabulated
rates (the farthest from both), the level read is compared with the level computed
directly at that rate. Figures of ``python -m bench.plume_rate_table`` (chemical-vehicle
leak, 60 s in): dense jet 3.73 % worst where a node reads 10 ppm or more (0.16 kg/s, where
the dense phase hands over to the passive far field), 25.65 % at 1-10 ppm (the plume's
crosswind edge, top interval); the pool's rising vapour 1.72 %. docs/models.md gives them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import sim
from sim.drill import Drill
from sim.hazards import dispersion
from tests.hazards.sites import direct_ppm


def _errors(hz: Any, kernel: Any) -> tuple[np.ndarray, np.ndarray]:
    """Relative errors and direct levels at every node and every mid-point."""
    n = len(hz.indoor)
    rows = kernel._rows(np.arange(n))
    errs, levels = [], []
    for lo, hi in zip(kernel.rates[:-1], kernel.rates[1:], strict=True):
        q = float(np.sqrt(lo * hi))
        read = rows.ppm(np.full(n, q), kernel.rates)
        exact = direct_ppm(hz, kernel, q)
        errs.append(np.abs(read - exact) / np.maximum(exact, 1e-300))
        levels.append(exact)
    return np.concatenate(errs), np.concatenate(levels)


@pytest.fixture(scope="module")
def leak() -> Any:
    drill = Drill(sim.load_scenario(sim.bundled_dir() / "chemical-vehicle-leak.yaml"), seed=1)
    drill.advance(60.0)
    return drill.hazard


def test_the_dense_jets_table_reads_within_its_bound_of_the_direct_level(leak: Any) -> None:
    (jet,) = [k for k in leak._kernels if k.part != "pool"]
    assert jet.table is not None and len(jet.rates) == 25
    err, level = _errors(leak, jet)
    assert (level >= 10.0).sum() > 50
    assert err[level >= 10.0].max() <= 0.05
    assert err[level >= 1.0].max() <= 0.30
    # Interpolating per kg/s is not exact for the dense plume: the table is an approximation.
    assert err[level >= 1.0].max() > 0.01


def test_the_pool_vapours_table_reads_within_its_bound_of_the_direct_level(leak: Any) -> None:
    (pool,) = [k for k in leak._kernels if k.part == "pool"]
    assert pool.table is not None
    err, level = _errors(leak, pool)
    assert (level >= 1.0).sum() > 20
    assert err[level >= 1.0].max() <= 0.025


def test_a_linear_plume_is_read_exactly_at_any_rate(leak: Any) -> None:
    """Where the plume is linear in the rate (a neutral kernel), ppm per kg/s times the rate
    is the level itself: the per-kg/s reading is exact."""
    geo = leak._geometry()
    per = dispersion.neutral_ppm(1.0, geo, width_m=2.0, height_m=1.0)
    for q in (0.003, 0.21, 4.7):
        direct = dispersion.neutral_ppm(q, geo, width_m=2.0, height_m=1.0)
        np.testing.assert_allclose(per * q, direct, rtol=1e-12, atol=1e-300)
