"""Scoring sees who told whom, and when: every report the team made is in Score.reports with
its maker, its addressee, when it started and when it was delivered."""

from __future__ import annotations

from sim import score
from tests.scenario_runs import playbook, run_playbook, scenario

HOTEL = "hotel-evacuation"


def test_every_report_of_the_ideal_hotel_drill_names_who_told_whom_and_when() -> None:
    sc = scenario(HOTEL)
    steps = list(playbook(HOTEL, "ideal"))
    drill = run_playbook(sc, steps, 1)
    made = score(sc, [e.to_json() for e in drill.log]).reports
    expected = []
    for step in sorted(steps, key=lambda s: s.at_s):
        if step.action is None or sc.action(step.action).kind != "report":
            continue
        action = sc.action(step.action)
        # The report is delivered when the action completes: start + its duration
        # (the playbook's roles are free at those times, so nothing is refused).
        expected.append(
            (action.id, step.by, action.fixed["to"], step.at_s, step.at_s + action.duration_s)
        )
    assert expected, "the ideal hotel playbook makes reports"
    assert [(r.action, r.by, r.to, r.started_s, r.delivered_s) for r in made] == expected


def test_an_old_log_without_by_still_names_the_reporter_from_its_action() -> None:
    sc = scenario(HOTEL)
    events = [
        {"t_s": 0.0, "kind": "start"},
        {
            "t_s": 10.0,
            "kind": "action",
            "id": "report_manager",
            "by": "front_desk",
            "params": {"to": "duty_manager", "elements": ["unit"]},
        },
        {
            "t_s": 40.0,
            "kind": "report",
            "id": "report_manager",
            "to": "duty_manager",
            "elements": ["unit"],
        },
    ]
    (r,) = score(sc, events).reports
    assert (r.by, r.to, r.started_s, r.delivered_s, r.elements) == (
        "front_desk",
        "duty_manager",
        10.0,
        40.0,
        ["unit"],
    )
