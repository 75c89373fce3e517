"""Playbooks (scripted decisions) and ``drillsim simulate``, the headless runner.

Parsing problems carry ``file:line:col`` like scenario problems; the JSON printed by
``drillsim simulate --json`` is a public contract (docs/contracts.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sim.drill import Drill
from sim.loader import ScenarioError, load_scenario
from sim.playbook import Step, apply_step, load_playbook, parse_playbook, run_playbook
from sim.scenario import Scenario

ROOT = Path(__file__).resolve().parent.parent
WORKSHOP = ROOT / "scenarios" / "workshop-evacuation.yaml"
PLAYBOOKS = ROOT / "scenarios" / "playbooks" / "workshop-evacuation"


@pytest.fixture(scope="module")
def workshop() -> Scenario:
    return load_scenario(WORKSHOP)


def problems(text: str, scenario: Scenario) -> list[tuple[int, int, str]]:
    with pytest.raises(ScenarioError) as info:
        parse_playbook(text, "pb.yaml", scenario)
    return [(p.line, p.col, p.key) for p in info.value.problems]


# --- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "- {at: 10, action: dance, by: leader}\n",
            [(1, 20, "pb_unknown_action")],
            id="unknown-action",
        ),
        pytest.param(
            "- {at: 10, action: alarm, by: leader}\n- {at: 20, action: alarm, by: mayor}\n",
            [(2, 31, "pb_unknown_role")],
            id="unknown-role",
        ),
        pytest.param("- at: 10\n  action: alarm\n", [(1, 3, "pb_needs_by")], id="missing-by"),
        pytest.param(
            "- {at: -5, action: alarm, by: leader}\n"
            "- {at: ten, action: alarm, by: leader}\n"
            "- {at: .nan, action: alarm, by: leader}\n"
            "- {at: true, action: alarm, by: leader}\n"
            "- {action: alarm, by: leader}\n",
            [
                (1, 8, "pb_bad_at"),
                (2, 8, "pb_bad_at"),
                (3, 8, "pb_bad_at"),
                (4, 8, "pb_bad_at"),
                (5, 3, "pb_bad_at"),
            ],
            id="bad-at",
        ),
        pytest.param(
            "- {at: 30, action: alarm, by: leader}\n"
            "- {at: 20, action: evacuate, by: leader}\n"
            "- {at: 25, action: sweep, by: warden}\n",
            [(2, 8, "pb_out_of_order"), (3, 8, "pb_out_of_order")],
            id="out-of-order",
        ),
        pytest.param("at: 10\naction: alarm\n", [(1, 1, "pb_not_list")], id="not-a-list"),
        pytest.param("- alarm\n", [(1, 3, "pb_step_not_mapping")], id="step-not-mapping"),
        pytest.param("- {at: 5}\n", [(1, 3, "pb_needs_what")], id="needs-what"),
        pytest.param(
            "- {at: 901, action: alarm, by: leader}\n", [(1, 8, "pb_after_end")], id="after-end"
        ),
        pytest.param(
            "- {at: 5, inject: nope}\n", [(1, 19, "pb_unknown_inject")], id="unknown-inject"
        ),
        pytest.param("", [(1, 1, "empty_file")], id="empty"),
        pytest.param("- {at: 5, action: alarm\n", [(1, 3, "yaml_unclosed_flow")], id="yaml"),
    ],
)
def test_playbook_problem_is_located(
    workshop: Scenario, text: str, expected: list[tuple[int, int, str]]
) -> None:
    assert problems(text, workshop) == expected


def test_every_problem_is_reported_at_once(workshop: Scenario) -> None:
    text = (
        "- {at: 10, action: alarm, by: leader}\n"
        "- {at: 5, action: dance, by: mayor}\n"
        "- {at: 20, inject: nope}\n"
    )
    assert problems(text, workshop) == [
        (2, 8, "pb_out_of_order"),
        (2, 19, "pb_unknown_action"),
        (2, 30, "pb_unknown_role"),
        (3, 20, "pb_unknown_inject"),
    ]


def test_problem_reads_as_file_line_col(workshop: Scenario) -> None:
    with pytest.raises(ScenarioError) as info:
        parse_playbook("- {at: 10, action: dance, by: leader}\n", "my/pb.yaml", workshop)
    assert info.value.format("en") == "my/pb.yaml:1:20: the scenario has no action 'dance'"
    assert info.value.format("zh") == "my/pb.yaml:1:20: 场景中没有动作“dance”"


def test_load_playbook_from_a_file(tmp_path: Path, workshop: Scenario) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(
        "# a team\n"
        "- {at: 25, action: alarm, by: leader}\n"
        "- {at: 40, action: evacuate, by: leader, to: assembly}\n"
        "- {at: 45, inject: head_calls}\n"
        "- {at: 50, facilitator: Keep going}\n",
        encoding="utf-8",
    )
    steps = load_playbook(path, workshop)
    assert steps == [
        Step(25.0, "alarm", "leader", {}, line=2),
        Step(40.0, "evacuate", "leader", {"to": "assembly"}, line=3),
        Step(45.0, inject="head_calls", line=4),
        Step(50.0, facilitator="Keep going", line=5),
    ]


def test_load_playbook_problems_name_the_file(tmp_path: Path, workshop: Scenario) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("- {at: 25, action: alarm, by: nobody}\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_playbook(path, workshop)
    assert info.value.format("en") == f"{path}:1:31: the scenario has no role 'nobody'"
    with pytest.raises(ScenarioError) as missing:
        load_playbook(tmp_path / "none.yaml", workshop)
    assert [(p.line, p.col, p.key) for p in missing.value.problems] == [(1, 1, "file_missing")]


@pytest.mark.parametrize("name", ["ideal", "late", "passive"])
def test_bundled_playbooks_parse(workshop: Scenario, name: str) -> None:
    steps = load_playbook(PLAYBOOKS / f"{name}.yaml", workshop)
    assert steps and all(s.action in workshop.index.actions for s in steps)
    assert [s.at_s for s in steps] == sorted(s.at_s for s in steps)


# --- applying steps ------------------------------------------------------------------------------


def test_apply_action_step(workshop: Scenario) -> None:
    drill = Drill(workshop, 1)
    result = apply_step(drill, Step(25.0, "evacuate", "leader", {"to": "assembly"}))
    assert result.accepted and result.ends_s == 45.0
    assert drill.now_s == 25.0
    last = drill.log[-1]
    assert (last.kind, last.data["id"], last.data["params"]) == (
        "action",
        "evacuate",
        {"to": "assembly"},
    )


def test_apply_refused_step(workshop: Scenario) -> None:
    drill = Drill(workshop, 1)
    result = apply_step(drill, Step(25.0, "alarm", "warden"))
    assert not result.accepted and result.reason is not None
    assert result.reason.key == "refuse_not_your_role"
    assert drill.log[-1].kind == "refused"


def test_apply_inject_step(workshop: Scenario) -> None:
    drill = Drill(workshop, 1)
    result = apply_step(drill, Step(100.0, inject="head_calls"))
    assert result.accepted
    event = drill.log[-1]
    assert (event.t_s, event.kind, event.data["id"], event.data["facilitator"]) == (
        100.0,
        "inject",
        "head_calls",
        True,
    )
    again = apply_step(drill, Step(110.0, inject="head_calls"))
    assert again.reason is not None and again.reason.key == "refuse_inject_sent"
    drill.run_to_end()
    assert [e.t_s for e in drill.log if e.kind == "inject" and e.data["id"] == "head_calls"] == [
        100.0
    ]


def test_apply_facilitator_step(workshop: Scenario) -> None:
    drill = Drill(workshop, 1)
    assert apply_step(drill, Step(30.0, facilitator="Stop the machines")).accepted
    event = drill.log[-1]
    assert (event.t_s, event.kind, dict(event.data)) == (
        30.0,
        "facilitator",
        {"text": "Stop the machines", "to": None},
    )


def test_facilitator_step_to_one_role(workshop: Scenario) -> None:
    steps = parse_playbook(
        "- {at: 30, facilitator: Check the store room, to_role: warden}\n", "pb.yaml", workshop
    )
    assert steps == [Step(30.0, facilitator="Check the store room", line=1, to_role="warden")]
    drill = Drill(workshop, 1)
    assert apply_step(drill, steps[0]).accepted
    assert dict(drill.log[-1].data) == {"text": "Check the store room", "to": "warden"}
    assert problems("- {at: 30, facilitator: Hi, to_role: mayor}\n", workshop) == [
        (1, 38, "pb_unknown_role")
    ]


def test_run_playbook_takes_steps_in_time_order(workshop: Scenario) -> None:
    steps = [
        Step(40.0, "evacuate", "leader", {"to": "assembly"}),
        Step(25.0, "alarm", "leader"),
    ]
    drill = run_playbook(workshop, steps, seed=3)
    assert drill.finished and drill.seed == 3
    actions = [(e.t_s, e.data["id"]) for e in drill.log if e.kind == "action"]
    assert actions == [(25.0, "alarm"), (40.0, "evacuate")]
    assert drill.log[-1].kind == "end" and drill.log[-1].t_s == 900.0


def test_step_at_the_end_of_an_action_finds_it_complete(tmp_path: Path) -> None:
    # An action that requires another can be taken at the moment the first one ends.
    scenario_text = WORKSHOP.read_text(encoding="utf-8").replace(
        "    duration_s: 20\n    params:\n      to:",
        "    duration_s: 20\n    requires: [alarm]\n    params:\n      to:",
    )
    assert "requires: [alarm]" in scenario_text
    path = tmp_path / "workshop.yaml"
    path.write_text(scenario_text, encoding="utf-8")
    scenario = load_scenario(path)
    steps = parse_playbook(
        "- {at: 25, action: alarm, by: leader}\n- {at: 40, action: evacuate, by: leader}\n",
        "pb.yaml",
        scenario,
    )
    drill = Drill(scenario, 1)
    results = [apply_step(drill, s) for s in steps]
    assert [r.accepted for r in results] == [True, True]


# --- drillsim simulate ------------------------------------------------------------------------------


def simulate(*args: str) -> tuple[int, str, str]:
    """Run ``drillsim --lang en simulate ARGS`` as its own process: exit code, stdout, stderr."""
    run = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--lang", "en", "simulate", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    return run.returncode, run.stdout, run.stderr


def test_simulate_json_contract() -> None:
    code, out, _ = simulate("workshop-evacuation", "--playbook", "ideal", "--json")
    assert code == 0
    result: dict[str, Any] = json.loads(out)
    assert {"scenario", "seed", "score", "expectations", "outcome", "events"} <= set(result)
    assert result["scenario"] == "workshop-evacuation" and result["seed"] == 1
    score = result["score"]
    assert 0 <= score["total"] <= 100 and score["grade"] in ("优", "良", "一般", "差")
    assert set(score["categories"]) == {"reporting", "evacuation", "early_response", "outcome"}
    assert score["total"] == 100.0 and score["grade"] == "优"
    assert [e["id"] for e in result["expectations"]] == [
        "alarm_fast",
        "evacuate_order",
        "everyone_out",
        "sweep_done",
        "headcount_done",
        "report_in_time",
        "call_fire",
    ]
    for exp in result["expectations"]:
        assert {"id", "category", "status", "done_at_s", "target_s", "limit_s", "credit"} <= set(
            exp
        )
        assert exp["status"] == "met" and exp["credit"] == 1.0
    alarm = result["expectations"][0]
    # Taken at 25 s, the alarm takes 15 s: done at 40 s.
    assert (alarm["done_at_s"], alarm["target_s"], alarm["limit_s"]) == (40.0, 60.0, 180.0)
    outcome = result["outcome"]
    assert outcome["people"]["total"] == 46 and outcome["people"]["states"]["safe"] == 46
    assert isinstance(outcome["evacuation_time_s"], float)
    assert 120.0 < outcome["evacuation_time_s"] < 360.0
    events = result["events"]
    assert events[0]["kind"] == "start" and events[-1]["kind"] == "end"
    assert events[-1]["outcome"] == outcome
    assert all(set(e) >= {"t_s", "kind"} for e in events)
    assert [e["t_s"] for e in events] == sorted(e["t_s"] for e in events)


def test_simulate_seed_is_reported() -> None:
    code, out, _ = simulate(str(WORKSHOP), "--seed", "7", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["seed"] == 7
    assert result["events"][0] == {
        "t_s": 0.0,
        "kind": "start",
        "scenario": "workshop-evacuation",
        "seed": 7,
        "engine": result["engine"],
    }


def test_simulate_many_runs_prints_statistics() -> None:
    code, out, err = simulate(
        "workshop-evacuation", "--playbook", "ideal", "--runs", "4", "--jobs", "2", "--json"
    )
    assert code == 0
    summary = json.loads(out)
    assert summary["scenario"] == "workshop-evacuation" and summary["runs"] == 4
    assert summary["seeds"] == [1, 4] and summary["playbook"] == "ideal"
    stats = summary["stats"]
    for key in ("score_total", "evacuation_time_s", "people.states.safe"):
        assert {"mean", "p5", "p50", "p95"} <= set(stats[key]), key
        st = stats[key]
        assert st["n"] == 4.0
        assert st["min"] <= st["p5"] <= st["p50"] <= st["p95"] <= st["max"]
        assert st["min"] <= st["mean"] <= st["max"]
    assert stats["people.states.safe"]["mean"] == 46.0
    # Different seeds draw different pre-movement times.
    assert stats["evacuation_time_s"]["max"] > stats["evacuation_time_s"]["min"]
    assert "\r" not in err and "4/4" not in err  # the progress bar is for terminals only


def test_simulate_text_output() -> None:
    code, out, _ = simulate("workshop-evacuation", "--playbook", "late")
    assert code == 0
    assert out.startswith("total ")
    assert "outcome: 46/46 people safe" in out


def test_simulate_unknown_scenario() -> None:
    code, out, err = simulate("no-such-drill")
    assert code == 1 and out == ""
    assert err.startswith("no scenario 'no-such-drill': it is neither a file nor the id")
    assert "workshop-evacuation" in err


def test_simulate_unknown_playbook() -> None:
    code, out, err = simulate("workshop-evacuation", "--playbook", "heroic")
    assert code == 1 and out == ""
    assert err == "scenario 'workshop-evacuation' has no playbook 'heroic'\n"


def test_simulate_bad_playbook_file(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text("- {at: 25, action: alarm, by: leader}\n- {at: 10, action: bogus}\n")
    code, out, err = simulate("workshop-evacuation", "--playbook", str(path))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{path}:2:8: steps must not go back in time (previous step at 25.0 s)",
        f"{path}:2:20: the scenario has no action 'bogus'",
        f"{path}:2:3: an action step needs 'by' (a role)",
    ]


def test_simulate_needs_a_positive_run_count() -> None:
    code, _, err = simulate("workshop-evacuation", "--runs", "0")
    assert code == 2 and "--runs must be at least 1" in err


def test_simulate_many_runs_counts_the_runs_that_never_finished() -> None:
    # The late hotel plan never gets every guest out within the 40 min drill.
    code, out, _ = simulate(
        "hotel-evacuation", "--playbook", "late", "--runs", "2", "--jobs", "1", "--json"
    )
    assert code == 0
    summary = json.loads(out)
    evac = summary["stats"]["evacuation_time_s"]
    assert (evac["n"], evac["unfinished"]) == (2, 2)
    assert evac["p50"] is None and evac["p95"] is None and evac["mean"] is None
    assert summary["duration_s"] == 2400
    code, out, _ = simulate("hotel-evacuation", "--playbook", "late", "--runs", "2", "--jobs", "1")
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("evacuation_time_s"))
    assert row.split() == ["evacuation_time_s", *([">", "2400"] * 4), "2"]
