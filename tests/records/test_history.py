"""The history database: schema and migrations, filters, progress, notes, the improvement
plan, and two processes writing at once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from sim.records import RecordsError
from sim.records.history import (
    SCHEMA_VERSION,
    History,
    Participant,
    SessionRecord,
)
from sim.records.journal import expectation_rows
from tests.records.helpers import ROOT, scenario, straight_result


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, Any]]:
    """Results of the workshop drill played well, late and not at all."""
    return {
        pb: straight_result("workshop-evacuation", pb, 1) for pb in ("ideal", "late", "passive")
    }


def save(
    h: History,
    sid: str,
    result: dict[str, Any] | None,
    *,
    started: str,
    team: str = "A",
    unit: str = "Plant",
    scenario_id: str = "workshop-evacuation",
) -> None:
    _, sc = scenario("workshop-evacuation")
    rec = SessionRecord(
        id=sid,
        scenario_id=scenario_id,
        seed=1,
        started=started,
        unit=unit,
        team=team,
        participants=[Participant("Wang", "leader"), Participant("Li", "warden")],
        scenario_title={"zh": "车间疏散演练", "en": "Workshop evacuation drill"},
        scenario_category="evacuation",
        status="finished" if result else "running",
        total=result["score"]["total"] if result else None,
        grade=result["score"]["grade"] if result else None,
        duration_s=1260.0 if result else None,
        expectations=expectation_rows(sc, result) if result else [],
    )
    h.save_session(rec, result)


def test_a_new_database_is_in_wal_mode_at_the_current_schema(home: Path) -> None:
    h = History()
    assert h.schema_version() == SCHEMA_VERSION
    assert h.journal_mode() == "wal"
    assert h.path == home / "history.sqlite3"
    conn = sqlite3.connect(h.path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert {"sessions", "participants", "expectation_results", "notes", "improvements"} <= tables


def test_an_empty_older_file_is_migrated_and_a_newer_one_refused(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    sqlite3.connect(old).close()  # version 0: no tables
    assert History(old).schema_version() == SCHEMA_VERSION
    assert History(old).sessions() == []
    newer = tmp_path / "newer.sqlite3"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(RecordsError) as exc:
        History(newer).sessions()
    assert exc.value.key == "err_db_newer"
    assert "upgrade" in exc.value.render("en") and "升级" in exc.value.render("zh")
    conn = sqlite3.connect(newer)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    conn.close()


def test_sessions_filter_by_team_scenario_unit_and_dates(results: dict[str, Any]) -> None:
    h = History()
    save(h, "20260601-090000-aaaaaa", results["ideal"], started="2026-06-01T09:00:00+08:00")
    save(
        h, "20260610-090000-bbbbbb", results["late"], started="2026-06-10T09:00:00+08:00", team="B"
    )
    save(
        h,
        "20260620-090000-cccccc",
        results["passive"],
        started="2026-06-20T09:00:00+08:00",
        unit="Depot",
    )
    save(
        h, "20260705-090000-dddddd", None, started="2026-07-05T09:00:00+08:00", scenario_id="other"
    )

    def ids(**kw: Any) -> list[str]:
        return [r.id[:8] for r in h.sessions(**kw)]

    assert ids() == ["20260705", "20260620", "20260610", "20260601"]
    assert ids(team="A") == ["20260705", "20260620", "20260601"]
    assert ids(unit="Depot") == ["20260620"]
    assert ids(scenario="workshop-evacuation", oldest_first=True) == [
        "20260601",
        "20260610",
        "20260620",
    ]
    assert ids(since="2026-06-10", until="2026-06-20") == ["20260620", "20260610"]
    assert ids(since="2026-06-11") == ["20260705", "20260620"]
    assert ids(status="running") == ["20260705"]
    assert ids(limit=1) == ["20260705"]
    with pytest.raises(RecordsError) as exc:
        h.sessions(since="June")
    assert exc.value.key == "err_bad_date"
    assert h.teams() == ["A", "B"] and h.units() == ["Depot", "Plant"]
    one = h.session("20260610")
    assert one.team == "B" and [p.name for p in one.participants] == ["Wang", "Li"]
    assert one.expectations and one.date == "2026-06-10"
    with pytest.raises(RecordsError) as ambiguous:
        h.session("202606")
    assert ambiguous.value.key == "err_ambiguous_session"


def test_progress_shows_a_teams_totals_over_time(results: dict[str, Any]) -> None:
    h = History()
    save(h, "s3", results["ideal"], started="2026-06-20T09:00:00+08:00")
    save(h, "s1", results["passive"], started="2026-06-01T09:00:00+08:00")
    save(h, "s2", results["late"], started="2026-06-10T09:00:00+08:00")
    save(h, "s4", results["ideal"], started="2026-06-21T09:00:00+08:00", team="Other")
    save(h, "s5", None, started="2026-06-22T09:00:00+08:00")
    prog = h.progress("A")
    totals = [results[pb]["score"]["total"] for pb in ("passive", "late", "ideal")]
    assert [p.session_id for p in prog.points] == ["s1", "s2", "s3"]
    assert [p.total for p in prog.points] == totals
    assert prog.count == 3 and prog.latest_total == totals[-1] and prog.best_total == max(totals)
    assert prog.change == pytest.approx(totals[-1] - totals[0])
    assert prog.mean_total == pytest.approx(sum(totals) / 3)
    assert set(prog.category_means()) == set(results["ideal"]["score"]["categories"])
    assert prog.to_json()["points"][0]["session"] == "s1"
    assert History().progress("Nobody").count == 0


def test_notes_and_improvements_are_added_edited_and_deleted(results: dict[str, Any]) -> None:
    h = History()
    save(h, "s1", results["late"], started="2026-06-01T09:00:00+08:00")
    n = h.add_note("s1", "Alarm was late", author="Zhao")
    h.edit_note(n, text="Alarm was 35 s late")
    [note] = h.notes("s1")
    assert (note.text, note.author) == ("Alarm was 35 s late", "Zhao")
    i = h.add_improvement(
        "s1", issue="Late alarm", action="Drill the alarm card", responsible="Safety office",
        due_date="2026-07-15", capability="evacuation",
    )  # fmt: skip
    h.edit_improvement(i, status="in_progress", due_date="2026-07-20")
    [item] = h.improvements("s1")
    assert (item.issue, item.status, item.due_date) == ("Late alarm", "in_progress", "2026-07-20")
    for bad in ({"status": "someday"}, {"due_date": "soon"}, {"session_id": "s2"}):
        with pytest.raises(RecordsError):
            h.edit_improvement(i, **bad)
    with pytest.raises(RecordsError) as missing:
        h.add_note("nope", "text")
    assert missing.value.key == "err_no_session"
    with pytest.raises(RecordsError):
        h.edit_note(999, text="x")
    # saving the session again (as when it ends) keeps notes and the plan
    save(h, "s1", results["late"], started="2026-06-01T09:00:00+08:00")
    assert len(h.notes("s1")) == 1 and len(h.improvements("s1")) == 1
    h.delete_note(n)
    h.delete_improvement(i)
    assert h.notes("s1") == [] and h.improvements("s1") == []
    h.add_note("s1", "kept until the session goes")
    h.delete_session("s1")
    assert h.sessions() == []
    conn = sqlite3.connect(h.path)
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
    conn.close()


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from sim.records.history import History, Participant, SessionRecord, ExpectationRow

    db, tag, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    while not go.exists():
        time.sleep(0.005)
    h = History(db)
    for i in range(n):
        sid = f"2026060{1 + i % 9}-0900{i:02d}-{tag}"
        rec = SessionRecord(id=sid, scenario_id="workshop-evacuation", seed=i,
                            started=f"2026-06-0{1 + i % 9}T09:00:{i % 60:02d}+08:00", team=tag,
                            participants=[Participant(f"p{i}", "leader")])
        h.save_session(rec)
        rec.status = "finished"
        rec.total = float(i)
        rec.expectations = [ExpectationRow("alarm_fast", "evacuation", {"zh": "z", "en": "e"},
                                           "met", 1.0, "P", False, 0.0, 10.0, 60.0, 180.0)]
        h.save_session(rec, {"score": {"total": float(i)}})
        h.add_note(sid, f"note {i}")
    """
)


def test_two_processes_writing_to_one_history_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite3"  # a fresh file: both processes also race to create it
    go = tmp_path / "go"
    n = 40
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), tag, str(n), str(go)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("left", "right")
    ]
    time.sleep(0.3)  # both are waiting for the signal
    go.touch()
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    h = History(db)
    rows = h.sessions()
    assert len(rows) == 2 * n
    assert {r.team for r in rows} == {"left", "right"}
    assert all(r.status == "finished" and r.total is not None for r in rows)
    assert all(len(r.participants) == 1 for r in rows)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM expectation_results").fetchone()[0] == 2 * n
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 2 * n
    conn.close()
    assert History(db).progress("left").count == n
