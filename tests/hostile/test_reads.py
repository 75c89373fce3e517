"""Files that never end: fifos, /dev/zero, deep nesting and alias expansion are refused
with one line naming the file, never read for ever (issue 12, item 5)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sim.bounded import JSON_DEPTH, ReadError, json_depth, load_json, read_regular
from sim.loader import check_text
from sim.yamlsafe import MAX_BYTES, MAX_EXPANDED_CHARS
from tests.hostile.conftest import assert_clean, drillsim
from tui.bindings import read_keymap

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "scenarios" / "playbooks" / "workshop-evacuation" / "late.yaml"


def test_playbook_fifo_is_refused(home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pb.yaml"
    os.mkfifo(fifo)
    done = drillsim("simulate", "workshop-evacuation", "--playbook", fifo, home=home)
    assert_clean(done, 1)
    assert (
        done.err_lines[0]
        == f"{fifo}:1:1: not a regular file (a fifo, a device or a socket); not read"
    )


def test_playbook_linked_to_dev_zero_is_refused(home: Path, tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    done = drillsim("simulate", "workshop-evacuation", "--playbook", link, home=home)
    assert_clean(done, 1)
    assert done.err_lines[0].startswith(f"{link}:1:1: not a regular file")


def test_playbook_too_large_is_refused(home: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * MAX_BYTES + b"\n")
    done = drillsim("simulate", "workshop-evacuation", "--playbook", big, home=home)
    assert_clean(done, 1)
    assert "file is too large" in done.err_lines[0]


def test_scenario_fifo_is_refused_by_validate(home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "s.yaml"
    os.mkfifo(fifo)
    done = drillsim("validate", fifo, home=home)
    assert_clean(done, 1, lines=None)
    assert (
        done.out.strip()
        == f"{fifo}:1:1: not a regular file (a fifo, a device or a socket); not read"
    )


def test_alias_expansion_capped_by_characters() -> None:
    # A ~980 KB file: one 400 KB string referenced 190,000 times. Few values (under the
    # value cap), but 76 GB of text once expanded; it must be refused before expansion.
    text = "long: &s " + "x" * 400_000 + "\nmany: [" + ",".join(["*s"] * 190_000) + "]\n"
    assert 900_000 < len(text) <= MAX_BYTES
    checked = check_text(text, "bomb.yaml")
    assert checked.scenario is None
    (problem,) = checked.problems
    assert problem.key == "yaml_too_big"
    assert problem.format("en") == (
        f"bomb.yaml:2:7: anchors and aliases expand to more than {MAX_EXPANDED_CHARS} "
        "characters of text; refused"
    )


def test_alias_expansion_validate_is_quick_and_small(home: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(
        "long: &s " + "x" * 400_000 + "\nmany: [" + ",".join(["*s"] * 190_000) + "]\n",
        encoding="utf-8",
    )
    done = drillsim("validate", bomb, home=home, timeout_s=60)
    assert_clean(done, 1, lines=None)
    assert "anchors and aliases expand" in done.out


def test_keymap_fifo_and_deep_nesting(tmp_path: Path) -> None:
    fifo = tmp_path / "keymap.json"
    os.mkfifo(fifo)
    with pytest.raises(ReadError) as caught:
        read_keymap(fifo)
    assert caught.value.render("en").startswith(f"{fifo}: not a regular file")
    fifo.unlink()
    fifo.write_text("[" * 200_000, encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read_keymap(fifo)
    assert caught.value.key == "in_too_large"
    fifo.write_text("[" * 50_000, encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read_keymap(fifo)
    assert caught.value.key == "in_too_deep"


async def test_app_starts_with_a_bad_keymap(home: Path) -> None:
    from tui.app import make_app

    home.mkdir(exist_ok=True)
    (home / "keymap.json").write_text("[" * 200_000, encoding="utf-8")
    app = make_app(lang="en", autoplay=False, catalog=[])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.read_problem is not None
        shown = [n.message for n in app._notifications]
        assert any("key remapping not used" in m and "keymap.json" in m for m in shown), shown


def test_journal_fifo_and_deep_line(home: Path) -> None:
    folder = home / "journals"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "20260101-000000-aaaaaa.jsonl")
    (folder / "20260101-000001-bbbbbb.jsonl").write_text("[" * 200_000 + "\n", encoding="utf-8")
    done = drillsim("resume", home=home)
    assert_clean(done, 0)
    assert done.out.strip() == "no unfinished drills"
    done = drillsim("resume", "20260101-000000", "--info", home=home)
    assert_clean(done, 1)
    assert done.err_lines == ["no drill '20260101-000000' in the history"]
    fifo = folder / "20260101-000000-aaaaaa.jsonl"
    done = drillsim("replay", fifo, home=home)
    assert_clean(done, 1)
    assert done.err_lines == [
        f"drill journal not usable: {fifo}: not a regular file (a fifo, a device or a socket); "
        "not read"
    ]
    deep = folder / "20260101-000001-bbbbbb.jsonl"
    done = drillsim("replay", deep, home=home)
    assert_clean(done, 1)
    assert done.err_lines == [
        f"the first line of {deep} is not a valid journal header; it cannot be replayed"
    ]


async def test_picker_lists_around_a_fifo_journal(home: Path) -> None:
    from tui.app import make_app
    from tui.screens.picker import PickerScreen

    folder = home / "journals"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "20260101-000000-aaaaaa.jsonl")
    (folder / "20260101-000001-bbbbbb.jsonl").write_text("[" * 200_000 + "\n", encoding="utf-8")
    app = make_app(lang="en", autoplay=False, catalog=[], keymap={})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.unfinished == []


def test_read_regular_limits(tmp_path: Path) -> None:
    f = tmp_path / "f"
    f.write_bytes(b"12345")
    assert read_regular(f, 5) == b"12345"
    with pytest.raises(ReadError) as caught:
        read_regular(f, 4)
    assert caught.value.key == "in_too_large"
    with pytest.raises(ReadError) as caught:
        read_regular(tmp_path, 10)
    assert caught.value.key == "in_folder"
    with pytest.raises(ReadError) as caught:
        read_regular(tmp_path / "missing", 10)
    assert caught.value.render("zh") == f"{tmp_path / 'missing'}: 找不到文件"
    # /proc files claim a size of 0 and are read up to the cap, never past it.
    assert len(read_regular("/proc/self/status", 1 << 20)) > 0
    with pytest.raises(ReadError):
        read_regular("/proc/self/status", 8)


def test_json_depth_counts_brackets_outside_strings(tmp_path: Path) -> None:
    assert json_depth('{"a": [1, {"b": "[[[[\\"]]"}]}') == 3
    assert json_depth("[" * 70) == 70
    f = tmp_path / "deep.json"
    f.write_text(json.dumps({"a": [[[1]]]}), encoding="utf-8")
    assert load_json(f, 1000) == {"a": [[[1]]]}
    f.write_text("[" * (JSON_DEPTH + 1) + "]" * (JSON_DEPTH + 1), encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        load_json(f, 1000)
    assert (
        caught.value.render("en") == f"{f}: nested more than {JSON_DEPTH} levels deep; not parsed"
    )
