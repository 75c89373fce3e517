"""The wheel carries the code, the bundled scenarios, their playbooks and the schema, and an
installed drillsim finds its scenarios from any folder."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import sim
from sim.catalog import bundled_dir, bundled_ids
from sim.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("hatchling is not installed (pip install -e '.[dev]')")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    wheels = list(out.glob("drillsim-*.whl"))
    assert len(wheels) == 1, done.stdout
    return wheels[0]


@pytest.fixture(scope="module")
def names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


def _relative(paths: list[Path]) -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in paths}


def test_wheel_holds_the_packages(names: set[str]) -> None:
    for name in (
        "sim/__init__.py",
        "sim/loader.py",
        "sim/py.typed",
        "tui/cli/__init__.py",
        "tui/py.typed",
    ):
        assert name in names
    code = _relative([*(ROOT / "sim").rglob("*.py"), *(ROOT / "tui").rglob("*.py")])
    assert code <= names


def test_wheel_holds_the_scenarios(names: set[str]) -> None:
    bundled = _relative(sorted(SCENARIOS.glob("*.yaml")))
    assert bundled, "no bundled scenarios to ship"
    assert bundled <= names
    assert "scenarios/scenario.schema.json" in names
    assert "scenarios/__init__.py" in names


def test_wheel_holds_the_playbooks(names: set[str]) -> None:
    playbooks = _relative(sorted((SCENARIOS / "playbooks").rglob("*.yaml")))
    assert playbooks <= names
    assert {n for n in names if n.startswith("scenarios/playbooks/")} == playbooks


def test_wheel_leaves_out_what_is_not_drillsim(names: set[str]) -> None:
    for name in names:
        assert not name.startswith(("tests/", "bench/", "docs/", ".venv/")), name
        assert "__pycache__" not in name and not name.endswith(".pyc"), name


def test_wheel_metadata(wheel: Path, names: set[str]) -> None:
    dist_info = f"drillsim-{sim.__version__}.dist-info"
    assert wheel.name.startswith(f"drillsim-{sim.__version__}-")
    with zipfile.ZipFile(wheel) as zf:
        entry_points = zf.read(f"{dist_info}/entry_points.txt").decode()
        metadata = zf.read(f"{dist_info}/METADATA").decode()
    assert "drillsim = tui.cli:main" in entry_points
    assert f"Version: {sim.__version__}" in metadata


def test_bundled_dir_in_the_work_tree() -> None:
    folder = bundled_dir()
    assert (folder / "scenario.schema.json").is_file()
    assert bundled_ids() == sorted(p.stem for p in SCENARIOS.glob("*.yaml"))
    assert all((folder / f"{i}.yaml").is_file() for i in bundled_ids())


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_file_is_named_after_its_id(path: Path) -> None:
    """``drillsim simulate <id>`` finds a bundled scenario by its file name."""
    assert load_scenario(path).id == path.stem


def test_installed_wheel_finds_its_scenarios(wheel: Path, tmp_path: Path) -> None:
    """Unpacked elsewhere and run from an unrelated folder, drillsim reads its own copy."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    probe = (
        "import json, sim\n"
        "from sim.catalog import bundled_dir, entries\n"
        "found = entries()\n"
        "print(json.dumps({'sim': sim.__file__, 'dir': str(bundled_dir()),\n"
        "    'ids': [e.id for e in found], 'bad': [e.id for e in found if e.checked.problems]}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRILLSIM_")}
    env["PYTHONPATH"] = str(site)
    env["DRILLSIM_SCENARIOS"] = str(tmp_path / "no-user-scenarios")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert Path(found["sim"]).is_relative_to(site)
    assert Path(found["dir"]) == site / "scenarios"
    assert sorted(found["ids"]) == sorted(p.stem for p in SCENARIOS.glob("*.yaml"))
    assert found["bad"] == []
