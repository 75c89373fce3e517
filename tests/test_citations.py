"""Citations stay inside the repository.

Docstrings, comments, scenarios and docs cite a primary source (a standard, a book and its
clause) or a document under docs/. Project notes kept outside the repository are not shipped
in the sdist, so a reference to them leaves the reader with nothing to open.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Spelled in two halves so that this file does not match itself.
OUTSIDE_NOTES = ("DOMAIN" + ".md", "DESIGN" + ".md")

SKIP_DIRS = {
    ".git",
    ".venv",
    "build",
    "dist",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
}
"""Folders of tools and caches, not of the repository (used where there is no git)."""


def _tracked_files() -> list[Path]:
    """The repository's files: ``git ls-files`` in a checkout, else the unpacked sdist tree."""
    if (ROOT / ".git").exists():
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        return [ROOT / name for name in out.decode("utf-8").split("\0") if name]
    return [
        p
        for p in ROOT.rglob("*")
        if p.is_file()
        and not SKIP_DIRS.intersection(p.relative_to(ROOT).parts)
        and not p.name.endswith(".egg-info")
    ]


def _mentions(path: Path, root: Path = ROOT) -> list[str]:
    try:
        text = path.read_bytes().decode("utf-8")
    except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
        return []  # binary files (images, fonts) and files deleted in the work tree
    return [
        f"{path.relative_to(root)}:{n}: {line.strip()}"
        for n, line in enumerate(text.splitlines(), 1)
        if any(name in line for name in OUTSIDE_NOTES)
    ]


def test_no_file_cites_notes_kept_outside_the_repository() -> None:
    files = _tracked_files()
    assert len(files) > 100, "the file listing missed the repository"
    hits = [hit for path in files for hit in _mentions(path)]
    assert hits == [], "cite the primary source or a file under docs/ instead:\n" + "\n".join(hits)


@pytest.mark.parametrize("name", OUTSIDE_NOTES)
def test_the_check_finds_a_mention(tmp_path: Path, name: str) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(f'"""Limits from {name} section 9."""\nx = 1\n', encoding="utf-8")
    assert _mentions(sample, tmp_path) == [f'sample.py:1: """Limits from {name} section 9."""']
