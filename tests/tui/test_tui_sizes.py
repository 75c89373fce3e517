"""Screens at the sizes of a training room: from 80×24 up, every action of every bundled
scenario is in sight on the drill screen, without scrolling."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rich.cells import cell_len, set_cell_size

import sim
from sim import localize
from tests.tui.tui_helpers import app_for, scenario, screen_text
from tui.screens.drill import DrillScreen
from tui.session import DrillSession, Participant, Settings
from tui.widgets.actions_panel import ActionsPanel

BUNDLED = sim.bundled_ids()
SHORT_MAX_CELLS = 18


def session_for(scenario_id: str, at_s: float) -> DrillSession:
    sc = scenario(scenario_id)
    settings = Settings(participants=[Participant("W", sc.roles[0].id)], seed=1)
    session = DrillSession(sc, settings)
    session.step(at_s)
    return session


@pytest.mark.parametrize("scenario_id", BUNDLED)
def test_every_short_label_fits_a_column(scenario_id: str) -> None:
    for action in scenario(scenario_id).actions:
        for lang in ("zh", "en"):
            text = localize(action.short or action.label, lang)
            assert cell_len(text) <= SHORT_MAX_CELLS or action.short is None, (action.id, text)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("scenario_id", BUNDLED)
async def test_every_action_is_in_sight_on_the_drill_screen(
    scenario_id: str, lang: str, size: tuple[int, int]
) -> None:
    # 90 s in: the first prompts are open and take their lines.
    session = session_for(scenario_id, 90.0)
    app = app_for(lang, catalog=[])
    async with app.run_test(size=size) as pilot:
        drill = DrillScreen(session, autoplay=False)
        await app.push_screen(drill)
        await pilot.pause()
        text = screen_text(app)
        panel = drill.query_one(ActionsPanel)
        missing = []
        for action in session.scenario.actions:
            label = localize(action.label, lang)
            short = panel.short_label(action.id)
            key = drill.hotkeys[action.id]
            if label not in text and short not in text:
                missing.append((key, action.id, short))
        assert not missing, text
        # nothing is hidden below the panel's last line
        _, lines = panel.grid()
        assert lines <= panel.content_size.height


async def test_the_arrows_and_enter_choose_an_action_in_columns() -> None:
    from tui.screens.action_form import ActionFormScreen

    session = session_for("hotel-evacuation", 0.0)
    app = app_for("en", catalog=[])
    async with app.run_test(size=(80, 24)) as pilot:
        drill = DrillScreen(session, autoplay=False)
        await app.push_screen(drill)
        await pilot.pause()
        panel = drill.query_one(ActionsPanel)
        columns, lines = panel.grid()
        assert columns == 2
        assert panel.has_focus and panel.highlighted == 0
        await pilot.press("right", "down")
        assert panel.highlighted == lines + 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionFormScreen)
        assert app.screen.action.id == panel.action_ids[lines + 1]
        await pilot.press("escape")
        await pilot.pause()
        # a click on the first column's third line
        await pilot.click(ActionsPanel, offset=(2, 2))
        await pilot.pause()
        assert isinstance(app.screen, ActionFormScreen)
        assert app.screen.action.id == panel.action_ids[2]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


async def _read_all(pilot: Any, app: Any, selector: str) -> str:
    """The whole text of a scrolling pane, read page by page with PgDn as a user would."""
    pane = app.screen.query_one(selector)
    lines: dict[int, str] = {}
    for _ in range(200):
        await pilot.wait_for_scheduled_animations()  # the page has finished scrolling
        await pilot.pause()
        shown_lines = screen_text(app).split("\n")
        region = pane.scrollable_content_region  # without the scrollbar
        top = round(pane.scroll_y)
        for i in range(region.height):
            # cut by terminal cells (a Chinese character takes two), not by characters
            row = set_cell_size(shown_lines[region.y + i], region.right)
            lines[top + i] = row[len(set_cell_size(row, region.x)) :] if region.x else row
        if pane.scroll_y >= pane.max_scroll_y:
            break
        await pilot.press("pagedown")
    return "\n".join(lines[i] for i in sorted(lines))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("scenario_id", BUNDLED)
async def test_the_debrief_at_80_columns_cuts_nothing(scenario_id: str, lang: str) -> None:
    from tui.screens.debrief import DebriefScreen

    # Nothing done and the drill ended early: every expectation late or missed, and a
    # deduction for each.
    session = session_for(scenario_id, 240.0)
    session.end()
    app = app_for(lang, catalog=[])
    async with app.run_test(size=(80, 24)) as pilot:
        debrief = DebriefScreen(session)
        await app.push_screen(debrief)
        await pilot.pause()
        text = await _read_all(pilot, app, "#debrief")
        assert "…" not in text
        deductions = debrief.result["deductions"]
        assert deductions
        whole = _squeezed(text)
        for d in deductions:
            assert _squeezed(str(d[lang])) in whole, d[lang]
            assert f"−{float(d['points']):.1f}" in text
        for row in debrief.result["expectations"]:
            result = debrief._result_cell(row, lang).plain
            assert result in text, result
