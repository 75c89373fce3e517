"""Coaching and assessment (issue 13, item 2): in assessment the participants' screen never
shows the key or the action that answers a prompt, a dialog never starts on the right
choice nor hints at it, and the optional injects are not listed; coaching may do all that.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Select, Static

from sim import Lang
from tests.tui.tui_helpers import app_for, scenario
from tui.modes import (
    ASSESSMENT,
    COACHING,
    check_mode,
    lists_optional_injects,
    preselects_choices,
    shows_answers,
    shows_hints,
)
from tui.names import Names
from tui.screens.action_form import ActionFormScreen
from tui.screens.drill import DrillScreen, free_hotkeys
from tui.screens.inject import InjectScreen
from tui.session import DrillSession, Settings
from tui.widgets.prompts import PromptPanel, prompt_text

CHEMICAL = "chemical-vehicle-leak"


def session(mode: str, scenario_id: str = "workshop-evacuation") -> DrillSession:
    return DrillSession(scenario(scenario_id), Settings(seed=1, mode=mode))


def test_the_modes_allow_what_the_issue_says() -> None:
    assert Settings().mode == COACHING
    for allowed in (shows_answers, shows_hints, preselects_choices, lists_optional_injects):
        assert allowed(COACHING) and not allowed(ASSESSMENT)
    with pytest.raises(ValueError, match="unknown mode 'exam'"):
        check_mode("exam")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_prompt_names_its_answer_only_in_coaching(lang: Lang) -> None:
    """The workshop's panel alarm (20 s) asks the leader to act, expecting the alarm (key a)."""
    s = session(COACHING)
    s.step(25.0)
    (prompt,) = s.prompts()
    assert prompt.expects == "alarm"
    names, keys = Names(s.scenario), free_hotkeys(s.scenario)
    label = names.action("alarm", lang)
    coached = prompt_text([prompt], 25.0, names, keys, lang).plain
    assessed = prompt_text([prompt], 25.0, names, keys, lang, answers=False).plain
    assert "[a]" in coached and label in coached and "→" in coached
    assert "[a]" not in assessed and label not in assessed and "→" not in assessed
    # the prompt itself is still there: who is asked, and what they are told
    assert names.role("leader", lang) in assessed and "1:" in assessed


def _panel_text(panel: PromptPanel) -> str:
    return str(panel.render())


@pytest.mark.parametrize("mode", [COACHING, ASSESSMENT])
async def test_the_drill_screen_prompts_follow_the_mode(mode: str) -> None:
    app = app_for("zh", catalog=[])
    async with app.run_test(size=(120, 40)) as pilot:
        s = session(mode)
        s.step(25.0)
        await app.push_screen(DrillScreen(s, autoplay=False))
        await pilot.pause()
        text = _panel_text(app.screen.query_one(PromptPanel))
        assert "班组长" in text
        assert ("[a]" in text and "应" in text) is (mode == COACHING)
        assert "发出警报" not in text or mode == COACHING


def _orders(s: DrillSession) -> list[Any]:
    return [e for e in s.drill.log if e.kind in ("action", "refused")]


async def _evacuation_form(mode: str, pilot: Any, app: Any) -> ActionFormScreen:
    s = session(mode, CHEMICAL)
    await app.push_screen(DrillScreen(s, autoplay=False))
    await pilot.pause()
    form = ActionFormScreen(s, "evacuate")
    await app.push_screen(form)
    await pilot.pause()
    return form


async def test_coaching_preselects_and_hints_the_assembly_point() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _evacuation_form(COACHING, pilot, app)
        title = str(form.query_one("#form-title", Static).render())
        assert "upwind or crosswind" in title
        assert form.query_one("#param-to", Select).value == "asm_nw"


async def test_assessment_neither_preselects_nor_hints_and_asks_for_a_choice() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _evacuation_form(ASSESSMENT, pilot, app)
        title = str(form.query_one("#form-title", Static).render())
        assert "upwind" not in title and "crosswind" not in title
        field = form.query_one("#param-to", Select)
        assert field.value is Select.NULL
        # taking it blank is not refused by the engine (nothing journaled): the form asks
        form.action_submit()
        await pilot.pause()
        reason = str(form.query_one("#form-reason", Static).render())
        assert "Choose 'Assembly point'" in reason
        assert app.screen is form and not _orders(form.session)
        # the team picks one itself, and the order goes out
        field.value = "asm_ne"
        form.action_submit()
        await pilot.pause()
        assert app.screen is not form
        (order,) = _orders(form.session)
        assert order.data["params"] == {"to": "asm_ne"}


@pytest.mark.parametrize("mode", [COACHING, ASSESSMENT])
async def test_optional_injects_are_listed_only_in_coaching(mode: str) -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(120, 40)) as pilot:
        s = session(mode, CHEMICAL)
        assert s.optional_injects()
        drill = DrillScreen(s, autoplay=False)
        await app.push_screen(drill)
        await pilot.pause()
        offered = [
            ab
            for ab in drill.active_bindings.values()
            if ab.binding.action == "inject" and ab.enabled and ab.binding.show
        ]
        assert bool(offered) is (mode == COACHING)
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, InjectScreen) is (mode == COACHING)
