"""The ``hazard:`` block of a scenario: each model's own parameter model, and the union.

This module holds only the parameter models (pydantic), so that reading and checking a
scenario does not load the numerical code. Each model's running code lives in its own
module (``sim.hazards.<model>``) and reads its parameters from here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class HazardParams(BaseModel):
    """Base of every model's parameter block: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def node_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Node ids the parameters name, each with its path inside the block (for checks)."""
        return []


class NoneParams(HazardParams):
    """The ``none`` model takes no parameters."""


class NoneHazard(BaseModel):
    """No hazard: people move, nothing harms them. Used to verify the movement model."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: Literal["none"] = Field("none", description="Hazard model name.")
    params: NoneParams = Field(default_factory=NoneParams, description="No parameters.")


HazardSpec = NoneHazard
"""The scenario's ``hazard:`` block: one of the models, chosen by ``model``."""

MILESTONES: dict[str, tuple[str, ...]] = {
    "none": (),
}
"""Milestone names each model may emit (usable as ``milestone:<name>`` in a scenario)."""

MODEL_CLASSES: dict[str, str] = {
    "none": "sim.hazards.none:NoHazard",
}
"""Where each model's running code lives, loaded only when a drill starts."""
