"""A throwaway PostgreSQL server for the tests: ``initdb`` and ``pg_ctl`` from Debian's
postgresql package, in a temporary folder, listening on a Unix socket only.

PostgreSQL refuses to run as root, so under root the server runs as the ``postgres`` user
(which Debian's package creates) or ``nobody``. Every test gets a database of its own.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None."""
    for name in ("initdb",):
        found = shutil.which(name)
        if found and Path(found).with_name("pg_ctl").exists():
            return Path(found).resolve().parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    return None


def missing_reason() -> str | None:
    """Why the PostgreSQL tests cannot run here, or None."""
    if binaries() is None:
        return "initdb/pg_ctl not found (Debian: apt-get install postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[city]')"
    return None


class Server:
    """A running PostgreSQL cluster in a temporary folder."""

    def __init__(self) -> None:
        bin_dir = binaries()
        assert bin_dir is not None
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="drillsim-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "sock"
        self.socket_dir.mkdir()
        self.user: str | None = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                with contextlib.suppress(KeyError):
                    entry = pwd.getpwnam(name)
                    self.user = name
                    for path in (self.root, self.socket_dir):
                        os.chown(path, entry.pw_uid, entry.pw_gid)
                    break
        self._names = itertools.count(1)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "drillsim",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{self.socket_dir}' "
            "-c fsync=off -c max_connections=300 -c shared_buffers=32MB"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w",
            "start",
        )  # fmt: skip

    def _run(self, tool: str, *args: str) -> None:
        kw: dict[str, Any] = {"user": self.user} if self.user else {}
        done = subprocess.run(
            [str(self.bin / tool), *args],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=self.root,
            check=False,
            **kw,
        )
        if done.returncode != 0:
            log = self.root / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} failed: {done.stderr.strip()} {tail}")

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of a database on this server."""
        return f"postgresql+psycopg://drillsim@/{database}?host={self.socket_dir}"

    def new_database(self) -> str:
        """A new empty database; its URL."""
        import psycopg

        name = f"t{os.getpid()}_{next(self._names)}"
        with psycopg.connect(
            f"host={self.socket_dir} user=drillsim dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        with contextlib.suppress(Exception):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def server() -> Iterator[Server]:
    """A PostgreSQL server for the duration of the block."""
    srv = Server()
    try:
        yield srv
    finally:
        srv.stop()
