"""The drill history: every session, its team, participants, scenario, result, the result of
each expectation, evaluator notes and the improvement plan, in one database.

The database is an SQLite file, ``<home>/history.sqlite3`` (:mod:`sim.records.paths`), with
nothing to set up, or any database SQLAlchemy reaches (PostgreSQL for a city) when
``DRILLSIM_DATABASE_URL`` is set or a URL is given (:mod:`sim.records.db`). The queries are
SQLAlchemy Core, the same for both. On SQLite every write is one short ``BEGIN IMMEDIATE``
transaction on its own connection in WAL mode, so several processes (two terminals in one
training room, a headless batch) can write at once without losing anything. The schema is
kept by Alembic migrations (:mod:`sim.records.db`); an older file is brought up to date when
it is opened, and a database from a newer drillsim is refused rather than damaged.

Query API (what the app's History screen uses)::

    h = History()                       # or History(path), History(url="postgresql+psycopg://…")
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

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import NullPool

from sim.bounded import ReadError, loads_json
from sim.records import db
from sim.records.db import BUSY_TIMEOUT_MS, SCHEMA_VERSION, NewerSchema
from sim.records.db.tables import (
    METADATA,
    expectation_results,
    improvements,
    notes,
    participants,
    pushes,
    sessions,
)
from sim.records.errors import RecordsError
from sim.records.paths import history_path, now_iso
from sim.safetext import nfc

__all__ = [
    "BUSY_TIMEOUT_MS",
    "IMPROVEMENT_STATUSES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ExpectationRow",
    "History",
    "Improvement",
    "Note",
    "Participant",
    "Progress",
    "ProgressPoint",
    "SessionRecord",
    "as_date",
    "upsert",
    "write_session",
]

RESULT_DEPTH = 16
"""Deepest nesting trusted in a stored result (the result object has 5 levels)."""

READABLE_FROM = 2
"""The oldest schema version read as it stands when the file cannot be migrated (a
read-only home): versions 2 and later have every column a drill's record is read from."""

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
"""The SQL of SQLite schema versions 1 and 2 as drillsim wrote them before the history moved
to Alembic (script ``i`` brought ``PRAGMA user_version`` ``i`` to ``i + 1``). Kept to make
such files in tests; revisions ``0001`` and ``0002`` of :mod:`sim.records.db` build the
same tables."""

IMPROVEMENT_STATUSES: tuple[str, ...] = ("open", "in_progress", "done")

_SESSION_COLUMNS: tuple[str, ...] = tuple(c.name for c in sessions.columns)


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
    """The history database. Each call runs in its own short transaction."""

    def __init__(self, path: str | Path | None = None, *, url: str | None = None) -> None:
        if url is None and path is not None and "://" in str(path):
            url, path = str(path), None
        if url is None and path is None:
            url = db.configured_url()
        if url is not None and db.is_sqlite(url):
            database = make_url(url).database
            if database and database != ":memory:":
                url, path = None, Path(database)
        self.path: Path | None
        if url is None:
            self.path = Path(path) if path is not None else history_path()
            self.url = str(db.sqlite_url(self.path))
        else:
            self.path = None
            self.url = url
        self.sqlite = db.is_sqlite(self.url)
        self._engine: Engine | None = None
        self._ready = False

    @property
    def where(self) -> str:
        """The database as a person reads it: the file, or the URL without its password."""
        return str(self.path) if self.path is not None else db.shown(self.url)

    # --- connections and the schema ------------------------------------------------------

    def _get_engine(self) -> Engine:
        if self._engine is None:
            if self.path is not None:
                with contextlib.suppress(OSError):
                    self.path.parent.mkdir(parents=True, exist_ok=True)
            self._engine = db.engine_for(self.url)
        return self._engine

    def _connect(self, write: bool) -> Connection:
        """A connection with the schema up to date. When the home folder or the file cannot
        be written (a read-only or full home), reading still works: from the file as it
        stands, or from an empty history when there is no file; writing is refused in one
        line (``err_history_write``). Another database that cannot be reached is said in one
        line (``err_db_unreachable``)."""
        conn: Connection | None = None
        try:
            try:
                engine = self._get_engine()
            except ImportError as exc:
                raise RecordsError(
                    "err_db_driver", path=self.where, module=exc.name or str(exc)
                ) from None
            if not self._ready:
                self._migrate_when_free(engine)
                self._ready = True
            conn = engine.connect()
            if write:
                conn = conn.execution_options(drillsim_write=True)
            return conn
        except NewerSchema as exc:
            if conn is not None:
                conn.close()
            raise self._newer(exc.found) from None
        except (sa.exc.OperationalError, OSError) as exc:
            if conn is not None:
                conn.close()
            if not self.sqlite:
                raise RecordsError("err_db_unreachable", path=self.where, why=_why(exc)) from None
            if write:
                raise RecordsError("err_history_write", path=self.where, why=_why(exc)) from None
            return self._read_only()
        except sa.exc.DatabaseError as exc:
            if conn is not None:
                conn.close()
            raise RecordsError("err_db_unreadable", path=self.where, detail=_why(exc)) from None

    def _newer(self, found: str) -> RecordsError:
        return RecordsError("err_db_newer", path=self.where, found=found, known=SCHEMA_VERSION)

    def _read_only(self) -> Connection:
        """The history as it stands, for reading only (or an empty one when there is none or
        it is too old to read without migrating it)."""
        assert self.path is not None
        path = self.path
        try:
            if path.is_file():
                uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro&immutable=1"
                engine = sa.create_engine(
                    "sqlite+pysqlite://",
                    creator=lambda: sqlite3.connect(uri, uri=True, isolation_level=None),
                    poolclass=NullPool,
                )
                conn = engine.connect()
                try:
                    version = db.current_version(conn)
                except BaseException:
                    conn.close()
                    raise
                if version >= READABLE_FROM:
                    conn.rollback()
                    return conn
                conn.close()
            memory = sa.create_engine("sqlite+pysqlite://", poolclass=NullPool)
            conn = memory.connect()
            METADATA.create_all(conn)
            conn.commit()
            return conn
        except NewerSchema as exc:
            raise self._newer(exc.found) from None
        except sa.exc.DBAPIError as exc:
            raise RecordsError("err_db_unreadable", path=self.where, detail=_why(exc)) from None

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[Connection]:
        """One transaction on the history (``write``: it takes the write lock at once, so a
        busy SQLite file is waited for instead of failing halfway). It commits when the block
        ends and rolls back on an exception. Database errors become a RecordsError."""
        conn = self._connect(write)
        try:
            with conn.begin():
                yield conn
        except sa.exc.OperationalError as exc:
            if write:
                raise RecordsError("err_history_write", path=self.where, why=_why(exc)) from None
            raise RecordsError("err_db_unreadable", path=self.where, detail=_why(exc)) from None
        except sa.exc.DatabaseError as exc:
            raise RecordsError("err_db_unreadable", path=self.where, detail=_why(exc)) from None
        finally:
            conn.close()

    def _conn(self) -> contextlib.AbstractContextManager[Connection]:
        return self.transaction(write=False)

    def _write(self) -> contextlib.AbstractContextManager[Connection]:
        return self.transaction(write=True)

    def _migrate_when_free(self, engine: Engine) -> None:
        """Migrate, waiting while another process holds the file. Switching SQLite to WAL
        needs the file to itself, and SQLite answers "locked" at once there instead of
        waiting for the busy timeout, so the wait is done here."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause_s = 0.01
        while True:
            try:
                self._migrate(engine)
                return
            except (sa.exc.OperationalError, sqlite3.OperationalError) as exc:
                text = _why(exc)
                busy = "locked" in text or "busy" in text
                if not self.sqlite or not busy or time.monotonic() >= deadline:
                    if isinstance(exc, sqlite3.OperationalError):
                        raise sa.exc.OperationalError("PRAGMA journal_mode", None, exc) from None
                    raise
            time.sleep(pause_s)
            pause_s = min(pause_s * 2, 0.2)

    def _migrate(self, engine: Engine) -> None:
        with engine.connect() as conn, conn.begin():
            version = db.current_version(conn)
        if self.sqlite:
            self._wal(engine)
        if version == SCHEMA_VERSION:
            return
        with engine.connect() as conn:
            conn = conn.execution_options(drillsim_write=True)
            with conn.begin():
                # Read again under the write lock: another process may have migrated.
                db.upgrade(conn)

    @staticmethod
    def _wal(engine: Engine) -> None:
        """Put the file in WAL mode (outside any transaction, on the driver's connection)."""
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            mode = str(cur.execute("PRAGMA journal_mode").fetchone()[0])
            if mode.lower() != "wal":
                cur.execute("PRAGMA journal_mode = WAL")
            cur.close()
        finally:
            raw.close()

    def schema_version(self) -> int:
        """The schema version of the database (after migrating it)."""
        with self._conn() as conn:
            try:
                return db.current_version(conn)
            except NewerSchema as exc:
                raise self._newer(exc.found) from None

    def journal_mode(self) -> str:
        """The database's journal mode ('wal'; empty for a database that is not SQLite)."""
        if not self.sqlite:
            return ""
        with self._conn() as conn:
            return str(conn.exec_driver_sql("PRAGMA journal_mode").scalar())

    # --- sessions: writing -----------------------------------------------------------------

    def save_session(self, rec: SessionRecord, result: dict[str, Any] | None = None) -> None:
        """Insert or update a session with its participants and expectation results.

        A session is saved when it starts (status ``running``) and again when it ends, with
        its result. Notes and improvement items are kept.
        """
        with self._write() as conn:
            write_session(conn, rec, result)

    def delete_session(self, session_id: str) -> None:
        """Remove a session with everything attached to it."""
        with self._write() as conn:
            conn.execute(sessions.delete().where(sessions.c.id == session_id))

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
        s = sessions.c
        query = sa.select(*_plain(sessions))
        for column, value in (
            (s.team, team),
            (s.scenario_id, scenario),
            (s.unit, unit),
            (s.status, status),
        ):
            if value is not None:
                query = query.where(column == nfc(value))
        since_d, until_d = as_date(since), as_date(until)
        day = sa.func.substr(s.started, 1, 10)
        if since_d is not None:
            query = query.where(day >= since_d)
        if until_d is not None:
            query = query.where(day <= until_d)
        if oldest_first:
            query = query.order_by(s.started.asc(), s.id.asc())
        else:
            query = query.order_by(s.started.desc(), s.id.desc())
        if limit is not None:
            query = query.limit(int(limit))
        with self._conn() as conn:
            rows = [r._mapping for r in conn.execute(query)]
            people = _participants_of(conn, [str(r["id"]) for r in rows])
        return [_record(r, people.get(_text(r["id"]), [])) for r in rows]

    def session(self, session_id: str) -> SessionRecord:
        """One session by its id or a unique prefix of it; RecordsError if none or several."""
        query = sa.select(*_plain(sessions))
        with self._conn() as conn:
            row = conn.execute(query.where(sessions.c.id == session_id)).first()
            if row is None:
                like = session_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                rows = conn.execute(
                    query.where(sessions.c.id.like(like + "%", escape="\\"))
                    .order_by(sessions.c.id)
                    .limit(6)
                ).all()
                if not rows:
                    raise RecordsError("err_no_session", id=session_id)
                if len(rows) > 1:
                    raise RecordsError(
                        "err_ambiguous_session",
                        id=session_id,
                        matches=", ".join(str(r._mapping["id"]) for r in rows),
                    )
                row = rows[0]
            mapping = row._mapping
            people = _participants_of(conn, [str(mapping["id"])])
            rec = _record(mapping, people.get(_text(mapping["id"]), []))
            rec.expectations = _expectations(conn, rec.id)
            return rec

    def finished_ids(self) -> set[str]:
        """The ids of every finished session."""
        with self._conn() as conn:
            rows = conn.execute(sa.select(sessions.c.id).where(sessions.c.status == "finished"))
            return {str(r[0]) for r in rows}

    def has_session(self, session_id: str) -> bool:
        """Whether the history holds this exact session id."""
        with self._conn() as conn:
            row = conn.execute(sa.select(sa.literal(1)).where(sessions.c.id == session_id))
            return row.first() is not None

    def result(self, session_id: str) -> dict[str, Any] | None:
        """The session's full result object, if it has ended."""
        with self._conn() as conn:
            row = conn.execute(
                sa.select(_plain_column(sessions.c.result)).where(sessions.c.id == session_id)
            ).first()
        if row is None or row[0] is None:
            return None
        return parse_result(_text(row[0]), self.where, session_id)

    def expectations(self, session_id: str) -> list[ExpectationRow]:
        """How each expectation ended in the session."""
        with self._conn() as conn:
            return _expectations(conn, session_id)

    def teams(self) -> list[str]:
        """Every team name in the history, sorted."""
        return self._distinct(sessions.c.team)

    def units(self) -> list[str]:
        """Every unit name in the history, sorted."""
        return self._distinct(sessions.c.unit)

    def _distinct(self, column: sa.Column[Any]) -> list[str]:
        with self._conn() as conn:
            rows = conn.execute(sa.select(column).where(column != "").distinct())
            return sorted(_text(r[0]) for r in rows)

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

    # --- evaluator notes --------------------------------------------------------------------

    def add_note(self, session_id: str, text: str, *, author: str = "") -> int:
        """Add an evaluator's note to a session; its id."""
        now = now_iso()
        with self._write() as conn:
            _require_session(conn, session_id)
            done = conn.execute(
                notes.insert().values(
                    session_id=session_id, author=author, text=text, created=now, updated=now
                )
            )
            return int((done.inserted_primary_key or [0])[0] or 0)

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
        self._update(notes, "err_no_note", note_id, fields, session_id)

    def delete_note(self, note_id: int, *, session_id: str | None = None) -> None:
        """Remove a note (with ``session_id``: only a note of that session)."""
        self._delete(notes, "err_no_note", note_id, session_id)

    def notes(self, session_id: str) -> list[Note]:
        """A session's notes, oldest first."""
        with self._conn() as conn:
            return _notes(conn, session_id)

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
            _require_session(conn, session_id)
            done = conn.execute(
                improvements.insert().values(
                    session_id=session_id,
                    capability=capability,
                    issue=issue,
                    action=action,
                    responsible=responsible,
                    start_date=_date_text(start_date),
                    due_date=_date_text(due_date),
                    status=status,
                    expectation=expectation,
                    created=now,
                    updated=now,
                )
            )
            return int((done.inserted_primary_key or [0])[0] or 0)

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
        self._update(improvements, "err_no_improvement", item_id, fields, session_id)

    def delete_improvement(self, item_id: int, *, session_id: str | None = None) -> None:
        """Remove an improvement item (with ``session_id``: only an item of that session)."""
        self._delete(improvements, "err_no_improvement", item_id, session_id)

    def improvements(self, session_id: str) -> list[Improvement]:
        """A session's improvement plan, in the order the items were added."""
        with self._conn() as conn:
            return _improvements(conn, session_id)

    # --- the push queue (drillsim push) ------------------------------------------------------

    def pushed(self, server: str) -> dict[str, str]:
        """The drills that reached ``server``: session id -> digest of what was sent."""
        with self._conn() as conn:
            rows = conn.execute(
                sa.select(pushes.c.session_id, pushes.c.digest).where(pushes.c.server == server)
            )
            return {str(r[0]): str(r[1]) for r in rows}

    def mark_pushed(self, server: str, session_id: str, digest: str) -> None:
        """Note that ``server`` holds the drill as sent (its digest)."""
        with self._write() as conn:
            upsert(
                conn,
                pushes,
                {"server": server, "session_id": session_id, "digest": digest, "pushed": now_iso()},
                keys=("server", "session_id"),
            )

    # --- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _scope(table: sa.Table, row_id: int, session_id: str | None) -> sa.ColumnElement[bool]:
        clause = table.c.id == row_id
        if session_id is not None:
            clause = sa.and_(clause, table.c.session_id == session_id)
        return clause

    def _update(
        self,
        table: sa.Table,
        missing: str,
        row_id: int,
        fields: dict[str, Any],
        session_id: str | None = None,
    ) -> None:
        where = self._scope(table, row_id, session_id)
        with self._write() as conn:
            if conn.execute(sa.select(table.c.id).where(where)).first() is None:
                raise RecordsError(missing, id=row_id)
            if not fields:
                return
            conn.execute(table.update().where(where).values(**fields, updated=now_iso()))

    def _delete(
        self, table: sa.Table, missing: str, row_id: int, session_id: str | None = None
    ) -> None:
        where = self._scope(table, row_id, session_id)
        with self._write() as conn:
            if conn.execute(table.delete().where(where)).rowcount == 0:
                raise RecordsError(missing, id=row_id)


# --- reading and writing on a connection (shared with the city server) -------------------------


def _plain_column(column: sa.Column[Any]) -> sa.ColumnElement[Any]:
    """The column without a type to convert its values: SQLite's loose typing may hold
    anything in it (a hand edit), which :func:`_text` and :func:`_number` make sense of."""
    return sa.type_coerce(column, sa.types.NullType()).label(column.name)


def _plain(table: sa.Table) -> list[sa.ColumnElement[Any]]:
    return [_plain_column(c) for c in table.columns]


def parse_result(text: str, where: str, session_id: str) -> dict[str, Any]:
    """A stored result object; RecordsError ``err_bad_row`` when it is damaged."""
    try:
        out = loads_json(text, where, RESULT_DEPTH)
    except ReadError as exc:
        raise RecordsError("err_bad_row", path=where, id=session_id, why=exc) from None
    if not isinstance(out, dict):
        raise RecordsError("err_bad_row", path=where, id=session_id, why=type(out).__name__)
    return out


def _require_session(conn: Connection, session_id: str) -> None:
    if conn.execute(sa.select(sessions.c.id).where(sessions.c.id == session_id)).first() is None:
        raise RecordsError("err_no_session", id=session_id)


def _participants_of(conn: Connection, ids: Sequence[str]) -> dict[str, list[Participant]]:
    """The participants of each session, in seat order."""
    out: dict[str, list[Participant]] = {}
    p = participants.c
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        rows = conn.execute(
            sa.select(_plain_column(p.session_id), _plain_column(p.name), _plain_column(p.role))
            .where(p.session_id.in_(chunk))
            .order_by(p.session_id, p.seq)
        )
        for sid, name, role in rows:
            out.setdefault(_text(sid), []).append(Participant(_text(name), _text(role)))
    return out


def _record(r: Any, people: list[Participant]) -> SessionRecord:
    return SessionRecord(
        id=_text(r["id"]),
        journal=_text(r["journal"]),
        unit=_text(r["unit"]),
        team=_text(r["team"]),
        participants=people,
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


def _expectations(conn: Connection, session_id: str) -> list[ExpectationRow]:
    e = expectation_results.c
    rows = conn.execute(
        sa.select(*[_plain_column(c) for c in expectation_results.columns if c.name != "seq"])
        .where(e.session_id == session_id)
        .order_by(_insertion_order(conn))
    )
    out = []
    for row in rows:
        r = row._mapping
        out.append(
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
        )
    return out


def _insertion_order(conn: Connection) -> sa.ColumnElement[Any]:
    """The order the expectation rows were written in (the scenario's order): SQLite's rowid
    (files from before schema version 3 have no ``seq``), else ``seq``."""
    if conn.dialect.name == "sqlite":
        return sa.literal_column("rowid")
    return expectation_results.c.seq


def _notes(conn: Connection, session_id: str) -> list[Note]:
    rows = conn.execute(
        sa.select(*notes.columns).where(notes.c.session_id == session_id).order_by(notes.c.id)
    )
    return [Note(**r._mapping) for r in rows]


def _improvements(conn: Connection, session_id: str) -> list[Improvement]:
    rows = conn.execute(
        sa.select(*improvements.columns)
        .where(improvements.c.session_id == session_id)
        .order_by(improvements.c.id)
    )
    return [Improvement(**r._mapping) for r in rows]


def upsert(
    conn: Connection,
    table: sa.Table,
    values: dict[str, Any],
    *,
    keys: Sequence[str],
    keep_when_null: Sequence[str] = (),
) -> None:
    """Insert a row, or update the one with the same ``keys`` (SQLite and PostgreSQL both
    say ``INSERT ... ON CONFLICT DO UPDATE``); a column in ``keep_when_null`` keeps its value
    when the new one is NULL."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(table).values(values)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(table).values(values)
    updates = {
        k: (
            sa.func.coalesce(stmt.excluded[k], table.c[k])
            if k in keep_when_null
            else stmt.excluded[k]
        )
        for k in values
        if k not in keys
    }
    conn.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=updates))


def session_row(rec: SessionRecord, result: dict[str, Any] | None) -> dict[str, Any]:
    """The ``sessions`` row of a record."""
    return {
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


def write_session(conn: Connection, rec: SessionRecord, result: dict[str, Any] | None) -> None:
    """Insert or update a session with its participants and expectation results, inside the
    connection's transaction (notes and improvement items are kept)."""
    upsert(conn, sessions, session_row(rec, result), keys=("id",), keep_when_null=("result",))
    conn.execute(participants.delete().where(participants.c.session_id == rec.id))
    if rec.participants:
        conn.execute(
            participants.insert(),
            [
                {"session_id": rec.id, "seq": i, "name": nfc(p.name), "role": p.role}
                for i, p in enumerate(rec.participants)
            ],
        )
    if rec.expectations:
        conn.execute(expectation_results.delete().where(expectation_results.c.session_id == rec.id))
        conn.execute(
            expectation_results.insert(),
            [
                {
                    "session_id": rec.id,
                    "expectation": x.expectation,
                    "category": x.category,
                    "title_zh": x.title.get("zh", ""),
                    "title_en": x.title.get("en", ""),
                    "status": x.status,
                    "credit": x.credit,
                    "rating": x.rating,
                    "harmful": int(x.harmful),
                    "start_s": x.start_s,
                    "done_at_s": x.done_at_s,
                    "target_s": x.target_s,
                    "limit_s": x.limit_s,
                    "seq": i,
                }
                for i, x in enumerate(rec.expectations)
            ],
        )


def _why(exc: BaseException) -> str:
    """A database error as one line: the driver's own message."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


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
    """The statements of one of the :data:`MIGRATIONS` scripts."""
    return [s.strip() for s in script.split(";") if s.strip()]
