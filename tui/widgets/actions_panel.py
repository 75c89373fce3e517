"""The actions panel: every action of the scenario with its hotkey and its state (ready,
under way until, done at, or why not), chosen with its key, arrows and Enter, or a click."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from sim import Lang, localize
from tui.cells import clip
from tui.lang import lang_of
from tui.session import DrillSession
from tui.widgets.common import follow_language


class ActionsPanel(OptionList):
    """The scenario's actions; choosing one asks for it to be taken."""

    DEFAULT_CSS = """
    ActionsPanel {
        height: 1fr;
        border: none;
        padding: 0;
        background: $surface;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ActionsPanel:focus {
        border: none;
    }
    """

    @dataclass
    class Chosen(Message):
        """The user wants to take this action."""

        action_id: str

    def __init__(self, session: DrillSession, hotkeys: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.hotkeys = hotkeys
        """Action id to the key that takes it (only keys the screen does not use)."""
        self._prompts: list[Text] = []

    def on_mount(self) -> None:
        self.rebuild()
        follow_language(self, self._language_changed)

    def _language_changed(self, lang: Lang) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        """Refill the list (first show, or a change of language)."""
        highlighted = self.highlighted
        rows = self.session.actions()
        self._prompts = [self._prompt(r) for r in rows]
        self.set_options(Option(p, id=r["id"]) for p, r in zip(self._prompts, rows, strict=True))
        if rows:
            self.highlighted = highlighted if highlighted is not None else 0

    def show(self) -> None:
        """Update each row's state; only rows whose text changed are redrawn."""
        rows = self.session.actions()
        if len(rows) != len(self._prompts):
            self.rebuild()
            return
        for i, row in enumerate(rows):
            prompt = self._prompt(row)
            if prompt.plain != self._prompts[i].plain or prompt.spans != self._prompts[i].spans:
                self._prompts[i] = prompt
                self.replace_option_prompt_at_index(i, prompt)

    def _prompt(self, row: dict[str, Any]) -> Text:
        lang: Lang = lang_of(self)
        drill = self.session.drill
        key = self.hotkeys.get(row["id"])
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{key or ' '} ", Style(bold=True, color="cyan"))
        label = localize(row["label"], lang)
        done_s = row.get("done_s")
        started_s = row.get("started_s")
        action = self.session.scenario.action(row["id"])
        if started_s is not None and (done_s is None or done_s < started_s):
            ends = started_s + action.duration_s
            text.append(label, Style(bold=True))
            text.append(f"  ▸{drill.clock(ends)}", Style(color="yellow"))
        elif done_s is not None:
            text.append(label, Style(dim=not row["available"]))
            text.append(f"  ✓{drill.clock(done_s)}", Style(color="green"))
        elif row["available"]:
            text.append(label, Style(bold=True))
        else:
            reason = row.get("reason")
            text.append(label, Style(dim=True))
            if reason is not None:
                text.append("  " + clip(reason.render(lang), 40), Style(dim=True, italic=True))
        return text

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))
