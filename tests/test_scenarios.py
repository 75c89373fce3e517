"""Every bundled scenario with each of its playbooks: validity, golden summaries,
calibration and the monotone response to delay.

Golden summaries follow SimPy's habit of checking each example's output against a stored
copy: ``tests/golden/<scenario>.<playbook>.json`` holds the result summary at seed 1. A
deliberate model change regenerates them in the same commit, with the reason in its
message: ``DRILLSIM_UPDATE_GOLDEN=1 pytest tests/test_scenarios.py -k golden``.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from sim import bundled_dir, bundled_ids, load_playbook, load_scenario, run_playbook
from sim.playbook import Step
from sim.result import drill_result
from sim.scenario import Scenario

GOLDEN = Path(__file__).parent / "golden"
PLAYBOOKS = ("ideal", "late", "passive")
CALIBRATION_SEEDS = range(1, 21)
IDS = bundled_ids()


@cache
def scenario(sid: str) -> Scenario:
    return load_scenario(bundled_dir() / f"{sid}.yaml")


@cache
def playbook(sid: str, name: str) -> tuple[Step, ...]:
    path = bundled_dir() / "playbooks" / sid / f"{name}.yaml"
    return tuple(load_playbook(path, scenario(sid)))


@cache
def run(sid: str, name: str, seed: int) -> dict[str, Any]:
    drill = run_playbook(scenario(sid), list(playbook(sid, name)), seed)
    return drill_result(drill)


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """The stable, reviewable part of a result: score, expectations and outcome figures."""
    outcome = {k: v for k, v in result["outcome"].items() if k != "evacuation_curve"}
    return {
        "score": result["score"],
        "expectations": [
            {k: e[k] for k in ("id", "status", "done_at_s", "credit")}
            for e in result["expectations"]
        ],
        "outcome": outcome,
        "events": len(result["events"]),
    }


def test_there_are_the_four_campaign_scenarios() -> None:
    for sid in (
        "chemical-vehicle-leak",
        "scaffold-collapse",
        "gas-pipeline-leak",
        "hotel-evacuation",
    ):
        if sid not in IDS:
            pytest.skip(f"{sid} is not bundled yet")
    assert len(IDS) >= 4


@pytest.mark.parametrize("sid", IDS)
def test_every_bundled_scenario_ships_the_three_playbooks(sid: str) -> None:
    found = sorted(p.stem for p in (bundled_dir() / "playbooks" / sid).glob("*.yaml"))
    assert set(PLAYBOOKS) <= set(found)


@pytest.mark.parametrize("sid", IDS)
def test_the_ideal_playbook_is_never_refused(sid: str) -> None:
    refused = [e for e in run(sid, "ideal", 1)["events"] if e["kind"] == "refused"]
    assert refused == []


@pytest.mark.parametrize("sid", IDS)
@pytest.mark.parametrize("name", PLAYBOOKS)
def test_golden_summary_at_seed_1(sid: str, name: str) -> None:
    path = GOLDEN / f"{sid}.{name}.json"
    got = summary(run(sid, name, 1))
    if os.environ.get("DRILLSIM_UPDATE_GOLDEN"):
        path.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert path.exists(), f"no golden summary {path.name}; run with DRILLSIM_UPDATE_GOLDEN=1"
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert got == expected


@pytest.mark.parametrize("sid", IDS)
def test_calibration_over_20_seeds(sid: str) -> None:
    """ideal ≥ 90 (优) with no casualties; late 60–85; passive < 40 (the scenarios issue)."""
    for seed in CALIBRATION_SEEDS:
        ideal = run(sid, "ideal", seed)
        late = run(sid, "late", seed)
        passive = run(sid, "passive", seed)
        assert ideal["score"]["total"] >= 90, (seed, ideal["score"])
        assert ideal["outcome"]["casualties"] == 0, (seed, ideal["outcome"])
        assert 60 <= late["score"]["total"] <= 85, (seed, late["score"])
        assert passive["score"]["total"] < 40, (seed, passive["score"])


def _delayed(steps: tuple[Step, ...], index: int, delay_s: float, end_s: float) -> list[Step]:
    out = list(steps)
    s = out[index]
    out[index] = Step(
        min(s.at_s + delay_s, end_s), s.action, s.by, dict(s.params), s.inject, s.facilitator
    )
    return sorted(out, key=lambda x: x.at_s)


@pytest.mark.parametrize("sid", IDS)
@pytest.mark.parametrize("delay_s", [60.0, 300.0])
def test_delaying_any_expected_action_never_raises_the_score(sid: str, delay_s: float) -> None:
    sc = scenario(sid)
    expected_actions = {e.action for e in sc.expectations if e.action and not e.harmful}
    steps = playbook(sid, "ideal")
    base = run(sid, "ideal", 1)["score"]["total"]
    for i, step in enumerate(steps):
        if step.action not in expected_actions:
            continue
        drill = run_playbook(sc, _delayed(steps, i, delay_s, sc.duration_s), 1)
        total = drill_result(drill)["score"]["total"]
        assert total <= base + 1e-9, (step.action, delay_s, total, base)
