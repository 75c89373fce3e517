"""The paperwork: every output is opened and checked (Word with python-docx, PDF with pypdf,
workbooks with openpyxl, the video with the ffmpeg imageio-ffmpeg ships, photos with
Pillow)."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from PIL import Image
from pypdf import PdfReader

import sim.records.report as rpt
from sim.records import RecordsError
from sim.records.campaign import drill_kind_of, participants_count, roles_played
from sim.records.history import History
from sim.records.journal import file_sha256
from sim.records.paperwork import cards as cards_mod
from sim.records.paperwork import video
from sim.records.paperwork.cards import cards_pdf
from sim.records.paperwork.fonts import find_cjk_font
from sim.records.paperwork.gbt9704 import cn_number
from sim.records.paperwork.plan import SIGN_IN_SPARE_ROWS, forms_docx, plan_docx
from sim.records.paperwork.report_docx import report_docx
from sim.records.paperwork.weekly import report_week, weekly_docx, weekly_report, weekly_xlsx
from tests.records.helpers import scenario
from tui.cli import main

NEEDS_CJK = pytest.mark.skipif(
    find_cjk_font() is None, reason="no CJK font (apt-get install -y fonts-noto-cjk)"
)


@pytest.fixture
def hotel_session() -> str:
    """The hotel drill played by its ideal playbook, with two named participants."""
    return _cli_run(
        "hotel-evacuation",
        "ideal",
        "--unit",
        "阳光大酒店",
        "--participant",
        "张三:duty_manager",
        "--participant",
        "李四:front_desk",
    )


def _cli_run(name: str, playbook: str, *extra: str) -> str:
    assert main(["run", name, "--playbook", playbook, *extra]) == 0
    newest = History().sessions(limit=1)[0]
    return newest.id


def east_asia(run: Any) -> str | None:
    rpr = run._element.rPr
    fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def texts(document: Any) -> str:
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            out.extend(c.text for c in row.cells)
    return "\n".join(out)


# --- the GB/T 9704 layout ----------------------------------------------------------------------


def test_chinese_heading_numbers() -> None:
    assert [cn_number(n) for n in (1, 9, 10, 11, 20, 23)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十三",
    ]


def check_gbt9704(document: Any, title: str) -> None:
    """A4; margins 37/35/28/26 mm; title 2号 (22 pt) 方正小标宋简体, centred; page numbers."""
    sec = document.sections[0]
    assert abs(sec.page_width - Mm(210)) < Mm(0.5) and abs(sec.page_height - Mm(297)) < Mm(0.5)
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(getattr(sec, f"{side}_margin") - Mm(mm)) < Mm(0.1), side
    first = document.paragraphs[0]
    assert first.text == title
    assert first.style.name == "Title"
    run = first.runs[0]
    assert run.font.size == Pt(22) and east_asia(run) == "方正小标宋简体"
    footer_xml = sec.footer._element.xml + sec.even_page_footer._element.xml
    assert footer_xml.count("PAGE") == 2 and "— " in sec.footer.paragraphs[0].text
    assert document.settings.odd_and_even_pages_header_footer


# --- the report --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_docx_has_every_section_with_charts(hotel_session: str, lang: str) -> None:
    rep = rpt.build_report(rpt.gather(hotel_session), lang)  # type: ignore[arg-type]
    document = docx.Document(io.BytesIO(report_docx(rep)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    from sim.i18n import tr

    for key in ("rpt_overview", "rpt_summary", "rpt_by_expectation", "rpt_timeline",
                "rpt_outcome", "rpt_ratings", "rpt_checklist", "rpt_analysis", "rpt_notes",
                "rpt_plan"):  # fmt: skip
        assert any(h.endswith(tr(key, lang).split("、")[-1].split(". ")[-1]) for h in headings), key  # type: ignore[arg-type]
    # Charts: the timeline, the evacuation curve, the hazard curve.
    assert len(document.inline_shapes) == 3
    body = texts(document)
    assert "张三" in body and "阳光大酒店" in body
    # One row per expectation that applied, plus the header.
    n_exp = sum(1 for x in rep["expectations"] if x["status"] != "not_applicable")
    assert any(len(tb.rows) == n_exp + 1 for tb in document.tables)
    if lang == "zh":
        check_gbt9704(document, rep["title"])
        body_runs = [r for p in document.paragraphs if p.style.name == "Normal" for r in p.runs]
        assert any(east_asia(r) == "仿宋_GB2312" and r.font.size == Pt(16) for r in body_runs)
        h1 = next(p for p in document.paragraphs if p.style.name == "Heading 1")
        assert east_asia(h1.runs[0]) == "黑体" and h1.text.startswith("一、")


def test_report_command_writes_docx_and_keeps_an_existing_file(
    hotel_session: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "aar.docx"
    assert main(["report", hotel_session, "-o", str(out), "--lang", "zh"]) == 0
    first = out.read_bytes()
    assert docx.Document(str(out)).paragraphs[0].text == "应急演练评估报告与改进计划"
    assert main(["report", hotel_session, "--format", "docx", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == first
    assert main(["report", hotel_session, "--format", "docx", "-o", str(out), "--force"]) == 0
    assert main(["report", hotel_session, "--format", "docx"]) == 2


# --- plan and forms ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plan_has_the_parts_of_a_drill_plan(lang: str) -> None:
    path, sc = scenario("hotel-evacuation")
    document = docx.Document(io.BytesIO(plan_docx(sc, lang, sha256=file_sha256(path))))  # type: ignore[arg-type]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    wanted = (
        ["演练目的", "演练情景", "参演角色与职责", "情景注入时间表", "预期行动", "安全保障措施", "评估标准"]
        if lang == "zh"
        else ["Purpose", "Scenario", "Roles and tasks", "Inject timeline", "Expected actions",
              "Safety measures", "Evaluation criteria"]
    )  # fmt: skip
    for w in wanted:
        assert any(w in h for h in headings), w
    if lang == "zh":
        assert headings[0] == "一、演练目的"
        check_gbt9704(document, "宾馆客房夜间火灾疏散演练方案")
    roles = next(tb for tb in document.tables if len(tb.rows) == len(sc.roles) + 1)
    assert roles.rows[1].cells[0].text == ("值班经理" if lang == "zh" else "Duty manager")
    assert any(len(tb.rows) == len(sc.injects) + 1 for tb in document.tables)
    assert any(len(tb.rows) == len(sc.expectations) + 1 for tb in document.tables)
    body = texts(document)
    assert "hotel-evacuation" in body and file_sha256(path)[:12] in body
    # The category weights are normalised to 100 points (hotel: 20/35/30/15).
    assert ("信息报告：20分" if lang == "zh" else "reporting: 20 points") in body.replace(
        "Reporting", "reporting"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_forms_have_a_row_per_role_and_per_expectation_and_lines_to_sign(lang: str) -> None:
    path, sc = scenario("workshop-evacuation")
    document = docx.Document(io.BytesIO(forms_docx(sc, lang, sha256=file_sha256(path))))  # type: ignore[arg-type]
    sign_in, _info, items, *_rest = document.tables
    assert len(sign_in.rows) == 1 + len(sc.roles) + SIGN_IN_SPARE_ROWS
    assert [c.text for c in sign_in.rows[0].cells][:2] == (
        ["序号", "姓名"] if lang == "zh" else ["No.", "Name"]
    )
    assert all(c.text == "" for c in sign_in.rows[1].cells[4:])
    assert len(items.rows) == 1 + len(sc.expectations)
    assert items.rows[1].cells[1].text == sc.expectations[0].title.zh if lang == "zh" else True  # type: ignore[union-attr]
    assert all(c.text == "" for c in items.rows[1].cells[4:])
    body = texts(document)
    evaluator = "评估人员：" if lang == "zh" else "Evaluator: "
    assert evaluator + "_" * 18 in body
    assert ("评估组组长" if lang == "zh" else "Lead evaluator") in body
    if lang == "zh":
        assert "AQ/T 9009" in body
        titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
        assert titles == ["应急演练签到表", "应急演练评估表"]


def test_plan_and_forms_commands(tmp_path: Path) -> None:
    plan, forms = tmp_path / "plan.docx", tmp_path / "forms.docx"
    assert main(["plan", "gas-pipeline-leak", "-o", str(plan), "--lang", "zh"]) == 0
    assert main(["forms", "gas-pipeline-leak", "-o", str(forms), "--lang", "en"]) == 0
    assert docx.Document(str(plan)).paragraphs[0].text.endswith("方案")
    assert docx.Document(str(forms)).paragraphs[0].text == "Drill sign-in sheet"
    assert main(["plan", "no-such-scenario", "-o", str(tmp_path / "x.docx")]) == 1


# --- response cards -------------------------------------------------------------------------


@NEEDS_CJK
@pytest.mark.parametrize(("size", "points"), [("A6", (297.6, 419.5)), ("A5", (419.5, 595.3))])
def test_cards_pdf_one_page_per_role(size: str, points: tuple[float, float]) -> None:
    path, sc = scenario("hotel-evacuation")
    reader = PdfReader(io.BytesIO(cards_pdf(sc, "zh", size=size, sha256=file_sha256(path))))
    assert len(reader.pages) == len(sc.roles)
    box = reader.pages[0].mediabox
    # ISO 216: A6 is 105 × 148 mm, A5 148 × 210 mm (1 mm = 72/25.4 pt).
    assert abs(float(box.width) - points[0]) < 1 and abs(float(box.height) - points[1]) < 1
    for page, role in zip(reader.pages, sc.roles, strict=True):
        # pypdf reads fpdf2's two-byte CID text with a NUL before each character (poppler's
        # pdftotext reads it cleanly); the NULs and the spaces are dropped before comparing.
        text = re.sub(r"[\s\x00]+", "", page.extract_text())
        assert "应急处置卡" in text and role.name.zh.replace(" ", "") in text  # type: ignore[union-attr]
        assert "hotel-evacuation" in text and file_sha256(path)[:12] in text
        for contact in role.contacts:
            assert contact.zh.replace(" ", "") in text  # type: ignore[union-attr]
        assert role.card[-1].zh.replace(" ", "")[-6:] in text  # type: ignore[union-attr]


def test_cards_pdf_refuses_chinese_without_a_font(monkeypatch: pytest.MonkeyPatch) -> None:
    _, sc = scenario("hotel-evacuation")
    monkeypatch.setattr(cards_mod, "find_cjk_font", lambda: None)
    with pytest.raises(RecordsError) as err:
        cards_pdf(sc, "zh")
    assert err.value.key == "err_no_cjk_font"
    assert "fonts-noto-cjk" in err.value.render("en")


def test_cards_docx_on_a6(tmp_path: Path) -> None:
    out = tmp_path / "cards.docx"
    assert main(["cards", "scaffold-collapse", "-o", str(out), "--lang", "en"]) == 0
    document = docx.Document(str(out))
    sec = document.sections[0]
    assert abs(sec.page_width - Mm(105)) < Mm(0.5) and abs(sec.page_height - Mm(148)) < Mm(0.5)
    _, sc = scenario("scaffold-collapse")
    body = texts(document)
    assert body.count("Response card") == len(sc.roles)
    for role in sc.roles:
        assert role.name.en in body  # type: ignore[union-attr]
    assert "scaffold-collapse" in body


# --- the statistics table's fields ----------------------------------------------------------


def test_participants_count_prefers_what_the_team_said() -> None:
    events = [{"kind": "action", "by": r} for r in ("a", "b", "b", "c")] + [
        {"kind": "refused", "by": "d"},
        {"kind": "inject", "to": "e"},
    ]
    assert roles_played(events) == 4
    assert participants_count(12, ["x"], events) == 12
    assert participants_count(None, ["张三", "李四"], events) == 4
    assert participants_count(None, [f"p{i}" for i in range(6)], events) == 6
    assert participants_count(None, [" ", ""], []) == 0
    assert drill_kind_of("team") == "onsite" and drill_kind_of("enterprise") == "special"
    assert drill_kind_of("enterprise", "comprehensive") == "comprehensive"


def test_run_records_count_level_and_type_and_export_shows_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = _cli_run("workshop-evacuation", "ideal", "--participants-count", "23", "--level",
                       "enterprise", "--lang", "zh")  # fmt: skip
    rec = History().session(session)
    assert (rec.participants_count, rec.drill_level, rec.drill_kind, rec.lang) == (
        23, "enterprise", "", "zh",
    )  # fmt: skip
    capsys.readouterr()
    # No --lang and an English locale: the drill was run in Chinese, so the table is Chinese.
    assert main(["export"]) == 0
    lines = capsys.readouterr().out.splitlines()
    head, row = lines[0].split(","), lines[1].split(",")
    cell = dict(zip(head, row, strict=False))
    assert cell["参演人数"] == "23" and cell["演练级别"] == "企业" and cell["演练类型"] == "专项"
    assert cell["演练形式"] == "桌面推演"
    assert cell["演练时长：推演时间（分钟）"] == "15.0"  # workshop-evacuation runs 900 s
    assert float(cell["演练时长：实际用时（分钟）"]) < 1.0  # headless: no real time at the table
    assert main(["export", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("No.,Unit")


def test_history_migrates_a_version_1_file(tmp_path: Path) -> None:
    import sqlite3

    from sim.records.history import MIGRATIONS, SCHEMA_VERSION, _statements

    db = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(db)
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO sessions (id, scenario_id, started, seed) VALUES ('s1', 'x', '2026-06-01', 1)"
    )
    conn.commit()
    conn.close()
    h = History(db)
    assert h.schema_version() == SCHEMA_VERSION >= 2
    rec = h.session("s1")
    assert rec.participants_count is None and rec.drill_level == "" and rec.drill_kind == ""


# --- the Friday report ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "week"),
    [
        # 2024-06-12 is a Wednesday: its report covers Saturday 8 June to Friday 14 June.
        (date(2024, 6, 12), (date(2024, 6, 8), date(2024, 6, 14))),
        (date(2024, 6, 14), (date(2024, 6, 8), date(2024, 6, 14))),
        (date(2024, 6, 15), (date(2024, 6, 15), date(2024, 6, 21))),
        (date(2024, 6, 8), (date(2024, 6, 8), date(2024, 6, 14))),
    ],
)
def test_report_week_ends_on_friday(day: date, week: tuple[date, date]) -> None:
    assert report_week(day) == week


def test_weekly_report_docx_and_xlsx(tmp_path: Path) -> None:
    first = _cli_run("hotel-evacuation", "ideal", "--participant", "张三:duty_manager",
                     "--lang", "zh")  # fmt: skip
    _cli_run("workshop-evacuation", "late", "--participants-count", "9", "--lang", "zh")
    today = date.fromisoformat(History().session(first).date)
    rep = weekly_report(today, "zh")
    assert rep.counts.drills == 2
    # 参演人次: 5 roles played at the hotel (one person named) + 9 as given.
    assert rep.counts.people == 5 + 9
    assert rep.counts.drill_min == 40.0 + 15.0
    para = rep.paragraph
    assert "共开展桌面推演应急演练2场" in para and "参演14人次" in para
    assert "宾馆景点" in para and "累计推演时长55分钟" in para
    document = docx.Document(io.BytesIO(weekly_docx(rep)))
    assert document.paragraphs[0].text == "安全生产月应急演练活动开展情况周报"
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape
    table = document.tables[-1]
    assert len(table.rows) == 3 and table.rows[0].cells[0].text == "序号"
    wb = openpyxl.load_workbook(io.BytesIO(weekly_xlsx(rep)))
    summary, stats = wb.worksheets
    assert summary["A1"].value == "安全生产月应急演练活动开展情况周报"
    assert summary["A5"].value == para
    assert summary["B7"].value == 2 and summary["B8"].value == 14
    assert [c.value for c in stats[3]][9] == "参演人数"
    assert stats.max_row == 5


def test_export_week_command_writes_both(tmp_path: Path) -> None:
    _cli_run("workshop-evacuation", "ideal")
    out = tmp_path / "week"
    assert main(["export", "--week", "-o", str(out)]) == 0
    assert (tmp_path / "week.docx").is_file() and (tmp_path / "week.xlsx").is_file()
    assert main(["export", "--week", "2024-06-12", "-o", str(tmp_path / "june.xlsx")]) == 0
    wb = openpyxl.load_workbook(tmp_path / "june.xlsx")
    assert "2024-06-08" in str(wb.worksheets[0]["A2"].value)
    assert not (tmp_path / "june.docx").exists()
    assert main(["export", "--week", "someday", "-o", str(tmp_path / "x.docx")]) == 1


# --- video and photos -------------------------------------------------------------------------


def probe(path: Path) -> dict[str, Any]:
    """What ``ffmpeg -i`` says of a video: codec, size, duration (imageio-ffmpeg ships no
    ffprobe)."""
    done = subprocess.run([video.ffmpeg_exe(), "-hide_banner", "-i", str(path)],
                          capture_output=True, text=True)  # fmt: skip
    info = done.stderr
    m = re.search(r"Duration: (\d+):(\d+):([\d.]+)", info)
    v = re.search(r"Video: (\w+).*?, (\d{3,5})x(\d{3,5})", info)
    assert m and v, info
    seconds = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    return {"codec": v.group(1), "size": (int(v.group(2)), int(v.group(3))), "seconds": seconds,
            "fps": float(re.search(r"([\d.]+) fps", info).group(1))}  # type: ignore[union-attr]  # fmt: skip


@NEEDS_CJK
def test_video_and_photos(tmp_path: Path) -> None:
    session = _cli_run("workshop-evacuation", "ideal", "--lang", "zh")
    rec = video.record(session, "zh", step_s=10.0)
    # 900 s of drill at 10 s a frame: frames at 0, 10, …, 900.
    assert len(rec.frames) == 91
    assert rec.frames[-1].safe == rec.frames[-1].total > 0
    out = tmp_path / "drill.mp4"
    n = video.write_video(rec, out)
    assert n == 91 + int(video.DEBRIEF_HOLD_S * video.FPS)
    info = probe(out)
    assert info["codec"] == "h264" and info["size"] == (1280, 720) and info["fps"] == 25
    assert info["seconds"] == pytest.approx(n / 25, abs=0.1)
    moments = video.key_moments(rec)
    assert set(moments) >= {"first_report", "evacuation", "all_safe"}
    assert moments["first_report"] <= moments["all_safe"]
    shots = video.save_photos(rec, tmp_path / "photos")
    assert [p.name for p in shots] == [f"{m}.png" for m in (
        "01-first_report", "02-evacuation", "04-all_safe", "05-debrief")]  # fmt: skip
    for p in shots:
        with Image.open(p) as img:
            assert img.size == (1920, 1080) and img.format == "PNG"
            # Not a blank page: the drawing uses many colours.
            assert len(img.convert("RGB").getcolors(1 << 20) or []) > 20


@NEEDS_CJK
def test_replay_command_video_and_photos(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = _cli_run("workshop-evacuation", "ideal")
    out = tmp_path / "v.mp4"
    assert main(["replay", session, "--video", str(out), "--photos", str(tmp_path / "ph")]) == 0
    assert probe(out)["size"] == (1280, 720)
    assert len(list((tmp_path / "ph").glob("*.png"))) == 4
    assert main(["replay", session, "--video", str(out)]) == 2
    assert "--force" in capsys.readouterr().err


# --- rendered and looked at ---------------------------------------------------------------------


def _soffice() -> str | None:
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice is not installed "
                    "(apt-get install -y --no-install-recommends libreoffice-writer)")  # fmt: skip
def test_word_documents_render_with_libreoffice(hotel_session: str, tmp_path: Path) -> None:
    """LibreOffice opens each Word document and lays it out on A4 pages (the pictures in
    docs/records.md are made the same way)."""
    _, sc = scenario("hotel-evacuation")
    docs = {
        "plan.docx": plan_docx(sc, "zh"),
        "forms.docx": forms_docx(sc, "zh"),
        "report.docx": report_docx(rpt.build_report(rpt.gather(hotel_session), "zh")),
    }
    for name, data in docs.items():
        (tmp_path / name).write_bytes(data)
    done = subprocess.run(
        [str(_soffice()), "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), *[str(tmp_path / n) for n in docs]],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    for name in docs:
        reader = PdfReader(tmp_path / name.replace(".docx", ".pdf"))
        assert len(reader.pages) >= 2
        box = reader.pages[0].mediabox
        assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2
        text = re.sub(r"\s+", "", reader.pages[0].extract_text())
        assert "宾馆客房夜间火灾疏散演练" in text or "应急演练" in text


def test_table_columns_fit_their_longest_number() -> None:
    """A column of times is never narrower than '1:00:00' in 五号 (10.5 pt): 7 characters at
    0.7 em plus the cell margins, whatever the long text beside it."""
    from sim.records.paperwork.gbt9704 import (
        CELL_PAD_MM,
        LATIN_EM,
        MM_PER_PT,
        SIZE_PT,
        OfficialDocument,
    )

    doc = OfficialDocument("zh")
    rows = [["开始时刻", "事件"], *[["1:00:00", "很长的说明文字" * 12] for _ in range(3)]]
    widths = doc._widths(rows, SIZE_PT["5号"])
    least = 7 * LATIN_EM * SIZE_PT["5号"] * MM_PER_PT + CELL_PAD_MM
    assert widths[0] >= least - 1e-9
    assert sum(widths) == pytest.approx(doc.text_width_mm())
    assert doc.text_width_mm() == pytest.approx(210 - 28 - 26, abs=0.05)


def test_the_font_can_be_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from sim.records.paperwork import fonts

    found = fonts.find_cjk_font()
    if found is None:
        pytest.skip("no CJK font on this machine")
    copy = tmp_path / "mine.ttc"
    copy.write_bytes(found.path.read_bytes())
    monkeypatch.setenv("DRILLSIM_CJK_FONT", str(copy))
    fonts.find_cjk_font.cache_clear()
    try:
        assert fonts.find_cjk_font().path == copy  # type: ignore[union-attr]
    finally:
        fonts.find_cjk_font.cache_clear()


@pytest.mark.parametrize("bad", ["12", True, 0, -3, 10**9, 2.5])
def test_a_journal_header_with_a_bad_participants_count_is_refused(bad: Any) -> None:
    from sim.records.journal import Header

    good = {"session": "s", "scenario": {"id": "x"}, "seed": 1, "participants_count": 12}
    assert Header.from_json(good).participants_count == 12
    with pytest.raises(ValueError):
        Header.from_json({**good, "participants_count": bad})
