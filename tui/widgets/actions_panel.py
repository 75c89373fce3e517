"""The actions panel: every action of the scenario with its hotkey and its state (ready,
under way until, done at, or why not), chosen with its key, the arrows and Enter, or a click.

Every action is always in sight: when the panel is too short for one per line, it lays them
out in columns (read down, then across), each with its short label (the scenario's ``short``,
else its label) and its state as a mark (▸ under way, ✓ done, dim: not possible now); with
one per line it shows the whole label (the short one when the whole one does not fit) and the
state in words. Nothing scrolls.

:class:`ActionGrid` is that layout; :class:`ActionsPanel` fills it from a seat's view (the
single player's seat on the drill screen, which holds every action), and
``tui.widgets.seatview.SeatActionsPanel`` is the same for a role's seat. The screens size
their panes with :func:`column_cells` and :func:`lines_needed` so that the short labels
always fit whole (a short label has at most :data:`sim.SHORT_MAX_CELLS` cells)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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

from sim import Lang, Phrase, Scenario, localize
from tui.cells import clip
from tui.lang import lang_of
from tui.widgets.common import follow_language

if TYPE_CHECKING:
    from tui.room.link import ActionInfo

MIN_CELL = 8
"""The narrowest column (key, mark and a few characters of the label)."""

CELL_EXTRA = 3
"""The cells of a column besides its label: the key, the state mark and a space."""


def short_label_cells(scenario: Scenario, action_ids: Iterable[str] | None = None) -> int:
    """The widest short label (the scenario's ``short``, else its label) of these actions
    (every action by default), in either language: the panes are sized for the wider, so
    that F2 never cuts a label."""
    wanted = None if action_ids is None else set(action_ids)
    widest = 0
    for action in scenario.actions:
        if wanted is not None and action.id not in wanted:
            continue
        for lang in ("zh", "en"):
            widest = max(widest, cell_len(localize(action.short or action.label, lang)))
    return widest


def column_cells(label_cells: int, columns: int) -> int:
    """The cells ``columns`` columns take with labels of ``label_cells`` cells (a space
    between two columns)."""
    return columns * (label_cells + CELL_EXTRA) + max(0, columns - 1)


def columns_that_fit(width: int, label_cells: int) -> int:
    """How many columns of whole labels of ``label_cells`` cells fit in ``width`` cells
    (at least one)."""
    return max(1, (width + 1) // (label_cells + CELL_EXTRA + 1))


def lines_needed(count: int, height: int, width: int, label_cells: int) -> int:
    """The lines ``count`` actions take in a panel of ``width`` cells with at most
    ``height`` lines: one per action when they fit, else as many columns of whole labels as
    the width holds (the fewest lines)."""
    if count <= max(1, height):
        return max(1, count)
    return max(1, ceil(count / columns_that_fit(width, label_cells)))


@dataclass(frozen=True)
class GridRow:
    """One action as the grid shows it, in the current language."""

    id: str
    label: str
    """The whole label."""
    short: str
    """The short label (the label when the scenario gives none)."""
    available: bool
    reason: Phrase | None
    """Why it cannot be taken now."""
    started_s: float | None
    done_s: float | None
    duration_s: float

    @property
    def under_way(self) -> bool:
        return self.started_s is not None and (self.done_s is None or self.done_s < self.started_s)


class ActionGrid(Widget, can_focus=True):
    """Actions in one column, or in columns of short labels when the panel is too short;
    choosing one posts :class:`ActionGrid.Chosen`. Subclasses say what the rows are
    (:meth:`grid_rows`)."""

    DEFAULT_CSS = """
    ActionGrid {
        height: 1fr;
        padding: 0;
        background: $surface;
    }
    ActionGrid > .actions-panel--cursor {
        background: $block-cursor-blurred-background;
    }
    ActionGrid:focus > .actions-panel--cursor {
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
        self, hotkeys: dict[str, str], clock: Callable[[float], str], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.hotkeys = hotkeys
        """Action id to the key that takes it (only keys the screen does not use)."""
        self.clock = clock
        """Sim seconds to the scenario's wall clock, for 'under way until' and 'done at'."""

    def on_mount(self) -> None:
        follow_language(self, self._language_changed)

    def _language_changed(self, lang: Lang) -> None:
        self.refresh()

    def grid_rows(self, lang: Lang) -> list[GridRow]:
        """The actions in the order shown, in ``lang``."""
        raise NotImplementedError

    def _count(self) -> int:
        return len(self.action_ids)

    @property
    def action_ids(self) -> list[str]:
        """The actions in the order shown (down each column, then across)."""
        raise NotImplementedError

    def short_label(self, action_id: str) -> str:
        """The label an action has in a column: its short label, else its label."""
        for row in self.grid_rows(lang_of(self)):
            if row.id == action_id:
                return row.short
        raise KeyError(action_id)

    # --- layout ------------------------------------------------------------------------------

    def grid(self) -> tuple[int, int]:
        """(columns, lines per column) at the panel's present size: one column when every
        action has its own line, else as few columns as keep them all in sight."""
        n = self._count()
        height = max(1, self.content_size.height)
        width = max(1, self.content_size.width)
        columns = 1 if n <= height else ceil(n / height)
        columns = max(1, min(columns, width // MIN_CELL or 1))
        return columns, max(1, ceil(n / columns)) if n else 1

    def _cell_width(self, columns: int) -> int:
        """The width of one column, a space between two."""
        width = max(1, self.content_size.width)
        return max(1, (width - (columns - 1)) // columns)

    def render(self) -> Text:
        rows = self.grid_rows(lang_of(self))
        if not rows:
            return Text()
        columns, lines = self.grid()
        width = max(1, self.content_size.width)
        cursor = self.get_component_rich_style("actions-panel--cursor", partial=True)
        out = Text(no_wrap=True, overflow="crop", end="")
        if columns == 1:
            for i, row in enumerate(rows):
                line = self._line(row, width)
                if i == self.highlighted:
                    line.stylize(cursor)
                out.append_text(line)
                if i < len(rows) - 1:
                    out.append("\n")
            return out
        cell = self._cell_width(columns)
        for y in range(lines):
            for c in range(columns):
                i = c * lines + y
                if i >= len(rows):
                    break
                text = self._cell(rows[i], cell)
                if i == self.highlighted:
                    text.stylize(cursor)
                out.append_text(text)
                if c < columns - 1:
                    out.append(" ")
            if y < lines - 1:
                out.append("\n")
        return out

    def _key(self, row: GridRow) -> str:
        return self.hotkeys.get(row.id) or " "

    def _line(self, row: GridRow, width: int) -> Text:
        """One action on its own line: key, whole label, state in words."""
        lang: Lang = lang_of(self)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{self._key(row)} ", Style(bold=True, color="cyan"))
        label = row.label
        if cell_len(label) + 2 > width:
            label = row.short
        if row.under_way:
            assert row.started_s is not None
            text.append(label, Style(bold=True))
            text.append(f"  ▸{self.clock(row.started_s + row.duration_s)}", Style(color="yellow"))
        elif row.done_s is not None:
            text.append(label, Style(dim=not row.available))
            text.append(f"  ✓{self.clock(row.done_s)}", Style(color="green"))
        elif row.available:
            text.append(label, Style(bold=True))
        else:
            text.append(label, Style(dim=True))
            if row.reason is not None:
                text.append("  " + clip(row.reason.render(lang), 40), Style(dim=True, italic=True))
        text.truncate(width, overflow="ellipsis", pad=True)
        return text

    def _cell(self, row: GridRow, width: int) -> Text:
        """One action in a column: key, state mark, short label."""
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(self._key(row), Style(bold=True, color="cyan"))
        if row.under_way:
            text.append("▸", Style(color="yellow", bold=True))
            style = Style(bold=True)
        elif row.done_s is not None:
            text.append("✓", Style(color="green", bold=True))
            style = Style(dim=not row.available)
        else:
            text.append(" ")
            style = Style(bold=True) if row.available else Style(dim=True)
        label = row.short
        room = width - CELL_EXTRA
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
        n = self._count()
        if not n:
            return
        _, lines = self.grid()
        i = self.highlighted + down + across * lines
        if 0 <= i < n:
            self.highlighted = i

    def action_jump(self, index: int) -> None:
        """The cursor to the first action (0) or the last (-1)."""
        n = self._count()
        if n:
            self.highlighted = index % n

    def action_choose(self) -> None:
        """Ask for the action under the cursor."""
        ids = self.action_ids
        if 0 <= self.highlighted < len(ids):
            self.post_message(self.Chosen(ids[self.highlighted]))

    def on_click(self, event: events.Click) -> None:
        columns, lines = self.grid()
        column = min(columns - 1, event.x // (self._cell_width(columns) + 1))
        i = column * lines + event.y
        ids = self.action_ids
        if 0 <= event.y < lines and 0 <= i < len(ids):
            self.highlighted = i
            self.post_message(self.Chosen(ids[i]))

    def on_resize(self) -> None:
        self.refresh()


class ActionsPanel(ActionGrid):
    """Actions from a seat's view (:class:`tui.room.link.ActionInfo`), labelled from the
    scenario in the panel's language; choosing one asks for it to be taken. The drill screen
    shows the single player's seat, which holds every action; a role's seat shows its own
    (``tui.widgets.seatview.SeatActionsPanel``)."""

    def __init__(
        self,
        scenario: Scenario,
        hotkeys: dict[str, str],
        clock: Callable[[float], str],
        rows: list[ActionInfo] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(hotkeys, clock, **kwargs)
        self.scenario = scenario
        self.rows: list[ActionInfo] = list(rows or [])

    def show(self, rows: list[ActionInfo], *, force: bool = False) -> None:
        """Draw these actions (redrawn only when one changed, or with ``force``)."""
        if force or rows != self.rows:
            self.rows = list(rows)
            if self.rows:
                self.highlighted = min(self.highlighted, len(self.rows) - 1)
            self.refresh()

    @property
    def action_ids(self) -> list[str]:
        return [r.id for r in self.rows]

    def grid_rows(self, lang: Lang) -> list[GridRow]:
        out = []
        for row in self.rows:
            action = self.scenario.index.actions.get(row.id)
            label = localize(action.label, lang) if action is not None else row.label
            short = localize(action.short, lang) if action and action.short else label
            out.append(
                GridRow(
                    id=row.id,
                    label=label,
                    short=short,
                    available=row.available,
                    reason=row.reason,
                    started_s=row.started_s,
                    done_s=row.done_s,
                    duration_s=action.duration_s if action is not None else 0.0,
                )
            )
        return out
