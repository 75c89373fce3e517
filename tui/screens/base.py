"""What every screen of the app provides, and what a screen may ask of the app.

Screens never import the app module (:mod:`tui.app`). They move the app on by posting their
own messages (``PickerScreen.Chosen``, ``SetupScreen.Ready``, ``DrillScreen.Finished``…),
which bubble up to the app and which the app handles; a dialog answers whoever opened it
through ``dismiss(result)``. What a screen needs of the app itself is the
:class:`DrillsimHost` protocol: the interface language and the signal that announces a new
one. A screen follows the language in one place, its :meth:`DrillsimScreen.relang`; the
widgets that show text follow it themselves (``tui.widgets.common.follow_language``).
"""

from __future__ import annotations

from contextlib import suppress
from typing import ClassVar, Protocol, TypeVar, runtime_checkable

from textual.binding import BindingType
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList
from textual.widgets.select import InvalidSelectValueError

from sim import Lang, Phrase
from sim.i18n import tr
from tui import bindings
from tui.lang import lang_of
from tui.widgets.common import LanguageHost, follow_language

ResultT = TypeVar("ResultT")


@runtime_checkable
class DrillsimHost(LanguageHost, Protocol):
    """What screens need of the app: the interface language, and ``language_changed_signal``
    (from :class:`LanguageHost`), published with the new language when it changes (F2)."""

    @property
    def ui_lang(self) -> Lang:
        """The interface language."""
        ...


class DrillsimScreen(Screen[ResultT]):
    """A screen of the app: its help section, its sub-title, whether the language may change
    while it is open, and the one method that redraws it in a new language."""

    HELP_SECTION: ClassVar[str | None] = None
    """The catalogue key of the help section shown first when F1 is pressed here."""

    LANG_LOCKED: ClassVar[bool] = False
    """True: F2 does nothing while this screen is on top (a dialog whose choices were drawn in
    one language and which is answered in a moment)."""

    SUB_TITLE_KEY: ClassVar[str | None] = None
    """The catalogue key of the sub-title the header shows (None: no sub-title)."""

    @property
    def lang(self) -> Lang:
        """The interface language ('en' outside an app)."""
        return lang_of(self)

    def on_mount(self) -> None:
        """Show the sub-title and follow the language. (Textual calls this after the
        subclass's own ``on_mount``.)"""
        self.show_sub_title()
        follow_language(self, self._language_changed)

    def show_sub_title(self) -> None:
        """The sub-title in the current language."""
        if self.SUB_TITLE_KEY is not None:
            self.sub_title = tr(self.SUB_TITLE_KEY, self.lang)

    def _language_changed(self, lang: Lang) -> None:
        self.show_sub_title()
        self.relang()
        # the footer is recomposed, with its key descriptions in the new language
        self.refresh_bindings()

    def relang(self) -> None:
        """Redraw the screen's own text in the current language (its widgets that show text
        follow the language themselves). Nothing here: a screen without text of its own."""

    def pause_for_help(self) -> bool:
        """The help is opening over this screen: stop what runs meanwhile (the drill's clock,
        in single-terminal play); True if something was stopped, to be started again by
        :meth:`resume_after_help` when the help closes. Nothing by default."""
        return False

    def resume_after_help(self) -> None:
        """The help has closed: start again what :meth:`pause_for_help` stopped."""

    def help_rows(self) -> list[tuple[str, Phrase]]:
        """Rows (key, what it does) added to the help under this screen's section: the keys
        this screen makes up as it runs (a drill's action hotkeys, with their labels as
        phrases: the help says them in its own language). None by default."""
        return []


class DrillsimModal(ModalScreen[ResultT], DrillsimScreen[ResultT]):
    """A dialog of the app over another screen; it answers through ``dismiss(result)``.

    ``ModalScreen`` comes first: Textual takes a widget's default CSS along its first base
    only, and the dialog keeps ModalScreen's see-through background."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.DIALOG]

    RECOMPOSE_ON_LANGUAGE: ClassVar[bool] = False
    """True: a new language draws the dialog again (its ``compose`` in the new language),
    keeping what was entered and where the focus was."""

    def relang(self) -> None:
        if self.RECOMPOSE_ON_LANGUAGE:
            self.call_later(self.recompose_keeping_values)

    async def recompose_keeping_values(self) -> None:
        """Compose the dialog again, then put back every field's value (by id) and the
        focus."""
        values = {
            w.id: _value_of(w) for w in self.query(_FIELDS) if w.id is not None and w.is_mounted
        }
        focused = self.focused.id if self.focused is not None else None
        await self.recompose()
        for widget in self.query(_FIELDS):
            if widget.id in values:
                _set_value(widget, values[widget.id])
        if focused is not None:
            for widget in self.query(f"#{focused}"):
                widget.focus()
        self.after_recompose()

    def after_recompose(self) -> None:
        """What a dialog does once drawn again in a new language (nothing by default)."""


_FIELDS = "Input, Select, Checkbox, SelectionList"


def _value_of(widget: Widget) -> object:
    if isinstance(widget, SelectionList):
        return list(widget.selected)
    return getattr(widget, "value", None)


def _set_value(widget: Widget, value: object) -> None:
    if isinstance(widget, SelectionList):
        widget.deselect_all()
        for item in value if isinstance(value, list) else []:
            widget.select(item)
    elif isinstance(widget, Select):
        with suppress(InvalidSelectValueError):
            widget.value = value
    elif isinstance(widget, (Input, Checkbox)):
        widget.value = value  # type: ignore[assignment]
