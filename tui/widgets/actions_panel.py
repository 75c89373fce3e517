"""The actions panel: every action of the scenario with its hotkey and its state (ready,
under way until, done at, or why not), chosen with its key, the arrows and Enter, or a click.

Every action is always in sight: when the panel is too short for one per line, it lays them
out in columns (read down, then across), each with its short label (the scenario's ``short``,
else its label) and its state as a mark (▸ under way, ✓ done, dim: not possible now); with
one per line it shows the whole label (the short one when the whole one does not fit) and the
state in words. Nothing scrolls.

The rows come from a seat's view (:class:`tui.room.link.ActionInfo`: the single player's seat
holds every action); labels are the scenario's, in the panel's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from math import ceil
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from sim import Lang, Scenario, localize
from tui.cells import clip
from tui.lang import lang_of
from tui.widgets.common import follow_language

if TYPE_CHECKING:
    from tui.room.link import ActionInfo

MIN_CELL = 8
"""The narrowest column (key, mark and a few characters of the label)."""


class ActionsPanel(Widget, can_focus=True):
    """The scenario's actions; choosing one asks for it to be taken."""

    DEFAULT_CSS = """
    ActionsPanel {
        height: 1fr;
        padding: 0;
        background: $surface;
    }
    ActionsPanel > .actions-panel--cursor {
        background: $block-cursor-blurred-background;
    }
    ActionsPanel:focus > .actions-panel--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"actions-panel--cursor"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1, 0)", show=False),
        Binding("down", "move(1, 0)", show=False),
        Binding("left", "move(0, -1)", show=False),
        Binding("right", "move(0, 1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
        Binding("enter", "choose", show=False),
    ]

    highlighted: reactive[int] = reactive(0)
    """The index of the action the cursor is on."""

    @dataclass
    class Chosen(Message):
        """The user wants to take this action."""

        action_id: str

    def __init__(
        self,
        scenario: Scenario,
        hotkeys: dict[str, str],
        clock: Callable[[float], str],
        rows: list[ActionInfo] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.hotkeys = hotkeys
        """Action id to the key that takes it (only keys the screen does not use)."""
        self.clock = clock
        """Sim seconds to the drill's wall clock."""
        self._rows: list[ActionInfo] = list(rows or [])
        self._signature: list[tuple[Any, ...]] = []

    def on_mount(self) -> None:
        self.rebuild()
        follow_language(self, self._language_changed)

    def _language_changed(self, lang: Lang) -> None:
        self.rebuild()

    # --- what is shown -------------------------------------------------------------------

    def rebuild(self) -> None:
        """Redraw every action (first show, or a new language)."""
        self._signature = [self._state(r) for r in self._rows]
        self.highlighted = min(self.highlighted, max(0, len(self._rows) - 1))
        self.refresh()

    def show(self, rows: list[ActionInfo]) -> None:
        """Show these actions' states; redraws only when one changed."""
        signature = [self._state(r) for r in rows]
        if signature != self._signature:
            self._rows, self._signature = list(rows), signature
            self.highlighted = min(self.highlighted, max(0, len(self._rows) - 1))
            self.refresh()

    @staticmethod
    def _state(row: ActionInfo) -> tuple[Any, ...]:
        reason = row.reason
        return (
            row.id,
            row.available,
            row.started_s,
            row.done_s,
            None if reason is None else repr(reason),
        )

    @property
    def action_ids(self) -> list[str]:
        """The actions in the order shown (down each column, then across)."""
        return [r.id for r in self._rows]

    def grid(self) -> tuple[int, int]:
        """(columns, lines per column) at the panel's present size: one column when every
        action has its own line, else as few columns as keep them all in sight."""
        n = len(self._rows)
        height = max(1, self.content_size.height)
        width = max(1, self.content_size.width)
        columns = 1 if n <= height else ceil(n / height)
        columns = max(1, min(columns, width // MIN_CELL or 1))
        return columns, max(1, ceil(n / columns)) if n else 1

    def render(self) -> Text:
        if not self._rows:
            return Text()
        columns, lines = self.grid()
        width = max(1, self.content_size.width)
        cursor = self.get_component_rich_style("actions-panel--cursor", partial=True)
        out = Text(no_wrap=True, overflow="crop", end="")
        if columns == 1:
            for i, row in enumerate(self._rows):
                line = self._line(row, width)
                if i == self.highlighted:
                    line.stylize(cursor)
                out.append_text(line)
                if i < len(self._rows) - 1:
                    out.append("\n")
            return out
        cell = self._cell_width(columns)
        for y in range(lines):
            for c in range(columns):
                i = c * lines + y
                if i >= len(self._rows):
                    break
                text = self._cell(self._rows[i], cell)
                if i == self.highlighted:
                    text.stylize(cursor)
                out.append_text(text)
                if c < columns - 1:
                    out.append(" ")
            if y < lines - 1:
                out.append("\n")
        return out

    def _cell_width(self, columns: int) -> int:
        """The width of one column, a space between two."""
        width = max(1, self.content_size.width)
        return max(1, (width - (columns - 1)) // columns)

    def _key(self, row: ActionInfo) -> str:
        return self.hotkeys.get(row.id) or " "

    def _line(self, row: ActionInfo, width: int) -> Text:
        """One action on its own line: key, whole label, state in words."""
        lang: Lang = lang_of(self)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{self._key(row)} ", Style(bold=True, color="cyan"))
        action = self.scenario.action(row.id)
        label = localize(action.label, lang)
        if cell_len(label) + 2 > width:
            label = self.short_label(row.id)
        done_s = row.done_s
        started_s = row.started_s
        if started_s is not None and (done_s is None or done_s < started_s):
            ends = started_s + action.duration_s
            text.append(label, Style(bold=True))
            text.append(f"  ▸{self.clock(ends)}", Style(color="yellow"))
        elif done_s is not None:
            text.append(label, Style(dim=not row.available))
            text.append(f"  ✓{self.clock(done_s)}", Style(color="green"))
        elif row.available:
            text.append(label, Style(bold=True))
        else:
            reason = row.reason
            text.append(label, Style(dim=True))
            if reason is not None:
                text.append("  " + clip(reason.render(lang), 40), Style(dim=True, italic=True))
        text.truncate(width, overflow="ellipsis", pad=True)
        return text

    def short_label(self, action_id: str) -> str:
        """The label an action has in a column: its short label, else its label."""
        action = self.scenario.action(action_id)
        return localize(action.short or action.label, lang_of(self))

    def _cell(self, row: ActionInfo, width: int) -> Text:
        """One action in a column: key, state mark, short label."""
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(self._key(row), Style(bold=True, color="cyan"))
        done_s = row.done_s
        started_s = row.started_s
        if started_s is not None and (done_s is None or done_s < started_s):
            text.append("▸", Style(color="yellow", bold=True))
            style = Style(bold=True)
        elif done_s is not None:
            text.append("✓", Style(color="green", bold=True))
            style = Style(dim=not row.available)
        else:
            text.append(" ")
            style = Style(bold=True) if row.available else Style(dim=True)
        label = self.short_label(row.id)
        room = width - 3
        if cell_len(label) > room:
            label = clip(label, max(1, room))
        text.append(" " + label, style)
        text.truncate(width, overflow="ellipsis", pad=True)
        return text

    # --- choosing ----------------------------------------------------------------------------

    def watch_highlighted(self) -> None:
        self.refresh()

    def action_move(self, down: int, across: int) -> None:
        """Move the cursor a line down (or up), or a column across."""
        n = len(self._rows)
        if not n:
            return
        _, lines = self.grid()
        i = self.highlighted + down + across * lines
        if 0 <= i < n:
            self.highlighted = i

    def action_jump(self, index: int) -> None:
        """The cursor to the first action (0) or the last (-1)."""
        if self._rows:
            self.highlighted = index % len(self._rows)

    def action_choose(self) -> None:
        """Ask for the action under the cursor."""
        if 0 <= self.highlighted < len(self._rows):
            self.post_message(self.Chosen(self._rows[self.highlighted].id))

    def on_click(self, event: events.Click) -> None:
        columns, lines = self.grid()
        column = min(columns - 1, event.x // (self._cell_width(columns) + 1))
        i = column * lines + event.y
        if 0 <= event.y < lines and 0 <= i < len(self._rows):
            self.highlighted = i
            self.post_message(self.Chosen(self._rows[i].id))

    def on_resize(self) -> None:
        self.refresh()
