"""The city server's data: units, their push tokens, the dashboard's logins, and the drills
units send, all in the history database (:mod:`sim.records.db`).

- A unit's token is shown once, when it is made (:meth:`City.add_token`); only its SHA-256 is
  kept, so a copy of the database does not let anyone push.
- A viewer's password is kept as scrypt (RFC 7914) with a random salt:
  ``scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>``.
- :meth:`City.receive` stores one drill in one transaction: the drill's record (through the
  history's own :func:`~sim.records.history.write_session`), its notes and improvement plan
  as sent, its journal, and which unit sent it. A drill another unit sent is refused; the
  same drill sent again by its unit replaces what was there (or changes nothing when it is
  the same). On PostgreSQL, two uploads of one drill id at the same moment are serialised by a
  transaction-level advisory lock on the id; SQLite serialises every write anyway.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sim.atomic import write_atomic
from sim.city.payload import Drill
from sim.records.campaign import participants_count
from sim.records.db.tables import (
    city_drills,
    expectation_results,
    improvements,
    journals,
    notes,
    sessions,
    unit_tokens,
    units,
    viewers,
)
from sim.records.history import History, upsert, write_session
from sim.records.paths import journal_path, now_iso
from sim.safetext import nfc

TOKEN_PREFIX = "dst_"

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
"""scrypt cost (RFC 7914 §2; the interactive-login parameters of Percival's paper)."""

JURISDICTION_KINDS: tuple[str, ...] = ("zone", "town", "department")
"""产业集聚区 (development zone), 镇街 (town or street), 行业部门 (industry department)."""

Stored = Literal["new", "updated", "unchanged"]


class CityError(Exception):
    """A request the city's data refuses; ``key`` names the reason (a catalogue key)."""

    def __init__(self, key: str, **args: str) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


@dataclass(frozen=True)
class Unit:
    """A unit of the city, as imported."""

    name: str
    jurisdiction_kind: str
    jurisdiction: str
    industry: str
    contact: str = ""


def _events(result: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The event log of a result, as far as it is a list of objects."""
    events = (result or {}).get("events")
    return [e for e in events if isinstance(e, dict)] if isinstance(events, list) else []


def token_hash(token: str) -> str:
    """What is kept of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def password_hash(password: str, salt: bytes | None = None) -> str:
    """A password as kept (scrypt, RFC 7914)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    """Whether the password is the one kept."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(digest) // 2,
        )
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(got.hex(), digest)


class City:
    """The city's data in a history database."""

    def __init__(self, history: History) -> None:
        self.history = history

    # --- units --------------------------------------------------------------------------------

    def import_units(self, rows: list[Unit]) -> tuple[int, int]:
        """Add or update units; (added, updated)."""
        added = updated = 0
        now = now_iso()
        with self.history.transaction(write=True) as conn:
            known = {str(r[0]) for r in conn.execute(sa.select(units.c.name))}
            for u in rows:
                upsert(
                    conn,
                    units,
                    {
                        "name": u.name,
                        "jurisdiction_kind": u.jurisdiction_kind,
                        "jurisdiction": u.jurisdiction,
                        "industry": u.industry,
                        "contact": u.contact,
                        "imported": now,
                    },
                    keys=("name",),
                )
                if u.name in known:
                    updated += 1
                else:
                    added += 1
                    known.add(u.name)
        return added, updated

    def units(self) -> list[Unit]:
        """Every unit, by jurisdiction (zones, towns, departments) then name."""
        with self.history.transaction() as conn:
            rows = conn.execute(
                sa.select(
                    units.c.name,
                    units.c.jurisdiction_kind,
                    units.c.jurisdiction,
                    units.c.industry,
                    units.c.contact,
                )
            ).all()
        out = [Unit(*(str(v) for v in r)) for r in rows]
        order = {k: i for i, k in enumerate(JURISDICTION_KINDS)}
        return sorted(
            out, key=lambda u: (order.get(u.jurisdiction_kind, 9), u.jurisdiction, u.name)
        )

    # --- tokens -------------------------------------------------------------------------------

    def add_token(self, unit: str) -> str:
        """A new push token for a unit (CityError ``err_unknown_unit`` when the city has no
        such unit). The token is returned once and never kept."""
        unit = nfc(unit.strip())
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.history.transaction(write=True) as conn:
            if conn.execute(sa.select(units.c.name).where(units.c.name == unit)).first() is None:
                raise CityError("err_unknown_unit", unit=unit)
            conn.execute(
                unit_tokens.insert().values(
                    token_sha256=token_hash(token), unit=unit, created=now_iso()
                )
            )
        return token

    def revoke_tokens(self, unit: str) -> int:
        """Remove every token of a unit; how many there were."""
        with self.history.transaction(write=True) as conn:
            done = conn.execute(unit_tokens.delete().where(unit_tokens.c.unit == nfc(unit)))
            return int(done.rowcount or 0)

    def unit_of_token(self, token: str) -> str | None:
        """The unit a token belongs to, or None."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        with self.history.transaction() as conn:
            row = conn.execute(
                sa.select(unit_tokens.c.unit).where(unit_tokens.c.token_sha256 == token_hash(token))
            ).first()
        return None if row is None else str(row[0])

    # --- viewers ------------------------------------------------------------------------------

    def add_viewer(self, name: str, password: str) -> None:
        """Add a dashboard login (or set its password)."""
        with self.history.transaction(write=True) as conn:
            upsert(
                conn,
                viewers,
                {"name": nfc(name), "password_hash": password_hash(password), "created": now_iso()},
                keys=("name",),
            )

    def check_viewer(self, name: str, password: str) -> bool:
        """Whether the login is right."""
        with self.history.transaction() as conn:
            row = conn.execute(
                sa.select(viewers.c.password_hash).where(viewers.c.name == nfc(name))
            ).first()
        if row is None:
            password_matches(password, password_hash("x", b"0" * 16))  # same time either way
            return False
        return password_matches(password, str(row[0]))

    # --- drills -------------------------------------------------------------------------------

    def receive(self, unit: str, drill: Drill) -> Stored:
        """Store a drill a unit sent; what happened. CityError ``err_other_unit`` when the
        drill id belongs to another unit's drill."""
        sid = drill.record.id
        with self.history.transaction(write=True) as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(
                    sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:id, 7))"), {"id": sid}
                )
            owner = conn.execute(
                sa.select(city_drills.c.unit, city_drills.c.digest).where(
                    city_drills.c.session_id == sid
                )
            ).first()
            if owner is None:
                if conn.execute(sa.select(sessions.c.id).where(sessions.c.id == sid)).first():
                    raise CityError("err_other_unit", session=sid)
                stored: Stored = "new"
            elif str(owner[0]) != unit:
                raise CityError("err_other_unit", session=sid)
            elif str(owner[1]) == drill.digest:
                return "unchanged"
            else:
                stored = "updated"
            self._write(conn, unit, drill)
            return stored

    @staticmethod
    def _write(conn: Connection, unit: str, drill: Drill) -> None:
        sid = drill.record.id
        # The journal is kept in the database; the report reads it from the server's own
        # journals folder, where :meth:`journal_file` puts it when it is asked for.
        drill.record.journal = str(journal_path(sid)) if drill.journal is not None else ""
        write_session(conn, drill.record, drill.result)
        if not drill.record.expectations:
            conn.execute(
                expectation_results.delete().where(expectation_results.c.session_id == sid)
            )
        conn.execute(notes.delete().where(notes.c.session_id == sid))
        if drill.notes:
            conn.execute(notes.insert(), [{"session_id": sid, **n} for n in drill.notes])
        conn.execute(improvements.delete().where(improvements.c.session_id == sid))
        if drill.improvements:
            conn.execute(
                improvements.insert(), [{"session_id": sid, **i} for i in drill.improvements]
            )
        conn.execute(journals.delete().where(journals.c.session_id == sid))
        if drill.journal is not None and drill.journal_sha256 is not None:
            conn.execute(
                journals.insert().values(
                    session_id=sid, sha256=drill.journal_sha256, body=drill.journal
                )
            )
        upsert(
            conn,
            city_drills,
            {
                "session_id": sid,
                "unit": unit,
                "digest": drill.digest,
                "received": now_iso(),
                "started_date": drill.record.started[:10],
                "participants": participants_count(
                    drill.record.participants_count,
                    [p.name for p in drill.record.participants],
                    _events(drill.result),
                ),
            },
            keys=("session_id",),
        )

    def journal(self, session_id: str) -> str | None:
        """A pushed drill's journal, or None."""
        with self.history.transaction() as conn:
            row = conn.execute(
                sa.select(journals.c.body).where(journals.c.session_id == session_id)
            ).first()
        return None if row is None else str(row[0])

    def journal_file(self, session_id: str) -> Path | None:
        """A pushed drill's journal as a file in this server's journals folder (written from
        the database when it is not there or differs), or None when the drill came without
        one."""
        with self.history.transaction() as conn:
            row = conn.execute(
                sa.select(journals.c.body, journals.c.sha256).where(
                    journals.c.session_id == session_id
                )
            ).first()
        if row is None:
            return None
        path = journal_path(session_id)
        data = str(row[0]).encode("utf-8")
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == str(row[1]):
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, force=True)
        return path

    def drill_unit(self, session_id: str) -> str | None:
        """The unit that sent a drill, or None."""
        with self.history.transaction() as conn:
            row = conn.execute(
                sa.select(city_drills.c.unit).where(city_drills.c.session_id == session_id)
            ).first()
        return None if row is None else str(row[0])
