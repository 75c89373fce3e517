"""The team: each role with who plays it and what they are doing (free, busy until, wearing
protective gear, hurt), so the facilitator sees who can act. The single-terminal drill
screen draws it from its seat's view (:meth:`RolesPanel.show_view`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from sim import Lang, Scenario, localize, terminal
from sim.i18n import tr
from tui.cells import clip
from tui.lang import lang_of
from tui.widgets.common import follow_language

if TYPE_CHECKING:
    from tui.room.link import SeatView


class RoleLike(Protocol):
    """What the team pane reads of a role-player (``sim.RoleState``, the engine's role)."""

    @property
    def id(self) -> str: ...

    @property
    def busy_until_s(self) -> float: ...

    @property
    def current(self) -> str | None: ...

    @property
    def ppe(self) -> bool: ...

    @property
    def harm(self) -> str | None: ...


NAME_MIN_CELLS = 6
"""The fewest cells a role's name keeps when its line is cut (a few characters of it)."""


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

    def __init__(self, scenario: Scenario, clock: Callable[[float], str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.clock = clock
        self._view: SeatView | None = None
        self._shown = ""

    def show_view(self, view: SeatView) -> None:
        """Draw the team from a seat's view (its map's role states and its cards' players);
        redraws only when something changed."""
        self._view = view
        self.show()

    def show(self) -> None:
        """Redraw from the last view when something changed."""
        view = self._view
        if view is None:
            return
        people = {c.role: list(c.participants) for c in view.cards}
        text = team_text(
            self.scenario,
            view.snapshot().roles,
            view.t_s,
            self.clock,
            people,
            lang_of(self),
            max(20, self.content_size.width or 40),
        )
        if text.markup != self._shown:
            self._shown = text.markup
            self.update(text, layout=False)

    def on_mount(self) -> None:
        follow_language(self, self._language_changed)

    def _language_changed(self, lang: Lang) -> None:
        self._shown = ""
        self.show()


def team_text(
    scenario: Scenario,
    roles: Sequence[RoleLike],
    now_s: float,
    clock: Callable[[float], str],
    participants: Mapping[str, list[str]],
    lang: Lang,
    width: int = 60,
) -> Text:
    """Each role of the scenario: its name (and players), then free, or busy with what until
    when, from the role-players' states at sim time ``now_s``. A line wider than ``width``
    is cut in the role's name first, then in the action's short label; the time it is busy
    until is always whole."""
    states = {r.id: r for r in roles}
    out = Text(no_wrap=True, overflow="ellipsis")
    for i, role in enumerate(scenario.roles):
        state = states[role.id]
        if i:
            out.append("\n")
        name = localize(role.name, lang)
        people = participants.get(role.id, [])
        if people:
            name += f" ({', '.join(people)})"
        if state.harm == "casualty":
            status, style = tr("role_down", lang), Style(color="red", bold=True)
        elif state.harm == "injured":
            status, style = tr("role_hurt", lang), Style(color="red")
        elif state.busy_until_s > now_s and state.current is not None:
            act = scenario.action(state.current)
            action = localize(act.short or act.label, lang)
            until = clock(state.busy_until_s)
            frame = cell_len(tr("role_busy", lang, action="", clock=until))
            room = width - NAME_MIN_CELLS - 1 - frame
            status = tr("role_busy", lang, action=clip(action, max(1, room)), clock=until)
            style = Style(color="yellow")
        else:
            status, style = tr("role_free", lang), Style(color="green")
        mark = " ◆" if state.ppe else ""
        name_room = width - cell_len(mark) - 1 - cell_len(status)
        head = clip(terminal(name), max(NAME_MIN_CELLS, name_room))
        out.append(head, Style(bold=True))
        out.append(mark, Style(color="cyan"))
        out.append(" " + status, style)
    return out
