"""Latin letters in Chinese text: what a zh screen, report or export may show in Latin script,
and a scan that names everything else with where it came from (issue 13, item 4); and a
scan for a space between a number and a Han character.

A zh text may hold, in Latin letters, only what Chinese readers see in Latin too: the
emergency numbers, the exposure limits' and equipment's abbreviations (AEGL, ERPG, IDLH,
LEL, SCBA), UN numbers, SI units and chemical formulas, keyboard keys, the product's name,
and ids in fields that say what they are (a session id, a scenario id, a SHA-256 digest).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sim.linebreak import tidy_zh

ALLOWED_WORDS = frozenset(
    {
        # exposure limits, equipment and hazard classes
        "AEGL", "ERPG", "IDLH", "LEL", "UEL", "SCBA", "PPE", "UN", "GHS",
        # SI units and their usual companions
        "m", "s", "h", "min", "ppm", "kW", "MW", "km", "kg", "g", "mg", "Pa", "kPa", "MPa",
        "L", "C", "K", "J", "kJ", "MJ", "dB", "lx",
        # chemical formulas
        "CO", "CH", "NH", "Cl", "H", "S", "N", "O", "HCl",
        # standards and guides cited by their designation, and the terms of fire engineering
        # that Chinese texts write in Latin (GB/T 31593.9: RSET, ASET)
        "GB", "T", "AQ", "CJJ", "ISO", "NFPA", "ERG", "PERG", "HSEEP", "RSET", "ASET",
        # nominal pipe diameter (GB/T 1047), TNT equivalent, and an author cited by name
        "DN", "TNT", "Cara",
        # the product and a digest's name
        "drillsim", "SHA",
        # keyboard keys
        "Esc", "esc", "Tab", "tab", "Enter", "enter", "Ctrl", "ctrl", "Shift", "shift",
        "Space", "space", "PgUp", "PgDn", "Home", "End", "Del", "Backspace",
    }
)  # fmt: skip
"""Latin words a zh text may contain (single letters are always allowed: keys, units and
atoms)."""

LABELLED = [
    # a file path (where a journal or a report is)
    re.compile(r"(?<![\w.])(/[\w.\-]+)+/?"),
    # a session id (YYYYMMDD-HHMMSS-<6 hex>, sim.records.paths.new_session_id)
    re.compile(r"\b\d{8}-\d{6}-[0-9a-f]{6}\b"),
    # a SHA-256 digest, whole or shortened
    re.compile(r"\b[0-9a-f]{12,64}\b"),
    # a scenario id after its label (the name `drillsim play` takes)
    re.compile(r"(场景编号|场景标识|场景)[：:\s]*[a-z0-9][a-z0-9-]*[a-z0-9]"),
    # a file's name (a scenario, a journal, an export)
    re.compile(r"[\w.\-]+\.(yaml|yml|jsonl|json|docx|xlsx|csv|pdf|md|html|mp4|png|svg)\b"),
    # a command line the text tells the user to type
    re.compile(r"drillsim(\s+[a-z-]+)*(\s+--?[a-z-]+)*"),
]
"""Ids in fields that say what they are, and commands to type: removed before the scan."""

WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Leak:
    """A Latin word a zh text should not contain."""

    where: str
    word: str
    context: str

    def __str__(self) -> str:
        return f"{self.where}: {self.word!r} in …{self.context}…"


def leaks(text: str, where: str, also: frozenset[str] = frozenset()) -> list[Leak]:
    """The Latin words of ``text`` outside the allowed list (and ``also``: what a test
    typed in itself, such as a participant's name), each with its context."""
    text = html.unescape(text)
    for pattern in LABELLED:
        text = pattern.sub(" ", text)
    out = []
    for m in WORD.finditer(text):
        word = m.group()
        if len(word) == 1 or word in ALLOWED_WORDS or word in also:
            continue
        context = text[max(0, m.start() - 25) : m.end() + 25].replace("\n", "⏎")
        out.append(Leak(where, word, context))
    return out


def scan(texts: Iterable[tuple[str, str]]) -> list[Leak]:
    """Every leak of ``(where, text)`` pairs."""
    return [leak for where, text in texts for leak in leaks(text, where)]


def report(found: list[Leak], limit: int = 60) -> str:
    """The leaks as lines for an assertion message (the first ``limit``)."""
    lines = [str(x) for x in found[:limit]]
    if len(found) > limit:
        lines.append(f"… and {len(found) - limit} more")
    return "\n".join(lines)


# --- numbers and their units ----------------------------------------------------------------

NUMBER_GAP_ALLOWED = (
    # the screen's tabs: the digit is the key that opens the tab, not a quantity
    "1 情况",
    "2 现场平面图",
    "3 应急处置卡",
)
"""Texts that may keep a space between a digit and a Han character."""


def number_gaps(text: str, where: str) -> list[str]:
    """The places where ``text`` sets a space between a number and a Han character (either
    side), each with its context: where :func:`sim.linebreak.tidy_zh`, the rule drillsim
    takes from clreq ("扣10.0分", "第8章", "于10:05到达"; a code such as "UN 1005 液氨"
    keeps its space), would take a space out."""
    found = []
    for line in text.splitlines():
        for allowed in NUMBER_GAP_ALLOWED:
            line = line.replace(allowed, "")
        tidy = tidy_zh(line)
        if tidy == line:
            continue
        at = next(i for i, (a, b) in enumerate(zip(line, tidy, strict=False)) if a != b)
        found.append(f"{where}: …{line[max(0, at - 20) : at + 20].strip()}…")
    return found


UNITS = "人名位个次项场组张帧行步章号条层楼级度倍秒分时天米吨元"
"""Chinese units and measure words a number is written with."""

_NUMBER_UNIT = re.compile(rf"[0-9][ \t]+[{UNITS}]")


def number_unit_gaps(text: str, where: str) -> list[str]:
    """The places where ``text`` sets a space between a number and the Chinese unit after it
    ("46 人", "10 分"): the scan for screens, whose rows also hold columns that spaces set
    apart ("62.9 一般", "✓10:05:00 全体"), where :func:`number_gaps` would see a gap."""
    return [
        f"{where}: …{text[max(0, m.start() - 20) : m.end() + 10].strip()}…"
        for m in _NUMBER_UNIT.finditer(text)
    ]
