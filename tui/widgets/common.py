"""Widgets every screen uses: the footer in the current language, and a section title; and how
a widget follows the interface language and the theme (the app's signals)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from textual.app import ComposeResult
from textual.dom import DOMNode
from textual.signal import Signal
from textual.widgets import Button, Footer, Static

from sim import Lang, terminal
from sim.i18n import has, tr
from tui.lang import lang_of


@runtime_checkable
class LanguageHost(Protocol):
    """An app whose interface language can change while it runs: it publishes the new
    language on ``language_changed_signal`` (Textual's ``Signal``, as the app's
    ``theme_changed_signal`` publishes a new theme)."""

    language_changed_signal: Signal[Lang]


def follow_language(node: DOMNode, callback: Callable[[Lang], object]) -> None:
    """Call ``callback`` with the new language whenever the app's language changes.

    Call it once the node is mounted (a Signal only takes running nodes); the callback runs
    as the language changes, before the next frame. Outside an app that publishes its
    language (a widget tried on its own) there is nothing to follow."""
    app = node.app
    if isinstance(app, LanguageHost):
        app.language_changed_signal.subscribe(node, callback, immediate=True)


def follow_theme(node: DOMNode, callback: Callable[[object], object]) -> None:
    """Call ``callback`` whenever the app's theme changes (Textual's ``theme_changed_signal``),
    for widgets that keep drawn lines whose colours come from the theme."""
    node.app.theme_changed_signal.subscribe(node, callback, immediate=True)


TEXTUAL_DESCRIPTIONS: dict[str, str] = {"Dismiss menu": "key_dismiss_menu"}
"""Textual's own binding descriptions that reach the footer, and their catalogue keys."""


class LangFooter(Footer):
    """The footer, with each key's description (a catalogue key) in the current language.
    The screen's bindings are refreshed when the language changes, which recomposes it."""

    def compose(self) -> ComposeResult:
        lang = lang_of(self)
        for widget in super().compose():
            desc = getattr(widget, "description", None)
            if isinstance(desc, str):
                desc = TEXTUAL_DESCRIPTIONS.get(desc, desc)
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


class CancelButton(Button, can_focus=False):
    """A dialog's Cancel button: a click, or Esc, closes the dialog; Tab passes it by, so that
    Tab then Enter goes to the dialog's own button and never cancels by accident."""
