"""Scoring as a pure function of the scenario and the event log (sim/scoring.py)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from sim.scenario import ChecklistItem, Scenario
from sim.scoring import grade_for, score


def make_scenario(expectations: list[dict[str, Any]], **scoring: Any) -> Scenario:
    data: dict[str, Any] = {
        "id": "score-test",
        "title": "t",
        "summary": "t",
        "category": "evacuation",
        "duration_s": 1000,
        "roles": [{"id": "lead", "name": "lead"}],
        "site": {
            "nodes": [
                {"id": "room", "kind": "room", "x_m": 0, "y_m": 0},
                {"id": "out", "kind": "assembly", "x_m": 10, "y_m": 0},
            ],
            "edges": [{"from": "room", "to": "out", "kind": "door", "length_m": 10}],
        },
        "actions": [
            {"id": "alarm", "kind": "alarm", "label": "alarm"},
            {
                "id": "cordon",
                "kind": "cordon",
                "label": "cordon",
                "params": {"radius_m": {"type": "number", "label": "r"}},
            },
            {
                "id": "report",
                "kind": "report",
                "label": "report",
                "params": {
                    "elements": {
                        "type": "multi",
                        "label": "e",
                        "choices": [
                            {"value": v, "label": v}
                            for v in (
                                "unit",
                                "time_place",
                                "account",
                                "casualties",
                                "measures",
                                "other",
                            )
                        ],
                    }
                },
            },
            {"id": "lift", "kind": "evacuate", "label": "lift", "fixed": {"use_lift": True}},
        ],
        "expectations": expectations,
        "scoring": {"weights": {"outcome": 0, **scoring.get("weights", {})}},
    }
    return Scenario.model_validate(data)


def done(action: str, start_s: float, end_s: float, **params: Any) -> list[dict[str, Any]]:
    return [
        {"t_s": start_s, "kind": "action", "id": action, "params": params, "ends_s": end_s},
        {"t_s": end_s, "kind": "action_done", "id": action},
    ]


ALARM = {
    "id": "alarm_fast",
    "category": "evacuation",
    "title": {"zh": "报警", "en": "alarm"},
    "action": "alarm",
    "target_s": 60,
    "limit_s": 180,
}


@pytest.mark.parametrize(
    ("done_at", "credit", "status"),
    [
        (30, 1.0, "met"),
        (60, 1.0, "met"),
        (120, 0.5, "late"),  # halfway between target 60 and limit 180
        (150, 0.25, "late"),
        (180, 0.0, "late"),
        (400, 0.0, "late"),
    ],
)
def test_credit_is_full_by_target_and_falls_linearly_to_the_limit(
    done_at: float, credit: float, status: str
) -> None:
    sc = make_scenario([ALARM])
    result = score(sc, done("alarm", done_at - 10, done_at))
    (exp,) = result.expectations
    assert exp.credit == pytest.approx(credit)
    assert exp.status == status
    assert result.total == pytest.approx(100 * credit)


def test_a_missed_expectation_earns_nothing_and_says_so_in_both_languages() -> None:
    sc = make_scenario([ALARM])
    result = score(sc, [])
    (exp,) = result.expectations
    assert (exp.status, exp.credit) == ("missed", 0.0)
    (ded,) = result.deductions
    assert ded.points == pytest.approx(100.0)
    assert "alarm" in ded.phrase.render("en") and "180" in ded.phrase.render("en")
    assert "报警" in ded.phrase.render("zh")


def test_the_clock_starts_at_the_starting_event() -> None:
    exp = {**ALARM, "starts_on": "action:cordon"}
    sc = make_scenario([exp])
    log = done("cordon", 0, 100, radius_m=10) + done("alarm", 150, 220)
    (res,) = score(sc, log).expectations
    assert res.start_s == 100
    assert res.credit == pytest.approx((180 - 120) / 120)


def test_an_expectation_whose_inject_never_came_does_not_count() -> None:
    exp = {**ALARM, "starts_on": "milestone:evacuation_complete"}
    sc = make_scenario([exp, {**ALARM, "id": "other"}])
    result = score(sc, done("alarm", 0, 30))
    assert result.expectations[0].status == "not_applicable"
    assert result.total == pytest.approx(100.0)


def test_a_failed_parameter_check_cuts_the_credit() -> None:
    """A 50 m cordon where 100 m is required earns less (the issue's example)."""
    cordon = {
        "id": "cordon_100",
        "category": "early_response",
        "title": "cordon",
        "action": "cordon",
        "target_s": 100,
        "limit_s": 200,
        "checks": [{"param": "radius_m", "min": 100, "factor_if_failed": 0.4}],
    }
    sc = make_scenario([cordon])
    good = score(sc, done("cordon", 0, 50, radius_m=120)).expectations[0]
    bad = score(sc, done("cordon", 0, 50, radius_m=50))
    assert good.credit == 1.0
    assert bad.expectations[0].credit == pytest.approx(0.4)
    (ded,) = bad.deductions
    # the parameter by its label ("r" in make_scenario), never by its id
    text = ded.phrase.render("en")
    assert "parameter 'r'" in text and "radius_m" not in text and "was 50" in text


def test_report_credit_scales_with_the_decree_493_elements_present() -> None:
    report = {
        "id": "report",
        "category": "reporting",
        "title": "report",
        "action": "report",
        "target_s": 100,
        "limit_s": 200,
    }
    sc = make_scenario([report])
    three = score(sc, done("report", 0, 50, elements=["unit", "time_place", "account"]))
    five = score(
        sc,
        done("report", 0, 50, elements=["unit", "time_place", "account", "casualties", "measures"]),
    )
    assert three.expectations[0].credit == pytest.approx(3 / 5)
    assert five.expectations[0].credit == 1.0
    text = three.deductions[0].phrase.render("zh")
    assert "伤亡人数" in text and "已采取的措施" in text


def test_harmful_actions_subtract_their_penalty() -> None:
    lift = {
        "id": "no_lift",
        "category": "evacuation",
        "title": "lift",
        "action": "lift",
        "harmful": True,
        "penalty": 12,
        "target_s": 0,
        "limit_s": 0,
    }
    sc = make_scenario([ALARM, lift])
    clean = score(sc, done("alarm", 0, 30))
    dirty = score(sc, done("alarm", 0, 30) + done("lift", 40, 60))
    assert clean.total == pytest.approx(100)
    assert dirty.total == pytest.approx(88)
    assert [e.status for e in clean.expectations] == ["met", "avoided"]
    assert [e.status for e in dirty.expectations] == ["met", "violated"]
    assert dirty.deductions[0].points == 12


def test_categories_are_weighted_and_the_total_runs_from_0_to_100() -> None:
    cordon = {
        "id": "cordon",
        "category": "early_response",
        "title": "c",
        "action": "cordon",
        "target_s": 10,
        "limit_s": 20,
    }
    sc = make_scenario(
        [ALARM, cordon], weights={"evacuation": 30, "early_response": 10, "reporting": 60}
    )
    result = score(sc, done("alarm", 0, 30))
    # Reporting has no expectations: its weight is dropped and the rest renormalised.
    assert set(result.categories) == {"evacuation", "early_response"}
    assert result.total == pytest.approx(100 * 30 / 40)


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (100, "优"),
        (90, "优"),
        (89.99, "良"),
        (75, "良"),
        (74.9, "一般"),
        (60, "一般"),
        (59.9, "差"),
        (0, "差"),
    ],
)
def test_grade_bands_follow_domain_5(total: float, grade: str) -> None:
    assert grade_for(total)[0] == grade


def test_ratings_follow_credit() -> None:
    sc = make_scenario([ALARM])
    ratings = [
        score(sc, done("alarm", 0, t)).expectations[0].rating for t in (30, 72, 120, 170, 500)
    ]
    assert ratings == ["P", "P", "M", "M", "U"]
    assert score(sc, done("alarm", 0, 96)).expectations[0].rating == "S"


def test_outcome_category_reads_the_end_event() -> None:
    sc = make_scenario([ALARM], weights={"outcome": 50, "evacuation": 50})
    end = {
        "t_s": 1000,
        "kind": "end",
        "outcome": {"people": _ledger(10), "casualties": 1},
    }
    result = score(sc, [*done("alarm", 0, 30), end])
    # one casualty among 10 people: ln 2 / ln 11 = 0.693147 / 2.397895 = 0.289065
    assert result.categories["outcome"]["score"] == pytest.approx(1 - 0.289065, abs=1e-6)
    assert result.total == pytest.approx(50 + 50 * (1 - 0.289065), abs=1e-4)


def _ledger(total: int, not_safe: int = 0) -> dict[str, Any]:
    """An ``outcome.people`` ledger of ``total`` people on site, ``not_safe`` of them not safe."""
    return {
        "total": total,
        "on_site": total,
        "off_site": 0,
        "states": {"safe": total - not_safe, "sheltered": 0, "not_safe": not_safe, "dead": 0},
        "injured": 0,
    }


def _outcome_score(population: int, people_not_safe: int = 0, **figures: int) -> float:
    sc = make_scenario([ALARM], weights={"outcome": 50, "evacuation": 50})
    outcome: dict[str, Any] = {"people": _ledger(population, people_not_safe), **figures}
    end = {"t_s": 1000, "kind": "end", "outcome": outcome}
    return score(sc, [*done("alarm", 0, 30), end]).categories["outcome"]["score"]


@pytest.mark.parametrize("figure", ["injured", "casualties"])
def test_every_extra_person_harmed_lowers_the_outcome_score(figure: str) -> None:
    scores = [_outcome_score(143, **{figure: n}) for n in range(144)]
    assert all(a > b for a, b in pairwise(scores))
    # 7 injured among 143 no longer score like 140 among 143 (issue 10, item 8)
    assert scores[7] - scores[140] > 0.2


def test_the_same_harm_costs_less_in_a_larger_population_at_risk() -> None:
    assert _outcome_score(1000, injured=7) > _outcome_score(143, injured=7)
    # 7 injured among 143: 0.5 · ln 8 / ln 144 = 0.5 · 2.079442 / 4.969813 = 0.209208
    assert _outcome_score(143, injured=7) == pytest.approx(1 - 0.209208, abs=1e-6)


def test_injuries_of_the_incident_itself_do_not_count_against_the_team() -> None:
    assert _outcome_score(143, injured=2, injured_at_start=2) == pytest.approx(1.0)
    assert _outcome_score(143, injured=3, injured_at_start=2) < 1.0


def test_outcome_findings_combine_so_that_harm_still_counts_when_nobody_is_safe() -> None:
    everyone_out = _outcome_score(100, people_not_safe=100, injured=3)
    worse = _outcome_score(100, people_not_safe=100, injured=4)
    assert 0 < worse < everyone_out


def test_outcome_reads_the_people_ledger_when_the_drill_has_one() -> None:
    sc = make_scenario([ALARM], weights={"outcome": 50, "evacuation": 50})
    people = {
        "total": 10,
        "on_site": 10,
        "off_site": 0,
        "states": {"safe": 9, "sheltered": 0, "not_safe": 0, "dead": 1},
        "injured": 0,
    }
    end = {"t_s": 1000, "kind": "end", "outcome": {"people": people, "people_walking": 10}}
    result = score(sc, [*done("alarm", 0, 30), end])
    assert result.categories["outcome"]["score"] == pytest.approx(1 - 0.289065, abs=1e-6)


def test_a_harmful_action_can_be_harmful_only_before_an_event() -> None:
    """Entering before the structure is braced is harmful; after it, it is not."""
    enter = {
        "id": "early_entry",
        "category": "early_response",
        "title": "entry",
        "action": "lift",
        "harmful": True,
        "penalty": 10,
        "before": "action:cordon",
        "target_s": 0,
        "limit_s": 0,
    }
    sc = make_scenario([ALARM, enter])
    early = score(sc, done("alarm", 0, 30) + done("lift", 40, 50) + done("cordon", 60, 70))
    late = score(sc, done("alarm", 0, 30) + done("cordon", 40, 50) + done("lift", 60, 70))
    never = score(sc, done("alarm", 0, 30) + done("lift", 60, 70))
    assert [e.status for e in early.expectations][1] == "violated"
    assert [e.status for e in late.expectations][1] == "avoided"
    assert [e.status for e in never.expectations][1] == "violated"


# --- the AQ/T 9009 checklist ---------------------------------------------------------------

REPORT_UP = {
    "id": "report_up",
    "category": "reporting",
    "title": {"zh": "向上级报告", "en": "report up"},
    "action": "report",
    "target_s": 300,
    "limit_s": 900,
}
NO_LIFT = {
    "id": "no_lift",
    "category": "evacuation",
    "title": {"zh": "乘电梯疏散", "en": "evacuating by lift"},
    "action": "lift",
    "harmful": True,
    "penalty": 5,
    "target_s": 0,
    "limit_s": 0,
}
ALL_ELEMENTS = ["unit", "time_place", "account", "casualties", "measures"]


def _checklist_scenario(**item: Any) -> Scenario:
    sc = make_scenario([ALARM, REPORT_UP, NO_LIFT])
    entry = {"id": "ck", "item": {"zh": "是否及时报警并报告", "en": "Alarm and report in time?"}}
    return sc.model_copy(update={"checklist": [ChecklistItem.model_validate({**entry, **item})]})


def test_a_checklist_item_is_yes_only_when_everything_it_covers_was_met_in_time_and_complete() -> (
    None
):
    sc = _checklist_scenario(covers=["alarm_fast", "report_up", "no_lift"])
    log = done("alarm", 0, 30) + done("report", 40, 100, elements=ALL_ELEMENTS)
    (answer,) = score(sc, log).checklist
    assert (answer.status, answer.reasons) == ("yes", [])


def test_an_incomplete_report_in_time_makes_the_item_partial_and_says_what_it_lacked() -> None:
    sc = _checklist_scenario(covers=["alarm_fast", "report_up"])
    log = done("alarm", 0, 30) + done("report", 40, 100, elements=["unit", "time_place"])
    (answer,) = score(sc, log).checklist
    assert answer.status == "partial"
    (reason,) = answer.reasons
    en, zh = reason.render("en"), reason.render("zh")
    assert "report up" in en and "incomplete" in en
    assert "what happened" in en and "measures taken" in en
    assert "向上级报告" in zh and "已采取的措施" in zh


def test_a_missed_report_makes_the_item_partial_when_something_else_was_done() -> None:
    sc = _checklist_scenario(covers=["alarm_fast", "report_up"])
    (answer,) = score(sc, done("alarm", 0, 120)).checklist  # late alarm, no report
    assert answer.status == "partial"
    assert [r.render("en") for r in answer.reasons] == [
        "'alarm' took 120 s, past its target of 60 s",
        "'report up' was not done",
    ]


def test_an_item_none_of_whose_tasks_was_done_is_no() -> None:
    sc = _checklist_scenario(covers=["alarm_fast", "report_up", "no_lift"])
    (answer,) = score(sc, []).checklist
    assert answer.status == "no"
    assert not answer.yes


def test_a_committed_harmful_act_is_named_as_committed() -> None:
    sc = _checklist_scenario(covers=["alarm_fast", "no_lift"])
    (answer,) = score(sc, done("alarm", 0, 30) + done("lift", 50, 60)).checklist
    assert answer.status == "partial"
    (reason,) = answer.reasons
    assert reason.render("en") == "harmful act committed: 'evacuating by lift'"
    assert reason.render("zh") == "发生有害行为“乘电梯疏散”"


def test_a_covered_outcome_must_hold() -> None:
    sc = _checklist_scenario(covers=["alarm_fast"], outcomes=["everyone_safe"])
    end = {
        "t_s": 1000,
        "kind": "end",
        "outcome": {"people": _ledger(10, not_safe=3)},
    }
    (answer,) = score(sc, [*done("alarm", 0, 30), end]).checklist
    assert answer.status == "partial"
    assert [r.render("en") for r in answer.reasons] == [
        "3 people were not in a safe place at the end"
    ]


def test_the_expectation_shorthand_groups_expectations_with_the_same_item() -> None:
    question = {"zh": "是否及时报告", "en": "Reported in time?"}
    sc = make_scenario([{**ALARM, "checklist": question}, {**REPORT_UP, "checklist": question}])
    log = done("alarm", 0, 30)
    (answer,) = score(sc, log).checklist
    assert answer.covers == ["alarm_fast", "report_up"]
    assert answer.status == "partial"
