"""Chinese done properly (issue 13, item 4): no internal id, event kind or English word in
a zh report or export, things named in words at the source, and Chinese line breaking.

The scan of the reports and exports plays each bundled scenario's ideal and passive
playbooks through the recorder in Chinese, then reads every zh document drillsim writes of
them (tests/zh_texts.py) for Latin words outside the allowed list (tests/zh_scan.py)."""

from __future__ import annotations

import io
import itertools
import random
import re
from pathlib import Path

import pytest

from sim import tidy_zh, wrap_lines
from sim.i18n import cause_label, threshold_label
from sim.linebreak import CLOSING, OPENING, cell_width, line_spans
from sim.records import EventDescriber, ScenarioNames
from sim.records.describe import param_label, param_value_text
from tests.records.helpers import scenario, straight_result
from tests.zh_scan import leaks, number_gaps, number_unit_gaps, report, scan
from tests.zh_texts import SCENARIOS, all_texts, svg_text, zh_snapshots

# --- the scan ---------------------------------------------------------------------------------


def test_the_scan_names_a_leak_and_where_it_came_from() -> None:
    """The scan can fail: the issue's own examples are caught, with their source."""
    for leaked, word in [
        ("scope = ['f2_corr_w', …]", "scope"),
        ("已报告（unit_head）：5 项要素", "unit"),
        ("source_isolated: released_kg=603.1", "source"),
        ("★ smoke detected", "smoke"),
        ("事故扩大：flashover", "flashover"),
        ("esc Dismiss menu", "Dismiss"),
        ("首层（floor 0）", "floor"),
    ]:
        found = leaks(leaked, "example")
        assert found and found[0].word == word, leaked
        assert str(found[0]).startswith("example: ")


def test_the_scan_allows_what_chinese_writes_in_latin() -> None:
    allowed = (
        "拨打 119、120；AEGL-2 严重伤害（160 ppm）；佩戴 SCBA；IDLH；25 %LEL；UN 1005 液氨；"
        "风速 3 m/s，5 km/h，热释放速率 500 kW，60 °C；CO、H₂S、NH₃、Cl₂、CH₄；"
        "依据：GB/T 29639-2020；按 Esc 取消，Ctrl+S 保存，[a] 报警；drillsim 0.1.0；"
        "会话编号 20260603-100000-aaaaaa；SHA-256 "
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08；"
        "场景编号 hotel-evacuation；日志 /tmp/x/journals/20260603-100000-aaaaaa.jsonl"
    )
    assert leaks(allowed, "allowed") == []


@pytest.fixture(scope="module")
def zh_documents(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str]]:
    """Every zh document of the bundled scenarios' ideal and passive runs (in a records
    folder of this module's own)."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DRILLSIM_HOME", str(home))
        mp.setenv("DRILLSIM_SCENARIOS", str(home / "none"))
        mp.delenv("DRILLSIM_DATABASE_URL", raising=False)
        return list(all_texts())


def test_zh_reports_and_exports_hold_no_latin_words(zh_documents: list[tuple[str, str]]) -> None:
    kinds = {where.split()[-1] for where, _ in zh_documents}
    assert {"report.html", "report.md", "report.docx", "plan.docx", "forms.docx"} <= kinds
    assert {"export.csv", "export.xlsx"} <= kinds
    # the report JSON's keys and ids are its contract, in Latin letters on purpose
    found = scan((w, t) for w, t in zh_documents if not w.endswith("report.json"))
    assert not found, "Latin words in zh documents:\n" + report(found)


def test_zh_reports_name_the_reports_recipients_causes_and_thresholds(
    zh_documents: list[tuple[str, str]],
) -> None:
    """The words that replaced the ids are there (not merely the ids gone)."""
    text = "\n".join(t for where, t in zh_documents if where.endswith("report.md"))
    assert "已报告（向车间主任报告）" in text
    assert "受伤（吸入氨气）" in text
    assert "烟气到达：" in text  # the hotel's exposure row, by threshold name
    assert "事故扩大：发生轰燃" in text


# --- naming things at the source ----------------------------------------------------------------


def test_a_failed_parameter_check_names_the_parameter_and_the_places() -> None:
    """The chemical drill's passive team sends people to the main gate (south-east), where
    the plume goes: the check names the assembly points, not asm_nw / asm_se."""
    result = straight_result("chemical-vehicle-leak", "passive", 1)
    reasons = [x for c in result["checklist"] for x in c["reasons"]] + result["deductions"]
    zh = " ".join(x["zh"] for x in reasons)
    en = " ".join(x["en"] for x in reasons)
    assert "参数“集合点”应为西北集合点、东北集合点之一，实际为主门外集合点（东南）" in zh
    assert "one of North-west assembly point, North-east assembly point" in en
    assert "asm_" not in zh + en


def test_the_describer_names_causes_thresholds_detectors_and_report_recipients() -> None:
    _, hotel = scenario("hotel-evacuation")
    _, gas = scenario("gas-pipeline-leak")
    d = EventDescriber(ScenarioNames(hotel), lambda t: f"{t:g}")
    harm = {"outcome": "injured", "people": 3, "nodes": [], "cause": "dose:smoke"}
    assert d.text("harm", harm, "zh").endswith("3人受伤（吸入烟气）")
    report = {"id": "report_gm", "to": "unit_head", "elements": ["account"]}
    assert d.text("report", report, "zh").startswith("已报告（向总经理报告）")
    manager = {"id": "report_manager", "to": "duty_manager", "elements": []}
    assert "值班经理" in d.text("report", manager, "zh")
    assert cause_label("secondary_collapse", "zh") == "二次坍塌"
    assert cause_label("explosion:spark", "en") == "explosion"
    assert threshold_label("alarm_25", "zh") == "一级报警（25% LEL）"
    assert ScenarioNames(gas).threshold("no_entry", "en") == "no entry (10% LEL)"
    fire = {"node": "trench", "cause": "spark"}
    assert "trench" not in EventDescriber(ScenarioNames(gas), str).text("gas_fire", fire, "zh")


def test_fixed_parameters_read_as_words() -> None:
    """The workshop's evacuation alarm lists places ("scope = ['f2_corr_w', …]" before)."""
    _, sc = scenario("gas-pipeline-leak")
    names = ScenarioNames(sc)
    action = sc.index.actions["evacuate_street"]
    shown = param_value_text(action, "scope", action.fixed["scope"], names, "zh")
    assert "trench" not in shown and "、" in shown
    assert param_value_text(sc.index.actions["ventilate_fan"], "method", "mechanical", names, "zh")
    assert tidy_zh("5 层") == "5层"


# --- line breaking ----------------------------------------------------------------------------

SAMPLE = (
    "“向上风或侧风方向撤离”用时 450 秒，超过目标 120 秒，且不完整：参数“集合点”应为西北集合点、"
    "东北集合点之一，实际 主门外集合点（东南），扣 10.0 分。依据：ERG 指南 125：人员撤离到上风向。"
    "装卸区：4 人受伤（吸入氨气）；警戒半径应不小于 100 m，实际 50 m；5 层走廊西段。"
)


def _fits(lines: list[str], width: int) -> bool:
    return all(cell_width(x) <= width for x in lines)


@pytest.mark.parametrize("width", range(8, 41))
def test_no_zh_line_starts_with_a_closing_mark_or_splits_a_number_from_its_unit(
    width: int,
) -> None:
    lines = wrap_lines(SAMPLE, width)
    assert _fits(lines, width), lines
    assert "".join(lines).replace(" ", "") == tidy_zh(SAMPLE).replace(" ", "")
    for prev, line in itertools.pairwise(lines):
        assert line[0] not in CLOSING, (prev, line)
        assert prev[-1] not in OPENING, (prev, line)
        # "5\n层", "450\n秒", "100\nm": a number is never left at a line's end
        assert not (re.search(r"\d$", prev) and re.match(r"[\u4e00-\u9fff]|m\b", line)), (
            prev,
            line,
        )
    assert not any(re.search(r"\d [\u4e00-\u9fff]|[\u4e00-\u9fff] \d", x) for x in lines)


def test_the_hand_worked_example() -> None:
    """At 10 cells "扣 10.0 分。依据" breaks after "分。" (the full stop stays on its line),
    and "100 m" stays whole."""
    assert wrap_lines("扣 10.0 分。依据：规定", 10) == ["扣10.0分。", "依据：规定"]
    assert wrap_lines("半径应不小于 100 m。", 14) == ["半径应不小于", "100 m。"]
    assert wrap_lines("（吸入氨气）", 4) == ["（吸", "入氨", "气）"]
    # a clock time is one piece with the Han word after it, never "10:06:\n50前"
    assert wrap_lines("（请于 10:06:50 前处置）", 12) == ["（请于", "10:06:50前处", "置）"]
    # a code keeps its spaces on both sides
    assert (
        tidy_zh("记录编号 20260603-100000-aaaaaa 已存入")
        == "记录编号 20260603-100000-aaaaaa 已存入"
    )


def test_english_breaks_at_spaces_and_keeps_words() -> None:
    text = "Refused: evacuate by the leader: the assembly point is 100 m away."
    lines = wrap_lines(text, 20, lang="en")
    assert lines == ["Refused: evacuate by", "the leader: the", "assembly point is", "100 m away."]


def test_random_texts_keep_every_character_and_fit() -> None:
    rng = random.Random(7)
    pieces = ["火", "灾", "。", "，", "（", "）", " ", "12", "m", "层", "abc", "“", "”", "\n"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        width = rng.randint(2, 30)
        spans = line_spans(text, width)
        for a, b in spans:
            # closing marks may hang past the end of a line (clreq §3.1.7), nothing else
            assert cell_width(text[a:b].rstrip("".join(CLOSING))) <= width, (text, width)
            assert text[a:b].rstrip() == text[a:b]
        kept = "".join(text[a:b] for a, b in spans)
        assert kept.replace(" ", "") == text.replace(" ", "").replace("\n", ""), (text, width)


def test_wrapped_renders_at_the_width_it_is_given() -> None:
    from rich.console import Console

    from tui.wrapped import Wrapped

    console = Console(width=24, record=True)
    console.print(Wrapped(SAMPLE, "zh"))
    lines = console.export_text().rstrip("\n").split("\n")
    assert all(cell_width(x.rstrip()) <= 24 for x in lines)
    assert all(x[0] not in CLOSING for x in lines if x)


# --- the feed and the forms of every bundled scenario ----------------------------------------


@pytest.mark.parametrize("playbook", ["ideal", "passive"])
@pytest.mark.parametrize("name", SCENARIOS)
def test_every_feed_line_of_a_bundled_run_reads_in_chinese(name: str, playbook: str) -> None:
    """The event feed (the same describer as the report's timeline) of the whole run."""
    _, sc = scenario(name)
    result = straight_result(name, playbook, 1)
    describer = EventDescriber(ScenarioNames(sc), lambda t: f"{t:g}")
    texts = [
        (f"{name}/{playbook} feed {e['kind']}", describer.event_text(e, "zh"))
        for e in result["events"]
    ]
    found = scan(texts)
    assert not found, "Latin words in the zh feed:\n" + report(found)


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_action_form_of_a_bundled_scenario_reads_in_chinese(name: str) -> None:
    """What the action forms show besides the scenario's own labels: the parameters the
    scenario fixes, by name and value ("scope = ['f2_corr_w', …]" before)."""
    _, sc = scenario(name)
    names = ScenarioNames(sc)
    texts = []
    for action in sc.actions:
        for param, value in action.fixed.items():
            if action.kind == "report" and param == "to":
                continue  # not shown: the action's title says to whom
            shown = param_value_text(action, param, value, names, "zh")
            texts.append((f"{name} {action.id}.{param}", param_label(action, param, "zh")))
            texts.append((f"{name} {action.id}.{param}", shown))
    found = scan(texts)
    assert not found, "Latin words in zh action forms:\n" + report(found)


# --- no space between a number and a Han character -------------------------------------------


def test_the_number_scan_finds_a_gap_on_either_side_and_spares_codes() -> None:
    """clreq ("Mixed Text Composition in Horizontal Writing Mode") leaves the gap between
    Han characters and numerals to the typesetter (up to 1/4 em, never a typed space):
    "扣10.0分", not "扣 10.0 分"; a code keeps the Western word space clreq's note allows."""
    for gap in ("扣 10.0 分", "扣 10.0分", "扣10.0 分", "于 10:05 到达", "第 8 章", "3 人受伤"):
        assert number_gaps(gap, "example"), gap
    assert number_gaps("x\n扣 10 分", "example") == ["example: …扣 10 分…"]
    assert number_unit_gaps("安全 0/46 人  62.9 一般", "screen") == [
        "screen: …安全 0/46 人  62.9 一般…"
    ]
    assert number_unit_gaps("安全0/46人  62.9 一般  ✓10:05:00 全体", "screen") == []
    tight = (
        "扣10.0分；第8章；于10:05到达；AQ/T 9009 桌面推演；UN 1005 液氨；GB/T 29639-2020 第8章；"
        "记录编号 20260603-100000-aaaaaa；默认 127.0.0.1:8470；警戒半径100 m；达10 %LEL；"
        "drillsim 0.1.0 生成于 2026-06-03 10:00；1 情况"
    )
    assert number_gaps(tight, "example") == []


TAB_KEYS = ("tab_situation", "tab_map", "tab_cards")


def test_the_zh_catalogue_sets_numbers_tight() -> None:
    """The spaces are taken out at the source: no zh entry of the catalogue puts a space
    between a Han character and a numeral or a number's placeholder ("扣{points}分"), the
    tab keys excepted (tests/zh_scan.py). A placeholder that holds a code, a path or a name
    ("记录编号 {session}", "已写入 {path}") keeps its space."""
    import importlib
    import pkgutil

    import sim.i18n as catalogue

    numbers = {"points", "count", "limit", "clock", "n", "people", "seconds", "total"}
    names = "|".join(sorted(numbers))
    placeholder = re.compile(rf"\{{(?:{names})(?:[:!][^}}]*)?\}}")
    found = []
    for info in pkgutil.iter_modules(catalogue.__path__):
        module = importlib.import_module(f"sim.i18n.{info.name}")
        for table in vars(module).values():
            if not isinstance(table, dict):
                continue
            for key, entry in table.items():
                zh = entry[0] if isinstance(entry, tuple) and len(entry) == 2 else None
                if not isinstance(zh, str) or key in TAB_KEYS:
                    continue
                shown = placeholder.sub("12", zh)
                if tidy_zh(shown) != shown:
                    found.append(f"{info.name}.{key}: {zh}")
    assert found == []


def test_zh_reports_and_exports_set_no_space_between_a_number_and_han(
    zh_documents: list[tuple[str, str]],
) -> None:
    """Every zh document agrees: the report JSON, HTML, Markdown and Word, the plan, the
    forms, the cards, the CSV and the XLSX ("扣10.0分", "5层", "3人受伤")."""
    kinds = {where.split()[-1] for where, _ in zh_documents}
    assert {"report.json", "report.html", "report.md", "report.docx", "export.csv"} <= kinds
    found = [gap for where, text in zh_documents for gap in number_gaps(text, where)]
    assert not found, "a space between a number and a Han character:\n" + "\n".join(found[:60])
    reports = [t for w, t in zh_documents if w.split()[-1].startswith("report.")]
    assert any(re.search(r"扣[0-9.]+分", t) for t in reports)


@pytest.mark.parametrize("path", zh_snapshots(), ids=lambda p: p.stem)
def test_a_zh_screen_sets_no_space_between_a_number_and_han(path: Path) -> None:
    """The same on every accepted zh screen picture (the debrief, the drill, the room): no
    number set apart from its unit ("安全0/46人", "扣10分", "用时60秒")."""
    found = number_unit_gaps(svg_text(path), path.name)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", SCENARIOS)
def test_no_line_of_a_zh_response_card_starts_with_a_closing_mark(name: str) -> None:
    from pypdf import PdfReader

    from sim.records.paperwork.cards import cards_pdf
    from sim.records.paperwork.fonts import find_cjk_font

    if find_cjk_font() is None:
        pytest.skip("no CJK font on this machine")
    _, sc = scenario(name)
    pdf = PdfReader(io.BytesIO(cards_pdf(sc, "zh")))
    lines = [x for page in pdf.pages for x in (page.extract_text() or "").splitlines()]
    assert len(lines) > 10
    starts = [x for x in lines if x.strip() and x.strip()[0] in CLOSING]
    assert not starts, starts
