"""The facilitator's console of the training room (``drillsim host SCENARIO``), on the host's
own terminal only.

It runs beside the :class:`tui.room.host.RoomHost`, in the same event loop, and shows the
whole truth (:meth:`RoomHost.console_view`): the join code and the address the seats join,
the live score, each seat's status, the timers (open prompts and responders on the way),
every expectation with its state, and every inject, the optional ones included, sent or not;
with the map and the full event feed. It has the controls: start (Enter), pause (Space),
speed (F5–F8, -/+), send an optional inject (F3), a free message to one role or everyone
(F4), end (Esc). Nothing here is reachable from a seat: the protocol has no console role.

When the drill is over (its time ran out, or the facilitator ended it and the host ran the
world on to the end), the screen posts :class:`ConsoleScreen.Finished` and the app opens the
debrief.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from sim import Lang, Phrase, localize, terminal
from sim.i18n import grade_label, tr
from tui.cells import clip, mmss
from tui.feedtext import EventText
from tui.names import Names
from tui.room.protocol import peer_host
from tui.screens.base import DrillsimScreen
from tui.screens.inject import ConsoleDesk
from tui.widgets.clock import ClockBar
from tui.widgets.common import LangFooter
from tui.widgets.feed import EventFeed
from tui.widgets.scorecard import STATUS_STYLE
from tui.widgets.sitemap import MapLayout, MapPanel

if TYPE_CHECKING:
    from tui.room.host import ConsoleView, RoomHost
    from tui.room.link import SeatStatus
    from tui.session import DrillSession


def _b(key: str, action: str, desc: str, bid: str, *, show: bool = True, **kw: Any) -> Binding:
    return Binding(key, action, desc, show=show, id=bid, **kw)


CONSOLE_BINDINGS: list[Binding] = [
    _b("enter", "start", "key_start", "console.start"),
    _b("space", "pause", "key_pause", "console.pause", key_display="␣"),
    _b("f5", "speed(1)", "key_speed_1", "console.speed1", show=False),
    _b("f6", "speed(2)", "key_speed_2", "console.speed2", show=False),
    _b("f7", "speed(5)", "key_speed_5", "console.speed5", show=False),
    _b("f8", "speed(10)", "key_speed_10", "console.speed10", show=False),
    _b("minus", "slower", "key_speed", "console.slower", key_display="-/+"),
    _b("plus,equals_sign", "faster", "key_faster", "console.faster", show=False),
    _b(
        "left_square_bracket,pageup",
        "floor(-1)",
        "key_floor_down",
        "console.floor_down",
        show=False,
    ),
    _b("right_square_bracket,pagedown", "floor(1)", "key_floor_up", "console.floor_up", show=False),
    _b("f3", "inject", "key_inject", "console.inject"),
    _b("f4", "note", "key_note", "console.note"),
    _b("escape", "end", "key_end", "console.end"),
]
"""The facilitator's keys (the drill screen's, plus Enter to start)."""

REDRAW_S = 0.2
"""Real seconds between two redraws of the console's side panel at most (the score and the
timers are recomputed for each)."""


WILDCARDS = ("0.0.0.0", "::", "")
"""Listening addresses that mean every interface: the seats need the machine's own."""


def lan_address() -> str | None:
    """This machine's address on its network (the one its default route leaves from), for
    a host listening on every interface; None when there is no network. Connecting a UDP
    socket sends nothing: it only picks the route (192.0.2.1 is TEST-NET-1, RFC 5737)."""
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            found = str(s.getsockname()[0])
    except OSError:
        return None
    return None if found.startswith("0.") else found


def seats_table(seats: list[SeatStatus], names: Names, lang: Lang) -> Table:
    """Each seat: its role, how it is connected and from which address, whether it is
    there, what it did."""
    table = Table(box=None, padding=(0, 1), show_edge=False, expand=True)
    table.add_column(tr("console_col_seat", lang), no_wrap=True, overflow="ellipsis", ratio=3)
    table.add_column(tr("console_col_via", lang), no_wrap=True, ratio=2)
    table.add_column(tr("console_col_state", lang), no_wrap=True, ratio=2)
    table.add_column(tr("console_col_acts", lang), no_wrap=True, justify="right", ratio=1)
    for s in seats:
        if s.role is None:
            who = tr("seat_display", lang)
        elif s.role == "*":
            who = tr("seat_every_role", lang)
        else:
            who = names.role(s.role, lang)
        via = Text(
            tr(f"console_via_{s.via}", lang) if s.via in ("local", "tcp", "ssh", "web") else s.via
        )
        if s.peer:
            # The participant's machine (for an SSH or browser seat, the client's address
            # that the gateway vouched for), under how it came; the port tells no one apart.
            via.append("\n" + peer_host(s.peer), Style(dim=True))
        state = (
            Text(tr("console_seat_on", lang), Style(color="green", bold=True))
            if s.connected
            else Text(tr("console_seat_gone", lang), Style(color="red"))
        )
        acts = f"{s.actions_taken}" + (f"/✗{s.actions_refused}" if s.actions_refused else "")
        table.add_row(terminal(who), via, state, acts)
    return table


class ConsoleScreen(DrillsimScreen[None]):
    """The facilitator's console."""

    BINDINGS: ClassVar[list[BindingType]] = [*CONSOLE_BINDINGS]
    HELP_SECTION = "help_drill"
    SUB_TITLE_KEY = "console_title"

    DEFAULT_CSS = """
    ConsoleScreen #console-join {
        height: auto;
        padding: 0 1;
        background: $accent 25%;
    }
    ConsoleScreen #console-status {
        height: auto;
        padding: 0 1;
        display: none;
    }
    ConsoleScreen #console-status.-shown {
        display: block;
        background: $warning 20%;
    }
    ConsoleScreen #console-body {
        height: 2fr;
    }
    ConsoleScreen #console-map {
        width: 1fr;
    }
    ConsoleScreen #console-side {
        width: 50%;
        max-width: 72;
        min-width: 34;
        border-left: vkey $primary;
    }
    ConsoleScreen #console-truth {
        padding: 0 1;
    }
    ConsoleScreen #console-feed {
        height: 1fr;
        min-height: 4;
    }
    """

    @dataclass
    class Changed(Message):
        """The drill or the seats changed; a newer one replaces an older one."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ConsoleScreen.Changed)

    @dataclass
    class Finished(Message):
        """The drill is over: on to the debrief."""

        session: DrillSession

    def __init__(self, host: RoomHost) -> None:
        super().__init__()
        self.host = host
        self.session = host.session
        sc = host.scenario
        self.names = Names(sc)
        self.map_layout = MapLayout(sc)
        self.event_text = EventText(self.names, self.session.drill.clock)
        self.desk = ConsoleDesk(host)
        self._stop_listening: Any = None
        self._over = False
        self._last_side = 0.0
        self._side_due = False
        self._lan_address = lan_address() if host.address and host.address[0] in WILDCARDS else None

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        lang = self.lang
        s = self.session
        yield ClockBar(localize(s.scenario.title, lang), s.duration_s, id="clock")
        yield Static(self._join_line(lang), id="console-join")
        yield Static(id="console-status")
        with Horizontal(id="console-body"):
            yield MapPanel(self.map_layout, s.snapshot(), s.drill.clock, id="console-map")
            with VerticalScroll(id="console-side"):
                yield Static(id="console-truth")
        yield Static(tr("drill_feed", lang), id="feed-title", classes="pane-title")
        yield EventFeed(self.event_text, s.drill.clock, s.reasons, id="console-feed")
        yield LangFooter()

    def on_mount(self) -> None:
        self._stop_listening = self.host.on_change(self._on_change)
        self.refresh_view(force=True)
        if self.session.finished:
            self.call_after_refresh(self.finish)

    def on_unmount(self) -> None:
        if self._stop_listening is not None:
            self._stop_listening()
            self._stop_listening = None

    def _on_change(self) -> None:
        self.post_message(self.Changed())

    @on(Changed)
    def _changed(self, message: Changed) -> None:
        message.stop()
        self.refresh_view()

    # --- drawing ---------------------------------------------------------------------------

    def _join_line(self, lang: Lang) -> Text:
        host = self.host
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append(tr("console_code", lang) + " ", Style(bold=True))
        out.append(f" {host.code} ", Style(bold=True, reverse=True))
        if host.address is not None:
            addr, port = host.address
            if addr in WILDCARDS:
                addr = self._lan_address or addr
            shown = f"[{addr}]:{port}" if ":" in addr else f"{addr}:{port}"
            out.append("  " + tr("console_address", lang, address=shown))
        out.append("  " + tr(f"console_mode_{host.mode}", lang), Style(dim=True))
        sid = self.session.session_id
        if sid:
            out.append("  " + tr("console_session", lang, session=sid), Style(dim=True))
        return out

    def _status(self, cv: ConsoleView, lang: Lang) -> Text | None:
        host = self.host
        if host.error is not None:
            return Text(
                tr("console_clock_failed", lang, error=str(host.error)),
                Style(bold=True, color="red"),
            )
        if cv.write_problem:
            return Text(cv.write_problem, Style(bold=True, color="red"))
        if not host.started:
            return Text(tr("console_press_start", lang), Style(bold=True, color="yellow"))
        if self.session.ended_early and not self.session.finished:
            return Text(tr("note_running_out", lang), Style(bold=True))
        return None

    def refresh_view(self, *, force: bool = False) -> None:
        """Redraw: the clock, the map and the feed at once; the side panel (score, seats,
        timers, expectations, injects) at most every :data:`REDRAW_S`."""
        if self._over:
            return
        s = self.session
        snap = s.snapshot()
        self.query_one(ClockBar).show(snap, s.speed, s.paused or not self.host.started)
        self.query_one(MapPanel).show(snap)
        self.query_one(EventFeed).sync(s.drill.log)
        now = time.monotonic()
        if force or now - self._last_side >= REDRAW_S:
            self._last_side = now
            self._redraw_side()
        elif not self._side_due:
            self._side_due = True
            self.set_timer(REDRAW_S, self._side_timer)
        if s.finished:
            self.finish()

    def _side_timer(self) -> None:
        self._side_due = False
        if not self._over:
            self._last_side = time.monotonic()
            self._redraw_side()

    def _redraw_side(self) -> None:
        lang = self.lang
        cv = self.host.console_view(lang)
        self.query_one("#console-join", Static).update(self._join_line(lang))
        status = self._status(cv, lang)
        banner = self.query_one("#console-status", Static)
        banner.set_class(status is not None, "-shown")
        banner.update(status or "")
        self.query_one("#console-truth", Static).update(self.truth(cv, lang))

    def truth(self, cv: ConsoleView, lang: Lang) -> RenderableType:
        """The side panel: the score, the seats, the timers, the expectations, the injects."""
        parts: list[RenderableType] = []
        score = cv.score
        head = Text()
        head.append(tr("console_score", lang) + " ", Style(bold=True))
        head.append(f"{score.total:.0f}/100", Style(bold=True, color="cyan"))
        head.append(f"  {grade_label(score.grade, lang)}", Style(bold=True))
        head.append("  " + tr("console_score_if_now", lang), Style(dim=True))
        parts.append(head)
        parts.append(
            self._heading(tr("console_seats", lang, n=sum(1 for x in cv.seats if x.connected)))
        )
        if cv.seats:
            parts.append(seats_table(cv.seats, self.names, lang))
        else:
            parts.append(Text(tr("console_no_seats", lang), Style(dim=True)))
        parts.append(self._heading(tr("console_timers", lang)))
        parts.append(self._timers_text(cv, lang))
        parts.append(self._heading(tr("col_expectation", lang)))
        parts.append(self._expectations_table(cv, lang))
        parts.append(self._heading(tr("console_injects", lang)))
        parts.append(self._injects_text(cv, lang))
        return Group(*parts)

    def _heading(self, text: str) -> Text:
        return Text("\n" + text, Style(bold=True, underline=True))

    def _timers_text(self, cv: ConsoleView, lang: Lang) -> RenderableType:
        if not cv.timers:
            return Text(tr("console_no_timers", lang), Style(dim=True))
        out = Text()
        for i, t in enumerate(cv.timers):
            if i:
                out.append("\n")
            left = max(0.0, t.remaining_s)
            out.append(
                f" {mmss(left)} ",
                Style(bold=True, reverse=True, color="red" if left < 30 else "yellow"),
            )
            if t.what == "prompt":
                who = self.names.role(t.role, lang)
                out.append(f" {who}: ", Style(bold=True))
                out.append(clip(self.names.inject(t.id, lang), 60))
                expects = next(
                    (p.expects for p in self.session.prompts() if p.inject == t.id), None
                )
                if expects:
                    out.append("  → " + self.names.action(expects, lang), Style(color="cyan"))
            else:
                out.append(
                    " "
                    + tr("console_responder_eta", lang, responder=self.names.responder(t.id, lang))
                )
        return out

    def _expectations_table(self, cv: ConsoleView, lang: Lang) -> RenderableType:
        sc = self.host.scenario
        by_id = {e.id: e for e in sc.expectations}
        now = self.session.drill.now_s
        clock = self.session.drill.clock
        table = Table(box=None, padding=(0, 1), show_edge=False, expand=True)
        table.add_column(ratio=3, no_wrap=True, overflow="ellipsis")
        table.add_column(ratio=2, no_wrap=True, overflow="ellipsis")
        for e in cv.score.expectations:
            exp = by_id.get(e.id)
            title = localize(exp.title, lang) if exp is not None else e.id
            if e.harmful:
                title = "! " + title
            table.add_row(Text(title), self._expectation_state(e, now, clock, lang))
        if not cv.score.expectations:
            return Text(tr("console_no_expectations", lang), Style(dim=True))
        return table

    def _expectation_state(
        self, e: Any, now: float, clock: Callable[[float], str], lang: Lang
    ) -> Text:
        done = e.done_at_s is not None
        if not done and not e.harmful and not self.session.finished:
            if e.start_s is None:
                return Text(tr("console_exp_waiting", lang), Style(dim=True))
            due = e.start_s + e.limit_s
            if now < due:
                return Text(
                    tr("console_exp_due", lang, clock=clock(e.start_s + e.target_s)),
                    Style(color="yellow"),
                )
        status = str(e.status)
        if e.harmful and status == "avoided" and not self.session.finished:
            return Text(tr("console_exp_not_done", lang), Style(dim=True))
        text = Text(tr(f"status_{status}", lang), Style.parse(STATUS_STYLE.get(status, "")))
        if done and not e.harmful:
            text.append(f" {clock(e.done_at_s)}", Style(dim=True))
        return text

    def _injects_text(self, cv: ConsoleView, lang: Lang) -> RenderableType:
        if not cv.injects:
            return Text(tr("console_no_injects", lang), Style(dim=True))
        out = Text()
        for i, inj in enumerate(cv.injects):
            if i:
                out.append("\n")
            if inj.sent_s is not None:
                out.append(f"✓{self.session.drill.clock(inj.sent_s)} ", Style(color="green"))
            elif inj.optional:
                out.append(
                    tr("console_inject_optional", lang) + " ", Style(color="magenta", bold=True)
                )
            else:
                out.append(tr("console_inject_due", lang) + " ", Style(dim=True))
            out.append(self.names.role(inj.to, lang) + ": ", Style(bold=True))
            out.append(clip(terminal(inj.text), 80))
        return out

    def finish(self) -> None:
        """The drill is over: on to the debrief."""
        if self._over:
            return
        self._over = True
        self.post_message(self.Finished(self.session))

    def relang(self) -> None:
        lang = self.lang
        self.query_one(ClockBar).set_title(localize(self.session.scenario.title, lang))
        self.query_one("#feed-title", Static).update(tr("drill_feed", lang))
        self.refresh_view(force=True)

    # --- the controls ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter starts the drill only before it has started (then it leaves the footer)."""
        return not (action == "start" and self.host.started)

    def action_start(self) -> None:
        """Start the drill (the clock runs, the seats may act)."""
        if self.host.start_drill():
            self.notify(tr("console_started", self.lang), timeout=3)
            self.refresh_bindings()
        self.refresh_view(force=True)

    def _ended(self) -> bool:
        """Whether the drill has been ended (pause, speed, injects and messages are refused
        by the host then): says why."""
        why = self.host.ended()
        if why is not None:
            self.notify(why.render(self.lang), timeout=3)
        return why is not None

    def action_pause(self) -> None:
        """Pause or resume the clock (before the start: start)."""
        if not self.host.started:
            self.action_start()
            return
        if self._ended():
            return
        lang = self.lang
        if self.session.paused:
            if self.host.resume_clock():
                self.notify(tr("note_resumed", lang), timeout=2)
        elif self.host.pause():
            self.notify(tr("note_paused", lang), timeout=2)
        self.refresh_view(force=True)

    def action_speed(self, speed: float) -> None:
        """Set the clock speed."""
        if self._ended():
            return
        if self.host.set_speed(float(speed)):
            self.refresh_view(force=True)

    def action_faster(self) -> None:
        """The next speed up."""
        if not self._ended() and self.host.faster():
            self.refresh_view(force=True)

    def action_slower(self) -> None:
        """The next speed down."""
        if not self._ended() and self.host.slower():
            self.refresh_view(force=True)

    def action_floor(self, delta: int) -> None:
        """Show another floor."""
        self.query_one(MapPanel).step_floor(delta)

    def action_inject(self) -> None:
        """Send one of the scenario's optional injects now."""
        from tui.screens.inject import InjectScreen

        if self._ended():
            return
        dialog = InjectScreen(self.desk)
        self.app.push_screen(dialog, lambda _: self.refresh_view(force=True))

    def action_note(self) -> None:
        """A message of the facilitator's own, to one role or everyone."""
        from tui.screens.inject import NoteScreen

        if self._ended():
            return
        dialog = NoteScreen(self.desk)
        self.app.push_screen(dialog, lambda _: self.refresh_view(force=True))

    def action_end(self) -> None:
        """End the drill now (after a confirmation); the host runs the world on to the end,
        then the debrief opens."""
        from tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes and self.host.end():
                self.notify(tr("note_running_out", self.lang), timeout=3)
            self.refresh_view(force=True)

        self.app.push_screen(ConfirmScreen(Phrase("confirm_end")), answered)
