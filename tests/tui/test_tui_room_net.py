"""The training room's screens over the network: a real :class:`tui.room.host.RoomHost`
listening on 127.0.0.1 and seats joined with :class:`tui.room.client.RemoteLink`, as
``drillsim join`` joins them.

The host's clock task is not run (``start(clock=False)``): the tests move the clock by hand
(``RoomHost.tick``) so that what each seat sees is known.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from textual.widgets import Static

from tests.tui.room_helpers import CODE, feed_text, inject_text, make_host, prompt_text
from tests.tui.tui_helpers import shown, wait_for_screen
from tui.room.client import RemoteLink
from tui.room.host import RoomHost
from tui.room_apps import HostApp, SeatApp
from tui.screens.console import ConsoleScreen
from tui.screens.display import DisplayScreen
from tui.screens.seat import SeatActionForm, SeatScreen


@pytest.fixture
async def host() -> AsyncIterator[RoomHost]:
    room = make_host()
    await room.start("127.0.0.1", 0, clock=False)
    try:
        yield room
    finally:
        await room.stop()


async def until(check: object, timeout_s: float = 5.0) -> None:
    """Wait (letting the loop run) until ``check()`` is true."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not check():  # type: ignore[operator]
        if loop.time() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.02)


async def test_a_remote_seat_acts_and_the_console_sees_it(host: RoomHost) -> None:
    assert host.address is not None
    leader = await RemoteLink.connect(host.address, CODE, role="leader", lang="en")
    try:
        console_app = HostApp(host, lang="en")
        async with console_app.run_test(size=(120, 40)) as pilot:
            console = await wait_for_screen(pilot, console_app, ConsoleScreen)
            await pilot.press("enter")
            host.tick(30.0)
            outcome = await leader.act("alarm", {})
            assert outcome.ok, outcome.reason
            await pilot.pause(0.3)
            assert "Sound the alarm" in feed_text(console)
            side = shown(console.query_one("#console-truth", Static))
            assert "Shift leader" in side and "terminal" in side
            assert f"127.0.0.1:{host.address[1]}" in shown(console.query_one("#console-join"))
    finally:
        await leader.close()


async def test_a_remote_seat_shows_its_role_acts_through_its_form_and_reconnects(
    host: RoomHost,
) -> None:
    assert host.address is not None
    port = host.address[1]
    host.start_drill()
    host.tick(40.0)
    link = await RemoteLink.connect(host.address, CODE, role="leader", lang="en")
    app = SeatApp(link, lang="en")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            seat = await wait_for_screen(pilot, app, SeatScreen)
            assert inject_text("leader_asked")[:30] in prompt_text(seat)
            await pilot.press("a")
            await wait_for_screen(pilot, app, SeatActionForm)
            await pilot.press("ctrl+s")
            await wait_for_screen(pilot, app, SeatScreen)
            actions = [e for e in host.session.drill.log if e.kind == "action"]
            assert [(e.data["id"], e.data["by"]) for e in actions] == [("alarm", "leader")]
            for _ in range(100):
                await pilot.pause(0.02)
                if "Sound the alarm" in feed_text(seat):
                    break
            assert "Sound the alarm" in feed_text(seat)
            # The host goes away: the seat says so, and catches up when it is back.
            await host.stop()
            for _ in range(200):
                await pilot.pause(0.02)
                if not link.view.connected:
                    break
            await pilot.pause()
            assert "reconnecting" in shown(seat.query_one("#seat-status", Static))
            host.message("Back again")
            await host.start("127.0.0.1", port, clock=False)
            for _ in range(300):
                await pilot.pause(0.02)
                if link.view.connected and "Back again" in feed_text(seat):
                    break
            assert "Back again" in feed_text(seat)
            assert not seat.query_one("#seat-status").has_class("-shown")
    finally:
        await link.close()


async def test_a_remote_display_gets_only_public_events(host: RoomHost) -> None:
    assert host.address is not None
    host.start_drill()
    host.tick(40.0)
    link = await RemoteLink.connect(host.address, CODE, display=True, lang="zh")
    app = SeatApp(link, lang="zh")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            display = await wait_for_screen(pilot, app, DisplayScreen)
            feed = feed_text(display)
            assert inject_text("smoke_seen", "zh")[:10] in feed
            assert inject_text("leader_asked", "zh")[:10] not in feed
    finally:
        await link.close()


async def test_a_seat_refused_on_reconnecting_says_why(host: RoomHost) -> None:
    assert host.address is not None
    port = host.address[1]
    link = await RemoteLink.connect(host.address, CODE, role="warden", lang="en")
    app = SeatApp(link, lang="en")
    other = RoomHost(host.session, code="ZZZZ99")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            seat = await wait_for_screen(pilot, app, SeatScreen)
            await host.stop()
            await other.start("127.0.0.1", port, clock=False)
            for _ in range(300):
                await pilot.pause(0.02)
                if link.refused is not None:
                    break
            await pilot.pause(0.1)
            status = shown(seat.query_one("#seat-status", Static))
            assert "the host refused this seat: wrong join code" in status
    finally:
        await link.close()
        await other.stop()


async def test_a_seats_form_reaches_the_consoles_feed_both_on_screen(host: RoomHost) -> None:
    """The facilitator's console (English) and a seat (Chinese) run side by side over
    127.0.0.1: Enter at the console starts the drill, the seat's key and Ctrl+S take the
    action, and the console's feed shows it."""
    assert host.address is not None
    console_app = HostApp(host, lang="en")
    async with console_app.run_test(size=(120, 40)) as console_pilot:
        console = await wait_for_screen(console_pilot, console_app, ConsoleScreen)
        link = await RemoteLink.connect(host.address, CODE, role="leader", lang="zh")
        seat_app = SeatApp(link, lang="zh")
        try:
            async with seat_app.run_test(size=(100, 30)) as seat_pilot:
                seat = await wait_for_screen(seat_pilot, seat_app, SeatScreen)
                assert "等待导调人员开始演练" in shown(seat.query_one("#seat-status", Static))
                await console_pilot.press("enter")
                host.tick(30.0)
                await seat_pilot.pause(0.2)
                assert not seat.query_one("#seat-status").has_class("-shown")
                await seat_pilot.press("a")
                await wait_for_screen(seat_pilot, seat_app, SeatActionForm)
                await seat_pilot.press("ctrl+s")
                await wait_for_screen(seat_pilot, seat_app, SeatScreen)
                await console_pilot.pause(0.3)
                assert "Shift leader: Sound the alarm" in feed_text(console)
                assert "班组长：发出警报" in feed_text(seat)
        finally:
            await link.close()
