"""The order of a drill's expectations, the push queue of a training-room laptop and the city server's tables: units, their push
tokens, dashboard logins, who sent each drill, and the drills' journals.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the six tables; number each drill's expectations in the scenario's order."""
    op.add_column("expectation_results", sa.Column("seq", sa.Integer))
    op.create_table(
        "pushes",
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
    op.create_table(
        "units",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("jurisdiction_kind", sa.Text, nullable=False, server_default=""),
        sa.Column("jurisdiction", sa.Text, nullable=False, server_default=""),
        sa.Column("industry", sa.Text, nullable=False, server_default=""),
        sa.Column("contact", sa.Text, nullable=False, server_default=""),
        sa.Column("imported", sa.Text, nullable=False),
    )
    op.create_index("units_jurisdiction", "units", ["jurisdiction_kind", "jurisdiction"])
    op.create_table(
        "unit_tokens",
        sa.Column("token_sha256", sa.Text, primary_key=True),
        sa.Column("unit", sa.Text, sa.ForeignKey("units.name", ondelete="CASCADE"), nullable=False),
        sa.Column("created", sa.Text, nullable=False),
    )
    op.create_index("unit_tokens_unit", "unit_tokens", ["unit"])
    op.create_table(
        "viewers",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("created", sa.Text, nullable=False),
    )
    op.create_table(
        "city_drills",
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
    )
    op.create_index("city_drills_unit", "city_drills", ["unit", "started_date"])
    op.create_index("city_drills_date", "city_drills", ["started_date"])
    op.create_table(
        "journals",
        sa.Column(
            "session_id",
            sa.Text,
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )


def downgrade() -> None:
    """Drop them."""
    for table in ("journals", "city_drills", "viewers", "unit_tokens", "units", "pushes"):
        op.drop_table(table)
    with op.batch_alter_table("expectation_results") as batch:
        batch.drop_column("seq")
