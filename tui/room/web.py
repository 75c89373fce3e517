"""The web gateway: a seat in a browser, for a participant who cannot install anything.

A browser opens ``http://HOST:PORT/`` (``/?role=ROLE`` fills the role in): a small page asks
for the role and the join code and posts them (the code travels in the request body, never in
a URL that a proxy or a server log would keep). A right code gets a random seat ticket in a
cookie (HttpOnly, SameSite=Strict) and goes on to ``/seat``, where textual-serve's terminal
(xterm.js) connects its websocket to ``/ws``; the gateway then runs ``drillsim join … --role
ROLE`` (:func:`tui.room.ssh.seat_command`, in the join page's language) under Textual's web
driver and relays its screen, as textual-serve's own server does. The role ``display`` opens
the projector view.

It is textual-serve's :class:`~textual_serve.app_service.AppService` (the seat process and its
packet stream) behind our own aiohttp application, started with an
:class:`aiohttp.web.AppRunner` inside the event loop that is already running (the host's
Textual app), not with textual-serve's ``Server.serve`` (which runs a loop of its own). The
seat process is started without a shell, and only the packets a seat needs are passed to the
browser (no URL opening, no file delivery).

Limits (docs/room.md, "SSH and web gateways"): the gateway listens on 127.0.0.1 unless told
otherwise; at most :data:`MAX_SESSIONS` seats at once; :data:`MAX_FAILURES_PER_MINUTE` wrong
codes a minute from one address; a websocket only with a live ticket, from a page of the same
origin; a browser message at most :data:`MAX_WS_MESSAGE_BYTES`.

Given the host's gateway secret, each seat tells the host (through its environment, as the
SSH gateway's do) that it came from a browser, and from which address: the websocket's
socket peer, never a header such as ``X-Forwarded-For``, which any browser or script can set.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import re
import secrets
import time
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, Final

import jinja2
import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from sim import Lang
from sim.i18n import tr
from tui.room.protocol import format_peer, gateway_environment
from tui.room.ssh import DISPLAY_USER, Gateway, SeatCommand, seat_command, seat_environment

MAX_SESSIONS: Final = 32
"""Browser seats running at once; one more is told the room is full."""

MAX_FAILURES_PER_MINUTE: Final = 10
"""Wrong codes one client address may send in a minute before it must wait."""

MAX_WS_MESSAGE_BYTES: Final = 64 * 1024
"""Longest message a browser may send on a seat's websocket (keys, a paste, a resize)."""

MAX_SEATS_PER_TICKET: Final = 2
"""Seats one ticket may hold open at once (a reloaded page's new seat may start before the
old one has ended); one browser cannot fill the room."""

MAX_TICKETS: Final = 1024
"""Seat tickets kept at once; the oldest goes first."""

TICKET_TTL_S: Final = 12 * 3600.0
"""Real seconds a seat ticket stays valid (a working day: reloading the page reopens the
seat without the code)."""

START_TIMEOUT_S: Final = 60.0
"""Real seconds a seat has to start drawing before the browser is told it failed."""

STOP_GRACE_S: Final = 5.0
"""Real seconds a seat has to quit when its browser leaves before it is killed."""

COOKIE: Final = "drillsim_seat"

RoleName = str | Mapping[str, str]
"""A role's name on the join page: one string, or one per language (``{"zh": …, "en": …}``)."""

ROLE_PATTERN: Final = re.compile(r"[A-Za-z0-9_.-]{1,64}")
"""A role id as a scenario spells it (anything else never reaches the seat's command line)."""

STATIC = Path(textual_serve.__file__).parent / "static"
"""textual-serve's terminal: xterm.js with its add-ons, its style sheet and font."""

_PAGE = jinja2.Environment(autoescape=True).from_string(
    """<!DOCTYPE html>
<html lang="{{ lang_tag }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
{% if seat %}<link rel="stylesheet" href="/static/css/xterm.css">
<script src="/static/js/textual.js"></script>{% endif %}
<style>
@font-face { font-family: "Roboto Mono";
  src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }
html, body { margin: 0; height: 100%; background: #0c181f; color: #e8eef2;
  font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; }
main { max-width: 28rem; margin: 10vh auto; padding: 2rem; background: #12232d; }
h1 { font-size: 1.4rem; margin: 0 0 1.5rem; }
label { display: block; margin: 1rem 0 .3rem; }
input, select, button { font-size: 1.1rem; padding: .5rem; width: 100%; box-sizing: border-box; }
button { margin-top: 1.5rem; background: #5e0ba7; color: #fff; border: 0; cursor: pointer; }
.error { color: #ff9b9b; margin-top: 1rem; }
nav { margin-top: 1.5rem; } a { color: #9fd3ff; }
.textual-terminal { width: 100vw; height: 100vh; }
.closed { display: none; position: absolute; inset: 0; background: rgba(12, 24, 31, .92);
  align-items: center; justify-content: center; text-align: center; z-index: 10; }
body.-closed .closed { display: flex; }
</style>
</head>
<body>
{% if seat %}
<div id="terminal" class="textual-terminal" data-session-websocket-url="{{ ws_url }}"
 data-font-size="{{ font_size }}"></div>
<div class="closed"><div><p>{{ closed }}</p>
<p><a href="/seat">{{ reopen }}</a> · <a href="/?lang={{ lang }}">{{ back }}</a></p></div></div>
{% else %}
<main>
<h1>{{ title }}</h1>
<form method="post" action="/join">
<input type="hidden" name="lang" value="{{ lang }}">
<label for="role">{{ role_label }}</label>
{% if roles %}<select id="role" name="role">
{% for id, name in roles %}<option value="{{ id }}"{% if id == role %} selected{% endif %}>{{ name }}</option>
{% endfor %}</select>
{% else %}<input id="role" name="role" value="{{ role }}" required pattern="[A-Za-z0-9_.\\-]{1,64}">
{% endif %}
<label for="code">{{ code_label }}</label>
<input id="code" name="code" autocomplete="off" autocapitalize="characters" required autofocus>
<button type="submit">{{ join }}</button>
{% if error %}<p class="error" role="alert">{{ error }}</p>{% endif %}
</form>
<nav><a href="/?lang={{ other_lang }}{% if role %}&amp;role={{ role }}{% endif %}">{{ other_lang_name }}</a></nav>
</main>
{% endif %}
</body>
</html>
"""
)

_SECURITY_HEADERS: Final = {
    "Content-Security-Policy": (
        "default-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class _Ticket:
    role: str | None  # None: the projector view
    lang: Lang  # the join page's language, which the seat speaks too
    expires: float


class _SeatService(AppService):
    """One seat process under Textual's web driver, and its packet stream to one browser.

    textual-serve's AppService, less what a seat must not do or does not need: no shell
    between the gateway and the seat, nothing written to the host's own terminal (the seat's
    error output, if it fails to start, goes to its browser instead), no URL opened in the
    browser, no file delivered, and a seat that does not quit is killed."""

    def __init__(
        self, argv: list[str], *, gateway: Mapping[str, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self._argv = argv
        self._gateway = gateway
        """The gateway claim's environment variables (None: the seat makes no claim)."""
        self._stopping: asyncio.Future[None] | None = None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        env = seat_environment("xterm-256color", self._gateway)
        env.update(
            TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver",
            TEXTUAL_FPS="60",
            TEXTUAL_COLOR_SYSTEM="truecolor",
            TERM_PROGRAM="textual",
            TERM_PROGRAM_VERSION=version("textual-serve"),
            COLUMNS=str(width),
            ROWS=str(height),
        )
        return env

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        self._process = process = await asyncio.create_subprocess_exec(
            *self._argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width, height),
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def run(self) -> None:
        process = self._process
        assert process is not None and process.stdout is not None and process.stderr is not None
        stdout, stderr = process.stdout, process.stderr
        errors = bytearray()

        async def read_errors() -> None:
            while chunk := await stderr.read(4096):
                if len(errors) < 16 * 1024:
                    errors.extend(chunk)

        errors_task = asyncio.create_task(read_errors())
        ready = False
        try:
            async with asyncio.timeout(START_TIMEOUT_S):
                for _ in range(10):
                    line = await stdout.readline()
                    if not line:
                        break
                    if line == b"__GANGLION__\n":
                        ready = True
                        break
            while ready:
                kind = await stdout.readexactly(1)
                size = int.from_bytes(await stdout.readexactly(4), "big")
                payload = await stdout.readexactly(size)
                if kind == b"D":
                    await self.on_data(payload)
                elif kind == b"M":
                    await self.on_meta(payload)
                # b"P" (packed: file delivery) is not passed on.
        except (asyncio.IncompleteReadError, ConnectionResetError, TimeoutError):
            pass
        finally:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(STOP_GRACE_S):
                    await errors_task
            errors_task.cancel()
        if not ready or errors:
            text = errors.decode("utf-8", "replace").strip()
            if text:
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await self.remote_write_bytes(
                        ("\r\n" + "\r\n".join(text.splitlines()) + "\r\n").encode()
                    )
        with contextlib.suppress(ConnectionError, RuntimeError):
            await self.remote_close()

    async def on_meta(self, data: bytes) -> None:
        import json

        with contextlib.suppress(ValueError):
            if json.loads(data).get("type") == "exit":
                await self.remote_close()

    async def stop(self) -> None:
        """Ask the seat to quit; kill it if it has not within :data:`STOP_GRACE_S`. Every
        caller waits until the seat has ended."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        await self.send_meta({"type": "quit"})
        try:
            async with asyncio.timeout(STOP_GRACE_S):
                await asyncio.shield(task)
        except TimeoutError:
            process = self._process
            if process is not None and process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
            await task
        if self._process is not None:
            await self._process.wait()


class _WebGateway:
    """The aiohttp application: the join page, the seat page, and each seat's websocket."""

    def __init__(
        self,
        code: str,
        roles: Mapping[str, RoleName] | None,
        lang: Lang,
        command: SeatCommand,
        max_sessions: int,
        secret: str | None = None,
    ) -> None:
        from tui.room.protocol import normalise_code

        self._normalise = normalise_code
        self._code = normalise_code(code).encode()
        self.roles = roles
        self.lang = lang
        self.command = command
        self.max_sessions = max_sessions
        self.tickets: dict[str, _Ticket] = {}
        self.failures: dict[str, deque[float]] = {}
        self.services: set[_SeatService] = set()
        self.sockets: set[web.WebSocketResponse] = set()
        self.open_seats: dict[str, int] = {}  # ticket → its seats running now
        self.downloads = DownloadManager()
        self.closing = False
        self._secret = secret

    def claim(self, request: web.Request) -> dict[str, str] | None:
        """The gateway claim for the seat of this websocket's browser (the variables of its
        environment), or None without the host's secret. The address is the socket's peer:
        ``request.remote`` could be rewritten from forwarded headers by middleware."""
        if self._secret is None:
            return None
        transport = request.transport
        peer = format_peer(transport.get_extra_info("peername") if transport else None)
        return gateway_environment(self._secret, "web", peer)

    def app(self) -> web.Application:
        app = web.Application(client_max_size=16 * 1024)
        app.add_routes(
            [
                web.get("/", self.index),
                web.post("/join", self.join),
                web.get("/seat", self.seat),
                web.get("/ws", self.websocket),
                web.static("/static", STATIC),
            ]
        )
        app.on_response_prepare.append(self._headers)
        return app

    @staticmethod
    async def _headers(request: web.Request, response: web.StreamResponse) -> None:
        for key, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)

    # pages

    def _lang(self, value: str | None) -> Lang:
        return "zh" if value == "zh" else "en" if value == "en" else self.lang

    def _page(self, lang: Lang, *, status: int = 200, **context: Any) -> web.Response:
        other: Lang = "en" if lang == "zh" else "zh"
        roles = None
        if self.roles is not None:
            roles = [
                (role, name if isinstance(name, str) else name.get(lang, role))
                for role, name in self.roles.items()
            ]
            if DISPLAY_USER not in self.roles:
                roles.append((DISPLAY_USER, tr("gw_web_display", lang)))
        html = _PAGE.render(
            lang=lang,
            lang_tag="zh-CN" if lang == "zh" else "en",
            title=tr("gw_web_title", lang),
            role_label=tr("gw_web_role", lang),
            code_label=tr("gw_web_code", lang),
            join=tr("gw_web_join", lang),
            closed=tr("gw_web_closed", lang),
            reopen=tr("gw_web_reopen", lang),
            back=tr("gw_web_back", lang),
            other_lang=other,
            other_lang_name=tr("key_lang", lang),
            roles=roles,
            **{"seat": False, "role": "", "error": None, **context},
        )
        return web.Response(text=html, content_type="text/html", charset="utf-8", status=status)

    async def index(self, request: web.Request) -> web.Response:
        lang = self._lang(request.query.get("lang"))
        role = request.query.get("role", "")
        return self._page(lang, role=role if ROLE_PATTERN.fullmatch(role) else "")

    async def join(self, request: web.Request) -> web.Response:
        form = await request.post()
        lang = self._lang(str(form.get("lang", "")))
        role = str(form.get("role", "")).strip()
        code = str(form.get("code", ""))
        client = request.remote or "?"
        if self._too_many_failures(client):
            return self._page(lang, status=429, role=role, error=tr("gw_web_too_many", lang))
        if not self._known_role(role):
            self._fail(client)
            return self._page(lang, status=403, error=tr("room_unknown_role", lang, role=role))
        if not hmac.compare_digest(self._normalise(code).encode(), self._code):
            self._fail(client)
            return self._page(lang, status=403, role=role, error=tr("gw_web_wrong_code", lang))
        ticket = secrets.token_urlsafe(32)
        while len(self.tickets) >= MAX_TICKETS:
            del self.tickets[next(iter(self.tickets))]
        display = role == DISPLAY_USER and (self.roles is None or role not in self.roles)
        self.tickets[ticket] = _Ticket(
            None if display else role, lang, time.monotonic() + TICKET_TTL_S
        )
        response = web.Response(status=303, headers={"Location": f"/seat?lang={lang}"})
        response.set_cookie(
            COOKIE, ticket, httponly=True, samesite="Strict", path="/", secure=_https(request)
        )
        return response

    async def seat(self, request: web.Request) -> web.Response:
        lang = self._lang(request.query.get("lang"))
        if self._ticket(request) is None:
            raise web.HTTPSeeOther(f"/?lang={lang}")
        scheme = "wss" if _https(request) else "ws"
        font_size = request.query.get("fontsize", "16")
        return self._page(
            lang,
            seat=True,
            ws_url=f"{scheme}://{request.host}/ws",
            font_size=int(font_size) if font_size.isdigit() and 8 <= int(font_size) <= 48 else 16,
        )

    # the seat's websocket

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        ticket = self._ticket(request)
        if ticket is None:
            raise web.HTTPForbidden()
        origin = request.headers.get("Origin")
        if origin is not None and origin.split("://", 1)[-1] != request.host:
            raise web.HTTPForbidden()
        socket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_WS_MESSAGE_BYTES)
        await socket.prepare(request)
        lang = ticket.lang
        token = request.cookies[COOKIE]
        if self.open_seats.get(token, 0) >= MAX_SEATS_PER_TICKET:
            message = tr("gw_ticket_busy", lang)
            await socket.send_bytes(f"\r\n {message}\r\n".encode())
            await socket.close()
            return socket
        if self.closing or len(self.services) >= self.max_sessions:
            message = tr("gw_room_full", lang, max=self.max_sessions)
            await socket.send_bytes(f"\r\n {message}\r\n".encode())
            await socket.close()
            return socket
        service = _SeatService(
            [*self.command(ticket.role, ticket.lang)],
            gateway=self.claim(request),
            write_bytes=socket.send_bytes,
            write_str=socket.send_str,
            close=socket.close,
            download_manager=self.downloads,
        )
        self.services.add(service)
        self.sockets.add(socket)
        self.open_seats[token] = self.open_seats.get(token, 0) + 1
        try:
            width = _cells(request.query.get("width"), 80)
            height = _cells(request.query.get("height"), 24)
            await service.start(width, height)
            await self._relay(socket, service)
        finally:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await service.stop()
            self.services.discard(service)
            self.sockets.discard(socket)
            self.open_seats[token] -= 1
            if not self.open_seats[token]:
                del self.open_seats[token]
        return socket

    @staticmethod
    async def _relay(socket: web.WebSocketResponse, service: _SeatService) -> None:
        """Keys, resizes, pings and focus from the browser to the seat; anything else is
        ignored."""
        async for message in socket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                width, height = _cells(data.get("width"), 0), _cells(data.get("height"), 0)
                if width and height:
                    await service.set_terminal_size(width, height)
            elif kind == "ping" and isinstance(data, str | int | float):
                await socket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    # who may have a seat

    def _known_role(self, role: str) -> bool:
        if not ROLE_PATTERN.fullmatch(role):
            return False
        return self.roles is None or role in self.roles or role == DISPLAY_USER

    def _ticket(self, request: web.Request) -> _Ticket | None:
        token = request.cookies.get(COOKIE)
        ticket = self.tickets.get(token) if token else None
        if ticket is None or ticket.expires < time.monotonic():
            return None
        return ticket

    def _too_many_failures(self, client: str) -> bool:
        times = self.failures.get(client)
        if not times:
            return False
        while times and times[0] < time.monotonic() - 60.0:
            times.popleft()
        return len(times) >= MAX_FAILURES_PER_MINUTE

    def _fail(self, client: str) -> None:
        if len(self.failures) > 4096:
            self.failures.clear()
        self.failures.setdefault(client, deque(maxlen=MAX_FAILURES_PER_MINUTE)).append(
            time.monotonic()
        )

    async def close(self) -> None:
        self.closing = True
        self.tickets.clear()
        for socket in list(self.sockets):
            with contextlib.suppress(ConnectionError, RuntimeError):
                await socket.close()
        for service in list(self.services):
            with contextlib.suppress(ConnectionError, RuntimeError):
                await service.stop()


def _https(request: web.Request) -> bool:
    """Whether the browser reached us over HTTPS: directly, or through a TLS proxy that says
    so (``X-Forwarded-Proto``; it only changes what this browser is told)."""
    return request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def _cells(value: Any, default: int) -> int:
    """A terminal dimension from the browser (1–1000 cells), else ``default``."""
    try:
        cells = int(value)
    except (TypeError, ValueError):
        return default
    return cells if 1 <= cells <= 1000 else default


async def start_web_gateway(
    *,
    listen_host: str = "127.0.0.1",
    port: int,
    room_addr: tuple[str, int],
    code: str,
    lang: Lang,
    theme: str | None = None,
    roles: Mapping[str, RoleName] | Iterable[str] | None = None,
    command: SeatCommand | None = None,
    max_sessions: int = MAX_SESSIONS,
    gateway_secret: str | None = None,
) -> Gateway:
    """Serve the seats of the room at ``room_addr`` to browsers on ``listen_host:port`` (port
    0: any free port, see :attr:`Gateway.port`).

    ``roles`` (role id → the name shown, as one string or ``{"zh": …, "en": …}``, or just
    the ids) fills the join page's list and
    refuses other roles at once; without it the page asks for a role id and the host judges
    it. ``command`` replaces the seat's command line (:func:`tui.room.ssh.seat_command` by
    default), as the tests do. ``gateway_secret`` is the host's
    (:attr:`tui.room.host.RoomHost.gateway_secret`): with it, each seat tells the host that it
    came from a browser and from which address. Must be awaited inside the running event loop that will serve
    the gateway (the host's)."""
    if roles is not None and not isinstance(roles, Mapping):
        roles = {role: role for role in roles}
    state = _WebGateway(
        code,
        roles,
        lang,
        command or seat_command(room_addr, code, theme=theme),
        max_sessions,
        gateway_secret,
    )
    runner = web.AppRunner(state.app(), access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, listen_host, port, reuse_address=True)
    try:
        await site.start()
    except OSError:
        await runner.cleanup()
        raise
    bound = runner.addresses[0][1]

    def close() -> None:
        state.closing = True

    async def wait() -> None:
        await state.close()
        await runner.cleanup()

    return Gateway(listen_host, bound, close, wait)
