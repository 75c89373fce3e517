"""drillsim's simulation side: the scenario format, the engine, hazard models, scoring and
records. Nothing here draws on a screen; ``tui`` uses only what this module exports, and
the two other public facades: :mod:`sim.records` (journals, history, reports) and
:mod:`sim.i18n` (the string catalogue). tests/test_imports.py holds the layers to that.

Names are loaded on first use, so that checking a scenario does not load the engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # the format and loading
    "Scenario": "sim.scenario",
    "REPORT_ELEMENTS": "sim.scenario",
    "Checked": "sim.loader",
    "Problem": "sim.loader",
    "ScenarioError": "sim.loader",
    "check_file": "sim.loader",
    "check_text": "sim.loader",
    "load_scenario": "sim.loader",
    # text
    "Lang": "sim.text",
    "LangText": "sim.text",
    "Text": "sim.text",
    "default_lang": "sim.text",
    "localize": "sim.text",
    "Phrase": "sim.i18n",
    "tr": "sim.i18n",
    "Label": "sim.i18n",
    # where scenarios are
    "Entry": "sim.catalog",
    "bundled_dir": "sim.catalog",
    "bundled_ids": "sim.catalog",
    "entries": "sim.catalog",
    "playbook_path": "sim.catalog",
    "resolve": "sim.catalog",
    "user_dir": "sim.catalog",
    # the engine
    "Drill": "sim.drill",
    "ActResult": "sim.state",
    "Event": "sim.state",
    "Snapshot": "sim.state",
    "Prompt": "sim.state",
    "ResponderState": "sim.state",
    "RoleState": "sim.state",
    "Threshold": "sim.hazards.base",
    "knows": "sim.knowledge",
    "Knowledge": "sim.knowledge",
    "public": "sim.knowledge",
    "ENGINE_VERSION": "sim.drill",
    "Step": "sim.playbook",
    "apply_step": "sim.playbook",
    "load_playbook": "sim.playbook",
    "run_playbook": "sim.playbook",
    # scoring and results
    "Score": "sim.scoring",
    "score": "sim.scoring",
    "grade_for": "sim.scoring",
    "build_result": "sim.result",
    "drill_result": "sim.result",
    # records
    "Recorder": "sim.records.journal",
    "Resumed": "sim.records.journal",
    "JournalSummary": "sim.records.journal",
    "replay": "sim.records.journal",
    "resume_drill": "sim.records.journal",
    "unfinished": "sim.records.journal",
    "History": "sim.records.history",
    "Participant": "sim.records.history",
    "RecordsError": "sim.records.errors",
    # what the command line needs beside the above
    "lang_from_argv": "sim.text",
    "terminal": "sim.safetext",
    "control_chars": "sim.safetext",
    "nfc": "sim.safetext",
    "SEED_MAX": "sim.drill",
    "run_many": "sim.batch",
    "summarise": "sim.batch",
    "is_time_point": "sim.batch",
    "EXIT_STATUS": "sim.atomic",
    "OutputError": "sim.atomic",
    "check_destination": "sim.atomic",
    "temp_path": "sim.atomic",
    "write_atomic": "sim.atomic",
    "ReadError": "sim.bounded",
    "read_regular": "sim.bounded",
    "schema_text": "sim.schema",
    "reference_markdown": "sim.reference",
    "BANDS": "sim.calibrate",
    "Band": "sim.calibrate",
    "calibrate_scenario": "sim.calibrate:calibrate",
    "hazard_arrivals": "sim.calibrate",
    "build_scene": "sim.sitemap",
    "footprint_at": "sim.sitemap",
    "to_png": "sim.sitemap",
    "to_svg": "sim.sitemap",
    "Answers": "sim.templates",
    "CLOCK_PATTERN": "sim.templates",
    "ID_PATTERN": "sim.templates",
    "render_template": "sim.templates:render",
    "scenario_templates": "sim.templates:templates",
    # what the app needs beside the above
    "ACTION_KEYS": "sim.hotkeys",
    "RESERVED_KEYS": "sim.hotkeys",
    "SHORT_MAX_CELLS": "sim.hotkeys",
    "action_keys": "sim.hotkeys",
    "markup": "sim.safetext",
    "load_json": "sim.bounded",
    "wrap_lines": "sim.linebreak",
    "tidy_zh": "sim.linebreak",
    "line_spans": "sim.linebreak",
}
"""Each exported name and the module that defines it (``module:name`` when the module calls
it otherwise: a name that is also a submodule's, or too general at this level)."""

__all__ = [
    "ACTION_KEYS",
    "BANDS",
    "CLOCK_PATTERN",
    "ENGINE_VERSION",
    "EXIT_STATUS",
    "ID_PATTERN",
    "REPORT_ELEMENTS",
    "RESERVED_KEYS",
    "SEED_MAX",
    "SHORT_MAX_CELLS",
    "ActResult",
    "Answers",
    "Band",
    "Checked",
    "Drill",
    "Entry",
    "Event",
    "History",
    "JournalSummary",
    "Knowledge",
    "Label",
    "Lang",
    "LangText",
    "OutputError",
    "Participant",
    "Phrase",
    "Problem",
    "Prompt",
    "ReadError",
    "Recorder",
    "RecordsError",
    "ResponderState",
    "Resumed",
    "RoleState",
    "Scenario",
    "ScenarioError",
    "Score",
    "Snapshot",
    "Step",
    "Text",
    "Threshold",
    "__version__",
    "action_keys",
    "apply_step",
    "build_result",
    "build_scene",
    "bundled_dir",
    "bundled_ids",
    "calibrate_scenario",
    "check_destination",
    "check_file",
    "check_text",
    "control_chars",
    "default_lang",
    "drill_result",
    "entries",
    "footprint_at",
    "grade_for",
    "hazard_arrivals",
    "is_time_point",
    "knows",
    "lang_from_argv",
    "line_spans",
    "load_json",
    "load_playbook",
    "load_scenario",
    "localize",
    "markup",
    "nfc",
    "playbook_path",
    "public",
    "read_regular",
    "reference_markdown",
    "render_template",
    "replay",
    "resolve",
    "resume_drill",
    "run_many",
    "run_playbook",
    "scenario_templates",
    "schema_text",
    "score",
    "summarise",
    "temp_path",
    "terminal",
    "tidy_zh",
    "to_png",
    "to_svg",
    "tr",
    "unfinished",
    "user_dir",
    "wrap_lines",
    "write_atomic",
]


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    module, _, attr = target.partition(":")
    value = getattr(importlib.import_module(module), attr or name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from sim.atomic import EXIT_STATUS, OutputError, check_destination, temp_path, write_atomic
    from sim.batch import is_time_point, run_many, summarise
    from sim.bounded import ReadError, load_json, read_regular
    from sim.calibrate import BANDS, Band, hazard_arrivals
    from sim.calibrate import calibrate as calibrate_scenario
    from sim.catalog import (
        Entry,
        bundled_dir,
        bundled_ids,
        entries,
        playbook_path,
        resolve,
        user_dir,
    )
    from sim.drill import ENGINE_VERSION, SEED_MAX, Drill
    from sim.hazards.base import Threshold
    from sim.hotkeys import ACTION_KEYS, RESERVED_KEYS, SHORT_MAX_CELLS, action_keys
    from sim.i18n import Label, Phrase, tr
    from sim.knowledge import Knowledge, knows, public
    from sim.linebreak import line_spans, tidy_zh, wrap_lines
    from sim.loader import Checked, Problem, ScenarioError, check_file, check_text, load_scenario
    from sim.playbook import Step, apply_step, load_playbook, run_playbook
    from sim.records.errors import RecordsError
    from sim.records.history import History, Participant
    from sim.records.journal import (
        JournalSummary,
        Recorder,
        Resumed,
        replay,
        resume_drill,
        unfinished,
    )
    from sim.reference import reference_markdown
    from sim.result import build_result, drill_result
    from sim.safetext import control_chars, markup, nfc, terminal
    from sim.scenario import REPORT_ELEMENTS, Scenario
    from sim.schema import schema_text
    from sim.scoring import Score, grade_for, score
    from sim.sitemap import build_scene, footprint_at, to_png, to_svg
    from sim.state import ActResult, Event, Prompt, ResponderState, RoleState, Snapshot
    from sim.templates import CLOCK_PATTERN, ID_PATTERN, Answers
    from sim.templates import render as render_template
    from sim.templates import templates as scenario_templates
    from sim.text import Lang, LangText, Text, default_lang, lang_from_argv, localize
