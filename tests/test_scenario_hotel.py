"""The bundled ``hotel-evacuation`` scenario: valid, playable, calibrated and fair, and its
fire reacts to what the night crew does."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from sim.playbook import Step
from sim.scenario import Scenario
from tests import scenario_runs as shared

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "hotel-evacuation.yaml"
PLAYBOOKS = ROOT / "scenarios" / "playbooks" / "hotel-evacuation"
SEEDS = shared.CALIBRATION_SEEDS


def scenario() -> Scenario:
    return shared.scenario("hotel-evacuation")


def steps(name: str) -> tuple[Step, ...]:
    return shared.playbook("hotel-evacuation", name)


def run(plan: tuple[Step, ...] | list[Step], seed: int = 1) -> dict[str, Any]:
    return shared.run_steps("hotel-evacuation", plan, seed)


def calibration(name: str) -> tuple[dict[str, Any], ...]:
    return shared.calibration("hotel-evacuation", name)


def without(name: str, *actions: str) -> list[Step]:
    return [s for s in steps(name) if s.action not in actions]


def events(result: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e for e in result["events"] if e["kind"] == kind]


def milestones(result: dict[str, Any]) -> list[str]:
    return [e["name"] for e in events(result, "milestone")]


def expectation(result: dict[str, Any], exp_id: str) -> dict[str, Any]:
    return next(e for e in result["expectations"] if e["id"] == exp_id)


# --------------------------------------------------------------------------- the file


def test_scenario_is_valid_and_complete() -> None:
    sc = scenario()
    assert sc.hazard.model == "fire"
    assert sc.category == "hotel_scenic_spot"
    assert not sc.weather.daytime
    assert SCENARIO.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=scenario.schema.json"
    )
    assert {r.id for r in sc.roles} == {
        "duty_manager",
        "front_desk",
        "control_operator",
        "security",
        "floor_staff",
    }
    assert all(r.card for r in sc.roles)
    assert 6 <= len(sc.injects) <= 12
    assert any(i.optional for i in sc.injects)
    assert any(i.prompt and i.respond_within_s and i.expects for i in sc.injects)
    plain = [e for e in sc.expectations if not e.harmful]
    assert 10 <= len(plain) <= 20
    assert {e.category for e in plain} == {"reporting", "evacuation", "early_response"}
    assert all(e.rule is not None for e in sc.expectations)
    harmful = {e.id: e for e in sc.expectations if e.harmful}
    assert len(harmful) >= 3 and all(e.penalty > 0 for e in harmful.values())
    lift = harmful["lift_evacuation"]
    assert lift.action == "evacuate"
    assert [(c.param, c.equals) for c in lift.checks] == [("use_lift", True)]
    report = sc.action("report_authority")
    assert report.kind == "report"
    assert {c.value for c in report.params["elements"].choices} == {
        "unit",
        "time_place",
        "account",
        "casualties",
        "measures",
        "other",
    }


def test_the_building() -> None:
    sc = scenario()
    floors = {n.floor for n in sc.site.nodes if n.kind in ("room", "corridor")}
    assert len(floors) >= 6
    guests = sum(g.count for g in sc.population)
    assert guests >= 100
    stairs = [e for e in sc.site.edges if e.kind == "stair"]
    assert stairs and all(e.riser_m and e.tread_m for e in stairs)
    assert all(e.riser_m is not None and e.riser_m <= 0.165 for e in stairs)  # GB 50352
    assert all(e.tread_m is not None and e.tread_m >= 0.28 for e in stairs)
    assert all(e.width_m >= 1.2 for e in stairs)  # GB 50016 §5.5.18
    landings = {e.source for e in stairs} | {e.target for e in stairs}
    assert any("stair_w" in n for n in landings) and any("stair_e" in n for n in landings)
    assert any(e.kind == "lift" for e in sc.site.edges)
    assert any(e.kind == "door" and e.fire_door for e in sc.site.edges)
    kinds = {n.kind for n in sc.site.nodes}
    assert {"exit", "assembly"} <= kinds
    fire = sc.responder("fire_brigade")
    assert fire.needs_guide and fire.number == "119"
    assert any(eff.kind == "extinguish" for eff in fire.on_arrival)
    assert sc.responder("ambulance").dispatch_delay_s == 180


@pytest.mark.parametrize("name", ["ideal", "late", "passive"])
def test_every_playbook_runs_without_refusals(name: str) -> None:
    result = run(steps(name))
    assert events(result, "refused") == []
    assert events(result, "end")


# --------------------------------------------------------------------------- calibration


def test_calibration_ideal_is_excellent_and_harmless() -> None:
    for seed, result in zip(SEEDS, calibration("ideal"), strict=True):
        assert result["score"]["total"] >= 90, (seed, result["score"])
        assert result["outcome"]["casualties"] == 0, seed
        # The guest of 511 was burnt before the drill began: injured, but not by the team.
        assert result["outcome"]["injured"] == result["outcome"]["injured_at_start"] == 1, seed
        assert result["outcome"]["flashover"] is False
        assert result["outcome"]["people"]["states"]["not_safe"] == 0


def test_calibration_late_is_fair_to_good() -> None:
    for seed, result in zip(SEEDS, calibration("late"), strict=True):
        assert 60 <= result["score"]["total"] <= 85, (seed, result["score"])


def test_calibration_passive_is_poor() -> None:
    for seed, result in zip(SEEDS, calibration("passive"), strict=True):
        assert result["score"]["total"] < 40, (seed, result["score"])


# --------------------------------------------------------------------------- the fire's story


def test_ideal_controls_the_fire_while_it_is_small() -> None:
    result = calibration("ideal")[0]
    names = milestones(result)
    assert names.index("smoke_detected") < names.index("fire_controlled")
    controlled = next(e for e in events(result, "milestone") if e["name"] == "fire_controlled")
    assert controlled["by"] == "security"
    assert controlled["hrr_kw"] < 1000.0
    assert "extinguished" in names  # the brigade makes sure
    # nowhere but the fire room became untenable
    assert [n for e in events(result, "untenable") for n in e["nodes"]] == ["r511"]


def test_late_attack_fails_and_the_room_flashes_over() -> None:
    result = calibration("late")[0]
    assert events(result, "fire_not_controlled")
    assert result["outcome"]["flashover"] is True
    assert "flashover" in milestones(result)
    flashover = next(d for d in result["deductions"] if "flashover" in d["en"])
    assert flashover["category"] == "outcome"


def test_passive_crew_lets_smoke_up_the_lift_shaft() -> None:
    result = calibration("passive")[0]
    untenable = {n for e in events(result, "untenable") for n in e["nodes"]}
    assert "f5_corr_e" in untenable
    assert {"f6_lift", "f7_lift", "f8_lift"} <= untenable
    assert result["outcome"]["injured"] > 0


def test_closing_the_doors_and_the_attack_keep_the_fire_floor_tenable() -> None:
    """The same ideal crew without the door closing and the first attack: the fifth
    floor corridor becomes untenable and guests walking out are hurt."""
    result = run(without("ideal", "close_doors_f5", "extinguish"))
    untenable = {n for e in events(result, "untenable") for n in e["nodes"]}
    assert "f5_corr_e" in untenable
    assert result["outcome"]["injured"] + result["outcome"]["casualties"] > 0
    assert result["score"]["total"] < calibration("ideal")[0]["score"]["total"] - 10


def test_sweeps_wake_the_guests_who_sleep_through_the_sounders() -> None:
    sweeps = [a.id for a in scenario().actions if a.kind == "sweep"]
    result = run(without("ideal", *sweeps))
    # one guest a floor (room x07) does not respond to the sounders
    assert result["outcome"]["people"]["states"]["not_safe"] == 7
    assert expectation(result, "everyone_out")["status"] == "missed"


def test_the_lift_harmful_path_costs_its_penalty_and_hurts_guests() -> None:
    """The control room tells guests to take the lifts while they stream into the
    corridors (200 s): the harmful expectation is violated (-10) and guests riding the
    smoke-logged shaft are hurt."""
    plan = [
        dataclasses.replace(
            s, at_s=200.0, by="control_operator", params={**s.params, "use_lift": True}
        )
        if s.action == "evacuate"
        else s
        for s in steps("ideal")
    ]
    result = run(plan)
    assert events(result, "refused") == []
    assert expectation(result, "lift_evacuation")["status"] == "violated"
    assert result["score"]["penalties"] == pytest.approx(10.0)
    lift_harm = [e for e in events(result, "harm") if e["cause"] == "lift_in_fire"]
    assert lift_harm
    assert result["outcome"]["injured"] + result["outcome"]["casualties"] >= len(lift_harm)
    assert result["score"]["total"] <= calibration("ideal")[0]["score"]["total"] - 10


def test_silencing_the_panel_and_letting_a_guest_back_in_are_penalised() -> None:
    plan = [
        *steps("ideal"),
        Step(20.0, "silence_alarm", "control_operator", {}),
        Step(1000.0, "allow_reentry", "duty_manager", {}),
    ]
    result = run(plan)
    assert expectation(result, "silence_unchecked")["status"] == "violated"
    assert expectation(result, "reentry")["status"] == "violated"
    assert result["score"]["penalties"] == pytest.approx(16.0)
