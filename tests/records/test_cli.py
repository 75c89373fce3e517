"""The records commands: run, resume, replay, history (with notes and the plan), through
``drillsim``'s own parser."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from sim.records.history import History
from sim.records.journal import read_journal
from tests.helpers import run
from tests.records.helpers import straight_result
from tui.cli import build_parser


def test_run_journals_and_records_a_drill(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        [
            "run",
            "workshop-evacuation",
            "--playbook",
            "late",
            "--seed",
            "3",
            "--unit",
            "Plant 2",
            "--team",
            "Shift B",
            "--participant",
            "Wang:leader",
            "--participant",
            "李娜：warden",
            "--json",
        ],
        capsys,
    )
    assert code == 0, err
    result = json.loads(out)
    session = result.pop("session")
    assert result == straight_result("workshop-evacuation", "late", 3)
    assert session["id"] in err and Path(session["journal"]).is_file()
    rec = History().session(session["id"])
    assert (rec.unit, rec.team, rec.status) == ("Plant 2", "Shift B", "finished")
    assert [(p.name, p.role) for p in rec.participants] == [("Wang", "leader"), ("李娜", "warden")]


def test_run_refuses_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["run", "workshop-evacuation", "--participant", "Wang:pilot"], capsys)
    assert code == 1 and "pilot" in err and "leader" in err
    code, _, err = run(["run", "no-such-drill"], capsys)
    assert code == 1 and "no-such-drill" in err
    code, _, err = run(["run", "workshop-evacuation", "--playbook", "heroic"], capsys)
    assert code == 1 and "heroic" in err


def test_resume_lists_shows_and_finishes_an_unfinished_drill(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    from sim.records.journal import Recorder
    from tests.records.helpers import scenario, steps

    path, sc = scenario("workshop-evacuation")
    rec = Recorder.start(sc, path, seed=1, team="Shift C")
    for step in steps("workshop-evacuation", "ideal")[:2]:
        rec.apply_step(step)
    rec.close()
    code, out, _ = run(["resume"], capsys)
    assert code == 0 and rec.session_id in out and "2 input(s)" in out and "Shift C" in out
    code, out, _ = run(["--lang", "zh", "resume", rec.session_id], capsys)
    assert code == 0 and "停在演练时间0:40" in out and "--playbook" in out
    assert read_journal(rec.journal_path).inputs[-1].n == 2  # looking does not change it
    code, out, err = run(["resume", rec.session_id, "--finish"], capsys)
    assert code == 0, err
    assert "2 input(s) replayed" in err
    assert History().session(rec.session_id).status == "finished"
    code, out, _ = run(["resume"], capsys)
    assert out.strip() == "no unfinished drills"
    code, _, err = run(["resume", rec.session_id, "--finish"], capsys)
    assert code == 1 and "has already ended" in err


def test_replay_rebuilds_the_result_and_the_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(
        ["run", "chemical-vehicle-leak", "--playbook", "late", "--json", "--no-history"], capsys
    )
    assert code == 0
    first = json.loads(out)
    journal = first.pop("session")["journal"]
    assert History().sessions() == []
    code, out, err = run(["replay", journal, "--json"], capsys)
    assert code == 0 and json.loads(out) == first and "byte for byte" in err
    code, _, err = run(["replay", journal, "--record"], capsys)
    assert code == 0 and len(History().sessions()) == 1
    report = tmp_path / "r.html"
    code, _, _ = run(["--lang", "zh", "replay", journal, "-o", str(report)], capsys)
    assert code == 0 and "<svg" in report.read_text(encoding="utf-8")
    code, _, err = run(["replay", str(tmp_path / "missing.jsonl")], capsys)
    assert code == 1 and "no drill journal" in err and "Traceback" not in err


def test_history_lists_filters_and_takes_notes_and_the_plan(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ids = []
    for team, pb in (("Shift A", "passive"), ("Shift A", "ideal"), ("Shift B", "late")):
        code, out, _ = run(
            ["run", "workshop-evacuation", "--playbook", pb, "--team", team, "--json"], capsys
        )
        ids.append(json.loads(out)["session"]["id"])
    code, out, _ = run(["history"], capsys)
    assert code == 0 and all(i in out for i in ids)
    code, out, _ = run(["history", "--team", "Shift A", "--json"], capsys)
    assert [r["id"] for r in json.loads(out)] == [ids[1], ids[0]]
    code, out, _ = run(["history", "--since", "2999-01-01"], capsys)
    assert out.strip() == "no drills match"
    code, out, _ = run(["history", "progress", "Shift A", "--json"], capsys)
    prog = json.loads(out)
    assert prog["count"] == 2 and prog["change"] > 0
    code, out, _ = run(
        ["history", "note", ids[2], "Headcount took too long", "--author", "Zhao"], capsys
    )
    assert code == 0 and "added note" in out
    code, out, _ = run(
        [
            "history",
            "improve",
            ids[2],
            "--issue",
            "Slow headcount",
            "--action",
            "Practise the roll call",
            "--responsible",
            "Shift B leader",
            "--due",
            "2026-07-01",
        ],
        capsys,
    )
    item = int(out.split()[-1])
    code, out, _ = run(
        ["history", "improve", ids[2], "--edit", str(item), "--status", "done"], capsys
    )
    assert code == 0
    code, out, _ = run(["history", "show", ids[2], "--json"], capsys)
    shown = json.loads(out)
    assert shown["notes"][0]["text"] == "Headcount took too long"
    assert shown["improvements"][0]["status"] == "done"
    assert shown["improvements"][0]["due_date"] == "2026-07-01"
    code, _, err = run(["history", "improve", ids[2], "--due", "tomorrow", "--issue", "x"], capsys)
    assert code == 1 and "tomorrow" in err
    code, _, err = run(["history", "show", "19990101"], capsys)
    assert code == 1 and "no drill '19990101'" in err


def test_commands_are_in_the_drillsim_parser() -> None:
    parser = build_parser("zh")
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for argv in (
        ["resume"],
        ["replay", "x.jsonl"],
        ["history", "--team", "A"],
        ["history", "note", "S", "text"],
        ["report", "S", "--format", "html", "-o", "r.html", "--lang", "en"],
        ["export", "--format", "xlsx", "-o", "s.xlsx"],
        ["run", "workshop-evacuation", "--pace-s", "0.1"],
    ):
        args = parser.parse_args(argv)
        assert callable(args.func)
    assert parser.parse_args(["report", "S"]).lang == "zh"
    assert parser.parse_args(["report", "S", "--lang", "en"]).lang == "en"
    helptext = sub.choices["export"].format_help()
    assert "统计表" in helptext
    assert "--pace-s" not in sub.choices["run"].format_help()
