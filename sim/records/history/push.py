"""The push queue of ``drillsim push``: which drills reached which server, as sent."""

from __future__ import annotations

import sqlalchemy as sa

from sim.records.db.tables import pushes
from sim.records.history.connection import Store
from sim.records.history.rows import upsert
from sim.records.paths import now_iso

__all__ = ["PushQueue"]


class PushQueue(Store):
    """The drills pushed to each server."""

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
