"""The history's sessions: saving and deleting a drill, finding sessions by team, scenario,
unit, status and dates, one session with its result and expectation rows, and a team's
progress."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from sim.records.db.tables import sessions
from sim.records.errors import RecordsError
from sim.records.history.connection import Store
from sim.records.history.model import (
    ExpectationRow,
    Progress,
    ProgressPoint,
    SessionRecord,
    as_date,
)
from sim.records.history.rows import (
    _expectations,
    _participants_of,
    _plain,
    _plain_column,
    _record,
    _text,
    parse_result,
    write_session,
)
from sim.safetext import nfc

__all__ = ["SessionQueries"]


class SessionQueries(Store):
    """Writing and reading sessions."""

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
