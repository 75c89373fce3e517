"""The training room's host: the one authoritative drill, its clock, and the seats.

:class:`RoomHost` wraps a :class:`tui.session.DrillSession` (the drill, its clock and its
recorder) and serves it to seats: in-process ones (:class:`tui.room.link.LocalLink`) and
network ones over :mod:`tui.room.protocol` (:meth:`RoomHost.start` opens the listening socket).

Authority. Only the host changes the drill. A seat asks to act with ``act``; the host
applies it only if the action belongs to the seat's role (a seat holding every role, "*",
acts for any role and names which), through the session's recorder, which journals the
input and fsyncs it before the call returns; only then does the seat get its ``ack``
(issue 7's rule: every input is journaled before it is acknowledged). The facilitator's
controls (start, pause, resume, speed, injects, messages, end) are methods of the host,
called by the console on the host's own terminal; no message of the wire protocol reaches
them, and no seat on the wire can see :meth:`RoomHost.console_view`.

What a seat sees. Each seat gets a :class:`~tui.room.link.SeatView` built for its role
alone: its card, its actions, its open prompts, and the events that role knows
(:class:`sim.knowledge.Knowledge`). The scenario a seat draws from is redacted
(:meth:`RoomHost.seat_scenario`): no expectations, no checklist, and only the injects
already delivered to it; in assessment mode no prompt names the action that answers it.

The clock. :meth:`RoomHost.start` (or :meth:`RoomHost.run_clock`) runs the clock in an
asyncio task: every ``tick_s`` real seconds it moves the session's clock on by speed ×
elapsed (``DrillSession.target_after``) and runs the drill to there
(``DrillSession.advance``), then tells every seat. When the facilitator ends the drill,
the world runs on to the scenario's end in steps, so that the host stays responsive.

Security (docs/room.md): the host listens on 127.0.0.1 unless told otherwise; at most
``max_seats`` connections; a seat's line is at most :data:`MAX_MESSAGE_BYTES`; a new
connection must send its ``hello`` within :data:`HELLO_TIMEOUT_S`; the join code is compared
in constant time; a seat's claim to come through the SSH or web gateway needs the host's
per-run :attr:`RoomHost.gateway_secret`; a malformed message closes its own connection, and nothing a seat sends
reaches the host's other connections or its clock. Each network seat's side of the protocol
is a :class:`tui.room.connection.SeatConnection`.

Single-terminal play (``drillsim play``, tui/screens/drill.py) is a host that never
listens, with one seat in this process holding every role (:meth:`RoomHost.player_link`).
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import dataclasses
import itertools
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sim import Knowledge, Label, Lang, Phrase, Scenario, Score, localize, score
from tui.room.connection import SeatConnection
from tui.room.link import (
    EVERY_ROLE,
    ActionInfo,
    ActOutcome,
    FeedEntry,
    LocalLink,
    Mode,
    PromptInfo,
    RoleCard,
    SeatStatus,
    SeatView,
    ViewCallback,
    snapshot_to_json,
)
from tui.room.protocol import (
    MAX_MESSAGE_BYTES,
    MAX_SEATS,
    new_code,
    new_gateway_secret,
    normalise_code,
)
from tui.session import DrillSession

log = logging.getLogger(__name__)

TICK_S = 0.25
"""Real seconds between two steps of the clock (and two views sent to the seats)."""

END_STEP_S = 60.0
"""Sim seconds run per step once the facilitator has ended the drill (the world runs on to
the scenario's end without the team, a step at a time so that the host stays responsive)."""

KEEP_SEATS = 256
"""Most seats :meth:`RoomHost.seats` lists; beyond it, the oldest departed ones are dropped."""

ACT_BURST = 10
"""Actions a seat may send at once before it is held to :data:`ACT_RATE_PER_S`."""

ACT_RATE_PER_S = 5.0
"""Actions per real second a seat may send over time (each is journaled with an fsync)."""


@dataclass
class InjectInfo:
    """One of the scenario's injects as the console lists it."""

    id: str
    text: str
    to: str | None
    optional: bool
    sent_s: float | None


@dataclass
class Timer:
    """A countdown the facilitator watches: an open prompt or a responder on the way."""

    what: str
    """prompt or responder."""
    id: str
    role: str | None
    due_s: float
    remaining_s: float


@dataclass
class ConsoleView:
    """The facilitator's whole truth: everything a seat holding every role sees, plus the
    expectations and the live score (as if the drill ended now), the timers, the injects
    (optional ones included, sent or not) and the seats."""

    view: SeatView
    score: Score
    injects: list[InjectInfo]
    timers: list[Timer]
    seats: list[SeatStatus]
    code: str
    address: tuple[str, int] | None
    session_id: str | None
    record_warnings: list[str]
    write_problem: str | None


def seat_clock() -> float:
    """Real seconds for a seat's rate limit and its last-seen time (``time.monotonic``; a
    module-level function so a test can hold it still)."""
    return time.monotonic()


@dataclass
class _Seat:
    id: str
    role: str | None
    lang: Lang
    via: str
    peer: str
    notify: Callable[[], None]
    connected: bool = True
    last_seen: float = field(default_factory=lambda: seat_clock())
    taken: int = 0
    refused: int = 0
    version: int = 0
    throttled: bool = True
    """Whether the seat is held to the rate limit (every seat but the single player's)."""
    tokens: float = float(ACT_BURST)
    tokens_at: float = field(default_factory=lambda: seat_clock())

    def allow_act(self) -> bool:
        """A token bucket: :data:`ACT_BURST` at once, :data:`ACT_RATE_PER_S` over time (an
        unthrottled seat, the single player's, is always allowed)."""
        if not self.throttled:
            return True
        now = seat_clock()
        self.tokens = min(float(ACT_BURST), self.tokens + (now - self.tokens_at) * ACT_RATE_PER_S)
        self.tokens_at = now
        if self.tokens < 1.0:
            return False
        self.tokens -= 1.0
        return True


def _lang(value: str | None) -> Lang:
    return "zh" if value == "zh" else "en"


class RoomHost:
    """The authority over one drill in a training room."""

    def __init__(
        self,
        session: DrillSession,
        *,
        code: str | None = None,
        mode: Mode = "assessment",
        max_seats: int = MAX_SEATS,
        tick_s: float = TICK_S,
        started: bool | None = None,
        end_step_s: float = END_STEP_S,
    ) -> None:
        if mode not in ("assessment", "coaching"):
            raise ValueError(f"unknown mode {mode!r}")
        self.session = session
        self.scenario: Scenario = session.scenario
        self.code = normalise_code(code) if code else new_code()
        if not self.code:
            raise ValueError("empty join code")
        self.gateway_secret = new_gateway_secret()
        """Drawn per run, handed only to this host's gateways (which pass it to their seat
        processes in the environment): a seat's claim to come through a gateway, with the
        participant's address, is believed only with it. Never printed or sent."""
        self.mode: Mode = mode
        session.settings.mode = mode
        """The screens that read the session's settings (the console's forms) follow the room."""
        self.max_seats = max_seats
        self.tick_s = tick_s
        self.end_step_s = end_step_s
        """Sim seconds each step of the clock runs once the drill has been ended."""
        if started is None:
            started = session.drill.now_s > 0 or session.resumed_from is not None
        self.started = started
        """Whether the facilitator has started the drill (a resumed drill has; single-terminal
        play starts it from the briefing, so its host is built started)."""
        self.address: tuple[str, int] | None = None
        self._roles = [r.id for r in self.scenario.roles]
        self._injects = {i.id: i for i in self.scenario.injects}
        self._knowledge = Knowledge.for_scenario(self.scenario)
        self._drill = session.drill
        self._entries: list[FeedEntry] = []
        self._known: dict[str | None, list[int]] = {r: [] for r in (*self._roles, None, "*")}
        self._told: dict[str | None, frozenset[str]] = {r: frozenset() for r in self._known}
        """Per role: the ids of the injects delivered so far that it knows."""
        self._frame_json: dict[tuple[str | None, str], dict[str, Any]] = {}
        self._seats: dict[str, _Seat] = {}
        self._ids = itertools.count(1)
        self._server: asyncio.Server | None = None
        self._clock_task: asyncio.Task[None] | None = None
        self._conns: set[SeatConnection] = set()
        self._state = 0
        """Grows whenever something a seat shows may have changed."""
        self._frame_key: tuple[Any, ...] | None = None
        self._frame: dict[tuple[str | None, str], SeatView] = {}
        self._map_json: dict[str, Any] | None = None
        self._scenarios: dict[tuple[str | None, frozenset[str]], Scenario] = {}
        self._scenario_json: dict[tuple[str | None, frozenset[str]], dict[str, Any]] = {}
        self._listeners: list[Callable[[], None]] = []
        self._score_cache: tuple[tuple[Any, ...], Score] | None = None
        self._sync_next: asyncio.Future[None] | None = None
        """Answered when the next group commit is durable (None: none is due)."""
        self._sync_lock = asyncio.Lock()
        self._sync_tasks: set[asyncio.Task[None]] = set()
        self.error: BaseException | None = None
        """What stopped the clock, if anything did (the host keeps serving views)."""
        self._sync()

    # --- building ------------------------------------------------------------------------

    @classmethod
    def resume(
        cls,
        session_id: str,
        *,
        code: str | None = None,
        mode: Mode | None = None,
        lang: str = "en",
        force: bool = False,
        **kwargs: Any,
    ) -> RoomHost:
        """A host for a drill rebuilt from its journal (``sim.records.resume_drill``): every
        input journaled before the host stopped is replayed, the clock stands where it was,
        paused, and the seats rejoin with the same code (pass it; a new one otherwise). The
        mode is the journal's unless ``mode`` is given."""
        from sim.records import resume_drill

        resumed = resume_drill(session_id, force=force)
        session = DrillSession.from_journal(resumed, lang=lang)
        kept: Mode = "coaching" if session.settings.mode == "coaching" else "assessment"
        host = cls(session, code=code, mode=mode or kept, **kwargs)
        host.started = True
        return host

    # --- the listening socket ------------------------------------------------------------

    async def start(
        self, listen_host: str = "127.0.0.1", port: int = 0, *, clock: bool = True
    ) -> tuple[str, int]:
        """Listen for seats on ``listen_host:port`` (0: any free port) and run the clock (in
        a task of the running loop, unless ``clock`` is False); returns the address bound."""
        self._server = await asyncio.start_server(
            self._serve, listen_host, port, limit=MAX_MESSAGE_BYTES
        )
        sock = self._server.sockets[0].getsockname()
        self.address = (str(sock[0]), int(sock[1]))
        if clock:
            self.run_clock()
        return self.address

    def run_clock(self) -> asyncio.Task[None]:
        """Run the clock in a task of the running loop (once; later calls return it)."""
        if self._clock_task is None or self._clock_task.done():
            self._clock_task = asyncio.get_running_loop().create_task(self._clock())
        return self._clock_task

    async def stop(self) -> None:
        """Stop listening, say ``bye`` to every network seat, stop the clock, and close the
        journal (the drill stays resumable if it has not ended)."""
        if self._server is not None:
            self._server.close()
        for conn in list(self._conns):
            await conn.close(bye=True)
        if self._server is not None:
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
            self._server = None
        if self._clock_task is not None:
            self._clock_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._clock_task
            self._clock_task = None
        await self.settle()
        self.session.close()

    async def settle(self) -> None:
        """Wait until every group commit under way has finished (its fsync run in a worker
        thread): call it before closing the journal, so that the recorder is never closed
        under a sync and every act already answered, or about to be, is durable."""
        while self._sync_tasks:
            await asyncio.gather(*list(self._sync_tasks), return_exceptions=True)

    async def _clock(self) -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(self.tick_s)
            now = loop.time()
            elapsed, last = now - last, now
            try:
                self.tick(elapsed)
            except Exception as exc:  # a fault of the engine: keep serving, show it
                log.exception("the drill's clock stopped")
                self.error = exc
                self._changed()
                return

    def tick(self, real_elapsed_s: float) -> None:
        """One step of the clock: ``real_elapsed_s`` real seconds have passed."""
        s = self.session
        if not self.started or s.finished:
            return
        before = (s.drill.now_s, len(s.drill.log))
        if s.ended_early:
            s.advance(min(s.duration_s, s.drill.now_s + self.end_step_s))
        else:
            s.advance(s.target_after(real_elapsed_s))
        if (s.drill.now_s, len(s.drill.log)) != before:
            self._changed()

    def run_to(self, t_s: float) -> None:
        """Run the drill to sim time ``t_s`` at once, whatever the speed (tests, benchmarks,
        and the facilitator's "skip ahead"); starts the drill if it has not started."""
        self._begin_if_needed()
        self.session.advance(t_s)
        self._changed()

    # --- the facilitator's controls (host terminal only) -------------------------------------

    def start_drill(self) -> bool:
        """Start the drill: recording begins and the clock runs. False if already started."""
        if self.started:
            return False
        self.session.begin()
        self.started = True
        self._changed()
        return True

    def ended(self) -> Phrase | None:
        """Why the facilitator's controls are refused now: the drill has been ended (its rest
        is being run out without the team) or is over. None while it runs."""
        s = self.session
        if s.finished or s.ended_early:
            return Phrase("room_controls_after_end")
        return None

    def pause(self) -> bool:
        """Stop the clock (False once the drill has been ended: :meth:`ended`)."""
        if self.ended() is not None:
            return False
        return self._did(self.session.pause())

    def resume_clock(self) -> bool:
        """Restart the clock (False while the journal cannot be written, and once the drill
        has been ended)."""
        if self.ended() is not None:
            return False
        return self._did(self.session.resume())

    def set_speed(self, speed: float) -> bool:
        """Change the clock speed (one of ``tui.session.SPEEDS``; False once the drill has
        been ended)."""
        if self.ended() is not None:
            return False
        return self._did(self.session.set_speed(speed))

    def faster(self) -> bool:
        """The next speed up (``DrillSession.faster``); False at the fastest, and once the
        drill has been ended."""
        if self.ended() is not None:
            return False
        return self._did(self.session.faster())

    def slower(self) -> bool:
        """The next speed down (``DrillSession.slower``); False at the slowest, and once the
        drill has been ended."""
        if self.ended() is not None:
            return False
        return self._did(self.session.slower())

    def inject(self, inject_id: str) -> ActOutcome:
        """Send one of the scenario's injects now (an optional one, or one ahead of time);
        refused with :meth:`ended`'s reason once the drill has been ended."""
        why = self.ended()
        if why is not None:
            return ActOutcome(False, why)
        self._begin_if_needed()
        res = self.session.fire_inject(inject_id)
        self._changed()
        return ActOutcome(res.accepted, res.reason)

    def message(self, text: str, to_role: str | None = None) -> ActOutcome:
        """Put the facilitator's own message into the feed: to one role, or to everyone;
        refused with :meth:`ended`'s reason once the drill has been ended."""
        why = self.ended()
        if why is not None:
            return ActOutcome(False, why)
        self._begin_if_needed()
        res = self.session.free_inject(text, to_role)
        self._changed()
        return ActOutcome(res.accepted, res.reason)

    def end(self) -> bool:
        """End the drill now; the clock task then runs the world on to the scenario's end."""
        s = self.session
        if s.finished or s.ended_early:
            return False
        self._begin_if_needed()
        s.stop()
        self._changed()
        return True

    def _begin_if_needed(self) -> None:
        if not self.started:
            self.start_drill()

    def _did(self, changed: bool) -> bool:
        if changed:
            self._changed()
        return changed

    # --- seats ---------------------------------------------------------------------------

    def local_link(
        self,
        role: str | None = None,
        *,
        display: bool = False,
        lang: str = "en",
        throttle: bool = True,
    ) -> LocalLink:
        """A seat in this process (``role="*"`` for every role, ``display=True`` for the
        projector). ``throttle=False`` frees it from the rate limit (:meth:`player_link`)."""
        return LocalLink(self, role=role, display=display, lang=lang, throttle=throttle)

    def player_link(self, lang: str = "en") -> LocalLink:
        """The seat of single-terminal play (``drillsim play``): one player holding every
        role, in this process. It is not held to the rate limit of :data:`ACT_BURST` and
        :data:`ACT_RATE_PER_S`: that limit keeps a flood from the network off the journal's
        fsyncs, and the player at the host's own keyboard is no network seat (every act is
        still journaled before it is answered)."""
        return self.local_link(EVERY_ROLE, lang=lang, throttle=False)

    def publish(self) -> None:
        """Tell every seat that the drill may have changed outside the host's own calls
        (a test acting on the session directly): the seats get a fresh view."""
        self._changed()

    def attach(
        self,
        role: str | None,
        *,
        lang: str = "en",
        via: str = "local",
        peer: str = "",
        on_view: ViewCallback | None = None,
        notify: Callable[[], None] | None = None,
        throttle: bool = True,
    ) -> tuple[str, SeatView]:
        """Seat someone as ``role`` (None: a display; "*": every role): the seat's id and its
        first view. ``on_view(view)`` is then called with each new view, or ``notify()``
        whenever the view may have changed (the network seats build theirs when they send).
        ``throttle=False`` (the single player's seat only) frees the seat from the rate limit.
        ValueError for a role the scenario lacks; RuntimeError when the room is full."""
        if role is not None and role != EVERY_ROLE and role not in self._roles:
            raise ValueError(role)
        if sum(1 for s in self._seats.values() if s.connected) >= self.max_seats:
            raise RuntimeError("room full")
        gone = [k for k, s in self._seats.items() if not s.connected]
        for k in gone[: max(0, len(self._seats) - KEEP_SEATS)]:
            del self._seats[k]  # the oldest departed seats, so that reconnections cannot pile up
        seat_id = f"s{next(self._ids)}"
        seat = _Seat(seat_id, role, _lang(lang), via, peer, lambda: None, throttled=throttle)
        if on_view is not None:
            seat.notify = lambda: on_view(self.view_for(seat_id))
        elif notify is not None:
            seat.notify = notify
        self._seats[seat_id] = seat
        self._notify_listeners()
        return seat_id, self.view_for(seat_id)

    def detach(self, seat_id: str) -> None:
        """The seat has left (or its connection dropped): kept in :meth:`seats` as gone."""
        seat = self._seats.get(seat_id)
        if seat is not None and seat.connected:
            seat.connected = False
            seat.notify = lambda: None
            self._notify_listeners()

    def seats(self) -> list[SeatStatus]:
        """Every seat that has joined, connected or not, in the order they joined."""
        now = time.monotonic()
        return [
            SeatStatus(
                seat=s.id,
                role=s.role,
                via=s.via,
                peer=s.peer,
                connected=s.connected,
                last_seen_s=round(now - s.last_seen, 3),
                actions_taken=s.taken,
                actions_refused=s.refused,
            )
            for s in self._seats.values()
        ]

    def on_change(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback()`` whenever the drill or the seats change (the console redraws
        then); returns a function that stops it."""
        self._listeners.append(callback)

        def stop() -> None:
            if callback in self._listeners:
                self._listeners.remove(callback)

        return stop

    def seat_act(
        self, seat_id: str, action_id: str, params: Mapping[str, Any], *, by: str | None = None
    ) -> ActOutcome:
        """A seat asks to take an action. Applied only as the seat's own role (any role for
        a "*" seat, ``by`` naming it), journaled before this returns."""
        seat = self._seats.get(seat_id)
        if seat is None or not seat.connected:
            return ActOutcome(False, Phrase("room_seat_closed"))
        seat.last_seen = time.monotonic()
        outcome = self._act(seat, action_id, params, by)
        if outcome.ok:
            seat.taken += 1
        else:
            seat.refused += 1
        self._changed()
        return outcome

    async def seat_act_batched(
        self, seat_id: str, action_id: str, params: Mapping[str, Any], *, by: str | None = None
    ) -> ActOutcome:
        """:meth:`seat_act` with a group commit: the input is applied and written at once,
        and this returns once it is durable. The inputs of every seat that arrive while one
        fsync runs share the next one, which runs off the event loop (one slow fsync no
        longer holds every later act in a queue of fsyncs)."""
        rec = self.session.recorder
        if rec is None or rec.closed:
            return self.seat_act(seat_id, action_id, params, by=by)
        with rec.deferred_sync():
            outcome = self.seat_act(seat_id, action_id, params, by=by)
        if self._sync_next is None:
            self._sync_next = asyncio.get_running_loop().create_future()
            self._sync_tasks.add(
                task := asyncio.get_running_loop().create_task(self._group_commit())
            )
            task.add_done_callback(self._sync_tasks.discard)
        await asyncio.shield(self._sync_next)
        if outcome.ok and rec.write_error is not None:
            # Taken, but the journal could not be written or made durable (Recorder.sync
            # keeps the failure as the write problem): the seat is told it is not saved yet.
            return dataclasses.replace(outcome, saved=False)
        return outcome

    async def _group_commit(self) -> None:
        """One group commit: every input written before it starts is durable after it."""
        async with self._sync_lock:
            done, self._sync_next = self._sync_next, None
            rec = self.session.recorder
            try:
                if rec is not None and not rec.closed:
                    await asyncio.get_running_loop().run_in_executor(None, rec.sync)
            finally:
                if done is not None and not done.done():
                    done.set_result(None)

    def _act(
        self, seat: _Seat, action_id: str, params: Mapping[str, Any], by: str | None
    ) -> ActOutcome:
        s = self.session
        if seat.role is None:
            return ActOutcome(False, Phrase("room_display_cannot_act"))
        if not seat.allow_act():
            return ActOutcome(False, Phrase("room_too_fast"))
        if not self.started:
            return ActOutcome(False, Phrase("room_not_started"))
        if s.finished or s.ended_early:
            return ActOutcome(False, Phrase("refuse_finished"))
        if action_id not in self.scenario.index.actions:
            return ActOutcome(False, Phrase("refuse_unknown_action", id=action_id))
        if seat.role == EVERY_ROLE:
            role = by if by is not None else s.default_role(action_id)
            if role not in self._roles:
                return ActOutcome(False, Phrase("refuse_unknown_role", role=role))
        else:
            role = seat.role
            if by is not None and by != role:
                return ActOutcome(False, Phrase("room_not_your_role", role=self._role_name(role)))
        if role not in s.allowed_roles(action_id):
            return ActOutcome(False, Phrase("room_action_not_for_role", role=self._role_name(role)))
        try:
            res = s.act(action_id, role, dict(params))
        except (TypeError, ValueError, KeyError) as exc:
            # The engine refuses bad parameters with a reason; a value it cannot even read
            # (a seat's malformed input) is refused here and never reaches the journal's replay.
            log.warning("action %s by %s refused: %s", action_id, role, exc)
            return ActOutcome(False, Phrase("room_bad_params"))
        return ActOutcome(res.accepted, res.reason, res.ends_s)

    def _role_name(self, role_id: str) -> Label | str:
        role = self.scenario.index.roles.get(role_id)
        return Label(role.name) if role is not None else role_id

    # --- what the seats see --------------------------------------------------------------------

    def _changed(self) -> None:
        self._state += 1
        self._sync()
        for seat in list(self._seats.values()):
            if seat.connected:
                try:
                    seat.notify()
                except Exception:  # one seat's screen failing must not stop the drill
                    log.exception("seat %s failed to take its view", seat.id)
        self._notify_listeners()

    def _notify_listeners(self) -> None:
        for cb in list(self._listeners):
            try:
                cb()
            except Exception:
                log.exception("a listener of the room failed")

    def _sync(self) -> None:
        """Read the log's new entries: who knows each, and its JSON."""
        drill_log = self.session.drill.log
        start = self._knowledge.seen
        if self.session.drill is not self._drill:  # recording began with a drill of its own
            self._drill = self.session.drill
            self._knowledge = Knowledge.for_scenario(self.scenario)
            self._entries = []
            self._known = {r: [] for r in self._known}
            self._told = {r: frozenset() for r in self._known}
            start = 0
        self._knowledge.update(drill_log)
        for i in range(start, len(drill_log)):
            entry = FeedEntry(i, drill_log[i].to_json())
            self._entries.append(entry)
            for role, known in self._known.items():
                if self._knowledge.knows(i, role):
                    known.append(i)
                    if entry.data["kind"] == "inject":
                        self._told[role] = self._told[role] | {str(entry.data.get("id"))}

    def _frame_now(self) -> tuple[Any, ...]:
        s = self.session
        return (
            self._state,
            s.drill.now_s,
            len(s.drill.log),
            s.paused,
            s.speed,
            self.started,
            s.finished,
            s.ended_early,
        )

    def view_for(self, seat_id: str) -> SeatView:
        """The seat's view now (its role's, in its language)."""
        seat = self._seats[seat_id]
        view = self._view(seat.role, seat.lang)
        seat.version += 1
        view.version = seat.version
        return view

    def wire_view(self, seat_id: str, after: int) -> dict[str, Any]:
        """The seat's view as JSON with only the feed entries after index ``after`` (what
        an ``update`` carries); the parts every seat of a role shares are built once."""
        seat = self._seats[seat_id]
        key = (seat.role, seat.lang)
        view = self._view(seat.role, seat.lang)
        base = self._frame_json.get(key)
        if base is None:
            base = dataclasses.replace(view, feed=[]).to_json()
            self._frame_json[key] = base
        known = self._known[seat.role]
        fresh = known[bisect.bisect_right(known, after) :]
        seat.version += 1
        out = dict(base)
        out["version"] = seat.version
        out["feed"] = [{"index": i, "data": self._entries[i].data} for i in fresh]
        return out

    def role_view(self, role: str | None, lang: str = "en") -> SeatView:
        """What a seat of ``role`` would see now (tests, snapshots, the console's preview)."""
        return self._view(role, _lang(lang))

    def _view(self, role: str | None, lang: Lang) -> SeatView:
        key = self._frame_now()
        if key != self._frame_key:
            self._frame_key = key
            self._frame = {}
            self._frame_json = {}
            self._map_json = None
        cached = self._frame.get((role, lang))
        if cached is None:
            cached = self._build_view(role, lang)
            self._frame[(role, lang)] = cached
        # A fresh object per call: a seat's version is its own.
        return SeatView(**{f: getattr(cached, f) for f in cached.__dataclass_fields__})

    def _seat_map(self, role: str | None) -> dict[str, Any]:
        """The map as ``role`` sees it: in assessment mode a seat sees where the other roles
        are, not what they are doing (their current action would show the answers)."""
        if self._map_json is None:
            self._map_json = snapshot_to_json(self.session.snapshot())
        shared = self._map_json
        if role == EVERY_ROLE or self.mode == "coaching":
            return shared
        roles = [r if r["id"] == role else {**r, "current": None} for r in shared["roles"]]
        return {**shared, "roles": roles}

    def _build_view(self, role: str | None, lang: Lang) -> SeatView:
        s = self.session
        sc = self.scenario
        drill = s.drill
        now = drill.now_s
        if self._map_json is None:
            self._map_json = snapshot_to_json(s.snapshot())
        roles = self._roles if role == EVERY_ROLE else ([role] if role is not None else [])
        cards = [self._card(r, lang) for r in roles]
        actions: list[ActionInfo] = []
        if role is not None:
            for row in s.actions():
                allowed = list(row["roles"]) or list(self._roles)
                if role != EVERY_ROLE and role not in allowed:
                    continue
                actions.append(
                    ActionInfo(
                        id=row["id"],
                        kind=row["kind"],
                        label=localize(row["label"], lang),
                        key=row["key"],
                        roles=allowed,
                        available=bool(row["available"]),
                        reason=row["reason"],
                        started_s=row["started_s"],
                        done_s=row["done_s"],
                    )
                )
        prompts: list[PromptInfo] = []
        if role is not None:
            for p in s.prompts():
                if role != EVERY_ROLE and p.role is not None and p.role != role:
                    continue
                inj = self._injects.get(p.inject)
                text = localize(inj.text, lang) if inj is not None else ""
                prompts.append(
                    PromptInfo(
                        inject=p.inject,
                        role=p.role,
                        text=text,
                        issued_s=p.issued_s,
                        deadline_s=p.deadline_s,
                        remaining_s=None
                        if p.deadline_s is None
                        else round(max(0.0, p.deadline_s - now), 3),
                        expects=p.expects if self.mode == "coaching" else None,
                    )
                )
        feed = [self._entries[i] for i in self._known[role]]
        return SeatView(
            role=role,
            lang=lang,
            mode=self.mode,
            scenario_id=sc.id,
            title=localize(sc.title, lang),
            t_s=round(now, 3),
            clock=drill.clock(),
            duration_s=s.duration_s,
            speed=s.speed,
            started=self.started,
            paused=s.paused or not self.started,
            finished=s.finished,
            ended_early=s.ended_early,
            cards=cards,
            actions=actions,
            prompts=prompts,
            feed=feed,
            map=self._seat_map(role),
            score=None,
            scenario_version=len(self.delivered(role)),
        )

    def _card(self, role_id: str, lang: Lang) -> RoleCard:
        role = next(r for r in self.scenario.roles if r.id == role_id)
        return RoleCard(
            role=role.id,
            name=localize(role.name, lang),
            lines=[localize(x, lang) for x in role.card],
            contacts=[localize(x, lang) for x in role.contacts],
            participants=self.session.participants_in(role.id),
        )

    # --- the scenario a seat may know ---------------------------------------------------------

    def has_role(self, role: str) -> bool:
        """Whether the scenario has a role of this id (a seat may join as it)."""
        return role in self._roles

    def role_ids(self) -> list[str]:
        """The ids of the scenario's roles, in its order (what ``join --role`` accepts)."""
        return list(self._roles)

    def delivered(self, role: str | None) -> frozenset[str]:
        """Ids of the injects delivered so far that the seat of ``role`` knows."""
        return self._told[role]

    def seat_scenario(self, role: str | None = "*") -> Scenario:
        """The scenario as a seat of ``role`` may know it now: without the expectations and
        the checklist (the answers), with only the injects delivered to it (no spoilers of
        what comes), and, in assessment mode, without the action each prompt expects. The
        map, the roles, the actions and their forms are all there."""
        known = self.delivered(role)
        key = (role, known)
        found = self._scenarios.get(key)
        if found is None:
            sc = self.scenario
            coaching = self.mode == "coaching"
            injects = [
                i if coaching else i.model_copy(update={"expects": None})
                for i in sc.injects
                if i.id in known
            ]
            update: dict[str, Any] = {"injects": injects, "expectations": []}
            if "checklist" in type(sc).model_fields:
                update["checklist"] = (
                    type(sc).model_fields["checklist"].get_default(call_default_factory=True)
                )
            found = sc.model_copy(update=update)
            self._scenarios = {k: v for k, v in self._scenarios.items() if k[0] != role}
            self._scenarios[key] = found
        return found

    def seat_scenario_json(self, role: str | None) -> dict[str, Any]:
        """:meth:`seat_scenario` as the ``welcome`` and ``update`` messages carry it."""
        known = self.delivered(role)
        key = (role, known)
        found = self._scenario_json.get(key)
        if found is None:
            found = self.seat_scenario(role).model_dump(mode="json", exclude_none=True)
            self._scenario_json = {k: v for k, v in self._scenario_json.items() if k[0] != role}
            self._scenario_json[key] = found
        return found

    # --- the console -----------------------------------------------------------------------

    def console_view(self, lang: str = "en") -> ConsoleView:
        """The facilitator's view: the whole truth (host terminal only)."""
        s = self.session
        lg = _lang(lang)
        view = self._view(EVERY_ROLE, lg)
        key = self._frame_now()
        if self._score_cache is None or self._score_cache[0] != key:
            self._score_cache = (key, score(self.scenario, [e.data for e in self._entries]))
        sc_live = self._score_cache[1]
        view.score = sc_live.to_json()
        now = s.drill.now_s
        injects = [
            InjectInfo(
                id=i.id,
                text=localize(i.text, lg),
                to=i.to,
                optional=i.optional,
                sent_s=s.drill.happened(f"inject:{i.id}"),
            )
            for i in self.scenario.injects
        ]
        timers = [
            Timer("prompt", p.inject, p.role, p.deadline_s, round(p.deadline_s - now, 3))
            for p in s.prompts()
            if p.deadline_s is not None
        ]
        for r in s.drill.responders.values():
            if r.eta_s is not None and r.arrived_s is None:
                timers.append(Timer("responder", r.id, None, r.eta_s, round(r.eta_s - now, 3)))
        return ConsoleView(
            view=view,
            score=sc_live,
            injects=injects,
            timers=sorted(timers, key=lambda t: t.due_s),
            seats=self.seats(),
            code=self.code,
            address=self.address,
            session_id=s.session_id,
            record_warnings=list(s.record_warnings),
            write_problem=s.write_problem(lg),
        )

    # --- the network seats -------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn = SeatConnection(self, reader, writer)
        if len(self._conns) >= self.max_seats:
            await conn.refuse(Phrase("room_full", max=self.max_seats))
            return
        self._conns.add(conn)
        try:
            await conn.run()
        finally:
            self._conns.discard(conn)
