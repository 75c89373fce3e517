"""Fixtures of the records tests: every test gets its own records folder, in English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test writes its journals and history into its own folder, in English."""
    folder = tmp_path / "home"
    monkeypatch.setenv("DRILLSIM_HOME", str(folder))
    monkeypatch.setenv("DRILLSIM_SCENARIOS", str(tmp_path / "no-user-scenarios"))
    for var in ("DRILLSIM_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield folder
