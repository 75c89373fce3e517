"""The statistics table's 参演人数, the drill's level and its type (sim.records.campaign).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the three columns."""
    op.add_column("sessions", sa.Column("participants_count", sa.Integer))
    op.add_column("sessions", sa.Column("drill_level", sa.Text, nullable=False, server_default=""))
    op.add_column("sessions", sa.Column("drill_kind", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table("sessions") as batch:
        for column in ("drill_kind", "drill_level", "participants_count"):
            batch.drop_column(column)
