"""The evaluators' part of the history: notes on a session and its improvement plan."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sim.records.db.tables import improvements, notes
from sim.records.errors import RecordsError
from sim.records.history.connection import Store
from sim.records.history.model import IMPROVEMENT_STATUSES, Improvement, Note, as_date
from sim.records.history.rows import _require_session
from sim.records.paths import now_iso

__all__ = ["Annotations"]


class Annotations(Store):
    """A session's evaluator notes and improvement plan."""

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


def _check_status(status: str) -> None:
    if status not in IMPROVEMENT_STATUSES:
        raise RecordsError("err_bad_status", value=status, expected=", ".join(IMPROVEMENT_STATUSES))


def _date_text(value: Any) -> str:
    """A date field: empty, or a valid YYYY-MM-DD."""
    if value is None or value == "":
        return ""
    return as_date(value) or ""
