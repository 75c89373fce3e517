"""The app in a real terminal: ``drillsim play`` under tmux, driven with send-keys and read
with capture-pane, in English and in Chinese at once (two tmux sessions), from the setup to
the debrief, then the after-action report exported from the debrief. Both drills must be in
the history (and their journals finished) with what was typed. Skipped when tmux is not
installed (CI installs it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sim import REPORT_ELEMENTS
from tests.terminal import DRILLSIM, Terminal, Tmux, drill_env, needs_tmux

pytestmark = needs_tmux


@pytest.fixture
def terminals(tmp_path: Path) -> Iterator[dict[str, Terminal]]:
    with Tmux() as tmux:
        yield {
            lang: tmux.open(
                f"drill-{lang}",
                [
                    *(str(DRILLSIM), "play", "workshop-evacuation", "--speed", "10"),
                    *("--seed", "1", "--lang", lang, "--team", "T1"),
                ],
                drill_env(tmp_path),
            )
            for lang in ("en", "zh")
        }


WORDS = {
    "en": {
        "setup": "Clock speed",
        "briefing": "Start the drill",
        "drill": "Actions",
        "form": "Take action (Ctrl+S)",
        "alarm_done": "Done: Sound the alarm",
        "evac_done": "Done: Order the evacuation",
        "report_form": "Decree 493",
        "all_ticked": "6/6 ticked",
        "reported": "Report to the workshop head (until",
        "confirm": "End the drill now?",
        "debrief": "Total",
        "grade": "Grade",
        "export": "Export: report, plan",
        "exported": "Report written to",
    },
    "zh": {
        "setup": "时钟倍速",
        "briefing": "开始演练",
        "drill": "处置动作",
        "form": "执行 (Ctrl+S)",
        "alarm_done": "完成：发出警报",
        "evac_done": "完成：下达疏散指令",
        "report_form": "第十二条",
        "all_ticked": "已选6/6",
        "reported": "向车间主任报告（至",
        "confirm": "现在结束演练",
        "debrief": "总分",
        "grade": "等级",
        "export": "导出：报告、方案",
        "exported": "评估报告已导出到",
    },
}


def test_a_whole_drill_in_a_real_terminal(terminals: dict[str, Terminal], tmp_path: Path) -> None:
    both = list(terminals.items())
    home = tmp_path / "home"

    def step(keys: tuple[str, ...], wait: str) -> None:
        for _, term in both:
            term.keys(*keys)
        for lang, term in both:
            term.wait_for(WORDS[lang][wait])

    for lang, term in both:
        term.wait_for(WORDS[lang]["setup"])
    step(("C-s",), "briefing")
    step(("Enter",), "drill")
    # Each key waits for what it opens: on a loaded machine a key typed before its form
    # has mounted reaches the screen underneath.
    step(("a",), "form")
    step(("C-s",), "alarm_done")
    step(("e",), "form")
    step(("C-s",), "evac_done")
    step(("r",), "report_form")
    step(("C-a",), "all_ticked")
    step(("C-s",), "reported")
    step(("Escape",), "confirm")
    step(("y",), "debrief")
    for lang, term in both:
        screen = term.wait_for(WORDS[lang]["debrief"], WORDS[lang]["grade"], "/ 100")
        assert "Traceback" not in screen
    step(("s",), "export")
    step(("C-s",), "exported")
    from sim.records import History, read_journal

    history = History(home / "history.sqlite3")
    sessions = history.sessions()
    assert len(sessions) == 2
    for rec in sessions:
        assert (rec.status, rec.team) == ("finished", "T1")
        assert read_journal(rec.journal).finished
        result = history.result(rec.id)
        assert result is not None and result["score"]["total"] == rec.total
        reports = [
            e for e in result["events"] if e["kind"] == "action" and e["id"] == "report_head"
        ]
        assert reports and sorted(reports[0]["params"]["elements"]) == sorted(REPORT_ELEMENTS)
        html = (home / "reports" / f"{rec.id}.html").read_text(encoding="utf-8")
        assert "T1" in html
    assert {rec.lang for rec in sessions} == {"en", "zh"}
