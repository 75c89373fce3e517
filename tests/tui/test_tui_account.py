"""One account of people and peaks: for every bundled scenario and playbook, the result JSON,
the debrief and the after-action report (JSON, Markdown, HTML) give the same people and
peak figures under the same names (issue 10, "one ledger", "one peak")."""

from __future__ import annotations

import io
import json
from html import escape
from typing import Any

import pytest
from rich.console import Console

from sim import bundled_ids, tidy_zh
from sim.records.account import PEOPLE_KEYS, drill_time, level_text
from sim.records.report import ReportInput, build_report, to_html, to_markdown
from sim.text import Lang, localize
from tests.scenario_runs import playbook, scenario
from tui.screens.debrief import DebriefScreen
from tui.session import DrillSession, Settings

PLAYBOOKS = ("ideal", "late", "passive")
CASES = [(sid, name) for sid in bundled_ids() for name in PLAYBOOKS]


def played(sid: str, name: str) -> DrillSession:
    """The drill played from its playbook through the app's session, run to its end."""
    sc = scenario(sid)
    session = DrillSession(sc, Settings(seed=1))
    for step in sorted(playbook(sid, name), key=lambda s: s.at_s):
        session.advance(step.at_s)
        if step.action is not None:
            session.act(step.action, step.by or "", dict(step.params))
        elif step.inject is not None:
            session.fire_inject(step.inject)
        elif step.facilitator is not None:
            session.free_inject(step.facilitator, step.to_role)
    session.advance(session.duration_s)
    assert session.finished
    return session


def plain(renderable: Any) -> str:
    """What a debrief section shows, as plain text."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def expected_people(people: dict[str, Any]) -> dict[str, int]:
    """The people figures straight from the result JSON."""
    states = people["states"]
    return {
        "people_total": people["total"],
        "people_on_site": people["on_site"],
        "people_off_site": people["off_site"],
        "people_safe": states["safe"],
        "people_sheltered": states["sheltered"],
        "people_not_safe": states["not_safe"],
        "people_dead": states["dead"],
        "people_injured": people["injured"],
    }


@pytest.mark.parametrize(("sid", "name"), CASES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_json_debrief_and_reports_give_the_same_people_and_peaks(
    sid: str, name: str, lang: Lang
) -> None:
    session = played(sid, name)
    sc = session.scenario
    result = json.loads(json.dumps(session.result()))  # the JSON as printed
    outcome = result["outcome"]
    people = outcome["people"]
    assert sum(people["states"].values()) == people["total"]
    assert people["on_site"] + people["off_site"] == people["total"]

    report = build_report(
        ReportInput(
            session="test", scenario_id=sc.id, result=result, scenario=sc,
            hazard_model=sc.hazard.model,
        ),
        lang,
    )  # fmt: skip
    md, html = to_markdown(report), to_html(report)
    debrief = DebriefScreen(session)
    debrief_rows = debrief.outcome_rows(lang)
    debrief_text = plain(debrief.outcome_text(lang))
    hazard_text = plain(debrief.hazard_chart(lang))
    evac_text = plain(debrief.evacuation_chart(lang))

    facts = {f["key"]: f for f in report["outcome"]["account"]}
    # people: the numbers are the JSON's, and each view shows them under the same name
    for key, number in expected_people(people).items():
        fact = facts[key]
        assert fact["value"] == number, key
        assert fact["text"] == str(number), key
        assert (fact["label"], fact["text"]) in debrief_rows, key
        assert f"| {fact['label']} | {fact['text']} |" in md, key
        assert f"<tr><th>{escape(fact['label'])}</th><td>{fact['text']}</td></tr>" in html, key
    assert [k for k in facts if k.startswith("people_")] == list(PEOPLE_KEYS)
    safe = f"{people['states']['safe']}/{people['total']}"
    assert safe in evac_text
    kpi_safe = next(v for k, v in _kpis(report, lang) if k == facts["people_safe"]["label"])
    assert kpi_safe == safe

    # peaks: level, place and time from the JSON, the same text in every view
    unit = outcome.get("hazard_unit") or ""
    for key in ("peak", "peak_on_site"):
        peak = outcome[key]
        if not unit:
            assert key not in facts  # no hazard model: no peak to show
            continue
        fact = facts[key]
        assert fact["value"] == peak["level"]
        node = sc.index.nodes[peak["node"]]
        where = localize(node.name, lang) if node.name else node.id
        assert fact["text"].startswith(f"{level_text(peak['level'])} {peak['unit']}")
        assert where in fact["text"] and drill_time(peak["t_s"]) in fact["text"]
        assert (fact["label"], fact["text"]) in debrief_rows
        assert f"{fact['label']}" in hazard_text and fact["text"] in hazard_text
        assert f"| {fact['label']} | {fact['text']} |" in md
        assert f"<tr><th>{escape(fact['label'])}</th><td>{escape(fact['text'])}</td></tr>" in html
    assert all(f["label"] in debrief_text for f in report["outcome"]["account"])


def _kpis(report: dict[str, Any], lang: Lang) -> list[tuple[str, str]]:
    from sim.records.report import _kpis as kpis

    return kpis(report, lang)


@pytest.mark.parametrize(
    ("lang", "committed", "avoided", "partly"),
    [("en", "harmful act, committed", "harmful act, avoided", "◐ partly"),
     ("zh", "有害行为，已发生", "有害行为，已避免", "◐ 部分")],
)  # fmt: skip
def test_the_debrief_words_harmful_acts_and_answers_the_checklist_with_reasons(
    lang: Lang, committed: str, avoided: str, partly: str
) -> None:
    session = played("chemical-vehicle-leak", "passive")
    debrief = DebriefScreen(session)
    ratings = plain(debrief.ratings_table(lang)).splitlines()
    muster = localize(
        next(e.task or e.title for e in session.scenario.expectations if e.id == "downwind_muster"),
        lang,
    )
    row = next(line for line in ratings if line.strip().startswith(muster))
    assert committed in row and " P " not in row and " U " not in row
    assert any(avoided in line for line in ratings)
    checklist = plain(debrief.checklist_table(lang))
    result = session.result()
    evacuation = next(c for c in result["checklist"] if c["id"] == "ck_evacuation")
    assert evacuation["status"] == "partial"
    assert partly in checklist
    for reason in evacuation["reasons"]:
        # the debrief sets Chinese as it is typeset: "用时450秒" (sim.linebreak.tidy_zh)
        said = tidy_zh(reason[lang]) if lang == "zh" else reason[lang]
        assert said[:30] in checklist
