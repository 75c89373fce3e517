"""Bounded reads: every file drillsim reads is a regular file, read with a size cap, and
parsed with a bounded depth (docs/security.md).

A fifo would block a plain ``open`` for ever, ``/dev/zero`` never ends, and ``[`` repeated
200,000 times makes a recursive parser run out of stack. :func:`read_regular` opens with
``O_NONBLOCK`` (so a fifo cannot block), checks with ``fstat`` that it holds a regular
file, and reads at most ``limit`` bytes plus one to tell a file that is too large.
:func:`load_json` adds a nesting-depth check before JSON is parsed.

Errors are :class:`ReadError`: a catalogue key and the file's name, rendered in one line
in zh or en (``<file>: <why>``).
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import numpy as np

from sim.i18n import tr
from sim.text import Lang

__all__ = [
    "JSON_DEPTH",
    "ReadError",
    "json_depth",
    "load_json",
    "loads_json",
    "read_regular",
]

JSON_DEPTH = 64
"""Deepest nesting of arrays and objects accepted in a JSON file drillsim reads."""


class ReadError(Exception):
    """A file that could not be read safely, said in one line naming the file."""

    def __init__(self, key: str, /, path: str | os.PathLike[str], **args: Any) -> None:
        self.key = key
        self.path = os.fspath(path)
        self.args_ = args
        super().__init__(self.render("en"))

    def render(self, lang: Lang) -> str:
        """``<file>: <why>`` in ``lang``."""
        from sim.safetext import terminal

        return f"{terminal(self.path)}: {self.reason(lang)}"

    def reason(self, lang: Lang) -> str:
        """Why, without the file name."""
        return tr(self.key, lang, **self.args_)


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; ReadError otherwise.

    Symbolic links are followed (a link to a regular file is fine); a fifo, a device, a
    socket or a folder is refused without being read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ReadError("file_missing", path) from None
    except IsADirectoryError:
        raise ReadError("in_folder", path) from None
    except OSError as exc:
        raise ReadError("in_unreadable", path, why=exc.strerror or type(exc).__name__) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ReadError("in_folder", path)
        if not stat.S_ISREG(st.st_mode):
            raise ReadError("in_not_regular", path)
        if st.st_size > limit:
            raise ReadError("in_too_large", path, size=st.st_size, limit=limit)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise ReadError("in_too_large", path, size=f"> {limit}", limit=limit)
        return b"".join(chunks)
    except OSError as exc:
        raise ReadError("in_unreadable", path, why=exc.strerror or type(exc).__name__) from None
    finally:
        os.close(fd)


_ESCAPED = re.compile(r"\\.", re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON text (brackets inside strings do
    not count). Linear in the length of the text, and done by the regex engine and numpy
    rather than a Python loop, so a 64 MiB journal is checked in well under a second."""
    if text.count("[") + text.count("{") <= 1:
        return text.count("[") + text.count("{")
    # Drop escaped characters (\" among them); every quote left opens or closes a string.
    outside = "".join(_ESCAPED.sub("", text).split('"')[::2])
    brackets = _NOT_BRACKET.sub("", outside).encode("ascii")
    if not brackets:
        return 0
    codes = np.frombuffer(brackets, dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1)
    return int(max(0, np.cumsum(steps).max()))


def loads_json(text: str | bytes, name: str | os.PathLike[str], depth: int = JSON_DEPTH) -> Any:
    """Parse JSON text of at most ``depth`` levels; ReadError naming ``name`` otherwise."""
    try:
        value = text.decode("utf-8") if isinstance(text, bytes) else text
    except UnicodeDecodeError:
        raise ReadError("in_not_utf8", name) from None
    if value.count("[") + value.count("{") > depth and json_depth(value) > depth:
        raise ReadError("in_too_deep", name, limit=depth)
    try:
        return json.loads(value)
    except (ValueError, RecursionError) as exc:
        raise ReadError("in_not_json", name, why=str(exc)[:120]) from None


def load_json(path: str | os.PathLike[str], limit: int, depth: int = JSON_DEPTH) -> Any:
    """A JSON file: regular, at most ``limit`` bytes, at most ``depth`` levels deep."""
    return loads_json(read_regular(path, limit), Path(path), depth)
