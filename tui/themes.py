"""The app's colour themes: the usual dark one, a light one and a high-contrast one for
projectors, and a line filter that keeps every character readable on them.

A projector in a lit training room washes out dark backgrounds and dim text. The light and
high-contrast themes change the palette (Textual themes, chosen with ``drillsim play --theme``,
on the setup screen or from the command palette), and under them :class:`ContrastFilter`
rewrites any colour that falls short of a minimum contrast with its background: dim text,
yellow on white, the theme's muted grey. The dark theme is Textual's own and left untouched.

Contrast follows WCAG 2.1 (W3C Recommendation, 2018): relative luminance and contrast ratio
as defined in its glossary, 4.5:1 the minimum for body text (Success Criterion 1.4.3, level
AA) and 7:1 the enhanced contrast (Success Criterion 1.4.6, level AAA).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any, Final

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.constants import DIM_FACTOR
from textual.filter import LineFilter
from textual.theme import BUILTIN_THEMES, Theme

DEFAULT_THEME: Final = "dark"
"""The theme the app starts in."""

AA_RATIO: Final = 4.5
"""WCAG 2.1 SC 1.4.3 (AA): the least contrast of body text with its background."""

AAA_RATIO: Final = 7.0
"""WCAG 2.1 SC 1.4.6 (AAA): the enhanced contrast, for a washed-out projector."""

THEMES: Final[dict[str, Theme]] = {
    "dark": replace(BUILTIN_THEMES["textual-dark"], name="dark"),
    "light": Theme(
        name="light",
        primary="#0b5394",
        secondary="#38598b",
        accent="#a34400",
        warning="#8a5300",
        error="#b3001b",
        success="#1c6e2f",
        foreground="#111111",
        background="#ffffff",
        surface="#f2f2f2",
        panel="#dde3ea",
        boost="#e8e8e8",
        dark=False,
    ),
    "contrast": Theme(
        name="contrast",
        primary="#4da6ff",
        secondary="#80bfff",
        accent="#ffd400",
        warning="#ffd400",
        error="#ff7070",
        success="#5cff7a",
        foreground="#ffffff",
        background="#000000",
        surface="#000000",
        panel="#1c1c1c",
        boost="#202020",
        dark=True,
        text_alpha=1.0,
    ),
}
"""The themes by name ('dark', 'light', 'contrast'), each a Textual theme."""

MIN_CONTRAST: Final[dict[str, float]] = {"light": AA_RATIO, "contrast": AAA_RATIO}
"""The least contrast :class:`ContrastFilter` keeps under each theme (none: left as drawn)."""


def relative_luminance(color: tuple[int, int, int]) -> float:
    """The relative luminance of an sRGB colour, 0 (black) to 1 (white): WCAG 2.1, glossary
    'relative luminance' (each channel linearised, then 0.2126 R + 0.7152 G + 0.0722 B)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = color
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """(L1 + 0.05) / (L2 + 0.05), L1 the lighter: WCAG 2.1, glossary 'contrast ratio';
    1 (same colour) to 21 (black on white)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    light, dark = max(la, lb), min(la, lb)
    return (light + 0.05) / (dark + 0.05)


def _blend(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


@lru_cache(4096)
def readable(
    fg: tuple[int, int, int], bg: tuple[int, int, int], min_ratio: float
) -> tuple[int, int, int]:
    """``fg`` itself when it has ``min_ratio`` contrast with ``bg``, else the colour nearest
    to it, on the way to black or white (whichever contrasts more with ``bg``), that has."""
    if contrast_ratio(fg, bg) >= min_ratio:
        return fg
    black, white = (0, 0, 0), (255, 255, 255)
    pole = black if contrast_ratio(black, bg) >= contrast_ratio(white, bg) else white
    if contrast_ratio(pole, bg) < min_ratio:
        return pole
    lo, hi = 0.0, 1.0
    for _ in range(12):
        mid = (lo + hi) / 2
        if contrast_ratio(_blend(fg, pole, mid), bg) >= min_ratio:
            hi = mid
        else:
            lo = mid
    return _blend(fg, pole, hi)


def _triplet(color: RichColor | None) -> tuple[int, int, int] | None:
    if color is None or color.is_default:
        return None
    t = color.get_truecolor()
    return (t.red, t.green, t.blue)


@lru_cache(4096)
def readable_style(style: Style, background: tuple[int, int, int], min_ratio: float) -> Style:
    """``style`` with its colour made readable on its background (``background`` where the
    style has none) and its dim attribute replaced by that colour."""
    bg = _triplet(style.bgcolor) or background
    fg = _triplet(style.color)
    if fg is None:
        return style
    if style.reverse:
        fg, bg = bg, fg
    if style.dim:
        fg = _blend(bg, fg, DIM_FACTOR)
    fixed = readable(fg, bg, min_ratio)
    if style.reverse:
        if fixed == fg and not style.dim:
            return style
        return style + Style(bgcolor=RichColor.from_rgb(*fixed), dim=False)
    if fixed == _triplet(style.color) and not style.dim:
        return style
    return style + Style(color=RichColor.from_rgb(*fixed), dim=False)


class ContrastFilter(LineFilter):
    """Gives every character at least the current theme's :data:`MIN_CONTRAST` with its
    background; does nothing under a theme without one (the dark theme)."""

    def __init__(self, app: App[Any]) -> None:
        super().__init__(enabled=True)
        self._app = app

    @property
    def min_ratio(self) -> float | None:
        """The least contrast kept now (None: the filter leaves the lines as drawn)."""
        return MIN_CONTRAST.get(self._app.theme)

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        ratio = self.min_ratio
        if ratio is None:
            return segments
        base = (background.r, background.g, background.b)
        out = []
        for seg in segments:
            style = seg.style
            if style is None or seg.control:
                out.append(seg)
                continue
            fixed = readable_style(style, base, ratio)
            out.append(seg if fixed is style else Segment(seg.text, fixed, seg.control))
        return out


def register_themes(app: App[Any]) -> None:
    """Make the themes of :data:`THEMES` available to ``app`` (``app.theme = 'light'``), and
    keep text readable under them (:class:`ContrastFilter`). Call it once, in ``__init__``."""
    for theme in THEMES.values():
        app.register_theme(theme)
    filters = getattr(app, "_filters", None)
    if isinstance(filters, list) and not any(isinstance(f, ContrastFilter) for f in filters):
        # After Textual's ANSI-to-truecolour filter: it sees the colours as drawn.
        filters.append(ContrastFilter(app))
