"""Pending prompts: injects that ask a role to act, each with its countdown, one line each
(the full text is in the feed), most urgent first.

The pane has at most :attr:`PromptPanel.max_lines` lines (the screen lowers it on a short
terminal so that every action stays in sight). When more prompts are open than it has lines,
it shows the most urgent ones and a last line saying how many more there are; Tab puts the
focus on the pane, and the arrows then move through the others (the focus leaving puts the
most urgent back on top)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
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

MAX_LINES = 5
"""The pane's lines on a terminal with room to spare."""


class PromptPanel(Static, can_focus=True):
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
    PromptPanel:focus {
        background: $warning 35%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_prompts(-1)", show=False),
        Binding("down", "scroll_prompts(1)", show=False),
        Binding("home", "scroll_prompts(-1000)", show=False),
        Binding("end", "scroll_prompts(1000)", show=False),
    ]

    def __init__(
        self, names: Names, hotkeys: dict[str, str], *, mode: str = COACHING, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.names = names
        self.hotkeys = hotkeys
        self.mode = check_mode(mode)
        """Coaching shows what answers each prompt; assessment does not (tui.modes)."""
        self.max_lines = MAX_LINES
        """The most lines the pane takes (:meth:`set_max_lines`)."""
        self.first = 0
        """The first prompt shown, in order of urgency (0: the most urgent; the arrows move
        it while the pane has the focus)."""
        self._last: tuple[list[Prompt], float] = ([], 0.0)

    def set_max_lines(self, lines: int) -> None:
        """Let the pane take at most ``lines`` lines (at least one)."""
        lines = max(1, min(MAX_LINES, int(lines)))
        if lines != self.max_lines:
            self.max_lines = lines
            self.styles.max_height = lines
            self.show(*self._last)

    @property
    def hidden_count(self) -> int:
        """How many open prompts are out of sight (counted on the '+N more' line)."""
        return max(0, len(self._last[0]) - _shown_count(len(self._last[0]), self.max_lines))

    def show(self, prompts: list[Prompt], now_s: float) -> None:
        """Redraw for these prompts at sim time ``now_s``."""
        count_before = len(self._last[0])
        self._last = (list(prompts), now_s)
        self.set_class(bool(prompts), "-open")
        self.first = min(self.first, max(0, len(prompts) - 1))
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
                max_lines=self.max_lines,
                first=self.first,
            )
            self.update(text, layout=len(prompts) != count_before)

    def allow_focus(self) -> bool:
        """Tab stops here only while some prompts are out of sight (or the focus is already
        here)."""
        return self.hidden_count > 0 or self.has_focus

    def action_scroll_prompts(self, delta: int) -> None:
        """Show the prompts further down (or back up) the list."""
        n = len(self._last[0])
        last_first = max(0, n - _shown_count(n, self.max_lines))
        first = max(0, min(last_first, self.first + delta))
        if first != self.first:
            self.first = first
            self.show(*self._last)

    def on_blur(self) -> None:
        if self.first:
            self.first = 0
            self.show(*self._last)

    def on_mount(self) -> None:
        follow_language(self, self._language_changed)

    def _language_changed(self, lang: Lang) -> None:
        self.show(*self._last)

    def on_resize(self) -> None:
        self.show(*self._last)


def _shown_count(count: int, max_lines: int) -> int:
    """How many prompts a pane of ``max_lines`` lines shows: all when they fit, else one
    line fewer than it has (its last line says how many more there are), at least one."""
    if count <= max_lines:
        return count
    return max(1, max_lines - 1)


def prompt_text(
    prompts: list[Prompt],
    now_s: float,
    names: Names,
    hotkeys: dict[str, str],
    lang: Lang,
    width: int = 200,
    *,
    answers: bool = True,
    max_lines: int | None = None,
    first: int = 0,
) -> Text:
    """One line per prompt: countdown, who, what they are told (cut to fit) and, with
    ``answers`` (coaching), the action expected and its key. With ``max_lines`` and more
    prompts than lines: the prompts from ``first`` on (in order of urgency) and a line
    saying how many are not shown (on one line, at the end of the prompt's own)."""
    out = Text(no_wrap=True, overflow="crop")

    def urgency(p: Prompt) -> float:
        return p.deadline_s if p.deadline_s is not None else float("inf")

    ordered = sorted(prompts, key=urgency)
    lines = len(ordered) if max_lines is None else max(1, max_lines)
    shown_n = _shown_count(len(ordered), lines)
    first = max(0, min(first, len(ordered) - shown_n))
    shown = ordered[first : first + shown_n]
    more = len(ordered) - len(shown)
    more_text = " " + tr("prompts_more", lang, n=more) + " " if more else ""
    for i, p in enumerate(shown):
        if i:
            out.append("\n")
        # with a single line, the count of the others goes at its end
        room_for_more = cell_len(more_text) if more and lines == 1 else 0
        _prompt_line(out, p, now_s, names, hotkeys, lang, width - room_for_more, answers)
        if room_for_more:
            out.append(more_text, Style(bold=True, reverse=True))
    if more and lines > 1:
        out.append("\n")
        out.append(clip(more_text, width), Style(bold=True, reverse=True))
    return out


def _prompt_line(
    out: Text,
    p: Prompt,
    now_s: float,
    names: Names,
    hotkeys: dict[str, str],
    lang: Lang,
    width: int,
    answers: bool,
) -> None:
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
