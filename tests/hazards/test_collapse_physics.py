"""Verification of the secondary-collapse drill model and the casualty survival curves."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.hazards.collapse_physics import (
    MITIGATION_FACTORS,
    SURVIVAL_SHAPE,
    SURVIVAL_T50_MIN,
    CollapseRate,
    Injury,
    collapse_probability,
    cumulative_hazard,
    effective_delay_min,
    secondary_collapse_rate_per_s,
    survival_probability,
)

PER_HOUR = 1.0 / 3600.0
INJURIES: tuple[Injury, ...] = ("cardiac_arrest", "respiratory_arrest", "major_bleeding", "trauma")


# --------------------------------------------------------------------------- rate model


def test_rate_hand_calculation() -> None:
    # lambda = lambda0 (1 + beta L) exp(t / tau) prod(m): 1/h, beta 2, L 0.5, tau 30 min,
    # t = 10 min, work stopped (x0.5).
    expected = PER_HOUR * (1 + 2 * 0.5) * math.exp(600 / 1800) * 0.5
    got = secondary_collapse_rate_per_s(
        600.0,
        lambda0_per_s=PER_HOUR,
        beta=2.0,
        crane_load_fraction=0.5,
        tau_s=1800.0,
        mitigation_factors=[MITIGATION_FACTORS["stop_work"]],
    )
    assert got == pytest.approx(expected, rel=1e-12)


def test_rate_mitigation_and_vectorised() -> None:
    t = np.array([0.0, 300.0, 900.0])
    base = secondary_collapse_rate_per_s(t, lambda0_per_s=PER_HOUR, tau_s=1200.0)
    both = secondary_collapse_rate_per_s(
        t,
        lambda0_per_s=PER_HOUR,
        tau_s=1200.0,
        mitigation_factors=MITIGATION_FACTORS.values(),
    )
    np.testing.assert_allclose(both, base * 0.5 * 0.2, rtol=1e-12)
    np.testing.assert_allclose(base, PER_HOUR * np.exp(t / 1200.0), rtol=1e-12)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"lambda0_per_s": -1.0},
        {"lambda0_per_s": PER_HOUR, "tau_s": 0.0},
        {"lambda0_per_s": PER_HOUR, "crane_load_fraction": -0.1},
        {"lambda0_per_s": PER_HOUR, "mitigation_factors": [1.5]},
    ],
)
def test_rate_rejects_invalid_input(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        secondary_collapse_rate_per_s(10.0, **kwargs)  # type: ignore[call-overload]


def test_rate_rejects_negative_time() -> None:
    with pytest.raises(ValueError, match="t_s"):
        secondary_collapse_rate_per_s(-1.0, lambda0_per_s=PER_HOUR)


def test_constant_rate_probability_hand_calculation() -> None:
    # tau infinite: P = 1 - exp(-lambda (t1 - t0)); 1 per hour over 30 min: 39.3 %.
    rate = CollapseRate(PER_HOUR)
    assert collapse_probability(rate, 0.0, 1800.0) == pytest.approx(1 - math.exp(-0.5), 1e-12)
    assert collapse_probability(rate, 0.0, 1800.0) == pytest.approx(0.3935, abs=1e-4)


def test_closed_form_matches_numerical_integration() -> None:
    rate = CollapseRate(PER_HOUR, beta=1.5, crane_load_fraction=0.8, tau_s=900.0)
    t = np.linspace(120.0, 2400.0, 200_001)
    y = secondary_collapse_rate_per_s(
        t, lambda0_per_s=PER_HOUR, beta=1.5, crane_load_fraction=0.8, tau_s=900.0
    )
    trapezoid = float(np.sum((y[1:] + y[:-1]) * np.diff(t)) / 2.0)
    assert cumulative_hazard(rate, 120.0, 2400.0) == pytest.approx(trapezoid, rel=1e-8)
    # Closed form written out: lambda0 (1 + beta L) tau (exp(t1/tau) - exp(t0/tau)).
    hand = PER_HOUR * (1 + 1.5 * 0.8) * 900.0 * (math.exp(2400 / 900) - math.exp(120 / 900))
    assert cumulative_hazard(rate, 120.0, 2400.0) == pytest.approx(hand, rel=1e-12)


def test_callable_rate_function() -> None:
    def rate_fn(t: np.ndarray) -> np.ndarray:
        return secondary_collapse_rate_per_s(t, lambda0_per_s=PER_HOUR, tau_s=600.0)

    closed = collapse_probability(CollapseRate(PER_HOUR, tau_s=600.0), 0.0, 1200.0)
    assert collapse_probability(rate_fn, 0.0, 1200.0) == pytest.approx(closed, rel=1e-9)


def test_piecewise_decisions() -> None:
    # Load on the hook and nothing done for 5 minutes, then load lowered, work stopped and
    # the scaffold braced. The structure keeps ageing (t counted from the collapse).
    before = CollapseRate(PER_HOUR, beta=1.0, crane_load_fraction=1.0, tau_s=1800.0)
    after = CollapseRate(
        PER_HOUR,
        beta=1.0,
        crane_load_fraction=0.0,
        tau_s=1800.0,
        mitigation_factor=MITIGATION_FACTORS["stop_work"] * MITIGATION_FACTORS["stabilise"],
    )
    plan = [(0.0, before), (300.0, after)]
    hand = PER_HOUR * 2.0 * 1800.0 * (math.exp(300 / 1800) - 1.0) + PER_HOUR * 0.1 * 1800.0 * (
        math.exp(3600 / 1800) - math.exp(300 / 1800)
    )
    assert cumulative_hazard(plan, 0.0, 3600.0) == pytest.approx(hand, rel=1e-12)
    assert collapse_probability(plan, 0.0, 3600.0) < collapse_probability(before, 0.0, 3600.0)
    # Rate is 0 before the first segment starts.
    assert cumulative_hazard([(600.0, before)], 0.0, 600.0) == 0.0


@given(
    t_a=st.floats(min_value=0.0, max_value=7200.0),
    t_b=st.floats(min_value=0.0, max_value=7200.0),
    t_c=st.floats(min_value=0.0, max_value=7200.0),
    tau=st.one_of(st.just(math.inf), st.floats(min_value=60.0, max_value=1e5)),
    load=st.floats(min_value=0.0, max_value=1.2),
)
def test_probability_is_consistent_over_intervals(
    t_a: float, t_b: float, t_c: float, tau: float, load: float
) -> None:
    t0, t1, t2 = sorted((t_a, t_b, t_c))
    rate = CollapseRate(PER_HOUR, crane_load_fraction=load, tau_s=tau)
    p01 = collapse_probability(rate, t0, t1)
    p12 = collapse_probability(rate, t1, t2)
    p02 = collapse_probability(rate, t0, t2)
    assert 0.0 <= p01 <= p02 <= 1.0
    # Surviving [t0, t2] = surviving [t0, t1] and then [t1, t2].
    assert 1.0 - p02 == pytest.approx((1.0 - p01) * (1.0 - p12), rel=1e-9, abs=1e-12)


def test_probability_saturates() -> None:
    fast = CollapseRate(1.0, tau_s=1.0)
    assert collapse_probability(fast, 0.0, 5000.0) == 1.0


def test_probability_rejects_bad_interval() -> None:
    with pytest.raises(ValueError):
        collapse_probability(CollapseRate(PER_HOUR), 10.0, 5.0)
    with pytest.raises(ValueError):
        collapse_probability([(10.0, CollapseRate(PER_HOUR)), (5.0, CollapseRate(0.0))], 0, 20)


# --------------------------------------------------------------------------- survival


@pytest.mark.parametrize(
    ("injury", "t50_min"),
    [("cardiac_arrest", 3.0), ("respiratory_arrest", 10.0), ("major_bleeding", 30.0)],
)
def test_survival_passes_through_cara_points(injury: Injury, t50_min: float) -> None:
    """Cara (1981) emergency survival curves: 50 % deaths after about 3 min of cardiac
    arrest, 10 min of respiratory arrest and 30 min of major blood loss. The fit is exact
    at these points; tolerance 1e-9 (rounding only).
    """
    assert SURVIVAL_T50_MIN[injury] == t50_min
    assert survival_probability(injury, t50_min) == pytest.approx(0.5, abs=1e-9)


def test_survival_shape_hand_calculation() -> None:
    # S(t) = 1 / (1 + (t / t50)^n), n = 4.
    assert SURVIVAL_SHAPE == 4.0
    assert survival_probability("cardiac_arrest", 0.0) == 1.0
    assert survival_probability("cardiac_arrest", 1.0) == pytest.approx(1 / (1 + (1 / 3) ** 4))
    assert survival_probability("cardiac_arrest", 6.0) == pytest.approx(1 / 17, rel=1e-12)
    got = survival_probability("major_bleeding", np.array([0.0, 15.0, 30.0, 60.0]))
    np.testing.assert_allclose(got, [1.0, 1 / (1 + 0.5**4), 0.5, 1 / 17], rtol=1e-12)


@given(
    injury=st.sampled_from(INJURIES),
    a=st.floats(min_value=0.0, max_value=600.0),
    b=st.floats(min_value=0.0, max_value=600.0),
)
def test_survival_decreases_with_delay(injury: Injury, a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    s_lo = survival_probability(injury, lo)
    s_hi = survival_probability(injury, hi)
    assert 0.0 <= s_hi <= s_lo <= 1.0
    if hi > lo + 1e-6 and s_lo < 1.0 and s_hi > 0.0:
        assert s_hi < s_lo


def test_survival_orders_injuries_by_urgency() -> None:
    at_5_min = [survival_probability(i, 5.0) for i in INJURIES]
    assert at_5_min == sorted(at_5_min)


def test_first_aid_and_definitive_care() -> None:
    # First aid at 2 min, ambulance at 12 min, residual rate 0.5: delay 2 + 0.5 * 10 = 7.
    delay = effective_delay_min(2.0, 12.0, 0.5)
    assert float(delay) == pytest.approx(7.0)
    got = survival_probability("major_bleeding", 2.0, minutes_to_definitive_care=12.0)
    assert got == pytest.approx(1 / (1 + (7 / 30) ** 4), rel=1e-12)
    # First aid that stops the clock: only the delay to first aid counts.
    stopped = survival_probability(
        "cardiac_arrest", 2.0, minutes_to_definitive_care=math.inf, first_aid_residual_rate=0.0
    )
    assert stopped == pytest.approx(survival_probability("cardiac_arrest", 2.0), rel=1e-12)
    # Definitive care before any first aid: it is the first aid.
    assert float(effective_delay_min(20.0, 8.0)) == 8.0
    # Later care never helps.
    early = survival_probability("respiratory_arrest", 3.0, minutes_to_definitive_care=10.0)
    late = survival_probability("respiratory_arrest", 3.0, minutes_to_definitive_care=40.0)
    assert late < early


def test_survival_rejects_invalid_input() -> None:
    with pytest.raises(ValueError, match="injury"):
        survival_probability("burns", 5.0)  # type: ignore[call-overload]
    with pytest.raises(ValueError):
        survival_probability("trauma", -1.0)
    with pytest.raises(ValueError):
        survival_probability("trauma", 5.0, first_aid_residual_rate=1.5)
