"""The journal's lines: the format's limits, the canonical JSON of a line with its CRC-32,
the header and the input lines, and the hashes that tie a journal to its scenario and log.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sim.bounded import ReadError, read_regular
from sim.drill import ENGINE_VERSION, PLATOON_LIMIT, SEED_MAX, Drill
from sim.playbook import Step
from sim.records.errors import RecordsError
from sim.records.history import Participant
from sim.state import ActResult
from sim.text import Text, localize
from sim.yamlsafe import MAX_BYTES

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


def line_crc(text: str) -> str:
    return f"{zlib.crc32(text.encode('utf-8')):08x}"


def encode_line(obj: dict[str, Any]) -> bytes:
    """A journal line: the object with its CRC-32, and a newline."""
    body = {k: v for k, v in obj.items() if k != "crc"}
    return (canonical({**body, "crc": line_crc(canonical(body))}) + "\n").encode("utf-8")


def plain_json(value: Any) -> Any:
    """A parameter value as JSON data (tuples become lists, numpy numbers Python ones)."""
    if isinstance(value, dict):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(v) for v in value]
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


def both_langs(text: Text | None) -> dict[str, str]:
    return {"zh": localize(text, "zh"), "en": localize(text, "en")}


DRILL_MODES = ("coaching", "assessment")
"""How a drill is run: coaching may hint at the answers, assessment never does."""


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
    mode: str = "coaching"
    """coaching (hints allowed) or assessment (none); journals older than the field coached."""

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
            "mode": self.mode,
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
        mode = d.get("mode", "coaching")
        if mode not in DRILL_MODES:
            raise ValueError(mode)
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
            mode=str(mode),
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
            and canonical(self.args.get("params") or {}) == canonical(plain_json(step.params))
        )
