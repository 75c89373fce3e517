"""Records of drills: the journal (every input, durable as it is taken; replay and resume),
the history (SQLite, or PostgreSQL for a city), the after-action report and the campaign
statistics export.

- :mod:`sim.records.journal`: :class:`Recorder` (use it instead of the drill's input
  methods), :func:`replay`, :func:`resume_drill`, :func:`unfinished`.
- :mod:`sim.records.history`: :class:`History` (sessions, progress, notes, improvements).
- :mod:`sim.records.report`: :func:`gather`, :func:`build_report`, md/html/json.
- :mod:`sim.records.export`: the statistics table as CSV or XLSX.

Everything lives under :func:`home` (``DRILLSIM_HOME`` or the user data folder). Names are
loaded on first use, so listing the history does not load the engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    "home": "sim.records.paths",
    "journals_dir": "sim.records.paths",
    "history_path": "sim.records.paths",
    "journal_path": "sim.records.paths",
    "new_session_id": "sim.records.paths",
    "RecordsError": "sim.records.errors",
    "Header": "sim.records.journal",
    "Input": "sim.records.journal",
    "Skipped": "sim.records.journal",
    "JournalRead": "sim.records.journal",
    "JournalSummary": "sim.records.journal",
    "Recorder": "sim.records.journal",
    "Replay": "sim.records.journal",
    "Resumed": "sim.records.journal",
    "HazardSample": "sim.records.journal",
    "read_journal": "sim.records.journal",
    "replay": "sim.records.journal",
    "resume_drill": "sim.records.journal",
    "remaining_steps": "sim.records.journal",
    "unfinished": "sim.records.journal",
    "find_journal": "sim.records.journal",
    "record_missing": "sim.records.journal",
    "History": "sim.records.history",
    "Participant": "sim.records.history",
    "SessionRecord": "sim.records.history",
    "ExpectationRow": "sim.records.history",
    "Note": "sim.records.history",
    "Improvement": "sim.records.history",
    "Progress": "sim.records.history",
    "ProgressPoint": "sim.records.history",
    "gather": "sim.records.report",
    "build_report": "sim.records.report",
    "render": "sim.records.report",
    "export_table": "sim.records.export",
    # the one event describer, for the app's feed and the report's timeline
    "EventDescriber": "sim.records.describe",
    "ScenarioNames": "sim.records.describe",
    "action_kind_label": "sim.records.describe",
    "element_label": "sim.records.describe",
    "floor_label": "sim.records.describe",
    "param_value_text": "sim.records.describe",
    "param_label": "sim.records.describe",
    "resumed_text": "sim.records.describe",
    # what the command line needs beside the above
    "file_sha256": "sim.records.journal",
    "load_scenario_for": "sim.records.journal",
    "record_finished": "sim.records.journal",
    "from_replay": "sim.records.report",
    "mmss": "sim.records.report",
    "export_rows": "sim.records.export:rows",
    "export_csv": "sim.records.export:to_csv",
    "DRILL_KINDS": "sim.records.campaign",
    "DRILL_LEVELS": "sim.records.campaign",
    "plan_docx": "sim.records.paperwork.plan",
    "forms_docx": "sim.records.paperwork.plan",
    "cards_docx": "sim.records.paperwork.cards",
    "cards_pdf": "sim.records.paperwork.cards",
    "report_docx": "sim.records.paperwork.report_docx",
    "VIDEO_FPS": "sim.records.paperwork.video:FPS",
    "video_recording": "sim.records.paperwork.video:record",
    "write_video": "sim.records.paperwork.video",
    "save_photos": "sim.records.paperwork.video",
    "report_week": "sim.records.paperwork.weekly",
    "weekly_report": "sim.records.paperwork.weekly",
    "weekly_docx": "sim.records.paperwork.weekly",
    "weekly_xlsx": "sim.records.paperwork.weekly",
    # what the app needs beside the above: where records cannot be written, the one account
    # of a drill's outcome (its people, then its peaks) and the campaign's default level
    "unwritable_reason": "sim.records.paths",
    "people_facts": "sim.records.account",
    "peak_facts": "sim.records.account",
    "safe_of_total": "sim.records.account",
    "DEFAULT_LEVEL": "sim.records.campaign",
}
"""Each exported name and the module that defines it (``module:name`` when the module calls
it otherwise: a name too general at this level)."""

__all__ = [
    "DEFAULT_LEVEL",
    "DRILL_KINDS",
    "DRILL_LEVELS",
    "VIDEO_FPS",
    "EventDescriber",
    "ExpectationRow",
    "HazardSample",
    "Header",
    "History",
    "Improvement",
    "Input",
    "JournalRead",
    "JournalSummary",
    "Note",
    "Participant",
    "Progress",
    "ProgressPoint",
    "Recorder",
    "RecordsError",
    "Replay",
    "Resumed",
    "ScenarioNames",
    "SessionRecord",
    "Skipped",
    "action_kind_label",
    "build_report",
    "cards_docx",
    "cards_pdf",
    "element_label",
    "export_csv",
    "export_rows",
    "export_table",
    "file_sha256",
    "find_journal",
    "floor_label",
    "forms_docx",
    "from_replay",
    "gather",
    "history_path",
    "home",
    "journal_path",
    "journals_dir",
    "load_scenario_for",
    "mmss",
    "new_session_id",
    "param_label",
    "param_value_text",
    "peak_facts",
    "people_facts",
    "plan_docx",
    "read_journal",
    "record_finished",
    "record_missing",
    "remaining_steps",
    "render",
    "replay",
    "report_docx",
    "report_week",
    "resume_drill",
    "resumed_text",
    "safe_of_total",
    "save_photos",
    "unfinished",
    "unwritable_reason",
    "video_recording",
    "weekly_docx",
    "weekly_report",
    "weekly_xlsx",
    "write_video",
]


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'sim.records' has no attribute {name!r}")
    module, _, attr = target.partition(":")
    value = getattr(importlib.import_module(module), attr or name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from sim.records.account import peak_facts, people_facts, safe_of_total
    from sim.records.campaign import DEFAULT_LEVEL, DRILL_KINDS, DRILL_LEVELS
    from sim.records.describe import (
        EventDescriber,
        ScenarioNames,
        action_kind_label,
        element_label,
        floor_label,
        param_label,
        param_value_text,
        resumed_text,
    )
    from sim.records.errors import RecordsError
    from sim.records.export import export_table
    from sim.records.export import rows as export_rows
    from sim.records.export import to_csv as export_csv
    from sim.records.history import (
        ExpectationRow,
        History,
        Improvement,
        Note,
        Participant,
        Progress,
        ProgressPoint,
        SessionRecord,
    )
    from sim.records.journal import (
        HazardSample,
        Header,
        Input,
        JournalRead,
        JournalSummary,
        Recorder,
        Replay,
        Resumed,
        Skipped,
        file_sha256,
        find_journal,
        load_scenario_for,
        read_journal,
        record_finished,
        record_missing,
        remaining_steps,
        replay,
        resume_drill,
        unfinished,
    )
    from sim.records.paperwork.cards import cards_docx, cards_pdf
    from sim.records.paperwork.plan import forms_docx, plan_docx
    from sim.records.paperwork.report_docx import report_docx
    from sim.records.paperwork.video import FPS as VIDEO_FPS
    from sim.records.paperwork.video import record as video_recording
    from sim.records.paperwork.video import save_photos, write_video
    from sim.records.paperwork.weekly import report_week, weekly_docx, weekly_report, weekly_xlsx
    from sim.records.paths import (
        history_path,
        home,
        journal_path,
        journals_dir,
        new_session_id,
        unwritable_reason,
    )
    from sim.records.report import build_report, from_replay, gather, mmss, render
