"""Fixtures of the app tests: a fixed user folder and no cursor blink."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.tui.tui_helpers import USER_FOLDER


@pytest.fixture(autouse=True)
def _fixed_user_folder(monkeypatch: pytest.MonkeyPatch, isolated_env: None) -> None:
    """The picker shows the same (absent) user folder in every test, so screens compare
    byte for byte; the rest of the isolation is the root conftest's."""
    monkeypatch.setenv("DRILLSIM_SCENARIOS", USER_FOLDER)


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """The input cursor stays on, so screens compare byte for byte."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
