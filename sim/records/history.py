"""The drill history: every session, its team, participants, scenario, result, the result of
each expectation, evaluator notes and the improvement plan, in one SQLite file.

The file is ``<home>/history.sqlite3`` (:mod:`sim.records.paths`). It runs in WAL mode with a
busy timeout, and every write is one short ``BEGIN IMMEDIATE`` transaction on its own
connection, so several processes (two terminals in one training room, a headless batch) can
write to it at once without losing anything. The schema is versioned with
``PRAGMA user_version``; :data:`MIGRATIONS` brings an older file up to date when it is opened,
and a file from a newer drillsim is refused rather than damaged.

Query API (what the app's History screen uses)::

    h = History()                       # or History(path)
    h.sessions(team="A班", scenario="workshop-evacuation", since="2026-06-01",
               until="2026-06-30", unit="二车间")        # newest first
    h.progress("A班")                   # totals over time, per category averages
    h.session("20260601-142000")        # one session (an id or a unique prefix)
    h.result(session_id)                # the full result object (docs/contracts.md)
    h.expectations(session_id)          # per-expectation rows
    h.add_note(session_id, "...", author="...")         # evaluator notes
    h.add_improvement(session_id, issue="...", action="...", responsible="...", due="...")
    h.edit_note(note_id, text=...); h.edit_improvement(item_id, status="done")
"""

from __future__ import annotations

import contextlib
import json
import math
import sqlite3
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sim.bounded import ReadError, loads_json
from sim.records.paths import history_path, now_iso
from sim.records.strings import RecordsError
from sim.safetext import nfc

RESULT_DEPTH = 16
"""Deepest nesting trusted in a stored result (the result object has 5 levels)."""

SCHEMA_VERSION = 2
"""The schema this drillsim writes (``PRAGMA user_version``)."""

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: the first schema.
    """
    CREATE TABLE sessions (
        id                TEXT PRIMARY KEY,
        journal           TEXT NOT NULL DEFAULT '',
        unit              TEXT NOT NULL DEFAULT '',
        team              TEXT NOT NULL DEFAULT '',
        scenario_id       TEXT NOT NULL,
        scenario_title_zh TEXT NOT NULL DEFAULT '',
        scenario_title_en TEXT NOT NULL DEFAULT '',
        scenario_category TEXT NOT NULL DEFAULT '',
        scenario_sha256   TEXT NOT NULL DEFAULT '',
        started           TEXT NOT NULL,
        ended             TEXT,
        duration_s        REAL,
        sim_s             REAL,
        seed              INTEGER NOT NULL,
        lang              TEXT NOT NULL DEFAULT 'zh',
        speed             REAL,
        engine            TEXT NOT NULL DEFAULT '',
        status            TEXT NOT NULL DEFAULT 'running',
        total             REAL,
        grade             TEXT,
        result            TEXT
    );
    CREATE INDEX sessions_team ON sessions (team, started);
    CREATE INDEX sessions_unit ON sessions (unit, started);
    CREATE INDEX sessions_scenario ON sessions (scenario_id, started);
    CREATE TABLE participants (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        seq        INTEGER NOT NULL,
        name       TEXT NOT NULL,
        role       TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (session_id, seq)
    );
    CREATE TABLE expectation_results (
        session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        expectation TEXT NOT NULL,
        category    TEXT NOT NULL,
        title_zh    TEXT NOT NULL DEFAULT '',
        title_en    TEXT NOT NULL DEFAULT '',
        status      TEXT NOT NULL,
        credit      REAL NOT NULL,
        rating      TEXT NOT NULL,
        harmful     INTEGER NOT NULL DEFAULT 0,
        start_s     REAL,
        done_at_s   REAL,
        target_s    REAL,
        limit_s     REAL,
        PRIMARY KEY (session_id, expectation)
    );
    CREATE TABLE notes (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        author     TEXT NOT NULL DEFAULT '',
        text       TEXT NOT NULL,
        created    TEXT NOT NULL,
        updated    TEXT NOT NULL
    );
    CREATE INDEX notes_session ON notes (session_id);
    CREATE TABLE improvements (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        capability  TEXT NOT NULL DEFAULT '',
        issue       TEXT NOT NULL,
        action      TEXT NOT NULL DEFAULT '',
        responsible TEXT NOT NULL DEFAULT '',
        start_date  TEXT NOT NULL DEFAULT '',
        due_date    TEXT NOT NULL DEFAULT '',
        status      TEXT NOT NULL DEFAULT 'open',
        expectation TEXT,
        created     TEXT NOT NULL,
        updated     TEXT NOT NULL
    );
    CREATE INDEX improvements_session ON improvements (session_id);
    """,
    # 1 -> 2: the statistics table's 参演人数, level and type (sim.records.campaign).
    """
    ALTER TABLE sessions ADD COLUMN participants_count INTEGER;
    ALTER TABLE sessions ADD COLUMN drill_level TEXT NOT NULL DEFAULT '';
    ALTER TABLE sessions ADD COLUMN drill_kind TEXT NOT NULL DEFAULT '';
    """,
)
"""SQL scripts; script ``i`` brings schema version ``i`` to ``i + 1``."""

BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another one to finish before giving up."""

IMPROVEMENT_STATUSES: tuple[str, ...] = ("open", "in_progress", "done")


@dataclass(frozen=True)
class Participant:
    """A person at the table and the role they play."""

    name: str
    role: str = ""

    def to_json(self) -> dict[str, str]:
        """As a JSON object."""
        return {"name": self.name, "role": self.role}


@dataclass(frozen=True)
class ExpectationRow:
    """How one expectation ended in one session."""

    expectation: str
    category: str
    title: dict[str, str]
    status: str
    credit: float
    rating: str
    harmful: bool
    start_s: float | None
    done_at_s: float | None
    target_s: float | None
    limit_s: float | None


@dataclass
class SessionRecord:
    """One drill as the history stores it."""

    id: str
    scenario_id: str
    seed: int
    started: str
    """Wall-clock start, ISO 8601 local time with offset."""
    journal: str = ""
    unit: str = ""
    team: str = ""
    participants: list[Participant] = field(default_factory=list)
    scenario_title: dict[str, str] = field(default_factory=dict)
    scenario_category: str = ""
    scenario_sha256: str = ""
    ended: str | None = None
    duration_s: float | None = None
    """Wall-clock time the drill was running (interruptions left out), s."""
    sim_s: float | None = None
    """Sim time the drill reached, s."""
    lang: str = "zh"
    speed: float | None = None
    engine: str = ""
    status: str = "running"
    """running (no end line yet) or finished."""
    total: float | None = None
    grade: str | None = None
    expectations: list[ExpectationRow] = field(default_factory=list)
    participants_count: int | None = None
    """参演人数 as the team gave it (None: not given)."""
    drill_level: str = ""
    drill_kind: str = ""

    @property
    def date(self) -> str:
        """The local date the drill started, YYYY-MM-DD."""
        return self.started[:10]


@dataclass(frozen=True)
class Note:
    """An evaluator's note on a session."""

    id: int
    session_id: str
    author: str
    text: str
    created: str
    updated: str


@dataclass(frozen=True)
class Improvement:
    """One row of the improvement plan (HSEEP AAR/IP, improvement plan columns)."""

    id: int
    session_id: str
    capability: str
    issue: str
    action: str
    responsible: str
    start_date: str
    due_date: str
    status: str
    expectation: str | None
    created: str
    updated: str

    def to_json(self) -> dict[str, Any]:
        """As a JSON object."""
        return {
            "id": self.id,
            "capability": self.capability,
            "issue": self.issue,
            "action": self.action,
            "responsible": self.responsible,
            "start_date": self.start_date,
            "due_date": self.due_date,
            "status": self.status,
            "expectation": self.expectation,
        }


@dataclass(frozen=True)
class ProgressPoint:
    """One finished drill of a team, for the progress chart."""

    session_id: str
    started: str
    scenario_id: str
    total: float
    grade: str
    categories: dict[str, float]
    """Score share (0–1) per category."""


@dataclass(frozen=True)
class Progress:
    """A team's totals over time."""

    team: str
    points: list[ProgressPoint]
    """Finished drills, oldest first."""

    @property
    def count(self) -> int:
        """Number of finished drills."""
        return len(self.points)

    @property
    def mean_total(self) -> float | None:
        """Mean total score."""
        return sum(p.total for p in self.points) / len(self.points) if self.points else None

    @property
    def best_total(self) -> float | None:
        """Best total score."""
        return max(p.total for p in self.points) if self.points else None

    @property
    def latest_total(self) -> float | None:
        """Total of the latest drill."""
        return self.points[-1].total if self.points else None

    @property
    def change(self) -> float | None:
        """Latest total less the first one (positive: the team improved)."""
        return self.points[-1].total - self.points[0].total if len(self.points) >= 2 else None

    def category_means(self) -> dict[str, float]:
        """Mean score share per category over the drills that had it."""
        sums: dict[str, list[float]] = {}
        for p in self.points:
            for cat, share in p.categories.items():
                sums.setdefault(cat, []).append(share)
        return {cat: sum(v) / len(v) for cat, v in sums.items()}

    def to_json(self) -> dict[str, Any]:
        """As a JSON object."""
        return {
            "team": self.team,
            "count": self.count,
            "mean_total": _round(self.mean_total),
            "best_total": _round(self.best_total),
            "latest_total": _round(self.latest_total),
            "change": _round(self.change),
            "category_means": {k: round(v, 4) for k, v in self.category_means().items()},
            "points": [
                {
                    "session": p.session_id,
                    "started": p.started,
                    "scenario": p.scenario_id,
                    "total": p.total,
                    "grade": p.grade,
                    "categories": p.categories,
                }
                for p in self.points
            ],
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def as_date(value: str | date | datetime | None) -> str | None:
    """A date filter as YYYY-MM-DD; RecordsError when it is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        raise RecordsError("err_bad_date", value=value) from None


class History:
    """The history database. Each call opens its own short connection."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else history_path()
        self._ready = False

    # --- connections and the schema ------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _connect(self, write: bool) -> sqlite3.Connection:
        """A connection with the schema up to date. When the home folder or the file cannot
        be written (a read-only or full home), reading still works: from the file as it
        stands, or from an empty history when there is no file; writing is refused in one
        line (``err_history_write``)."""
        conn: sqlite3.Connection | None = None
        try:
            conn = self._open()
            if not self._ready:
                self._migrate_when_free(conn)
                self._ready = True
            return conn
        except (sqlite3.OperationalError, OSError) as exc:
            if conn is not None:
                conn.close()
            if write:
                raise RecordsError("err_history_write", path=self.path, why=str(exc)) from None
            return self._read_only()
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            raise RecordsError("err_db_unreadable", path=self.path, detail=exc) from None

    def _read_only(self) -> sqlite3.Connection:
        """The history as it stands, for reading only (or an empty one when there is none)."""
        conn: sqlite3.Connection | None = None
        try:
            if self.path.is_file():
                uri = (
                    "file:" + urllib.parse.quote(str(self.path.resolve())) + "?mode=ro&immutable=1"
                )
                conn = sqlite3.connect(uri, uri=True, isolation_level=None)
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise RecordsError(
                        "err_db_newer", path=self.path, found=version, known=SCHEMA_VERSION
                    )
                if version == SCHEMA_VERSION:
                    conn.row_factory = sqlite3.Row
                    return conn
                conn.close()
            conn = sqlite3.connect(":memory:", isolation_level=None)
            for statement in _statements(MIGRATIONS[0]):
                conn.execute(statement)
            conn.row_factory = sqlite3.Row
            return conn
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            raise RecordsError("err_db_unreadable", path=self.path, detail=exc) from None

    @contextmanager
    def _conn(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        conn = self._connect(write)
        try:
            if write:
                conn.execute("PRAGMA synchronous = FULL")
            yield conn
        except sqlite3.OperationalError as exc:
            if write:
                raise RecordsError("err_history_write", path=self.path, why=str(exc)) from None
            raise RecordsError("err_db_unreadable", path=self.path, detail=exc) from None
        except sqlite3.DatabaseError as exc:
            raise RecordsError("err_db_unreadable", path=self.path, detail=exc) from None
        finally:
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction (BEGIN IMMEDIATE takes the write lock at once, so a
        busy database is waited for instead of failing halfway)."""
        with self._conn(write=True) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _migrate_when_free(self, conn: sqlite3.Connection) -> None:
        """Migrate, waiting while another process holds the file. Switching to WAL needs
        the file to itself, and SQLite answers "locked" at once there instead of waiting
        for the busy timeout, so the wait is done here."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause_s = 0.01
        while True:
            try:
                self._migrate(conn)
                return
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() >= deadline:
                    raise
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            time.sleep(pause_s)
            pause_s = min(pause_s * 2, 0.2)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RecordsError("err_db_newer", path=self.path, found=version, known=SCHEMA_VERSION)
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        if version == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have migrated meanwhile.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for i in range(version, SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[i]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {i + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def schema_version(self) -> int:
        """The schema version of the file (after migrating it)."""
        with self._conn() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def journal_mode(self) -> str:
        """The database's journal mode ('wal')."""
        with self._conn() as conn:
            return str(conn.execute("PRAGMA journal_mode").fetchone()[0])

    # --- sessions: writing -----------------------------------------------------------------

    def save_session(self, rec: SessionRecord, result: dict[str, Any] | None = None) -> None:
        """Insert or update a session with its participants and expectation results.

        A session is saved when it starts (status ``running``) and again when it ends, with
        its result. Notes and improvement items are kept.
        """
        row = {
            "id": rec.id,
            "journal": rec.journal,
            "unit": nfc(rec.unit),
            "team": nfc(rec.team),
            "scenario_id": rec.scenario_id,
            "scenario_title_zh": rec.scenario_title.get("zh", ""),
            "scenario_title_en": rec.scenario_title.get("en", ""),
            "scenario_category": rec.scenario_category,
            "scenario_sha256": rec.scenario_sha256,
            "started": rec.started,
            "ended": rec.ended,
            "duration_s": rec.duration_s,
            "sim_s": rec.sim_s,
            "seed": rec.seed,
            "lang": rec.lang,
            "speed": rec.speed,
            "engine": rec.engine,
            "status": rec.status,
            "total": rec.total,
            "grade": rec.grade,
            "participants_count": rec.participants_count,
            "drill_level": rec.drill_level,
            "drill_kind": rec.drill_kind,
            "result": None if result is None else json.dumps(result, ensure_ascii=False),
        }
        cols = ", ".join(row)
        marks = ", ".join(f":{k}" for k in row)
        updates = ", ".join(
            f"{k} = excluded.{k}" if k != "result" else "result = COALESCE(excluded.result, result)"
            for k in row
            if k != "id"
        )
        with self._write() as conn:
            conn.execute(
                f"INSERT INTO sessions ({cols}) VALUES ({marks}) "
                f"ON CONFLICT (id) DO UPDATE SET {updates}",
                row,
            )
            conn.execute("DELETE FROM participants WHERE session_id = ?", (rec.id,))
            conn.executemany(
                "INSERT INTO participants (session_id, seq, name, role) VALUES (?, ?, ?, ?)",
                [(rec.id, i, nfc(p.name), p.role) for i, p in enumerate(rec.participants)],
            )
            if rec.expectations:
                conn.execute("DELETE FROM expectation_results WHERE session_id = ?", (rec.id,))
                conn.executemany(
                    "INSERT INTO expectation_results (session_id, expectation, category, "
                    "title_zh, title_en, status, credit, rating, harmful, start_s, done_at_s, "
                    "target_s, limit_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            rec.id,
                            x.expectation,
                            x.category,
                            x.title.get("zh", ""),
                            x.title.get("en", ""),
                            x.status,
                            x.credit,
                            x.rating,
                            int(x.harmful),
                            x.start_s,
                            x.done_at_s,
                            x.target_s,
                            x.limit_s,
                        )
                        for x in rec.expectations
                    ],
                )

    def delete_session(self, session_id: str) -> None:
        """Remove a session with everything attached to it."""
        with self._write() as conn:
            conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    # --- sessions: reading -----------------------------------------------------------------

    def sessions(
        self,
        *,
        team: str | None = None,
        scenario: str | None = None,
        since: str | date | datetime | None = None,
        until: str | date | datetime | None = None,
        unit: str | None = None,
        status: str | None = None,
        limit: int | None = None,
        oldest_first: bool = False,
    ) -> list[SessionRecord]:
        """Sessions matching every filter given, newest first.

        ``since`` and ``until`` are dates (inclusive) of the local start time; ``status`` is
        ``running`` or ``finished``.
        """
        where: list[str] = []
        args: list[Any] = []
        for column, value in (
            ("team", team),
            ("scenario_id", scenario),
            ("unit", unit),
            ("status", status),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(nfc(value))
        since_d, until_d = as_date(since), as_date(until)
        if since_d is not None:
            where.append("substr(started, 1, 10) >= ?")
            args.append(since_d)
        if until_d is not None:
            where.append("substr(started, 1, 10) <= ?")
            args.append(until_d)
        sql = "SELECT * FROM sessions"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += (
            " ORDER BY started ASC, id ASC" if oldest_first else " ORDER BY started DESC, id DESC"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._conn() as conn:
            rows = conn.execute(sql, args).fetchall()
            return [self._record(conn, r) for r in rows]

    def session(self, session_id: str) -> SessionRecord:
        """One session by its id or a unique prefix of it; RecordsError if none or several."""
        with self._conn() as conn:
            row = conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                like = session_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                rows = conn.execute(
                    "SELECT * FROM sessions WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 6",
                    (like + "%",),
                ).fetchall()
                if not rows:
                    raise RecordsError("err_no_session", id=session_id)
                if len(rows) > 1:
                    raise RecordsError(
                        "err_ambiguous_session",
                        id=session_id,
                        matches=", ".join(r["id"] for r in rows),
                    )
                row = rows[0]
            rec = self._record(conn, row)
            rec.expectations = self._expectations(conn, rec.id)
            return rec

    def finished_ids(self) -> set[str]:
        """The ids of every finished session."""
        with self._conn() as conn:
            rows = conn.execute("SELECT id FROM sessions WHERE status = 'finished'").fetchall()
        return {str(r[0]) for r in rows}

    def has_session(self, session_id: str) -> bool:
        """Whether the history holds this exact session id."""
        with self._conn() as conn:
            row = conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone()
            return row is not None

    def result(self, session_id: str) -> dict[str, Any] | None:
        """The session's full result object, if it has ended."""
        with self._conn() as conn:
            row = conn.execute("SELECT result FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None or row["result"] is None:
            return None
        try:
            out = loads_json(str(row["result"]), self.path, RESULT_DEPTH)
        except ReadError as exc:
            raise RecordsError("err_bad_row", path=self.path, id=session_id, why=exc) from None
        if not isinstance(out, dict):
            raise RecordsError("err_bad_row", path=self.path, id=session_id, why=type(out).__name__)
        return out

    def expectations(self, session_id: str) -> list[ExpectationRow]:
        """How each expectation ended in the session."""
        with self._conn() as conn:
            return self._expectations(conn, session_id)

    def teams(self) -> list[str]:
        """Every team name in the history, sorted."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT DISTINCT team FROM sessions WHERE team != '' ORDER BY team"
            ).fetchall()
        return [r[0] for r in rows]

    def units(self) -> list[str]:
        """Every unit name in the history, sorted."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT DISTINCT unit FROM sessions WHERE unit != '' ORDER BY unit"
            ).fetchall()
        return [r[0] for r in rows]

    def progress(self, team: str, *, scenario: str | None = None) -> Progress:
        """A team's finished drills over time (optionally of one scenario)."""
        points: list[ProgressPoint] = []
        for rec in self.sessions(
            team=team, scenario=scenario, status="finished", oldest_first=True
        ):
            if rec.total is None:
                continue
            result = self.result(rec.id) or {}
            cats = (result.get("score") or {}).get("categories") or {}
            points.append(
                ProgressPoint(
                    session_id=rec.id,
                    started=rec.started,
                    scenario_id=rec.scenario_id,
                    total=rec.total,
                    grade=rec.grade or "",
                    categories={k: float(v.get("score", 0.0)) for k, v in cats.items()},
                )
            )
        return Progress(team, points)

    @staticmethod
    def _record(conn: sqlite3.Connection, r: sqlite3.Row) -> SessionRecord:
        parts = conn.execute(
            "SELECT name, role FROM participants WHERE session_id = ? ORDER BY seq", (r["id"],)
        ).fetchall()
        return SessionRecord(
            id=_text(r["id"]),
            journal=_text(r["journal"]),
            unit=_text(r["unit"]),
            team=_text(r["team"]),
            participants=[Participant(_text(p["name"]), _text(p["role"])) for p in parts],
            scenario_id=_text(r["scenario_id"]),
            scenario_title={
                "zh": _text(r["scenario_title_zh"]),
                "en": _text(r["scenario_title_en"]),
            },
            scenario_category=_text(r["scenario_category"]),
            scenario_sha256=_text(r["scenario_sha256"]),
            started=_text(r["started"]),
            ended=None if r["ended"] is None else _text(r["ended"]),
            duration_s=_number(r["duration_s"]),
            sim_s=_number(r["sim_s"]),
            seed=int(r["seed"]) if isinstance(r["seed"], int) else 0,
            lang=_text(r["lang"]),
            speed=_number(r["speed"]),
            engine=_text(r["engine"]),
            status=_text(r["status"]),
            total=_number(r["total"]),
            grade=None if r["grade"] is None else _text(r["grade"]),
            participants_count=(
                int(r["participants_count"]) if isinstance(r["participants_count"], int) else None
            ),
            drill_level=_text(r["drill_level"]),
            drill_kind=_text(r["drill_kind"]),
        )

    @staticmethod
    def _expectations(conn: sqlite3.Connection, session_id: str) -> list[ExpectationRow]:
        rows = conn.execute(
            "SELECT * FROM expectation_results WHERE session_id = ? ORDER BY rowid", (session_id,)
        ).fetchall()
        return [
            ExpectationRow(
                expectation=_text(r["expectation"]),
                category=_text(r["category"]),
                title={"zh": _text(r["title_zh"]), "en": _text(r["title_en"])},
                status=_text(r["status"]),
                credit=_number(r["credit"]) or 0.0,
                rating=_text(r["rating"]),
                harmful=bool(r["harmful"]),
                start_s=_number(r["start_s"]),
                done_at_s=_number(r["done_at_s"]),
                target_s=_number(r["target_s"]),
                limit_s=_number(r["limit_s"]),
            )
            for r in rows
        ]

    # --- evaluator notes --------------------------------------------------------------------

    def add_note(self, session_id: str, text: str, *, author: str = "") -> int:
        """Add an evaluator's note to a session; its id."""
        now = now_iso()
        with self._write() as conn:
            self._require_session(conn, session_id)
            cur = conn.execute(
                "INSERT INTO notes (session_id, author, text, created, updated) "
                "VALUES (?, ?, ?, ?, ?)",
                (session_id, author, text, now, now),
            )
            return int(cur.lastrowid or 0)

    def edit_note(
        self,
        note_id: int,
        *,
        text: str | None = None,
        author: str | None = None,
        session_id: str | None = None,
    ) -> None:
        """Change a note's text or author (with ``session_id``: only a note of that
        session, so an id typed for one drill never changes another's)."""
        fields: dict[str, Any] = {}
        if text is not None:
            fields["text"] = text
        if author is not None:
            fields["author"] = author
        self._update("notes", "err_no_note", note_id, fields, session_id)

    def delete_note(self, note_id: int, *, session_id: str | None = None) -> None:
        """Remove a note (with ``session_id``: only a note of that session)."""
        self._delete("notes", "err_no_note", note_id, session_id)

    def notes(self, session_id: str) -> list[Note]:
        """A session's notes, oldest first."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT * FROM notes WHERE session_id = ? ORDER BY id", (session_id,)
            ).fetchall()
        return [Note(**dict(r)) for r in rows]

    # --- improvement plan -------------------------------------------------------------------

    def add_improvement(
        self,
        session_id: str,
        *,
        issue: str,
        action: str = "",
        responsible: str = "",
        due_date: str = "",
        start_date: str = "",
        capability: str = "",
        status: str = "open",
        expectation: str | None = None,
    ) -> int:
        """Add a row to a session's improvement plan; its id."""
        _check_status(status)
        now = now_iso()
        with self._write() as conn:
            self._require_session(conn, session_id)
            cur = conn.execute(
                "INSERT INTO improvements (session_id, capability, issue, action, responsible, "
                "start_date, due_date, status, expectation, created, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    capability,
                    issue,
                    action,
                    responsible,
                    _date_text(start_date),
                    _date_text(due_date),
                    status,
                    expectation,
                    now,
                    now,
                ),
            )
            return int(cur.lastrowid or 0)

    def edit_improvement(
        self, item_id: int, *, session_id: str | None = None, **fields: Any
    ) -> None:
        """Change fields of an improvement item (issue, action, responsible, start_date,
        due_date, capability, status, expectation); with ``session_id``, only an item of
        that session."""
        allowed = {
            "capability",
            "issue",
            "action",
            "responsible",
            "start_date",
            "due_date",
            "status",
            "expectation",
        }
        for name in fields:
            if name not in allowed:
                raise RecordsError("err_bad_field", field=name)
        if "status" in fields:
            _check_status(fields["status"])
        for name in ("start_date", "due_date"):
            if name in fields:
                fields[name] = _date_text(fields[name])
        self._update("improvements", "err_no_improvement", item_id, fields, session_id)

    def delete_improvement(self, item_id: int, *, session_id: str | None = None) -> None:
        """Remove an improvement item (with ``session_id``: only an item of that session)."""
        self._delete("improvements", "err_no_improvement", item_id, session_id)

    def improvements(self, session_id: str) -> list[Improvement]:
        """A session's improvement plan, in the order the items were added."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT * FROM improvements WHERE session_id = ? ORDER BY id", (session_id,)
            ).fetchall()
        return [Improvement(**dict(r)) for r in rows]

    # --- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _require_session(conn: sqlite3.Connection, session_id: str) -> None:
        if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
            raise RecordsError("err_no_session", id=session_id)

    @staticmethod
    def _scope(row_id: int, session_id: str | None) -> tuple[str, tuple[Any, ...]]:
        if session_id is None:
            return "id = ?", (row_id,)
        return "id = ? AND session_id = ?", (row_id, session_id)

    def _update(
        self,
        table: str,
        missing: str,
        row_id: int,
        fields: dict[str, Any],
        session_id: str | None = None,
    ) -> None:
        where, key = self._scope(row_id, session_id)
        with self._write() as conn:
            if conn.execute(f"SELECT 1 FROM {table} WHERE {where}", key).fetchone() is None:
                raise RecordsError(missing, id=row_id)
            if not fields:
                return
            sets = ", ".join(f"{k} = ?" for k in fields)
            conn.execute(
                f"UPDATE {table} SET {sets}, updated = ? WHERE {where}",
                [*fields.values(), now_iso(), *key],
            )

    def _delete(self, table: str, missing: str, row_id: int, session_id: str | None = None) -> None:
        where, key = self._scope(row_id, session_id)
        with self._write() as conn:
            cur = conn.execute(f"DELETE FROM {table} WHERE {where}", key)
            if cur.rowcount == 0:
                raise RecordsError(missing, id=row_id)


def _text(value: Any) -> str:
    """A text column as text, whatever SQLite's loose typing let a hand edit store."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _number(value: Any) -> float | None:
    """A numeric column as a finite float, or None when it holds something else."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _check_status(status: str) -> None:
    if status not in IMPROVEMENT_STATUSES:
        raise RecordsError("err_bad_status", value=status, expected=", ".join(IMPROVEMENT_STATUSES))


def _date_text(value: Any) -> str:
    """A date field: empty, or a valid YYYY-MM-DD."""
    if value is None or value == "":
        return ""
    return as_date(value) or ""


def _statements(script: str) -> Sequence[str]:
    """The statements of a migration script (``executescript`` would commit on its own)."""
    return [s.strip() for s in script.split(";") if s.strip()]
