"""The Friday report (每周五报送应急演练活动开展情况): the week's drills, their counts and a
short summary paragraph, as a Word document and as a workbook.

The 2024 campaign notice asks each unit to report its drills every Friday during Safety
Month (reference: 2024 安全生产月应急演练专题行活动通知, 三.(四)). A report covers the seven
days that end on the Friday on or after the date it is asked for (Saturday to Friday). Its
table is the statistics table of :mod:`sim.records.export`, so both say the same thing.
"""

from __future__ import annotations

import importlib
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sim.i18n import tr
from sim.records.export import COLUMNS, Filters, fill_sheet, headers, rows
from sim.records.history import History
from sim.records.paperwork.gbt9704 import SIZE_PT, OfficialDocument
from sim.text import Lang

FRIDAY = 4
"""date.weekday() of a Friday."""


def report_week(day: date) -> tuple[date, date]:
    """The Saturday and the Friday of the reporting week that ``day`` falls in."""
    friday = day + timedelta(days=(FRIDAY - day.weekday()) % 7)
    return friday - timedelta(days=6), friday


@dataclass(frozen=True)
class WeekCounts:
    """What the week's drills add up to."""

    drills: int
    people: int
    drill_min: float
    real_min: float
    average: float | None
    grades: dict[str, int]
    categories: list[str]
    problems: int
    actions: int
    problems_of: dict[str, int]
    """Problems found in each drill, by record id."""


def counts_of(table: list[dict[str, Any]], history: History) -> WeekCounts:
    """The counts of a statistics table's rows."""
    grades: Counter[str] = Counter()
    scores = []
    problems = actions = 0
    problems_of: dict[str, int] = {}
    for row in table:
        rec = history.session(row["session"])
        grades[rec.grade or ""] += 1
        if row["score"] is not None:
            scores.append(float(row["score"]))
        result = history.result(rec.id) or {}
        problems_of[rec.id] = len(result.get("deductions", []))
        problems += problems_of[rec.id]
        actions += sum(1 for item in history.improvements(rec.id) if item.action)
    categories = list(dict.fromkeys(r["category"] for r in table if r["category"]))
    return WeekCounts(
        drills=len(table),
        people=sum(int(r["participants"] or 0) for r in table),
        drill_min=round(sum(float(r["duration"] or 0.0) for r in table), 1),
        real_min=round(sum(float(r["real_duration"] or 0.0) for r in table), 1),
        average=round(sum(scores) / len(scores), 1) if scores else None,
        grades=dict(grades),
        categories=categories,
        problems=problems,
        actions=actions,
        problems_of=problems_of,
    )


def summary_paragraph(c: WeekCounts, since: date, until: date, lang: Lang) -> str:
    """The short paragraph that opens the report."""
    if c.drills == 0:
        return tr("pw_week_none", lang, since=since.isoformat(), until=until.isoformat())
    sep = "、" if lang == "zh" else ", "
    return tr(
        "pw_week_para",
        lang,
        since=since.isoformat(),
        until=until.isoformat(),
        count=c.drills,
        people=c.people,
        drill_min=f"{c.drill_min:g}",
        real_min=f"{c.real_min:g}",
        categories=sep.join(c.categories) or "—",
        avg="—" if c.average is None else f"{c.average:g}",
        excellent=c.grades.get("优", 0),
        good=c.grades.get("良", 0),
        fair=c.grades.get("一般", 0),
        poor=c.grades.get("差", 0),
        problems=c.problems,
        actions=c.actions,
    )


def _count_rows(c: WeekCounts, lang: Lang) -> list[tuple[str, str]]:
    return [
        (tr("pw_count_drills", lang), str(c.drills)),
        (tr("pw_count_people", lang), str(c.people)),
        (tr("pw_count_drill_min", lang), f"{c.drill_min:g}"),
        (tr("pw_count_real_min", lang), f"{c.real_min:g}"),
        (tr("pw_count_avg", lang), "—" if c.average is None else f"{c.average:g}"),
        (tr("pw_count_problems", lang), str(c.problems)),
        (tr("pw_count_actions", lang), str(c.actions)),
    ]


@dataclass
class WeeklyReport:
    """The week's report, ready to write as .docx or .xlsx."""

    lang: Lang
    since: date
    until: date
    unit: str | None
    table: list[dict[str, Any]]
    counts: WeekCounts

    @property
    def paragraph(self) -> str:
        """The summary paragraph."""
        return summary_paragraph(self.counts, self.since, self.until, self.lang)


def weekly_report(
    day: date, lang: Lang, *, history: History | None = None, unit: str | None = None,
    team: str | None = None,
) -> WeeklyReport:  # fmt: skip
    """The report of the week ``day`` falls in."""
    history = history or History()
    since, until = report_week(day)
    table = rows(history, lang, since=since, until=until, unit=unit, team=team)
    return WeeklyReport(lang, since, until, unit, table, counts_of(table, history))


DOCX_COLUMNS: tuple[str, ...] = (
    "no", "date", "unit", "team", "scenario", "level", "kind", "participants", "duration",
    "real_duration", "score", "grade",
)  # fmt: skip
"""The statistics table's columns that fit a landscape page of the Word report; the
problems themselves are in the workbook, the Word report counts them."""


def weekly_docx(rep: WeeklyReport) -> bytes:
    """The report as a Word document (A4 landscape, GB/T 9704 fonts)."""
    lang = rep.lang
    doc = OfficialDocument(lang, landscape=True, body_pt=SIZE_PT["4号"])
    doc.title(tr("pw_week_title", lang))
    doc.para(
        tr("pw_week_period", lang, since=rep.since.isoformat(), until=rep.until.isoformat()),
        indent=False, align="center",
    )  # fmt: skip
    if rep.unit:
        doc.para(tr("pw_week_unit", lang, unit=rep.unit), indent=False, align="center")
    doc.heading(tr("pw_week_summary", lang))
    doc.para(rep.paragraph)
    doc.heading(tr("pw_week_counts", lang))
    counts = _count_rows(rep.counts, lang)
    doc.table([k for k, _ in counts], [[v for _, v in counts]], size_pt=SIZE_PT["5号"])
    doc.heading(tr("pw_week_table", lang))
    if rep.table:
        all_heads = dict(zip(COLUMNS, headers(lang), strict=True))
        doc.table(
            [*(all_heads[c] for c in DOCX_COLUMNS), tr("pw_count_problems", lang)],
            [
                [*("" if r[c] is None else r[c] for c in DOCX_COLUMNS),
                 rep.counts.problems_of.get(r["session"], 0)]
                for r in rep.table
            ],
            size_pt=SIZE_PT["5号"],
        )  # fmt: skip
    else:
        doc.para(tr("pw_week_none", lang, since=rep.since.isoformat(), until=rep.until.isoformat()))
    doc.heading(tr("pw_week_media", lang))
    doc.para(tr("pw_week_media_text", lang))
    doc.signatures([tr("pw_organiser", lang)], date_label=tr("pw_date", lang))
    return doc.to_bytes()


def weekly_xlsx(rep: WeeklyReport) -> bytes:
    """The report as a workbook: the summary sheet, then the statistics table."""
    openpyxl = importlib.import_module("openpyxl")
    styles = importlib.import_module("openpyxl.styles")
    Alignment, Font = styles.Alignment, styles.Font
    lang = rep.lang
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = tr("pw_week_sheet", lang)
    ws.merge_cells("A1:D1")
    ws["A1"] = tr("pw_week_title", lang)
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"] = tr("pw_week_period", lang, since=rep.since.isoformat(), until=rep.until.isoformat())
    if rep.unit:
        ws["A3"] = tr("pw_week_unit", lang, unit=rep.unit)
    ws.merge_cells("A5:D5")
    ws["A5"] = rep.paragraph
    ws["A5"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[5].height = 110
    for i, (k, v) in enumerate(_count_rows(rep.counts, lang), start=7):
        ws.cell(row=i, column=1, value=k).font = Font(bold=True)
        ws.cell(row=i, column=2, value=_number(v))
    ws.column_dimensions["A"].width = 22
    for col in "BCD":
        ws.column_dimensions[col].width = 30
    table_ws = wb.create_sheet()
    fill_sheet(
        table_ws, rep.table, lang, Filters(rep.since.isoformat(), rep.until.isoformat(), rep.unit)
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _number(text: str) -> Any:
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() else value
