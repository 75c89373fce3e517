"""The team: each role with who plays it and what they are doing (free, busy until, wearing
protective gear, hurt), so the facilitator sees who can act."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from sim import Lang, localize, terminal
from sim.i18n import tr
from tui.cells import clip
from tui.lang import lang_of
from tui.session import DrillSession
from tui.widgets.common import follow_language


class RolesPanel(Static):
    """One line per role."""

    DEFAULT_CSS = """
    RolesPanel {
        height: auto;
        max-height: 40%;
        padding: 0 1;
        background: $panel;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, session: DrillSession, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self._shown = ""

    def show(self) -> None:
        """Redraw when something changed."""
        text = roles_text(self.session, lang_of(self), max(20, self.content_size.width or 40))
        if text.markup != self._shown:
            self._shown = text.markup
            self.update(text, layout=False)

    def on_mount(self) -> None:
        follow_language(self, self._language_changed)

    def _language_changed(self, lang: Lang) -> None:
        self._shown = ""
        self.show()


def roles_text(session: DrillSession, lang: Lang, width: int = 60) -> Text:
    """Each role: its name (and players), then free, or busy with what until when."""
    drill = session.drill
    out = Text(no_wrap=True, overflow="ellipsis")
    for i, role in enumerate(session.scenario.roles):
        state = drill.roles[role.id]
        if i:
            out.append("\n")
        name = localize(role.name, lang)
        people = session.participants_in(role.id)
        if people:
            name += f" ({', '.join(people)})"
        if state.harm == "casualty":
            status, style = tr("role_down", lang), Style(color="red", bold=True)
        elif state.harm == "injured":
            status, style = tr("role_hurt", lang), Style(color="red")
        elif state.busy_until_s > drill.now_s and state.current is not None:
            action = localize(session.scenario.action(state.current).label, lang)
            status = tr("role_busy", lang, action=action, clock=drill.clock(state.busy_until_s))
            style = Style(color="yellow")
        else:
            status, style = tr("role_free", lang), Style(color="green")
        mark = " ◆" if state.ppe else ""
        head = clip(terminal(name), max(8, width // 2))
        out.append(head, Style(bold=True))
        out.append(mark, Style(color="cyan"))
        out.append(" " + status, style)
    return out
