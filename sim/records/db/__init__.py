"""Where the history lives and how its schema is kept up to date (SQLAlchemy Core, Alembic).

- The database is ``DRILLSIM_DATABASE_URL`` when it is set (an SQLAlchemy URL, such as
  ``postgresql+psycopg://drillsim@/drillsim?host=/run/postgresql``), else the SQLite file
  ``<home>/history.sqlite3`` (:mod:`sim.records.paths`), with nothing to set up.
- SQLite runs in WAL mode with a busy timeout; every write is one ``BEGIN IMMEDIATE``
  transaction, so several processes can write to one file at once. Each call opens its own
  connection (no pool), as the file may be moved or replaced between two calls.
- PostgreSQL gets a small connection pool per URL, shared by every :class:`History` of the
  process (the city server answers many requests at once).
- The schema is versioned by Alembic (revisions ``0001``, ``0002``, ... in
  ``migrations/versions``; revision ``N`` is schema version ``N``). SQLite files made before
  Alembic carry their version in ``PRAGMA user_version`` only; they are stamped with the
  matching revision and brought up to date in place. ``PRAGMA user_version`` keeps following
  the schema version, so an older drillsim refuses a newer file instead of damaging it.
  Migrating is done under the write lock (SQLite) or a transaction-level advisory lock
  (PostgreSQL), so two processes opening a new database at once migrate it once.

To change the schema: add ``migrations/versions/000N_what.py`` (``revision = "000N"``,
``down_revision`` the previous one), update :mod:`sim.records.db.tables` to match, and raise
:data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.pool import NullPool

SCHEMA_VERSION = 3
"""The schema this drillsim writes (the Alembic head revision, as a number)."""

HEAD = f"{SCHEMA_VERSION:04d}"
"""The Alembic head revision."""

BUSY_TIMEOUT_MS = 30_000
"""How long an SQLite writer waits for another one to finish before giving up."""

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

ENV_URL = "DRILLSIM_DATABASE_URL"

_ADVISORY_LOCK_KEY = 0x6472696C6C73696D % (2**63)
"""PostgreSQL advisory lock taken while migrating ("drillsim" as a number)."""

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


class NewerSchema(Exception):
    """The database was written by a newer drillsim (``found`` is its version)."""

    def __init__(self, found: str) -> None:
        super().__init__(found)
        self.found = found


def configured_url() -> str | None:
    """The database URL from the environment, or None for the SQLite file."""
    value = os.environ.get(ENV_URL, "").strip()
    return value or None


def sqlite_url(path: Path) -> URL:
    """The URL of an SQLite file."""
    return URL.create("sqlite+pysqlite", database=str(path))


def is_sqlite(url: str | URL) -> bool:
    """Whether the URL names an SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def shown(url: str | URL) -> str:
    """The URL to show a person: the file for SQLite, the password hidden otherwise."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database:
        return u.database
    return u.render_as_string(hide_password=True)


def missing_driver(url: str | URL) -> str | None:
    """The driver module the URL needs and this installation lacks, or None."""
    u = make_url(url)
    try:
        u.get_dialect().import_dbapi()
    except ImportError as exc:
        return exc.name or u.get_driver_name()
    return None


def engine_for(url: str | URL) -> Engine:
    """An engine for the URL: one per call for SQLite (no pool), one shared pool per URL for
    any other database."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return _sqlite_engine(u)
    key = u.render_as_string(hide_password=False)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = sa.create_engine(
                u, pool_size=10, max_overflow=20, pool_pre_ping=True, pool_timeout=60
            )
            _engines[key] = engine
        return engine


def _sqlite_engine(url: URL) -> Engine:
    engine = sa.create_engine(
        url, poolclass=NullPool, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Transactions are begun by hand (below), as pysqlite's own handling would begin
        # them late and never IMMEDIATE.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("drillsim_write"):
            conn.exec_driver_sql("PRAGMA synchronous = FULL")
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def dispose_all() -> None:
    """Close every pooled connection (tests; a server shutting down)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


# --- the schema ---------------------------------------------------------------------------


def _revision_number(rev: str) -> int:
    """The schema version of an Alembic revision id; NewerSchema when drillsim does not know
    it."""
    if rev.isdigit() and 1 <= int(rev) <= SCHEMA_VERSION:
        return int(rev)
    raise NewerSchema(rev)


def current_version(conn: Connection) -> int:
    """The schema version of the database (0: empty); NewerSchema when it is newer than this
    drillsim."""
    sqlite = conn.dialect.name == "sqlite"
    user_version = 0
    if sqlite:
        user_version = int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)
        if user_version > SCHEMA_VERSION:
            raise NewerSchema(str(user_version))
    if sa.inspect(conn).has_table("alembic_version"):
        rev = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        if rev is not None:
            return _revision_number(str(rev))
    return user_version


def upgrade(conn: Connection) -> int:
    """Bring the database to :data:`SCHEMA_VERSION` inside the connection's transaction (the
    caller holds the write lock); the version it had."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_LOCK_KEY})
    before = current_version(conn)
    if before == SCHEMA_VERSION:
        return before
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    script = ScriptDirectory.from_config(cfg)
    ctx = MigrationContext.configure(conn)
    if before > 0 and ctx.get_current_revision() is None:
        # A file made before Alembic: its PRAGMA user_version says where it stands.
        ctx.stamp(script, f"{before:04d}")
    command.upgrade(cfg, HEAD)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return before
