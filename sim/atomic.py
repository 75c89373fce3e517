"""Atomic, checked writes of output files: the one way drillsim writes a file a user asked for.

Usage (a new output command: docx, pdf, video, ...)::

    from sim.atomic import OutputError, write_atomic

    try:
        write_atomic(args.output, data, force=args.force)   # data: bytes or str (UTF-8)
    except OutputError as exc:
        print(exc.render(lang), file=sys.stderr)              # one line: what, where, why
        return 2

For a library that writes to a file object (openpyxl, python-docx, imageio), write into an
``io.BytesIO`` first and pass ``buffer.getvalue()``. For a large file made by another
program, let it write to :func:`temp_path` and then call :func:`commit`.

What it guarantees:

- the file is written to a temporary file in the same folder, flushed and ``fsync``-ed,
  then renamed over the destination (``os.replace``; POSIX ``rename(2)`` is atomic), and
  the folder entry is ``fsync``-ed: a crash or a full disk leaves either the old file or
  the new one, never a truncated mix;
- an existing file is replaced only with ``force=True`` (``--force`` on the command line,
  or after a prompt in the app); a folder, a device or a fifo is never replaced;
- every ``OSError`` becomes an :class:`OutputError` whose :meth:`OutputError.render` is one
  line in zh or en; the command line turns it into exit status 2, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sim.i18n import tr
from sim.text import Lang

__all__ = ["EXIT_STATUS", "OutputError", "commit", "temp_path", "write_atomic"]

EXIT_STATUS = 2
"""The exit status of a command whose output could not be written."""


class OutputError(Exception):
    """An output file that could not be written, said in one line (what, where, why)."""

    def __init__(self, key: str, /, path: str | os.PathLike[str], why: str = "") -> None:
        self.key = key
        self.path = os.fspath(path)
        self.why = why
        super().__init__(self.render("en"))

    def render(self, lang: Lang) -> str:
        """The one-line message in ``lang``."""
        from sim.safetext import terminal

        return tr(self.key, lang, path=terminal(self.path), why=terminal(self.why))


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def check_destination(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Refuse a destination that cannot or may not be replaced; the path, ready to write.

    Call this before long work (a replay, a video) so the user hears of the problem first.
    """
    p = Path(path).expanduser()
    try:
        st = os.stat(p)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise OutputError("out_no_folder", p) from None
    except OSError as exc:
        raise OutputError("out_failed", p, _why(exc)) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError("out_is_folder", p)
        if not stat.S_ISREG(st.st_mode):
            raise OutputError("out_not_regular", p)
        if not force:
            raise OutputError("out_exists", p)
    folder = p.parent
    if not folder.is_dir():
        raise OutputError("out_no_folder", p)
    return p


@contextlib.contextmanager
def temp_path(path: str | os.PathLike[str], *, force: bool = False) -> Iterator[Path]:
    """A temporary file next to ``path`` for another program to write; renamed into place
    when the block ends without an exception, removed otherwise."""
    dest = check_destination(path, force=force)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError("out_failed", dest, _why(exc)) from None
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        commit(tmp_path, dest, force=force)
    finally:
        with contextlib.suppress(OSError):
            tmp_path.unlink()


def commit(tmp: Path, dest: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Sync ``tmp`` and rename it over ``dest`` (checked again: it may have appeared)."""
    out = check_destination(dest, force=force)
    try:
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        _set_mode(tmp, out)
        os.replace(tmp, out)
    except OSError as exc:
        raise OutputError("out_failed", out, _why(exc)) from None
    _sync_folder(out.parent)
    return out


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, force: bool = False) -> Path:
    """Write ``data`` (text is written as UTF-8) to ``path`` atomically; the path written.

    Raises :class:`OutputError` when the destination exists and ``force`` is false, is a
    folder or not a regular file, its folder is missing, or the write fails (full disk,
    read-only file system, no permission).
    """
    dest = check_destination(path, force=force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        _set_mode(Path(tmp), dest)
        check_destination(dest, force=force)
        os.replace(tmp, dest)
        tmp = None
    except OSError as exc:
        raise OutputError("out_failed", dest, _why(exc)) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _sync_folder(dest.parent)
    return dest


def _set_mode(tmp: Path, dest: Path) -> None:
    """Give the new file the old file's permissions, or the usual ones for a new file
    (``mkstemp`` makes it readable by its owner only)."""
    try:
        mode: Any = stat.S_IMODE(os.stat(dest).st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        mode = 0o666 & ~mask
    os.chmod(tmp, mode)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (no-op where folders cannot be opened, as on Windows)."""
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
