"""The web gateway (tui/room/web.py) against a real hotel host on 127.0.0.1.

The join page and its refusals over plain HTTP; a seat's websocket as textual.js speaks it
(what the seat process says when the host refuses it reaches the browser; a full room says
so); and the whole way in headless Chromium: the join page, the code posted, textual-serve's
terminal (xterm.js, drawn on a canvas), whose text is read through xterm's own buffer API. The
page's terminal object is not global, so the test's script catches it as the page creates it
(an accessor on ``Object.prototype`` for ``terminal``, the property textual.js stores it in).
Chromium is skipped where it is not installed, saying so."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.city import cdp
from tests.room.conftest import CODE, ROLES, until
from tests.room.gateway_helpers import SeatPage, children_running, console_text, descendants
from tui.room.host import RoomHost
from tui.room.ssh import Gateway
from tui.room.web import COOKIE, MAX_FAILURES_PER_MINUTE, start_web_gateway

ROLE_NAMES = {"duty_manager": "Duty manager", "front_desk": "Front desk"}


@pytest.fixture
async def gateway(host: RoomHost) -> AsyncIterator[Gateway]:
    """The web gateway of the hotel host, its join page listing two roles, seats in English."""
    assert host.address is not None
    gw = await start_web_gateway(
        port=0, room_addr=host.address, code=CODE, lang="en", roles=ROLE_NAMES
    )
    yield gw
    gw.close()
    await gw.wait_closed()


def client() -> aiohttp.ClientSession:
    # unsafe: keep cookies of an IP-address host (127.0.0.1), as a browser does.
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def join(
    session: aiohttp.ClientSession, port: int, role: str, code: str, lang: str = "en"
) -> aiohttp.ClientResponse:
    return await session.post(
        f"http://127.0.0.1:{port}/join",
        data={"role": role, "code": code, "lang": lang},
        allow_redirects=False,
    )


async def read_terminal(ws: aiohttp.ClientWebSocketResponse, until: str, timeout_s: float) -> str:
    """What the seat sends to the browser's terminal (as text), until ``until`` is in it or
    the socket closes."""
    got = bytearray()
    async with asyncio.timeout(timeout_s):
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                got += message.data
                if until in got.decode("utf-8", "replace"):
                    break
    return got.decode("utf-8", "replace")


# --- the join page ------------------------------------------------------------------------------


async def test_the_join_page_asks_for_role_and_code_in_the_hosts_language(
    gateway: Gateway,
) -> None:
    async with client() as session:
        page = await session.get(f"http://127.0.0.1:{gateway.port}/?role=front_desk")
        html = await page.text()
        assert page.status == 200
        assert "<title>Join the drill</title>" in html
        assert '<option value="front_desk" selected>Front desk</option>' in html
        assert '<option value="display">Projector display (view only)</option>' in html
        assert 'name="code"' in html and 'method="post" action="/join"' in html
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
        zh = await (await session.get(f"http://127.0.0.1:{gateway.port}/?lang=zh")).text()
        assert "加入演练" in zh and "加入码（主持人告知）" in zh and "投影大屏" in zh
        # A role that is not an id is not echoed into the page.
        odd = await session.get(f"http://127.0.0.1:{gateway.port}/?role=%22%3E%3Cscript%3E")
        assert "<script>" not in await odd.text()


async def test_the_right_code_gives_a_seat_ticket_and_never_puts_the_code_in_a_url(
    gateway: Gateway,
) -> None:
    async with client() as session:
        answer = await join(session, gateway.port, "duty_manager", CODE.lower())
        assert answer.status == 303
        location = answer.headers["Location"]
        assert location == "/seat?lang=en" and CODE not in location.upper()
        cookie = SimpleCookie(answer.headers["Set-Cookie"])[COOKIE]
        assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/"
        assert len(cookie.value) >= 40  # 32 random bytes
        seat = await session.get(f"http://127.0.0.1:{gateway.port}{location}")
        html = await seat.text()
        assert seat.status == 200
        assert f'data-session-websocket-url="ws://127.0.0.1:{gateway.port}/ws"' in html
        assert '<script src="/static/js/textual.js">' in html
        script = await session.get(f"http://127.0.0.1:{gateway.port}/static/js/textual.js")
        assert script.status == 200 and len(await script.read()) > 100_000


async def test_a_wrong_code_or_role_is_refused_and_guessing_is_slowed(gateway: Gateway) -> None:
    async with client() as session:
        wrong = await join(session, gateway.port, "duty_manager", "WRONG1")
        assert wrong.status == 403 and "Set-Cookie" not in wrong.headers
        assert "wrong join code; check it with the facilitator" in await wrong.text()
        unknown = await join(session, gateway.port, "nobody", CODE)
        assert unknown.status == 403 and "Set-Cookie" not in unknown.headers
        assert "this drill has no role &#39;nobody&#39;" in await unknown.text()
        # Without a ticket there is no seat page and no seat.
        seat = await session.get(f"http://127.0.0.1:{gateway.port}/seat", allow_redirects=False)
        assert seat.status == 303 and seat.headers["Location"].startswith("/?")
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(f"http://127.0.0.1:{gateway.port}/ws")
        assert refused.value.status == 403
        for _ in range(MAX_FAILURES_PER_MINUTE - 2):
            await join(session, gateway.port, "duty_manager", "WRONG1")
        # Now even the right code waits.
        blocked = await join(session, gateway.port, "duty_manager", CODE)
        assert blocked.status == 429 and "Set-Cookie" not in blocked.headers
        assert "too many wrong tries; wait a minute" in await blocked.text()


async def test_a_seat_socket_from_another_origin_is_refused(gateway: Gateway) -> None:
    async with client() as session:
        await join(session, gateway.port, "duty_manager", CODE)
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(
                f"http://127.0.0.1:{gateway.port}/ws",
                headers={"Origin": "http://evil.example"},
            )
        assert refused.value.status == 403


# --- a seat's websocket ---------------------------------------------------------------------------


async def test_the_seat_runs_drillsim_join_and_its_refusal_reaches_the_browser(
    host: RoomHost,
) -> None:
    """Without a role list the page lets any role id through; the host then refuses the seat,
    and its one-line reason is what the browser's terminal shows."""
    assert host.address is not None
    gw = await start_web_gateway(port=0, room_addr=host.address, code=CODE, lang="en")
    try:
        async with client() as session:
            assert (await join(session, gw.port, "nobody", CODE)).status == 303
            ws = await session.ws_connect(f"http://127.0.0.1:{gw.port}/ws?width=100&height=30")
            text = await read_terminal(ws, "no role", 60)
            assert "this drill has no role 'nobody'" in text
            await ws.close()
    finally:
        gw.close()
        await gw.wait_closed()


async def test_a_full_room_says_so(host: RoomHost) -> None:
    assert host.address is not None
    # A seat that is not drillsim, speaking Textual's web driver's prelude, then waiting.
    seat = [sys.executable, "-c", "import sys; print('__GANGLION__', flush=True); sys.stdin.read()"]
    gw = await start_web_gateway(
        port=0,
        room_addr=host.address,
        code=CODE,
        lang="zh",
        roles=ROLES,
        command=lambda role, lang: seat,
        max_sessions=1,
    )
    try:
        async with client() as session:
            await join(session, gw.port, "security", CODE, lang="zh")
            first = await session.ws_connect(f"http://127.0.0.1:{gw.port}/ws")
            await asyncio.sleep(0.5)
            second = await session.ws_connect(f"http://127.0.0.1:{gw.port}/ws")
            text = await read_terminal(second, "演练室已满", 30)
            assert "演练室已满（最多1个远程席位）" in text
            assert len(children_running("GANGLION")) == 1
            await first.close()
    finally:
        gw.close()
        await gw.wait_closed()
    # The seat did not quit when asked (it reads its input to the end): it was killed.
    assert children_running("GANGLION") == []


# --- in a browser ---------------------------------------------------------------------------------


def _browse_seat(profile: Path, url: str, role: str, code: str, lang: str, until: str) -> str:
    """Join as ``role`` in ``lang`` in headless Chromium; the terminal's text once ``until``
    shows."""
    page = SeatPage(profile)
    try:
        assert page.join(url, role, code, lang) == f"/seat?lang={lang}"
        return page.wait_for(until)
    finally:
        page.close()


SEAT_WORDS = {
    "en": ("Response card: Front desk clerk", "Actions (key or Enter)", "Response card: Duty"),
    "zh": ("处置卡：前台接待", "处置动作（按键或回车）", "处置卡：值班经理"),
}


@pytest.mark.skipif(
    cdp.chromium() is None,
    reason="headless Chromium is not installed (apt-get install -y chromium fonts-noto-cjk)",
)
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_seat_in_headless_chromium_shows_its_roles_card(
    host: RoomHost, gateway: Gateway, tmp_path: Path, lang: str
) -> None:
    """The front desk's seat, in the language of its join page: its card (title and first
    line), its actions and its feed, not the duty manager's card."""
    host.start_drill()
    title, actions, other = SEAT_WORDS[lang]
    text = await asyncio.to_thread(
        _browse_seat,
        tmp_path / "profile",
        f"http://127.0.0.1:{gateway.port}",
        "front_desk",
        CODE.lower(),
        lang,
        actions,
    )
    assert title in text, text
    assert other not in text
    first = _first_card_line(host, "front_desk", lang)
    # The card line wraps in the card panel: compare without line breaks and spaces.
    assert first[:12] in text.replace("\n", "").replace(" ", ""), text


def _first_card_line(host: RoomHost, role: str, lang: str) -> str:
    line: Any = host.session.scenario.index.roles[role].card[0]
    return str(getattr(line, lang)).replace(" ", "")


async def test_behind_a_tls_proxy_the_seat_uses_wss_and_a_secure_cookie(gateway: Gateway) -> None:
    async with client() as session:
        answer = await session.post(
            f"http://127.0.0.1:{gateway.port}/join",
            data={"role": "front_desk", "code": CODE},
            headers={"X-Forwarded-Proto": "https"},
            allow_redirects=False,
        )
        assert answer.status == 303
        assert SimpleCookie(answer.headers["Set-Cookie"])[COOKIE]["secure"]
        token = SimpleCookie(answer.headers["Set-Cookie"])[COOKIE].value
        seat = await session.get(
            f"http://127.0.0.1:{gateway.port}/seat",
            headers={"X-Forwarded-Proto": "https", "Cookie": f"{COOKIE}={token}"},
        )
        assert f'data-session-websocket-url="wss://127.0.0.1:{gateway.port}/ws"' in (
            await seat.text()
        )


async def test_the_seat_speaks_the_join_pages_language(host: RoomHost) -> None:
    assert host.address is not None
    asked: list[tuple[str | None, str]] = []
    seat = [sys.executable, "-c", "import sys; print('__GANGLION__', flush=True); sys.stdin.read()"]

    def command(role: str | None, lang: str) -> list[str]:
        asked.append((role, lang))
        return seat

    gw = await start_web_gateway(
        port=0, room_addr=host.address, code=CODE, lang="en", roles=ROLES, command=command
    )
    try:
        async with client() as session:
            for role, lang in (("security", "zh"), ("display", "en")):
                answer = await session.post(
                    f"http://127.0.0.1:{gw.port}/join",
                    data={"role": role, "code": CODE, "lang": lang},
                    allow_redirects=False,
                )
                assert answer.headers["Location"] == f"/seat?lang={lang}"
                expected = len(asked) + 1
                ws = await session.ws_connect(f"http://127.0.0.1:{gw.port}/ws")
                for _ in range(1000):
                    if len(asked) >= expected:
                        break
                    await asyncio.sleep(0.01)
                await ws.close()
    finally:
        gw.close()
        await gw.wait_closed()
    assert asked == [("security", "zh"), (None, "en")]


async def test_role_names_follow_the_join_pages_language(host: RoomHost) -> None:
    assert host.address is not None
    names = {"front_desk": {"zh": "前台接待", "en": "Front desk clerk"}, "security": "Security"}
    gw = await start_web_gateway(port=0, room_addr=host.address, code=CODE, lang="en", roles=names)
    try:
        async with client() as session:
            zh = await (await session.get(f"http://127.0.0.1:{gw.port}/?lang=zh")).text()
            en = await (await session.get(f"http://127.0.0.1:{gw.port}/")).text()
    finally:
        gw.close()
        await gw.wait_closed()
    assert '<option value="front_desk">前台接待</option>' in zh
    assert '<option value="front_desk">Front desk clerk</option>' in en
    assert '<option value="security">Security</option>' in zh


async def test_one_ticket_holds_at_most_two_seats(host: RoomHost) -> None:
    assert host.address is not None
    seat = [sys.executable, "-c", "import sys; print('__GANGLION__', flush=True); sys.stdin.read()"]
    gw = await start_web_gateway(
        port=0, room_addr=host.address, code=CODE, lang="en", command=lambda role, lang: seat
    )
    try:
        async with client() as session:
            await join(session, gw.port, "security", CODE)
            held = [await session.ws_connect(f"http://127.0.0.1:{gw.port}/ws") for _ in range(2)]
            for _ in range(500):
                if len(children_running("GANGLION")) == 2:
                    break
                await asyncio.sleep(0.01)
            third = await session.ws_connect(f"http://127.0.0.1:{gw.port}/ws")
            text = await read_terminal(third, "already", 30)
            assert "this browser already has this seat open" in text
            assert len(children_running("GANGLION")) == 2
            # Another browser (another ticket) still gets a seat.
            async with client() as other:
                await join(other, gw.port, "front_desk", CODE)
                fourth = await other.ws_connect(f"http://127.0.0.1:{gw.port}/ws")
                for _ in range(500):
                    if len(children_running("GANGLION")) == 3:
                        break
                    await asyncio.sleep(0.01)
                assert len(children_running("GANGLION")) == 3
                await fourth.close()
            for ws in held:
                await ws.close()
    finally:
        gw.close()
        await gw.wait_closed()


# A seat that speaks Textual's web driver's packets: it tells back every packet it gets.
PACKET_ECHO_SEAT = """
import sys
out, inp = sys.stdout.buffer, sys.stdin.buffer
out.write(b"__GANGLION__\\n"); out.flush()
while True:
    kind = inp.read(1)
    if not kind:
        break
    payload = inp.read(int.from_bytes(inp.read(4), "big"))
    told = kind + b":" + payload + b"\\n"
    out.write(b"D" + len(told).to_bytes(4, "big") + told); out.flush()
"""


async def test_what_a_browser_sends_reaches_the_seat_checked(host: RoomHost) -> None:
    """Keys, resizes, focus and blur as textual.js sends them reach the seat as packets;
    malformed messages and out-of-range sizes do not."""
    assert host.address is not None
    seat = [sys.executable, "-c", PACKET_ECHO_SEAT]
    gw = await start_web_gateway(
        port=0, room_addr=host.address, code=CODE, lang="en", command=lambda role, lang: seat
    )
    try:
        async with client() as session:
            await join(session, gw.port, "security", CODE)
            ws = await session.ws_connect(f"http://127.0.0.1:{gw.port}/ws")
            for message in (
                "not json",
                json.dumps({"stdin": "x"}),
                json.dumps([]),
                json.dumps(["stdin", 42]),
                json.dumps(["resize", {"width": 10**9, "height": 5}]),
                json.dumps(["open_url", {"url": "http://evil.example"}]),
                json.dumps(["stdin", "a"]),
                json.dumps(["resize", {"width": 132, "height": 43}]),
                json.dumps(["blur"]),
                json.dumps(["focus"]),
                json.dumps(["ping", "t1"]),
            ):
                await ws.send_str(message)
            pong = None
            got = bytearray()
            async with asyncio.timeout(30):
                async for message in ws:
                    if message.type == aiohttp.WSMsgType.TEXT:
                        pong = json.loads(message.data)
                    elif message.type == aiohttp.WSMsgType.BINARY:
                        got += message.data
                    if got.count(b"\n") >= 4 and pong is not None:
                        break
            await ws.close()
    finally:
        gw.close()
        await gw.wait_closed()
    assert pong == ["pong", "t1"]
    assert got.decode().splitlines() == [
        "D:a",
        'M:{"type": "resize", "width": 132, "height": 43}',
        'M:{"type": "blur"}',
        'M:{"type": "focus"}',
    ]


# --- what the facilitator's console is told -----------------------------------------------------


async def test_a_browser_seat_shows_as_web_from_the_sockets_peer_not_a_forwarded_header(
    host: RoomHost,
) -> None:
    """The real ``drillsim join`` seat behind the web gateway is listed as a browser seat at
    the browser's address as the socket knows it (the port of the websocket's own connection),
    whatever ``X-Forwarded-For`` the browser sends; the gateway secret is on no child
    process's command line and in nothing the console shows."""
    assert host.address is not None
    gw = await start_web_gateway(
        port=0,
        room_addr=host.address,
        code=CODE,
        lang="en",
        roles=ROLE_NAMES,
        gateway_secret=host.gateway_secret,
    )
    try:
        async with client() as session:
            assert (await join(session, gw.port, "front_desk", CODE)).status == 303
            ws = await session.ws_connect(
                f"http://127.0.0.1:{gw.port}/ws?width=100&height=30",
                headers={"X-Forwarded-For": "203.0.113.66", "X-Real-IP": "203.0.113.66"},
            )
            browser_host, browser_port = ws.get_extra_info("sockname")[:2]
            await until(lambda: any(s.role == "front_desk" for s in host.seats()), 90)
            (seat,) = host.seats()
            assert seat.via == "web" and seat.connected
            assert seat.peer == f"{browser_host}:{browser_port}"
            shown = console_text(host)
            assert "browser" in shown and browser_host in shown
            assert "203.0.113.66" not in shown
            assert host.gateway_secret not in shown
            running = descendants()
            assert any("tui.cli join" in cmd for cmd in running.values()), running
            assert not [cmd for cmd in running.values() if host.gateway_secret in cmd]
            await ws.close()
    finally:
        gw.close()
        await gw.wait_closed()
