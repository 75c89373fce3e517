"""Injection through text: formulas in spreadsheets, markup and HTML in reports, terminal
escapes and bidi overrides in everything printed (issue 12, items 1 to 4)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.hostile.conftest import Outcome, assert_clean, drillsim

FORMULA = '=HYPERLINK("http://x","y")'
PIPE = "+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
ESCAPES = "EVIL\x1b[2J\x1b[31mRED\x1b]0;pwned\x07"
BIDI = "abc\u202edcba\u2066x"
SCRIPT = "<script>alert(1)</script> *bold* [link](http://x) a|b"
RAW = ("\x1b", "\x07", "\u202e", "\u2066", "\x9b")
"""What must never reach a terminal from outside text."""


def assert_no_raw(text: str) -> None:
    for ch in RAW:
        assert ch not in text, (repr(ch), text[:400])


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A records folder with two drills whose unit, team, participants, notes and
    improvement items are hostile; their session ids."""
    home = tmp_path_factory.mktemp("injection") / "home"
    home.mkdir()
    sessions = []
    for unit, team in ((FORMULA, ESCAPES + BIDI), (PIPE, AT)):
        done = drillsim(
            "run", "workshop-evacuation", "--playbook", "late", "--unit", unit, "--team", team,
            "--json", home=home,
        )  # fmt: skip
        assert_clean(done, 0, lines=None)
        sessions.append(json.loads(done.out)["session"]["id"])
    first = sessions[0]
    assert_clean(drillsim("history", "note", first, SCRIPT + ESCAPES, home=home), 0)
    assert_clean(drillsim("history", "note", first, "--", "-2+3", home=home), 0)
    done = drillsim(
        "history", "improve", first, "--issue", "=1+1" + ESCAPES, "--action", "@SUM(A1:A9)",
        "--responsible", "+cmd", home=home,
    )  # fmt: skip
    assert_clean(done, 0)
    return home, sessions


def test_csv_cells_are_never_formulas(records: tuple[Path, list[str]], tmp_path: Path) -> None:
    home, _ = records
    out = tmp_path / "table.csv"
    assert_clean(drillsim("export", "-o", out, home=home), 0, lines=None)
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    cells = [c for row in rows[1:] for c in row]
    assert "'" + FORMULA in cells
    assert "'" + PIPE in cells
    assert "'" + AT in cells
    for c in cells:
        assert not c.startswith(("=", "+", "-", "@", "\t", "\r")), c


def test_xlsx_user_text_is_a_string(records: tuple[Path, list[str]], tmp_path: Path) -> None:
    import openpyxl

    home, _ = records
    out = tmp_path / "table.xlsx"
    assert_clean(drillsim("export", "-o", out, home=home), 0, lines=None)
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    values = {}
    for row in ws.iter_rows(min_row=4):
        for c in row:
            if isinstance(c.value, str):
                values[c.value] = c.data_type
    # Stored as text exactly as typed, never as a formula ('f').
    assert values[FORMULA] == "s"
    assert values[PIPE] == "s"
    assert values[AT] == "s"
    assert "f" not in values.values()


def test_history_commands_print_no_escapes(records: tuple[Path, list[str]]) -> None:
    home, sessions = records
    for args in (
        ("history",),
        ("history", "show", sessions[0]),
        ("history", "progress", ESCAPES + BIDI),
        ("export",),
    ):
        done = drillsim(*args, home=home)
        assert_clean(done, 0)
        assert_no_raw(done.out + done.err)
    shown = drillsim("history", "show", sessions[0], home=home).out
    # Made visible, not dropped: ESC is shown as the symbol for escape.
    assert "EVIL\u241b[2J" in shown
    assert "<U+202E>" in shown
    progress = drillsim("history", "progress", ESCAPES + BIDI, home=home).out
    assert "1" in progress


def test_markdown_report_escapes_html_and_markup(records: tuple[Path, list[str]]) -> None:
    home, sessions = records
    done = drillsim("report", sessions[0], "--format", "md", home=home)
    assert_clean(done, 0, lines=None)
    assert_no_raw(done.out)
    assert "<script>" not in done.out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* \\[link\\](http://x) a\\|b" in done.out


def test_html_report_escapes(records: tuple[Path, list[str]], tmp_path: Path) -> None:
    home, sessions = records
    out = tmp_path / "r.html"
    assert_clean(drillsim("report", sessions[0], "-o", out, home=home), 0, lines=None)
    text = out.read_text(encoding="utf-8")
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert_no_raw(text)


def _evil_scenario(folder: Path) -> Path:
    root = Path(__file__).resolve().parents[2]
    text = (root / "scenarios" / "workshop-evacuation.yaml").read_text(encoding="utf-8")
    start = text.index("title:")
    end = text.index("summary:")
    text = text[:start] + 'title: "EVIL\\e[2J\\e[31mRED\\e]0;pwned\\a\\u202Eabc"\n' + text[end:]
    text = text.replace("id: workshop-evacuation", "id: evil-title", 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "evil-title.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_refuses_control_characters_in_names(home: Path) -> None:
    path = _evil_scenario(home.parent / "user-scenarios")
    done = drillsim("validate", path, home=home)
    assert_clean(done, 1, lines=None)
    assert_no_raw(done.out + done.err)
    (line,) = done.out.splitlines()
    assert line.startswith(f"{path}:7:8: title ")
    assert "U+001B, U+0007, U+202E" in line


def test_validate_in_chinese_names_the_characters(home: Path) -> None:
    path = _evil_scenario(home.parent / "user-scenarios")
    done = drillsim("--lang", "zh", "validate", path, home=home)
    assert_clean(done, 1, lines=None)
    assert "控制字符" in done.out and "U+001B" in done.out


def test_list_prints_no_escapes(home: Path) -> None:
    _evil_scenario(home.parent / "user-scenarios")
    done: Outcome = drillsim("list", home=home)
    assert_clean(done, 0)
    assert_no_raw(done.out + done.err)
    assert "evil-title" in done.out
    listed = json.loads(drillsim("list", "--json", home=home).out)
    (evil,) = [e for e in listed if e["id"] == "evil-title"]
    assert evil["valid"] is False


def test_resume_prints_no_escapes(home: Path) -> None:
    from sim.records import Recorder
    from tests.records.helpers import scenario

    path, sc = scenario("workshop-evacuation")
    rec = Recorder.start(sc, path, seed=1, team=ESCAPES + BIDI, record=False)
    rec.drill.advance(20.0)
    rec.free_inject("smoke " + ESCAPES + BIDI)
    rec.close()
    for args in (("resume",), ("resume", rec.session_id, "--info")):
        done = drillsim(*args, home=home)
        assert_clean(done, 0, lines=None)
        assert_no_raw(done.out + done.err)
    info = drillsim("resume", rec.session_id, "--info", home=home).out
    assert "facilitator: smoke EVIL\u241b[2J" in info
