"""The ``none`` hazard: no hazard at all, used to verify the movement model."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from sim.hazards.base import Hazard, HazardParams, Threshold


class NoneParams(HazardParams):
    """The ``none`` model takes no parameters."""


class NoneHazard(BaseModel):
    """No hazard: people move, nothing harms them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: Literal["none"] = Field("none", description="Hazard model name.")
    params: NoneParams = Field(default_factory=NoneParams, description="No parameters.")


class NoHazard(Hazard):
    """Level 0 everywhere, no thresholds, no milestones."""

    name = "none"
    unit = ""
    tick_s = 0.0

    def levels(self) -> np.ndarray:
        return np.zeros(len(self.ctx.site.node_ids))

    def thresholds(self) -> list[Threshold]:
        return []
