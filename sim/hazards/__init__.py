"""Hazard models, one module each, behind one interface (:mod:`sim.hazards.base`).

``HazardSpec`` is the scenario's ``hazard:`` block: a model name and that model's own
parameter block. ``build_hazard`` turns a validated spec into a running model.
"""

from __future__ import annotations

from sim.hazards.base import ActionDone, Hazard, HazardContext, HazardParams, Threshold
from sim.hazards.none import NoHazard, NoneHazard

HazardSpec = NoneHazard

MODELS: dict[str, type[Hazard]] = {"none": NoHazard}


def build_hazard(spec: HazardSpec, ctx: HazardContext) -> Hazard:
    """The running model for a validated ``hazard:`` block."""
    return MODELS[spec.model](spec.params, ctx)


__all__ = [
    "MODELS",
    "ActionDone",
    "Hazard",
    "HazardContext",
    "HazardParams",
    "HazardSpec",
    "NoHazard",
    "NoneHazard",
    "Threshold",
    "build_hazard",
]
