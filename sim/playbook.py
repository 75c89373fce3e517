"""Playbooks: scripted decisions for headless runs, and running them.

A playbook is a YAML list of steps, each with ``at`` (sim seconds), ``action`` (an action
id of the scenario), ``by`` (a role id) and the action's parameters::

    - {at: 30, action: alarm, by: leader}
    - {at: 60, action: evacuate, by: leader, to: assembly}

Two special steps drive the facilitator controls: ``{at: 120, inject: <id>}`` fires one of
the scenario's optional injects, and ``{at: 130, facilitator: "text"}`` puts a free-text
message into the feed (``to_role: <role>`` addresses it to one role). Problems are reported as ``file:line:col`` like scenario problems.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any

from sim.bounded import ReadError, read_regular
from sim.drill import Drill
from sim.i18n import Phrase
from sim.loader import Problem, ScenarioError, read_phrase
from sim.scenario import Scenario
from sim.state import ActResult
from sim.yamlsafe import MAX_BYTES, decode, read_yaml

_RESERVED = {"at", "action", "by", "inject", "facilitator", "to_role"}


@dataclass(frozen=True)
class Step:
    """One scripted decision."""

    at_s: float
    action: str | None = None
    by: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    inject: str | None = None
    facilitator: str | None = None
    line: int = 0
    to_role: str | None = None
    """The role a facilitator message is addressed to (default: everyone)."""


def load_playbook(path: str | os.PathLike[str], scenario: Scenario) -> list[Step]:
    """Read and check a playbook for ``scenario``; raise ScenarioError with every problem."""
    name = os.fspath(path)
    try:
        raw = read_regular(path, MAX_BYTES)
    except ReadError as exc:
        raise ScenarioError([Problem(name, 1, 1, read_phrase(exc))]) from None
    text, problems = decode(raw)
    if text is None:
        raise ScenarioError(
            [Problem(name, q.line + 1, q.col + 1, Phrase(q.key, **q.args)) for q in problems]
        )
    return parse_playbook(text, name, scenario)


def parse_playbook(text: str, name: str, scenario: Scenario) -> list[Step]:
    """Parse playbook text; raise ScenarioError with every problem."""
    doc, raw_problems = read_yaml(text)
    problems = [Problem(name, q.line + 1, q.col + 1, Phrase(q.key, **q.args)) for q in raw_problems]
    if doc is None:
        raise ScenarioError(problems)

    def add(path: tuple[str | int, ...], phrase: Phrase) -> None:
        line, col = doc.mark(path)
        problems.append(Problem(name, line + 1, col + 1, phrase))

    if not isinstance(doc.data, list):
        add((), Phrase("pb_not_list"))
        raise ScenarioError(problems)
    steps: list[Step] = []
    prev = 0.0
    for i, item in enumerate(doc.data):
        if not isinstance(item, dict):
            add((i,), Phrase("pb_step_not_mapping"))
            continue
        at = item.get("at")
        if (
            not isinstance(at, (int, float))
            or isinstance(at, bool)
            or not math.isfinite(float(at))
            or at < 0
        ):
            add((i, "at"), Phrase("pb_bad_at"))
            continue
        at_s = float(at)
        if at_s > scenario.duration_s:
            add((i, "at"), Phrase("pb_after_end", at=at, end=scenario.duration_s))
        if at_s < prev:
            add((i, "at"), Phrase("pb_out_of_order", prev=prev))
        prev = max(prev, at_s)
        line = doc.mark((i,))[0] + 1
        if "action" in item:
            action, by = item.get("action"), item.get("by")
            if not isinstance(action, str) or action not in scenario.index.actions:
                add((i, "action"), Phrase("pb_unknown_action", id=action))
            if by is None:
                add((i,), Phrase("pb_needs_by"))
            elif not isinstance(by, str) or by not in scenario.index.roles:
                add((i, "by"), Phrase("pb_unknown_role", id=by))
            params = {k: v for k, v in item.items() if k not in _RESERVED}
            steps.append(Step(at_s, str(action), str(by), params, line=line))
        elif "inject" in item:
            inj = item.get("inject")
            if not any(x.id == inj for x in scenario.injects):
                add((i, "inject"), Phrase("pb_unknown_inject", id=inj))
            steps.append(Step(at_s, inject=str(inj), line=line))
        elif "facilitator" in item:
            to_role = item.get("to_role")
            if to_role is not None and (
                not isinstance(to_role, str) or to_role not in scenario.index.roles
            ):
                add((i, "to_role"), Phrase("pb_unknown_role", id=to_role))
            steps.append(
                Step(
                    at_s,
                    facilitator=str(item.get("facilitator")),
                    line=line,
                    to_role=to_role if isinstance(to_role, str) else None,
                )
            )
        else:
            add((i,), Phrase("pb_needs_what"))
    if problems:
        raise ScenarioError(problems)
    return steps


def apply_step(drill: Drill, step: Step) -> ActResult:
    """Advance the drill to the step's time and take the step."""
    drill.advance(step.at_s)
    if step.inject is not None:
        return drill.fire_inject(step.inject)
    if step.facilitator is not None:
        return drill.free_inject(step.facilitator, to=step.to_role)
    assert step.action is not None and step.by is not None
    return drill.act(step.action, step.by, **step.params)


def run_playbook(
    scenario: Scenario, steps: list[Step], seed: int = 1, *, level_series: bool = True
) -> Drill:
    """Run a whole drill headless with the given steps; returns the finished drill
    (``level_series``: see :class:`Drill`)."""
    drill = Drill(scenario, seed, level_series=level_series)
    for step in sorted(steps, key=lambda s: s.at_s):
        apply_step(drill, step)
    drill.run_to_end()
    return drill
