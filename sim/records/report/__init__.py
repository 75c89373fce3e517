"""The after-action report and improvement plan (AAR/IP) of a drill, following HSEEP's AAR/IP
and the summary phase of AQ/T 9009-2015, in zh or en.

Contents: an overview (unit, team, date, scenario, participants and roles); results by
category and by expectation; the timeline (each expectation's target and limit windows
against when it was done, and the key events); the outcome with the evacuation curve and
the hazard over time; HSEEP P/S/M/U ratings; the AQ/T 9009 checklist; strengths and areas
for improvement; evaluator notes; and the improvement-plan table, which the evaluator fills
in at the debrief (stored in the history).

Three steps, one module each:

- :mod:`.gathering`: :func:`gather` collects what a report needs for a session (from the
  history and a replay of its journal) as a :class:`ReportInput`;
- :mod:`.view`: :func:`build_view` turns it into the view-model, :class:`ReportView`, in one
  language; :func:`build_report` is its JSON object (the ``--format json`` output);
- :mod:`.rendering`: Markdown and HTML from Jinja2 templates (``sim/records/templates``), with
  the tables' rows shared with the Word document through :mod:`.rows`.
"""

from __future__ import annotations

from typing import Any

from sim.records.report.gathering import ReportInput, from_replay, gather
from sim.records.report.rendering import (
    charts,
    render,
    to_html,
    to_json,
    to_markdown,
)
from sim.records.report.rows import (
    LOG_SCALE_RATIO,
    exp_head,
    exp_rows,
    exp_times,
    kpis,
    outcome_rows,
    overview_rows,
    plan_head,
    plan_rows,
)
from sim.records.report.view import (
    CATEGORY_ORDER,
    REPORT_FORMAT,
    TIMELINE_KINDS,
    ReportView,
    as_view,
    build_view,
    clock_at,
    mmss,
)
from sim.text import Lang

# The names these helpers had before the report was split (kept for callers and tests).
_kpis = kpis
_overview_rows = overview_rows
_outcome_rows = outcome_rows
_exp_head = exp_head
_exp_rows = exp_rows
_exp_times = exp_times
_plan_head = plan_head
_plan_rows = plan_rows


def build_report(inp: ReportInput, lang: Lang) -> dict[str, Any]:
    """The report as one JSON object in ``lang`` (what the md and html formats render)."""
    return build_view(inp, lang).to_json()


__all__ = [
    "CATEGORY_ORDER",
    "LOG_SCALE_RATIO",
    "REPORT_FORMAT",
    "TIMELINE_KINDS",
    "ReportInput",
    "ReportView",
    "as_view",
    "build_report",
    "build_view",
    "charts",
    "clock_at",
    "from_replay",
    "gather",
    "mmss",
    "render",
    "to_html",
    "to_json",
    "to_markdown",
]
