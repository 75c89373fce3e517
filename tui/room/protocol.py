"""The training room's wire protocol: newline-delimited JSON over a TCP stream.

One message is one JSON object on one line (UTF-8, at most :data:`MAX_MESSAGE_BYTES` bytes
with its newline), with a ``kind`` and the fields of that kind. docs/room.md describes the
exchange; in short:

- seat → host: ``hello`` {v, code, role | display, lang, gateway?}, then ``act`` {seq, action, params,
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

A seat that a gateway runs (:mod:`tui.room.ssh`, :mod:`tui.room.web`) joins over loopback
like any other, so the host would see it as a TCP seat from 127.0.0.1. Its ``hello`` carries
a ``gateway`` claim {secret, via, peer}: how the participant came (``ssh`` or ``web``) and
their own address, with the host's per-run gateway secret (:attr:`RoomHost.gateway_secret`)
as the proof. The gateway hands the claim to its seat process in the environment
(:func:`gateway_environment`, never on a command line, which ``ps`` shows), and ``drillsim
join`` reads it back (:func:`gateway_claim_from_environment`).
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
        {"role": (str,), "display": (bool,), "lang": (str,), "gateway": (dict,)},
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

GATEWAY_VIAS: Final = frozenset({"ssh", "web"})
"""How a gateway's participant may have come: the SSH or the web gateway."""

MAX_GATEWAY_SECRET_CHARS: Final = 128
"""Longest gateway secret a ``hello`` may carry (the host's own is 43 characters)."""

MAX_PEER_CHARS: Final = 64
"""Longest participant address a gateway claim may carry (``[IPv6%zone]:port`` fits)."""

GATEWAY_SECRET_ENV: Final = "DRILLSIM_GATEWAY_SECRET"
GATEWAY_VIA_ENV: Final = "DRILLSIM_GATEWAY_VIA"
GATEWAY_PEER_ENV: Final = "DRILLSIM_GATEWAY_PEER"
GATEWAY_ENV: Final = (GATEWAY_SECRET_ENV, GATEWAY_VIA_ENV, GATEWAY_PEER_ENV)
"""The environment variables through which a gateway tells its seat process the claim."""


class ProtocolError(ValueError):
    """A message that breaks the protocol; the receiver closes that one connection."""


def new_code() -> str:
    """A fresh join code: :data:`CODE_LENGTH` letters drawn with :mod:`secrets`."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """A join code as typed (any case, spaces or dashes between groups) in its canonical
    form, which is how the host compares it."""
    return "".join(ch for ch in code.upper() if not ch.isspace() and ch != "-")


def new_gateway_secret() -> str:
    """A fresh gateway secret: 32 random bytes from :mod:`secrets`, URL-safe base64."""
    return secrets.token_urlsafe(32)


def format_peer(peername: object) -> str:
    """A socket's peer address (``getpeername()``) as ``HOST:PORT``, with brackets around an
    IPv6 host; '' when there is none, ``str()`` of anything else (a Unix socket's path)."""
    if isinstance(peername, tuple) and len(peername) >= 2:
        host, port = str(peername[0]), peername[1]
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return str(peername or "")


def peer_host(peer: str) -> str:
    """The host part of a ``HOST:PORT`` peer (as :func:`format_peer` writes it), which is
    what tells one participant's machine from another."""
    if peer.startswith("["):
        return peer[1 : peer.find("]")] if "]" in peer else peer
    host, sep, port = peer.rpartition(":")
    return host if sep and port.isdigit() else peer


def gateway_environment(secret: str, via: str, peer: str) -> dict[str, str]:
    """The environment variables that tell a gateway's seat process its claim (see the
    module's docstring); ValueError for a claim the host would refuse."""
    claim = {"secret": secret, "via": via, "peer": peer}
    _check_gateway(claim)
    return dict(zip(GATEWAY_ENV, (secret, via, peer), strict=True))


def gateway_claim_from_environment(environ: Mapping[str, str]) -> dict[str, str] | None:
    """The gateway claim a seat's environment holds (all three variables set), or None."""
    values = [environ.get(name) for name in GATEWAY_ENV]
    if any(v is None for v in values):
        return None
    secret, via, peer = (str(v) for v in values)
    return {"secret": secret, "via": via, "peer": peer}


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
    if kind == "hello" and "gateway" in msg:
        _check_gateway(msg["gateway"])


def _check_gateway(claim: Mapping[str, Any]) -> None:
    """A ``hello``'s gateway claim: exactly {secret, via, peer}, strings of bounded length,
    ``via`` one of :data:`GATEWAY_VIAS`, ``peer`` printable ASCII."""
    if set(claim) != {"secret", "via", "peer"}:
        raise ProtocolError("hello: gateway must hold exactly secret, via and peer")
    if not all(isinstance(v, str) for v in claim.values()):
        raise ProtocolError("hello: gateway fields must be strings")
    if not 0 < len(claim["secret"]) <= MAX_GATEWAY_SECRET_CHARS:
        raise ProtocolError("hello: gateway secret empty or too long")
    if claim["via"] not in GATEWAY_VIAS:
        raise ProtocolError(f"hello: unknown gateway {str(claim['via'])[:20]!r}")
    peer = claim["peer"]
    if len(peer) > MAX_PEER_CHARS or not (peer.isascii() and peer.isprintable()):
        raise ProtocolError("hello: gateway peer too long or not printable ASCII")


def _check_type(kind: str, name: str, value: Any, types: tuple[type, ...]) -> None:
    # bool is an int in Python; a flag where a number is due (or the reverse) is an error.
    if type(value) is bool and bool not in types:
        raise ProtocolError(f"{kind}: field {name!r} has the wrong type")
    if not isinstance(value, types):
        raise ProtocolError(f"{kind}: field {name!r} has the wrong type")
