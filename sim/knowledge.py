"""What each role of a drill knows: which entries of the event log reach which seat.

In a training room every role sits at its own seat and sees only what that post would see,
be told or hear on the phone or radio during a real incident; the projector's display shows
only the common picture. GB/T 29639-2020 (生产经营单位生产安全事故应急预案编制导则) ch. 8
gives each key post its own response card (应急处置卡): what it does, who raises the alarm,
whom it calls and reports to; Decree 493 (2007) Art. 9 has people at the scene report to
the unit head, who reports on to the authorities. Information reaches a post through those
channels, or by what it witnesses. The rules below apply that to the engine's event log:

- **What a role did:** its own actions (started, done, failed, refused, unsafe), and what
  they brought about that the actor witnesses (a report's delivery, a sweep's findings,
  people sent back, a source isolated by its hand).
- **What a role was told:** reports addressed to it (a report names its ``by`` and its
  ``to``), injects and facilitator messages addressed to it or to everyone, and the
  prompts it missed.
- **What a role heard on the phone:** the emergency services' answers (dispatched, on the
  way, lost on the way) reach whoever made the call.
- **What everyone sees or hears:** the drill starting and ending, the facilitator's clock
  controls, alarms and evacuation orders (a general alarm and a PA order reach every post:
  GB 50116-2013 §4.8), visible hazard events (fire, smoke making a place untenable,
  explosions, detector sirens, harm done to people), responders arriving and what they do,
  rescues.
- **What no one at the table knows:** the engine's bookkeeping (a population group starting
  to move, milestones that are judgements rather than sights, such as "everyone alerted" or
  "evacuation complete"). Only the facilitator's console shows them.

A display seat (``role=None``) gets the public events only; the seat that holds every role
(``role="*"``, single-terminal play) gets the whole log, as the single screen always has.

:func:`knows` decides one event from the event alone; :class:`Knowledge` walks a log in
order and also knows which role made which call and took which action, so that answers and
consequences reach the role they belong to. The host uses :class:`Knowledge` (one per
drill, shared by every seat).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.scenario import Scenario
    from sim.state import Event

EVERY_ROLE = "*"
"""The role of a seat that holds every role."""

PUBLIC_KINDS: frozenset[str] = frozenset(
    {
        "start",
        "end",
        "control",
        "alarm_silenced",
        "untenable",
        "explosion",
        "gas_fire",
        "detector_alarm",
        "harm",
        "overcome",
        "arrival",
        "responder_action",
        "rescued",
        "stuck",
    }
)
"""Event kinds every seat knows: what anyone on site sees or hears."""

SITE_KINDS: frozenset[str] = frozenset({"source_isolated"})
"""Kinds every role knows but the display does not show (reported over the site radio)."""

BROADCAST_ACTION_KINDS: frozenset[str] = frozenset({"alarm", "evacuate", "warn", "shelter"})
"""Action kinds whose completion everyone hears: the alarm bell and the PA's voice message
(GB 50116-2013 §4.8)."""

VISIBLE_MILESTONES: frozenset[str] = frozenset(
    {
        "ignition",
        "flashover",
        "sprinklers_operated",
        "secondary_collapse",
        "extinguished",
        "fire_controlled",
        "first_casualty",
    }
)
"""Milestones that are sights (a fire growing or out, a collapse, someone killed); the other
milestones are judgements the debrief makes, and only the console shows them."""

ACTOR_KINDS: frozenset[str] = frozenset(
    {"action", "action_done", "action_failed", "refused", "unsafe"}
)
"""Kinds about one role's own action (the event's ``by``)."""

CALL_ANSWER_KINDS: frozenset[str] = frozenset({"dispatch", "en_route", "responder_lost"})
"""What the emergency service tells the caller."""

CONSEQUENCE_KINDS: frozenset[str] = frozenset(
    {"sent_back", "swept", "gas_sources_stopped", "gas_main_isolated"}
)
"""What an action brought about, witnessed by the role that took it (the event names the
action: ``id`` or ``by``)."""


def _role_of(event: Event) -> str | None:
    by = event.data.get("by")
    return by if isinstance(by, str) else None


def public(event: Event) -> bool:
    """Whether everyone (the display too) knows the event."""
    kind = event.kind
    if kind in PUBLIC_KINDS:
        return True
    if kind == "milestone":
        return event.data.get("name") in VISIBLE_MILESTONES
    if kind in ("inject", "facilitator", "prompt_expired"):
        return event.data.get("to") is None
    if kind == "action_done":
        return event.data.get("action_kind") in BROADCAST_ACTION_KINDS
    return False


def knows(event: Event, role: str | None, scenario: Scenario | None = None) -> bool:
    """Whether the seat of ``role`` knows ``event`` (None: the display; "*": every role).

    Decided from the event alone: a report names who made it and whom it was for, an action
    event names who took it. The emergency services' answers to a call (``dispatch``,
    ``en_route``) and an action's consequences name the service or the action, not the role:
    :class:`Knowledge` follows the log to give those to the right role; here they go to the
    roles the scenario allows to take an action of that kind (``scenario``, when given)."""
    if role == EVERY_ROLE:
        return True
    if public(event):
        return True
    if role is None:
        return False
    kind = event.kind
    data = event.data
    if kind in SITE_KINDS:
        return True
    if kind in ACTOR_KINDS:
        return _role_of(event) == role
    if kind == "report":
        return role in (data.get("by"), data.get("to"))
    if kind in ("inject", "facilitator", "prompt_expired"):
        return data.get("to") == role
    if kind in CALL_ANSWER_KINDS and scenario is not None:
        return any(a.kind == "call" and _may(scenario, a.roles, role) for a in scenario.actions)
    if kind in CONSEQUENCE_KINDS and scenario is not None:
        action_id = data.get("id", data.get("by"))
        action = scenario.index.actions.get(action_id) if isinstance(action_id, str) else None
        return action is not None and _may(scenario, action.roles, role)
    return False


def _may(scenario: Scenario, roles: Iterable[str], role: str) -> bool:
    named = list(roles)
    return role in named if named else any(r.id == role for r in scenario.roles)


@dataclass
class Knowledge:
    """Who knows which entries of one drill's log, worked out once as the log grows.

    Feed it the log with :meth:`update` (any number of new entries at a time, in order);
    :meth:`known_to` then lists the indexes of the entries a role knows. Calls and actions
    are followed: the answer to a call reaches whoever made it, and an action's consequences
    reach whoever took it."""

    roles: list[str]
    """The scenario's role ids."""
    seen: int = 0
    """How many entries of the log have been read."""
    audience: list[frozenset[str] | None] = field(default_factory=list)
    """Per entry: the roles that know it (None: public, the display too)."""
    _callers: dict[str, str] = field(default_factory=dict)
    """Responder id → the role who last called it."""
    _actors: dict[str, str] = field(default_factory=dict)
    """Action id → the role who last took it."""
    _call_service: dict[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def for_scenario(cls, scenario: Scenario) -> Knowledge:
        """An empty record for a drill of ``scenario``."""
        return cls([r.id for r in scenario.roles])

    def update(self, log: list[Event]) -> int:
        """Read the log's entries not read yet; returns how many there were."""
        start = self.seen
        for event in log[start:]:
            self.audience.append(self._audience(event))
        self.seen = len(log)
        return self.seen - start

    def knows(self, index: int, role: str | None) -> bool:
        """Whether the seat of ``role`` knows the log's entry ``index`` (read already)."""
        if role == EVERY_ROLE:
            return True
        who = self.audience[index]
        if who is None:
            return True
        return role is not None and role in who

    def known_to(self, role: str | None, start: int = 0) -> list[int]:
        """Indexes (from ``start``) of the entries read so far that ``role`` knows."""
        return [i for i in range(start, self.seen) if self.knows(i, role)]

    def _audience(self, event: Event) -> frozenset[str] | None:
        if public(event):
            return None
        kind = event.kind
        data = event.data
        everyone = frozenset(self.roles)
        if kind in SITE_KINDS:
            return everyone
        if kind == "action":
            by = _role_of(event)
            if by is not None:
                action_id = data.get("id")
                if isinstance(action_id, str):
                    self._actors[action_id] = by
                if data.get("action_kind") == "call":
                    service = (data.get("params") or {}).get("service")
                    if isinstance(service, str):
                        self._callers[service] = by
        if kind in ACTOR_KINDS:
            by = _role_of(event)
            return frozenset({by}) if by else frozenset()
        if kind == "report":
            by = data.get("by")
            if not isinstance(by, str):
                action_id = data.get("id")
                by = self._actors.get(action_id) if isinstance(action_id, str) else None
            return frozenset(r for r in (by, data.get("to")) if isinstance(r, str))
        if kind in ("inject", "facilitator", "prompt_expired"):
            to = data.get("to")
            return frozenset({to}) if isinstance(to, str) else None
        if kind in CALL_ANSWER_KINDS:
            caller = self._callers.get(str(data.get("responder")))
            return frozenset({caller}) if caller else frozenset()
        if kind in CONSEQUENCE_KINDS:
            action_id = data.get("id", data.get("by"))
            actor = self._actors.get(action_id) if isinstance(action_id, str) else None
            return frozenset({actor}) if actor else frozenset()
        return frozenset()
