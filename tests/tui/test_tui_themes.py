"""The colour themes for projectors (tui.themes): the contrast arithmetic against WCAG 2.1's
published figures, every character readable on the drill screen under the light and the
high-contrast themes, the choice of theme (``--theme``, the setup form, the palette), and a
picture of each theme at 80×24."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.segment import Segment
from rich.style import Style

from tests.tui.tui_helpers import app_for, drill_session, scenario
from tui.app import DrillsimApp
from tui.screens.drill import DrillScreen
from tui.themes import (
    AA_RATIO,
    AAA_RATIO,
    MIN_CONTRAST,
    THEMES,
    ContrastFilter,
    contrast_ratio,
    readable,
    relative_luminance,
)

WHITE = (255, 255, 255)
BLACK = (0, 0, 0)


def test_contrast_ratio_matches_the_wcag_figures() -> None:
    # WCAG 2.1, glossary 'contrast ratio': ratios range from 1:1 to 21:1 (black on white).
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, WHITE) == pytest.approx(1.0)
    assert relative_luminance(WHITE) == pytest.approx(1.0)
    # The worked figure WebAIM's contrast checker gives for WCAG 2.1: grey #767676 on white
    # is 4.54:1 (the lightest grey that passes AA); #777777 is 4.48:1 and fails.
    assert contrast_ratio((0x76, 0x76, 0x76), WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio((0x77, 0x77, 0x77), WHITE) == pytest.approx(4.48, abs=0.01)
    # sRGB linearisation: #808080 has luminance ((0.50196 + 0.055) / 1.055) ** 2.4 = 0.2159
    assert relative_luminance((128, 128, 128)) == pytest.approx(0.2159, abs=1e-4)


def test_readable_moves_a_colour_only_as_far_as_it_must() -> None:
    assert readable((0, 0, 0), WHITE, AA_RATIO) == (0, 0, 0)
    yellow = (203, 144, 0)  # ANSI yellow of a light terminal: 2.3:1 on white
    fixed = readable(yellow, WHITE, AA_RATIO)
    assert contrast_ratio(fixed, WHITE) >= AA_RATIO
    assert contrast_ratio(fixed, WHITE) < AA_RATIO + 0.3  # no darker than needed
    grey = (90, 90, 90)  # dim text on black
    fixed = readable(grey, BLACK, AAA_RATIO)
    assert contrast_ratio(fixed, BLACK) >= AAA_RATIO
    assert fixed[0] > grey[0]  # lightened on a dark background


def test_the_filter_replaces_dim_with_a_readable_colour() -> None:
    class Host:
        theme = "contrast"

    flt = ContrastFilter(Host())  # type: ignore[arg-type]
    from textual.color import Color

    seg = Segment("dim words", Style(color="#808080", bgcolor="#000000", dim=True))
    (out,) = flt.apply([seg], Color(0, 0, 0))
    assert out.style is not None and not out.style.dim
    triplet = out.style.color.get_truecolor()  # type: ignore[union-attr]
    assert contrast_ratio((triplet.red, triplet.green, triplet.blue), BLACK) >= AAA_RATIO
    Host.theme = "dark"
    assert flt.apply([seg], Color(0, 0, 0)) == [seg]


def _cells(app: DrillsimApp) -> list[tuple[str, Style]]:
    """Every visible segment of the screen with its final style (after the line filters)."""
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    from rich.console import Console

    console = Console(width=app.size.width, color_system="truecolor", file=io.StringIO())
    out = []
    for seg in console.render(update):
        if seg.text.strip() and seg.style is not None and not seg.control:
            out.append((seg.text, seg.style))
    return out


@pytest.mark.parametrize("theme", sorted(MIN_CONTRAST))
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_character_is_readable_under_the_projector_themes(
    theme: str, lang: str
) -> None:
    app = app_for(lang, catalog=[], theme=theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(DrillScreen(drill_session(lang), autoplay=False))
        await pilot.pause()
        cells = _cells(app)
        assert cells
        ratio = MIN_CONTRAST[theme]
        bad = []
        for text, style in cells:
            if style.color is None or style.bgcolor is None:
                continue
            fg, bg = style.color.get_truecolor(), style.bgcolor.get_truecolor()
            if style.reverse:
                fg, bg = bg, fg
            got = contrast_ratio((fg.red, fg.green, fg.blue), (bg.red, bg.green, bg.blue))
            if style.dim or got < ratio - 0.05:
                bad.append((text, round(got, 2), style.dim))
        assert not bad, bad[:10]


async def test_the_dark_theme_is_left_as_drawn() -> None:
    """The usual theme is Textual's own, drawn as it always was (its pictures do not change):
    its muted text is below AA, which is why the projector themes exist."""
    app = app_for("en", catalog=[])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(DrillScreen(drill_session("en"), autoplay=False))
        await pilot.pause()
        assert app.theme == "dark"
        ratios = []
        for _, style in _cells(app):
            if style.color is not None and style.bgcolor is not None:
                fg, bg = style.color.get_truecolor(), style.bgcolor.get_truecolor()
                ratios.append(contrast_ratio(tuple(fg), tuple(bg)))  # type: ignore[arg-type]
        assert min(ratios) < AA_RATIO


async def test_the_setup_form_changes_the_theme() -> None:
    from textual.widgets import Select

    app = app_for("en", scenario=scenario())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        select = app.screen.query_one("#theme", Select)
        assert select.value == "dark"
        select.value = "contrast"
        await pilot.pause()
        assert app.theme == "contrast"


async def test_the_palette_offers_every_theme() -> None:
    app = app_for("zh", catalog=[])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "配色：高对比度" in titles and "配色：浅色（投影）" in titles
        command = next(c for c in app.get_system_commands(app.screen) if "高对比度" in c.title)
        command.callback()
        assert app.theme == "contrast"


def test_play_takes_a_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.cli import main

    runs: list[DrillsimApp] = []
    monkeypatch.setattr(DrillsimApp, "run", lambda self, *a, **k: runs.append(self))
    assert main(["play", "workshop-evacuation", "--theme", "light", "--lang", "en"]) == 0
    assert runs[0].theme == "light"
    assert set(THEMES) == {"dark", "light", "contrast"}
    with pytest.raises(SystemExit):
        main(["play", "workshop-evacuation", "--theme", "neon", "--lang", "en"])


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("theme", ["light", "contrast"])
def test_theme_picture(theme: str, lang: str, snap_compare: Any) -> None:
    app = app_for(lang, catalog=[], theme=theme)

    async def push(pilot: Any) -> None:
        await app.push_screen(DrillScreen(drill_session(lang), autoplay=False))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=push)
