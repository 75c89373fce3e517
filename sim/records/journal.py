"""The drill journal: every input of a drill, written as it happens, so that a drill can be
replayed exactly and continued after a crash.

A journal is a JSON Lines file, ``<home>/journals/<session>.jsonl``:

- a ``header`` line: the session id, the scenario (id, path, SHA-256 of the file's bytes,
  title, category), seed, engine version, unit, team, participants, language and speed;
- one ``input`` line per input of the drill, in order, with its sim time: ``act`` (an
  action), ``fire_inject``, ``free_inject`` (facilitator messages) and ``note`` (pause,
  resume, speed, end). Refused inputs are journaled too: a refusal is an event of the log,
  and the replay must give the same log;
- ``clock`` lines: how far the clock had run (written by :meth:`Recorder.checkpoint`), so
  a resumed drill starts where the clock stood, not at the last input;
- a ``resume`` line each time a drill is continued, with what was skipped;
- an ``end`` line when the drill is over, with the total and a SHA-256 of the event log, so
  a replay can prove it rebuilt the same log byte for byte.

Every line carries a CRC-32 of its content, and is written with one ``write`` then
``os.fsync``: a process that is killed (``kill -9``, a power cut) loses no input already
taken. Reading is tolerant: a truncated last line or a damaged line is skipped and
reported (:class:`Skipped`), and everything after the first damaged line is skipped too,
because inputs after a lost one would no longer give the same drill.

Inputs are applied by :class:`Recorder`, which the app and headless runs use instead of
calling the drill's input methods directly. Before each input it lets the drill catch up
with everything due at the current sim time (``Drill.advance(now)``), exactly as the
replay does, so that live runs and replays see the same world at every input.

API for the terminal app::

    rec = Recorder.start(scenario, scenario_path, seed=seed, unit=..., team=...,
                         participants=[Participant("张三", "leader")], lang="zh", speed=1.0)
    drill = rec.drill                      # drive it with drill.advance(t) as before
    rec.act("alarm", "leader", scope="all")   # instead of drill.act(...)
    rec.fire_inject("smoke"); rec.free_inject("text", to="leader")
    rec.note("pause")                      # instead of drill.note(...)
    rec.checkpoint()                       # now and then: where the clock stands
    result = rec.finish()                  # runs to the end, writes the end line and
                                           # records the session in the history
    rec.close()                            # quitting mid-drill: the drill stays resumable

    unfinished()                           # drills with no end line, to offer to continue
    r = resume_drill(session_id)           # -> Resumed(drill, recorder, header, skipped, ...)
    r.drill, r.recorder, r.header          # continue as above
    replay(journal_path)                   # -> Replay: the rebuilt drill, hazard samples
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sim.bounded import ReadError, loads_json, read_regular
from sim.drill import ENGINE_VERSION, PLATOON_LIMIT, SEED_MAX, Drill
from sim.playbook import Step
from sim.records.history import ExpectationRow, History, Participant, SessionRecord
from sim.records.paths import journal_path, journals_dir, new_session_id, now_iso
from sim.records.strings import RecordsError, t
from sim.result import drill_result
from sim.safetext import nfc
from sim.scenario import Scenario
from sim.state import ActResult
from sim.text import Lang, Text, localize
from sim.yamlsafe import MAX_BYTES

try:  # POSIX: one process at a time may write a journal
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

JOURNAL_FORMAT = 1
"""Version of the journal's line format."""

OPS: tuple[str, ...] = ("act", "fire_inject", "free_inject", "note")
"""The drill's inputs (docs/contracts.md, Determinism: act, fire_inject, free_inject and note are
the only ones)."""

JOURNAL_MAX_BYTES = 64 * 1024 * 1024
"""Largest journal read (a two-hour drill with an input a second is about 2 MB)."""
LINE_MAX_BYTES = 1024 * 1024
"""Longest journal line trusted."""
LINE_DEPTH = 16
"""Deepest nesting trusted in a journal line (the deepest line drillsim writes has 5)."""

HAZARD_SAMPLE_S = 10.0
"""Default sim seconds between two hazard samples taken while replaying."""


# --- lines ------------------------------------------------------------------------------------


def canonical(obj: Any) -> str:
    """The one JSON text of a value that the journal writes and checks."""
    return json.dumps(
        obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )


def _crc(text: str) -> str:
    return f"{zlib.crc32(text.encode('utf-8')):08x}"


def encode_line(obj: dict[str, Any]) -> bytes:
    """A journal line: the object with its CRC-32, and a newline."""
    body = {k: v for k, v in obj.items() if k != "crc"}
    return (canonical({**body, "crc": _crc(canonical(body))}) + "\n").encode("utf-8")


def _plain(value: Any) -> Any:
    """A parameter value as JSON data (tuples become lists, numpy numbers Python ones)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and callable(value.item):
        return value.item()
    return value


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a scenario file's bytes, hex (a regular file of at most the scenario size
    cap; RecordsError otherwise, so a forged path such as /dev/zero is never read)."""
    try:
        return hashlib.sha256(read_regular(path, MAX_BYTES)).hexdigest()
    except ReadError as exc:
        raise RecordsError("err_scenario_invalid", path=path, detail=exc.reason("en")) from None


def log_sha256(events: Iterable[dict[str, Any]]) -> str:
    """SHA-256 of an event log (JSON events), to check a replay against the drill."""
    h = hashlib.sha256()
    for e in events:
        h.update(canonical(e).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def _both(text: Text | None) -> dict[str, str]:
    return {"zh": localize(text, "zh"), "en": localize(text, "en")}


@dataclass(frozen=True)
class Header:
    """What a journal says about its drill before the first input."""

    session: str
    scenario_id: str
    scenario_path: str
    scenario_sha256: str
    seed: int
    engine: str = ENGINE_VERSION
    scenario_title: dict[str, str] = field(default_factory=dict)
    scenario_category: str = ""
    unit: str = ""
    team: str = ""
    participants: tuple[Participant, ...] = ()
    lang: str = "zh"
    speed: float | None = None
    """Clock speed the drill started at (None: headless)."""
    started: str = ""
    playbook: str | None = None
    platoon_limit: int = PLATOON_LIMIT
    record: bool = True
    """False: the drill was run without keeping it in the history (``run --no-history``),
    so a finished journal missing from the history is as intended."""
    participants_count: int | None = None
    """参演人数 as the team gave it (None: count the named people or the roles played)."""
    drill_level: str = ""
    """team, workshop or enterprise (sim.records.campaign); '' when not given."""
    drill_kind: str = ""
    """comprehensive, special or onsite (sim.records.campaign); '' when not given."""

    def to_json(self) -> dict[str, Any]:
        """The header line's content."""
        out = {
            "type": "header",
            "format": JOURNAL_FORMAT,
            "session": self.session,
            "scenario": {
                "id": self.scenario_id,
                "path": self.scenario_path,
                "sha256": self.scenario_sha256,
                "title": self.scenario_title,
                "category": self.scenario_category,
            },
            "seed": self.seed,
            "engine": self.engine,
            "unit": self.unit,
            "team": self.team,
            "participants": [p.to_json() for p in self.participants],
            "lang": self.lang,
            "speed": self.speed,
            "started": self.started,
            "playbook": self.playbook,
            "platoon_limit": self.platoon_limit,
            "participants_count": self.participants_count,
            "drill_level": self.drill_level,
            "drill_kind": self.drill_kind,
        }
        if not self.record:
            out["record"] = False
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Header:
        """The header from its line; KeyError, TypeError or ValueError when malformed."""
        sc = d["scenario"]
        speed = d.get("speed")
        seed = d["seed"]
        if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= SEED_MAX:
            raise ValueError(seed)
        if not isinstance(sc, dict) or not isinstance(d.get("participants") or [], list):
            raise ValueError(sc)
        platoon_limit = int(d.get("platoon_limit", PLATOON_LIMIT))
        if not 1 <= platoon_limit <= 1_000_000:
            raise ValueError(platoon_limit)
        if speed is not None and not (isinstance(speed, int | float) and 0 < speed <= 1000):
            raise ValueError(speed)
        count = d.get("participants_count")
        if count is not None and (
            not isinstance(count, int) or isinstance(count, bool) or not 0 < count <= 1_000_000
        ):
            raise ValueError(count)
        return cls(
            session=str(d["session"]),
            scenario_id=str(sc["id"]),
            scenario_path=str(sc.get("path", "")),
            scenario_sha256=str(sc.get("sha256", "")),
            scenario_title={str(k): str(v) for k, v in (sc.get("title") or {}).items()},
            scenario_category=str(sc.get("category", "")),
            seed=int(d["seed"]),
            engine=str(d.get("engine", "")),
            unit=str(d.get("unit", "")),
            team=str(d.get("team", "")),
            participants=tuple(
                Participant(str(p["name"]), str(p.get("role", "")))
                for p in d.get("participants") or []
            ),
            lang=str(d.get("lang", "zh")),
            speed=None if speed is None else float(speed),
            started=str(d.get("started", "")),
            playbook=d.get("playbook"),
            platoon_limit=platoon_limit,
            record=d.get("record", True) is not False,
            participants_count=count,
            drill_level=str(d.get("drill_level", "")),
            drill_kind=str(d.get("drill_kind", "")),
        )


@dataclass(frozen=True)
class Input:
    """One input of a drill as journaled."""

    n: int
    """1-based position among the drill's inputs."""
    t_s: float
    op: str
    """act, fire_inject, free_inject or note."""
    args: dict[str, Any]
    accepted: bool | None = None
    """What the drill answered (None for notes, which are always taken)."""
    wall: str = ""
    reason: dict[str, str] | None = None
    """Why it was refused, in zh and en."""

    def to_json(self) -> dict[str, Any]:
        """The input line's content."""
        out: dict[str, Any] = {
            "type": "input",
            "n": self.n,
            "t_s": self.t_s,
            "op": self.op,
            "args": self.args,
            "accepted": self.accepted,
            "wall": self.wall,
        }
        if self.reason is not None:
            out["reason"] = self.reason
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Input:
        """The input from its line; KeyError, TypeError or ValueError when malformed."""
        op = d["op"]
        args = d["args"]
        if op not in OPS or not isinstance(args, dict):
            raise ValueError(op)
        if op == "act" and not (
            isinstance(args.get("action"), str)
            and isinstance(args.get("by"), str)
            and isinstance(args.get("params", {}), dict)
        ):
            raise ValueError(args)
        if op == "fire_inject" and not isinstance(args.get("inject"), str):
            raise ValueError(args)
        if op == "free_inject" and not (
            isinstance(args.get("text"), str) and isinstance(args.get("to"), str | None)
        ):
            raise ValueError(args)
        if op == "note" and not (
            isinstance(args.get("kind"), str) and isinstance(args.get("data", {}), dict)
        ):
            raise ValueError(args)
        t_s = float(d["t_s"])
        if not math.isfinite(t_s) or t_s < 0:
            raise ValueError(t_s)
        accepted = d.get("accepted")
        if accepted is not None and not isinstance(accepted, bool):
            raise ValueError(accepted)
        reason = d.get("reason")
        return cls(
            n=int(d["n"]),
            t_s=t_s,
            op=str(op),
            args=dict(args),
            accepted=accepted,
            wall=str(d.get("wall", "")),
            reason=dict(reason) if isinstance(reason, dict) else None,
        )

    def apply(self, drill: Drill) -> ActResult | None:
        """Give this input to the drill (at the drill's current time)."""
        a = self.args
        if self.op == "act":
            return drill.act(a["action"], a["by"], **dict(a.get("params") or {}))
        if self.op == "fire_inject":
            return drill.fire_inject(a["inject"])
        if self.op == "free_inject":
            return drill.free_inject(a["text"], a.get("to"))
        drill.note(a["kind"], **dict(a.get("data") or {}))
        return None

    def matches(self, step: Step) -> bool:
        """Whether this input is what the playbook step would give."""
        if abs(self.t_s - step.at_s) > 1e-9:
            return False
        if step.inject is not None:
            return self.op == "fire_inject" and self.args.get("inject") == step.inject
        if step.facilitator is not None:
            return self.op == "free_inject" and self.args.get("text") == step.facilitator
        return (
            self.op == "act"
            and self.args.get("action") == step.action
            and self.args.get("by") == step.by
            and canonical(self.args.get("params") or {}) == canonical(_plain(step.params))
        )


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    """A journal line that was not used, and why."""

    line: int
    key: str
    """Catalogue key of the reason (sim.records.strings, ``skip_*``)."""
    excerpt: str = ""

    def render(self, lang: Lang) -> str:
        """The reason as a sentence."""
        return t(self.key, lang, line=self.line)

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
        if exc.key == "in_missing":
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
        expected = _crc(canonical(obj))
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


# --- writing ---------------------------------------------------------------------------------


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

    def close(self) -> None:
        """Close the file (and release its lock)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


# --- finding the scenario again ------------------------------------------------------------------


def locate_scenario(header: Header) -> Path | None:
    """The drill's scenario file: where it was, else the bundled or user scenario of that id."""
    from sim.catalog import resolve

    if header.scenario_path and Path(header.scenario_path).is_file():
        return Path(header.scenario_path)
    return resolve(header.scenario_id)


def load_scenario_for(header: Header, *, force: bool = False) -> tuple[Scenario, Path, bool]:
    """The scenario a journal was written with, its path, and whether the file changed since
    (RecordsError if it changed, unless ``force``)."""
    from sim.loader import check_file

    path = locate_scenario(header)
    if path is None:
        raise RecordsError("err_scenario_missing", id=header.scenario_id, path=header.scenario_path)
    sha = file_sha256(path)
    changed = sha != header.scenario_sha256
    if changed and not force:
        raise RecordsError(
            "err_scenario_changed", path=path, old=header.scenario_sha256[:12], new=sha[:12]
        )
    checked = check_file(path)
    if checked.scenario is None:
        detail = "; ".join(p.format("en") for p in checked.problems[:3])
        raise RecordsError("err_scenario_invalid", path=path, detail=detail)
    return checked.scenario, path, changed


# --- replay ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HazardSample:
    """Hazard levels at one sim time: the highest anywhere, and the highest where people are
    (role-players wearing PPE are protected and do not count)."""

    t_s: float
    site_max: float
    occupied_max: float


@dataclass(frozen=True)
class Divergence:
    """An input the replay answered differently from the drill (only with ``force``)."""

    n: int
    t_s: float
    was: bool | None
    now: bool | None


@dataclass
class Replay:
    """A drill rebuilt from its journal."""

    drill: Drill
    read: JournalRead
    scenario_path: Path
    scenario_changed: bool = False
    engine_changed: bool = False
    divergences: list[Divergence] = field(default_factory=list)
    hazard: list[HazardSample] = field(default_factory=list)
    log_verified: bool | None = None
    """True: the rebuilt log hashes as the end line says; None: no end line to check."""

    @property
    def header(self) -> Header:
        """The journal's header."""
        return self.read.header

    def result(self) -> dict[str, Any]:
        """The result object of the rebuilt drill."""
        return drill_result(self.drill)


class _Word:
    def __init__(self, key: str) -> None:
        self.key = key

    def render(self, lang: Lang) -> str:
        return t(self.key, lang)


def _accept_word(value: bool | None) -> _Word:
    return _Word("word_accepted" if value else "word_refused")


class _Sampler:
    """Takes hazard samples every ``every_s`` sim seconds while a drill is advanced."""

    def __init__(
        self, drill: Drill, every_s: float, on_sample: Callable[[Drill], None] | None = None
    ) -> None:
        self.drill = drill
        self.every_s = every_s
        self.next_s = 0.0
        self.samples: list[HazardSample] = []
        self.on_sample = on_sample

    def advance(self, to_s: float) -> None:
        d = self.drill
        to_s = min(float(to_s), d.scenario.duration_s)
        while self.next_s <= to_s and not d.finished:
            d.advance(self.next_s)
            self.take()
            self.next_s += self.every_s
        d.advance(to_s)
        if d.finished and (not self.samples or self.samples[-1].t_s < d.now_s):
            self.take()

    def take(self) -> None:
        d = self.drill
        levels = d.hazard.levels()
        people = d.crowd.node_count
        occupied = levels[people > 0]
        role_nodes = [
            d.site.index[r.node] for r in d.roles.values() if r.node is not None and not r.ppe
        ]
        occ = float(occupied.max()) if occupied.size else 0.0
        if role_nodes:
            occ = max(occ, float(levels[role_nodes].max()))
        site = float(levels.max()) if levels.size else 0.0
        self.samples.append(HazardSample(d.now_s, site, occ))
        if self.on_sample is not None:
            self.on_sample(d)


def _settle(drill: Drill) -> None:
    """Let the drill process everything due at its current time (before an input)."""
    drill.advance(drill.now_s)


def replay(
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    hazard_every_s: float | None = None,
    read: JournalRead | None = None,
    on_sample: Callable[[Drill], None] | None = None,
) -> Replay:
    """Rebuild a drill from its journal by applying each input at its sim time.

    A finished journal is run to its end and its log checked against the end line's hash;
    an unfinished one stops where the clock stood. With ``hazard_every_s`` the hazard is
    sampled on the way (the engine keeps no level history), and ``on_sample`` is given the
    drill at each sample (the replay video draws its frames so). RecordsError when the scenario
    or the engine changed since, or an input is answered differently, unless ``force``.
    """
    read = read or read_journal(path)
    header = read.header
    scenario, spath, changed = load_scenario_for(header, force=force)
    engine_changed = header.engine != ENGINE_VERSION
    if engine_changed and not force:
        raise RecordsError("err_engine_changed", old=header.engine, new=ENGINE_VERSION)
    drill = Drill(scenario, header.seed, platoon_limit=header.platoon_limit)
    sampler = _Sampler(drill, hazard_every_s, on_sample) if hazard_every_s else None
    out = Replay(drill, read, spath, changed, engine_changed)

    def advance(to_s: float) -> None:
        if sampler is not None:
            sampler.advance(to_s)
        else:
            drill.advance(to_s)

    for inp in read.inputs:
        advance(inp.t_s)
        _settle(drill)
        res = inp.apply(drill)
        now = None if res is None else res.accepted
        if inp.accepted is not None and now != inp.accepted:
            if not force:
                raise RecordsError(
                    "err_diverged",
                    n=inp.n,
                    t=round(inp.t_s, 3),
                    was=_accept_word(inp.accepted),
                    now=_accept_word(now),
                )
            out.divergences.append(Divergence(inp.n, inp.t_s, inp.accepted, now))
    if read.finished:
        advance(scenario.duration_s)
        recorded = (read.end or {}).get("log_sha256")
        if recorded:
            out.log_verified = recorded == log_sha256(e.to_json() for e in drill.log)
    else:
        advance(read.clock_s)
    if sampler is not None:
        out.hazard = sampler.samples
    return out


# --- recording ---------------------------------------------------------------------------------


def expectation_rows(scenario: Scenario, result: dict[str, Any]) -> list[ExpectationRow]:
    """The result's expectations with their titles, for the history."""
    titles = {x.id: _both(x.title) for x in scenario.expectations}
    return [
        ExpectationRow(
            expectation=e["id"],
            category=e["category"],
            title=titles.get(e["id"], {"zh": e["id"], "en": e["id"]}),
            status=e["status"],
            credit=float(e["credit"]),
            rating=e["rating"],
            harmful=bool(e.get("harmful")),
            start_s=e.get("start_s"),
            done_at_s=e.get("done_at_s"),
            target_s=e.get("target_s"),
            limit_s=e.get("limit_s"),
        )
        for e in result.get("expectations", [])
    ]


def session_record(header: Header, journal: Path, **extra: Any) -> SessionRecord:
    """The history's record of a journaled session (without its result)."""
    return SessionRecord(
        id=header.session,
        scenario_id=header.scenario_id,
        seed=header.seed,
        started=header.started,
        journal=str(journal),
        unit=header.unit,
        team=header.team,
        participants=list(header.participants),
        scenario_title=dict(header.scenario_title),
        scenario_category=header.scenario_category,
        scenario_sha256=header.scenario_sha256,
        lang=header.lang,
        speed=header.speed,
        engine=header.engine,
        participants_count=header.participants_count,
        drill_level=header.drill_level,
        drill_kind=header.drill_kind,
        **extra,
    )


def record_finished(
    history: History, header: Header, journal: Path, scenario: Scenario, result: dict[str, Any],
    *, ended: str, duration_s: float | None,
) -> None:  # fmt: skip
    """Save a finished session with its result in the history."""
    score = result.get("score") or {}
    end_t = max((float(e["t_s"]) for e in result.get("events", [])), default=0.0)
    rec = session_record(
        header,
        journal,
        ended=ended,
        duration_s=duration_s,
        sim_s=end_t,
        status="finished",
        total=score.get("total"),
        grade=score.get("grade"),
        expectations=expectation_rows(scenario, result),
    )
    history.save_session(rec, result)


class Recorder:
    """Journals every input of a drill; at the end, writes the end line and records the
    session in the history. See the module docstring for the API."""

    def __init__(
        self,
        drill: Drill,
        writer: JournalWriter,
        header: Header,
        *,
        history: History | None = None,
        next_n: int = 1,
        prior_active_s: float = 0.0,
        clock_s: float = 0.0,
    ) -> None:
        self.drill = drill
        self.header = header
        self.history = history
        self.warnings: list[str] = []
        """History problems met on the way (the journal is kept regardless)."""
        self._writer = writer
        self._n = next_n
        self._prior_active_s = prior_active_s
        self._segment_start = datetime.now().astimezone()
        self._clock_s = clock_s
        self.result: dict[str, Any] | None = None
        self.pending: list[dict[str, Any]] = []
        """Lines taken while the journal could not be written (a full disk), in order."""
        self.write_error: OSError | None = None
        """Why the last write failed; None once every pending line is written."""
        self._ending: tuple[dict[str, Any], str, float] | None = None
        """The result, end time and duration once the end line is taken."""

    # --- writing the journal ------------------------------------------------------------

    def _journal(self, obj: dict[str, Any]) -> None:
        """Write a line, or keep it (in order) when the journal cannot be written: the drill
        goes on in memory and :meth:`flush` writes the kept lines once there is room."""
        self.pending.append(obj)
        self.flush()

    def flush(self) -> bool:
        """Write the lines kept while the journal could not be written; whether all are."""
        while self.pending:
            try:
                self._writer.write(self.pending[0])
            except OSError as exc:
                self.write_error = exc
                return False
            self.pending.pop(0)
        self.write_error = None
        return True

    def write_problem_why(self) -> str:
        """The operating system's reason the journal cannot be written ('' when it can)."""
        if self.write_error is None:
            return ""
        return self.write_error.strerror or type(self.write_error).__name__

    def write_problem(self, lang: Lang) -> str | None:
        """Why the journal cannot be written, in one line (None when it can)."""
        if self.write_error is None:
            return None
        return t("err_journal_write", lang, path=self.journal_path, why=self.write_problem_why())

    # --- starting ---------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        scenario: Scenario,
        scenario_path: str | os.PathLike[str],
        *,
        seed: int = 1,
        unit: str = "",
        team: str = "",
        participants: Sequence[Participant] = (),
        lang: str = "zh",
        speed: float | None = None,
        playbook: str | None = None,
        platoon_limit: int = PLATOON_LIMIT,
        history: History | None = None,
        record: bool = True,
        session_id: str | None = None,
        participants_count: int | None = None,
        drill_level: str = "",
        drill_kind: str = "",
    ) -> Recorder:
        """A new drill with its journal (and its row in the history, when ``record``)."""
        spath = Path(scenario_path).resolve()
        header = Header(
            session=session_id or new_session_id(),
            scenario_id=scenario.id,
            scenario_path=str(spath),
            scenario_sha256=file_sha256(spath),
            scenario_title=_both(scenario.title),
            scenario_category=scenario.category,
            seed=int(seed),
            unit=nfc(unit),
            team=nfc(team),
            participants=tuple(Participant(nfc(p.name), p.role) for p in participants),
            lang=lang,
            speed=speed,
            started=now_iso(),
            playbook=playbook,
            platoon_limit=platoon_limit,
            record=record,
            participants_count=participants_count,
            drill_level=drill_level,
            drill_kind=drill_kind,
        )
        drill = Drill(scenario, header.seed, platoon_limit=platoon_limit)
        while True:
            try:
                writer = JournalWriter.create(journal_path(header.session), header)
                break
            except FileExistsError:
                if session_id is not None:
                    raise
                header = replace(header, session=new_session_id())
            except OSError as exc:
                raise RecordsError(
                    "err_cannot_record",
                    path=journals_dir(),
                    why=exc.strerror or type(exc).__name__,
                ) from None
        rec = cls(drill, writer, header, history=(history or History()) if record else None)
        rec._save_running()
        return rec

    def _save_running(self) -> None:
        if self.history is None:
            return
        try:
            self.history.save_session(session_record(self.header, self.journal_path))
        except (RecordsError, OSError) as exc:
            self.warnings.append(str(exc))

    # --- properties ----------------------------------------------------------------------

    @property
    def session_id(self) -> str:
        """The session's id."""
        return self.header.session

    @property
    def journal_path(self) -> Path:
        """The journal file."""
        return self._writer.path

    @property
    def inputs_taken(self) -> int:
        """How many inputs the journal holds."""
        return self._n - 1

    @property
    def closed(self) -> bool:
        """Whether no more inputs can be recorded."""
        return self._writer.closed

    # --- inputs ----------------------------------------------------------------------------

    def _input(self, op: str, args: dict[str, Any], call: Any) -> Any:
        if self._writer.closed:
            raise RecordsError("err_recorder_closed")
        _settle(self.drill)
        res = call()
        accepted = None if res is None else bool(res.accepted)
        reason = None
        if res is not None and not res.accepted and res.reason is not None:
            reason = {"zh": res.reason.render("zh"), "en": res.reason.render("en")}
        inp = Input(self._n, self.drill.now_s, op, args, accepted, now_iso(), reason)
        self._journal(inp.to_json())
        self._n += 1
        self._clock_s = max(self._clock_s, inp.t_s)
        return res

    def act(self, action: str, by: str, /, **params: Any) -> ActResult:
        """Take an action now (journaled, accepted or not)."""
        plain = _plain(params)
        res: ActResult = self._input(
            "act",
            {"action": action, "by": by, "params": plain},
            lambda: self.drill.act(action, by, **plain),
        )
        return res

    def fire_inject(self, inject_id: str) -> ActResult:
        """Deliver one of the scenario's injects now (journaled)."""
        res: ActResult = self._input(
            "fire_inject", {"inject": inject_id}, lambda: self.drill.fire_inject(inject_id)
        )
        return res

    def free_inject(self, text: str, to: str | None = None) -> ActResult:
        """Put a facilitator's message into the feed (journaled)."""
        res: ActResult = self._input(
            "free_inject", {"text": text, "to": to}, lambda: self.drill.free_inject(text, to)
        )
        return res

    def note(self, kind: str, /, **data: Any) -> None:
        """Record a facilitator control (pause, resume, speed, end) in the log (journaled)."""
        plain = _plain(data)
        self._input("note", {"kind": kind, "data": plain}, lambda: self.drill.note(kind, **plain))

    def apply_step(self, step: Step) -> ActResult:
        """Advance to a playbook step's time and take it (journaled)."""
        self.drill.advance(step.at_s)
        if step.inject is not None:
            return self.fire_inject(step.inject)
        if step.facilitator is not None:
            return self.free_inject(step.facilitator)
        assert step.action is not None and step.by is not None
        return self.act(step.action, step.by, **step.params)

    def advance(self, to_s: float) -> None:
        """Run the drill up to ``to_s`` (not an input: nothing is journaled)."""
        self.drill.advance(to_s)

    def checkpoint(self) -> None:
        """Journal how far the clock has run, so a resume starts there."""
        if self._writer.closed or self.drill.now_s <= self._clock_s:
            return
        self._clock_s = self.drill.now_s
        self._journal({"type": "clock", "t_s": self._clock_s, "wall": now_iso()})

    # --- ending ------------------------------------------------------------------------------

    def active_s(self) -> float:
        """Wall-clock seconds the drill has been running, interruptions left out."""
        now = datetime.now().astimezone()
        return self._prior_active_s + max(0.0, (now - self._segment_start).total_seconds())

    def finish(self) -> dict[str, Any]:
        """Run the drill to its end, write the end line, record the session; the result."""
        if self.result is not None:
            return self.result
        if self._writer.closed:
            raise RecordsError("err_recorder_closed")
        if self._ending is None:
            self.drill.run_to_end()
            result = drill_result(self.drill)
            ended = now_iso()
            duration_s = round(self.active_s(), 3)
            score = result["score"]
            self._ending = (result, ended, duration_s)
            self._journal(
                {
                    "type": "end",
                    "t_s": self.drill.now_s,
                    "wall": ended,
                    "inputs": self.inputs_taken,
                    "total": score["total"],
                    "grade": score["grade"],
                    "active_s": duration_s,
                    "log_sha256": log_sha256(result["events"]),
                }
            )
        else:
            self.flush()
        result, ended, duration_s = self._ending
        if self.pending:
            raise RecordsError(
                "err_journal_write",
                path=self.journal_path,
                why=self.write_problem_why(),
            )
        self._writer.close()
        self.result = result
        if self.history is not None:
            try:
                record_finished(
                    self.history,
                    self.header,
                    self.journal_path,
                    self.drill.scenario,
                    result,
                    ended=ended,
                    duration_s=duration_s,
                )
            except (RecordsError, OSError) as exc:
                self.warnings.append(str(exc))
        return result

    def close(self) -> None:
        """Stop recording without ending the drill (it stays resumable)."""
        with contextlib.suppress(RecordsError):
            self.checkpoint()
        self._writer.close()
        self.pending.clear()


# --- unfinished drills and resuming ---------------------------------------------------------------


@dataclass(frozen=True)
class JournalSummary:
    """An unfinished drill, as ``drillsim resume`` lists it."""

    path: Path
    header: Header
    inputs: int
    clock_s: float
    skipped: list[Skipped]
    in_use: bool
    """Another process is running it now."""

    @property
    def session(self) -> str:
        """The session id."""
        return self.header.session


def find_journal(session: str) -> Path:
    """A session's journal: a path, a session id, or a unique prefix of one."""
    p = Path(session)
    if p.suffix == ".jsonl" or os.sep in session:
        if p.is_file():
            return p
        if p.exists():
            key = "in_folder" if p.is_dir() else "in_not_regular"
            raise RecordsError("err_journal_unusable", why=ReadError(key, p))
        raise RecordsError("err_no_journal", path=p)
    exact = journal_path(session)
    if exact.is_file():
        return exact
    folder = journals_dir()
    found = (
        sorted(f for f in folder.glob(f"{session}*.jsonl") if f.is_file())
        if folder.is_dir()
        else []
    )
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise RecordsError(
            "err_ambiguous_session", id=session, matches=", ".join(f.stem for f in found[:6])
        )
    raise RecordsError("err_no_session", id=session)


def unfinished() -> list[JournalSummary]:
    """Drills whose journal has no end line, oldest first."""
    folder = journals_dir()
    out: list[JournalSummary] = []
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.jsonl")):
        try:
            read = read_journal(path)
        except RecordsError:
            continue
        if read.finished:
            continue
        out.append(
            JournalSummary(
                path, read.header, len(read.inputs), read.clock_s, read.skipped, in_use(path)
            )
        )
    return out


def record_missing(history: History | None = None) -> list[str]:
    """Record in the history every finished journal it does not hold as finished, so that a
    crash between the journal's end line and the history write heals at the next start;
    the sessions recorded. Journals that cannot be replayed (a changed scenario, damage)
    and a history that cannot be written are left as they are."""
    folder = journals_dir()
    if not folder.is_dir():
        return []
    history = history or History()
    try:
        done = history.finished_ids()
    except RecordsError:
        return []
    out: list[str] = []
    for path in sorted(folder.glob("*.jsonl")):
        if path.stem in done:
            continue
        try:
            read = read_journal(path)
            header = read.header
            if not read.finished or not header.record or header.session in done or in_use(path):
                continue
            rp = replay(path, read=read)
            end = read.end or {}
            record_finished(
                history,
                read.header,
                path,
                rp.drill.scenario,
                rp.result(),
                ended=str(end.get("wall") or read.last_wall),
                duration_s=end.get("active_s", read.active_s),
            )
        except (RecordsError, OSError, ValueError):
            continue
        out.append(read.header.session)
    return out


@dataclass
class Resumed:
    """A drill rebuilt from its journal, ready to go on."""

    drill: Drill
    recorder: Recorder
    header: Header
    inputs: list[Input]
    """The inputs replayed."""
    skipped: list[Skipped]
    """Journal lines that could not be used (damaged, truncated, or after those)."""
    damaged_copy: Path | None
    """Where the damaged journal was kept before it was repaired."""
    scenario_path: Path
    scenario_changed: bool = False


def resume_drill(
    session: str, *, force: bool = False, history: History | None = None, record: bool = True
) -> Resumed:
    """Continue an unfinished drill: replay its journal up to the last good input (and the
    last clock line), repair the file if it was damaged, and return a recorder that goes on
    appending to it. ``session`` is a session id (or a unique prefix) or a journal path."""
    path = find_journal(session)
    writer = JournalWriter.open_locked(path, Path(path).stem)
    try:
        read = read_journal(path)
        if read.finished:
            raise RecordsError("err_finished", session=read.header.session)
        rp = replay(path, force=force, read=read)
        damaged_copy = writer.replace_with(read.good_lines) if read.needs_repair else None
        writer.write(
            {
                "type": "resume",
                "wall": now_iso(),
                "t_s": rp.drill.now_s,
                "skipped": [s.to_json() for s in read.skipped],
                "repaired_from": damaged_copy.name if damaged_copy else None,
            }
        )
    except BaseException:
        writer.close()
        raise
    hist = (history or History()) if record else None
    recorder = Recorder(
        rp.drill,
        writer,
        read.header,
        history=hist,
        next_n=len(read.inputs) + 1,
        prior_active_s=read.active_s,
        clock_s=read.clock_s,
    )
    if hist is not None:
        try:
            if not hist.has_session(read.header.session):
                recorder._save_running()
        except (RecordsError, OSError) as exc:
            recorder.warnings.append(str(exc))
    return Resumed(
        drill=rp.drill,
        recorder=recorder,
        header=read.header,
        inputs=list(read.inputs),
        skipped=list(read.skipped),
        damaged_copy=damaged_copy,
        scenario_path=rp.scenario_path,
        scenario_changed=rp.scenario_changed,
    )


def remaining_steps(steps: Sequence[Step], inputs: Sequence[Input]) -> list[Step]:
    """The playbook steps still to take after these journaled inputs.

    When the journal's inputs (notes aside) are the playbook's first steps, the rest follow;
    otherwise the steps after the last input's sim time.
    """
    taken = [i for i in inputs if i.op != "note"]
    ordered = sorted(steps, key=lambda s: s.at_s)
    if len(taken) <= len(ordered) and all(
        i.matches(s) for i, s in zip(taken, ordered, strict=False)
    ):
        return list(ordered[len(taken) :])
    last = taken[-1].t_s if taken else -1.0
    return [s for s in ordered if s.at_s > last]
