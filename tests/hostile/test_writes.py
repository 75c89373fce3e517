"""Failed writes: every output file is written atomically, an existing one is kept unless
``--force``, and an OS error is one line and exit status 2; the records survive a
read-only or full home (issue 12, item 6)."""

from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path

import pytest

from sim.atomic import OutputError, check_destination, temp_path, write_atomic
from tests.hostile.conftest import assert_clean, drillsim, fill


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A records folder with one finished drill, and its session id."""
    home = tmp_path_factory.mktemp("writes") / "home"
    home.mkdir()
    done = drillsim("run", "workshop-evacuation", "--playbook", "late", "--json", home=home)
    assert_clean(done, 0, lines=None)
    return home, json.loads(done.out)["session"]["id"]


def _writers(session: str, journal: Path) -> list[tuple[str, ...]]:
    return [
        ("report", session, "--format", "md", "-o"),
        ("replay", str(journal), "--format", "html", "-o"),
        ("export", "--format", "csv", "-o"),
        ("schema", "-o"),
    ]


def test_output_to_a_folder_a_missing_folder_or_proc(
    recorded: tuple[Path, str], tmp_path: Path
) -> None:
    home, session = recorded
    journal = home / "journals" / f"{session}.jsonl"
    for command in _writers(session, journal):
        for target, said in (
            (tmp_path, "it is a folder"),
            (tmp_path / "missing" / "out.txt", "its folder does not exist"),
            (Path("/proc/version"), "already exists and was not replaced"),
        ):
            done = drillsim(*command, target, home=home)
            assert_clean(done, 2)
            assert said in done.err_lines[0], (command, done.err_lines)
            assert str(target) in done.err_lines[0]
            done = drillsim(*command, target, "--force", home=home)
            # replay says what it replayed before it writes; the failure is the last line.
            assert_clean(done, 2, lines=None)
            if target.parent.is_dir() and not target.is_dir():
                said = f"cannot write {target}: "
            assert said in done.err_lines[-1], (command, done.err_lines)
            assert len(done.err_lines) == (
                2 if command[0] == "replay" and said.startswith("cannot") else 1
            )


def test_existing_file_is_kept_without_force(recorded: tuple[Path, str], tmp_path: Path) -> None:
    home, session = recorded
    journal = home / "journals" / f"{session}.jsonl"
    for command in _writers(session, journal):
        out = tmp_path / "out.txt"
        out.write_text("keep me", encoding="utf-8")
        done = drillsim(*command, out, home=home)
        assert_clean(done, 2)
        assert done.err_lines == [
            f"{out} already exists and was not replaced; add --force to replace it"
        ]
        assert out.read_text(encoding="utf-8") == "keep me"
        done = drillsim(*command, out, "--force", home=home)
        assert_clean(done, 0, lines=None)
        assert out.read_text(encoding="utf-8") != "keep me"
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_full_disk_keeps_the_good_report(recorded: tuple[Path, str], small_disk: Path) -> None:
    home, session = recorded
    out = small_disk / "report.md"
    out.write_text("the good report\n", encoding="utf-8")
    fill(small_disk)
    done = drillsim("report", session, "-o", out, "--force", "--format", "html", home=home)
    assert_clean(done, 2)
    assert done.err_lines == [f"cannot write {out}: No space left on device"]
    assert out.read_text(encoding="utf-8") == "the good report\n"
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "report.md"]


def test_run_with_an_unwritable_home(tmp_path: Path) -> None:
    home = Path("/proc/self/drillsim-home")
    done = drillsim("run", "workshop-evacuation", "--playbook", "late", home=home)
    assert_clean(done, 2)
    assert done.err_lines == [
        f"the drill cannot be recorded: {home}/journals cannot be written (No such file or directory)"
    ]
    for command in (("history",), ("history", "progress", "A"), ("export",), ("resume",)):
        assert_clean(drillsim(*command, home=home), 0)


def test_run_with_a_full_home_leaves_no_empty_journal(small_disk: Path) -> None:
    home = small_disk / "home"
    (home / "journals").mkdir(parents=True)
    fill(small_disk)
    done = drillsim("run", "workshop-evacuation", "--playbook", "late", home=home)
    assert_clean(done, 2)
    assert done.err_lines == [
        f"the drill cannot be recorded: {home}/journals cannot be written (No space left on device)"
    ]
    assert list((home / "journals").iterdir()) == []


def test_read_only_home_reads_and_refuses_writes(
    recorded: tuple[Path, str], read_only: tuple[Path, Path]
) -> None:
    source, view = read_only
    home, session = recorded
    shutil.copytree(home, source / "home")
    ro_home = view / "home"
    listed = drillsim("history", "--json", home=ro_home)
    assert_clean(listed, 0)
    assert [r["id"] for r in json.loads(listed.out)] == [session]
    assert_clean(drillsim("history", "show", session, home=ro_home), 0)
    assert_clean(drillsim("export", home=ro_home), 0)
    done = drillsim("history", "note", session, "a note", home=ro_home)
    assert_clean(done, 2)
    assert done.err_lines[0].startswith(
        f"the drill history {ro_home}/history.sqlite3 cannot be written"
    )
    done = drillsim("run", "workshop-evacuation", home=ro_home)
    assert_clean(done, 2)
    assert "Read-only file system" in done.err_lines[0]


def test_atomic_helper_contract(tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "a.txt"
    assert write_atomic(out, "one") == out
    assert out.read_text(encoding="utf-8") == "one"
    with pytest.raises(OutputError) as caught:
        write_atomic(out, "two")
    assert caught.value.render("zh") == f"{out} 已存在，未覆盖；要替换它请加 --force"
    write_atomic(out, b"two", force=True)
    assert out.read_bytes() == b"two"
    with temp_path(tmp_path / "b.bin") as tmp:
        tmp.write_bytes(b"made by another program")
    assert (tmp_path / "b.bin").read_bytes() == b"made by another program"
    with pytest.raises(RuntimeError), temp_path(tmp_path / "c.bin") as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("interrupted")
    assert not (tmp_path / "c.bin").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin"]
    fifo = tmp_path / "fifo"
    import os

    os.mkfifo(fifo)
    with pytest.raises(OutputError) as caught:
        check_destination(fifo, force=True)
    assert caught.value.key == "out_not_regular"


def test_atomic_write_failure_leaves_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "a.txt"
    out.write_text("old", encoding="utf-8")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("sim.atomic.os.fsync", no_space)
    with pytest.raises(OutputError) as caught:
        write_atomic(out, "new", force=True)
    assert caught.value.render("en") == f"cannot write {out}: No space left on device"
    monkeypatch.undo()
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
