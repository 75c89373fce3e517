"""Loading and checking scenario files, with every problem at its ``file:line:col``.

``load_scenario(path)`` returns a validated, frozen :class:`~sim.scenario.Scenario` or
raises :class:`ScenarioError` holding every problem found, each in plain language from the
zh/en catalogue (:mod:`sim.i18n`). Nothing here lets an exception other than
``ScenarioError`` escape for bad input.

A file is read with :mod:`sim.yamlsafe` (YAML with positions), validated against the model
(:mod:`sim.plain_errors` says pydantic's errors in plain language) and then checked for
meaning (:mod:`sim.semantics`: references, uniqueness, reachability). Problems are
:class:`sim.problems.Problem`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from pydantic import ValidationError

from sim.blocks import expand_blocks
from sim.bounded import ReadError, read_regular
from sim.i18n import Phrase
from sim.plain_errors import validation_problems
from sim.problems import DataPath, Problem, ScenarioError
from sim.scenario import Scenario
from sim.semantics import Semantics
from sim.yamlsafe import MAX_BYTES, RawProblem, decode, read_yaml

__all__ = [
    "Checked",
    "DataPath",
    "Problem",
    "ScenarioError",
    "check_bytes",
    "check_file",
    "check_text",
    "load_scenario",
    "read_phrase",
]


@dataclass
class Checked:
    """The outcome of checking one file: a scenario, or the problems that stop it."""

    scenario: Scenario | None
    problems: list[Problem] = field(default_factory=list)


def load_scenario(path: str | os.PathLike[str], display: str | None = None) -> Scenario:
    """Read, parse and check a scenario file; raise :class:`ScenarioError` on any problem."""
    checked = check_file(path, display)
    if checked.scenario is None:
        raise ScenarioError(checked.problems)
    return checked.scenario


def check_file(path: str | os.PathLike[str], display: str | None = None) -> Checked:
    """Check a scenario file and return the scenario or every problem found."""
    name = display if display is not None else os.fspath(path)
    try:
        raw = read_regular(path, MAX_BYTES)
    except ReadError as exc:
        return Checked(None, [Problem(name, 1, 1, read_phrase(exc))])
    return check_bytes(raw, name)


def read_phrase(exc: ReadError) -> Phrase:
    """A refused read as the loader's phrase (the file is named by the Problem)."""
    if exc.key == "in_folder":
        return Phrase("not_a_file")
    if exc.key == "in_too_large":
        return Phrase("file_too_large", **exc.args_)
    return Phrase(exc.key, **exc.args_)


def check_bytes(raw: bytes, name: str) -> Checked:
    """Check scenario file content given as bytes."""
    if len(raw) > MAX_BYTES:
        return Checked(
            None, [Problem(name, 1, 1, Phrase("file_too_large", size=len(raw), limit=MAX_BYTES))]
        )
    text, raw_problems = decode(raw)
    if text is None:
        return Checked(None, [_from_raw(name, p) for p in raw_problems])
    return check_text(text, name)


def check_text(text: str, name: str) -> Checked:
    """Check scenario file content given as text."""
    doc, raw_problems = read_yaml(text)
    problems = [_from_raw(name, p) for p in raw_problems]
    if doc is None:
        return Checked(None, problems)
    if not isinstance(doc.data, dict):
        line, col = doc.mark(())
        return Checked(None, [*problems, Problem(name, line + 1, col + 1, Phrase("not_a_mapping"))])
    unexpanded = expand_blocks(doc.data, doc.marks)
    scenario: Scenario | None = None
    later: list[Problem] = []
    try:
        scenario = Scenario.model_validate(doc.data)
    except ValidationError as exc:
        later.extend(validation_problems(exc, doc, name))
    except (ValueError, TypeError, OverflowError) as exc:  # pragma: no cover - defensive
        later.append(Problem(name, 1, 1, Phrase("invalid_value", detail=str(exc))))
    checker = Semantics(doc, name, scenario)
    checker.unexpanded = unexpanded
    checker.run()
    later.extend(checker.problems)
    # A value whose tag was refused reads as null; saying so again would only repeat it.
    refused = {(p.line, p.col) for p in problems if p.key == "tag_refused"}
    problems.extend(p for p in later if (p.line, p.col) not in refused)
    problems = _dedupe(problems)
    if problems:
        return Checked(None, problems)
    return Checked(scenario, [])


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[int, int, Phrase]] = set()
    out: list[Problem] = []
    for p in problems:
        k = (p.line, p.col, p.phrase)
        if k not in seen:
            seen.add(k)
            out.append(p)
    out.sort(key=lambda p: (p.line, p.col))
    return out


def _from_raw(name: str, p: RawProblem) -> Problem:
    return Problem(name, p.line + 1, p.col + 1, Phrase(p.key, **p.args))
