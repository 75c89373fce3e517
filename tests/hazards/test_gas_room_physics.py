"""Verification of the well-mixed gas-room models against hand calculations."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.hazards.gas_room_physics import (
    GASES,
    percent_lel,
    room_step,
    rooms_step,
    steady_state_fraction,
    time_to_fraction_s,
)

LAMBDA_2ACH = 2.0 / 3600.0


def test_gas_constants_match_domain() -> None:
    # The gas data table of docs/models.md section 2.
    assert GASES["methane"].lel_frac == 0.05
    assert GASES["methane"].uel_frac == 0.15
    assert GASES["propane"].lel_frac == 0.021
    assert GASES["propane"].uel_frac == 0.095
    assert GASES["ammonia"].lel_frac == 0.15
    for gas in GASES.values():
        assert gas.source


def test_steady_state_hand_calculation() -> None:
    # 50 m3 room, 0.001 m3/s leak, 2 ACH: C_ss = Q / (V lambda) = 0.001 / (50 * 2/3600).
    assert steady_state_fraction(0.001, 50.0, 2.0) == pytest.approx(0.036, rel=1e-12)
    assert steady_state_fraction(0.0, 50.0, 2.0) == 0.0
    assert steady_state_fraction(0.001, 50.0, 0.0) == math.inf


def test_room_step_hand_calculation() -> None:
    # From clean air, 10 minutes: C = C_ss (1 - exp(-lambda t)).
    expected = 0.036 * (1.0 - math.exp(-LAMBDA_2ACH * 600.0))
    assert room_step(0.0, 0.001, 50.0, 2.0, 600.0) == pytest.approx(expected, rel=1e-12)
    # Leak isolated, room at 2 %: pure decay.
    assert room_step(0.02, 0.0, 50.0, 2.0, 1800.0) == pytest.approx(0.02 * math.exp(-1.0), 1e-12)
    # Sealed room: linear rise Q dt / V.
    assert room_step(0.01, 0.001, 50.0, 0.0, 100.0) == pytest.approx(0.01 + 0.002, rel=1e-12)


def test_room_step_approaches_steady_state() -> None:
    c = 0.0
    history = []
    for _ in range(60):  # 60 x 600 s = 20 time constants of 1,800 s
        c = room_step(c, 0.001, 50.0, 2.0, 600.0)
        history.append(c)
    assert all(b > a for a, b in itertools.pairwise(history))
    assert history[-1] == pytest.approx(0.036, rel=1e-6)
    # From above the steady state the fraction falls towards it.
    assert 0.036 < room_step(0.08, 0.001, 50.0, 2.0, 600.0) < 0.08


def test_room_step_matches_fine_explicit_integration() -> None:
    # Independent check: forward Euler with a tiny step converges to the exact solution.
    c, dt, steps = 0.005, 0.05, 24_000  # 1,200 s
    q_over_v = 0.002 / 80.0
    lam = 3.0 / 3600.0
    for _ in range(steps):
        c += dt * (q_over_v - lam * c)
    assert room_step(0.005, 0.002, 80.0, 3.0, 1200.0) == pytest.approx(c, rel=1e-4)


@given(
    c0=st.floats(min_value=0.0, max_value=0.2),
    q=st.floats(min_value=0.0, max_value=0.05),
    vol=st.floats(min_value=1.0, max_value=5000.0),
    ach=st.floats(min_value=0.0, max_value=30.0),
    dt=st.floats(min_value=0.0, max_value=7200.0),
)
def test_room_step_is_exact_for_any_step(
    c0: float, q: float, vol: float, ach: float, dt: float
) -> None:
    one = room_step(c0, q, vol, ach, dt)
    two = room_step(room_step(c0, q, vol, ach, dt / 2), q, vol, ach, dt / 2)
    assert one == pytest.approx(two, rel=1e-9, abs=1e-15)


def test_room_step_vectorised() -> None:
    c = np.array([0.0, 0.01, 0.05])
    got = room_step(c, 0.001, 50.0, 2.0, 300.0)
    assert got.shape == (3,)
    for i in range(3):
        assert got[i] == pytest.approx(room_step(float(c[i]), 0.001, 50.0, 2.0, 300.0), 1e-12)


def test_time_to_lel_analytic() -> None:
    # Propane (LEL 2.1 %) in the 50 m3 / 0.001 m3/s / 2 ACH room: C_ss = 3.6 %, so
    # t = ln(C_ss / (C_ss - LEL)) / lambda = ln(0.036 / 0.015) / (2/3600) = 1575.8 s.
    expected = math.log(0.036 / 0.015) / LAMBDA_2ACH
    t = time_to_fraction_s(GASES["propane"].lel_frac, 0.001, 50.0, 2.0)
    assert t == pytest.approx(expected, rel=1e-12)
    assert t == pytest.approx(1575.8, abs=0.1)
    # The room really is at the LEL then.
    assert room_step(0.0, 0.001, 50.0, 2.0, t) == pytest.approx(0.021, rel=1e-9)
    # Methane (LEL 5 %) never gets there: the steady state is 3.6 %.
    assert time_to_fraction_s(GASES["methane"].lel_frac, 0.001, 50.0, 2.0) == math.inf


def test_time_to_fraction_special_cases() -> None:
    # Sealed room: t = C V / Q = 0.05 * 50 / 0.001 = 2500 s.
    assert time_to_fraction_s(0.05, 0.001, 50.0, 0.0) == pytest.approx(2500.0, rel=1e-12)
    assert time_to_fraction_s(0.05, 0.0, 50.0, 2.0) == math.inf
    assert time_to_fraction_s(0.01, 0.001, 50.0, 2.0, c0_frac=0.02) == 0.0
    # From a non-clean start: t = ln((C_ss - C0) / (C_ss - C)) / lambda.
    expected = math.log((0.036 - 0.01) / (0.036 - 0.021)) / LAMBDA_2ACH
    got = time_to_fraction_s(0.021, 0.001, 50.0, 2.0, c0_frac=0.01)
    assert got == pytest.approx(expected, rel=1e-12)


def test_percent_lel() -> None:
    assert percent_lel(0.025, GASES["methane"].lel_frac) == pytest.approx(50.0, rel=1e-12)
    assert percent_lel(0.0021, GASES["propane"].lel_frac) == pytest.approx(10.0, rel=1e-12)
    np.testing.assert_allclose(percent_lel(np.array([0.0, 0.05]), 0.05), [0.0, 100.0])
    with pytest.raises(ValueError):
        percent_lel(0.01, 0.0)


@pytest.mark.parametrize(
    "call",
    [
        lambda: room_step(0.0, -0.001, 50.0, 2.0, 10.0),
        lambda: room_step(0.0, 0.001, 0.0, 2.0, 10.0),
        lambda: room_step(0.0, 0.001, 50.0, -1.0, 10.0),
        lambda: room_step(0.0, 0.001, 50.0, 2.0, -10.0),
        lambda: time_to_fraction_s(-0.1, 0.001, 50.0, 2.0),
    ],
)
def test_room_functions_reject_invalid_input(call: object) -> None:
    with pytest.raises(ValueError):
        call()  # type: ignore[operator]


# --------------------------------------------------------------------------- several rooms


def _euler_rooms(
    c: np.ndarray,
    q: np.ndarray,
    vol: np.ndarray,
    ach: np.ndarray,
    ex: np.ndarray,
    t_end: float,
    dt: float,
) -> np.ndarray:
    """Independent forward-Euler integration of V dC/dt = Q + E(C_j - C_i) - lambda V C."""
    lam = ach / 3600.0
    c = c.astype(float).copy()
    for _ in range(round(t_end / dt)):
        exchange = ex @ c - ex.sum(axis=1) * c
        c = c + dt * (q + exchange - lam * vol * c) / vol
    return c


def test_rooms_step_single_room_equals_room_step() -> None:
    got = rooms_step(
        np.array([0.01]),
        np.array([0.001]),
        np.array([50.0]),
        np.array([2.0]),
        np.zeros((1, 1)),
        777.0,
    )
    assert got[0] == pytest.approx(room_step(0.01, 0.001, 50.0, 2.0, 777.0), rel=1e-12)


def test_rooms_step_disconnected_rooms_are_independent() -> None:
    c = np.array([0.0, 0.02, 0.01])
    q = np.array([0.001, 0.0, 0.0005])
    vol = np.array([50.0, 20.0, 200.0])
    ach = np.array([2.0, 0.5, 6.0])
    got = rooms_step(c, q, vol, ach, np.zeros((3, 3)), 900.0)
    for i in range(3):
        expected = room_step(float(c[i]), float(q[i]), float(vol[i]), float(ach[i]), 900.0)
        assert got[i] == pytest.approx(expected, rel=1e-10)


def test_rooms_step_matches_fine_explicit_integration() -> None:
    c = np.array([0.0, 0.0, 0.0, 0.004])
    q = np.array([0.002, 0.0, 0.0, 0.0])
    vol = np.array([40.0, 25.0, 120.0, 60.0])
    ach = np.array([0.5, 0.0, 3.0, 1.0])
    ex = np.array(
        [
            [0.0, 0.05, 0.0, 0.01],
            [0.05, 0.0, 0.02, 0.0],
            [0.0, 0.02, 0.0, 0.03],
            [0.01, 0.0, 0.03, 0.0],
        ]
    )
    exact = rooms_step(c, q, vol, ach, ex, 1200.0)
    euler = _euler_rooms(c, q, vol, ach, ex, 1200.0, 0.02)
    np.testing.assert_allclose(exact, euler, rtol=2e-4, atol=1e-9)


def test_rooms_step_equalises_without_sources() -> None:
    # Two sealed rooms joined by a door: the fractions tend to the volume-weighted mean.
    c = np.array([0.04, 0.0])
    vol = np.array([30.0, 90.0])
    got = rooms_step(c, np.zeros(2), vol, np.zeros(2), np.array([[0, 0.1], [0.1, 0]]), 1e5)
    mean = (0.04 * 30.0) / 120.0
    np.testing.assert_allclose(got, [mean, mean], rtol=1e-9)


@settings(max_examples=60)
@given(
    n=st.integers(min_value=1, max_value=6),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    dt=st.floats(min_value=0.0, max_value=1e5),
)
def test_rooms_step_conserves_gas_without_ventilation(n: int, seed: int, dt: float) -> None:
    rng = np.random.default_rng(seed)
    c = rng.uniform(0.0, 0.1, n)
    q = rng.uniform(0.0, 0.01, n)
    vol = rng.uniform(5.0, 500.0, n)
    ex = rng.uniform(0.0, 0.5, (n, n)) * (rng.uniform(size=(n, n)) < 0.6)
    ex = np.triu(ex, 1)
    ex = ex + ex.T
    got = rooms_step(c, q, vol, np.zeros(n), ex, dt)
    before = float(np.sum(vol * c))
    after = float(np.sum(vol * got))
    assert after == pytest.approx(before + float(q.sum()) * dt, rel=1e-9, abs=1e-12)
    assert np.all(got >= -1e-12)


def test_rooms_step_ventilation_is_the_only_loss() -> None:
    # Same air-change rate in every room and no leak: exchange only moves gas, so the
    # total decays exactly as exp(-lambda dt).
    c = np.array([0.05, 0.0, 0.01])
    vol = np.array([50.0, 10.0, 70.0])
    ex = np.array([[0, 0.2, 0.0], [0.2, 0, 0.05], [0.0, 0.05, 0]])
    got = rooms_step(c, np.zeros(3), vol, np.full(3, 4.0), ex, 600.0)
    expected = float(np.sum(vol * c)) * math.exp(-4.0 / 3600.0 * 600.0)
    assert float(np.sum(vol * got)) == pytest.approx(expected, rel=1e-10)


def test_rooms_step_is_exact_for_any_step() -> None:
    c = np.array([0.0, 0.01, 0.0])
    q = np.array([0.001, 0.0, 0.0002])
    vol = np.array([50.0, 30.0, 80.0])
    ach = np.array([1.0, 0.0, 2.0])
    ex = np.array([[0, 0.03, 0.0], [0.03, 0, 0.01], [0.0, 0.01, 0]])
    one = rooms_step(c, q, vol, ach, ex, 3600.0)
    many = c
    for _ in range(36):
        many = rooms_step(many, q, vol, ach, ex, 100.0)
    np.testing.assert_allclose(one, many, rtol=1e-9)


@pytest.mark.parametrize(
    "ex",
    [
        np.array([[0.0, 0.1], [0.2, 0.0]]),  # not symmetric
        np.array([[0.0, -0.1], [-0.1, 0.0]]),  # negative
        np.zeros((3, 3)),  # wrong shape
    ],
)
def test_rooms_step_rejects_bad_exchange_matrix(ex: np.ndarray) -> None:
    with pytest.raises(ValueError, match="exchange"):
        rooms_step(np.zeros(2), np.zeros(2), np.ones(2), np.zeros(2), ex, 1.0)


def test_rooms_step_rejects_bad_rooms() -> None:
    with pytest.raises(ValueError, match="volume"):
        rooms_step(np.zeros(2), np.zeros(2), np.array([1.0, 0.0]), np.zeros(2), np.zeros((2, 2)), 1)
    with pytest.raises(ValueError, match="shape"):
        rooms_step(np.zeros(2), np.zeros(3), np.ones(2), np.zeros(2), np.zeros((2, 2)), 1.0)
