"""Small sites with a hazard, built in code, that several hazard and scoring tests run: a
fire in a few rooms (:func:`fire_drill`) and an ammonia leak by a straight road
(:func:`plume_scenario`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.drill import Drill
from sim.hazards import dispersion, plume_rise
from sim.hazards.fire import FireModel
from sim.hazards.plume_physics import ideal_gas_density_kg_m3
from sim.scenario import Scenario
from tests.engine_helpers import make_drill, scenario_dict


def fire_drill(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    population: list[dict[str, Any]] | None = None,
    *,
    actions: list[dict[str, Any]] | None = None,
    responders: list[dict[str, Any]] | None = None,
    duration_s: float = 1800.0,
    seed: int = 1,
    **params: Any,
) -> Drill:
    """A drill of a small site with the fire model (fire room 'fire_room' unless given)."""
    data = scenario_dict(
        nodes, edges, population, actions=actions, responders=responders, duration_s=duration_s
    )
    data["hazard"] = {"model": "fire", "params": {"origin": "fire_room", **params}}
    return make_drill(data, seed)


def model(drill: Drill) -> FireModel:
    assert isinstance(drill.hazard, FireModel)
    return drill.hazard


RATE_KG_S = 2.0
WIND_M_S = 4.0
M_NH3 = 0.017031


def plume_scenario(
    *,
    wind_from_deg: float = 270.0,
    isolated_fraction: float = 0.0,
    inventory_kg: float = 1e6,
    rate_kg_s: float = RATE_KG_S,
) -> Scenario:
    """A straight road east of a leak; the wind blows from the west (270°) by default.

    Nodes: the source at x=0, outdoor points 200 m and 500 m east (downwind), one 200 m
    west (upwind), one 200 m east and 50 m north (off the axis), and a house 500 m east.
    """
    nodes: list[dict[str, Any]] = [
        {"id": "src", "kind": "yard", "x_m": 0, "y_m": 0},
        {"id": "d200", "kind": "yard", "x_m": 200, "y_m": 0},
        {"id": "d200n", "kind": "yard", "x_m": 200, "y_m": 50},
        {"id": "d500", "kind": "yard", "x_m": 500, "y_m": 0},
        {"id": "house", "kind": "room", "x_m": 500, "y_m": 0.5},
        {"id": "u200", "kind": "yard", "x_m": -200, "y_m": 0},
        {"id": "safe", "kind": "assembly", "x_m": -400, "y_m": 0},
    ]
    edges = [
        {"from": "src", "to": "d200", "kind": "open", "length_m": 200},
        {"from": "d200", "to": "d200n", "kind": "open", "length_m": 50},
        {"from": "d200", "to": "d500", "kind": "open", "length_m": 300},
        {"from": "d500", "to": "house", "kind": "door", "length_m": 5},
        {"from": "src", "to": "u200", "kind": "open", "length_m": 200},
        {"from": "u200", "to": "safe", "kind": "open", "length_m": 200},
    ]
    data: dict[str, Any] = {
        "id": "plume-test",
        "title": "plume",
        "summary": "plume",
        "category": "hazmat_vehicle_leak",
        "duration_s": 1800,
        "weather": {
            "wind_from_deg": wind_from_deg,
            "wind_speed_m_s": WIND_M_S,
            "daytime": True,
            "cloud": "overcast",
            "temperature_c": 25.0,
        },
        "roles": [{"id": "lead", "name": "lead"}],
        "site": {"nodes": nodes, "edges": edges},
        "population": [],
        "hazard": {
            "model": "plume",
            "params": {
                "source_node": "src",
                "material": "ammonia",
                "molar_mass_kg_mol": M_NH3,
                "release": {"kind": "rate", "rate_kg_s": rate_kg_s},
                "inventory_kg": inventory_kg,
                "release_height_m": 0.0,
                "breathing_height_m": 0.0,
                "isolated_fraction": isolated_fraction,
                "indoor_ach_per_h": 2.0,
                "sheltered_ach_per_h": 0.5,
                "thresholds": [
                    {"id": "AEGL-1", "label": "AEGL-1", "value": 30},
                    {"id": "AEGL-2", "label": "AEGL-2", "value": 160},
                    {"id": "AEGL-3", "label": "AEGL-3", "value": 1100, "untenable": True},
                ],
            },
        },
        "actions": [
            {"id": "valve", "kind": "isolate_source", "label": "valve", "duration_s": 0},
            {
                "id": "shelter",
                "kind": "shelter",
                "label": "shelter",
                "duration_s": 0,
                "fixed": {"scope": ["house"]},
            },
        ],
    }
    return Scenario.model_validate(data)


def direct_ppm(hz: Any, kernel: Any, q_kg_s: float) -> np.ndarray:
    """The level at every node for the rate ``q_kg_s``, computed as the kernel's table was."""
    geo = hz._geometry()
    if kernel.part == "pool":
        gas = hz.pool.gas
        width = hz._pool_width_m()
        vapour = ideal_gas_density_kg_m3(gas.molar_mass_kg_mol, gas.boiling_point_k)
        air = ideal_gas_density_kg_m3(dispersion.AIR_MOLAR_MASS_KG_MOL, hz.temperature_k)
        flux = plume_rise.buoyancy_flux_m4_s3(q_kg_s, vapour, air)

        def rise(x_m: np.ndarray) -> np.ndarray:
            return plume_rise.buoyant_rise_m(
                x_m, flux, hz.wind_m_s, hz.stability, hz.temperature_k, width / 2.0
            )

        return dispersion.neutral_ppm(
            q_kg_s, geo, width_m=width, height_m=hz.p.source_height_m, rise_m=rise
        )
    return dispersion.dense_ppm(
        q_kg_s, geo, hz.cloud, width_m=hz.p.source_width_m, height_m=hz.p.source_height_m
    )
