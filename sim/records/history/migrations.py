"""The SQLite schemas drillsim wrote before the history moved to Alembic, kept to make such
files in tests (the schema itself is kept by :mod:`sim.records.db`)."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["MIGRATIONS"]

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


def _statements(script: str) -> Sequence[str]:
    """The statements of one of the :data:`MIGRATIONS` scripts."""
    return [s.strip() for s in script.split(";") if s.strip()]
