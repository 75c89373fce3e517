"""Writing a journal durably: one ``write`` and one ``os.fsync`` per line, under a lock so
that one process at a time writes a session's journal.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sim.records.errors import RecordsError
from sim.records.journal.lines import Header, encode_line

try:  # POSIX: one process at a time may write a journal
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def _fsync_dir(folder: Path) -> None:
    """Make a new or renamed file's directory entry durable (no-op where unsupported)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _lock(fd: int, path: Path, session: str) -> None:
    if fcntl is None:  # pragma: no cover - Windows
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise RecordsError("err_locked", session=session) from None


def in_use(path: str | os.PathLike[str]) -> bool:
    """Whether another process is writing this journal now."""
    if fcntl is None:  # pragma: no cover - Windows
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


class JournalWriter:
    """Appends lines to a journal, each written whole and fsynced before returning."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd
        self.defer = 0
        """While above 0, :meth:`write` leaves the fsync to the next :meth:`sync` (group
        commit: several inputs, one fsync, then every answer)."""
        self._unsynced = False

    @classmethod
    def create(cls, path: Path, header: Header) -> JournalWriter:
        """A new journal with its header line (FileExistsError if the file exists; another
        OSError, with nothing left behind, when the folder cannot be written)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        _lock(fd, path, header.session)
        writer = cls(path, fd)
        try:
            writer.write(header.to_json())
        except OSError:
            writer.close()
            with contextlib.suppress(OSError):
                path.unlink()
            raise
        _fsync_dir(path.parent)
        return writer

    @classmethod
    def open_locked(cls, path: Path, session: str) -> JournalWriter:
        """Open an existing journal for appending, holding its lock."""
        while True:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_APPEND)
            except OSError:
                raise RecordsError("err_no_journal", path=path) from None
            _lock(fd, path, session)
            # The file may have been replaced (repaired) while we waited: lock the current one.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except OSError:
                same = False
            if same:
                return cls(path, fd)
            os.close(fd)

    @property
    def closed(self) -> bool:
        """Whether the journal has been closed."""
        return self._fd is None

    def write(self, obj: dict[str, Any]) -> None:
        """Append one line and make it durable. On an OSError (a full disk) the part of the
        line already written is cut off again, so the file still ends with a whole line."""
        if self._fd is None:
            raise RecordsError("err_recorder_closed")
        data = encode_line(obj)
        view = memoryview(data)
        start = os.fstat(self._fd).st_size
        try:
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            if self.defer > 0:
                self._unsynced = True
            else:
                self._unsynced = False
                os.fsync(self._fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, start)
            raise

    def replace_with(self, lines: Sequence[bytes]) -> Path:
        """Rewrite the journal with only these lines (atomically), keeping the old file as
        ``<name>.damaged-<n>`` beside it; the kept file's path. The lock moves to the new file."""
        folder = self.path.parent
        n = 1
        while (folder / f"{self.path.name}.damaged-{n}").exists():
            n += 1
        kept = folder / f"{self.path.name}.damaged-{n}"
        tmp = folder / f".{self.path.name}.repair-{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o644)
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        data = b"".join(lines)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        try:
            os.link(self.path, kept)
        except OSError:
            kept.write_bytes(self.path.read_bytes())
        os.replace(tmp, self.path)
        _fsync_dir(folder)
        old, self._fd = self._fd, fd
        if old is not None:
            os.close(old)
        return kept

    def sync(self) -> None:
        """Make the lines written while deferred durable (one fsync for all of them). It may
        run in another thread than the writes: the lines written before it starts are durable
        when it returns. OSError when the disk refuses."""
        fd = self._fd
        if fd is None or not self._unsynced:
            return
        self._unsynced = False
        try:
            os.fsync(fd)
        except OSError:
            self._unsynced = True
            raise

    def close(self) -> None:
        """Close the file (and release its lock), lines written while deferred made durable
        first."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                self.sync()
            os.close(self._fd)
            self._fd = None
