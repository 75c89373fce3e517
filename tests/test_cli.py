"""The command line: exit codes, output formats and the contracts of docs/contracts.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import sim
from sim.schema import schema_text
from tests.helpers import run

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "scenarios" / "workshop-evacuation.yaml"
BUNDLED_IDS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))

BROKEN = "id: broken-drill\ntitle: Broken\nduration_s: soon\n"
"""Six problems: summary, category, roles, site and actions are missing, and duration_s
is not a number."""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- validate -------------------------------------------------------------------------------


def test_validate_valid_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["validate", str(SAMPLE)], capsys)
    assert code == 0
    assert out == ""
    assert err == f"{SAMPLE}: valid\n"


def test_validate_invalid_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, "bad.yaml", BROKEN)
    code, out, err = run(["validate", str(bad)], capsys)
    assert code == 1
    assert out.splitlines() == [
        f"{bad}:1:1: missing required field 'summary'",
        f"{bad}:1:1: missing required field 'category'",
        f"{bad}:1:1: missing required field 'roles'",
        f"{bad}:1:1: missing required field 'site'",
        f"{bad}:1:1: missing required field 'actions'",
        f"{bad}:3:13: expected a number, found text 'soon'",
    ]
    assert err == "6 problem(s) in 1 file(s)\n"


def test_validate_several_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, "bad.yaml", "- not a mapping\n")
    missing = tmp_path / "missing.yaml"
    code, out, err = run(["validate", str(SAMPLE), str(bad), str(missing)], capsys)
    assert code == 1
    assert out.splitlines() == [
        f"{bad}:1:1: the top level of a scenario must be a mapping of 'key: value' pairs",
        f"{missing}:1:1: file not found",
    ]
    assert err.splitlines() == [f"{SAMPLE}: valid", "2 problem(s) in 2 file(s)"]


def test_validate_keeps_the_file_name_as_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "drills", "bad.yaml", "title: [\n")
    monkeypatch.chdir(tmp_path)
    given = "drills/../drills/bad.yaml"
    code, out, _ = run(["validate", given], capsys)
    assert code == 1
    assert out == f"{given}:1:8: this '[' has no matching ']'\n"


def test_validate_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, "bad.yaml", "id: x\nsummary: yes\n")
    code, out, err = run(["--lang", "zh", "validate", str(bad), str(SAMPLE)], capsys)
    assert code == 1
    lines = out.splitlines()
    assert f'{bad}:2:10: 这里需要文本，但 YAML 把 yes 读成了 true；请加引号："yes"' in lines
    assert f"{bad}:1:1: 缺少必填字段“title”" in lines
    assert err.splitlines() == [f"{SAMPLE}：有效", f"1个文件中发现{len(lines)}个问题"]


def test_language_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRILLSIM_LANG", "zh")
    missing = tmp_path / "missing.yaml"
    code, out, _ = run(["validate", str(missing)], capsys)
    assert code == 1
    assert out == f"{missing}:1:1: 找不到文件\n"
    code, out, _ = run(["--lang", "en", "validate", str(missing)], capsys)
    assert out == f"{missing}:1:1: file not found\n"


def test_validate_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["validate"], capsys)
    assert code == 2
    assert out == ""
    assert "FILE" in err


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["frobnicate"], capsys)
    assert code == 2
    assert "frobnicate" in err


# --- list -----------------------------------------------------------------------------------


def _user_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "user-scenarios"
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "id: workshop-evacuation", "id: my-workshop", 1
    )
    write(folder, "mine.yaml", text)
    write(folder, "broken.yaml", BROKEN)
    write(folder, "binary.yaml", "").write_bytes(b"\xff\xfe\x00garbage\x00")
    write(folder, "notes.txt", "not a scenario")
    monkeypatch.setenv("DRILLSIM_SCENARIOS", str(folder))
    return folder


def test_list_json_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _user_folder(tmp_path, monkeypatch)
    code, out, _ = run(["list", "--json"], capsys)
    assert code == 0
    items: list[dict[str, Any]] = json.loads(out)
    assert isinstance(items, list)
    for item in items:
        assert {"id", "title", "category", "path", "playbooks"} <= set(item)
        assert isinstance(item["id"], str) and item["id"]
        title = item["title"]
        assert isinstance(title, str) or (
            isinstance(title, dict)
            and set(title) == {"zh", "en"}
            and all(isinstance(v, str) for v in title.values())
        )
        assert item["category"] is None or isinstance(item["category"], str)
        assert Path(item["path"]).is_file()
        assert isinstance(item["playbooks"], list)
        assert all(isinstance(name, str) for name in item["playbooks"])
    by_id = {item["id"]: item for item in items}
    assert len(by_id) == len(items), "ids are unique"
    # Bundled scenarios come first, then the user's.
    assert [i["source"] for i in items] == ["bundled"] * len(BUNDLED_IDS) + ["user"] * 3
    assert {i["id"] for i in items[: len(BUNDLED_IDS)]} == set(BUNDLED_IDS)
    sample = by_id["workshop-evacuation"]
    assert sample["title"] == {"zh": "车间疏散演练", "en": "Workshop evacuation drill"}
    assert sample["category"] == "evacuation"
    assert Path(sample["path"]).resolve() == SAMPLE.resolve()
    mine = by_id["my-workshop"]
    assert Path(mine["path"]) == folder / "mine.yaml"
    assert mine["playbooks"] == []
    broken = by_id["broken"]
    assert broken["valid"] is False
    assert broken["category"] is None
    assert broken["title"] == "broken"
    soon = f"{folder / 'broken.yaml'}:3:13: expected a number, found text 'soon'"
    assert soon in broken["problems"]
    binary = by_id["binary"]
    assert binary["problems"] == [
        f"{folder / 'binary.yaml'}:1:1: the file is saved as UTF-16; save it as UTF-8"
    ]
    assert "notes" not in by_id


def test_list_json_playbooks_of_bundled_scenarios(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["list", "--json"], capsys)
    assert code == 0
    for item in json.loads(out):
        folder = Path(item["path"]).parent / "playbooks" / item["id"]
        on_disk = {p.stem for p in folder.glob("*.yaml")} if folder.is_dir() else set()
        assert set(item["playbooks"]) == on_disk


def test_list_shows_broken_user_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _user_folder(tmp_path, monkeypatch)
    code, out, err = run(["list"], capsys)
    assert code == 0
    lines = out.splitlines()
    broken = [line for line in lines if line.startswith("broken ")]
    assert len(broken) == 1
    assert "(invalid: 6 problem(s))" in broken[0]
    assert broken[0].endswith(str(folder / "broken.yaml"))
    mine = [line for line in lines if line.startswith("my-workshop ")]
    assert len(mine) == 1 and mine[0].endswith("Workshop evacuation drill  [user]")
    assert err == f"user scenario folder: {folder}\n"


def test_list_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["--lang", "zh", "list"], capsys)
    assert code == 0
    sample = [line for line in out.splitlines() if line.startswith("workshop-evacuation ")]
    assert len(sample) == 1
    assert "疏散" in sample[0] and sample[0].endswith("车间疏散演练")
    assert err.startswith("用户场景目录：")


def test_list_without_user_folder(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["list", "--json"], capsys)
    assert code == 0
    assert {item["id"] for item in json.loads(out)} == set(BUNDLED_IDS)


# --- schema ---------------------------------------------------------------------------------


def test_schema_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schema"], capsys)
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert {"id", "title", "site", "actions", "expectations"} <= set(schema["properties"])
    assert out == schema_text()


def test_schema_written_and_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "scenario.schema.json"
    code, out, _ = run(["schema", "-o", str(target)], capsys)
    assert code == 0
    assert out == ""
    assert target.read_text(encoding="utf-8") == schema_text()
    code, _, err = run(["schema", "--check", "-o", str(target)], capsys)
    assert code == 0
    assert err == f"{target} is current\n"
    target.write_text("{}\n", encoding="utf-8")
    code, _, err = run(["schema", "--check", "-o", str(target)], capsys)
    assert code == 1
    assert err == f"{target} is stale; run drillsim schema -o {target}\n"


# --- version and help -----------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0
    assert out == f"drillsim {sim.__version__}\n"


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        ("en", ["tabletop drill simulator", "check scenario files and list every problem"]),
        ("zh", ["安全生产应急演练桌面推演模拟器", "检查场景文件，逐条列出问题"]),
    ],
)
def test_help_in_both_languages(
    lang: str, phrases: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["--lang", lang, "--help"], capsys)
    assert code == 0
    for phrase in phrases:
        assert phrase in out
    assert "validate" in out and "list" in out and "schema" in out


def test_subcommand_help_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--lang", "zh", "validate", "--help"], capsys)
    assert code == 0
    assert "场景文件（YAML）" in out


# --- the real entry point -------------------------------------------------------------------


def _subprocess_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRILLSIM_", "LC_"))}
    env.update(LANG="C.UTF-8", DRILLSIM_SCENARIOS=str(tmp_path / "none"), PYTHONIOENCODING="utf-8")
    return env


def test_module_entry_point(tmp_path: Path) -> None:
    env = _subprocess_env(tmp_path)
    version = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--version"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert version.returncode == 0
    assert version.stdout == f"drillsim {sim.__version__}\n"
    listing = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--lang", "zh", "list", "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert listing.returncode == 0
    assert {item["id"] for item in json.loads(listing.stdout)} == set(BUNDLED_IDS)


def test_console_script(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("drillsim")
    if not script.exists():
        pytest.skip("the drillsim console script is not installed beside this interpreter")
    bad = write(tmp_path, "bad.yaml", "\tid: x\n")
    done = subprocess.run(
        [str(script), "--lang", "en", "validate", str(bad)],
        capture_output=True,
        text=True,
        env=_subprocess_env(tmp_path),
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == f"{bad}:1:1: YAML does not allow tabs for indentation; use spaces\n"
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("argv", [["--help"], ["validate", "--help"], ["export", "--help"]])
def test_argparse_own_words_are_in_chinese_too(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["--lang", "zh", *argv], capsys)
    assert code == 0
    assert out.startswith("用法：drillsim")
    assert "显示帮助并退出" in out
    assert "show this help message" not in out and "usage:" not in out
