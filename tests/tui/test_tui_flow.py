"""The whole flow for every bundled scenario, in both languages: pick, set up, brief, drill
with actions taken through their forms, end, and read the debrief."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

import sim
from sim.i18n import tr
from tests.tui.tui_helpers import (
    app_for,
    chosen_actions,
    entry,
    fill_numbers,
    shown,
    wait_for_screen,
)
from tui.screens.action_form import ActionFormScreen
from tui.screens.briefing import BriefingScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.drill import DrillScreen
from tui.screens.picker import PickerScreen
from tui.screens.setup import SetupScreen


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("scenario_id", sim.bundled_ids())
async def test_whole_drill(scenario_id: str, lang: sim.Lang) -> None:
    app = app_for(lang, catalog=[entry(scenario_id)])
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, SetupScreen)
        await pilot.press(*"A1")
        assert app.screen.query_one("#team", Input).value == "A1"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        session = drill.session
        assert session.settings.team == "A1"
        taken = 0
        for action_id in chosen_actions(session.scenario, limit=3):
            drill.step(15.0)
            action = session.scenario.action(action_id)
            key = drill.hotkeys.get(action_id)
            if key:
                await pilot.press(key)
            else:
                drill.action_act(action_id)
                await pilot.pause()
            form = app.screen
            assert isinstance(form, ActionFormScreen)
            fill_numbers(form, action)
            await pilot.press("ctrl+a", "ctrl+s")
            if app.screen is form:
                reason = shown(form.query_one("#form-reason", Static))
                assert tr("form_refused", lang, reason="").strip() in reason
                await pilot.press("escape")
            else:
                taken += 1
            assert app.screen is drill
        assert taken >= 1
        started = [e.data["id"] for e in session.drill.log if e.kind == "action"]
        assert len(started) == taken
        await pilot.press("escape", "y")
        debrief = await wait_for_screen(pilot, app, DebriefScreen)
        assert session.finished and session.ended_early
        assert any(e.kind == "control" and e.data["action"] == "end" for e in session.drill.log)
        total = debrief.result["score"]["total"]
        score_text = shown(debrief.query_one("#body-score", Static))
        assert tr("debrief_total", lang, total=f"{total:.1f}") in score_text
        timeline = shown(debrief.query_one("#body-timeline", Static))
        assert timeline
