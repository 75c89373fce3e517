"""What a process works out once per scenario and shares between its drills (the fire
model's physics and smoke edges, the routes) changes no result: a drill run after others
of its scenario gives, byte for byte, the result of a drill run first (docs/contracts.md,
Determinism). Batch and calibration runs rely on it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sim import movement
from sim.drill import Drill
from sim.hazards import fire
from sim.hazards.fire import FireModel
from sim.playbook import run_playbook
from sim.result import drill_result
from tests.scenario_runs import playbook, scenario


def _canonical(sid: str, name: str, seed: int) -> str:
    drill = run_playbook(scenario(sid), list(playbook(sid, name)), seed)
    return json.dumps(drill_result(drill), sort_keys=True, ensure_ascii=False)


def _cold(sid: str, name: str, seed: int) -> str:
    fire._STATIC.clear()
    movement._ROUTERS.clear()
    return _canonical(sid, name, seed)


@pytest.mark.parametrize("sid", ["hotel-evacuation", "workshop-evacuation"])
def test_a_drill_after_others_of_its_scenario_gives_the_result_of_a_first_one(sid: str) -> None:
    # Warm the caches with other playbooks and seeds (other blocked sets, other doors).
    first = {name: _cold(sid, name, 5) for name in ("late", "passive")}
    for name, seed in (("ideal", 2), ("passive", 3), ("late", 6)):
        _canonical(sid, name, seed)
    for name in ("late", "passive"):
        assert _canonical(sid, name, 5) == first[name], name


def test_drills_of_a_scenario_share_the_fire_tables_but_not_the_smoke() -> None:
    sc = scenario("hotel-evacuation")
    fire._STATIC.clear()
    a, b = Drill(sc, 1), Drill(sc, 2)
    ha, hb = a.hazard, b.hazard
    assert isinstance(ha, FireModel) and isinstance(hb, FireModel)
    # The physics and the edges are one read-only copy ...
    assert ha._grid_temp_c is hb._grid_temp_c and ha._e_src is hb._e_src
    with pytest.raises(ValueError):
        ha._grid_temp_c[0] = 0.0
    # ... each drill has its own doors, edge rates and smoke.
    assert ha._door_states[0] is a.site.doors[ha._door_keys[0]]
    assert ha._door_states[0] is not hb._door_states[0]
    assert ha._rate is not hb._rate and ha._fill is not hb._fill
    a.advance(600.0)
    assert np.isfinite(ha._arrival).sum() > 1
    assert not np.isfinite(hb._arrival).any() and not hb._fill.any()
    assert a.crowd.router is b.crowd.router


def test_a_new_scenario_object_gets_its_own_tables() -> None:
    sc = scenario("hotel-evacuation")
    other = sc.model_copy(deep=True)
    fire._STATIC.clear()
    movement._ROUTERS.clear()
    a, b = Drill(sc, 1), Drill(other, 1)
    ha, hb = a.hazard, b.hazard
    assert isinstance(ha, FireModel) and isinstance(hb, FireModel)
    assert ha._grid_temp_c is not hb._grid_temp_c
    assert a.crowd.router is not b.crowd.router


def test_a_full_router_starts_again_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    sid = "workshop-evacuation"
    movement._ROUTERS.clear()
    first = run_playbook(scenario(sid), list(playbook(sid, "ideal")), 1)
    assert first.crowd.router.cached > 0
    expected = drill_result(first)
    monkeypatch.setattr(movement, "ROUTER_CACHE_LIMIT", first.crowd.router.cached)
    again = run_playbook(scenario(sid), list(playbook(sid, "ideal")), 1)
    assert again.crowd.router is not first.crowd.router
    assert drill_result(again) == expected
