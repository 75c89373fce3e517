"""The Safety Month statistics table as CSV and XLSX, in zh and en."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sim.records.export import COLUMNS, export_table, headers, rows
from sim.records.history import History, Participant, SessionRecord
from sim.records.journal import expectation_rows
from tests.records.helpers import scenario, straight_result
from tui.cli import main

HEADERS_ZH = [
    "序号", "单位", "班组", "演练日期", "演练形式", "演练级别", "演练类型", "演练科目", "场景类别",
    "参演人数", "演练时长：推演时间（分钟）", "演练时长：实际用时（分钟）", "得分", "等级", "发现问题",
    "整改措施", "记录编号", "人员总数", "已到达安全地点", "就地避险", "未脱离危险", "死亡", "受伤（存活）",
    "有人处危害峰值", "现场危害峰值",
]  # fmt: skip
HEADERS_EN = [
    "No.", "Unit", "Team", "Drill date", "Form", "Level", "Type", "Scenario", "Scenario category",
    "Participants", "Duration: drill time (min)", "Duration: real time (min)", "Score", "Grade",
    "Problems found", "Corrective actions", "Record", "People in all", "Safe", "Sheltered in place",
    "Not safe", "Dead", "Injured (alive)", "Peak where people were", "Peak on site",
]  # fmt: skip


@pytest.fixture
def history() -> History:
    """Three finished drills in June 2026 (two units) and one in July, and one unfinished."""
    h = History()
    _, sc = scenario("chemical-vehicle-leak")
    late = straight_result("chemical-vehicle-leak", "late", 1)
    ideal = straight_result("chemical-vehicle-leak", "ideal", 1)
    plan: list[tuple[str, str, str, dict[str, Any] | None, str]] = [
        ("20260603-100000-aaaaaa", "2026-06-03T10:00:00+08:00", "一厂", late, "finished"),
        ("20260612-100000-bbbbbb", "2026-06-12T10:00:00+08:00", "二厂", ideal, "finished"),
        ("20260625-100000-cccccc", "2026-06-25T10:00:00+08:00", "一厂", ideal, "finished"),
        ("20260702-100000-dddddd", "2026-07-02T10:00:00+08:00", "一厂", late, "finished"),
        ("20260628-100000-eeeeee", "2026-06-28T10:00:00+08:00", "一厂", None, "running"),
    ]
    for sid, started, unit, result, status in plan:
        rec = SessionRecord(
            id=sid,
            scenario_id=sc.id,
            seed=1,
            started=started,
            unit=unit,
            team="甲班",
            participants=[
                Participant("王伟", "leader"),
                Participant("李娜", "escort"),
                Participant("赵强", "guard"),
            ],
            scenario_title={"zh": "液氨槽车装卸区泄漏", "en": "Liquid-ammonia tanker leak"},
            scenario_category=sc.category,
            status=status,
            duration_s=1530.0 if result else None,
            sim_s=1800.0 if result else None,
            total=result["score"]["total"] if result else None,
            grade=result["score"]["grade"] if result else None,
            expectations=expectation_rows(sc, result) if result else [],
        )
        h.save_session(rec, result)
    h.add_improvement(
        "20260603-100000-aaaaaa",
        issue="报告缺少伤亡人数",
        action="修订报告卡片",
        responsible="安全科",
        due_date="2026-07-15",
    )
    h.add_improvement("20260603-100000-aaaaaa", issue="警戒半径偏小", action="按 ERG 设 100 m 警戒")
    return h


def test_rows_cover_finished_drills_in_range(history: History) -> None:
    table = rows(history, "zh", since="2026-06-01", until="2026-06-30")
    assert [r["session"][:8] for r in table] == ["20260603", "20260612", "20260625"]
    first = table[0]
    assert first["no"] == 1 and first["unit"] == "一厂" and first["date"] == "2026-06-03"
    assert first["type"] == "桌面推演" and first["category"] == "危险化学品运输车辆泄漏"
    # Three people named; the late playbook plays five roles (campaign.participants_count).
    assert first["participants"] == 5
    assert first["duration"] == 30.0 and first["real_duration"] == 25.5
    assert first["level"] == "班组" and first["kind"] == "现场处置"
    late = straight_result("chemical-vehicle-leak", "late", 1)
    assert (
        first["score"] == round(late["score"]["total"], 1)
        and first["grade"] == late["score"]["grade"]
    )
    assert first["problems"].splitlines()[0] == f"1. {late['deductions'][0]['zh']}"
    assert first["actions"].splitlines() == [
        "1. 修订报告卡片（责任：安全科，完成：2026-07-15）",
        "2. 按 ERG 设 100 m 警戒",
    ]
    assert [r["session"][:8] for r in rows(history, "zh", unit="一厂")] == [
        "20260603", "20260625", "20260702",
    ]  # fmt: skip
    en = rows(history, "en", until="2026-06-05")[0]
    assert en["type"] == "tabletop exercise" and en["grade"] in (
        "excellent",
        "good",
        "fair",
        "poor",
    )
    assert en["category"] == "hazardous-chemical vehicle leak"
    assert en["problems"].startswith("1. ")


@pytest.mark.parametrize(("lang", "expected"), [("zh", HEADERS_ZH), ("en", HEADERS_EN)])
def test_xlsx_opens_with_openpyxl_and_has_the_right_columns(
    history: History, tmp_path: Path, lang: str, expected: list[str]
) -> None:
    out = tmp_path / f"stats-{lang}.xlsx"
    count = export_table(out, lang=lang, history=history, since="2026-06-01", until="2026-06-30")  # type: ignore[arg-type]
    assert count == 3
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    assert ws is not None
    title = "安全生产应急演练专题行活动情况统计表" if lang == "zh" else "Safety Production Month"
    assert str(ws["A1"].value).startswith(title)
    assert "2026-06-01" in str(ws["A2"].value)
    assert [c.value for c in ws[3]] == expected
    data = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert len(data) == 3
    assert [r[0] for r in data] == [1, 2, 3]
    assert data[0][1] == "一厂" and data[0][3] == "2026-06-03"
    assert isinstance(data[0][12], float) and isinstance(data[0][9], int)
    assert data[0][10] == 30 and data[0][11] == 25.5
    assert data[0][14] and data[0][15]
    assert data[0][17] == 179  # the people in all, a number as the ledger counts them
    assert str(data[0][23]).startswith("10,433 ppm")  # the peak where people were, as text
    assert ws.freeze_panes == "A4"


@pytest.mark.parametrize(("lang", "expected"), [("zh", HEADERS_ZH), ("en", HEADERS_EN)])
def test_csv_is_utf8_with_a_bom_for_excel(
    history: History, tmp_path: Path, lang: str, expected: list[str]
) -> None:
    out = tmp_path / "stats.csv"
    assert export_table(out, lang=lang, history=history, unit="二厂") == 1  # type: ignore[arg-type]
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == expected
    assert len(table) == 2 and table[1][1] == "二厂"
    assert len(table[1]) == len(COLUMNS) == len(headers("zh"))


def test_export_command(
    history: History, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "june.xlsx"
    code = main(
        ["export", "--since", "2026-06-01", "--until", "2026-06-30", "-o", str(out), "--lang", "zh"]
    )
    assert code == 0
    assert "已导出3次演练" in capsys.readouterr().err
    assert openpyxl.load_workbook(out).active.max_row == 6  # type: ignore[union-attr]
    assert main(["export", "--unit", "二厂", "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0] == ",".join(HEADERS_EN)
    assert main(["export", "--format", "xlsx"]) == 2
    assert main(["export", "--since", "someday", "-o", str(tmp_path / "x.csv")]) == 1
    assert "someday" in capsys.readouterr().err
