"""The training room's wire protocol: newline-delimited JSON over a TCP stream.

One message is one JSON object on one line (UTF-8, at most :data:`MAX_MESSAGE_BYTES` bytes
with its newline), with a ``kind`` and the fields of that kind. docs/room.md describes the
exchange; in short:

- seat → host: ``hello`` {v, code, role | display, lang}, then ``act`` {seq, action, params,
  by?} as often as the seat acts, and ``bye`` when it leaves;
- host → seat: ``welcome`` {seat, view, scenario}, then ``ack`` {seq, ends_s} or ``refused``
  {seq, reason} for each ``act``, ``update`` {view, feed_append, scenario?} whenever what the
  seat sees changes (with ``feed_append`` the view's feed holds only the entries after those
  already sent; ``scenario`` comes when the seat's scenario changed, as an inject reached it),
  ``refused`` {seq: 0, reason} or ``error`` {reason} just before the host closes a
  connection it will not serve, and ``bye`` when the host stops.

:func:`decode` is strict: a line that is not one JSON object, carries an unknown kind, misses
a field, has a field of the wrong type or an unknown field, or is longer than the limit raises
:class:`ProtocolError`. The host answers a :class:`ProtocolError` by closing that one
connection; nothing a seat sends can stop the host.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from typing import Any, Final

PROTOCOL_VERSION: Final = 1
"""Bumped whenever a message changes shape; a ``hello`` with another version is refused."""

MAX_MESSAGE_BYTES: Final = 64 * 1024
"""Longest line a seat may send (the host's ``welcome`` and ``update`` may be longer: a
seat reads them with :data:`MAX_HOST_MESSAGE_BYTES`)."""

MAX_HOST_MESSAGE_BYTES: Final = 16 * 1024 * 1024
"""Longest line a seat accepts from the host (a view with a long feed and a large map)."""

MAX_SEATS: Final = 64
"""Most connections a host serves at once; one more is closed at once."""

HELLO_TIMEOUT_S: Final = 10.0
"""Real seconds a new connection has to send its ``hello`` before the host closes it."""

CODE_ALPHABET: Final = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Join-code letters: upper-case letters and digits without the ambiguous 0/O, 1/I/L."""

CODE_LENGTH: Final = 6

KINDS_FROM_SEAT: Final = frozenset({"hello", "act", "bye"})
KINDS_FROM_HOST: Final = frozenset({"welcome", "ack", "refused", "update", "error", "bye"})

_FIELDS: Final[dict[str, tuple[dict[str, tuple[type, ...]], dict[str, tuple[type, ...]]]]] = {
    # kind: (required fields and their types, optional fields and their types)
    "hello": (
        {"v": (int,), "code": (str,)},
        {"role": (str,), "display": (bool,), "lang": (str,)},
    ),
    "act": (
        {"seq": (int,), "action": (str,), "params": (dict,)},
        {"by": (str,)},
    ),
    "bye": ({}, {"reason": (str,)}),
    "welcome": ({"seat": (str,), "view": (dict,), "scenario": (dict,)}, {}),
    "ack": ({"seq": (int,)}, {"ends_s": (int, float, type(None))}),
    "refused": ({"seq": (int,), "reason": (dict,)}, {}),
    "update": ({"view": (dict,)}, {"feed_append": (bool,), "scenario": (dict,)}),
    "error": ({"reason": (str,)}, {}),
}

MAX_ID_CHARS: Final = 200
"""Longest role, action or code string a seat may send."""


class ProtocolError(ValueError):
    """A message that breaks the protocol; the receiver closes that one connection."""


def new_code() -> str:
    """A fresh join code: :data:`CODE_LENGTH` letters drawn with :mod:`secrets`."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """A join code as typed (any case, spaces or dashes between groups) in its canonical
    form, which is how the host compares it."""
    return "".join(ch for ch in code.upper() if not ch.isspace() and ch != "-")


def encode(kind: str, /, **fields: Any) -> bytes:
    """One message as its line (with the newline). The fields are checked as :func:`decode`
    checks them, so that the host never sends what a seat would refuse."""
    msg = {"kind": kind, **fields}
    _check(msg, KINDS_FROM_SEAT | KINDS_FROM_HOST)
    return (
        json.dumps(msg, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode() + b"\n"
    )


def decode(
    line: bytes,
    *,
    kinds: frozenset[str] = KINDS_FROM_SEAT,
    limit: int = MAX_MESSAGE_BYTES,
) -> dict[str, Any]:
    """The message on one line, checked: its kind is one of ``kinds``, its fields are those
    of the kind with their types; :class:`ProtocolError` otherwise."""
    if len(line) > limit:
        raise ProtocolError(f"message longer than {limit} bytes")
    if not line.endswith(b"\n"):
        raise ProtocolError("message without its newline")
    try:
        msg = json.loads(line.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ProtocolError(f"not JSON: {exc}") from None
    if not isinstance(msg, dict):
        raise ProtocolError("message is not a JSON object")
    _check(msg, kinds)
    return msg


def _no_constant(name: str) -> Any:
    raise ProtocolError(f"{name} is not JSON")


def _check(msg: Mapping[str, Any], kinds: frozenset[str]) -> None:
    kind = msg.get("kind")
    if not isinstance(kind, str) or kind not in kinds:
        raise ProtocolError(f"unknown message kind {kind!r}")
    required, optional = _FIELDS[kind]
    for name, types in required.items():
        if name not in msg:
            raise ProtocolError(f"{kind}: missing field {name!r}")
        _check_type(kind, name, msg[name], types)
    for name, value in msg.items():
        if name == "kind" or name in required:
            continue
        if name not in optional:
            raise ProtocolError(f"{kind}: unknown field {name!r}")
        _check_type(kind, name, value, optional[name])
    if kind in ("hello", "act"):
        for name in ("code", "role", "action", "by", "lang"):
            value = msg.get(name)
            if isinstance(value, str) and len(value) > MAX_ID_CHARS:
                raise ProtocolError(f"{kind}: field {name!r} too long")
    if kind == "hello" and ("role" in msg) == bool(msg.get("display", False)):
        raise ProtocolError("hello: give either a role or display=true")


def _check_type(kind: str, name: str, value: Any, types: tuple[type, ...]) -> None:
    # bool is an int in Python; a flag where a number is due (or the reverse) is an error.
    if type(value) is bool and bool not in types:
        raise ProtocolError(f"{kind}: field {name!r} has the wrong type")
    if not isinstance(value, types):
        raise ProtocolError(f"{kind}: field {name!r} has the wrong type")
