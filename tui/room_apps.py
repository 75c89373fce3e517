"""The training room's two terminal apps: the facilitator's (:class:`HostApp`, the console
then the debrief, on the host's terminal) and a participant's (:class:`SeatApp`, a role's seat
or the projector's display).

Both are the drillsim app (:class:`tui.app.DrillsimApp`: the same look, F1 help, F2 language,
themes) opened on another first screen; the room's host or link is made by the caller, in
the event loop the app then runs in (``drillsim host`` and ``drillsim join`` run them with
``App.run_async``, so the host's clock and the seats' connections share the app's loop).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events

from sim import Lang, Phrase
from sim.i18n import tr
from tui import bindings
from tui.app import DrillsimApp

if TYPE_CHECKING:
    from tui.room.host import RoomHost
    from tui.room.link import SeatLink
    from tui.screens.console import ConsoleScreen


class HostApp(DrillsimApp):
    """The facilitator's console, then the debrief, for one room's drill."""

    def __init__(self, host: RoomHost, *, lang: Lang, **kwargs: Any) -> None:
        kwargs.setdefault("keymap", bindings.load_keymap())
        super().__init__(lang=lang, **kwargs)
        self.host = host

    def _on_mount(self, event: events.Mount) -> None:
        """Open the console (and not the picker, as the drillsim app would)."""
        from tui.screens.console import ConsoleScreen

        event.prevent_default()
        self.title = tr("app_title", self.ui_lang)
        self.push_screen(ConsoleScreen(self.host))

    def on_console_screen_finished(self, message: ConsoleScreen.Finished) -> None:
        """The debrief replaces the console, once the dialogs open over it are closed."""
        from tui.screens.console import ConsoleScreen

        while not isinstance(self.screen, ConsoleScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        self.open_debrief(message.session)

    def new_drill(self) -> None:
        """After a room's drill, a new one is a new ``drillsim host``: leave."""
        self.exit()

    async def action_quit(self) -> None:
        """Quit; while the drill runs, only after a confirmation (the journal stays
        resumable: ``drillsim host --resume SESSION``)."""
        from tui.screens.confirm import ConfirmScreen

        if self.host.session.finished:
            self.exit()
            return
        if isinstance(self.screen, ConfirmScreen):
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmScreen(Phrase("confirm_quit")), answered)


class SeatApp(DrillsimApp):
    """One seat of the room: a role's screen, or the projector's display (no role)."""

    def __init__(self, link: SeatLink, *, lang: Lang, **kwargs: Any) -> None:
        kwargs.setdefault("keymap", bindings.load_keymap())
        super().__init__(lang=lang, **kwargs)
        self.link = link

    def _on_mount(self, event: events.Mount) -> None:
        """Open the seat's screen (and not the picker, as the drillsim app would)."""
        event.prevent_default()
        self.title = tr("app_title", self.ui_lang)
        if self.link.view.role is None:
            from tui.screens.display import DisplayScreen

            self.push_screen(DisplayScreen(self.link))
        else:
            from tui.screens.seat import SeatScreen

            self.push_screen(SeatScreen(self.link))

    async def action_quit(self) -> None:
        """Leave the room (the drill goes on at the host; the seat may join again)."""
        self.exit()
