"""The event feed: injects, actions, refusals and milestones as they happen, newest last.

The feed draws its own lines (Textual's line API) instead of growing a scrolling log: a new
event then costs the lines it adds, not a new layout of the screen, which keeps a drill tick
cheap when many events arrive at once. The mouse wheel, or the arrow and page keys when the
feed has focus, scroll back through earlier events; End returns to the newest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.strip import Strip
from textual.widget import Widget

from sim import Event, Lang, Phrase, terminal
from tui.feedtext import EventText
from tui.lang import lang_of
from tui.widgets.common import follow_language, follow_theme
from tui.wrapped import Wrapped

KEEP_EVENTS = 400
"""Events the feed keeps drawn; earlier ones are in the result and the saved record."""


class EventFeed(Widget, can_focus=True):
    """Lines from the event log; rewritten in the other language on a switch."""

    DEFAULT_CSS = """
    EventFeed {
        height: 1fr;
        background: $surface;
    }
    EventFeed:focus {
        background-tint: $foreground 4%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "back(1)", show=False),
        Binding("down", "back(-1)", show=False),
        Binding("pageup", "page(1)", show=False),
        Binding("pagedown", "page(-1)", show=False),
        Binding("end", "newest", show=False),
    ]

    def __init__(
        self,
        text: EventText,
        clock: Callable[[float], str],
        reasons: dict[int, Phrase],
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.text = text
        self.clock = clock
        self.reasons = reasons
        self.shown = 0
        self.offset_back = 0
        """Lines scrolled back from the newest."""
        self._log: Sequence[Event] = ()
        self._lines: list[Strip] = []
        self._plain: list[str] = []
        self._width = 0
        self._moving_seen: set[str] = set()
        """'Start moving' sentences shown already: groups with the same name (one per
        hotel room, say) share one line."""

    # --- content ---------------------------------------------------------------------------

    def sync(self, log: Sequence[Event]) -> None:
        """Draw the events not shown yet."""
        self._log = log
        if self.shown >= len(log):
            return
        width = self.size.width
        if width <= 0:
            return
        if width != self._width:
            self._redraw_all()
            return
        lang = lang_of(self)
        before = len(self._lines)
        for i in range(self.shown, len(log)):
            self._add(i, log[i], lang)
        self.shown = len(log)
        if self.offset_back:
            self.offset_back += len(self._lines) - before
        self._trim()
        self.refresh()

    def render_event(self, index: int, event: Event, lang: Lang) -> Table:
        """One feed entry: the wall time, then the sentence (wrapped lines stay indented)."""
        line = self.text.line(event, lang, self.reasons.get(index))
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        body = Text(terminal(line.text), Style.parse(line.style) if line.style else Style())
        # Chinese has no spaces to break at: it wraps by sim.linebreak's rules
        grid.add_row(
            Text(self.clock(event.t_s), Style(dim=True)),
            Wrapped(body, lang) if lang == "zh" else body,
        )
        return grid

    def _add(self, index: int, event: Event, lang: Lang) -> None:
        if event.kind == "start_moving":
            sentence = self.text.line(event, lang, None).text
            if sentence in self._moving_seen:
                return
            self._moving_seen.add(sentence)
        console: Console = self.app.console
        options: ConsoleOptions = console.options.update_width(self._width)
        base = self.rich_style
        for segments in console.render_lines(
            self.render_event(index, event, lang), options, pad=True
        ):
            strip = Strip(segments, self._width).apply_style(base)
            self._lines.append(strip)
            self._plain.append("".join(seg.text for seg in segments if not seg.control))

    def _trim(self) -> None:
        limit = KEEP_EVENTS * 3
        if len(self._lines) > limit:
            del self._lines[: len(self._lines) - limit]
            del self._plain[: len(self._plain) - limit]

    def _redraw_all(self) -> None:
        self._width = self.size.width
        self._lines = []
        self._plain = []
        self._moving_seen = set()
        lang = lang_of(self)
        start = max(0, len(self._log) - KEEP_EVENTS)
        for i in range(start, len(self._log)):
            self._add(i, self._log[i], lang)
        self.shown = len(self._log)
        self.refresh()

    @property
    def lines(self) -> list[str]:
        """The feed's lines as plain text, oldest first."""
        return list(self._plain)

    def on_mount(self) -> None:
        follow_language(self, self._redraw)
        follow_theme(self, self._redraw)

    def _redraw(self, _: object = None) -> None:
        """Draw every line again: in a new language, or on a new theme's background."""
        self._width = 0
        if self.size.width > 0:
            self._redraw_all()

    def on_resize(self) -> None:
        if self.size.width != self._width and self.size.width > 0:
            self._redraw_all()

    # --- drawing and scrolling ----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        height = self.size.height
        total = len(self._lines)
        self.offset_back = max(0, min(self.offset_back, max(0, total - height)))
        first = max(0, total - height - self.offset_back)
        i = first + y
        if 0 <= i < total and i < first + height:
            return self._lines[i]
        return Strip([Segment(" " * self.size.width, self.rich_style)], self.size.width)

    def action_back(self, lines: int) -> None:
        """Scroll towards earlier events (negative: towards the newest)."""
        self.offset_back = max(0, self.offset_back + lines)
        self.refresh()

    def action_page(self, pages: int) -> None:
        """Scroll a page."""
        self.action_back(pages * max(1, self.size.height - 1))

    def action_newest(self) -> None:
        """Back to the newest events."""
        self.offset_back = 0
        self.refresh()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.action_back(2)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.action_back(-2)
