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
