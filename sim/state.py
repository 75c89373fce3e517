"""The drill's shared state: the records the engine, the action vocabulary and the screens
pass around (the event log's entries, a person or platoon of the crowd, a role-player, a
prompt, a responder, an answer to an action, and a snapshot of the whole drill).

A leaf module: it imports nothing of the engine (only the hazard interface's small types
and the phrase type), so :mod:`sim.movement`, :mod:`sim.actions` and :mod:`sim.drill`, which
builds on both, all name these types from here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.hazards.base import Harm, Threshold
from sim.i18n import Phrase


@dataclass(frozen=True)
class Event:
    """One entry of the event log: a sim time, a kind and its data."""

    t_s: float
    kind: str
    data: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The event as a JSON object (times rounded to milliseconds)."""
        return {"t_s": round(self.t_s, 3), "kind": self.kind, **_jsonable(self.data)}


class JsonReady(list):  # type: ignore[type-arg]
    """A list already in its JSON form: only str, int, bool, None, floats rounded to
    milliseconds, and plain lists of those. :meth:`Event.to_json` copies it as it is instead
    of walking it, which matters for the level series (a value per place every sample)."""


def _jsonable(value: Any) -> Any:
    # The exact built-in types first: an event's data is mostly plain floats, lists and
    # dicts, and checking them by identity is several times faster than the isinstance
    # chain below, which handles everything else (numpy scalars, other mappings) the same.
    t = type(value)
    if t is float:
        return round(value, 3) if math.isfinite(value) else None
    if t is str or t is int or t is bool or value is None:
        return value
    if t is list or t is tuple:
        return [
            (round(v, 3) if math.isfinite(v) else None) if type(v) is float else _jsonable(v)
            for v in value
        ]
    if t is dict:
        return {str(k): _jsonable(v) for k, v in value.items()}
    if t is JsonReady:
        return list(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        return round(f, 3) if math.isfinite(f) else None
    return value


@dataclass(frozen=True)
class ActResult:
    """What ``act`` answered: accepted (with when it completes) or refused with a reason."""

    accepted: bool
    reason: Phrase | None = None
    ends_s: float | None = None


@dataclass
class RoleState:
    """A role-player: busy with an action or free, wearing PPE or not, and their exposure."""

    id: str
    busy_until_s: float = 0.0
    current: str | None = None
    node: str | None = None
    ppe: bool = False
    exposure_s: np.ndarray = field(default_factory=lambda: np.zeros(1))
    dose: float = 0.0
    harm: Harm | None = None
    overcome: bool = False
    """Incapacitated by the dose: cannot act until the drill ends (sim/harm.py)."""


@dataclass
class Prompt:
    """An inject that asks a role to act, with its countdown."""

    inject: str
    role: str | None
    expects: str | None
    issued_s: float
    deadline_s: float | None
    answered_s: float | None = None
    expired: bool = False


@dataclass
class ResponderState:
    """Where a responder is: idle, dispatched, on the road, or arrived."""

    id: str
    called_s: float | None = None
    leaves_s: float | None = None
    eta_s: float | None = None
    arrived_s: float | None = None
    guided: bool = False

    @property
    def status(self) -> str:
        """idle, dispatched, en_route or arrived."""
        if self.arrived_s is not None:
            return "arrived"
        if self.called_s is None:
            return "idle"
        return "en_route" if self.leaves_s is not None else "dispatched"


@dataclass
class Agent:
    """One person, or a platoon of ``size`` people who move together."""

    idx: int
    group: str
    size: int
    node: str
    free_speed_m_s: float
    mobility: str
    premovement_s: float
    destination: str | None = None
    """Where they are going; None: the nearest exit or assembly point."""
    use_lift: bool = False
    alerted_s: float | None = None
    start_s: float | None = None
    safe_s: float | None = None
    arrived_s: float | None = None
    state: str = "waiting"
    """waiting, alerted, moving, safe, sheltering, stuck, casualty_static (trapped/injured)."""
    harm: Harm | None = None
    casualty_kind: str | None = None
    missing: bool = False
    rescued_s: float | None = None
    first_aid_s: float | None = None
    walk: int = 0
    """Which movement process is the agent's own (a new one starts when shelter is lifted)."""
    errand_to: str | None = None
    """A place they were sent back into (``Action.sends``): they go there first."""
    errand_stay_s: float = 0.0


@dataclass(frozen=True)
class Snapshot:
    """What a screen needs at one moment."""

    t_s: float
    clock: str
    finished: bool
    people: np.ndarray
    """People per node, in ``node_ids`` order."""
    levels: np.ndarray
    severities: np.ndarray
    node_ids: list[str]
    unit: str
    thresholds: list[Threshold]
    responders: list[ResponderState]
    roles: list[RoleState]
    cordon: dict[str, Any] | None
    tail: list[Event]
    counts: dict[str, int]
    prompts: list[Prompt]
