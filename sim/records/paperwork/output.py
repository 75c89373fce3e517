"""Where every paperwork file is written: one function, so that the project-wide atomic
writer can take its place in one line.

The file is written next to its destination under a temporary name and renamed over it, so
a reader never sees half a document. An existing file is kept unless ``force`` is given.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sim.records.strings import RecordsError


def write_bytes(path: str | os.PathLike[str], data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; RecordsError when it exists and not ``force``."""
    target = Path(path)
    if target.exists() and not force:
        raise RecordsError("err_output_exists", path=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_writable(path: str | os.PathLike[str], *, force: bool = False) -> None:
    """RecordsError when ``path`` exists and ``force`` is not given (checked before long work)."""
    if Path(path).exists() and not force:
        raise RecordsError("err_output_exists", path=str(path))
