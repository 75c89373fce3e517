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

The modules: :mod:`.model` (the record types), :mod:`.connection` (the database, its
transactions and schema), :mod:`.sessions`, :mod:`.plan` (notes and the improvement plan),
:mod:`.push` (the push queue), :mod:`.rows` (rows on a connection, shared with the city
server) and :mod:`.migrations` (the SQLite schemas from before Alembic).

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

from sim.records.db import BUSY_TIMEOUT_MS, SCHEMA_VERSION
from sim.records.history.connection import READABLE_FROM as READABLE_FROM
from sim.records.history.migrations import MIGRATIONS
from sim.records.history.migrations import _statements as _statements
from sim.records.history.model import (
    IMPROVEMENT_STATUSES,
    ExpectationRow,
    Improvement,
    Note,
    Participant,
    Progress,
    ProgressPoint,
    SessionRecord,
    as_date,
)
from sim.records.history.plan import Annotations
from sim.records.history.push import PushQueue
from sim.records.history.rows import RESULT_DEPTH as RESULT_DEPTH
from sim.records.history.rows import parse_result as parse_result
from sim.records.history.rows import session_row as session_row
from sim.records.history.rows import upsert, write_session
from sim.records.history.sessions import SessionQueries

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


class History(SessionQueries, Annotations, PushQueue):
    """The history database. Each call runs in its own short transaction."""
