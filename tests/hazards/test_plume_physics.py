"""Verification of the plume physics against hand calculations and published examples.

Each expected number is computed independently here, from the formula written out with
``math`` on scalars, or taken from a cited worked example with its tolerance.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.hazards.plume import (
    Cloud,
    Insolation,
    briggs_sigmas,
    choked_gas_rate,
    concentration,
    critical_pressure_ratio,
    gas_orifice_rate,
    ideal_gas_density_kg_m3,
    indoor_step,
    kg_m3_to_ppm,
    liquid_orifice_rate,
    pasquill_stability,
    ppm_to_kg_m3,
    rotate_to_wind,
)

CLASSES = ("A", "B", "C", "D", "E", "F")
INSOLATIONS: tuple[Insolation, ...] = ("strong", "moderate", "slight")
NIGHT_CLOUDS: tuple[Cloud, ...] = ("cloudy", "clear")


def _hand_sigmas(x: float, cls: str) -> tuple[float, float]:
    """The Briggs (1973) open-country table (CCPS 1999 section 2.3.1), written out line by line."""
    sy = {
        "A": 0.22 * x * (1 + 0.0001 * x) ** -0.5,
        "B": 0.16 * x * (1 + 0.0001 * x) ** -0.5,
        "C": 0.11 * x * (1 + 0.0001 * x) ** -0.5,
        "D": 0.08 * x * (1 + 0.0001 * x) ** -0.5,
        "E": 0.06 * x * (1 + 0.0001 * x) ** -0.5,
        "F": 0.04 * x * (1 + 0.0001 * x) ** -0.5,
    }[cls]
    sz = {
        "A": 0.20 * x,
        "B": 0.12 * x,
        "C": 0.08 * x * (1 + 0.0002 * x) ** -0.5,
        "D": 0.06 * x * (1 + 0.0015 * x) ** -0.5,
        "E": 0.03 * x / (1 + 0.0003 * x),
        "F": 0.016 * x / (1 + 0.0003 * x),
    }[cls]
    return sy, sz


def _hand_concentration(
    q: float, u: float, x: float, y: float, z: float, h: float, cls: str
) -> float:
    sy, sz = _hand_sigmas(x, cls)
    return (
        q
        / (2 * math.pi * u * sy * sz)
        * math.exp(-(y**2) / (2 * sy**2))
        * (math.exp(-((z - h) ** 2) / (2 * sz**2)) + math.exp(-((z + h) ** 2) / (2 * sz**2)))
    )


# --------------------------------------------------------------------------- sigmas


@pytest.mark.parametrize("cls", CLASSES)
@pytest.mark.parametrize("x", [100.0, 500.0, 2000.0, 10_000.0])
def test_briggs_sigmas_match_domain_table(cls: str, x: float) -> None:
    sy, sz = briggs_sigmas(x, cls)
    hand_sy, hand_sz = _hand_sigmas(x, cls)
    assert sy == pytest.approx(hand_sy, rel=1e-12)
    assert sz == pytest.approx(hand_sz, rel=1e-12)


def test_briggs_sigmas_vectorised_and_zero_upwind() -> None:
    x = np.array([-50.0, 0.0, 50.0, 1000.0])
    sy, sz = briggs_sigmas(x, "D")
    assert sy.shape == (4,) and sz.shape == (4,)
    assert sy[0] == 0.0 and sz[0] == 0.0 and sy[1] == 0.0 and sz[1] == 0.0
    # Below 100 m the formula is applied as is (documented extrapolation).
    assert sy[2] == pytest.approx(_hand_sigmas(50.0, "D")[0], rel=1e-12)
    assert sz[3] == pytest.approx(_hand_sigmas(1000.0, "D")[1], rel=1e-12)


@pytest.mark.parametrize("bad", ["G", "d", "", "AB"])
def test_briggs_sigmas_unknown_class(bad: str) -> None:
    with pytest.raises(ValueError, match="stability"):
        briggs_sigmas(100.0, bad)


# --------------------------------------------------------------------------- concentration


def test_ground_release_centreline_hand_calculation() -> None:
    # Ground-level source and receptor: the two reflection terms are both 1, so
    # C = Q / (pi u sigma_y sigma_z). Q = 0.1 kg/s, u = 5 m/s, class D, x = 1000 m.
    sy = 0.08 * 1000 / math.sqrt(1 + 0.0001 * 1000)
    sz = 0.06 * 1000 / math.sqrt(1 + 0.0015 * 1000)
    expected = 0.1 / (math.pi * 5.0 * sy * sz)
    assert concentration(0.1, 5.0, 1000.0, 0.0, 0.0, 0.0, "D") == pytest.approx(expected, 1e-12)


def test_elevated_off_axis_hand_calculation() -> None:
    expected = _hand_concentration(2.0, 3.0, 750.0, 40.0, 1.5, 12.0, "B")
    got = concentration(2.0, 3.0, 750.0, 40.0, 1.5, 12.0, "B")
    assert got == pytest.approx(expected, rel=1e-12)


def test_crowl_louvar_stack_example() -> None:
    """Crowl and Louvar, *Chemical Process Safety*, 3rd ed. (2011), chapter 5 worked
    example: SO2 from a stack of effective height 60 m at 80 g/s, wind 6 m/s, class D,
    rural. Book values (three significant figures), as reported in the validation notes
    of the public Gaussian-Plume-Hazard-Zone-Calculator repository: sigma_y = 39.0 m and
    sigma_z = 22.7 m at 500 m; ground-level concentration 1.45e-4 g/m3 on the axis at
    500 m and 6.37e-5 g/m3 50 m off the axis. Tolerance 0.5 % (book rounding).
    """
    sy, sz = briggs_sigmas(500.0, "D")
    assert sy == pytest.approx(39.0, rel=5e-3)
    assert sz == pytest.approx(22.7, rel=5e-3)
    q_kg_s = 80e-3
    on_axis_g_m3 = concentration(q_kg_s, 6.0, 500.0, 0.0, 0.0, 60.0, "D") * 1e3
    off_axis_g_m3 = concentration(q_kg_s, 6.0, 500.0, 50.0, 0.0, 60.0, "D") * 1e3
    assert on_axis_g_m3 == pytest.approx(1.45e-4, rel=5e-3)
    assert off_axis_g_m3 == pytest.approx(6.37e-5, rel=5e-3)


def test_concentration_vectorised_matches_scalar() -> None:
    rng = np.random.default_rng(7)
    x = rng.uniform(-200.0, 3000.0, 50)
    y = rng.uniform(-300.0, 300.0, 50)
    z = rng.uniform(0.0, 20.0, 50)
    c = concentration(0.5, 2.5, x, y, z, 5.0, "E")
    assert c.shape == (50,)
    for i in range(50):
        assert c[i] == pytest.approx(
            concentration(0.5, 2.5, float(x[i]), float(y[i]), float(z[i]), 5.0, "E"),
            rel=1e-12,
            abs=0.0,
        )
    # Scalar z broadcasts against array x and y.
    c2 = concentration(0.5, 2.5, x, y, 1.5, 5.0, "E")
    assert c2.shape == (50,)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"q_kg_s": -1.0}, "q_kg_s"),
        ({"u_m_s": 0.0}, "u_m_s"),
        ({"h_m": -2.0}, "h_m"),
        ({"z_m": -1.0}, "z_m"),
        ({"stability": "Z"}, "stability"),
    ],
)
def test_concentration_rejects_invalid_input(kwargs: dict[str, object], match: str) -> None:
    args: dict[str, object] = {
        "q_kg_s": 1.0,
        "u_m_s": 2.0,
        "x_m": 100.0,
        "y_m": 0.0,
        "z_m": 0.0,
        "h_m": 0.0,
        "stability": "D",
    }
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        concentration(**args)  # type: ignore[call-overload]


positive_x = st.floats(min_value=1.0, max_value=20_000.0)
crosswind = st.floats(min_value=0.0, max_value=2_000.0)
classes = st.sampled_from(CLASSES)
heights = st.floats(min_value=0.0, max_value=50.0)


@given(x=positive_x, y1=crosswind, y2=crosswind, z=heights, h=heights, cls=classes)
def test_concentration_falls_with_crosswind_distance(
    x: float, y1: float, y2: float, z: float, h: float, cls: str
) -> None:
    near, far = sorted((y1, y2))
    c_near = concentration(1.0, 3.0, x, near, z, h, cls)
    c_far = concentration(1.0, 3.0, x, far, z, h, cls)
    assert c_far <= c_near
    # Symmetric about the plume axis.
    assert concentration(1.0, 3.0, x, -far, z, h, cls) == pytest.approx(c_far, rel=1e-12)


@given(
    x=st.floats(min_value=-20_000.0, max_value=0.0),
    y=st.floats(min_value=-2_000.0, max_value=2_000.0),
    z=heights,
    h=heights,
    cls=classes,
)
def test_concentration_is_zero_upwind(x: float, y: float, z: float, h: float, cls: str) -> None:
    assert concentration(5.0, 1.0, x, y, z, h, cls) == 0.0


@given(
    q=st.floats(min_value=1e-6, max_value=1e3),
    x=positive_x,
    y=crosswind,
    z=heights,
    h=heights,
    cls=classes,
)
def test_concentration_is_linear_in_release_rate(
    q: float, x: float, y: float, z: float, h: float, cls: str
) -> None:
    single = concentration(q, 2.0, x, y, z, h, cls)
    double = concentration(2.0 * q, 2.0, x, y, z, h, cls)
    # Below ~1e-300 the result is subnormal and loses relative precision.
    assert double == pytest.approx(2.0 * single, rel=1e-12, abs=1e-300)


# --------------------------------------------------------------------------- units


def test_ppm_conversion_published_relation() -> None:
    # ppm = mg/m3 x 24.45 / MW at 25 degC and 1 atm (NIOSH Pocket Guide conversion):
    # for ammonia (MW 17.031 g/mol) 1 ppm = 0.6966 mg/m3. Tolerance 0.1 % (24.45 is
    # rounded from 24.465).
    mg_per_m3 = 17.031 / 24.45
    assert kg_m3_to_ppm(mg_per_m3 * 1e-6, 0.017031) == pytest.approx(1.0, rel=1e-3)


def test_ideal_gas_density_hand_calculation() -> None:
    # Air-like gas, M = 0.02897 kg/mol, 288.15 K, 101325 Pa: rho = P M / (R T).
    expected = 101325.0 * 0.02897 / (8.314462618 * 288.15)
    assert ideal_gas_density_kg_m3(0.02897, 288.15, 101325.0) == pytest.approx(expected, 1e-12)
    assert expected == pytest.approx(1.225, rel=1e-3)  # ISA sea-level air density


@given(
    c=st.floats(min_value=0.0, max_value=10.0),
    m=st.floats(min_value=0.002, max_value=0.3),
    t=st.floats(min_value=200.0, max_value=400.0),
    p=st.floats(min_value=5e4, max_value=2e5),
)
def test_ppm_conversion_round_trips(c: float, m: float, t: float, p: float) -> None:
    ppm = kg_m3_to_ppm(c, m, t, p)
    assert ppm_to_kg_m3(ppm, m, t, p) == pytest.approx(c, rel=1e-12, abs=1e-300)


def test_ppm_conversion_vectorised() -> None:
    c = np.array([0.0, 1e-6, 1e-3])
    ppm = kg_m3_to_ppm(c, 0.0709)
    assert ppm.shape == (3,)
    np.testing.assert_allclose(ppm_to_kg_m3(ppm, 0.0709), c, rtol=1e-12)


# --------------------------------------------------------------------------- source terms


def test_liquid_orifice_hand_calculation() -> None:
    # Water, 25 mm hole, Cd 0.61, 3 bar: m = Cd (pi d^2 / 4) sqrt(2 rho dP).
    expected = 0.61 * math.pi * 0.025**2 / 4 * math.sqrt(2 * 998.0 * 3e5)
    assert liquid_orifice_rate(0.61, 0.025, 998.0, 3e5) == pytest.approx(expected, rel=1e-12)


def test_liquid_orifice_ccps_example() -> None:
    """CCPS, *Guidelines for Consequence Analysis of Chemical Releases* (1999), p. 40
    liquid discharge example: 10 mm hole, Cd 0.63, liquid density 490 kg/m3, driving
    pressure 120,935 Pa absolute against 101,325 Pa. Reference answer 0.2169 kg/s, as
    reproduced in the GasDispersion.jl test suite (test/source_models/
    jet_source_tests.jl). Tolerance 0.1 %.
    """
    dp_pa = 120_935.0368 - 101_325.0
    assert liquid_orifice_rate(0.63, 0.01, 490.0, dp_pa) == pytest.approx(0.2169, rel=1e-3)


def test_choked_gas_ccps_propane_example() -> None:
    """CCPS (1999), p. 47 gas discharge example: propane at 25 degC and 4 barg
    (501 kPa absolute), density 8.90 kg/m3, k = 1.15, 10 mm hole, Cd 0.85. Reference
    answer 0.0900 kg/s, as reproduced in the GasDispersion.jl test suite. The flow is
    choked (101.325 / 501 = 0.20 < r_c = 0.57). Tolerance 0.1 %.
    """
    assert choked_gas_rate(0.85, 0.01, 501e3, 8.90, 1.15) == pytest.approx(0.0900, rel=1e-3)
    assert gas_orifice_rate(0.85, 0.01, 501e3, 8.90, 1.15) == pytest.approx(0.0900, rel=1e-3)


def test_choked_gas_hand_calculation() -> None:
    k, rho0, p0, cd, d = 1.31, 4.0, 6e5, 0.61, 0.02
    expected = (
        cd * math.pi * d**2 / 4 * math.sqrt(k * rho0 * p0 * (2 / (k + 1)) ** ((k + 1) / (k - 1)))
    )
    assert choked_gas_rate(cd, d, p0, rho0, k) == pytest.approx(expected, rel=1e-12)


def test_critical_pressure_ratio_air() -> None:
    # Textbook value for air (k = 1.4): 0.5283.
    assert critical_pressure_ratio(1.4) == pytest.approx(0.5283, abs=1e-4)


def test_subsonic_gas_main_hand_calculation() -> None:
    # Natural gas (methane, k = 1.31) in a 20 kPa gauge main, 15 degC, 30 mm hole, Cd 0.61.
    k, p0, pa = 1.31, 121_325.0, 101_325.0
    rho0 = p0 * 0.01604 / (8.314462618 * 288.15)
    r = pa / p0
    assert r > (2 / (k + 1)) ** (k / (k - 1))  # not choked
    expected = (
        0.61
        * math.pi
        * 0.03**2
        / 4
        * math.sqrt(2 * rho0 * p0 * k / (k - 1) * (r ** (2 / k) - r ** ((k + 1) / k)))
    )
    assert gas_orifice_rate(0.61, 0.03, p0, rho0, k, pa) == pytest.approx(expected, rel=1e-12)
    assert gas_orifice_rate(0.61, 0.03, p0, rho0, k, pa) < choked_gas_rate(0.61, 0.03, p0, rho0, k)


@pytest.mark.parametrize("k", [1.1, 1.31, 1.4, 1.67])
def test_gas_orifice_rate_continuous_at_choking(k: float) -> None:
    pa = 101_325.0
    p_crit = pa / critical_pressure_ratio(k)
    below = gas_orifice_rate(1.0, 0.01, p_crit * (1 - 1e-9), 1.0, k, pa)
    above = gas_orifice_rate(1.0, 0.01, p_crit * (1 + 1e-9), 1.0, k, pa)
    assert below == pytest.approx(above, rel=1e-6)


def test_gas_orifice_rate_zero_without_overpressure() -> None:
    assert gas_orifice_rate(0.61, 0.01, 101_325.0, 1.2, 1.4) == 0.0
    assert gas_orifice_rate(0.61, 0.01, 90_000.0, 1.2, 1.4) == 0.0


@pytest.mark.parametrize(
    "call",
    [
        lambda: liquid_orifice_rate(0.61, -0.01, 1000.0, 1e5),
        lambda: liquid_orifice_rate(1.5, 0.01, 1000.0, 1e5),
        lambda: liquid_orifice_rate(0.61, 0.01, 1000.0, -1.0),
        lambda: choked_gas_rate(0.61, 0.01, 1e6, 10.0, 1.0),
        lambda: gas_orifice_rate(0.61, 0.0, 1e6, 10.0, 1.3),
    ],
)
def test_source_terms_reject_invalid_input(call: object) -> None:
    with pytest.raises(ValueError):
        call()  # type: ignore[operator]


# --------------------------------------------------------------------------- stability

DAY = {
    # wind: (strong, moderate, slight), in-between classes resolved to the more stable.
    1.0: ("A", "B", "B"),
    2.5: ("B", "B", "C"),
    4.0: ("B", "C", "C"),
    5.5: ("C", "D", "D"),
    7.0: ("C", "D", "D"),
}
NIGHT = {1.0: ("F", "F"), 2.5: ("E", "F"), 4.0: ("D", "E"), 7.0: ("D", "D")}


@pytest.mark.parametrize("wind", sorted(DAY))
def test_pasquill_daytime_table(wind: float) -> None:
    for insolation, expected in zip(INSOLATIONS, DAY[wind], strict=True):
        assert pasquill_stability(wind, daytime=True, insolation=insolation) == expected


@pytest.mark.parametrize("wind", sorted(NIGHT))
def test_pasquill_night_table(wind: float) -> None:
    for cloud, expected in zip(NIGHT_CLOUDS, NIGHT[wind], strict=True):
        assert pasquill_stability(wind, daytime=False, cloud=cloud) == expected


def test_pasquill_bin_edges_and_overcast() -> None:
    assert pasquill_stability(2.0, daytime=True, insolation="strong") == "B"  # A-B -> B
    assert pasquill_stability(6.0, daytime=True, insolation="slight") == "D"
    assert pasquill_stability(1.9, daytime=False, cloud="clear") == "F"
    for daytime in (True, False):
        assert pasquill_stability(3.0, daytime=daytime, cloud="overcast") == "D"
    assert pasquill_stability(1.0, daytime=True, insolation="strong", cloud="overcast") == "D"


@pytest.mark.parametrize(
    "call",
    [
        lambda: pasquill_stability(-1.0, daytime=True, insolation="strong"),
        lambda: pasquill_stability(3.0, daytime=True),
        lambda: pasquill_stability(3.0, daytime=False),
        lambda: pasquill_stability(3.0, daytime=True, insolation="bright"),  # type: ignore[arg-type]
        lambda: pasquill_stability(3.0, daytime=False, cloud="foggy"),  # type: ignore[arg-type]
    ],
)
def test_pasquill_rejects_invalid_input(call: object) -> None:
    with pytest.raises(ValueError):
        call()  # type: ignore[operator]


# --------------------------------------------------------------------------- wind frame


@pytest.mark.parametrize(
    ("wind_from", "node", "expected"),
    [
        (0.0, (0.0, -100.0), (100.0, 0.0)),  # north wind blows south
        (180.0, (0.0, 100.0), (100.0, 0.0)),  # south wind blows north
        (270.0, (100.0, 0.0), (100.0, 0.0)),  # west wind blows east
        (90.0, (-100.0, 0.0), (100.0, 0.0)),  # east wind blows west
        (0.0, (0.0, 100.0), (-100.0, 0.0)),  # upwind node
        (0.0, (50.0, -100.0), (100.0, 50.0)),  # east is left, looking south
        (45.0, (-100.0, -100.0), (100.0 * math.sqrt(2.0), 0.0)),  # north-east wind
    ],
)
def test_rotate_to_wind_cases(
    wind_from: float, node: tuple[float, float], expected: tuple[float, float]
) -> None:
    down, cross = rotate_to_wind(node[0] + 10.0, node[1] - 20.0, 10.0, -20.0, wind_from)
    assert down == pytest.approx(expected[0], abs=1e-9)
    assert cross == pytest.approx(expected[1], abs=1e-9)


@given(
    x=st.floats(min_value=-5e3, max_value=5e3),
    y=st.floats(min_value=-5e3, max_value=5e3),
    wind=st.floats(min_value=0.0, max_value=360.0),
)
def test_rotate_to_wind_preserves_distance(x: float, y: float, wind: float) -> None:
    down, cross = rotate_to_wind(x, y, 0.0, 0.0, wind)
    assert math.hypot(down, cross) == pytest.approx(math.hypot(x, y), rel=1e-9, abs=1e-9)


def test_rotate_to_wind_vectorised() -> None:
    x = np.array([0.0, 100.0, -100.0])
    y = np.array([-100.0, 0.0, 0.0])
    down, cross = rotate_to_wind(x, y, 0.0, 0.0, 0.0)
    np.testing.assert_allclose(down, [100.0, 0.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(cross, [0.0, 100.0, -100.0], atol=1e-9)


# --------------------------------------------------------------------------- sheltering


def test_indoor_step_hand_calculation() -> None:
    # 0.5 ACH, 10 minutes, outside 100 ppm, inside clean:
    # C_in = 100 (1 - exp(-0.5 / 3600 * 600)).
    expected = 100.0 * (1.0 - math.exp(-0.5 / 3600.0 * 600.0))
    assert indoor_step(0.0, 100.0, 0.5, 600.0) == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(7.996, rel=1e-3)


def test_indoor_step_flushing_and_no_exchange() -> None:
    # After the plume passes, indoor air is flushed towards the clean outdoors.
    assert indoor_step(50.0, 0.0, 2.0, 3600.0) == pytest.approx(50.0 * math.exp(-2.0), 1e-12)
    assert indoor_step(42.0, 1000.0, 0.0, 1e6) == 42.0


@given(
    c0=st.floats(min_value=0.0, max_value=1e4),
    cout=st.floats(min_value=0.0, max_value=1e4),
    ach=st.floats(min_value=0.0, max_value=20.0),
    dt=st.floats(min_value=0.0, max_value=3600.0),
)
def test_indoor_step_is_exact_for_any_step(c0: float, cout: float, ach: float, dt: float) -> None:
    one = indoor_step(c0, cout, ach, dt)
    two = indoor_step(indoor_step(c0, cout, ach, dt / 2), cout, ach, dt / 2)
    assert one == pytest.approx(two, rel=1e-9, abs=1e-9)
    assert min(c0, cout) - 1e-9 <= one <= max(c0, cout) + 1e-9


def test_indoor_step_vectorised() -> None:
    cin = np.zeros(3)
    cout = np.array([10.0, 20.0, 30.0])
    ach = np.array([0.5, 1.0, 2.0])
    got = indoor_step(cin, cout, ach, 900.0)
    np.testing.assert_allclose(got, cout * (1 - np.exp(-ach / 3600 * 900.0)), rtol=1e-12)
    with pytest.raises(ValueError):
        indoor_step(cin, cout, -ach, 900.0)
