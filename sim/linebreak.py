"""Line breaking for Chinese (and mixed) text: where a line may end, and a greedy wrapper
that the debrief, the response cards and the video captions share.

The rules are those of Chinese typesetting, W3C "Requirements for Chinese Text Layout"
(clreq, W3C Group Note 2020), §3.1.7 and §3.2 (line breaking and the characters not
allowed at the start or end of a line), with GB/T 15834-2011 (标点符号用法) for the
punctuation marks:

- a line never starts with a closing mark (。，、；：！？）」』】》 …) nor ends with an
  opening one (（「『【《 …): each clings to the character beside it;
- a number is never separated from its unit: in Chinese text no space stands between a
  numeral and a Chinese unit (5层, 10.0分, not "5 层"; :func:`tidy_zh`; the zh catalogue
  in sim/i18n is written that way), and a numeral and a unit symbol (100 m, 25 %LEL:
  GB 3101-1993 keeps a space there) are one piece;
- a run of Latin letters or digits (a word, a number, "GB/T 31593.9-2015") is not split,
  unless it alone is longer than a line;
- otherwise a line may break between any two Han characters, and at a space.

Widths are measured by a function given by the caller (terminal cells, PDF points, image
pixels); the default counts terminal cells (East Asian wide characters take two).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

__all__ = [
    "CLOSING",
    "OPENING",
    "cell_width",
    "line_spans",
    "tidy_zh",
    "wrap_lines",
]

CLOSING = frozenset("。，、；：！？）」』】》〉〕］｝”’…—～·%‰℃°.,;:!?)]}>»")
"""Marks that may not start a line (clreq §3.1.7, "line start prohibition rules")."""

OPENING = frozenset("（「『【《〈〔［｛“‘([{<«")
"""Marks that may not end a line (clreq §3.1.7, "line end prohibition rules")."""

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = r"[0-9A-Za-z./:\-]"
_HAN_DIGIT = re.compile(rf"(?<=[{_HAN}])[ \t]+(?=([0-9]{_RUN}*))")
"""A space between a Han character and the run starting with a numeral after it."""

_DIGIT_HAN = re.compile(rf"({_RUN}*[0-9])([ \t]+)(?=[{_HAN}])")
"""A run ending in a numeral, the space after it, and a Han character."""

_HAN_CHAR = re.compile(rf"^[{_HAN}]$")

_WORD_CHARS = r"[A-Za-z0-9_./\-−+×'’%°℃³²₂₃₄#@&]"
_WORD = re.compile(rf"{_WORD_CHARS}+(?::[0-9]{_WORD_CHARS}*)*")
"""A run that is not broken: a Latin word, a number, a code, a clock time ("10:06:50")."""

_NUMBER = re.compile(r"^[0-9][0-9.,:\-−/+×]*%?$")
_UNIT = re.compile(r"^(%?[A-Za-z°℃µ][A-Za-z0-9°℃µ/·³²₂₃₄%]*|%[A-Za-z]*)$")


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes: East Asian wide and full-width characters two, marks
    that combine none, others one (Unicode UAX #11)."""
    n = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


def tidy_zh(text: str) -> str:
    """Chinese text without the spaces between numbers and Han characters ("扣 10.0 分" →
    "扣10.0分", "第 8 章" → "第8章", "于 10:05 到达" → "于10:05到达").

    clreq ("Mixed Text Composition in Horizontal Writing Mode", W3C Group Note) gives the
    gap between a Han character and Western text, numerals included, to the typesetter:
    tracking of up to 1/4 em, none at a line's start or end. A typed space is wider than
    that in a terminal, stays at a line's end, and is where a naive wrapper breaks
    "5\\n层"; so drillsim writes numbers solid with the Han text around them. What is not a
    number but a code keeps its spaces on both sides, the Western word space (U+0020) that
    clreq's note allows instead: a run with letters or a dash, an address or a version
    with two dots or more, or one that follows a Latin word ("AQ/T 9009 桌面推演",
    "UN 1005 液氨", "GB/T 29639-2020 第8章", "记录编号 20260603-100000-a1b2c3",
    "默认 127.0.0.1:8470")."""

    def is_code(run: str) -> bool:
        return any(ch.isalpha() or ch == "-" for ch in run) or run.count(".") >= 2

    def joined(m: re.Match[str]) -> str:
        run = m.group(1)
        after_word = bool(re.search(r"[A-Za-z0-9][ \t]+$", text[: m.start()]))
        return m.group(0) if is_code(run) or after_word else run

    def han_digit(m: re.Match[str]) -> str:
        return m.group(0) if is_code(m.group(1)) else ""

    text = _DIGIT_HAN.sub(joined, text)
    return _HAN_DIGIT.sub(han_digit, text)


def _atoms(text: str) -> list[str]:
    """``text`` (one paragraph) cut into pieces that are never broken: words, single Han
    characters and runs of spaces, glued by the rules of the module docstring. The pieces
    joined give ``text`` back."""
    raw: list[str] = []
    i = 0
    while i < len(text):
        m = _WORD.match(text, i)
        if m is not None:
            raw.append(m.group())
            i = m.end()
            continue
        j = i + 1
        if text[i].isspace():
            while j < len(text) and text[j].isspace():
                j += 1
        raw.append(text[i:j])
        i = j
    out: list[str] = []
    k = 0
    while k < len(raw):
        atom = raw[k]
        # a number and its unit symbol: "100 m", "25 %LEL", "2.5 kg/s"
        if (
            _NUMBER.match(atom)
            and k + 2 < len(raw)
            and raw[k + 1].isspace()
            and _UNIT.match(raw[k + 2])
            and len(raw[k + 2]) <= 6
        ):
            atom = atom + raw[k + 1] + raw[k + 2]
            k += 2
        # a number and the Han unit right after it: "5层", "10.0分"
        elif _NUMBER.match(atom) and k + 1 < len(raw) and _HAN_CHAR.match(raw[k + 1]):
            atom = atom + raw[k + 1]
            k += 1
        if out and not out[-1].isspace() and atom[0] in CLOSING:
            out[-1] += atom
        elif out and not out[-1].isspace() and out[-1][-1] in OPENING and not atom.isspace():
            out[-1] += atom
        else:
            out.append(atom)
        k += 1
    return out


def line_spans(
    text: str, width: float, *, measure: Callable[[str], float] = cell_width
) -> list[tuple[int, int]]:
    """Where ``text`` breaks into lines no wider than ``width``: the (start, end) offsets of
    each line, without the spaces at a break; the text's own newlines are kept. A piece
    wider than a line on its own is cut where it must be (never before a closing mark)."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        spans.extend(
            (offset + a, offset + b) for a, b in _paragraph_spans(paragraph, width, measure)
        )
        offset += len(paragraph) + 1
    return spans


def wrap_lines(
    text: str,
    width: float,
    *,
    lang: str = "zh",
    measure: Callable[[str], float] = cell_width,
) -> list[str]:
    """``text`` as lines no wider than ``width`` (by ``measure``), by the rules of the
    module docstring. In Chinese (``lang`` "zh") the spaces between numerals and Han
    characters are dropped first (:func:`tidy_zh`)."""
    if lang == "zh":
        text = tidy_zh(text)
    return [text[a:b] for a, b in line_spans(text, width, measure=measure)]


def _paragraph_spans(
    text: str, width: float, measure: Callable[[str], float]
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = end = pos = 0
    """The line under way is text[start:end]; pos is where the next piece begins."""
    empty = True
    for atom in _atoms(text):
        a, b = pos, pos + len(atom)
        pos = b
        if atom.isspace():
            if empty and a > 0:
                start = end = b
            elif empty:
                end = b  # a paragraph's own indent is kept
            continue
        if empty and start < a and measure(text[start:b]) > width:
            start = a  # the indent gives way when the first piece needs the room
        if empty or measure(text[start:b]) <= width:
            if empty and measure(atom) > width:
                for cut_a, cut_b in _cut(atom, a, width, measure):
                    spans.append((cut_a, cut_b))
                spans_last = spans.pop()
                start, end = spans_last
            else:
                end = b
            empty = False
            continue
        spans.append((start, end))
        start, end = a, b
        if measure(atom) > width:
            for cut_a, cut_b in _cut(atom, a, width, measure):
                spans.append((cut_a, cut_b))
            start, end = spans.pop()
    if not empty:
        spans.append((start, end))
    return spans or [(0, 0)]


def _cut(
    atom: str, offset: int, width: float, measure: Callable[[str], float]
) -> list[tuple[int, int]]:
    """An over-long piece as spans that fit, never starting one with a closing mark."""
    spans: list[tuple[int, int]] = []
    a = 0
    for i, ch in enumerate(atom):
        if i > a and measure(atom[a : i + 1]) > width and ch not in CLOSING:
            spans.append((offset + a, offset + i))
            a = i
    spans.append((offset + a, offset + len(atom)))
    return spans
