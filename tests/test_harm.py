"""Harm from dose (sim/harm.py): hand calculations with their sources, and the dose
models inside a drill."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from sim.drill import Drill
from sim.harm import (
    CONFINED_YIELD_FACTOR,
    SUBSTANCES,
    FireDose,
    GasRoomDose,
    ToxicDose,
    aegl_scaled_ppm,
    blast_fractions,
    displaced_o2_pct,
    fed_increment,
    hypoxia_t_min,
    overpressure_probit,
    probit_fraction,
    smoke_co_ppm,
    substance_for,
    t_iconv_min,
    tnt_equivalent_kg,
    tnt_overpressure_pa,
    toxic_load,
    toxic_probit,
)
from sim.scenario import Scenario
from tests.hazards.sites import plume_scenario

# --------------------------------------------------------------------------- probits


def test_probit_fraction_is_the_normal_distribution_shifted_by_five() -> None:
    """Finney (1971) / Crowl & Louvar Table 2-4: Y = 5 is 50 %, 6.28 is 90 %, 2.67 is 1 %."""
    assert probit_fraction(5.0) == pytest.approx(0.5)
    assert probit_fraction(6.28) == pytest.approx(0.90, abs=0.001)
    assert probit_fraction(2.67) == pytest.approx(0.01, abs=0.0005)


def test_chlorine_probit_at_a_constant_concentration() -> None:
    """Crowl & Louvar Table 2-5, chlorine deaths: Y = −8.29 + 0.92 ln(Σ C² t), ppm and min.
    400 ppm for 10 min: Σ C² t = 400² × 10 = 1.6 × 10⁶; ln = 14.2855;
    Y = −8.29 + 0.92 × 14.2855 = 4.8527; P = Φ(−0.1473) = 0.4414."""
    load = toxic_load(400.0, 10.0, 2.0)
    assert load == pytest.approx(1.6e6)
    y = toxic_probit(-8.29, 0.92, load)
    assert y == pytest.approx(4.8527, abs=1e-4)
    assert probit_fraction(y) == pytest.approx(0.4414, abs=1e-4)


def test_ammonia_probit_at_a_constant_concentration() -> None:
    """Crowl & Louvar Table 2-5, ammonia deaths: Y = −35.9 + 1.85 ln(Σ C² t).
    - 20,000 ppm for 5 min: Σ C² t = 2 × 10⁹; ln = 21.4164; Y = 3.7204; P = 0.1003.
    - 1,100 ppm (the 1-hour AEGL-3) for 10 min: Y = −5.73: P ≈ 0 (the old rule counted this
      a casualty)."""
    s = SUBSTANCES["ammonia"]
    assert (s.probit_a, s.probit_b, s.probit_n) == (-35.9, 1.85, 2.0)
    y = toxic_probit(-35.9, 1.85, toxic_load(20_000.0, 5.0, 2.0))
    assert y == pytest.approx(3.7204, abs=1e-4)
    assert probit_fraction(y) == pytest.approx(0.1003, abs=1e-4)
    assert probit_fraction(toxic_probit(-35.9, 1.85, toxic_load(1100.0, 10.0, 2.0))) < 1e-12


def test_aegl_time_scaling() -> None:
    """NRC AEGL volumes, Cⁿ·t = k. Ammonia (vol. 6, n = 2): the 1-hour AEGL-3 of 1,100 ppm
    gives 1,100 × √6 = 2,694 ppm for 10 min (published: 2,700) and 1,100 / √4 = 550 ppm for
    4 h (published: 550). Chlorine (vol. 4, n = 2): the 1-hour AEGL-2 of 2.0 ppm gives
    1.0 ppm for 4 h (published: 1.0). H₂S (vol. 9, n = 4.4): the 1-hour AEGL-2 of 27 ppm
    gives 27 × 6^(1/4.4) = 40.6 ppm for 10 min (published: 41)."""
    assert aegl_scaled_ppm(1100.0, 60.0, 10.0, 2.0) == pytest.approx(2694.4, abs=0.1)
    assert aegl_scaled_ppm(1100.0, 60.0, 240.0, 2.0) == pytest.approx(550.0)
    assert aegl_scaled_ppm(2.0, 60.0, 240.0, 2.0) == pytest.approx(1.0)
    assert aegl_scaled_ppm(27.0, 60.0, 10.0, 4.4) == pytest.approx(40.57, abs=0.01)
    with pytest.raises(ValueError):
        aegl_scaled_ppm(1.0, 60.0, 0.0, 2.0)


def test_overpressure_probits() -> None:
    """Crowl & Louvar Table 2-5, p° in N/m².
    - Eardrum rupture at 20 kPa: Y = −15.6 + 1.93 ln 20,000 = 3.5137; P = 0.0686.
    - Structural damage at 20 kPa: Y = −23.8 + 2.92 × 9.9035 = 5.1182; P = 0.547.
    - Deaths from lung haemorrhage at 100 kPa: Y = −77.1 + 6.91 × 11.5129 = 2.4543;
      P = 0.0054."""
    y = overpressure_probit("eardrum", 20_000.0)
    assert y == pytest.approx(3.5137, abs=1e-4)
    assert probit_fraction(y) == pytest.approx(0.0686, abs=1e-4)
    y = overpressure_probit("structure", 20_000.0)
    assert y == pytest.approx(5.1182, abs=1e-4)
    assert probit_fraction(y) == pytest.approx(0.547, abs=1e-3)
    y = overpressure_probit("lung_death", 100_000.0)
    assert y == pytest.approx(2.4543, abs=1e-4)
    assert probit_fraction(y) == pytest.approx(0.0054, abs=1e-4)


# --------------------------------------------------------------------------- fire


def test_fed_for_a_constant_co_and_temperature() -> None:
    """ISO 13571:2012: 1,000 ppm CO and 100 °C for 10 min.
    - CO: 1,000 × 10 / 35,000 = 0.2857 (Eq. 2).
    - Heat: t_Iconv = 5 × 10⁷ × 100^−3.4 = 7.924 min (Eq. 7); 10 / 7.924 = 1.2619.
    - FED = 1.5477: incapacitated (≥ 1)."""
    assert t_iconv_min(100.0) == pytest.approx(7.924, abs=1e-3)
    assert t_iconv_min(120.0) == pytest.approx(4.263, abs=1e-3)
    fed = sum(float(fed_increment(1000.0, 100.0, 1.0)) for _ in range(10))
    assert fed == pytest.approx(0.2857 + 1.2619, abs=1e-3)


def test_co_in_smoke_follows_the_temperature_rise_and_the_yield() -> None:
    """y_CO c_p ΔT / (χ ΔH_c) × M_air/M_CO × 10⁶: 0.04 × 1.0 × 100 / (0.7 × 20,000)
    = 2.857 × 10⁻⁴ by mass, × 28.96/28.01 = 295.4 ppm."""
    assert smoke_co_ppm(100.0, 0.04, 20.0) == pytest.approx(295.4, abs=0.1)
    assert smoke_co_ppm(-5.0, 0.04, 20.0) == 0.0


def test_fire_dose_incapacitates_sensitive_people_first() -> None:
    """FED 1 incapacitates, 0.3 for the sensitive (ISO 13571 §5). 100 °C smoke: about
    0.13 FED a minute, so three minutes bring the sensitive down and nobody else."""
    dose = FireDose(2, np.array([False, True]), 20.0, 25.0, 0.04, 20.0)
    for _ in range(36):
        dose.charge(np.array([0, 1]), np.array([100.0, 100.0]), 5.0)
    assert 0.3 < float(dose.fed[0]) < 1.0
    assert dose.state(0) == "injured" and dose.state(1) == "incapacitated"


def test_fire_dose_codes_change_exactly_when_a_fed_reaches_a_threshold() -> None:
    """The codes are kept while no charged person's FED reaches the threshold above their
    code (0.1 injured, 1 or 0.3 incapacitated, 3 dead), and always equal the codes of the
    FED worked out afresh."""
    dose = FireDose(3, np.array([False, True, False]), 20.0, 25.0, 0.04, 20.0)

    def fresh() -> list[int]:
        limit = np.where(dose.sensitive, 0.3, 1.0)
        f = dose.fed
        return [
            3 if x >= 3.0 else 2 if x >= lim else 1 if x >= 0.1 else 0
            for x, lim in zip(f, limit, strict=True)
        ]

    seen = [dose.codes()]
    for step in range(400):
        # Person 2 stays in clean air (below the smoke level): no FED, ever.
        dose.charge(np.array([0, 1, 2]), np.array([100.0, 100.0, 22.0]), 5.0)
        codes = dose.codes()
        assert list(codes) == fresh(), step
        if codes is not seen[-1]:
            assert list(codes) != list(seen[-1]), step  # a new array only for a change
            seen.append(codes)
    assert [list(c) for c in seen][-1] == [3, 3, 0]
    # 0 → 1 → 2 → 3 for each of the two, some steps shared: at least 3, at most 6 changes.
    assert 3 <= len(seen) - 1 <= 6
    assert not seen[-1].flags.writeable


# --------------------------------------------------------------------------- substances


def test_substances_carry_their_sources_and_authors_can_override() -> None:
    for s in SUBSTANCES.values():
        assert s.source
    by_un = substance_for(None, "1017")
    assert by_un is not None and by_un.id == "chlorine"
    own = substance_for("ammonia", None, {"probit_a": -30.0})
    assert own is not None and own.probit_a == -30.0 and own.probit_b == 1.85
    assert substance_for(None, None) is None
    custom = substance_for(None, None, {"probit_a": -10.0, "probit_b": 1.0, "probit_n": 1.0})
    assert custom is not None and custom.probit_n == 1.0


def test_toxic_dose_draws_each_persons_tolerance_once() -> None:
    """Dead when Φ(Y − 5) reaches the person's own u: with u drawn once, the same dose kills
    the same people for a seed, and more dose never kills fewer."""
    sub = SUBSTANCES["chlorine"]
    one = ToxicDose(sub, 200, np.random.Generator(np.random.PCG64(3)), np.zeros(200), "ppm")
    two = ToxicDose(sub, 200, np.random.Generator(np.random.PCG64(3)), np.zeros(200), "ppm")
    everyone = np.arange(200)
    for d in (one, two):
        d.charge(everyone, np.full(200, 400.0), 600.0)  # 400 ppm for 10 min: P = 0.44
    dead = one.codes() == 3
    assert np.array_equal(dead, two.codes() == 3)
    assert 0.3 < dead.mean() < 0.6
    one.charge(everyone, np.full(200, 400.0), 600.0)
    assert np.all((one.codes() == 3) >= dead)


# --------------------------------------------------------------------------- in a drill


def _plume_drill(population: list[dict[str, Any]], **params: Any) -> Drill:
    data = plume_scenario().model_dump(by_alias=True)
    data["population"] = population
    data["hazard"]["params"].update(params)
    return Drill(Scenario.model_validate(data), seed=1)


def test_a_walker_is_charged_the_level_along_the_way_not_the_level_ahead() -> None:
    """One person walks from the clean upwind point u200 towards the source. Until they
    arrive they are charged a level between the two ends, never the source's own level
    from the moment they set off (the old rule)."""
    people = [
        {
            "id": "walker",
            "node": "u200",
            "count": 1,
            "alerted_by": "start",
            "premovement": {"dist": "fixed", "value_s": 0},
            "speed_m_s": 1.0,
        }
    ]
    drill = _plume_drill(people, toxicity={"substance": "ammonia"})
    drill.crowd.agents[0].destination = "src"
    drill.advance(100.0)
    source = drill.hazard.level("src")
    upwind = drill.hazard.level("u200")
    at_walker = float(drill.crowd.levels_at_people(drill.hazard.levels(), drill.now_s)[0])
    assert drill.crowd.agents[0].node == "src"  # counted at the node ahead
    assert upwind < at_walker < source
    # Halfway along the 200 m way after 100 s at 1 m/s.
    assert at_walker == pytest.approx(upwind + 0.5 * (source - upwind), rel=0.02)


def test_role_players_take_dose_and_an_overcome_one_is_refused() -> None:
    """A role-player sent bare-faced 200 m downwind of a chlorine leak (about 330 ppm,
    far above the 1-hour AEGL-3 of 20 ppm) is overcome within the minute; the look they
    were sent for never completes, and their next action is refused with the reason, in
    Chinese and in English."""
    data = plume_scenario().model_dump(by_alias=True)
    data["hazard"]["params"]["toxicity"] = {"substance": "chlorine"}
    data["hazard"]["params"]["material"] = "chlorine"
    data["hazard"]["params"]["molar_mass_kg_mol"] = 0.0709
    data["actions"].append(
        {
            "id": "look",
            "kind": "verify",
            "label": "Look at the leak",
            "duration_s": 360,
            "node": "d200",
            "needs_ppe": True,
        }
    )
    drill = Drill(Scenario.model_validate(data), seed=1)
    assert drill.act("look", "lead").accepted
    drill.advance(400.0)
    lead = drill.roles["lead"]
    assert lead.overcome
    refused = drill.act("valve", "lead")
    assert not refused.accepted and refused.reason is not None
    assert refused.reason.key == "refuse_role_overcome"
    assert "overcome" in refused.reason.render("en")
    assert "失去行动能力" in refused.reason.render("zh")
    # The look itself never completed: its effects did not happen.
    assert "look" not in drill.done
    assert any(e.kind == "action_failed" and e.data["id"] == "look" for e in drill.log)
    assert drill.team()["injured"] == 1 and drill.team()["dead"] == 0


def test_incapacitated_people_stop_and_a_rescue_carries_them_out() -> None:
    """Two people stay at a point 200 m downwind of a chlorine leak, never alerted: they
    are overcome where they stand (they do not walk on) and count as not safe until a
    rescue carries them to the assembly point."""
    people = [
        {
            "id": "fitters",
            "node": "d200",
            "count": 2,
            "alerted_by": "evacuate",
            "premovement": {"dist": "fixed", "value_s": 0},
        }
    ]
    drill = _plume_drill(
        people, toxicity={"substance": "chlorine"}, material="chlorine", molar_mass_kg_mol=0.0709
    )
    drill.advance(600.0)
    overcome = [e for e in drill.log if e.kind == "overcome"]
    assert overcome and overcome[0].data["nodes"] == ["d200"]
    assert all(a.state in ("casualty_static", "casualty") for a in drill.crowd.agents)
    assert drill.people()["states"]["not_safe"] + drill.people()["states"]["dead"] == 2
    # A walk order no longer moves them.
    drill.crowd.alert(drill.crowd.agents[0], "safe", order=True)
    drill.advance(700.0)
    assert drill.crowd.agents[0].node == "d200"


def test_no_dose_model_without_a_substance() -> None:
    """A plume of an unnamed material with no UN number and no constants keeps the
    threshold-time rule of the plume model."""
    drill = _plume_drill([])
    assert drill.dose_model is None
    assert math.isfinite(drill.hazard.level("d200"))


# --------------------------------------------------------------------------- blast


def test_tnt_equivalence_overpressure_and_probits_by_hand() -> None:
    """Crowl & Louvar §6-13 (TNT equivalence, Eq. 6-23 after Kinney & Graham 1985) and
    Table 2-5. 10 kg of methane, ΔH_c = 50,030 kJ/kg, η = 0.10, E_TNT = 4,686 kJ/kg:
    W = 0.10 × 10 × 50,030 / 4,686 = 10.676 kg TNT; W^(1/3) = 2.2020.
    At r = 30 m: z_e = 30 / 2.2020 = 13.624 m/kg^(1/3);
    p°/p_a = 1616 × [1 + (13.624/4.5)²] / (√(1 + (13.624/0.048)²) √(1 + (13.624/0.32)²)
    √(1 + (13.624/1.35)²)) = 1616 × 10.1664 / (283.84 × 42.587 × 10.141) = 0.13402;
    p° = 0.13402 × 101,325 = 13,579 Pa. ln p° = 9.5163:
    eardrum Y = −15.6 + 1.93 × 9.5163 = 2.7664, P = 1.28 %;
    structure Y = −23.8 + 2.92 × 9.5163 = 3.9876, P = 15.6 %;
    lung death Y = −77.1 + 6.91 × 9.5163 = −11.34, P = 0."""
    w = tnt_equivalent_kg(10.0, 50_030.0, CONFINED_YIELD_FACTOR)
    assert w == pytest.approx(10.676, abs=1e-3)
    assert 30.0 / w ** (1 / 3) == pytest.approx(13.624, abs=1e-3)
    p = tnt_overpressure_pa(30.0, w)
    assert p == pytest.approx(13_579.0, rel=1e-4)
    frac = blast_fractions(p)
    assert frac["eardrum"] == pytest.approx(0.0128, abs=1e-4)
    assert frac["structure"] == pytest.approx(0.1557, abs=1e-4)
    assert frac["lung_death"] == pytest.approx(0.0, abs=1e-12)
    # Nearer is worse; the law's limit at r = 0 is 1616 p_a.
    assert tnt_overpressure_pa(10.0, w) > p > tnt_overpressure_pa(100.0, w)
    assert tnt_overpressure_pa(0.0, w) == pytest.approx(1616 * 101_325.0)


def test_hypoxia_from_methane_by_hand() -> None:
    """Purser (SFPE Handbook ch. 63), the hypoxia term of ISO 13571: 30 % methane leaves
    20.9 × 0.7 = 14.63 % O₂; t_Io = exp(8.13 − 0.54 × 6.27) = exp(4.7442) = 114.9 min, so
    10 min there is FED 10 / 114.9 = 0.0870. 30 % is 600 %LEL of methane (LEL 5 %)."""
    assert displaced_o2_pct(0.30) == pytest.approx(14.63)
    assert hypoxia_t_min(14.63) == pytest.approx(114.92, abs=0.01)
    dose = GasRoomDose(2, np.random.Generator(np.random.PCG64(1)), np.zeros(2, bool), 0.05)
    dose.charge(np.array([0]), np.array([600.0]), 600.0)
    assert dose.fed[0] == pytest.approx(0.08702, abs=1e-5)
    assert dose.fed[1] == 0.0
    assert list(dose.codes()) == [0, 0]
    dose.charge(np.array([0]), np.array([600.0]), 600.0 * 11.5)  # to FED 1.09
    assert list(dose.codes()) == [2, 0]  # incapacitated


def test_blast_outcomes_follow_each_persons_own_tolerance() -> None:
    """At one overpressure, the people harmed are exactly those whose drawn tolerance the
    probit's fraction reaches; outdoors the structural-damage probit does not apply."""
    n = 2000
    dose = GasRoomDose(n, np.random.Generator(np.random.PCG64(3)), np.zeros(n, bool), 0.05)
    p = np.full(n, 150_000.0)  # lung death Y = −77.1 + 6.91 ln 150,000 = 5.2582: P = 60 %
    indoor = np.arange(n) < n // 2
    dose.blast(np.arange(n), p, indoor)
    codes = dose.codes()
    lung = float(blast_fractions(150_000.0)["lung_death"])
    assert lung == pytest.approx(0.6017, abs=1e-3)
    assert np.array_equal(codes == 3, lung >= dose.u_blast[0])
    assert abs((codes == 3).mean() - lung) < 0.04
    # Structural damage Y = −23.8 + 2.92 × 11.918 = 11.0 (P = 1): everyone indoors is hurt;
    # outdoors only the eardrum counts, Y = −15.6 + 1.93 × 11.918 = 7.40 (P = 0.992).
    assert (codes[indoor] >= 1).all()
    ear = float(blast_fractions(150_000.0)["eardrum"])
    assert ear == pytest.approx(0.9918, abs=1e-3)
    out = ~indoor
    expected = (ear >= dose.u_blast[1, out]) | (lung >= dose.u_blast[0, out])
    assert np.array_equal(codes[out] >= 1, expected)
    assert not expected.all()  # a few outdoors are spared
