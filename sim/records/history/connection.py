"""The history's database: the engine, one short transaction per call, bringing the schema up
to date (Alembic, :mod:`sim.records.db`), WAL mode on SQLite, and reading a history that
cannot be written (a read-only home)."""

from __future__ import annotations

import contextlib
import sqlite3
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import NullPool

from sim.records import db
from sim.records.db import BUSY_TIMEOUT_MS, SCHEMA_VERSION, NewerSchema
from sim.records.db.tables import METADATA
from sim.records.errors import RecordsError
from sim.records.paths import history_path, now_iso

__all__ = ["READABLE_FROM", "Store"]

READABLE_FROM = 2
"""The oldest schema version read as it stands when the file cannot be migrated (a
read-only home): versions 2 and later have every column a drill's record is read from."""


class Store:
    """The history database: its connections and schema (the queries are
    :class:`~sim.records.history.History`'s). Each call runs in its own short transaction."""

    def __init__(self, path: str | Path | None = None, *, url: str | None = None) -> None:
        if url is None and path is not None and "://" in str(path):
            url, path = str(path), None
        if url is None and path is None:
            url = db.configured_url()
        if url is not None and db.is_sqlite(url):
            database = make_url(url).database
            if database and database != ":memory:":
                url, path = None, Path(database)
        self.path: Path | None
        if url is None:
            self.path = Path(path) if path is not None else history_path()
            self.url = str(db.sqlite_url(self.path))
        else:
            self.path = None
            self.url = url
        self.sqlite = db.is_sqlite(self.url)
        self._engine: Engine | None = None
        self._ready = False

    @property
    def where(self) -> str:
        """The database as a person reads it: the file, or the URL without its password."""
        return str(self.path) if self.path is not None else db.shown(self.url)

    # --- connections and the schema ------------------------------------------------------

    def _get_engine(self) -> Engine:
        if self._engine is None:
            if self.path is not None:
                with contextlib.suppress(OSError):
                    self.path.parent.mkdir(parents=True, exist_ok=True)
            self._engine = db.engine_for(self.url)
        return self._engine

    def _connect(self, write: bool) -> Connection:
        """A connection with the schema up to date. When the home folder or the file cannot
        be written (a read-only or full home), reading still works: from the file as it
        stands, or from an empty history when there is no file; writing is refused in one
        line (``err_history_write``). Another database that cannot be reached is said in one
        line (``err_db_unreachable``)."""
        conn: Connection | None = None
        try:
            try:
                engine = self._get_engine()
            except ImportError as exc:
                raise RecordsError(
                    "err_db_driver", path=self.where, module=exc.name or str(exc)
                ) from None
            if not self._ready:
                self._migrate_when_free(engine)
                self._ready = True
            conn = engine.connect()
            if write:
                conn = conn.execution_options(drillsim_write=True)
            return conn
        except NewerSchema as exc:
            if conn is not None:
                conn.close()
            raise self._newer(exc.found) from None
        except (sa.exc.OperationalError, OSError) as exc:
            if conn is not None:
                conn.close()
            if not self.sqlite:
                raise RecordsError("err_db_unreachable", path=self.where, why=_why(exc)) from None
            if write:
                raise RecordsError("err_history_write", path=self.where, why=_why(exc)) from None
            return self._read_only()
        except sa.exc.DatabaseError as exc:
            if conn is not None:
                conn.close()
            raise RecordsError("err_db_unreadable", path=self.where, detail=_why(exc)) from None

    def _newer(self, found: str) -> RecordsError:
        return RecordsError("err_db_newer", path=self.where, found=found, known=SCHEMA_VERSION)

    def _read_only(self) -> Connection:
        """The history as it stands, for reading only (or an empty one when there is none or
        it is too old to read without migrating it)."""
        assert self.path is not None
        path = self.path
        try:
            if path.is_file():
                uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro&immutable=1"
                engine = sa.create_engine(
                    "sqlite+pysqlite://",
                    creator=lambda: sqlite3.connect(uri, uri=True, isolation_level=None),
                    poolclass=NullPool,
                )
                conn = engine.connect()
                try:
                    version = db.current_version(conn)
                except BaseException:
                    conn.close()
                    raise
                if version >= READABLE_FROM:
                    conn.rollback()
                    return conn
                conn.close()
            memory = sa.create_engine("sqlite+pysqlite://", poolclass=NullPool)
            conn = memory.connect()
            METADATA.create_all(conn)
            conn.commit()
            return conn
        except NewerSchema as exc:
            raise self._newer(exc.found) from None
        except sa.exc.DBAPIError as exc:
            raise RecordsError("err_db_unreadable", path=self.where, detail=_why(exc)) from None

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[Connection]:
        """One transaction on the history (``write``: it takes the write lock at once, so a
        busy SQLite file is waited for instead of failing halfway). It commits when the block
        ends and rolls back on an exception. Database errors become a RecordsError."""
        conn = self._connect(write)
        try:
            with conn.begin():
                yield conn
        except sa.exc.OperationalError as exc:
            if write:
                raise RecordsError("err_history_write", path=self.where, why=_why(exc)) from None
            raise RecordsError("err_db_unreadable", path=self.where, detail=_why(exc)) from None
        except sa.exc.DatabaseError as exc:
            raise RecordsError("err_db_unreadable", path=self.where, detail=_why(exc)) from None
        finally:
            conn.close()

    def _conn(self) -> contextlib.AbstractContextManager[Connection]:
        return self.transaction(write=False)

    def _write(self) -> contextlib.AbstractContextManager[Connection]:
        return self.transaction(write=True)

    def _migrate_when_free(self, engine: Engine) -> None:
        """Migrate, waiting while another process holds the file. Switching SQLite to WAL
        needs the file to itself, and SQLite answers "locked" at once there instead of
        waiting for the busy timeout, so the wait is done here."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause_s = 0.01
        while True:
            try:
                self._migrate(engine)
                return
            except (sa.exc.OperationalError, sqlite3.OperationalError) as exc:
                text = _why(exc)
                busy = "locked" in text or "busy" in text
                if not self.sqlite or not busy or time.monotonic() >= deadline:
                    if isinstance(exc, sqlite3.OperationalError):
                        raise sa.exc.OperationalError("PRAGMA journal_mode", None, exc) from None
                    raise
            time.sleep(pause_s)
            pause_s = min(pause_s * 2, 0.2)

    def _migrate(self, engine: Engine) -> None:
        with engine.connect() as conn, conn.begin():
            version = db.current_version(conn)
        if self.sqlite:
            self._wal(engine)
        if version == SCHEMA_VERSION:
            return
        with engine.connect() as conn:
            conn = conn.execution_options(drillsim_write=True)
            with conn.begin():
                # Read again under the write lock: another process may have migrated.
                db.upgrade(conn)

    @staticmethod
    def _wal(engine: Engine) -> None:
        """Put the file in WAL mode (outside any transaction, on the driver's connection)."""
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            mode = str(cur.execute("PRAGMA journal_mode").fetchone()[0])
            if mode.lower() != "wal":
                cur.execute("PRAGMA journal_mode = WAL")
            cur.close()
        finally:
            raw.close()

    def schema_version(self) -> int:
        """The schema version of the database (after migrating it)."""
        with self._conn() as conn:
            try:
                return db.current_version(conn)
            except NewerSchema as exc:
                raise self._newer(exc.found) from None

    def journal_mode(self) -> str:
        """The database's journal mode ('wal'; empty for a database that is not SQLite)."""
        if not self.sqlite:
            return ""
        with self._conn() as conn:
            return str(conn.exec_driver_sql("PRAGMA journal_mode").scalar())

    # --- one row of a session's notes or improvement plan, by its id -------------------------

    @staticmethod
    def _scope(table: sa.Table, row_id: int, session_id: str | None) -> sa.ColumnElement[bool]:
        clause = table.c.id == row_id
        if session_id is not None:
            clause = sa.and_(clause, table.c.session_id == session_id)
        return clause

    def _update(
        self,
        table: sa.Table,
        missing: str,
        row_id: int,
        fields: dict[str, Any],
        session_id: str | None = None,
    ) -> None:
        where = self._scope(table, row_id, session_id)
        with self._write() as conn:
            if conn.execute(sa.select(table.c.id).where(where)).first() is None:
                raise RecordsError(missing, id=row_id)
            if not fields:
                return
            conn.execute(table.update().where(where).values(**fields, updated=now_iso()))

    def _delete(
        self, table: sa.Table, missing: str, row_id: int, session_id: str | None = None
    ) -> None:
        where = self._scope(table, row_id, session_id)
        with self._write() as conn:
            if conn.execute(table.delete().where(where)).rowcount == 0:
                raise RecordsError(missing, id=row_id)


def _why(exc: BaseException) -> str:
    """A database error as one line: the driver's own message."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
