"""The keys of every screen, from the same bindings the screens use (so it stays true), plus
the hotkeys of the scenario's actions when opened from a drill."""

from __future__ import annotations

import re
from typing import ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from sim import Lang, Phrase
from sim.i18n import tr
from tui import bindings
from tui.display import rich_text
from tui.screens.base import DrillsimModal

KEY_NAMES: dict[str, str] = {
    "space": "Space",
    "escape": "Esc",
    "enter": "Enter",
    "minus": "-",
    "plus": "+",
    "equals_sign": "=",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "backslash": "\\",
    "pageup": "PgUp",
    "pagedown": "PgDn",
}


def key_text(binding: Binding, keymap: dict[str, str] | None = None) -> str:
    """A binding's keys as a person reads them (after the user's remapping)."""
    keys = (keymap or {}).get(binding.id or "", binding.key)
    out = []
    for k in keys.split(","):
        k = k.strip()
        name = KEY_NAMES.get(k)
        if name is None:
            parts = k.split("+")
            if len(parts) == 1:
                name = k.upper() if re.fullmatch(r"f\d{1,2}", k) else k
            else:
                name = "+".join(p.capitalize() if len(p) > 1 else p.upper() for p in parts)
        out.append(name)
    return " / ".join(out)


def help_table(
    lang: Lang,
    extra: list[tuple[str, Phrase]],
    keymap: dict[str, str] | None,
    first: str | None = None,
) -> Table:
    """Every section's keys in a table; the section ``first`` (the screen the help was
    opened from) at the top. ``extra`` are the drill's action hotkeys, each with its label
    as a phrase, said here in ``lang`` (so that F2 in the help says them again)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    sections = sorted(bindings.HELP_SECTIONS, key=lambda sec: sec[0] != first)
    for title_key, section in sections:
        table.add_row(Text(tr(title_key, lang), Style(bold=True, color="yellow")), "")
        for b in section:
            desc = bindings.HELP_DESCRIPTIONS.get(b.id or "", b.description)
            table.add_row(rich_text(key_text(b, keymap)), Text(tr(desc, lang)))
        if title_key == "help_drill":
            for key, label in extra:
                text = tr("help_action_key", lang, label=label.render(lang))
                table.add_row(rich_text(key), rich_text(text))
            table.add_row("Ctrl+P", tr("help_palette", lang))
        table.add_row("", "")
    return table


class HelpScreen(DrillsimModal[None]):
    """The keys, in the current language."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.HELP]

    def __init__(
        self, extra: list[tuple[str, Phrase]] | None = None, first: str | None = None
    ) -> None:
        super().__init__()
        self.extra = extra or []
        self.first = first

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Static(id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(id="help-table")

    def on_mount(self) -> None:
        self.relang()
        self.query_one("#help-scroll").focus()

    def relang(self) -> None:
        """Redraw in the current language."""
        lang = self.lang
        keymap = getattr(self.app, "_keymap", None)
        self.query_one("#help-title", Static).update(
            Text(tr("help_title", lang), Style(bold=True, color="cyan"))
        )
        self.query_one("#help-table", Static).update(
            help_table(lang, self.extra, keymap, self.first)
        )

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
