"""Dialogs from the keyboard: the focused field is always visibly different, Enter in a field
submits, Esc cancels, and Tab then Enter never cancels by accident (the evacuation order)."""

from __future__ import annotations

import io
import re
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
            "confirm": lambda: ConfirmScreen(sim.Phrase("confirm_end")),
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
        screen = (
            NoteScreen(session) if dialog == "note" else ConfirmScreen(sim.Phrase("confirm_end"))
        )
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


async def test_help_stops_the_clock_and_starts_it_again() -> None:
    from tui.screens.help import HelpScreen

    session = session_for("hotel-evacuation")
    app = app_for("en", catalog=[])
    app.autoplay = True
    async with app.run_test(size=(80, 24)) as pilot:
        drill = DrillScreen(session, autoplay=True)
        await app.push_screen(drill)
        await pilot.pause()
        assert not session.paused
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert session.paused
        stopped_at = session.drill.now_s
        await pilot.pause(0.3)  # three ticks of the clock's timer
        assert session.drill.now_s == stopped_at
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen) and not session.paused
        # opened from a dialog over the drill: the same
        await pilot.press(drill.hotkeys["evacuate"])
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and session.paused
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ActionFormScreen) and not session.paused


async def test_help_leaves_a_paused_clock_paused() -> None:
    session = session_for("workshop-evacuation")
    app = app_for("en", catalog=[])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_drill(app, pilot, session)
        await pilot.press("space")
        assert session.paused
        await pilot.press("f1")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen) and session.paused


async def test_f2_works_in_an_action_form_and_keeps_what_was_entered() -> None:
    from textual.widgets import Select, SelectionList, Static

    session = session_for("chemical-vehicle-leak")
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_drill(app, pilot, session)
        await app.push_screen(ActionFormScreen(session, "report_head"))
        await pilot.pause()
        form = app.screen
        elements = form.query_one("#param-elements", SelectionList)
        elements.select("unit")
        form.query_one("#param-un_number", Input).value = "1005"
        by = form.query_one("#form-by", Select)
        roles = [v for _, v in by._options]
        by.value = roles[-1]
        await pilot.press("f2")
        await pilot.pause()
        await pilot.pause()
        assert app.lang == "zh"
        assert app.screen is form
        title = str(form.query_one("#form-title", Static).render())
        assert "向单位负责人报告" in title
        assert form.query_one("#param-elements", SelectionList).selected == ["unit"]
        assert form.query_one("#param-un_number", Input).value == "1005"
        assert form.query_one("#form-by", Select).value == roles[-1]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "report_head" in session.drill.started or "report_head" in session.drill.done


async def test_f2_works_in_the_message_dialog() -> None:
    from textual.widgets import Label

    session = session_for("workshop-evacuation")
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_drill(app, pilot, session)
        await app.push_screen(NoteScreen(session))
        await pilot.pause()
        await pilot.press(*"smoke")
        await pilot.press("f2")
        await pilot.pause()
        await pilot.pause()
        assert app.lang == "zh"
        labels = [str(w.render()) for w in app.screen.query(Label)]
        assert any("发给" in t or "内容" in t for t in labels), labels
        assert app.screen.query_one("#note-text", Input).value == "smoke"


def forms() -> list[tuple[str, str]]:
    """Each bundled scenario's action with the most fields (its tallest form)."""
    out = []
    for scenario_id in sim.bundled_ids():
        sc = scenario(scenario_id)
        tallest = max(sc.actions, key=lambda a: (len(a.params), bool(a.hint), len(a.fixed)))
        out.append((scenario_id, tallest.id))
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("scenario_id", "action_id"), forms())
async def test_the_form_buttons_are_in_sight_at_80x24(
    scenario_id: str, action_id: str, lang: str
) -> None:
    from textual.widgets import Button

    from tests.tui.tui_helpers import screen_text

    session = session_for(scenario_id)
    app = app_for(lang, catalog=[])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_drill(app, pilot, session)
        await app.push_screen(ActionFormScreen(session, action_id))
        await pilot.pause()
        text = screen_text(app)
        for button_id in ("form-go", "form-cancel"):
            label = str(app.screen.query_one(f"#{button_id}", Button).label)
            assert label in text, (button_id, text)


# --- F1 and F2 in every dialog --------------------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")


def dialog_text(app: Any) -> str:
    """The text inside the top dialog's frame, as a person sees it (cut by terminal cells)."""
    from rich.cells import set_cell_size

    from tests.tui.tui_helpers import screen_text

    region = app.screen.query(".dialog").first().region
    lines = screen_text(app).split("\n")[region.y : region.bottom]
    out = []
    for line in lines:
        row = set_cell_size(line, region.right)
        out.append(row[len(set_cell_size(row, region.x)) :] if region.x else row)
    return "\n".join(out)


def _recorded_session_id() -> str:
    from tests.tui.tui_helpers import scenario_path

    session = DrillSession(scenario("workshop-evacuation"), Settings(seed=1), scenario_path())
    session.begin()
    session.end()
    assert session.session_id is not None
    return session.session_id


def _seat_form() -> Any:
    from tests.tui.room_helpers import make_host, run_for
    from tui.screens.seat import SeatActionForm, SeatDesk

    host = make_host(mode="coaching")
    run_for(host, 30.0)
    return SeatActionForm(SeatDesk(host.local_link("leader")), "alarm")


def _dialogs() -> dict[str, Any]:
    """Every dialog of the app, opened as a test can open it (each over the drill screen)."""
    from tui.screens.help import HelpScreen
    from tui.screens.record_forms import ExportForm, ImprovementForm, NoteForm

    return {
        "ActionFormScreen": lambda s, sid: ActionFormScreen(s, "evacuate"),
        "SeatActionForm": lambda s, sid: _seat_form(),
        "ConfirmScreen": lambda s, sid: ConfirmScreen(sim.Phrase("confirm_end")),
        "InjectScreen": lambda s, sid: InjectScreen(s),
        "NoteScreen": lambda s, sid: NoteScreen(s),
        "NoteForm": lambda s, sid: NoteForm(sid),
        "ImprovementForm": lambda s, sid: ImprovementForm(sid),
        "ExportForm": lambda s, sid: ExportForm(sid),
        "HelpScreen": lambda s, sid: HelpScreen(),
    }


def _modal_classes() -> set[str]:
    """Every concrete dialog class in tui (each screen module imported)."""
    import importlib
    import pkgutil

    import tui.screens
    from tui.screens.base import DrillsimModal

    for info in pkgutil.iter_modules(tui.screens.__path__):
        importlib.import_module(f"tui.screens.{info.name}")
    found: set[str] = set()
    todo = list(DrillsimModal.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        # the three history forms' common base, and dialogs tests make up
        if cls.__name__ != "RecordForm" and cls.__module__.startswith("tui."):
            found.add(cls.__name__)
    return found


def test_every_dialog_is_tried_for_f1_and_f2() -> None:
    assert _modal_classes() == set(_dialogs())


@pytest.mark.parametrize("dialog", sorted(_dialogs()))
async def test_f2_and_f1_work_in_every_dialog(dialog: str) -> None:
    """F2 says the dialog again in the other language (it stays open); F1 opens the help over
    it (F1 in the help closes it), and Esc comes back to the dialog."""
    from tui.screens.help import HelpScreen

    sid = _recorded_session_id()
    session = session_for("workshop-evacuation")
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_drill(app, pilot, session)
        screen = _dialogs()[dialog](session, sid)
        await app.push_screen(screen)
        await pilot.pause()
        before = dialog_text(app)
        assert not _CJK.search(before), before
        await pilot.press("f2")
        await pilot.pause()
        await pilot.pause()
        assert app.lang == "zh"
        assert app.screen is screen
        after = dialog_text(app)
        assert len(_CJK.findall(after)) >= 4, after
        if dialog == "HelpScreen":
            await pilot.press("f1")
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen)
            return
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("f2")
        await pilot.pause()
        await pilot.pause()
        assert app.lang == "en" and not _CJK.search(dialog_text(app)), dialog_text(app)


def _help_table_text(app: Any) -> str:
    """The whole of the open help's table (every row, scrolled into sight or not)."""
    from textual.widgets import Static

    table = app.screen.query_one("#help-table", Static).content
    console = Console(width=200, file=io.StringIO(), color_system=None)
    console.print(table)
    out = console.file.getvalue()
    assert isinstance(out, str)
    return out


async def test_f2_in_the_help_says_the_drills_action_rows_again() -> None:
    """Opened from a drill in Chinese, the help lists the action hotkeys with their labels;
    F2 in the help says every row again in English, the actions' too."""
    from tui.screens.help import HelpScreen

    session = session_for("workshop-evacuation")
    app = app_for("zh", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await open_drill(app, pilot, session)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        labels = {aid: session.scenario.action(aid).label for aid in drill.hotkeys}
        zh = _help_table_text(app)
        assert all(sim.localize(label, "zh") in zh for label in labels.values()), zh
        await pilot.press("f2")
        await pilot.pause()
        await pilot.pause()
        assert app.lang == "en" and isinstance(app.screen, HelpScreen)
        en = _help_table_text(app)
        assert not _CJK.search(en), en
        assert all(sim.localize(label, "en") in en for label in labels.values()), en
