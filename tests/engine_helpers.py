"""Tiny scenarios built in code for the engine tests.

Each builder returns the plain data a scenario file holds; :func:`build_scenario` checks it
with the same loader a file goes through (types and meaning), so a test can never run on a
scenario that ``drillsim validate`` would refuse. The defaults give the smallest valid
scenario: one role (``leader``), one action (``alarm``, scope fixed to everyone), the
``none`` hazard, and no injects, responders or expectations.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

import numpy as np

from sim.drill import Drill
from sim.hazards.base import ActionDone, Hazard, Threshold
from sim.loader import check_text
from sim.scenario import Scenario

ALARM_ACTION: dict[str, Any] = {
    "id": "alarm",
    "kind": "alarm",
    "label": "Sound the alarm",
    "duration_s": 0,
    "fixed": {"scope": "all"},
}


def node(
    node_id: str,
    kind: str = "room",
    x_m: float = 0.0,
    y_m: float = 0.0,
    *,
    floor: int = 0,
    area_m2: float = 50.0,
) -> dict[str, Any]:
    """A place."""
    return {
        "id": node_id,
        "kind": kind,
        "x_m": x_m,
        "y_m": y_m,
        "floor": floor,
        "area_m2": area_m2,
    }


def edge(
    a: str, b: str, kind: str, length_m: float, width_m: float = 1.2, **extra: Any
) -> dict[str, Any]:
    """A way between two places (``riser_m``/``tread_m`` and door flags go in ``extra``)."""
    return {"from": a, "to": b, "kind": kind, "length_m": length_m, "width_m": width_m, **extra}


def group(
    group_id: str,
    at: str,
    count: int,
    premovement: dict[str, Any] | None = None,
    *,
    alerted_by: str = "start",
    speed_m_s: float = 1.2,
    **extra: Any,
) -> dict[str, Any]:
    """A population group; by default alerted at the start and moving at once."""
    return {
        "id": group_id,
        "node": at,
        "count": count,
        "speed_m_s": speed_m_s,
        "premovement": premovement or {"dist": "fixed", "value_s": 0},
        "alerted_by": alerted_by,
        **extra,
    }


def scenario_dict(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    population: list[dict[str, Any]] | None = None,
    *,
    actions: list[dict[str, Any]] | None = None,
    roles: list[str] | None = None,
    injects: list[dict[str, Any]] | None = None,
    responders: list[dict[str, Any]] | None = None,
    expectations: list[dict[str, Any]] | None = None,
    duration_s: float = 3600.0,
    default_assembly: str | None = None,
    scenario_id: str = "engine-test",
) -> dict[str, Any]:
    """The data of a minimal valid scenario around the given site and people."""
    site: dict[str, Any] = {"nodes": nodes, "edges": edges}
    if default_assembly is not None:
        site["default_assembly"] = default_assembly
    return {
        "format": 1,
        "id": scenario_id,
        "title": "Engine test",
        "summary": "A scenario built by a test.",
        "category": "evacuation",
        "start_clock": "09:00",
        "duration_s": duration_s,
        "roles": [{"id": r, "name": r} for r in (roles or ["leader"])],
        "site": site,
        "population": population or [],
        "hazard": {"model": "none"},
        "responders": responders or [],
        "injects": injects or [],
        "actions": actions if actions is not None else [dict(ALARM_ACTION)],
        "expectations": expectations or [],
    }


def build_scenario(data: dict[str, Any]) -> Scenario:
    """Check scenario data exactly as a file is checked; fail loudly with every problem."""
    checked = check_text(json.dumps(data, ensure_ascii=False), "<test>")
    if checked.scenario is None:
        raise AssertionError(
            "test scenario is invalid:\n" + "\n".join(p.format("en") for p in checked.problems)
        )
    return checked.scenario


def make_drill(data: dict[str, Any], seed: int = 1, **kwargs: Any) -> Drill:
    """A drill of the checked scenario."""
    return Drill(build_scenario(data), seed, **kwargs)


def corridor_site(
    length_m: float = 50.0, width_m: float = 2.0
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A room joined to an exit by one corridor."""
    return (
        [node("room"), node("exit", "exit", length_m)],
        [edge("room", "exit", "corridor", length_m, width_m)],
    )


def _choices(*values: str) -> list[dict[str, str]]:
    return [{"value": v, "label": v} for v in values]


REPORT_ELEMENTS = ("unit", "time_place", "account", "casualties", "measures", "other")


def vocabulary_dict() -> dict[str, Any]:
    """A small two-storey site with one action of every kind, responders and injects.

    Floor 1: office (10 staff, alerted by the alarm, 30 s pre-movement, and one missing
    cleaner), a hall and a stair landing. Floor 0: the stair foot, a lobby (4 visitors who
    move only on an evacuation order), a plant room with a trapped and two injured people,
    an exit, two assembly yards, a gate and a depot 1 km up the road. The fire brigade
    (needs guiding) rescues from the plant room 30 s after it arrives; the ambulance gives
    first aid there; the police cordon the gate.
    """
    nodes = [
        node("office", "room", 0, 10, floor=1),
        node("hall", "corridor", 0, 0, floor=1),
        node("stair_top", "stair", 5, 0, floor=1),
        node("stair_foot", "stair", 5, 0),
        node("lobby", "room", 10, 0),
        node("plant", "room", 10, 20),
        node("exit", "exit", 20, 0),
        node("yard", "assembly", 40, 0, area_m2=500),
        node("yard_b", "assembly", 20, -40, area_m2=500),
        node("gate", "gate", 60, 0),
        node("depot", "road", 1060, 0),
    ]
    edges = [
        edge("office", "hall", "door", 10, 0.9, door_closed=False),
        edge("hall", "stair_top", "door", 5, 1.2),
        edge("stair_top", "stair_foot", "stair", 8, 1.2, riser_m=0.17, tread_m=0.28),
        edge("stair_foot", "lobby", "door", 5, 1.2),
        edge("lobby", "exit", "door", 10, 1.8, door_closed=False),
        edge("lobby", "plant", "door", 20, 0.9),
        edge("exit", "yard", "open", 20, 6),
        edge("exit", "yard_b", "open", 40, 6),
        edge("yard", "gate", "road", 20, 6),
        edge("gate", "depot", "road", 1000, 6),
    ]
    thirty = {"dist": "fixed", "value_s": 30}
    population = [
        group("staff", "office", 10, thirty, alerted_by="alarm"),
        group("cleaner", "office", 1, thirty, alerted_by="alarm", missing=True),
        group("visitors", "lobby", 4, {"dist": "fixed", "value_s": 10}, alerted_by="evacuate"),
        group("trapped", "plant", 1, casualty="trapped"),
        group("injured", "plant", 2, casualty="injured"),
    ]
    responders = [
        {
            "id": "fire",
            "service": "fire",
            "name": "Fire brigade",
            "number": "119",
            "dispatch_delay_s": 60,
            "origin": "depot",
            "destination": "gate",
            "speed_m_s": 10,
            "needs_guide": True,
            "unguided_delay_s": 90,
            "on_arrival": [{"kind": "rescue", "params": {"node": "plant"}, "delay_s": 30}],
        },
        {
            "id": "ambulance",
            "service": "ambulance",
            "name": "Ambulance",
            "dispatch_delay_s": 30,
            "origin": "depot",
            "destination": "gate",
            "speed_m_s": 20,
            "on_arrival": [{"kind": "first_aid", "params": {"node": "plant"}}],
        },
        {
            "id": "police",
            "service": "police",
            "name": "Police",
            "dispatch_delay_s": 0,
            "origin": "depot",
            "destination": "yard",
            "speed_m_s": 10,
            "on_arrival": [{"kind": "cordon", "params": {"node": "gate", "radius_m": 300}}],
        },
    ]
    injects = [
        {"id": "smoke", "at_s": 0, "text": "Smoke in the plant room."},
        {
            "id": "ask_alarm",
            "at_s": 10,
            "to": "leader",
            "prompt": True,
            "respond_within_s": 60,
            "expects": "alarm",
            "text": "The panel shows a detector in alarm.",
        },
        {"id": "after_alarm", "on": "action:alarm", "delay_s": 15, "to": "warden", "text": "A"},
        {"id": "chained", "on": "inject:after_alarm", "text": "B"},
        {"id": "all_alerted", "on": "milestone:everyone_alerted", "text": "C"},
        {"id": "brigade_here", "on": "arrival:fire", "delay_s": 5, "text": "D"},
        {"id": "rumour", "at_s": 100, "optional": True, "text": "E"},
        {"id": "late_news", "at_s": 500, "to": "medic", "text": "F"},
        {
            "id": "ask_count",
            "at_s": 400,
            "to": "leader",
            "prompt": True,
            "respond_within_s": 30,
            "expects": "headcount",
            "text": "How many are out?",
        },
    ]
    node_param = {"type": "node", "label": "Place", "required": False}
    actions: list[dict[str, Any]] = [
        {
            "id": "alarm",
            "kind": "alarm",
            "label": "Alarm",
            "roles": ["leader"],
            "duration_s": 10,
            "fixed": {"scope": "all"},
        },
        {
            "id": "evacuate",
            "kind": "evacuate",
            "label": "Evacuate",
            "roles": ["leader"],
            "duration_s": 10,
            "params": {
                "to": {"type": "node", "label": "To", "default": "yard"},
                "scope": {"type": "text", "label": "Scope", "default": "all"},
            },
        },
        {
            "id": "warn",
            "kind": "warn",
            "label": "Warn",
            "duration_s": 5,
            "fixed": {"scope": "lobby"},
        },
        {
            "id": "shelter",
            "kind": "shelter",
            "label": "Shelter",
            "duration_s": 5,
            "fixed": {"scope": "all"},
        },
        {
            "id": "cordon",
            "kind": "cordon",
            "label": "Cordon",
            "node": "exit",
            "duration_s": 20,
            "params": {
                "radius_m": {
                    "type": "number",
                    "label": "Radius",
                    "unit": "m",
                    "min": 50,
                    "max": 1000,
                }
            },
        },
        {"id": "ppe", "kind": "ppe", "label": "PPE", "duration_s": 20, "once": False},
        {
            "id": "rescue",
            "kind": "rescue",
            "label": "Rescue",
            "node": "plant",
            "roles": ["warden", "medic"],
            "duration_s": 60,
            "needs_ppe": True,
            "once": False,
            "params": {"node": node_param, "to": node_param},
        },
        {
            "id": "first_aid",
            "kind": "first_aid",
            "label": "First aid",
            "node": "plant",
            "roles": ["medic"],
            "duration_s": 30,
            "once": False,
            "params": {"node": node_param},
        },
        {
            "id": "headcount",
            "kind": "headcount",
            "label": "Headcount",
            "roles": ["leader"],
            "duration_s": 20,
            "once": False,
            "fixed": {"node": "yard"},
        },
        {
            "id": "sweep",
            "kind": "sweep",
            "label": "Sweep",
            "roles": ["warden"],
            "duration_s": 30,
            "fixed": {"floor": 1},
        },
        {
            "id": "close_doors",
            "kind": "close_doors",
            "label": "Close doors",
            "duration_s": 10,
            "fixed": {"scope": 1},
        },
        {
            "id": "call_fire",
            "kind": "call",
            "label": "Call 119",
            "duration_s": 20,
            "fixed": {"service": "fire"},
        },
        {
            "id": "call_ambulance",
            "kind": "call",
            "label": "Call 120",
            "duration_s": 20,
            "fixed": {"service": "ambulance"},
        },
        {
            "id": "call_police",
            "kind": "call",
            "label": "Call 110",
            "duration_s": 10,
            "fixed": {"service": "police"},
        },
        {
            "id": "call_other",
            "kind": "call",
            "label": "Call",
            "duration_s": 10,
            "params": {"service": {"type": "text", "label": "Service"}},
        },
        {
            "id": "guide",
            "kind": "guide_responders",
            "label": "Guide",
            "roles": ["warden"],
            "duration_s": 30,
            "fixed": {"service": "fire"},
        },
        {
            "id": "guide_police",
            "kind": "guide_responders",
            "label": "Guide police",
            "duration_s": 10,
            "fixed": {"service": "police"},
        },
        {
            "id": "report",
            "kind": "report",
            "label": "Report",
            "roles": ["leader"],
            "duration_s": 60,
            "fixed": {"to": "unit_head"},
            "params": {
                "elements": {
                    "type": "multi",
                    "label": "Elements",
                    "choices": _choices(*REPORT_ELEMENTS),
                }
            },
        },
        {
            "id": "isolate",
            "kind": "isolate_source",
            "label": "Isolate",
            "node": "plant",
            "duration_s": 30,
            "params": {
                "valve": {"type": "choice", "label": "Valve", "choices": _choices("v1", "v2")}
            },
        },
        {"id": "shutdown", "kind": "shutdown", "label": "Shut down", "duration_s": 15},
        {
            "id": "ventilate",
            "kind": "ventilate",
            "label": "Ventilate",
            "node": "office",
            "duration_s": 15,
        },
        {
            "id": "extinguish",
            "kind": "extinguish",
            "label": "Extinguish",
            "node": "plant",
            "duration_s": 40,
            "needs_ppe": True,
        },
        {"id": "stabilise", "kind": "stabilise", "label": "Stabilise", "duration_s": 15},
        {
            "id": "operate",
            "kind": "operate",
            "label": "Operate",
            "duration_s": 15,
            "params": {"setting": {"type": "number", "label": "Setting"}},
        },
        {
            "id": "enter",
            "kind": "enter",
            "label": "Enter",
            "node": "plant",
            "roles": ["warden"],
            "duration_s": 30,
            "needs_ppe": True,
        },
        {
            "id": "check",
            "kind": "verify",
            "label": "Check",
            "duration_s": 5,
            "requires": ["alarm"],
            "params": {
                "count": {"type": "number", "label": "Count", "min": 1, "max": 10},
                "mode": {"type": "choice", "label": "Mode", "choices": _choices("a", "b")},
                "tags": {
                    "type": "multi",
                    "label": "Tags",
                    "choices": _choices("x", "y"),
                    "required": False,
                },
                "where": {"type": "node", "label": "Where", "node_kinds": ["exit", "assembly"]},
                "flag": {"type": "bool", "label": "Flag", "default": False},
                "note": {"type": "text", "label": "Note"},
            },
        },
    ]
    return scenario_dict(
        nodes,
        edges,
        population,
        actions=actions,
        roles=["leader", "warden", "medic"],
        injects=injects,
        responders=responders,
        duration_s=1800,
        default_assembly="yard",
        scenario_id="vocabulary",
    )


class FakeHazard(Hazard):
    """A stand-in hazard for engine tests: fixed levels at named nodes, two thresholds.

    It records every completed action it is told about. Plug it in with
    ``monkeypatch.setitem(sim.hazards.MODEL_CLASSES, "none", FAKE_HAZARD)``.
    """

    name = "none"
    unit = "ppm"
    tick_s = 5.0
    levels_by_node: ClassVar[dict[str, float]] = {"plant": 50.0}

    def __init__(self, params: Any, ctx: Any) -> None:
        super().__init__(params, ctx)
        self.reacted: list[ActionDone] = []
        self._levels = np.zeros(len(ctx.site.node_ids))
        for node_id, level in self.levels_by_node.items():
            self._levels[ctx.site.index[node_id]] = level

    def levels(self) -> np.ndarray:
        return self._levels.copy()

    def thresholds(self) -> list[Threshold]:
        return [
            Threshold("AEGL-1", "AEGL-1", 30.0),
            Threshold("IDLH", "IDLH", 300.0, untenable=True),
        ]

    def react(self, action: ActionDone) -> None:
        self.reacted.append(action)


FAKE_HAZARD = f"{__name__}:FakeHazard"
"""Where :class:`FakeHazard` lives, as ``sim.hazards.MODEL_CLASSES`` names a model."""
