"""Scenario templates for ``drillsim new``: a starting scenario with its three playbooks.

A template is a scenario file that validates and plays as it stands, with comments that say
what to change, and its ``ideal``, ``late`` and ``passive`` playbooks; the bundled
scenarios are templates too. :func:`render` makes a new scenario from one: the template's
text with the answers to a few questions (id, title, unit, start time) written over the
top-level fields, so the comments stay.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sim.catalog import bundled_dir
from sim.loader import check_file
from sim.scenario import Scenario
from sim.text import Text


@dataclass(frozen=True)
class Template:
    """A template: its scenario file and its playbooks."""

    name: str
    path: Path
    scenario: Scenario
    playbooks: dict[str, Path] = field(default_factory=dict)
    bundled: bool = False
    """One of the bundled scenarios (otherwise from the templates folder)."""


def templates_dir() -> Path:
    """The folder of the templates that are not bundled scenarios."""
    return bundled_dir() / "templates"


def _playbooks(folder: Path, sid: str) -> dict[str, Path]:
    pdir = folder / "playbooks" / sid
    return {p.stem: p for p in sorted(pdir.glob("*.yaml"))} if pdir.is_dir() else {}


def templates() -> list[Template]:
    """Every template: the templates folder's, then the bundled scenarios, by name."""
    out: list[Template] = []
    for folder, bundled in ((templates_dir(), False), (bundled_dir(), True)):
        for path in sorted(folder.glob("*.yaml")):
            checked = check_file(path)
            if checked.scenario is None:
                continue
            sid = checked.scenario.id
            out.append(Template(sid, path, checked.scenario, _playbooks(folder, sid), bundled))
    return out


def find(name: str) -> Template | None:
    """The template with this name."""
    return next((t for t in templates() if t.name == name), None)


@dataclass(frozen=True)
class Answers:
    """What ``drillsim new`` asks; None keeps the template's value."""

    id: str | None = None
    title_zh: str | None = None
    title_en: str | None = None
    unit_zh: str | None = None
    unit_en: str | None = None
    start_clock: str | None = None


ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
CLOCK_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def _text(zh: str, en: str) -> str:
    return f"{{zh: {_quoted(zh)}, en: {_quoted(en)}}}"


def _replace_top_level(source: str, key: str, line: str) -> str:
    """Replace the top-level ``key:`` (with any indented lines under it) by ``line``."""
    lines = source.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    done = False
    while i < len(lines):
        if not done and re.match(rf"^{re.escape(key)}:(\s|$)", lines[i]):
            out.append(line + "\n")
            i += 1
            while i < len(lines) and lines[i].startswith((" ", "\t")):
                i += 1
            done = True
            continue
        out.append(lines[i])
        i += 1
    if not done:
        out.append(line + "\n")
    return "".join(out)


def _both(text: Text | None) -> tuple[str, str]:
    if text is None:
        return "", ""
    if isinstance(text, str):
        return text, text
    return text.zh, text.en


def render(template: Template, answers: Answers) -> str:
    """The new scenario's text: the template with the answers written in."""
    text = template.path.read_text(encoding="utf-8")
    if answers.id is not None:
        text = _replace_top_level(text, "id", f"id: {answers.id}")
    title_zh, title_en = _both(template.scenario.title)
    if answers.title_zh is not None or answers.title_en is not None:
        zh = answers.title_zh or title_zh
        en = answers.title_en or title_en
        text = _replace_top_level(text, "title", f"title: {_text(zh, en)}")
    unit_zh, unit_en = _both(template.scenario.unit)
    if answers.unit_zh is not None or answers.unit_en is not None:
        zh = answers.unit_zh or unit_zh
        en = answers.unit_en or unit_en
        text = _replace_top_level(text, "unit", f"unit: {_text(zh, en)}")
    if answers.start_clock is not None:
        text = _replace_top_level(text, "start_clock", f'start_clock: "{answers.start_clock}"')
    return text
