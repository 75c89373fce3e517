"""The training room's screens at 80×24 and 120×40, in Chinese and English and in every theme
(tui/themes.py: the dark one, and the light and high-contrast ones for projectors), compared with the
accepted pictures in ``__snapshots__`` (pytest-textual-snapshot; ``--snapshot-update`` after
looking): a role's seat (the shift leader, with an open prompt), the projector's display and
the facilitator's console, on the workshop drill 40 s in (seed 1, the clock moved by hand, a
fixed join code and address)."""

from __future__ import annotations

from typing import Any

import pytest

import tui.themes
from tests.tui.room_helpers import make_host
from tui.room.host import RoomHost
from tui.room_apps import HostApp, SeatApp

SIZES = [(80, 24), (120, 40)]
LANGS = ["en", "zh"]
VIEWS = ["seat", "display", "console"]
THEMES = list(tui.themes.THEMES)


def room(lang: str) -> RoomHost:
    """The drill 40 s in: the leader's prompt open, a sweep refused, two seats."""
    host = make_host(lang=lang)
    host.address = ("127.0.0.1", 7420)
    host.start_drill()
    host.tick(30.0)
    assert not host.session.act("sweep", "leader", {}).accepted
    host.tick(10.0)
    return host


def build(view: str, lang: str, theme: str = "dark") -> Any:
    host = room(lang)
    seat = host.local_link("leader", lang=lang)
    display = host.local_link(display=True, lang=lang)
    lg = "zh" if lang == "zh" else "en"
    if view == "seat":
        return SeatApp(seat, lang=lg, theme=theme)
    if view == "display":
        return SeatApp(display, lang=lg, theme=theme)
    return HostApp(host, lang=lg, theme=theme)


async def settle(pilot: Any) -> None:
    await pilot.pause()
    await pilot.pause(0.3)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", VIEWS)
def test_room_view(
    view: str, lang: str, size: tuple[int, int], theme: str, snap_compare: Any
) -> None:
    assert snap_compare(build(view, lang, theme), terminal_size=size, run_before=settle)
