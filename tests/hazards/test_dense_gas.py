"""Britter–McQuaid dense-gas correlations against the published worked example and the
CCPS equations they are written from."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.hazards import dense_gas as dg

R = 8.314462618
M_AIR = 0.028965


def _air_kg_m3(t_k: float) -> float:
    return 101325.0 * M_AIR / (R * t_k)


# Crowl and Louvar, *Chemical Process Safety*, 3rd ed. (2011), ch. 5, dense-gas worked
# example (also CCPS 1999 p. 122): LNG spilled at 0.23 m³/s of liquid (425.6 kg/m³), its
# vapour 1.76 kg/m³ at −162 °C (111 K), wind 10.9 m/s at 10 m, ambient 298 K and 1 atm.
# The book finds the release dense, reads β ≈ 2.21 at the temperature-corrected ratio
# C* = 0.0192 and gives 367 m to the LFL of 5 %.
LNG_Q0_M3_S = 0.23 * 425.6 / 1.76
LNG_U_M_S = 10.9
LNG_T0_K = 111.0
AMBIENT_K = 298.0


def _lng_g0() -> float:
    return dg.reduced_gravity_m_s2(1.76, _air_kg_m3(AMBIENT_K))


def _distance_to(fraction: float) -> float:
    """Downwind distance at which the LNG plume falls to ``fraction`` (bisection)."""
    g0 = _lng_g0()
    lo, hi = 10.0, 2000.0
    for _ in range(80):
        mid = (lo + hi) / 2
        ratio, _, _ = dg.continuous_ratio(np.array([mid]), g0, LNG_Q0_M3_S, LNG_U_M_S)
        c = float(dg.non_isothermal_fraction(ratio, LNG_T0_K, AMBIENT_K)[0])
        if c > fraction:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def test_the_lng_example_is_dense_and_continuous() -> None:
    g0 = _lng_g0()
    d_m = math.sqrt(LNG_Q0_M3_S / LNG_U_M_S)
    # The book: D = 2.26 m; (g0' q0 / u³ D)^(1/3) = 0.44 > 0.15, dense.
    assert d_m == pytest.approx(2.26, abs=0.005)
    group = (g0 * LNG_Q0_M3_S / (LNG_U_M_S**3 * d_m)) ** (1 / 3)
    assert group == pytest.approx(0.44, rel=0.05)
    assert dg.continuous_is_dense(g0, LNG_Q0_M3_S, LNG_U_M_S)
    # Spill of 174 s: u Rd / x = 10.9 * 174 / 367 = 5.2 >= 2.5, continuous.
    assert dg.release_regime(LNG_U_M_S, 174.0, 367.0) == "continuous"


def test_the_temperature_correction_matches_the_book() -> None:
    """C* = C / (C + (1 − C) Ta/T0) = 0.0192 for C = 5 %; its inverse gives 5 % back."""
    c_star = 0.05 / (0.05 + 0.95 * AMBIENT_K / LNG_T0_K)
    assert c_star == pytest.approx(0.0192, abs=1e-4)
    back = float(dg.non_isothermal_fraction(c_star, LNG_T0_K, AMBIENT_K))
    assert back == pytest.approx(0.05, rel=1e-12)


def test_the_distance_to_the_lfl_matches_the_worked_example() -> None:
    """367 m in the book; tolerance 5 %: the book reads β off a log-log chart to two
    decimals (one unit in the second decimal is 2.3 % in distance)."""
    assert _distance_to(0.05) == pytest.approx(367.0, rel=0.05)


@pytest.mark.parametrize(
    ("alpha", "expected"),
    [
        # CCPS (1999) section 2.3.2.3, continuous-release equations evaluated by hand:
        # 0.1: 0.24α + 1.88; 0.05: 0.36α + 2.16; 0.02: 0.45α + 2.39; 0.01: 0.49α + 2.59;
        # 0.005: 0.59α + 2.80; 0.002: 0.39α + 2.87 (for the middle segment).
        (-0.4, [1.784, 2.016, 2.21, 2.394, 2.564, 2.714]),
        # Flat below the first breakpoint.
        (-0.8, [1.75, 1.92, 2.08, 2.25, 2.40, 2.60]),
        # Last segment: −0.5α + 1.78, −0.56α + 1.96, −0.54α + 2.16, −0.52α + 2.35,
        # −0.48α + 2.56, −0.50α + 2.71.
        (0.5, [1.53, 1.68, 1.89, 2.09, 2.32, 2.46]),
    ],
)
def test_continuous_curves_follow_the_ccps_equations(alpha: float, expected: list[float]) -> None:
    # Tolerance 0.01 in β: the curves pass through the segment ends, where the published
    # equations disagree with each other by up to 0.005.
    assert np.allclose(dg.continuous_beta(alpha), expected, atol=0.01)


def test_instantaneous_curves_follow_the_ccps_equations() -> None:
    """At α = 0 the CCPS (1999) instantaneous equations give 0.81, 1.00, 1.19, 1.39, 1.62,
    1.83 and 2.05 for Cm/C0 = 0.1 ... 0.001."""
    assert np.allclose(
        dg.instantaneous_beta(0.0), [0.81, 1.00, 1.19, 1.39, 1.62, 1.83, 2.05], atol=0.01
    )


def test_the_ratio_passes_through_the_curves_and_falls_with_distance() -> None:
    g0, q0, u = 19.6, 0.5, 2.0
    alpha = dg.continuous_alpha(g0, q0, u)
    betas = dg.continuous_beta(alpha)
    d_m = math.sqrt(q0 / u)
    x = d_m * 10.0**betas
    ratio, x_end, end = dg.continuous_ratio(x, g0, q0, u)
    assert np.allclose(ratio, dg.CONTINUOUS_RATIOS, rtol=1e-9)
    assert x_end == pytest.approx(x[-1], rel=1e-12)
    assert end == pytest.approx(0.002, rel=1e-12)
    grid = np.geomspace(0.1, x_end, 200)
    r, _, _ = dg.continuous_ratio(grid, g0, q0, u)
    assert np.all(np.diff(r) <= 0.0)
    # Near field: 306 / (306 + x'²).
    near, _, _ = dg.continuous_ratio(np.array([10 * d_m]), g0, q0, u)
    assert near[0] == pytest.approx(306 / 406, rel=1e-12)
    # Beyond the data: no value (the far field takes over).
    beyond, _, _ = dg.continuous_ratio(np.array([2 * x_end]), g0, q0, u)
    assert np.isnan(beyond[0])


def test_instantaneous_cloud_passes_through_the_curves() -> None:
    g0, v0, u = 4.0, 5000.0, 2.0
    betas = dg.instantaneous_beta(dg.instantaneous_alpha(g0, v0, u))
    x = v0 ** (1 / 3) * 10.0**betas
    assert np.allclose(dg.instantaneous_ratio(x, g0, v0, u), dg.INSTANTANEOUS_RATIOS, rtol=1e-9)
    # Beyond the last curve the peak decays as x^-2.
    far = dg.instantaneous_ratio(np.array([2 * x[-1]]), g0, v0, u)
    assert far[0] == pytest.approx(0.001 / 4, rel=1e-9)


def test_criteria() -> None:
    # A neutral or light gas is never dense.
    assert not dg.continuous_is_dense(0.0, 1.0, 2.0)
    assert not dg.instantaneous_is_dense(-1.0, 100.0, 2.0)
    # Instantaneous: (g0' V0^(1/3))^(1/2) / u = (4 · 10)^(1/2) / 2 = 3.2 >= 0.2.
    assert dg.instantaneous_is_dense(4.0, 1000.0, 2.0)
    assert dg.release_regime(2.0, 10.0, 100.0) == "instantaneous"  # 0.2
    assert dg.release_regime(2.0, 50.0, 100.0) == "both"  # 1.0


def test_plume_width_follows_the_workbook() -> None:
    """Lh = D + 8 lb + 2.5 lb^(1/3) x^(2/3), lb = g0' q0 / u³ (hand calculation)."""
    g0, q0, u = 19.6, 0.5, 2.0
    lb = g0 * q0 / u**3
    d_m = math.sqrt(q0 / u)
    expected = d_m + 8 * lb + 2.5 * lb ** (1 / 3) * 100.0 ** (2 / 3)
    assert float(dg.continuous_half_width_m(100.0, g0, q0, u)) == pytest.approx(expected)
