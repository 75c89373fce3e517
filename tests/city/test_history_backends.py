"""The history on SQLite and on PostgreSQL: the same behaviour on both (filters, progress,
notes, the improvement plan, the statistics table, writers at once), the schema kept by
Alembic, and an SQLite history made by drillsim before Alembic upgraded in place."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from sim.records import RecordsError, db
from sim.records.export import rows
from sim.records.history import SCHEMA_VERSION, History, Participant, SessionRecord
from sim.records.journal import expectation_rows
from tests.records.helpers import ROOT, scenario, straight_result

DATA = Path(__file__).with_name("data")


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
) -> None:
    _, sc = scenario("workshop-evacuation")
    h.save_session(
        SessionRecord(
            id=sid,
            scenario_id="workshop-evacuation",
            seed=1,
            started=started,
            unit=unit,
            team=team,
            participants=[Participant("王伟", "leader"), Participant("Li", "warden")],
            scenario_title={"zh": "车间疏散演练", "en": "Workshop evacuation drill"},
            scenario_category="evacuation",
            status="finished" if result else "running",
            total=result["score"]["total"] if result else None,
            grade=result["score"]["grade"] if result else None,
            duration_s=1260.0 if result else None,
            sim_s=600.0 if result else None,
            expectations=expectation_rows(sc, result) if result else [],
        ),
        result,
    )


def test_a_new_database_is_at_the_alembic_head(database: str) -> None:
    h = History(url=database)
    assert h.schema_version() == SCHEMA_VERSION
    engine = sa.create_engine(database)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == (
            f"{SCHEMA_VERSION:04d}"
        )
        tables = set(sa.inspect(conn).get_table_names())
    engine.dispose()
    assert {
        "sessions", "participants", "expectation_results", "notes", "improvements", "pushes",
        "units", "unit_tokens", "viewers", "city_drills", "journals",
    } <= tables  # fmt: skip
    assert h.journal_mode() == ("wal" if database.startswith("sqlite") else "")


def test_sessions_filters_progress_and_the_plan(
    database: str, results: dict[str, dict[str, Any]]
) -> None:
    h = History(url=database)
    save(h, "20260601-090000-aaaaaa", results["passive"], started="2026-06-01T09:00:00+08:00")
    save(h, "20260610-090000-bbbbbb", results["late"], started="2026-06-10T09:00:00+08:00")
    save(
        h,
        "20260620-090000-cccccc",
        results["ideal"],
        started="2026-06-20T09:00:00+08:00",
        team="B",
        unit="Depot",
    )
    save(h, "20260705-090000-dddddd", None, started="2026-07-05T09:00:00+08:00")

    def ids(**kw: Any) -> list[str]:
        return [r.id[:8] for r in h.sessions(**kw)]

    assert ids() == ["20260705", "20260620", "20260610", "20260601"]
    assert ids(team="A", oldest_first=True) == ["20260601", "20260610", "20260705"]
    assert ids(unit="Depot") == ["20260620"]
    assert ids(since="2026-06-10", until="2026-06-20") == ["20260620", "20260610"]
    assert ids(status="running") == ["20260705"] and ids(limit=1) == ["20260705"]
    assert h.teams() == ["A", "B"] and h.units() == ["Depot", "Plant"]
    one = h.session("20260610")
    assert [p.name for p in one.participants] == ["王伟", "Li"]
    _, sc = scenario("workshop-evacuation")
    assert one.expectations == expectation_rows(sc, results["late"])  # the scenario's order
    assert h.result(one.id) == results["late"]
    with pytest.raises(RecordsError) as ambiguous:
        h.session("202606")
    assert ambiguous.value.key == "err_ambiguous_session"
    with pytest.raises(RecordsError) as none:
        h.session("2027")
    assert none.value.key == "err_no_session"
    prog = h.progress("A")
    totals = [results[pb]["score"]["total"] for pb in ("passive", "late")]
    assert [p.total for p in prog.points] == totals
    assert prog.change == pytest.approx(totals[1] - totals[0])

    n = h.add_note(one.id, "警报晚了 35 s", author="赵")
    i = h.add_improvement(one.id, issue="Late alarm", due_date="2026-07-15")
    h.edit_improvement(i, status="done")
    with pytest.raises(RecordsError):
        h.edit_note(n, text="x", session_id="20260601-090000-aaaaaa")
    save(h, one.id, results["late"], started="2026-06-10T09:00:00+08:00")  # saved again
    assert [x.text for x in h.notes(one.id)] == ["警报晚了 35 s"]
    assert [(x.issue, x.status) for x in h.improvements(one.id)] == [("Late alarm", "done")]
    h.delete_session(one.id)
    assert not h.has_session(one.id)
    assert h.finished_ids() == {"20260601-090000-aaaaaa", "20260620-090000-cccccc"}


def test_the_statistics_table_is_the_same_on_both(
    database: str, results: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    """The table of a PostgreSQL history equals the table of an SQLite one with the same
    drills, cell for cell."""
    reference = History(tmp_path / "reference.sqlite3")
    h = History(url=database)
    for target in (reference, h):
        save(target, "20260601-090000-aaaaaa", results["late"], started="2026-06-01T09:00:00+08:00")
        save(
            target, "20260602-090000-bbbbbb", results["ideal"], started="2026-06-02T09:00:00+08:00"
        )
        target.add_improvement(
            "20260601-090000-aaaaaa", issue="Late", action="Drill the alarm", responsible="Zhao"
        )
    for lang in ("zh", "en"):
        table = rows(h, lang)
        assert len(table) == 2 and table == rows(reference, lang)


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from sim.records.history import History, Participant, SessionRecord, ExpectationRow

    url, tag, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    while not go.exists():
        time.sleep(0.005)
    h = History(url=url)
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


def test_three_processes_writing_at_once_lose_nothing(database: str, tmp_path: Path) -> None:
    """Three processes create the schema and write at once (the database is new)."""
    go = tmp_path / "go"
    n = 20
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, database, tag, str(n), str(go)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("left", "middle", "right")
    ]
    time.sleep(0.3)
    go.touch()
    for p in procs:
        _, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
    h = History(url=database)
    got = h.sessions()
    assert len(got) == 3 * n and {r.team for r in got} == {"left", "middle", "right"}
    assert all(r.status == "finished" and len(r.participants) == 1 for r in got)
    assert sum(len(h.notes(r.id)) for r in got) == 3 * n
    assert h.progress("middle").count == n


def test_the_environment_variable_chooses_the_database(
    database: str, monkeypatch: pytest.MonkeyPatch, home: Path, results: dict[str, Any]
) -> None:
    monkeypatch.setenv("DRILLSIM_DATABASE_URL", database)
    save(History(), "s1", results["ideal"], started="2026-06-01T09:00:00+08:00")
    assert [r.id for r in History(url=database).sessions()] == ["s1"]
    if not database.startswith("sqlite"):
        assert not (home / "history.sqlite3").exists()


def test_an_unreachable_database_is_one_line(tmp_path: Path) -> None:
    h = History(url=f"postgresql+psycopg://nobody@/none?host={tmp_path}")
    if db.missing_driver(h.url):
        pytest.skip("psycopg is not installed")
    with pytest.raises(RecordsError) as exc:
        h.sessions()
    assert exc.value.key == "err_db_unreachable"
    assert str(tmp_path) in exc.value.render("en")
    assert "password" not in exc.value.render("en")


# --- an SQLite history from before Alembic ----------------------------------------------------


def copy_old_history(tmp_path: Path) -> Path:
    """The history file drillsim 0.x wrote (PRAGMA user_version 2, no Alembic table): two
    drills of 二车间 (甲班 late, 乙班 ideal), a note and an improvement item on 甲班's."""
    target = tmp_path / "old-home"
    target.mkdir()
    shutil.copy(DATA / "history-v2.sqlite3", target / "history.sqlite3")
    return target / "history.sqlite3"


def test_a_history_made_before_alembic_upgrades_in_place(tmp_path: Path) -> None:
    path = copy_old_history(tmp_path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    before = conn.execute("SELECT id, team, total, grade, result FROM sessions").fetchall()
    conn.close()
    h = History(path)
    assert h.schema_version() == SCHEMA_VERSION
    drills = {r.team: r for r in h.sessions()}
    assert set(drills) == {"甲班", "乙班"}
    assert [p.name for p in drills["甲班"].participants] == ["王伟", "Li"]
    assert drills["甲班"].total == pytest.approx(62.85)
    assert drills["乙班"].total == pytest.approx(100.0)
    late = h.session(drills["甲班"].id)
    assert [x.expectation for x in late.expectations] == [
        x["id"] for x in (h.result(late.id) or {})["expectations"]
    ]
    assert [n.text for n in h.notes(late.id)] == ["警报晚了 35 s"]
    assert [(i.issue, i.due_date) for i in h.improvements(late.id)] == [
        ("Late alarm", "2026-07-15")
    ]
    assert h.notes(drills["乙班"].id) == []
    # The file was upgraded in place: same rows, Alembic's table, the new version number.
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT id, team, total, grade, result FROM sessions").fetchall() == before
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0003"
    conn.close()
    # and it keeps working
    h.add_note(late.id, "second")
    assert [n.id for n in h.notes(late.id)] == [1, 2]


def test_an_upgraded_old_history_can_be_pushed(tmp_path: Path, home: Path) -> None:
    """The old laptop's drills go to the city with their journals (found in the records
    folder, where the old file's journal paths no longer lead)."""
    from sim.city.payload import build, canonical, parse

    path = copy_old_history(tmp_path)
    shutil.copytree(DATA / "journals", home / "journals")
    h = History(path)
    for rec in h.sessions():
        payload = build(h, rec)
        journal = (DATA / "journals" / f"{rec.id}.jsonl").read_text(encoding="utf-8")
        assert payload["journal"]["text"] == journal
        drill = parse(canonical(payload), rec.id)
        assert drill.record.team == rec.team and drill.result == h.result(rec.id)


def test_a_read_only_old_history_is_read_as_it_stands(
    tmp_path: Path, read_only: tuple[Path, Path]
) -> None:
    """A version 2 file that cannot be upgraded (a read-only mount) is still listed, and a
    write to it is refused in one line."""
    source, view = read_only
    shutil.copy(copy_old_history(tmp_path), source / "history.sqlite3")
    h = History(view / "history.sqlite3")
    assert {r.team for r in h.sessions()} == {"甲班", "乙班"}
    assert [n.text for n in h.notes(h.sessions(team="甲班")[0].id)] == ["警报晚了 35 s"]
    with pytest.raises(RecordsError) as exc:
        h.add_note(h.sessions()[0].id, "x")
    assert exc.value.key == "err_history_write"


def test_a_database_from_a_newer_drillsim_is_refused(database: str) -> None:
    History(url=database).sessions()
    engine = sa.create_engine(database)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    with pytest.raises(RecordsError) as exc:
        History(url=database).sessions()
    assert exc.value.key == "err_db_newer"
    assert "0099" in exc.value.render("en")
