"""The site map: the scenario's places drawn from their coordinates, one floor at a time.

Each place is a glyph by kind, coloured by the hazard's severity there (one colour per
threshold the level reaches, with a legend), with the number of people there beside it and
its name where there is room. Ways on the floor are dotted lines; the cordon is a ring of its
radius around its centre; arrived responders are letters at their destination; a wind arrow
sits in the top right corner. Everything is generic: any number of floors, any hazard, any
thresholds and unit.

The drawing (:class:`MapLayout`) is plain Python over a character grid, so it is tested and
timed without a screen. Places far away that only responders start from (a fire station
several kilometres off) are left out of the frame, so the site itself fills the map.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from sim import Lang, Scenario, Snapshot, localize
from sim.i18n import tr
from tui.cells import clip
from tui.lang import lang_of
from tui.names import Names, floor_label
from tui.widgets.common import follow_language, follow_theme

GLYPHS: dict[str, str] = {
    "room": "■",
    "corridor": "▪",
    "stair": "≡",
    "lift": "#",
    "exit": "E",
    "assembly": "A",
    "road": "+",
    "yard": "□",
    "gate": "G",
    "outdoor": "o",
}
"""Map glyph of each kind of place."""

RESPONDER_GLYPHS: dict[str, str] = {
    "fire": "F",
    "ambulance": "+",
    "police": "P",
    "gas_utility": "G",
    "hazmat": "H",
    "other": "R",
}

RAMP: tuple[str, ...] = ("#43a047", "#fdd835", "#fb8c00", "#e53935", "#ad1457")
"""Severity colours, from below every threshold (green) to the highest (deep red)."""

SAFE_KINDS = ("exit", "assembly")
WIND_ARROWS = "↑↗→↘↓↙←↖"
MAX_STRETCH = 3.0
"""How much one axis may be stretched against the other to fill the map (a schematic)."""


def severity_colours(n_thresholds: int) -> list[str]:
    """One colour per severity 0..n for a hazard with ``n_thresholds`` thresholds."""
    picks = {0: [], 1: [3], 2: [2, 3], 3: [1, 2, 3]}.get(n_thresholds)
    if picks is None:
        picks = [1, 2, 3] + [4] * (n_thresholds - 3)
    return [RAMP[0]] + [RAMP[i] for i in picks]


def wind_arrow(wind_from_deg: float) -> str:
    """The arrow of where the wind blows to (meteorological direction + 180°)."""
    to_deg = (wind_from_deg + 180.0) % 360.0
    return WIND_ARROWS[round(to_deg / 45.0) % 8]


@dataclass(frozen=True)
class MapNode:
    """A place as the map draws it."""

    id: str
    index: int
    kind: str
    name: Any
    x_m: float
    y_m: float
    floor: int


INCIDENT_REFS = ("origin", "source_node", "sources", "zone")
"""The fields of a hazard's parameters that name where it starts (``node_refs`` paths)."""


class MapLayout:
    """Where each place goes on a character grid, and the drawing of one floor."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.names = Names(scenario)
        nodes = [
            MapNode(n.id, i, n.kind, n.name, n.x_m, n.y_m, n.floor)
            for i, n in enumerate(scenario.site.nodes)
        ]
        self.by_id = {n.id: n for n in nodes}
        starts = {g.node for g in scenario.population}
        ends = {r.destination for r in scenario.responders}
        far = {r.origin for r in scenario.responders} - ends - starts
        shown = [n for n in nodes if n.id not in far] or nodes
        self.nodes = shown
        self.floors: list[int] = sorted({n.floor for n in shown})
        xs = [n.x_m for n in shown]
        ys = [n.y_m for n in shown]
        self.min_x, self.max_x = min(xs), max(xs)
        self.min_y, self.max_y = min(ys), max(ys)
        self.frames: dict[int, tuple[float, float, float, float]] = {}
        """Each floor's frame (min x, max x, min y, max y): its own places, so that an upper
        floor fills the map instead of sharing the frame of the grounds around it."""
        for f in self.floors:
            fx = [n.x_m for n in shown if n.floor == f]
            fy = [n.y_m for n in shown if n.floor == f]
            self.frames[f] = (min(fx), max(fx), min(fy), max(fy))
        shown_ids = {n.id for n in shown}
        self.edges: dict[int, list[tuple[MapNode, MapNode]]] = {f: [] for f in self.floors}
        for e in scenario.site.edges:
            if e.source in shown_ids and e.target in shown_ids:
                a, b = self.by_id[e.source], self.by_id[e.target]
                if a.floor == b.floor:
                    self.edges[a.floor].append((a, b))
        self.on_floor = {f: [n for n in shown if n.floor == f] for f in self.floors}

    def incident_floor(self) -> int | None:
        """The floor where the incident starts (a fire's room of origin, a leak's source, the
        first gas source, the first place of a collapse zone); None without a hazard there."""
        for path, node_id in self.scenario.hazard.params.node_refs():
            if path and path[0] in INCIDENT_REFS:
                node = self.by_id.get(node_id)
                if node is not None and node.floor in self.floors:
                    return node.floor
        return None

    def first_floor(self, snap: Snapshot | None = None) -> int:
        """The floor the map opens on: the incident's, else :meth:`default_floor`."""
        floor = self.incident_floor()
        return floor if floor is not None else self.default_floor(snap)

    def default_floor(self, snap: Snapshot | None = None) -> int:
        """The floor to show first: the worst hazard now, then the most people, then the one
        nearest the ground."""
        people: dict[int, int] = dict.fromkeys(self.floors, 0)
        for g in self.scenario.population:
            node = self.by_id.get(g.node)
            if node is not None and node.floor in people:
                people[node.floor] += g.count
        worst = self.floor_severity(snap) if snap is not None else dict.fromkeys(self.floors, 0)
        return max(self.floors, key=lambda f: (worst[f], people[f], -abs(f)))

    def floor_people(self, snap: Snapshot) -> dict[int, int]:
        """People on each floor now."""
        out = dict.fromkeys(self.floors, 0)
        for f, nodes in self.on_floor.items():
            out[f] = int(sum(int(snap.people[n.index]) for n in nodes))
        return out

    def floor_severity(self, snap: Snapshot) -> dict[int, int]:
        """The worst severity on each floor now."""
        return {
            f: max((int(snap.severities[n.index]) for n in nodes), default=0)
            for f, nodes in self.on_floor.items()
        }

    # --- drawing ---------------------------------------------------------------------------

    def render(self, floor: int, width: int, height: int, snap: Snapshot, lang: Lang) -> Text:
        """The map of one floor as ``height`` lines of ``width`` cells."""
        return self.draw(floor, width, height, snap, lang).text()

    def draw(self, floor: int, width: int, height: int, snap: Snapshot, lang: Lang) -> _Grid:
        """The map of one floor on a character grid."""
        grid = _Grid(width, height)
        if width < 6 or height < 2:
            return grid
        label_room = 4
        min_x, max_x, min_y, max_y = self.frames.get(
            floor, (self.min_x, self.max_x, self.min_y, self.max_y)
        )
        span_x = max(max_x - min_x, 1.0)
        span_y = max(max_y - min_y, 1.0)
        top = 1 if height >= 6 else 0  # the first row holds the wind arrow when there is room
        avail_w = max(width - 1 - label_room, 1)
        avail_h = max(height - 1 - top, 1)
        kx = avail_w / span_x
        ky = avail_h / span_y
        # A cell is about twice as tall as it is wide: one row covers two columns' metres.
        kx = min(kx, MAX_STRETCH * 2.0 * ky)
        ky = min(ky, MAX_STRETCH * kx / 2.0)
        off_x = (avail_w - span_x * kx) / 2.0
        off_y = (avail_h - span_y * ky) / 2.0

        def cell(x_m: float, y_m: float) -> tuple[int, int]:
            col = round(off_x + (x_m - min_x) * kx)
            row = top + round(off_y + (max_y - y_m) * ky)
            return row, col

        n_thr = len(snap.thresholds)
        colours = severity_colours(n_thr)
        edge_style = Style(color="grey42")
        for a, b in self.edges.get(floor, []):
            grid.line(cell(a.x_m, a.y_m), cell(b.x_m, b.y_m), "·", edge_style)
        cordon = snap.cordon
        if cordon and cordon.get("radius_m") and cordon.get("center") in self.by_id:
            center = self.by_id[str(cordon["center"])]
            if center.floor == floor:
                row0, col0 = cell(center.x_m, center.y_m)
                r = float(cordon["radius_m"])
                steps = max(24, int(2 * math.pi * r * max(kx, ky)))
                ring = Style(color="red", bold=True)
                for k in range(steps):
                    ang = 2 * math.pi * k / steps
                    grid.put(
                        round(row0 - r * ky * math.sin(ang)),
                        round(col0 + r * kx * math.cos(ang)),
                        "•",
                        ring,
                    )
        w = self.scenario.weather
        wind = tr(
            "map_wind_short", lang, arrow=wind_arrow(w.wind_from_deg), speed=f"{w.wind_speed_m_s:g}"
        )
        grid.text_at(0, width - cell_len(wind), wind, Style(color="cyan", bold=True), force=True)
        placed: list[tuple[int, int, MapNode, int]] = []
        for node in sorted(self.on_floor.get(floor, []), key=lambda n: -int(snap.people[n.index])):
            row, col = grid.free_near(*cell(node.x_m, node.y_m))
            sev = int(snap.severities[node.index])
            glyph = GLYPHS.get(node.kind, "?")
            if n_thr:
                colour = colours[min(sev, len(colours) - 1)]
                style = Style(color="black", bgcolor=colour, bold=True)
            elif node.kind in SAFE_KINDS:
                style = Style(color=RAMP[0], bold=True)
            else:
                style = Style(color="white", bold=True)
            grid.put(row, col, glyph, style, reserve=True)
            people = int(snap.people[node.index])
            placed.append((row, col, node, people))
        count_style = Style(color="bright_white", bold=True)
        for row, col, _node, people in placed:
            if people:
                grid.text_at(row, col + 1, str(people), count_style, reserve=True)
        arrived = [r for r in snap.responders if r.arrived_s is not None]
        for state in arrived:
            spec = self.scenario.index.responders.get(state.id)
            if spec is None or spec.destination not in self.by_id:
                continue
            dest = self.by_id[spec.destination]
            if dest.floor != floor:
                continue
            row, col = cell(dest.x_m, dest.y_m)
            glyph = RESPONDER_GLYPHS.get(spec.service, "R")
            spot = grid.free_near(row, col - 1)
            grid.put(*spot, glyph, Style(color="white", bgcolor="blue", bold=True), reserve=True)
        name_style = Style(color="grey70")
        for row, col, node, people in sorted(
            placed, key=lambda p: (p[2].kind not in SAFE_KINDS and p[3] == 0, -p[3])
        ):
            start = col + 1 + (len(str(people)) if people else 0) + 1
            label = self.names.node(node.id, lang)
            room = grid.free_run(row, start)
            if room >= 3:
                grid.text_at(row, start, clip(label, room - 1), name_style)
        return grid


class _Grid:
    """A character grid that knows which cells are taken, wide characters included."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.chars = [[" "] * width for _ in range(height)]
        self.styles: list[list[Style | None]] = [[None] * width for _ in range(height)]
        self.reserved = [[False] * width for _ in range(height)]

    def inside(self, row: int, col: int) -> bool:
        return 0 <= row < self.height and 0 <= col < self.width

    def put(self, row: int, col: int, ch: str, style: Style | None, reserve: bool = False) -> None:
        if not self.inside(row, col):
            return
        self.chars[row][col] = ch
        self.styles[row][col] = style
        if reserve:
            self.reserved[row][col] = True

    def free(self, row: int, col: int) -> bool:
        return (
            self.inside(row, col) and not self.reserved[row][col] and self.chars[row][col] in " ·•"
        )

    def free_near(self, row: int, col: int) -> tuple[int, int]:
        """The nearest cell to (row, col) that no place has taken."""
        row = min(max(row, 0), self.height - 1)
        col = min(max(col, 0), self.width - 1)
        for radius in range(0, max(self.width, self.height)):
            for dr, dc in _ring(radius):
                r, c = row + dr, col + dc
                if self.inside(r, c) and not self.reserved[r][c]:
                    return r, c
        return row, col

    def free_run(self, row: int, col: int) -> int:
        """How many free cells follow (row, col) on its line."""
        n = 0
        while self.free(row, col + n):
            n += 1
        return n

    def text_at(
        self,
        row: int,
        col: int,
        text: str,
        style: Style | None,
        *,
        reserve: bool = False,
        force: bool = False,
    ) -> None:
        """Write text from (row, col), a wide character taking two cells; stop at the edge
        or (unless ``force``) at a taken cell."""
        for ch in text:
            w = cell_len(ch)
            if w <= 0:
                continue
            if not self.inside(row, col + w - 1):
                return
            if not force and any(self.reserved[row][col + k] for k in range(w)):
                return
            self.chars[row][col] = ch
            self.styles[row][col] = style
            if reserve or force:
                self.reserved[row][col] = True
            for k in range(1, w):
                self.chars[row][col + k] = "\0"
                self.styles[row][col + k] = style
                self.reserved[row][col + k] = True
            col += w

    def line(self, a: tuple[int, int], b: tuple[int, int], ch: str, style: Style) -> None:
        """A dotted line between two cells (ends excluded)."""
        (r0, c0), (r1, c1) = a, b
        n = max(abs(r1 - r0), abs(c1 - c0))
        for k in range(1, n):
            r = round(r0 + (r1 - r0) * k / n)
            c = round(c0 + (c1 - c0) * k / n)
            if self.inside(r, c) and self.chars[r][c] == " ":
                self.put(r, c, ch, style)

    def runs(self, row: int) -> list[tuple[str, Style | None]]:
        """One row as runs of text in one style."""
        out: list[tuple[str, Style | None]] = []
        run = ""
        run_style: Style | None = None
        chars, styles = self.chars[row], self.styles[row]
        for c in range(self.width):
            ch = chars[c]
            if ch == "\0":
                continue
            st = styles[c]
            if st is not run_style and run:
                out.append((run, run_style))
                run = ""
            run_style = st
            run += ch
        if run:
            out.append((run, run_style))
        return out

    def text(self) -> Text:
        """The grid as Rich text."""
        out = Text(no_wrap=True, overflow="crop")
        for r in range(self.height):
            for run, style in self.runs(r):
                out.append(run, style)
            if r < self.height - 1:
                out.append("\n")
        return out

    def strips(self, base: Style) -> list[Strip]:
        """The grid as lines for Textual's line API, over a base style."""
        out = []
        for r in range(self.height):
            segments = [Segment(run, base + st if st else base) for run, st in self.runs(r)]
            out.append(Strip(segments, self.width))
        return out


def _ring(radius: int) -> list[tuple[int, int]]:
    if radius == 0:
        return [(0, 0)]
    out = []
    for dc in range(-radius, radius + 1):
        out.append((-radius, dc))
        out.append((radius, dc))
    for dr in range(-radius + 1, radius):
        out.append((dr, -radius))
        out.append((dr, radius))
    out.sort(key=lambda p: (abs(p[0]) + abs(p[1]), abs(p[0])))
    return out


# --- widgets ---------------------------------------------------------------------------------


class SiteMap(Widget):
    """The drawing of one floor, redrawn from each snapshot."""

    DEFAULT_CSS = """
    SiteMap {
        height: 1fr;
        min-height: 3;
        background: $surface;
    }
    """

    floor: reactive[int] = reactive(0)

    def __init__(self, layout: MapLayout, snap: Snapshot, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.map_layout = layout
        self.snap = snap
        self._strips: list[Strip] | None = None
        self._key: tuple[int, int, int, str] = (0, 0, 0, "")
        self.set_reactive(SiteMap.floor, layout.first_floor(snap))

    def on_mount(self) -> None:
        follow_theme(self, self._theme_changed)

    def _theme_changed(self, theme: object) -> None:
        """The drawn lines carry the theme's background: draw them again."""
        self._strips = None
        self.refresh()

    def show(self, snap: Snapshot) -> None:
        """Draw this snapshot."""
        self.snap = snap
        self._strips = None
        self.refresh()

    def watch_floor(self) -> None:
        self._strips = None

    def render_line(self, y: int) -> Strip:
        """One line of the map (the line API: the grid becomes strips once per snapshot)."""
        size = self.size
        key = (size.width, size.height, self.floor, lang_of(self))
        if self._strips is None or self._key != key:
            grid = self.map_layout.draw(self.floor, size.width, size.height, self.snap, key[3])
            self._strips = grid.strips(self.rich_style)
            self._key = key
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(size.width, self.rich_style)


class FloorBar(Static):
    """The floor switcher: every floor with its people and its worst severity; click one."""

    DEFAULT_CSS = """
    FloorBar {
        height: 1;
        background: $panel;
        link-style: none;
        link-color: $text;
        link-background: $panel;
        link-style-hover: bold;
    }
    """

    @dataclass
    class Chosen(Message):
        """A floor was clicked."""

        floor: int

    def __init__(self, layout: MapLayout, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.map_layout = layout
        self._current = layout.floors[0]
        self._shown = ""

    def show(self, snap: Snapshot, current: int) -> None:
        """Redraw for this snapshot and the floor shown."""
        self._current = current
        text = floor_bar_text(
            self.map_layout, snap, current, lang_of(self), self.content_size.width or 80
        )
        if text.markup != self._shown:
            self._shown = text.markup
            self.update(text, layout=False)

    def action_pick(self, floor: int) -> None:
        self.post_message(self.Chosen(floor))

    def action_step(self, delta: int) -> None:
        floors = self.map_layout.floors
        i = floors.index(self._current) if self._current in floors else 0
        self.post_message(self.Chosen(floors[max(0, min(len(floors) - 1, i + delta))]))


def floor_bar_text(layout: MapLayout, snap: Snapshot, current: int, lang: Lang, width: int) -> Text:
    """Every floor with its people, coloured by its worst severity, the one shown reversed;
    shorter forms when the floors do not fit, and at last only the floors around the one
    shown."""
    people = layout.floor_people(snap)
    sev = layout.floor_severity(snap)
    colours = severity_colours(len(snap.thresholds))
    floors = layout.floors
    many = len(floors) > 1

    def chip(f: int, form: int) -> str:
        label = floor_label(f, lang)
        if form == 0:
            key = "people_one" if people[f] == 1 else "people_n"
            return f" {label} {tr(key, lang, n=people[f])} "
        if form == 1:
            return f" {label} {people[f]} "
        return f" {label} "

    def build(shown: list[int], form: int) -> Text:
        text = Text(no_wrap=True, overflow="crop")
        if many:
            text.append("◀", Style(meta={"@click": "step(-1)"}))
        for f in shown:
            if len(snap.thresholds):
                text.append("■", Style(color=colours[min(sev[f], len(colours) - 1)]))
            style = Style(meta={"@click": f"pick({f})"})
            if f == current:
                style += Style(reverse=True, bold=True)
            text.append(chip(f, 1 if (form == 2 and f == current) else form), style)
        if many:
            text.append("▶", Style(meta={"@click": "step(1)"}))
        return text

    for form in (0, 1, 2):
        text = build(floors, form)
        if text.cell_len <= width:
            return text
    i = floors.index(current) if current in floors else 0
    shown = [current]
    lo, hi = i - 1, i + 1
    while True:
        grown = False
        for k in (lo, hi):
            if 0 <= k < len(floors):
                trial = sorted([*shown, floors[k]])
                if build(trial, 2).cell_len <= width:
                    shown = trial
                    grown = True
        lo, hi = lo - 1, hi + 1
        if not grown or (lo < 0 and hi >= len(floors)):
            break
    return build(shown, 2)


class MapLegend(Static):
    """What the colours and glyphs mean, and where the responders are."""

    DEFAULT_CSS = """
    MapLegend {
        height: auto;
        max-height: 3;
        background: $panel;
    }
    """

    def __init__(self, layout: MapLayout, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.map_layout = layout
        self._shown = ""

    def show(self, snap: Snapshot, clock: Any) -> None:
        """Redraw for this snapshot (``clock`` turns sim seconds into wall time); the layout
        is redone only when the text changes."""
        text = legend_text(self.map_layout, snap, lang_of(self), clock)
        if text.markup != self._shown:
            self._shown = text.markup
            self.update(text)


def legend_text(layout: MapLayout, snap: Snapshot, lang: Lang, clock: Any) -> Text:
    """The legend line(s): severities (or glyphs), the cordon and the responders."""
    text = Text()
    thresholds = list(snap.thresholds)
    if thresholds:
        colours = severity_colours(len(thresholds))
        unit = snap.unit
        text.append("■", Style(color=colours[0]))
        text.append(tr("legend_below", lang) + " ")
        for k, t in enumerate(thresholds, start=1):
            label = localize(t.label, lang)
            text.append("■", Style(color=colours[k]))
            if _num(t.value) not in label.replace(",", ""):
                label = f"≥{with_unit(t.value, unit, lang)} {label}".strip()
            text.append(label + " ")
    else:
        for kind in ("room", "stair", "exit", "assembly"):
            if any(n.kind == kind for n in layout.nodes):
                text.append(GLYPHS[kind], Style(bold=True))
                text.append(f"{tr('map_' + kind, lang)} ")
        text.append(tr("legend_people", lang) + " ", Style(dim=True))
    if snap.cordon and snap.cordon.get("radius_m"):
        text.append("•", Style(color="red", bold=True))
        text.append(tr("legend_cordon", lang, radius=_num(float(snap.cordon["radius_m"]))) + " ")
    for r in snap.responders:
        spec = layout.scenario.index.responders.get(r.id)
        if spec is None or r.status == "idle":
            continue
        glyph = RESPONDER_GLYPHS.get(spec.service, "R")
        text.append(glyph, Style(color="white", bgcolor="blue", bold=True))
        name = layout.names.responder(r.id, lang)
        if r.status == "arrived":
            text.append(f"{tr('legend_arrived', lang, who=name)} ")
        elif r.eta_s is not None:
            text.append(f"{tr('legend_eta', lang, who=name, eta=clock(r.eta_s))} ")
        else:
            text.append(f"{tr('legend_dispatched', lang, who=name)} ")
    return text


def _num(x: float) -> str:
    return f"{x:g}"


def with_unit(x: float, unit: str, lang: Lang) -> str:
    """A number with its unit, as the legend writes it. In Chinese the degree Celsius is
    written with its own symbol ℃ (GB 3102.4-93, Celsius temperature) attached to the number, the
    form the fire's threshold labels use, so no line can break between the two (a line is
    wrapped at spaces)."""
    if not unit:
        return _num(x)
    if lang == "zh" and unit == "°C":
        return f"{_num(x)}℃"
    return f"{_num(x)} {unit}"


class MapPanel(Vertical):
    """The floor switcher, the map of the floor shown and the legend."""

    DEFAULT_CSS = """
    MapPanel {
        height: 1fr;
    }
    """

    def __init__(self, layout: MapLayout, snap: Snapshot, clock: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.map_layout = layout
        self.snap = snap
        self.clock = clock

    def compose(self) -> ComposeResult:
        yield FloorBar(self.map_layout)
        yield SiteMap(self.map_layout, self.snap)
        yield MapLegend(self.map_layout)

    def on_mount(self) -> None:
        self.show(self.snap)
        follow_language(self, self._language_changed)

    @property
    def floor(self) -> int:
        """The floor shown."""
        return self.query_one(SiteMap).floor

    def show(self, snap: Snapshot) -> None:
        """Draw this snapshot."""
        self.snap = snap
        site = self.query_one(SiteMap)
        site.show(snap)
        self.query_one(FloorBar).show(snap, site.floor)
        self.query_one(MapLegend).show(snap, self.clock)

    def show_floor(self, floor: int) -> None:
        """Switch to a floor."""
        if floor in self.map_layout.floors:
            self.query_one(SiteMap).floor = floor
            self.show(self.snap)

    def incident_floor(self) -> None:
        """Back to the floor where the incident started."""
        floor = self.map_layout.incident_floor()
        if floor is not None:
            self.show_floor(floor)

    def step_floor(self, delta: int) -> None:
        """The next floor up (+1) or down (-1)."""
        floors: Sequence[int] = self.map_layout.floors
        i = floors.index(self.floor) if self.floor in floors else 0
        self.show_floor(floors[max(0, min(len(floors) - 1, i + delta))])

    @on(FloorBar.Chosen)
    def _chosen(self, event: FloorBar.Chosen) -> None:
        event.stop()
        self.show_floor(event.floor)

    def _language_changed(self, lang: Lang) -> None:
        self.show(self.snap)
