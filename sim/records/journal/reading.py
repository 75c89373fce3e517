"""Reading a journal back, tolerantly: a truncated or damaged line is skipped and reported,
and so is everything after it (inputs after a lost one would no longer give the same
drill).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sim.bounded import ReadError, loads_json, read_regular
from sim.i18n import tr
from sim.records.errors import RecordsError
from sim.records.journal.lines import (
    JOURNAL_FORMAT,
    JOURNAL_MAX_BYTES,
    LINE_DEPTH,
    LINE_MAX_BYTES,
    Header,
    Input,
    canonical,
    line_crc,
)
from sim.text import Lang


@dataclass(frozen=True)
class Skipped:
    """A journal line that was not used, and why."""

    line: int
    key: str
    """Catalogue key of the reason (sim.i18n.records, ``skip_*``)."""
    excerpt: str = ""

    def render(self, lang: Lang) -> str:
        """The reason as a sentence."""
        return tr(self.key, lang, line=self.line)

    def to_json(self) -> dict[str, Any]:
        """As a JSON object."""
        return {"line": self.line, "reason": self.key, "excerpt": self.excerpt}


@dataclass
class JournalRead:
    """What a journal holds, as far as it can be trusted."""

    path: Path
    header: Header
    inputs: list[Input] = field(default_factory=list)
    clock_s: float = 0.0
    """The furthest sim time the drill is known to have reached."""
    end: dict[str, Any] | None = None
    skipped: list[Skipped] = field(default_factory=list)
    good_lines: list[bytes] = field(default_factory=list)
    """The trusted lines as written (for repairing the file)."""
    ends_cleanly: bool = True
    """Whether the file ends with a newline after its last trusted line and nothing else."""
    active_s: float = 0.0
    """Wall-clock seconds the drill was running, interruptions left out."""
    last_wall: str = ""

    @property
    def finished(self) -> bool:
        """Whether the journal has its end line."""
        return self.end is not None

    @property
    def damaged(self) -> bool:
        """Whether any line was skipped as damaged (lines after the end aside)."""
        return any(s.key != "skip_after_end" for s in self.skipped)

    @property
    def needs_repair(self) -> bool:
        """Whether the file must be rewritten before more lines are appended."""
        return self.damaged or not self.ends_cleanly

    @property
    def last_input_s(self) -> float:
        """Sim time of the last trusted input (0 when there is none)."""
        return self.inputs[-1].t_s if self.inputs else 0.0


def _wall(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


class _Segments:
    """Adds up the wall time of each run of a drill (from a header or resume line to the
    last line before the next resume)."""

    def __init__(self) -> None:
        self.total_s = 0.0
        self._start: datetime | None = None
        self._last: datetime | None = None

    def begin(self, wall: str) -> None:
        self.close()
        self._start = self._last = _wall(wall)

    def see(self, wall: str) -> None:
        w = _wall(wall)
        if w is not None and self._start is not None:
            self._last = w

    def close(self) -> None:
        if self._start is not None and self._last is not None:
            self.total_s += max(0.0, (self._last - self._start).total_seconds())
        self._start = self._last = None


def read_journal(path: str | os.PathLike[str]) -> JournalRead:
    """Read a journal; skip (and report) a truncated last line, damaged lines, and everything
    after the first damaged line. RecordsError when there is no usable header."""
    p = Path(path)
    try:
        data = read_regular(p, JOURNAL_MAX_BYTES)
    except ReadError as exc:
        if exc.key == "file_missing":
            raise RecordsError("err_no_journal", path=p) from None
        raise RecordsError("err_journal_unusable", why=exc) from None
    raw_lines = data.split(b"\n")
    ends_with_newline = data.endswith(b"\n")
    if ends_with_newline:
        raw_lines.pop()
    read: JournalRead | None = None
    segments = _Segments()
    damaged = False
    prev_t = 0.0
    for number, raw in enumerate(raw_lines, start=1):
        partial = number == len(raw_lines) and not ends_with_newline
        excerpt = raw[:80].decode("utf-8", "replace")
        if read is not None and (damaged or read.end is not None):
            key = "skip_after_damage" if damaged else "skip_after_end"
            read.skipped.append(Skipped(number, key, excerpt))
            continue
        obj, problem = _parse(raw)
        if obj is not None and read is None:
            try:
                if obj.get("type") != "header":
                    raise ValueError("not a header")
                if obj.get("format") != JOURNAL_FORMAT:
                    raise RecordsError(
                        "err_journal_format", path=p, found=obj.get("format"), known=JOURNAL_FORMAT
                    )
                header = Header.from_json(obj)
            except (KeyError, TypeError, ValueError, AttributeError):
                raise RecordsError("err_no_header", path=p) from None
            read = JournalRead(p, header, good_lines=[raw + b"\n"])
            segments.begin(header.started)
            continue
        if read is None:
            raise RecordsError("err_no_header", path=p)
        if obj is not None:
            problem = _take(read, obj, prev_t)
        if problem is not None:
            key = "skip_truncated" if partial else problem
            read.skipped.append(Skipped(number, key, excerpt))
            damaged = True
            continue
        assert obj is not None
        kind = obj.get("type")
        if kind == "resume":
            segments.begin(str(obj.get("wall", "")))
        else:
            segments.see(str(obj.get("wall", "")))
        if kind == "input":
            prev_t = read.inputs[-1].t_s
        elif kind == "clock":
            prev_t = max(prev_t, read.clock_s)
        read.last_wall = str(obj.get("wall", "")) or read.last_wall
        read.good_lines.append(raw + b"\n")
    if read is None:
        raise RecordsError("err_no_header", path=p)
    segments.close()
    read.active_s = segments.total_s
    read.ends_cleanly = ends_with_newline and not read.skipped
    return read


def _parse(raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """A line's object, or the key of why it cannot be trusted."""
    if len(raw) > LINE_MAX_BYTES:
        return None, "skip_not_json"
    try:
        obj = loads_json(raw, "", LINE_DEPTH)
    except ReadError:
        return None, "skip_not_json"
    if not isinstance(obj, dict):
        return None, "skip_not_json"
    crc = obj.pop("crc", None)
    try:
        expected = line_crc(canonical(obj))
    except (TypeError, ValueError):
        return None, "skip_not_json"
    if crc != expected:
        return None, "skip_checksum"
    return obj, None


def _take(read: JournalRead, obj: dict[str, Any], prev_t: float) -> str | None:
    """Add a (checksum-verified) line to what has been read; the skip key if it does not fit."""
    kind = obj.get("type")
    try:
        if kind == "input":
            inp = Input.from_json(obj)
            expected_n = len(read.inputs) + 1
            if inp.n != expected_n or inp.t_s < prev_t:
                return "skip_out_of_order"
            read.inputs.append(inp)
            read.clock_s = max(read.clock_s, inp.t_s)
            return None
        if kind == "clock":
            t_s = float(obj["t_s"])
            if not math.isfinite(t_s) or t_s < prev_t:
                return "skip_out_of_order"
            read.clock_s = max(read.clock_s, t_s)
            return None
        if kind == "resume":
            return None
        if kind == "end":
            read.end = dict(obj)
            read.clock_s = max(read.clock_s, float(obj.get("t_s", read.clock_s)))
            return None
    except (KeyError, TypeError, ValueError):
        return "skip_bad_entry"
    return "skip_bad_entry"
