"""A yes/no question, e.g. before quitting or ending a drill that is still running."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from sim.i18n import tr
from tui import bindings
from tui.screens.base import DrillsimModal


class ConfirmScreen(DrillsimModal[bool]):
    """Dismissed with True for yes (Y), False for no (N or Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.CONFIRM]
    LANG_LOCKED = True

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="confirm", classes="dialog"):
            yield Static(self.question, id="confirm-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr("yes_key", lang), id="confirm-yes", variant="error")
                yield Button(tr("no_key", lang), id="confirm-no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#confirm-no").focus()

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)
