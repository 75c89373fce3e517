"""The city's list of units, read from a spreadsheet (XLSX or CSV).

The first row names the columns, in Chinese or English (any order; other columns are
ignored)::

    单位名称 | 辖区类别 | 所属辖区 | 行业 | 联系人
    name     | kind     | jurisdiction | industry | contact

辖区类别 is 产业集聚区 (development zone), 镇街 (town or street) or 行业部门 (industry
department), or zone / town / department. A unit named twice keeps its last row. A row with
no name is skipped; a row whose 辖区类别 is not one of the three is refused with its row
number, and nothing is imported.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sim.bounded import ReadError, read_regular
from sim.city.store import JURISDICTION_KINDS, Unit
from sim.safetext import nfc

MAX_BYTES = 32 * 1024 * 1024
"""Largest spreadsheet read."""

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("单位名称", "单位", "name", "unit"),
    "kind": ("辖区类别", "辖区类型", "kind", "jurisdiction kind"),
    "jurisdiction": ("所属辖区", "辖区", "jurisdiction"),
    "industry": ("行业", "所属行业", "industry"),
    "contact": ("联系人", "contact"),
}

KIND_NAMES: dict[str, str] = {
    "产业集聚区": "zone",
    "镇街": "town",
    "行业部门": "department",
    "zone": "zone",
    "development zone": "zone",
    "town": "town",
    "department": "department",
}


class UnitsError(Exception):
    """The spreadsheet cannot be imported; ``key`` and ``args_`` say why (catalogue key)."""

    def __init__(self, key: str, **args: object) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


def read_units(path: Path) -> list[Unit]:
    """The units in a spreadsheet; UnitsError when it cannot be read or a row is wrong."""
    try:
        data = read_regular(path, MAX_BYTES)
    except ReadError as exc:
        raise UnitsError("err_units_unreadable", path=path, why=exc.render("en")) from None
    if path.suffix.lower() == ".xlsx":
        rows = _xlsx_rows(data, path)
    elif path.suffix.lower() == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UnitsError("err_units_unreadable", path=path, why="not UTF-8") from None
        rows = [list(r) for r in csv.reader(io.StringIO(text))]
    else:
        raise UnitsError("err_units_format", path=path)
    if not rows:
        raise UnitsError("err_units_no_header", path=path)
    header = [_cell(c).lower() for c in rows[0]]
    index: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for i, h in enumerate(header):
            if h in names and key not in index:
                index[key] = i
    if "name" not in index or "kind" not in index or "jurisdiction" not in index:
        raise UnitsError("err_units_no_header", path=path)
    units: dict[str, Unit] = {}
    for n, row in enumerate(rows[1:], start=2):

        def get(key: str, row: list[object] = row) -> str:
            i = index.get(key)
            return _cell(row[i]) if i is not None and i < len(row) else ""

        name = get("name")
        if not name:
            continue
        kind = KIND_NAMES.get(get("kind").lower())
        if kind not in JURISDICTION_KINDS:
            raise UnitsError("err_units_bad_kind", path=path, row=n, value=get("kind"))
        units[name] = Unit(
            name=name,
            jurisdiction_kind=kind,
            jurisdiction=get("jurisdiction"),
            industry=get("industry"),
            contact=get("contact"),
        )
    return list(units.values())


def _cell(value: object) -> str:
    return "" if value is None else nfc(str(value).strip())


def _xlsx_rows(data: bytes, path: Path) -> list[list[object]]:
    import importlib
    import zipfile

    openpyxl = importlib.import_module("openpyxl")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnitsError("err_units_unreadable", path=path, why=str(exc)[:200]) from None
    try:
        sheet = book.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
