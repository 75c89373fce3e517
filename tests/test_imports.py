"""The engine's modules import one another in one direction: the shared state and the
people, then the actions, then the drill that holds them (no import circle)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parent.parent / "sim"


def _sim_imports(module: str) -> set[str]:
    tree = ast.parse((SIM / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("sim"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("sim")}
    return found


@pytest.mark.parametrize("module", ["state", "ledger", "harm", "movement", "actions"])
def test_the_drills_parts_never_import_the_drill(module: str) -> None:
    assert "sim.drill" not in _sim_imports(module)


def test_movement_does_not_import_actions_and_state_is_a_leaf() -> None:
    assert "sim.actions" not in _sim_imports("movement")
    assert not {"sim.movement", "sim.actions", "sim.drill"} & _sim_imports("state")


@pytest.mark.parametrize("module", ["sim.actions", "sim.movement", "sim.state"])
def test_each_part_imports_on_its_own(module: str) -> None:
    """In a fresh interpreter, importing a part first works (a circle would fail here)."""
    code = f"import {module}; import sys; assert 'sim.drill' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


TUI = SIM.parent / "tui"

DIALOGS = {"base", "confirm", "help", "inject", "action_form", "record_forms"}
"""The screen modules other screens may import: the base class and the dialogs a screen opens
over itself (it answers through ``dismiss``)."""


def _tui_imports(path: Path) -> set[str]:
    """Every module a tui file names in an import, at any depth (inside functions and
    ``if TYPE_CHECKING:`` too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return found


def _screen_and_widget_files() -> list[Path]:
    return sorted([*(TUI / "screens").glob("*.py"), *(TUI / "widgets").glob("*.py")])


@pytest.mark.parametrize("path", _screen_and_widget_files(), ids=lambda p: p.stem)
def test_no_screen_or_widget_imports_the_app(path: Path) -> None:
    """Screens move the app on by messages and reach it through the DrillsimHost protocol
    (tui/screens/base.py), so the app and the screens form no import circle."""
    assert not {m for m in _tui_imports(path) if m == "tui.app" or m.startswith("tui.app.")}


@pytest.mark.parametrize("path", sorted((TUI / "screens").glob("*.py")), ids=lambda p: p.stem)
def test_screens_import_only_the_base_and_dialogs_of_other_screens(path: Path) -> None:
    """A helper two screens share lives in a widget module, not in one of the screens."""
    screens = {
        m.split(".")[2]
        for m in _tui_imports(path)
        if m.startswith("tui.screens.") and len(m.split(".")) >= 3
    }
    assert screens - DIALOGS - {path.stem} == set()
