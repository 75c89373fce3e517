"""A yes/no question, e.g. before quitting or ending a drill that is still running. The
question is a phrase (``sim.Phrase``), so that F2 says it again in the other language."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from sim import Phrase
from sim.i18n import tr
from tui import bindings
from tui.screens.base import DrillsimModal


class ConfirmScreen(DrillsimModal[bool]):
    """Dismissed with True for yes (Y), False for no (N or Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.CONFIRM]

    def __init__(self, question: Phrase) -> None:
        super().__init__()
        self.question = question
        """The question, said in the current language (F2 says it again)."""

    def _question(self) -> str:
        return self.question.render(self.lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="confirm", classes="dialog"):
            yield Static(self._question(), id="confirm-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr("yes_key", lang), id="confirm-yes", variant="error")
                yield Button(tr("no_key", lang), id="confirm-no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#confirm-no").focus()

    def relang(self) -> None:
        lang = self.lang
        self.query_one("#confirm-question", Static).update(self._question())
        self.query_one("#confirm-yes", Button).label = tr("yes_key", lang)
        self.query_one("#confirm-no", Button).label = tr("no_key", lang)

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)
