"""Rise of a buoyant plume bent over by the wind (pure physics).

A gas lighter than the air it is released into rises as the wind carries it. The
Gaussian plume then starts from an effective height, the release height plus the rise,
which grows with distance until the plume levels off (its final rise).

- **Buoyancy flux** F = g V (rho_a - rho_s) / (pi rho_a), m4/s3, for a volume flow V of
  gas of density rho_s into air of density rho_a. For a stack this is Briggs' F = g v_s
  d_s^2 (T_s - T_a) / (4 T_s) (US EPA, *User's Guide for the Industrial Source Complex
  (ISC3) Dispersion Models*, vol. II, EPA-454/B-95-003b, 1995, section 1.1.4, "Buoyancy
  and momentum fluxes"): with V = pi d_s^2 v_s / 4 and, for ideal gases of the same molar
  mass, (T_s - T_a) / T_s = (rho_a - rho_s) / rho_a. The density form also holds for a gas
  lighter by its molar mass (ammonia) as well as by its temperature.
- **Rise with distance**, the "2/3 law": dh = 1.6 F^(1/3) x^(2/3) / u (Briggs 1975, "Plume
  rise predictions", in *Lectures on Air Pollution and Environmental Impact Analyses*,
  AMS; ISC3 vol. II section 1.1.4.10, "all conditions, distance less than the distance
  to final rise"), up to the distance of final rise x_f, beyond which the rise stays.
- **Distance of final rise.** Unstable and neutral (classes A-D): x_f = 49 F^(5/8) for
  F < 55 m4/s3, 119 F^(2/5) otherwise (ISC3 vol. II section 1.1.4.3, Briggs 1971, 1975),
  so that the final rise is 21.425 F^(3/4) / u or 38.71 F^(3/5) / u. Stable (E, F):
  x_f = 2.0715 u / sqrt(s), with s = g (d theta / dz) / T_a, d theta / dz = 0.020 K/m
  (E) and 0.035 K/m (F) (ISC3 vol. II sections 1.1.4.6-1.1.4.8), so that the final rise
  is 2.6 (F / (u s))^(1/3).
- **A source of finite size.** The 2/3 law is the bent-over plume whose radius grows as
  R = beta z from a point (Briggs 1975; beta = 0.6, with 1.6 = (3 / (2 beta^2))^(1/3)).
  Conservation of buoyancy, d(R^2 w)/dt = F / u with w = dz/dt and t = x / u, gives
  R^2 w = F t / u; with w = (1/beta) dR/dt this is d(R^3)/dt = 3 beta F t / u, so
  R^3 = (3/2) beta F x^2 / u^3, i.e. z^3 = 3 F x^2 / (2 beta^2 u^3).
  A plume that leaves a source of radius R0 (a pool) starts as wide as the source:
  R = R0 + beta z, and the same balance gives R^3 = R0^3 + (3/2) beta F x^2 / u^3, so
  dh = ((R0 / beta)^3 + 1.6^3 F x^2 / u^3)^(1/3) - R0 / beta,
  which is the 2/3 law for R0 = 0 and rises less near a wide source (its buoyancy is
  spread through more air). beta is taken as sqrt(3 / (2 1.6^3)) = 0.605 so that the point
  source gives ISC3's 1.6 exactly. The rise still stops at the point source's x_f.

Limits: a bent-over plume in a wind (not calm air); no momentum rise (a pool's vapour
leaves with no upward momentum to speak of); a plume that mixes with moist air and cools
(cold ammonia) can lose its buoyancy or turn dense, which this does not model (docs/models.md).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from sim.hazards.checks import non_negative, positive

__all__ = [
    "ENTRAINMENT_BETA",
    "POTENTIAL_TEMPERATURE_GRADIENT_K_M",
    "buoyancy_flux_m4_s3",
    "buoyant_rise_m",
    "final_rise_distance_m",
    "stability_parameter_s2",
]

FloatArray = NDArray[np.float64]

G_M_S2 = 9.80665
RISE_COEFFICIENT = 1.6
"""Of the 2/3 law, dh = 1.6 F^(1/3) x^(2/3) / u (Briggs 1975; ISC3 vol. II 1.1.4.10)."""
ENTRAINMENT_BETA = math.sqrt(3.0 / (2.0 * RISE_COEFFICIENT**3))
"""Growth of a bent-over plume's radius with its rise, R = R0 + beta z (about 0.6; Briggs
1975), chosen so that a point source gives the 2/3 law's 1.6."""
POTENTIAL_TEMPERATURE_GRADIENT_K_M: dict[str, float] = {"E": 0.020, "F": 0.035}
"""d theta / dz of the stable classes (ISC3 vol. II section 1.1.4.6, the model's defaults)."""


def buoyancy_flux_m4_s3(q_kg_s: float, gas_density_kg_m3: float, air_density_kg_m3: float) -> float:
    """Briggs buoyancy flux of ``q_kg_s`` of gas, F = g (q / rho_s)(rho_a - rho_s) / (pi
    rho_a), m4/s3 (ISC3 vol. II section 1.1.4). 0 for a gas as heavy as the air or heavier:
    it does not rise."""
    non_negative("q_kg_s", q_kg_s)
    positive("gas_density_kg_m3", gas_density_kg_m3)
    positive("air_density_kg_m3", air_density_kg_m3)
    deficit = (air_density_kg_m3 - gas_density_kg_m3) / air_density_kg_m3
    if deficit <= 0.0:
        return 0.0
    return G_M_S2 * (q_kg_s / gas_density_kg_m3) * deficit / math.pi


def stability_parameter_s2(stability: str, air_temperature_k: float) -> float | None:
    """s = g (d theta / dz) / T_a, 1/s2, of a stable class (E, F); None for A-D (ISC3
    vol. II section 1.1.4.6)."""
    positive("air_temperature_k", air_temperature_k)
    gradient = POTENTIAL_TEMPERATURE_GRADIENT_K_M.get(stability)
    if gradient is None:
        if stability not in ("A", "B", "C", "D"):
            raise ValueError(f"unknown Pasquill stability class {stability!r}")
        return None
    return G_M_S2 * gradient / air_temperature_k


def final_rise_distance_m(
    flux_m4_s3: float, wind_m_s: float, stability: str, air_temperature_k: float
) -> float:
    """Distance at which a buoyant plume stops rising, m (ISC3 vol. II 1.1.4.3 and 1.1.4.8):
    49 F^(5/8) (F < 55) or 119 F^(2/5) in classes A-D; 2.0715 u / sqrt(s) in E and F."""
    non_negative("flux_m4_s3", flux_m4_s3)
    positive("wind_m_s", wind_m_s)
    s = stability_parameter_s2(stability, air_temperature_k)
    if s is not None:
        return 2.0715 * wind_m_s / math.sqrt(s)
    if flux_m4_s3 < 55.0:
        return float(49.0 * flux_m4_s3 ** (5.0 / 8.0))
    return float(119.0 * flux_m4_s3 ** (2.0 / 5.0))


def buoyant_rise_m(
    x_m: FloatArray | float,
    flux_m4_s3: float,
    wind_m_s: float,
    stability: str,
    air_temperature_k: float,
    source_radius_m: float = 0.0,
) -> FloatArray:
    """Rise of the plume's centreline x m downwind, m (0 at and upwind of the source).

    dh = ((R0 / beta)^3 + 1.6^3 F x'^2 / u^3)^(1/3) - R0 / beta with x' = min(x, x_f);
    for R0 = 0 this is ISC3's 1.6 F^(1/3) x'^(2/3) / u (module docstring).
    """
    non_negative("source_radius_m", source_radius_m)
    x = np.maximum(np.asarray(x_m, dtype=np.float64), 0.0)
    if flux_m4_s3 <= 0.0:
        return np.zeros_like(x)
    xf = final_rise_distance_m(flux_m4_s3, wind_m_s, stability, air_temperature_k)
    xe = np.minimum(x, xf)
    r0 = source_radius_m / ENTRAINMENT_BETA
    grown = RISE_COEFFICIENT**3 * flux_m4_s3 * xe * xe / wind_m_s**3
    out: FloatArray = np.cbrt(r0**3 + grown) - r0
    return out
