"""Flashing releases and draining vessels against hand calculations and published cases."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.hazards import source_terms as st_
from sim.hazards.plume_physics import liquid_orifice_rate

G = 9.80665


def test_flash_fraction_of_water_matches_the_steam_tables() -> None:
    """Crowl and Louvar (2011) ch. 4 flashing-liquid example: saturated water at 350 °F
    (449.8 K) released to 1 atm. Steam tables: (hf(350 °F) − hf(212 °F)) / hfg(212 °F) =
    (321.8 − 180.2) / 970.3 = 0.146. With cp = 4.30 kJ/(kg K) (liquid water averaged over
    100–177 °C, NIST) and hfg = 2,257 kJ/kg, cp (T − Tb) / hfg must agree within 3 %."""
    steam_tables = (321.8 - 180.2) / 970.3
    f = st_.flash_fraction(4300.0, 449.8, 373.15, 2.257e6)
    assert f == pytest.approx(steam_tables, rel=0.03)


def test_ammonia_flashes_about_18_percent_and_doubles_with_aerosol() -> None:
    """NIST data: cp 4.6 kJ/(kg K), 293.15 K against Tb 239.8 K, hfg 1,370 kJ/kg:
    4.6 · 53.35 / 1370 = 0.179; aerosol equal to the flash (CCPS 1999) doubles it."""
    nh3 = st_.LIQUEFIED_GASES["ammonia"]
    f = st_.flash_fraction(
        nh3.liquid_heat_capacity_j_kg_k,
        nh3.storage_temperature_k,
        nh3.boiling_point_k,
        nh3.heat_of_vaporisation_j_kg,
    )
    assert f == pytest.approx(4600 * 53.35 / 1.370e6, rel=1e-9)
    assert st_.airborne_fraction(f, 1.0) == pytest.approx(2 * f)
    assert st_.airborne_fraction(0.6, 2.0) == 1.0  # capped: no rain-out left


def test_erm_flux_for_ammonia_by_hand() -> None:
    """G_ERM = hfg / vfg · √(1 / (T cp)) (Fauske and Epstein 1988) with NIST saturation
    data at 20 °C: vfg = 1/6.70 − 1/610.2 = 0.14761 m³/kg;
    G = 1.186e6 / 0.14761 · (293.15 · 4600)^−½ = 6,917 kg/(m² s)."""
    vfg = 1 / 6.70 - 1 / 610.2
    by_hand = 1.186e6 / vfg / math.sqrt(293.15 * 4600.0)
    assert by_hand == pytest.approx(6917.0, rel=1e-3)
    nh3 = st_.LIQUEFIED_GASES["ammonia"]
    assert st_.flashing_mass_flux(nh3, cd=0.61, pipe_length_m=0.5) == pytest.approx(
        by_hand, rel=1e-9
    )


def test_flashing_flow_is_two_to_three_times_less_than_liquid_flow() -> None:
    """CCPS (1999) section 2.1.2: through a pipe or valve over 0.1 m a
    flashing liquefied gas gives 2–3 times less mass than Bernoulli liquid flow. A 25 mm
    hole in ammonia and chlorine lines at 20 °C."""
    for name in ("ammonia", "chlorine"):
        gas = st_.LIQUEFIED_GASES[name]
        area = math.pi * 0.025**2 / 4
        liquid = liquid_orifice_rate(
            0.61, 0.025, gas.liquid_density_kg_m3, gas.vapour_pressure_pa - 101325.0
        )
        flashing = area * st_.flashing_mass_flux(gas, cd=0.61, pipe_length_m=0.1)
        assert 2.0 <= liquid / flashing <= 3.0, name


def test_a_hole_in_the_shell_passes_liquid() -> None:
    """L = 0: Fauske's N reduces G to Cd √(2 ρ ΔP), Bernoulli liquid flow (hand)."""
    gas = st_.LIQUEFIED_GASES["chlorine"]
    g0 = st_.flashing_mass_flux(gas, cd=0.61, pipe_length_m=0.0)
    by_hand = 0.61 * math.sqrt(2 * gas.liquid_density_kg_m3 * (gas.vapour_pressure_pa - 101325.0))
    assert g0 == pytest.approx(by_hand, rel=1e-9)


@settings(max_examples=30, deadline=None)
@given(st.floats(0.0, 0.1), st.floats(0.0, 0.1))
def test_longer_pipes_never_pass_more_mass(a: float, b: float) -> None:
    gas = st_.LIQUEFIED_GASES["ammonia"]
    short, long_ = sorted((a, b))
    assert st_.flashing_mass_flux(gas, cd=0.61, pipe_length_m=long_) <= st_.flashing_mass_flux(
        gas, cd=0.61, pipe_length_m=short
    ) * (1 + 1e-12)


# Crowl and Louvar (2011) ch. 4, draining-tank case: a vertical benzene tank 8 ft (2.438 m)
# across, nitrogen pad 1 atm gauge, liquid 12 ft (3.658 m) above a 1 in (25.4 mm) hole,
# specific gravity 0.8794, Cd 0.61. The liquid above the hole is 603 ft³ = 4,512 US gal.
TANK_D_M = 8 * 0.3048
HEAD_M = 12 * 0.3048
HOLE_D_M = 0.0254
RHO = 879.4
PAD_PA = 101325.0


def _benzene_vessel() -> tuple[st_.Vessel, float, float]:
    tank_area = math.pi * TANK_D_M**2 / 4
    hole_area = math.pi * HOLE_D_M**2 / 4
    rate0 = liquid_orifice_rate(0.61, HOLE_D_M, RHO, PAD_PA + RHO * G * HEAD_M)
    inventory = RHO * tank_area * HEAD_M
    vessel = st_.Vessel(
        kind="liquid_head",
        rate0_kg_s=rate0,
        inventory_kg=inventory,
        rho_kg_m3=RHO,
        head0_m=HEAD_M,
        pad_pressure_pa=PAD_PA,
    )
    t_e = st_.liquid_drain_time_s(
        hole_area_m2=hole_area,
        cd=0.61,
        tank_area_m2=tank_area,
        head0_m=HEAD_M,
        pad_pressure_pa=PAD_PA,
        rho_kg_m3=RHO,
    )
    return vessel, inventory, t_e


def test_the_benzene_tank_drains_as_the_hand_calculation_says() -> None:
    vessel, inventory, t_e = _benzene_vessel()
    assert inventory / RHO == pytest.approx(4512 * 3.785411784e-3, rel=1e-3)
    # Hand: t_e = A_t / (Cd A g) [√(2 (Pg/ρ + g h0)) − √(2 Pg/ρ)] ≈ 3,390 s (56.5 min).
    assert t_e == pytest.approx(3390.0, rel=0.005)
    # Step the vessel at 5 s: exact per step, so it empties within one step of t_e.
    left, t = inventory, 0.0
    while left > 0.0:
        left = vessel.step(left, 1.0, 5.0)
        t += 5.0
    assert t_e <= t < t_e + 5.0
    # Half-way in time the rate has fallen linearly (√s is linear in t).
    mid = inventory
    for _ in range(int(t_e / 2 / 5)):
        mid = vessel.step(mid, 1.0, 5.0)
    t_half = int(t_e / 2 / 5) * 5.0
    end_rate = vessel.rate0_kg_s * math.sqrt((PAD_PA / RHO) / (PAD_PA / RHO + G * HEAD_M))
    expected = vessel.rate0_kg_s + (end_rate - vessel.rate0_kg_s) * t_half / t_e
    assert vessel.rate_kg_s(mid) == pytest.approx(expected, rel=1e-6)


def test_gas_blowdown_decays_exponentially_to_ambient_pressure() -> None:
    """Isothermal choked blowdown: M(t) = M0 e^(−m0 t / M0), never below M0 Pa/P0."""
    vessel = st_.Vessel(
        kind="gas_blowdown", rate0_kg_s=2.0, inventory_kg=100.0, residual_fraction=0.1
    )
    left = vessel.step(100.0, 1.0, 20.0)
    assert left == pytest.approx(100.0 * math.exp(-0.4), rel=1e-12)
    assert vessel.rate_kg_s(left) == pytest.approx(2.0 * left / 100.0)
    assert vessel.step(100.0, 1.0, 1e6) == pytest.approx(10.0)
    assert vessel.rate_kg_s(10.0) == 0.0


def test_a_multiplier_stretches_a_steady_release() -> None:
    vessel = st_.Vessel(kind="steady", rate0_kg_s=2.0, inventory_kg=100.0)
    assert vessel.step(100.0, 0.5, 10.0) == pytest.approx(90.0)
    assert vessel.step(5.0, 1.0, 10.0) == 0.0
    assert vessel.step(50.0, 0.0, 10.0) == 50.0


# --- pool evaporation ---------------------------------------------------------------------


def test_the_ground_heat_flux_into_a_boiling_pool_by_hand() -> None:
    """q = k (Tg - Tb) / sqrt(pi a t) (Carslaw and Jaeger; TNO Yellow Book CPR 14E ch. 3):
    chlorine (Tb 239.1 K) on concrete (k 1.4 W/(m K), a = 1.4 / (2300 x 880) = 6.917e-7
    m2/s, Incropera Table A.3) at 20 degC, 100 s after wetting:
    1.4 x 54.05 / sqrt(pi x 6.917e-7 x 100) = 5,133 W/m2. Tolerance 0.1 %."""
    concrete = st_.GROUNDS["concrete"]
    assert concrete.diffusivity_m2_s == pytest.approx(6.917e-7, rel=1e-3)
    q = st_.conduction_flux_w_m2(concrete, 293.15, 239.1, 100.0)
    assert q == pytest.approx(5133.0, rel=1e-3)
    # It falls as 1/sqrt(t); none from ground no warmer than the boiling point.
    assert st_.conduction_flux_w_m2(concrete, 293.15, 239.1, 400.0) == pytest.approx(q / 2)
    assert st_.conduction_flux_w_m2(concrete, 230.0, 239.1, 100.0) == 0.0


def test_a_pool_boils_off_as_the_conduction_integral_until_it_is_dry() -> None:
    """100 kg of liquid chlorine spilt in the first second on concrete spreads to 1 cm:
    A = 100 / (1410 x 0.01) = 7.092 m2. With c = k (Tg - Tb) / (hfg sqrt(pi a)) = 75.67 /
    (288,000 x 1.4741e-3) = 0.17825 kg/(m2 s^0.5), a strip wetted evenly over [0, 1] s has
    boiled off c A (4/3) (t^1.5 - (t - 1)^1.5) by t: 61.9 kg at 600 s (hand calculation,
    tolerance 0.1 %). The pool is dry when that reaches 100 kg, near 1,565 s; it never
    boils off more than rained out."""
    pool = st_.BoilingPool(
        st_.LIQUEFIED_GASES["chlorine"],
        st_.GROUNDS["concrete"],
        293.15,
        min_depth_m=0.01,
        max_area_m2=None,
    )
    boiled = pool.step(0.0, 1.0, 100.0)
    assert pool.area_m2 == pytest.approx(100.0 / 14.1, rel=1e-9)
    assert pool.c == pytest.approx(0.17825, rel=1e-3)
    t = 1.0
    while t < 600.0:
        boiled += pool.step(t, 5.0 if t > 1.0 else 4.0, 0.0)
        t = 5.0 if t == 1.0 else t + 5.0
    hand = 0.17825 * 7.0922 * (4.0 / 3.0) * (600.0**1.5 - 599.0**1.5)
    assert hand == pytest.approx(61.9, abs=0.05)
    assert boiled == pytest.approx(hand, rel=1e-3)
    while t < 3000.0:
        boiled += pool.step(t, 5.0, 0.0)
        t += 5.0
    assert boiled == pytest.approx(100.0, rel=1e-12)
    assert pool.evaporated_kg == pytest.approx(100.0, rel=1e-12)


def test_a_bund_stops_the_pool_spreading_and_so_slows_its_boiling() -> None:
    gas, ground = st_.LIQUEFIED_GASES["ammonia"], st_.GROUNDS["concrete"]
    free = st_.BoilingPool(gas, ground, 293.15, min_depth_m=0.01, max_area_m2=None)
    bunded = st_.BoilingPool(gas, ground, 293.15, min_depth_m=0.01, max_area_m2=5.0)
    for k in range(60):
        free.step(5.0 * k, 5.0, 10.0)
        bunded.step(5.0 * k, 5.0, 10.0)
    assert bunded.area_m2 == pytest.approx(5.0)
    assert free.area_m2 == pytest.approx(600.0 / (610.2 * 0.01))
    assert 0.0 < bunded.evaporated_kg < free.evaporated_kg <= 600.0


def test_a_growing_series_keeps_every_value_past_its_first_buffer() -> None:
    series = st_.GrowingSeries(0.5)
    for i in range(1, 300):
        series.append(i * 0.25)
    assert len(series) == 300
    assert series.array.tolist() == [0.5] + [i * 0.25 for i in range(1, 300)]
    assert series[-1] == 299 * 0.25
    assert series[0] == 0.5
    with pytest.raises(IndexError):
        series[300]


def test_the_published_butane_sphere_example_flash_and_discharge() -> None:
    """Published worked example: A. E. Farrell, "Chemical Release Screening Example –
    Airborne Quantity from a Butane leak" (2020; methods of CCPS, *Guidelines for Use of
    Vapour Cloud Dispersion Models*, 2nd ed. 1996, eqs. 4-10 and 4-14). n-Butane at 25 °C in
    a sphere at 250 psig leaks through a 2 in hole in its shell, 50 ft of liquid above it:
    the opening is too short for the liquid to flash inside it, so it leaves as liquid,
    Q = Cd ρ A √(2 (p − pa)/ρ + 2 g h) = 56.31 kg/s with Cd 0.61, g 9.81; outside it
    flashes f = cp (T − Tb) / ΔHv = 0.1713. Properties from the example's Perry's (8th ed.)
    correlations at 298.15 K. Tolerance 1e-6 (the example prints 16 digits)."""
    t, tb, tc, mw = 298.15, 272.55, 425.12, 58.122
    tr = t / tc
    cp = 191030 - 1675 * t + 12.5 * t**2 - 0.03874 * t**3 + 4.6121e-5 * t**4  # J/(kmol K)
    dhv = 3.6238e7 * (1 - tr) ** (0.8337 - 0.82274 * tr + 0.39613 * tr**2)  # J/kmol
    f = st_.flash_fraction(cp / mw, t, tb, dhv / mw)
    assert f == pytest.approx(0.17128269541302374, rel=1e-6)
    rho = mw * 1.0677 / 0.27188 ** (1 + (1 - t / tc) ** 0.28688)  # kg/m³
    psi, ft, inch = 6894.757293168361, 0.3048, 0.0254
    dp = 250 * psi + rho * 9.81 * 50 * ft
    assert liquid_orifice_rate(0.61, 2 * inch, rho, dp) == pytest.approx(
        56.31092763613714, rel=1e-6
    )
    # The same opening in this model's terms: no pipe, so no time to flash (L = 0 gives
    # Bernoulli liquid flow, CCPS 1999 p. 37); the sphere's pressure and head stand in for
    # the driving pressure over ambient.
    gas = st_.LiquefiedGas(
        name="n-butane",
        molar_mass_kg_mol=mw / 1000,
        boiling_point_k=tb,
        heat_of_vaporisation_j_kg=dhv / mw,
        liquid_heat_capacity_j_kg_k=cp / mw,
        storage_temperature_k=t,
        vapour_pressure_pa=101325.0 + dp,
        liquid_density_kg_m3=rho,
        vapour_density_kg_m3=5.0,
        hfg_storage_j_kg=dhv / mw,
    )
    area = math.pi * (2 * inch) ** 2 / 4
    flux = st_.flashing_mass_flux(gas, cd=0.61, pipe_length_m=0.0)
    assert flux * area == pytest.approx(56.31092763613714, rel=1e-6)
