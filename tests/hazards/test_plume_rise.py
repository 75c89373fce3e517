"""Buoyant plume rise (sim/hazards/plume_rise.py) against hand calculations with the Briggs
formulas as the US EPA ISC3 user's guide (vol. II, EPA-454/B-95-003b, 1995, section
1.1.4) gives them."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.hazards import plume_rise as pr
from sim.hazards.plume_physics import ideal_gas_density_kg_m3

G = 9.80665
TA = 293.15


def test_buoyancy_flux_of_a_hot_stack_equals_isc3s_formula() -> None:
    """ISC3 1.1.4: F = g v d² (Ts − Ta) / (4 Ts). A 2 m stack, 10 m/s, 400 K into 293.15 K:
    9.80665 · 10 · 4 · 106.85 / 1600 = 26.196 m⁴/s³. The density form
    with the same gas (air) at both temperatures and V = π d² v / 4 = 31.416 m³/s must agree
    (ideal gases: (Ts − Ta)/Ts = (ρa − ρs)/ρa)."""
    isc3 = G * 10.0 * 2.0**2 * (400.0 - TA) / (4 * 400.0)
    assert isc3 == pytest.approx(26.196, abs=1e-3)
    rho_s = ideal_gas_density_kg_m3(0.028965, 400.0)
    rho_a = ideal_gas_density_kg_m3(0.028965, TA)
    q = rho_s * math.pi * 2.0**2 / 4 * 10.0
    assert pr.buoyancy_flux_m4_s3(q, rho_s, rho_a) == pytest.approx(isc3, rel=1e-12)


def test_a_gas_as_heavy_as_air_or_heavier_does_not_rise() -> None:
    assert pr.buoyancy_flux_m4_s3(5.0, 1.2, 1.2) == 0.0
    assert pr.buoyancy_flux_m4_s3(5.0, 3.0, 1.2) == 0.0
    assert np.all(pr.buoyant_rise_m(np.array([10.0, 1e4]), 0.0, 3.0, "F", TA) == 0.0)


def test_two_thirds_law_before_the_final_rise() -> None:
    """Class D, F = 10 m⁴/s³, u = 5 m/s, 100 m downwind (x_f = 49 · 10^(5/8) = 206.6 m):
    Δh = 1.6 · 10^(1/3) · 100^(2/3) / 5 = 1.6 · 2.15443 · 21.5443 / 5 = 14.853 m."""
    assert pytest.approx(206.6, abs=0.1) == 49 * 10 ** (5 / 8)
    got = float(pr.buoyant_rise_m(100.0, 10.0, 5.0, "D", TA))
    assert got == pytest.approx(14.853, abs=1e-3)
    assert float(pr.buoyant_rise_m(-50.0, 10.0, 5.0, "D", TA)) == 0.0


def test_final_rise_unstable_and_neutral() -> None:
    """ISC3 1.1.4.3 final rise: 21.425 F^(3/4) / u for F < 55 and 38.71 F^(3/5) / u for
    F ≥ 55 (1.6 · 49^(2/3) = 21.426, 1.6 · 119^(2/3) = 38.71). F = 10, u = 5:
    21.425 · 5.6234 / 5 = 24.097 m; F = 100, u = 10: 38.71 · 15.849 / 10 = 61.35 m. Within
    1e-4 (the guide rounds its constants)."""
    for cls in ("A", "B", "C", "D"):
        assert float(pr.buoyant_rise_m(5000.0, 10.0, 5.0, cls, TA)) == pytest.approx(
            21.425 * 10**0.75 / 5, rel=1e-4
        )
        assert float(pr.buoyant_rise_m(5000.0, 100.0, 10.0, cls, TA)) == pytest.approx(
            38.71 * 100**0.6 / 10, rel=1e-4
        )


def test_final_rise_stable() -> None:
    """ISC3 1.1.4.6-1.1.4.8: s = g (dθ/dz) / Ta, dθ/dz 0.035 K/m (F), 0.020 (E); final rise
    2.6 (F / (u s))^(1/3) at x_f = 2.0715 u / √s. Class F, F = 10, u = 2, Ta = 293.15 K:
    s = 9.80665 · 0.035 / 293.15 = 1.17083e-3; Δh = 2.6 · (10 / 2.34166e-3)^(1/3) = 42.18 m;
    x_f = 2.0715 · 2 / 0.034218 = 121.08 m. Within 1e-3 (2.6 is 1.6 · 2.0715^(2/3) rounded)."""
    s = G * 0.035 / TA
    assert pr.stability_parameter_s2("F", TA) == pytest.approx(s, rel=1e-12)
    assert pr.stability_parameter_s2("E", TA) == pytest.approx(G * 0.020 / TA, rel=1e-12)
    assert pr.stability_parameter_s2("D", TA) is None
    assert pr.final_rise_distance_m(10.0, 2.0, "F", TA) == pytest.approx(121.08, abs=0.01)
    final = float(pr.buoyant_rise_m(3000.0, 10.0, 2.0, "F", TA))
    assert final == pytest.approx(2.6 * (10 / (2 * s)) ** (1 / 3), rel=1e-3)
    assert final == pytest.approx(42.18, abs=0.01)
    with pytest.raises(ValueError):
        pr.stability_parameter_s2("G", TA)


def test_a_wide_source_rises_less_and_by_the_entrainment_balance() -> None:
    """R = R0 + βz, d(R² w)/dt = F/u: Δh = ((R0/β)³ + 1.6³ F x²/u³)^(1/3) − R0/β.
    A pool of radius 10 m, F = 3.5 m⁴/s³, u = 2 m/s, class F, 100 m (before x_f = 121 m):
    R0/β = 10 / 0.60515 = 16.525 m; 1.6³ · 3.5 · 10⁴ / 8 = 17,920; (4,512.4 + 17,920)^(1/3)
    = 28.203; Δh = 11.68 m, against 1.6 · 3.5^(1/3) · 100^(2/3) / 2 = 26.17 m from a point."""
    beta = pr.ENTRAINMENT_BETA
    assert beta == pytest.approx(0.60515, abs=1e-5)
    wide = float(pr.buoyant_rise_m(100.0, 3.5, 2.0, "F", TA, source_radius_m=10.0))
    r = 10.0 / beta
    assert wide == pytest.approx((r**3 + 1.6**3 * 3.5 * 1e4 / 8) ** (1 / 3) - r, rel=1e-12)
    assert wide == pytest.approx(11.68, abs=0.01)
    point = float(pr.buoyant_rise_m(100.0, 3.5, 2.0, "F", TA))
    assert point == pytest.approx(26.17, abs=0.01)


def test_the_rise_solves_the_entrainment_balance_stepped_in_time() -> None:
    """The balance the module docstring derives the rise from, d(R² w)/dt = F/u with
    R = R0 + βz, w = dz/dt, t = x/u, stepped forward in time (classical Runge-Kutta, no
    closed form used) from z = 0: R² w = F t / u, so dz/dt = F t / (u (R0 + βz)²). At every
    distance before x_f the closed form Δh agrees, and R³ follows the docstring's
    R³ = R0³ + (3/2) β F x²/u³ (not (3/2) β² F x²/u³)."""
    beta, flux, u, r0 = pr.ENTRAINMENT_BETA, 3.5, 2.0, 10.0
    xf = pr.final_rise_distance_m(flux, u, "F", TA)
    assert xf > 100.0

    def rate(t_s: float, z_m: float) -> float:
        return flux * t_s / (u * (r0 + beta * z_m) ** 2)

    z, t, dt = 0.0, 0.0, 0.01
    for _ in range(round(100.0 / u / dt)):
        k1 = rate(t, z)
        k2 = rate(t + dt / 2, z + dt / 2 * k1)
        k3 = rate(t + dt / 2, z + dt / 2 * k2)
        k4 = rate(t + dt, z + dt * k3)
        z += dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        t += dt
    x = u * t
    assert x == pytest.approx(100.0, rel=1e-9)
    closed = float(pr.buoyant_rise_m(x, flux, u, "F", TA, source_radius_m=r0))
    assert z == pytest.approx(closed, rel=1e-6)
    radius = r0 + beta * z
    assert radius**3 == pytest.approx(r0**3 + 1.5 * beta * flux * x**2 / u**3, rel=1e-6)
    assert radius**3 != pytest.approx(r0**3 + 1.5 * beta**2 * flux * x**2 / u**3, rel=1e-2)
    doc = " ".join((pr.__doc__ or "").split())
    assert "R^3 = (3/2) beta F x^2 / u^3" in doc
    assert "beta^2 F x^2 / u^3" not in doc


@settings(max_examples=60, deadline=None)
@given(
    flux=st.floats(0.01, 500.0),
    u=st.floats(1.0, 15.0),
    cls=st.sampled_from(("A", "B", "C", "D", "E", "F")),
    r0=st.floats(0.0, 30.0),
)
def test_rise_grows_with_distance_and_flux_and_stops(
    flux: float, u: float, cls: str, r0: float
) -> None:
    x = np.geomspace(1.0, 1e5, 60)
    h = pr.buoyant_rise_m(x, flux, u, cls, TA, r0)
    assert np.all(np.diff(h) >= -1e-9)
    assert np.all(h >= 0.0)
    more = pr.buoyant_rise_m(x, flux * 2, u, cls, TA, r0)
    assert np.all(more >= h - 1e-9)
    xf = pr.final_rise_distance_m(flux, u, cls, TA)
    beyond = pr.buoyant_rise_m(np.array([xf, 2 * xf, 50 * xf]), flux, u, cls, TA, r0)
    assert np.ptp(beyond) <= 1e-9 * max(1.0, float(beyond[0]))
