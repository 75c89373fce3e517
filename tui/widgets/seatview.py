"""What the training room's seat and display screens share: how they read a seat's view
(:class:`tui.room.link.SeatView`) into the app's widgets.

- :func:`wall_clock` gives a seat the scenario's clock without a drill;
- :class:`ViewNames` names what the seat's copy of the scenario holds, which grows as injects
  are delivered to it;
- :class:`SeatFeed` keeps the feed's events across views (a reconnected seat gets them all
  again) and says a refusal's reason in words;
- :class:`SeatActionsPanel` lists the actions of the seat's role with their keys and state;
- :func:`status_line` is the line that says the seat is reconnecting, waiting, paused or
  over; :class:`ViewChanged` carries a new view to the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widget import Widget

from sim import RESERVED_KEYS, Event, Lang, Phrase, Scenario, action_keys
from sim.i18n import tr
from tui import bindings
from tui.names import Names
from tui.widgets.actions_panel import ActionsPanel, short_label_cells

if TYPE_CHECKING:
    from tui.room.link import SeatLink, SeatView

SEAT_BINDINGS: list[Binding] = [
    Binding(
        "left_square_bracket,pageup",
        "floor(-1)",
        "key_floor_down",
        show=False,
        id="seat.floor_down",
    ),
    Binding(
        "right_square_bracket,pagedown",
        "floor(1)",
        "key_floor_up",
        show=False,
        id="seat.floor_up",
    ),
    Binding("tab", "app.focus_next", "seat_key_next_pane", id="seat.next", show=False),
]
"""A seat's own keys: the floors of the map. The scenario's action keys come on top (those
no binding uses), as on the drill screen; the clock's keys are the facilitator's."""


def wall_clock(start_clock: str) -> Callable[[float], str]:
    """The scenario's wall clock: sim seconds to 'HH:MM:SS' from its ``start_clock`` (as
    ``sim.Drill.clock`` gives it; a seat has no drill)."""
    try:
        h, m = (int(x) for x in start_clock.split(":"))
    except ValueError:
        h, m = 0, 0

    def clock(t_s: float) -> str:
        total = (h * 3600 + m * 60 + int(t_s)) % 86400
        return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"

    return clock


class ViewNames(Names):
    """The scenario's names as the seat may know them. The seat's copy of the scenario grows
    as injects are delivered to it (the host keeps the others hidden until they are sent):
    :meth:`refresh` takes the link's newest copy; a prompt's text comes from the view."""

    def __init__(self, link: SeatLink) -> None:
        super().__init__(link.scenario)
        self.link = link
        self.prompt_texts: dict[str, str] = {}

    def refresh(self, view: SeatView) -> None:
        """Take the link's newest copy of the scenario and the view's prompt texts."""
        for p in view.prompts:
            self.prompt_texts[p.inject] = p.text
        scenario = self.link.scenario
        if scenario is not self.scenario:
            self.scenario = scenario
            self._injects = {i.id: i for i in scenario.injects}

    def inject(self, inject_id: str, lang: Lang) -> str:
        if inject_id in self._injects:
            return super().inject(inject_id, lang)
        return self.prompt_texts.get(inject_id, inject_id)


class SeatFeed:
    """The events a seat has been shown, in log order, kept across views: each view carries
    the entries the role knows (a reconnected seat gets them all again), and only those with
    a log index not seen yet are added."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.reasons: dict[int, Phrase] = {}
        """Refusal reasons by the index of the event in :attr:`events` (EventFeed's key)."""
        self._last_index = -1

    def take(self, view: SeatView) -> bool:
        """Add the view's new entries; whether any were added."""
        added = False
        for entry in view.feed:
            if entry.index <= self._last_index:
                continue
            self._last_index = entry.index
            event = entry.event()
            if event.kind == "refused":
                self.reasons[len(self.events)] = refusal_reason(str(event.data.get("reason", "")))
            self.events.append(event)
            added = True
        return added


def refusal_reason(key: str) -> Phrase:
    """A refusal's reason as a seat can say it: the log keeps only the reason's key (its
    details, a role or a time, stay with the host), so a reason that needs details is said
    in general words rather than shown as its key."""
    from sim.i18n import has

    if key and has(key):
        phrase = Phrase(key)
        try:
            said = [phrase.render("zh"), phrase.render("en")]
        except (KeyError, IndexError, ValueError):
            said = ["{"]
        if not any("{" in text for text in said):
            return phrase
    return Phrase("seat_refused_reason")


class SeatActionsPanel(ActionsPanel):
    """The actions the seat's role may take, with their keys and state (ready, under way
    until, done at, or why not), laid out as on the drill screen
    (:class:`tui.widgets.actions_panel.ActionGrid`: columns of short labels when the pane is
    short); choosing one asks for its form."""


def fit_seat(screen: Widget, actions: int) -> None:
    """Share a seat's lines for its terminal size (:func:`tui.fit.seat_fit`): the role's
    ``actions`` keep their keys and whole short labels in sight, the prompts pane gets the
    lines they leave, and the card at most the rest (hidden when nothing is left: the card
    is also in the briefing). The screen's panes are found by their ids (seat.py)."""
    from tui.fit import seat_fit
    from tui.widgets.prompts import PromptPanel

    size = screen.app.size
    panel = screen.query_one(SeatActionsPanel)
    fit = seat_fit(size.width, size.height, actions, short_label_cells(panel.scenario))
    screen.set_class(fit.compact, "-compact")
    screen.set_class(not fit.card_lines, "-no-card")
    screen.query_one("#seat-card-scroll").styles.max_height = max(1, fit.card_lines)
    screen.query_one("#seat-side").styles.width = fit.side_width
    screen.query_one("#seat-feed").styles.height = fit.feed_lines
    panel.styles.height = fit.action_lines
    screen.query_one(PromptPanel).set_max_lines(fit.prompt_lines)


def status_line(view: SeatView, lang: Lang, refused: Phrase | None = None) -> Text | None:
    """The line above a seat's panes: refused on reconnecting (``refused``: why; the seat
    has stopped trying), reconnecting, not started yet, paused or over (None while the drill
    simply runs)."""
    if refused is not None:
        return Text(
            tr("room_join_refused", lang, why=refused.render(lang)), Style(bold=True, color="red")
        )
    if not view.connected:
        return Text(tr("seat_reconnecting", lang), Style(bold=True, color="red"))
    if view.finished:
        return Text(tr("seat_over", lang), Style(bold=True))
    if not view.started:
        return Text(tr("seat_waiting", lang), Style(bold=True, color="yellow"))
    if view.paused:
        return Text(tr("seat_paused", lang), Style(bold=True, color="yellow"))
    return None


def link_refused(link: SeatLink) -> Phrase | None:
    """Why the host refused a remote seat on reconnecting (``RemoteLink.refused``: the code
    changed, say); None for a link that has not been refused or cannot be."""
    refused = getattr(link, "refused", None)
    return refused if isinstance(refused, Phrase) else None


@dataclass
class ViewChanged(Message):
    """A seat's link has a new view; a newer one replaces an older one in the queue, so a
    slow terminal draws only the newest."""

    view: SeatView

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ViewChanged)


def follow_link(screen: MessagePump, link: SeatLink) -> Callable[[], None]:
    """Post each new view of ``link`` to ``screen`` as a :class:`ViewChanged` message (so it
    is drawn on the screen's own message queue); returns the call that stops following."""

    def post(view: SeatView) -> None:
        screen.post_message(ViewChanged(view))

    return link.subscribe(post)


def seat_hotkeys(scenario: Scenario, action_ids: set[str]) -> dict[str, str]:
    """The keys of the seat's actions: the key catalogue's, as at the single terminal
    (``sim.action_keys``), never one the seat or the app binds itself."""
    reserved: set[str] = set(RESERVED_KEYS)
    for b in [*SEAT_BINDINGS, *bindings.APP]:
        reserved.update(k.strip() for k in b.key.split(",") if len(k.strip()) == 1)
    return {k: v for k, v in action_keys(scenario, reserved=reserved).items() if k in action_ids}
