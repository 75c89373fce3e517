"""A seat's claim to come through the SSH or web gateway, over real loopback TCP.

The host believes a ``hello``'s gateway claim (how the participant came, and their address)
only with its own per-run gateway secret: with it, the console shows "SSH" or "browser" and
the participant's address; with any other secret the seat is refused at hello, and the host
goes on serving everyone else. The gateway tests (test_ssh.py, test_web.py) run the real
gateways; these speak the protocol directly, as a forger would."""

from __future__ import annotations

import asyncio
import json
import os

import pytest

from tests.room.conftest import CODE, hotel_session
from tests.room.gateway_helpers import console_text
from tui.cli.room import take_gateway_claim
from tui.room.client import JoinRefused, RemoteLink
from tui.room.host import RoomHost
from tui.room.link import SeatStatus
from tui.room.protocol import (
    GATEWAY_ENV,
    MAX_HOST_MESSAGE_BYTES,
    PROTOCOL_VERSION,
    gateway_environment,
)

PARTICIPANT = "192.0.2.41:50022"
"""A participant's address (RFC 5737 documentation range), as a gateway would report it."""


def seat(host: RoomHost, role: str) -> SeatStatus:
    (found,) = [s for s in host.seats() if s.role == role and s.connected]
    return found


async def raw_hello(host: RoomHost, **fields: object) -> dict[str, object]:
    """Send one hello on a fresh connection; the host's first answer."""
    assert host.address is not None
    reader, writer = await asyncio.open_connection(*host.address, limit=MAX_HOST_MESSAGE_BYTES)
    try:
        hello = {"kind": "hello", "v": PROTOCOL_VERSION, "code": CODE, **fields}
        writer.write(json.dumps(hello).encode() + b"\n")
        await writer.drain()
        answer = json.loads(await asyncio.wait_for(reader.readline(), 10))
        assert isinstance(answer, dict)
        return answer
    finally:
        writer.close()


async def test_a_seat_with_the_hosts_secret_shows_as_its_gateway_and_peer(
    host: RoomHost,
) -> None:
    assert host.address is not None
    ssh = await RemoteLink.connect(
        host.address,
        CODE,
        role="security",
        reconnect=False,
        gateway={"secret": host.gateway_secret, "via": "ssh", "peer": PARTICIPANT},
    )
    web = await RemoteLink.connect(
        host.address,
        CODE,
        role="front_desk",
        reconnect=False,
        gateway={"secret": host.gateway_secret, "via": "web", "peer": "[2001:db8::9]:443"},
    )
    plain = await RemoteLink.connect(host.address, CODE, role="floor_staff", reconnect=False)
    try:
        assert (seat(host, "security").via, seat(host, "security").peer) == ("ssh", PARTICIPANT)
        assert (seat(host, "front_desk").via, seat(host, "front_desk").peer) == (
            "web",
            "[2001:db8::9]:443",
        )
        tcp = seat(host, "floor_staff")
        assert tcp.via == "tcp" and tcp.peer.startswith("127.0.0.1:")
        en = console_text(host)
        # Each seat: how it came, and under it the participant's machine (no port).
        assert "SSH" in en and "192.0.2.41" in en and "50022" not in en
        assert "browser" in en and "2001:db8::9" in en
        assert "terminal" in en and "127.0.0.1" in en
        zh = console_text(host, "zh")
        assert "浏览器" in zh and "SSH" in zh and "终端" in zh
        # The secret is in nothing the console or a seat shows.
        assert host.gateway_secret not in en + zh
        assert host.gateway_secret not in json.dumps(host.console_view("en").seats, default=str)
        assert host.gateway_secret not in json.dumps(ssh.view.to_json())
    finally:
        for link in (ssh, web, plain):
            await link.close()


async def test_a_claim_with_a_wrong_secret_is_refused_and_the_host_serves_on(
    host: RoomHost,
) -> None:
    assert host.address is not None
    forged = {"secret": "x" * len(host.gateway_secret), "via": "ssh", "peer": PARTICIPANT}
    with pytest.raises(JoinRefused) as refused:
        await RemoteLink.connect(
            host.address, CODE, role="security", reconnect=False, gateway=forged
        )
    assert refused.value.reason.key == "room_gateway_refused"
    assert "gateway secret is wrong" in refused.value.reason.render("en")
    assert "网关凭据不正确" in refused.value.reason.render("zh")
    # A secret that is the host's with one character changed, sent by hand: refused too.
    near = host.gateway_secret[:-1] + ("A" if host.gateway_secret[-1] != "A" else "B")
    answer = await raw_hello(
        host, role="security", gateway={"secret": near, "via": "web", "peer": PARTICIPANT}
    )
    assert answer["kind"] == "refused" and answer["seq"] == 0
    # A claim of another shape ("console", a forged second line) breaks the protocol.
    odd = await raw_hello(
        host,
        role="security",
        gateway={"secret": host.gateway_secret, "via": "console", "peer": PARTICIPANT},
    )
    assert odd["kind"] == "refused" and "unknown gateway" in json.dumps(odd["reason"])
    # Nothing was seated, and the host serves the next seat as before.
    assert host.seats() == []
    link = await RemoteLink.connect(host.address, CODE, role="security", reconnect=False)
    try:
        assert seat(host, "security").via == "tcp"
    finally:
        await link.close()


async def test_a_wrong_code_is_refused_whatever_the_claim(host: RoomHost) -> None:
    assert host.address is not None
    claim = {"secret": host.gateway_secret, "via": "ssh", "peer": PARTICIPANT}
    with pytest.raises(JoinRefused) as refused:
        await RemoteLink.connect(
            host.address, "WRONG9", role="security", reconnect=False, gateway=claim
        )
    assert refused.value.reason.key == "room_wrong_code"
    assert host.seats() == []


def test_every_run_draws_its_own_secret(host: RoomHost) -> None:
    session = hotel_session()
    try:
        other = RoomHost(session, code=CODE)
    finally:
        session.close()
    assert other.gateway_secret != host.gateway_secret
    assert len(host.gateway_secret) >= 43


def test_join_takes_the_claim_from_its_environment_and_keeps_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = gateway_environment("s" * 43, "ssh", PARTICIPANT)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert take_gateway_claim() == {"secret": "s" * 43, "via": "ssh", "peer": PARTICIPANT}
    # Gone from the environment: nothing the seat starts inherits the secret.
    assert not any(name in os.environ for name in GATEWAY_ENV)
    assert take_gateway_claim() is None
