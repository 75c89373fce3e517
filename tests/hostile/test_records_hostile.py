"""Journal and history consistency, command-line values, history edits and forged data
(issue 12, items 7 to 11)."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from sim.records.journal import encode_line
from tests.hostile.conftest import assert_clean, drillsim


def _run(home: Path, *extra: str) -> str:
    done = drillsim("run", "workshop-evacuation", "--playbook", "late", "--json", *extra, home=home)
    assert_clean(done, 0, lines=None)
    return str(json.loads(done.out)["session"]["id"])


def _db(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "history.sqlite3", isolation_level=None)


# --- 7: a crash between the journal's end line and the history write -------------------------


def test_finished_journal_missing_from_history_heals_at_next_start(home: Path) -> None:
    crashed = _run(home)
    lost = _run(home)
    kept_out = _run(home, "--no-history")
    with _db(home) as db:
        # What a crash after the end line and before the history write leaves behind.
        db.execute(
            "UPDATE sessions SET status = 'running', total = NULL, result = NULL WHERE id = ?",
            (crashed,),
        )
        db.execute("DELETE FROM sessions WHERE id = ?", (lost,))
    done = drillsim("history", "--json", home=home)
    assert_clean(done, 0, lines=None)
    assert sorted(done.err_lines) == sorted(
        f"drill {s} had ended but was missing from the history (a crash while it was saved); "
        "it is recorded now"
        for s in (crashed, lost)
    )
    rows = {r["id"]: r for r in json.loads(done.out)}
    assert set(rows) == {crashed, lost}
    assert kept_out not in rows
    assert rows[crashed]["status"] == rows[lost]["status"] == "finished"
    assert rows[crashed]["total"] == pytest.approx(62.9, abs=0.05)
    again = drillsim("history", home=home)
    assert_clean(again, 0)
    assert again.err_lines == []
    table = drillsim("export", home=home)
    assert crashed in table.out and lost in table.out


# --- 8: command-line values --------------------------------------------------------------------


@pytest.mark.parametrize("seed", ["-1", "99999999999999999999999"])
@pytest.mark.parametrize("command", ["run", "simulate"])
def test_seed_out_of_range(home: Path, command: str, seed: str) -> None:
    done = drillsim(command, "workshop-evacuation", "--seed", seed, home=home)
    assert_clean(done, 2)
    assert done.err_lines == [
        f"the seed must be a whole number from 0 to 9223372036854775807, not '{seed}'"
    ]
    assert not (home / "journals").exists() or list((home / "journals").iterdir()) == []


def test_jobs_capped_at_the_cores(home: Path) -> None:
    import os

    cores = os.cpu_count() or 1
    done = drillsim(
        "simulate", "workshop-evacuation", "--runs", "2", "--jobs", "40", "--json", home=home
    )
    assert_clean(done, 0, lines=None)
    assert done.err_lines[0] == (
        f"--jobs 40 is more than this machine's {cores} cores; using {cores} "
        "(add --force-jobs to insist)"
    )
    assert json.loads(done.out)["runs"] == 2
    done = drillsim("simulate", "workshop-evacuation", "--runs", "2", "--jobs", "0", home=home)
    assert_clean(done, 2)
    assert done.err_lines == ["--jobs must be at least 1"]


# --- 9: history edits touch only the drill named ------------------------------------------------


def test_history_edits_are_scoped_to_the_session(home: Path) -> None:
    a = _run(home)
    b = _run(home)
    assert_clean(drillsim("history", "note", a, "A's note", home=home), 0)
    assert_clean(drillsim("history", "improve", a, "--issue", "A's item", home=home), 0)
    done = drillsim("history", "note", b, "--delete", "1", home=home)
    assert_clean(done, 1)
    assert done.err_lines == ["no evaluator note with id 1"]
    done = drillsim("history", "improve", b, "--edit", "1", "--status", "done", home=home)
    assert_clean(done, 1)
    assert done.err_lines == ["no improvement item with id 1"]
    done = drillsim("history", "note", b, "--edit", "1", "changed", home=home)
    assert_clean(done, 1)
    shown = json.loads(drillsim("history", "show", a, "--json", home=home).out)
    assert [n["text"] for n in shown["notes"]] == ["A's note"]
    assert [i["status"] for i in shown["improvements"]] == ["open"]
    # The documented form: history note S --edit ID "text".
    done = drillsim("history", "note", a, "--edit", "1", "the new text", home=home)
    assert_clean(done, 0)
    shown = json.loads(drillsim("history", "show", a, "--json", home=home).out)
    assert [n["text"] for n in shown["notes"]] == ["the new text"]
    done = drillsim("history", "note", a, "--edit", "x", home=home)
    assert_clean(done, 2)


# --- 10: names stored one way ------------------------------------------------------------------


@pytest.mark.parametrize("value", ["Li=Na:leader", "Li:Na:leader", "Li，Na:leader"])
def test_separator_in_a_participant_name_is_refused(home: Path, value: str) -> None:
    done = drillsim("run", "workshop-evacuation", "--participant", value, home=home)
    assert_clean(done, 1)
    assert done.err_lines == [
        f"participant '{value}': a name cannot hold a separator (: = , ; and their full-width "
        "forms) or a control character"
    ]
    assert not (home / "journals").exists()


def test_team_names_in_nfc_and_nfd_are_one_team(home: Path) -> None:
    nfc, nfd = "Caf\u00e9 A", "Cafe\u0301 A"
    assert nfc != nfd and unicodedata.normalize("NFC", nfd) == nfc
    _run(home, "--team", nfc, "--participant", "Jos\u00e9:leader")
    _run(home, "--team", nfd, "--participant", "Jose\u0301:leader")
    rows = json.loads(drillsim("history", "--json", home=home).out)
    assert {r["team"] for r in rows} == {nfc}
    assert {r["participants"][0]["name"] for r in rows} == {"Jos\u00e9"}
    for typed in (nfc, nfd):
        progress = json.loads(drillsim("history", "progress", typed, "--json", home=home).out)
        assert progress["count"] == 2


def test_scenario_names_are_read_in_nfc() -> None:
    from sim.yamlsafe import decode

    text, problems = decode("name: Cafe\u0301\n".encode())
    assert problems == [] and text == "name: Caf\u00e9\n"


# --- 11: forged or damaged data -----------------------------------------------------------------


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _write(path: Path, objs: list[dict[str, object]]) -> None:
    path.write_bytes(b"".join(encode_line(o) for o in objs))


def test_forged_journal_lines_with_valid_checksums(home: Path) -> None:
    session = _run(home)
    journal = home / "journals" / f"{session}.jsonl"
    objs = [o for o in _lines(journal) if o["type"] != "end"]
    inputs = [o for o in objs if o["type"] == "input"]
    forged = {
        "type": "input",
        "n": len(inputs) + 1,
        "t_s": 800.0,
        "op": "free_inject",
        "args": {"text": "hi", "to": {"role": "leader"}},
        "accepted": True,
        "wall": "",
    }
    _write(journal, [*objs, forged])
    for args in (("replay", str(journal)), ("resume", session, "--info")):
        done = drillsim(*args, home=home)
        assert_clean(done, 0, lines=None)
        assert f"line {len(objs) + 1} is not a journal entry drillsim knows; skipped" in (
            done.out + done.err
        )
    header = dict(objs[0])
    header["seed"] = -1
    _write(journal, [header, *objs[1:]])
    said = f"the first line of {journal} is not a valid journal header; it cannot be replayed"
    for args in (("replay", str(journal)), ("resume", session, "--info")):
        done = drillsim(*args, home=home)
        assert_clean(done, 1)
        assert done.err_lines == [said]
    header = dict(objs[0])
    header["scenario"] = {**header["scenario"], "id": "/dev/zero", "path": ""}  # type: ignore[dict-item]
    _write(journal, [header, *objs[1:]])
    done = drillsim("replay", str(journal), home=home)
    assert_clean(done, 1)
    assert done.err_lines == [
        "the scenario file /dev/zero is no longer valid, so it cannot be replayed: not a "
        "regular file (a fifo, a device or a socket); not read"
    ]
    header = dict(objs[0])
    header["seed"] = -1
    _write(journal, [header, *objs[1:]])
    # The report is made from the history alone, and says why the timeline is missing.
    done = drillsim("report", session, home=home)
    assert_clean(done, 0, lines=None)
    assert said in done.err


def test_damaged_history_rows(home: Path) -> None:
    session = _run(home, "--team", "A")
    with _db(home) as db:
        db.execute(
            "UPDATE sessions SET total = 'lots', duration_s = x'00ff' WHERE id = ?", (session,)
        )
    for args in (("history",), ("history", "show", session), ("history", "progress", "A"),
                 ("export",), ("history", "--json")):  # fmt: skip
        assert_clean(drillsim(*args, home=home), 0)
    with _db(home) as db:
        db.execute(
            "UPDATE sessions SET result = '{not json', total = 50.0 WHERE id = ?", (session,)
        )
    for args in (("export",), ("history", "progress", "A"), ("report", session)):
        done = drillsim(*args, home=home)
        assert_clean(done, 1)
        assert done.err_lines[0].startswith(
            f"the record of drill {session} in {home / 'history.sqlite3'} is damaged"
        )
    with _db(home) as db:
        db.execute("UPDATE sessions SET result = ? WHERE id = ?", ("[" * 5000, session))
    done = drillsim("export", home=home)
    assert_clean(done, 1)
    assert "nested more than 16 levels deep" in done.err_lines[0]
