"""drillsim's simulation side: the scenario format, the engine, hazard models, scoring and
records. Nothing here draws on a screen; ``tui`` uses only what this module exports.

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
    "Phrase": "sim.messages",
    "msg": "sim.messages",
    "Label": "sim.phrases",
    "markup": "sim.safetext",
    "terminal": "sim.safetext",
    # reading and writing files
    "ReadError": "sim.bounded",
    "load_json": "sim.bounded",
    "OutputError": "sim.atomic",
    "temp_path": "sim.atomic",
    "write_atomic": "sim.atomic",
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
    "Snapshot": "sim.drill",
    "Prompt": "sim.state",
    "ENGINE_VERSION": "sim.drill",
    "SEED_MAX": "sim.drill",
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
    "RecordsError": "sim.records.strings",
}

__all__ = [
    "ENGINE_VERSION",
    "REPORT_ELEMENTS",
    "SEED_MAX",
    "ActResult",
    "Checked",
    "Drill",
    "Entry",
    "Event",
    "History",
    "JournalSummary",
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
    "Resumed",
    "Scenario",
    "ScenarioError",
    "Score",
    "Snapshot",
    "Step",
    "Text",
    "__version__",
    "apply_step",
    "build_result",
    "bundled_dir",
    "bundled_ids",
    "check_file",
    "check_text",
    "default_lang",
    "drill_result",
    "entries",
    "grade_for",
    "load_json",
    "load_playbook",
    "load_scenario",
    "localize",
    "markup",
    "msg",
    "playbook_path",
    "replay",
    "resolve",
    "resume_drill",
    "run_playbook",
    "score",
    "temp_path",
    "terminal",
    "unfinished",
    "user_dir",
    "write_atomic",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from sim.atomic import OutputError, temp_path, write_atomic
    from sim.bounded import ReadError, load_json
    from sim.catalog import (
        Entry,
        bundled_dir,
        bundled_ids,
        entries,
        playbook_path,
        resolve,
        user_dir,
    )
    from sim.drill import ENGINE_VERSION, SEED_MAX, Drill, Snapshot
    from sim.loader import Checked, Problem, ScenarioError, check_file, check_text, load_scenario
    from sim.messages import Phrase, msg
    from sim.phrases import Label
    from sim.playbook import Step, apply_step, load_playbook, run_playbook
    from sim.records.history import History, Participant
    from sim.records.journal import (
        JournalSummary,
        Recorder,
        Resumed,
        replay,
        resume_drill,
        unfinished,
    )
    from sim.records.strings import RecordsError
    from sim.result import build_result, drill_result
    from sim.safetext import markup, terminal
    from sim.scenario import REPORT_ELEMENTS, Scenario
    from sim.scoring import Score, grade_for, score
    from sim.state import ActResult, Event, Prompt
    from sim.text import Lang, LangText, Text, default_lang, localize
