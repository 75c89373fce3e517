"""The drill in single-terminal play (``drillsim play``): the clock, the site map, pending
prompts, the actions, the team and the event feed.

Single-terminal play is a training room with one seat (issue 13, docs/room.md): the screen
builds a :class:`tui.room.host.RoomHost` over the drill's session (never listening on a
socket) and one seat in this process that holds every role
(:meth:`RoomHost.player_link`, role "*"). The code paths are the room's:

- what the screen draws comes from that seat's :class:`tui.room.link.SeatView` (the clock,
  the map, the prompts, the actions and their state, the team, the feed), which equals
  ``host.role_view("*")``;
- an action goes through the seat's link (:class:`tui.screens.action_form.SeatActionForm`, then
  ``RoomHost.seat_act_batched``): journaled and fsynced before the form says it started;
- the player is the facilitator too: pause, speed, F1's pause, injects (F3), messages (F4)
  and the end are the host's facilitator controls.

The clock (docs/contracts.md, The clock): an interval timer posts a :class:`DrillScreen.Tick`
with the real time it fired; the screen hands the real time elapsed since the last tick it
handled to ``RoomHost.tick``, which moves the sim clock on by speed × that time and runs
``Drill.advance`` (a plain ``simpy.Environment`` run) to there. Ticks replace one another in
the message queue (``can_replace``): if the screen falls behind, the next tick covers the
whole gap and the drill runs straight to the latest time instead of working through a
backlog; nothing blocks. With ``autoplay=False`` there is no timer and a caller drives the
clock with :meth:`DrillScreen.step` or :meth:`DrillScreen.advance_to` (tests, snapshots, the
benchmark), through the host as well. A caller that changes the session directly (a test
calling ``session.act``) has the screen catch up with :meth:`DrillScreen.refresh_view`, which
tells the host first (``RoomHost.publish``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.command import Provider
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from sim import RESERVED_KEYS, Label, Phrase, Scenario, action_keys, localize
from sim.i18n import tr
from tui import bindings
from tui.commands import DrillCommands
from tui.feedtext import EventText
from tui.fit import drill_fit
from tui.modes import check_mode, lists_optional_injects
from tui.names import Names
from tui.room.host import RoomHost
from tui.room.link import Mode, SeatView
from tui.screens.base import DrillsimScreen
from tui.session import DrillSession
from tui.widgets.actions_panel import ActionsPanel, short_label_cells
from tui.widgets.clock import ClockBar
from tui.widgets.common import LangFooter
from tui.widgets.feed import EventFeed
from tui.widgets.prompts import PromptPanel
from tui.widgets.roles import RolesPanel
from tui.widgets.seatview import SeatFeed, ViewChanged, follow_link
from tui.widgets.sitemap import MapLayout, MapPanel

TICK_S = 0.1
"""Real seconds between two clock ticks."""

RUN_OUT_STEP_S = 120.0
"""Sim seconds the host runs per step (at least; a tenth of the drill for long ones) when the
facilitator ends the drill early (``RoomHost.end_step_s``)."""

_KEY_NAMES = {
    " ": "space",
    "-": "minus",
    "+": "plus",
    "=": "equals_sign",
    "[": "left_square_bracket",
    "]": "right_square_bracket",
    "\\": "backslash",
    "?": "question_mark",
}


def screen_keys() -> set[str]:
    """The characters the drill screen and the app bind themselves (no action may use them)."""
    names: set[str] = set()
    for b in [*bindings.DRILL, *bindings.APP]:
        names.update(k.strip() for k in b.key.split(","))
    chars = {char for char, name in _KEY_NAMES.items() if name in names}
    return chars | {n for n in names if len(n) == 1}


def free_hotkeys(scenario: Scenario) -> dict[str, str]:
    """Action id to hotkey: the key catalogue's (``sim.ACTION_KEYS``, one key per kind of
    action in every scenario) or the scenario's own, never one the screen or the app uses."""
    return action_keys(scenario, reserved=RESERVED_KEYS | screen_keys())


class DrillScreen(DrillsimScreen[None]):
    """The drill while it runs: a room's host and the one seat that holds every role."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.DRILL]
    HELP_SECTION = "help_drill"
    SUB_TITLE_KEY = "drill_title"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {DrillCommands}

    @dataclass
    class Tick(Message):
        """The clock's timer fired at ``real_s`` (``time.monotonic``); a newer tick replaces
        an older one (the newer covers the real time of both)."""

        real_s: float

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, DrillScreen.Tick)

    @dataclass
    class Finished(Message):
        """The drill is over (its time ran out, or it was ended and run out): on to the
        debrief."""

        session: DrillSession

    def __init__(self, session: DrillSession, *, autoplay: bool = True) -> None:
        super().__init__()
        self.session = session
        self.autoplay = autoplay
        sc = session.scenario
        mode: Mode = (
            "assessment" if check_mode(session.settings.mode) == "assessment" else "coaching"
        )
        self.host = RoomHost(
            session,
            mode=mode,
            max_seats=1,
            started=True,
            end_step_s=max(RUN_OUT_STEP_S, session.duration_s / 10),
        )
        """The room's host over the session: the clock, the facilitator's controls, and the
        one seat (never listening on a socket)."""
        self.link = self.host.player_link(lang=session.lang)
        """The player's seat: every role, in this process."""
        self.names = Names(sc)
        self.map_layout = MapLayout(sc)
        self.hotkeys = free_hotkeys(sc)
        self.key_to_action = {v: k for k, v in self.hotkeys.items()}
        self.event_text = EventText(self.names, session.drill.clock)
        self.feed = SeatFeed()
        """The feed's events as the seat's views brought them (the whole log: the seat holds
        every role); refusal reasons are the session's, in full."""
        self.timer: Timer | None = None
        self._last_real = 0.0
        self._over = False
        self._drawn = -1
        """The version of the last view drawn (an older one that arrives later is skipped)."""
        self._unfollow: Callable[[], None] | None = None
        self._journal_problem: str | None = None
        """The journal problem last told (so it is told once, until it changes)."""

    @property
    def view(self) -> SeatView:
        """What the player's seat sees now (the host's view of every role, "*")."""
        return self.link.view

    def compose(self) -> ComposeResult:
        lang = self.lang
        session = self.session
        view = self.link.view
        clock = session.drill.clock
        yield ClockBar(localize(session.scenario.title, lang), view.duration_s, id="clock")
        with Horizontal(id="drill-body"):
            yield MapPanel(self.map_layout, view.snapshot(), clock, id="map")
            with Vertical(id="drill-side"):
                yield Static(tr("drill_actions", lang), id="actions-title", classes="pane-title")
                yield ActionsPanel(
                    session.scenario, self.hotkeys, clock, rows=view.actions, id="actions"
                )
                yield RolesPanel(session.scenario, clock, id="roles")
        yield PromptPanel(self.names, self.hotkeys, mode=view.mode, id="prompts")
        yield Static(tr("drill_feed", lang), id="feed-title", classes="pane-title")
        yield EventFeed(self.event_text, clock, session.reasons, id="feed")
        yield LangFooter()

    def on_mount(self) -> None:
        self._resized()
        self._unfollow = follow_link(self, self.link)
        self.refresh_view()
        self.query_one(ActionsPanel).focus()
        if self.autoplay:
            self._last_real = time.monotonic()
            self.timer = self.set_interval(TICK_S, self._on_timer)
        if self.session.finished:
            self.call_after_refresh(self.finish)
        elif self.session.ended_early:
            # Resumed while the rest of the drill was being run out: run it out again.
            if self.timer is not None:
                self.timer.stop()
            self.call_after_refresh(self.run_out)
        elif self.session.resumed_from is not None:
            self.notify(tr("note_resumed_paused", self.lang), timeout=6)

    async def on_unmount(self) -> None:
        """Leaving mid-drill (the app quits): the seat leaves, the last group commit finishes
        (``RoomHost.settle``), then the journal is closed and stays resumable."""
        if self._unfollow is not None:
            self._unfollow()
            self._unfollow = None
        await self.link.close()
        await self.host.settle()
        if not self.session.finished:
            self.session.close()

    def on_resize(self, event: events.Resize) -> None:
        self._resized()

    def _resized(self) -> None:
        """Share the lines for this terminal size (:func:`tui.fit.drill_fit`): every action
        keeps its key and whole short label in sight, and the prompts pane the lines the
        actions leave (short terminals: the team pane hidden, a feed of four lines)."""
        size = self.app.size
        scenario = self.session.scenario
        fit = drill_fit(
            size.width,
            size.height,
            len(scenario.actions),
            len(scenario.roles),
            short_label_cells(scenario),
        )
        self.query_one(ClockBar).set_large(fit.large_clock)
        self.set_class(fit.compact, "-compact")
        self.query_one("#drill-side").styles.width = fit.side_width
        self.query_one(PromptPanel).set_max_lines(fit.prompt_lines)

    # --- the clock ---------------------------------------------------------------------------

    def _on_timer(self) -> None:
        self.post_message(self.Tick(time.monotonic()))

    @on(Tick)
    def _tick(self, message: Tick) -> None:
        message.stop()  # the screen's own clock: nothing for the app
        elapsed = message.real_s - self._last_real
        if elapsed <= 0 or self._over:
            return
        self._last_real = message.real_s
        self.host.tick(elapsed)
        self._draw(self.link.view)
        self._finish_if_over()

    def advance_to(self, t_s: float) -> None:
        """Run the drill to sim time ``t_s`` (through the host) and redraw."""
        if self._over:
            return
        if t_s > self.session.drill.now_s:
            self.host.run_to(t_s)
            self.refresh_view()
        self._finish_if_over()

    def step(self, sim_s: float) -> None:
        """Move the clock on by ``sim_s`` sim seconds now (when there is no timer)."""
        self.advance_to(self.session.drill.now_s + sim_s)

    @on(ViewChanged)
    def _view_changed(self, message: ViewChanged) -> None:
        message.stop()
        self._draw(message.view)

    def refresh_view(self) -> None:
        """Redraw from a fresh view. The host is told first (``RoomHost.publish``), so that
        a change made on the session directly (tests) is drawn too."""
        self.check_journal()
        self.host.publish()
        self._draw(self.link.view)

    def _draw(self, view: SeatView) -> None:
        """Draw the seat's view (skipped when a newer one has been drawn already)."""
        if view.version <= self._drawn:
            return
        self._drawn = view.version
        snap = view.snapshot()
        self.query_one(ClockBar).show(snap, view.speed, view.paused)
        self.query_one(MapPanel).show(snap)
        self.query_one(PromptPanel).show([p.prompt() for p in view.prompts], view.t_s)
        self.query_one(ActionsPanel).show(view.actions)
        self.query_one(RolesPanel).show_view(view)
        if self.feed.take(view):
            self.query_one(EventFeed).sync(self.feed.events)

    def _finish_if_over(self) -> None:
        """On to the debrief once the seat's view says the drill is over (after the clock
        has moved: a redraw alone never leaves the screen)."""
        if self.link.view.finished:
            self.finish()

    def finish(self) -> None:
        """The drill is over: on to the debrief."""
        if self._over:
            return
        self._over = True
        if self.timer is not None:
            self.timer.stop()
        self.post_message(self.Finished(self.session))

    # --- facilitator controls (the player is the facilitator: through the host) ---------------

    def check_journal(self) -> None:
        """When the journal cannot be written (a full disk), pause the drill and say so once;
        the inputs are kept in memory and written when the drill is resumed."""
        lang = self.lang
        problem = self.session.write_problem(lang)
        if problem is None:
            self._journal_problem = None
            return
        if problem == self._journal_problem:
            return
        self._journal_problem = problem
        # The reason first: the pause's own note may be written, which clears it.
        why = self.session.recorder.write_problem_why() if self.session.recorder else ""
        if not self.session.paused:
            self.host.pause()
        self.notify(tr("drill_write_failed", lang, why=why), severity="error", timeout=15)

    def _controls_off(self) -> bool:
        """Whether the drill has been ended or is over (pause, speed, injects and messages
        are refused then); says so once asked (a command from the palette)."""
        if not (self._over or self.session.ended_early):
            return False
        why = self.host.ended()
        if why is not None and not self._over:
            self.notify(why.render(self.lang), timeout=3)
        return True

    def action_pause(self) -> None:
        """Pause or resume the clock."""
        if self._controls_off():
            return
        was_paused = self.session.paused
        if was_paused:
            self.host.resume_clock()
        else:
            self.host.pause()
        paused = self.session.paused
        lang = self.lang
        if was_paused and paused and self.session.write_problem(lang) is not None:
            self._journal_problem = None
        else:
            self.notify(tr("note_paused" if paused else "note_resumed", lang), timeout=2)
        self.refresh_view()

    def pause_for_help(self) -> bool:
        """F1: the clock stops while the help is open (if it was running)."""
        if self._over or self.session.paused or self.session.ended_early:
            return False
        self.host.pause()
        self.refresh_view()
        return True

    def resume_after_help(self) -> None:
        """The help has closed: the clock runs again from where it stopped."""
        if self._over or not self.session.paused:
            return
        self.host.resume_clock()
        self._last_real = time.monotonic()
        self.refresh_view()

    def action_speed(self, speed: float) -> None:
        """Set the clock speed."""
        if self._controls_off():
            return
        if self.host.set_speed(float(speed)):
            self.refresh_view()

    def action_faster(self) -> None:
        """The next speed up (through the host)."""
        if not self._controls_off() and self.host.faster():
            self.refresh_view()

    def action_slower(self) -> None:
        """The next speed down (through the host)."""
        if not self._controls_off() and self.host.slower():
            self.refresh_view()

    def action_floor(self, delta: int) -> None:
        """Show another floor."""
        self.query_one(MapPanel).step_floor(delta)

    def action_incident_floor(self) -> None:
        """The map back on the floor where the incident started."""
        self.query_one(MapPanel).incident_floor()

    AFTER_END_OFF: ClassVar[frozenset[str]] = frozenset(
        {"pause", "speed", "faster", "slower", "inject", "note"}
    )
    """The facilitator's controls that stop working once the drill has been ended (its rest
    is run out without the team) or is over: the host refuses them too (``RoomHost.ended``)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In assessment the optional injects are not offered on this screen (tui.modes);
        once the drill has been ended or is over, neither are pause, speed, injects and
        messages."""
        if action in self.AFTER_END_OFF and (self._over or self.session.ended_early):
            return False
        return action != "inject" or lists_optional_injects(self.host.mode)

    def action_inject(self) -> None:
        """Send one of the scenario's optional injects now, through the host (coaching only:
        in assessment the participants see this screen, and the list would tell them what
        may come)."""
        from tui.screens.inject import ConsoleDesk, InjectScreen

        if self._controls_off():
            return
        if not lists_optional_injects(self.host.mode):
            self.app.notify(tr("inject_assessment", self.lang), timeout=5)
            return
        dialog = InjectScreen(ConsoleDesk(self.host))
        self.app.push_screen(dialog, lambda _: self.refresh_view())

    def action_note(self) -> None:
        """Type a message of the facilitator's own into the feed, through the host."""
        from tui.screens.inject import ConsoleDesk, NoteScreen

        if self._controls_off():
            return
        self.app.push_screen(NoteScreen(ConsoleDesk(self.host)), lambda _: self.refresh_view())

    def action_end(self) -> None:
        """End the drill now (after a confirmation): the host runs the world on to the
        scenario's end, then the debrief."""
        from tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes and not self._over and self.host.end():
                if self.timer is not None:
                    self.timer.stop()
                self.refresh_bindings()
                self.notify(tr("note_running_out", self.lang), timeout=3)
                self.run_out()

        self.app.push_screen(ConfirmScreen(Phrase("confirm_end")), answered)

    def run_out(self) -> None:
        """Run the rest of the drill a step of the host's clock at a time (each step is
        ``RoomHost.end_step_s``), redrawing between them, then the debrief."""
        if self._over:
            return
        self.host.tick(0.0)
        self.refresh_view()
        self._finish_if_over()
        if not self._over:
            self.set_timer(0.001, self.run_out)

    def action_act(self, action_id: str) -> None:
        """Open the form of an action; it sends the action through the player's seat."""
        from tui.screens.action_form import SeatActionForm, SeatDesk

        if self._over:
            return
        self.app.push_screen(
            SeatActionForm(SeatDesk(self.link), action_id), lambda _: self.refresh_view()
        )

    @on(ActionsPanel.Chosen)
    def _chosen(self, event: ActionsPanel.Chosen) -> None:
        self.action_act(event.action_id)

    def on_key(self, event: events.Key) -> None:
        action_id = self.key_to_action.get(event.character or "")
        if action_id is not None:
            event.stop()
            event.prevent_default()
            self.action_act(action_id)

    def help_rows(self) -> list[tuple[str, Phrase]]:
        """The scenario's action hotkeys, for the help screen (which says the labels in its
        own language)."""
        sc = self.session.scenario
        return [(key, Label(sc.action(aid).label)) for aid, key in self.hotkeys.items()]

    def relang(self) -> None:
        """The scenario's title and the panes' titles in the current language (the clock,
        the map, the actions, the prompts, the team and the feed follow it themselves)."""
        lang = self.lang
        self.query_one(ClockBar).set_title(localize(self.session.scenario.title, lang))
        self.query_one("#actions-title", Static).update(tr("drill_actions", lang))
        self.query_one("#feed-title", Static).update(tr("drill_feed", lang))
