"""AEGL-2 distances of two reference releases, for the table in docs/models.md.

- A 1-tonne chlorine cylinder (ton container) whose liquid valve is sheared: flashing
  two-phase flow through a 25 mm opening (equilibrium rate model), flash plus aerosol
  airborne, dense plume.
- A 20-tonne ammonia road tanker whose liquid line is broken: flashing flow through a
  50 mm opening, dense plume.

Each in class D at 5 m/s (day), class F at 2 m/s (night) and, for comparison, class C at
5 m/s (a sunny day), 20 degC, levels as 10-min averages at 1.5 m, on concrete (the
rained-out liquid boils off as a pool). Three AEGL-2 distances on the plume axis, over two
hours:

- *peak*: the farthest point whose highest level reaches the 60-min AEGL-2 (chlorine
  2 ppm, ammonia 160 ppm; NRC AEGL volumes 4 and 6), as if the exposure lasted an hour;
- *dose*: the farthest point where a person standing there the whole time reaches the
  AEGL-2 class of the drill's own harm model (sim/harm.py): a toxic load sum C^n dt of at
  least AEGL-2(60 min)^n x 60 min, n = 2 for both gases (ten Berge scaling, as the NRC
  AEGL volumes do). A cloud that passes in minutes is judged by its dose, not its peak;
- *dose in the first 30 min*: the same dose reached within 30 minutes of the start, the
  window ERG's distances cover (like for like with ERG Table 3).

Run from the repository root:

    python -m bench.plume_distances
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.drill import Drill
from sim.hazards import plume_rise
from sim.hazards.dispersion import AIR_MOLAR_MASS_KG_MOL
from sim.hazards.plume_physics import ideal_gas_density_kg_m3
from sim.scenario import Scenario

DISTANCES_M = np.geomspace(20.0, 40_000.0, 80)


def scenario(case: dict[str, Any], stability: str, wind_m_s: float) -> Scenario:
    nodes = [{"id": "src", "kind": "yard", "x_m": 0.0, "y_m": 0.0, "area_m2": 50.0}]
    nodes += [
        {"id": f"x{i}", "kind": "yard", "x_m": float(d), "y_m": 0.0}
        for i, d in enumerate(DISTANCES_M)
    ]
    edges = [{"from": "src", "to": n["id"], "kind": "open", "length_m": 10} for n in nodes[1:]]
    return Scenario.model_validate(
        {
            "id": "distances",
            "title": "distances",
            "summary": "distances",
            "category": "hazmat_vehicle_leak",
            "duration_s": 7200,
            "weather": {"wind_from_deg": 270, "wind_speed_m_s": wind_m_s, "temperature_c": 20},
            "roles": [{"id": "r", "name": "r"}],
            "site": {"nodes": nodes, "edges": edges},
            "hazard": {
                "model": "plume",
                "params": {
                    "source_node": "src",
                    "material": case["substance"],
                    "molar_mass_kg_mol": case["molar_mass_kg_mol"],
                    "release": {
                        "kind": "flashing",
                        "substance": case["substance"],
                        "hole_diameter_m": case["hole_m"],
                        "pipe_length_m": 0.2,
                    },
                    "inventory_kg": case["inventory_kg"],
                    "stability": stability,
                    "thresholds": [{"id": "AEGL-2", "label": "AEGL-2", "value": case["aegl2_ppm"]}],
                },
            },
            "actions": [{"id": "a", "kind": "verify", "label": "a"}],
        }
    )


AEGL_N = 2.0
"""Exponent of the AEGL time scaling for chlorine and ammonia (NRC AEGL vols. 4 and 6)."""
STEP_S = 10.0


def _farthest(reached: np.ndarray) -> float:
    over = np.nonzero(reached)[0]
    return float(DISTANCES_M[over[-1]]) if over.size else 0.0


ERG_WINDOW_S = 1800.0
"""ERG's distances "show areas likely to be affected during the first 30 minutes after
materials are spilled" (ERG 2004, introduction to the table of initial isolation and
protective action distances)."""


def pool_rise(drill: Drill) -> str:
    """The pool vapour's buoyant rise, when it is lighter than air: the pool's width, its
    mean and highest boil-off over the run, their buoyancy flux and the final rise from the
    pool (and, for comparison, from a point source of the same flux)."""
    hz: Any = drill.hazard
    if not hz.pool_apart:
        return "pool vapour heavier than air: no rise"
    knots, rates = hz._history("pool")
    spans = np.diff(np.append(knots, drill.env.now))
    mean = float(np.sum(rates * spans) / np.sum(spans))
    gas = hz.pool.gas
    vapour = ideal_gas_density_kg_m3(gas.molar_mass_kg_mol, gas.boiling_point_k)
    air = ideal_gas_density_kg_m3(AIR_MOLAR_MASS_KG_MOL, hz.temperature_k)
    width = hz._pool_width_m()
    out = [f"pool {width:.0f} m across"]
    for label, q in (("mean", mean), ("highest", float(np.max(rates)))):
        flux = plume_rise.buoyancy_flux_m4_s3(q, vapour, air)
        args = (flux, hz.wind_m_s, hz.stability, hz.temperature_k)
        wide = float(plume_rise.buoyant_rise_m(1e5, *args, width / 2.0))
        point = float(plume_rise.buoyant_rise_m(1e5, *args))
        out.append(
            f"{label} boil-off {q:.2f} kg/s, F {flux:.2f} m4/s3: final rise {wide:.2f} m"
            f" (from a point {point:.1f} m)"
        )
    return "; ".join(out)


def aegl2_distances_m(
    case: dict[str, Any], stability: str, wind_m_s: float
) -> tuple[float, float, float, dict[str, Any]]:
    """(peak distance, dose distance, dose distance within the first 30 min, the hazard's
    outcome with the pool vapour's rise) for one case and weather."""
    drill = Drill(scenario(case, stability, wind_m_s), seed=1)
    peak = np.zeros(len(DISTANCES_M))
    load = np.zeros(len(DISTANCES_M))
    load_30 = np.zeros(len(DISTANCES_M))
    t = 0.0
    while t < 7200.0:
        t += STEP_S
        drill.advance(t)
        levels = drill.hazard.levels()[1:]
        peak = np.maximum(peak, levels)
        load += levels**AEGL_N * STEP_S / 60.0
        if t <= ERG_WINDOW_S:
            load_30 += levels**AEGL_N * STEP_S / 60.0
    limit = case["aegl2_ppm"] ** AEGL_N * 60.0
    outcome: dict[str, Any] = dict(drill.hazard.outcome())
    outcome["pool_rise"] = pool_rise(drill)
    return (
        _farthest(peak >= case["aegl2_ppm"]),
        _farthest(load >= limit),
        _farthest(load_30 >= limit),
        outcome,
    )


CASES = [
    {
        "name": "chlorine, 1 t cylinder",
        "substance": "chlorine",
        "molar_mass_kg_mol": 0.070906,
        "hole_m": 0.025,
        "inventory_kg": 1000.0,
        "aegl2_ppm": 2.0,
    },
    {
        "name": "ammonia, 20 t tanker",
        "substance": "ammonia",
        "molar_mass_kg_mol": 0.017031,
        "hole_m": 0.05,
        "inventory_kg": 20000.0,
        "aegl2_ppm": 160.0,
    },
]


def main() -> None:
    for case in CASES:
        for stability, wind in (("C", 5.0), ("D", 5.0), ("F", 2.0)):
            peak_m, dose_m, dose30_m, out = aegl2_distances_m(case, stability, wind)
            print(
                f"{case['name']}: class {stability} {wind} m/s: jet {out['release_rate_kg_s']} "
                f"kg/s, discharge ends {out['release_ended_s']} s, pool {out['pool_evaporated_kg']}"
                f" of {out['rained_out_kg']} kg boiled off; AEGL-2 peak {peak_m / 1000:.2f} km,"
                f" dose {dose_m / 1000:.2f} km, dose in the first 30 min {dose30_m / 1000:.2f} km"
            )
            print(f"    {out['pool_rise']}")


if __name__ == "__main__":
    main()
