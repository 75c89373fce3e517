"""Compartment fire: t-squared growth, smoke filling, hot-layer temperature and ASET.

Pure physics for the ``fire`` hazard (docs/models.md section 3), as hand-calculation
correlations of the kind used in performance-based design and in the US NRC Fire Dynamics
Tools. They hold no state and know nothing of the engine. Heat release rates are in kW,
temperatures in degC, times in seconds from the drill clock's zero unless a name says
otherwise.

Sources:

- t-squared design fires: NFPA 92 (2012) and NFPA 72 (2013) Annex B; SFPE Handbook of
  Fire Protection Engineering, design-fire chapter.
- Smoke filling with a t-squared fire: NFPA 92 (2012), chapter 5 (formerly NFPA 92B);
  Mulholland, SFPE Handbook.
- Upper-layer temperature: McCaffrey, Quintiere and Harkleroad, Fire Technology 17(2),
  1981, pp. 98-119 (MQH); Walton and Thomas, SFPE Handbook, "Estimating temperatures in
  compartment fires"; US NRC NUREG-1805 (2004), chapter 2, eqs. 2-1 to 2-5.
- Tenability: the GB/T 31593.9-2015 ASET/RSET framework; ISO 13571:2012.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

import numpy as np
from numpy.typing import NDArray

from sim.harm import DoseModel, FireDose
from sim.hazards.base import ActionDone, Harm, Hazard, HazardContext, Threshold
from sim.hazards.checks import non_negative, positive
from sim.hazards.specs import MILESTONES, FireParams, HazardParams
from sim.text import LangText

if TYPE_CHECKING:
    import simpy

    from sim.site import DoorState

__all__ = [
    "GROWTH_ALPHA_KW_S2",
    "GROWTH_TIME_S",
    "REFERENCE_HRR_KW",
    "SIGN_K",
    "SOOT_SPECIFIC_EXTINCTION_M2_G",
    "TENABILITY",
    "WALL_MATERIALS",
    "WAYFINDING_VISIBILITY_M",
    "FireModel",
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
"""Standard t-squared growth coefficients alpha, kW/s^2 (NFPA 92 and
NFPA 72 Annex B): alpha = 1055 / t_g^2 for the growth times in :data:`GROWTH_TIME_S`."""

GROWTH_TIME_S: dict[str, float] = {
    "slow": 600.0,
    "medium": 300.0,
    "fast": 150.0,
    "ultrafast": 75.0,
}
"""Time for a t-squared fire to reach 1,055 kW, s (NFPA 72 Annex B; NFPA 92)."""


@dataclass(frozen=True)
class Tenability:
    """Limits beyond which a compartment is untenable (ASET criteria, GB/T 31593.9-2015)."""

    upper_layer_temp_c: float = 60.0
    """Hot smoke temperature limit, degC."""
    layer_height_m: float = 2.0
    """Smoke layer interface height limit above the floor, m."""
    radiant_flux_kw_m2: float = 2.5
    """Radiant heat flux limit, kW/m2 (the usual ASET criteria give 2-2.5)."""
    visibility_m: float = 10.0
    """Visibility limit, m (10 m in large spaces: Jin, SFPE Handbook; ISO 13571:2012
    clause 8; unverified as a default for every room)."""


TENABILITY = Tenability()
"""Default tenability limits (docs/models.md section 3, Tenability); a scenario can override them."""


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

    Q = alpha (t - t_ignition)^2 for t >= t_ignition and 0 before (SFPE Handbook,
    design-fire chapter; NFPA 92 (2012); NFPA 72 Annex B), capped at ``peak_kw`` (fuel- or
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


# --------------------------------------------------------------------------- engine model

SMOKE_NOTICE_RISE_K = 5.0
"""Head-height temperature rise taken for smoke that has just reached a place, K.

The arriving ceiling jet is warm and thin; 5 K above ambient marks 'smoke present' (the
first threshold) without claiming harm. A drill convention, not a measured value."""

SMOKE_REFERENCE_HRR_KW = 1000.0
"""Fire size at which places fill at their nominal rate (``untenable_after_s``), kW.

Smoke production follows plume entrainment, m ∝ Q^(1/3) z^(5/3) (Heskestad; Zukoski;
SFPE Handbook, fire plumes chapter), so a place fills (Q / 1000 kW)^(1/3) times as fast."""

VOLUME_SCALE_BOUNDS: tuple[float, float] = (0.25, 4.0)
"""Bounds of the volume factor V / V_ref applied to ``untenable_after_s`` (drill choice)."""

WALL_THICKNESS_M = 0.2
"""Lining thickness of the fire room for MQH (200 mm concrete)."""

_VERTICAL = ("stair", "lift")


class FireModel(Hazard):
    """The ``fire`` hazard as the engine runs it: a t² fire in one room, its smoke
    spreading through the site graph, and the people it harms.

    **Level.** Every node's level is an estimated gas temperature at head height, °C
    (:attr:`unit`). Thresholds, after the tenability defaults of :class:`Tenability`:

    - ``smoke`` at ambient + :data:`SMOKE_NOTICE_RISE_K`: smoke has reached the place;
    - ``untenable`` at ``untenable_c`` (60 °C hot smoke, which also stands for the
      smoke layer below 2 m and for visibility under 10 m; :data:`TENABILITY`), where
      people re-route;
    - ``lethal`` at ``lethal_c`` (120 °C): convective heat alone incapacitates in about
      4 min at 120 °C (ISO 13571:2012, t = 5×10⁷ T^−3.4 min), and with the smoke that
      comes with it in about a minute.

    **Fire room.** The heat release rate is the t² fire of :func:`hrr_kw` (capped at
    ``peak_kw``; held from sprinkler activation). The room's level is the MQH upper-layer
    temperature (:func:`mqh_upper_layer_temp_c`, NUREG-1805 eq. 2-1) with the room's door
    as the opening, raised to ``untenable_c`` once the NFPA 92 smoke layer
    (:func:`time_to_layer_height_s`) is below 2 m, so the room turns untenable exactly at
    :func:`aset_s`. Flashover is the upper layer reaching ``flashover_c`` (500 °C; MQH
    derived its flashover criterion at a rise of about 500 K, McCaffrey et al. 1981;
    Peacock et al., Fire Safety Journal 32 (1999), review 450-650 °C).

    **Smoke front.** Smoke leaves the fire room when its layer reaches the door soffit
    (``vent_height_m``) and runs along every edge between indoor places at a transfer
    rate 1/τ, τ = L / v: v = ``smoke_speed_m_s`` along corridors and doors,
    ``stair_up_speed_m_s`` up a stair or lift shaft and ``stair_down_speed_m_s`` down it.
    A closed door adds ``closed_door_delay_s`` (``fire_door_delay_s`` for a fire door).
    Door states are read every tick from ``site.doors`` (propped open, or held open until
    ``held_until_s`` while people pass; ``close_doors`` clears the prop): a door counts as
    open for the part of the tick it stood open. Progress
    along an edge accumulates ∫ dt/τ(t); smoke arrives when it reaches 1. This is an
    event-driven Dijkstra on time-dependent edge times, so closing a door always delays
    the smoke and never hastens it.

    **Filling.** Once smoke is in a place, its fill f (0 = smoke just arrived, 1 =
    untenable) grows as

        df/dt = s(Q) / t_u · max over upstream j of c_ji · clip(f_j − f, 0, 1),

    with t_u = ``untenable_after_s`` × clip(V / ``reference_volume_m3``, 0.25, 4) for
    the place's volume V, s(Q) = (Q / 1 MW)^(1/3) (plume entrainment), and c_ji the
    edge's conductance: 1 for an open way, τ_open / τ_closed through a closed door,
    v_down / v_up down a stair. A place never fills beyond its worst upstream
    neighbour, so shutting the fire-room door all but stops the corridor getting worse
    (only the leak through the shut door still feeds it). The
    level of a place with smoke is ambient + 5 K + f · (``untenable_c`` − ambient − 5 K).

    **Reactions.** A staff ``extinguish`` at the fire room (or from a place next to it)
    controls the fire if the HRR is at most ``extinguisher_max_kw`` when it completes
    and there has been no flashover; a responder's ``extinguish`` always controls and
    extinguishes it. From control on the fire gives no more smoke and every level relaxes
    to the smoke level with ``clearance_tau_s``. ``close_doors`` acts through the door
    states the engine sets.

    **Harm.** :meth:`dose_model` gives each person their own ISO 13571:2012 fractional
    effective dose (CO from the fire's yields plus convected heat, :class:`sim.harm.FireDose`)
    along their own path. Once smoke has reached a lift lobby or shaft
    (``lift_nodes``), everyone at a lift node is harmed at each tick: injured, or a
    casualty if the place is untenable (lifts in a fire: GB 50016-2014 §7.3 lets only
    fire lifts serve firefighting; cars stop at the fire floor and fill with smoke).

    Everything is advanced by one simpy process every :attr:`tick_s`; :meth:`levels`
    returns the array of the last tick. Nothing is random.
    """

    name = "fire"
    unit = "°C"
    milestones = MILESTONES["fire"]
    tick_s = 5.0

    def __init__(self, params: HazardParams, ctx: HazardContext) -> None:
        super().__init__(params, ctx)
        if not isinstance(params, FireParams):
            raise TypeError("the fire model needs FireParams")
        p = self.p = params
        site = ctx.site
        n = len(site.node_ids)
        self._n = n
        self._o = site.index[p.origin]
        self._alpha = GROWTH_ALPHA_KW_S2[p.growth]
        self._tg = growth_time_from_alpha_s(self._alpha)
        self._ign = p.ignition_s
        self._amb = p.ambient_c
        self._notice_c = p.ambient_c + SMOKE_NOTICE_RISE_K
        self._span_k = p.untenable_c - self._notice_c
        duration = float(site.scenario.duration_s)

        # --- the fire room's geometry (square plan of the node's area)
        area = float(site.area_m2[self._o])
        height = float(site.height_m[self._o])
        self._room_side_m = math.sqrt(area)
        self._room_height_m = height
        self._vent_w = self._vent_width_m(p.origin)
        self._vent_h = min(p.vent_height_m, height)
        self._vent_area = self._vent_w * self._vent_h
        self._boundary = compartment_boundary_area_m2(
            self._room_side_m, self._room_side_m, height, self._vent_area
        )
        self._sprinkler_s = self._sprinkler_time_s()
        self._t_layer = self._ign + time_to_layer_height_s(
            TENABILITY.layer_height_m, height, area, self._tg
        )
        self._t_spill = self._ign + time_to_layer_height_s(self._vent_h, height, area, self._tg)
        horizon = self._ign + duration + 3600.0
        self._t_notice = min(self._time_to_temp(self._notice_c, horizon), self._t_layer)
        self._t_flashover = self._time_to_temp(p.flashover_c, horizon)
        self._origin_aset = aset_s(
            self._alpha,
            room_width_m=self._room_side_m,
            room_length_m=self._room_side_m,
            ceiling_height_m=height,
            vent_width_m=self._vent_w,
            vent_height_m=self._vent_h,
            wall_thickness_m=WALL_THICKNESS_M,
            ambient_c=p.ambient_c,
            t_ignition_s=self._ign,
            peak_kw=p.peak_kw,
            sprinkler_activation_s=self._sprinkler_s,
            tenability=Tenability(upper_layer_temp_c=p.untenable_c),
            t_max_s=horizon,
        )

        # --- places: indoor, volume factor, lifts, detectors
        self._indoor = site.indoor.copy()
        self._indoor[self._o] = True
        volume = site.area_m2 * site.height_m
        lo, hi = VOLUME_SCALE_BOUNDS
        self._t_u = p.untenable_after_s * np.clip(volume / p.reference_volume_m3, lo, hi)
        self._t_u = np.maximum(self._t_u, 1e-6)
        self._lift_idx = np.array([site.index[x] for x in p.lift_nodes], dtype=np.int64)
        self._lift_ids = list(p.lift_nodes)
        self._shaft_smoky = False
        self._detector = np.zeros(n, dtype=bool)
        for d in p.detectors:
            self._detector[site.index[d]] = True
        self._corridor = np.array(
            [site.nodes[x].kind == "corridor" for x in site.node_ids], dtype=bool
        )
        self._sign_k = SIGN_K[p.signs]
        self._need_m = np.array(
            [
                wayfinding_limit_m(site.nodes[x].kind, float(site.area_m2[site.index[x]]))
                for x in site.node_ids
            ]
        )
        self._ever_obscured = np.zeros(n, dtype=bool)
        self._min_visibility_m = math.inf

        # --- directed edges between indoor places (never into the fire room)
        self._build_edges()

        self._grid_hrr_kw = np.zeros(0)
        self._grid_temp_c = np.zeros(0)
        self._tabulate(duration)

        # --- state
        self._arrival = np.full(n, math.inf)
        self._fill = np.zeros(n)
        self._progress = np.zeros(self._e_src.size)
        self._ever_untenable = np.zeros(n, dtype=bool)
        self._levels = np.full(n, self._amb)
        self._last_s = 0.0
        self._controlled_s: float | None = None
        self._control_temp_c = self._amb
        self._extinguished_s: float | None = None
        self._flashover_s: float | None = None
        self._detected = False
        self._thresholds = [
            Threshold(
                "smoke",
                LangText(zh="烟气到达", en="smoke present"),
                self._notice_c,
            ),
            Threshold(
                "untenable",
                LangText(
                    zh=f"不可耐受（{p.untenable_c:g} ℃热烟气）",
                    en=f"untenable ({p.untenable_c:g} °C hot smoke)",
                ),
                p.untenable_c,
                untenable=True,
            ),
            Threshold(
                "lethal",
                LangText(zh=f"致命（{p.lethal_c:g} ℃）", en=f"lethal ({p.lethal_c:g} °C)"),
                p.lethal_c,
            ),
        ]

    # --- construction helpers -----------------------------------------------------------

    def _vent_width_m(self, origin: str) -> float:
        """Width of the fire room's opening: its widest door (else widest way, else 0.9 m)."""
        doors = [
            e.width_m for k, e in self.ctx.site.edges.items() if origin in k and e.kind == "door"
        ]
        ways = [e.width_m for k, e in self.ctx.site.edges.items() if origin in k]
        return max(doors or ways or [0.9])

    def _sprinkler_time_s(self) -> float | None:
        """Sprinkler activation: as given, or when the HRR reaches 1 MW (never if capped below)."""
        p = self.p
        if not p.sprinklers:
            return None
        if p.sprinkler_activation_s is not None:
            return p.sprinkler_activation_s
        if p.peak_kw < 1000.0:
            return None
        return self._ign + math.sqrt(1000.0 / self._alpha)

    def _time_to_temp(self, limit_c: float, horizon_s: float) -> float:
        """First time the MQH upper layer of the fire room reaches ``limit_c``, s."""
        return time_to_upper_layer_temp_s(
            limit_c,
            self._alpha,
            room_width_m=self._room_side_m,
            room_length_m=self._room_side_m,
            ceiling_height_m=self._room_height_m,
            vent_width_m=self._vent_w,
            vent_height_m=self._vent_h,
            wall=WALL_MATERIALS["concrete"],
            wall_thickness_m=WALL_THICKNESS_M,
            ambient_c=self._amb,
            t_ignition_s=self._ign,
            peak_kw=self.p.peak_kw,
            sprinkler_activation_s=self._sprinkler_s,
            t_max_s=horizon_s,
        )

    def _build_edges(self) -> None:
        p = self.p
        site = self.ctx.site
        src: list[int] = []
        dst: list[int] = []
        rate_open: list[float] = []
        rate_closed: list[float] = []
        c_dir: list[float] = []
        door: list[int] = []
        self._door_states: list[DoorState] = []
        door_pos: dict[tuple[str, str], int] = {}
        for key, e in site.edges.items():
            if e.kind == "road":
                continue
            a, b = site.index[key[0]], site.index[key[1]]
            if not (self._indoor[a] and self._indoor[b]):
                continue
            d_idx = -1
            if e.kind == "door" and key in site.doors:
                if key not in door_pos:
                    door_pos[key] = len(self._door_states)
                    self._door_states.append(site.doors[key])
                d_idx = door_pos[key]
            delay = (
                (p.fire_door_delay_s if e.fire_door else p.closed_door_delay_s)
                if d_idx >= 0
                else 0.0
            )
            for u, v in ((a, b), (b, a)):
                if v == self._o:
                    continue
                speed, cond = p.smoke_speed_m_s, 1.0
                if e.kind in _VERTICAL and site.floor[v] != site.floor[u]:
                    if site.floor[v] > site.floor[u]:
                        speed = p.stair_up_speed_m_s
                    else:
                        speed = p.stair_down_speed_m_s
                        cond = min(1.0, p.stair_down_speed_m_s / p.stair_up_speed_m_s)
                tau_open = e.length_m / speed
                src.append(u)
                dst.append(v)
                rate_open.append(1.0 / tau_open)
                rate_closed.append(1.0 / (tau_open + delay))
                c_dir.append(cond)
                door.append(d_idx)
        self._e_src = np.array(src, dtype=np.int64)
        self._e_dst = np.array(dst, dtype=np.int64)
        self._rate_open = np.array(rate_open, dtype=float)
        self._rate_closed = np.array(rate_closed, dtype=float)
        self._closed_ratio = self._rate_closed / self._rate_open if src else np.zeros(0)
        self._c_dir = np.array(c_dir, dtype=float)
        self._e_door = np.array(door, dtype=np.int64)
        self._e_is_door = self._e_door >= 0
        self._e_door_safe = np.where(self._e_is_door, self._e_door, 0)
        self._out: list[list[int]] = [[] for _ in range(self._n)]
        for k, u in enumerate(src):
            self._out[u].append(k)
        self._door_edges: list[list[int]] = [[] for _ in self._door_states]
        for k, d in enumerate(door):
            if d >= 0:
                self._door_edges[d].append(k)

    # --- the Hazard interface -----------------------------------------------------------

    def start(self) -> None:
        p = self.p
        if p.origin_door_open:
            for key, state in self.ctx.site.doors.items():
                if p.origin in key:
                    state.propped_open = True
        self.ctx.env.process(self._run())
        if self._sprinkler_s is not None:
            self.ctx.env.process(self._sprinklers(self._sprinkler_s))
        if math.isfinite(self._t_flashover):
            self.ctx.env.process(self._flashover(self._t_flashover))

    def levels(self) -> np.ndarray:
        return self._levels

    def thresholds(self) -> list[Threshold]:
        return list(self._thresholds)

    def dose_model(
        self, n_people: int, rng: np.random.Generator, sensitive: np.ndarray
    ) -> DoseModel | None:
        """Harm hook: ISO 13571 FED from the smoke's CO (the fire's yields) and heat."""
        p = self.p
        return FireDose(
            n_people,
            sensitive,
            ambient_c=p.ambient_c,
            smoke_c=self._thresholds[0].value,
            co_yield_g_g=p.co_yield_g_g,
            heat_of_combustion_kj_g=p.heat_of_combustion_kj_g,
        )

    def react(self, action: ActionDone) -> None:
        if action.kind != "extinguish":
            return
        now = float(self.ctx.env.now)
        responder = action.responder
        if responder:
            if self._controlled_s is None:
                self._control(now, by=action.role)
            if self._extinguished_s is None:
                self._extinguished_s = now
                self.ctx.milestone("extinguished", by=action.role)
            return
        if not self._at_fire(action.node) or self._controlled_s is not None:
            return
        q = self.hrr_kw_at(now)
        if self._flashover_s is None and q <= self.p.extinguisher_max_kw:
            self._control(now, by=action.role)
        else:
            self.ctx.emit(
                "fire_not_controlled",
                by=action.role,
                hrr_kw=round(q, 1),
                limit_kw=self.p.extinguisher_max_kw,
                flashover=self._flashover_s is not None,
            )

    def outcome(self) -> dict[str, float | int | bool]:
        now = float(self.ctx.env.now)
        arrived = self._arrival <= now
        return {
            "peak_hrr_kw": round(self.peak_hrr_kw(), 1),
            "flashover": self._flashover_s is not None,
            "fire_controlled": self._controlled_s is not None,
            "smoke_nodes": int(arrived.sum()),
            "untenable_nodes": int(self._ever_untenable.sum()),
            "obscured_nodes": int(self._ever_obscured.sum()),
            "origin_aset_s": self._origin_aset,
        }

    def describe(self) -> dict[str, Any]:
        p = self.p
        return {
            "model": self.name,
            "unit": self.unit,
            "origin": p.origin,
            "growth": p.growth,
            "alpha_kw_s2": self._alpha,
            "peak_kw": p.peak_kw,
            "sprinklers": p.sprinklers,
            "hrr_kw": round(self.hrr_kw_at(float(self.ctx.env.now)), 1),
            "origin_aset_s": self._origin_aset,
            "signs": p.signs,
            "visibility_m": self.visibility_by_node(),
            "min_visibility_m": (
                round(self._min_visibility_m, 1) if math.isfinite(self._min_visibility_m) else None
            ),
        }

    def obscured(self, levels: np.ndarray | None = None) -> np.ndarray:
        """Places where the smoke hides the way: visibility under 5 m in a small room or
        10 m elsewhere (:func:`wayfinding_limit_m`)."""
        mask: np.ndarray = self.visibility_m(levels) < self._need_m
        return mask

    def extinction_per_m(self, levels: np.ndarray | None = None) -> np.ndarray:
        """Extinction coefficient k = sigma_s m_s of the smoke at every node, 1/m (0 where
        there is no smoke; :func:`smoke_soot_g_m3`, :data:`SOOT_SPECIFIC_EXTINCTION_M2_G`)."""
        lv = self._levels if levels is None else levels
        p = self.p
        smoky = lv >= self._notice_c
        soot = smoke_soot_g_m3(
            np.asarray(lv - self._amb, dtype=np.float64),
            p.soot_yield_g_g,
            p.heat_of_combustion_kj_g,
            ambient_c=self._amb,
        )
        k: np.ndarray = np.where(smoky, SOOT_SPECIFIC_EXTINCTION_M2_G * soot, 0.0)
        return k

    def visibility_m(self, levels: np.ndarray | None = None) -> np.ndarray:
        """Visibility at every node, S = K / k, m (inf where there is no smoke;
        :func:`visibility_in_smoke_m` with the scenario's ``signs``)."""
        k = self.extinction_per_m(levels)
        with np.errstate(divide="ignore"):
            s: np.ndarray = np.where(k > 0.0, self._sign_k / np.where(k > 0.0, k, 1.0), np.inf)
        return s

    def visibility_by_node(self) -> dict[str, float]:
        """Visibility now at every place with smoke, m (rounded to 0.1 m)."""
        vis = self.visibility_m()
        ids = self.ctx.site.node_ids
        return {ids[i]: round(float(vis[i]), 1) for i in np.nonzero(np.isfinite(vis))[0]}

    # --- public views -------------------------------------------------------------------

    def hrr_kw_at(self, t_s: float) -> float:
        """Heat release rate at sim time ``t_s`` (0 once the fire is controlled), kW."""
        if self._controlled_s is not None and t_s >= self._controlled_s:
            return 0.0
        return self._hrr_uncontrolled(t_s)

    def peak_hrr_kw(self) -> float:
        """Largest heat release rate so far, kW."""
        now = float(self.ctx.env.now)
        end = now if self._controlled_s is None else min(now, self._controlled_s)
        return self._hrr_uncontrolled(end)

    def smoke_arrival_s(self, node: str) -> float:
        """When smoke reached ``node`` (inf while it has not)."""
        return float(self._arrival[self.ctx.site.index[node]])

    @property
    def controlled_s(self) -> float | None:
        """When the fire was controlled, if it has been."""
        return self._controlled_s

    @property
    def flashover_s(self) -> float | None:
        """When the fire room flashed over, if it has."""
        return self._flashover_s

    # --- physics of the fire room -------------------------------------------------------

    def _grid_index(self, t_s: float) -> int | None:
        """Index of ``t_s`` on the tick grid of the precomputed tables, if it is on it."""
        k = round(t_s / self.tick_s)
        if 0 <= k < self._grid_hrr_kw.size and abs(k * self.tick_s - t_s) < 1e-9:
            return int(k)
        return None

    def _tabulate(self, horizon_s: float) -> None:
        """HRR and fire-room temperature on the tick grid (the fire room's physics depends
        on time alone until the fire is controlled, so one table serves the whole drill)."""
        grid = np.arange(0.0, horizon_s + self.tick_s, self.tick_s)
        hrr, temp = self._fire_room(grid)
        self._grid_hrr_kw = hrr
        self._grid_temp_c = temp

    def _fire_room(self, t_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """HRR (kW) and level (°C) of the uncontrolled fire room at the times ``t_s``.

        HRR from :func:`hrr_kw`; the level is the MQH upper-layer temperature
        (:func:`mqh_temperature_rise_k` with the thick-wall h_k of
        :func:`wall_heat_transfer_coefficient_kw_m2_k`), at least ``untenable_c`` once the
        NFPA 92 layer is below the 2 m tenability height.
        """
        hrr = np.asarray(
            hrr_kw(
                t_s,
                self._alpha,
                t_ignition_s=self._ign,
                peak_kw=self.p.peak_kw,
                sprinkler_activation_s=self._sprinkler_s,
            ),
            dtype=float,
        ).reshape(t_s.shape)
        wall = WALL_MATERIALS["concrete"]
        tau = t_s - self._ign
        h_k = np.array(
            [
                wall_heat_transfer_coefficient_kw_m2_k(
                    float(x), wall.k_kw_m_k, wall.rho_kg_m3, wall.c_kj_kg_k, WALL_THICKNESS_M
                )
                for x in tau.ravel()
            ]
        ).reshape(t_s.shape)
        temp = np.full(t_s.shape, self._amb)
        hot = (tau > 0.0) & (hrr > 0.0) & np.isfinite(h_k)
        if hot.any():
            temp[hot] += mqh_temperature_rise_k(
                hrr[hot], self._vent_area, self._vent_h, self._boundary, h_k[hot]
            )
        temp = np.where(t_s >= self._t_layer, np.maximum(temp, self.p.untenable_c), temp)
        return hrr, temp

    def _hrr_uncontrolled(self, t_s: float) -> float:
        k = self._grid_index(t_s)
        if k is not None:
            return float(self._grid_hrr_kw[k])
        return float(self._fire_room(np.array([t_s]))[0][0])

    def _origin_temp_uncontrolled_c(self, t_s: float) -> float:
        k = self._grid_index(t_s)
        if k is not None:
            return float(self._grid_temp_c[k])
        return float(self._fire_room(np.array([t_s]))[1][0])

    def _origin_temp_c(self, t_s: float) -> float:
        if self._controlled_s is not None and t_s >= self._controlled_s:
            decay = math.exp(-(t_s - self._controlled_s) / self.p.clearance_tau_s)
            return self._amb + (self._control_temp_c - self._amb) * decay
        return self._origin_temp_uncontrolled_c(t_s)

    def _fill_of_temp(self, temp_c: float) -> float:
        return max(0.0, (temp_c - self._notice_c) / self._span_k)

    # --- events -------------------------------------------------------------------------

    def _control(self, t_s: float, by: str) -> None:
        self._control_temp_c = self._origin_temp_uncontrolled_c(t_s)
        q = self._hrr_uncontrolled(t_s)
        self._controlled_s = t_s
        self.ctx.milestone("fire_controlled", by=by, hrr_kw=round(q, 1))

    def _sprinklers(self, at_s: float) -> Generator[simpy.Event, Any, None]:
        if at_s > self.ctx.env.now:
            yield self.ctx.env.timeout(at_s - self.ctx.env.now)
        if self._controlled_s is None:
            self.ctx.milestone("sprinklers_operated", hrr_kw=round(self._hrr_uncontrolled(at_s), 1))

    def _flashover(self, at_s: float) -> Generator[simpy.Event, Any, None]:
        if at_s > self.ctx.env.now:
            yield self.ctx.env.timeout(at_s - self.ctx.env.now)
        if self._controlled_s is None:
            self._flashover_s = float(self.ctx.env.now)
            self.ctx.milestone("flashover", node=self.p.origin)

    def _at_fire(self, node: str | None) -> bool:
        """Whether an attack from ``node`` reaches the fire (the room or a place next to it)."""
        if node is None or node == self.p.origin:
            return True
        return (min(node, self.p.origin), max(node, self.p.origin)) in self.ctx.site.edges

    # --- the smoke process ----------------------------------------------------------------

    def _run(self) -> Generator[simpy.Event, Any, None]:
        dt = self.tick_s
        while True:
            yield self.ctx.env.timeout(dt)
            now = float(self.ctx.env.now)
            self._step(self._last_s, now)
            self._last_s = now

    def _door_open_fraction(self, t0: float, t1: float, doors: list[int]) -> np.ndarray:
        """Share of [t0, t1] each of ``doors`` stood open (propped, or held by people passing).

        A door held open until h was open at most from t0 to min(h, t1): the share is an
        upper bound, so smoke is never under-estimated by the tick.
        """
        states = self._door_states
        seen = [(states[k].propped_open, states[k].held_until_s) for k in doors]
        propped = np.array([x[0] for x in seen], dtype=bool)
        held = np.array([x[1] for x in seen], dtype=float)
        share = np.clip((np.minimum(held, t1) - t0) / (t1 - t0), 0.0, 1.0)
        return np.where(propped, 1.0, share)

    def _step(self, t0: float, t1: float) -> None:
        """Advance the smoke from ``t0`` to ``t1`` and refresh the levels."""
        o = self._o
        arr = self._arrival
        t_end = math.inf if self._controlled_s is None else self._controlled_s
        feed_end = min(t1, t_end)
        newly: list[int] = []
        if not math.isfinite(arr[o]) and self._t_notice <= t1:
            arr[o] = max(self._t_notice, 0.0)
            newly.append(o)
        f = self._fill
        f[o] = self._fill_of_temp(self._origin_temp_c(t1))
        if feed_end > t0 and self._e_src.size and math.isfinite(arr[o]):
            cond = self._spread(t0, t1, feed_end, newly)
            self._fill_up(t0, t1, feed_end, cond)
        if t1 > t_end:
            decay = math.exp(-(t1 - max(t0, t_end)) / self.p.clearance_tau_s)
            keep = f[o]
            f *= decay
            f[o] = keep
        has = np.isfinite(arr)
        levels = np.where(has, self._notice_c + f * self._span_k, self._amb)
        levels[o] = self._origin_temp_c(t1)
        self._levels = levels
        self._ever_untenable |= levels >= self.p.untenable_c
        vis = self.visibility_m(levels)
        self._ever_obscured |= vis < self._need_m
        if self._indoor.any():
            self._min_visibility_m = min(self._min_visibility_m, float(vis[self._indoor].min()))
        if newly:
            self._on_arrivals(newly)
        self._lift_harm(levels)

    def _spread(self, t0: float, t1: float, feed_end: float, newly: list[int]) -> np.ndarray:
        """Move the smoke front over [t0, feed_end]; returns each edge's conductance.

        Edge rates come from the door states over the tick: doors next to smoke are read
        at once, doors the smoke reaches within the tick when it gets there. Arrivals
        inside the tick are found in time order (Dijkstra with a heap), so smoke can cross
        several short edges (a lift shaft) in one tick.
        """
        arr = self._arrival
        src, dst = self._e_src, self._e_dst
        near = self._e_is_door & np.isfinite(arr[src])
        doors = np.unique(self._e_door[near]).tolist()
        read = np.zeros(len(self._door_states), dtype=bool)
        phi = np.zeros(len(self._door_states))
        if doors:
            read[doors] = True
            phi[doors] = self._door_open_fraction(t0, t1, doors)
        phi_e = np.where(self._e_is_door, phi[self._e_door_safe] if phi.size else 0.0, 1.0)
        rate = phi_e * self._rate_open + (1.0 - phi_e) * self._rate_closed
        cond: np.ndarray = self._c_dir * (phi_e + (1.0 - phi_e) * self._closed_ratio)

        emit_from = arr.copy()
        emit_from[self._o] = max(arr[self._o], self._t_spill)
        start = np.maximum(t0, emit_from[src])
        active = (start < feed_end) & ~np.isfinite(arr[dst])
        cand = start + (1.0 - self._progress) / rate
        heap = [(float(cand[k]), int(dst[k])) for k in np.nonzero(active & (cand <= feed_end))[0]]
        heapq.heapify(heap)
        while heap:
            t_arr, v = heapq.heappop(heap)
            if math.isfinite(arr[v]):
                continue
            arr[v] = t_arr
            emit_from[v] = t_arr
            newly.append(v)
            for k in self._out[v]:
                w = int(dst[k])
                if math.isfinite(arr[w]):
                    continue
                door = int(self._e_door[k])
                if door >= 0 and not read[door]:
                    read[door] = True
                    share = float(self._door_open_fraction(t0, t1, [door])[0])
                    for j in self._door_edges[door]:
                        rate[j] = share * self._rate_open[j] + (1.0 - share) * self._rate_closed[j]
                        cond[j] = self._c_dir[j] * (share + (1.0 - share) * self._closed_ratio[j])
                t_w = t_arr + (1.0 - self._progress[k]) / rate[k]
                if t_w <= feed_end:
                    heapq.heappush(heap, (t_w, w))
        start = np.maximum(t0, emit_from[src])
        pending = ~np.isfinite(arr[dst]) & np.isfinite(start)
        span = np.clip(feed_end - start, 0.0, None)
        self._progress[pending] += rate[pending] * span[pending]
        return cond

    def _fill_up(self, t0: float, t1: float, feed_end: float, cond: np.ndarray) -> None:
        """Fill the places with smoke over [t0, feed_end] (see the class docstring)."""
        arr = self._arrival
        f = self._fill
        src, dst = self._e_src, self._e_dst
        s = (self._hrr_uncontrolled(feed_end) / SMOKE_REFERENCE_HRR_KW) ** (1.0 / 3.0)
        has = np.isfinite(arr)
        both = has[src] & has[dst]
        drive = np.where(both, cond * np.clip(f[src] - f[dst], 0.0, 1.0), 0.0)
        g = np.zeros(self._n)
        np.maximum.at(g, dst, drive)
        cap = np.zeros(self._n)
        np.maximum.at(cap, dst, np.where(both, f[src], 0.0))
        eff = np.clip(feed_end - np.maximum(t0, arr), 0.0, t1 - t0)
        grown = np.maximum(f, np.minimum(f + s * g * eff / self._t_u, cap))
        grown[self._o] = f[self._o]
        f[:] = grown

    def _on_arrivals(self, newly: list[int]) -> None:
        if self._detected:
            return
        site = self.ctx.site
        for i in sorted(newly, key=lambda k: (self._arrival[k], k)):
            if self._detector[i] if self.p.detectors else self._corridor[i]:
                self._detected = True
                self.ctx.milestone(
                    "smoke_detected",
                    node=site.node_ids[i],
                    smoke_s=round(float(self._arrival[i]), 1),
                )
                return

    def _lift_harm(self, levels: np.ndarray) -> None:
        if not self._lift_idx.size:
            return
        if not self._shaft_smoky:
            if not np.isfinite(self._arrival[self._lift_idx]).any():
                return
            self._shaft_smoky = True
        for i, node in zip(self._lift_idx.tolist(), self._lift_ids, strict=True):
            if self.ctx.occupants(node) <= 0:
                continue
            harm: Harm = "casualty" if levels[i] >= self.p.untenable_c else "injured"
            self.ctx.harm([node], harm, "lift_in_fire")
