"""Where every paperwork file is written: through :mod:`sim.atomic`, the one way drillsim
writes a file a user asked for (atomic; an existing file is replaced only with ``force``;
every failure is an :class:`sim.atomic.OutputError` said in one line)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from sim.atomic import check_destination, temp_path, write_atomic


def write_bytes(path: str | os.PathLike[str], data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; OutputError when it exists and not ``force``."""
    return write_atomic(path, data, force=force)


def check_writable(path: str | os.PathLike[str], *, force: bool = False) -> None:
    """OutputError when ``path`` cannot or may not be written (checked before long work)."""
    check_destination(path, force=force)


@contextlib.contextmanager
def replace_with(path: str | os.PathLike[str], *, force: bool = False) -> Iterator[Path]:
    """A temporary path next to ``path`` for another program (ffmpeg) to write; renamed over
    ``path`` when the block succeeds, removed when it fails."""
    with temp_path(path, force=force) as tmp:
        yield tmp
