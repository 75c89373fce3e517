"""Where every paperwork file is written: one function, backed by the project-wide atomic
writer (:mod:`sim.atomic`).

The file is written next to its destination under a temporary name, synced and renamed over
it, so a reader never sees half a document. An existing file is kept unless ``force`` is
given. Problems are :class:`sim.atomic.OutputError`: one line (what, where, why), exit
status 2 on the command line.
"""

from __future__ import annotations

import os
from pathlib import Path

from sim.atomic import check_destination, write_atomic


def write_bytes(path: str | os.PathLike[str], data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; OutputError when it exists and not ``force``,
    or when it cannot be written."""
    return write_atomic(path, data, force=force)


def check_writable(path: str | os.PathLike[str], *, force: bool = False) -> None:
    """OutputError when ``path`` exists and ``force`` is not given, or cannot be written
    (checked before long work)."""
    check_destination(path, force=force)
