"""Text that wraps by the rules of Chinese line breaking (sim.linebreak) wherever Rich lays
it out: a table cell, a panel, a grid. Rich's own wrapping breaks Chinese anywhere ("5\\n层",
a line starting with "。"); :class:`Wrapped` breaks it where sim.linebreak allows, keeping
the text's styles."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from sim import Lang, line_spans, tidy_zh


class Wrapped:
    """A Rich renderable: ``text`` broken into lines at the width it is given."""

    def __init__(self, text: Text | str, lang: Lang, style: Any = "") -> None:
        body = text.copy() if isinstance(text, Text) else Text(text, style=style)
        if lang == "zh":
            body = _tidied(body)
        self.text = body

    def lines(self, width: int) -> list[Text]:
        """The text's lines at ``width`` cells."""
        plain = self.text.plain
        return [self.text[a:b] for a, b in line_spans(plain, max(1, width), measure=cell_len)]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        out = Text("\n").join(self.lines(options.max_width))
        out.no_wrap = True
        out.overflow = "fold"
        yield out

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        longest = max((cell_len(x) for x in plain.split("\n")), default=0)
        pieces = [plain[a:b] for a, b in line_spans(plain, 1, measure=cell_len)]
        shortest = max((cell_len(x) for x in pieces), default=0)
        return Measurement(min(shortest, longest), longest).clamp(max_width=options.max_width)


def _tidied(text: Text) -> Text:
    """``text`` without the spaces :func:`sim.tidy_zh` removes, its styles kept."""
    plain = text.plain
    if tidy_zh(plain) == plain:
        return text
    out = Text(style=text.style, justify=text.justify, overflow=text.overflow)
    keep = _kept_offsets(plain)
    start = None
    for i in range(len(plain) + 1):
        if i < len(plain) and i in keep:
            if start is None:
                start = i
        elif start is not None:
            out.append_text(text[start:i])
            start = None
    return out


def _kept_offsets(plain: str) -> set[int]:
    """The offsets of ``plain`` that :func:`sim.tidy_zh` keeps."""
    keep: set[int] = set()
    tidy = tidy_zh(plain)
    j = 0
    for i, ch in enumerate(plain):
        if j < len(tidy) and tidy[j] == ch:
            keep.add(i)
            j += 1
    return keep
