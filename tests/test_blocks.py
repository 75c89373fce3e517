"""Building blocks in ``site.blocks``: expansion, equivalence with hand-written places and
ways, and problems reported at the block."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sim.drill import Drill
from sim.loader import check_text
from sim.scenario import Scenario

HEAD = """
id: block-test
title: t
summary: s
category: fire
duration_s: 900
roles: [{id: leader, name: L}]
actions:
  - {id: alarm, kind: alarm, label: A, duration_s: 0, fixed: {scope: all}}
"""

BLOCK = (
    HEAD
    + """
site:
  blocks:
    - building:
        id: b
        floors: 2
        corridor_length_m: 20
        corridor_segments: 2
        rooms_per_floor: 4
        stairs: [{at: 0}]
population:
  - {id: guests, node: b.f1.r03, count: 2, premovement: {dist: fixed, value_s: 0}}
"""
)

# The same building written out by hand. Corridor segments of 10 m centred at x = 5 and
# 15; rooms alternate north and south (y = ±5) at x = 5, 5, 15, 15, each 5 m from its
# corridor node; the stair landing at the west end (x = 0), 5 m from the first corridor
# node; the flight between floors √(3² + (3 × 0.28 / 0.175)²) + 2 = √(9 + 23.04) + 2 =
# 7.660 m; the stair's exit 3 m south of the ground-floor landing; the main entrance at
# x = 10, 8 m south of the corridor, √(5² + 8²) = 9.434 m from the corridor node at 15.
HAND = (
    HEAD
    + """
site:
  nodes:
    - {id: b.f0.c1, kind: corridor, x_m: 5, y_m: 0, floor: 0, area_m2: 18}
    - {id: b.f0.c2, kind: corridor, x_m: 15, y_m: 0, floor: 0, area_m2: 18}
    - {id: b.f0.r01, kind: room, x_m: 5, y_m: 5, floor: 0, area_m2: 20}
    - {id: b.f0.r02, kind: room, x_m: 5, y_m: -5, floor: 0, area_m2: 20}
    - {id: b.f0.r03, kind: room, x_m: 15, y_m: 5, floor: 0, area_m2: 20}
    - {id: b.f0.r04, kind: room, x_m: 15, y_m: -5, floor: 0, area_m2: 20}
    - {id: b.f0.s1, kind: stair, x_m: 0, y_m: 0, floor: 0, area_m2: 10}
    - {id: b.exit.s1, kind: exit, x_m: 0, y_m: -3}
    - {id: b.exit.main, kind: exit, x_m: 10, y_m: -8}
    - {id: b.f1.c1, kind: corridor, x_m: 5, y_m: 0, floor: 1, area_m2: 18}
    - {id: b.f1.c2, kind: corridor, x_m: 15, y_m: 0, floor: 1, area_m2: 18}
    - {id: b.f1.r01, kind: room, x_m: 5, y_m: 5, floor: 1, area_m2: 20}
    - {id: b.f1.r02, kind: room, x_m: 5, y_m: -5, floor: 1, area_m2: 20}
    - {id: b.f1.r03, kind: room, x_m: 15, y_m: 5, floor: 1, area_m2: 20}
    - {id: b.f1.r04, kind: room, x_m: 15, y_m: -5, floor: 1, area_m2: 20}
    - {id: b.f1.s1, kind: stair, x_m: 0, y_m: 0, floor: 1, area_m2: 10}
  edges:
    - {from: b.f0.c1, to: b.f0.c2, kind: corridor, length_m: 10, width_m: 1.8}
    - {from: b.f0.r01, to: b.f0.c1, kind: door, length_m: 5, width_m: 0.9}
    - {from: b.f0.r02, to: b.f0.c1, kind: door, length_m: 5, width_m: 0.9}
    - {from: b.f0.r03, to: b.f0.c2, kind: door, length_m: 5, width_m: 0.9}
    - {from: b.f0.r04, to: b.f0.c2, kind: door, length_m: 5, width_m: 0.9}
    - {from: b.f0.s1, to: b.f0.c1, kind: door, length_m: 5, width_m: 1.2}
    - {from: b.f0.s1, to: b.exit.s1, kind: door, length_m: 3, width_m: 1.2}
    - {from: b.f0.c2, to: b.exit.main, kind: door, length_m: 9.434, width_m: 2.0}
    - {from: b.f1.c1, to: b.f1.c2, kind: corridor, length_m: 10, width_m: 1.8}
    - {from: b.f1.r01, to: b.f1.c1, kind: door, length_m: 5, width_m: 0.9}
    - {from: b.f1.r02, to: b.f1.c1, kind: door, length_m: 5, width_m: 0.9}
    - {from: b.f1.r03, to: b.f1.c2, kind: door, length_m: 5, width_m: 0.9}
    - {from: b.f1.r04, to: b.f1.c2, kind: door, length_m: 5, width_m: 0.9}
    - {from: b.f1.s1, to: b.f1.c1, kind: door, length_m: 5, width_m: 1.2}
    - {from: b.f0.s1, to: b.f1.s1, kind: stair, length_m: 7.66, width_m: 1.2, riser_m: 0.175, tread_m: 0.28}
population:
  - {id: guests, node: b.f1.r03, count: 2, premovement: {dist: fixed, value_s: 0}}
"""
)


def load(text: str) -> Scenario:
    checked = check_text(text, "s.yaml")
    assert checked.scenario is not None, [p.format("en") for p in checked.problems]
    return checked.scenario


def graph(sc: Scenario) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    nodes = {(n.id, n.kind, n.x_m, n.y_m, n.floor, n.area_m2) for n in sc.site.nodes}
    edges = {
        (
            frozenset((e.source, e.target)),
            e.kind,
            round(e.length_m, 3),
            e.width_m,
            e.riser_m,
            e.tread_m,
        )
        for e in sc.site.edges
    }
    return nodes, edges


def test_a_building_block_expands_to_its_hand_written_equivalent() -> None:
    assert graph(load(BLOCK)) == graph(load(HAND))


def test_the_block_and_the_hand_written_site_run_the_same() -> None:
    runs = []
    for text in (BLOCK, HAND):
        drill = Drill(load(text), 1)
        assert drill.act("alarm", "leader").accepted
        drill.run_to_end()
        runs.append(sorted((a.safe_s, a.node) for a in drill.crowd.agents))
    assert runs[0] == runs[1]
    # From room 203 (x 15, floor 1): 5 m to the corridor, 10 m along it, 5 m to the stair,
    # 7.66 m down, 3 m out: 30.66 m at 1.2 m/s (the stair at its SFPE speed is slower).
    assert runs[0][0][0] > 30.66 / 1.2


def test_generated_places_have_names_in_both_languages() -> None:
    sc = load(BLOCK)
    room = sc.node("b.f1.r03")
    assert room.name is not None and not isinstance(room.name, str)
    assert (room.name.zh, room.name.en) == ("203房间", "room 203")


def _problems(text: str) -> list[tuple[int, int, str]]:
    checked = check_text(text, "s.yaml")
    return [(p.line, p.col, p.message("en")) for p in checked.problems]


def test_a_clash_with_a_generated_id_is_reported_at_the_block() -> None:
    text = BLOCK.replace(
        "  blocks:\n",
        "  nodes:\n    - {id: b.f0.c1, kind: exit, x_m: 0, y_m: 0}\n  blocks:\n",
    )
    problems = _problems(text)
    lines = text.splitlines()
    block_line = lines.index("    - building:") + 1
    hand_line = next(i for i, x in enumerate(lines, 1) if "{id: b.f0.c1" in x)
    assert problems == [(block_line, 7, f"duplicate id 'b.f0.c1' (first at line {hand_line})")]


def test_a_mistake_inside_a_block_is_reported_at_its_field() -> None:
    text = BLOCK.replace("floors: 2", "floors: 0")
    line = text.splitlines().index("        floors: 0") + 1
    assert _problems(text) == [(line, 17, "must be at least 1")]


def test_a_block_names_exactly_one_kind() -> None:
    text = BLOCK.replace(
        "    - building:\n",
        "    - plant_yard: {id: y, buildings: [{id: a, distance_m: 5, bearing_deg: 0}],"
        " gates: [{id: g, distance_m: 5, bearing_deg: 90}]}\n      building:\n",
    )
    msgs = [m for _, _, m in _problems(text)]
    assert msgs == [
        "a block is exactly one of building, plant_yard, construction_site or pipeline_corridor"
    ]


def test_a_site_needs_places() -> None:
    text = HEAD + "site:\n  blocks: []\n"
    assert [m for _, _, m in _problems(text)] == ["the site has no places: write nodes or blocks"]


# --- the other blocks ---------------------------------------------------------------------------

YARD = (
    HEAD
    + """
site:
  blocks:
    - plant_yard:
        id: p
        buildings:
          - {id: tanks, kind: outdoor, distance_m: 60, bearing_deg: 90}
          - {id: control, distance_m: 40, bearing_deg: 0, area_m2: 80}
        gates:
          - {id: south_gate, distance_m: 100, bearing_deg: 180}
        assembly: {id: muster, distance_m: 150, bearing_deg: 180}
population:
  - {id: operators, node: p.control, count: 3, premovement: {dist: fixed, value_s: 10}}
"""
)


def test_a_plant_yard_places_its_buildings_by_distance_and_bearing() -> None:
    sc = load(YARD)
    control, tanks, gate = sc.node("p.control"), sc.node("p.tanks"), sc.node("p.south_gate")
    assert (control.x_m, control.y_m) == (0.0, 40.0)
    assert (tanks.x_m, tanks.y_m) == (60.0, 0.0)
    assert (gate.x_m, gate.y_m, gate.kind) == (0.0, -100.0, "exit")
    muster = sc.node("muster")
    assert (muster.kind, muster.y_m) == ("assembly", -150.0)
    # The gate leads 50 m over open ground to the assembly point.
    (way,) = [e for e in sc.site.edges if {e.source, e.target} == {"p.south_gate", "muster"}]
    assert (way.kind, way.length_m) == ("open", 50.0)


def test_a_construction_site_stacks_its_scaffold_levels() -> None:
    text = (
        HEAD
        + """
site:
  blocks:
    - construction_site:
        id: cs
        scaffold: {levels: 3, distance_m: 10, bearing_deg: 0}
        crane: {distance_m: 30, bearing_deg: 90}
        office: {distance_m: 40, bearing_deg: 270}
        gate: {id: gate, distance_m: 50, bearing_deg: 180}
population:
  - {id: workers, node: cs.scaffold.l3, count: 6, premovement: {dist: fixed, value_s: 0}}
"""
    )
    sc = load(text)
    levels = [sc.node(f"cs.scaffold.l{k}") for k in (1, 2, 3)]
    assert [n.floor for n in levels] == [1, 2, 3]
    ladders = [e for e in sc.site.edges if e.kind == "stair"]
    # Ladders between levels: √(2² + 2²) = 2.828 m; the first from the work area 10 m away:
    # √(2.828² + 10²) = 10.392 m.
    assert sorted(round(e.length_m, 3) for e in ladders) == [2.828, 2.828, 10.392]
    drill = Drill(sc, 1)
    assert drill.act("alarm", "leader").accepted
    drill.run_to_end()
    assert {a.node for a in drill.crowd.agents} == {"cs.gate"}


def test_a_pipeline_corridor_has_a_street_and_basements() -> None:
    text = (
        HEAD
        + """
site:
  blocks:
    - pipeline_corridor:
        id: st
        length_m: 200
        segments: 4
        basements:
          - {id: shop, at_m: 100, offset_m: 12}
population:
  - {id: shoppers, node: st.shop, count: 10, premovement: {dist: fixed, value_s: 0}}
"""
    )
    sc = load(text)
    assert [sc.node(f"st.p{k}").x_m for k in range(5)] == [0.0, 50.0, 100.0, 150.0, 200.0]
    shop = sc.node("st.shop")
    assert (shop.floor, shop.x_m, shop.y_m) == (-1, 100.0, -12.0)
    (stair,) = [e for e in sc.site.edges if e.kind == "stair"]
    assert {stair.source, stair.target} == {"st.shop", "st.p2"}
    assert {n.id for n in sc.site.nodes if n.kind == "exit"} == {"st.exit.start", "st.exit.end"}
    text_beyond = text.replace("at_m: 100", "at_m: 250")
    assert [m for _, _, m in _problems(text_beyond)] == [
        "a basement's at_m is beyond the street's length_m"
    ]


@pytest.mark.parametrize("floors,rooms", [(1, 0), (10, 24)])
def test_a_building_of_any_size_validates(floors: int, rooms: int) -> None:
    text = BLOCK.replace("floors: 2", f"floors: {floors}").replace(
        "rooms_per_floor: 4", f"rooms_per_floor: {rooms}"
    )
    text = text.replace("node: b.f1.r03", "node: b.f0.c1")
    sc = load(text)
    assert len([n for n in sc.site.nodes if n.kind == "room"]) == floors * rooms


# --- the bundled hotel: a block that keeps a hand-written file's ids -----------------------

ROOT = Path(__file__).resolve().parents[1]
HOTEL_BLOCK = ROOT / "scenarios" / "hotel-evacuation.yaml"
HOTEL_HAND = Path(__file__).parent / "format1" / "hotel-evacuation-handwritten.yaml"


def _full_graph(sc: Scenario) -> tuple[dict[str, Any], dict[frozenset[str], Any]]:
    """Every field of every place and way (names, heights, fire doors included); ways are
    undirected, so they are keyed by their two ends."""
    nodes = {n.id: n.model_dump() for n in sc.site.nodes}
    edges = {
        frozenset((e.source, e.target)): e.model_dump(exclude={"source", "target"})
        for e in sc.site.edges
    }
    return nodes, edges


def test_the_hand_written_hotel_still_validates_unchanged() -> None:
    checked = check_text(HOTEL_HAND.read_text(encoding="utf-8"), str(HOTEL_HAND))
    assert checked.problems == []
    assert checked.scenario is not None and len(checked.scenario.site.nodes) == 140


def test_the_bundled_hotel_block_expands_to_the_hand_written_hotel() -> None:
    block_text = HOTEL_BLOCK.read_text(encoding="utf-8")
    assert "blocks:" in block_text and "{id: r511," not in block_text
    block = load(block_text)
    hand = load(HOTEL_HAND.read_text(encoding="utf-8"))
    assert _full_graph(block) == _full_graph(hand)
    # The ids the playbooks, expectations and tests use are the hand-written ones.
    r511, stair = block.node("r511"), block.node("f5_stair_w")
    assert (r511.x_m, r511.y_m, r511.floor) == (44.0, 6.0, 4)
    assert r511.name is not None and not isinstance(r511.name, str)
    assert (r511.name.zh, r511.name.en) == ("511房", "Room 511")
    assert stair.name is not None and not isinstance(stair.name, str)
    assert (stair.name.zh, stair.name.en) == ("5层西楼梯", "West stair, 5F")


LABELLED = BLOCK.replace(
    "        stairs: [{at: 0}]\n",
    "        corridor_parts: [{id: w, name: {zh: 西段, en: west}}, {id: e}]\n"
    "        stairs: [{id: w, at: -0.25, door_width_m: 1.0, fire_door: true,"
    " flight_length_m: 9}]\n"
    "        lifts: [{id: a, at: 0.5, offset_m: 4, door_width_m: 2.4}]\n"
    '        ids: {room: "r{number}", corridor: "f{storey}_{part}",'
    ' stair: "f{storey}_st_{stair}", lift: "lift{lift}_{floor}"}\n',
).replace("node: b.f1.r03", "node: r203")


def test_id_templates_labels_and_a_stair_beyond_the_corridor_end() -> None:
    sc = load(LABELLED)
    ids = {n.id for n in sc.site.nodes}
    assert {"r101", "r204", "f1_w", "f2_e", "f1_st_w", "f2_st_w", "lifta_0", "lifta_1"} <= ids
    assert {"b.exit.sw", "b.exit.main"} <= ids
    # The stair at = -0.25 of a 20 m corridor stands at x = -5, joined to the west corridor
    # node (x = 5) by a 10 m fire door 1.0 m wide; the flight is 9 m as given.
    ways = {frozenset((e.source, e.target)): e for e in sc.site.edges}
    door = ways[frozenset(("f2_st_w", "f2_w"))]
    assert (door.length_m, door.width_m, door.fire_door) == (10.0, 1.0, True)
    assert ways[frozenset(("f1_st_w", "f2_st_w"))].length_m == 9.0
    # The lift lobby 4 m north of the corridor's middle (x = 10): √(5² + 4²) = 6.403 m to
    # the corridor node at x = 15.
    assert ways[frozenset(("lifta_1", "f2_e"))].length_m == pytest.approx(6.403, abs=1e-3)
    west = sc.node("f2_w")
    assert west.name is not None and not isinstance(west.name, str)
    assert (west.name.zh, west.name.en) == ("2层走廊西段", "2F corridor, west")


def test_an_unknown_id_template_field_is_reported() -> None:
    text = LABELLED.replace('room: "r{number}"', 'room: "r{room}"')
    assert any("ids templates may use only" in m for _, _, m in _problems(text))


def test_corridor_parts_must_match_the_segments() -> None:
    text = LABELLED.replace(", {id: e}]", "]")
    assert any("one entry per corridor segment" in m for _, _, m in _problems(text))
