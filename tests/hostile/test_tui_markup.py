"""Hostile names in the app: markup in role names, action labels and team names is shown as
written, never read as markup (it used to crash with MarkupError or run ``app.quit``), and a
title with terminal escapes reaches the screen only as visible symbols."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

import sim
from tests.tui.tui_helpers import app_for, scenario_text, shown, wait_for_screen, workshop_data
from tui.screens.briefing import BriefingScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.drill import DrillScreen
from tui.screens.setup import SetupScreen

HOSTILE = "X[/]Y [@click=app.quit]q[/] [bold]b[/bold] [$accent]c"
"""Markup that crashes a markup parser ([/]), runs an action ([@click]) or styles text."""


def _hostile_scenario(tmp_path: Path) -> tuple[sim.Scenario, Path]:
    data = workshop_data()
    roles = data["roles"]
    roles[0]["name"] = {"zh": "组长" + HOSTILE, "en": "Leader " + HOSTILE}
    actions = data["actions"]
    for action in actions:
        action["label"] = {"zh": "动作" + HOSTILE, "en": "Act " + HOSTILE}
        # the label is too wide for the actions panel: a short label, with markup too
        action["short"] = {"zh": "动[/]作[@click=a]", "en": "Act [/] [b]x[/b]"}
    responders = data["responders"]
    for responder in responders:
        responder["name"] = "Brigade " + HOSTILE
    nodes = data["site"]["nodes"]
    for node in nodes:
        node["name"] = "Place " + HOSTILE
    population = data["population"]
    for group in population:
        group["name"] = "Group " + HOSTILE
    text = scenario_text(
        roles=roles,
        actions=actions,
        responders=responders,
        site=data["site"],
        population=population,
        title="Drill " + HOSTILE,
        unit="Unit " + HOSTILE,
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    checked = sim.check_file(path)
    assert checked.scenario is not None, [p.format("en") for p in checked.problems]
    return checked.scenario, path


async def test_markup_in_names_is_shown_as_written(tmp_path: Path) -> None:
    scenario, path = _hostile_scenario(tmp_path)
    app = app_for("en", scenario=scenario, scenario_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, SetupScreen)
        await pilot.press(*"Night[/]shift")
        assert app.screen.query_one("#team", Input).value == "Night[/]shift"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        session = drill.session
        await pilot.press("f1")
        await pilot.pause()
        help_text = shown(app.screen.query_one("#help-table", Static))
        assert "Act X[/]Y [@click=app.quit]q[/]" in help_text
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Act")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
        for action_id in ("alarm", "call_119"):
            if session.scenario.index.actions.get(action_id):
                drill.action_act(action_id)
                await pilot.pause()
                await pilot.press("ctrl+s")
                await pilot.pause()
                if app.screen is not drill:
                    await pilot.press("escape")
        drill.step(600.0)
        await pilot.pause()
        await pilot.press("escape", "y")
        debrief = await wait_for_screen(pilot, app, DebriefScreen)
        for body in debrief.query(Static):
            body.render()
        assert app.is_running
        app.open_history()
        await pilot.pause()
        app.open_history(team="Night[/]shift")
        await pilot.pause()
        app.open_record(session.session_id)
        await pilot.pause()
        assert app.is_running
