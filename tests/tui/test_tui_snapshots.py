"""Every screen at 80×24 and 120×40, in Chinese and English, compared with the accepted
pictures in ``__snapshots__`` (pytest-textual-snapshot; ``--snapshot-update`` after looking).

Screens are made deterministic: a fixed catalogue (the workshop drill and a broken user
file), a fixed user folder, seed 1, no clock timer (the tests move the sim clock), no
cursor blink (conftest), and a history of fixed drills with fixed ids and times
(``seed_history``) in the test's own records folder."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.tui.tui_helpers import (
    HISTORY_DRILLS,
    app_for,
    drill_session,
    scenario,
    seed_history,
    team_settings,
)
from tui.app import DrillsimApp
from tui.screens.action_form import ActionFormScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.drill import DrillScreen
from tui.screens.help import HelpScreen
from tui.screens.history import HistoryScreen, RecordScreen
from tui.session import DrillSession

SIZES = [(80, 24), (120, 40)]
LANGS = ["en", "zh"]
SCREENS = [
    "picker",
    "setup",
    "briefing",
    "drill",
    "report_form",
    "help",
    "debrief",
    "history",
    "record",
]

Before = Callable[[Any], Awaitable[None]]


def debrief_session(lang: str) -> DrillSession:
    """A good but not perfect drill, ended early by the facilitator."""
    session = DrillSession(scenario(), team_settings(lang))
    plan: list[tuple[float, str, str, dict[str, Any]]] = [
        (25, "alarm", "leader", {}),
        (40, "evacuate", "leader", {"to": "assembly"}),
        (45, "sweep", "warden", {}),
        (60, "call_119", "leader", {}),
        (170, "headcount", "leader", {}),
        (230, "report_head", "leader", {"elements": ["unit", "time_place", "account"]}),
    ]
    for at_s, action, by, params in plan:
        session.advance(at_s)
        assert session.act(action, by, params).accepted, action
    session.advance(420.0)
    session.end()
    return session


def build(name: str, lang: str) -> tuple[DrillsimApp, Before]:
    """The app and what to do before the picture is taken."""

    async def nothing(pilot: Any) -> None:
        await pilot.pause()

    if name == "picker":
        return app_for(lang), nothing
    if name in ("history", "record"):
        seed_history()
        app = app_for(lang, catalog=[])

        async def history(pilot: Any) -> None:
            await app.push_screen(HistoryScreen())
            if name == "record":
                await app.push_screen(RecordScreen(HISTORY_DRILLS[3][0]))
            await pilot.pause()

        return app, history
    if name in ("setup", "briefing"):
        app = app_for(lang, scenario=scenario(), team="甲班" if lang == "zh" else "A shift")

        async def to_briefing(pilot: Any) -> None:
            if name == "briefing":
                await pilot.press("ctrl+s")
            await pilot.pause()

        return app, to_briefing
    app = app_for(lang, catalog=[])

    async def push(pilot: Any) -> None:
        if name == "debrief":
            await app.push_screen(DebriefScreen(debrief_session(lang)))
        else:
            drill = DrillScreen(drill_session(lang), autoplay=False)
            await app.push_screen(drill)
            await pilot.pause()
            if name == "report_form":
                await app.push_screen(ActionFormScreen(drill.session, "report_head"))
            elif name == "help":
                await app.push_screen(HelpScreen(drill.help_rows(), "help_drill"))
        await pilot.pause()

    return app, push


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", SCREENS)
def test_screen(name: str, lang: str, size: tuple[int, int], snap_compare: Any) -> None:
    app, before = build(name, lang)
    assert snap_compare(app, terminal_size=size, run_before=before)
