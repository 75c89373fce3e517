"""The ``none`` hazard: no hazard at all, used to verify the movement model."""

from __future__ import annotations

import numpy as np

from sim.hazards.base import Hazard, Threshold


class NoHazard(Hazard):
    """Level 0 everywhere, no thresholds, no milestones."""

    name = "none"
    unit = ""
    tick_s = 0.0

    def levels(self) -> np.ndarray:
        return np.zeros(len(self.ctx.site.node_ids))

    def thresholds(self) -> list[Threshold]:
        return []
