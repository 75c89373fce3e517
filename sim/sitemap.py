"""The site map as a picture (``drillsim draw``): SVG text, or a PNG drawn with Pillow.

The picture shows the places (shape and colour by kind, every name as text), the ways with
their clear widths (stroke width to scale, the width written beside doors, stairs and
corridors), each floor in its own panel side by side (lowest first), the exits and
assembly points, the hazard's source and the wind. Optionally it shows the hazard
footprint at a sim time under a playbook: each place coloured by the highest named
threshold it has reached then (AEGL or ERPG levels, %LEL, smoke), untenable places
outlined.

The picture is built once as a list of plain shapes (:class:`Scene`) and written by one
of two small renderers, so the SVG and the PNG always show the same thing.
"""

from __future__ import annotations

import glob
import io
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from sim.i18n import tr
from sim.scenario import Scenario
from sim.text import Lang, localize

KIND_FILL: dict[str, str] = {
    "room": "#dde6f0",
    "corridor": "#eeeeee",
    "stair": "#f3e2b3",
    "lift": "#e0c8e8",
    "exit": "#3aa655",
    "assembly": "#2e8b57",
    "road": "#9a9a9a",
    "yard": "#e6f2dc",
    "gate": "#c9b37e",
    "outdoor": "#edf5e6",
}
EDGE_STROKE: dict[str, str] = {
    "corridor": "#7a8a99",
    "door": "#5b6e80",
    "stair": "#b8860b",
    "road": "#8c8c8c",
    "open": "#9bbf8a",
    "lift": "#8e5ea2",
}
SEVERITY_FILL = ("#ffffff", "#fff3a0", "#ffc04d", "#ff7a3d", "#d7301f", "#8b0000")
"""Fill by severity: how many named thresholds a place has reached (0: none)."""

PANEL_PX = 560.0
"""Largest panel side, px."""
MAX_PX_PER_M = 30.0
"""A small site is drawn at most this large, px per metre."""
PANELS_PER_ROW = 3
MARGIN_PX = 40.0
GAP_PX = 60.0
HEADER_PX = 100.0
LEGEND_PX = 70.0


@dataclass(frozen=True)
class Shape:
    """One thing to draw, in pixels (y grows downwards)."""

    kind: str
    """line, circle, rect, poly or text."""
    points: tuple[tuple[float, float], ...]
    fill: str | None = None
    stroke: str | None = None
    width: float = 1.0
    dash: bool = False
    text: str = ""
    size: float = 11.0
    anchor: str = "middle"
    """start, middle or end (text only)."""
    radius: float = 0.0


@dataclass
class Scene:
    """A picture: its size and its shapes in drawing order."""

    width: float
    height: float
    shapes: list[Shape] = field(default_factory=list)

    def add(self, shape: Shape) -> None:
        """Draw ``shape`` over what is there."""
        self.shapes.append(shape)

    def texts(self) -> list[str]:
        """Every text in the picture (for tests and for the briefing)."""
        return [s.text for s in self.shapes if s.kind == "text"]


@dataclass(frozen=True)
class Footprint:
    """The hazard at one moment: severity per node and the untenable nodes."""

    t_s: float
    playbook: str
    severity: dict[str, int]
    untenable: frozenset[str]
    thresholds: tuple[str, ...]


def _floor_label(floor: int, lang: Lang) -> str:
    """Floor 0 is the ground floor, 首层; floor 1 is the Chinese 2 层; −1 is 地下 1 层."""
    if floor == 0:
        return tr("map_ground", lang)
    if floor < 0:
        return tr("map_basement", lang, storey=-floor, floor=floor)
    return tr("map_floor", lang, storey=floor + 1, floor=floor)


def _source_nodes(scenario: Scenario) -> set[str]:
    """Nodes where the hazard starts: a leak's source, a fire's origin, gas sources."""
    out: set[str] = set()
    for path, node_id in scenario.hazard.params.node_refs():
        if path and path[0] in ("source_node", "origin", "sources", "outdoor_node"):
            out.add(node_id)
    return out


def _panels(scenario: Scenario, lang: Lang) -> list[tuple[str, list[str]]]:
    """What each panel shows: one panel per floor, lowest first, and one for the distant
    roads (a station kilometres away, with the places its road leads to), whose length
    would otherwise shrink the buildings to a dot. Roads on the site stay on the ground
    floor's panel."""
    nodes = scenario.site.nodes
    site = [n for n in nodes if n.kind != "road"] or list(nodes)
    xs, ys = [n.x_m for n in site], [n.y_m for n in site]
    margin = max(0.25 * max(max(xs) - min(xs), max(ys) - min(ys)), 30.0)
    far = {
        n.id
        for n in nodes
        if n.kind == "road"
        and not (
            min(xs) - margin <= n.x_m <= max(xs) + margin
            and min(ys) - margin <= n.y_m <= max(ys) + margin
        )
    }
    out: list[tuple[str, list[str]]] = []
    for f in sorted({n.floor for n in nodes if n.id not in far}):
        out.append(
            (_floor_label(f, lang), [n.id for n in nodes if n.floor == f and n.id not in far])
        )
    if far:
        linked = set(far)
        for e in scenario.site.edges:
            if e.source in far or e.target in far:
                linked |= {e.source, e.target}
        out.append((tr("map_roads", lang), [n.id for n in nodes if n.id in linked]))
    return out


def build_scene(scenario: Scenario, lang: Lang, footprint: Footprint | None = None) -> Scene:
    """The site map of ``scenario`` as shapes, labels in ``lang``."""
    panels = _panels(scenario, lang)
    # Each panel has its own scale (pixels per metre) and a scale bar.
    layout: list[tuple[float, float, float, float, float]] = []  # x0_m, y1_m, scale, w, h
    for _, ids in panels:
        xs = [scenario.node(i).x_m for i in ids]
        ys = [scenario.node(i).y_m for i in ids]
        span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
        scale = min(PANEL_PX / span, MAX_PX_PER_M)
        w = max((max(xs) - min(xs)) * scale, 60.0)
        h = max((max(ys) - min(ys)) * scale, 30.0)
        layout.append((min(xs), max(ys), scale, w, h))
    cols = min(len(panels), PANELS_PER_ROW)
    col_w = [0.0] * cols
    rows = math.ceil(len(panels) / cols)
    row_h = [0.0] * rows
    for i, (_, _, _, w, h) in enumerate(layout):
        col_w[i % cols] = max(col_w[i % cols], w)
        row_h[i // cols] = max(row_h[i // cols], h)
    origin: list[tuple[float, float]] = []
    for i in range(len(panels)):
        c, r = i % cols, i // cols
        ox = MARGIN_PX * 1.5 + sum(col_w[:c]) + c * (GAP_PX + MARGIN_PX)
        oy = HEADER_PX + MARGIN_PX + sum(row_h[:r]) + r * (GAP_PX + MARGIN_PX)
        origin.append((ox, oy))
    width = max(MARGIN_PX * 2 + sum(col_w) + cols * (GAP_PX + MARGIN_PX), 620.0)
    height = HEADER_PX + sum(row_h) + rows * (GAP_PX + MARGIN_PX) + LEGEND_PX + MARGIN_PX
    scene = Scene(width, height)
    scene.add(Shape("rect", ((0, 0), (width, height)), fill="#ffffff"))

    def pos(panel: int, node_id: str) -> tuple[float, float]:
        n = scenario.node(node_id)
        x0, y1, scale, _, _ = layout[panel]
        ox, oy = origin[panel]
        return (ox + (n.x_m - x0) * scale, oy + (y1 - n.y_m) * scale)

    scene.add(
        Shape(
            "text",
            ((MARGIN_PX, 30.0),),
            text=localize(scenario.title, lang),
            size=18,
            anchor="start",
            fill="#222222",
        )
    )
    if footprint is not None:
        t = round(footprint.t_s)
        scene.add(
            Shape(
                "text",
                ((MARGIN_PX, 52.0),),
                text=tr("map_at", lang, time=_clock(scenario, t), t=t, playbook=footprint.playbook),
                size=13,
                anchor="start",
                fill="#8b0000",
            )
        )
    floors_of = {n.id: n.floor for n in scenario.site.nodes}
    other_floors: dict[str, set[int]] = {}
    stair_width: dict[str, float] = {}
    for e in scenario.site.edges:
        if floors_of[e.source] != floors_of[e.target]:
            other_floors.setdefault(e.source, set()).add(floors_of[e.target])
            other_floors.setdefault(e.target, set()).add(floors_of[e.source])
            if e.kind == "stair":
                for end in (e.source, e.target):
                    stair_width[end] = max(stair_width.get(end, 0.0), e.width_m)
    sources = _source_nodes(scenario)
    placer = _LabelPlacer(width, height)
    for pi, (label, ids) in enumerate(panels):
        _, _, scale, w, h = layout[pi]
        ox, oy = origin[pi]
        pad = MARGIN_PX / 2
        scene.add(
            Shape(
                "rect",
                ((ox - pad, oy - pad), (ox + w + pad, oy + h + pad)),
                stroke="#c0c0c0",
                dash=True,
            )
        )
        scene.add(
            Shape(
                "text",
                ((ox - pad, oy - pad - 8),),
                text=label,
                size=13,
                anchor="start",
                fill="#444444",
            )
        )
        _scale_bar(scene, lang, scale, ox + w + pad, oy + h + pad + 16)
        members = set(ids)
        # Ways: stroke width to scale (at least 1 px), the width written on walking ways.
        for e in scenario.site.edges:
            if e.source not in members or e.target not in members:
                continue
            a, b = pos(pi, e.source), pos(pi, e.target)
            scene.add(
                Shape(
                    "line",
                    (a, b),
                    stroke=EDGE_STROKE.get(e.kind, "#777777"),
                    width=min(max(e.width_m * scale, 1.0), 14.0),
                    dash=e.kind == "lift",
                )
            )
            if e.kind in ("door", "stair", "corridor"):
                mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
                scene.add(
                    Shape("text", ((mx, my - 4),), text=f"{e.width_m:g} m", size=8, fill="#555555")
                )
        for nid in ids:
            _place(scene, scenario.node(nid), pos(pi, nid), scale, footprint, nid in sources)
        # Names on top, each placed where it writes over no name already placed.
        for nid in ids:
            n = scenario.node(nid)
            x, y = pos(pi, nid)
            name = localize(n.name, lang) if n.name is not None else n.id
            if nid in other_floors:
                name += " ↕" + ",".join(str(f) for f in sorted(other_floors[nid]))
            lx, ly = placer.place(x, y, name, 9.0)
            scene.add(Shape("text", ((lx, ly),), text=name, size=9, fill="#111111"))
            if nid in stair_width:
                # The stair's width, under its name on the landing.
                width_text = f"{stair_width[nid]:g} m"
                wx, wy = placer.place(lx, ly - 10.0, width_text, 8.0)
                scene.add(Shape("text", ((wx, wy),), text=width_text, size=8, fill="#555555"))

    _wind(scene, scenario, lang, width)
    _legend(scene, scenario, lang, footprint, height)
    return scene


def _place(
    scene: Scene,
    n: Any,
    xy: tuple[float, float],
    scale: float,
    footprint: Footprint | None,
    source: bool,
) -> None:
    """One place: its shape by kind, coloured by the hazard when a footprint is shown."""
    x, y = xy
    fill = KIND_FILL.get(n.kind, "#dddddd")
    stroke = "#333333"
    stroke_w = 1.0
    if footprint is not None:
        # Places the hazard has reached take its colour, whatever their kind (an assembly
        # point downwind is the first thing to see); the others keep theirs.
        sev = footprint.severity.get(n.id, 0)
        if sev > 0 or n.kind not in ("exit", "assembly", "road"):
            fill = SEVERITY_FILL[min(sev, len(SEVERITY_FILL) - 1)]
        if n.id in footprint.untenable:
            stroke, stroke_w = "#d00000", 3.0
    if n.kind in ("room", "corridor", "yard", "outdoor"):
        side = min(max(math.sqrt(n.area_m2) * scale, 10.0), 48.0)
        scene.add(
            Shape(
                "rect",
                ((x - side / 2, y - side / 2), (x + side / 2, y + side / 2)),
                fill=fill,
                stroke=stroke,
                width=stroke_w,
            )
        )
    elif n.kind == "exit":
        scene.add(Shape("rect", ((x - 7, y - 7), (x + 7, y + 7)), fill=fill, stroke=stroke))
    elif n.kind == "assembly":
        scene.add(Shape("circle", ((x, y),), radius=10, fill=fill, stroke=stroke))
    elif n.kind == "stair":
        tri: tuple[tuple[float, float], ...] = ((x, y - 8), (x - 7, y + 6), (x + 7, y + 6))
        scene.add(Shape("poly", tri, fill=fill, stroke=stroke, width=stroke_w))
    elif n.kind == "gate":
        pts = ((x, y - 8), (x + 8, y), (x, y + 8), (x - 8, y))
        scene.add(Shape("poly", pts, fill=fill, stroke=stroke))
    elif n.kind == "lift":
        scene.add(Shape("rect", ((x - 6, y - 6), (x + 6, y + 6)), fill=fill, stroke=stroke))
        scene.add(Shape("line", ((x - 6, y - 6), (x + 6, y + 6)), stroke=stroke))
    else:
        scene.add(Shape("circle", ((x, y),), radius=4, fill=fill, stroke=stroke))
    if source:
        # Beside the place, not over it, so that its colour stays visible.
        scene.add(Shape("poly", _star(x + 12.0, y - 12.0, 9.0), fill="#e00000", stroke="#600000"))


def _scale_bar(scene: Scene, lang: Lang, scale: float, right: float, y: float) -> None:
    metres = _round_length(100.0 / scale)
    bar = metres * scale
    scene.add(Shape("line", ((right - bar, y), (right, y)), stroke="#333333", width=2.0))
    scene.add(
        Shape(
            "text",
            ((right - bar / 2, y - 5),),
            text=tr("map_scale", lang, m=f"{metres:g}"),
            size=9,
            fill="#333333",
        )
    )


def _clock(scenario: Scenario, t_s: int) -> str:
    hh, mm = (int(p) for p in scenario.start_clock.split(":"))
    total = hh * 3600 + mm * 60 + t_s
    return f"{total // 3600 % 24:02d}:{total // 60 % 60:02d}"


def _star(x: float, y: float, r: float) -> tuple[tuple[float, float], ...]:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.45
        ang = -math.pi / 2 + i * math.pi / 5
        pts.append((x + rr * math.cos(ang), y + rr * math.sin(ang)))
    return tuple(pts)


def _wind(scene: Scene, scenario: Scenario, lang: Lang, width: float) -> None:
    """An arrow pointing where the wind blows to (meteorological 'from' + 180°)."""
    w = scenario.weather
    cx, cy, r = width - 70.0, 42.0, 22.0
    to_rad = math.radians(w.wind_from_deg + 180.0)
    dx, dy = math.sin(to_rad), -math.cos(to_rad)
    tail = (cx - dx * r, cy - dy * r)
    head = (cx + dx * r, cy + dy * r)
    scene.add(Shape("circle", ((cx, cy),), radius=r + 4, stroke="#8aa0b8", fill="#f4f8fc"))
    scene.add(Shape("line", (tail, head), stroke="#1f5f9f", width=3.0))
    left = (head[0] - 8 * dx + 5 * dy, head[1] - 8 * dy - 5 * dx)
    right = (head[0] - 8 * dx - 5 * dy, head[1] - 8 * dy + 5 * dx)
    scene.add(Shape("poly", (head, left, right), fill="#1f5f9f", stroke="#1f5f9f"))
    scene.add(Shape("text", ((cx, cy - r - 8),), text="N ↑", size=10, fill="#444444"))
    label = tr("map_wind", lang, speed=f"{w.wind_speed_m_s:g}", deg=f"{w.wind_from_deg:g}")
    scene.add(Shape("text", ((cx, cy + r + 18),), text=label, size=10, fill="#1f5f9f"))


def _legend(
    scene: Scene,
    scenario: Scenario,
    lang: Lang,
    footprint: Footprint | None,
    height: float,
) -> None:
    y = height - LEGEND_PX + 10
    x = MARGIN_PX
    items = [
        ("rect", KIND_FILL["room"], "map_room"),
        ("poly", KIND_FILL["stair"], "map_stair"),
        ("rect", KIND_FILL["lift"], "map_lift"),
        ("rect", KIND_FILL["exit"], "map_exit"),
        ("circle", KIND_FILL["assembly"], "map_assembly"),
        ("star", "#e00000", "map_source"),
    ]
    for shape, fill, key in items:
        if shape == "circle":
            scene.add(Shape("circle", ((x + 6, y),), radius=6, fill=fill, stroke="#333333"))
        elif shape == "poly":
            scene.add(
                Shape(
                    "poly",
                    ((x + 6, y - 7), (x, y + 5), (x + 12, y + 5)),
                    fill=fill,
                    stroke="#333333",
                )
            )
        elif shape == "star":
            scene.add(Shape("poly", _star(x + 6, y, 8.0), fill=fill, stroke="#600000"))
        else:
            scene.add(Shape("rect", ((x, y - 6), (x + 12, y + 6)), fill=fill, stroke="#333333"))
        label = tr(key, lang)
        scene.add(Shape("text", ((x + 18, y + 4),), text=label, size=11, anchor="start"))
        x += 30 + 8.5 * _cells(label)
    if footprint is not None:
        y2 = y + 26
        x = MARGIN_PX
        for i, tid in enumerate(footprint.thresholds, start=1):
            fill = SEVERITY_FILL[min(i, len(SEVERITY_FILL) - 1)]
            scene.add(Shape("rect", ((x, y2 - 6), (x + 12, y2 + 6)), fill=fill, stroke="#333333"))
            scene.add(Shape("text", ((x + 18, y2 + 4),), text=f"≥ {tid}", size=11, anchor="start"))
            x += 40 + 8.5 * _cells(tid)
        scene.add(Shape("rect", ((x, y2 - 6), (x + 12, y2 + 6)), stroke="#d00000", width=3.0))
        label = tr("map_untenable", lang)
        scene.add(Shape("text", ((x + 18, y2 + 4),), text=label, size=11, anchor="start"))


class _LabelPlacer:
    """Greedy label placement: each name takes the first of a few spots around its place
    that overlaps no name already placed, and stays inside the picture.

    The text box is estimated from the font size (a half-width cell is about 0.6 em
    wide), which is close enough for the sans-serif faces the map is drawn in.
    """

    OFFSETS: tuple[tuple[float, float], ...] = (
        (0.0, 20.0),
        (0.0, -14.0),
        (0.0, 31.0),
        (0.0, -25.0),
        (0.0, 42.0),
        (0.0, -36.0),
        (0.0, 53.0),
        (0.0, -47.0),
    )

    def __init__(self, width: float, height: float) -> None:
        self.width = width
        self.height = height
        self.boxes: list[tuple[float, float, float, float]] = []

    def _box(self, x: float, y: float, text: str, size: float) -> tuple[float, float, float, float]:
        half = _cells(text) * size * 0.3
        return (x - half, y - size, x + half, y + 2.0)

    def _clamped_x(self, x: float, text: str, size: float) -> float:
        half = _cells(text) * size * 0.3
        return min(max(x, half + 2.0), self.width - half - 2.0)

    def place(self, x: float, y: float, text: str, size: float) -> tuple[float, float]:
        """Where to write ``text`` (anchored in its middle) for a place at (x, y)."""
        x = self._clamped_x(x, text, size)
        best: tuple[float, float] | None = None
        for dx, dy in self.OFFSETS:
            box = self._box(x + dx, y + dy, text, size)
            if not any(_overlap(box, other) for other in self.boxes):
                best = (x + dx, y + dy)
                break
        if best is None:
            best = (x, y + self.OFFSETS[0][1])
        self.boxes.append(self._box(best[0], best[1], text, size))
        return best


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _cells(text: str) -> int:
    """Width of a text in half-width cells (CJK characters count two)."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _round_length(m: float) -> float:
    """The largest 1, 2 or 5 × 10ⁿ metres not above ``m``."""
    if m <= 0:
        return 1.0
    p = 10 ** math.floor(math.log10(m))
    for k in (5, 2, 1):
        if k * p <= m:
            return float(k * p)
    return float(p)


# --- the footprint ----------------------------------------------------------------------------


def footprint_at(
    scenario: Scenario, steps: Sequence[Any], t_s: float, playbook: str, seed: int = 1
) -> Footprint:
    """The hazard at sim time ``t_s`` when the team follows ``steps`` (a playbook)."""
    from sim.drill import Drill
    from sim.playbook import apply_step

    drill = Drill(scenario, seed)
    for step in sorted(steps, key=lambda s: s.at_s):
        if step.at_s > t_s:
            break
        apply_step(drill, step)
    drill.advance(t_s)
    levels = drill.hazard.levels()
    sev = drill.hazard.severities(levels)
    bad = drill.hazard.untenable(levels)
    ids = drill.site.node_ids
    return Footprint(
        t_s=t_s,
        playbook=playbook,
        severity={ids[i]: int(sev[i]) for i in range(len(ids))},
        untenable=frozenset(ids[i] for i in range(len(ids)) if bad[i]),
        thresholds=tuple(t.id for t in drill.hazard.thresholds()),
    )


# --- renderers --------------------------------------------------------------------------------


def to_svg(scene: Scene) -> str:
    """The scene as an SVG document; every text is an SVG <text> element."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{scene.width:.0f}" '
        f'height="{scene.height:.0f}" viewBox="0 0 {scene.width:.0f} {scene.height:.0f}" '
        'font-family="Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, '
        'sans-serif">',
    ]
    for s in scene.shapes:
        paint = (
            f" fill={quoteattr(s.fill or 'none')} stroke={quoteattr(s.stroke or 'none')}"
            f' stroke-width="{s.width:.2f}"' + (' stroke-dasharray="5,4"' if s.dash else "")
        )
        if s.kind == "line":
            (x1, y1), (x2, y2) = s.points
            out.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"{paint} '
                'stroke-linecap="round"/>'
            )
        elif s.kind == "rect":
            (x1, y1), (x2, y2) = s.points
            out.append(
                f'<rect x="{x1:.1f}" y="{y1:.1f}" width="{x2 - x1:.1f}" height="{y2 - y1:.1f}"'
                f"{paint}/>"
            )
        elif s.kind == "circle":
            (cx, cy), r = s.points[0], s.radius
            out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}"{paint}/>')
        elif s.kind == "poly":
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in s.points)
            out.append(f'<polygon points="{pts}"{paint}/>')
        elif s.kind == "text":
            (x, y) = s.points[0]
            out.append(
                f'<text x="{x:.1f}" y="{y:.1f}" font-size="{s.size:g}" '
                f'text-anchor="{s.anchor}" fill={quoteattr(s.fill or "#000000")}>'
                f"{escape(s.text)}</text>"
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"


FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)
"""Fonts with Chinese glyphs, tried in order (``DRILLSIM_FONT`` first, if set)."""


def find_font() -> str | None:
    """A font file that has Chinese glyphs, or None (the PNG then uses Pillow's own font)."""
    env = os.environ.get("DRILLSIM_FONT")
    if env and os.path.isfile(env):
        return env
    for path in FONT_CANDIDATES:
        if os.path.isfile(path):
            return path
    found = sorted(glob.glob("/usr/share/fonts/**/*CJK*.tt[cf]", recursive=True))
    return found[0] if found else None


def to_png(scene: Scene, font_path: str | None = None) -> bytes:
    """The scene drawn with Pillow, as PNG bytes (twice the SVG's size, for print)."""
    from PIL import Image, ImageDraw, ImageFont

    k = 2.0
    img = Image.new("RGB", (int(scene.width * k), int(scene.height * k)), "white")
    draw = ImageDraw.Draw(img)
    path = font_path if font_path is not None else find_font()
    fonts: dict[int, Any] = {}

    def font(size: float) -> Any:
        px = max(int(size * k), 6)
        if px not in fonts:
            fonts[px] = ImageFont.truetype(path, px) if path else ImageFont.load_default(size=px)
        return fonts[px]

    def p(pt: tuple[float, float]) -> tuple[float, float]:
        return (pt[0] * k, pt[1] * k)

    for s in scene.shapes:
        w = max(round(s.width * k), 1)
        if s.kind == "line":
            a, b = p(s.points[0]), p(s.points[1])
            if s.dash:
                _dashed(draw, a, b, s.stroke or "#000000", w)
            else:
                draw.line([a, b], fill=s.stroke, width=w)
        elif s.kind == "rect":
            a, b = p(s.points[0]), p(s.points[1])
            if s.dash:
                for u, v in (
                    (a, (b[0], a[1])),
                    ((b[0], a[1]), b),
                    (b, (a[0], b[1])),
                    ((a[0], b[1]), a),
                ):
                    _dashed(draw, u, v, s.stroke or "#000000", w)
            else:
                draw.rectangle([a, b], fill=s.fill, outline=s.stroke, width=w)
        elif s.kind == "circle":
            (cx, cy), r = p(s.points[0]), s.radius * k
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=s.fill, outline=s.stroke, width=w)
        elif s.kind == "poly":
            draw.polygon([p(q) for q in s.points], fill=s.fill, outline=s.stroke)
        elif s.kind == "text":
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[s.anchor]
            draw.text(
                p(s.points[0]), s.text, fill=s.fill or "#000000", font=font(s.size), anchor=anchor
            )
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _dashed(draw: Any, a: tuple[float, float], b: tuple[float, float], color: str, w: int) -> None:
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    if length == 0:
        return
    step, on = 18.0, 10.0
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    d = 0.0
    while d < length:
        e = min(d + on, length)
        draw.line(
            [(a[0] + ux * d, a[1] + uy * d), (a[0] + ux * e, a[1] + uy * e)], fill=color, width=w
        )
        d += step
