"""Secondary collapse after a scaffold or crane collapse, and casualty survival vs delay.

Pure functions for the ``collapse`` hazard (docs/models.md section 4), which hold no state and
know nothing of the engine, and below them :class:`CollapseModel`, the engine-facing model
that applies them to a drill.

There is NO national standard for the chance of a secondary collapse (docs/models.md section
4). The rate model here is a documented DRILL MODEL with scenario-tunable parameters,
not a structural analysis: it turns the response plans' common advice (stop work, hold or
lower the load, brace before anyone enters, post a lookout) into a hazard rate whose
response to players' decisions is plausible and explainable in a debrief. Its default
numbers are illustrative; a scenario author sets them for the site.

The survival curves follow Cara (1981), the "emergency survival curves" used widely in
first-aid teaching, fitted as described in :func:`survival_probability`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, overload

import numpy as np
from numpy.typing import NDArray

from sim.hazards.base import ActionDone, Harm, Hazard, HazardContext, Threshold
from sim.hazards.specs import MILESTONES, CollapseParams

if TYPE_CHECKING:
    import simpy

__all__ = [
    "CASUALTY_INJURY",
    "FIRST_AID_RESIDUAL_RATE",
    "MITIGATION_FACTORS",
    "SURVIVAL_SHAPE",
    "SURVIVAL_T50_MIN",
    "CollapseModel",
    "CollapseRate",
    "FloatArray",
    "Injury",
    "RateModel",
    "collapse_probability",
    "cumulative_hazard",
    "effective_delay_min",
    "secondary_collapse_rate_per_s",
    "survival_probability",
]

FloatArray = NDArray[np.float64]

MITIGATION_FACTORS: dict[str, float] = {
    "stop_work": 0.5,
    "stabilise": 0.2,
}
"""Drill defaults: the factor by which each response measure multiplies the secondary
collapse rate. Illustrative values for a documented drill model, not measured data
(company on-site response plans name the measures; no standard gives numbers). "stop_work": all
work and vibration near the structure stopped; "stabilise": the structure braced or the
load set down as a technician directs. Holding or lowering the crane load acts through
``crane_load_fraction`` instead."""

_EXP_LIMIT = 700.0  # math.exp overflows a float just above 709


# --------------------------------------------------------------------------- rate model


@dataclass(frozen=True)
class CollapseRate:
    """Parameters of the secondary-collapse rate over one period (a drill model).

    lambda(t) = lambda0 (1 + beta L) exp(t / tau) M, with t the time since the primary
    collapse, L the crane load fraction and M the product of mitigation factors.
    """

    lambda0_per_s: float
    """Base rate just after the primary collapse, 1/s (e.g. 1/3600: about 1 per hour)."""
    beta: float = 1.0
    """Sensitivity to the crane load: the rate is (1 + beta) times higher at full load."""
    crane_load_fraction: float = 0.0
    """Load on the hook as a fraction of the rated load (0 = no load or load set down)."""
    tau_s: float = math.inf
    """E-folding time of the damaged structure's deterioration, s (inf = no growth)."""
    mitigation_factor: float = 1.0
    """Product of the mitigation factors in force (1 = none); see MITIGATION_FACTORS."""

    def __post_init__(self) -> None:
        _check_params(
            self.lambda0_per_s,
            self.beta,
            self.crane_load_fraction,
            self.tau_s,
            self.mitigation_factor,
        )

    def base_per_s(self) -> float:
        """The time-independent part lambda0 (1 + beta L) M, 1/s."""
        return (
            self.lambda0_per_s
            * (1.0 + self.beta * self.crane_load_fraction)
            * (self.mitigation_factor)
        )


def _check_params(
    lambda0_per_s: float,
    beta: float,
    crane_load_fraction: float,
    tau_s: float,
    mitigation_factor: float,
) -> None:
    if not (math.isfinite(lambda0_per_s) and lambda0_per_s >= 0.0):
        raise ValueError(f"lambda0_per_s must be a non-negative number, got {lambda0_per_s!r}")
    if not (math.isfinite(beta) and beta >= 0.0):
        raise ValueError(f"beta must be a non-negative number, got {beta!r}")
    if not (math.isfinite(crane_load_fraction) and crane_load_fraction >= 0.0):
        raise ValueError(
            f"crane_load_fraction must be a non-negative number, got {crane_load_fraction!r}"
        )
    if math.isnan(tau_s) or tau_s <= 0.0:
        raise ValueError(f"tau_s must be > 0 (math.inf for no growth), got {tau_s!r}")
    if not (math.isfinite(mitigation_factor) and mitigation_factor >= 0.0):
        raise ValueError(f"mitigation_factor must be >= 0, got {mitigation_factor!r}")


def _mitigation_product(factors: Iterable[float]) -> float:
    product = 1.0
    for f in factors:
        if not (math.isfinite(f) and 0.0 <= f <= 1.0):
            raise ValueError(f"each mitigation factor must be in [0, 1], got {f!r}")
        product *= f
    return product


@overload
def secondary_collapse_rate_per_s(
    t_s: float,
    *,
    lambda0_per_s: float,
    beta: float = ...,
    crane_load_fraction: float = ...,
    tau_s: float = ...,
    mitigation_factors: Iterable[float] = ...,
) -> float: ...
@overload
def secondary_collapse_rate_per_s(
    t_s: FloatArray,
    *,
    lambda0_per_s: float,
    beta: float = ...,
    crane_load_fraction: float = ...,
    tau_s: float = ...,
    mitigation_factors: Iterable[float] = ...,
) -> FloatArray: ...
def secondary_collapse_rate_per_s(
    t_s: float | FloatArray,
    *,
    lambda0_per_s: float,
    beta: float = 1.0,
    crane_load_fraction: float = 0.0,
    tau_s: float = math.inf,
    mitigation_factors: Iterable[float] = (),
) -> float | FloatArray:
    """Hazard rate of a secondary collapse, 1/s (a documented drill model).

        lambda(t) = lambda0 (1 + beta L) exp(t / tau) prod(m_i)

    ``t_s`` is the time since the primary collapse (>= 0), L the crane load fraction and
    m_i the mitigation factors in force (each in [0, 1], see MITIGATION_FACTORS). The
    exponential stands for a damaged structure that gets worse while nothing is done; a
    load on the hook raises the rate linearly.

    This is NOT a structural analysis and no standard gives these numbers (docs/models.md
    section 4): every parameter is a scenario input, chosen so that the players' actions
    (stop work, lower the load, brace) visibly change the risk. Vectorised over ``t_s``.
    """
    factor = _mitigation_product(mitigation_factors)
    _check_params(lambda0_per_s, beta, crane_load_fraction, tau_s, factor)
    t = np.asarray(t_s, dtype=np.float64)
    if not np.all(np.isfinite(t)) or np.any(t < 0.0):
        raise ValueError("t_s must be finite and >= 0 (time since the primary collapse)")
    base = lambda0_per_s * (1.0 + beta * crane_load_fraction) * factor
    growth = np.ones_like(t) if math.isinf(tau_s) else np.exp(np.minimum(t / tau_s, _EXP_LIMIT))
    rate = base * growth
    if rate.ndim == 0:
        return float(rate)
    return np.asarray(rate, dtype=np.float64)


def _segment_hazard(rate: CollapseRate, t0_s: float, t1_s: float) -> float:
    """Closed-form integral of lambda(t) over [t0, t1] for constant parameters."""
    base = rate.base_per_s()
    if base == 0.0 or t1_s <= t0_s:
        return 0.0
    if math.isinf(rate.tau_s):
        return base * (t1_s - t0_s)
    # tau (exp(t1/tau) - exp(t0/tau)) = tau exp(t0/tau) expm1((t1 - t0)/tau)
    a = t0_s / rate.tau_s
    b = (t1_s - t0_s) / rate.tau_s
    if a > _EXP_LIMIT or b > _EXP_LIMIT:
        return math.inf
    return base * rate.tau_s * math.exp(a) * math.expm1(b)


RateModel: TypeAlias = (
    CollapseRate | Sequence[tuple[float, CollapseRate]] | Callable[[FloatArray], FloatArray]
)
"""A rate model: constant parameters, piecewise parameters, or a rate function of time."""


def cumulative_hazard(model: RateModel, t0_s: float, t1_s: float) -> float:
    """Integral of the secondary-collapse rate from ``t0_s`` to ``t1_s`` (dimensionless).

    ``model`` is one of:

    - a :class:`CollapseRate`: constant parameters; closed form
      H = lambda0 (1 + beta L) M tau (exp(t1/tau) - exp(t0/tau)), or
      lambda0 (1 + beta L) M (t1 - t0) when tau is infinite;
    - a sequence of ``(start_s, CollapseRate)`` pairs in increasing ``start_s``: piecewise
      parameters, each in force from its start until the next one (the last one for
      ever); the rate is 0 before the first start. Each piece uses the closed form, with
      t still counted from the primary collapse (decisions change the parameters, not the
      structure's age);
    - a callable rate_fn(t: ndarray) -> ndarray in 1/s: integrated numerically by the
      composite Simpson rule on 2,000 intervals (for rates that are smooth on [t0, t1]).

    Times are seconds since the primary collapse.
    """
    if not (math.isfinite(t0_s) and math.isfinite(t1_s)):
        raise ValueError("t0_s and t1_s must be finite")
    if t0_s < 0.0 or t1_s < t0_s:
        raise ValueError(f"need 0 <= t0_s <= t1_s, got t0_s={t0_s!r}, t1_s={t1_s!r}")
    if isinstance(model, CollapseRate):
        return _segment_hazard(model, t0_s, t1_s)
    if callable(model):
        n = 2000
        t = np.linspace(t0_s, t1_s, n + 1)
        y = np.asarray(model(t), dtype=np.float64)
        if y.shape != t.shape or not np.all(np.isfinite(y)) or np.any(y < 0.0):
            raise ValueError("rate_fn must return finite, non-negative rates, one per time")
        h = (t1_s - t0_s) / n
        return float(h / 3.0 * (y[0] + y[-1] + 4.0 * y[1:-1:2].sum() + 2.0 * y[2:-1:2].sum()))
    pieces = list(model)
    starts = [start for start, _ in pieces]
    if any(not math.isfinite(s) for s in starts) or starts != sorted(starts):
        raise ValueError("piecewise segments must have finite, increasing start times")
    total = 0.0
    for i, (start, rate) in enumerate(pieces):
        if not isinstance(rate, CollapseRate):
            raise ValueError("piecewise segments must be (start_s, CollapseRate) pairs")
        end = pieces[i + 1][0] if i + 1 < len(pieces) else math.inf
        lo, hi = max(start, t0_s), min(end, t1_s)
        if hi > lo:
            total += _segment_hazard(rate, lo, hi)
    return total


def collapse_probability(model: RateModel, t0_s: float, t1_s: float) -> float:
    """Probability of a secondary collapse between ``t0_s`` and ``t1_s``.

    P = 1 - exp(-integral of lambda dt), the non-homogeneous Poisson process (first
    event) probability, with the integral from :func:`cumulative_hazard` (closed form for
    :class:`CollapseRate` and piecewise parameters). A documented drill model, not a
    structural analysis (docs/models.md section 4).
    """
    hazard = cumulative_hazard(model, t0_s, t1_s)
    if math.isinf(hazard):
        return 1.0
    return -math.expm1(-hazard)


# --------------------------------------------------------------------------- casualties

Injury = Literal["cardiac_arrest", "respiratory_arrest", "major_bleeding", "trauma"]

SURVIVAL_T50_MIN: dict[str, float] = {
    "cardiac_arrest": 3.0,
    "respiratory_arrest": 10.0,
    "major_bleeding": 30.0,
    "trauma": 60.0,
}
"""Minutes without aid after which half the casualties die.

Cardiac arrest 3 min, respiratory arrest 10 min and major blood loss 30 min are the 50 %
points of Cara's emergency survival curves (Cara, 1981, as reproduced in first-aid
teaching material). "trauma" (serious injury without any of those) is NOT from Cara: it
is a drill default after the trauma "golden hour" (Cowley), unverified."""

SURVIVAL_SHAPE = 4.0
"""Steepness n of the survival curves (see :func:`survival_probability`)."""

FIRST_AID_RESIDUAL_RATE = 0.5
"""Drill assumption: the fraction of the untreated deterioration rate that remains once
first aid has started and until definitive care (0 = first aid stops the clock, 1 = it
does nothing). Not from Cara; a scenario can override it."""


@overload
def survival_probability(
    injury: Injury,
    minutes_to_aid: float,
    *,
    minutes_to_definitive_care: float | None = ...,
    first_aid_residual_rate: float = ...,
) -> float: ...
@overload
def survival_probability(
    injury: Injury,
    minutes_to_aid: FloatArray,
    *,
    minutes_to_definitive_care: float | FloatArray | None = ...,
    first_aid_residual_rate: float = ...,
) -> FloatArray: ...
def survival_probability(
    injury: Injury,
    minutes_to_aid: float | FloatArray,
    *,
    minutes_to_definitive_care: float | FloatArray | None = None,
    first_aid_residual_rate: float = FIRST_AID_RESIDUAL_RATE,
) -> float | FloatArray:
    """Probability that a casualty survives, given the delay to aid, in minutes.

    Cara's emergency survival curves (Cara, 1981) give the share of deaths against the
    delay before appropriate aid begins; half the casualties are lost after about 3 min
    of cardiac arrest, 10 min of respiratory arrest and 30 min of major blood loss
    (:data:`SURVIVAL_T50_MIN`). Each curve is represented by a logistic in log-time
    (a log-logistic curve):

        S(t) = 1 / (1 + (t / t50)^n),   n = SURVIVAL_SHAPE = 4

    Fit: t50 is taken from the published 50 % point, so S(t50) = 0.5 exactly. The source
    gives no other point as reliably, so the shape n is a documented choice matching the
    published curves' steep sigmoid: S(0) = 1, S(t50 / 3) = 0.988, S(2 t50) = 0.059.
    S falls strictly as the delay grows.

    ``minutes_to_aid`` is the delay to appropriate first aid (CPR, rescue breaths,
    pressure on the wound). If ``minutes_to_definitive_care`` is also given (an ambulance
    crew or hospital), the delay that counts is :func:`effective_delay_min`: the time to
    first aid plus the residual fraction ``first_aid_residual_rate`` of the time between
    first aid and definitive care (a drill assumption, not from Cara). Vectorised over
    the delays.
    """
    try:
        t50 = SURVIVAL_T50_MIN[injury]
    except KeyError:
        raise ValueError(
            f"unknown injury {injury!r}; expected one of {', '.join(SURVIVAL_T50_MIN)}"
        ) from None
    delay = effective_delay_min(
        np.asarray(minutes_to_aid, dtype=np.float64),
        minutes_to_definitive_care,
        first_aid_residual_rate,
    )
    survival = 1.0 / (1.0 + (delay / t50) ** SURVIVAL_SHAPE)
    if survival.ndim == 0:
        return float(survival)
    return np.asarray(survival, dtype=np.float64)


def effective_delay_min(
    minutes_to_aid: float | FloatArray,
    minutes_to_definitive_care: float | FloatArray | None = None,
    first_aid_residual_rate: float = FIRST_AID_RESIDUAL_RATE,
) -> FloatArray:
    """Delay, in minutes, that the survival curves are read at (a drill assumption).

    Without definitive care: the delay to first aid. With it: t_aid + r (t_care - t_aid)
    when care comes after first aid, or t_care when care comes first (then it is the
    first aid). r is ``first_aid_residual_rate`` in [0, 1]. Returns an array (0-d for
    scalar input).
    """
    if not (math.isfinite(first_aid_residual_rate) and 0.0 <= first_aid_residual_rate <= 1.0):
        raise ValueError(
            f"first_aid_residual_rate must be in [0, 1], got {first_aid_residual_rate!r}"
        )
    aid = np.asarray(minutes_to_aid, dtype=np.float64)
    if not np.all(np.isfinite(aid)) or np.any(aid < 0.0):
        raise ValueError("minutes_to_aid must be finite and >= 0")
    if minutes_to_definitive_care is None:
        return aid
    care = np.asarray(minutes_to_definitive_care, dtype=np.float64)
    if np.any(np.isnan(care)) or np.any(care < 0.0):
        raise ValueError("minutes_to_definitive_care must be >= 0 (math.inf for never)")
    first = np.minimum(aid, care)
    if first_aid_residual_rate == 0.0:
        return np.asarray(first, dtype=np.float64)  # also avoids 0 * inf
    after = np.maximum(care - aid, 0.0)
    return np.asarray(first + first_aid_residual_rate * after, dtype=np.float64)


# --------------------------------------------------------------------------- the model

CASUALTY_INJURY: dict[str, Injury] = {
    "trapped": "trauma",
    "injured": "trauma",
    "cardiac_arrest": "cardiac_arrest",
    "major_bleeding": "major_bleeding",
}
"""Survival curve read for each kind of initial casualty of a scenario (``casualty:``).
Trapped and injured people without a named life threat follow the "trauma" curve (drill
default, see :data:`SURVIVAL_T50_MIN`)."""


class CollapseModel(Hazard):
    """The ``collapse`` hazard: a damaged structure that may collapse again, and casualties.

    A documented DRILL MODEL, not a structural analysis (docs/models.md section 4: no national
    standard gives these numbers). The secondary-collapse rate is
    :func:`secondary_collapse_rate_per_s` with the scenario's parameters, piecewise
    constant between decisions (:func:`cumulative_hazard`). The team changes it by:

    - ``shutdown`` without a target or with ``target: work``: work and vibration stop
      (``stop_work_factor``; milestone ``work_stopped``);
    - ``operate`` or ``shutdown`` with ``target: crane``: the crane is made safe
      (milestone ``crane_made_safe``). An optional ``load_fraction`` sets the load left on
      the hook (0: set down); ``speed: fast`` moves the load fast instead, which adds
      ``crane_fast_hazard`` to the cumulative hazard at once and does not make the crane
      safe;
    - ``stabilise`` (an action or a responder's effect): the structure is braced
      (``stabilise_factor``; with ``stabilise_stops_growth`` the rate stops growing;
      milestone ``stabilised``).

    Each measure counts once. WHEN a secondary collapse happens comes from one Exp(1)
    variate E drawn from the drill's generator at the start: it happens when the
    cumulative hazard H reaches E, so P(by t) = 1 - exp(-H(t)) is
    :func:`collapse_probability`. Delaying a measure never lowers H at any later time, so
    for a given seed it never postpones or prevents the collapse. When it happens everybody
    at a zone node (people, and role-players doing an action there) becomes a casualty and
    everybody within ``cordon_radius_m`` (plan distance) of a zone node, the debris radius,
    is injured; the structure is then down and the level drops to 0.

    The level at a zone or debris-radius node is the chance, in %, of a secondary
    collapse within ``horizon_s`` from now with the measures in force now; 0 elsewhere.

    Initial casualties (population groups with ``casualty:``) survive or die by Cara's
    curves (:func:`survival_probability`), read at the delay to first aid and to the
    ambulance crew; see :meth:`casualty_outcome`.
    """

    name = "collapse"
    unit = "%"
    milestones = MILESTONES["collapse"]
    tick_s = 5.0

    params: CollapseParams

    def __init__(self, params: CollapseParams, ctx: HazardContext) -> None:
        super().__init__(params, ctx)
        p = params
        site = ctx.site
        self._zone = list(dict.fromkeys(p.zone))
        zone_set = set(self._zone)
        debris: set[str] = set()
        for z in self._zone:
            debris.update(site.within_m(z, p.cordon_radius_m))
        self._debris = [n for n in site.node_ids if n in debris and n not in zone_set]
        self._mask = np.zeros(len(site.node_ids), dtype=bool)
        for n in (*self._zone, *self._debris):
            self._mask[site.index[n]] = True
        self._thresholds = [Threshold(t.id, t.label, t.value, t.untenable) for t in p.thresholds]
        self._lambda0_per_s = p.lambda0_per_h / 3600.0
        self._load = p.crane_load_fraction
        self._work_stopped = False
        self._stabilised = False
        self._frozen_growth: float | None = None
        # cumulative hazard up to the start of the piece in force, and that piece
        self._t_piece_s = 0.0
        self._h_piece = 0.0
        self._rate = self._current_rate()
        self._threshold_e = math.inf
        self._collapsed_s: float | None = None
        self._replan: simpy.Event | None = None
        self._cache: tuple[float, int, np.ndarray] | None = None
        self._version = 0
        # casualties: pre-drawn uniforms, where each started, first aid made void
        self._u: dict[int, float] = {}
        self._start_node: dict[int, str] = {}
        self._casualties: list[Any] = []
        self._aid_void: set[int] = set()
        self._crew_s: float | None = None
        scenario = getattr(site, "scenario", None)
        self._ambulances = frozenset(
            r.id for r in getattr(scenario, "responders", []) if r.service == "ambulance"
        )

    # --- rate bookkeeping ------------------------------------------------------------

    def _current_rate(self) -> CollapseRate:
        p = self.params
        factor = 1.0
        if self._work_stopped:
            factor *= p.stop_work_factor
        if self._stabilised:
            factor *= p.stabilise_factor
        if self._frozen_growth is not None:
            return CollapseRate(
                lambda0_per_s=self._lambda0_per_s * self._frozen_growth,
                beta=p.crane_beta,
                crane_load_fraction=self._load,
                tau_s=math.inf,
                mitigation_factor=factor,
            )
        return CollapseRate(
            lambda0_per_s=self._lambda0_per_s,
            beta=p.crane_beta,
            crane_load_fraction=self._load,
            tau_s=p.growth_tau_s,
            mitigation_factor=factor,
        )

    @property
    def collapse_threshold(self) -> float:
        """The Exp(1) draw E: the secondary collapse happens when the cumulative hazard
        reaches it (inf before :meth:`start`)."""
        return self._threshold_e

    def cumulative_hazard_now(self) -> float:
        """Integral of the secondary-collapse rate from the primary collapse to now."""
        now = float(self.ctx.env.now)
        return self._h_piece + cumulative_hazard(self._rate, self._t_piece_s, now)

    def _change(self, extra_hazard: float = 0.0) -> None:
        """Close the piece in force at now and start one with the current parameters."""
        now = float(self.ctx.env.now)
        self._h_piece = self.cumulative_hazard_now() + extra_hazard
        self._t_piece_s = now
        self._rate = self._current_rate()
        self._version += 1
        if self._replan is not None and not self._replan.triggered:
            self._replan.succeed()

    def _trigger_s(self) -> float:
        """Sim time at which the cumulative hazard reaches E with the piece in force."""
        need = self._threshold_e - self._h_piece
        if need <= 0.0:
            return self._t_piece_s
        base = self._rate.base_per_s()
        if base <= 0.0 or math.isinf(need):
            return math.inf
        tau = self._rate.tau_s
        if math.isinf(tau):
            return self._t_piece_s + need / base
        # H(t) - H(t0) = base tau (exp(t/tau) - exp(t0/tau)) = need
        a = self._t_piece_s / tau
        if a > _EXP_LIMIT:
            return self._t_piece_s
        return self._t_piece_s + tau * math.log1p(need / (base * tau * math.exp(a)))

    def _watch(self) -> Generator[simpy.Event, Any, None]:
        env = self.ctx.env
        while self._collapsed_s is None:
            self._replan = env.event()
            t_s = self._trigger_s()
            if math.isinf(t_s):
                yield self._replan
                continue
            timer = env.timeout(max(t_s - float(env.now), 0.0))
            yield timer | self._replan
            if self._replan.triggered:
                continue
            self._secondary_collapse()

    def _secondary_collapse(self) -> None:
        self._change()
        self._collapsed_s = float(self.ctx.env.now)
        self._version += 1
        ctx = self.ctx
        ctx.milestone("secondary_collapse", zone=self._zone)
        ctx.harm(self._zone, "casualty", "secondary_collapse")
        if self._debris:
            ctx.harm(self._debris, "injured", "secondary_collapse")

    # --- Hazard interface ------------------------------------------------------------

    def start(self) -> None:
        """Draw E and the casualties' uniforms (in this order), then watch the hazard."""
        rng = self.ctx.rng
        self._threshold_e = float(rng.exponential(1.0))
        agents = self.ctx.casualty_agents()
        draws = rng.random(len(agents))
        for a, u in zip(agents, draws, strict=True):
            self._u[a.idx] = float(u)
            self._start_node[a.idx] = a.node
        self._casualties = agents
        self.ctx.env.process(self._watch())

    def levels(self) -> np.ndarray:
        now = float(self.ctx.env.now)
        cached = self._cache
        if cached is not None and cached[0] == now and cached[1] == self._version:
            return cached[2]
        out = np.zeros(len(self.ctx.site.node_ids), dtype=np.float64)
        if self._collapsed_s is None:
            p = collapse_probability(self._rate, now, now + self.params.horizon_s)
            out[self._mask] = 100.0 * p
        out.flags.writeable = False
        self._cache = (now, self._version, out)
        return out

    def thresholds(self) -> list[Threshold]:
        return list(self._thresholds)

    def assess(self, exposure_s: np.ndarray, dose: float) -> Harm | None:
        """Time near the damaged structure harms nobody by itself; a secondary collapse
        does, when it happens (:meth:`ctx.harm`)."""
        return None

    def react(self, action: ActionDone) -> None:
        """Apply the measures listed in the class docstring; note the ambulance crew."""
        p = action.params
        kind = action.kind
        if action.responder and action.role in self._ambulances and self._crew_s is None:
            self._crew_s = action.t_s
        target = p.get("target")
        if kind in ("operate", "shutdown") and target == "crane":
            self._crane(action)
        elif kind == "shutdown" and target in (None, "work"):
            if not self._work_stopped:
                self._work_stopped = True
                self._change()
                self.ctx.milestone("work_stopped", by=action.role)
        elif kind == "stabilise" and not self._stabilised:
            self._stabilised = True
            if self.params.stabilise_stops_growth:
                now = float(self.ctx.env.now)
                self._frozen_growth = math.exp(min(now / self.params.growth_tau_s, _EXP_LIMIT))
            self._change()
            self.ctx.milestone("stabilised", by=action.role)
        elif (
            action.id in self.params.disturbed_by
            and not self._stabilised
            and self._collapsed_s is None
        ):
            # Declared in the scenario: cutting into the pile before the standing part is
            # braced unloads members that still carry it.
            self._change(self.params.disturbance_hazard)
            self.ctx.emit(
                "structure_disturbed", by=action.id, hazard=self.params.disturbance_hazard
            )
        elif kind == "first_aid" and p.get("remove_object") is True and action.node is not None:
            for a in self._casualties:
                if a.node == action.node and a.first_aid_s == action.t_s:
                    self._aid_void.add(a.idx)

    def _crane(self, action: ActionDone) -> None:
        p = action.params
        speed = p.get("speed", "slow")
        load = p.get("load_fraction")
        extra = 0.0
        if speed == "fast" and self._collapsed_s is None:
            extra = self.params.crane_fast_hazard
        new_load = self._load
        if isinstance(load, (int, float)) and not isinstance(load, bool):
            new_load = min(max(float(load), 0.0), 1.0)
        if new_load != self._load or extra > 0.0:
            self._load = new_load
            self._change(extra)
        if speed != "fast":
            self.ctx.milestone("crane_made_safe", by=action.role, load_fraction=self._load)

    def _needs_extrication(self, idx: int, kind: str | None) -> bool:
        return kind == "trapped" or self._start_node.get(idx) in self._zone

    def survival(self, agent: Any) -> float | None:
        """The chance that an initial casualty survives, with the aid given by now."""
        kind = agent.casualty_kind
        if kind is None:
            return None
        now = float(self.ctx.env.now)
        injury = CASUALTY_INJURY.get(kind, "trauma")
        aid_s = now
        if agent.first_aid_s is not None and agent.idx not in self._aid_void:
            aid_s = min(float(agent.first_aid_s), now)
        care_s = now
        if self._crew_s is not None:
            if self._needs_extrication(agent.idx, kind):
                if agent.rescued_s is not None:
                    care_s = min(max(self._crew_s, float(agent.rescued_s)), now)
            else:
                care_s = min(self._crew_s, now)
        return survival_probability(
            injury,
            aid_s / 60.0,
            minutes_to_definitive_care=care_s / 60.0,
            first_aid_residual_rate=self.params.first_aid_residual_rate,
        )

    def casualty_outcome(self, agent: Any) -> Harm | None:
        """Whether an initial casualty dies of the delay to aid (judged at the end).

        The delay to first aid is the agent's ``first_aid_s`` (void if an impaled object
        was pulled out: ``first_aid`` with ``remove_object: true``), or now if never. The
        ambulance crew's care starts at the first effect of an ambulance responder, and
        for a casualty who is trapped or lies in the zone only once rescued. Cara's curve
        at the effective delay (:func:`survival_probability`) gives S; the casualty dies
        when the uniform drawn for them at the start, scaled by S at ``survivable_fraction``
        of the injury's 50 % time, exceeds S. Deterministic per seed, and later aid never
        raises the chance of survival.
        """
        u = self._u.get(agent.idx)
        s = self.survival(agent)
        if u is None or s is None:
            return None
        injury = CASUALTY_INJURY.get(agent.casualty_kind, "trauma")
        reference = survival_probability(
            injury, self.params.survivable_fraction * SURVIVAL_T50_MIN[injury]
        )
        return "casualty" if u * reference > s else None

    def collapse_probability_now(self) -> float:
        """Probability of a secondary collapse from the primary collapse until now."""
        h = self.cumulative_hazard_now()
        return 1.0 if math.isinf(h) else -math.expm1(-h)

    def outcome(self) -> dict[str, float | int | bool]:
        deaths = sum(
            1
            for a in self._casualties
            if a.harm == "casualty" or self.casualty_outcome(a) == "casualty"
        )
        out: dict[str, float | int | bool] = {
            "secondary_collapse": self._collapsed_s is not None,
            "secondary_collapse_probability": self.collapse_probability_now(),
            "casualty_deaths": deaths,
            "crane_load_fraction": self._load,
        }
        if self._collapsed_s is not None:
            out["secondary_collapse_s"] = self._collapsed_s
        return out

    def describe(self) -> dict[str, Any]:
        return {
            "model": self.name,
            "unit": self.unit,
            "horizon_s": self.params.horizon_s,
            "zone": list(self._zone),
            "debris_nodes": list(self._debris),
            "crane_load_fraction": self._load,
            "work_stopped": self._work_stopped,
            "stabilised": self._stabilised,
            "secondary_collapse_probability": self.collapse_probability_now(),
            "secondary_collapse": self._collapsed_s is not None,
        }
