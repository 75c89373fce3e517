"""The Safety Production Month statistics table (《安全生产应急演练专题行活动情况统计表》,
2024 campaign notice), built from the history, as CSV or XLSX, with zh or en headers.

One row per finished drill, filtered by date range, unit and team. The columns: number,
unit, team, drill date, form (桌面推演, tabletop), level (班组/车间/企业) and type
(综合/专项/现场处置) (sim.records.campaign), scenario, scenario category, participants
(参演人数: as the team gave it, else the people named or the roles played), duration in
drill time (the scenario clock, minutes) and in real time (minutes at the table,
interruptions left out), score, grade, problems found (the deductions), corrective actions
(the improvement plan), the record id, and then the people (in all, safe, sheltered, not
safe, dead, injured) and the peaks (where people were, on site) as the debrief and the
report show them (sim.records.account). CSV is UTF-8 with a byte-order mark so that Excel opens it correctly.
"""

from __future__ import annotations

import csv
import importlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sim.atomic import write_atomic
from sim.i18n import category_label, grade_label, tr
from sim.records.account import Fact, account
from sim.records.campaign import DEFAULT_LEVEL, DRILL_LEVELS, drill_kind_of, participants_count
from sim.records.history import History, as_date
from sim.safetext import cell as safe_cell
from sim.text import Lang, localize

ACCOUNT_COLUMNS: tuple[str, ...] = (
    "people_total",
    "people_safe",
    "people_sheltered",
    "people_not_safe",
    "people_dead",
    "people_injured",
    "peak",
    "peak_on_site",
)
"""The account of people and peaks (sim.records.account), one column each."""

COLUMNS: tuple[str, ...] = (
    "no",
    "unit",
    "team",
    "date",
    "type",
    "level",
    "kind",
    "scenario",
    "category",
    "participants",
    "duration",
    "real_duration",
    "score",
    "grade",
    "problems",
    "actions",
    "session",
    *ACCOUNT_COLUMNS,
)
"""Column ids, in order; their headers are ``col_<id>`` in the catalogue, and the people and
peak columns are named as the debrief and the report name them (``acct_<id>``,
sim.records.account)."""

WIDTHS: dict[str, int] = {
    "no": 6,
    "unit": 20,
    "team": 12,
    "date": 12,
    "type": 12,
    "level": 9,
    "kind": 10,
    "scenario": 26,
    "category": 20,
    "participants": 10,
    "duration": 12,
    "real_duration": 12,
    "score": 8,
    "grade": 8,
    **dict.fromkeys(ACCOUNT_COLUMNS[:-2], 9),
    "peak": 30,
    "peak_on_site": 30,
    "problems": 60,
    "actions": 44,
    "session": 24,
}


def headers(lang: Lang) -> list[str]:
    """The column headers in ``lang``."""
    return [tr(f"acct_{c}" if c in ACCOUNT_COLUMNS else f"col_{c}", lang) for c in COLUMNS]


@dataclass(frozen=True)
class Filters:
    """Which drills the table covers."""

    since: str | None = None
    until: str | None = None
    unit: str | None = None
    team: str | None = None


def rows(
    history: History,
    lang: Lang,
    *,
    since: str | date | datetime | None = None,
    until: str | date | datetime | None = None,
    unit: str | None = None,
    team: str | None = None,
) -> list[dict[str, Any]]:
    """One row per finished drill in the range, oldest first (keys: :data:`COLUMNS`)."""
    out: list[dict[str, Any]] = []
    sessions = history.sessions(
        since=since, until=until, unit=unit, team=team, status="finished", oldest_first=True
    )
    node_names: dict[str, Callable[[str], str] | None] = {}
    for i, rec in enumerate(sessions, start=1):
        result = history.result(rec.id) or {}
        if rec.scenario_id not in node_names:
            node_names[rec.scenario_id] = _node_names(rec.scenario_id, lang)
        facts = {
            f.key: f
            for f in account(result.get("outcome") or {}, lang, node_names[rec.scenario_id])
        }
        level = rec.drill_level if rec.drill_level in DRILL_LEVELS else DEFAULT_LEVEL
        problems = [d.get(lang, "") for d in result.get("deductions", [])]
        actions = []
        for item in history.improvements(rec.id):
            if not item.action:
                continue
            if item.responsible or item.due_date:
                actions.append(
                    tr(
                        "xp_action_item",
                        lang,
                        action=item.action,
                        responsible=item.responsible or "—",
                        due=item.due_date or "—",
                    )
                )
            else:
                actions.append(item.action)
        out.append(
            {
                "no": i,
                "unit": rec.unit,
                "team": rec.team,
                "date": rec.date,
                "type": tr("drill_type_tabletop", lang),
                "level": tr(f"level_{level}", lang),
                "kind": tr(f"drill_kind_{drill_kind_of(level, rec.drill_kind)}", lang),
                "scenario": rec.scenario_title.get(lang) or rec.scenario_id,
                "category": category_label(rec.scenario_category, lang),
                "participants": participants_count(
                    rec.participants_count,
                    [p.name for p in rec.participants],
                    result.get("events", []),
                )
                or None,
                "duration": None if rec.sim_s is None else round(rec.sim_s / 60.0, 1),
                "real_duration": None
                if rec.duration_s is None
                else round(rec.duration_s / 60.0, 1),
                "score": None if rec.total is None else round(rec.total, 1),
                "grade": grade_label(rec.grade, lang),
                **{c: _account_cell(facts.get(c)) for c in ACCOUNT_COLUMNS},
                "problems": "\n".join(f"{n}. {p}" for n, p in enumerate(problems, 1))
                or tr("none", lang),
                "actions": "\n".join(f"{n}. {a}" for n, a in enumerate(actions, 1)),
                "session": rec.id,
            }
        )
    return out


def _account_cell(fact: Fact | None) -> int | str | None:
    """A count as a number, a peak as the text the report shows."""
    if fact is None:
        return None
    if fact.key.startswith("peak"):
        return fact.text
    return None if fact.value is None else int(fact.value)


def _node_names(scenario_id: str, lang: Lang) -> Callable[[str], str] | None:
    """Place names of a scenario in ``lang`` (None when the scenario is not available)."""
    from sim.catalog import resolve
    from sim.loader import check_file

    path = resolve(scenario_id)
    scenario = check_file(path).scenario if path is not None else None
    if scenario is None:
        return None
    nodes = scenario.index.nodes

    def name(node_id: str) -> str:
        node = nodes.get(node_id)
        return localize(node.name, lang) if node is not None and node.name else node_id

    return name


def to_csv(table: list[dict[str, Any]], lang: Lang) -> str:
    """The table as CSV text (write it with :func:`write_csv` for the byte-order mark)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(headers(lang))
    for row in table:
        writer.writerow(["" if row[c] is None else safe_cell(row[c]) for c in COLUMNS])
    return buf.getvalue()


def write_csv(
    path: str | Path, table: list[dict[str, Any]], lang: Lang, *, force: bool = False
) -> None:
    """Write the table as UTF-8 CSV with a byte-order mark (Excel reads it as UTF-8),
    atomically (sim.atomic); a cell that would be a formula is kept as text."""
    write_atomic(path, to_csv(table, lang).encode("utf-8-sig"), force=force)


def write_xlsx(
    path: str | Path,
    table: list[dict[str, Any]],
    lang: Lang,
    filters: Filters | None = None,
    *,
    force: bool = False,
) -> None:
    """Write the table as an XLSX workbook (one sheet, laid out by :func:`fill_sheet`)."""
    # openpyxl ships no type information; its names are used as Any.
    openpyxl = importlib.import_module("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    fill_sheet(ws, table, lang, filters)
    buffer = io.BytesIO()
    wb.save(buffer)
    write_atomic(path, buffer.getvalue(), force=force)


def fill_sheet(ws: Any, table: list[dict[str, Any]], lang: Lang, filters: Filters | None) -> None:
    """Lay the table out on a worksheet: a title row, the filters, then the header row
    (row 3) and one row per drill, ready to print on A4 landscape."""
    styles = importlib.import_module("openpyxl.styles")
    get_column_letter = importlib.import_module("openpyxl.utils").get_column_letter
    Alignment, Border, Font = styles.Alignment, styles.Border, styles.Font
    PatternFill, Side = styles.PatternFill, styles.Side

    from sim import __version__
    from sim.records.paths import now_iso

    filters = filters or Filters()
    ws.title = tr("xp_sheet", lang)
    ncol = len(COLUMNS)
    last = get_column_letter(ncol)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = tr("xp_title", lang)
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    period = (
        tr("xp_period", lang, since=filters.since or "…", until=filters.until or "…")
        if filters.since or filters.until
        else tr("xp_period_all", lang)
    )
    bits = [period]
    if filters.unit:
        bits.append(tr("brief_unit", lang, unit=filters.unit))
    bits.append(tr("xp_made", lang, version=__version__, when=now_iso()[:16].replace("T", " ")))
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = "    ".join(bits)
    ws["A2"].font = Font(size=10, color="555555")
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DDE5F0")
    for j, head in enumerate(headers(lang), start=1):
        cell = ws.cell(row=3, column=j, value=head)
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[3].height = 32
    for i, row in enumerate(table, start=4):
        for j, col in enumerate(COLUMNS, start=1):
            value = row[col]
            cell = ws.cell(row=i, column=j)
            _set_value(cell, value)
            cell.border = border
            wrap = col in ("problems", "actions", "scenario", "unit", "category")
            cell.alignment = Alignment(vertical="top", wrap_text=wrap)
            if col == "score" and value is not None:
                cell.number_format = "0.0"
            if col in ("duration", "real_duration") and value is not None:
                cell.number_format = "0.0"
    for j, col in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(j)].width = WIDTHS[col]
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:{last}{max(3, len(table) + 3)}"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _set_value(cell: Any, value: Any) -> None:
    """Put a value in an XLSX cell: numbers as numbers, and text always as a string cell
    (openpyxl would store text beginning with ``=`` as a live formula)."""
    if isinstance(value, str):
        cell.value = safe_cell(value, formula_guard=False)
        cell.data_type = "s"
    else:
        cell.value = value


def export_table(
    path: str | Path,
    *,
    fmt: str | None = None,
    lang: Lang = "zh",
    history: History | None = None,
    since: str | date | datetime | None = None,
    until: str | date | datetime | None = None,
    unit: str | None = None,
    team: str | None = None,
    force: bool = False,
) -> int:
    """Write the statistics table to ``path`` (csv or xlsx, from ``fmt`` or the suffix);
    the number of drills in it. ``OutputError`` (sim.atomic) when it cannot be written,
    or when the file exists and ``force`` is false."""
    history = history or History()
    fmt = (fmt or Path(path).suffix.lstrip(".") or "csv").lower()
    since_d, until_d = as_date(since), as_date(until)
    table = rows(history, lang, since=since_d, until=until_d, unit=unit, team=team)
    if fmt == "xlsx":
        write_xlsx(path, table, lang, Filters(since_d, until_d, unit, team), force=force)
    else:
        write_csv(path, table, lang, force=force)
    return len(table)
