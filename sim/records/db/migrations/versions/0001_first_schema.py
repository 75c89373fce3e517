"""The first schema: sessions, participants, expectation results, notes, improvements.

SQLite files made before the history moved to Alembic kept this as ``PRAGMA user_version``
1; they are stamped with this revision when they are first opened.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the five tables of a drill's record."""
    op.create_table(
        "sessions",
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
    )
    op.create_index("sessions_team", "sessions", ["team", "started"])
    op.create_index("sessions_unit", "sessions", ["unit", "started"])
    op.create_index("sessions_scenario", "sessions", ["scenario_id", "started"])
    op.create_table(
        "participants",
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
    op.create_table(
        "expectation_results",
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
    )
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "session_id",
            sa.Text,
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("author", sa.Text, nullable=False, server_default=""),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("updated", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("notes_session", "notes", ["session_id"])
    op.create_table(
        "improvements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "session_id",
            sa.Text,
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            nullable=False,
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
        sqlite_autoincrement=True,
    )
    op.create_index("improvements_session", "improvements", ["session_id"])


def downgrade() -> None:
    """Drop the tables."""
    for table in ("improvements", "notes", "expectation_results", "participants", "sessions"):
        op.drop_table(table)
