"""Screens move the app on by messages, and follow the language by the app's signal.

Each screen posts its own messages (``PickerScreen.Chosen``, ``SetupScreen.Ready``…); the app
opens the next screen. These tests post each message from its screen, as the screen's own
keys would, and check what the app does; then they switch the language under a stack of
screens and check that every screen and every widget showing text followed it."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TabbedContent

import sim
from tests.tui.tui_helpers import (
    HISTORY_DRILLS,
    app_for,
    entry,
    scenario,
    scenario_path,
    seed_history,
    shown,
    wait_for_screen,
)
from tui.app import DrillsimApp
from tui.screens.base import DrillsimHost, DrillsimModal, DrillsimScreen
from tui.screens.briefing import BriefingScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.drill import DrillScreen
from tui.screens.help import HelpScreen
from tui.screens.history import HistoryScreen, RecordScreen
from tui.screens.picker import PickerScreen
from tui.screens.record_forms import ExportForm, NoteForm, Saved
from tui.screens.setup import ParticipantRow, SetupScreen
from tui.session import DrillSession, Participant, Settings
from tui.widgets.actions_panel import ActionsPanel
from tui.widgets.clock import ClockStatus
from tui.widgets.feed import EventFeed
from tui.widgets.roles import RolesPanel
from tui.widgets.sitemap import FloorBar

SCREENS: list[type[DrillsimScreen[Any]]] = [
    PickerScreen,
    SetupScreen,
    BriefingScreen,
    DrillScreen,
    DebriefScreen,
    HistoryScreen,
]

INTERNAL = {DrillScreen.Tick}
"""Messages a screen posts to itself (the clock's ticks), not to the app."""


def screen_messages() -> list[type[Message]]:
    """Every message class nested in a screen."""
    return [
        value
        for screen in SCREENS
        for value in vars(screen).values()
        if inspect.isclass(value) and issubclass(value, Message) and value not in INTERNAL
    ]


def test_every_screen_message_has_a_handler_on_the_app() -> None:
    """The app finds its handlers by the messages' names (``on_picker_screen_chosen``): a
    message renamed without its handler would be dropped without a word."""
    messages = screen_messages()
    assert len(messages) == 11
    for message in messages:
        assert callable(getattr(DrillsimApp, message.handler_name, None)), message.__qualname__


def test_the_app_is_what_screens_expect_of_it() -> None:
    app = app_for("en")
    assert isinstance(app, DrillsimHost)


def recorded_session(sc: sim.Scenario | None = None) -> DrillSession:
    session = DrillSession(sc or scenario(), Settings(seed=1), scenario_path())
    session.begin()
    return session


# --- each message, and what the app does with it ---------------------------------------------


async def test_picker_chosen_opens_the_setup_of_that_scenario() -> None:
    app = app_for("en")
    async with app.run_test(size=(100, 30)) as pilot:
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        sc = scenario()
        picker.post_message(PickerScreen.Chosen(sc, scenario_path()))
        setup = await wait_for_screen(pilot, app, SetupScreen)
        assert setup.scenario is sc and setup.path == scenario_path()
        assert app.screen_stack[-2] is picker


async def test_picker_show_history_opens_the_history() -> None:
    seed_history()
    app = app_for("en")
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.post_message(PickerScreen.ShowHistory())
        history = await wait_for_screen(pilot, app, HistoryScreen)
        assert len(history.all_rows) == len(HISTORY_DRILLS)


async def test_picker_continue_resumes_an_unfinished_drill_paused() -> None:
    left = recorded_session()
    left.step(30.0)
    left.close()
    sid = left.session_id
    assert sid is not None
    app = app_for("en")
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.post_message(PickerScreen.Continue(sid))
        drill = await wait_for_screen(pilot, app, DrillScreen)
        assert drill.session.session_id == sid
        assert drill.session.paused
        assert drill.session.drill.now_s == pytest.approx(30.0)


async def test_picker_continue_of_a_missing_journal_says_so_and_stays() -> None:
    app = app_for("en")
    async with app.run_test(size=(100, 30)) as pilot:
        picker = app.screen
        picker.post_message(PickerScreen.Continue("20990101-000000-ffffff"))
        await pilot.pause()
        assert app.screen is picker
        assert any(n.severity == "error" for n in app._notifications)


async def test_setup_ready_opens_the_briefing_of_a_drill_with_those_settings() -> None:
    app = app_for("en", scenario=scenario())
    async with app.run_test(size=(100, 30)) as pilot:
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        settings = Settings(team="B", participants=[Participant("Li", "leader")], seed=7)
        setup.post_message(SetupScreen.Ready(setup.scenario, settings, scenario_path()))
        briefing = await wait_for_screen(pilot, app, BriefingScreen)
        assert briefing.session.settings is settings
        assert briefing.session.seed == 7
        assert briefing.session.scenario_path == scenario_path()


async def test_setup_back_pops_to_the_picker_or_opens_one() -> None:
    app = app_for("en")
    async with app.run_test(size=(100, 30)) as pilot:
        picker = app.screen
        picker.post_message(PickerScreen.Chosen(scenario(), None))
        setup = await wait_for_screen(pilot, app, SetupScreen)
        setup.post_message(SetupScreen.Back())
        await wait_for_screen(pilot, app, PickerScreen)
        assert app.screen is picker, "the picker under the setup, not a new one"
    started_on_setup = app_for("en", scenario=scenario())
    async with started_on_setup.run_test(size=(100, 30)) as pilot:
        started_on_setup.screen.post_message(SetupScreen.Back())
        await wait_for_screen(pilot, started_on_setup, PickerScreen)
        assert len(started_on_setup.screen_stack) == 2


async def test_briefing_start_replaces_the_briefing_with_the_drill() -> None:
    app = app_for("en", scenario=scenario())
    async with app.run_test(size=(100, 30)) as pilot:
        session = DrillSession(scenario(), Settings(seed=1))
        await app.push_screen(BriefingScreen(session))
        await pilot.pause()
        app.screen.post_message(BriefingScreen.Start(session))
        drill = await wait_for_screen(pilot, app, DrillScreen)
        assert drill.session is session
        assert not any(isinstance(sc, BriefingScreen) for sc in app.screen_stack)


async def test_drill_finished_closes_its_dialogs_and_opens_the_debrief() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        session = DrillSession(scenario(), Settings(seed=1))
        drill = DrillScreen(session, autoplay=False)
        await app.push_screen(drill)
        await app.push_screen(ConfirmScreen(sim.Phrase("confirm_end")))
        await pilot.pause()
        session.end()
        drill.post_message(DrillScreen.Finished(session))
        debrief = await wait_for_screen(pilot, app, DebriefScreen)
        assert debrief.session is session
        assert not any(isinstance(sc, DrillScreen | ConfirmScreen) for sc in app.screen_stack)


async def test_debrief_show_history_opens_the_history_on_the_team() -> None:
    seed_history()
    app = app_for("en", catalog=[])
    async with app.run_test(size=(120, 30)) as pilot:
        session = DrillSession(scenario(), Settings(seed=1))
        session.end()
        await app.push_screen(DebriefScreen(session))
        await pilot.pause()
        team = HISTORY_DRILLS[0][2]
        app.screen.post_message(DebriefScreen.ShowHistory(team))
        history = await wait_for_screen(pilot, app, HistoryScreen)
        assert history.filter_value("team") == team
        assert {r.team for r in history.rows} == {team}


async def test_debrief_new_drill_leaves_only_the_picker() -> None:
    app = app_for("en")
    async with app.run_test(size=(100, 30)) as pilot:
        session = DrillSession(scenario(), Settings(seed=1))
        session.end()
        await app.push_screen(DebriefScreen(session))
        await pilot.pause()
        app.screen.post_message(DebriefScreen.NewDrill())
        await wait_for_screen(pilot, app, PickerScreen)
        assert len(app.screen_stack) == 2


async def test_history_record_chosen_opens_that_record() -> None:
    ids = seed_history()
    app = app_for("en", catalog=[])
    async with app.run_test(size=(120, 30)) as pilot:
        await app.push_screen(HistoryScreen())
        await pilot.pause()
        app.screen.post_message(HistoryScreen.RecordChosen(ids[3]))
        record = await wait_for_screen(pilot, app, RecordScreen)
        assert record.session_id == ids[3]
        assert ids[3] in shown(record.query_one("#record-summary", Static))


# --- the language signal --------------------------------------------------------------------


async def test_f2_redraws_every_screen_in_the_stack_through_the_signal() -> None:
    """Picker, setup, briefing and drill, one over the other: F2 on top changes the words
    of every one of them, and of each widget that shows text; a dialog open when the
    language changes (the help) follows it too."""
    sc = scenario()
    app = app_for("en", catalog=[entry("workshop-evacuation")])
    async with app.run_test(size=(120, 40)) as pilot:
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        setup = SetupScreen(sc)
        await app.push_screen(setup)
        session = DrillSession(sc, Settings(participants=[Participant("Li", "leader")], seed=1))
        briefing = BriefingScreen(session)
        await app.push_screen(briefing)
        drill = DrillScreen(DrillSession(sc, Settings(seed=1)), autoplay=False)
        await app.push_screen(drill)
        await pilot.pause()
        drill.step(30.0)
        stack: list[DrillsimScreen[Any]] = [picker, setup, briefing, drill]
        subscribed = set(app.language_changed_signal._subscriptions)
        assert set(stack) <= subscribed
        widgets = [
            drill.query_one(ActionsPanel),
            drill.query_one(RolesPanel),
            drill.query_one(EventFeed),
            *setup.query(ParticipantRow),
        ]
        assert set(widgets) <= subscribed

        await pilot.press("f2")
        assert app.lang == "zh"
        assert [sc.sub_title for sc in stack] == [
            "选择场景",
            "演练设置",
            "情况介绍",
            "演练进行中",
        ]
        # the picker's list, the setup's labels and role choices, the briefing's tabs
        assert "车间疏散演练" in str(
            picker.query_one("#picker-list", OptionList).get_option_at_index(0).prompt
        )
        assert str(setup.query_one("#label-team", Label).render()) == "班组名称"
        assert str(setup.query_one("#next", Button).label) == "下一步：情况介绍"
        tabs = briefing.query_one(TabbedContent)
        assert str(tabs.get_tab("situation").label) == "1 情况"
        # the drill's own panes, and each widget that follows the language itself
        assert "班组长" in shown(drill.query_one(RolesPanel))
        assert "班组长" in "\n".join(drill.query_one(EventFeed).lines)
        assert "发出警报" in shown(drill.query_one(ActionsPanel))
        assert "安全" in str(drill.query_one(ClockStatus).render())
        assert "层" in shown(drill.query_one(FloorBar))

        # F2 is not a dialog's key; the language may still change under it (the palette)
        help_screen = HelpScreen(drill.help_rows(), "help_drill")
        await app.push_screen(help_screen)
        await pilot.pause()
        assert "按键说明" in shown(help_screen.query_one("#help-title", Static))
        app.action_toggle_lang()
        assert app.lang == "en"
        assert "Keys" in shown(help_screen.query_one("#help-title", Static))
        assert drill.sub_title == "drill" and picker.sub_title == "choose a scenario"
        assert "Shift leader" in shown(drill.query_one(RolesPanel))


async def test_a_dialog_that_locks_the_language_keeps_it() -> None:
    class Locked(ConfirmScreen):
        LANG_LOCKED = True

    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = Locked(sim.Phrase("confirm_end"))
        assert isinstance(dialog, DrillsimModal) and dialog.LANG_LOCKED
        await app.push_screen(dialog)
        await pilot.press("f2")
        assert app.lang == "en"


async def test_a_new_theme_redraws_the_feeds_kept_lines() -> None:
    """The feed keeps its drawn lines (with the theme's background); the theme's signal
    draws them again."""
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = DrillScreen(DrillSession(scenario(), Settings(seed=1)), autoplay=False)
        await app.push_screen(drill)
        await pilot.pause()
        drill.step(30.0)
        feed = drill.query_one(EventFeed)

        def backgrounds() -> set[Any]:
            return {
                seg.style.bgcolor
                for strip in feed._lines
                for seg in strip
                if seg.style is not None and seg.style.bgcolor is not None
            }

        before = backgrounds()
        assert before
        app.theme = "textual-light"
        await pilot.pause()
        after = backgrounds()
        assert after and after != before
        assert feed.rich_style.bgcolor in after


# --- dialogs answer through dismiss ------------------------------------------------------------


async def test_record_forms_answer_with_what_they_saved_or_none() -> None:
    """A record form is dismissed with Saved (the export's file in it) or, cancelled, None."""
    session = recorded_session()
    session.end()
    sid = session.session_id
    assert sid is not None and session.finished
    app = app_for("en", catalog=[])
    answers: list[Saved | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(NoteForm(sid), answers.append)
        await pilot.press("escape")
        await app.push_screen(NoteForm(sid), answers.append)
        app.screen.query_one("#note-form-text", Input).value = "Stair B door was wedged open"
        await pilot.press("ctrl+s")
        export = ExportForm(sid)
        await app.push_screen(export, answers.append)
        app.screen.query_one("#export-format", Select).value = "json"
        await pilot.pause()
        path = Path(export.query_one("#export-path", Input).value)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert answers == [None, Saved(None), Saved(path)]
    assert path.suffix == ".json" and path.is_file()
