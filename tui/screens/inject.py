"""Facilitator injects: send one of the scenario's optional injects now (F3), or type a
message of one's own into the feed (F4). Both land in the event log.

Both dialogs read and send through :class:`InjectDesk`, a small protocol that the drill
itself (:class:`tui.session.DrillSession`) and the room's host (:class:`ConsoleDesk`: the
facilitator's console, and single-terminal play, where the player is the facilitator too)
both answer; through the host, an inject or a message reaches every seat at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from sim import ActResult, Scenario, localize
from sim.i18n import tr
from tui import bindings
from tui.cells import clip
from tui.names import Names
from tui.screens.base import DrillsimModal
from tui.widgets.common import CancelButton

if TYPE_CHECKING:
    from tui.room.host import RoomHost
    from tui.session import DrillSession


class InjectDesk(Protocol):
    """What the inject (F3) and message (F4) dialogs read and do: the scenario, the
    optional injects not sent yet, and sending an inject or a message of one's own."""

    @property
    def scenario(self) -> Scenario: ...

    def optional_injects(self) -> list[str]: ...

    def fire_inject(self, inject_id: str) -> ActResult: ...

    def free_inject(self, text: str, to: str | None = None) -> ActResult: ...


class ConsoleDesk:
    """What the inject and message dialogs ask of a drill (:class:`InjectDesk`), answered by
    the room's host, so that an inject or a message reaches the seats at once (the host
    tells them). The console and single-terminal play both use it."""

    def __init__(self, host: RoomHost) -> None:
        self.host = host
        self.scenario = host.scenario

    def optional_injects(self) -> list[str]:
        """Ids of the optional injects not sent yet."""
        return self.host.session.optional_injects()

    def fire_inject(self, inject_id: str) -> ActResult:
        """Send an inject through the host."""
        out = self.host.inject(inject_id)
        return ActResult(out.ok, out.reason)

    def free_inject(self, text: str, to: str | None = None) -> ActResult:
        """A message of the facilitator's own, through the host."""
        out = self.host.message(text, to)
        return ActResult(out.ok, out.reason)


class InjectScreen(DrillsimModal[bool]):
    """The optional injects not sent yet; Enter sends the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.INJECT]
    RECOMPOSE_ON_LANGUAGE = True

    def __init__(self, session: InjectDesk) -> None:
        super().__init__()
        self.session = session
        self.names = Names(session.scenario)

    def compose(self) -> ComposeResult:
        lang = self.lang
        pending = self.session.optional_injects()
        with Vertical(id="inject", classes="dialog"):
            yield Static(Text(tr("inject_title", lang), Style(bold=True, color="cyan")))
            if pending:
                yield OptionList(*[Option(self._line(i), id=i) for i in pending], id="inject-list")
            else:
                yield Static(tr("inject_none", lang), id="inject-none")
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr("cancel", lang), id="inject-cancel")

    def _line(self, inject_id: str) -> Text:
        lang = self.lang
        inj = next(i for i in self.session.scenario.injects if i.id == inject_id)
        out = Text()
        out.append(tr("role_colon", lang, role=self.names.role(inj.to, lang)), Style(bold=True))
        out.append(clip(localize(inj.text, lang), 200))
        return out

    @on(OptionList.OptionSelected, "#inject-list")
    def _send(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        result = self.session.fire_inject(event.option.id)
        lang = self.lang
        if result.accepted:
            self.app.notify(tr("note_inject_sent", lang), timeout=3)
            self.dismiss(True)
        elif result.reason is not None:
            self.app.notify(result.reason.render(lang), severity="error")

    @on(Button.Pressed, "#inject-cancel")
    def action_cancel(self) -> None:
        """Close without sending."""
        self.dismiss(False)


class NoteScreen(DrillsimModal[bool]):
    """A free-text message from the facilitator, to everyone or one role."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.INJECT]
    RECOMPOSE_ON_LANGUAGE = True

    def __init__(self, session: InjectDesk) -> None:
        super().__init__()
        self.session = session
        self.names = Names(session.scenario)

    def compose(self) -> ComposeResult:
        lang = self.lang
        roles = [(tr("everyone", lang), "")] + [
            (self.names.role(r.id, lang), r.id) for r in self.session.scenario.roles
        ]
        with Vertical(id="note", classes="dialog"):
            yield Static(Text(tr("note_title", lang), Style(bold=True, color="cyan")))
            yield Label(tr("note_to", lang))
            yield Select(roles, value="", allow_blank=False, id="note-to")
            yield Label(tr("note_text", lang))
            yield Input(placeholder=tr("note_placeholder", lang), id="note-text")
            with Horizontal(classes="dialog-buttons"):
                yield CancelButton(tr("cancel", lang), id="note-cancel")
                yield Button(tr("note_send", lang), id="note-send", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#note-text", Input).focus()

    @on(Input.Submitted, "#note-text")
    @on(Button.Pressed, "#note-send")
    def send(self) -> None:
        """Put the message into the feed."""
        text = self.query_one("#note-text", Input).value.strip()
        lang = self.lang
        if not text:
            self.app.notify(tr("note_empty", lang), severity="warning")
            return
        to = self.query_one("#note-to", Select).value
        result = self.session.free_inject(text, str(to) if to else None)
        if result.accepted:
            self.dismiss(True)
        elif result.reason is not None:
            self.app.notify(result.reason.render(lang), severity="error")

    @on(Button.Pressed, "#note-cancel")
    def action_cancel(self) -> None:
        """Close without sending."""
        self.dismiss(False)


if TYPE_CHECKING:

    def _the_drill_and_the_host_are_desks(
        session: DrillSession, host: RoomHost
    ) -> tuple[InjectDesk, InjectDesk]:
        """For mypy only: the drill itself and the room's host answer both dialogs."""
        return session, ConsoleDesk(host)
