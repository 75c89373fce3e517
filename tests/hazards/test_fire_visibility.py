"""Visibility in fire smoke limits wayfinding: hand calculations and the engine.

Hand calculation used throughout (flaming fire, soot yield y_s = 0.05 g/g, effective heat
of combustion 20 kJ/g, convective fraction 0.7, ambient 20 °C, smoke 40 K above it):

- soot mass fraction = y_s c_p dT / (chi dH_c) = 0.05 x 1.0 x 40 / (0.7 x 20,000)
  = 1.4286e-4 (Tewarson, SFPE Handbook, yields);
- smoke density rho = 353 / 333.15 K = 1.0596 kg/m³;
- soot concentration = 1.4286e-4 x 1.0596 x 1,000 = 0.15137 g/m³;
- extinction k = 8.7 m²/g x 0.15137 g/m³ = 1.3169 /m (Mulholland and Croarkin,
  Fire and Materials 24 (2000): sigma_s = 8.7 m²/g);
- visibility S = K / k = 3 / 1.3169 = 2.278 m for light-reflecting signs and
  8 / 1.3169 = 6.075 m for light-emitting ones (Jin, SFPE Handbook; ISO 13571:2012 §8);
- walking speed v / v0 = 1 - (0.057 / 0.706) x 1.3169 = 0.8937 (Frantzich and Nilsson,
  Lund report 3126, 2003, as in FDS+Evac, VTT Working Papers 119, 2009).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from sim.hazards.fire_physics import (
    SOOT_SPECIFIC_EXTINCTION_M2_G,
    smoke_soot_g_m3,
    visibility_in_smoke_m,
    wayfinding_limit_m,
)
from sim.movement import smoke_speed_factor
from tests.engine_helpers import edge, group, node
from tests.hazards.sites import fire_drill, model


def test_soot_concentration_from_the_temperature_rise() -> None:
    assert smoke_soot_g_m3(40.0, 0.05, 20.0) == pytest.approx(0.15137, rel=1e-4)
    assert smoke_soot_g_m3(0.0, 0.05, 20.0) == 0.0
    # Twice the yield, twice the soot.
    assert smoke_soot_g_m3(40.0, 0.10, 20.0) == pytest.approx(2 * 0.15137, rel=1e-4)


def test_visibility_for_reflecting_and_emitting_signs() -> None:
    soot = smoke_soot_g_m3(40.0, 0.05, 20.0)
    assert visibility_in_smoke_m(soot, 3.0) == pytest.approx(2.278, abs=1e-3)
    assert visibility_in_smoke_m(soot, 8.0) == pytest.approx(6.075, abs=1e-3)
    assert visibility_in_smoke_m(0.0) == float("inf")
    # Jin's rule of thumb: reflecting signs are seen 10 m away at k = 0.3 /m.
    assert visibility_in_smoke_m(0.3 / SOOT_SPECIFIC_EXTINCTION_M2_G, 3.0) == pytest.approx(10.0)


def test_the_soot_form_agrees_with_sfpe_mass_optical_density_of_the_fuel() -> None:
    """SFPE Handbook (5th ed., eq. 50.19): S = K / (2.303 D_m C) with D_m the mass optical
    density per mass of fuel burnt and C the fuel burnt per m³. With D_m = sigma_s y_s /
    2.303 = 8.7 x 0.05 / 2.303 = 0.18888 m²/g and C = 0.15137 / 0.05 = 3.0274 g/m³ it
    gives 3 / (2.303 x 0.18888 x 3.0274) = 2.278 m."""
    d_m = 8.7 * 0.05 / 2.303
    c_fuel = smoke_soot_g_m3(40.0, 0.05, 20.0) / 0.05
    sfpe = 3.0 / (2.303 * d_m * c_fuel)
    assert sfpe == pytest.approx(2.278, abs=1e-3)
    assert visibility_in_smoke_m(c_fuel * 0.05, 3.0) == pytest.approx(sfpe)


def test_wayfinding_needs_5_m_in_small_rooms_and_10_m_elsewhere() -> None:
    assert wayfinding_limit_m("room", 30.0) == 5.0
    assert wayfinding_limit_m("room", 400.0) == 10.0
    assert wayfinding_limit_m("corridor", 30.0) == 10.0
    assert wayfinding_limit_m("stair", 15.0) == 10.0


def test_walking_speed_in_smoke() -> None:
    assert smoke_speed_factor(1.3169) == pytest.approx(0.8937, abs=1e-4)
    assert smoke_speed_factor(0.0) == 1.0
    # FDS+Evac's floor: never below a tenth of the free speed.
    assert smoke_speed_factor(50.0) == pytest.approx(0.1)


def smoky_corridor_site() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Guests in a room off the fire's corridor (behind a shut door): a short way out along
    that corridor, or a long detour through a clean back corridor."""
    nodes = [
        node("fire_room", "room", 0, 0, area_m2=30.0),
        node("corr", "corridor", 10, 0, area_m2=40.0),
        node("guests", "room", 20, 5, area_m2=30.0),
        node("back", "corridor", 20, 40, area_m2=80.0),
        node("exit", "exit", 40, 0),
    ]
    edges = [
        edge("fire_room", "corr", "door", 5, 0.9),
        edge("guests", "corr", "door", 5, 0.9),
        edge("corr", "exit", "corridor", 30, 2.0),
        edge("guests", "back", "door", 40, 0.9, door_closed=False),
        edge("back", "exit", "corridor", 80, 2.0),
    ]
    return nodes, edges


def test_a_smoky_corridor_is_obscured_and_visible_in_the_level_information() -> None:
    nodes, edges = smoky_corridor_site()
    drill = fire_drill(nodes, edges, [], growth="fast")
    drill.advance(120.0)
    fire = model(drill)
    vis = fire.visibility_by_node()
    assert "corr" in vis and vis["corr"] < 10.0
    assert fire.obscured()[drill.site.index["corr"]]
    assert not fire.untenable()[drill.site.index["corr"]]  # still under 60 °C
    assert "back" not in vis  # no smoke there
    facts = fire.describe()
    assert facts["visibility_m"] == vis
    assert facts["min_visibility_m"] is not None and facts["min_visibility_m"] <= vis["corr"]
    assert fire.outcome()["obscured_nodes"] >= 2  # the fire room and the corridor


def test_people_route_around_smoke_they_cannot_see_through() -> None:
    """Setting off at 100 s, the guests go the long way round: the short corridor is obscured
    (visibility under 10 m) though not yet hot enough to be untenable. With light-emitting
    signs (K = 8) and a clean-burning fuel they still see the exit and take the short way."""
    nodes, edges = smoky_corridor_site()
    people = [group("g", "guests", 4, {"dist": "fixed", "value_s": 100.0})]

    def way_out(**params: Any) -> set[str]:
        drill = fire_drill(nodes, edges, people, growth="fast", **params)
        seen: set[str] = set()
        for t_s in range(100, 400, 2):
            drill.advance(float(t_s))
            seen |= {a.node for a in drill.crowd.agents}
        assert all(a.safe_s is not None for a in drill.crowd.agents)
        return seen

    assert "back" in way_out()
    assert "back" not in way_out(signs="emitting", soot_yield_g_g=0.001)


def test_walkers_slow_down_in_smoke() -> None:
    """With no way round, the guests walk the smoky corridor: through sooty smoke
    (y_s = 0.2) they reach the exit later than through clean-burning smoke (y_s = 0.001),
    the fire and its heat being the same."""
    nodes, edges = smoky_corridor_site()
    edges = [e for e in edges if "back" not in (e["from"], e["to"])]
    nodes = [n for n in nodes if n["id"] != "back"]
    people = [group("g", "guests", 1, {"dist": "fixed", "value_s": 100.0})]
    times = []
    for soot in (0.001, 0.2):
        drill = fire_drill(nodes, edges, people, growth="fast", soot_yield_g_g=soot)
        drill.advance(600.0)
        safe = [a.safe_s for a in drill.crowd.agents]
        assert all(s is not None for s in safe)
        times.append(float(np.max(np.array(safe, dtype=float))))
    assert times[1] > times[0] + 1.0


def test_the_smoke_of_a_tick_is_worked_out_once_and_never_goes_stale() -> None:
    """The extinction and visibility of the levels a tick published are remembered (the
    tick, the walkers' pace and their wayfinding all read them) and equal what the same
    levels give afresh; the next tick's levels give the next tick's smoke."""
    nodes, edges = smoky_corridor_site()
    drill = fire_drill(nodes, edges, [], growth="fast")
    drill.advance(120.0)
    fire = model(drill)
    k = fire.extinction_per_m()
    assert fire.extinction_per_m(fire.levels()) is k
    assert not k.flags.writeable
    assert np.array_equal(k, fire.extinction_per_m(fire.levels().copy()))
    vis = fire.visibility_m()
    assert fire.visibility_m(fire.levels()) is vis
    assert np.array_equal(vis, fire.visibility_m(fire.levels().copy()))
    corr = drill.site.index["corr"]
    before = float(k[corr])
    drill.advance(180.0)
    later = fire.extinction_per_m()
    assert later is not k
    assert float(later[corr]) > before  # the corridor keeps filling while the fire grows
    assert np.array_equal(later, fire.extinction_per_m(fire.levels().copy()))
