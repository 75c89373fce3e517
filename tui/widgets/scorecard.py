"""A drill's result as the debrief and the History screens both draw it: the order of the
score categories, the colour of each expectation's status, the grade's name and the
improvement plan's table."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from sim import Lang
from sim.i18n import has, tr
from tui.display import rich_text

CATEGORY_ORDER = ("reporting", "evacuation", "early_response", "outcome")
"""The score categories in the order they are shown."""

STATUS_STYLE = {
    "met": "green",
    "late": "yellow",
    "missed": "red",
    "violated": "bold red",
    "avoided": "green",
    "not_applicable": "dim",
}
"""The colour of an expectation's status (a harmful act avoided or committed included)."""


def grade_name(grade: str, lang: Lang) -> str:
    """The grade in ``lang`` (优/良/一般/差 in Chinese), as every surface names it."""
    from sim.i18n import grade_label

    return grade_label(grade, lang)


def plan_table(items: list[Any], lang: Lang) -> Table:
    """Improvement items (``sim.records.Improvement``) as a table: issue, corrective action,
    responsible, due date, status."""
    table = Table(expand=True, box=None, padding=(0, 1), show_edge=False)
    table.add_column("#", no_wrap=True, style="dim")
    table.add_column(tr("plan_issue", lang), ratio=3, overflow="fold")
    table.add_column(tr("plan_action", lang), ratio=3, overflow="fold")
    table.add_column(tr("plan_responsible", lang), ratio=2, overflow="fold")
    table.add_column(tr("plan_due", lang), no_wrap=True)
    table.add_column(tr("plan_status", lang), no_wrap=True)
    for item in items:
        status_key = f"improvement_{item.status}"
        table.add_row(
            str(item.id),
            rich_text(item.issue, multiline=True),
            rich_text(item.action or "-", multiline=True),
            rich_text(item.responsible or "-"),
            rich_text(item.due_date or "-"),
            rich_text(tr(status_key, lang) if has(status_key) else item.status),
        )
    return table
