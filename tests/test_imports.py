"""The layers hold: the import graph of ``sim`` and ``tui`` has no circle, ``sim`` never
imports ``tui``, ``tui`` reaches the simulation only through its facades, and the engine's
parts and the hazards' physics import one another in one direction only.

The graph is read from the source by ``ast``, so it sees every import: at the top of a
module, inside a function (a lazy import) and under ``if TYPE_CHECKING:``. Conventions
(those of import-linter's graph builder, grimp):

- ``from a import b`` is an import of the module ``a.b`` when there is one, else of ``a``;
- a relative import is resolved against the importing module's package;
- an import that only runs for the type checker (``if TYPE_CHECKING:``) counts like any
  other: it never runs, but the two modules still know each other (the app and its
  screens were a circle by such imports alone).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
SIM = ROOT / "sim"

FACADES = ("sim", "sim.records", "sim.i18n", "sim.city")
"""The modules ``tui`` may import from: the simulation's and the records' facades, the
one string catalogue (``sim.i18n``, public like them), and the city's (``sim.city``: push and
the city server)."""


@dataclass(frozen=True)
class Import:
    """One imported module, as a module of the graph sees it."""

    source: str
    target: str
    names: tuple[str, ...]
    """The names taken from ``target`` (``from target import names``); empty for
    ``import target``."""
    line: int
    type_checking: bool
    """Only under ``if TYPE_CHECKING:``."""


@cache
def modules() -> dict[str, Path]:
    """Every module of ``sim`` and ``tui``: dotted name -> file."""
    found: dict[str, Path] = {}
    for pkg in ("sim", "tui"):
        for path in sorted((ROOT / pkg).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _walk(node: ast.AST, type_checking: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    """Every node under ``node``, with whether it sits in an ``if TYPE_CHECKING:`` body."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt in child.body:
                yield stmt, True
                yield from _walk(stmt, True)
            for stmt in child.orelse:
                yield stmt, type_checking
                yield from _walk(stmt, type_checking)
            continue
        yield child, type_checking
        yield from _walk(child, type_checking)


def _resolve(module: str, level: int, is_package: bool, source: str) -> str:
    if not level:
        return module
    base = source.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def imports_of(name: str) -> list[Import]:
    """Every import in module ``name`` of a module of ``sim`` or ``tui``."""
    mods = modules()
    path = mods[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[Import] = []
    for node, tc in _walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in mods:
                    out.append(Import(name, alias.name, (), node.lineno, tc))
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module or "", node.level, path.name == "__init__.py", name)
            plain: list[str] = []
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in mods:
                    out.append(Import(name, sub, (), node.lineno, tc))
                else:
                    plain.append(alias.name)
            if plain and base in mods:
                out.append(Import(name, base, tuple(plain), node.lineno, tc))
    return out


@cache
def all_imports() -> tuple[Import, ...]:
    return tuple(i for name in modules() for i in imports_of(name))


def graph() -> nx.DiGraph:
    """Module -> module for every import (top level, in a function, or for the type
    checker)."""
    g = nx.DiGraph()
    g.add_nodes_from(modules())
    g.add_edges_from((i.source, i.target) for i in all_imports() if i.source != i.target)
    return g


def circles(top: str) -> list[list[str]]:
    """The import circles (strongly connected components of more than one module) among
    the modules of package ``top``."""
    g = graph()
    sub = g.subgraph(n for n in g if n.split(".")[0] == top)
    return sorted(sorted(c) for c in nx.strongly_connected_components(sub) if len(c) > 1)


def _exported(facade: str) -> set[str]:
    """The names a facade exports: its ``__all__``."""
    tree = ast.parse(modules()[facade].read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                assert node.value is not None
                return {str(v) for v in ast.literal_eval(node.value)}
    raise AssertionError(f"{facade} has no __all__")


# --- the graph builder itself ---------------------------------------------------------------


def test_the_graph_sees_lazy_relative_and_type_checking_imports() -> None:
    """The reader finds what the tests below rely on: a function-level import, a package's
    submodule named in ``from a import b``, and an import under TYPE_CHECKING."""
    facade = imports_of("sim")
    assert any(i.target == "sim.drill" and i.type_checking for i in facade)
    drill = {i.target for i in imports_of("sim.drill") if not i.type_checking}
    assert {"sim.actions", "sim.movement", "sim.state"} <= drill
    lazy = [i for i in imports_of("sim.hazards") if i.target == "sim.hazards.base"]
    assert any(not i.type_checking for i in lazy)  # the one inside __getattr__


def test_relative_imports_resolve_against_the_package() -> None:
    assert _resolve("base", 1, False, "sim.hazards.fire") == "sim.hazards.base"
    assert _resolve("", 1, True, "sim.hazards") == "sim.hazards"
    assert _resolve("text", 2, False, "sim.hazards.fire") == "sim.text"


# --- the layers -----------------------------------------------------------------------------


def test_no_import_circles_in_sim() -> None:
    """No two modules of sim import each other, directly or round a loop."""
    assert circles("sim") == []


def test_no_import_circles_in_tui() -> None:
    """No two modules of tui import each other, directly or round a loop (sim never
    imports tui, so no circle can pass through both)."""
    assert circles("tui") == []


def test_sim_never_imports_tui() -> None:
    wrong = [
        f"{i.source}:{i.line} -> {i.target}"
        for i in all_imports()
        if i.source.split(".")[0] == "sim" and i.target.split(".")[0] == "tui"
    ]
    assert wrong == []


def _tui_reach_ins() -> list[str]:
    exported = {f: _exported(f) for f in FACADES if f in modules()}
    wrong = []
    for i in all_imports():
        if i.source.split(".")[0] != "tui" or i.target.split(".")[0] != "sim":
            continue
        if i.target not in FACADES:
            wrong.append(f"{i.source}:{i.line} imports {i.target}")
            continue
        for n in i.names:
            if n not in exported[i.target]:
                wrong.append(f"{i.source}:{i.line} takes {n} from {i.target}")
    return wrong


def test_tui_uses_only_the_facades() -> None:
    """tui imports only the facades (:data:`FACADES`), and only names in their ``__all__``."""
    assert _tui_reach_ins() == []


def test_the_facades_export_what_they_list() -> None:
    """Every name in a facade's ``__all__`` can be had from it (the facade is lazy)."""
    code = (
        "import importlib, sys\n"
        f"for f in {[f for f in FACADES if f in modules()]!r}:\n"
        "    m = importlib.import_module(f)\n"
        "    missing = [n for n in m.__all__ if not hasattr(m, n)]\n"
        "    assert not missing, (f, missing)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# --- the engine's seams ---------------------------------------------------------------------


def _sim_imports(module: str) -> set[str]:
    return {i.target for i in imports_of(module)}


@pytest.mark.parametrize("module", ["state", "ledger", "harm", "movement", "actions"])
def test_the_drills_parts_never_import_the_drill(module: str) -> None:
    assert "sim.drill" not in _sim_imports(f"sim.{module}")


def test_actions_and_movement_do_not_know_each_other_and_state_is_a_leaf() -> None:
    assert "sim.actions" not in _sim_imports("sim.movement")
    assert "sim.movement" not in _sim_imports("sim.actions")
    engine = {"sim.movement", "sim.actions", "sim.drill", "sim.ledger", "sim.harm"}
    assert not engine & _sim_imports("sim.state")


@pytest.mark.parametrize("module", ["sim.actions", "sim.movement", "sim.state"])
def test_each_part_imports_on_its_own(module: str) -> None:
    """In a fresh interpreter, importing a part first works (a circle would fail here)."""
    code = f"import {module}; import sys; assert 'sim.drill' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_the_drill_is_what_its_parts_ask_for() -> None:
    """The drill offers every member of the protocols its parts are written against."""
    from sim.actions import ActionCrowd, ActionHost
    from sim.drill import Drill
    from sim.hazards.base import HazardContext
    from sim.movement import CrowdHost
    from tests.engine_helpers import edge, group, make_drill, node, scenario_dict

    data = scenario_dict(
        [node("room"), node("exit", "exit", 10.0)],
        [edge("room", "exit", "door", 10.0)],
        [group("staff", "room", 3)],
    )
    drill = make_drill(data)
    assert isinstance(drill, Drill)
    assert isinstance(drill, ActionHost)
    assert isinstance(drill.crowd, ActionCrowd)
    assert isinstance(drill, CrowdHost)
    assert isinstance(drill, HazardContext)


def _protocol_members(module: str, name: str) -> set[str]:
    tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)
    members = set()
    for node in cls.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            members.add(node.target.id)
        elif isinstance(node, ast.FunctionDef):
            members.add(node.name)
    return members


def _is_host(node: ast.expr, names: set[str], self_attr: str | None) -> bool:
    if isinstance(node, ast.Name):
        return node.id in names
    return (
        self_attr is not None
        and isinstance(node, ast.Attribute)
        and node.attr == self_attr
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    )


def _used_on(module: str, names: set[str], self_attr: str | None, via: str | None) -> set[str]:
    """Attributes a module reads of its host: ``<name>.x`` and ``self.<self_attr>.x`` (or,
    with ``via``, ``<host>.<via>.x``)."""
    tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
    used = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        inner = node.value
        if via is None:
            if _is_host(inner, names, self_attr):
                used.add(node.attr)
        elif (
            isinstance(inner, ast.Attribute)
            and inner.attr == via
            and _is_host(inner.value, names, self_attr)
        ):
            used.add(node.attr)
    return used


@pytest.mark.parametrize(
    ("module", "protocol", "names", "self_attr", "via"),
    [
        ("sim.actions", "ActionHost", {"d", "drill"}, "drill", None),
        ("sim.actions", "ActionCrowd", {"d", "drill"}, "drill", "crowd"),
        ("sim.movement", "CrowdHost", {"drill"}, "drill", None),
        ("sim.hazards.base", "HazardContext", set(), "ctx", None),
    ],
)
def test_each_protocol_names_exactly_what_its_user_reads(
    module: str, protocol: str, names: set[str], self_attr: str, via: str | None
) -> None:
    """A seam's protocol lists every member its user reads of the drill, and nothing else
    (the hazard interface: what the hazard models read of ``self.ctx``)."""
    users = [module]
    if protocol == "HazardContext":
        users = [m for m in modules() if m.startswith("sim.hazards.")]
    used: set[str] = set()
    for user in users:
        used |= _used_on(user, names, self_attr, via)
    assert used == _protocol_members(module, protocol)


# --- the hazards: physics apart from the models ----------------------------------------------

PHYSICS = {
    "fire": "sim.hazards.fire_physics",
    "gas_room": "sim.hazards.gas_room_physics",
    "collapse": "sim.hazards.collapse_physics",
    "plume": "sim.hazards.plume_physics",
}


@pytest.mark.parametrize("model", sorted(PHYSICS))
def test_hazard_physics_knows_nothing_of_the_engine(model: str) -> None:
    """A hazard's physics imports no engine module, not its model, not the hazard interface
    and not SimPy: it is equations and constants."""
    physics = PHYSICS[model]
    reached = nx.descendants(graph(), physics) | {physics}
    engine = {
        "sim.drill",
        "sim.actions",
        "sim.movement",
        "sim.state",
        "sim.hazards.base",
        f"sim.hazards.{model}",
    }
    assert not reached & engine
    tree = ast.parse(modules()[physics].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert all(a.name.split(".")[0] != "simpy" for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] != "simpy"


@pytest.mark.parametrize("model", sorted(PHYSICS))
def test_a_hazard_model_builds_on_its_physics(model: str) -> None:
    assert PHYSICS[model] in _sim_imports(f"sim.hazards.{model}")


@pytest.mark.parametrize("model", ["fire", "gas_room", "collapse"])
def test_the_physics_tests_import_only_the_physics(model: str) -> None:
    """tests/hazards/test_<model>_physics.py checks the equations without the engine."""
    path = ROOT / "tests" / "hazards" / f"test_{model}_physics.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    sim_imports: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in (
            "sim",
            "tests",
        ):
            sim_imports.add(node.module or "")
        elif isinstance(node, ast.Import):
            sim_imports |= {a.name for a in node.names if a.name.split(".")[0] == "sim"}
    assert sim_imports == {PHYSICS[model]}


@pytest.mark.parametrize(
    "module",
    [
        f"sim.hazards.{m}{part}"
        for m in ("fire", "gas_room", "collapse")
        for part in ("", "_physics")
    ],
)
def test_split_hazard_modules_stay_small(module: str) -> None:
    """One concept per file: neither half of a split hazard grows past 800 lines."""
    assert len(modules()[module].read_text(encoding="utf-8").splitlines()) <= 800


# --- the app and its screens ----------------------------------------------------------------

DIALOGS = {"base", "confirm", "help", "inject", "action_form", "record_forms"}
"""The screen modules other screens may import: the base class and the dialogs a screen opens
over itself (each answers through ``dismiss``)."""


def _screens_and_widgets() -> list[str]:
    return [m for m in modules() if m.startswith(("tui.screens.", "tui.widgets."))]


@pytest.mark.parametrize("module", _screens_and_widgets())
def test_no_screen_or_widget_imports_the_app(module: str) -> None:
    """Screens move the app on by messages and reach it through the DrillsimHost protocol
    (tui/screens/base.py), not by importing tui.app, even for the type checker."""
    assert [i.line for i in imports_of(module) if i.target == "tui.app"] == []


@pytest.mark.parametrize("module", [m for m in modules() if m.startswith("tui.screens.")])
def test_screens_import_only_the_base_and_dialogs_of_other_screens(module: str) -> None:
    """A helper two screens share lives in a widget module (tui/widgets/scorecard.py), not
    in one of the screens."""
    others = {
        i.target.split(".")[2]
        for i in imports_of(module)
        if i.target.startswith("tui.screens.") and i.target != module
    }
    assert others - DIALOGS == set()


# --- the tests themselves -------------------------------------------------------------------

TESTS = ROOT / "tests"


def imported_test_modules(source: str, module: str, is_package: bool = False) -> list[str]:
    """The test modules (``test_*.py``) that ``source``, the text of module ``module`` of
    the tests, imports."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module or "", node.level, is_package, module)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [
            t
            for t in targets
            if t.split(".")[0] == "tests" and t.split(".")[-1].startswith("test_")
        ]
    return found


def test_the_test_import_reader_sees_every_way_to_import_a_test_module() -> None:
    source = (
        "import tests.tui.test_tui_tmux\n"
        "from tests.tui.test_tui_room import make_host\n"
        "from tests.tui import test_tui_snapshots\n"
        "from .test_plume_model import plume_scenario\n"
        "def f():\n    from ..hazards import test_fire_model\n"
        "from tests.terminal import Terminal\n"
        "from tests.tui.tui_helpers import scenario\n"
    )
    assert sorted(set(imported_test_modules(source, "tests.hazards.sites"))) == [
        "tests.hazards.test_fire_model",
        "tests.hazards.test_plume_model",
        "tests.tui.test_tui_room",
        "tests.tui.test_tui_snapshots",
        "tests.tui.test_tui_tmux",
    ]


@pytest.mark.parametrize(
    "path", sorted(TESTS.rglob("*.py")), ids=lambda p: str(p.relative_to(TESTS))
)
def test_no_test_imports_from_a_test_module(path: Path) -> None:
    """What two test modules share lives in a helper module (tests/terminal.py,
    tests/hazards/sites.py, tests/tui/room_helpers.py, ...), never in a ``test_*.py``. A test
    module is for pytest to collect: imported by another, a test it names is collected
    twice, and moving or deleting it breaks an unrelated file."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    module = ".".join(parts)
    source = path.read_text(encoding="utf-8")
    assert imported_test_modules(source, module, path.name == "__init__.py") == []
