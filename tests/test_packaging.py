"""The wheel carries the code, the bundled scenarios, their playbooks and the schema, and an
installed drillsim finds its scenarios from any folder. The sdist carries the tests and all
they read, and they collect after a plain (not editable) install of it."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import venv
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


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("hatchling is not installed (pip install -e '.[dev]')")
    out = tmp_path_factory.mktemp("sdist")
    done = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    built = list(out.glob("drillsim-*.tar.gz"))
    assert len(built) == 1, done.stdout
    return built[0]


def _sdist_names(sdist: Path) -> set[str]:
    """The sdist's files, relative to its top folder (``drillsim-VERSION/``)."""
    with tarfile.open(sdist) as tf:
        return {m.name.split("/", 1)[1] for m in tf.getmembers() if m.isfile() and "/" in m.name}


def test_sdist_holds_the_tests_and_what_they_read(sdist: Path) -> None:
    names = _sdist_names(sdist)
    shipped = _relative(
        [
            p
            for folder in ("tests", "scenarios", "sim", "tui", "docs")
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        ]
    )
    assert shipped, "nothing to ship"
    missing = sorted(shipped - names)
    assert missing == [], missing
    for name in (
        "pyproject.toml",
        "README.md",
        "tests/__init__.py",
        "tests/conftest.py",
        "tests/helpers.py",
        "tests/tui/__init__.py",
    ):
        assert name in names
    assert any(n.startswith("tests/golden/") for n in names)
    assert any(n.startswith("tests/tui/__snapshots__/") for n in names)
    assert any(n.startswith("tests/format1/") for n in names)


def _site_packages(python: Path) -> Path:
    found = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(found.stdout.strip())


@pytest.fixture(scope="module")
def installed_sdist(sdist: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(python of a fresh venv with the sdist installed by ``pip install``, not editable;
    the unpacked sdist folder).

    drillsim's dependencies and the test tools come from the running environment: a
    ``.pth`` file in the new venv names this interpreter's site-packages as a plain folder,
    so no network is needed, and an editable install of drillsim there (a ``.pth`` hook of
    its own) is NOT processed. drillsim itself is installed from the sdist with
    ``--no-deps --no-build-isolation --no-index``.
    """
    base = tmp_path_factory.mktemp("sdist-install")
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=False, symlinks=os.name != "nt")
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    here = sysconfig.get_paths()
    deps = dict.fromkeys([here["purelib"], here["platlib"]])
    (_site_packages(python) / "drillsim-test-deps.pth").write_text(
        "".join(f"{folder}\n" for folder in deps), encoding="utf-8"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            str(sdist),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with tarfile.open(sdist) as tf:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tf.extractall(base / "src", filter="data")
        else:
            tf.extractall(base / "src")  # our own sdist, built above
    (unpacked,) = (base / "src").iterdir()
    return python, unpacked


def _clean_env() -> dict[str, str]:
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DRILLSIM_", "PYTEST_", "PYTHON")) and k != "VIRTUAL_ENV"
    }


def test_the_sdist_installs_as_a_plain_package(installed_sdist: tuple[Path, Path]) -> None:
    """drillsim in the venv is the installed copy, not a link back to a source folder."""
    python, unpacked = installed_sdist
    probe = "import json, sim, tui; print(json.dumps([sim.__file__, tui.__file__]))"
    done = subprocess.run(
        [str(python), "-P", "-c", probe],
        cwd=unpacked.parent,
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    site = _site_packages(python)
    assert all(Path(f).is_relative_to(site) for f in json.loads(done.stdout)), done.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    "how",
    [["-m", "pytest"], ["-P", "-m", "pytest"]],
    ids=["python -m pytest", "pytest"],
)
def test_the_tests_collect_from_the_unpacked_sdist(
    installed_sdist: tuple[Path, Path], how: list[str]
) -> None:
    """``python -m pytest`` and plain ``pytest`` (``-P``: the current folder is not on
    ``sys.path``, as for the ``pytest`` command) collect every test without an error in
    the unpacked sdist. Before tests/ was a package, the plain one failed with "No module
    named 'tests'"."""
    python, unpacked = installed_sdist
    done = subprocess.run(
        [str(python), *how, "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=unpacked,
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "error" not in summary, summary
    assert summary.split()[0].isdigit() and int(summary.split()[0]) > 1000, summary


def test_wheel_holds_the_report_templates(names: set[str]) -> None:
    """The report's Jinja2 templates are package data: an installed drillsim renders reports."""
    templates = _relative(sorted((ROOT / "sim" / "records" / "templates").iterdir()))
    assert {"sim/records/templates/report.html", "sim/records/templates/report.md"} <= templates
    assert templates <= names
