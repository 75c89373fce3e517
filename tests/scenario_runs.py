"""Cached headless runs of the bundled scenarios, shared by the scenario tests so that each
(scenario, playbook, seed) is simulated once per test process."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sim import bundled_dir, load_playbook, load_scenario, run_playbook
from sim.playbook import Step
from sim.result import drill_result
from sim.scenario import Scenario

CALIBRATION_SEEDS = range(1, 21)


@cache
def scenario(sid: str) -> Scenario:
    return load_scenario(bundled_dir() / f"{sid}.yaml")


@cache
def playbook(sid: str, name: str) -> tuple[Step, ...]:
    path = bundled_dir() / "playbooks" / sid / f"{name}.yaml"
    return tuple(load_playbook(path, scenario(sid)))


@cache
def run(sid: str, name: str, seed: int) -> dict[str, Any]:
    """The result of a bundled playbook at a seed."""
    return drill_result(run_playbook(scenario(sid), list(playbook(sid, name)), seed))


def run_steps(sid: str, steps: Sequence[Step], seed: int = 1) -> dict[str, Any]:
    """The result of a bundled scenario played with these steps (not cached: tests vary
    the steps)."""
    return drill_result(run_playbook(scenario(sid), list(steps), seed))


def calibration(sid: str, name: str) -> tuple[dict[str, Any], ...]:
    """Results over the calibration seeds (1 to 20)."""
    return tuple(run(sid, name, seed) for seed in CALIBRATION_SEEDS)
