"""The projector's view of the training room (``drillsim join ADDR:PORT --code CODE
--display``): a big clock, the map and the public feed, for the whole room to see.

It shows no answers: the host sends a display seat only public events (``sim.knowledge``),
no role's card, prompts or actions, and no score; the screen has nothing to act with. Like a
seat, it draws each view its link publishes and says "reconnecting…" while the host is away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Static

from sim import localize
from sim.i18n import tr
from tui.feedtext import EventText
from tui.screens.base import DrillsimScreen
from tui.widgets.clock import ClockBar
from tui.widgets.common import LangFooter
from tui.widgets.feed import EventFeed
from tui.widgets.seatview import (
    SEAT_BINDINGS,
    SeatFeed,
    ViewChanged,
    ViewNames,
    follow_link,
    link_refused,
    status_line,
    wall_clock,
)
from tui.widgets.sitemap import MapLayout, MapPanel

if TYPE_CHECKING:
    from tui.room.link import SeatLink, SeatView


class DisplayScreen(DrillsimScreen[None]):
    """The common picture: big clock, map, public feed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        b for b in SEAT_BINDINGS if b.action != "app.focus_next"
    ]
    SUB_TITLE_KEY = "display_title"

    DEFAULT_CSS = """
    DisplayScreen #display-status {
        height: auto;
        padding: 0 1;
        display: none;
    }
    DisplayScreen #display-status.-shown {
        display: block;
        background: $warning 20%;
    }
    DisplayScreen #display-map {
        height: 2fr;
    }
    DisplayScreen #display-feed {
        height: 1fr;
        min-height: 3;
    }
    """

    def __init__(self, link: SeatLink) -> None:
        super().__init__()
        self.link = link
        self.scenario = link.scenario
        self.names = ViewNames(link)
        self.clock: Callable[[float], str] = wall_clock(self.scenario.start_clock)
        self.map_layout = MapLayout(self.scenario)
        self.event_text = EventText(self.names, self.clock)
        self.feed = SeatFeed()
        self._unsubscribe: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        view = self.link.view
        lang = self.lang
        yield ClockBar(localize(self.scenario.title, lang), view.duration_s, id="clock")
        yield Static(id="display-status")
        yield MapPanel(self.map_layout, view.snapshot(), self.clock, id="display-map")
        yield Static(tr("display_feed", lang), id="feed-title", classes="pane-title")
        yield EventFeed(self.event_text, self.clock, self.feed.reasons, id="display-feed")
        yield LangFooter()

    def on_mount(self) -> None:
        self.query_one(ClockBar).set_large(True)
        self.show_view(self.link.view)
        self._unsubscribe = follow_link(self, self.link)

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    @on(ViewChanged)
    def _view_changed(self, message: ViewChanged) -> None:
        message.stop()
        self.show_view(message.view)

    def show_view(self, view: SeatView) -> None:
        """Draw the view: the clock, the status line, the map and the feed's new entries."""
        self.names.refresh(view)
        snap = view.snapshot()
        self.query_one(ClockBar).show(snap, view.speed, view.paused or not view.started)
        status = status_line(view, self.lang, link_refused(self.link))
        banner = self.query_one("#display-status", Static)
        banner.set_class(status is not None, "-shown")
        banner.update(status or "")
        self.query_one(MapPanel).show(snap)
        if self.feed.take(view):
            self.query_one(EventFeed).sync(self.feed.events)

    def relang(self) -> None:
        lang = self.lang
        self.query_one(ClockBar).set_title(localize(self.scenario.title, lang))
        self.query_one("#feed-title", Static).update(tr("display_feed", lang))
        self.show_view(self.link.view)

    def action_floor(self, delta: int) -> None:
        """Show another floor."""
        self.query_one(MapPanel).step_floor(delta)
