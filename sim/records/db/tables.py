"""The history's tables, as SQLAlchemy Core metadata (one schema for SQLite and PostgreSQL).

The migrations in :mod:`sim.records.db.migrations` build exactly these tables; the queries of
:mod:`sim.records.history` and :mod:`sim.city` are written against them.

- A drill and what hangs on it: ``sessions``, ``participants``, ``expectation_results``,
  ``notes``, ``improvements`` (schema versions 1 and 2, the file drillsim has always kept).
- A training-room laptop's push queue: ``pushes``, one row per drill and server it reached,
  with the digest of what was sent (a drill edited afterwards is sent again).
- The city server's own data: ``units`` (imported from a spreadsheet), ``unit_tokens`` (the
  SHA-256 of each unit's push token), ``viewers`` (the dashboard's read-only logins),
  ``city_drills`` (which unit sent each drill, when, the digest of what it sent, and its
  参演人数 for the dashboard) and
  ``journals`` (each pushed drill's journal, so the city can replay it); and
  ``expectation_results.seq``, the scenario's order of a drill's expectations. Schema
  version 3.
"""

from __future__ import annotations

import sqlalchemy as sa

METADATA = sa.MetaData()

sessions = sa.Table(
    "sessions",
    METADATA,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("journal", sa.Text, nullable=False, server_default=""),
    sa.Column("unit", sa.Text, nullable=False, server_default=""),
    sa.Column("team", sa.Text, nullable=False, server_default=""),
    sa.Column("scenario_id", sa.Text, nullable=False),
    sa.Column("scenario_title_zh", sa.Text, nullable=False, server_default=""),
    sa.Column("scenario_title_en", sa.Text, nullable=False, server_default=""),
    sa.Column("scenario_category", sa.Text, nullable=False, server_default=""),
    sa.Column("scenario_sha256", sa.Text, nullable=False, server_default=""),
    sa.Column("started", sa.Text, nullable=False),
    sa.Column("ended", sa.Text),
    sa.Column("duration_s", sa.Float),
    sa.Column("sim_s", sa.Float),
    sa.Column("seed", sa.BigInteger, nullable=False),
    sa.Column("lang", sa.Text, nullable=False, server_default="zh"),
    sa.Column("speed", sa.Float),
    sa.Column("engine", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.Text, nullable=False, server_default="running"),
    sa.Column("total", sa.Float),
    sa.Column("grade", sa.Text),
    sa.Column("result", sa.Text),
    sa.Column("participants_count", sa.Integer),
    sa.Column("drill_level", sa.Text, nullable=False, server_default=""),
    sa.Column("drill_kind", sa.Text, nullable=False, server_default=""),
    sa.Index("sessions_team", "team", "started"),
    sa.Index("sessions_unit", "unit", "started"),
    sa.Index("sessions_scenario", "scenario_id", "started"),
)

participants = sa.Table(
    "participants",
    METADATA,
    sa.Column(
        "session_id",
        sa.Text,
        sa.ForeignKey("sessions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False, server_default=""),
)

expectation_results = sa.Table(
    "expectation_results",
    METADATA,
    sa.Column(
        "session_id",
        sa.Text,
        sa.ForeignKey("sessions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("expectation", sa.Text, primary_key=True),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("title_zh", sa.Text, nullable=False, server_default=""),
    sa.Column("title_en", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("credit", sa.Float, nullable=False),
    sa.Column("rating", sa.Text, nullable=False),
    sa.Column("harmful", sa.Integer, nullable=False, server_default="0"),
    sa.Column("start_s", sa.Float),
    sa.Column("done_at_s", sa.Float),
    sa.Column("target_s", sa.Float),
    sa.Column("limit_s", sa.Float),
    sa.Column("seq", sa.Integer),
)

notes = sa.Table(
    "notes",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "session_id", sa.Text, sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("author", sa.Text, nullable=False, server_default=""),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("created", sa.Text, nullable=False),
    sa.Column("updated", sa.Text, nullable=False),
    sa.Index("notes_session", "session_id"),
    sqlite_autoincrement=True,
)

improvements = sa.Table(
    "improvements",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "session_id", sa.Text, sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("capability", sa.Text, nullable=False, server_default=""),
    sa.Column("issue", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False, server_default=""),
    sa.Column("responsible", sa.Text, nullable=False, server_default=""),
    sa.Column("start_date", sa.Text, nullable=False, server_default=""),
    sa.Column("due_date", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.Text, nullable=False, server_default="open"),
    sa.Column("expectation", sa.Text),
    sa.Column("created", sa.Text, nullable=False),
    sa.Column("updated", sa.Text, nullable=False),
    sa.Index("improvements_session", "session_id"),
    sqlite_autoincrement=True,
)

# --- schema version 3: the push queue and the city server ------------------------------------

pushes = sa.Table(
    "pushes",
    METADATA,
    sa.Column("server", sa.Text, primary_key=True),
    sa.Column(
        "session_id",
        sa.Text,
        sa.ForeignKey("sessions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("digest", sa.Text, nullable=False),
    sa.Column("pushed", sa.Text, nullable=False),
)

units = sa.Table(
    "units",
    METADATA,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("jurisdiction_kind", sa.Text, nullable=False, server_default=""),
    sa.Column("jurisdiction", sa.Text, nullable=False, server_default=""),
    sa.Column("industry", sa.Text, nullable=False, server_default=""),
    sa.Column("contact", sa.Text, nullable=False, server_default=""),
    sa.Column("imported", sa.Text, nullable=False),
    sa.Index("units_jurisdiction", "jurisdiction_kind", "jurisdiction"),
)

unit_tokens = sa.Table(
    "unit_tokens",
    METADATA,
    sa.Column("token_sha256", sa.Text, primary_key=True),
    sa.Column("unit", sa.Text, sa.ForeignKey("units.name", ondelete="CASCADE"), nullable=False),
    sa.Column("created", sa.Text, nullable=False),
    sa.Index("unit_tokens_unit", "unit"),
)

viewers = sa.Table(
    "viewers",
    METADATA,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created", sa.Text, nullable=False),
)

city_drills = sa.Table(
    "city_drills",
    METADATA,
    sa.Column(
        "session_id",
        sa.Text,
        sa.ForeignKey("sessions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("unit", sa.Text, sa.ForeignKey("units.name"), nullable=False),
    sa.Column("digest", sa.Text, nullable=False),
    sa.Column("received", sa.Text, nullable=False),
    sa.Column("started_date", sa.Text, nullable=False),
    sa.Column("participants", sa.Integer, nullable=False, server_default="0"),
    sa.Index("city_drills_unit", "unit", "started_date"),
    sa.Index("city_drills_date", "started_date"),
)

journals = sa.Table(
    "journals",
    METADATA,
    sa.Column(
        "session_id",
        sa.Text,
        sa.ForeignKey("sessions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("sha256", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
)
