"""Words on screen: the catalogue in both languages, cell widths, and event-feed lines."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from rich.cells import cell_len

import sim
from sim import Event
from sim.i18n import has, milestone_label, tr
from sim.i18n.app import TABLE as APP
from tests.tui.tui_helpers import ROOT, scenario
from tui.bindings import HELP_DESCRIPTIONS, HELP_SECTIONS
from tui.cells import clip, fit, mmss, pad_left
from tui.feedtext import EventText
from tui.names import Names, floor_label
from tui.session import DrillSession, Settings

TUI = ROOT / "tui"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_string_has_both_languages_with_the_same_fields() -> None:
    for key, (zh, en) in APP.items():
        assert zh.strip() and en.strip(), key
        assert _fields(zh) == _fields(en), key


def _literal_keys() -> set[str]:
    keys: set[str] = set()
    for path in TUI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                keys.add(str(node.args[0].value))
    return keys


def test_every_key_the_app_uses_is_in_the_catalogue() -> None:
    keys = _literal_keys()
    assert len(keys) > 100
    missing = sorted(k for k in keys if not has(k))
    assert missing == []


def test_every_binding_description_is_in_the_catalogue() -> None:
    ids = set()
    for _, section in HELP_SECTIONS:
        for b in section:
            assert has(b.description), b.id
            assert b.id is not None
            ids.add(b.id)
    for binding_id, key in HELP_DESCRIPTIONS.items():
        assert binding_id in ids and has(key)


def test_cell_helpers_count_chinese_characters_as_two_cells() -> None:
    assert fit("二楼装配区", 7) == "二楼装…"
    assert fit("二楼装配区", 6) == "二楼 …"
    assert fit("ab", 4) == "ab  "
    assert all(cell_len(fit("二楼装配区x", w)) == w for w in range(1, 14))
    assert clip("二楼装配区", 20) == "二楼装配区"
    assert clip("二楼装配区二楼", 9) == "二楼装配…"
    assert clip("Upper assembly area", 8) == "Upper a…"
    assert pad_left("安全", 6) == "  安全"
    assert mmss(0) == "0:00"
    assert mmss(61.9) == "1:01"
    assert mmss(3725) == "1:02:05"


def test_floor_labels() -> None:
    assert floor_label(0, "en") == "1F"
    assert floor_label(1, "zh") == "2层"
    assert floor_label(-1, "en") == "B1"
    assert floor_label(-2, "zh") == "地下2层"


def test_milestones_have_names_and_unknown_ones_are_readable() -> None:
    assert milestone_label("evacuation_complete", "zh") == "全部人员已撤离到安全地点"
    assert milestone_label("smoke_reached_stair", "en") == "smoke reached stair"


KINDS = [
    "start",
    "inject",
    "facilitator",
    "control",
    "action",
    "action_done",
    "refused",
    "milestone",
    "dispatch",
    "en_route",
    "arrival",
    "responder_lost",
    "responder_action",
    "report",
    "headcount",
    "swept",
    "rescued",
    "harm",
    "untenable",
    "unsafe",
    "prompt_expired",
    "start_moving",
    "stuck",
    "end",
]

SAMPLES: dict[str, dict[str, object]] = {
    "start": {"scenario": "workshop-evacuation", "seed": 7, "engine": "1"},
    "inject": {
        "id": "leader_asked",
        "to": "leader",
        "prompt": True,
        "deadline_s": 110.0,
        "facilitator": False,
    },
    "facilitator": {"text": "A visitor is missing", "to": "warden"},
    "control": {"action": "speed", "speed": 10.0},
    "action": {
        "id": "evacuate",
        "action_kind": "evacuate",
        "by": "leader",
        "params": {"to": "assembly"},
        "ends_s": 60.0,
    },
    "action_done": {"id": "alarm", "action_kind": "alarm", "by": "leader"},
    "refused": {"action": "sweep", "by": "leader", "params": {}, "reason": "refuse_not_your_role"},
    "milestone": {"name": "evacuation_complete", "people": 46},
    "dispatch": {"responder": "fire_brigade"},
    "en_route": {"responder": "fire_brigade", "eta_s": 300.0},
    "arrival": {"responder": "fire_brigade", "guided": True},
    "responder_lost": {"responder": "fire_brigade", "delay_s": 120.0},
    "responder_action": {"responder": "fire_brigade", "effect": "extinguish", "params": {}},
    "report": {"id": "report_head", "to": "unit_head", "elements": ["unit", "account"]},
    "headcount": {"id": "headcount", "expected": 46, "present": 44, "casualties": 0, "missing": 2},
    "swept": {"id": "sweep", "woken": 3, "found": 1},
    "rescued": {"node": "f2_office", "to": "assembly", "people": 2},
    "harm": {"outcome": "injured", "cause": "smoke", "people": 3, "nodes": ["f2_office"]},
    "untenable": {"nodes": ["f2_corridor"]},
    "unsafe": {"action": "sweep", "by": "warden", "node": "f2_corridor", "level": 3.0},
    "prompt_expired": {"inject": "leader_asked", "to": "leader"},
    "start_moving": {"group": "upper_office"},
    "stuck": {"group": "upper_office", "node": "f2_office"},
    "end": {"outcome": {}},
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_event_kind_has_its_own_sentence(kind: str, lang: sim.Lang) -> None:
    sc = scenario()
    text = EventText(Names(sc), lambda t: f"T{t:g}")
    line = text.line(Event(12.0, kind, SAMPLES[kind]), lang)
    generic = tr("feed_generic", lang, kind=kind, data="")
    assert not line.text.startswith(generic.rstrip())
    assert line.text.strip()
    assert "{" not in line.text


def test_event_lines_use_scenario_names() -> None:
    sc = scenario()
    text = EventText(Names(sc), lambda t: f"T{t:g}")
    line = text.line(Event(0.0, "action", SAMPLES["action"]), "zh")
    assert "班组长" in line.text and "下达疏散指令" in line.text and "西侧集合点" in line.text
    line = text.line(Event(0.0, "inject", SAMPLES["inject"]), "en")
    assert "Shift leader" in line.text and "T110" in line.text
    line = text.line(Event(0.0, "dispatch", SAMPLES["dispatch"]), "en")
    assert "119 Fire station" in line.text


def test_unknown_kinds_get_a_generic_line() -> None:
    text = EventText(Names(scenario()), str)
    line = text.line(Event(3.0, "valve_creaks", {"node": "x", "level": 0.123456}), "en")
    assert line.text == "valve_creaks: node=x, level=0.12"
    broken = text.line(Event(3.0, "action", {"id": "alarm"}), "en")
    assert broken.text.startswith("action:")


def test_a_refusal_line_gives_the_full_reason() -> None:
    session = DrillSession(scenario(), Settings(seed=1))
    result = session.act("sweep", "leader", {})
    index = len(session.drill.log) - 1
    text = EventText(Names(session.scenario), session.drill.clock)
    line = text.line(session.drill.log[index], "en", session.reasons[index])
    assert result.reason is not None
    assert result.reason.render("en") in line.text
    assert line.style == "bold red"
    zh = text.line(session.drill.log[index], "zh", session.reasons[index])
    assert result.reason.render("zh") in zh.text


def test_bad_milestones_are_red() -> None:
    text = EventText(Names(scenario()), str)
    assert text.line(Event(0.0, "milestone", {"name": "explosion"}), "en").style == "bold red"
    assert text.line(Event(0.0, "milestone", {"name": "all_rescued"}), "en").style == "bold green"


def test_no_source_file_mentions_ljust_on_text() -> None:
    """Padding goes by cell width (tui.cells), never by str.ljust/rjust."""
    for path in Path(TUI).rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert ".ljust(" not in source and ".rjust(" not in source, path
