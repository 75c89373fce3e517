"""Fixtures of the app tests: a clean environment and no cursor blink."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.tui.tui_helpers import USER_FOLDER


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """English locale, a fixed (absent) user folder, results in a temporary home."""
    for var in ("DRILLSIM_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("DRILLSIM_SCENARIOS", USER_FOLDER)
    monkeypatch.setenv("DRILLSIM_HOME", str(tmp_path / "home"))
    yield


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """The input cursor stays on, so screens compare byte for byte."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
