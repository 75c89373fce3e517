"""The result of a drill as one JSON object (docs/contracts.md).

Keys: ``scenario``, ``seed``, ``score`` (``total``, ``grade``, ``categories``),
``expectations`` (``id``, ``category``, ``status``, ``done_at_s``, ``target_s``,
``limit_s``, ``credit``), ``outcome``, ``events``; plus ``engine``, ``deductions`` (each in
zh and en), ``ratings`` (HSEEP P/S/M/U; a harmful action is rated ``act``: avoided or
committed) and ``checklist`` (AQ/T 9009: each item's ``status`` yes/partial/no, with the
``reasons`` in zh and en and the expectations it ``covers``).
"""

from __future__ import annotations

from typing import Any

from sim.drill import ENGINE_VERSION, Drill
from sim.scenario import Scenario
from sim.scoring import Score, score
from sim.text import Text, localize


def _both(text: Text | None) -> dict[str, str]:
    return {"zh": localize(text, "zh"), "en": localize(text, "en")}


def build_result(scenario: Scenario, seed: int, events: list[dict[str, Any]]) -> dict[str, Any]:
    """The result object from a scenario, a seed and an event log (JSON events)."""
    sc: Score = score(scenario, events)
    outcome: dict[str, Any] = {}
    for e in events:
        if e["kind"] == "end":
            outcome = dict(e.get("outcome") or {})
    by_id = {x.id: x for x in scenario.expectations}
    return {
        "scenario": scenario.id,
        "seed": seed,
        "engine": ENGINE_VERSION,
        "score": sc.to_json(),
        "expectations": [r.to_json() for r in sc.expectations],
        "deductions": [
            {
                "category": d.category,
                "expectation": d.expectation,
                "points": round(d.points, 2),
                "zh": d.phrase.render("zh"),
                "en": d.phrase.render("en"),
            }
            for d in sc.deductions
        ],
        "ratings": [
            {
                "expectation": r.id,
                "task": _both(by_id[r.id].task or by_id[r.id].title),
                "rating": r.rating,
                "harmful": r.harmful,
                "act": ("committed" if r.status == "violated" else "avoided")
                if r.harmful
                else None,
            }
            for r in sc.expectations
            if r.status != "not_applicable"
        ],
        "checklist": [
            {
                "id": c.id,
                "item": _both(c.item),
                "status": c.status,
                "yes": c.yes,
                "reasons": [{"zh": p.render("zh"), "en": p.render("en")} for p in c.reasons],
                "covers": c.covers,
            }
            for c in sc.checklist
        ],
        "outcome": outcome,
        "events": events,
    }


def drill_result(drill: Drill) -> dict[str, Any]:
    """The result object of a drill (finished or not), with ``people_times``."""
    result = build_result(drill.scenario, drill.seed, [e.to_json() for e in drill.log])
    result["people_times"] = people_times(drill)
    return result


def _t(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)


def people_times(drill: Drill) -> list[dict[str, Any]]:
    """When each person was alerted, started to move, reached safety and arrived.

    One entry per mover, in population order: ``group``, ``count`` (1, or the size of a
    platoon when a large crowd moves in platoons), ``node`` (where they started),
    ``alerted_s``, ``start_s`` (end of pre-movement), ``safe_s`` (first exit or assembly
    point) and ``arrived_s`` (their destination), each null when it never happened.
    Casualties who do not walk are left out. The event log does not hold these times, so
    a result rebuilt from a journal has no ``people_times``.
    """
    starts = {g.id: g.node for g in drill.scenario.population}
    return [
        {
            "group": a.group,
            "count": a.size,
            "node": starts.get(a.group, a.node),
            "alerted_s": _t(a.alerted_s),
            "start_s": _t(a.start_s),
            "safe_s": _t(a.safe_s),
            "arrived_s": _t(a.arrived_s),
        }
        for a in drill.crowd.agents
        if a.casualty_kind is None
    ]
