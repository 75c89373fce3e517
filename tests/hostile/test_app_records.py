"""The app with a home it cannot write: it says so before the drill starts, and a disk
that fills up mid-drill pauses the drill with a message instead of crashing; nothing is
lost once there is room again (issue 12, item 6)."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from sim.records import History, read_journal, replay
from tests.tui.tui_helpers import app_for, scenario, scenario_path, wait_for_screen
from tui.screens.briefing import BriefingScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.drill import DrillScreen


def _messages(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


async def test_briefing_says_the_drill_cannot_be_recorded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DRILLSIM_HOME", "/proc/self/drillsim-home")
    app = app_for("en", scenario=scenario(), scenario_path=scenario_path())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BriefingScreen)
        await pilot.pause()
        assert any(
            m.startswith("this drill cannot be recorded (No such file or directory)")
            for m in _messages(app)
        ), _messages(app)


async def test_full_disk_mid_drill_pauses_and_loses_nothing(home: Path) -> None:
    app = app_for("en", scenario=scenario(), scenario_path=scenario_path())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+s", "enter")
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        session = drill.session
        rec = session.recorder
        assert rec is not None
        writer = rec._writer
        real_write = writer.write

        def disk_full(obj: dict[str, Any]) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        writer.write = disk_full  # type: ignore[method-assign]
        drill.step(30.0)
        session.act("alarm", "leader", {})
        drill.refresh_view()
        await pilot.pause()
        assert session.paused
        assert any(
            "drill journal cannot be written (No space left on device)" in m for m in _messages(app)
        ), _messages(app)
        assert rec.pending
        # Still no room: Space does not restart the clock.
        await pilot.press("space")
        assert session.paused
        # Room again: Space writes what was kept, in order, and the drill goes on.
        writer.write = real_write  # type: ignore[method-assign]
        await pilot.press("space")
        assert not session.paused
        assert rec.pending == []
        await pilot.press("escape", "y")
        await wait_for_screen(pilot, app, DebriefScreen)
    read = read_journal(rec.journal_path)
    assert read.finished and not read.skipped
    kinds = [(i.op, i.args.get("action") or i.args.get("kind")) for i in read.inputs]
    # The clock line that failed paused the drill; the action taken while paused and the
    # resume follow, in the order they were taken.
    assert kinds == [("note", "pause"), ("act", "alarm"), ("note", "resume"), ("note", "end")]
    assert replay(rec.journal_path).log_verified is True
    assert History().session(rec.session_id).status == "finished"


async def test_export_from_the_app_asks_before_replacing(tmp_path: Path) -> None:
    from textual.widgets import Input, Select

    from sim.records import Recorder
    from tui.screens.confirm import ConfirmScreen
    from tui.screens.record_forms import ExportForm

    rec = Recorder.start(scenario(), scenario_path(), seed=2, team="B")
    rec.finish()
    target = tmp_path / "aar.md"
    target.write_text("keep me", encoding="utf-8")
    app = app_for("en")
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_record(rec.session_id)
        await pilot.pause()
        await pilot.press("s")
        form = app.screen
        assert isinstance(form, ExportForm)
        form.query_one("#export-format", Select).value = "md"
        await pilot.pause()
        form.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.screen is form
        assert target.read_text(encoding="utf-8") == "keep me"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is not form
    assert target.read_text(encoding="utf-8").startswith("# ")
