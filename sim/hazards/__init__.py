"""Hazard models, one module each, behind one interface (:mod:`sim.hazards.base`).

``HazardSpec`` is the scenario's ``hazard:`` block: a model name and that model's own
parameter block (:mod:`sim.hazards.specs`). ``build_hazard`` turns a validated spec into a
running model, loading the model's module only then.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sim.hazards.specs import (
    MILESTONES,
    MODEL_CLASSES,
    CollapseParams,
    FireParams,
    GasRoomParams,
    HazardParams,
    HazardSpec,
    NoneHazard,
    NoneParams,
    PlumeParams,
    ThresholdSpec,
)

if TYPE_CHECKING:
    from sim.hazards.base import ActionDone, Hazard, HazardContext, Threshold


def model_class(name: str) -> type[Hazard]:
    """The running model class for a model name."""
    module, _, cls = MODEL_CLASSES[name].partition(":")
    found: type[Hazard] = getattr(importlib.import_module(module), cls)
    return found


def build_hazard(spec: Any, ctx: HazardContext) -> Hazard:
    """The running model for a validated ``hazard:`` block."""
    return model_class(spec.model)(spec.params, ctx)


def __getattr__(name: str) -> Any:
    if name in ("ActionDone", "Hazard", "HazardContext", "Threshold"):
        from sim.hazards import base

        return getattr(base, name)
    raise AttributeError(name)


__all__ = [
    "MILESTONES",
    "MODEL_CLASSES",
    "ActionDone",
    "CollapseParams",
    "FireParams",
    "GasRoomParams",
    "Hazard",
    "HazardContext",
    "HazardParams",
    "HazardSpec",
    "NoneHazard",
    "NoneParams",
    "PlumeParams",
    "Threshold",
    "ThresholdSpec",
    "build_hazard",
    "model_class",
]
