"""One account of people and one peak (sim/ledger.py), for every bundled scenario and in
small drills built for the purpose."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest

from sim import bundled_ids
from sim.drill import Drill
from sim.ledger import LevelRecord, levels_sample_s
from sim.result import drill_result
from sim.scenario import Scenario
from tests.hazards.sites import plume_scenario
from tests.scenario_runs import run, scenario

PLAYBOOKS = ("ideal", "late", "passive")
CASES = [(sid, name) for sid in bundled_ids() for name in PLAYBOOKS]


@pytest.mark.parametrize(("sid", "name"), CASES)
def test_people_add_up_and_the_headcount_expects_only_on_site_people(sid: str, name: str) -> None:
    result = run(sid, name, 1)
    o = result["outcome"]
    people = o["people"]
    assert sum(people["states"].values()) == people["total"]
    assert people["on_site"] + people["off_site"] == people["total"]
    sc = scenario(sid)
    assert people["total"] == sum(g.count for g in sc.population)
    assert people["off_site"] == sum(g.count for g in sc.population if g.offsite)
    assert 0 <= people["injured"] <= people["total"] - people["states"]["dead"]
    assert o["casualties"] == people["states"]["dead"] + o["team"]["dead"]
    assert o["injured"] == people["injured"] + o["team"]["injured"]
    for e in result["events"]:
        if e["kind"] == "headcount":
            assert e["expected"] == people["on_site"]
            assert e["present"] + e["casualties"] + e["missing"] == e["expected"]


@pytest.mark.parametrize(("sid", "name"), CASES)
def test_the_peaks_agree_with_the_levels_of_each_node(sid: str, name: str) -> None:
    o = run(sid, name, 1)["outcome"]
    by_node = o["peak_by_node"]
    peak, on_site = o["peak"], o["peak_on_site"]
    assert peak["unit"] == on_site["unit"] == o["hazard_unit"]
    top = max(v["level"] for v in by_node.values())
    assert on_site["level"] <= top
    if peak["node"] is not None:
        assert by_node[peak["node"]]["level"] >= peak["level"]
    if on_site["node"] is not None:
        assert by_node[on_site["node"]] == {"level": on_site["level"], "t_s": on_site["t_s"]}
    # The series holds every node, at the documented interval.
    step = o["levels_sample_s"]
    assert step == levels_sample_s(scenario(sid).duration_s)
    for series in o["levels"].values():
        times = [t for t, _ in series]
        assert times[0] == 0.0
        assert all(b - a >= step - 1e-6 for a, b in itertools.pairwise(times))
        assert max(v for _, v in series) <= top + 1e-9


def test_the_chemical_peak_is_the_source_not_the_level_at_the_end() -> None:
    """The old ``peak_level`` read the levels at the end (67 ppm in the ideal run); the peak
    is the highest level over the drill, at the leaking tanker where the loaders stand."""
    o = run("chemical-vehicle-leak", "ideal", 1)["outcome"]
    assert "peak_level" not in o
    assert o["peak"]["node"] == "loading_bay"
    # The highest level anyone stood in is at most the model's own peak (the pool on the
    # bay keeps boiling after the loaders have left); on site, nothing is higher.
    assert o["peak"]["level"] <= o["peak_ppm"] * (1 + 1e-3)
    assert o["peak_on_site"]["level"] == pytest.approx(o["peak_ppm"], rel=1e-3)
    assert o["peak_on_site"]["node"] == "loading_bay"
    # The village is off site: its peak never counts as the on-site peak.
    assert o["people"]["off_site"] == 80


def test_the_level_record_keeps_the_highest_level_not_the_last() -> None:
    rec = LevelRecord(["a", "b", "c"], np.array([True, True, False]), "ppm", 30.0)
    nobody = np.array([False, False, False])
    rec.sample(0.0, np.array([0.0, 0.0, 0.0]), nobody)
    rec.sample(5.0, np.array([10.0, 2.0, 50.0]), np.array([False, True, True]))
    rec.sample(10.0, np.array([40.0, 3.0, 1.0]), np.array([False, True, False]))
    rec.sample(35.0, np.array([1.0, 1.0, 1.0]), np.array([True, True, True]))
    out = rec.to_outcome()
    # Occupied: b at 5 s (2), c at 5 s (50), b at 10 s (3), all at 35 s (1): c, 50, 5 s.
    assert out["peak"] == {"level": 50.0, "unit": "ppm", "node": "c", "t_s": 5.0}
    # On site (a, b): a reaches 40 at 10 s, while nobody stands there.
    assert out["peak_on_site"] == {"level": 40.0, "unit": "ppm", "node": "a", "t_s": 10.0}
    assert out["peak_by_node"]["b"] == {"level": 3.0, "t_s": 10.0}
    # Series: 0 s and 35 s (the 5 s and 10 s samples fall inside the 30 s interval).
    assert out["levels"]["a"] == [[0.0, 0.0], [35.0, 1.0]]


def _shelter_drill(shelter: bool) -> Drill:
    base = plume_scenario().model_dump(by_alias=True)
    base["population"] = [
        {
            "id": "household",
            "node": "house",
            "count": 6,
            "alerted_by": "evacuate",
            "offsite": True,
            "premovement": {"dist": "fixed", "value_s": 60},
        }
    ]
    drill = Drill(Scenario.model_validate(base), seed=1)
    if shelter:
        drill.act("shelter", "lead")
    drill.run_to_end()
    return drill


def test_sheltering_indoors_protects_and_is_not_penalised() -> None:
    """The house stands 500 m downwind; its people are never told to leave. Sheltered
    (0.5 air changes an hour instead of 2) they breathe less, count as sheltered, and the
    outcome category does not charge them as 'not safe'."""
    sheltered, exposed = _shelter_drill(True), _shelter_drill(False)
    s_out: dict[str, Any] = drill_result(sheltered)
    e_out: dict[str, Any] = drill_result(exposed)
    assert s_out["outcome"]["people"]["states"]["sheltered"] == 6
    assert s_out["outcome"]["people"]["states"]["not_safe"] == 0
    assert e_out["outcome"]["people"]["states"]["not_safe"] == 6
    assert float(sheltered.dose.sum()) < 0.5 * float(exposed.dose.sum())
    outcome_s = s_out["score"]["categories"]["outcome"]["points"]
    outcome_e = e_out["score"]["categories"]["outcome"]["points"]
    assert outcome_s > outcome_e
    assert not any(d["expectation"] is None and "not safe" in d["en"] for d in s_out["deductions"])


def test_a_record_without_its_series_keeps_the_same_peaks() -> None:
    """keep_series=False (batch and calibration runs) changes nothing but ``levels``."""
    on_site = np.array([True, True, False])
    samples = [
        (0.0, [0.0, 0.0, 0.0], [False, False, False]),
        (5.0, [10.0, 2.0, 50.0], [False, True, True]),
        (10.0, [40.0, 3.0, 1.0], [False, True, False]),
        (35.0, [1.0, 1.0, 1.0], [True, True, True]),
    ]
    full = LevelRecord(["a", "b", "c"], on_site, "ppm", 30.0)
    bare = LevelRecord(["a", "b", "c"], on_site, "ppm", 30.0, keep_series=False)
    for t, levels, occupied in samples:
        for rec in (full, bare):
            rec.sample(t, np.array(levels), np.array(occupied))
    with_series, without = full.to_outcome(), bare.to_outcome()
    assert without["levels"] == {}
    assert with_series["levels"]["c"] == [[0.0, 0.0], [35.0, 1.0]]
    del with_series["levels"], without["levels"]
    assert without == with_series
    assert without["peak_on_site"] == {"level": 40.0, "unit": "ppm", "node": "a", "t_s": 10.0}


@pytest.mark.parametrize("sid", ["hotel-evacuation", "workshop-evacuation"])
def test_a_run_without_the_level_series_has_the_same_log(sid: str) -> None:
    """Drill(level_series=False) logs the same events; only outcome.levels is empty."""
    from sim.playbook import run_playbook
    from tests.scenario_runs import playbook

    steps = list(playbook(sid, "late"))
    full = [e.to_json() for e in run_playbook(scenario(sid), steps, 4).log]
    bare = [e.to_json() for e in run_playbook(scenario(sid), steps, 4, level_series=False).log]
    assert [e["kind"] for e in bare] == [e["kind"] for e in full]
    end_full, end_bare = full.pop(), bare.pop()
    assert bare == full
    assert end_bare["outcome"].pop("levels") == {}
    assert any(end_full["outcome"].pop("levels").values())
    assert end_bare == end_full
