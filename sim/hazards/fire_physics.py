"""Compartment fire physics: t-squared growth, smoke filling, hot-layer temperature, ASET
and visibility in smoke.

The equations of the ``fire`` hazard (docs/models.md §3), as hand-calculation
correlations of the kind used in performance-based design and in the US NRC Fire Dynamics
Tools. Pure functions and constants: they hold no state and know nothing of the engine or
of SimPy (the model that the engine drives is :mod:`sim.hazards.fire`). Heat release rates
are in kW, temperatures in degC, times in seconds from the drill clock's zero unless a
name says otherwise.

Sources:

- t-squared design fires: NFPA 92 (2012) and NFPA 72 (2013) Annex B; SFPE Handbook of
  Fire Protection Engineering, design-fire chapter.
- Smoke filling with a t-squared fire: NFPA 92 (2012), chapter 5 (formerly NFPA 92B);
  Mulholland, SFPE Handbook.
- Upper-layer temperature: McCaffrey, Quintiere and Harkleroad, Fire Technology 17(2),
  1981, pp. 98-119 (MQH); Walton and Thomas, SFPE Handbook, "Estimating temperatures in
  compartment fires"; US NRC NUREG-1805 (2004), chapter 2, eqs. 2-1 to 2-5.
- Tenability and ASET: GB/T 31593.9-2015 (the ASET/RSET framework); the limits as listed
  in docs/models.md §3.
- Visibility in smoke: Mulholland and Croarkin, Fire and Materials 24 (2000); Jin, SFPE
  Handbook, visibility through fire smoke; ISO 13571:2012 clause 8.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import overload

import numpy as np
from numpy.typing import NDArray

from sim.hazards.checks import non_negative, positive

__all__ = [
    "GROWTH_ALPHA_KW_S2",
    "GROWTH_TIME_S",
    "REFERENCE_HRR_KW",
    "SIGN_K",
    "SMALL_ROOM_M2",
    "SOOT_SPECIFIC_EXTINCTION_M2_G",
    "TENABILITY",
    "WALL_MATERIALS",
    "WAYFINDING_VISIBILITY_M",
    "FloatArray",
    "Tenability",
    "WallMaterial",
    "alpha_from_growth_time_kw_s2",
    "aset_s",
    "compartment_boundary_area_m2",
    "growth_time_from_alpha_s",
    "hrr_kw",
    "mqh_temperature_rise_k",
    "mqh_upper_layer_temp_c",
    "smoke_layer_height_m",
    "smoke_soot_g_m3",
    "thermal_penetration_time_s",
    "time_to_layer_height_s",
    "time_to_upper_layer_temp_s",
    "visibility_in_smoke_m",
    "wall_heat_transfer_coefficient_kw_m2_k",
    "wayfinding_limit_m",
]

FloatArray = NDArray[np.float64]

REFERENCE_HRR_KW = 1055.0
"""The heat release rate (1,000 Btu/s) that defines a t-squared fire's growth time t_g."""

GROWTH_ALPHA_KW_S2: dict[str, float] = {
    "slow": 0.00293,
    "medium": 0.0117,
    "fast": 0.0469,
    "ultrafast": 0.1876,
}
"""Standard t-squared growth coefficients alpha, kW/s^2 (NFPA 92 (2012) and
NFPA 72 (2013) Annex B): alpha = 1055 / t_g^2 for the growth times in :data:`GROWTH_TIME_S`."""

GROWTH_TIME_S: dict[str, float] = {
    "slow": 600.0,
    "medium": 300.0,
    "fast": 150.0,
    "ultrafast": 75.0,
}
"""Time for a t-squared fire to reach 1,055 kW, s (NFPA 72 Annex B; NFPA 92)."""


@dataclass(frozen=True)
class Tenability:
    """Limits beyond which a compartment is untenable, for the ASET of GB/T 31593.9-2015
    (the defaults are tabulated in docs/models.md §3)."""

    upper_layer_temp_c: float = 60.0
    """Hot smoke temperature limit, degC."""
    layer_height_m: float = 2.0
    """Smoke layer interface height limit above the floor, m."""
    radiant_flux_kw_m2: float = 2.5
    """Radiant heat flux limit, kW/m2: 2 to 2.5 kW/m2 is what unprotected skin tolerates for
    more than a few minutes (Purser, SFPE Handbook 5th ed. ch. 63)."""
    visibility_m: float = 10.0
    """Visibility limit, m: 10 m in large spaces and along escape routes (Jin, SFPE
    Handbook, visibility through fire smoke; ISO 13571:2012 clause 8)."""


TENABILITY = Tenability()
"""Default tenability limits (:class:`Tenability`); a scenario can override them."""


@dataclass(frozen=True)
class WallMaterial:
    """Thermal properties of a compartment lining, in NUREG-1805's units."""

    k_kw_m_k: float
    rho_kg_m3: float
    c_kj_kg_k: float
    source: str


WALL_MATERIALS: dict[str, WallMaterial] = {
    "concrete": WallMaterial(
        k_kw_m_k=0.0016,
        rho_kg_m3=2400.0,
        c_kj_kg_k=0.75,
        source="NUREG-1805 FDT 02.1 (Temperature_NV) material table",
    ),
}
"""Lining materials by name."""


# --------------------------------------------------------------------------- growth


def alpha_from_growth_time_kw_s2(growth_time_s: float) -> float:
    """Growth coefficient alpha = 1055 / t_g^2, kW/s^2 (NFPA 92; NFPA 72 Annex B)."""
    positive("growth_time_s", growth_time_s)
    return REFERENCE_HRR_KW / (growth_time_s * growth_time_s)


def growth_time_from_alpha_s(alpha_kw_s2: float) -> float:
    """Growth time to 1,055 kW, t_g = sqrt(1055 / alpha), s (NFPA 92; NFPA 72 Annex B)."""
    positive("alpha_kw_s2", alpha_kw_s2)
    return math.sqrt(REFERENCE_HRR_KW / alpha_kw_s2)


@overload
def hrr_kw(
    t_s: float,
    alpha_kw_s2: float,
    *,
    t_ignition_s: float = ...,
    peak_kw: float | None = ...,
    sprinkler_activation_s: float | None = ...,
) -> float: ...
@overload
def hrr_kw(
    t_s: FloatArray,
    alpha_kw_s2: float,
    *,
    t_ignition_s: float = ...,
    peak_kw: float | None = ...,
    sprinkler_activation_s: float | None = ...,
) -> FloatArray: ...
def hrr_kw(
    t_s: float | FloatArray,
    alpha_kw_s2: float,
    *,
    t_ignition_s: float = 0.0,
    peak_kw: float | None = None,
    sprinkler_activation_s: float | None = None,
) -> float | FloatArray:
    """Heat release rate of a t-squared design fire, kW.

    Q = alpha (t - t_ignition)^2 for t >= t_ignition and 0 before (NFPA 92
    (2012); NFPA 72 (2013) Annex B), capped at ``peak_kw`` (fuel- or
    ventilation-limited fire) when given.

    With ``sprinkler_activation_s`` (on the same clock as ``t_s``) the fire is treated as
    sprinkler-controlled: from activation on, Q is held at its value at activation. This
    is the usual design assumption (NFPA 92 (2012) annex design-fire guidance; SFPE
    Handbook design-fire chapter). Madrzykowski and Vettori (NISTIR 4833, 1992) found
    that sprinkler spray makes the HRR decay, so holding it constant is conservative.
    Vectorised over ``t_s``.
    """
    positive("alpha_kw_s2", alpha_kw_s2)
    if not math.isfinite(t_ignition_s):
        raise ValueError(f"t_ignition_s must be finite, got {t_ignition_s!r}")
    if peak_kw is not None:
        positive("peak_kw", peak_kw)
    if sprinkler_activation_s is not None and not math.isfinite(sprinkler_activation_s):
        raise ValueError(f"sprinkler_activation_s must be finite, got {sprinkler_activation_s!r}")
    t = np.asarray(t_s, dtype=np.float64)
    if not np.all(np.isfinite(t)):
        raise ValueError("t_s must be finite")
    if sprinkler_activation_s is not None:
        t = np.minimum(t, sprinkler_activation_s)
    tau = np.maximum(t - t_ignition_s, 0.0)
    q = alpha_kw_s2 * tau * tau
    if peak_kw is not None:
        q = np.minimum(q, peak_kw)
    if q.ndim == 0:
        return float(q)
    return np.asarray(q, dtype=np.float64)


# --------------------------------------------------------------------------- smoke filling


def _check_space(ceiling_height_m: float, floor_area_m2: float, growth_time_s: float) -> None:
    positive("ceiling_height_m", ceiling_height_m)
    positive("floor_area_m2", floor_area_m2)
    positive("growth_time_s", growth_time_s)


@overload
def smoke_layer_height_m(
    t_s: float, ceiling_height_m: float, floor_area_m2: float, growth_time_s: float
) -> float: ...
@overload
def smoke_layer_height_m(
    t_s: FloatArray, ceiling_height_m: float, floor_area_m2: float, growth_time_s: float
) -> FloatArray: ...
def smoke_layer_height_m(
    t_s: float | FloatArray,
    ceiling_height_m: float,
    floor_area_m2: float,
    growth_time_s: float,
) -> float | FloatArray:
    """Smoke layer interface height above the floor for a t-squared fire, m.

    NFPA 92 (2012), chapter 5 smoke-layer equation for t-squared fires (formerly
    NFPA 92B), SI units:

        z / H = 0.91 [t H^(-4/5) t_g^(-2/5) (A / H^2)^(-1/2)]^(-1.45)

    with t the time from ignition (s), H the ceiling height (m), A the floor area (m2) and
    t_g the growth time to 1,055 kW (s, :func:`growth_time_from_alpha_s`). It assumes a
    t-squared fire on the floor, no smoke exhaust, and a space of uniform cross-section.

    Validity, as stated with the correlation: z/H >= 0.2 and aspect ratios A/H^2 of about
    0.9 to 23 (the experiments it was fitted to). Outside that range the value is an
    extrapolation: below 0.2 H it is returned as computed; early on, where the formula
    gives z > H (the layer has not yet formed), H is returned. t_s <= 0 gives H.
    Vectorised over ``t_s``.
    """
    _check_space(ceiling_height_m, floor_area_m2, growth_time_s)
    h = ceiling_height_m
    t = np.asarray(t_s, dtype=np.float64)
    if not np.all(np.isfinite(t)):
        raise ValueError("t_s must be finite")
    group_per_s = h**-0.8 * growth_time_s**-0.4 * (floor_area_m2 / (h * h)) ** -0.5
    x = np.maximum(t, 0.0) * group_per_s
    # z = H at x = 0.91^(1/1.45); below it the layer has not started to descend.
    descending = x > 0.91 ** (1.0 / 1.45)
    z = np.where(descending, 0.91 * h * np.where(descending, x, 1.0) ** -1.45, h)
    if z.ndim == 0:
        return float(z)
    return np.asarray(z, dtype=np.float64)


def time_to_layer_height_s(
    layer_height_m: float,
    ceiling_height_m: float,
    floor_area_m2: float,
    growth_time_s: float,
) -> float:
    """Time from ignition for the smoke layer to descend to ``layer_height_m``, s.

    The inverse of :func:`smoke_layer_height_m` (NFPA 92 (2012), chapter 5):

        t = [z / (0.91 H)]^(-1/1.45) H^(4/5) t_g^(2/5) (A / H^2)^(1/2)

    Returns 0 when ``layer_height_m`` >= H (the criterion holds from the start) and
    ``math.inf`` when ``layer_height_m`` <= 0 (the correlation never reaches the floor).
    """
    _check_space(ceiling_height_m, floor_area_m2, growth_time_s)
    if not math.isfinite(layer_height_m):
        raise ValueError(f"layer_height_m must be finite, got {layer_height_m!r}")
    h = ceiling_height_m
    if layer_height_m >= h:
        return 0.0
    if layer_height_m <= 0.0:
        return math.inf
    x = (layer_height_m / (0.91 * h)) ** (-1.0 / 1.45)
    return float(x * h**0.8 * growth_time_s**0.4 * (floor_area_m2 / (h * h)) ** 0.5)


# --------------------------------------------------------------------------- hot layer


def compartment_boundary_area_m2(
    width_m: float, length_m: float, height_m: float, vent_area_m2: float
) -> float:
    """Area of the compartment's enclosing surfaces less the vent area, m2.

    A_T = 2 (w l) + 2 (h w) + 2 (h l) - A_v; NUREG-1805 (2004) eq. 2-2.
    """
    positive("width_m", width_m)
    positive("length_m", length_m)
    positive("height_m", height_m)
    non_negative("vent_area_m2", vent_area_m2)
    total = 2.0 * (width_m * length_m + height_m * width_m + height_m * length_m)
    if vent_area_m2 >= total:
        raise ValueError("vent_area_m2 must be smaller than the compartment's surface area")
    return total - vent_area_m2


def thermal_penetration_time_s(
    k_kw_m_k: float, rho_kg_m3: float, c_kj_kg_k: float, thickness_m: float
) -> float:
    """Time for heat to penetrate a lining, t_p = (rho c / k) (delta / 2)^2, s.

    NUREG-1805 (2004) eq. 2-4; Walton and Thomas, SFPE Handbook.
    """
    positive("k_kw_m_k", k_kw_m_k)
    positive("rho_kg_m3", rho_kg_m3)
    positive("c_kj_kg_k", c_kj_kg_k)
    positive("thickness_m", thickness_m)
    return (rho_kg_m3 * c_kj_kg_k / k_kw_m_k) * (thickness_m / 2.0) ** 2


def wall_heat_transfer_coefficient_kw_m2_k(
    t_s: float, k_kw_m_k: float, rho_kg_m3: float, c_kj_kg_k: float, thickness_m: float
) -> float:
    """Effective heat transfer coefficient h_k of the lining for MQH, kW/(m2 K).

    ``t_s`` is the time since the fire started heating the walls. NUREG-1805 (2004)
    chapter 2; Walton and Thomas, SFPE Handbook:

    - t < t_p (heat has not yet reached the back face; the wall behaves as a
      semi-infinite, thermally thick solid): h_k = sqrt(k rho c / t), eq. 2-5.
    - t >= t_p (long times; steady conduction through the wall of thickness delta):
      h_k = k / delta, eq. 2-3.

    with t_p from :func:`thermal_penetration_time_s`. As t -> 0, h_k -> infinity (the
    cold walls absorb everything), so the MQH rise tends to 0. t_s <= 0 gives infinity.
    h_k falls with time (it drops from 2 k/delta to k/delta at t_p), which makes the MQH
    temperature of a growing or steady fire non-decreasing in time.
    """
    t_p = thermal_penetration_time_s(k_kw_m_k, rho_kg_m3, c_kj_kg_k, thickness_m)
    if not math.isfinite(t_s):
        raise ValueError(f"t_s must be finite, got {t_s!r}")
    if t_s <= 0.0:
        return math.inf
    if t_s < t_p:
        return math.sqrt(k_kw_m_k * rho_kg_m3 * c_kj_kg_k / t_s)
    return k_kw_m_k / thickness_m


@overload
def mqh_temperature_rise_k(
    q_kw: float,
    vent_area_m2: float,
    vent_height_m: float,
    boundary_area_m2: float,
    h_k_kw_m2_k: float,
) -> float: ...
@overload
def mqh_temperature_rise_k(
    q_kw: FloatArray,
    vent_area_m2: float,
    vent_height_m: float,
    boundary_area_m2: float,
    h_k_kw_m2_k: float | FloatArray,
) -> FloatArray: ...
def mqh_temperature_rise_k(
    q_kw: float | FloatArray,
    vent_area_m2: float,
    vent_height_m: float,
    boundary_area_m2: float,
    h_k_kw_m2_k: float | FloatArray,
) -> float | FloatArray:
    """Upper-layer temperature rise above ambient by the MQH correlation, K.

        dT = 6.85 [Q^2 / (A_o sqrt(H_o) h_k A_T)]^(1/3)

    McCaffrey, Quintiere and Harkleroad (1981); NUREG-1805 (2004) eq. 2-1; Walton and
    Thomas, SFPE Handbook. Q is the HRR (kW), A_o and H_o the area (m2) and height (m) of
    the opening, A_T the enclosing surface area less the opening
    (:func:`compartment_boundary_area_m2`) and h_k the lining's effective heat transfer
    coefficient (:func:`wall_heat_transfer_coefficient_kw_m2_k`).

    Limits (NUREG-1805 ch. 2): a naturally ventilated compartment with one opening,
    pre-flashover only (fitted for rises up to about 600 K), a fire away from walls and
    corners, a single well-mixed upper layer; quasi-steady, so a growing fire is read
    instant by instant. h_k = inf gives 0. Vectorised over ``q_kw`` and ``h_k_kw_m2_k``.
    """
    rise = _mqh_rise_k(q_kw, vent_area_m2, vent_height_m, boundary_area_m2, h_k_kw_m2_k)
    return float(rise) if rise.ndim == 0 else rise


def _mqh_rise_k(
    q_kw: float | FloatArray,
    vent_area_m2: float,
    vent_height_m: float,
    boundary_area_m2: float,
    h_k_kw_m2_k: float | FloatArray,
) -> FloatArray:
    positive("vent_area_m2", vent_area_m2)
    positive("vent_height_m", vent_height_m)
    positive("boundary_area_m2", boundary_area_m2)
    q = np.asarray(q_kw, dtype=np.float64)
    hk = np.asarray(h_k_kw_m2_k, dtype=np.float64)
    if np.any(q < 0.0) or not np.all(np.isfinite(q)):
        raise ValueError("q_kw must be finite and >= 0")
    if np.any(~(hk > 0.0)):
        raise ValueError("h_k_kw_m2_k must be > 0")
    vent = vent_area_m2 * math.sqrt(vent_height_m)
    return np.asarray(6.85 * np.cbrt(q * q / (vent * hk * boundary_area_m2)), dtype=np.float64)


@overload
def mqh_upper_layer_temp_c(
    q_kw: float,
    vent_area_m2: float,
    vent_height_m: float,
    boundary_area_m2: float,
    h_k_kw_m2_k: float,
    ambient_c: float = ...,
) -> float: ...
@overload
def mqh_upper_layer_temp_c(
    q_kw: FloatArray,
    vent_area_m2: float,
    vent_height_m: float,
    boundary_area_m2: float,
    h_k_kw_m2_k: float | FloatArray,
    ambient_c: float = ...,
) -> FloatArray: ...
def mqh_upper_layer_temp_c(
    q_kw: float | FloatArray,
    vent_area_m2: float,
    vent_height_m: float,
    boundary_area_m2: float,
    h_k_kw_m2_k: float | FloatArray,
    ambient_c: float = 20.0,
) -> float | FloatArray:
    """Upper-layer gas temperature by MQH, degC: ambient + :func:`mqh_temperature_rise_k`.

    McCaffrey, Quintiere and Harkleroad (1981); NUREG-1805 (2004) eq. 2-1. Same
    assumptions and limits as :func:`mqh_temperature_rise_k`.
    """
    if not math.isfinite(ambient_c):
        raise ValueError(f"ambient_c must be finite, got {ambient_c!r}")
    temp = ambient_c + _mqh_rise_k(q_kw, vent_area_m2, vent_height_m, boundary_area_m2, h_k_kw_m2_k)
    return float(temp) if temp.ndim == 0 else temp


# --------------------------------------------------------------------------- ASET


def time_to_upper_layer_temp_s(
    limit_c: float,
    alpha_kw_s2: float,
    *,
    room_width_m: float,
    room_length_m: float,
    ceiling_height_m: float,
    vent_width_m: float,
    vent_height_m: float,
    wall: WallMaterial,
    wall_thickness_m: float,
    ambient_c: float = 20.0,
    t_ignition_s: float = 0.0,
    peak_kw: float | None = None,
    sprinkler_activation_s: float | None = None,
    t_max_s: float = 3600.0,
) -> float:
    """First time the MQH upper-layer temperature reaches ``limit_c``, s (drill clock).

    Q(t) from :func:`hrr_kw`; h_k(t - t_ignition) from
    :func:`wall_heat_transfer_coefficient_kw_m2_k`; dT from the MQH correlation,
    read quasi-steadily (NUREG-1805 ch. 2). Q never decreases and h_k never increases, so
    the temperature is non-decreasing in time and the crossing is found by bisection to
    about 1 ms. Returns ``t_ignition_s`` if the ambient is already at the limit and
    ``math.inf`` if the limit is not reached by ``t_max_s``.
    """
    if not math.isfinite(limit_c):
        raise ValueError(f"limit_c must be finite, got {limit_c!r}")
    positive("t_max_s", t_max_s)
    positive("vent_width_m", vent_width_m)
    positive("vent_height_m", vent_height_m)
    vent_area = vent_width_m * vent_height_m
    area_t = compartment_boundary_area_m2(room_width_m, room_length_m, ceiling_height_m, vent_area)
    positive("wall_thickness_m", wall_thickness_m)

    def temp_c(t: float) -> float:
        q = hrr_kw(
            t,
            alpha_kw_s2,
            t_ignition_s=t_ignition_s,
            peak_kw=peak_kw,
            sprinkler_activation_s=sprinkler_activation_s,
        )
        h_k = wall_heat_transfer_coefficient_kw_m2_k(
            t - t_ignition_s, wall.k_kw_m_k, wall.rho_kg_m3, wall.c_kj_kg_k, wall_thickness_m
        )
        if q == 0.0 or math.isinf(h_k):
            return ambient_c
        return mqh_upper_layer_temp_c(q, vent_area, vent_height_m, area_t, h_k, ambient_c)

    if ambient_c >= limit_c:
        return t_ignition_s
    lo, hi = t_ignition_s, max(t_max_s, t_ignition_s)
    if temp_c(hi) < limit_c:
        return math.inf
    for _ in range(200):
        if hi - lo <= 1e-3:
            break
        mid = 0.5 * (lo + hi)
        if temp_c(mid) >= limit_c:
            hi = mid
        else:
            lo = mid
    return hi


def aset_s(
    alpha_kw_s2: float,
    *,
    room_width_m: float,
    room_length_m: float,
    ceiling_height_m: float,
    vent_width_m: float,
    vent_height_m: float,
    wall: WallMaterial = WALL_MATERIALS["concrete"],
    wall_thickness_m: float = 0.2,
    ambient_c: float = 20.0,
    t_ignition_s: float = 0.0,
    peak_kw: float | None = None,
    sprinkler_activation_s: float | None = None,
    tenability: Tenability = TENABILITY,
    t_max_s: float = 3600.0,
) -> float:
    """Available safe egress time: first time the room becomes untenable, s (drill clock).

    ASET in the sense of GB/T 31593.9-2015. The room is untenable
    as soon as either

    - the smoke layer descends below ``tenability.layer_height_m``
      (:func:`time_to_layer_height_s`, NFPA 92 t-squared filling, from ignition), or
    - the MQH upper-layer temperature reaches ``tenability.upper_layer_temp_c``
      (:func:`time_to_upper_layer_temp_s`).

    Simplifications, all on the safe side for a drill: the filling correlation assumes
    unchecked t-squared growth, so a peak or sprinkler cap does not slow the layer's
    descent here; the whole upper layer's temperature is compared with the limit, whatever
    the layer height. Radiant-flux and visibility limits are not evaluated (they need
    soot and layer-emissivity models). Returns ``math.inf`` if neither criterion is met
    (the temperature is searched up to ``t_max_s``).
    """
    positive("room_width_m", room_width_m)
    positive("room_length_m", room_length_m)
    floor_area = room_width_m * room_length_m
    t_layer = t_ignition_s + time_to_layer_height_s(
        tenability.layer_height_m,
        ceiling_height_m,
        floor_area,
        growth_time_from_alpha_s(alpha_kw_s2),
    )
    t_temp = time_to_upper_layer_temp_s(
        tenability.upper_layer_temp_c,
        alpha_kw_s2,
        room_width_m=room_width_m,
        room_length_m=room_length_m,
        ceiling_height_m=ceiling_height_m,
        vent_width_m=vent_width_m,
        vent_height_m=vent_height_m,
        wall=wall,
        wall_thickness_m=wall_thickness_m,
        ambient_c=ambient_c,
        t_ignition_s=t_ignition_s,
        peak_kw=peak_kw,
        sprinkler_activation_s=sprinkler_activation_s,
        t_max_s=t_max_s,
    )
    return min(t_layer, t_temp)


# --------------------------------------------------------------------------- visibility

SOOT_SPECIFIC_EXTINCTION_M2_G = 8.7
"""Mass-specific extinction coefficient of flaming-fire soot, m²/g (natural-log base).

Mulholland and Croarkin, Fire and Materials 24 (2000) 227-230: 8.7 ± 1.1 m²/g for
post-flame soot of many fuels; the value FDS uses (K_m = 8,700 m²/kg, FDS Technical
Reference Guide, visibility). The base-10 mass optical density is 8.7 / 2.303 = 3.8 m²/g."""

SIGN_K: dict[str, float] = {"reflecting": 3.0, "emitting": 8.0}
"""Visibility constant K of S = K / k: 3 for light-reflecting signs and building
components in reflected light, 8 for light-emitting signs (Jin, SFPE Handbook,
visibility through fire smoke; ISO 13571:2012 clause 8; CIBSE Guide E eq. 10.7)."""

WAYFINDING_VISIBILITY_M: dict[str, float] = {"small": 5.0, "large": 10.0}
"""Visibility below which a place is untenable for wayfinding, m: 5 m in small rooms
(occupants familiar with them), 10 m in large spaces and along escape routes (Jin, SFPE
Handbook; ISO 13571:2012 clause 8)."""

SMALL_ROOM_M2 = 100.0
"""A room of at most this floor area counts as small for :data:`WAYFINDING_VISIBILITY_M`
(drill convention: a guest room, an office, a plant room)."""


@overload
def smoke_soot_g_m3(
    rise_k: float,
    soot_yield_g_g: float,
    heat_of_combustion_kj_g: float,
    ambient_c: float = ...,
    convective_fraction: float = ...,
) -> float: ...
@overload
def smoke_soot_g_m3(
    rise_k: FloatArray,
    soot_yield_g_g: float,
    heat_of_combustion_kj_g: float,
    ambient_c: float = ...,
    convective_fraction: float = ...,
) -> FloatArray: ...
def smoke_soot_g_m3(
    rise_k: float | FloatArray,
    soot_yield_g_g: float,
    heat_of_combustion_kj_g: float,
    ambient_c: float = 20.0,
    convective_fraction: float = 0.7,
) -> float | FloatArray:
    """Soot mass concentration of well-mixed smoke from its temperature rise, g/m³.

    The smoke carries the fire's convective heat, chi Q = m c_p dT, and the fuel burns at
    Q / dH_c giving y_s of soot per unit of fuel, so the soot mass fraction is
    y_s c_p dT / (chi dH_c) with c_p = 1.0 kJ/(kg K) (yields: Tewarson, SFPE Handbook,
    generation of heat and gaseous, liquid and solid products in fires; the same energy
    balance as :func:`sim.harm.smoke_co_ppm`). Times the smoke's density
    rho = 353 / T (kg/m³, T in K; ideal gas at 1 atm) it is a concentration.
    """
    positive("soot_yield_g_g", soot_yield_g_g)
    positive("heat_of_combustion_kj_g", heat_of_combustion_kj_g)
    positive("convective_fraction", convective_fraction)
    rise = np.maximum(np.asarray(rise_k, dtype=np.float64), 0.0)
    mass_frac = soot_yield_g_g * rise / (convective_fraction * heat_of_combustion_kj_g * 1e3)
    rho_kg_m3 = 353.0 / (ambient_c + 273.15 + rise)
    out = mass_frac * rho_kg_m3 * 1e3
    return float(out) if out.ndim == 0 else np.asarray(out, dtype=np.float64)


@overload
def visibility_in_smoke_m(soot_g_m3: float, sign_k: float = ...) -> float: ...
@overload
def visibility_in_smoke_m(soot_g_m3: FloatArray, sign_k: float = ...) -> FloatArray: ...
def visibility_in_smoke_m(
    soot_g_m3: float | FloatArray, sign_k: float = SIGN_K["reflecting"]
) -> float | FloatArray:
    """Visibility through smoke, S = K / k with k = sigma_s m_s, m.

    k is the extinction coefficient (1/m) of soot at ``soot_g_m3`` with the specific
    extinction coefficient :data:`SOOT_SPECIFIC_EXTINCTION_M2_G` (Mulholland and
    Croarkin 2000); K from :data:`SIGN_K` (Jin, SFPE Handbook; ISO 13571:2012 clause 8).
    It is the same relation as SFPE's S = K / (2.303 D_m C) written per mass of soot
    rather than of fuel burnt. No soot: infinite visibility.
    """
    positive("sign_k", sign_k)
    k = SOOT_SPECIFIC_EXTINCTION_M2_G * np.maximum(np.asarray(soot_g_m3, dtype=np.float64), 0.0)
    with np.errstate(divide="ignore"):
        s = np.where(k > 0.0, sign_k / np.where(k > 0.0, k, 1.0), np.inf)
    return float(s) if s.ndim == 0 else np.asarray(s, dtype=np.float64)


def wayfinding_limit_m(kind: str, area_m2: float) -> float:
    """The visibility a place needs for wayfinding, m: 5 m in a small room (a room of at
    most :data:`SMALL_ROOM_M2`), 10 m elsewhere (:data:`WAYFINDING_VISIBILITY_M`)."""
    small = kind == "room" and area_m2 <= SMALL_ROOM_M2
    return WAYFINDING_VISIBILITY_M["small" if small else "large"]
