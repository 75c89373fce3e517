"""Where the records live, and how sessions are named.

Everything is under one folder: ``DRILLSIM_HOME`` when set, else the platform's user data
folder for drillsim (``platformdirs.user_data_path("drillsim", appauthor=False)``). Journals
are ``<home>/journals/<session>.jsonl``; the history is ``<home>/history.sqlite3``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from datetime import datetime
from pathlib import Path

import platformdirs


def home() -> Path:
    """The records folder (it may not exist yet)."""
    env = os.environ.get("DRILLSIM_HOME")
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path("drillsim", appauthor=False)


def journals_dir() -> Path:
    """The folder of drill journals."""
    return home() / "journals"


def history_path() -> Path:
    """The history database file."""
    return home() / "history.sqlite3"


def journal_path(session_id: str) -> Path:
    """The journal of a session."""
    return journals_dir() / f"{session_id}.jsonl"


def unwritable_reason() -> str | None:
    """Why a drill cannot be recorded now (the journals folder cannot be made or written,
    or the disk is full), or None when it can: a small probe file is written, synced and
    removed."""
    folder = journals_dir()
    probe = folder / f".probe-{os.getpid()}-{secrets.token_hex(3)}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, b"\0" * 4096)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
    return None


def new_session_id(when: datetime | None = None) -> str:
    """A sortable, unique session id: ``YYYYMMDD-HHMMSS-<6 hex>`` (local time). The first
    three hex digits are the milliseconds, so ids sort in the order they were made; the last
    three are random, so two terminals starting at the same moment still differ."""
    when = when or datetime.now()
    return f"{when:%Y%m%d-%H%M%S}-{when.microsecond // 1000:03x}{secrets.token_hex(2)[:3]}"


def now_iso() -> str:
    """The wall-clock time now, local, with its UTC offset, to the second."""
    return datetime.now().astimezone().isoformat(timespec="seconds")
