"""The bundled ``scaffold-collapse`` scenario: valid, playable, calibrated and fair."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from sim.playbook import Step
from sim.scenario import Scenario
from tests import scenario_runs as shared

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "scaffold-collapse.yaml"
PLAYBOOKS = ROOT / "scenarios" / "playbooks" / "scaffold-collapse"


def scenario() -> Scenario:
    return shared.scenario("scaffold-collapse")


def steps(name: str) -> tuple[Step, ...]:
    return shared.playbook("scaffold-collapse", name)


def run(plan: tuple[Step, ...] | list[Step], seed: int = 1) -> dict[str, Any]:
    return shared.run_steps("scaffold-collapse", plan, seed)


def calibration(name: str) -> tuple[dict[str, Any], ...]:
    return shared.calibration("scaffold-collapse", name)


def test_scenario_is_valid() -> None:
    sc = scenario()
    assert sc.hazard.model == "collapse"
    assert 6 <= len(sc.injects) <= 12
    assert any(i.optional for i in sc.injects)
    plain = [e for e in sc.expectations if not e.harmful]
    assert 10 <= len(plain) <= 20
    assert {e.category for e in plain} == {"reporting", "evacuation", "early_response"}
    assert all(e.rule is not None for e in sc.expectations)
    assert sum(e.harmful and e.penalty > 0 for e in sc.expectations) >= 3
    assert SCENARIO.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=scenario.schema.json"
    )


@pytest.mark.parametrize("name", ["ideal", "late", "passive"])
def test_every_playbook_step_is_accepted(name: str) -> None:
    result = run(steps(name))
    refused = [e for e in result["events"] if e["kind"] == "refused"]
    assert refused == []
    assert any(e["kind"] == "end" for e in result["events"])


def test_ideal_finds_the_missing_worker_and_guides_the_ambulance() -> None:
    events = run(steps("ideal"))["events"]
    headcount = next(e for e in events if e["kind"] == "headcount")
    assert headcount["missing"] == 1
    assert any(e["kind"] == "inject" and e["id"] == "zhang_missing" for e in events)
    arrival = next(e for e in events if e["kind"] == "arrival" and e["responder"] == "ambulance")
    assert arrival["guided"] is True
    names = [e["name"] for e in events if e["kind"] == "milestone"]
    for name in ("crane_made_safe", "work_stopped", "stabilised", "all_rescued"):
        assert name in names


def test_calibration_ideal() -> None:
    for result in calibration("ideal"):
        assert result["score"]["total"] >= 90.0, result["seed"]
        outcome = result["outcome"]
        # nobody dies or is hurt that a perfect team could have saved: the only injured
        # are the three hurt in the collapse itself (two fallen, one pinned)
        assert outcome["casualties"] == 0, result["seed"]
        assert outcome["injured"] == outcome["injured_at_start"] == 3, result["seed"]
        assert outcome["secondary_collapse"] is False, result["seed"]


def test_calibration_late() -> None:
    totals = [r["score"]["total"] for r in calibration("late")]
    assert all(60.0 <= t <= 85.0 for t in totals), totals


def test_calibration_passive() -> None:
    results = calibration("passive")
    assert all(r["score"]["total"] < 40.0 for r in results)
    # left alone, the scaffold comes down again and people die in most runs
    assert sum(r["outcome"]["secondary_collapse"] for r in results) >= 15
    assert sum(r["outcome"]["casualty_deaths"] > 0 for r in results) >= 15


def _with(plan: tuple[Step, ...], extra: Step | None = None, **swap: Any) -> list[Step]:
    out = []
    for s in plan:
        if s.action in swap:
            s = dataclasses.replace(s, params={**s.params, **swap[s.action]})
        out.append(s)
    if extra is not None:
        out.append(extra)
    return sorted(out, key=lambda s: s.at_s)


@pytest.mark.parametrize(
    ("expectation", "plan"),
    [
        ("no_pulling_impaled_object", lambda p: _with(p, aid_pinned={"remove_object": True})),
        ("no_cutting_before_bracing", lambda p: _with(p, Step(50.0, "cut_now", "signaller"))),
        (
            "no_fast_crane",
            lambda p: _with(p, Step(200.0, "crane_swing_clear", "crane_operator")),
        ),
    ],
)
def test_harmful_actions_deduct_their_penalty(expectation: str, plan: Any) -> None:
    penalty = next(e.penalty for e in scenario().expectations if e.id == expectation)
    base = run(steps("ideal"))
    result = run(plan(steps("ideal")))
    status = {e["id"]: e["status"] for e in result["expectations"]}
    assert status[expectation] == "violated"
    assert status[expectation] != {e["id"]: e["status"] for e in base["expectations"]}[expectation]
    lines = [d for d in result["deductions"] if d["expectation"] == expectation]
    assert [d["points"] for d in lines] == [penalty]
    assert result["score"]["penalties"] >= penalty
    assert result["score"]["total"] <= base["score"]["total"] - penalty + 1e-9
