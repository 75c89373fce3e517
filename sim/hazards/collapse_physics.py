"""Secondary collapse after a scaffold or crane collapse, and casualty survival against
delay: the physics of the ``collapse`` hazard.

Pure functions and constants: they hold no state and know nothing of the engine or of
SimPy (the model that the engine drives is :class:`sim.hazards.collapse.CollapseModel`;
docs/models.md §4).

There is NO national standard for the chance of a secondary collapse. The rate model here
is a documented DRILL MODEL with scenario-tunable parameters, not a structural analysis:
it turns the response plans' common advice (stop work, hold or lower the load, brace
before anyone enters, post a lookout) into a hazard rate whose response to players'
decisions is plausible and explainable in a debrief. Its default numbers are
illustrative; a scenario author sets them for the site.

The survival curves follow Cara (1981), the "emergency survival curves" used widely in
first-aid teaching, fitted as described in :func:`survival_probability`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias, overload

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "EXP_LIMIT",
    "FIRST_AID_RESIDUAL_RATE",
    "MITIGATION_FACTORS",
    "SURVIVAL_SHAPE",
    "SURVIVAL_T50_MIN",
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
(docs/models.md §4 lists the measures company response plans agree on; no standard
gives numbers). "stop_work": all
work and vibration near the structure stopped; "stabilise": the structure braced or the
load set down as a technician directs. Holding or lowering the crane load acts through
``crane_load_fraction`` instead."""

EXP_LIMIT = 700.0
"""Largest exponent passed to exp: a float overflows just above 709."""


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
    §4): every parameter is a scenario input, chosen so that the players' actions
    (stop work, lower the load, brace) visibly change the risk. Vectorised over ``t_s``.
    """
    factor = _mitigation_product(mitigation_factors)
    _check_params(lambda0_per_s, beta, crane_load_fraction, tau_s, factor)
    t = np.asarray(t_s, dtype=np.float64)
    if not np.all(np.isfinite(t)) or np.any(t < 0.0):
        raise ValueError("t_s must be finite and >= 0 (time since the primary collapse)")
    base = lambda0_per_s * (1.0 + beta * crane_load_fraction) * factor
    growth = np.ones_like(t) if math.isinf(tau_s) else np.exp(np.minimum(t / tau_s, EXP_LIMIT))
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
    if a > EXP_LIMIT or b > EXP_LIMIT:
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
    structural analysis (docs/models.md §4).
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
