"""One event describer for the app's feed and the report's timeline (issue 17, item 5): the
same event reads the same in both, in zh and in en."""

from __future__ import annotations

from typing import Any

import pytest

from sim.drill import Drill
from sim.i18n import Phrase
from sim.playbook import apply_step
from sim.records import EventDescriber, ScenarioNames
from sim.records.report import TIMELINE_KINDS, ReportInput, build_report, clock_at
from sim.result import drill_result
from sim.state import Event
from tests.records.helpers import scenario, steps
from tui.feedtext import EventText
from tui.names import Names


@pytest.fixture(scope="module")
def played() -> tuple[Drill, Phrase]:
    """The workshop drill, late, with a refused action, a facilitator's message and a pause;
    and why the action was refused."""
    _, sc = scenario("workshop-evacuation")
    drill = Drill(sc, 1)
    refused = drill.act("sweep", "leader")  # only the floor warden sweeps
    assert not refused.accepted and refused.reason is not None
    drill.free_inject("仓库还有一名访客", to="warden")
    drill.note("pause")
    drill.note("speed", speed=4.0)
    for step in steps("workshop-evacuation", "late"):
        apply_step(drill, step)
    drill.run_to_end()
    return drill, refused.reason


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_and_the_feed_describe_each_event_with_the_same_text(
    played: tuple[Drill, Phrase], lang: Any
) -> None:
    drill, why = played
    sc = drill.scenario
    # the journal keeps a refusal's reason in both languages; the app has the Phrase
    reasons = [{"zh": why.render("zh"), "en": why.render("en")}]
    inp = ReportInput(
        session="s",
        scenario_id=sc.id,
        result=drill_result(drill),
        scenario=sc,
        hazard_model=sc.hazard.model,
        refusals=reasons,
    )
    timeline = build_report(inp, lang)["timeline"]
    feed = EventText(Names(sc), drill.clock)
    shown = [e for e in drill.log if e.kind in TIMELINE_KINDS]
    assert len(timeline) == len(shown) > 10
    kinds = set()
    for entry, event in zip(timeline, shown, strict=True):
        line = feed.line(event, lang, why if event.kind == "refused" else None)
        assert (entry["kind"], entry["text"]) == (event.kind, line.text)
        kinds.add(event.kind)
    assert {"start", "inject", "facilitator", "action", "refused", "control", "end"} <= kinds


def test_one_describer_serves_both() -> None:
    """The feed's lines are the describer's sentences, with a style on top."""
    _, sc = scenario("workshop-evacuation")
    names = Names(sc)
    assert isinstance(names, ScenarioNames)
    describer = EventDescriber(names, lambda t_s: clock_at(sc.start_clock, t_s))
    feed = EventText(names, lambda t_s: clock_at(sc.start_clock, t_s))
    event = Event(30.0, "dispatch", {"responder": "fire_brigade"})
    for lang in ("zh", "en"):
        text = describer.text("dispatch", {"responder": "fire_brigade"}, lang)  # type: ignore[arg-type]
        assert feed.line(event, lang).text == text  # type: ignore[arg-type]
    assert "119" in describer.text("dispatch", {"responder": "fire_brigade"}, "en")


def test_names_without_a_scenario_show_the_ids() -> None:
    """A report made after its scenario file was removed still describes every event."""
    describer = EventDescriber(ScenarioNames(None), str)
    text = describer.text("action", {"id": "alarm", "by": "leader", "ends_s": 5.0}, "en")
    assert "alarm" in text and "leader" in text
    assert describer.text("valve_creaks", {"level": 0.123456}, "en") == "valve_creaks: level=0.12"
