"""The app driven with Pilot: the picker, languages, help, quitting, the facilitator
controls, forms and refusals, floors, the palette, the clock, saving, and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList, SelectionList, Static

import sim
from tests.tui.tui_helpers import (
    ROOT,
    app_for,
    entry,
    scenario,
    scenario_path,
    scenario_text,
    shown,
    workshop_data,
)
from tui.app import DrillsimApp, make_app
from tui.commands import drill_commands
from tui.screens.action_form import ActionFormScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.drill import DrillScreen
from tui.screens.help import HelpScreen
from tui.screens.inject import InjectScreen, NoteScreen
from tui.screens.picker import PickerScreen
from tui.screens.setup import ParticipantRow, SetupScreen
from tui.session import DrillSession, Settings
from tui.widgets.clock import ClockBar
from tui.widgets.feed import EventFeed
from tui.widgets.sitemap import FloorBar, MapPanel


def feed_text(screen: DrillScreen) -> str:
    return "\n".join(screen.query_one(EventFeed).lines)


async def to_drill(
    pilot: Any, app: DrillsimApp, sc: sim.Scenario | None = None, *, recorded: bool = False
) -> DrillScreen:
    """Straight to the drill screen of a scenario (the workshop drill by default), seed 1;
    the whole way there through the screens is the flow tests' job. ``recorded``: journaled
    and kept in the history, as the app's own drills are."""
    session = DrillSession(
        sc or scenario(), Settings(seed=1), scenario_path() if recorded else None
    )
    session.begin()
    await app.push_screen(DrillScreen(session, autoplay=app.autoplay))
    await pilot.pause()
    assert isinstance(app.screen, DrillScreen)
    return app.screen


def controls(screen: DrillScreen) -> list[dict[str, Any]]:
    return [dict(e.data) for e in screen.session.drill.log if e.kind == "control"]


# --- picker ----------------------------------------------------------------------------------


async def test_picker_lists_a_broken_user_file_with_its_problems() -> None:
    app = app_for("en")
    async with app.run_test(size=(100, 30)) as pilot:
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        options = picker.query_one("#picker-list", OptionList)
        assert options.option_count == 2
        await pilot.press("down")
        detail = shown(picker.query_one("#picker-detail", Static))
        assert "broken-drill.yaml" in detail
        assert "1:1" in detail or "3:" in detail
        await pilot.press("enter")
        assert app.screen is picker, "a broken file cannot be run, and nothing crashes"
        await pilot.press("up", "enter")
        assert isinstance(app.screen, SetupScreen)


async def test_picker_scans_the_folders_when_given_no_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "oops.yaml").write_text("id: oops\n", encoding="utf-8")
    monkeypatch.setenv("DRILLSIM_SCENARIOS", str(folder))
    app = make_app(lang="en", autoplay=False, keymap={})
    async with app.run_test(size=(100, 30)) as pilot:
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert picker.entries is not None
        ids = [e.id for e in picker.entries]
        assert "oops" in ids and "workshop-evacuation" in ids
        assert picker.query_one("#picker-list", OptionList).option_count == len(ids)


# --- language -------------------------------------------------------------------------------


async def test_f2_switches_the_language_everywhere() -> None:
    app = app_for("en")
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.screen.sub_title == "choose a scenario"
        await pilot.press("f2")
        assert app.lang == "zh"
        assert app.screen.sub_title == "选择场景"
        line = app.screen.query_one("#picker-list", OptionList).get_option_at_index(0).prompt
        assert "车间疏散演练" in str(line)
        drill = await to_drill(pilot, app)
        drill.step(30.0)
        assert "班组长" in feed_text(drill)
        await pilot.press("f2")
        assert app.lang == "en"
        assert "Shift leader" in feed_text(drill) and "班组长" not in feed_text(drill)
        assert drill.sub_title == "drill"


# --- help, quitting ---------------------------------------------------------------------------


async def test_help_lists_the_keys_and_the_action_hotkeys() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 40)) as pilot:
        await to_drill(pilot, app)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = shown(app.screen.query_one("#help-table", Static))
        for expected in ("pause", "inject", "note", "Sound the alarm", "Space", "Ctrl+P", "F3"):
            assert expected in text
        await pilot.press("escape")
        assert isinstance(app.screen, DrillScreen)


async def test_quitting_mid_drill_asks_first() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await to_drill(pilot, app)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.screen is drill and app.is_running
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
        assert not app.is_running


async def test_quitting_from_the_picker_needs_no_confirmation() -> None:
    app = app_for("en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


# --- facilitator controls -------------------------------------------------------------------------


async def test_pause_and_speed_keys_are_logged() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await to_drill(pilot, app)
        await pilot.press("space")
        assert drill.session.paused
        await pilot.press("f8", "minus", "space")
        assert not drill.session.paused
        assert drill.session.speed == 5.0
        assert [(c["action"], c.get("speed")) for c in controls(drill)] == [
            ("pause", None),
            ("speed", 10.0),
            ("speed", 5.0),
            ("resume", None),
        ]
        assert "Clock speed set to 5×" in feed_text(drill)


async def test_free_text_inject_goes_into_the_feed() -> None:
    app = app_for("zh", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await to_drill(pilot, app)
        await pilot.press("f4")
        assert isinstance(app.screen, NoteScreen)
        app.screen.query_one("#note-text", Input).value = "仓库还有一名访客"
        await pilot.press("enter")
        assert app.screen is drill
        events = [e for e in drill.session.drill.log if e.kind == "facilitator"]
        assert [e.data["text"] for e in events] == ["仓库还有一名访客"]
        assert "【导调】仓库还有一名访客" in feed_text(drill)


async def test_optional_injects_are_fired_by_hand() -> None:
    injects = workshop_data()["injects"]
    extra = {
        "id": "smoke_spreads",
        "at_s": 0,
        "optional": True,
        "to": "warden",
        "text": "Smoke in the west stair!",
    }
    sc = sim.check_text(scenario_text(injects=[*injects, extra]), "x.yaml").scenario
    assert sc is not None
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await to_drill(pilot, app, sc)
        drill.step(10.0)
        assert "Smoke in the west stair" not in feed_text(drill)
        await pilot.press("f3")
        assert isinstance(app.screen, InjectScreen)
        await pilot.press("enter")
        assert app.screen is drill
        sent = [
            e
            for e in drill.session.drill.log
            if e.kind == "inject" and e.data["id"] == "smoke_spreads"
        ]
        assert len(sent) == 1 and sent[0].data["facilitator"]
        assert "[facilitator] To Floor warden: Smoke in the west stair!" in feed_text(drill)
        await pilot.press("f3")
        assert app.screen.query_one("#inject-none", Static) is not None


# --- actions, forms and refusals ------------------------------------------------------------------


async def test_report_form_lists_the_report_elements_and_sends_them() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 40)) as pilot:
        drill = await to_drill(pilot, app)
        await pilot.press("r")
        form = app.screen
        assert isinstance(form, ActionFormScreen)
        elements = form.query_one(SelectionList)
        assert elements.option_count == 6
        labels = " ".join(str(elements.get_option_at_index(i).prompt) for i in range(6))
        assert "casualties so far or likely" in labels
        assert "Decree 493, Art. 12" in shown(form.query_one(".form-note", Static))
        await pilot.press("ctrl+a", "ctrl+s")
        assert app.screen is drill
        started = [e for e in drill.session.drill.log if e.kind == "action"]
        assert started[-1].data["params"]["elements"] == sorted(sim.REPORT_ELEMENTS)


async def test_a_refusal_shows_its_reason_in_the_form_and_the_feed() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await to_drill(pilot, app)
        await pilot.press("a", "ctrl+s")
        assert app.screen is drill
        await pilot.press("e", "ctrl+s")
        form = app.screen
        assert isinstance(form, ActionFormScreen), "the leader is busy: the form stays open"
        reason = shown(form.query_one("#form-reason", Static))
        assert "Shift leader is busy with 'Sound the alarm' until 10:05:15" in reason
        await pilot.press("escape")
        assert app.screen is drill
        assert "Refused: Order the evacuation by Shift leader: Shift leader is busy" in feed_text(
            drill
        )


async def test_actions_are_chosen_from_the_list_with_enter() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await to_drill(pilot, app)
        await pilot.press("down", "down", "down", "enter")
        form = app.screen
        assert isinstance(form, ActionFormScreen)
        assert form.action.id == "call_119"
        await pilot.press("ctrl+s")
        assert drill.session.drill.log[-1].data["id"] == "call_119"


async def test_palette_offers_every_action_and_control() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await to_drill(pilot, app)
        titles = [t for t, _, _ in drill_commands(drill, "en")]
        for action in drill.session.scenario.actions:
            assert f"Act: {sim.localize(action.label, 'en')}" in titles
        assert {"pause", "inject", "note", "end"} <= set(titles)
        zh = [t for t, _, _ in drill_commands(drill, "zh")]
        assert "执行：发出警报" in zh
        await pilot.press("ctrl+p")
        await pilot.press(*"Act: Count")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionFormScreen)
        assert app.screen.action.id == "headcount"


# --- map, clock, end ----------------------------------------------------------------------------


async def test_floors_are_shown_one_at_a_time() -> None:
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await to_drill(pilot, app)
        panel = drill.query_one(MapPanel)
        assert panel.floor == 1
        bar = shown(drill.query_one(FloorBar))
        assert "1F 18 people" in bar and "2F 28 people" in bar
        await pilot.press("left_square_bracket")
        assert panel.floor == 0
        await pilot.press("left_square_bracket")
        assert panel.floor == 0
        drill.query_one(FloorBar).action_pick(1)
        await pilot.pause()
        assert panel.floor == 1


async def test_the_timer_drives_the_clock() -> None:
    app = make_app(lang="en", catalog=[], keymap={})
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await to_drill(pilot, app)
        assert drill.timer is not None
        drill.action_speed(10)
        for _ in range(50):
            await pilot.pause(0.05)
            if drill.session.drill.now_s > 0:
                break
        assert drill.session.drill.now_s > 0
        # A tick the timer has posted but the screen has not handled yet moves the clock
        # before the drill: stop the timer and let the last tick land.
        drill.timer.stop()
        await pilot.pause()
        assert drill.session.drill.now_s == drill.session.clock_s


def test_ticks_replace_older_ticks_only() -> None:
    newer = DrillScreen.Tick(20.0)
    assert newer.can_replace(DrillScreen.Tick(10.0))
    assert not newer.can_replace(FloorBar.Chosen(1))


async def test_big_clock_on_a_large_terminal_only() -> None:
    for size, large in (((80, 24), False), ((120, 40), True)):
        app = app_for("en", catalog=[])
        async with app.run_test(size=size) as pilot:
            drill = await to_drill(pilot, app)
            assert drill.query_one(ClockBar).has_class("-large") is large


async def test_the_drill_ends_on_time_and_is_kept_in_the_history(tmp_path: Path) -> None:
    from sim.records import History
    from tui.screens.record_forms import ExportForm

    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await to_drill(pilot, app, recorded=True)
        drill.step(drill.session.duration_s + 10)
        await pilot.pause()
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        assert not debrief.session.ended_early
        sid = debrief.session.session_id
        assert sid is not None
        rec = History().session(sid)
        assert rec.status == "finished"
        assert rec.total == pytest.approx(debrief.result["score"]["total"])
        assert sid in shown(debrief.query_one("#debrief-record", Static))
        await pilot.press("s")
        form = app.screen
        assert isinstance(form, ExportForm)
        default = tmp_path / "home" / "reports" / f"{sid}.html"
        assert form.query_one("#export-path", Input).value == str(default)
        await pilot.press("ctrl+s")
        assert app.screen is debrief
        assert default.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
        assert debrief.exported == default
        await pilot.press("n")
        assert isinstance(app.screen, PickerScreen)
        assert len(app.screen_stack) == 2


# --- setup --------------------------------------------------------------------------------------


async def test_setup_takes_participants_and_a_seed() -> None:
    app = app_for("en", seed=None)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        assert len(setup.query(ParticipantRow)) == 2
        await pilot.press("ctrl+n")
        assert len(setup.query(ParticipantRow)) == 3
        await pilot.press(*"Li")
        setup.query_one("#seed", Input).value = "42"
        await pilot.press("ctrl+s", "enter")
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        assert drill.session.seed == 42
        people = drill.session.settings.participants
        assert [p.role for p in people] == ["leader", "warden", "leader"]
        assert people[2].name == "Li"


async def test_play_starts_on_setup_and_escape_leads_to_the_picker() -> None:
    app = app_for("en", scenario=scenario(), team="Shift B")
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.query_one("#team", Input).value == "Shift B"
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)


async def test_keys_can_be_remapped_by_binding_id(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "keymap.json").write_text(json.dumps({"drill.pause": "p"}), encoding="utf-8")
    app = make_app(lang="en", catalog=[], autoplay=False, seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await to_drill(pilot, app)
        await pilot.press("p")
        assert drill.session.paused


# --- the command line ------------------------------------------------------------------------------


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[DrillsimApp]:
    """Apps that ``drillsim`` would have run."""
    runs: list[DrillsimApp] = []
    monkeypatch.setattr(DrillsimApp, "run", lambda self, *a, **k: runs.append(self))
    return runs


def test_bare_drillsim_opens_the_picker(started: list[DrillsimApp]) -> None:
    from tui.cli import main

    assert main(["--lang", "zh"]) == 0
    assert len(started) == 1
    assert started[0].start_scenario is None and started[0].lang == "zh"


def test_play_opens_the_setup_of_a_scenario(started: list[DrillsimApp]) -> None:
    from tui.cli import main

    argv = [
        "play",
        "workshop-evacuation",
        "--speed",
        "10",
        "--seed",
        "5",
        "--team",
        "A",
        "--lang",
        "en",
    ]
    assert main(argv) == 0
    app = started[0]
    assert app.start_scenario is not None and app.start_scenario.id == "workshop-evacuation"
    assert (app.start_speed, app.start_seed, app.start_team, app.lang) == (10.0, 5, "A", "en")


def test_play_refuses_an_unknown_scenario(
    started: list[DrillsimApp], capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    assert main(["play", "no-such-drill", "--lang", "en"]) == 1
    assert started == []
    assert "no-such-drill" in capsys.readouterr().err


def test_the_command_line_does_not_load_textual_for_other_commands() -> None:
    code = "import sys, tui.cli; print('textual' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "False"


def test_entries_are_bundled_scenarios() -> None:
    assert entry("workshop-evacuation").checked.scenario is not None


async def test_groups_with_the_same_name_share_one_start_moving_line() -> None:
    data = workshop_data()
    data["population"] = [
        {**g, "id": f"{g['id']}_{k}", "name": {"zh": "工人", "en": "Workers"}}
        for k, g in enumerate(data["population"])
    ]
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await to_drill(pilot, app, sim.Scenario.model_validate(data))
        drill.session.act("alarm", "leader", {})
        drill.step(400.0)
        groups = {e.data["group"] for e in drill.session.drill.log if e.kind == "start_moving"}
        assert len(groups) > 1
        assert feed_text(drill).count("Workers start moving") == 1
