"""What the after-action report says about the checklist, strengths, harmful acts and
times (issue 10: an honest AQ/T 9009 checklist, one clock)."""

from __future__ import annotations

from typing import Any

import pytest

from sim.records.report import ReportInput, build_report, to_html, to_markdown
from sim.text import Lang
from tests.records.helpers import scenario, straight_result


def report(name: str, playbook: str, lang: Lang) -> dict[str, Any]:
    _, sc = scenario(name)
    inp = ReportInput(
        session="test",
        scenario_id=sc.id,
        result=straight_result(name, playbook, 1),
        scenario=sc,
        hazard_model=sc.hazard.model,
    )
    return build_report(inp, lang)


@pytest.fixture(scope="module")
def hotel_late() -> dict[str, Any]:
    return report("hotel-evacuation", "late", "en")


def test_the_hotel_report_item_is_not_ticked_when_the_reports_were_late_and_incomplete(
    hotel_late: dict[str, Any],
) -> None:
    item = next(c for c in hotel_late["checklist"] if c["id"] == "ck_report")
    assert item["status"] == "partial" and not item["yes"]
    why = " ".join(item["reasons"])
    assert "Report to the district authorities within the hour" in why
    assert "casualties (incl. missing), other" in why
    assert "Front desk reports to the duty manager" in why
    md = to_markdown(hotel_late)
    assert (
        "| Was the report made to the authorities in time and kept up to date? | ◐ partly |" in md
    )


def test_strengths_are_the_tasks_rated_p_and_nothing_else(hotel_late: dict[str, Any]) -> None:
    rated_p = [
        x["title"] for x in hotel_late["expectations"] if x["rating"] == "P" and not x["harmful"]
    ]
    assert len(hotel_late["strengths"]) == len(rated_p)
    for title, strength in zip(rated_p, hotel_late["strengths"], strict=True):
        assert strength.startswith(title + ":")
    incomplete = "Report to the district authorities within the hour (six elements)"
    assert not any(s.startswith(incomplete) for s in hotel_late["strengths"])
    assert not any(
        "harmful" in s or "Evacuating guests by lift" in s for s in hotel_late["strengths"]
    )


@pytest.mark.parametrize(
    ("lang", "avoided", "committed"), [("en", "avoided", "committed"), ("zh", "已避免", "已发生")]
)
def test_harmful_acts_read_avoided_or_committed_in_every_format(
    lang: Lang, avoided: str, committed: str
) -> None:
    rep = report("chemical-vehicle-leak", "passive", lang)
    harmful = {r["expectation"]: r for r in rep["ratings"] if r["harmful"]}
    assert harmful["downwind_muster"]["act"] == "committed"
    assert harmful["downwind_muster"]["rating_label"] == committed
    assert harmful["water_on_leak"]["act"] == "avoided"
    assert harmful["water_on_leak"]["rating_label"] == avoided
    md, html = to_markdown(rep), to_html(rep)
    for title in (harmful["downwind_muster"]["title"], harmful["water_on_leak"]["title"]):
        line = next(x for x in md.splitlines() if x.startswith(f"| {title} | {title} |"))
        assert "P" not in line.split("|")[3] and "U" not in line.split("|")[3]
    assert f">{committed}</span>" in html and f">{avoided}</span>" in html
    performed = "P: performed" if lang == "en" else "P：顺利完成"
    for line in md.splitlines():
        if harmful["water_on_leak"]["title"] in line:
            assert performed not in line


def test_every_time_in_the_expectation_table_is_drill_time(hotel_late: dict[str, Any]) -> None:
    md = to_markdown(hotel_late)
    head = next(x for x in md.splitlines() if x.startswith("| Expectation |"))
    assert "Clock starts (drill time)" in head and "Target by (drill time)" in head
    assert "Limit by (drill time)" in head and "Done at (drill time)" in head
    # 119 call: its clock starts when smoke is detected (0:25); target 120 s → 2:25, limit
    # 420 s → 7:25; done at 4:00. All on the drill clock.
    row = next(
        x for x in md.splitlines() if x.startswith("| Call 119 as soon as the fire is confirmed |")
    )
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[3:7] == ["0:25", "2:25", "7:25", "4:00"]


def test_the_export_gives_the_people_and_peaks_of_the_report() -> None:
    from sim.records.export import ACCOUNT_COLUMNS, headers, rows
    from sim.records.history import History
    from sim.records.journal import Recorder
    from sim.records.report import gather
    from tests.records.helpers import steps

    path, sc = scenario("chemical-vehicle-leak")
    rec = Recorder.start(sc, path, seed=1, unit="U", team="T", participants=[], lang="en")
    for step in steps("chemical-vehicle-leak", "late"):
        rec.apply_step(step)
    rec.finish()
    for lang in ("en", "zh"):
        rep = build_report(gather(rec.session_id), lang)
        facts = {f["key"]: f for f in rep["outcome"]["account"]}
        (row,) = rows(History(), lang)
        people = rep["outcome"]["people"]
        assert row["people_total"] == people["total"] == 179
        assert row["people_not_safe"] == people["states"]["not_safe"]
        assert row["people_injured"] == people["injured"]
        for col in ACCOUNT_COLUMNS:
            expected = facts[col]["text"] if col.startswith("peak") else facts[col]["value"]
            assert row[col] == expected, col
        names = headers(lang)
        for col in ACCOUNT_COLUMNS:
            assert facts[col]["label"] in names
