"""The after-action report: its contents in zh and en, the three formats, and a rendering
check in headless Chromium (skipped where Chromium is not installed)."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sim.records import RecordsError
from sim.records.history import History, Participant
from sim.records.journal import Recorder
from sim.records.report import build_report, gather, render, to_html, to_markdown
from tests.records.helpers import scenario, steps
from tui.cli import main


def drill(name: str, playbook: str, *, upto: int | None = None, finish: bool = True) -> str:
    path, sc = scenario(name)
    roles = [r.id for r in sc.roles]
    rec = Recorder.start(
        sc,
        path,
        seed=2,
        unit="示范机械厂",
        team="二车间甲班",
        participants=[Participant("王伟", roles[0]), Participant("李娜", roles[1])],
        lang="zh",
        speed=1.0,
    )
    for step in steps(name, playbook)[:upto]:
        rec.apply_step(step)
    if finish:
        rec.finish()
    else:
        rec.close()
    return rec.session_id


@pytest.fixture
def late_leak() -> str:
    """A finished chemical-leak drill played late, with a note and an improvement item."""
    sid = drill("chemical-vehicle-leak", "late")
    h = History()
    h.add_note(sid, "报告要素不全，警戒半径偏小", author="赵评估")
    h.add_improvement(
        sid,
        capability="信息报告",
        issue="报告缺少伤亡人数和已采取措施",
        action="修订报告卡，列出六要素模板",
        responsible="安全科 王工",
        due_date="2026-07-15",
    )
    return sid


SECTIONS = (
    "overview", "score", "expectations", "timeline", "outcome", "hazard", "ratings",
    "checklist", "strengths", "areas", "notes", "improvement_plan", "suggested_issues",
)  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_holds_every_part_of_an_aar_ip(late_leak: str, lang: str) -> None:
    rep = build_report(gather(late_leak), lang)  # type: ignore[arg-type]
    for key in SECTIONS:
        assert key in rep, key
    o = rep["overview"]
    assert (o["unit"], o["team"], o["session"]) == ("示范机械厂", "二车间甲班", late_leak)
    assert [p["name"] for p in o["participants"]] == ["王伟", "李娜"]
    assert all(p["role_name"] for p in o["participants"])
    assert o["drill_type"] == ("桌面推演" if lang == "zh" else "tabletop exercise")
    assert o["finished"] and rep["warnings"] == []
    result = History().result(late_leak)
    assert result is not None
    assert rep["score"]["total"] == result["score"]["total"]
    assert [c["id"] for c in rep["score"]["categories"]] == [
        "reporting", "evacuation", "early_response", "outcome",
    ]  # fmt: skip
    assert [x["id"] for x in rep["expectations"]] == [x["id"] for x in result["expectations"]]
    assert rep["areas"] == [d[lang] for d in result["deductions"]] and rep["areas"]
    assert rep["strengths"]
    assert {r["rating"] for r in rep["ratings"]} <= {"P", "S", "M", "U"}
    assert len(rep["checklist"]) == len(result["checklist"])
    assert rep["timeline"][0]["clock"] == "14:20:00"
    assert any(e["kind"] == "action" for e in rep["timeline"])
    assert rep["outcome"]["evacuation_curve"]
    hz = rep["hazard"]
    assert hz["available"] and hz["unit"] == "ppm" and len(hz["samples"]) > 100
    assert [x["value"] for x in hz["thresholds"]] == sorted(x["value"] for x in hz["thresholds"])
    assert rep["notes"][0]["author"] == "赵评估"
    assert rep["improvement_plan"][0]["responsible"] == "安全科 王工"


def test_zh_and_en_reports_say_the_same_in_their_own_language(late_leak: str) -> None:
    inp = gather(late_leak)
    zh, en = build_report(inp, "zh"), build_report(inp, "en")
    assert zh["title"] == "应急演练评估报告与改进计划"
    assert en["title"] == "After-action report and improvement plan"
    assert len(zh["timeline"]) == len(en["timeline"])
    assert zh["timeline"][1]["text"] != en["timeline"][1]["text"]
    assert re.search(r"[\u4e00-\u9fff]", zh["expectations"][0]["title"])
    assert not re.search(r"[\u4e00-\u9fff]", en["expectations"][0]["title"])
    md_zh, md_en = to_markdown(zh), to_markdown(en)
    for heading in ("一、演练概况", "四、时间线", "七、AQ/T 9009", "十、改进计划"):
        assert heading in md_zh
    for heading in ("1. Overview", "4. Timeline", "7. AQ/T 9009", "10. Improvement plan"):
        assert heading in md_en
    assert "| 信息报告 | 报告缺少伤亡人数和已采取措施 | 修订报告卡" in md_zh


def test_the_html_report_is_self_contained_with_three_charts(late_leak: str) -> None:
    html = to_html(build_report(gather(late_leak), "zh"))
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert html.count("<svg") == 3
    for outside in ("<script", "<link", "<img", "@import", "url(", "src=", "href="):
        assert outside not in html, outside
    assert re.findall(r"https?://[^\"' ]+", html) == ["http://www.w3.org/2000/svg"] * 3
    assert "(log)" in html  # the plume: 7,000 ppm at the bay against an AEGL-1 of 30 ppm


def test_improvement_plan_offers_the_deductions_until_the_evaluator_fills_it_in() -> None:
    sid = drill("workshop-evacuation", "late")
    rep = build_report(gather(sid), "en")
    assert rep["improvement_plan"] == []
    assert [s["issue"] for s in rep["suggested_issues"]] == rep["areas"]
    md = to_markdown(rep)
    assert "Filled in by the evaluator at the debrief" in md
    assert rep["hazard"] == {
        "available": False,
        "reason": "This scenario has no hazard model, so there is no hazard curve",
    }
    assert to_html(rep).count("<svg") == 2


def test_a_report_of_an_unfinished_drill_says_so() -> None:
    sid = drill("chemical-vehicle-leak", "ideal", upto=3, finish=False)
    rep = build_report(gather(sid), "en")
    assert not rep["overview"]["finished"]
    assert rep["warnings"][0].startswith("Note: this drill has not ended")
    assert rep["expectations"]


def test_a_report_without_its_journal_still_comes_from_the_history(late_leak: str) -> None:
    journal = Path(History().session(late_leak).journal)
    journal.unlink()
    rep = build_report(gather(late_leak), "en")
    assert rep["hazard"]["available"] is False
    assert rep["score"]["total"] is not None and rep["areas"]
    with pytest.raises(RecordsError) as exc:
        gather("20000101-nothing")
    assert exc.value.key == "err_no_session"


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_command_writes_each_format(
    late_leak: str, tmp_path: Path, fmt: str, lang: str
) -> None:
    out = tmp_path / f"report.{fmt}"
    assert main(["report", late_leak[:18], "--format", fmt, "-o", str(out), "--lang", lang]) == 0
    text = out.read_text(encoding="utf-8")
    title = "应急演练评估报告与改进计划" if lang == "zh" else "After-action report"
    assert title in text
    if fmt == "json":
        assert json.loads(text)["lang"] == lang


def test_report_formats_render_from_one_object(late_leak: str) -> None:
    rep = build_report(gather(late_leak), "en")
    assert render(rep, "md") == to_markdown(rep)
    assert render(rep, "html") == to_html(rep)
    assert json.loads(render(rep, "json")) == json.loads(json.dumps(rep))


# --- rendering in a browser ------------------------------------------------------------------


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.skipif(
    _chromium() is None,
    reason="headless Chromium is not installed (apt-get install -y chromium fonts-noto-cjk)",
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_report_renders_in_headless_chromium(
    late_leak: str, tmp_path: Path, lang: str
) -> None:
    """Takes a screenshot of the report. Set DRILLSIM_SCREENSHOTS=folder to keep them."""
    rep: dict[str, Any] = build_report(gather(late_leak), lang)  # type: ignore[arg-type]
    page = tmp_path / f"report-{lang}.html"
    page.write_text(to_html(rep), encoding="utf-8")
    shot = tmp_path / f"report-{lang}.png"
    chromium = _chromium()
    assert chromium is not None
    proc = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1100,1600",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=90,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _png_size(shot) == (1100, 1600)
    assert shot.stat().st_size > 40_000  # a page of text and charts, not a blank one
    keep = os.environ.get("DRILLSIM_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)
