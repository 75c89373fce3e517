"""What a seat of the training room sees and does: :class:`SeatView` and :class:`SeatLink`.

A seat is one role's place at the drill (a participant's terminal, SSH session or browser),
the projector's display (``role=None``), or the single-terminal player who holds every role
(``role="*"``). The host (:mod:`tui.room.host`) holds the one authoritative drill; a seat
never touches it. It reads a :class:`SeatView`, which the host builds for that seat alone
(only what that role knows: :func:`sim.knowledge.knows`), and it asks the host to act.

Two links implement :class:`SeatLink`, and the screens use either without knowing which:

- :class:`LocalLink` (in this module): a seat in the host's own process (``drillsim play``,
  the SSH and web gateways, tests). It goes through the same host methods as a network
  seat (:meth:`RoomHost.attach`, :meth:`RoomHost.seat_act`), minus the socket.
- :class:`tui.room.client.RemoteLink`: a seat on another machine, over the wire protocol of
  :mod:`tui.room.protocol` (``await RemoteLink.connect(addr, code, role=…)``). It
  reconnects when the connection drops and catches up from a fresh view.

Everything in a :class:`SeatView` is plain data that travels as JSON (:meth:`SeatView.to_json`
and :meth:`SeatView.from_json` are exact inverses); what a screen needs as engine objects it
gets back with :meth:`SeatView.snapshot`, :meth:`FeedEntry.event` and :meth:`PromptInfo.prompt`.
Texts that depend on the language (refusal reasons) travel as phrases (key and arguments)
and are rendered by the seat in its own language.

The callback given to :meth:`SeatLink.subscribe` is called, in the event loop's thread, with
the new view each time the view changes (the clock moves, the feed grows, a prompt opens or
closes, the host pauses or ends the drill, the connection drops or comes back).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

import numpy as np

from sim import (
    Event,
    Label,
    LangText,
    Phrase,
    Prompt,
    ResponderState,
    RoleState,
    Scenario,
    Snapshot,
    Threshold,
)

EVERY_ROLE: Literal["*"] = "*"
"""The role of a seat that holds every role (single-terminal play)."""

Mode = Literal["assessment", "coaching"]
"""Assessment: prompts never name the answering action, dialogs never preselect or hint the
correct choice. Coaching: they may (issue 13, item 2)."""


# --- phrases ------------------------------------------------------------------------------


def phrase_to_json(phrase: Phrase) -> dict[str, Any]:
    """A phrase as JSON: a catalogue phrase as {key, args} (arguments that are phrases as
    {"phrase": …}); a phrase that renders itself (a scenario label, a list joined with
    commas) as {text: {zh, en}}, already rendered in both languages."""
    if type(phrase) is not Phrase:
        return {"text": {"zh": phrase.render("zh"), "en": phrase.render("en")}}
    return {
        "key": phrase.key,
        "args": {
            k: {"phrase": phrase_to_json(v)} if isinstance(v, Phrase) else _plain(v)
            for k, v in phrase.args.items()
        },
    }


def phrase_from_json(data: Mapping[str, Any]) -> Phrase:
    """The phrase :func:`phrase_to_json` wrote (KeyError for a key the catalogue lacks,
    ValueError for what is not a phrase)."""
    if "text" in data:
        text = data["text"]
        if not isinstance(text, Mapping):
            raise ValueError("phrase text is not {zh, en}")
        return Label(LangText(zh=str(text["zh"]), en=str(text["en"])))
    args: dict[str, Any] = {}
    for k, v in dict(data.get("args") or {}).items():
        if isinstance(v, Mapping) and set(v) == {"phrase"}:
            args[k] = phrase_from_json(v["phrase"])
        else:
            args[k] = v
    return Phrase(str(data["key"]), **args)


def _plain(value: Any) -> Any:
    """A value as JSON can hold it (numpy scalars and tuples turned into plain ones)."""
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        return round(f, 3) if math.isfinite(f) else None
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# --- the parts of a view ---------------------------------------------------------------------


@dataclass(frozen=True)
class ActOutcome:
    """The host's answer to :meth:`SeatLink.act`: accepted (``ok``) or refused with a reason.

    ``reason`` is a phrase (render it with ``reason.render(lang)``); ``ends_s`` is the sim time
    the accepted action completes. ``saved`` is False when an accepted action could not be
    made durable (the journal cannot be written: a full disk); it is kept in memory and
    written once the journal can be written again."""

    ok: bool
    reason: Phrase | None = None
    ends_s: float | None = None
    saved: bool = True


@dataclass(frozen=True)
class RoleCard:
    """A role's response card (应急处置卡, GB/T 29639-2020 ch. 8) in the seat's language."""

    role: str
    name: str
    lines: list[str]
    contacts: list[str]
    participants: list[str] = field(default_factory=list)
    """Names of the people playing the role (from the host's settings)."""


@dataclass(frozen=True)
class ActionInfo:
    """One action the seat's role may take, and whether it can be taken now."""

    id: str
    kind: str
    label: str
    """The scenario's label in the seat's language."""
    key: str | None
    """The scenario's key for it (a screen may use its own)."""
    roles: list[str]
    """Roles that may take it (every role of the scenario when the scenario names none)."""
    available: bool
    reason: Phrase | None
    """Why it cannot be taken now (None when it can)."""
    started_s: float | None
    done_s: float | None


@dataclass(frozen=True)
class PromptInfo:
    """A prompt waiting for this seat's role, with its countdown."""

    inject: str
    role: str | None
    """The role it is addressed to (None: everyone)."""
    text: str
    """The inject's message in the seat's language."""
    issued_s: float
    deadline_s: float | None
    remaining_s: float | None
    """Sim seconds left to answer at the view's time (None: no deadline)."""
    expects: str | None
    """The action that answers it: only in coaching mode (None in assessment mode)."""

    def prompt(self) -> Prompt:
        """The engine's prompt object, for widgets written for :class:`sim.Prompt`."""
        return Prompt(self.inject, self.role, self.expects, self.issued_s, self.deadline_s)


@dataclass(frozen=True)
class FeedEntry:
    """One entry of the event log that this seat's role knows, as JSON
    (:meth:`sim.Event.to_json`); the seat renders it (tui/feedtext.py)."""

    index: int
    """Its place in the drill's event log (entries are in log order, without gaps for the
    events of other roles)."""
    data: dict[str, Any]

    def event(self) -> Event:
        """The engine's event object."""
        rest = {k: v for k, v in self.data.items() if k not in ("t_s", "kind")}
        return Event(float(self.data["t_s"]), str(self.data["kind"]), rest)


@dataclass(frozen=True)
class SeatStatus:
    """One seat as the facilitator's console lists it."""

    seat: str
    """The seat's id (unique per connection; a reconnecting seat gets a new id)."""
    role: str | None
    """The role (None: a display; "*": every role)."""
    via: str
    """How it is connected: local, tcp, ssh or web."""
    peer: str
    """Its address (empty for local seats)."""
    connected: bool
    last_seen_s: float
    """Real seconds since the host last heard from it."""
    actions_taken: int
    actions_refused: int


@dataclass
class SeatView:
    """Everything one seat shows, at one moment.

    ``role`` is the seat's role; None for the projector's display, :data:`EVERY_ROLE` for a
    seat holding every role. ``cards``, ``actions`` and ``prompts`` hold only that role's (all
    of them for "*", none for a display); ``feed`` holds the events that role knows (public
    events for a display); ``score`` is None on every seat (it is the console's).
    """

    role: str | None
    lang: str
    mode: Mode
    scenario_id: str
    title: str
    t_s: float
    clock: str
    """The drill's wall clock, 'HH:MM:SS'."""
    duration_s: float
    speed: float
    started: bool
    """Whether the facilitator has started the drill (before: the briefing, clock at 0)."""
    paused: bool
    finished: bool
    ended_early: bool
    cards: list[RoleCard]
    actions: list[ActionInfo]
    prompts: list[PromptInfo]
    feed: list[FeedEntry]
    map: dict[str, Any]
    """The map's snapshot as JSON (:func:`snapshot_to_json`); :meth:`snapshot` rebuilds it."""
    score: dict[str, Any] | None = None
    scenario_version: int = 0
    """Changes when the seat's scenario (:attr:`SeatLink.scenario`) does: an inject reached
    the seat, so its text is now known. Screens that keep look-ups by id rebuild them then."""
    connected: bool = True
    """False while a remote seat has lost the host and is reconnecting."""
    version: int = 0
    """Grows by one each time the host sends this seat a new view."""

    def snapshot(self) -> Snapshot:
        """The map's snapshot as the engine's :class:`sim.Snapshot` (for the map widgets)."""
        return snapshot_from_json(self.map)

    def action(self, action_id: str) -> ActionInfo | None:
        """One of the seat's actions by id (None when this seat may not take it)."""
        return next((a for a in self.actions if a.id == action_id), None)

    def to_json(self) -> dict[str, Any]:
        """The view as the ``welcome`` and ``update`` messages carry it."""
        return {
            "role": self.role,
            "lang": self.lang,
            "mode": self.mode,
            "scenario_id": self.scenario_id,
            "title": self.title,
            "t_s": round(self.t_s, 3),
            "clock": self.clock,
            "duration_s": self.duration_s,
            "speed": self.speed,
            "started": self.started,
            "paused": self.paused,
            "finished": self.finished,
            "ended_early": self.ended_early,
            "cards": [
                {
                    "role": c.role,
                    "name": c.name,
                    "lines": list(c.lines),
                    "contacts": list(c.contacts),
                    "participants": list(c.participants),
                }
                for c in self.cards
            ],
            "actions": [
                {
                    "id": a.id,
                    "kind": a.kind,
                    "label": a.label,
                    "key": a.key,
                    "roles": list(a.roles),
                    "available": a.available,
                    "reason": None if a.reason is None else phrase_to_json(a.reason),
                    "started_s": a.started_s,
                    "done_s": a.done_s,
                }
                for a in self.actions
            ],
            "prompts": [
                {
                    "inject": p.inject,
                    "role": p.role,
                    "text": p.text,
                    "issued_s": p.issued_s,
                    "deadline_s": p.deadline_s,
                    "remaining_s": p.remaining_s,
                    "expects": p.expects,
                }
                for p in self.prompts
            ],
            "feed": [{"index": e.index, "data": e.data} for e in self.feed],
            "map": self.map,
            "score": self.score,
            "scenario_version": self.scenario_version,
            "version": self.version,
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> SeatView:
        """The view :meth:`to_json` wrote (KeyError or TypeError when it is not one)."""
        mode = d["mode"]
        if mode not in ("assessment", "coaching"):
            raise ValueError(f"unknown mode {mode!r}")
        return cls(
            role=d["role"],
            lang=str(d["lang"]),
            mode=mode,
            scenario_id=str(d["scenario_id"]),
            title=str(d["title"]),
            t_s=float(d["t_s"]),
            clock=str(d["clock"]),
            duration_s=float(d["duration_s"]),
            speed=float(d["speed"]),
            started=bool(d["started"]),
            paused=bool(d["paused"]),
            finished=bool(d["finished"]),
            ended_early=bool(d["ended_early"]),
            cards=[
                RoleCard(
                    str(c["role"]),
                    str(c["name"]),
                    [str(x) for x in c["lines"]],
                    [str(x) for x in c["contacts"]],
                    [str(x) for x in c.get("participants", [])],
                )
                for c in d["cards"]
            ],
            actions=[
                ActionInfo(
                    id=str(a["id"]),
                    kind=str(a["kind"]),
                    label=str(a["label"]),
                    key=a["key"],
                    roles=[str(r) for r in a["roles"]],
                    available=bool(a["available"]),
                    reason=None if a["reason"] is None else phrase_from_json(a["reason"]),
                    started_s=a["started_s"],
                    done_s=a["done_s"],
                )
                for a in d["actions"]
            ],
            prompts=[
                PromptInfo(
                    inject=str(p["inject"]),
                    role=p["role"],
                    text=str(p["text"]),
                    issued_s=float(p["issued_s"]),
                    deadline_s=p["deadline_s"],
                    remaining_s=p["remaining_s"],
                    expects=p["expects"],
                )
                for p in d["prompts"]
            ],
            feed=[FeedEntry(int(e["index"]), dict(e["data"])) for e in d["feed"]],
            map=dict(d["map"]),
            score=d.get("score"),
            scenario_version=int(d.get("scenario_version", 0)),
            version=int(d.get("version", 0)),
        )


# --- the map's snapshot as JSON --------------------------------------------------------------


def snapshot_to_json(snap: Snapshot) -> dict[str, Any]:
    """What the map widgets draw from a :class:`sim.Snapshot`, as JSON: people, levels and
    severities per node, thresholds, responders, role-players, the cordon and the counts.
    The log's tail and the prompts are left out (a seat has its own feed and prompts)."""
    return {
        "t_s": round(snap.t_s, 3),
        "clock": snap.clock,
        "finished": snap.finished,
        "node_ids": list(snap.node_ids),
        "people": [int(x) for x in snap.people],
        "levels": [_finite(x) for x in snap.levels],
        "severities": [int(x) for x in snap.severities],
        "unit": snap.unit,
        "thresholds": [
            {
                "id": t.id,
                "label": t.label if isinstance(t.label, str) else t.label.model_dump(),
                "value": t.value,
                "untenable": t.untenable,
            }
            for t in snap.thresholds
        ],
        "responders": [
            {
                "id": r.id,
                "called_s": r.called_s,
                "leaves_s": r.leaves_s,
                "eta_s": r.eta_s,
                "arrived_s": r.arrived_s,
                "guided": r.guided,
            }
            for r in snap.responders
        ],
        "roles": [
            {
                "id": r.id,
                "busy_until_s": _finite(r.busy_until_s),
                "current": r.current,
                "node": r.node,
                "ppe": r.ppe,
                "harm": r.harm,
                "overcome": r.overcome,
            }
            for r in snap.roles
        ],
        "cordon": _plain(snap.cordon),
        "counts": {str(k): int(v) for k, v in snap.counts.items()},
    }


def snapshot_from_json(d: Mapping[str, Any]) -> Snapshot:
    """The :class:`sim.Snapshot` that :func:`snapshot_to_json` wrote (with an empty tail and
    no prompts)."""
    thresholds = [
        Threshold(
            str(t["id"]),
            t["label"] if isinstance(t["label"], str) else LangText(**t["label"]),
            float(t["value"]),
            bool(t["untenable"]),
        )
        for t in d["thresholds"]
    ]
    return Snapshot(
        t_s=float(d["t_s"]),
        clock=str(d["clock"]),
        finished=bool(d["finished"]),
        people=np.asarray(d["people"], dtype=np.int64),
        levels=np.asarray([np.nan if x is None else x for x in d["levels"]], dtype=float),
        severities=np.asarray(d["severities"], dtype=np.int64),
        node_ids=[str(x) for x in d["node_ids"]],
        unit=str(d["unit"]),
        thresholds=thresholds,
        responders=[ResponderState(**r) for r in d["responders"]],
        roles=[
            RoleState(
                id=str(r["id"]),
                busy_until_s=float(r["busy_until_s"] or 0.0),
                current=r["current"],
                node=r["node"],
                ppe=bool(r["ppe"]),
                harm=r["harm"],
                overcome=bool(r["overcome"]),
            )
            for r in d["roles"]
        ],
        cordon=d["cordon"],
        tail=[],
        counts={str(k): int(v) for k, v in d["counts"].items()},
        prompts=[],
    )


def _finite(x: Any) -> float | None:
    f = float(x)
    return round(f, 6) if math.isfinite(f) else None


# --- the link --------------------------------------------------------------------------------

ViewCallback = Callable[[SeatView], None]


@runtime_checkable
class SeatLink(Protocol):
    """A seat's connection to the host, local or remote."""

    @property
    def view(self) -> SeatView:
        """The latest view the host sent this seat."""
        ...

    @property
    def scenario(self) -> Scenario:
        """The scenario as this seat may know it: in assessment mode without the
        expectations, the hidden injects and what answers each prompt (the map, the roles
        and the actions' forms are all there)."""
        ...

    @property
    def seat_id(self) -> str:
        """The host's id for this seat (changes when a remote seat reconnects)."""
        ...

    async def act(
        self, action_id: str, params: Mapping[str, Any], *, by: str | None = None
    ) -> ActOutcome:
        """Ask the host to take an action as this seat's role (``by`` chooses the role on a
        seat holding every role; a role seat may give only its own role). Returns once the
        host has journaled the input and answered; a refusal carries its reason."""
        ...

    def subscribe(self, callback: ViewCallback) -> Callable[[], None]:
        """Call ``callback(view)`` on every view change; returns a function that stops it."""
        ...

    async def close(self) -> None:
        """Leave the room (the host marks the seat disconnected)."""
        ...


class SeatHost(Protocol):
    """What :class:`LocalLink` needs of a host (:class:`tui.room.host.RoomHost` is one)."""

    def attach(
        self,
        role: str | None,
        *,
        lang: str = ...,
        via: str = ...,
        peer: str = ...,
        on_view: ViewCallback | None = ...,
        notify: Callable[[], None] | None = ...,
        throttle: bool = ...,
    ) -> tuple[str, SeatView]: ...

    def detach(self, seat_id: str) -> None: ...

    async def seat_act_batched(
        self, seat_id: str, action_id: str, params: Mapping[str, Any], *, by: str | None = ...
    ) -> ActOutcome: ...

    def seat_scenario(self, role: str | None = ...) -> Scenario: ...


class LocalLink:
    """A seat in the host's own process: the same host calls as a network seat, no socket.

    Build it with :meth:`RoomHost.local_link` (or ``LocalLink(host, role=…)``); it is attached
    at once and sees views as soon as the host publishes them."""

    def __init__(
        self,
        host: SeatHost,
        *,
        role: str | None = None,
        display: bool = False,
        lang: str = "en",
        via: str = "local",
        peer: str = "",
        throttle: bool = True,
    ) -> None:
        if display == (role is not None):
            raise ValueError("give either a role or display=True")
        self._host = host
        self._callbacks: list[ViewCallback] = []
        self._closed = False
        self._seat_id, view = host.attach(
            None if display else role,
            lang=lang,
            via=via,
            peer=peer,
            on_view=self._on_view,
            throttle=throttle,
        )
        self._view = view
        self._role = None if display else role

    @property
    def view(self) -> SeatView:
        return self._view

    @property
    def scenario(self) -> Scenario:
        return self._host.seat_scenario(self._role)

    @property
    def seat_id(self) -> str:
        return self._seat_id

    async def act(
        self, action_id: str, params: Mapping[str, Any], *, by: str | None = None
    ) -> ActOutcome:
        if self._closed:
            return ActOutcome(False, Phrase("room_seat_closed"))
        return await self._host.seat_act_batched(self._seat_id, action_id, dict(params), by=by)

    def subscribe(self, callback: ViewCallback) -> Callable[[], None]:
        self._callbacks.append(callback)

        def stop() -> None:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

        return stop

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._host.detach(self._seat_id)

    def _on_view(self, view: SeatView) -> None:
        self._view = view
        for cb in list(self._callbacks):
            cb(view)
