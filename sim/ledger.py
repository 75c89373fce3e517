"""One account of the people and of the hazard levels, read by every screen, report and
export (docs/models.md, "The ledger and the peaks").

**People.** At every moment each person of the population is in exactly one state:

- ``safe``: reached an exit or assembly point, or was carried out by a rescue (to the
  place the rescuers chose: a casualty point, an ambulance);
- ``sheltered``: sheltering in place, indoors, on an order to shelter. Indoors is the
  scenario's own word for where sheltering protects (``Node.indoor``): the plume model
  lowers the air exchange of sheltered rooms, so the people in them breathe less;
- ``dead``;
- ``not_safe``: everybody else (still inside, on the way, waiting, stuck, trapped).

``injured`` is a flag on top of the state (alive and hurt, in the incident or in the drill).
Every person is on site or off site: off-site people (neighbours, residents) are never in the
unit's headcount, so the headcount expects the on-site number.

**Levels.** :class:`LevelRecord` keeps, from the engine's own samples, the highest level at
each node, the highest at an occupied place (``peak``) and anywhere on site
(``peak_on_site``), and the level series per node at :func:`levels_sample_s`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np

from sim.state import JsonReady

PersonState = Literal["safe", "sheltered", "not_safe", "dead"]
STATES: tuple[PersonState, ...] = ("safe", "sheltered", "not_safe", "dead")

LEVELS_SAMPLE_S = 30.0
"""Sim seconds between two points of ``outcome.levels`` (at least; see
:func:`levels_sample_s`)."""
LEVELS_MAX_POINTS = 240
"""Most points a node's level series holds: long drills are sampled less often."""


def levels_sample_s(duration_s: float) -> float:
    """The interval of ``outcome.levels``: 30 s, or duration / 240 for drills over 2 h."""
    return max(LEVELS_SAMPLE_S, duration_s / LEVELS_MAX_POINTS)


class PersonLike(Protocol):
    """What the ledger reads of a person (or a platoon of ``size`` people)."""

    size: int
    group: str
    node: str
    state: str
    safe_s: float | None
    casualty_kind: str | None
    rescued_s: float | None


@dataclass(frozen=True)
class LedgerEntry:
    """One person's (or platoon's) place in the ledger."""

    size: int
    state: PersonState
    injured: bool
    on_site: bool


def person_state(
    a: PersonLike,
    dead: bool,
    safe_nodes: frozenset[str],
    indoor: Callable[[str], bool],
) -> PersonState:
    """The one state a person is in now (see the module docstring)."""
    if dead:
        return "dead"
    if a.safe_s is not None or a.rescued_s is not None or a.node in safe_nodes:
        return "safe"
    if a.state == "sheltering" and indoor(a.node):
        return "sheltered"
    return "not_safe"


def tally(entries: Iterable[LedgerEntry]) -> dict[str, Any]:
    """``outcome.people``: total, on_site, off_site, states and injured."""
    states = dict.fromkeys(STATES, 0)
    total = on_site = injured = 0
    for e in entries:
        total += e.size
        states[e.state] += e.size
        if e.on_site:
            on_site += e.size
        if e.injured and e.state != "dead":
            injured += e.size
    return {
        "total": total,
        "on_site": on_site,
        "off_site": total - on_site,
        "states": states,
        "injured": injured,
    }


@dataclass
class _Peak:
    level: float = -math.inf
    node: int = -1
    t_s: float = 0.0

    def offer(self, level: float, node: int, t_s: float) -> None:
        if level > self.level:
            self.level, self.node, self.t_s = level, node, t_s


class LevelRecord:
    """The engine's samples of the hazard levels: peaks and series per node.

    :meth:`sample` is called at every exposure tick of the hazard model (and at the start
    and the end of the drill), so a peak is the highest level the engine charged anyone
    with, not a level read once at the end.

    ``keep_series=False`` keeps the peaks but not the series (``levels`` is then empty):
    for runs whose result is only summarised (``drillsim simulate --runs``, calibration),
    which never read it.
    """

    def __init__(
        self,
        node_ids: Sequence[str],
        on_site: np.ndarray,
        unit: str,
        series_s: float,
        *,
        keep_series: bool = True,
    ) -> None:
        self.node_ids = list(node_ids)
        self.on_site = on_site.astype(bool)
        self._on_site_idx = np.nonzero(self.on_site)[0]
        self.unit = unit
        self.series_s = series_s
        self.keep_series = keep_series
        n = len(self.node_ids)
        self.node_peak = np.full(n, -np.inf)
        self.node_peak_t = np.zeros(n)
        self.occupied = _Peak()
        self.site = _Peak()
        self.series: list[list[list[float]]] = [[] for _ in range(n)]
        self._next_series_s = 0.0
        self._last_t: float | None = None

    def sample(self, t_s: float, levels: np.ndarray, occupied: np.ndarray) -> None:
        """Take one sample: the levels at every node and which nodes have people now."""
        if self._last_t is not None and t_s <= self._last_t:
            return
        self._last_t = t_s
        if not levels.size:
            return
        higher = levels > self.node_peak
        np.copyto(self.node_peak, levels, where=higher)
        np.copyto(self.node_peak_t, t_s, where=higher)
        if occupied.any():
            masked = np.where(occupied, levels, -np.inf)
            k = int(masked.argmax())
            self.occupied.offer(float(masked[k]), k, t_s)
        idx = self._on_site_idx
        if idx.size:
            # The first highest on-site place: argmax over the on-site places in order.
            at = levels[idx]
            j = int(at.argmax())
            self.site.offer(float(at[j]), int(idx[j]), t_s)
        if self.keep_series and t_s + 1e-9 >= self._next_series_s:
            # Stored in their JSON form (see JsonReady): the time to the millisecond, the
            # level to four significant figures and then to the millisecond's precision,
            # exactly as Event.to_json would round them.
            t = round(t_s, 3)
            for row, value in zip(self.series, levels.tolist(), strict=True):
                row.append([t, _series_level(value)])
            self._next_series_s = t_s + self.series_s

    def _peak_json(self, p: _Peak) -> dict[str, Any]:
        if p.node < 0:
            return {"level": 0.0, "unit": self.unit, "node": None, "t_s": None}
        return {
            "level": _round_level(p.level),
            "unit": self.unit,
            "node": self.node_ids[p.node],
            "t_s": round(p.t_s, 3),
        }

    def to_outcome(self) -> dict[str, Any]:
        """``peak``, ``peak_on_site``, ``peak_by_node``, ``levels`` and their interval."""
        by_node = {
            nid: {"level": _round_level(float(self.node_peak[i])), "t_s": round(float(t), 3)}
            for i, (nid, t) in enumerate(zip(self.node_ids, self.node_peak_t, strict=True))
            if math.isfinite(float(self.node_peak[i]))
        }
        return {
            "peak": self._peak_json(self.occupied),
            "peak_on_site": self._peak_json(self.site),
            "peak_by_node": by_node,
            "levels": {nid: JsonReady(self.series[i]) for i, nid in enumerate(self.node_ids)}
            if self.keep_series
            else {},
            "levels_sample_s": self.series_s,
        }


@functools.lru_cache(maxsize=8192)
def _series_level(value: float) -> float:
    """A level in the series as the JSON gives it: four significant figures, then rounded
    to three decimals like every float of an event (:func:`sim.state._jsonable`).

    :func:`_round_level` written out rather than called: most levels of a series are new
    values, and a second cache lookup for each would cost more than it saves."""
    if not math.isfinite(value):
        return 0.0
    if value == 0.0:
        return round(value, 3)
    digits = 3 - math.floor(math.log10(abs(value)))
    return round(round(value, max(digits, 0)), 3)


@functools.lru_cache(maxsize=8192)
def _round_level(value: float) -> float:
    """Four significant figures: a level is a model figure, not a measurement.

    Cached: most places sit at the same level for long stretches (ambient air, no gas), and
    the level series rounds every place at every sample."""
    if not math.isfinite(value):
        return 0.0
    if value == 0.0:
        return value
    digits = 3 - math.floor(math.log10(abs(value)))
    return round(value, max(digits, 0))
