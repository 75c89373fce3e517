"""Reading and writing the history's session rows on a connection, inside its transaction
(shared with the city server, :mod:`sim.city`)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sim.bounded import ReadError, loads_json
from sim.records.db.tables import expectation_results, participants, sessions
from sim.records.errors import RecordsError
from sim.records.history.model import ExpectationRow, Participant, SessionRecord
from sim.safetext import nfc

__all__ = ["RESULT_DEPTH", "parse_result", "session_row", "upsert", "write_session"]

RESULT_DEPTH = 16
"""Deepest nesting trusted in a stored result (the result object has 5 levels)."""


def _plain_column(column: sa.Column[Any]) -> sa.ColumnElement[Any]:
    """The column without a type to convert its values: SQLite's loose typing may hold
    anything in it (a hand edit), which :func:`_text` and :func:`_number` make sense of."""
    return sa.type_coerce(column, sa.types.NullType()).label(column.name)


def _plain(table: sa.Table) -> list[sa.ColumnElement[Any]]:
    return [_plain_column(c) for c in table.columns]


def parse_result(text: str, where: str, session_id: str) -> dict[str, Any]:
    """A stored result object; RecordsError ``err_bad_row`` when it is damaged."""
    try:
        out = loads_json(text, where, RESULT_DEPTH)
    except ReadError as exc:
        raise RecordsError("err_bad_row", path=where, id=session_id, why=exc) from None
    if not isinstance(out, dict):
        raise RecordsError("err_bad_row", path=where, id=session_id, why=type(out).__name__)
    return out


def _require_session(conn: Connection, session_id: str) -> None:
    if conn.execute(sa.select(sessions.c.id).where(sessions.c.id == session_id)).first() is None:
        raise RecordsError("err_no_session", id=session_id)


def _participants_of(conn: Connection, ids: Sequence[str]) -> dict[str, list[Participant]]:
    """The participants of each session, in seat order."""
    out: dict[str, list[Participant]] = {}
    p = participants.c
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        rows = conn.execute(
            sa.select(_plain_column(p.session_id), _plain_column(p.name), _plain_column(p.role))
            .where(p.session_id.in_(chunk))
            .order_by(p.session_id, p.seq)
        )
        for sid, name, role in rows:
            out.setdefault(_text(sid), []).append(Participant(_text(name), _text(role)))
    return out


def _record(r: Any, people: list[Participant]) -> SessionRecord:
    return SessionRecord(
        id=_text(r["id"]),
        journal=_text(r["journal"]),
        unit=_text(r["unit"]),
        team=_text(r["team"]),
        participants=people,
        scenario_id=_text(r["scenario_id"]),
        scenario_title={
            "zh": _text(r["scenario_title_zh"]),
            "en": _text(r["scenario_title_en"]),
        },
        scenario_category=_text(r["scenario_category"]),
        scenario_sha256=_text(r["scenario_sha256"]),
        started=_text(r["started"]),
        ended=None if r["ended"] is None else _text(r["ended"]),
        duration_s=_number(r["duration_s"]),
        sim_s=_number(r["sim_s"]),
        seed=int(r["seed"]) if isinstance(r["seed"], int) else 0,
        lang=_text(r["lang"]),
        speed=_number(r["speed"]),
        engine=_text(r["engine"]),
        status=_text(r["status"]),
        total=_number(r["total"]),
        grade=None if r["grade"] is None else _text(r["grade"]),
        participants_count=(
            int(r["participants_count"]) if isinstance(r["participants_count"], int) else None
        ),
        drill_level=_text(r["drill_level"]),
        drill_kind=_text(r["drill_kind"]),
    )


def _expectations(conn: Connection, session_id: str) -> list[ExpectationRow]:
    e = expectation_results.c
    rows = conn.execute(
        sa.select(*[_plain_column(c) for c in expectation_results.columns if c.name != "seq"])
        .where(e.session_id == session_id)
        .order_by(_insertion_order(conn))
    )
    out = []
    for row in rows:
        r = row._mapping
        out.append(
            ExpectationRow(
                expectation=_text(r["expectation"]),
                category=_text(r["category"]),
                title={"zh": _text(r["title_zh"]), "en": _text(r["title_en"])},
                status=_text(r["status"]),
                credit=_number(r["credit"]) or 0.0,
                rating=_text(r["rating"]),
                harmful=bool(r["harmful"]),
                start_s=_number(r["start_s"]),
                done_at_s=_number(r["done_at_s"]),
                target_s=_number(r["target_s"]),
                limit_s=_number(r["limit_s"]),
            )
        )
    return out


def _insertion_order(conn: Connection) -> sa.ColumnElement[Any]:
    """The order the expectation rows were written in (the scenario's order): SQLite's rowid
    (files from before schema version 3 have no ``seq``), else ``seq``."""
    if conn.dialect.name == "sqlite":
        return sa.literal_column("rowid")
    return expectation_results.c.seq


def upsert(
    conn: Connection,
    table: sa.Table,
    values: dict[str, Any],
    *,
    keys: Sequence[str],
    keep_when_null: Sequence[str] = (),
) -> None:
    """Insert a row, or update the one with the same ``keys`` (SQLite and PostgreSQL both
    say ``INSERT ... ON CONFLICT DO UPDATE``); a column in ``keep_when_null`` keeps its value
    when the new one is NULL."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(table).values(values)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(table).values(values)
    updates = {
        k: (
            sa.func.coalesce(stmt.excluded[k], table.c[k])
            if k in keep_when_null
            else stmt.excluded[k]
        )
        for k in values
        if k not in keys
    }
    conn.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=updates))


def session_row(rec: SessionRecord, result: dict[str, Any] | None) -> dict[str, Any]:
    """The ``sessions`` row of a record."""
    return {
        "id": rec.id,
        "journal": rec.journal,
        "unit": nfc(rec.unit),
        "team": nfc(rec.team),
        "scenario_id": rec.scenario_id,
        "scenario_title_zh": rec.scenario_title.get("zh", ""),
        "scenario_title_en": rec.scenario_title.get("en", ""),
        "scenario_category": rec.scenario_category,
        "scenario_sha256": rec.scenario_sha256,
        "started": rec.started,
        "ended": rec.ended,
        "duration_s": rec.duration_s,
        "sim_s": rec.sim_s,
        "seed": rec.seed,
        "lang": rec.lang,
        "speed": rec.speed,
        "engine": rec.engine,
        "status": rec.status,
        "total": rec.total,
        "grade": rec.grade,
        "participants_count": rec.participants_count,
        "drill_level": rec.drill_level,
        "drill_kind": rec.drill_kind,
        "result": None if result is None else json.dumps(result, ensure_ascii=False),
    }


def write_session(conn: Connection, rec: SessionRecord, result: dict[str, Any] | None) -> None:
    """Insert or update a session with its participants and expectation results, inside the
    connection's transaction (notes and improvement items are kept)."""
    upsert(conn, sessions, session_row(rec, result), keys=("id",), keep_when_null=("result",))
    conn.execute(participants.delete().where(participants.c.session_id == rec.id))
    if rec.participants:
        conn.execute(
            participants.insert(),
            [
                {"session_id": rec.id, "seq": i, "name": nfc(p.name), "role": p.role}
                for i, p in enumerate(rec.participants)
            ],
        )
    if rec.expectations:
        conn.execute(expectation_results.delete().where(expectation_results.c.session_id == rec.id))
        conn.execute(
            expectation_results.insert(),
            [
                {
                    "session_id": rec.id,
                    "expectation": x.expectation,
                    "category": x.category,
                    "title_zh": x.title.get("zh", ""),
                    "title_en": x.title.get("en", ""),
                    "status": x.status,
                    "credit": x.credit,
                    "rating": x.rating,
                    "harmful": int(x.harmful),
                    "start_s": x.start_s,
                    "done_at_s": x.done_at_s,
                    "target_s": x.target_s,
                    "limit_s": x.limit_s,
                    "seq": i,
                }
                for i, x in enumerate(rec.expectations)
            ],
        )


def _text(value: Any) -> str:
    """A text column as text, whatever SQLite's loose typing let a hand edit store."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _number(value: Any) -> float | None:
    """A numeric column as a finite float, or None when it holds something else."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None
