"""Dense-gas dispersion: the Britter–McQuaid workbook correlations (pure physics).

A heavier-than-air release (chlorine, a flashing ammonia jet full of cold aerosol, LPG)
slumps and spreads sideways near the source instead of mixing like a neutral plume. The
Britter–McQuaid workbook correlates field trials (Thorney Island, Maplin Sands, Burro, ...)
in two dimensionless groups: the centreline concentration ratio Cm/C0 at x / L against a
density parameter alpha. This module holds those correlations, the workbook's criteria for
when a release is dense and when it is continuous or instantaneous, and the plume widths.
The hand-over to the Gaussian far field is in :mod:`sim.hazards.dispersion`.

Sources:

- Britter, R. E. and McQuaid, J., *Workbook on the Dispersion of Dense Gases*, HSE Contract
  Research Report 17/1988 (the correlations, figures 8 and 9; criteria; plume widths).
- CCPS, *Guidelines for Consequence Analysis of Chemical Releases* (1999), section 2.3.2.3:
  the same correlations written as piecewise-linear equations in alpha, and the worked
  LNG example (p. 122).
- Crowl and Louvar, *Chemical Process Safety*, 3rd ed. (2011), chapter 5 (dense-gas
  dispersion, tables of the correlations and the worked LNG example).
- US EPA, *User's Guide to TSCREEN*, EPA-454/B-94-023 (1994): the same digitisation.

Symbols: q0 volumetric release rate of the dense gas at source conditions (m3/s), V0 the
volume of an instantaneous release (m3), u the wind speed at 10 m (m/s), g0' = g (rho0 -
rho_a) / rho_a the reduced gravity at the source (m/s2), T0 the source temperature and Ta
the ambient temperature (K). Concentrations are volume fractions (1 = pure gas).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from sim.hazards.checks import non_negative, positive

__all__ = [
    "CONTINUOUS_RATIOS",
    "G_M_S2",
    "INSTANTANEOUS_RATIOS",
    "continuous_alpha",
    "continuous_beta",
    "continuous_half_width_m",
    "continuous_is_dense",
    "continuous_ratio",
    "instantaneous_alpha",
    "instantaneous_beta",
    "instantaneous_is_dense",
    "instantaneous_ratio",
    "non_isothermal_fraction",
    "reduced_gravity_m_s2",
    "release_regime",
]

FloatArray = NDArray[np.float64]

G_M_S2 = 9.80665
"""Standard gravity."""

# Continuous releases. For each concentration ratio Cm/C0, beta = log10(x / D) as a
# piecewise-linear function of alpha, through the ends of the CCPS (1999) section 2.3.2.3
# segments (Crowl and Louvar 2011 ch. 5; TSCREEN 1994): constant below the first alpha,
# linear between the breakpoints. Written as (alphas, betas).
_CONTINUOUS: dict[float, tuple[tuple[float, ...], tuple[float, ...]]] = {
    0.10: ((-0.55, -0.14, 1.0), (1.75, 1.85, 1.28)),
    0.05: ((-0.68, -0.29, -0.18, 1.0), (1.92, 2.06, 2.06, 1.40)),
    0.02: ((-0.69, -0.31, -0.16, 1.0), (2.08, 2.25, 2.25, 1.62)),
    0.01: ((-0.70, -0.29, -0.20, 1.0), (2.25, 2.45, 2.45, 1.83)),
    0.005: ((-0.67, -0.28, -0.15, 1.0), (2.40, 2.63, 2.63, 2.08)),
    0.002: ((-0.69, -0.25, -0.13, 1.0), (2.60, 2.77, 2.77, 2.21)),
}
CONTINUOUS_RATIOS = tuple(sorted(_CONTINUOUS, reverse=True))
"""Concentration ratios Cm/C0 of the continuous correlation, highest first."""

# Instantaneous releases: beta = log10(x / V0^(1/3)) against alpha, CCPS (1999) section
# 2.3.2.3 (Crowl and Louvar 2011 ch. 5), same convention.
_INSTANTANEOUS: dict[float, tuple[tuple[float, ...], tuple[float, ...]]] = {
    0.10: ((-0.44, 0.43, 1.0), (0.70, 0.93, 0.93)),
    0.05: ((-0.56, 0.31, 1.0), (0.85, 1.08, 1.00)),
    0.02: ((-0.66, 0.32, 1.0), (0.95, 1.30, 1.12)),
    0.01: ((-0.71, 0.37, 1.0), (1.15, 1.52, 1.28)),
    0.005: ((-0.52, 0.24, 1.0), (1.48, 1.68, 1.45)),
    0.002: ((0.27, 1.0), (1.83, 1.60)),
    0.001: ((-0.10, 1.0), (2.075, 1.78)),
}
INSTANTANEOUS_RATIOS = tuple(sorted(_INSTANTANEOUS, reverse=True))
"""Concentration ratios Cm/C0 of the instantaneous correlation, highest first."""

CONTINUOUS_NEAR_FIELD_X = 30.0
"""The continuous near-field relation Cm/C0 = 306 / (306 + (x/D)^2) holds to x/D = 30
(Britter and McQuaid 1988; CCPS 1999 section 2.3.2.3)."""


def reduced_gravity_m_s2(rho0_kg_m3: float, rho_air_kg_m3: float) -> float:
    """g0' = g (rho0 - rho_a) / rho_a, m/s2 (Britter and McQuaid 1988)."""
    positive("rho0_kg_m3", rho0_kg_m3)
    positive("rho_air_kg_m3", rho_air_kg_m3)
    return G_M_S2 * (rho0_kg_m3 - rho_air_kg_m3) / rho_air_kg_m3


def continuous_alpha(g0_m_s2: float, q0_m3_s: float, u_m_s: float) -> float:
    """alpha = (1/5) log10(g0'^2 q0 / u^5), the continuous density parameter."""
    positive("g0_m_s2", g0_m_s2)
    positive("q0_m3_s", q0_m3_s)
    positive("u_m_s", u_m_s)
    return 0.2 * math.log10(g0_m_s2**2 * q0_m3_s / u_m_s**5)


def instantaneous_alpha(g0_m_s2: float, v0_m3: float, u_m_s: float) -> float:
    """alpha = (1/2) log10(g0' V0^(1/3) / u^2), the instantaneous density parameter."""
    positive("g0_m_s2", g0_m_s2)
    positive("v0_m3", v0_m3)
    positive("u_m_s", u_m_s)
    return 0.5 * math.log10(g0_m_s2 * v0_m3 ** (1.0 / 3.0) / u_m_s**2)


def continuous_is_dense(g0_m_s2: float, q0_m3_s: float, u_m_s: float) -> bool:
    """The workbook's criterion for a dense continuous plume.

    (g0' q0 / (u^3 D))^(1/3) >= 0.15 with D = (q0 / u)^(1/2) (Britter and McQuaid 1988;
    CCPS 1999 section 2.3.2.3; Crowl and Louvar 2011 ch. 5, dense-gas dispersion). A
    lighter or only slightly heavier release is dispersed as a neutral plume instead.
    """
    if g0_m_s2 <= 0.0:
        return False
    positive("q0_m3_s", q0_m3_s)
    positive("u_m_s", u_m_s)
    d_m = math.sqrt(q0_m3_s / u_m_s)
    return bool((g0_m_s2 * q0_m3_s / (u_m_s**3 * d_m)) ** (1.0 / 3.0) >= 0.15)


def instantaneous_is_dense(g0_m_s2: float, v0_m3: float, u_m_s: float) -> bool:
    """The workbook's criterion for a dense instantaneous cloud.

    (g0' V0^(1/3))^(1/2) / u >= 0.2 (Britter and McQuaid 1988; CCPS 1999 section 2.3.2.3).
    """
    if g0_m_s2 <= 0.0:
        return False
    positive("v0_m3", v0_m3)
    positive("u_m_s", u_m_s)
    return math.sqrt(g0_m_s2 * v0_m3 ** (1.0 / 3.0)) / u_m_s >= 0.2


def release_regime(u_m_s: float, duration_s: float, x_m: float) -> str:
    """Whether a release of this duration looks continuous or instantaneous at distance x.

    u Rd / x >= 2.5: continuous; <= 0.6: instantaneous; in between the workbook says to
    compute both and take the lower concentration (Britter and McQuaid 1988; CCPS 1999
    section 2.3.2.3). Returns "continuous", "instantaneous" or "both".
    """
    positive("u_m_s", u_m_s)
    non_negative("duration_s", duration_s)
    positive("x_m", x_m)
    ratio = u_m_s * duration_s / x_m
    if ratio >= 2.5:
        return "continuous"
    if ratio <= 0.6:
        return "instantaneous"
    return "both"


def _beta(
    table: dict[float, tuple[tuple[float, ...], tuple[float, ...]]], alpha: float
) -> FloatArray:
    if not math.isfinite(alpha):
        raise ValueError(f"alpha must be finite, got {alpha!r}")
    a = min(alpha, 1.0)
    return np.array(
        [
            float(np.interp(a, alphas, betas))
            for alphas, betas in (table[c] for c in sorted(table, reverse=True))
        ]
    )


def continuous_beta(alpha: float) -> FloatArray:
    """beta = log10(x / D) for each ratio of :data:`CONTINUOUS_RATIOS` at this alpha.

    alpha above 1 (very dense, very light wind) is outside the workbook's data and is taken
    as 1; below the first breakpoint the curves are flat (the neutral limit).
    """
    return _beta(_CONTINUOUS, alpha)


def instantaneous_beta(alpha: float) -> FloatArray:
    """beta = log10(x / V0^(1/3)) for each ratio of :data:`INSTANTANEOUS_RATIOS`."""
    return _beta(_INSTANTANEOUS, alpha)


def _knots(
    near_x: float, near_c: float, betas: FloatArray, ratios: tuple[float, ...]
) -> tuple[FloatArray, FloatArray]:
    """Interpolation knots (log10 x', log10 c') from the near-field end and the curves."""
    b0 = math.log10(near_x)
    xs = [b0]
    cs = [math.log10(near_c)]
    for b, c in zip(betas, ratios, strict=True):
        if b > xs[-1] + 1e-6 and math.log10(c) < cs[-1]:
            xs.append(float(b))
            cs.append(math.log10(c))
    return np.array(xs), np.array(cs)


def continuous_ratio(
    x_m: float | FloatArray, g0_m_s2: float, q0_m3_s: float, u_m_s: float
) -> tuple[FloatArray, float, float]:
    """Isothermal centreline ratio Cm/C0 of a dense continuous plume; where it ends, and
    its ratio there.

    With D = (q0/u)^(1/2) and x' = x / D:

    - near field, x' up to 30: Cm/C0 = 306 / (306 + x'^2) (Britter and McQuaid 1988);
    - from there to the Cm/C0 = 0.002 curve: the workbook correlation at this alpha,
      interpolated linearly in log10(Cm/C0) against log10 x' (the figures are log-log);
    - beyond the 0.002 curve the correlation has no data: NaN is returned there, and the
      caller hands over to the passive far field (:mod:`sim.hazards.dispersion`).

    Where the 0.1 curve starts before x' = 30 (alpha above about 0.6) the near field is cut
    at half that distance so the curve stays monotone. Returns (ratio per x, x_end_m,
    ratio at x_end).
    ``x_m`` <= 0 gives 1 (undiluted source gas).
    """
    alpha = continuous_alpha(g0_m_s2, q0_m3_s, u_m_s)
    d_m = math.sqrt(q0_m3_s / u_m_s)
    betas = continuous_beta(alpha)
    first = 10.0 ** betas[0]
    near_x = CONTINUOUS_NEAR_FIELD_X if first > CONTINUOUS_NEAR_FIELD_X else first / 2.0
    near_c = 306.0 / (306.0 + near_x**2)
    kx, kc = _knots(near_x, near_c, betas, CONTINUOUS_RATIOS)
    x = np.atleast_1d(np.asarray(x_m, dtype=np.float64)) / d_m
    out = np.full(x.shape, np.nan)
    near = x <= near_x
    out[near] = 306.0 / (306.0 + np.maximum(x[near], 0.0) ** 2)
    mid = (~near) & (x <= 10.0 ** kx[-1] * (1.0 + 1e-12))
    out[mid] = 10.0 ** np.interp(np.log10(x[mid]), kx, kc)
    return out, float(d_m * 10.0 ** kx[-1]), float(10.0 ** kc[-1])


def instantaneous_ratio(
    x_m: float | FloatArray, g0_m_s2: float, v0_m3: float, u_m_s: float
) -> FloatArray:
    """Isothermal peak ratio Cm/C0 of a dense instantaneous cloud at distance x.

    With L = V0^(1/3) and x' = x / L: near field Cm/C0 = 3.24 / (3.24 + x'^2), not below the
    0.1 curve's value before that curve starts; between the curves, log-log interpolation;
    beyond the 0.001 curve, decay as x'^-2 from its last point (Britter and McQuaid 1988;
    CCPS 1999 section 2.3.2.3).
    """
    alpha = instantaneous_alpha(g0_m_s2, v0_m3, u_m_s)
    length_m = v0_m3 ** (1.0 / 3.0)
    betas = instantaneous_beta(alpha)
    first = 10.0 ** betas[0]
    kx, kc = _knots(first, INSTANTANEOUS_RATIOS[0], betas[1:], INSTANTANEOUS_RATIOS[1:])
    x = np.atleast_1d(np.asarray(x_m, dtype=np.float64)) / length_m
    out = np.empty(x.shape)
    near = x <= first
    out[near] = np.maximum(3.24 / (3.24 + np.maximum(x[near], 0.0) ** 2), INSTANTANEOUS_RATIOS[0])
    last = 10.0 ** kx[-1]
    mid = (~near) & (x <= last)
    out[mid] = 10.0 ** np.interp(np.log10(x[mid]), kx, kc)
    far = x > last
    out[far] = 10.0 ** kc[-1] * (last / x[far]) ** 2
    return out


def non_isothermal_fraction(
    ratio: float | FloatArray, source_temperature_k: float, ambient_temperature_k: float
) -> FloatArray:
    """Actual volume fraction from the isothermal ratio read off the correlations.

    The workbook's curves are for an isothermal release; for a cold source C* = C / (C +
    (1 - C) Ta / T0) (Britter and McQuaid 1988; Crowl and Louvar 2011 ch. 5), inverted
    here: C = C* / (C* + (1 - C*) T0 / Ta).
    """
    positive("source_temperature_k", source_temperature_k)
    positive("ambient_temperature_k", ambient_temperature_k)
    c = np.asarray(ratio, dtype=np.float64)
    t_ratio = source_temperature_k / ambient_temperature_k
    out: FloatArray = c / (c + (1.0 - c) * t_ratio)
    return out


def continuous_half_width_m(
    x_m: float | FloatArray, g0_m_s2: float, q0_m3_s: float, u_m_s: float
) -> FloatArray:
    """Crosswind half-width of a dense continuous plume, m.

    Lh = Lh0 + 2.5 lb^(1/3) x^(2/3), Lh0 = D + 8 lb, lb = g0' q0 / u^3 (Britter and McQuaid
    1988; CCPS 1999 section 2.3.2.3). ``x_m`` below 0 gives Lh0.
    """
    positive("q0_m3_s", q0_m3_s)
    positive("u_m_s", u_m_s)
    lb = max(g0_m_s2, 0.0) * q0_m3_s / u_m_s**3
    d_m = math.sqrt(q0_m3_s / u_m_s)
    x = np.maximum(np.asarray(x_m, dtype=np.float64), 0.0)
    out: FloatArray = (d_m + 8.0 * lb) + 2.5 * lb ** (1.0 / 3.0) * x ** (2.0 / 3.0)
    return out
