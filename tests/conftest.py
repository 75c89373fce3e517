"""Fixtures every test shares.

Every test runs in an environment of its own, so that nothing depends on the machine or on
the tests that ran before:

- English: ``DRILLSIM_LANG`` and the locale variables are unset and ``LANG`` is
  ``C.UTF-8``; a test that wants Chinese sets ``DRILLSIM_LANG`` or passes ``--lang zh``.
  ``NO_COLOR`` is unset too, so the printer's colour depends only on the terminal.
- A records folder of its own: ``DRILLSIM_HOME`` is ``<tmp_path>/home`` (the :func:`home`
  fixture), not created in advance, so journals and the history never touch the user's.
- No user scenarios: ``DRILLSIM_SCENARIOS`` is ``<tmp_path>/user-scenarios``
  (:func:`user_scenarios`), absent unless a test writes scenarios there.
- The history in that folder: ``DRILLSIM_DATABASE_URL`` is unset, so a database the
  machine is configured for is never touched.

Folders lower down add what their tests need (the app tests a fixed user folder for
screens that compare byte for byte; the hostile-input tests a created records folder).
"""

from __future__ import annotations

from pathlib import Path

import pytest

UNSET_VARS: tuple[str, ...] = (
    "DRILLSIM_LANG",
    "LC_ALL",
    "LC_MESSAGES",
    "LANGUAGE",
    "NO_COLOR",
    "DRILLSIM_DATABASE_URL",
)
"""Variables that choose the language (:func:`sim.text.default_lang` reads them), turn
colour off (the command line's printer reads ``NO_COLOR``) or point the history at another
database."""


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """This test's records folder: the ``DRILLSIM_HOME`` the isolation sets (not created)."""
    return tmp_path / "home"


@pytest.fixture
def user_scenarios(tmp_path: Path) -> Path:
    """This test's user scenario folder: the ``DRILLSIM_SCENARIOS`` the isolation sets
    (not created)."""
    return tmp_path / "user-scenarios"


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, home: Path, user_scenarios: Path) -> None:
    """English, a records folder (with its SQLite history) and a user scenario folder of
    this test's own."""
    for var in UNSET_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("DRILLSIM_HOME", str(home))
    monkeypatch.setenv("DRILLSIM_SCENARIOS", str(user_scenarios))
