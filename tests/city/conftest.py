"""Fixtures of the city tests: the history's database on SQLite and on a real PostgreSQL
the suite starts itself (skipped, with the reason, where initdb is missing). Each test's
records folder and environment come from tests/conftest.py."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.city import pg
from tests.hostile.conftest import read_only  # noqa: F401 (a fixture the tests use)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[pg.Server]:
    """One PostgreSQL server for the whole run (per test worker). A run stopped by SIGTERM
    (``timeout``) stops as after Ctrl+C, so the server is stopped too rather than left
    behind."""
    reason = pg.missing_reason()
    if reason is not None:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        with pg.server() as srv:
            yield srv
            from sim.records import db

            db.dispose_all()
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty history database: an SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite+pysqlite:///{tmp_path / 'history.sqlite3'}"
    server: pg.Server = request.getfixturevalue("pg_server")
    return server.new_database()


@pytest.fixture
def pg_database(pg_server: pg.Server) -> str:
    """The URL of an empty PostgreSQL database."""
    return pg_server.new_database()
