"""Flammable gas accumulating in ventilated rooms: the physics, and the engine's model.

A leak of flow Q (m3/s of gas at room conditions) into a well-mixed room of volume V with
an air-exchange rate lambda (1/s) gives, for the gas volume fraction C (docs/models.md section 2):

    dC/dt = Q / V - lambda C

Several rooms joined by doors, ducts or gaps also exchange air with each other. The
functions hold no state and know nothing of the engine; below them,
:class:`GasRoomModel` applies them to a drill (doors, ventilation, valves, ignition).

Assumptions, for every function:

- Each room is perfectly mixed (no layering: in reality methane collects under the
  ceiling, propane near the floor, so local pockets exceed the mixed value).
- The gas is dilute (C much less than 1): the leak does not push air out of the room in
  any noticeable amount and the ventilation flow is the same with and without gas.
- Coefficients are constant over a step; a change (a vent opened, the leak isolated) is
  applied between steps.

Sources: docs/models.md section 2 (gas data and thresholds, with their sources); the
well-mixed room with constant sources is the standard "dilution ventilation" model, e.g.
ACGIH, *Industrial Ventilation: A Manual of Recommended Practice*, dilution ventilation; AIHA,
*Mathematical Models for Estimating Occupational Exposure to Chemicals*, 2nd ed. (2009),
ch. 6 (well-mixed box model).
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

import numpy as np
from numpy.typing import NDArray

from sim.harm import (
    ATMOSPHERIC_PA,
    CONFINED_YIELD_FACTOR,
    DoseModel,
    GasRoomDose,
    tnt_equivalent_kg,
    tnt_overpressure_pa,
)
from sim.hazards.base import ActionDone, Harm, Hazard, HazardContext, Threshold
from sim.hazards.specs import MILESTONES, GasRoomParams
from sim.text import LangText

if TYPE_CHECKING:
    from sim.site import DoorState

__all__ = [
    "GASES",
    "FloatArray",
    "GasData",
    "GasRoomModel",
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
    """Upper explosive limit, volume fraction in air (None where the source gives none)."""
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
        source="ERG (some charts give LEL 4.4 %); M: NIST WebBook",
        heat_of_combustion_kj_kg=50_030.0,  # 802.3 kJ/mol (NIST WebBook, water as vapour)
        pmax_bar_g=7.1,  # NFPA 68 (2018) Table E.1; Crowl & Louvar Table 6-14
    ),
    "propane": GasData(
        lel_frac=0.021,
        uel_frac=0.095,
        molar_mass_kg_mol=0.04410,
        source="ERG; M: NIST WebBook",
        heat_of_combustion_kj_kg=46_330.0,  # 2,043.1 kJ/mol (NIST WebBook, water as vapour)
        pmax_bar_g=7.9,  # NFPA 68 (2018) Table E.1; Crowl & Louvar Table 6-14
    ),
    "ammonia": GasData(
        lel_frac=0.15,
        uel_frac=None,
        molar_mass_kg_mol=0.01703,
        source="ERG, LEL only; M: NIST WebBook",
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

    Exact solution of dC/dt = Q/V - lambda C (well-mixed room, dilution ventilation) for constant Q, V and
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

    The room balance at dC/dt = 0. Infinite for a sealed room (lambda = 0) with a
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
    Emergency-response practice: do not enter at or above 10 %LEL; detector alarms at 25 %LEL and
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

    Each room i is well mixed (dilution ventilation), has its own leak ``q_m3_s[i]`` and
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


# --------------------------------------------------------------------------- the model

STOREY_HEIGHT_M = 3.0
"""Height of one storey for the blast distance between floors, m (drillsim assumption)."""

NO_ENTRY_PCT_LEL = 10.0
"""Do not enter at or above this level (emergency-response practice for gas in a
building; docs/models.md section 2)."""
ALARM_1_PCT_LEL = 25.0
"""First-level detector alarm, at or below 25 %LEL (GB/T 50493-2019)."""
ALARM_2_PCT_LEL = 50.0
"""Second-level detector alarm, at or below 50 %LEL (GB/T 50493-2019)."""
LEL_PCT = 100.0
"""The lower explosive limit: a spark ignites the mixture."""

THRESHOLDS: tuple[Threshold, ...] = (
    Threshold(
        "no_entry",
        LangText(zh="10 %LEL：禁止进入", en="10 %LEL: no entry"),
        NO_ENTRY_PCT_LEL,
    ),
    Threshold(
        "alarm_25",
        LangText(zh="25 %LEL：一级报警", en="25 %LEL: first-level alarm"),
        ALARM_1_PCT_LEL,
    ),
    Threshold(
        "alarm_50",
        LangText(zh="50 %LEL：二级报警，必须撤离", en="50 %LEL: second-level alarm, get out"),
        ALARM_2_PCT_LEL,
        untenable=True,
    ),
    Threshold(
        "LEL",
        LangText(zh="100 %LEL：爆炸下限，遇火即爆", en="100 %LEL: lower explosive limit"),
        LEL_PCT,
        untenable=True,
    ),
)
"""The gas_room thresholds, ascending. Untenable from the second alarm (50 %LEL): the
well-mixed mean understates the layer under the ceiling (methane) or on the floor
(propane), where the mixture is flammable well before the room average reaches the LEL, so
people route around a room once its mean reaches half the LEL, the level at which
GB/T 50493-2019 sets the second alarm."""

_MILESTONE_LEVELS: tuple[tuple[str, float], ...] = (
    ("alarm_25", ALARM_1_PCT_LEL),
    ("alarm_50", ALARM_2_PCT_LEL),
    ("lel_reached", LEL_PCT),
)


def _ignition_rate_per_s(p_per_min: float) -> float:
    """Hazard rate (1/s) whose chance of an event within one minute is ``p_per_min``.

    P(one minute) = 1 - exp(-h 60), so h = -ln(1 - p) / 60 (a constant-rate Poisson
    process); p = 1 is certain ignition at once.
    """
    if p_per_min >= 1.0:
        return math.inf
    return -math.log1p(-p_per_min) / 60.0


class GasRoomModel(Hazard):
    """The ``gas_room`` hazard: flammable gas filling enclosed rooms and how it ignites.

    **Gas.** Each room (``rooms``, default every indoor node) is well mixed and follows
    V dC/dt = Q + sum_j E_ij (C_j - C_i) - lambda V C (dilution ventilation), integrated
    EXACTLY by :func:`rooms_step` with coefficients held constant between changes. E comes
    from the site's edges between two rooms: a door exchanges ``open_door_exchange_m3_s``
    while open and ``closed_door_exchange_m3_s`` while shut (its open share of the coming
    tick, from ``site.doors``: propped open, or held open while people pass); any other
    way (stair, corridor, opening) counts as open. The level is %LEL
    (:func:`percent_lel`) in the rooms; outdoor and other nodes read 0, except
    ``outdoor_node``, which reads ``outdoor_pct_lel`` while the main leaks.

    **State on a fixed grid.** A simpy process advances the state every ``tick_s``; a
    reaction advances it to the moment of the action first. :meth:`levels` between grid
    points looks ahead from the last committed state without changing it, so the results
    never depend on how often the levels are read.

    **Decisions.**

    - ``ventilate``: ``method: natural`` raises the rooms in scope to ``natural_ach_per_h``,
      ``method: mechanical`` to ``mechanical_ach_per_h`` (ventilation never lowers a
      room's rate). A fan switched on inside the gas is an ignition source when the
      scenario's action says ``ignition_source: true``.
    - any action whose id is in a source's ``closed_by`` (or a responder's
      ``isolate_source`` effect, matched by the responder id) stops that source; one in
      ``main_closed_by`` stops the main: the outdoor cloud and every source in
      ``main_fed_sources`` (default: all).
    - ``shutdown`` cuts the ignition sources in the rooms in scope: the background
      ignition rate there is multiplied by ``ignition_cut_factor``.

    Scope (ventilate, shutdown): ``params.scope`` (or ``nodes``/``rooms``) as ``all``, a
    floor (an integer or ``floor:N``), a node id or a list of node ids; without one, the
    action's node if it is a room, else every room.

    **Ignition.**

    - An ignition-source action (``ignition_source: true``: a switch, a phone, an engine)
      completed at a room at or above the LEL ignites it; so does one at ``outdoor_node``
      while the cloud there is at or above the LEL.
    - Unseen sources (a fridge compressor, a pilot light) ignite a room at or above the
      LEL at the rate ``background_ignition_per_min`` (as a chance per minute), times
      ``ignition_cut_factor`` once every flammable room's sources are cut. WHEN comes from
      one Exp(1) variate E drawn from the drill's generator at the start: ignition happens
      on the grid point at which the integrated hazard H reaches E. H accrues over each
      grid step in which some room is at or above the LEL at either end, at the full rate
      for the part of the step before the last of those rooms was cut. So for a given
      seed a later shutdown, valve or ventilation never lowers H (the gas is monotone in
      the leak and the ventilation: the room balance is a positive linear system), and
      P(ignition by t) = 1 - exp(-H(t)).
    - A room ignites with every connected room that is also at or above the LEL (the
      flame runs through the flammable mixture): the gas in the burnt rooms is consumed
      and its blast (:meth:`blast_overpressure_pa`) reaches everyone at the overpressure
      of their own place, judged by the probits of :class:`~sim.harm.GasRoomDose`
      (:meth:`HazardContext.blast`). Outcome flags ``ignition`` and ``explosion`` (a confined
      deflagration). The outdoor cloud burns as a flash or jet fire instead: casualties at
      ``outdoor_node``, injuries next to it, ``ignition`` only. At most one ignition per
      drill: after it the incident is a fire, handed to the fire brigade.

    **Harm.** The blast, and the oxygen the gas displaces (a hypoxia FED per person,
    :class:`~sim.harm.GasRoomDose`; methane at its LEL leaves 19.9 % O2, harmless for
    hours, a room at 30 % methane 14.6 %). :meth:`assess` returns None.
    """

    name = "gas_room"
    unit = "%LEL"
    milestones = MILESTONES["gas_room"]
    tick_s = 5.0

    params: GasRoomParams

    def __init__(self, params: GasRoomParams, ctx: HazardContext) -> None:
        super().__init__(params, ctx)
        p = params
        site = ctx.site
        self._lel_frac = GASES[p.gas].lel_frac
        rooms = list(p.rooms) if p.rooms else [n for n in site.node_ids if site.nodes[n].is_indoor]
        rooms += [s.node for s in p.sources]
        self.rooms: list[str] = list(dict.fromkeys(rooms))
        """Node ids of the rooms, in the order of the state arrays."""
        self._room: dict[str, int] = {r: i for i, r in enumerate(self.rooms)}
        n = len(self.rooms)
        self._node_idx = np.array([site.index[r] for r in self.rooms], dtype=np.int64)
        self._vol = np.array([site.nodes[r].volume_m3 for r in self.rooms], dtype=np.float64)
        self._floor = [site.nodes[r].floor for r in self.rooms]
        self._outdoor_idx = site.index[p.outdoor_node] if p.outdoor_node is not None else None
        # Room-to-room ways: fixed open exchange, and doors whose state is read each tick.
        self._adj: list[list[int]] = [[] for _ in range(n)]
        self._open_ex = np.zeros((n, n))
        self._doors: list[tuple[int, int, DoorState]] = []
        for (a, b), edge in site.edges.items():
            if a not in self._room or b not in self._room or a == b:
                continue
            i, j = self._room[a], self._room[b]
            self._adj[i].append(j)
            self._adj[j].append(i)
            door = site.doors.get((a, b))
            if edge.kind == "door" and door is not None:
                self._doors.append((i, j, door))
            else:
                self._open_ex[i, j] = self._open_ex[j, i] = p.open_door_exchange_m3_s
        # Sources and the main.
        self._src_room = [self._room[s.node] for s in p.sources]
        self._src_on = [True] * len(p.sources)
        fed = p.main_fed_sources
        self._main_fed = [fed is None or s.id in fed for s in p.sources]
        self.main_leaking = True
        self.main_isolated_s: float | None = None
        self.sources_closed_s: dict[str, float] = {}
        # State, committed at _t_s, and the coefficients in force since then.
        self._t_s = 0.0
        self._c = np.zeros(n)
        self._ach = np.full(n, p.ach_per_h)
        self._q = self._source_rates()
        self._ex = self._exchange(0.0)
        self._version = 0
        self._cache_key: tuple[float, int] | None = None
        self._cache: np.ndarray = np.zeros(len(site.node_ids))
        # Ignition.
        self._cut_s = np.full(n, math.inf)
        self._rate_per_s = _ignition_rate_per_s(p.background_ignition_per_min)
        self._threshold = math.inf
        self.ignition_hazard = 0.0
        """Integrated background ignition hazard H so far (P = 1 - exp(-H))."""
        self._grid_pct = np.zeros(n)
        self.ignited = False
        self.explosion = False
        self.ignition_s: float | None = None
        self.ignition_node: str | None = None
        self.ignition_cause: str | None = None
        self.outdoor_burning = False
        self.blast_tnt_kg: float | None = None
        self.blast_gas_kg: float | None = None
        # Figures for the outcome.
        self.peak_pct_lel = 0.0
        self.peak_node: str | None = None
        self.first_s: dict[str, float] = {}
        self.lel_room_s = 0.0
        """Room-seconds at or above the LEL (on the grid)."""

    # --- coefficients ---------------------------------------------------------------------

    def _source_rates(self) -> np.ndarray:
        q = np.zeros(len(self.rooms))
        for k, src in enumerate(self.params.sources):
            if self._src_on[k] and (self.main_leaking or not self._main_fed[k]):
                q[self._src_room[k]] += src.rate_m3_s
        return q

    def _exchange(self, now_s: float) -> np.ndarray:
        """Inter-room exchange for the coming tick: doors by their open share of it."""
        p = self.params
        ex = self._open_ex.copy()
        tick = self.tick_s
        for i, j, door in self._doors:
            if door.propped_open:
                share = 1.0
            else:
                share = min(max(door.held_until_s - now_s, 0.0), tick) / tick
            flow = p.closed_door_exchange_m3_s + share * (
                p.open_door_exchange_m3_s - p.closed_door_exchange_m3_s
            )
            ex[i, j] += flow
            ex[j, i] += flow
        return ex

    # --- the state --------------------------------------------------------------------------

    def _advance_to(self, t_s: float) -> None:
        if t_s > self._t_s:
            self._c = rooms_step(self._c, self._q, self._vol, self._ach, self._ex, t_s - self._t_s)
            self._t_s = t_s
            self._version += 1

    def _pct(self) -> np.ndarray:
        out: np.ndarray = percent_lel(self._c, self._lel_frac)
        return out

    def outdoor_pct_lel(self) -> float:
        """%LEL at ``outdoor_node`` now: the cloud at the break while the main leaks."""
        if self.main_leaking and not self.outdoor_burning:
            return self.params.outdoor_pct_lel
        return 0.0

    def levels(self) -> np.ndarray:
        now = float(self.ctx.env.now)
        key = (now, self._version)
        if self._cache_key != key:
            c = self._c
            if now > self._t_s:
                c = rooms_step(c, self._q, self._vol, self._ach, self._ex, now - self._t_s)
            out = np.zeros(len(self.ctx.site.node_ids))
            out[self._node_idx] = percent_lel(c, self._lel_frac)
            if self._outdoor_idx is not None:
                out[self._outdoor_idx] = self.outdoor_pct_lel()
            self._cache, self._cache_key = out, key
        return self._cache.copy()

    def thresholds(self) -> list[Threshold]:
        return list(THRESHOLDS)

    def room_pct_lel(self) -> dict[str, float]:
        """%LEL in every room now (for tests and the debrief)."""
        lv = self.levels()
        return {r: float(lv[i]) for r, i in zip(self.rooms, self._node_idx, strict=True)}

    # --- the clock --------------------------------------------------------------------------

    def start(self) -> None:
        # One draw, at the start, in a fixed order (determinism).
        self._threshold = float(self.ctx.rng.exponential(1.0))
        self.ctx.env.process(self._run())

    def _run(self) -> Generator[Any, Any, None]:
        env = self.ctx.env
        while True:
            t0 = float(env.now)
            yield env.timeout(self.tick_s)
            self._grid_step(t0, float(env.now))

    def _grid_step(self, t0: float, t1: float) -> None:
        self._advance_to(t1)
        pct = self._pct()
        self._milestones(pct)
        if pct.size:
            k = int(np.argmax(pct))
            if pct[k] > self.peak_pct_lel:
                self.peak_pct_lel, self.peak_node = float(pct[k]), self.rooms[k]
        flammable = np.nonzero(np.maximum(pct, self._grid_pct) >= LEL_PCT)[0]
        self.lel_room_s += float((pct >= LEL_PCT).sum()) * (t1 - t0)
        if flammable.size and not self.ignited:
            last_cut = float(self._cut_s[flammable].max())
            uncut = min(max(last_cut, t0), t1) - t0
            cut = (t1 - t0) - uncut
            weighted_s = uncut + self.params.ignition_cut_factor * cut
            if weighted_s > 0.0:  # (an infinite rate times zero time adds nothing)
                self.ignition_hazard += self._rate_per_s * weighted_s
            if self.ignition_hazard >= self._threshold:
                self._ignite_room(self._background_room(flammable, pct), "background")
                pct = self._pct()
        self._grid_pct = pct
        self._q = self._source_rates()
        self._ex = self._exchange(t1)
        self._version += 1

    def _background_room(self, flammable: np.ndarray, pct: np.ndarray) -> int:
        """Which room the unseen source ignites: one at or above the LEL now, uncut first,
        then the richest (ties: site order)."""
        now_flammable = [int(i) for i in flammable if pct[i] >= LEL_PCT]
        candidates = now_flammable or [int(i) for i in flammable]
        return min(candidates, key=lambda i: (self._cut_s[i] <= self._t_s, -pct[i], i))

    def _milestones(self, pct: np.ndarray) -> None:
        if not pct.size:
            return
        top = int(np.argmax(pct))
        for name, value in _MILESTONE_LEVELS:
            if name not in self.first_s and pct[top] >= value:
                self.first_s[name] = self._t_s
                self.ctx.milestone(name, node=self.rooms[top], pct_lel=round(float(pct[top]), 1))

    # --- reactions ----------------------------------------------------------------------------

    def react(self, action: ActionDone) -> None:
        now = float(self.ctx.env.now)
        self._advance_to(now)
        if action.ignition_source and action.node is not None:
            self._spark(action.node, action.id)
        if action.kind == "ventilate":
            self._ventilate(action)
        elif action.kind == "shutdown":
            rooms = self._scope(action)
            for i in rooms:
                self._cut_s[i] = min(self._cut_s[i], now)
            if rooms:
                self.ctx.emit(
                    "ignition_sources_cut", by=action.id, rooms=[self.rooms[i] for i in rooms]
                )
        self._isolate(action)
        self._q = self._source_rates()
        self._version += 1
        self._milestones(self._pct())

    def _listed(self, action: ActionDone, ids: list[str]) -> bool:
        """Whether ids name the action, or the responder whose ``isolate_source`` effect
        this is (the engine gives a responder's effect the id 'responder:kind')."""
        if action.id in ids:
            return True
        responder_effect = action.id == f"{action.role}:{action.kind}"
        return responder_effect and action.kind == "isolate_source" and action.role in ids

    def _isolate(self, action: ActionDone) -> None:
        p = self.params
        now = float(self.ctx.env.now)
        stopped: list[str] = []
        for k, src in enumerate(p.sources):
            if self._src_on[k] and self._listed(action, src.closed_by):
                self._src_on[k] = False
                self.sources_closed_s[src.id] = now
                if self.main_leaking or not self._main_fed[k]:
                    stopped.append(src.id)
        if self.main_leaking and self._listed(action, p.main_closed_by):
            self.main_leaking = False
            self.main_isolated_s = now
            stopped += [
                s.id for k, s in enumerate(p.sources) if self._src_on[k] and self._main_fed[k]
            ]
            self.ctx.emit("gas_main_isolated", by=action.id)
            self.ctx.milestone("main_isolated", by=action.id)
        if stopped:
            self.ctx.emit("gas_sources_stopped", by=action.id, sources=stopped)
            self.ctx.milestone("source_isolated", by=action.id, sources=stopped)

    def _ventilate(self, action: ActionDone) -> None:
        p = self.params
        method = str(action.params.get("method", "natural"))
        ach = p.mechanical_ach_per_h if method == "mechanical" else p.natural_ach_per_h
        rooms = self._scope(action)
        for i in rooms:
            self._ach[i] = max(self._ach[i], ach)
        if rooms:
            self.ctx.emit(
                "ventilated",
                by=action.id,
                method=method,
                ach_per_h=ach,
                rooms=[self.rooms[i] for i in rooms],
            )

    def _scope(self, action: ActionDone) -> list[int]:
        """Room indices an action covers (see the class docstring)."""
        params = action.params
        scope = params.get("scope", params.get("nodes", params.get("rooms")))
        if scope is None:
            if action.node is not None and action.node in self._room:
                return [self._room[action.node]]
            scope = "all"
        return self._rooms_in(scope)

    def _rooms_in(self, scope: Any) -> list[int]:
        if scope == "all":
            return list(range(len(self.rooms)))
        if isinstance(scope, int) and not isinstance(scope, bool):
            return [i for i, f in enumerate(self._floor) if f == scope]
        if isinstance(scope, str):
            if scope.startswith("floor:"):
                try:
                    return self._rooms_in(int(scope.split(":", 1)[1]))
                except ValueError:
                    return []
            return [self._room[scope]] if scope in self._room else []
        if isinstance(scope, (list, tuple)):
            names = {str(s) for s in scope}
            return [i for i, r in enumerate(self.rooms) if r in names]
        return []

    # --- ignition -----------------------------------------------------------------------------

    def _spark(self, node: str, cause: str) -> None:
        if self.ignited:
            return
        if node in self._room:
            i = self._room[node]
            if float(self._pct()[i]) >= LEL_PCT:
                self._ignite_room(i, cause)
        elif node == self.params.outdoor_node and self.outdoor_pct_lel() >= LEL_PCT:
            self._ignite_outdoor(node, cause)

    def _ignite_room(self, start: int, cause: str) -> None:
        pct = self._pct()
        burnt = {start}
        todo = [start]
        while todo:
            i = todo.pop()
            for j in self._adj[i]:
                if j not in burnt and pct[j] >= LEL_PCT:
                    burnt.add(j)
                    todo.append(j)
        order = sorted(burnt)
        nodes = [self.rooms[i] for i in order]
        self._record_ignition(self.rooms[start], cause, explosion=True)
        self.ctx.emit("explosion", node=self.rooms[start], rooms=nodes, cause=cause)
        self._blast(order, cause)
        self._c[order] = 0.0
        self._version += 1

    def _ignite_outdoor(self, node: str, cause: str) -> None:
        self._record_ignition(node, cause, explosion=False)
        self.outdoor_burning = True
        self.ctx.emit("gas_fire", node=node, cause=cause)
        self._harm([node], cause)
        self._version += 1

    def _record_ignition(self, node: str, cause: str, *, explosion: bool) -> None:
        self.ignited = True
        self.explosion = explosion
        self.ignition_s = float(self.ctx.env.now)
        self.ignition_node = node
        self.ignition_cause = cause
        self.ctx.milestone("ignition", node=node, cause=cause, explosion=explosion)

    def blast_overpressure_pa(self, rooms: list[int]) -> tuple[np.ndarray, float, float]:
        """Side-on overpressure at every site node from the deflagration of the gas in
        ``rooms`` (indices), the TNT equivalent W and the gas mass burnt.

        The gas mass is Σ C_i V_i ρ with ρ = p M / (R T) at 101,325 Pa and 20 °C; W = η m
        ΔH_c / E_TNT with η = :data:`~sim.harm.CONFINED_YIELD_FACTOR` (Crowl & Louvar
        §6-13; CCPS 2010 ch. 5), centred on the burnt rooms' gas-weighted centre; the
        distance to a node is the plan distance plus :data:`STOREY_HEIGHT_M` per storey
        between them, and p° follows Kinney & Graham (:func:`~sim.harm.tnt_overpressure_pa`),
        never above the gas's closed-vessel maximum P_max (NFPA 68 Table E.1), which the
        burnt rooms themselves see (a confined deflagration: the far-field TNT law has no
        meaning inside the flame).
        """
        site = self.ctx.site
        gas = GASES[self.params.gas]
        rho = ATMOSPHERIC_PA * gas.molar_mass_kg_mol / (8.314 * 293.15)
        idx = np.array(rooms, dtype=np.int64)
        kg = self._c[idx] * self._vol[idx] * rho
        mass = float(kg.sum())
        w = tnt_equivalent_kg(mass, gas.heat_of_combustion_kj_kg, CONFINED_YIELD_FACTOR)
        nodes = self._node_idx[idx]
        weights = kg / mass if mass > 0 else np.full(len(idx), 1.0 / len(idx))
        x = float(weights @ site.x_m[nodes])
        y = float(weights @ site.y_m[nodes])
        z = float(weights @ site.floor[nodes].astype(float)) * STOREY_HEIGHT_M
        r = np.sqrt(
            (site.x_m - x) ** 2 + (site.y_m - y) ** 2 + (site.floor * STOREY_HEIGHT_M - z) ** 2
        )
        pmax_pa = gas.pmax_bar_g * 1e5
        p_pa = np.minimum(np.asarray(tnt_overpressure_pa(r, w)), pmax_pa)
        if mass > 0:
            p_pa[nodes] = pmax_pa  # the flame fills the burnt rooms: they see P_max
        return p_pa, w, mass

    def dose_model(
        self, n_people: int, rng: np.random.Generator, sensitive: np.ndarray
    ) -> DoseModel | None:
        """Harm hook: hypoxia where the gas displaces oxygen, and the blast of a room
        explosion (:class:`~sim.harm.GasRoomDose`)."""
        return GasRoomDose(n_people, rng, sensitive, self._lel_frac)

    def _blast(self, order: list[int], cause: str) -> None:
        p_pa, w, mass = self.blast_overpressure_pa(order)
        self.blast_tnt_kg, self.blast_gas_kg = w, mass
        top = int(np.argmax(p_pa))
        self.ctx.emit(
            "blast",
            tnt_kg=round(w, 2),
            gas_kg=round(mass, 2),
            yield_factor=CONFINED_YIELD_FACTOR,
            peak_kpa=round(float(p_pa[top]) / 1000.0, 1),
        )
        self.ctx.blast(p_pa, f"explosion:{cause}")

    def _harm(self, nodes: list[str], cause: str) -> None:
        graph = self.ctx.site.graph
        burnt = set(nodes)
        near = sorted({m for n in nodes for m in graph.neighbors(n)} - burnt)
        what = "explosion" if self.explosion else "gas_fire"
        self.ctx.harm(nodes, "casualty", f"{what}:{cause}")
        if near:
            self.ctx.harm(near, "injured", f"{what}:{cause}")

    # --- harm and outcome -------------------------------------------------------------------

    def assess(self, exposure_s: np.ndarray, dose: float) -> Harm | None:
        """Gas below the UEL does not harm by itself (see the class docstring): None."""
        return None

    def outcome(self) -> dict[str, Any]:
        p_ign = 1.0 - math.exp(-self.ignition_hazard)
        return {
            "gas": self.params.gas,
            "peak_pct_lel": round(self.peak_pct_lel, 2),
            "peak_room": self.peak_node,
            "time_to_alarm_25_s": self.first_s.get("alarm_25"),
            "time_to_alarm_50_s": self.first_s.get("alarm_50"),
            "time_to_lel_s": self.first_s.get("lel_reached"),
            "lel_room_minutes": round(self.lel_room_s / 60.0, 2),
            "ignition_hazard": round(self.ignition_hazard, 6),
            "ignition_probability": round(p_ign, 6),
            "ignition": self.ignited,
            "explosion": self.explosion,
            "ignition_s": self.ignition_s,
            "ignition_node": self.ignition_node,
            "ignition_cause": self.ignition_cause,
            "main_isolated_s": self.main_isolated_s,
            "blast_tnt_kg": None if self.blast_tnt_kg is None else round(self.blast_tnt_kg, 2),
        }

    def describe(self) -> dict[str, Any]:
        p = self.params
        return {
            "model": self.name,
            "unit": self.unit,
            "gas": p.gas,
            "lel_frac": self._lel_frac,
            "rooms": list(self.rooms),
            "sources": [{"id": s.id, "node": s.node, "rate_m3_s": s.rate_m3_s} for s in p.sources],
            "outdoor_node": p.outdoor_node,
        }
