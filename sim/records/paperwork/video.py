"""The drill replayed as a video, and stills of its key moments, for the campaign's
submission (视频 大于 1280×720 MP4; 照片 不低于 1920×1080 PNG: the 2024 campaign notice, 三.(四)).

The drill is rebuilt from its journal (:func:`sim.records.journal.replay`), which hands
over the drill every ``step_s`` of sim time; each time the people per place, the hazard's
severity per place and the counts are kept (a few kilobytes a frame). Frames are then drawn
with Pillow: the site, one panel per floor, each place coloured by the hazard's severity
there and the people there as a dot sized by their number; the scenario clock; the counts;
and the team's decisions as captions. The static parts (ways, places, labels) are drawn
once. The frames go to the ffmpeg that imageio-ffmpeg ships, as H.264 (yuv420p, which every
player reads) with a fast preset.

The stills are the same drawing at 1920×1080 at the key moments: the first report, the
evacuation order, the hazard's peak, everyone safe, and a debrief card with the score.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from sim.i18n import grade_label, tr
from sim.linebreak import wrap_lines
from sim.records.describe import EventDescriber, ScenarioNames
from sim.records.errors import RecordsError
from sim.records.paperwork.fonts import find_cjk_font
from sim.records.report import clock_at, mmss
from sim.scenario import Scenario
from sim.text import Lang, localize

VIDEO_SIZE: tuple[int, int] = (1280, 720)
PHOTO_SIZE: tuple[int, int] = (1920, 1080)
FPS = 25
VIDEO_TARGET_S = 60.0
"""A drill plays in about this many seconds of video, whatever its length."""
DEBRIEF_HOLD_S = 4.0
"""The debrief card closes the video for this long."""
CAPTION_HOLD_S = 3.0
"""A decision stays as the caption for this long in video time."""
X264_PARAMS: tuple[str, ...] = (
    "-preset", "veryfast", "-crf", "23", "-movflags", "+faststart", "-f", "mp4",
)  # fmt: skip
"""Encoder settings; the container is named because the file is first written under a
temporary name."""

RAMP: tuple[str, ...] = ("#43a047", "#fdd835", "#fb8c00", "#e53935", "#ad1457")
"""Severity colours from below every threshold (green) to the highest (deep red); the same
ramp as the app's site map."""
BG, PANEL, INK, MUTED, NAVY, PEOPLE = (
    "#f4f6f9",
    "#ffffff",
    "#1f2933",
    "#64748b",
    "#1e3a5f",
    "#1565c0",
)
SAFE_KINDS = ("exit", "assembly")
MAX_STRETCH = 3.0
MOMENTS: tuple[str, ...] = ("first_report", "evacuation", "hazard_peak", "all_safe", "debrief")


def severity_colours(n_thresholds: int) -> list[str]:
    """One colour per severity 0..n for a hazard with ``n_thresholds`` thresholds."""
    picks = {0: [], 1: [3], 2: [2, 3], 3: [1, 2, 3]}.get(n_thresholds)
    if picks is None:
        picks = [1, 2, 3] + [4] * (n_thresholds - 3)
    return [RAMP[0]] + [RAMP[i] for i in picks]


# --- what is kept of the drill ------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """The drill at one moment."""

    t_s: float
    clock: str
    people: np.ndarray
    severity: np.ndarray
    peak: float
    safe: int
    total: int
    log_len: int


@dataclass
class Recording:
    """A replayed drill: its frames, its log and its result."""

    scenario: Scenario
    lang: Lang
    frames: list[Frame]
    events: list[dict[str, Any]]
    result: dict[str, Any]
    node_ids: list[str]
    unit: str
    thresholds: list[tuple[str, float]]
    header: Any
    captions: list[tuple[float, str]] = field(default_factory=list)
    timeline: list[tuple[float, str]] = field(default_factory=list)


def record(
    session: str, lang: Lang, *, step_s: float | None = None, force: bool = False
) -> Recording:
    """Replay a session (an id, a prefix of one, or a journal path), keeping a frame every
    ``step_s`` of sim time (default: so that the drill plays in :data:`VIDEO_TARGET_S`)."""
    from sim.records.history import History
    from sim.records.journal import find_journal, load_scenario_for, read_journal, replay

    path: Path | None = None
    looks_like_path = session.endswith(".jsonl") or os.sep in session
    if not looks_like_path:
        try:
            rec = History().session(session)
            if rec.journal and Path(rec.journal).is_file():
                path = Path(rec.journal)
        except RecordsError as exc:
            if exc.key != "err_no_session":
                raise
    path = path or find_journal(session)
    read = read_journal(path)
    scenario = load_scenario_for(read.header, force=force)[0]
    step = step_s or max(1.0, scenario.duration_s / (VIDEO_TARGET_S * FPS))
    frames: list[Frame] = []

    def keep(d: Any) -> None:
        levels = d.hazard.levels()
        counts = d.counts()
        frames.append(
            Frame(
                t_s=float(d.now_s),
                clock=d.clock(),
                people=d.crowd.node_count.astype(np.int32).copy(),
                severity=d.hazard.severities(levels).astype(np.int8),
                peak=float(levels.max()) if levels.size else 0.0,
                safe=int(counts["safe"]),
                total=int(counts["total"]),
                log_len=len(d.log),
            )
        )

    rp = replay(path, force=force, hazard_every_s=step, read=read, on_sample=keep)
    drill = rp.drill
    events = [e.to_json() for e in drill.log]
    out = Recording(
        scenario=scenario,
        lang=lang,
        frames=frames,
        events=events,
        result=rp.result(),
        node_ids=list(drill.site.node_ids),
        unit=drill.hazard.unit,
        thresholds=[(localize(th.label, lang), th.value) for th in drill.hazard.thresholds()],
        header=rp.header,
    )
    describer = _describer(scenario)
    shown = {"action", "inject", "milestone", "arrival", "harm", "facilitator", "headcount"}
    for e in events:
        if e["kind"] not in shown:
            continue
        text = describer.event_text(e, lang)
        if not text:
            continue
        out.timeline.append((float(e["t_s"]), text))
        if e["kind"] in ("action", "facilitator"):
            out.captions.append((float(e["t_s"]), text))
    return out


def _describer(scenario: Scenario) -> EventDescriber:
    """The events' sentences, as the app's feed and the report's timeline write them."""
    return EventDescriber(ScenarioNames(scenario), lambda t_s: clock_at(scenario.start_clock, t_s))


def key_moments(rec: Recording) -> dict[str, float]:
    """Sim times of the key moments that happened: first report, evacuation order, hazard
    peak, everyone safe."""
    return {k: v for k, (v, _) in _moments(rec).items()}


def _moments(rec: Recording) -> dict[str, tuple[float, str | None]]:
    describer = _describer(rec.scenario)
    out: dict[str, tuple[float, str | None]] = {}
    acts = [e for e in rec.events if e["kind"] == "action"]
    first_report = [e for e in acts if e.get("action_kind") in ("report", "call")]
    if first_report:
        e = first_report[0]
        out["first_report"] = (float(e["t_s"]), describer.event_text(e, rec.lang))
    evac = [e for e in acts if e.get("action_kind") == "evacuate"] or [
        e for e in acts if e.get("action_kind") == "alarm"
    ]
    if evac:
        e = evac[0]
        out["evacuation"] = (float(e["t_s"]), describer.event_text(e, rec.lang))
    if rec.frames and rec.thresholds:
        peak = max(rec.frames, key=lambda f: f.peak)
        if peak.peak > 0:
            out["hazard_peak"] = (peak.t_s, tr("pw_level_legend", rec.lang, value=f"{peak.peak:.3g}",
                                               unit=rec.unit))  # fmt: skip
    done = [
        e for e in rec.events if e["kind"] == "milestone" and e.get("name") == "evacuation_complete"
    ]
    if done:
        out["all_safe"] = (float(done[0]["t_s"]), None)
    return out


# --- drawing --------------------------------------------------------------------------------


class _Fonts:
    def __init__(self, scale: float) -> None:
        cjk = find_cjk_font()
        self.cache: dict[tuple[int, bool], Any] = {}
        self.cjk = cjk
        self.scale = scale

    def __call__(self, size: float, bold: bool = False) -> Any:
        px = max(8, round(size * self.scale))
        key = (px, bold)
        if key not in self.cache:
            if self.cjk is not None:
                path = self.cjk.bold_path if bold and self.cjk.bold_path else self.cjk.path
                index = self.cjk.bold_index if bold and self.cjk.bold_path else self.cjk.index
                self.cache[key] = ImageFont.truetype(str(path), px, index=index)
            else:
                self.cache[key] = ImageFont.load_default(px)
        return self.cache[key]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Any, width: float, lines: int) -> list[str]:
    """Break text into at most ``lines`` lines of ``width`` pixels, by the rules of Chinese
    line breaking (sim.linebreak: at spaces in English, between Han characters in Chinese,
    never before a closing mark nor between a number and its unit); text that does not fit
    ends in "…"."""
    zh = any(ord(c) > 0x2E80 for c in text)
    out = wrap_lines(
        text,
        width,
        lang="zh" if zh else "en",
        measure=lambda s: float(draw.textlength(s, font=font)),
    )
    if len(out) > lines:
        out = out[:lines]
        last = out[-1]
        while last and draw.textlength(last + "…", font=font) > width:
            last = last[:-1]
        out[-1] = last + "…"
    return out


class _Sprites:
    """Text drawn once and pasted after (a video redraws the same labels thousands of
    times; rendering glyphs is most of a frame's cost)."""

    def __init__(self, fonts: _Fonts) -> None:
        self.fonts = fonts
        self.cache: dict[tuple[str, float, bool, str], tuple[Image.Image, int, int]] = {}
        self.wraps: dict[tuple[str, float, float, int], list[str]] = {}
        self._probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))

    def get(self, text: str, size: float, bold: bool, fill: str) -> tuple[Image.Image, int, int]:
        key = (text, size, bold, fill)
        hit = self.cache.get(key)
        if hit is None:
            font = self.fonts(size, bold)
            left, top, right, bottom = font.getbbox(text)
            sprite = Image.new("RGBA", (max(1, right - left), max(1, bottom - top)), (0, 0, 0, 0))
            ImageDraw.Draw(sprite).text((-left, -top), text, font=font, fill=fill)
            hit = (sprite, left, top)
            self.cache[key] = hit
        return hit

    def put(self, img: Image.Image, xy: tuple[float, float], text: str, size: float, *,
            bold: bool = False, fill: str = INK, anchor: str = "la") -> None:  # fmt: skip
        """Paste ``text`` with its left-top (la), right-top (ra) or centre (mm) at ``xy``."""
        sprite, left, top = self.get(text, size, bold, fill)
        x, y = xy
        if anchor == "mm":
            x, y = x - sprite.width / 2, y - sprite.height / 2
        elif anchor == "ra":
            x, y = x - sprite.width - left, y + top
        else:
            x, y = x + left, y + top
        img.paste(sprite, (round(x), round(y)), sprite)

    def wrap(self, text: str, size: float, width: float, lines: int) -> list[str]:
        key = (text, size, width, lines)
        if key not in self.wraps:
            self.wraps[key] = _wrap(self._probe, text, self.fonts(size), width, lines)
        return self.wraps[key]


class Painter:
    """Draws frames of one recording at one size."""

    def __init__(self, rec: Recording, size: tuple[int, int]) -> None:
        self.rec = rec
        self.w, self.h = size
        self.k = self.w / VIDEO_SIZE[0]
        self.font = _Fonts(self.k)
        self.sprites = _Sprites(self.font)
        self.lang = rec.lang
        self.colours = severity_colours(len(rec.thresholds))
        sc = rec.scenario
        far = {r.origin for r in sc.responders}
        index = {nid: i for i, nid in enumerate(rec.node_ids)}
        self.nodes = [n for n in sc.site.nodes if n.id not in far and n.id in index]
        self.idx = np.array([index[n.id] for n in self.nodes], dtype=np.int64)
        self.floors = sorted({n.floor for n in self.nodes}, reverse=True)
        self.map_box = (16 * self.k, 72 * self.k, 900 * self.k, 636 * self.k)
        self.pos = self._layout()
        self.base = self._background()
        self.title = localize(sc.title, self.lang)

    def _layout(self) -> np.ndarray:
        """Place each floor in its own panel, in a grid about as wide as the map area, and
        each place in its floor's panel. A floor fills its panel: one axis may be stretched
        up to :data:`MAX_STRETCH` times the other (a schematic, as the app's map is)."""
        x0, y0, x1, y1 = self.map_box
        n = len(self.floors)
        cols = max(1, min(n, math.ceil(math.sqrt(n * (x1 - x0) / (y1 - y0)))))
        rows = math.ceil(n / cols)
        self.panels: dict[int, tuple[float, float, float, float]] = {}
        pw_, ph = (x1 - x0) / cols, (y1 - y0) / rows
        for i, floor in enumerate(self.floors):
            c, r = i % cols, i // cols
            self.panels[floor] = (x0 + c * pw_, y0 + r * ph, x0 + (c + 1) * pw_, y0 + (r + 1) * ph)
        pos = np.zeros((len(self.nodes), 2))
        pad, head = 26 * self.k, 22 * self.k
        for floor, (px0, py0, px1, py1) in self.panels.items():
            members = [i for i, node in enumerate(self.nodes) if node.floor == floor]
            xs = np.array([self.nodes[i].x_m for i in members], dtype=float)
            ys = np.array([self.nodes[i].y_m for i in members], dtype=float)
            bw, bh = float(xs.max() - xs.min()), float(ys.max() - ys.min())
            aw, ah = px1 - px0 - 2 * pad, py1 - py0 - 2 * pad - head
            sx = aw / bw if bw > 0 else math.inf
            sy = ah / bh if bh > 0 else math.inf
            low = min(sx, sy)
            if math.isinf(low):
                sx = sy = 0.0
            else:
                sx, sy = min(sx, low * MAX_STRETCH), min(sy, low * MAX_STRETCH)
                sx = 0.0 if math.isinf(sx) else sx
                sy = 0.0 if math.isinf(sy) else sy
            cx, cy = (px0 + px1) / 2, (py0 + head + py1) / 2
            mx, my = (xs.min() + xs.max()) / 2, (ys.min() + ys.max()) / 2
            for j, i in enumerate(members):
                pos[i] = (cx + (xs[j] - mx) * sx, cy - (ys[j] - my) * sy)
        return pos

    def _background(self) -> Image.Image:
        img = Image.new("RGB", (self.w, self.h), BG)
        d = ImageDraw.Draw(img)
        k = self.k
        f = self.font
        for floor, (x0, y0, x1, y1) in self.panels.items():
            d.rounded_rectangle((x0 + 3 * k, y0 + 3 * k, x1 - 3 * k, y1 - 3 * k), 6 * k, PANEL,
                                outline="#d8dee6")  # fmt: skip
            d.text((x0 + 10 * k, y0 + 6 * k), tr("pw_floor", self.lang, floor=_floor(floor, self.lang)),
                   fill=MUTED, font=f(12))  # fmt: skip
        where = {n.id: i for i, n in enumerate(self.nodes)}
        for e in self.rec.scenario.site.edges:
            a, b = where.get(e.source), where.get(e.target)
            if a is None or b is None or self.nodes[a].floor != self.nodes[b].floor:
                continue
            d.line(
                [tuple(self.pos[a]), tuple(self.pos[b])], fill="#c3ccd8", width=max(1, round(2 * k))
            )
        for i, node in enumerate(self.nodes):
            if node.kind in SAFE_KINDS:
                x, y = self.pos[i]
                r = 9 * k
                d.rectangle(
                    (x - r, y - r, x + r, y + r), outline="#2e7d32", width=max(1, round(2 * k))
                )
                name = localize(node.name, self.lang) if node.name else ""
                room = self.panels[node.floor][2] - 6 * k - (x + r + 2 * k)
                if name and room > 12 * k:
                    name = _fit(d, name, f(10), room)
                    d.text((x + r + 2 * k, y - 7 * k), name, fill="#2e7d32", font=f(10))
        d.rectangle((0, 0, self.w, 60 * k), fill=NAVY)
        d.rectangle((0, 60 * k, self.w, 63 * k), fill="#d97706")
        d.rounded_rectangle((916 * k, 72 * k, 1264 * k, 636 * k), 6 * k, PANEL, outline="#d8dee6")
        return img

    def frame(self, fr: Frame, caption: str | None = None) -> Image.Image:
        """One frame of the video (or a still)."""
        img = self.base.copy()
        d = ImageDraw.Draw(img)
        k, put = self.k, self.sprites.put
        title = _fit(d, self.title, self.font(22, True), 640 * k)
        put(img, (20 * k, 10 * k), title, 22, bold=True, fill="white")
        unit_team = " · ".join(x for x in (self.rec.header.unit, self.rec.header.team) if x)
        if unit_team:
            put(img, (20 * k, 38 * k), unit_team, 12, fill="#cbd5e1")
        d.text((1260 * k, 6 * k), fr.clock, fill="white", font=self.font(32, True), anchor="ra")
        d.text((1060 * k, 20 * k), f"T+{mmss(fr.t_s)}", fill="#fde68a", font=self.font(18),
               anchor="ra")  # fmt: skip
        sev = fr.severity[self.idx]
        people = fr.people[self.idx]
        r0 = 5 * k
        for i in range(len(self.nodes)):
            x, y = self.pos[i]
            colour = self.colours[min(int(sev[i]), len(self.colours) - 1)]
            rr = r0 * (1.6 if sev[i] > 0 else 1.0)
            d.ellipse((x - rr, y - rr, x + rr, y + rr), fill=colour)
        for j in np.flatnonzero(people).tolist():
            x, y = self.pos[j]
            n = int(people[j])
            rr = (4 + 2.2 * math.sqrt(n)) * k
            d.ellipse((x - rr, y - rr, x + rr, y + rr), fill=PEOPLE, outline="white")
            put(img, (x, y), str(n), 10 if n < 100 else 9, bold=True, fill="white", anchor="mm")
        self._side(img, d, fr)
        if caption:
            d.rectangle((0, 646 * k, self.w, self.h), fill="#0f172a")
            for j, line in enumerate(self.sprites.wrap(caption, 20, self.w - 48 * k, 2)):
                put(img, (24 * k, (656 + 28 * j) * k), line, 20, fill="white")
        return img

    def _side(self, img: Image.Image, d: ImageDraw.ImageDraw, fr: Frame) -> None:
        k, lang, put = self.k, self.lang, self.sprites.put
        x = 932 * k
        put(img, (x, 84 * k), tr("pw_people_safe", lang, safe=fr.safe, total=fr.total), 22,
            bold=True, fill=NAVY)  # fmt: skip
        bar = (x, 118 * k, 1248 * k, 128 * k)
        d.rounded_rectangle(bar, 4 * k, "#e5e7eb")
        share = fr.safe / fr.total if fr.total else 0.0
        if share > 0:
            d.rounded_rectangle((bar[0], bar[1], bar[0] + (bar[2] - bar[0]) * share, bar[3]), 4 * k,
                                "#2e7d32")  # fmt: skip
        y = 142 * k
        if self.rec.thresholds:
            d.text((x, y), tr("pw_level_legend", lang, value=f"{fr.peak:.3g}", unit=self.rec.unit),
                   fill=INK, font=self.font(14))  # fmt: skip
            y += 24 * k
            labels = [lbl for lbl, _ in self.rec.thresholds]
            for j, colour in enumerate(self.colours):
                cy = y + j * 20 * k
                d.ellipse((x, cy + 3 * k, x + 12 * k, cy + 15 * k), fill=colour)
                text = f"< {labels[0]}" if j == 0 else f"≥ {labels[j - 1]}"
                put(img, (x + 20 * k, cy), _fit(d, text, self.font(12), 300 * k), 12, fill=MUTED)
            y += len(self.colours) * 20 * k + 8 * k
        d.line((x, y, 1248 * k, y), fill="#e5e7eb", width=1)
        y += 8 * k
        recent = [(ts, text) for ts, text in self.rec.timeline if ts <= fr.t_s][-8:]
        for ts, text in reversed(recent):
            if y > 610 * k:
                break
            put(img, (x, y), mmss(ts), 12, fill=MUTED)
            for line in self.sprites.wrap(text, 12, 250 * k, 2):
                put(img, (x + 56 * k, y), line, 12)
                y += 17 * k
            y += 6 * k

    def debrief(self) -> Image.Image:
        """The debrief card: the score, the grade, the categories and the outcome."""
        img = Image.new("RGB", (self.w, self.h), BG)
        d = ImageDraw.Draw(img)
        k, f, lang = self.k, self.font, self.lang
        r = self.rec.result
        score = r.get("score") or {}
        out = r.get("outcome") or {}
        d.rectangle((0, 0, self.w, 96 * k), fill=NAVY)
        d.rectangle((0, 96 * k, self.w, 100 * k), fill="#d97706")
        d.text((40 * k, 18 * k), tr("rpt_title", lang), fill="white", font=f(30, True))
        d.text((40 * k, 60 * k), self.title, fill="#cbd5e1", font=f(18))
        total = score.get("total")
        d.text(
            (60 * k, 140 * k), "—" if total is None else f"{total:.1f}", fill=NAVY, font=f(96, True)
        )
        d.text(
            (60 * k, 260 * k),
            grade_label(score.get("grade"), lang),
            fill="#d97706",
            font=f(40, True),
        )
        d.text((60 * k, 116 * k), tr("rpt_total", lang), fill=MUTED, font=f(16))
        y = 140 * k
        for cat in ("reporting", "evacuation", "early_response", "outcome"):
            v = (score.get("categories") or {}).get(cat)
            if v is None:
                continue
            share = float(v.get("score", 0.0))
            d.text((420 * k, y), tr(f"cat_{cat}", lang), fill=INK, font=f(18))
            d.rounded_rectangle((620 * k, y + 6 * k, 1040 * k, y + 22 * k), 6 * k, "#e5e7eb")
            if share > 0:
                d.rounded_rectangle((620 * k, y + 6 * k, 620 * k + 420 * k * min(1.0, share), y + 22 * k),
                                    6 * k, NAVY)  # fmt: skip
            d.text((1060 * k, y), f"{float(v['points']):.1f} / {float(v['max_points']):.1f}",
                   fill=INK, font=f(18))  # fmt: skip
            y += 44 * k
        y = max(y, 380 * k) + 20 * k
        rows = [
            (
                tr("rpt_people_safe", lang),
                _safe_of_total(out),
            ),
            (tr("rpt_evac_time", lang), mmss(out.get("evacuation_time_s"))),
            (tr("rpt_casualties", lang), str(out.get("casualties", "—"))),
            (tr("rpt_injured", lang), str(out.get("injured", "—"))),
        ]
        for j, (key, value) in enumerate(rows):
            x = (60 + 300 * j) * k
            d.text((x, y), value, fill=NAVY, font=f(36, True))
            d.text((x, y + 50 * k), key, fill=MUTED, font=f(15))
        y += 100 * k
        deductions = [x.get(lang, "") for x in r.get("deductions", [])][:4]
        if deductions:
            d.text((60 * k, y), tr("rpt_areas", lang), fill=INK, font=f(18, True))
            y += 30 * k
            for text in deductions:
                for line in _wrap(d, f"• {text}", f(15), self.w - 140 * k, 1):
                    d.text((70 * k, y), line, fill=INK, font=f(15))
                    y += 24 * k
        h = self.rec.header
        foot = " · ".join(
            x for x in (h.unit, h.team, h.started[:16].replace("T", " "), h.session) if x
        )
        d.text((40 * k, self.h - 36 * k), foot, fill=MUTED, font=f(13))
        return img


def _safe_of_total(outcome: dict[str, Any]) -> str:
    """'safe/total' from the result's account of people (``outcome.people``)."""
    people = outcome.get("people") or {}
    safe = (people.get("states") or {}).get("safe", "—")
    return f"{safe}/{people.get('total', '—')}"


def _floor(floor: int, lang: Lang) -> str:
    if floor < 0:
        return f"B{-floor}"
    return str(floor + 1)


def _fit(d: ImageDraw.ImageDraw, text: str, font: Any, width: float) -> str:
    if d.textlength(text, font=font) <= width:
        return text
    while text and d.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def caption_at(rec: Recording, t_s: float, hold_s: float) -> str | None:
    """The latest decision made at most ``hold_s`` of sim time before ``t_s``."""
    latest = None
    for ts, text in rec.captions:
        if ts > t_s:
            break
        if t_s - ts <= hold_s:
            latest = text
    return latest


# --- writing -----------------------------------------------------------------------------------


def frames_of(rec: Recording, size: tuple[int, int] = VIDEO_SIZE) -> Iterator[bytes]:
    """The video's frames as raw RGB bytes: the drill, then the debrief card."""
    painter = Painter(rec, size)
    step = rec.frames[1].t_s - rec.frames[0].t_s if len(rec.frames) > 1 else 1.0
    hold = CAPTION_HOLD_S * FPS * step
    for fr in rec.frames:
        yield painter.frame(fr, caption_at(rec, fr.t_s, hold)).tobytes()
    card = painter.debrief().tobytes()
    for _ in range(int(DEBRIEF_HOLD_S * FPS)):
        yield card


def ffmpeg_exe() -> str:
    """The ffmpeg that imageio-ffmpeg ships."""
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def write_video(rec: Recording, path: str | os.PathLike[str], *, size: tuple[int, int] = VIDEO_SIZE,
                progress: Callable[[int, int], None] | None = None) -> int:  # fmt: skip
    """Encode the recording as an H.264 MP4 at ``path``; the number of frames."""
    import imageio_ffmpeg

    total = len(rec.frames) + int(DEBRIEF_HOLD_S * FPS)
    writer = imageio_ffmpeg.write_frames(
        str(path), size, fps=FPS, codec="libx264", pix_fmt_in="rgb24", pix_fmt_out="yuv420p",
        macro_block_size=8, output_params=list(X264_PARAMS), ffmpeg_log_level="error",
        input_params=["-threads", "2"],
    )  # fmt: skip
    writer.send(None)
    n = 0
    try:
        for data in frames_of(rec, size):
            writer.send(data)
            n += 1
            if progress is not None and n % FPS == 0:
                progress(n, total)
    finally:
        writer.close()
    return n


def photos(rec: Recording, size: tuple[int, int] = PHOTO_SIZE) -> list[tuple[str, Image.Image]]:
    """The stills: (name, image) for each key moment that happened, then the debrief."""
    painter = Painter(rec, size)
    out = []
    moments = _moments(rec)
    for i, name in enumerate(MOMENTS[:-1], start=1):
        if name not in moments or not rec.frames:
            continue
        at, said = moments[name]
        fr = min(rec.frames, key=lambda f: abs(f.t_s - at) if f.t_s >= at - 1e-9 else math.inf)
        caption = f"{tr('pw_moment_' + name, rec.lang)} · {mmss(at)}"
        if said:
            caption = f"{caption} · {said}"
        out.append((f"{i:02d}-{name}", painter.frame(fr, caption)))
    out.append((f"{len(MOMENTS):02d}-debrief", painter.debrief()))
    return out


def save_photos(
    rec: Recording, folder: str | os.PathLike[str], *, force: bool = False
) -> list[Path]:
    """Write the stills as PNG files into ``folder`` (made when missing); their paths."""
    import io

    from sim.atomic import write_atomic

    Path(folder).mkdir(parents=True, exist_ok=True)
    written = []
    for name, img in photos(rec):
        buf = io.BytesIO()
        img.save(buf, format="PNG", optimize=False, compress_level=6)
        written.append(write_atomic(Path(folder) / f"{name}.png", buf.getvalue(), force=force))
    return written


def moments_list(rec: Recording) -> Sequence[str]:
    """The names of the stills that :func:`photos` makes for this recording."""
    return [*(m for m in MOMENTS[:-1] if m in key_moments(rec)), "debrief"]
