"""Widgets every screen uses: the footer in the current language, and a section title."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer, Static

from sim.i18n import has, tr
from sim.safetext import terminal
from tui.lang import lang_of


class LangFooter(Footer):
    """The footer, with each key's description (a catalogue key) in the current language."""

    def compose(self) -> ComposeResult:
        lang = lang_of(self)
        for widget in super().compose():
            desc = getattr(widget, "description", None)
            if isinstance(desc, str) and has(desc):
                widget.description = tr(desc, lang)  # type: ignore[attr-defined]
            yield widget


class SectionTitle(Static):
    """A heading inside a screen."""

    DEFAULT_CSS = """
    SectionTitle {
        text-style: bold;
        color: $accent;
        margin: 1 0 0 0;
    }
    """

    def __init__(self, text: str, **kwargs: Any) -> None:
        super().__init__(terminal(text), markup=False, **kwargs)

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        """Show a new title (plain text, control characters made visible)."""
        super().update(terminal(content) if isinstance(content, str) else content, layout=layout)
