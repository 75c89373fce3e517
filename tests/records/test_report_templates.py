"""The report rendered from Jinja2 templates: the view-model and its JSON are one thing,
escaping is the template environment's job (a hostile scenario name stays text), and the
HTML page needs nothing from outside (issue 17, item 5)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import sim.safetext
from sim.records.report import (
    ReportInput,
    ReportView,
    build_report,
    build_view,
    render,
    to_html,
    to_markdown,
)
from sim.records.report.rendering import environment
from tests.records.helpers import scenario, straight_result

TEMPLATES = Path(__file__).resolve().parents[2] / "sim" / "records" / "templates"
EVIL = '<script>alert("x")</script>\x1b[31m\u202eevil'


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return straight_result("workshop-evacuation", "late", 1)


def _input(result: dict[str, Any], *, hostile: bool = False) -> ReportInput:
    _, sc = scenario("workshop-evacuation")
    if hostile:
        # The scenario file is gone: the title comes from the journal header, as typed.
        return ReportInput(
            session="s1",
            scenario_id="evil",
            result=result,
            scenario=None,
            scenario_title={"zh": EVIL, "en": EVIL},
            unit=EVIL,
        )
    return ReportInput(
        session="s1", scenario_id=sc.id, result=result, scenario=sc, hazard_model=sc.hazard.model
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_json_is_the_serialisation_of_the_view_model(result: dict[str, Any], lang: str) -> None:
    view = build_view(_input(result), lang)  # type: ignore[arg-type]
    data = view.to_json()
    assert list(data) == list(ReportView.model_fields)
    # read back, it is the same view, and every renderer gives the same text from either
    again = ReportView.from_json(json.loads(json.dumps(data)))
    assert again == view
    assert again.to_json() == data
    for fmt in ("md", "html", "json"):
        assert render(view, fmt) == render(data, fmt)
    assert json.loads(render(view, "json")) == json.loads(json.dumps(data))


def test_a_view_read_from_json_refuses_what_is_not_a_report(result: dict[str, Any]) -> None:
    data = build_report(_input(result), "en")
    with pytest.raises(ValueError, match="score"):
        ReportView.from_json({**data, "score": {"total": "lots"}})
    with pytest.raises(ValueError, match="surprise"):
        ReportView.from_json({**data, "surprise": 1})


def test_a_hostile_scenario_name_is_escaped_by_the_template_engine(
    result: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_hand_escaping(text: object) -> str:
        raise AssertionError(f"escaped by hand: {text!r}")

    # The renderer must not lean on the hand-written escaper: the environment escapes.
    monkeypatch.setattr(sim.safetext, "html", no_hand_escaping)
    assert environment("html").autoescape is True
    page = to_html(build_report(_input(result, hostile=True), "en"))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    # in the title bar, the header and the overview, each time as text
    assert page.count("&lt;script&gt;") >= 4
    # control and bidi characters are shown as symbols, never passed through
    assert "\x1b" not in page and "\u202e" not in page
    assert "\u241b[31m&lt;U+202E&gt;evil" in page


def test_a_hostile_scenario_name_is_plain_text_in_markdown(result: dict[str, Any]) -> None:
    md = to_markdown(build_report(_input(result, hostile=True), "zh"))
    assert "<script>" not in md and "\x1b" not in md and "\u202e" not in md
    shown = '&lt;script&gt;alert("x")&lt;/script&gt;\u241b\\[31m&lt;U+202E&gt;evil'
    assert f"| 单位 | {shown} |" in md and f"| 演练科目 | {shown} |" in md


def test_templates_escape_nothing_by_hand_and_load_nothing_from_outside() -> None:
    for path in TEMPLATES.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*(?:e|escape|forceescape|safe)\b|escape\(|Markup", text), path
        assert not re.search(r"(?:src|href)\s*=|@import|url\(|<script", text), path


def test_the_html_page_is_self_contained(result: dict[str, Any]) -> None:
    page = to_html(build_report(_input(result), "en"))
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert "<style>" in page and "font-family" in page
    assert page.count("<svg") == 2  # the timeline and the evacuation curve; no hazard sampled
    assert re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"] * 2
