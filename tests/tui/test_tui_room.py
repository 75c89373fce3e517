"""The training room's screens against a real :class:`tui.room.host.RoomHost`: a role's seat,
the projector's display and the facilitator's console.

Seats here are in-process (:class:`tui.room.link.LocalLink`, the host's own code path minus
the socket); tests/tui/test_tui_room_net.py runs them over 127.0.0.1. The host's clock is
moved by hand (``RoomHost.tick``) so that every test sees the same drill: the workshop drill,
seed 1, whose shift leader (``leader``) is asked at 0:20 to act on the alarm panel
(``leader_asked``, answered by ``alarm``) and whose floor warden (``warden``) hears only what
is said to everyone or to the warden.
"""

from __future__ import annotations

import pytest
from textual.widgets import Static

from sim import localize
from tests.tui.room_helpers import (
    CODE,
    feed_text,
    inject_text,
    make_host,
    prompt_text,
    run_for,
)
from tests.tui.tui_helpers import scenario, shown, wait_for_screen
from tui.room_apps import HostApp, SeatApp
from tui.screens.console import ConsoleScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.display import DisplayScreen
from tui.screens.seat import SeatActionForm, SeatScreen
from tui.widgets.clock import ClockBar
from tui.widgets.prompts import PromptPanel


def card_line(role_id: str, lang: str = "en") -> str:
    return str(localize(scenario().role(role_id).card[0], lang))  # type: ignore[arg-type]


async def test_a_seat_shows_its_roles_card_and_only_its_prompts() -> None:
    host = make_host()
    run_for(host, 40.0)
    asked = inject_text("leader_asked")
    for role, other in (("leader", "warden"), ("warden", "leader")):
        app = SeatApp(host.local_link(role), lang="en")
        async with app.run_test(size=(120, 40)) as pilot:
            seat = await wait_for_screen(pilot, app, SeatScreen)
            card = shown(seat.query_one("#seat-card", Static))
            assert card_line(role) in card
            assert card_line(other) not in card
            prompts = prompt_text(seat)
            feed = feed_text(seat)
            # Said to everyone: both seats heard the smoke.
            assert inject_text("smoke_seen")[:30] in feed
            if role == "leader":
                assert asked[:30] in prompts
                assert asked[:30] in feed
            else:
                assert prompts == ""
                assert asked[:30] not in feed
            # Assessment mode: no prompt names the action that answers it.
            assert "→" not in prompts
            actions = seat.query_one("#seat-actions").action_ids
            assert set(actions) == {
                a.id for a in scenario().actions if not a.roles or role in a.roles
            }


async def test_coaching_prompts_name_the_answer() -> None:
    host = make_host("coaching")
    run_for(host, 40.0)
    app = SeatApp(host.local_link("leader"), lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        seat = await wait_for_screen(pilot, app, SeatScreen)
        assert "→" in prompt_text(seat)
        assert "Sound the alarm" in prompt_text(seat)


async def test_acting_from_a_seat_goes_through_the_host() -> None:
    host = make_host()
    run_for(host, 30.0)
    app = SeatApp(host.local_link("leader"), lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        seat = await wait_for_screen(pilot, app, SeatScreen)
        await pilot.press("a")
        form = await wait_for_screen(pilot, app, SeatActionForm)
        # A role seat acts only as its own role.
        assert form.desk.allowed_roles("alarm") == ["leader"]
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, app, SeatScreen)
        actions = [e for e in host.session.drill.log if e.kind == "action"]
        assert [(e.data["id"], e.data["by"]) for e in actions] == [("alarm", "leader")]
        await pilot.pause()
        assert "Sound the alarm" in feed_text(seat)
        # The warden's key for the floor sweep does nothing at the leader's seat.
        await pilot.press("s")
        assert isinstance(app.screen, SeatScreen)


async def test_a_refusal_stays_in_the_seats_form_with_its_reason() -> None:
    host = make_host()
    app = SeatApp(host.local_link("leader"), lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        seat = await wait_for_screen(pilot, app, SeatScreen)
        assert "Waiting for the facilitator" in shown(seat.query_one("#seat-status", Static))
        await pilot.press("a")
        form = await wait_for_screen(pilot, app, SeatActionForm)
        await pilot.press("ctrl+s")
        for _ in range(50):
            await pilot.pause(0.02)
            if form.query_one("#form-reason").has_class("-shown"):
                break
        assert "has not started" in shown(form.query_one("#form-reason", Static))
        assert app.screen is form
        assert not [e for e in host.session.drill.log if e.kind == "action"]


async def test_the_display_shows_the_public_picture_and_no_answers() -> None:
    host = make_host("coaching")
    run_for(host, 40.0)
    app = SeatApp(host.local_link(display=True), lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        display = await wait_for_screen(pilot, app, DisplayScreen)
        feed = feed_text(display)
        assert inject_text("smoke_seen")[:30] in feed
        assert inject_text("leader_asked")[:30] not in feed
        assert not display.query(PromptPanel)
        assert not display.query("#seat-card")
        assert not display.query("#seat-actions")
        assert display.query_one(ClockBar).has_class("-large")


async def test_the_console_shows_the_seats_and_what_they_do() -> None:
    host = make_host()
    app = HostApp(host, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        console = await wait_for_screen(pilot, app, ConsoleScreen)
        assert CODE in shown(console.query_one("#console-join", Static))
        truth = console.query_one("#console-truth", Static)
        assert "No seat has joined yet" in shown(truth)
        warden = host.local_link("warden")
        await pilot.press("enter")
        assert host.started
        host.tick(30.0)
        outcome = await warden.act("sweep", {})
        assert outcome.ok, outcome.reason
        await pilot.pause(0.3)
        feed = feed_text(console)
        assert "Sweep" in feed or "sweep" in feed.lower()
        side = shown(truth)
        assert "Floor warden" in side and "online" in side
        # The whole truth: the prompt to the leader and what answers it, the expectations
        # with their times, the injects still to come, the live score.
        assert "Sound the alarm" in side
        assert "Alarm within two minutes" in side and "due by 10:06:00" in side
        assert "Floor swept" in side and "not triggered" in side
        assert "[to come]" in side and "Live score" in side
        await warden.close()
        await pilot.pause(0.3)
        assert "gone" in shown(truth)


async def test_the_console_controls_the_clock_and_ends_into_the_debrief() -> None:
    host = make_host()
    app = HostApp(host, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, app, ConsoleScreen)
        await pilot.press("space")  # before the start, Space starts
        assert host.started and not host.session.paused
        await pilot.press("space")
        assert host.session.paused
        await pilot.press("space")
        assert not host.session.paused
        await pilot.press("f8")
        assert host.session.speed == 10.0
        await pilot.press("minus")
        assert host.session.speed == 5.0
        await pilot.press("escape", "y")
        assert host.session.ended_early
        for _ in range(100):
            host.tick(0.25)
            if host.session.finished:
                break
        debrief = await wait_for_screen(pilot, app, DebriefScreen)
        assert debrief.session is host.session


async def test_the_console_sends_an_optional_inject_and_a_message() -> None:
    host = make_host()
    leader = host.local_link("leader")
    app = HostApp(host, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, app, ConsoleScreen)
        await pilot.press("enter")
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press(*"Smoke in stair B")
        await pilot.press("enter")
        await wait_for_screen(pilot, app, ConsoleScreen)
        said = [e for e in host.session.drill.log if e.kind == "facilitator"]
        assert said and said[0].data.get("text") == "Smoke in stair B"
        # It reached the seat at once (to everyone).
        texts = [str(e.data) for e in leader.view.feed]
        assert any("Smoke in stair B" in t for t in texts)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_seat_follows_the_language(lang: str) -> None:
    host = make_host()
    run_for(host, 40.0)
    app = SeatApp(host.local_link("leader"), lang="zh" if lang == "en" else "en")
    async with app.run_test(size=(120, 40)) as pilot:
        seat = await wait_for_screen(pilot, app, SeatScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert card_line("leader", lang) in shown(seat.query_one("#seat-card", Static))
        assert inject_text("smoke_seen", lang)[:10] in feed_text(seat)


async def test_a_refusal_in_a_seats_feed_never_shows_the_reasons_key() -> None:
    host = make_host()
    run_for(host, 30.0)
    assert not host.session.act("sweep", "leader", {}).accepted
    host.tick(1.0)
    app = SeatApp(host.local_link("leader"), lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        seat = await wait_for_screen(pilot, app, SeatScreen)
        refused = [line for line in feed_text(seat).splitlines() if "Refused" in line]
        assert refused and "refuse_" not in refused[0]
        assert "not allowed at that moment" in refused[0]


async def test_a_host_on_every_interface_shows_the_address_seats_join() -> None:
    from tui.screens.console import lan_address

    host = make_host()
    host.address = ("0.0.0.0", 7420)
    app = HostApp(host, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        console = await wait_for_screen(pilot, app, ConsoleScreen)
        line = shown(console.query_one("#console-join", Static))
        found = lan_address()
        if found is None:  # no network at all: the listening address is all there is
            assert "0.0.0.0:7420" in line
        else:
            assert f"{found}:7420" in line and "0.0.0.0" not in line
