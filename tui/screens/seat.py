"""A seat of the training room: one role's own screen (``drillsim join ADDR:PORT --code CODE
--role ROLE``), on that participant's terminal, an SSH session or a browser.

The seat shows what its role knows and nothing else (the host builds the seat's
:class:`tui.room.link.SeatView` for it, ``sim.knowledge``): the role's response card, its
open prompts with their countdowns, the actions the role may take, the feed of the events
the role saw, was told or heard, and the map. Acting opens the action's form; the form sends
the action through the seat's link (:class:`tui.room.link.SeatLink`, local or over the
network) and shows the host's answer. The clock is the facilitator's: a seat neither pauses
nor changes the speed. When a remote seat loses the host it says "reconnecting…" and
catches up from the fresh view it gets on its return.

The screen never touches the drill: everything it draws comes from the view, and every view
the link publishes replaces the previous one (:class:`tui.widgets.seatview.ViewChanged` messages
replace one another in the queue, so a slow terminal draws only the newest).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from sim import Label, Lang, Phrase, localize
from sim.i18n import tr
from tui.feedtext import EventText
from tui.screens.action_form import SeatActionForm, SeatDesk
from tui.screens.base import DrillsimScreen
from tui.widgets.cards import card_text
from tui.widgets.clock import ClockBar
from tui.widgets.common import LangFooter
from tui.widgets.feed import EventFeed
from tui.widgets.prompts import PromptPanel
from tui.widgets.seatview import (
    SEAT_BINDINGS,
    SeatActionsPanel,
    SeatFeed,
    ViewChanged,
    ViewNames,
    fit_seat,
    follow_link,
    link_refused,
    seat_hotkeys,
    status_line,
    wall_clock,
)
from tui.widgets.sitemap import MapLayout, MapPanel

if TYPE_CHECKING:
    from tui.room.link import SeatLink, SeatView


class SeatScreen(DrillsimScreen[None]):
    """One role's seat (or every role's, on a seat that holds them all)."""

    BINDINGS: ClassVar[list[BindingType]] = [*SEAT_BINDINGS]
    SUB_TITLE_KEY = "seat_title"

    DEFAULT_CSS = """
    SeatScreen #seat-status {
        height: auto;
        padding: 0 1;
        display: none;
    }
    SeatScreen #seat-status.-shown {
        display: block;
        background: $warning 20%;
    }
    SeatScreen #seat-body {
        height: 2fr;
    }
    SeatScreen #seat-map {
        width: 1fr;
    }
    SeatScreen #seat-side {
        width: 45%;
        max-width: 60;
        min-width: 30;
        border-left: vkey $primary;
    }
    SeatScreen #seat-card-scroll {
        height: auto;
        max-height: 45%;
    }
    SeatScreen #seat-card {
        padding: 0 1;
    }
    SeatScreen #seat-feed {
        height: 1fr;
        min-height: 4;
    }
    """

    def __init__(self, link: SeatLink) -> None:
        super().__init__()
        self.link = link
        self.scenario = link.scenario
        self.names = ViewNames(link)
        self.clock = wall_clock(self.scenario.start_clock)
        self.map_layout = MapLayout(self.scenario)
        self.event_text = EventText(self.names, self.clock)
        self.feed = SeatFeed()
        view = link.view
        own = {a.id for a in view.actions}
        self.hotkeys = seat_hotkeys(self.scenario, own)
        self.key_to_action = {v: k for k, v in self.hotkeys.items()}
        self.desk = SeatDesk(link)
        self._unsubscribe: Callable[[], None] | None = None
        self._card_roles: list[str] = []

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        view = self.link.view
        lang = self.lang
        yield ClockBar(localize(self.scenario.title, lang), view.duration_s, id="clock")
        yield Static(id="seat-status")
        with Horizontal(id="seat-body"):
            yield MapPanel(self.map_layout, view.snapshot(), self.clock, id="seat-map")
            with Vertical(id="seat-side"):
                yield Static(self._card_title(lang), id="seat-card-title", classes="pane-title")
                with VerticalScroll(id="seat-card-scroll"):
                    yield Static(id="seat-card")
                yield Static(tr("drill_actions", lang), id="actions-title", classes="pane-title")
                yield SeatActionsPanel(self.scenario, self.hotkeys, self.clock, id="seat-actions")
        yield PromptPanel(self.names, self.hotkeys, id="prompts")
        yield Static(tr("seat_feed", lang), id="feed-title", classes="pane-title")
        yield EventFeed(self.event_text, self.clock, self.feed.reasons, id="seat-feed")
        yield LangFooter()

    def on_mount(self) -> None:
        self.show_view(self.link.view)
        self._unsubscribe = follow_link(self, self.link)
        self.query_one(SeatActionsPanel).focus()

    def on_resize(self, event: events.Resize) -> None:
        fit_seat(self, len(self.link.view.actions))

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    @on(ViewChanged)
    def _view_changed(self, message: ViewChanged) -> None:
        message.stop()
        self.show_view(message.view)

    # --- drawing ---------------------------------------------------------------------------

    def _roles_shown(self, view: SeatView) -> list[str]:
        if view.role in (None, "*"):
            return [c.role for c in view.cards]
        return [view.role]

    def _card_title(self, lang: Lang) -> str:
        role = self.link.view.role
        if role is None or role == "*":
            return tr("seat_cards_all", lang)
        return tr("seat_card_of", lang, role=self.names.role(role, lang))

    def _card(self, view: SeatView, lang: Lang) -> Text:
        out = Text()
        roles = self._roles_shown(view)
        for i, role_id in enumerate(roles):
            if role_id not in self.scenario.index.roles:
                continue
            if len(roles) > 1:
                if i:
                    out.append("\n\n")
                out.append(self.names.role(role_id, lang) + "\n", Style(bold=True, underline=True))
            participants = next((c.participants for c in view.cards if c.role == role_id), [])
            out.append_text(card_text(self.scenario, role_id, participants, lang))
        return out

    def show_view(self, view: SeatView) -> None:
        """Draw the view: the clock, the status line, the map, the card, the actions, the
        prompts and the feed's new entries."""
        lang = self.lang
        self.names.refresh(view)
        snap = view.snapshot()
        self.query_one(ClockBar).show(snap, view.speed, view.paused or not view.started)
        status = status_line(view, lang, link_refused(self.link))
        banner = self.query_one("#seat-status", Static)
        banner.set_class(status is not None, "-shown")
        banner.update(status or "")
        self.query_one(MapPanel).show(snap)
        roles = self._roles_shown(view)
        if roles != self._card_roles:
            self._card_roles = roles
            self.query_one("#seat-card", Static).update(self._card(view, lang))
        self.query_one(SeatActionsPanel).show(view.actions)
        self.query_one(PromptPanel).show([p.prompt() for p in view.prompts], view.t_s)
        if self.feed.take(view):
            self.query_one(EventFeed).sync(self.feed.events)

    def relang(self) -> None:
        lang = self.lang
        self.query_one(ClockBar).set_title(localize(self.scenario.title, lang))
        self.query_one("#seat-card-title", Static).update(self._card_title(lang))
        self.query_one("#actions-title", Static).update(tr("drill_actions", lang))
        self.query_one("#feed-title", Static).update(tr("seat_feed", lang))
        self._card_roles = []
        self.show_view(self.link.view)

    # --- acting ----------------------------------------------------------------------------

    def action_floor(self, delta: int) -> None:
        """Show another floor."""
        self.query_one(MapPanel).step_floor(delta)

    def action_act(self, action_id: str) -> None:
        """Open the form of one of the role's actions."""
        view = self.link.view
        if view.finished or view.action(action_id) is None:
            return
        if not view.connected:
            self.notify(tr("seat_reconnecting", self.lang), severity="warning", timeout=3)
            return
        self.app.push_screen(SeatActionForm(self.desk, action_id))

    @on(SeatActionsPanel.Chosen)
    def _chosen(self, event: SeatActionsPanel.Chosen) -> None:
        self.action_act(event.action_id)

    def on_key(self, event: events.Key) -> None:
        action_id = self.key_to_action.get(event.character or "")
        if action_id is not None:
            event.stop()
            event.prevent_default()
            self.action_act(action_id)

    def help_rows(self) -> list[tuple[str, Phrase]]:
        """The role's action keys, for the help screen (which says the labels in its own
        language)."""
        sc = self.scenario
        return [(key, Label(sc.action(aid).label)) for aid, key in self.hotkeys.items()]
