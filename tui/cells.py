"""Text fitted to terminal cells: Chinese characters take two cells, so padding and cutting
go by cell width (``rich.cells``), never by ``len`` or ``str.ljust``."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"


def fit(text: str, width: int) -> str:
    """``text`` padded or cut to exactly ``width`` cells (cut text ends with an ellipsis)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + ELLIPSIS


def clip(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, with an ellipsis when cut; never padded."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + ELLIPSIS


def pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` cells (not cut)."""
    return text + " " * max(0, width - cell_len(text))


def pad_left(text: str, width: int) -> str:
    """``text`` right-aligned in ``width`` cells (not cut)."""
    return " " * max(0, width - cell_len(text)) + text


def mmss(seconds: float) -> str:
    """A duration as M:SS (or H:MM:SS from an hour), rounded down to the second."""
    total = max(0, int(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
