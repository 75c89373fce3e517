"""One drill as ``drillsim push`` sends it to the city server, and the server's check of it.

The body of ``PUT /api/v1/drills/<id>`` is one JSON object (UTF-8, at most
:data:`MAX_BODY_BYTES`)::

    {"format": "drillsim-drill", "version": 1,
     "session": {"id", "unit", "team", "scenario_id", "scenario_title": {"zh", "en"},
                 "scenario_category", "scenario_sha256", "started", "ended", "duration_s",
                 "sim_s", "seed", "lang", "speed", "engine", "status": "finished", "total",
                 "grade", "participants_count", "drill_level", "drill_kind"},
     "participants": [{"name", "role"}],
     "expectations": [{"expectation", "category", "title": {"zh", "en"}, "status", "credit",
                       "rating", "harmful", "start_s", "done_at_s", "target_s", "limit_s"}],
     "result": {...the result object...},
     "notes": [{"author", "text", "created", "updated"}],
     "improvements": [{"capability", "issue", "action", "responsible", "start_date",
                       "due_date", "status", "expectation", "created", "updated"}],
     "journal": {"sha256", "text"} or null}

Drill ids are global (``YYYYMMDD-HHMMSS-<ms><random>``, :func:`sim.records.paths.new_session_id`),
so the id is the key: sending a drill again replaces it with what was sent, and sending the
same thing twice changes nothing. The digest (SHA-256 of the canonical JSON: sorted keys, no
spaces) tells the laptop whether the server already holds the drill as it stands, and the
server whether a drill sent again is unchanged.

:func:`parse` is strict: anything that is not exactly this shape, with bounded sizes, is
refused with the reason (and the server stores nothing).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sim.bounded import ReadError, loads_json, read_regular
from sim.records.history import (
    RESULT_DEPTH,
    ExpectationRow,
    History,
    Improvement,
    Note,
    Participant,
    SessionRecord,
)
from sim.records.paths import journal_path

FORMAT = "drillsim-drill"
VERSION = 1

MAX_BODY_BYTES = 16 * 1024 * 1024
"""Largest upload the server takes (a two-hour drill's journal is about 2 MB)."""

MAX_TEXT = 20_000
"""Longest text field (a note, an improvement's action)."""

MAX_ITEMS = 2_000
"""Most participants, expectations, notes or improvement items in one drill."""

PAYLOAD_DEPTH = RESULT_DEPTH + 2
"""Deepest nesting of the body (the result sits two levels down)."""

SESSION_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,63}")
"""What a drill id may look like (it is also a path segment of the URL)."""

SHA256 = re.compile(r"[0-9a-f]{64}")


class Malformed(ValueError):
    """The body is not a drill as :func:`parse` expects; ``str(exc)`` says where."""


@dataclass
class Drill:
    """One drill as received."""

    record: SessionRecord
    result: dict[str, Any] | None
    notes: list[dict[str, str]]
    improvements: list[dict[str, Any]]
    journal: str | None
    journal_sha256: str | None
    digest: str


def canonical(payload: dict[str, Any]) -> bytes:
    """The payload as the bytes that are sent and digested."""
    return json.dumps(
        payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def digest_of(body: bytes) -> str:
    """The SHA-256 of a canonical body."""
    return hashlib.sha256(body).hexdigest()


# --- building (the laptop) ---------------------------------------------------------------------


def build(history: History, rec: SessionRecord) -> dict[str, Any]:
    """The payload of a finished drill of the local history (with its journal file, when it
    is still there)."""
    full = history.session(rec.id)
    return {
        "format": FORMAT,
        "version": VERSION,
        "session": _session_json(full),
        "participants": [{"name": p.name, "role": p.role} for p in full.participants],
        "expectations": [_expectation_json(x) for x in full.expectations],
        "result": history.result(rec.id),
        "notes": [_note_json(n) for n in history.notes(rec.id)],
        "improvements": [_improvement_json(i) for i in history.improvements(rec.id)],
        "journal": _journal(full),
    }


def _session_json(rec: SessionRecord) -> dict[str, Any]:
    return {
        "id": rec.id,
        "unit": rec.unit,
        "team": rec.team,
        "scenario_id": rec.scenario_id,
        "scenario_title": {
            "zh": rec.scenario_title.get("zh", ""),
            "en": rec.scenario_title.get("en", ""),
        },
        "scenario_category": rec.scenario_category,
        "scenario_sha256": rec.scenario_sha256,
        "started": rec.started,
        "ended": rec.ended,
        "duration_s": rec.duration_s,
        "sim_s": rec.sim_s,
        "seed": rec.seed,
        "lang": rec.lang,
        "speed": rec.speed,
        "engine": rec.engine,
        "status": rec.status,
        "total": rec.total,
        "grade": rec.grade,
        "participants_count": rec.participants_count,
        "drill_level": rec.drill_level,
        "drill_kind": rec.drill_kind,
    }


def _expectation_json(x: ExpectationRow) -> dict[str, Any]:
    return {
        "expectation": x.expectation,
        "category": x.category,
        "title": {"zh": x.title.get("zh", ""), "en": x.title.get("en", "")},
        "status": x.status,
        "credit": x.credit,
        "rating": x.rating,
        "harmful": x.harmful,
        "start_s": x.start_s,
        "done_at_s": x.done_at_s,
        "target_s": x.target_s,
        "limit_s": x.limit_s,
    }


def _note_json(n: Note) -> dict[str, str]:
    return {"author": n.author, "text": n.text, "created": n.created, "updated": n.updated}


def _improvement_json(i: Improvement) -> dict[str, Any]:
    return {
        "capability": i.capability,
        "issue": i.issue,
        "action": i.action,
        "responsible": i.responsible,
        "start_date": i.start_date,
        "due_date": i.due_date,
        "status": i.status,
        "expectation": i.expectation,
        "created": i.created,
        "updated": i.updated,
    }


def _journal(rec: SessionRecord) -> dict[str, str] | None:
    """The drill's journal as text with its SHA-256, or None when the file is gone or is not
    a readable journal of this size."""
    candidates = [Path(rec.journal)] if rec.journal else []
    candidates.append(journal_path(rec.id))
    for path in candidates:
        try:
            data = read_regular(path, MAX_BODY_BYTES // 2)
            text = data.decode("utf-8")
        except (ReadError, UnicodeDecodeError, OSError):
            continue
        return {"sha256": hashlib.sha256(data).hexdigest(), "text": text}
    return None


# --- checking (the server) ---------------------------------------------------------------------


def parse(body: bytes, session_id: str) -> Drill:
    """The drill in an uploaded body for ``session_id``; Malformed when it is anything else."""
    if not SESSION_ID.fullmatch(session_id):
        raise Malformed("the drill id in the address is not a drillsim session id")
    try:
        data = loads_json(body, "body", PAYLOAD_DEPTH)
    except ReadError as exc:
        raise Malformed(exc.render("en")) from None
    obj = _obj(data, "body", {"format", "version", "session", "participants", "expectations",
                              "result", "notes", "improvements", "journal"})  # fmt: skip
    if _has_nul(obj):
        raise Malformed("body: text holds a NUL character, which no database column takes")
    if obj["format"] != FORMAT or obj["version"] != VERSION:
        raise Malformed(f"format must be {FORMAT!r} version {VERSION}")
    s = _obj(obj["session"], "session", set(_SESSION_FIELDS))
    if s["id"] != session_id:
        raise Malformed("session.id differs from the drill id in the address")
    if s["status"] != "finished":
        raise Malformed("only finished drills are taken")
    values: dict[str, Any] = {}
    for name, kind in _SESSION_FIELDS.items():
        values[name] = _field(s[name], f"session.{name}", kind)
    for name in ("started", "ended"):
        if values[name] is not None:
            _date(values[name], f"session.{name}")
    title = _obj(s["scenario_title"], "session.scenario_title", {"zh", "en"})
    record = SessionRecord(
        id=session_id,
        scenario_id=values["scenario_id"],
        seed=values["seed"],
        started=values["started"],
        unit=values["unit"],
        team=values["team"],
        scenario_title={k: _field(title[k], f"scenario_title.{k}", "str") for k in ("zh", "en")},
        scenario_category=values["scenario_category"],
        scenario_sha256=values["scenario_sha256"],
        ended=values["ended"],
        duration_s=values["duration_s"],
        sim_s=values["sim_s"],
        lang=values["lang"],
        speed=values["speed"],
        engine=values["engine"],
        status="finished",
        total=values["total"],
        grade=values["grade"],
        participants_count=values["participants_count"],
        drill_level=values["drill_level"],
        drill_kind=values["drill_kind"],
    )
    for i, p in enumerate(_list(obj["participants"], "participants")):
        p = _obj(p, f"participants[{i}]", {"name", "role"})
        record.participants.append(
            Participant(
                _field(p["name"], f"participants[{i}].name", "str"),
                _field(p["role"], f"participants[{i}].role", "str"),
            )
        )
    seen: set[str] = set()
    for i, x in enumerate(_list(obj["expectations"], "expectations")):
        where = f"expectations[{i}]"
        x = _obj(x, where, set(_EXPECTATION_FIELDS) | {"title"})
        v = {k: _field(x[k], f"{where}.{k}", kind) for k, kind in _EXPECTATION_FIELDS.items()}
        if v["expectation"] in seen:
            raise Malformed(f"{where}.expectation is repeated")
        seen.add(v["expectation"])
        t = _obj(x["title"], f"{where}.title", {"zh", "en"})
        record.expectations.append(
            ExpectationRow(
                title={k: _field(t[k], f"{where}.title.{k}", "str") for k in ("zh", "en")},
                **v,
            )
        )
    result = obj["result"]
    if result is not None and not isinstance(result, dict):
        raise Malformed("result must be an object or null")
    notes = []
    for i, n in enumerate(_list(obj["notes"], "notes")):
        n = _obj(n, f"notes[{i}]", {"author", "text", "created", "updated"})
        notes.append({k: _field(n[k], f"notes[{i}].{k}", "str") for k in n})
    improvements = []
    for i, item in enumerate(_list(obj["improvements"], "improvements")):
        where = f"improvements[{i}]"
        item = _obj(item, where, set(_IMPROVEMENT_FIELDS))
        v = {k: _field(item[k], f"{where}.{k}", kind) for k, kind in _IMPROVEMENT_FIELDS.items()}
        if v["status"] not in ("open", "in_progress", "done"):
            raise Malformed(f"{where}.status is not open, in_progress or done")
        for name in ("start_date", "due_date"):
            if v[name]:
                _date(v[name], f"{where}.{name}")
        improvements.append(v)
    journal_text: str | None = None
    journal_sha: str | None = None
    if obj["journal"] is not None:
        j = _obj(obj["journal"], "journal", {"sha256", "text"})
        journal_text = _field(j["text"], "journal.text", "text")
        journal_sha = _field(j["sha256"], "journal.sha256", "str")
        if not SHA256.fullmatch(journal_sha or ""):
            raise Malformed("journal.sha256 is not a SHA-256")
        if hashlib.sha256(journal_text.encode("utf-8")).hexdigest() != journal_sha:
            raise Malformed("journal.sha256 does not match the journal")
        _journal_header(journal_text, session_id)
    try:
        digest = digest_of(canonical(obj))
    except ValueError:
        raise Malformed("body: NaN or Infinity is not a number JSON allows") from None
    return Drill(
        record=record,
        result=result,
        notes=notes,
        improvements=improvements,
        journal=journal_text,
        journal_sha256=journal_sha,
        digest=digest,
    )


_SESSION_FIELDS: dict[str, str] = {
    "id": "str", "unit": "str", "team": "str", "scenario_id": "str", "scenario_title": "any",
    "scenario_category": "str", "scenario_sha256": "str", "started": "str", "ended": "str?",
    "duration_s": "num?", "sim_s": "num?", "seed": "int", "lang": "str", "speed": "num?",
    "engine": "str", "status": "str", "total": "num?", "grade": "str?",
    "participants_count": "int?", "drill_level": "str", "drill_kind": "str",
}  # fmt: skip
_EXPECTATION_FIELDS: dict[str, str] = {
    "expectation": "str", "category": "str", "status": "str", "credit": "num",
    "rating": "str", "harmful": "bool", "start_s": "num?", "done_at_s": "num?",
    "target_s": "num?", "limit_s": "num?",
}  # fmt: skip
_IMPROVEMENT_FIELDS: dict[str, str] = {
    "capability": "str", "issue": "str", "action": "str", "responsible": "str",
    "start_date": "str", "due_date": "str", "status": "str", "expectation": "str?",
    "created": "str", "updated": "str",
}  # fmt: skip


def _has_nul(value: Any) -> bool:
    """Whether a NUL character is in any text of a parsed JSON value (keys included)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _obj(value: Any, where: str, keys: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Malformed(f"{where} must be an object")
    if set(value) != keys:
        missing = sorted(keys - set(value))
        extra = sorted(set(value) - keys)
        raise Malformed(f"{where}: missing {missing}, unknown {extra}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise Malformed(f"{where} must be a list")
    if len(value) > MAX_ITEMS:
        raise Malformed(f"{where} has more than {MAX_ITEMS} items")
    return value


def _field(value: Any, where: str, kind: str) -> Any:
    """A scalar of the kind given (``?``: or null)."""
    if kind == "any":
        return value
    if kind.endswith("?"):
        if value is None:
            return None
        kind = kind[:-1]
    if kind in ("str", "text"):
        if not isinstance(value, str):
            raise Malformed(f"{where} must be text")
        if kind == "str" and len(value) > MAX_TEXT:
            raise Malformed(f"{where} is longer than {MAX_TEXT} characters")
        if "\x00" in value:
            raise Malformed(f"{where} holds a NUL character")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise Malformed(f"{where} must be true or false")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2**63:
            raise Malformed(f"{where} must be an integer")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Malformed(f"{where} must be a number")
    if not math.isfinite(float(value)):
        raise Malformed(f"{where} must be finite")
    return float(value)


def _date(value: str, where: str) -> None:
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        raise Malformed(f"{where} does not start with a date (YYYY-MM-DD)") from None


def _journal_header(text: str, session_id: str) -> None:
    """The journal's first line must be the header of this drill."""
    first = text.split("\n", 1)[0]
    try:
        header = json.loads(first)
    except ValueError:
        raise Malformed("journal: the first line is not JSON") from None
    if not isinstance(header, dict) or header.get("session") != session_id:
        raise Malformed("journal: the first line is not the header of this drill")
