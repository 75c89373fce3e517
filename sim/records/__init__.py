"""Records of drills: the journal (every input, durable as it is taken; replay and resume),
the history (SQLite), the after-action report and the campaign statistics export.

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
}

__all__ = [
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
    "SessionRecord",
    "Skipped",
    "build_report",
    "export_table",
    "find_journal",
    "gather",
    "history_path",
    "home",
    "journal_path",
    "journals_dir",
    "new_session_id",
    "read_journal",
    "record_missing",
    "remaining_steps",
    "render",
    "replay",
    "resume_drill",
    "unfinished",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sim.records' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from sim.records.errors import RecordsError
    from sim.records.export import export_table
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
        find_journal,
        read_journal,
        record_missing,
        remaining_steps,
        replay,
        resume_drill,
        unfinished,
    )
    from sim.records.paths import history_path, home, journal_path, journals_dir, new_session_id
    from sim.records.report import build_report, gather, render
