"""How the drill screen and a seat share their lines on a terminal of a given size, so that
every action keeps its key and its whole short label in sight at every moment of a drill,
from 80×24 up (docs/app.md, Screens).

On a short terminal the feed keeps four lines, the team pane is hidden, the side pane is
made wide enough for two columns of whole short labels, and the prompts pane gets the
lines the actions leave: at most :data:`tui.widgets.prompts.MAX_LINES`, at least one (the
most urgent prompt; the pane says how many more there are). The functions here are pure
arithmetic over the screens' fixed lines, so the screens and the tests read the same
numbers."""

from __future__ import annotations

from dataclasses import dataclass

from tui.widgets.actions_panel import column_cells, lines_needed
from tui.widgets.prompts import MAX_LINES

COMPACT_HEIGHT = 36
"""Below this many lines the drill screen is compact: no team pane, a feed of four lines."""

LARGE = (120, 36)
"""From this terminal size up, the drill screen's clock shows big digits (projector)."""

LARGE_CLOCK_LINES = 3
"""The lines of the clock with big digits (one without)."""

FEED_LINES = 4
"""The feed's lines on a compact screen."""

SIDE_SHARE = 0.40
SIDE_MIN = 30
SIDE_MAX = 56
"""The drill screen's side pane (actions and team) as a share of the width, and its
bounds."""

SEAT_SIDE_SHARE = 0.45
SEAT_SIDE_MAX = 60
"""A seat's side pane (card and actions): a little wider, the map is the role's own."""

MAP_MIN = 30
"""The map keeps at least this many columns when the side pane widens for two columns."""

BORDER = 1
"""The side pane's left border."""

CARD_MIN_LINES = 2
"""A seat's card keeps at least this many lines when it is shown at all."""


@dataclass(frozen=True)
class Fit:
    """How a screen lays out its panes at one terminal size."""

    compact: bool
    """Short terminal: no team pane, a feed of :data:`FEED_LINES` lines."""
    large_clock: bool
    side_width: int
    """The side pane's width in cells (with its border)."""
    prompt_lines: int
    """The most lines the prompts pane may take."""
    action_lines: int
    """The lines the actions take with that many prompt lines."""
    feed_lines: int = FEED_LINES
    card_lines: int = 0
    """A seat: the most lines its role card may take (0: hidden, for want of room; the card
    is also in the briefing)."""


def side_width(
    width: int,
    count: int,
    lines: int,
    label_cells: int,
    share: float = SIDE_SHARE,
    most: int = SIDE_MAX,
) -> int:
    """The side pane's width: its share of the terminal, widened to hold two columns of
    whole short labels when ``count`` actions need more than ``lines`` lines, as far as the
    map keeps :data:`MAP_MIN` columns."""
    share = max(SIDE_MIN, min(most, int(width * share)))
    if count > lines:
        two = column_cells(label_cells, 2) + BORDER
        share = max(share, min(two, width - MAP_MIN))
    return max(1, min(share, width))


def drill_fit(width: int, height: int, actions: int, roles: int, label_cells: int) -> Fit:
    """The drill screen's layout. Tall (the team pane shown, the map and the feed sharing
    the height two to one) when the actions fit beside the team with five prompts open;
    compact otherwise."""
    large = width >= LARGE[0] and height >= LARGE[1]
    clock = LARGE_CLOCK_LINES if large else 1
    if height >= COMPACT_HEIGHT:
        # clock, prompts, the feed's title, the feed (a third of the rest), the footer
        body = (height - clock - MAX_LINES - 2) * 2 // 3
        team = min(roles, int(body * 0.4))
        room = body - 1 - team  # the actions' title
        side = side_width(width, actions, room, label_cells)
        need = lines_needed(actions, room, side - BORDER, label_cells)
        if need <= room:
            return Fit(False, large, side, MAX_LINES, need, feed_lines=0)
    # compact: clock, [body: actions' title + actions], prompts, feed title, feed, footer
    fixed = clock + 1 + 1 + FEED_LINES + 1
    side = side_width(width, actions, height - fixed - 1, label_cells)
    prompts, need = 1, 0
    for prompts in range(MAX_LINES, 0, -1):
        room = height - fixed - prompts
        need = lines_needed(actions, room, side - BORDER, label_cells)
        if need <= room:
            break
    return Fit(True, large, side, prompts, need)


def seat_fit(width: int, height: int, actions: int, label_cells: int) -> Fit:
    """A seat's layout: the clock, a status line, [the card's title and the card, the
    actions' title and the actions], the prompts, the feed's title and the feed, the footer.
    The actions take the lines they need and the prompts pane what they leave (its most:
    the card keeping :data:`CARD_MIN_LINES`), the card at most the rest. On a tall terminal
    the feed takes a third of the height."""
    compact = height < COMPACT_HEIGHT
    feed = FEED_LINES if compact else max(FEED_LINES, (height - 3 - MAX_LINES) // 3)
    fixed = 1 + 1 + 1 + feed + 1  # clock, status, feed title, feed, footer
    side = side_width(
        width,
        actions,
        height - fixed - 2 - CARD_MIN_LINES,
        label_cells,
        SEAT_SIDE_SHARE,
        SEAT_SIDE_MAX,
    )
    for titles, card_min in ((2, CARD_MIN_LINES), (1, 0)):
        for prompts in range(MAX_LINES, 0, -1):
            room = height - fixed - prompts - titles - card_min
            need = lines_needed(actions, room, side - BORDER, label_cells)
            if need <= room:
                card = room - need + card_min if card_min else 0
                return Fit(compact, False, side, prompts, need, feed, card)
    room = height - fixed - 1 - 1
    need = lines_needed(actions, room, side - BORDER, label_cells)
    return Fit(compact, False, side, 1, need, feed, 0)
