"""A seat of the training room: one role's own screen (``drillsim join ADDR:PORT --code CODE
--role ROLE``), on that participant's terminal, an SSH session or a browser.

The seat shows what its role knows and nothing else (the host builds the seat's
:class:`tui.room.link.SeatView` for it, ``sim.knowledge``): the role's response card, its
open prompts with their countdowns, the actions the role may take, the feed of the events
the role saw, was told or heard, and the map. Acting opens the action's form; the form sends
the action through the seat's link (:class:`tui.room.link.SeatLink`, local or over the
network) and shows the host's answer. The clock is the facilitator's: a seat neither pauses
nor changes the speed. When a remote seat loses the host it says "reconnecting…" and
catches up from the fresh view it gets on its return.

The screen never touches the drill: everything it draws comes from the view, and every view
the link publishes replaces the previous one (:class:`SeatScreen.ViewChanged` messages
replace one another in the queue, so a slow terminal draws only the newest).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sim import Event, Lang, Phrase, Scenario, localize, terminal
from sim.i18n import tr
from tui.cells import clip
from tui.feedtext import EventText
from tui.lang import lang_of
from tui.names import Names
from tui.screens.action_form import ActionFormScreen
from tui.screens.base import DrillsimScreen
from tui.screens.drill import free_hotkeys
from tui.widgets.cards import card_text
from tui.widgets.clock import ClockBar
from tui.widgets.common import LangFooter, follow_language
from tui.widgets.feed import EventFeed
from tui.widgets.prompts import PromptPanel
from tui.widgets.sitemap import MapLayout, MapPanel

if TYPE_CHECKING:
    from tui.room.link import ActionInfo, SeatLink, SeatView
    from tui.session import DrillSession

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


class SeatActionsPanel(OptionList):
    """The actions the seat's role may take, with their keys and state (ready, under way
    until, done at, or why not); choosing one asks for its form."""

    DEFAULT_CSS = """
    SeatActionsPanel {
        height: 1fr;
        border: none;
        padding: 0;
        background: $surface;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    SeatActionsPanel:focus {
        border: none;
    }
    """

    @dataclass
    class Chosen(Message):
        """The user wants to take this action."""

        action_id: str

    def __init__(
        self,
        scenario: Scenario,
        hotkeys: dict[str, str],
        clock: Callable[[float], str],
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.hotkeys = hotkeys
        self.clock = clock
        self.rows: list[ActionInfo] = []
        self._prompts: list[Text] = []

    def on_mount(self) -> None:
        follow_language(self, lambda _lang: self.show(self.rows, force=True))

    def show(self, rows: list[ActionInfo], *, force: bool = False) -> None:
        """Draw these actions; only rows whose text changed are redrawn."""
        prompts = [self._prompt(r) for r in rows]
        same_ids = [r.id for r in rows] == [r.id for r in self.rows]
        self.rows = list(rows)
        if force or not same_ids or len(prompts) != len(self._prompts):
            highlighted = self.highlighted
            self._prompts = prompts
            self.set_options(Option(p, id=r.id) for p, r in zip(prompts, rows, strict=True))
            if rows:
                self.highlighted = min(highlighted or 0, len(rows) - 1)
            return
        for i, prompt in enumerate(prompts):
            old = self._prompts[i]
            if prompt.plain != old.plain or prompt.spans != old.spans:
                self._prompts[i] = prompt
                self.replace_option_prompt_at_index(i, prompt)

    def _prompt(self, row: ActionInfo) -> Text:
        lang: Lang = lang_of(self)
        text = Text(no_wrap=True, overflow="ellipsis")
        key = self.hotkeys.get(row.id)
        text.append(f"{key or ' '} ", Style(bold=True, color="cyan"))
        action = self.scenario.index.actions.get(row.id)
        label = localize(action.label, lang) if action is not None else row.label
        duration_s = action.duration_s if action is not None else 0.0
        if row.started_s is not None and (row.done_s is None or row.done_s < row.started_s):
            text.append(label, Style(bold=True))
            text.append(f"  ▸{self.clock(row.started_s + duration_s)}", Style(color="yellow"))
        elif row.done_s is not None:
            text.append(label, Style(dim=not row.available))
            text.append(f"  ✓{self.clock(row.done_s)}", Style(color="green"))
        elif row.available:
            text.append(label, Style(bold=True))
        else:
            text.append(label, Style(dim=True))
            if row.reason is not None:
                reason = clip(row.reason.render(lang), 40)
                text.append("  " + reason, Style(dim=True, italic=True))
        return text

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))


def status_line(view: SeatView, lang: Lang) -> Text | None:
    """The line above a seat's panes: reconnecting, not started yet, paused or over (None
    while the drill simply runs)."""
    if not view.connected:
        return Text(tr("seat_reconnecting", lang), Style(bold=True, color="red"))
    if view.finished:
        return Text(tr("seat_over", lang), Style(bold=True))
    if not view.started:
        return Text(tr("seat_waiting", lang), Style(bold=True, color="yellow"))
    if view.paused:
        return Text(tr("seat_paused", lang), Style(bold=True, color="yellow"))
    return None


class SeatDesk:
    """What an action's form asks of a drill, answered from the seat's view: which roles may
    act (only the seat's own, or every role on a seat holding them all), who plays them, and
    whether each is free now. The form's submit goes to the link, not here."""

    def __init__(self, link: SeatLink) -> None:
        self.link = link
        self.scenario = link.scenario

    @property
    def view(self) -> SeatView:
        """The seat's latest view."""
        return self.link.view

    def allowed_roles(self, action_id: str) -> list[str]:
        """Roles this seat may act as for the action."""
        info = self.view.action(action_id)
        roles = list(info.roles) if info is not None else []
        own = self.view.role
        if own is not None and own != "*":
            return [own] if own in roles or not roles else []
        return roles or [r.id for r in self.scenario.roles]

    def role_free(self, role_id: str) -> bool:
        """Whether the role's player is free to act now (from the map's role states)."""
        view = self.view
        for role in view.snapshot().roles:
            if role.id == role_id:
                return role.busy_until_s <= view.t_s and role.harm != "casualty"
        return True

    def default_role(self, action_id: str) -> str:
        """The first allowed role that is free."""
        allowed = self.allowed_roles(action_id)
        free = [r for r in allowed if self.role_free(r)]
        return (free or allowed or [""])[0]

    def participants_in(self, role_id: str) -> list[str]:
        """The names of the people playing the role, as the host's settings give them."""
        for card in self.view.cards:
            if card.role == role_id:
                return list(card.participants)
        return []


class SeatActionForm(ActionFormScreen):
    """An action's form on a seat: the same fields as at the single terminal, sent through
    the seat's link; the host's answer (taken, or refused with its reason) is shown here."""

    def __init__(self, desk: SeatDesk, action_id: str) -> None:
        # The form reads the drill only through the few questions SeatDesk answers.
        super().__init__(cast("DrillSession", desk), action_id)
        self.desk = desk
        self.sending = False

    def action_submit(self) -> None:
        """Send the action to the host; stay open with the reason if it is refused."""
        if self.sending:
            return
        params = self.params()
        if params is None:
            return
        from textual.widgets import Select

        by = self.query_one("#form-by", Select).value
        self.sending = True
        self.run_worker(self._send(str(by), params), exclusive=True)

    async def _send(self, by: str, params: dict[str, Any]) -> None:
        lang = self.lang
        try:
            outcome = await self.desk.link.act(self.action.id, params, by=by or None)
        finally:
            self.sending = False
        if outcome.ok:
            self.app.notify(
                tr("note_started", lang, action=localize(self.action.label, lang)), timeout=3
            )
            self.dismiss(True)
            return
        reason = outcome.reason.render(lang) if outcome.reason is not None else ""
        self.show_reason(tr("form_refused", lang, reason=reason))
        self.app.notify(tr("form_refused", lang, reason=reason), severity="error", timeout=5)


class SeatScreen(DrillsimScreen[None]):
    """One role's seat (or every role's, on a seat that holds them all)."""

    BINDINGS: ClassVar[list[BindingType]] = [*SEAT_BINDINGS]
    HELP_SECTION = "help_drill"
    SUB_TITLE_KEY = "seat_title"

    DEFAULT_CSS = """
    SeatScreen #seat-status {
        height: auto;
        padding: 0 1;
        display: none;
    }
    SeatScreen #seat-status.-shown {
        display: block;
        background: $warning 20%;
    }
    SeatScreen #seat-body {
        height: 2fr;
    }
    SeatScreen #seat-map {
        width: 1fr;
    }
    SeatScreen #seat-side {
        width: 45%;
        max-width: 60;
        min-width: 30;
        border-left: vkey $primary;
    }
    SeatScreen #seat-card-scroll {
        height: auto;
        max-height: 45%;
    }
    SeatScreen #seat-card {
        padding: 0 1;
    }
    SeatScreen #seat-feed {
        height: 1fr;
        min-height: 4;
    }
    """

    @dataclass
    class ViewChanged(Message):
        """The link has a new view; a newer one replaces an older one in the queue."""

        view: SeatView

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, SeatScreen.ViewChanged)

    def __init__(self, link: SeatLink) -> None:
        super().__init__()
        self.link = link
        self.scenario = link.scenario
        self.names = ViewNames(link)
        self.clock = wall_clock(self.scenario.start_clock)
        self.map_layout = MapLayout(self.scenario)
        self.event_text = EventText(self.names, self.clock)
        self.feed = SeatFeed()
        view = link.view
        own = {a.id for a in view.actions}
        self.hotkeys = {k: v for k, v in free_hotkeys(self.scenario).items() if k in own}
        self.key_to_action = {v: k for k, v in self.hotkeys.items()}
        self.desk = SeatDesk(link)
        self._unsubscribe: Callable[[], None] | None = None
        self._card_roles: list[str] = []

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        view = self.link.view
        lang = self.lang
        yield ClockBar(localize(self.scenario.title, lang), view.duration_s, id="clock")
        yield Static(id="seat-status")
        with Horizontal(id="seat-body"):
            yield MapPanel(self.map_layout, view.snapshot(), self.clock, id="seat-map")
            with Vertical(id="seat-side"):
                yield Static(self._card_title(lang), id="seat-card-title", classes="pane-title")
                with VerticalScroll(id="seat-card-scroll"):
                    yield Static(id="seat-card")
                yield Static(tr("drill_actions", lang), id="actions-title", classes="pane-title")
                yield SeatActionsPanel(self.scenario, self.hotkeys, self.clock, id="seat-actions")
        yield PromptPanel(self.names, self.hotkeys, id="prompts")
        yield Static(tr("seat_feed", lang), id="feed-title", classes="pane-title")
        yield EventFeed(self.event_text, self.clock, self.feed.reasons, id="seat-feed")
        yield LangFooter()

    def on_mount(self) -> None:
        self.show_view(self.link.view)
        self._unsubscribe = self.link.subscribe(self._on_view)
        self.query_one(SeatActionsPanel).focus()

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_view(self, view: SeatView) -> None:
        self.post_message(self.ViewChanged(view))

    @on(ViewChanged)
    def _view_changed(self, message: ViewChanged) -> None:
        message.stop()
        self.show_view(message.view)

    # --- drawing ---------------------------------------------------------------------------

    def _roles_shown(self, view: SeatView) -> list[str]:
        if view.role in (None, "*"):
            return [c.role for c in view.cards]
        return [view.role]

    def _card_title(self, lang: Lang) -> str:
        role = self.link.view.role
        if role is None or role == "*":
            return tr("seat_cards_all", lang)
        return tr("seat_card_of", lang, role=self.names.role(role, lang))

    def _card(self, view: SeatView, lang: Lang) -> Text:
        out = Text()
        roles = self._roles_shown(view)
        for i, role_id in enumerate(roles):
            if role_id not in self.scenario.index.roles:
                continue
            if len(roles) > 1:
                if i:
                    out.append("\n\n")
                out.append(self.names.role(role_id, lang) + "\n", Style(bold=True, underline=True))
            participants = next((c.participants for c in view.cards if c.role == role_id), [])
            out.append_text(card_text(self.scenario, role_id, participants, lang))
        return out

    def show_view(self, view: SeatView) -> None:
        """Draw the view: the clock, the status line, the map, the card, the actions, the
        prompts and the feed's new entries."""
        lang = self.lang
        self.names.refresh(view)
        snap = view.snapshot()
        self.query_one(ClockBar).show(snap, view.speed, view.paused or not view.started)
        status = status_line(view, lang)
        banner = self.query_one("#seat-status", Static)
        banner.set_class(status is not None, "-shown")
        banner.update(status or "")
        self.query_one(MapPanel).show(snap)
        roles = self._roles_shown(view)
        if roles != self._card_roles:
            self._card_roles = roles
            self.query_one("#seat-card", Static).update(self._card(view, lang))
        self.query_one(SeatActionsPanel).show(view.actions)
        self.query_one(PromptPanel).show([p.prompt() for p in view.prompts], view.t_s)
        if self.feed.take(view):
            self.query_one(EventFeed).sync(self.feed.events)

    def relang(self) -> None:
        lang = self.lang
        self.query_one(ClockBar).set_title(localize(self.scenario.title, lang))
        self.query_one("#seat-card-title", Static).update(self._card_title(lang))
        self.query_one("#actions-title", Static).update(tr("drill_actions", lang))
        self.query_one("#feed-title", Static).update(tr("seat_feed", lang))
        self._card_roles = []
        self.show_view(self.link.view)

    # --- acting ----------------------------------------------------------------------------

    def action_floor(self, delta: int) -> None:
        """Show another floor."""
        self.query_one(MapPanel).step_floor(delta)

    def action_act(self, action_id: str) -> None:
        """Open the form of one of the role's actions."""
        view = self.link.view
        if view.finished or view.action(action_id) is None:
            return
        if not view.connected:
            self.notify(tr("seat_reconnecting", self.lang), severity="warning", timeout=3)
            return
        self.app.push_screen(SeatActionForm(self.desk, action_id))

    @on(SeatActionsPanel.Chosen)
    def _chosen(self, event: SeatActionsPanel.Chosen) -> None:
        self.action_act(event.action_id)

    def on_key(self, event: events.Key) -> None:
        action_id = self.key_to_action.get(event.character or "")
        if action_id is not None:
            event.stop()
            event.prevent_default()
            self.action_act(action_id)

    def help_rows(self) -> list[tuple[str, str]]:
        """The role's action keys, for the help screen."""
        lang = self.lang
        return [(key, self.names.action(aid, lang)) for aid, key in self.hotkeys.items()]


def seat_title(view: SeatView, names: Names, lang: Lang) -> str:
    """How a seat is named: its role, 'every role' or 'display'."""
    if view.role is None:
        return tr("seat_display", lang)
    if view.role == "*":
        return tr("seat_every_role", lang)
    return terminal(names.role(view.role, lang))
