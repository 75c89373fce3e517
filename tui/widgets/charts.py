"""Small charts drawn with block characters, as Rich renderables that fit their width:
score bars, a column chart of a value over sim time, and an expectation's timeline."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

from tui.cells import mmss, pad_left

EIGHTHS = " ▁▂▃▄▅▆▇█"
PARTIAL = " ▏▎▍▌▋▊▉█"


def bar(value: float, maximum: float, width: int, colour: str = "green") -> Text:
    """A horizontal bar of ``value`` out of ``maximum`` in ``width`` cells (eighth steps)."""
    frac = 0.0 if maximum <= 0 else max(0.0, min(1.0, value / maximum))
    eighths = round(frac * width * 8)
    full, rest = divmod(eighths, 8)
    out = Text()
    out.append("█" * full, Style(color=colour))
    if full < width:
        out.append(PARTIAL[rest] if rest else " ", Style(color=colour))
        out.append("·" * (width - full - 1), Style(color="grey35"))
    return out


def score_colour(frac: float) -> str:
    """Green for a good share, yellow for a middling one, red for a poor one."""
    if frac >= 0.9:
        return "green"
    if frac >= 0.6:
        return "yellow"
    return "red"


@dataclass
class ColumnChart:
    """A value over sim time as columns of eighth blocks, with axes.

    ``mode`` 'last' carries the last value forward (a count that only grows); 'max' shows the
    highest value in each column's time span (a peak level). ``lines`` are horizontal
    reference lines (value, label, colour), e.g. a hazard's thresholds.
    """

    points: Sequence[tuple[float, float]]
    x_max: float
    height: int = 8
    colour: str = "green"
    y_max: float | None = None
    mode: str = "last"
    lines: Sequence[tuple[float, str, str]] = field(default_factory=list)
    log_floor: float | None = None
    """A logarithmic value axis from this value up (for levels spanning decades)."""

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(20, options.max_width)

    def columns(self, n: int) -> list[float]:
        """The value shown in each of ``n`` columns."""
        pts = sorted(self.points)
        out: list[float] = []
        k = 0
        last = 0.0
        span = self.x_max if self.x_max > 0 else 1.0
        for j in range(n):
            x1 = span * (j + 1) / n
            best: float | None = None
            while k < len(pts) and pts[k][0] <= x1:
                v = pts[k][1]
                best = v if best is None or self.mode == "last" else max(best, v)
                last = v
                k += 1
            out.append(last if best is None else best)
        return out

    def frac(self, value: float, top: float) -> float:
        """Where a value sits between the bottom (0) and the top (1) of the chart."""
        if self.log_floor is None:
            return max(0.0, min(value, top)) / top
        lo = self.log_floor
        if value <= lo:
            return 0.0
        return min(1.0, math.log10(value / lo) / math.log10(top / lo))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        values = [p[1] for p in self.points] + [v for v, _, _ in self.lines]
        top = self.y_max if self.y_max is not None else max(values, default=1.0)
        top = top if top > 0 else 1.0
        if self.log_floor is not None:
            if self.log_floor >= top:
                self.log_floor = top / 10
            middle = math.sqrt(top * self.log_floor)
            labels = [_num(top), _num(middle), _num(self.log_floor)]
        else:
            labels = [_num(top), _num(top / 2), "0"]
        axis_w = max(cell_len(x) for x in labels) + 1
        h = max(2, self.height)
        line_rows: dict[int, tuple[str, str]] = {}
        for value, label, colour in self.lines:
            if not 0 < value <= top:
                continue
            row = min(h - 1, max(0, h - math.ceil(self.frac(value, top) * h)))
            if row in line_rows:
                label = line_rows[row][0] + " / " + label
            line_rows[row] = (label, colour)
        label_w = max((cell_len(label) + 1 for label, _ in line_rows.values()), default=0)
        width = max(10, options.max_width - axis_w - 1 - label_w)
        cols = self.columns(width)
        levels = [round(self.frac(v, top) * h * 8) for v in cols]
        for r in range(h):
            out = Text(no_wrap=True, overflow="crop")
            if r == 0:
                out.append(pad_left(labels[0], axis_w - 1) + " ", Style(dim=True))
            elif r == h // 2:
                out.append(pad_left(labels[1], axis_w - 1) + " ", Style(dim=True))
            else:
                out.append(" " * axis_w)
            out.append("│", Style(dim=True))
            base = (h - 1 - r) * 8
            ref = line_rows.get(r)
            for lv in levels:
                fill = max(0, min(8, lv - base))
                if fill == 0 and ref is not None:
                    out.append("┄", Style(color=ref[1]))
                else:
                    out.append(EIGHTHS[fill], Style(color=self.colour))
            if ref is not None:
                out.append(" " + ref[0], Style(color=ref[1]))
            yield out
        axis = Text(no_wrap=True, overflow="crop")
        axis.append(pad_left(labels[2], axis_w - 1) + " └" + "─" * width, Style(dim=True))
        yield axis
        ticks = Text(no_wrap=True, overflow="crop")
        left, mid, right = "0:00", mmss(self.x_max / 2), mmss(self.x_max)
        gap1 = max(1, width // 2 - cell_len(left) - cell_len(mid) // 2)
        gap2 = max(1, width - cell_len(left) - gap1 - cell_len(mid) - cell_len(right))
        ticks.append(
            " " * (axis_w + 1) + left + " " * gap1 + mid + " " * gap2 + right, Style(dim=True)
        )
        yield ticks


@dataclass
class TimelineBar:
    """One expectation on the drill's time axis: the target span (green), the limit span
    (yellow), and when it was done (●) or that it was missed (✗)."""

    start_s: float | None
    target_s: float
    limit_s: float
    done_s: float | None
    total_s: float
    status: str

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(10, options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.text(max(10, options.max_width))

    def text(self, width: int) -> Text:
        """The bar in ``width`` cells."""
        total = self.total_s if self.total_s > 0 else 1.0

        def col(t: float) -> int:
            return max(0, min(width - 1, int(t / total * width)))

        cells: list[tuple[str, Style]] = [("·", Style(color="grey35"))] * width
        if self.start_s is not None:
            a = col(self.start_s)
            b = col(self.start_s + self.target_s)
            c = col(self.start_s + self.limit_s)
            for k in range(a, b + 1):
                cells[k] = ("━", Style(color="green"))
            for k in range(b + 1, c + 1):
                cells[k] = ("━", Style(color="yellow"))
            cells[a] = ("├", Style(color="green"))
        marker_style = {
            "met": Style(color="bright_green", bold=True),
            "late": Style(color="bright_yellow", bold=True),
            "violated": Style(color="bright_red", bold=True),
        }.get(self.status, Style(color="bright_red", bold=True))
        if self.done_s is not None:
            cells[col(self.done_s)] = ("●", marker_style)
        elif self.status == "missed":
            cells[-1] = ("✗", marker_style)
        out = Text(no_wrap=True, overflow="crop")
        for ch, st in cells:
            out.append(ch, st)
        return out


def _num(x: float) -> str:
    if abs(x) >= 10_000:
        return f"{x:,.0f}"
    if abs(x) >= 100 or float(x).is_integer():
        return f"{x:.0f}"
    return f"{x:.3g}"


@dataclass
class ProgressChart:
    """A team's totals drill by drill (0–100), oldest on the left: one column per drill,
    coloured by how good the total is; the newest drills when they do not all fit."""

    totals: Sequence[float]
    first_label: str = ""
    last_label: str = ""
    height: int = 5

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(20, options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        labels = ["100", "50", "0"]
        axis_w = 4
        h = max(2, self.height)
        room = max(1, (options.max_width - axis_w - 1) // 3)
        shown = list(self.totals)[-room:]
        levels = [round(max(0.0, min(100.0, v)) / 100 * h * 8) for v in shown]
        for r in range(h):
            out = Text(no_wrap=True, overflow="crop")
            label = labels[0] if r == 0 else labels[1] if r == h // 2 else " "
            out.append(pad_left(label, axis_w - 1) + " │", Style(dim=True))
            base = (h - 1 - r) * 8
            for lv, v in zip(levels, shown, strict=True):
                fill = max(0, min(8, lv - base))
                out.append(EIGHTHS[fill] * 2, Style(color=score_colour(v / 100)))
                out.append(" ")
            yield out
        width = max(1, 3 * len(shown))
        axis = Text(no_wrap=True, overflow="crop")
        axis.append(pad_left(labels[2], axis_w - 1) + " └" + "─" * width, Style(dim=True))
        yield axis
        if self.first_label or self.last_label:
            ticks = Text(no_wrap=True, overflow="crop")
            gap = max(1, width - cell_len(self.first_label) - cell_len(self.last_label))
            text = self.first_label
            if len(shown) > 1 and self.last_label:
                text += " " * gap + self.last_label
            ticks.append(" " * (axis_w + 1) + text, Style(dim=True))
            yield ticks
