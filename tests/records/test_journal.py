"""The journal: written as the drill runs, read back tolerantly, replayed exactly, resumed."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from sim.catalog import entries
from sim.drill import Drill
from sim.playbook import Step
from sim.records import RecordsError
from sim.records.history import History, Participant
from sim.records.journal import (
    Recorder,
    encode_line,
    find_journal,
    read_journal,
    remaining_steps,
    replay,
    resume_drill,
    unfinished,
)
from sim.result import drill_result
from tests.records.helpers import scenario, steps, straight_result

CASES = [
    (e.id, pb)
    for e in entries(include_user=False)
    if e.checked.scenario is not None
    for pb in e.playbooks
]
"""Every bundled scenario (every hazard model) with every playbook it ships."""


def record(name: str, playbook: str, seed: int, upto: int | None = None, **kw: Any) -> Recorder:
    """A recorder that has taken the playbook's first ``upto`` steps (all when None)."""
    path, sc = scenario(name)
    rec = Recorder.start(sc, path, seed=seed, **kw)
    for step in steps(name, playbook)[:upto]:
        rec.apply_step(step)
    return rec


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def input_lines(path: Path) -> list[int]:
    """0-based indexes of the input lines."""
    return [i for i, raw in enumerate(lines(path)) if b'"type":"input"' in raw]


@pytest.mark.parametrize(("name", "playbook"), CASES)
def test_recorded_drill_replays_to_the_same_result(name: str, playbook: str) -> None:
    rec = record(name, playbook, seed=4)
    result = rec.finish()
    assert result == straight_result(name, playbook, 4)
    # hazard sampling advances the drill in small steps on the way: the log must not change
    rp = replay(rec.journal_path, hazard_every_s=13.0)
    assert rp.result() == result
    assert rp.log_verified is True
    assert rp.read.finished and len(rp.hazard) > 10


def test_header_holds_what_the_drill_was_run_with() -> None:
    path, sc = scenario("workshop-evacuation")
    rec = Recorder.start(
        sc,
        path,
        seed=9,
        unit="Plant 2",
        team="Shift B",
        participants=[Participant("Wang", "leader"), Participant("Li", "warden")],
        lang="en",
        speed=2.0,
    )
    rec.close()
    header = json.loads(lines(rec.journal_path)[0])
    assert header["type"] == "header"
    assert header["session"] == rec.session_id
    assert header["scenario"]["id"] == "workshop-evacuation"
    assert len(header["scenario"]["sha256"]) == 64
    assert header["seed"] == 9
    assert header["engine"] == Drill(sc, 1).log[0].data["engine"]
    assert header["team"] == "Shift B" and header["unit"] == "Plant 2"
    assert header["participants"] == [
        {"name": "Wang", "role": "leader"},
        {"name": "Li", "role": "warden"},
    ]
    assert header["lang"] == "en" and header["speed"] == 2.0
    assert rec.journal_path.name == f"{rec.session_id}.jsonl"


def test_every_line_is_fsynced_as_it_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    rec = record("workshop-evacuation", "ideal", seed=1, upto=3)
    path = rec.journal_path
    file_lines = len(lines(path))
    # one per line, plus the directory entry of the new file
    assert len(synced) == file_lines + 1
    rec.act("alarm", "leader")
    assert len(lines(path)) == file_lines + 1
    assert len(synced) == file_lines + 2
    rec.close()


def test_refused_inputs_and_facilitator_controls_are_journaled_and_replayed() -> None:
    path, sc = scenario("chemical-vehicle-leak")
    rec = Recorder.start(sc, path, seed=2)
    rec.advance(12.5)
    assert not rec.act("alarm", "nobody").accepted  # unknown role: refused, logged
    assert rec.act("alarm", "leader").accepted
    assert not rec.act("alarm", "leader").accepted  # done already
    rec.note("pause")
    rec.advance(40.0)
    rec.note("speed", speed=5.0)
    assert rec.fire_inject("worker_down").accepted
    assert not rec.fire_inject("worker_down").accepted
    assert rec.free_inject("The press are at the gate", to="leader").accepted
    assert not rec.free_inject("to nobody", to="ghost").accepted
    result = rec.finish()
    kinds = [e["kind"] for e in result["events"]]
    assert kinds.count("refused") == 2 and kinds.count("control") == 2
    read = read_journal(rec.journal_path)
    assert [i.op for i in read.inputs] == [
        "act", "act", "act", "note", "note", "fire_inject", "fire_inject", "free_inject",
        "free_inject",
    ]  # fmt: skip
    assert [i.accepted for i in read.inputs] == [
        False, True, False, None, None, True, False, True, False,
    ]  # fmt: skip
    assert read.inputs[0].reason is not None and read.inputs[0].reason["en"]
    assert read.inputs[0].t_s == 12.5
    rp = replay(rec.journal_path)
    assert rp.result() == result
    assert rp.log_verified is True


def test_hazard_sampling_does_not_change_the_replay() -> None:
    rec = record("chemical-vehicle-leak", "late", seed=3)
    result = rec.finish()
    rp = replay(rec.journal_path, hazard_every_s=7.0)
    assert rp.result() == result
    assert rp.log_verified is True
    times = [s.t_s for s in rp.hazard]
    assert times[0] == 0.0 and times == sorted(times) and times[-1] == 1800.0
    assert len(times) >= 1800 / 7
    assert max(s.site_max for s in rp.hazard) > 1000  # the plume at its source
    assert all(s.occupied_max <= s.site_max for s in rp.hazard)


def test_a_truncated_last_line_is_skipped_and_the_drill_resumes_from_the_last_good_input() -> None:
    name, pb, seed = "chemical-vehicle-leak", "ideal", 6
    rec = record(name, pb, seed, upto=5)
    rec.close()
    path = rec.journal_path
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 25])  # the last input, cut mid-line
    read = read_journal(path)
    assert len(read.inputs) == 4
    assert [(s.line, s.key) for s in read.skipped] == [(6, "skip_truncated")]
    assert "line 6" in read.skipped[0].render("en") and "第6行" in read.skipped[0].render("zh")
    assert not read.finished

    resumed = resume_drill(rec.session_id)
    assert [s.key for s in resumed.skipped] == ["skip_truncated"]
    assert resumed.damaged_copy is not None and resumed.damaged_copy.read_bytes() == data[:-25]
    assert resumed.drill.now_s == read.inputs[-1].t_s
    todo = remaining_steps(steps(name, pb), resumed.inputs)
    assert len(todo) == len(steps(name, pb)) - 4
    for step in todo:
        resumed.recorder.apply_step(step)
    result = resumed.recorder.finish()
    assert result == straight_result(name, pb, seed)
    again = read_journal(path)
    assert again.skipped == [] and again.finished
    assert replay(path).log_verified is True


@pytest.mark.parametrize("damage", ["checksum", "not_json"])
def test_a_corrupted_line_stops_the_replay_there_and_says_what_was_skipped(damage: str) -> None:
    name, pb, seed = "workshop-evacuation", "late", 8
    rec = record(name, pb, seed, upto=5)
    rec.close()
    path = rec.journal_path
    raw = lines(path)
    bad = input_lines(path)[2]  # the third input
    if damage == "checksum":
        raw[bad] = raw[bad].replace(b'"n":3', b'"n":4')  # still JSON, wrong checksum
    else:
        raw[bad] = raw[bad][:30] + b"\x00\xff garbage" + raw[bad][40:]
    path.write_bytes(b"".join(raw))
    read = read_journal(path)
    assert len(read.inputs) == 2
    expected = "skip_checksum" if damage == "checksum" else "skip_not_json"
    assert read.skipped[0].line == bad + 1 and read.skipped[0].key == expected
    assert {s.key for s in read.skipped[1:]} == {"skip_after_damage"}
    assert [s.line for s in read.skipped] == list(range(bad + 1, len(raw) + 1))

    resumed = resume_drill(rec.session_id)
    assert resumed.drill.now_s == read.inputs[-1].t_s
    for step in remaining_steps(steps(name, pb), resumed.inputs):
        resumed.recorder.apply_step(step)
    assert resumed.recorder.finish() == straight_result(name, pb, seed)
    assert read_journal(path).skipped == []


def test_a_journal_without_a_usable_header_cannot_be_replayed(home: Path) -> None:
    rec = record("workshop-evacuation", "ideal", seed=1, upto=2)
    rec.close()
    raw = lines(rec.journal_path)
    rec.journal_path.write_bytes(b"{broken\n" + b"".join(raw[1:]))
    with pytest.raises(RecordsError) as exc:
        read_journal(rec.journal_path)
    assert exc.value.key == "err_no_header"
    with pytest.raises(RecordsError) as missing:
        read_journal(home / "nowhere.jsonl")
    assert missing.value.key == "err_no_journal"


def _rewrite(path: Path, index: int, change: dict[str, Any]) -> None:
    raw = lines(path)
    obj = json.loads(raw[index])
    obj.update(change)
    raw[index] = encode_line(obj)
    path.write_bytes(b"".join(raw))


def test_a_changed_scenario_is_refused_unless_forced(tmp_path: Path) -> None:
    src, sc = scenario("workshop-evacuation")
    copy = tmp_path / "mine.yaml"
    shutil.copy(src, copy)
    rec = Recorder.start(sc, copy, seed=1)
    for step in steps("workshop-evacuation", "ideal")[:3]:
        rec.apply_step(step)
    rec.close()
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    with pytest.raises(RecordsError) as exc:
        replay(rec.journal_path)
    assert exc.value.key == "err_scenario_changed"
    assert "--force" in exc.value.render("en") and "--force" in exc.value.render("zh")
    with pytest.raises(RecordsError):
        resume_drill(rec.session_id)
    rp = replay(rec.journal_path, force=True)
    assert rp.scenario_changed and len(rp.read.inputs) == 3


def test_a_different_engine_version_is_refused_unless_forced() -> None:
    rec = record("workshop-evacuation", "ideal", seed=1, upto=2)
    rec.close()
    _rewrite(rec.journal_path, 0, {"engine": "0-old"})
    with pytest.raises(RecordsError) as exc:
        replay(rec.journal_path)
    assert exc.value.key == "err_engine_changed"
    assert replay(rec.journal_path, force=True).engine_changed


def test_an_input_answered_differently_on_replay_is_reported() -> None:
    rec = record("workshop-evacuation", "ideal", seed=1, upto=3)
    rec.close()
    _rewrite(rec.journal_path, input_lines(rec.journal_path)[1], {"accepted": False})
    with pytest.raises(RecordsError) as exc:
        replay(rec.journal_path)
    assert exc.value.key == "err_diverged"
    assert "input 2" in exc.value.render("en") and "accepted" in exc.value.render("en")
    forced = replay(rec.journal_path, force=True)
    assert [(d.n, d.was, d.now) for d in forced.divergences] == [(2, False, True)]


def test_a_drill_being_run_cannot_be_resumed_twice() -> None:
    rec = record("workshop-evacuation", "ideal", seed=1, upto=2)
    with pytest.raises(RecordsError) as exc:
        resume_drill(rec.session_id)
    assert exc.value.key == "err_locked"
    [summary] = unfinished()
    assert summary.in_use and summary.session == rec.session_id and summary.inputs == 2
    rec.close()
    [summary] = unfinished()
    assert not summary.in_use
    resumed = resume_drill(rec.session_id)
    resumed.recorder.close()


def test_a_finished_drill_is_not_offered_or_resumed() -> None:
    rec = record("workshop-evacuation", "ideal", seed=1)
    rec.finish()
    assert unfinished() == []
    with pytest.raises(RecordsError) as exc:
        resume_drill(rec.session_id)
    assert exc.value.key == "err_finished"
    with pytest.raises(RecordsError) as closed:
        rec.act("alarm", "leader")
    assert closed.value.key == "err_recorder_closed"


def test_resume_starts_where_the_clock_stood() -> None:
    rec = record("workshop-evacuation", "ideal", seed=1, upto=2)
    rec.advance(95.0)
    rec.checkpoint()
    rec.close()
    read = read_journal(rec.journal_path)
    assert read.last_input_s == 40.0 and read.clock_s == 95.0
    resumed = resume_drill(rec.session_id)
    assert resumed.drill.now_s == 95.0
    # the next input lands after the checkpoint, and the whole drill still replays exactly
    resumed.recorder.advance(100.0)
    resumed.recorder.act("sweep", "warden")
    result = resumed.recorder.finish()
    assert replay(rec.journal_path).result() == result


def test_remaining_steps_follow_the_journal() -> None:
    name = "chemical-vehicle-leak"
    all_steps = steps(name, "ideal")
    rec = record(name, "ideal", seed=1, upto=3)
    rec.note("pause")  # notes are not playbook steps
    rec.close()
    read = read_journal(rec.journal_path)
    assert remaining_steps(all_steps, read.inputs) == all_steps[3:]
    # inputs that are not the playbook's: go on after the last input's time
    other = [Step(at_s=0.0, action="alarm", by="leader"), Step(at_s=100.0, action="esd", by="x")]
    assert remaining_steps(other, read.inputs) == other[1:]


def test_find_journal_by_id_prefix_or_path() -> None:
    rec = record("workshop-evacuation", "ideal", seed=1, upto=1)
    rec.close()
    assert find_journal(rec.session_id) == rec.journal_path
    assert find_journal(rec.session_id[:-2]) == rec.journal_path
    assert find_journal(str(rec.journal_path)) == rec.journal_path
    with pytest.raises(RecordsError) as exc:
        find_journal("19990101-000000")
    assert exc.value.key == "err_no_session"


def test_the_session_is_in_the_history_from_start_to_end() -> None:
    rec = record("workshop-evacuation", "late", seed=2, upto=2, team="A", unit="U")
    history = History()
    running = history.session(rec.session_id)
    assert running.status == "running" and running.total is None
    assert history.result(rec.session_id) is None
    for step in steps("workshop-evacuation", "late")[2:]:
        rec.apply_step(step)
    result = rec.finish()
    done = history.session(rec.session_id)
    assert done.status == "finished"
    assert done.total == result["score"]["total"] and done.grade == result["score"]["grade"]
    assert history.result(rec.session_id) == result
    assert [x.expectation for x in done.expectations] == [x["id"] for x in result["expectations"]]
    assert done.expectations[0].title["zh"] and done.expectations[0].title["en"]
    assert done.journal == str(rec.journal_path)
    assert done.duration_s is not None and done.duration_s >= 0
    assert rec.warnings == []


def test_replay_of_a_drill_that_stopped_keeps_its_inputs() -> None:
    rec = record("chemical-vehicle-leak", "ideal", seed=1, upto=4)
    rec.close()
    rp = replay(rec.journal_path)
    assert rp.log_verified is None and not rp.drill.finished
    actions = [e for e in drill_result(rp.drill)["events"] if e["kind"] == "action"]
    assert [a["id"] for a in actions] == [
        s.action for s in steps("chemical-vehicle-leak", "ideal")[:4]
    ]


def test_session_ids_sort_in_the_order_they_were_made() -> None:
    import re
    from datetime import datetime, timedelta

    from sim.records.paths import new_session_id

    t0 = datetime(2026, 6, 1, 14, 20, 0, 5000)
    made = [new_session_id(t0 + timedelta(milliseconds=k * 7)) for k in range(150)]
    assert all(re.fullmatch(r"20260601-1420\d\d-[0-9a-f]{6}", i) for i in made)
    assert made == sorted(made)
    assert len(set(new_session_id(t0) for _ in range(50))) > 40
