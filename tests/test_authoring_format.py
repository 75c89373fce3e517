"""Format gaps found by writing scenarios as a new user would (issue 15, item 6).

The same result with and without libyaml, the `after` key that standard YAML reads as text,
the two messages that name the real mistake, `one_of` actions, UN numbers as numbers, the
campaign's front-line drill categories, per-group destinations and orders by group, room
density in the walking speed, the capacity check and per-person times in the result.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml

import sim.yamlsafe
from sim import bundled_dir
from sim.i18n import category_label
from sim.loader import check_file, check_text
from sim.movement import room_density_persons_m2, speed_m_s
from sim.result import drill_result
from sim.scenario import DrillCategory
from sim.scoring import score, un_number
from tests.engine_helpers import (
    build_scenario,
    edge,
    group,
    make_drill,
    node,
    scenario_dict,
)

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
BUNDLED = [
    *sorted(bundled_dir().glob("*.yaml")),
    *sorted(bundled_dir().glob("playbooks/*/*.yaml")),
    *sorted(bundled_dir().glob("templates/*.yaml")),
    *sorted(bundled_dir().glob("templates/playbooks/*/*.yaml")),
]
"""Every bundled scenario, template and playbook."""


def _docs_examples() -> list[tuple[str, str]]:
    out = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for i, m in enumerate(re.finditer(r"```yaml\n(.*?)```", text, re.S)):
            out.append((f"{doc.name}#{i + 1}", m.group(1)))
    return out


DOC_EXAMPLES = _docs_examples()


# --- the same result with and without libyaml ---------------------------------------------


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(bundled_dir())))
def test_bundled_file_reads_the_same_with_both_pyyaml_loaders(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    pure = yaml.load(text, Loader=yaml.SafeLoader)
    assert pure is not None
    if hasattr(yaml, "CSafeLoader"):
        assert yaml.load(text, Loader=yaml.CSafeLoader) == pure


@pytest.mark.parametrize("name,text", DOC_EXAMPLES, ids=[n for n, _ in DOC_EXAMPLES])
def test_docs_example_reads_the_same_with_both_pyyaml_loaders(name: str, text: str) -> None:
    pure = yaml.load(text, Loader=yaml.SafeLoader)
    if hasattr(yaml, "CSafeLoader"):
        assert yaml.load(text, Loader=yaml.CSafeLoader) == pure


def test_there_are_docs_examples_to_check() -> None:
    assert len(DOC_EXAMPLES) >= 15


@pytest.mark.parametrize(
    "path",
    [*sorted(bundled_dir().glob("*.yaml")), *sorted(bundled_dir().glob("templates/*.yaml"))],
    ids=lambda p: p.stem,
)
def test_drillsim_reads_every_bundled_scenario_without_libyaml(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_c = check_file(path)
    monkeypatch.setattr(sim.yamlsafe, "_CLoader", None)
    without = check_file(path)
    assert [p.format("en") for p in without.problems] == []
    assert without.scenario == with_c.scenario


# --- `after`, the key standard YAML reads as text ---------------------------------------

INJECT_SCENARIO = """
id: after-key
title: t
summary: s
category: evacuation
duration_s: 600
roles: [{{id: leader, name: L}}]
site:
  nodes:
    - {{id: room, kind: room, x_m: 0, y_m: 0}}
    - {{id: out, kind: exit, x_m: 10, y_m: 0}}
  edges:
    - {{from: room, to: out, kind: door, length_m: 10}}
actions:
  - {{id: alarm, kind: alarm, label: A, duration_s: 10}}
injects:
  - id: follow_up
    {key}: action:alarm
    delay_s: 15
    text: Next
"""


@pytest.mark.parametrize("key", ["after", "on"])
def test_inject_after_an_event_with_either_key(key: str) -> None:
    checked = check_text(INJECT_SCENARIO.format(key=key), "s.yaml")
    assert checked.scenario is not None, [p.format("en") for p in checked.problems]
    from sim.drill import Drill

    drill = Drill(checked.scenario, 1)
    drill.advance(5.0)
    assert drill.act("alarm", "leader").accepted
    drill.run_to_end()
    delivered = [e.t_s for e in drill.log if e.kind == "inject"]
    assert delivered == [pytest.approx(5.0 + 10.0 + 15.0)]


def test_after_survives_a_round_trip_through_standard_yaml_where_on_does_not() -> None:
    for key, survives in (("after", True), ("on", False)):
        data = yaml.safe_load(INJECT_SCENARIO.format(key=key))
        again = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        checked = check_text(again, "s.yaml")
        assert (checked.scenario is not None) is survives, key


def test_after_and_on_together_is_one_mistake() -> None:
    text = INJECT_SCENARIO.format(key="after") + "    on: action:alarm\n"
    checked = check_text(text, "s.yaml")
    assert [p.key for p in checked.problems] == ["inject_after_and_on"]


# --- messages that name the real mistake --------------------------------------------------

BROKEN_TITLE = """id: x
title: {zh: 向西疏散, en: Evacuate west, away from the fire}
"""


def test_a_comma_in_unquoted_flow_text_says_quote_the_text() -> None:
    checked = check_text(BROKEN_TITLE, "d.yaml")
    comma = [p for p in checked.problems if p.key == "text_comma"]
    assert [(p.line, p.col) for p in comma] == [(2, 38)]
    assert comma[0].message("en") == (
        "'away from the fire' is not a field: inside {...} an unquoted comma ends the text; "
        'quote the text: "Evacuate west, away from the fire"'
    )
    assert "加引号" in comma[0].message("zh")


@pytest.mark.parametrize(
    "text,line,col",
    [
        ("id: x\ntitle：Workshop\nsummary: s\n", 2, 6),
        ("id: x\nroles:\n  - id：leader\n    name: L\n", 3, 7),
        ("id: x\nduration_s：600\n", 2, 11),
    ],
)
def test_a_full_width_colon_is_named_as_such(text: str, line: int, col: int) -> None:
    checked = check_text(text, "d.yaml")
    assert [(p.line, p.col, p.key) for p in checked.problems] == [
        (line, col, "yaml_fullwidth_colon")
    ]
    assert "full-width" in checked.problems[0].message("en")
    assert "全角" in checked.problems[0].message("zh")


def test_a_full_width_colon_inside_text_is_fine() -> None:
    text = INJECT_SCENARIO.format(key="after").replace("text: Next", "text: 注意：前方有烟")
    assert check_text(text, "s.yaml").scenario is not None


# --- one_of actions -----------------------------------------------------------------------


def _one_of_scenario(harmful: bool = False) -> Any:
    nodes = [node("room"), node("west", "assembly", -20), node("east", "assembly", 20)]
    edges = [edge("room", "west", "door", 20), edge("room", "east", "door", 20)]
    actions = [
        {"id": "go_west", "kind": "evacuate", "label": "W", "fixed": {"to": "west"}},
        {"id": "go_east", "kind": "evacuate", "label": "E", "fixed": {"to": "east"}},
    ]
    exp: dict[str, Any] = {
        "id": "evacuate",
        "category": "evacuation",
        "title": "Evacuate",
        "one_of": ["go_west", "go_east"],
        "target_s": 60,
        "limit_s": 120,
    }
    if harmful:
        exp.update(harmful=True, penalty=10, title="Sending people out")
    return build_scenario(scenario_dict(nodes, edges, actions=actions, expectations=[exp]))


def _events(*taken: tuple[str, float]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for action, t in taken:
        out.append({"t_s": t, "kind": "action", "id": action, "params": {}})
        out.append({"t_s": t + 10, "kind": "action_done", "id": action})
    return sorted(out, key=lambda e: e["t_s"])


@pytest.mark.parametrize("action", ["go_west", "go_east"])
def test_either_action_of_one_of_meets_the_expectation(action: str) -> None:
    result = score(_one_of_scenario(), _events((action, 20.0)))
    (r,) = result.expectations
    assert (r.status, r.done_at_s, r.credit) == ("met", 30.0, 1.0)


def test_the_first_action_of_one_of_done_counts() -> None:
    # go_east done at 100 s (credit (120 − 100)/60 = 1/3); go_west later, at 110 s.
    result = score(_one_of_scenario(), _events(("go_east", 90.0), ("go_west", 100.0)))
    (r,) = result.expectations
    assert (r.status, r.done_at_s) == ("late", 100.0)
    assert r.credit == pytest.approx(1 / 3)


def test_none_of_one_of_is_missed_and_harmful_one_of_is_violated_by_either() -> None:
    assert score(_one_of_scenario(), []).expectations[0].status == "missed"
    harmful = score(_one_of_scenario(harmful=True), _events(("go_east", 40.0)))
    assert harmful.expectations[0].status == "violated"
    assert harmful.penalties == 10


def test_one_of_names_only_existing_actions() -> None:
    data = scenario_dict(
        [node("room"), node("out", "exit", 10)],
        [edge("room", "out", "door", 10)],
        expectations=[
            {
                "id": "x",
                "category": "evacuation",
                "title": "x",
                "one_of": ["alarm", "alarn"],
                "target_s": 1,
                "limit_s": 2,
            }
        ],
    )
    import json

    checked = check_text(json.dumps(data), "s.yaml")
    assert [p.message("en") for p in checked.problems] == [
        "there is no action with id 'alarn'; did you mean 'alarm'?"
    ]


# --- UN numbers as numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        (1017, 1017),
        ("1017", 1017),
        ("01017", 1017),
        ("UN1017", 1017),
        ("UN 1017", 1017),
        ("un-1017", 1017),
        (" UN 1005 ", 1005),
        ("chlorine", None),
        ("UN", None),
        (True, None),
        (0, None),
        ("10170", None),
    ],
)
def test_un_number_reads_every_usual_spelling(value: Any, expected: int | None) -> None:
    assert un_number(value) == expected


def _un_scenario() -> Any:
    actions = [
        {
            "id": "report",
            "kind": "report",
            "label": "Report",
            "params": {"un": {"type": "text", "label": "UN"}},
        }
    ]
    exp = {
        "id": "name_the_gas",
        "category": "reporting",
        "title": "Name the gas",
        "action": "report",
        "target_s": 60,
        "limit_s": 120,
        "checks": [
            {"param": "un", "un_number": 1017, "factor_if_failed": 0.0},
            {"param": "elements", "includes": []},
        ][:1],
    }
    return build_scenario(
        scenario_dict(
            [node("room"), node("out", "exit", 10)],
            [edge("room", "out", "door", 10)],
            actions=actions,
            expectations=[exp],
        )
    )


@pytest.mark.parametrize(
    "typed,checked_ok", [("UN 1017", True), ("1017", True), ("UN1017", True), ("1018", False)]
)
def test_a_un_number_check_matches_the_number_whatever_the_spelling(
    typed: str, checked_ok: bool
) -> None:
    events = [
        {"t_s": 10.0, "kind": "action", "id": "report", "params": {"un": typed}},
        {"t_s": 20.0, "kind": "action_done", "id": "report"},
    ]
    result = score(_un_scenario(), events)
    failed = [d for d in result.deductions if "UN 1017" in d.phrase.render("en")]
    assert (not failed) is checked_ok


# --- drill categories ---------------------------------------------------------------------


def test_the_front_line_drill_types_of_the_campaign_are_categories() -> None:
    categories = set(typing.get_args(DrillCategory))
    assert {"mine", "hazardous_chemicals", "fireworks", "combustible_dust", "city_gas"} <= (
        categories
    )
    for c in categories:
        zh, en = category_label(c, "zh"), category_label(c, "en")
        assert zh and en and zh != c, c


# --- room density, capacity ---------------------------------------------------------------


def test_room_density_speed_hand_calculation() -> None:
    # SFPE Handbook ch. 59: S = k (1 − a D), k = 1.40 m/s, a = 0.266 m²/person.
    # 100 people in 40 m²: D = 2.5, S = 1.40 × (1 − 0.665) = 0.469 m/s.
    d = room_density_persons_m2(100, 40.0)
    assert d == pytest.approx(2.5)
    assert speed_m_s(d, 1.40, 1.2) == pytest.approx(0.469, abs=5e-4)
    # 100 in 400 m²: D = 0.25 < 0.54, free speed.
    assert speed_m_s(room_density_persons_m2(100, 400.0), 1.40, 1.2) == 1.2


@pytest.mark.parametrize("area_m2,expected_s", [(40.0, 20.0 / 0.469), (400.0, 20.0 / 1.2)])
def test_a_crowded_room_slows_the_people_leaving_it(area_m2: float, expected_s: float) -> None:
    # The first of 100 people through a wide door walks the 20 m door way at the room's
    # speed: 20 / 0.469 = 42.6 s in 40 m², 20 / 1.2 = 16.7 s in 400 m².
    data = scenario_dict(
        [node("room", area_m2=area_m2), node("out", "exit", 20)],
        [edge("room", "out", "door", 20.0, width_m=10.0)],
        [group("staff", "room", 100)],
    )
    drill = make_drill(data)
    drill.run_to_end()
    first = drill.crowd.agents[0]  # the first through the door, with all 100 in the room
    assert first.safe_s == pytest.approx(expected_s, rel=2e-3)


def test_more_people_than_can_stand_in_a_room_is_refused() -> None:
    import json

    data = scenario_dict(
        [node("room", area_m2=0.5), node("out", "exit", 10)],
        [edge("room", "out", "door", 10)],
        [group("staff", "room", 100)],
    )
    checked = check_text(json.dumps(data), "s.yaml")
    assert [p.key for p in checked.problems] == ["over_capacity"]
    assert "area_m2 must be at least 27" in checked.problems[0].message("en")
    # Up to 1/a = 3.759 persons/m² is allowed: 187 people in 50 m² (3.74).
    data["population"][0]["count"] = 187
    data["site"]["nodes"][0]["area_m2"] = 50
    assert check_text(json.dumps(data), "s.yaml").scenario is not None


# --- destinations per group and orders by group -------------------------------------------


def _two_groups(**west: Any) -> dict[str, Any]:
    nodes = [node("hall", area_m2=400), node("west", "assembly", -30), node("east", "assembly", 30)]
    edges = [edge("hall", "west", "door", 30, 2.0), edge("hall", "east", "door", 30, 2.0)]
    groups = [
        group("left", "hall", 20, alerted_by="alarm", **west),
        group("right", "hall", 20, alerted_by="alarm", destination="east"),
    ]
    actions = [
        {"id": "alarm", "kind": "alarm", "label": "A", "duration_s": 0, "fixed": {"scope": "all"}},
        {
            "id": "send_left",
            "kind": "evacuate",
            "label": "L",
            "duration_s": 0,
            "fixed": {"scope": "group:left", "to": "west"},
        },
    ]
    return scenario_dict(nodes, edges, groups, actions=actions)


def test_each_group_goes_to_its_own_destination() -> None:
    drill = make_drill(_two_groups(destination="west"))
    assert drill.act("alarm", "leader").accepted
    drill.run_to_end()
    where = {(a.group, a.node) for a in drill.crowd.agents}
    assert where == {("left", "west"), ("right", "east")}


def test_an_order_can_address_one_group() -> None:
    drill = make_drill(_two_groups())
    assert drill.act("send_left", "leader").accepted
    drill.run_to_end()
    left = {a.node for a in drill.crowd.agents if a.group == "left"}
    right = {a.state for a in drill.crowd.agents if a.group == "right"}
    assert left == {"west"}
    assert right == {"waiting"}  # nobody alerted them


def test_a_destination_must_exist() -> None:
    import json

    data = _two_groups(destination="wset")
    checked = check_text(json.dumps(data), "s.yaml")
    assert [p.message("en") for p in checked.problems] == [
        "there is no node with id 'wset'; did you mean 'west'?"
    ]


# --- per-person times in the result -------------------------------------------------------


def test_the_result_lists_when_each_person_started_and_arrived() -> None:
    drill = make_drill(_two_groups(destination="west"))
    drill.advance(10.0)
    assert drill.act("alarm", "leader").accepted
    drill.run_to_end()
    times = drill_result(drill)["people_times"]
    assert sum(p["count"] for p in times) == 40
    for p in times:
        assert p["node"] == "hall"
        assert p["alerted_s"] == pytest.approx(10.0)
        assert p["start_s"] == pytest.approx(10.0)  # fixed pre-movement 0
        # 30 m at no more than 1.2 m/s.
        assert p["safe_s"] >= p["start_s"] + 30.0 / 1.2 - 1e-6
        assert p["arrived_s"] == p["safe_s"]


# --- the generated reference --------------------------------------------------------------


def test_committed_reference_is_current() -> None:
    from sim.reference import reference_markdown

    committed = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert committed == reference_markdown(), (
        "docs/reference.md is stale: run drillsim schema --reference -o docs/reference.md --force"
    )


def test_reference_lists_every_field_of_the_format() -> None:
    from sim.reference import reference_markdown
    from sim.scenario import Expectation, Inject, PopulationGroup, Scenario

    text = reference_markdown()
    for model in (Scenario, Expectation, Inject, PopulationGroup):
        for name, info in model.model_fields.items():
            assert f"| `{info.alias or name}` |" in text, (model.__name__, name)
    assert "## Building" in text and "## PlantYard" in text
