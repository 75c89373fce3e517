"""Gaussian plume, Briggs sigmas, orifice source terms and indoor sheltering (pure physics).

The neutral-plume physics of the ``plume`` hazard: a continuous, neutrally buoyant release
dispersing downwind over open country (docs/models.md section 1). The functions hold no state and
know nothing of the engine; :mod:`sim.hazards.plume` holds the model object. Concentrations
are in kg/m3 unless a name says otherwise.

Site coordinates are x east and y north, in metres. Wind direction is meteorological: the
direction the wind blows FROM, in degrees clockwise from north.

Sources:

- Gaussian plume with ground reflection: Turner, *Workbook of Atmospheric Dispersion
  Estimates* (US EPA, 1970), eq. 3.1; CCPS, *Guidelines for Consequence Analysis of
  Chemical Releases* (1999), section 2.3.1; Crowl and Louvar, *Chemical Process Safety*,
  3rd ed. (2011), chapter 5.
- Briggs open-country dispersion coefficients: Briggs (1973) as tabulated by Gifford (1976);
  the same rural table is in CCPS (1999) section 2.3.1 and Crowl and Louvar (2011) ch. 5.
- Pasquill stability classes: Pasquill (1961); Turner (1970), key to stability categories.
- Source terms: CCPS (1999) section 2.1.1; Crowl and Louvar (2011) sections 4-2 (liquid
  through a hole, eq. 4-6) and 4-5 (gas through a hole).
- Indoor sheltering: one-compartment infiltration model, as in the ALOHA technical
  documentation (Jones et al., NOAA Technical Memorandum NOS OR&R 43, 2013).
"""

from __future__ import annotations

import math
from typing import Literal, overload

import numpy as np
from numpy.typing import NDArray

from sim.hazards.checks import non_negative, positive

__all__ = [
    "GAS_CONSTANT_J_MOL_K",
    "STABILITY_CLASSES",
    "Cloud",
    "FloatArray",
    "Insolation",
    "briggs_sigmas",
    "choked_gas_rate",
    "concentration",
    "critical_pressure_ratio",
    "gas_orifice_rate",
    "ideal_gas_density_kg_m3",
    "indoor_step",
    "kg_m3_to_ppm",
    "liquid_orifice_rate",
    "pasquill_stability",
    "ppm_to_kg_m3",
    "rotate_to_wind",
]

FloatArray = NDArray[np.float64]

GAS_CONSTANT_J_MOL_K = 8.314462618
"""Molar gas constant (CODATA 2018)."""

STANDARD_PRESSURE_PA = 101325.0
STANDARD_TEMPERATURE_K = 298.15

STABILITY_CLASSES = ("A", "B", "C", "D", "E", "F")
"""Pasquill stability classes, from very unstable (A) to moderately stable (F)."""

Insolation = Literal["strong", "moderate", "slight"]
Cloud = Literal["cloudy", "clear", "overcast"]

# Briggs open-country coefficients, x in metres (Briggs 1973; CCPS 1999 section 2.3.1):
#   sigma_y = a_y * x * (1 + b_y * x) ** -0.5
#   sigma_z = a_z * x * (1 + b_z * x) ** p_z
# with p_z = -0.5 for C and D, -1 for E and F, and b_z = 0 (sigma_z linear) for A and B.
_BRIGGS_RURAL: dict[str, tuple[float, float, float, float, float]] = {
    #      a_y,  b_y,    a_z,   b_z,    p_z
    "A": (0.22, 1e-4, 0.20, 0.0, 1.0),
    "B": (0.16, 1e-4, 0.12, 0.0, 1.0),
    "C": (0.11, 1e-4, 0.08, 2e-4, -0.5),
    "D": (0.08, 1e-4, 0.06, 1.5e-3, -0.5),
    "E": (0.06, 1e-4, 0.03, 3e-4, -1.0),
    "F": (0.04, 1e-4, 0.016, 3e-4, -1.0),
}


def _check_stability(stability: str) -> tuple[float, float, float, float, float]:
    try:
        return _BRIGGS_RURAL[stability]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown Pasquill stability class {stability!r}; expected one of "
            f"{', '.join(STABILITY_CLASSES)}"
        ) from None


def _finite_array(name: str, value: float | FloatArray) -> FloatArray:
    arr = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite")
    return arr


# --------------------------------------------------------------------------- dispersion


@overload
def briggs_sigmas(x_m: float, stability: str) -> tuple[float, float]: ...
@overload
def briggs_sigmas(x_m: FloatArray, stability: str) -> tuple[FloatArray, FloatArray]: ...
def briggs_sigmas(
    x_m: float | FloatArray, stability: str
) -> tuple[float, float] | tuple[FloatArray, FloatArray]:
    """Crosswind and vertical dispersion coefficients (sigma_y, sigma_z) in metres.

    Briggs open-country (rural) formulas, from Briggs (1973)
    via Gifford (1976); the same table is in CCPS (1999) section 2.3.1 and Crowl and Louvar
    (2011) chapter 5. ``stability`` is a Pasquill class "A" to "F".

    The formulas were fitted for 100 m <= x <= 10 km. This function applies them as they
    are at any x; the plume model never reads them near zero size: it starts the plume from
    a virtual source sized to the release (:mod:`sim.hazards.dispersion`). For x_m <= 0
    (at or upwind of the source) both sigmas are 0.
    Vectorised over ``x_m``.
    """
    a_y, b_y, a_z, b_z, p_z = _check_stability(stability)
    x = _finite_array("x_m", x_m)
    xp = np.maximum(x, 0.0)
    sigma_y = a_y * xp / np.sqrt(1.0 + b_y * xp)
    sigma_z = a_z * xp * (1.0 + b_z * xp) ** p_z if b_z > 0.0 else a_z * xp
    if x.ndim == 0:
        return float(sigma_y), float(sigma_z)
    return sigma_y, np.asarray(sigma_z, dtype=np.float64)


@overload
def concentration(
    q_kg_s: float,
    u_m_s: float,
    x_m: float,
    y_m: float,
    z_m: float,
    h_m: float,
    stability: str,
) -> float: ...
@overload
def concentration(
    q_kg_s: float,
    u_m_s: float,
    x_m: FloatArray,
    y_m: float | FloatArray,
    z_m: float | FloatArray,
    h_m: float,
    stability: str,
) -> FloatArray: ...
def concentration(
    q_kg_s: float,
    u_m_s: float,
    x_m: float | FloatArray,
    y_m: float | FloatArray,
    z_m: float | FloatArray,
    h_m: float,
    stability: str,
) -> float | FloatArray:
    """Steady Gaussian plume concentration with ground reflection, kg/m3.

    C = Q / (2 pi u sigma_y sigma_z) * exp(-y^2 / (2 sigma_y^2))
        * [exp(-(z - H)^2 / (2 sigma_z^2)) + exp(-(z + H)^2 / (2 sigma_z^2))]

    Turner (1970) eq. 3.1; CCPS (1999) section 2.3.1; Crowl and Louvar (2011) chapter 5
    (continuous elevated source with ground reflection).

    ``x_m`` is the downwind distance, ``y_m`` the crosswind distance and ``z_m`` the height
    above ground of the receptor, ``h_m`` the effective release height, ``u_m_s`` the wind
    speed at release height and ``q_kg_s`` the continuous release rate. Sigmas are the
    Briggs open-country values (:func:`briggs_sigmas`).

    The concentration is 0 where x_m <= 0 (at or upwind of the source). Vectorised over
    ``x_m``, ``y_m`` and ``z_m`` (numpy broadcasting). Assumes a neutrally buoyant gas over
    flat open ground, steady wind and no inversion lid; dense gases (chlorine, cold
    ammonia, LPG) are not modelled.
    """
    non_negative("q_kg_s", q_kg_s)
    positive("u_m_s", u_m_s)
    non_negative("h_m", h_m)
    x = _finite_array("x_m", x_m)
    y = _finite_array("y_m", y_m)
    z = _finite_array("z_m", z_m)
    if np.any(z < 0.0):
        raise ValueError("z_m (receptor height) must be >= 0")
    sigma_y, sigma_z = briggs_sigmas(np.atleast_1d(x), stability)
    sigma_y = sigma_y.reshape(x.shape)
    sigma_z = sigma_z.reshape(x.shape)
    downwind = x > 0.0
    # Safe denominators where x <= 0; those entries are zeroed below.
    sy = np.where(downwind, sigma_y, 1.0)
    sz = np.where(downwind, sigma_z, 1.0)
    inv_2sz2 = 0.5 / (sz * sz)
    vertical = np.exp(-((z - h_m) ** 2) * inv_2sz2) + np.exp(-((z + h_m) ** 2) * inv_2sz2)
    crosswind = np.exp(-0.5 * (y / sy) ** 2)
    c = (q_kg_s / (2.0 * math.pi * u_m_s)) / (sy * sz) * crosswind * vertical
    c = np.where(downwind, c, 0.0)
    if c.ndim == 0:
        return float(c)
    return np.asarray(c, dtype=np.float64)


def pasquill_stability(
    wind_speed_m_s: float,
    *,
    daytime: bool,
    insolation: Insolation | None = None,
    cloud: Cloud | None = None,
) -> str:
    """Pasquill stability class from surface wind speed, insolation and cloud.

    Pasquill (1961); Turner (1970), key to stability categories.
    ``wind_speed_m_s`` is the surface (10 m) wind speed. The table rows are read as
    half-open bins: [0, 2), [2, 3), [3, 5), [5, 6), [6, inf) m/s.

    - Day: ``insolation`` is "strong", "moderate" or "slight".
    - Night: ``cloud`` is "cloudy" (at least 4/8 low cloud) or "clear" (at most 3/8).
    - ``cloud="overcast"`` gives D by day or night, whatever the insolation (Turner 1970).

    Decisions where the table is silent or split:

    - In-between classes (A-B, B-C, C-D) resolve to the MORE STABLE class (B, C, D). A
      more stable class has smaller sigmas, hence higher ground-level concentrations and
      longer hazard distances for the near-ground releases drills deal with. Protective
      distances derived from it are therefore on the safe side.
    - At night with wind below 2 m/s the table has no entry; F is returned (cloudy or
      clear), the usual worst-case night-time choice (compare the 1.5 m/s, class F
      condition of US EPA RMP worst-case analysis, 40 CFR 68.22(b)).

    Raises ValueError for a negative or non-finite wind speed, or a missing or unknown
    insolation/cloud value.
    """
    if not (math.isfinite(wind_speed_m_s) and wind_speed_m_s >= 0.0):
        raise ValueError(f"wind_speed_m_s must be a non-negative number, got {wind_speed_m_s!r}")
    if cloud is not None and cloud not in ("cloudy", "clear", "overcast"):
        raise ValueError(f"unknown cloud {cloud!r}; expected 'cloudy', 'clear' or 'overcast'")
    if insolation is not None and insolation not in ("strong", "moderate", "slight"):
        raise ValueError(
            f"unknown insolation {insolation!r}; expected 'strong', 'moderate' or 'slight'"
        )
    if cloud == "overcast":
        return "D"
    u = wind_speed_m_s
    row = 0 if u < 2.0 else 1 if u < 3.0 else 2 if u < 5.0 else 3 if u < 6.0 else 4
    if daytime:
        if insolation is None:
            raise ValueError("daytime stability needs insolation ('strong', 'moderate', 'slight')")
        # In-between classes already resolved to the more stable one (A-B -> B, ...).
        day_table = {
            "strong": ("A", "B", "B", "C", "C"),
            "moderate": ("B", "B", "C", "D", "D"),
            "slight": ("B", "C", "C", "D", "D"),
        }
        return day_table[insolation][row]
    if cloud is None:
        raise ValueError("night-time stability needs cloud ('cloudy', 'clear' or 'overcast')")
    night_table = {
        "cloudy": ("F", "E", "D", "D", "D"),
        "clear": ("F", "F", "E", "D", "D"),
    }
    return night_table[cloud][row]


@overload
def rotate_to_wind(
    x_m: float, y_m: float, src_x_m: float, src_y_m: float, wind_from_deg: float
) -> tuple[float, float]: ...
@overload
def rotate_to_wind(
    x_m: FloatArray,
    y_m: FloatArray,
    src_x_m: float,
    src_y_m: float,
    wind_from_deg: float,
) -> tuple[FloatArray, FloatArray]: ...
def rotate_to_wind(
    x_m: float | FloatArray,
    y_m: float | FloatArray,
    src_x_m: float,
    src_y_m: float,
    wind_from_deg: float,
) -> tuple[float, float] | tuple[FloatArray, FloatArray]:
    """Site coordinates to (downwind_m, crosswind_m) relative to a source.

    Site axes: x east, y north. ``wind_from_deg`` is meteorological: the direction the wind
    blows FROM, degrees clockwise from north (WMO convention). The wind travels towards
    bearing wind_from_deg + 180, with unit vector (-sin th, -cos th). A node downwind of the
    source has a positive downwind distance. The crosswind axis points to the left when
    looking downwind (a right-handed x-downwind, y-crosswind, z-up frame); the plume is
    symmetric in it. Vectorised over ``x_m`` and ``y_m``.
    """
    if not math.isfinite(wind_from_deg):
        raise ValueError(f"wind_from_deg must be finite, got {wind_from_deg!r}")
    theta = math.radians(wind_from_deg)
    s, c = math.sin(theta), math.cos(theta)
    dx = _finite_array("x_m", x_m) - src_x_m
    dy = _finite_array("y_m", y_m) - src_y_m
    downwind = -dx * s - dy * c
    crosswind = dx * c - dy * s
    if downwind.ndim == 0:
        return float(downwind), float(crosswind)
    return downwind, crosswind


# --------------------------------------------------------------------------- units


def ideal_gas_density_kg_m3(
    molar_mass_kg_mol: float,
    temperature_k: float = STANDARD_TEMPERATURE_K,
    pressure_pa: float = STANDARD_PRESSURE_PA,
) -> float:
    """Density of an ideal gas, rho = P M / (R T), kg/m3."""
    positive("molar_mass_kg_mol", molar_mass_kg_mol)
    positive("temperature_k", temperature_k)
    positive("pressure_pa", pressure_pa)
    return pressure_pa * molar_mass_kg_mol / (GAS_CONSTANT_J_MOL_K * temperature_k)


@overload
def kg_m3_to_ppm(
    c_kg_m3: float,
    molar_mass_kg_mol: float,
    temperature_k: float = ...,
    pressure_pa: float = ...,
) -> float: ...
@overload
def kg_m3_to_ppm(
    c_kg_m3: FloatArray,
    molar_mass_kg_mol: float,
    temperature_k: float = ...,
    pressure_pa: float = ...,
) -> FloatArray: ...
def kg_m3_to_ppm(
    c_kg_m3: float | FloatArray,
    molar_mass_kg_mol: float,
    temperature_k: float = STANDARD_TEMPERATURE_K,
    pressure_pa: float = STANDARD_PRESSURE_PA,
) -> float | FloatArray:
    """Mass concentration (kg/m3) to parts per million by volume (ideal gas).

    ppm = 1e6 * c / rho_gas with rho_gas = P M / (R T); at 25 degC and 1 atm this is the
    familiar ppm = mg/m3 * 24.45 / MW (MW in g/mol). Vectorised.
    """
    rho = ideal_gas_density_kg_m3(molar_mass_kg_mol, temperature_k, pressure_pa)
    c = np.asarray(c_kg_m3, dtype=np.float64) * (1e6 / rho)
    return float(c) if c.ndim == 0 else c


@overload
def ppm_to_kg_m3(
    c_ppm: float,
    molar_mass_kg_mol: float,
    temperature_k: float = ...,
    pressure_pa: float = ...,
) -> float: ...
@overload
def ppm_to_kg_m3(
    c_ppm: FloatArray,
    molar_mass_kg_mol: float,
    temperature_k: float = ...,
    pressure_pa: float = ...,
) -> FloatArray: ...
def ppm_to_kg_m3(
    c_ppm: float | FloatArray,
    molar_mass_kg_mol: float,
    temperature_k: float = STANDARD_TEMPERATURE_K,
    pressure_pa: float = STANDARD_PRESSURE_PA,
) -> float | FloatArray:
    """Parts per million by volume to mass concentration, kg/m3 (inverse of kg_m3_to_ppm)."""
    rho = ideal_gas_density_kg_m3(molar_mass_kg_mol, temperature_k, pressure_pa)
    c = np.asarray(c_ppm, dtype=np.float64) * (rho / 1e6)
    return float(c) if c.ndim == 0 else c


# --------------------------------------------------------------------------- source terms


def _hole_area_m2(d_m: float) -> float:
    positive("d_m", d_m)
    return math.pi * d_m * d_m / 4.0


def _check_cd(cd: float) -> None:
    if not (math.isfinite(cd) and 0.0 < cd <= 1.0):
        raise ValueError(f"discharge coefficient cd must be in (0, 1], got {cd!r}")


def _check_k(k: float) -> None:
    if not (math.isfinite(k) and k > 1.0):
        raise ValueError(f"heat capacity ratio k must be > 1, got {k!r}")


def liquid_orifice_rate(cd: float, d_m: float, rho_kg_m3: float, dp_pa: float) -> float:
    """Liquid discharge through a sharp-edged hole, kg/s.

    m = Cd A sqrt(2 rho dP), A = pi d^2 / 4. CCPS (1999) section 2.1.1 (Bernoulli orifice
    flow); Crowl and Louvar (2011) eq. 4-6. ``dp_pa`` is the
    pressure difference driving the flow (gauge pressure plus liquid head, rho g h).
    Cd is about 0.61 for a sharp-edged hole (0.61-0.63 per CCPS 1999); use 1.0 when unsure,
    which gives the largest rate.
    """
    _check_cd(cd)
    area = _hole_area_m2(d_m)
    positive("rho_kg_m3", rho_kg_m3)
    non_negative("dp_pa", dp_pa)
    return cd * area * math.sqrt(2.0 * rho_kg_m3 * dp_pa)


def critical_pressure_ratio(k: float) -> float:
    """Downstream/upstream absolute pressure ratio below which gas flow chokes.

    r_c = (2 / (k + 1)) ** (k / (k - 1)); Crowl and Louvar (2011) section 4-5. About 0.528
    for air (k = 1.4) and 0.544 for methane (k = 1.31).
    """
    _check_k(k)
    return float((2.0 / (k + 1.0)) ** (k / (k - 1.0)))


def choked_gas_rate(cd: float, d_m: float, p0_pa: float, rho0_kg_m3: float, k: float) -> float:
    """Choked (sonic) gas discharge through a hole, kg/s.

    m = Cd A sqrt(k rho0 P0 (2 / (k + 1)) ** ((k + 1) / (k - 1))). CCPS (1999) section
    2.1.1; Crowl and Louvar (2011) section 4-5 (written there with rho0 = P0 M / (R T0));
    ``p0_pa`` is the ABSOLUTE upstream pressure and ``rho0_kg_m3`` the
    upstream gas density. Valid only when the flow is choked; :func:`gas_orifice_rate`
    checks that.
    """
    _check_cd(cd)
    area = _hole_area_m2(d_m)
    positive("p0_pa", p0_pa)
    positive("rho0_kg_m3", rho0_kg_m3)
    _check_k(k)
    factor = float((2.0 / (k + 1.0)) ** ((k + 1.0) / (k - 1.0)))
    return cd * area * math.sqrt(k * rho0_kg_m3 * p0_pa * factor)


def gas_orifice_rate(
    cd: float,
    d_m: float,
    p0_pa: float,
    rho0_kg_m3: float,
    k: float,
    p_ambient_pa: float = STANDARD_PRESSURE_PA,
) -> float:
    """Gas discharge through a hole, choked or subsonic, kg/s.

    If p_ambient / p0 <= r_c (:func:`critical_pressure_ratio`) the flow is choked and
    :func:`choked_gas_rate` applies. Otherwise the isentropic subsonic orifice equation is
    used (CCPS 1999 section 2.1.1; Crowl and Louvar 2011 section 4-5):

        m = Cd A sqrt(2 rho0 P0 (k / (k - 1)) [r^(2/k) - r^((k+1)/k)]),  r = p_ambient / p0

    The two expressions agree at r = r_c, so the rate is continuous in p0. Useful for a
    medium-pressure gas main (natural gas, k = 1.31, does not choke below about 0.85 bar
    gauge).
    Pressures are absolute. Returns 0 when p0 <= p_ambient.
    """
    _check_cd(cd)
    area = _hole_area_m2(d_m)
    positive("p0_pa", p0_pa)
    positive("rho0_kg_m3", rho0_kg_m3)
    positive("p_ambient_pa", p_ambient_pa)
    _check_k(k)
    if p0_pa <= p_ambient_pa:
        return 0.0
    r = p_ambient_pa / p0_pa
    if r <= critical_pressure_ratio(k):
        return choked_gas_rate(cd, d_m, p0_pa, rho0_kg_m3, k)
    bracket = float(r ** (2.0 / k) - r ** ((k + 1.0) / k))
    return cd * area * math.sqrt(2.0 * rho0_kg_m3 * p0_pa * (k / (k - 1.0)) * max(bracket, 0.0))


# --------------------------------------------------------------------------- sheltering


@overload
def indoor_step(c_in: float, c_out: float, ach_per_h: float, dt_s: float) -> float: ...
@overload
def indoor_step(
    c_in: FloatArray, c_out: float | FloatArray, ach_per_h: float | FloatArray, dt_s: float
) -> FloatArray: ...
@overload
def indoor_step(
    c_in: float, c_out: FloatArray, ach_per_h: float | FloatArray, dt_s: float
) -> FloatArray: ...
def indoor_step(
    c_in: float | FloatArray,
    c_out: float | FloatArray,
    ach_per_h: float | FloatArray,
    dt_s: float,
) -> float | FloatArray:
    """Indoor concentration after one step of sheltering in place.

    One well-mixed compartment exchanging air with the outside (the
    same model as ALOHA's indoor concentration, Jones et al. 2013):
    dC_in/dt = lambda (C_out - C_in), lambda = ACH / 3600.
    With C_out constant over the step the exact solution is

        C_in(t + dt) = C_out + (C_in(t) - C_out) exp(-lambda dt)

    It is unconditionally stable, so any tick length is fine. Units of the concentrations
    are whatever the caller uses (kg/m3, ppm). Vectorised over ``c_in``, ``c_out`` and
    ``ach_per_h``.
    """
    non_negative("dt_s", dt_s)
    ach = _finite_array("ach_per_h", ach_per_h)
    if np.any(ach < 0.0):
        raise ValueError("ach_per_h must be >= 0")
    cin = _finite_array("c_in", c_in)
    cout = _finite_array("c_out", c_out)
    decay = np.exp(-(ach / 3600.0) * dt_s)
    result = cout + (cin - cout) * decay
    if result.ndim == 0:
        return float(result)
    return np.asarray(result, dtype=np.float64)
