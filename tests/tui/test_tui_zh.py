"""No internal id, event kind or English word on a Chinese screen (issue 13, item 4): every
accepted zh snapshot (tests/tui/__snapshots__) is read back as text and scanned for Latin
words outside the allowed list (tests/zh_scan.py); Textual's own footer words are
translated too."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Select

from tests.tui.tui_helpers import app_for, scenario
from tests.zh_scan import leaks, report
from tests.zh_texts import svg_text, zh_snapshots
from tui.widgets.common import LangFooter

TYPED_IN = frozenset({"Li"})
"""What the snapshot tests type in themselves: a participant called Li."""

LANGUAGE_SWITCH = frozenset({"English"})
"""F2 names the other language in that language, as every language switch does."""


def test_there_are_zh_snapshots_to_scan() -> None:
    found = zh_snapshots()
    assert len(found) >= 18
    assert "班组长" in svg_text(next(p for p in found if "drill-zh-120x40" in p.name))


@pytest.mark.parametrize("path", zh_snapshots(), ids=lambda p: p.stem)
def test_a_zh_snapshot_holds_no_latin_words(path: Path) -> None:
    found = leaks(svg_text(path), path.name, also=TYPED_IN | LANGUAGE_SWITCH)
    assert not found, "Latin words on a zh screen:\n" + report(found)


async def test_an_open_menu_says_how_to_close_it_in_chinese() -> None:
    """Textual's Select says "Dismiss menu" in the footer while its list is open (the
    setup screen's speed, level and roles)."""
    app = app_for("zh", scenario=scenario(), team="甲班")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#speed", Select).focus()
        await pilot.press("enter")
        await pilot.pause()
        footer = app.screen.query_one(LangFooter)
        words = " ".join(str(getattr(w, "description", "")) for w in footer.query("*"))
        assert "收起菜单" in words and "Dismiss" not in words
