"""Flammable gas accumulating in ventilated rooms: the physics of the ``gas_room`` hazard.

A leak of flow Q (m3/s of gas at room conditions) into a well-mixed room of volume V with
an air-exchange rate lambda (1/s) gives, for the gas volume fraction C:

    dC/dt = Q / V - lambda C

Several rooms joined by doors, ducts or gaps also exchange air with each other. Pure
functions and constants: they hold no state and know nothing of the engine or of SimPy
(the model that the engine drives, with doors, ventilation, valves and ignition, is
:class:`sim.hazards.gas_room.GasRoomModel`; docs/models.md §2).

Assumptions, for every function:

- Each room is perfectly mixed (no layering: in reality methane collects under the
  ceiling, propane near the floor, so local pockets exceed the mixed value).
- The gas is dilute (C much less than 1): the leak does not push air out of the room in
  any noticeable amount and the ventilation flow is the same with and without gas.
- Coefficients are constant over a step; a change (a vent opened, the leak isolated) is
  applied between steps.

Sources: the well-mixed room with constant sources is the standard "dilution
ventilation" model, e.g. ACGIH, *Industrial Ventilation: A Manual of Recommended
Practice*, dilution ventilation; AIHA, *Mathematical Models for Estimating Occupational
Exposure to Chemicals*, 2nd ed. (2009), ch. 6 (well-mixed box model). Flammability limits:
Zabetakis, *Flammability Characteristics of Combustible Gases and Vapors*, US Bureau of
Mines Bulletin 627 (1965); Crowl and Louvar, *Chemical Process Safety*, appendix B.
Detector alarm levels: GB/T 50493-2019.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import overload

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "ALARM_1_PCT_LEL",
    "ALARM_2_PCT_LEL",
    "GASES",
    "LEL_PCT",
    "NO_ENTRY_PCT_LEL",
    "FloatArray",
    "GasData",
    "ignition_rate_per_s",
    "percent_lel",
    "room_step",
    "rooms_step",
    "steady_state_fraction",
    "time_to_fraction_s",
]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class GasData:
    """Flammability and molar mass of one gas."""

    lel_frac: float
    """Lower explosive limit, volume fraction in air."""
    uel_frac: float | None
    """Upper explosive limit, volume fraction in air (None where drillsim uses the LEL only)."""
    molar_mass_kg_mol: float
    source: str
    heat_of_combustion_kj_kg: float = 0.0
    """Lower heat of combustion (water as vapour), kJ/kg, for the blast's TNT equivalent."""
    pmax_bar_g: float = 0.0
    """Maximum deflagration overpressure in a closed vessel, bar gauge: the most a
    deflagration raises the pressure anywhere, the burning room included."""


GASES: dict[str, GasData] = {
    "methane": GasData(
        lel_frac=0.05,
        uel_frac=0.15,
        molar_mass_kg_mol=0.01604,
        source="Zabetakis, USBM Bulletin 627 (IEC 60079-20-1 gives LEL 4.4 %); M: NIST WebBook",
        heat_of_combustion_kj_kg=50_030.0,  # 802.3 kJ/mol (NIST WebBook, water as vapour)
        pmax_bar_g=7.1,  # NFPA 68 (2018) Table E.1; Crowl & Louvar Table 6-14
    ),
    "propane": GasData(
        lel_frac=0.021,
        uel_frac=0.095,
        molar_mass_kg_mol=0.04410,
        source="Zabetakis, USBM Bulletin 627; M: NIST WebBook",
        heat_of_combustion_kj_kg=46_330.0,  # 2,043.1 kJ/mol (NIST WebBook, water as vapour)
        pmax_bar_g=7.9,  # NFPA 68 (2018) Table E.1; Crowl & Louvar Table 6-14
    ),
    "ammonia": GasData(
        lel_frac=0.15,
        uel_frac=None,
        molar_mass_kg_mol=0.01703,
        source="Zabetakis, USBM Bulletin 627 (LEL only); M: NIST WebBook",
        heat_of_combustion_kj_kg=18_600.0,  # 316.8 kJ/mol (NIST WebBook, water as vapour)
        pmax_bar_g=5.4,  # NFPA 68 (2018) Table E.1
    ),
}
"""Gas name -> flammability limits and molar mass. Natural gas is taken as methane."""


def _rate_per_s(ach_per_h: float) -> float:
    if not (math.isfinite(ach_per_h) and ach_per_h >= 0.0):
        raise ValueError(f"ach_per_h must be a non-negative number, got {ach_per_h!r}")
    return ach_per_h / 3600.0


def _check_room(q_m3_s: float, volume_m3: float) -> None:
    if not (math.isfinite(q_m3_s) and q_m3_s >= 0.0):
        raise ValueError(f"q_m3_s must be a non-negative number, got {q_m3_s!r}")
    if not (math.isfinite(volume_m3) and volume_m3 > 0.0):
        raise ValueError(f"volume_m3 must be a positive number, got {volume_m3!r}")


@overload
def room_step(
    c_frac: float, q_m3_s: float, volume_m3: float, ach_per_h: float, dt_s: float
) -> float: ...
@overload
def room_step(
    c_frac: FloatArray, q_m3_s: float, volume_m3: float, ach_per_h: float, dt_s: float
) -> FloatArray: ...
def room_step(
    c_frac: float | FloatArray,
    q_m3_s: float,
    volume_m3: float,
    ach_per_h: float,
    dt_s: float,
) -> float | FloatArray:
    """Gas volume fraction in one well-mixed room after a step of ``dt_s`` seconds.

    Exact solution of dC/dt = Q/V - lambda C (the well-mixed box model, AIHA 2009 ch. 6) for constant Q, V and
    lambda = ACH / 3600:

        C(t + dt) = C(t) exp(-lambda dt) + (Q / V) (1 - exp(-lambda dt)) / lambda

    which tends to C + Q dt / V as lambda -> 0 (a sealed room). Unconditionally stable:
    any step length gives the exact value. Vectorised over ``c_frac``.
    """
    _check_room(q_m3_s, volume_m3)
    lam = _rate_per_s(ach_per_h)
    if not (math.isfinite(dt_s) and dt_s >= 0.0):
        raise ValueError(f"dt_s must be a non-negative number, got {dt_s!r}")
    c = np.asarray(c_frac, dtype=np.float64)
    source = q_m3_s / volume_m3
    if lam < 1e-200:
        # A sealed room (and no subnormal rates, where expm1(x) / x loses precision).
        result = c + source * dt_s
    else:
        decay = math.exp(-lam * dt_s)
        # -expm1(-x) / lam keeps full precision for small lam * dt.
        result = c * decay + source * (-math.expm1(-lam * dt_s)) / lam
    if result.ndim == 0:
        return float(result)
    return result


def steady_state_fraction(q_m3_s: float, volume_m3: float, ach_per_h: float) -> float:
    """Long-time gas volume fraction C_ss = Q / (V lambda) in a ventilated room.

    The room balance (:func:`room_step`) at dC/dt = 0. Infinite for a sealed room (lambda = 0) with a
    leak, in which case the dilute model no longer applies once C is large. Example: a
    50 m3 room, 0.001 m3/s leak and 2 air changes per hour give 0.036 (3.6 % by volume).
    """
    _check_room(q_m3_s, volume_m3)
    lam = _rate_per_s(ach_per_h)
    if q_m3_s == 0.0:
        return 0.0
    if lam == 0.0:
        return math.inf
    return q_m3_s / (volume_m3 * lam)


def time_to_fraction_s(
    target_frac: float,
    q_m3_s: float,
    volume_m3: float,
    ach_per_h: float,
    *,
    c0_frac: float = 0.0,
) -> float:
    """Time for the room fraction to rise from ``c0_frac`` (clean air by default) to a target.

    From the exact solution C(t) = C_ss + (C0 - C_ss) exp(-lambda t):

        t = ln((C_ss - C0) / (C_ss - C_target)) / lambda      if C0 < C_target < C_ss
        t = (C_target - C0) V / Q                             if lambda = 0 (sealed room)

    Returns 0 if the room is already at or above the target and ``math.inf`` if the target
    is never reached (at or above the steady state, or no leak). Use with
    ``GASES[name].lel_frac`` for the time to the LEL.
    """
    if not (math.isfinite(target_frac) and target_frac >= 0.0):
        raise ValueError(f"target_frac must be a non-negative number, got {target_frac!r}")
    if not (math.isfinite(c0_frac) and c0_frac >= 0.0):
        raise ValueError(f"c0_frac must be a non-negative number, got {c0_frac!r}")
    _check_room(q_m3_s, volume_m3)
    lam = _rate_per_s(ach_per_h)
    if c0_frac >= target_frac:
        return 0.0
    if q_m3_s == 0.0:
        return math.inf
    if lam == 0.0:
        return (target_frac - c0_frac) * volume_m3 / q_m3_s
    c_ss = q_m3_s / (volume_m3 * lam)
    if target_frac >= c_ss:
        return math.inf
    return math.log((c_ss - c0_frac) / (c_ss - target_frac)) / lam


@overload
def percent_lel(c_frac: float, lel_frac: float) -> float: ...
@overload
def percent_lel(c_frac: FloatArray, lel_frac: float) -> FloatArray: ...
def percent_lel(c_frac: float | FloatArray, lel_frac: float) -> float | FloatArray:
    """Gas volume fraction as a percentage of the lower explosive limit (%LEL).

    100 C / LEL, the reading of a catalytic gas detector calibrated for that gas.
    Do not enter at or above 10 %LEL (:data:`NO_ENTRY_PCT_LEL`); detector alarms at 25 %LEL and
    50 %LEL or below (GB/T 50493-2019). Vectorised over ``c_frac``.
    """
    if not (math.isfinite(lel_frac) and 0.0 < lel_frac <= 1.0):
        raise ValueError(f"lel_frac must be in (0, 1], got {lel_frac!r}")
    c = np.asarray(c_frac, dtype=np.float64) * (100.0 / lel_frac)
    return float(c) if c.ndim == 0 else c


_EIGH_CACHE: dict[bytes, tuple[FloatArray, FloatArray]] = {}
_EIGH_CACHE_SIZE = 256


def _eigh(s_mat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Eigen decomposition of the symmetric rate matrix, remembered: the matrix changes only
    when a door or the ventilation does, so most steps reuse it."""
    key = s_mat.tobytes()
    hit = _EIGH_CACHE.get(key)
    if hit is None:
        mu, u = np.linalg.eigh(s_mat)
        mu = np.minimum(mu, 0.0)  # rounding can give +1e-18 for the conserved mode
        if len(_EIGH_CACHE) >= _EIGH_CACHE_SIZE:
            _EIGH_CACHE.pop(next(iter(_EIGH_CACHE)))
        hit = (mu, u)
        _EIGH_CACHE[key] = hit
    return hit


def rooms_step(
    c_frac: FloatArray,
    q_m3_s: FloatArray,
    volume_m3: FloatArray,
    ach_per_h: FloatArray,
    exchange_m3_s: FloatArray,
    dt_s: float,
) -> FloatArray:
    """Gas volume fractions in N connected rooms after a step of ``dt_s`` seconds.

    Each room i is well mixed (AIHA 2009 ch. 6), has its own leak ``q_m3_s[i]`` and
    outdoor ventilation ``ach_per_h[i]``, and swaps air with room j at the volume flow
    ``exchange_m3_s[i, j]`` in each direction (a symmetric, non-negative matrix; the
    diagonal is ignored). The balance is

        V_i dC_i/dt = Q_i + sum_j E_ij (C_j - C_i) - lambda_i V_i C_i

    i.e. dC/dt = A C + b with A = V^-1 K, K = E - diag(E 1) - diag(lambda V) symmetric
    and b = Q / V. With the symmetric matrix S = V^-1/2 K V^-1/2 = U diag(mu) U^T
    (numpy.linalg.eigh) the step is the EXACT solution (matrix exponential) for constant
    coefficients:

        w = V^1/2 C
        w(t + dt) = U [exp(mu dt) (U^T w) + phi(mu) (U^T V^-1/2 Q)],
        phi(mu) = (exp(mu dt) - 1) / mu, phi(0) = dt

    All mu <= 0, so the step is unconditionally stable for any dt. Inter-room exchange
    moves gas but never creates or destroys it: with no ventilation the total gas volume
    sum(V C) grows by exactly sum(Q) dt (to rounding). Cost is one symmetric eigen
    decomposition, O(N^3), fine for the tens of rooms of a drill site.
    """
    c = np.asarray(c_frac, dtype=np.float64)
    q = np.asarray(q_m3_s, dtype=np.float64)
    vol = np.asarray(volume_m3, dtype=np.float64)
    ach = np.asarray(ach_per_h, dtype=np.float64)
    ex = np.asarray(exchange_m3_s, dtype=np.float64)
    if c.ndim != 1:
        raise ValueError("c_frac must be a 1-D array, one entry per room")
    n = c.shape[0]
    for name, arr in (("q_m3_s", q), ("volume_m3", vol), ("ach_per_h", ach)):
        if arr.shape != (n,):
            raise ValueError(f"{name} must have shape ({n},), got {arr.shape}")
    if ex.shape != (n, n):
        raise ValueError(f"exchange_m3_s must have shape ({n}, {n}), got {ex.shape}")
    for name, arr in (
        ("c_frac", c),
        ("q_m3_s", q),
        ("volume_m3", vol),
        ("ach_per_h", ach),
        ("exchange_m3_s", ex),
    ):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be finite")
    if np.any(vol <= 0.0):
        raise ValueError("volume_m3 must be > 0 in every room")
    if np.any(q < 0.0) or np.any(ach < 0.0):
        raise ValueError("q_m3_s and ach_per_h must be >= 0")
    off = ex - np.diag(np.diag(ex))
    if np.any(off < 0.0):
        raise ValueError("exchange_m3_s must be non-negative")
    if not np.allclose(off, off.T, rtol=1e-12, atol=1e-15):
        raise ValueError("exchange_m3_s must be symmetric (equal flow each way)")
    if not (math.isfinite(dt_s) and dt_s >= 0.0):
        raise ValueError(f"dt_s must be a non-negative number, got {dt_s!r}")
    if n == 0:
        return c.copy()

    off = 0.5 * (off + off.T)
    lam = ach / 3600.0
    k_mat = off - np.diag(off.sum(axis=1) + lam * vol)
    inv_sqrt_v = 1.0 / np.sqrt(vol)
    s_mat = inv_sqrt_v[:, None] * k_mat * inv_sqrt_v[None, :]
    mu, u = _eigh(s_mat)
    mu_dt = mu * dt_s
    growth = np.exp(mu_dt)
    safe_mu = np.where(mu == 0.0, 1.0, mu)
    phi = np.where(mu == 0.0, dt_s, np.expm1(mu_dt) / safe_mu)
    w0 = np.sqrt(vol) * c
    source = inv_sqrt_v * q
    w1 = u @ (growth * (u.T @ w0) + phi * (u.T @ source))
    return np.asarray(w1 * inv_sqrt_v, dtype=np.float64)


# --------------------------------------------------------------------------- limits

NO_ENTRY_PCT_LEL = 10.0
"""Do not enter at or above this level: above 10 % of the lower flammable limit an
atmosphere is hazardous (US OSHA 29 CFR 1910.146(b), permit-required confined spaces)."""
ALARM_1_PCT_LEL = 25.0
"""First-level detector alarm, at or below 25 %LEL (GB/T 50493-2019)."""
ALARM_2_PCT_LEL = 50.0
"""Second-level detector alarm, at or below 50 %LEL (GB/T 50493-2019)."""
LEL_PCT = 100.0
"""The lower explosive limit: a spark ignites the mixture (:data:`GASES`)."""


def ignition_rate_per_s(p_per_min: float) -> float:
    """Hazard rate (1/s) whose chance of an event within one minute is ``p_per_min``.

    P(one minute) = 1 - exp(-h 60), so h = -ln(1 - p) / 60 (a constant-rate Poisson
    process); p = 1 is certain ignition at once.
    """
    if p_per_min >= 1.0:
        return math.inf
    return -math.log1p(-p_per_min) / 60.0
