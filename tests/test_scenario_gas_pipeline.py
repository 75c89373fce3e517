"""The bundled ``gas-pipeline-leak`` scenario: valid, playable, calibrated and fair."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from sim.hazards.gas_room import GasRoomModel
from sim.hazards.plume import gas_orifice_rate, ideal_gas_density_kg_m3
from sim.hazards.specs import GasRoomParams
from sim.playbook import Step, run_playbook
from sim.scenario import Scenario
from tests import scenario_runs as shared

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "gas-pipeline-leak.yaml"
PLAYBOOKS = ROOT / "scenarios" / "playbooks" / "gas-pipeline-leak"
M_CH4 = 0.01604
T_15C = 288.15


def scenario() -> Scenario:
    return shared.scenario("gas-pipeline-leak")


def steps(name: str) -> tuple[Step, ...]:
    return shared.playbook("gas-pipeline-leak", name)


def run(plan: tuple[Step, ...] | list[Step], seed: int = 1) -> dict[str, Any]:
    return shared.run_steps("gas-pipeline-leak", plan, seed)


def calibration(name: str) -> tuple[dict[str, Any], ...]:
    return shared.calibration("gas-pipeline-leak", name)


def params() -> GasRoomParams:
    p = scenario().hazard.params
    assert isinstance(p, GasRoomParams)
    return p


def test_scenario_is_valid() -> None:
    sc = scenario()
    assert sc.hazard.model == "gas_room"
    assert sc.category == "oil_gas_pipeline_leak"
    assert 6 <= len(sc.injects) <= 12
    assert any(i.optional for i in sc.injects)
    assert any(i.prompt and i.expects and i.respond_within_s for i in sc.injects)
    plain = [e for e in sc.expectations if not e.harmful]
    assert 10 <= len(plain) <= 20
    assert {e.category for e in plain} == {"reporting", "evacuation", "early_response"}
    assert all(e.rule is not None for e in sc.expectations)
    # the AQ/T 9009 checklist covers expectations of every category and the outcomes
    covered = {c for item in sc.checklist for c in item.covers}
    assert {e.category for e in plain if e.id in covered} == {
        "reporting",
        "evacuation",
        "early_response",
    }
    assert any(item.outcomes for item in sc.checklist)
    assert all(e.penalty > 0 for e in sc.expectations if e.harmful)
    assert sum(e.harmful for e in sc.expectations) >= 4
    report = sc.action("report_head")
    values = {c.value for c in report.params["elements"].choices}
    assert values == {"unit", "time_place", "account", "casualties", "measures", "other"}
    assert {r.id for r in sc.roles} == {"foreman", "manager", "chef", "property", "security"}
    assert {r.service for r in sc.responders} >= {"gas_utility", "fire", "ambulance"}
    assert SCENARIO.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=scenario.schema.json"
    )


def test_the_figures_match_the_hand_calculations_in_the_header() -> None:
    sc = scenario()
    rho_std = ideal_gas_density_kg_m3(M_CH4, T_15C)
    # The building side: a 12 mm crack at 3 kPa gauge.
    p0 = 101_325.0 + 3_000.0
    riser = gas_orifice_rate(0.61, 0.012, p0, ideal_gas_density_kg_m3(M_CH4, T_15C, p0), 1.31)
    rates = {s.id: s.rate_m3_s for s in params().sources}
    assert rates["service_riser"] == pytest.approx(riser / rho_std, rel=0.02)
    # The main: 40 mm at 0.3 MPa gauge, choked; the sleeve takes about 0.3 % of it.
    p_main = 101_325.0 + 300_000.0
    main = gas_orifice_rate(
        0.61, 0.040, p_main, ideal_gas_density_kg_m3(M_CH4, T_15C, p_main), 1.31
    )
    assert main / rho_std == pytest.approx(0.79, rel=0.02)
    assert rates["wall_sleeve"] == pytest.approx(0.003 * main / rho_std, rel=0.1)
    # PERG: ft = 2.28 √psig × d in; 0.3 MPa = 43.5 psig, DN150 = 6 in: 27.5 m.
    perg_m = 2.28 * math.sqrt(300_000.0 / 6894.757) * 6.0 * 0.3048
    assert perg_m == pytest.approx(27.5, abs=0.1)
    cordon = next(e for e in sc.expectations if e.id == "cordon_perg")
    assert cordon.checks[0].min is not None and cordon.checks[0].min >= perg_m
    # The upwind assembly point is beyond ERG guide 115's 100 m; the wind is from the west.
    trench, square = sc.node("trench"), sc.node("assembly")
    assert math.hypot(trench.x_m - square.x_m, trench.y_m - square.y_m) >= 100.0
    assert square.x_m < trench.x_m and sc.weather.wind_from_deg == 270


@pytest.mark.parametrize("name", ["ideal", "late", "passive"])
def test_every_playbook_step_is_accepted(name: str) -> None:
    result = run(steps(name))
    refused = [e for e in result["events"] if e["kind"] == "refused"]
    assert refused == []
    assert any(e["kind"] == "end" for e in result["events"])


def test_the_ideal_team_keeps_the_basement_far_below_the_lel() -> None:
    result = run(steps("ideal"))
    outcome = result["outcome"]
    assert outcome["peak_pct_lel"] < 25.0
    assert outcome["time_to_lel_s"] is None
    assert outcome["ignition_probability"] == 0.0
    names = {e["name"]: e["t_s"] for e in result["events"] if e["kind"] == "milestone"}
    assert names["source_isolated"] <= 300.0  # the building valve
    # The gas utility shuts the main about 40 min after the strike (docs/scenarios.md, gas-pipeline-leak).
    assert 35 * 60 <= names["main_isolated"] <= 45 * 60
    assert "everyone_alerted" in names and "evacuation_complete" in names
    headcount = next(e for e in result["events"] if e["kind"] == "headcount")
    assert headcount["missing"] == 0 and headcount["present"] == 90


def test_calibration_ideal() -> None:
    for result in calibration("ideal"):
        assert result["score"]["total"] >= 90.0, result["seed"]
        outcome = result["outcome"]
        assert outcome["ignition"] is False, result["seed"]
        assert outcome["casualties"] == 0 and outcome["injured"] == 0, result["seed"]


def test_calibration_late() -> None:
    results = calibration("late")
    totals = [r["score"]["total"] for r in results]
    assert all(60.0 <= t <= 85.0 for t in totals), totals
    # Slow, but in time: the first alarm sounds, the LEL is never reached.
    assert all(r["outcome"]["time_to_alarm_25_s"] is not None for r in results)
    assert not any(r["outcome"]["ignition"] for r in results)


def test_calibration_passive() -> None:
    results = calibration("passive")
    assert all(r["score"]["total"] < 40.0 for r in results)
    # Left alone, the kitchen reaches its LEL; with the burners lit it ignites in most runs.
    assert all(r["outcome"]["time_to_lel_s"] is not None for r in results)
    assert sum(r["outcome"]["explosion"] for r in results) >= 10


def _with(plan: tuple[Step, ...], extra: Step) -> list[Step]:
    return sorted([*plan, extra], key=lambda s: s.at_s)


@pytest.mark.parametrize(
    ("expectation", "extra"),
    [
        ("lights_switched", Step(300.0, "switch_lights", "manager")),
        ("fan_switched", Step(300.0, "ventilate_fan", "chef")),
        ("phone_used", Step(300.0, "phone_inside", "chef")),
        ("excavator_started", Step(300.0, "start_excavator", "foreman")),
    ],
)
def test_harmful_actions_deduct_their_penalty(expectation: str, extra: Step) -> None:
    penalty = next(e.penalty for e in scenario().expectations if e.id == expectation)
    base = run(steps("ideal"))
    result = run(_with(steps("ideal"), extra))
    status = {e["id"]: e["status"] for e in result["expectations"]}
    assert status[expectation] == "violated"
    assert {e["id"]: e["status"] for e in base["expectations"]}[expectation] == "avoided"
    lines = [d for d in result["deductions"] if d["expectation"] == expectation]
    assert [d["points"] for d in lines] == [penalty]
    assert result["score"]["total"] <= base["score"]["total"] - penalty + 1e-9


def test_starting_the_excavator_in_the_cloud_ignites_it() -> None:
    result = run(_with(steps("ideal"), Step(300.0, "start_excavator", "foreman")))
    outcome = result["outcome"]
    assert outcome["ignition"] is True
    assert outcome["explosion"] is False  # an open-air gas fire at the break
    assert outcome["ignition_node"] == "trench"


def test_switching_a_light_in_a_basement_at_its_lel_blows_it_up() -> None:
    # The passive team, with somebody flipping the corridor light once the kitchen is
    # past its LEL: the corridor is not (about 30 %LEL), so only the kitchen could ignite.
    plan = _with(steps("passive"), Step(1960.0, "switch_lights", "chef"))
    result = run(plan, seed=1)
    assert result["outcome"]["ignition_cause"] != "switch_lights"
    plan = _with(steps("passive"), Step(1960.0, "phone_inside", "chef"))
    result = run(plan, seed=1)
    outcome = result["outcome"]
    assert outcome["explosion"] is True
    assert outcome["ignition_cause"] == "phone_inside"
    assert outcome["ignition_node"] == "b1_kitchen"


def test_entering_is_harmful_only_at_ten_percent_lel_or_more() -> None:
    # In the ideal run the dining room stays below 10 %LEL: going down is not a violation.
    safe = run(_with(steps("ideal"), Step(600.0, "reenter_basement", "manager")))
    status = {e["id"]: e["status"] for e in safe["expectations"]}
    assert status["entered_without_scba"] == "avoided"
    # Left to fill, the dining room passes 10 %LEL after about 40 minutes.
    risky = run(_with(steps("passive"), Step(3000.0, "reenter_basement", "manager")))
    status = {e["id"]: e["status"] for e in risky["expectations"]}
    assert status["entered_without_scba"] == "violated"
    assert any(e["kind"] == "unsafe" for e in risky["events"])


def test_the_model_is_the_gas_room_model() -> None:
    drill = run_playbook(scenario(), [], 1)
    assert isinstance(drill.hazard, GasRoomModel)
    assert set(drill.hazard.rooms) == set(params().rooms)
