"""The drill session: the clock, the facilitator controls and what they put in the log."""

from __future__ import annotations

import itertools
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.tui.tui_helpers import scenario, scenario_from, scenario_text, workshop_data
from tui.results import results_dir, save_result
from tui.session import SPEEDS, DrillSession, Participant, Settings


def session(**settings: Any) -> DrillSession:
    settings.setdefault("seed", 1)
    return DrillSession(scenario(), Settings(**settings))


def controls(s: DrillSession) -> list[dict[str, Any]]:
    return [dict(e.data) for e in s.drill.log if e.kind == "control"]


def test_clock_moves_by_speed_times_real_time() -> None:
    s = session(speed=5.0)
    assert s.target_after(2.0) == pytest.approx(10.0)
    s.advance(s.clock_s)
    assert s.drill.now_s == pytest.approx(10.0)
    assert s.target_after(0.5) == pytest.approx(12.5)


def test_clock_stands_still_while_paused() -> None:
    s = session(speed=2.0)
    assert s.pause()
    assert s.target_after(30.0) == 0.0
    assert s.resume()
    assert s.target_after(1.0) == pytest.approx(2.0)
    assert [c["action"] for c in controls(s)] == ["pause", "resume"]


def test_clock_stops_at_the_end() -> None:
    s = session(speed=10.0)
    end = s.duration_s
    assert s.target_after(end) == end
    s.advance(end)
    assert s.finished
    assert s.target_after(5.0) == end


def test_speed_changes_are_logged_and_limited_to_the_speeds() -> None:
    s = session()
    assert not s.set_speed(3.0)
    assert s.set_speed(10.0)
    assert not s.set_speed(10.0)
    assert s.slower() and s.speed == 5.0
    assert s.faster() and s.speed == 10.0
    assert not s.faster()
    assert [c.get("speed") for c in controls(s)] == [10.0, 5.0, 10.0]
    assert max(SPEEDS) == 10.0


def test_unknown_speed_from_settings_falls_back_to_one() -> None:
    assert session(speed=3.0).speed == 1.0


def test_random_seed_is_drawn_and_kept() -> None:
    s = DrillSession(scenario(), Settings())
    assert s.seed >= 1
    assert s.result()["seed"] == s.seed


def test_history_is_sampled_while_advancing() -> None:
    s = session()
    s.advance(60.0)
    times = [h.t_s for h in s.history]
    assert times[0] == 0.0
    assert times == sorted(times)
    assert len(times) >= 60.0 / s.sample_s
    assert all(b - a <= s.sample_s + 1e-9 for a, b in itertools.pairwise(times))


def test_end_runs_to_the_end_and_is_logged() -> None:
    s = session()
    s.step(30.0)
    s.end()
    assert s.finished
    assert s.ended_early
    assert s.drill.now_s == s.duration_s
    ends = [c for c in controls(s) if c["action"] == "end"]
    assert ends and ends[0]["at_s"] == pytest.approx(30.0)
    assert s.history[-1].t_s == pytest.approx(s.duration_s)


def test_refusal_keeps_its_reason_at_its_log_index() -> None:
    s = session()
    result = s.act("sweep", "leader", {})
    assert not result.accepted
    index = len(s.drill.log) - 1
    assert s.drill.log[index].kind == "refused"
    assert s.reasons[index] == result.reason
    assert s.refusals[-1].action == "sweep"
    assert "Floor warden" in s.reasons[index].render("en")


def test_default_role_is_the_first_free_allowed_role() -> None:
    s = session()
    assert s.allowed_roles("call_119") == ["leader", "warden"]
    assert s.default_role("call_119") == "leader"
    assert s.act("alarm", "leader", {}).accepted
    s.step(1.0)
    assert not s.role_free("leader")
    assert s.default_role("call_119") == "warden"


def test_free_inject_and_optional_inject_land_in_the_log() -> None:
    injects = workshop_data()["injects"]
    extra = {"id": "smoke_spreads", "at_s": 0, "optional": True, "text": "Smoke in the stair"}
    sc2 = scenario_from(scenario_text(injects=[*injects, extra]))
    s = DrillSession(sc2, Settings(seed=1))
    assert s.optional_injects() == ["smoke_spreads"]
    assert s.fire_inject("smoke_spreads").accepted
    assert s.optional_injects() == []
    assert not s.fire_inject("smoke_spreads").accepted
    assert s.free_inject("A visitor is missing", "warden").accepted
    kinds = [(e.kind, dict(e.data)) for e in s.drill.log]
    assert any(k == "inject" and d["id"] == "smoke_spreads" and d["facilitator"] for k, d in kinds)
    assert any(
        k == "facilitator" and d == {"text": "A visitor is missing", "to": "warden"}
        for k, d in kinds
    )


def test_record_adds_team_and_history() -> None:
    s = session(team="A shift", unit="Workshop 2", participants=[Participant("Wang", "leader")])
    s.step(20.0)
    record = s.record("zh")
    assert record["scenario"] == "workshop-evacuation"
    assert {"score", "expectations", "outcome", "events"} <= set(record)
    assert record["session"]["team"] == "A shift"
    assert record["session"]["participants"] == [{"name": "Wang", "role": "leader"}]
    assert record["session"]["lang"] == "zh"
    assert record["session"]["hazard_history"][0]["t_s"] == 0.0
    assert s.participants_in("leader") == ["Wang"]


def test_results_never_overwrite_each_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRILLSIM_HOME", str(tmp_path))
    when = datetime(2025, 6, 1, 9, 30, 0)
    first = save_result({"scenario": "x", "seed": 1, "n": 1}, when)
    second = save_result({"scenario": "x", "seed": 1, "n": 2}, when)
    assert first.parent == results_dir() == tmp_path / "results"
    assert first.name == "20250601-093000-x-seed1.json"
    assert second.name == "20250601-093000-x-seed1-2.json"
    assert json.loads(second.read_text(encoding="utf-8"))["n"] == 2
