"""The hostile-input harness: every command runs in a child process with a time limit and
a memory limit, in its own records folder, and its outcome is checked to be clean."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENTRY = "import sys; from tui.cli import main; sys.exit(main())"

TIMEOUT_S = 60.0
"""A command that has not finished by then is hanging."""
MEMORY_BYTES = 3 * 1024**3
"""Address-space limit of a command (Python with numpy and the engine needs well under)."""


@dataclass(frozen=True)
class Outcome:
    """How a command ended."""

    status: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        """The non-empty lines on standard error."""
        return [line for line in self.err.splitlines() if line.strip()]


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def drillsim(
    *args: str | os.PathLike[str],
    home: Path,
    timeout_s: float = TIMEOUT_S,
    env: dict[str, str] | None = None,
) -> Outcome:
    """Run ``drillsim ARGS`` in a child process with the time and memory limits; a hang
    fails the test (``subprocess.TimeoutExpired``)."""
    full_env = {
        **os.environ,
        "DRILLSIM_HOME": str(home),
        "DRILLSIM_SCENARIOS": str(home.parent / "user-scenarios"),
        "DRILLSIM_LANG": "en",
        "LANG": "C.UTF-8",
        "OPENBLAS_NUM_THREADS": "1",
        "PYTHONFAULTHANDLER": "0",
        **(env or {}),
    }
    proc = subprocess.run(
        [sys.executable, "-c", ENTRY, *[os.fspath(a) for a in args]],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        preexec_fn=_limits,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return Outcome(proc.returncode, proc.stdout, proc.stderr)


def assert_clean(outcome: Outcome, status: int, *, lines: int | None = 1) -> None:
    """The command ended with ``status``, without a traceback, and (when it failed) said
    why in ``lines`` lines of standard error."""
    assert "Traceback" not in outcome.err, outcome.err
    assert "Traceback" not in outcome.out, outcome.out
    assert outcome.status == status, (outcome.status, outcome.err)
    if lines is not None and status != 0:
        assert len(outcome.err_lines) == lines, outcome.err_lines


@pytest.fixture
def home(home: Path) -> Path:
    """This test's records folder (the root conftest's ``DRILLSIM_HOME``), created."""
    home.mkdir()
    return home


def _mount(*args: str) -> bool:
    try:
        done = subprocess.run(["mount", *args], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=10, check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a file system of 256 KiB (a full disk is a real ENOSPC); skipped where
    mounting is not allowed."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)):
        pytest.skip("mounting a small tmpfs is not allowed here")
    try:
        yield folder
    finally:
        _umount(folder)


def fill(folder: Path) -> None:
    """Fill the file system of ``folder`` to the last byte."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(writable, read-only view of the same folder): a read-only bind mount; skipped where
    mounting is not allowed."""
    source = tmp_path / "source"
    source.mkdir()
    view = tmp_path / "read-only"
    view.mkdir()
    if not _mount("--bind", str(source), str(view)):
        pytest.skip("bind mounts are not allowed here")
    if not _mount("-o", "remount,bind,ro", str(view)):
        _umount(view)
        pytest.skip("read-only bind mounts are not allowed here")
    try:
        yield source, view
    finally:
        _umount(view)
