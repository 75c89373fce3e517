"""Charts for the HTML report, drawn as inline SVG (no scripts, no external files).

Three charts: the expectation timeline (target and limit windows against when each was
done), a step chart (the evacuation curve) and a line chart with threshold lines (hazard
over time, on a log scale when the range is wide).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FONT = (
    "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',"
    "'Helvetica Neue',Arial,sans-serif"
)
INK = "#1f2933"
MUTED = "#6b7280"
GRID = "#e5e7eb"
GREEN = "#15803d"
AMBER = "#d97706"
RED = "#b91c1c"
BLUE = "#1d4ed8"


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def text_width(text: str, size: float) -> float:
    """Rough width of a text in px: CJK characters are square, others about half."""
    return sum(size if ord(ch) > 0x2E7F else 0.56 * size for ch in text)


def fit(text: str, width: float, size: float) -> str:
    """The text, shortened with an ellipsis to fit ``width`` px."""
    if text_width(text, size) <= width:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…", size) > width:
            break
        out += ch
    return out + "…"


def nice_step(span: float, ticks: int = 6) -> float:
    """A round step (1, 2 or 5 × 10^k) giving about ``ticks`` ticks over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def _ticks(lo: float, hi: float, ticks: int = 6) -> list[float]:
    step = nice_step(hi - lo, ticks)
    first = math.ceil(lo / step) * step
    out = []
    v = first
    while v <= hi + 1e-9:
        out.append(round(v, 10))
        v += step
    return out


def _num(v: float) -> str:
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if float(v).is_integer():
        return str(int(v))
    return f"{v:g}"


class _Svg:
    def __init__(self, width: int, height: int, label: str) -> None:
        self.width = width
        self.height = height
        self.parts: list[str] = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="100%" role="img" aria-label="{escape(label)}" '
            f'style="font-family:{FONT};max-width:{width}px">'
        ]

    def add(self, s: str) -> None:
        self.parts.append(s)

    def text(
        self,
        x: float,
        y: float,
        s: str,
        *,
        size: float = 12,
        anchor: str = "start",
        fill: str = INK,
        weight: str = "normal",
        halo: bool = False,
    ) -> None:
        ring = ' stroke="#fff" stroke-width="3" paint-order="stroke"' if halo else ""
        self.add(
            f'<text x="{_f(x)}" y="{_f(y)}" font-size="{_f(size)}" text-anchor="{anchor}" '
            f'fill="{fill}" font-weight="{weight}"{ring}>{escape(s)}</text>'
        )

    def line(
        self, x1: float, y1: float, x2: float, y2: float, *, stroke: str = GRID, width: float = 1,
        dash: str | None = None,
    ) -> None:  # fmt: skip
        d = f' stroke-dasharray="{dash}"' if dash else ""
        self.add(
            f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" '
            f'stroke="{stroke}" stroke-width="{_f(width)}"{d}/>'
        )

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        fill: str,
        *,
        opacity: float = 1.0,
        rx: float = 0,
    ) -> None:
        self.add(
            f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(max(w, 0))}" height="{_f(h)}" '
            f'fill="{fill}" fill-opacity="{opacity:g}" rx="{_f(rx)}"/>'
        )

    def done(self) -> str:
        return "".join([*self.parts, "</svg>"])


@dataclass(frozen=True)
class TimelineRow:
    """One expectation on the timeline chart."""

    label: str
    start_s: float | None
    target_s: float
    limit_s: float
    done_s: float | None
    status: str
    credit: float
    harmful: bool = False


def _legend(svg: _Svg, x: float, y: float, items: Sequence[tuple[str, str, str]]) -> None:
    """Legend entries (kind, colour, label): kind is box, dot, cross, line or dash."""
    for kind, colour, label in items:
        if kind == "box":
            svg.rect(x, y - 9, 14, 10, colour, opacity=0.45, rx=2)
        elif kind == "dot":
            svg.add(f'<circle cx="{_f(x + 7)}" cy="{_f(y - 4)}" r="5" fill="{colour}"/>')
        elif kind == "cross":
            _cross(svg, x + 7, y - 4, colour)
        elif kind == "dash":
            svg.line(x, y - 4, x + 16, y - 4, stroke=colour, width=2, dash="5 3")
        else:
            svg.line(x, y - 4, x + 16, y - 4, stroke=colour, width=2.5)
        svg.text(x + 20, y, label, size=11, fill=MUTED)
        x += 34 + text_width(label, 11)


def _cross(svg: _Svg, cx: float, cy: float, colour: str, r: float = 5) -> None:
    svg.line(cx - r, cy - r, cx + r, cy + r, stroke=colour, width=2.5)
    svg.line(cx - r, cy + r, cx + r, cy - r, stroke=colour, width=2.5)


def timeline_chart(
    rows: Sequence[TimelineRow],
    duration_s: float,
    *,
    axis_label: str,
    legend: tuple[str, str, str, str],
    title: str,
    width: int = 920,
) -> str:
    """Each expectation's target window (green), target-to-limit window (amber) and the
    moment it was done (dot) or a cross where it was due and not done."""
    label_w = 250.0
    left, right, top = label_w + 10, 20.0, 14.0
    row_h = 26.0
    plot_w = width - left - right
    height = int(top + row_h * max(len(rows), 1) + 62)
    svg = _Svg(width, height, title)
    end_min = max(duration_s / 60.0, 0.1)

    def x(t_s: float) -> float:
        return left + plot_w * min(max(t_s / 60.0, 0.0), end_min) / end_min

    plot_bottom = top + row_h * max(len(rows), 1)
    for tick in _ticks(0, end_min):
        svg.line(x(tick * 60), top, x(tick * 60), plot_bottom)
        svg.text(x(tick * 60), plot_bottom + 16, _num(tick), size=11, anchor="middle", fill=MUTED)
    svg.text(left + plot_w / 2, plot_bottom + 32, axis_label, size=11, anchor="middle", fill=MUTED)
    for i, r in enumerate(rows):
        cy = top + row_h * i + row_h / 2
        if i % 2 == 0:
            svg.rect(0, top + row_h * i, width, row_h, "#f8fafc")
        svg.text(8, cy + 4, fit(r.label, label_w - 12, 12), size=12)
        start = r.start_s if r.start_s is not None else 0.0
        if not r.harmful:
            svg.rect(
                x(start), cy - 7, x(start + r.target_s) - x(start), 14, GREEN, opacity=0.35, rx=2
            )
            svg.rect(
                x(start + r.target_s),
                cy - 7,
                x(start + r.limit_s) - x(start + r.target_s),
                14,
                AMBER,
                opacity=0.35,
                rx=2,
            )
        if r.done_s is not None and r.status != "missed":
            colour = RED if r.harmful or r.credit <= 0 else (GREEN if r.status == "met" else AMBER)
            if r.harmful:
                cx = x(r.done_s)
                svg.add(
                    f'<path d="M{_f(cx)} {_f(cy - 7)} L{_f(cx + 7)} {_f(cy)} L{_f(cx)} {_f(cy + 7)} '
                    f'L{_f(cx - 7)} {_f(cy)} Z" fill="{RED}"/>'
                )
            else:
                svg.add(
                    f'<circle cx="{_f(x(r.done_s))}" cy="{_f(cy)}" r="6" fill="{colour}" '
                    f'stroke="#fff" stroke-width="1.5"/>'
                )
        elif not r.harmful:
            _cross(svg, x(min(start + r.limit_s, duration_s)), cy, RED)
    svg.line(left, top, left, plot_bottom, stroke="#9ca3af")
    svg.line(left, plot_bottom, left + plot_w, plot_bottom, stroke="#9ca3af")
    within, to_limit, done, missed = legend
    _legend(
        svg,
        left,
        height - 8,
        [
            ("box", GREEN, within),
            ("box", AMBER, to_limit),
            ("dot", GREEN, done),
            ("cross", RED, missed),
        ],
    )
    return svg.done()


@dataclass(frozen=True)
class Series:
    """A line on a chart: points (t_s, value), its colour and label."""

    points: Sequence[tuple[float, float]]
    colour: str
    label: str
    step: bool = False
    dashed: bool = False
    fill: bool = False


@dataclass(frozen=True)
class Marker:
    """A vertical (``at_s``) or horizontal (``value``) reference line with a label."""

    label: str
    colour: str
    at_s: float | None = None
    value: float | None = None


def line_chart(
    series: Sequence[Series],
    duration_s: float,
    *,
    title: str,
    x_label: str,
    y_label: str,
    markers: Sequence[Marker] = (),
    y_max: float | None = None,
    log: bool = False,
    width: int = 920,
    height: int = 300,
) -> str:
    """A time chart of one or more series, with reference lines."""
    left, right, top, bottom = 70.0, 24.0, 18.0, 64.0
    plot_w, plot_h = width - left - right, height - top - bottom
    svg = _Svg(width, height, title)
    end_min = max(duration_s / 60.0, 0.1)
    values = [v for s in series for _, v in s.points]
    values += [m.value for m in markers if m.value is not None]
    top_v = max([y_max or 0.0, *values, 1e-9])
    if log:
        positive = [v for v in values if v > 0]
        lo = 10 ** math.floor(math.log10(min(positive))) if positive else 1.0
        hi = 10 ** math.ceil(math.log10(top_v))
        if hi <= lo:
            hi = lo * 10
        y_ticks = [10.0**k for k in range(round(math.log10(lo)), round(math.log10(hi)) + 1)]
    else:
        lo = 0.0
        hi = top_v * 1.05 if y_max is None else y_max
        y_ticks = _ticks(0, hi, 5)
        hi = max(hi, y_ticks[-1]) if y_ticks else hi

    def x(t_s: float) -> float:
        return left + plot_w * min(max(t_s / 60.0, 0.0), end_min) / end_min

    def y(v: float) -> float:
        if log:
            v = max(v, lo)
            frac = (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
        else:
            frac = (v - lo) / (hi - lo) if hi > lo else 0.0
        return top + plot_h * (1 - min(max(frac, 0.0), 1.0))

    for tick in _ticks(0, end_min):
        svg.line(x(tick * 60), top, x(tick * 60), top + plot_h)
        svg.text(x(tick * 60), top + plot_h + 16, _num(tick), size=11, anchor="middle", fill=MUTED)
    for v in y_ticks:
        svg.line(left, y(v), left + plot_w, y(v))
        svg.text(left - 6, y(v) + 4, _num(v), size=11, anchor="end", fill=MUTED)
    svg.text(left + plot_w / 2, top + plot_h + 32, x_label, size=11, anchor="middle", fill=MUTED)
    svg.add(
        f'<text transform="translate(14 {_f(top + plot_h / 2)}) rotate(-90)" font-size="11" '
        f'text-anchor="middle" fill="{MUTED}">{escape(y_label)}</text>'
    )
    placed: list[tuple[float, float, float]] = []  # (y, x_left, x_right) of labels drawn
    labels: list[tuple[float, float, str, str]] = []  # drawn over the series
    for m in markers:
        if m.value is None:
            continue
        ym = y(m.value)
        svg.line(left, ym, left + plot_w, ym, stroke=m.colour, width=1.2, dash="6 4")
        w = text_width(m.label, 10)
        x_right = left + plot_w - 4
        # Labels of close lines would overlap: move this one left of the ones in the way.
        for py, pl, pr in sorted(placed, key=lambda p: -p[2]):
            if abs(py - ym) < 12 and x_right - w < pr and x_right > pl:
                x_right = pl - 10
        placed.append((ym, x_right - w, x_right))
        labels.append((x_right, ym - 4, m.label, m.colour))
    for s in series:
        pts = list(s.points)
        if not pts:
            continue
        coords: list[tuple[float, float]] = []
        prev: tuple[float, float] | None = None
        for t_s, v in pts:
            if s.step and prev is not None:
                coords.append((x(t_s), y(prev[1])))
            coords.append((x(t_s), y(v)))
            prev = (t_s, v)
        if s.step and prev is not None:
            coords.append((x(duration_s), y(prev[1])))
        d = "M" + " L".join(f"{_f(a)} {_f(b)}" for a, b in coords)
        if s.fill:
            base = y(lo)
            svg.add(
                f'<path d="{d} L{_f(coords[-1][0])} {_f(base)} L{_f(coords[0][0])} {_f(base)} Z" '
                f'fill="{s.colour}" fill-opacity="0.12" stroke="none"/>'
            )
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        svg.add(
            f'<path d="{d}" fill="none" stroke="{s.colour}" stroke-width="2.2" '
            f'stroke-linejoin="round"{dash}/>'
        )
    for lx, ly, text, colour in labels:
        svg.text(lx, ly, text, size=10, anchor="end", fill=colour, halo=True)
    for m in markers:
        if m.at_s is not None:
            svg.line(
                x(m.at_s), top, x(m.at_s), top + plot_h, stroke=m.colour, width=1.5, dash="4 3"
            )
    svg.line(left, top, left, top + plot_h, stroke="#9ca3af")
    svg.line(left, top + plot_h, left + plot_w, top + plot_h, stroke="#9ca3af")
    legend: list[tuple[str, str, str]] = [
        ("dash" if s.dashed else "line", s.colour, s.label) for s in series
    ]
    legend += [("dash", m.colour, m.label) for m in markers if m.at_s is not None]
    _legend(svg, left, height - 8, legend)
    return svg.done()
