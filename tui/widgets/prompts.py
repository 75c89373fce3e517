"""Pending prompts: injects that ask a role to act, each with its countdown, one line each
(the full text is in the feed), most urgent first."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from sim import Lang, Prompt
from sim.i18n import tr
from tui.cells import clip, mmss
from tui.lang import lang_of
from tui.modes import COACHING, check_mode, shows_answers
from tui.names import Names
from tui.widgets.common import follow_language

URGENT_S = 30.0
"""Countdowns below this many sim seconds are shown in red."""


class PromptPanel(Static):
    """Open prompts; hidden when there are none."""

    DEFAULT_CSS = """
    PromptPanel {
        height: auto;
        max-height: 5;
        background: $warning 15%;
        padding: 0 1;
        display: none;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    PromptPanel.-open {
        display: block;
    }
    """

    def __init__(
        self, names: Names, hotkeys: dict[str, str], *, mode: str = COACHING, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.names = names
        self.hotkeys = hotkeys
        self.mode = check_mode(mode)
        """Coaching shows what answers each prompt; assessment does not (tui.modes)."""
        self._last: tuple[list[Prompt], float] = ([], 0.0)

    def show(self, prompts: list[Prompt], now_s: float) -> None:
        """Redraw for these prompts at sim time ``now_s``."""
        count_before = len(self._last[0])
        self._last = (list(prompts), now_s)
        self.set_class(bool(prompts), "-open")
        if prompts:
            width = self.content_size.width or max(20, self.app.size.width - 2)
            text = prompt_text(
                prompts,
                now_s,
                self.names,
                self.hotkeys,
                lang_of(self),
                width,
                answers=shows_answers(self.mode),
            )
            self.update(text, layout=len(prompts) != count_before)

    def on_mount(self) -> None:
        follow_language(self, self._language_changed)

    def _language_changed(self, lang: Lang) -> None:
        self.show(*self._last)

    def on_resize(self) -> None:
        self.show(*self._last)


def prompt_text(
    prompts: list[Prompt],
    now_s: float,
    names: Names,
    hotkeys: dict[str, str],
    lang: Lang,
    width: int = 200,
    *,
    answers: bool = True,
) -> Text:
    """One line per prompt: countdown, who, what they are told (cut to fit) and, with
    ``answers`` (coaching), the action expected and its key."""
    out = Text(no_wrap=True, overflow="crop")

    def urgency(p: Prompt) -> float:
        return p.deadline_s if p.deadline_s is not None else float("inf")

    for i, p in enumerate(sorted(prompts, key=urgency)):
        if i:
            out.append("\n")
        if p.deadline_s is not None:
            left = max(0.0, p.deadline_s - now_s)
            urgent = left < URGENT_S
            count = f" {mmss(left)} "
            out.append(count, Style(bold=True, color="red" if urgent else "yellow", reverse=True))
        else:
            count = " --:-- "
            out.append(count, Style(dim=True, reverse=True))
        tail = ""
        if p.expects and answers:
            key = hotkeys.get(p.expects)
            hint = (f"[{key}] " if key else "") + names.action(p.expects, lang)
            tail = "  → " + tr("prompt_expects", lang, action=hint)
        who = " " + tr("role_colon", lang, role=names.role(p.role, lang))
        fixed = cell_len(count) + cell_len(who)
        if tail and width - fixed - cell_len(tail) < 12:
            tail = clip(tail, max(10, width - fixed - 12))
        room = width - fixed - cell_len(tail)
        out.append(who, Style(bold=True))
        out.append(clip(names.inject(p.inject, lang), max(8, room)))
        if tail:
            out.append(tail, Style(color="cyan", bold=True))
    return out
