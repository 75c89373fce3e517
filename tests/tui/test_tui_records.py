"""The records in the app: every drill run in the app is journaled (its replay gives the same
result) and kept in the history; a drill left mid-way is listed by the picker and continues
where it stopped; the History screen lists drills and a team's progress, and takes notes,
improvement items and report exports; improvement items added in the debrief appear in the
after-action report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, OptionList, Select, Static

import sim.records.report as rpt
from sim.records import History, read_journal, replay, unfinished
from tests.tui.tui_helpers import (
    app_for,
    entry,
    seed_history,
    shown,
    wait_for_screen,
)
from tui.app import DrillsimApp
from tui.screens.briefing import BriefingScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.drill import DrillScreen
from tui.screens.history import HistoryScreen, RecordScreen
from tui.screens.picker import PickerScreen
from tui.screens.record_forms import ExportForm, ImprovementForm, NoteForm
from tui.screens.setup import SetupScreen
from tui.widgets.feed import EventFeed


async def start_drill(pilot: Any, app: DrillsimApp) -> DrillScreen:
    """From the picker through the setup (team A1) and the briefing to the drill."""
    assert isinstance(app.screen, PickerScreen)
    await pilot.press("enter")
    assert isinstance(app.screen, SetupScreen)
    await pilot.press(*"A1")
    await pilot.press("ctrl+s")
    assert isinstance(app.screen, BriefingScreen)
    await pilot.press("enter")
    drill = app.screen
    assert isinstance(drill, DrillScreen)
    return drill


async def take_two_actions(pilot: Any, drill: DrillScreen) -> None:
    """The alarm at 0:20 and the evacuation at 0:35, through their forms."""
    drill.step(20.0)
    await pilot.press("a", "ctrl+s")
    drill.step(15.0)
    await pilot.press("e", "ctrl+s")
    drill.step(7.5)
    await pilot.pause()
    started = [e.data["id"] for e in drill.session.drill.log if e.kind == "action"]
    assert started == ["alarm", "evacuate"]


def feed_lines(screen: DrillScreen) -> str:
    return "\n".join(screen.query_one(EventFeed).lines)


async def test_a_drill_run_in_the_app_is_journaled_and_replays_to_the_same_result() -> None:
    app = app_for("en", catalog=[entry("workshop-evacuation")])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await start_drill(pilot, app)
        session = drill.session
        assert session.session_id is not None and session.journal_path is not None
        read = read_journal(session.journal_path)
        assert read.header.team == "A1" and read.header.lang == "en"
        await take_two_actions(pilot, drill)
        assert [i.args["action"] for i in read_journal(session.journal_path).inputs] == [
            "alarm",
            "evacuate",
        ]
        await pilot.press("escape", "y")
        debrief = await wait_for_screen(pilot, app, DebriefScreen)
        rp = replay(session.journal_path)
        assert rp.log_verified is True
        assert rp.result() == debrief.result
        rec = History().session(session.session_id)
        assert (rec.status, rec.team) == ("finished", "A1")
        assert History().result(rec.id) == debrief.result
        assert unfinished() == []


async def test_a_drill_left_mid_way_is_listed_by_the_picker_and_continues_where_it_stopped() -> (
    None
):
    catalog = [entry("workshop-evacuation")]
    first = app_for("en", catalog=catalog)
    async with first.run_test(size=(100, 30)) as pilot:
        drill = await start_drill(pilot, first)
        await take_two_actions(pilot, drill)
        log = [e.to_json() for e in drill.session.drill.log]
        clock = drill.session.drill.now_s
        sid = drill.session.session_id
        await pilot.press("ctrl+q", "y")
    assert first.return_code is not None or not first.is_running
    [waiting] = unfinished()
    assert waiting.session == sid and waiting.clock_s == pytest.approx(clock)
    assert not waiting.in_use

    second = app_for("en", catalog=catalog)
    async with second.run_test(size=(100, 30)) as pilot:
        picker = second.screen
        assert isinstance(picker, PickerScreen)
        options = picker.query_one("#picker-list", OptionList)
        assert options.option_count == 4  # two headings, the unfinished drill, the scenario
        assert "A1" in str(options.get_option_at_index(1).prompt)
        assert sid in shown(picker.query_one("#picker-detail", Static))
        await pilot.press("enter")
        again = second.screen
        assert isinstance(again, DrillScreen)
        session = again.session
        assert session.session_id == sid
        assert session.paused and session.drill.now_s == pytest.approx(clock)
        assert [e.to_json() for e in session.drill.log][: len(log)] == log
        assert "continued from its journal" in feed_lines(again)
        assert session.target_after(3.0) == pytest.approx(clock), "paused: the clock stands"
        await pilot.press("space")
        assert not session.paused
        assert session.target_after(1.0) > clock
        await pilot.press("escape", "y")
        await wait_for_screen(pilot, second, DebriefScreen)
    assert History().session(sid or "").status == "finished"
    assert replay(read_journal(waiting.path).path).log_verified is True
    assert unfinished() == []


async def test_improvement_items_added_in_the_debrief_appear_in_the_report() -> None:
    app = app_for("zh", catalog=[entry("workshop-evacuation")])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = await start_drill(pilot, app)
        await take_two_actions(pilot, drill)
        await pilot.press("escape", "y")
        debrief = await wait_for_screen(pilot, app, DebriefScreen)
        sid = debrief.session.session_id
        assert sid is not None
        await pilot.press("i")
        form = app.screen
        assert isinstance(form, ImprovementForm)
        await pilot.press("ctrl+s")
        assert app.screen is form, "an item needs its issue"
        assert "问题" in shown(form.query_one("#record-form-problem", Static))
        form.query_one("#plan-issue", Input).value = "报告缺少伤亡人数"
        form.query_one("#plan-action", Input).value = "修订报告卡片"
        form.query_one("#plan-responsible", Input).value = "安全科 王工"
        form.query_one("#plan-due_date", Input).value = "2026-07-32"
        await pilot.press("ctrl+s")
        assert app.screen is form, "a due date that is not a date is refused"
        assert "2026-07-32" in shown(form.query_one("#record-form-problem", Static))
        form.query_one("#plan-due_date", Input).value = "2026-07-15"
        await pilot.press("ctrl+s")
        assert app.screen is debrief
        assert "报告缺少伤亡人数" in shown(debrief.query_one("#body-plan", Static))
    [item] = History().improvements(sid)
    assert (item.issue, item.action, item.responsible, item.due_date) == (
        "报告缺少伤亡人数",
        "修订报告卡片",
        "安全科 王工",
        "2026-07-15",
    )
    report = rpt.build_report(rpt.gather(sid), "zh")
    md = rpt.render(report, "md")
    assert "报告缺少伤亡人数" in md and "修订报告卡片" in md and "2026-07-15" in md


async def test_the_history_screen_lists_drills_and_a_teams_progress(tmp_path: Path) -> None:
    ids = seed_history()
    app = app_for("en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#history-table", DataTable)
        assert table.row_count == len(ids)
        assert [r.id for r in screen.rows] == sorted(ids, reverse=True)
        progress = shown(screen.query_one("#history-progress", Static))
        assert "Progress of 二车间乙班" in progress, "the newest drill's team"
        screen.query_one("#filter-team", Select).value = "二车间甲班"
        await pilot.pause()
        assert table.row_count == 3
        prog = History().progress("二车间甲班")
        assert prog.count == 3 and prog.change is not None and prog.change > 0
        progress = shown(screen.query_one("#history-progress", Static))
        assert f"mean {prog.mean_total:.1f}" in progress
        assert f"best {prog.best_total:.1f}" in progress
        assert f"change {prog.change:+.1f}" in progress
        screen.query_one("#filter-scenario", Select).value = "hotel-evacuation"
        await pilot.pause()
        assert table.row_count == 0
        screen.query_one("#filter-team", Select).value = "*"
        await pilot.pause()
        assert [r.id for r in screen.rows] == [ids[-1]]
        screen.query_one("#filter-scenario", Select).value = "*"
        await pilot.pause()
        assert table.row_count == len(ids)


async def test_a_record_takes_notes_improvements_and_exports_its_report(tmp_path: Path) -> None:
    ids = seed_history()
    app = app_for("en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        history = app.screen
        assert isinstance(history, HistoryScreen)
        history.query_one("#history-table").focus()
        await pilot.press("enter")
        record = app.screen
        assert isinstance(record, RecordScreen)
        newest = sorted(ids)[-2]  # the newest finished drill (the last one never ended)
        await pilot.press("escape")
        assert app.screen is history
        await pilot.press("down", "enter")
        record = app.screen
        assert isinstance(record, RecordScreen) and record.session_id == newest
        assert newest in shown(record.query_one("#record-summary", Static))
        await pilot.press("n")
        note = app.screen
        assert isinstance(note, NoteForm)
        await pilot.press(*"Headcount was slow", "enter", *"Zhao", "enter")
        assert app.screen is record
        assert "Headcount was slow —— Zhao" in shown(record.query_one("#record-notes", Static))
        await pilot.press("i")
        item = app.screen
        assert isinstance(item, ImprovementForm)
        item.query_one("#plan-issue", Input).value = "Roll call took too long"
        item.query_one("#plan-due_date", Input).value = "2026-07-01"
        await pilot.press("ctrl+s")
        assert app.screen is record
        assert "Roll call took too long" in shown(record.query_one("#record-plan", Static))
        await pilot.press("s")
        export = app.screen
        assert isinstance(export, ExportForm)
        target = tmp_path / "out" / "aar.md"
        export.query_one("#export-format", Select).value = "md"
        await pilot.pause()
        assert export.query_one("#export-path", Input).value.endswith(f"{newest}.md")
        export.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        assert app.screen is record
        text = target.read_text(encoding="utf-8")
        assert "Roll call took too long" in text and "Headcount was slow" in text
        assert str(target) in shown(record.query_one("#record-exported", Static))
    assert [n.text for n in History().notes(newest)] == ["Headcount was slow"]


def test_resume_opens_the_app_in_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sim.records import Recorder
    from tests.tui.tui_helpers import scenario, scenario_path
    from tui import cli
    from tui.cli import records

    rec = Recorder.start(scenario(), scenario_path(), seed=2, team="B")
    rec.drill.advance(30.0)
    rec.act("alarm", "leader")
    rec.close()
    runs: list[DrillsimApp] = []

    def run(self: DrillsimApp, *args: Any, **kwargs: Any) -> None:
        runs.append(self)
        assert self.start_resumed is not None
        assert self.start_resumed.drill.now_s == pytest.approx(30.0)

    monkeypatch.setattr(DrillsimApp, "run", run)
    monkeypatch.setattr(records, "_interactive", lambda: True)
    assert cli.main(["--lang", "en", "resume", rec.session_id]) == 0
    assert len(runs) == 1
    # the app is gone and the journal is free again: listed, and still resumable
    [waiting] = unfinished()
    assert waiting.session == rec.session_id and not waiting.in_use
    assert cli.main(["resume", rec.session_id, "--info"]) == 0
    assert "0:30" in capsys.readouterr().out


async def test_the_debrief_export_menu_makes_every_paper(tmp_path: Path) -> None:
    """The Export menu on the debrief: the plan and the cards at once, the photos in the
    background; the setup's participants count and level reach the record."""
    import docx
    from PIL import Image
    from pypdf import PdfReader

    from tui.results import FORMATS

    app = app_for("zh", catalog=[entry("workshop-evacuation")])
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("enter")
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        setup.query_one("#participants-count", Input).value = "17"
        setup.query_one("#drill-level", Select).value = "workshop"
        await pilot.press(*"A1")
        await pilot.press("ctrl+s")
        await pilot.press("enter")
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        await take_two_actions(pilot, drill)
        await pilot.press("escape", "y")
        debrief = await wait_for_screen(pilot, app, DebriefScreen)
        sid = debrief.session.session_id
        assert sid is not None
        papers = (
            ("plan", "plan.docx"),
            ("cards_pdf", "cards.pdf"),
            ("table", "table.xlsx"),
            ("photos", "ph"),
        )
        for fmt, name in papers:
            await pilot.press("s")
            form = app.screen
            assert isinstance(form, ExportForm)
            options = [v for _, v in form.query_one("#export-format", Select)._options]
            assert set(FORMATS) <= set(options)
            form.query_one("#export-format", Select).value = fmt
            await pilot.pause()
            form.query_one("#export-path", Input).value = str(tmp_path / name)
            await pilot.press("ctrl+s")
            assert app.screen is debrief
        await app.workers.wait_for_complete()
        await pilot.pause()
    rec = History().session(sid)
    assert (rec.participants_count, rec.drill_level) == (17, "workshop")
    assert docx.Document(str(tmp_path / "plan.docx")).paragraphs[0].text.endswith("方案")
    from tests.records.helpers import scenario

    _, sc = scenario("workshop-evacuation")
    assert len(PdfReader(tmp_path / "cards.pdf").pages) == len(sc.roles)
    # the month's statistics table: this drill's row, with the count the team gave
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / "table.xlsx").worksheets[0]
    headers = [c.value for c in sheet[3]]
    row = [c.value for c in sheet[4]]
    assert sheet.max_row == 4 and sid in row
    assert row[headers.index("参演人数")] == 17
    shots = sorted((tmp_path / "ph").glob("*.png"))
    assert shots and shots[-1].name.endswith("debrief.png")
    with Image.open(shots[0]) as img:
        assert img.size == (1920, 1080)
