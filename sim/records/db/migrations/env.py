"""Alembic's environment for the history: it runs on the connection :mod:`sim.records.db`
hands it (inside that connection's transaction), never from a configuration file."""

from __future__ import annotations

from alembic import context

from sim.records.db.tables import METADATA

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=METADATA)
with context.begin_transaction():
    context.run_migrations()
