"""Dialogs from the keyboard: the focused field is always visibly different, Enter in a field
submits, Esc cancels, and Tab then Enter never cancels by accident (the evacuation order)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console
from textual.widget import Widget
from textual.widgets import Input

import sim
from tests.tui.tui_helpers import app_for, scenario
from tui.screens.action_form import ActionFormScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.drill import DrillScreen
from tui.screens.inject import InjectScreen, NoteScreen
from tui.session import DrillSession, Participant, Settings


def session_for(scenario_id: str, at_s: float = 30.0) -> DrillSession:
    sc = scenario(scenario_id)
    people = [Participant(f"P{i}", r.id) for i, r in enumerate(sc.roles)]
    session = DrillSession(sc, Settings(participants=people, seed=1))
    session.step(at_s)
    return session


def looks(app: Any, widget: Widget) -> list[tuple[str, str]]:
    """What the terminal shows where a widget is: each cell run's text and style."""
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    console = Console(width=app.size.width, color_system="truecolor", file=io.StringIO())
    lines = console.render_lines(update, console.options.update_height(app.size.height))
    region = widget.region
    out = []
    for y in range(region.y, region.bottom):
        x = 0
        for seg in lines[y]:
            width = seg.cell_length
            if x + width > region.x and x < region.right:
                out.append((seg.text, str(seg.style)))
            x += width
    return out


def evacuations() -> list[tuple[str, str]]:
    out = []
    for scenario_id in sim.bundled_ids():
        for action in scenario(scenario_id).actions:
            if action.kind == "evacuate":
                out.append((scenario_id, action.id))
                break
    return out


async def open_drill(app: Any, pilot: Any, session: DrillSession) -> DrillScreen:
    drill = DrillScreen(session, autoplay=False)
    await app.push_screen(drill)
    await pilot.pause()
    return drill


@pytest.mark.parametrize(("scenario_id", "action_id"), evacuations())
async def test_e_tab_enter_orders_the_evacuation(scenario_id: str, action_id: str) -> None:
    session = session_for(scenario_id)
    app = app_for("en", catalog=[])
    async with app.run_test(size=(80, 24)) as pilot:
        drill = await open_drill(app, pilot, session)
        await pilot.press(drill.hotkeys[action_id])
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionFormScreen) and form.action.id == action_id
        # Tab through every field to the form's own button, then Enter
        for _ in range(10):
            if app.focused is not None and app.focused.id == "form-go":
                break
            await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "form-go"
        await pilot.press("enter")
        await pilot.pause()
        taken = action_id in session.drill.started or action_id in session.drill.done
        refused = isinstance(app.screen, ActionFormScreen) and app.screen.query_one(
            "#form-reason"
        ).has_class("-shown")
        assert taken or refused, "the order was dropped without a word"


async def test_tab_never_lands_on_cancel() -> None:
    session = session_for("workshop-evacuation")
    app = app_for("en", catalog=[])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_drill(app, pilot, session)
        await app.push_screen(ActionFormScreen(session, "evacuate"))
        await pilot.pause()
        seen = set()
        for _ in range(8):
            await pilot.press("tab")
            assert app.focused is not None
            seen.add(app.focused.id)
        assert "form-cancel" not in seen and "form-go" in seen


async def test_enter_in_a_field_submits() -> None:
    session = session_for("chemical-vehicle-leak")
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_drill(app, pilot, session)
        await app.push_screen(ActionFormScreen(session, "cordon"))
        await pilot.pause()
        field = app.screen.query_one("#param-radius_m", Input)
        assert app.focused is field
        field.value = ""
        await pilot.press("2", "0", "0", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ActionFormScreen)
        assert "cordon" in session.drill.started or "cordon" in session.drill.done

        await app.push_screen(NoteScreen(session))
        await pilot.pause()
        await pilot.press(*"Gate A is blocked", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
        assert any("Gate A is blocked" in str(e.data) for e in session.drill.log)


@pytest.mark.parametrize("dialog", ["action", "note", "inject", "confirm"])
async def test_esc_cancels(dialog: str) -> None:
    session = session_for("hotel-evacuation")
    app = app_for("en", catalog=[])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_drill(app, pilot, session)
        answers: list[Any] = []
        screens: dict[str, Any] = {
            "action": lambda: ActionFormScreen(session, "evacuate"),
            "note": lambda: NoteScreen(session),
            "inject": lambda: InjectScreen(session),
            "confirm": lambda: ConfirmScreen("End the drill now?"),
        }
        log_before = len(session.drill.log)
        await app.push_screen(screens[dialog](), answers.append)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        assert answers == [False]
        assert "evacuate" not in session.drill.started
        assert len(session.drill.log) == log_before


def _focusable(screen: Any) -> list[Widget]:
    return [w for w in screen.query("*") if w.focusable and w.display]


@pytest.mark.parametrize(
    ("scenario_id", "action_id"),
    [
        ("hotel-evacuation", "evacuate"),
        ("hotel-evacuation", "report_manager"),
        ("chemical-vehicle-leak", "report_head"),
        ("scaffold-collapse", "aid_pinned"),
    ],
)
async def test_the_focused_field_looks_different(scenario_id: str, action_id: str) -> None:
    session = session_for(scenario_id)
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 40)) as pilot:
        await open_drill(app, pilot, session)
        await app.push_screen(ActionFormScreen(session, action_id))
        await pilot.pause()
        widgets = _focusable(app.screen)
        assert len(widgets) >= 2
        for widget in widgets:
            other = next(w for w in widgets if w is not widget)
            other.focus()
            await pilot.pause()
            blurred = looks(app, widget)
            widget.focus()
            await pilot.pause()
            assert looks(app, widget) != blurred, widget


@pytest.mark.parametrize("dialog", ["note", "confirm"])
async def test_the_focused_field_looks_different_in_other_dialogs(dialog: str) -> None:
    session = session_for("hotel-evacuation")
    app = app_for("zh", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_drill(app, pilot, session)
        screen = NoteScreen(session) if dialog == "note" else ConfirmScreen("?")
        await app.push_screen(screen)
        await pilot.pause()
        widgets = _focusable(app.screen)
        assert len(widgets) >= 2
        for widget in widgets:
            other = next(w for w in widgets if w is not widget)
            other.focus()
            await pilot.pause()
            blurred = looks(app, widget)
            widget.focus()
            await pilot.pause()
            assert looks(app, widget) != blurred, widget
