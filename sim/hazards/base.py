"""The interface every hazard model implements, and what the engine offers it.

A hazard model is built from its validated parameter block and a :class:`HazardContext`
(the drill's clock, generator, site and event log). It gives a level at every node in
physical units, named thresholds, milestone events, reactions to actions, and a harm
assessment of each person's exposure. The engine does the exposure bookkeeping: every
``tick_s`` it reads :meth:`Hazard.levels` and adds the time each person spends at each
severity to their record.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, runtime_checkable

import numpy as np

from sim.hazards.specs import HazardParams
from sim.text import Text

if TYPE_CHECKING:
    import simpy

    from sim.harm import DoseModel
    from sim.site import SiteGraph

Harm = Literal["injured", "casualty"]


@dataclass(frozen=True)
class Threshold:
    """A named level: reaching it raises the severity by one step."""

    id: str
    label: Text
    value: float
    untenable: bool = False
    """People re-route around nodes at or above an untenable threshold."""


@dataclass(frozen=True)
class ActionDone:
    """A completed action as a hazard model sees it."""

    id: str
    kind: str
    role: str
    t_s: float
    node: str | None
    params: Mapping[str, Any] = field(default_factory=dict)
    ignition_source: bool = False
    responder: bool = False
    """Done by an arriving responder (``role`` is then the responder's id)."""


@runtime_checkable
class HazardContext(Protocol):
    """What the engine offers a hazard model."""

    env: simpy.Environment
    rng: np.random.Generator
    site: SiteGraph

    def emit(self, kind: str, /, **data: Any) -> None:
        """Append an event to the drill's log at the current sim time."""

    def harm(self, nodes: Iterable[str], outcome: Harm, cause: str) -> int:
        """Harm everyone (people and role-players) at these nodes now; returns how many."""

    def occupants(self, node: str) -> int:
        """People at a node now."""

    def blast(self, overpressure_pa: np.ndarray, cause: str) -> None:
        """A blast reaches everyone now: ``overpressure_pa`` per node (site order), each
        person judged by the dose model at their own place (on a way: between its ends)."""

    def milestone(self, name: str, /, **data: Any) -> None:
        """Log a milestone once (``milestone:<name>``) and fire what waits on it."""

    def casualty_agents(self) -> list[Any]:
        """People who were casualties from the start (trapped, injured), in a fixed order."""


class Hazard(ABC):
    """A hazard model. Subclasses set the class attributes and implement the methods."""

    name: ClassVar[str]
    unit: ClassVar[str]
    """Unit of the level, e.g. 'ppm', '%LEL', '°C'."""
    milestones: ClassVar[tuple[str, ...]] = ()
    """Milestone event names it may emit (usable as 'milestone:<name>' in a scenario)."""
    tick_s: ClassVar[float] = 5.0
    """How often the engine samples levels for exposure bookkeeping, sim seconds."""

    def __init__(self, params: HazardParams, ctx: HazardContext) -> None:
        self.params = params
        self.ctx = ctx

    def start(self) -> None:  # noqa: B027 - optional hook
        """Start the model's simpy processes at sim time 0 (default: none)."""

    @abstractmethod
    def levels(self) -> np.ndarray:
        """Levels at every node now, in ``ctx.site.node_ids`` order, in :attr:`unit`."""

    def level(self, node: str) -> float:
        """Level at one node now."""
        return float(self.levels()[self.ctx.site.index[node]])

    @abstractmethod
    def thresholds(self) -> list[Threshold]:
        """Named thresholds in ascending order of value."""

    def severities(self, levels: np.ndarray | None = None) -> np.ndarray:
        """Severity per node: how many thresholds each level reaches (0 = below all)."""
        values = np.array([t.value for t in self.thresholds()], dtype=float)
        lv = self.levels() if levels is None else levels
        if values.size == 0:
            return np.zeros(lv.shape, dtype=np.int64)
        return np.searchsorted(values, lv, side="right").astype(np.int64)

    def untenable_index(self) -> int | None:
        """The lowest severity at which a node is untenable, or None if none is."""
        for i, t in enumerate(self.thresholds()):
            if t.untenable:
                return i + 1
        return None

    def untenable(self, levels: np.ndarray | None = None) -> np.ndarray:
        """Boolean mask of untenable nodes now."""
        idx = self.untenable_index()
        sev = self.severities(levels)
        if idx is None:
            return np.zeros(sev.shape, dtype=bool)
        return sev >= idx

    def obscured(self, levels: np.ndarray | None = None) -> np.ndarray:
        """Boolean mask of nodes where people cannot see their way now (default: none).
        People route around them where they can, like untenable nodes."""
        lv = self.levels() if levels is None else levels
        return np.zeros(lv.shape, dtype=bool)

    def extinction_per_m(self, levels: np.ndarray | None = None) -> np.ndarray | None:
        """Light extinction coefficient of the smoke at every node, 1/m, or None where the
        hazard has no smoke (default). Walkers slow down in it."""
        return None

    def react(self, action: ActionDone) -> None:  # noqa: B027 - optional hook
        """React to a completed action (default: no reaction)."""

    def assess(self, exposure_s: np.ndarray, dose: float) -> Harm | None:
        """Harm to one person from their time at each severity (index 0 = none) and dose.

        The default: any time at the untenable severity or above injures, a minute or more
        there is a casualty.
        """
        idx = self.untenable_index()
        if idx is None:
            return None
        t = float(exposure_s[idx:].sum())
        if t >= 60.0:
            return "casualty"
        if t > 0.0:
            return "injured"
        return None

    def dose_model(
        self, n_people: int, rng: np.random.Generator, sensitive: np.ndarray
    ) -> DoseModel | None:
        """Harm from dose per person (:mod:`sim.harm`), or None to judge people by
        :meth:`assess` (time at each severity). ``n_people`` counts the population's
        agents then the role-players; ``sensitive`` marks who is more susceptible."""
        return None

    def casualty_outcome(self, agent: Any) -> Harm | None:
        """Harm to a casualty present from the start (trapped, injured), judged at the end.

        Their first injury is part of the incident, not of the drill; the default counts no
        further harm. Models where delay to care matters (``collapse``) override this.
        """
        return None

    def outcome(self) -> dict[str, float | int | bool]:
        """Model-specific outcome figures for the result (default: none)."""
        return {}

    def describe(self) -> dict[str, Any]:
        """Model facts a screen shows (source, wind, ...); default: name and unit."""
        return {"model": self.name, "unit": self.unit}
