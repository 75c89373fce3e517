"""Where the released gas goes: the level per node for a given release rate (pure physics).

This module turns a release rate into the concentration a person breathes at each site
node. It joins the pieces described in docs/models.md section 1:

- **Neutral plume with an initial dilution.** The Gaussian plume with Briggs open-country
  sigmas, from a *virtual point source* upwind of the real one, placed where the sigmas
  equal the source's initial cloud size: sigma_y0 = W / 4.3, sigma_z0 = H / 2.15 for a
  cloud W wide and H high (Turner 1970, ch. 4, virtual point sources; the same device
  as for area sources). The concentration at the source is then finite and the Briggs
  formulas are never extrapolated to zero size below their 100 m range.
- **Dense plume.** A heavier-than-air continuous release that meets the workbook's dense
  criterion follows the Britter–McQuaid correlation (:mod:`sim.hazards.dense_gas`) to the
  end of its data (Cm/C0 = 0.002); beyond, a passive Gaussian plume takes over from a
  virtual source whose sigmas are matched there: sigma_y to the dense plume's width and
  sigma_z so that the centreline concentration is the same. The hand-over is continuous.
  A release too short to be continuous at a place (u Rd / x < 2.5) reads the lower of the
  continuous and instantaneous correlations there (Britter and McQuaid 1988).
- **Averaging time and meander.** Briggs/Pasquill sigma_y holds for about 10-min averages;
  for an averaging time t it is scaled by (t / 600 s)^0.2 (Turner 1970, ch. 3,
  the 1/5 power law; ALOHA technical documentation, Jones et al. 2013). At low wind (below
  2 m/s) the direction wanders over a sector: the plume is averaged over a direction
  uniformly spread over +-theta (variance theta^2 / 3), with theta growing from 0 at
  2 m/s to the scenario's meander angle at 1 m/s. Both widen the plume and lower its
  centreline so that the crosswind integral (the mass flux) is unchanged.
- **Buoyant rise.** A release lighter than the air (an ammonia pool's vapour) starts from
  the release height plus its Briggs plume rise at each distance
  (:mod:`sim.hazards.plume_rise`).
- **Bounded by physics.** No level exceeds pure gas (10^6 ppm). The source's own node is
  read where a person in it stands on average: at the rms radius of its area, downwind.
- **Along-wind spread of a finite cloud.** A release of finite or changing rate is a train
  of puffs, each spread along the wind by sigma_x (Palazzi et al. 1982, "Diffusion from a
  steady source of short duration", Atmos. Environ. 16, 2785-2790; the integrated-puff
  form of CCPS 1999 section 2.3.1). A place x m downwind reads the release rate averaged
  over a Gaussian in release time centred x/u before and sigma_x / u wide, so the front and
  the tail of a cloud are smooth ramps instead of steps; a steady release reads the steady
  plume. sigma_x = sigma_y of the Pasquill-Gifford puff coefficients (CCPS 1999 section
  2.3.1, after Slade 1968; Crowl and Louvar 2011 ch. 5, sigma_x = sigma_y).

Concentrations are returned in ppm at the receptor height.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.hazards import dense_gas
from sim.hazards.plume_physics import briggs_sigmas, kg_m3_to_ppm, ppm_to_kg_m3

__all__ = [
    "AIR_MOLAR_MASS_KG_MOL",
    "REFERENCE_AVERAGING_S",
    "DenseCloud",
    "Geometry",
    "along_wind_sigma_m",
    "averaging_factor",
    "crosswind_spread",
    "dense_ppm",
    "gaussian_mean_rate",
    "meander_half_angle_rad",
    "neutral_ppm",
    "virtual_distance_m",
]

FloatArray = NDArray[np.float64]

REFERENCE_AVERAGING_S = 600.0
"""Averaging time the Briggs/Pasquill sigma_y stand for (about 10 min; Turner 1970)."""
PURE_GAS_PPM = 1e6
AIR_MOLAR_MASS_KG_MOL = 0.028965
"""Molar mass of dry air."""
CALM_LIMIT_M_S = 2.0
"""Below this wind speed the plume meanders: its direction is uncertain over a sector (ALOHA
technical documentation, Jones et al. 2013)."""

_X_GRID = np.logspace(-3, 6, 2000)

# Pasquill-Gifford puff coefficients sigma_y = a x^b (x in m), CCPS (1999) section 2.3.1
# after Slade (1968); sigma_x = sigma_y for puffs (CCPS 1999; Crowl and Louvar 2011 ch. 5).
_PUFF_Y: dict[str, tuple[float, float]] = {
    "A": (0.18, 0.92),
    "B": (0.14, 0.92),
    "C": (0.10, 0.92),
    "D": (0.06, 0.92),
    "E": (0.04, 0.92),
    "F": (0.02, 0.89),
}
SPREAD_BINS = 24
"""Bins of the Gaussian kernel in release time, over +-4 sigma. The mean rate over a bin is
exact (from the cumulative release), so a step in the rate reads as a piecewise-linear
interpolation of the normal CDF through the bin edges, bins sigma / 3 wide: within
h^2 / 8 max|phi'| = 0.34 % of the exact erf ramp."""
_EDGES = np.linspace(-4.0, 4.0, SPREAD_BINS + 1)
_CDF = np.array([0.5 * (1.0 + math.erf(e / math.sqrt(2.0))) for e in _EDGES])
_W = np.diff(_CDF) / (_CDF[-1] - _CDF[0])
# mean rate = sum_j M(tc + sigma e_j) * coef_j / sigma, coef_j = (w_{j-1} - w_j) / h.
_COEF = (np.concatenate(([0.0], _W)) - np.concatenate((_W, [0.0]))) / (_EDGES[1] - _EDGES[0])


def along_wind_sigma_m(x_m: FloatArray, stability: str) -> FloatArray:
    """sigma_x of a puff x m downwind, m (0 at or upwind of the source).

    sigma_x = sigma_y = a x^b, the Pasquill-Gifford puff coefficients (CCPS 1999 section
    2.3.1, after Slade 1968): D a = 0.06, b = 0.92; F a = 0.02, b = 0.89.
    """
    a, b = _PUFF_Y[stability]
    x = np.maximum(np.asarray(x_m, dtype=np.float64), 0.0)
    out: FloatArray = a * x**b
    return out


def gaussian_mean_rate(
    knots_s: FloatArray,
    rates_kg_s: FloatArray,
    centre_s: FloatArray,
    sigma_s: FloatArray,
    window_s: tuple[float, float] = (-math.inf, math.inf),
) -> FloatArray:
    """Release rate averaged over a Gaussian in release time, kg/s (Palazzi et al. 1982).

    The release history is piecewise constant: ``rates_kg_s[i]`` from ``knots_s[i]`` to the
    next knot, the last rate for ever after, 0 before the first knot. Only mass released
    inside ``window_s`` counts (the gas one wind carries). For each place, the mean rate
    weighted by a normal distribution in release time centred on ``centre_s`` (now minus the
    travel time x/u) with standard deviation ``sigma_s`` (sigma_x / u); where ``sigma_s``
    is 0, the rate at ``centre_s`` itself.

    For a release of constant rate q from t0 to t1 this is
    q [Phi((tc - t0) / sigma) - Phi((tc - t1) / sigma)], Palazzi's along-wind factor. The
    kernel is integrated exactly over :data:`SPREAD_BINS` bins of +-4 sigma (the mean rate
    in a bin comes from the cumulative release), within 0.34 % of that ramp.
    """
    lo, hi = window_s
    t = np.asarray(knots_s, dtype=np.float64)
    q = np.asarray(rates_kg_s, dtype=np.float64)
    cum_at = np.concatenate(([0.0], np.cumsum(q[:-1] * np.diff(t))))
    last_t, last_q = float(t[-1]), float(q[-1])

    def cum(x: FloatArray) -> FloatArray:
        xx = np.clip(x, lo, hi)
        inside = np.interp(np.minimum(xx, last_t), t, cum_at, left=0.0)
        out: FloatArray = inside + last_q * np.maximum(xx - last_t, 0.0)
        return out

    sigma = np.asarray(sigma_s, dtype=np.float64)
    centre = np.asarray(centre_s, dtype=np.float64)
    idx = np.searchsorted(t, centre, side="right") - 1
    out: FloatArray = np.where(
        (idx >= 0) & (centre >= lo) & (centre < hi), q[np.clip(idx, 0, None)], 0.0
    )
    # Only places whose +-4 sigma window holds a change of rate (a knot or an end of the
    # wind's window) need the kernel; elsewhere the mean is the rate itself.
    reach = 4.0 * sigma
    first = np.searchsorted(t, centre - reach, side="right")
    last = np.searchsorted(t, centre + reach, side="right")
    edge = ((centre - reach < lo) & (centre + reach > lo)) | (
        (centre - reach < hi) & (centre + reach > hi)
    )
    ramp = (sigma > 0.0) & ((first != last) | edge)
    if np.any(ramp):
        c = centre[ramp]
        sg = sigma[ramp]
        grid = c[:, None] + sg[:, None] * _EDGES[None, :]
        out[ramp] = (cum(grid) - cum(c)[:, None]) @ _COEF / sg
    return np.maximum(out, 0.0)


@dataclass(frozen=True)
class Geometry:
    """Receptors in the wind frame, and what the engine needs about the weather."""

    downwind_m: FloatArray
    crosswind_m: FloatArray
    receptor_height_m: float
    release_height_m: float
    wind_m_s: float
    stability: str
    temperature_k: float
    molar_mass_kg_mol: float
    averaging_time_s: float = REFERENCE_AVERAGING_S
    meander_deg: float = 0.0


@dataclass(frozen=True)
class DenseCloud:
    """The released cloud at the source, for the dense-gas correlations."""

    density_kg_m3: float
    temperature_k: float
    duration_s: float = math.inf
    """Nominal release duration, for the continuous/instantaneous criterion."""


def averaging_factor(averaging_time_s: float) -> float:
    """sigma_y multiplier (t / 600 s)^0.2 for an averaging time t (Turner 1970)."""
    if not (math.isfinite(averaging_time_s) and averaging_time_s > 0.0):
        raise ValueError(f"averaging_time_s must be positive, got {averaging_time_s!r}")
    return float((averaging_time_s / REFERENCE_AVERAGING_S) ** 0.2)


def meander_half_angle_rad(wind_m_s: float, meander_deg: float) -> float:
    """Half-width of the sector the wind wanders over: 0 from 2 m/s up, the full angle at 1."""
    share = min(max((CALM_LIMIT_M_S - wind_m_s) / (CALM_LIMIT_M_S - 1.0), 0.0), 1.0)
    return math.radians(meander_deg) * share


def crosswind_spread(
    x_m: FloatArray, sigma_y_m: FloatArray, geo: Geometry
) -> tuple[FloatArray, FloatArray]:
    """Widened sigma_y and the centreline factor that keeps the crosswind integral.

    sigma' = sqrt((f sigma_y)^2 + (x theta)^2 / 3), centreline x sigma_y / sigma'.
    """
    f = averaging_factor(geo.averaging_time_s)
    theta = meander_half_angle_rad(geo.wind_m_s, geo.meander_deg)
    wide = np.sqrt((f * sigma_y_m) ** 2 + (np.maximum(x_m, 0.0) * theta) ** 2 / 3.0)
    return wide, sigma_y_m / wide


def virtual_distance_m(sigma_m: float | FloatArray, stability: str, axis: str) -> FloatArray:
    """Distance at which a Briggs sigma (``axis`` "y" or "z") reaches ``sigma_m``, m."""
    sy, sz = briggs_sigmas(_X_GRID, stability)
    table = sy if axis == "y" else sz
    out: FloatArray = np.interp(
        np.log(np.maximum(np.asarray(sigma_m, dtype=np.float64), 1e-9)),
        np.log(table),
        np.log(_X_GRID),
    )
    return np.exp(out)


def _gaussian_kg_m3(
    q_kg_s: float,
    u_m_s: float,
    sy: FloatArray,
    sz: FloatArray,
    y: FloatArray,
    z: float,
    h: float | FloatArray,
) -> FloatArray:
    """Gaussian plume with ground reflection for given sigmas (Turner 1970 eq. 3.1)."""
    vertical = np.exp(-((z - h) ** 2) / (2.0 * sz * sz)) + np.exp(-((z + h) ** 2) / (2.0 * sz * sz))
    out: FloatArray = (
        q_kg_s / (2.0 * math.pi * u_m_s * sy * sz) * np.exp(-0.5 * (y / sy) ** 2) * vertical
    )
    return out


def _source_frame(geo: Geometry, inside_m: float) -> tuple[FloatArray, FloatArray]:
    """Downwind distance with places inside the source cloud moved to x = 0; upwind NaN."""
    x = geo.downwind_m
    y = geo.crosswind_m
    inside = np.hypot(x, y) <= inside_m
    xe = np.where(inside, 0.0, x)
    xe = np.where((xe < 0.0), np.nan, xe)
    return xe, np.where(inside, 0.0, y)


def neutral_ppm(
    q_kg_s: float,
    geo: Geometry,
    *,
    width_m: float,
    height_m: float,
    rise_m: Callable[[FloatArray], FloatArray] | None = None,
) -> FloatArray:
    """Neutral plume from a virtual source sized to the source cloud (W x H), ppm.

    ``rise_m``, for a buoyant release, gives the rise of the plume's centreline at each
    downwind distance (:func:`sim.hazards.plume_rise.buoyant_rise_m`); the plume then
    starts from the release height plus the rise there (Turner 1970 eq. 3.1 with the
    effective height; ISC3 vol. II section 1.1.4)."""
    x, y = _source_frame(geo, width_m / 2.0)
    x_vy = float(virtual_distance_m(width_m / 4.3, geo.stability, "y"))
    x_vz = float(virtual_distance_m(height_m / 2.15, geo.stability, "z"))
    xv = np.nan_to_num(x, nan=0.0)
    sy, _ = briggs_sigmas(xv + x_vy, geo.stability)
    _, sz = briggs_sigmas(xv + x_vz, geo.stability)
    # A wider sigma_y in the Gaussian lowers the centreline by itself (same mass flux).
    sy_wide, _ = crosswind_spread(xv, sy, geo)
    h: float | FloatArray = geo.release_height_m
    if rise_m is not None:
        h = geo.release_height_m + rise_m(xv)
    c = _gaussian_kg_m3(q_kg_s, geo.wind_m_s, sy_wide, sz, y, geo.receptor_height_m, h)
    ppm = kg_m3_to_ppm(c, geo.molar_mass_kg_mol, geo.temperature_k)
    ppm = np.where(np.isnan(x), 0.0, ppm)
    out: FloatArray = np.minimum(ppm, PURE_GAS_PPM)
    return out


def _breathing_share(
    d_m: float, half_width_m: FloatArray, ratio: FloatArray, geo: Geometry
) -> FloatArray:
    """Share of the dense layer's concentration a person breathes.

    By continuity the layer is Lv = D^2 / (2 Lh Cm/C0) deep (Britter and McQuaid 1988). A
    layer shallower than the breathing height is taken as mixed up to it (its mass spread
    over the breathing zone): share = min(1, Lv / z). A person's head is not left in pure gas
    by a layer a few centimetres deep, nor above it in clean air.
    """
    z = geo.receptor_height_m
    if z <= 0.0:
        return np.ones_like(np.asarray(half_width_m, dtype=np.float64))
    depth = d_m * d_m / (2.0 * half_width_m * np.maximum(ratio, 1e-12))
    out: FloatArray = np.minimum(1.0, depth / z)
    return out


def dense_ppm(
    q_kg_s: float,
    geo: Geometry,
    cloud: DenseCloud,
    *,
    width_m: float,
    height_m: float,
) -> FloatArray:
    """Dense continuous plume (Britter–McQuaid) handed over to the passive far field, ppm.

    Falls back to :func:`neutral_ppm` when the release does not meet the dense criterion.
    The dense phase is read in the breathing zone (:func:`_breathing_share`); the far field
    at ground level, matched to it at the hand-over.
    """
    air = 101325.0 * AIR_MOLAR_MASS_KG_MOL / (8.314462618 * geo.temperature_k)
    u = geo.wind_m_s
    g0 = dense_gas.G_M_S2 * (cloud.density_kg_m3 - air) / air
    q0 = q_kg_s / cloud.density_kg_m3
    if q_kg_s <= 0.0 or not dense_gas.continuous_is_dense(g0, q0, u):
        return neutral_ppm(q_kg_s, geo, width_m=width_m, height_m=height_m)
    d_m = math.sqrt(q0 / u)
    lb = g0 * q0 / u**3
    upwind_m = d_m / 2.0 + 2.0 * lb
    x_raw = geo.downwind_m
    y = geo.crosswind_m
    half0 = d_m + 8.0 * lb
    in_source = (x_raw <= 0.0) & (x_raw >= -upwind_m) & (np.abs(y) <= half0)
    x = np.where(in_source, 0.0, x_raw)
    upwind = x < 0.0
    xp = np.maximum(x, 0.0)

    ratio, x_end, end_ratio = dense_gas.continuous_ratio(xp, g0, q0, u)
    if math.isfinite(cloud.duration_s):
        # Short releases: where u Rd / x < 2.5 take the lower of the continuous and the
        # instantaneous correlations (Britter and McQuaid 1988).
        short = u * cloud.duration_s < 2.5 * np.maximum(xp, 1e-9)
        if np.any(short):
            v0 = q0 * cloud.duration_s
            puff = dense_gas.instantaneous_ratio(xp[short], g0, v0, u)
            ratio = ratio.copy()
            ratio[short] = np.fmin(ratio[short], puff)
    frac = dense_gas.non_isothermal_fraction(ratio, cloud.temperature_k, geo.temperature_k)
    half_m = dense_gas.continuous_half_width_m(xp, g0, q0, u)
    sigma_dense = 2.0 * half_m / math.sqrt(2.0 * math.pi)
    centre_ppm = frac * PURE_GAS_PPM * _breathing_share(d_m, half_m, ratio, geo)

    # Far field: a passive plume matched to the dense one at x_end.
    far = ~np.isfinite(ratio) | (xp > x_end)
    if np.any(far):
        end_half_m = dense_gas.continuous_half_width_m(x_end, g0, q0, u)
        end_frac = float(
            dense_gas.non_isothermal_fraction(end_ratio, cloud.temperature_k, geo.temperature_k)
            * _breathing_share(d_m, end_half_m, np.asarray(end_ratio), geo)
        )
        c_end = ppm_to_kg_m3(end_frac * PURE_GAS_PPM, geo.molar_mass_kg_mol, geo.temperature_k)
        sy_end = float(
            2.0 * dense_gas.continuous_half_width_m(x_end, g0, q0, u) / math.sqrt(2.0 * math.pi)
        )
        sz_end = q_kg_s / (math.pi * u * sy_end * c_end)
        x_vy = float(virtual_distance_m(sy_end, geo.stability, "y"))
        x_vz = float(virtual_distance_m(sz_end, geo.stability, "z"))
        beyond = xp[far] - x_end
        sy_far, _ = briggs_sigmas(beyond + x_vy, geo.stability)
        _, sz_far = briggs_sigmas(beyond + x_vz, geo.stability)
        c_far = q_kg_s / (math.pi * u * sy_far * sz_far)
        if math.isfinite(cloud.duration_s):
            short = u * cloud.duration_s < 2.5 * xp[far]
            if np.any(short):
                v0 = q0 * cloud.duration_s
                puff = dense_gas.instantaneous_ratio(xp[far][short], g0, v0, u)
                puff_kg = ppm_to_kg_m3(
                    dense_gas.non_isothermal_fraction(puff, cloud.temperature_k, geo.temperature_k)
                    * PURE_GAS_PPM,
                    geo.molar_mass_kg_mol,
                    geo.temperature_k,
                )
                c_far = c_far.copy()
                c_far[short] = np.minimum(c_far[short], puff_kg)
        centre_ppm = centre_ppm.copy()
        sigma_dense = sigma_dense.copy()
        centre_ppm[far] = kg_m3_to_ppm(c_far, geo.molar_mass_kg_mol, geo.temperature_k)
        sigma_dense[far] = sy_far
    sy_wide, factor = crosswind_spread(xp, sigma_dense, geo)
    ppm = centre_ppm * factor * np.exp(-0.5 * (y / sy_wide) ** 2)
    ppm = np.where(upwind, 0.0, ppm)
    out: FloatArray = np.minimum(ppm, PURE_GAS_PPM)
    return out
