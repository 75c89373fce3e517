"""The drill session: the clock, the facilitator controls and what they put in the log."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from sim.records import History, read_journal, replay, resume_drill, unfinished
from tests.tui.tui_helpers import (
    scenario,
    scenario_from,
    scenario_path,
    scenario_text,
    workshop_data,
)
from tui.feedtext import EventText
from tui.names import Names
from tui.results import default_report_path, export_report
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


def recorded(**settings: Any) -> DrillSession:
    """A workshop drill that is journaled and kept in the history, as the app runs it."""
    settings.setdefault("seed", 1)
    s = DrillSession(scenario(), Settings(**settings), scenario_path(), lang="en")
    s.begin()
    assert s.session_id is not None
    return s


def take_some_inputs(s: DrillSession) -> None:
    """Two actions (one refused), speed, pause and resume, a facilitator message."""
    s.step(20.0)
    assert s.act("alarm", "leader", {}).accepted
    assert s.set_speed(5.0)
    assert s.pause() and s.resume()
    s.step(15.0)
    assert not s.act("sweep", "leader", {}).accepted
    assert s.free_inject("A visitor is missing", "warden").accepted
    s.step(12.5)


def test_an_unrecorded_session_writes_no_journal(tmp_path: Path) -> None:
    s = session()
    s.begin()
    take_some_inputs(s)
    s.end()
    assert s.session_id is None and s.result_record is None
    assert not (tmp_path / "home" / "journals").exists()


def test_every_input_is_in_the_journal_as_it_is_taken() -> None:
    s = recorded(team="A shift", participants=[Participant("Wang", "leader"), Participant("", "x")])
    take_some_inputs(s)
    assert s.journal_path is not None
    read = read_journal(s.journal_path)
    assert not read.finished
    assert [(i.op, i.args.get("action") or i.args.get("kind")) for i in read.inputs] == [
        ("act", "alarm"),
        ("note", "speed"),
        ("note", "pause"),
        ("note", "resume"),
        ("act", "sweep"),
        ("free_inject", None),
    ]
    assert [i.accepted for i in read.inputs if i.op == "act"] == [True, False]
    # the clock is journaled with each hazard sample (and exactly when the drill is closed)
    assert s.drill.now_s - s.sample_s <= read.clock_s <= s.drill.now_s
    assert read.header.team == "A shift"
    assert [(p.name, p.role) for p in read.header.participants] == [("Wang", "leader")]
    history = History().session(s.session_id or "")
    assert history.status == "running"


def test_ending_the_drill_keeps_it_in_the_history_and_its_replay_matches() -> None:
    s = recorded(team="A shift")
    take_some_inputs(s)
    s.end()
    assert s.finished and s.result_record is not None
    read = read_journal(s.journal_path or "")
    assert read.finished
    rp = replay(s.journal_path or "")
    assert rp.log_verified is True
    assert rp.result() == s.result()
    rec = History().session(s.session_id or "")
    assert rec.status == "finished"
    assert rec.total == pytest.approx(s.result()["score"]["total"])
    assert History().result(rec.id) == s.result()
    assert unfinished() == []


def test_a_recording_starts_only_before_the_clock_moves() -> None:
    s = DrillSession(scenario(), Settings(seed=1), scenario_path())
    s.step(5.0)
    s.begin()
    assert s.session_id is None


def test_closing_mid_drill_leaves_it_resumable_where_the_clock_stood() -> None:
    s = recorded(team="A shift", speed=2.0)
    take_some_inputs(s)
    log = [e.to_json() for e in s.drill.log]
    clock = s.drill.now_s
    reasons = {k: v.key for k, v in s.reasons.items()}
    s.close()
    [waiting] = unfinished()
    assert waiting.session == s.session_id and waiting.clock_s == pytest.approx(clock)
    again = DrillSession.from_journal(resume_drill(waiting.session), lang="en")
    assert again.drill.now_s == pytest.approx(clock) and again.clock_s == pytest.approx(clock)
    assert [e.to_json() for e in again.drill.log][: len(log)] == log
    assert again.paused and again.speed == 5.0 and again.settings.team == "A shift"
    assert {k: v.key for k, v in again.reasons.items()} == reasons
    assert [round(h.t_s, 6) for h in again.history] == [round(h.t_s, 6) for h in s.history]
    pause = again.drill.log[-1]
    assert (pause.kind, pause.data["action"], pause.data["reason"]) == (
        "control",
        "pause",
        "resumed",
    )
    line = EventText(Names(again.scenario), again.drill.clock).line(pause, "en").text
    assert "continued from its journal" in line and "could not be used" not in line
    again.resume()
    again.end()
    assert read_journal(again.journal_path or "").finished
    assert replay(again.journal_path or "").log_verified is True
    assert History().session(again.session_id or "").status == "finished"


@pytest.mark.parametrize("mode", ["assessment", "coaching"])
def test_a_resumed_drill_keeps_its_mode(mode: str) -> None:
    s = recorded(mode=mode)
    take_some_inputs(s)
    s.close()
    assert read_journal(s.journal_path or "").header.mode == mode
    again = DrillSession.from_journal(resume_drill(s.session_id or ""), lang="en")
    assert again.settings.mode == mode
    again.close()


def test_a_resumed_drill_says_which_journal_lines_were_skipped() -> None:
    s = recorded()
    take_some_inputs(s)
    s.close()
    path = s.journal_path
    assert path is not None
    with path.open("ab") as f:
        f.write(b'{"type": "input", "n": 7, "t_s": 99')
    again = DrillSession.from_journal(resume_drill(s.session_id or ""), lang="zh")
    pause = again.drill.log[-1]
    assert pause.data["skipped"] and pause.data["skipped"][0]["reason"] == "skip_truncated"
    line = EventText(Names(again.scenario), again.drill.clock).line(pause, "zh").text
    assert "不完整" in line and "1行无法使用" in line
    again.close()


def test_the_report_is_exported_into_the_home_folder(tmp_path: Path) -> None:
    s = recorded(team="A shift")
    take_some_inputs(s)
    s.end()
    sid = s.session_id or ""
    History().add_improvement(
        sid, issue="Headcount too slow", action="Drill the roll call", due_date="2026-07-15"
    )
    path = default_report_path(sid, "md")
    assert path == tmp_path / "home" / "reports" / f"{sid}.md"
    written = export_report(sid, path, "en")
    text = written.read_text(encoding="utf-8")
    assert "Headcount too slow" in text and "Drill the roll call" in text
    data = json.loads(export_report(sid, tmp_path / "r.json", "en").read_text(encoding="utf-8"))
    assert data
