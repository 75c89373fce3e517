"""``drillsim push``: send a training-room laptop's finished drills to the city server.

Offline first: the local history is the queue. A drill is sent when the server does not yet
hold it as it stands now (the ``pushes`` table keeps, per server, the digest of what reached
it; a drill whose notes or improvement plan changed since is sent again). Each drill is one
request; it is noted as sent only after the server said it stored it, so a push that is
killed or loses the network part way sends that drill again next time, and the server, which
keys drills by their global id, answers "unchanged". Nothing is lost and nothing is
duplicated.

HTTPS is used for an ``https://`` address; ``cacert`` names the certificate (or the
authority that signed it) to trust, for a city server with its own certificate.
Plain ``http://`` is for a server on the same machine or a test.

The standard library's HTTP client is used, so a laptop needs nothing beyond drillsim.
"""

from __future__ import annotations

import json
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.city.payload import MAX_BODY_BYTES, build, canonical, digest_of
from sim.records.history import History

TIMEOUT_S = 60.0
"""How long one request may take before the server counts as unreachable."""


class PushError(Exception):
    """Pushing cannot go on: ``key`` is ``bad_url``, ``bad_cacert``, ``bad_token``,
    ``unreachable`` or ``server_error``; ``detail`` says more."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}")
        self.key = key
        self.detail = detail


@dataclass
class Refused:
    """A drill the server would not take."""

    session: str
    error: str
    detail: str


@dataclass
class PushReport:
    """What a push did."""

    server: str
    sent: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    queued: list[str] = field(default_factory=list)
    """Drills still to send when pushing stopped (the server could not be reached)."""
    stopped: PushError | None = None

    def to_json(self) -> dict[str, Any]:
        """As a JSON object."""
        return {
            "server": self.server,
            "sent": self.sent,
            "unchanged": self.unchanged,
            "refused": [r.__dict__ for r in self.refused],
            "queued": self.queued,
            "stopped": None
            if self.stopped is None
            else {"error": self.stopped.key, "detail": self.stopped.detail},
        }


def server_key(url: str) -> str:
    """The server as the queue names it: scheme, host, port and path, without a trailing
    slash; PushError ``bad_url`` when the address is not http(s)."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PushError("bad_url", url)
    try:
        port = parts.port
    except ValueError:
        raise PushError("bad_url", url) from None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = host if port is None else f"{host}:{port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


def _context(server: str, cacert: Path | None) -> ssl.SSLContext | None:
    if not server.startswith("https:"):
        return None
    try:
        return ssl.create_default_context(cafile=str(cacert) if cacert else None)
    except (OSError, ssl.SSLError) as exc:
        raise PushError("bad_cacert", f"{cacert}: {exc}") from None


def _request(
    method: str,
    url: str,
    token: str,
    body: bytes | None,
    context: ssl.SSLContext | None,
    timeout_s: float,
) -> tuple[int, dict[str, Any]]:
    """(status, JSON answer); PushError ``unreachable`` when there is no HTTP answer."""
    req = urllib.request.Request(url, data=body, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    req.add_header("Accept", "application/json")
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout_s, context=context) as resp:
            status, raw = int(resp.status), resp.read(1024 * 1024)
    except urllib.error.HTTPError as exc:
        status, raw = int(exc.code), exc.read(1024 * 1024)
    except (urllib.error.URLError, OSError, ssl.SSLError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PushError("unreachable", str(reason)) from None
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        answer = {}
    return status, answer if isinstance(answer, dict) else {}


def push(
    history: History,
    url: str,
    token: str,
    *,
    cacert: Path | None = None,
    timeout_s: float = TIMEOUT_S,
    pace_s: float = 0.0,
    progress: Callable[[str, str], None] | None = None,
) -> PushReport:
    """Send every finished drill the server does not hold as it stands; the report.

    ``pace_s`` waits that long after each answer before the drill is noted as sent (tests
    stop the process in that window). ``progress(session, outcome)`` is told of each drill.
    """
    server = server_key(url)
    report = PushReport(server)
    context = _context(server, cacert)
    pushed = history.pushed(server)
    drills = history.sessions(status="finished", oldest_first=True)
    for i, rec in enumerate(drills):
        body = canonical(build(history, rec))
        digest = digest_of(body)
        if pushed.get(rec.id) == digest:
            continue
        if len(body) > MAX_BODY_BYTES:
            report.refused.append(Refused(rec.id, "too_large", f"{len(body)} bytes"))
            continue
        target = f"{server}/api/v1/drills/{urllib.parse.quote(rec.id, safe='')}"
        try:
            status, answer = _request("PUT", target, token, body, context, timeout_s)
        except PushError as exc:
            report.stopped = exc
            report.queued = [r.id for r in drills[i:] if pushed.get(r.id) != _digest(history, r)]
            break
        if status in (200, 201):
            if pace_s:
                time.sleep(pace_s)
            history.mark_pushed(server, rec.id, digest)
            stored = str(answer.get("stored", ""))
            (report.unchanged if stored == "unchanged" else report.sent).append(rec.id)
            if progress:
                progress(rec.id, stored or "new")
            continue
        error = str(answer.get("error", "")) or f"http_{status}"
        if status == 401:
            report.stopped = PushError("bad_token", error)
            report.queued = [r.id for r in drills[i:] if pushed.get(r.id) != _digest(history, r)]
            break
        if status >= 500 or status in (404, 405, 408, 429):
            report.stopped = PushError("server_error", f"HTTP {status} {error}")
            report.queued = [r.id for r in drills[i:] if pushed.get(r.id) != _digest(history, r)]
            break
        report.refused.append(Refused(rec.id, error, str(answer.get("detail", ""))))
        if progress:
            progress(rec.id, error)
    return report


def _digest(history: History, rec: Any) -> str:
    return digest_of(canonical(build(history, rec)))


def pending(history: History, url: str) -> list[str]:
    """The finished drills the server does not hold as they stand now (nothing is sent)."""
    server = server_key(url)
    pushed = history.pushed(server)
    return [
        rec.id
        for rec in history.sessions(status="finished", oldest_first=True)
        if pushed.get(rec.id) != _digest(history, rec)
    ]


def whoami(url: str, token: str, *, cacert: Path | None = None) -> str:
    """The unit the server says the token belongs to; PushError otherwise."""
    server = server_key(url)
    status, answer = _request(
        "GET", f"{server}/api/v1/whoami", token, None, _context(server, cacert), TIMEOUT_S
    )
    if status == 401:
        raise PushError("bad_token", str(answer.get("error", "")))
    if status != 200 or not isinstance(answer.get("unit"), str):
        raise PushError("server_error", f"HTTP {status}")
    return str(answer["unit"])
