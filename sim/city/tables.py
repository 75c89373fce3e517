"""The city's statistics table by jurisdiction, as XLSX or DOCX.

The rows are the campaign's statistics table (:func:`sim.records.export.rows`, the table a
unit exports itself), with the unit that sent each drill in the 单位 column and the
workshop and team the laptop recorded in the 班组 column. The workbook starts with a sheet
that sums up each jurisdiction (units, units that drilled, drills, participants, mean score)
and then has one sheet per jurisdiction laid out by :func:`sim.records.export.fill_sheet`.
The Word document (GB/T 9704 layout, :mod:`sim.records.paperwork.gbt9704`) has the same
summary and one table per jurisdiction with the columns of the Friday report
(:data:`sim.records.paperwork.weekly.DOCX_COLUMNS`).
"""

from __future__ import annotations

import importlib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sim.city.stats import drills_of
from sim.city.store import City
from sim.i18n import tr
from sim.records.export import COLUMNS, Filters, fill_sheet, headers, rows
from sim.records.history import History, SessionRecord
from sim.text import Lang


class _Drills(History):
    """The history seen through a set of drill ids (what the statistics table reads)."""

    def __init__(self, base: History, ids: set[str]) -> None:
        if base.path is not None:
            super().__init__(base.path)
        else:
            super().__init__(url=base.url)
        self._ids = ids

    def sessions(self, **kw: Any) -> list[SessionRecord]:
        """The drills of the set that match the filters."""
        return [r for r in super().sessions(**kw) if r.id in self._ids]


@dataclass
class Section:
    """One jurisdiction's part of the table."""

    kind: str
    name: str
    units: int
    drilled_units: int
    table: list[dict[str, Any]]

    @property
    def participants(self) -> int:
        """参演人数 of its drills."""
        return sum(int(r["participants"] or 0) for r in self.table)

    @property
    def mean_score(self) -> float | None:
        """Mean score of its scored drills."""
        scores = [float(r["score"]) for r in self.table if r["score"] is not None]
        return round(sum(scores) / len(scores), 1) if scores else None


def sections(city: City, lang: Lang, since: date | None, until: date | None) -> list[Section]:
    """The statistics table of the period, split by jurisdiction (every jurisdiction of the
    list of units, with or without drills)."""
    sent_by = drills_of(city.history, since, until)
    table = rows(
        _Drills(city.history, set(sent_by)),
        lang,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
    )
    units = city.units()
    place_of = {u.name: (u.jurisdiction_kind, u.jurisdiction) for u in units}
    out: dict[tuple[str, str], Section] = {}
    for u in units:
        sec = out.setdefault(
            (u.jurisdiction_kind, u.jurisdiction),
            Section(u.jurisdiction_kind, u.jurisdiction, 0, 0, []),
        )
        sec.units += 1
    drilled: dict[tuple[str, str], set[str]] = {}
    for row in table:
        unit = sent_by.get(str(row["session"]), "")
        key = place_of.get(unit, ("", tr("city_unlisted", lang)))
        sec = out.setdefault(key, Section(key[0], key[1], 0, 0, []))
        row["team"] = " ".join(x for x in (str(row["unit"] or ""), str(row["team"] or "")) if x)
        row["unit"] = unit
        row["no"] = len(sec.table) + 1
        sec.table.append(row)
        drilled.setdefault(key, set()).add(unit)
    for key, sec in out.items():
        sec.drilled_units = len(
            drilled.get(key, set()) & {u for u, p in place_of.items() if p == key}
        )
    order = {"zone": 0, "town": 1, "department": 2}
    return sorted(out.values(), key=lambda s: (order.get(s.kind, 9), s.name))


def _kind(kind: str, lang: Lang) -> str:
    return tr(f"city_kind_{kind}", lang) if kind in ("zone", "town", "department") else ""


def summary_head(lang: Lang) -> list[str]:
    """The summary table's column headers."""
    return [tr(k, lang) for k in ("city_col_kind", "col_jurisdiction", "col_units", "col_drilled",
                                  "col_not_drilled", "col_drills", "pw_count_people",
                                  "col_mean")]  # fmt: skip


def summary_rows(secs: list[Section], lang: Lang) -> list[list[Any]]:
    """One summary row per jurisdiction."""
    return [
        [_kind(s.kind, lang), s.name, s.units, s.drilled_units, s.units - s.drilled_units,
         len(s.table), s.participants, s.mean_score]
        for s in secs
    ]  # fmt: skip


def _period(lang: Lang, since: date | None, until: date | None) -> str:
    if since is None and until is None:
        return tr("city_period_all", lang)
    return tr(
        "city_period_range",
        lang,
        since=since.isoformat() if since else "…",
        until=until.isoformat() if until else "…",
    )


def _sheet_title(name: str, taken: set[str]) -> str:
    """A worksheet name from a jurisdiction's (≤ 31 characters, none of []:*?/\\, unique)."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("' ") or "-"
    base = base[:28]
    title, n = base, 2
    while title in taken:
        title, n = f"{base}~{n}", n + 1
    taken.add(title)
    return title


def xlsx(city: City, lang: Lang, since: date | None, until: date | None) -> bytes:
    """The workbook: the summary sheet, then one sheet per jurisdiction."""
    openpyxl = importlib.import_module("openpyxl")
    styles = importlib.import_module("openpyxl.styles")
    Font = styles.Font
    secs = sections(city, lang, since, until)
    wb = openpyxl.Workbook()
    ws = wb.active
    taken = {tr("city_sheet_summary", lang)[:31]}
    ws.title = tr("city_sheet_summary", lang)[:31]
    ws["A1"] = tr("city_table_title", lang)
    ws["A1"].font = Font(size=16, bold=True)
    ws["A2"] = f"{_period(lang, since, until)}    {tr('city_made_at', lang, when=_now())}"
    for j, head in enumerate(summary_head(lang), start=1):
        ws.cell(row=4, column=j, value=head).font = Font(bold=True)
    for i, row in enumerate(summary_rows(secs, lang), start=5):
        for j, value in enumerate(row, start=1):
            cell = ws.cell(row=i, column=j, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
    for col, width in zip("ABCDEFGH", (12, 24, 8, 10, 10, 10, 10, 10), strict=True):
        ws.column_dimensions[col].width = width
    for sec in secs:
        sheet = wb.create_sheet()
        fill_sheet(sheet, sec.table, lang, Filters(_iso(since), _iso(until), None))
        sheet["A2"] = f"{_kind(sec.kind, lang)} {sec.name}    {sheet['A2'].value}"
        sheet.title = _sheet_title(sec.name, taken)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def docx(city: City, lang: Lang, since: date | None, until: date | None) -> bytes:
    """The Word document: the summary, then one table per jurisdiction."""
    from sim.records.paperwork.gbt9704 import SIZE_PT, OfficialDocument
    from sim.records.paperwork.weekly import DOCX_COLUMNS

    secs = sections(city, lang, since, until)
    doc = OfficialDocument(lang, landscape=True, body_pt=SIZE_PT["4号"])
    doc.title(tr("city_table_title", lang))
    doc.para(_period(lang, since, until), indent=False, align="center")
    doc.heading(tr("city_sheet_summary", lang))
    doc.table(
        summary_head(lang),
        [["" if v is None else v for v in row] for row in summary_rows(secs, lang)],
        size_pt=SIZE_PT["5号"],
    )
    all_heads = dict(zip(COLUMNS, headers(lang), strict=True))
    for sec in secs:
        doc.heading(f"{_kind(sec.kind, lang)} {sec.name}".strip())
        if sec.table:
            doc.table(
                [all_heads[c] for c in DOCX_COLUMNS],
                [["" if r[c] is None else r[c] for c in DOCX_COLUMNS] for r in sec.table],
                size_pt=SIZE_PT["5号"],
            )
        else:
            doc.para(tr("city_no_drills", lang))
    return doc.to_bytes()


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="minutes").replace("T", " ")[:16]
