"""The form of one action: who takes it and its parameters. A report's form lists the six
report elements of Decree 493 Art. 12. A refusal is shown in the form with its reason, so the
user can change what was wrong; the clock keeps running meanwhile, as it would.

The form reads "the drill" through :class:`FormDesk`, a small protocol that three objects
answer: :class:`tui.session.DrillSession` (the drill itself; the form then acts on it
directly), and :class:`SeatDesk`, a seat's view through its link (a participant's seat in the
training room, and single-terminal play, whose one seat holds every role), for which
:class:`SeatActionForm` sends the action through the link to the room's host. mypy checks
that each answers every question the form asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from sim import REPORT_ELEMENTS, ActResult, Lang, Scenario, localize
from sim.i18n import tr
from tui import bindings
from tui.display import plain
from tui.feedtext import element_label, param_label, param_value_text
from tui.modes import preselects_choices, shows_hints
from tui.names import Names
from tui.screens.base import DrillsimModal
from tui.widgets.common import CancelButton

if TYPE_CHECKING:
    from tui.room.link import SeatLink, SeatView
    from tui.session import DrillSession


class ModeSettings(Protocol):
    """The one setting the form reads: the drill's mode (``tui.modes``)."""

    @property
    def mode(self) -> str: ...


class FormDesk(Protocol):
    """What an action's form reads: the scenario, the mode, which roles may take the
    action, whether each is free now, and who plays it."""

    @property
    def scenario(self) -> Scenario: ...

    @property
    def settings(self) -> ModeSettings: ...

    def allowed_roles(self, action_id: str) -> list[str]: ...

    def default_role(self, action_id: str) -> str: ...

    def role_free(self, role_id: str) -> bool: ...

    def participants_in(self, role_id: str) -> list[str]: ...


@runtime_checkable
class ActingDesk(FormDesk, Protocol):
    """A desk the form acts on directly (the drill itself, no host in between)."""

    def act(self, action_id: str, by: str, params: dict[str, Any]) -> ActResult: ...


class ActionFormScreen(DrillsimModal[bool]):
    """Ask for an action's parameters and take it; dismissed with True once accepted.

    The form reads the drill through a :class:`FormDesk`. Over a desk that acts itself (a
    :class:`tui.session.DrillSession`) it takes the action there; the seats, and
    single-terminal play, use :class:`SeatActionForm` (below), which sends it through the
    seat's link to the room's host."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.FORM, bindings.FORM_SELECT_ALL]
    HELP_SECTION = "help_form"
    RECOMPOSE_ON_LANGUAGE = True

    def __init__(self, session: FormDesk, action_id: str) -> None:
        super().__init__()
        self.session = session
        """The desk the form reads (the drill, or a seat's view)."""
        self.action = session.scenario.action(action_id)
        self.names = Names(session.scenario)
        self.fields: dict[str, Widget] = {}
        self.mode = session.settings.mode
        """Coaching shows the hint and starts fields on the scenario's default; assessment
        shows no hint and starts choice and place fields blank (tui.modes)."""

    def compose(self) -> ComposeResult:
        lang = self.lang
        action = self.action
        with Vertical(id="form", classes="dialog"):
            yield Static(self._title(lang), id="form-title")
            with VerticalScroll(id="form-fields"):
                roles = self.session.allowed_roles(action.id)
                yield Label(tr("form_by", lang))
                yield Select(
                    [(plain(self._role_label(r, lang)), r) for r in roles],
                    value=self.session.default_role(action.id),
                    allow_blank=False,
                    prompt=tr("form_select", lang),
                    id="form-by",
                    compact=True,
                )
                if action.kind == "report":
                    yield Static(tr("form_report_rule", lang), classes="form-note")
                for name, spec in action.params.items():
                    yield Label(plain(self._param_label(spec, lang)))
                    widget = self._field(name, spec, lang)
                    self.fields[name] = widget
                    if isinstance(widget, SelectionList):
                        yield Static(
                            self._ticked(widget, lang),
                            classes="form-ticked",
                            id=f"{widget.id}-ticked",
                        )
                    yield widget
                if action.kind == "report" and not any(
                    spec.type == "multi" for spec in action.params.values()
                ):
                    yield Static(self._elements_list(lang), classes="form-note")
                for name, value in action.fixed.items():
                    if action.kind == "report" and name == "to":
                        continue  # whom a report goes to is in the action's title
                    shown = param_value_text(action, name, value, self.names, lang)
                    label = param_label(action, name, lang)
                    yield Static(
                        Text(tr("form_fixed", lang, name=label, value=shown), Style(dim=True)),
                        classes="form-fixed",
                    )
            yield Static(id="form-reason")
            with Horizontal(id="form-buttons"):
                yield CancelButton(tr("cancel", lang), id="form-cancel", compact=True)
                yield Button(tr("form_go", lang), id="form-go", variant="primary", compact=True)

    def on_mount(self) -> None:
        first = next(iter(self.fields.values()), None)
        (first or self.query_one("#form-go")).focus()

    def _title(self, lang: Lang) -> Text:
        out = Text()
        out.append(localize(self.action.label, lang), Style(bold=True, color="cyan"))
        minutes = self.action.duration_s
        out.append("  " + tr("form_takes", lang, seconds=f"{minutes:g}"), Style(dim=True))
        if self.action.hint is not None and shows_hints(self.mode):
            out.append("\n" + localize(self.action.hint, lang), Style(italic=True))
        return out

    def _role_label(self, role_id: str, lang: Lang) -> str:
        name = self.names.role(role_id, lang)
        people = self.session.participants_in(role_id)
        if people:
            name += f" ({', '.join(people)})"
        if not self.session.role_free(role_id):
            name += " · " + tr("form_busy", lang)
        return name

    def _param_label(self, spec: Any, lang: Lang) -> str:
        text = localize(spec.label, lang)
        if spec.type == "number":
            bounds = []
            if spec.min is not None:
                bounds.append(f"≥{spec.min:g}")
            if spec.max is not None:
                bounds.append(f"≤{spec.max:g}")
            if spec.unit:
                text += f" ({spec.unit})"
            if bounds:
                text += "  " + " ".join(bounds)
        if not spec.required:
            text += "  " + tr("form_optional", lang)
        return text

    def _field(self, name: str, spec: Any, lang: Lang) -> Widget:
        wid = f"param-{_css_id(name)}"
        default = spec.default
        preselect = preselects_choices(self.mode)
        if spec.type == "number":
            value = "" if default is None else f"{float(default):g}"
            return Input(value, type="number", id=wid, compact=True)
        if spec.type == "text":
            return Input("" if default is None else str(default), id=wid, compact=True)
        if spec.type == "bool":
            return Checkbox(plain(localize(spec.label, lang)), value=bool(default), id=wid)
        if spec.type == "choice":
            options = [(plain(localize(c.label, lang)), c.value) for c in spec.choices]
            values = [c.value for c in spec.choices]
            picked = str(default) if default is not None and str(default) in values else None
            if picked is None and spec.required and values:
                picked = values[0]
            if not preselect:
                picked = None
            return Select(
                options,
                value=picked if picked is not None else Select.NULL,
                allow_blank=not spec.required or not preselect,
                prompt=tr("form_select", lang),
                id=wid,
                compact=True,
            )
        if spec.type == "multi":
            chosen = set(default) if isinstance(default, list) and preselect else set()
            items = []
            for c in spec.choices:
                label = localize(c.label, lang)
                if self.action.kind == "report" and c.value in REPORT_ELEMENTS:
                    label = f"{label} — {tr(f'element_{c.value}_detail', lang)}"
                items.append(Selection(plain(label), c.value, c.value in chosen))
            return SelectionList[str](*items, id=wid)
        if spec.type == "node":
            nodes = [
                n
                for n in self.session.scenario.site.nodes
                if not spec.node_kinds or n.kind in spec.node_kinds
            ]
            node_options = [(plain(self.names.node(n.id, lang)), n.id) for n in nodes]
            ids = [n.id for n in nodes]
            picked = str(default) if default is not None and str(default) in ids else None
            if picked is None and spec.required and ids:
                picked = ids[0]
            if not preselect:
                picked = None
            return Select(
                node_options,
                value=picked if picked is not None else Select.NULL,
                allow_blank=not spec.required or not preselect,
                prompt=tr("form_select", lang),
                id=wid,
                compact=True,
            )
        return Input("" if default is None else str(default), id=wid, compact=True)

    def _ticked(self, widget: SelectionList[str], lang: Lang) -> Text:
        return Text(
            tr("form_ticked", lang, n=len(widget.selected), total=widget.option_count),
            Style(dim=True),
        )

    @on(SelectionList.SelectedChanged)
    def _count_ticked(self, event: SelectionList.SelectedChanged[str]) -> None:
        widget = event.selection_list
        for counter in self.query(f"#{widget.id}-ticked").results(Static):
            counter.update(self._ticked(widget, self.lang))

    def _elements_list(self, lang: Lang) -> Text:
        out = Text()
        for i, e in enumerate(REPORT_ELEMENTS, start=1):
            out.append(f"{i}. {element_label(e, lang)} — {tr(f'element_{e}_detail', lang)}\n")
        return out

    # --- submitting --------------------------------------------------------------------------

    def params(self) -> dict[str, Any] | None:
        """The parameters entered; None (with a reason shown) if a number is not a number."""
        lang = self.lang
        out: dict[str, Any] = {}
        for name, widget in self.fields.items():
            spec = self.action.params[name]
            if isinstance(widget, Input):
                raw = widget.value.strip()
                if not raw:
                    continue
                if spec.type == "number":
                    try:
                        out[name] = float(raw)
                    except ValueError:
                        self.show_reason(
                            tr("form_bad_number", lang, param=localize(spec.label, lang))
                        )
                        return None
                else:
                    out[name] = raw
            elif isinstance(widget, Checkbox):
                out[name] = widget.value
            elif isinstance(widget, SelectionList):
                out[name] = list(widget.selected)
            elif isinstance(widget, Select) and widget.value is not Select.NULL:
                out[name] = widget.value
            elif isinstance(widget, Select) and spec.required:
                self.show_reason(tr("form_choose", lang, param=localize(spec.label, lang)))
                return None
        return out

    def show_reason(self, text: str) -> None:
        """Show why the action was not taken."""
        reason = self.query_one("#form-reason", Static)
        reason.update(Text("✗ " + text, Style(color="red", bold=True)))
        reason.add_class("-shown")

    def action_submit(self) -> None:
        """Take the action; stay open with the reason if it is refused."""
        params = self.params()
        if params is None:
            return
        by = self.query_one("#form-by", Select).value
        desk = self.session
        if not isinstance(desk, ActingDesk):
            raise TypeError("this desk does not act: use the seat's form (SeatActionForm)")
        result = desk.act(self.action.id, str(by), params)
        lang = self.lang
        if result.accepted:
            self.app.notify(
                tr("note_started", lang, action=localize(self.action.label, lang)), timeout=3
            )
            self.dismiss(True)
            return
        reason = result.reason.render(lang) if result.reason is not None else ""
        self.show_reason(tr("form_refused", lang, reason=reason))
        self.app.notify(tr("form_refused", lang, reason=reason), severity="error", timeout=5)

    def action_cancel(self) -> None:
        """Close without acting."""
        self.dismiss(False)

    def action_select_all(self) -> None:
        """Tick every choice of the lists in the form (all report elements)."""
        for widget in self.fields.values():
            if isinstance(widget, SelectionList):
                widget.select_all()

    @on(Button.Pressed, "#form-go")
    def _go(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#form-cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()


def _css_id(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)


# --- a seat's form ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DeskSettings:
    """The one setting an action's form reads: the room's mode."""

    mode: str


class SeatDesk:
    """What an action's form asks of a drill (:class:`FormDesk`), answered from a seat's
    view: which roles may act (only the seat's own, or every role on a seat holding them
    all), who plays them, and whether each is free now. The form's submit goes to the link,
    not here."""

    def __init__(self, link: SeatLink) -> None:
        self.link = link

    @property
    def scenario(self) -> Scenario:
        """The scenario as the seat may know it (its copy grows as injects reach it)."""
        return self.link.scenario

    @property
    def view(self) -> SeatView:
        """The seat's latest view."""
        return self.link.view

    @property
    def settings(self) -> DeskSettings:
        """The room's mode (assessment or coaching), as the form reads it from a drill's
        settings: whether it may preselect a choice or show an action's hint."""
        return DeskSettings(self.view.mode)

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
    """An action's form on a seat (a participant's, or the single player's that holds every
    role): the same fields as over the drill itself, sent through the seat's link, so the
    host journals the input and makes it durable before the form says it started; the
    host's answer (taken, or refused with its reason) is shown here."""

    def __init__(self, desk: SeatDesk, action_id: str) -> None:
        super().__init__(desk, action_id)
        self.desk = desk
        self.sending = False

    def action_submit(self) -> None:
        """Send the action to the host; stay open with the reason if it is refused."""
        if self.sending:
            return
        params = self.params()
        if params is None:
            return
        by = self.query_one("#form-by", Select).value
        self.sending = True
        self.run_worker(self._send(str(by), params), exclusive=True)

    async def _send(self, by: str, params: dict[str, Any]) -> None:
        lang = self.lang
        try:
            outcome = await self.desk.link.act(self.action.id, params, by=by or None)
        finally:
            self.sending = False
        action = localize(self.action.label, lang)
        if outcome.ok and not outcome.saved:
            # Taken but not durable: the drill screen also pauses and says why (check_journal).
            self.app.notify(
                tr("note_taken_not_saved", lang, action=action), severity="warning", timeout=8
            )
            self.dismiss(True)
            return
        if outcome.ok:
            self.app.notify(tr("note_started", lang, action=action), timeout=3)
            self.dismiss(True)
            return
        reason = outcome.reason.render(lang) if outcome.reason is not None else ""
        self.show_reason(tr("form_refused", lang, reason=reason))
        self.app.notify(tr("form_refused", lang, reason=reason), severity="error", timeout=5)


if TYPE_CHECKING:

    def _the_drill_is_a_desk(session: DrillSession) -> ActingDesk:
        """For mypy only: the drill itself answers every question of the form (a SeatDesk
        is checked where SeatActionForm passes it on)."""
        return session
