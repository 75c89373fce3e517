"""Outside text made safe for where it is shown: one function per destination.

Scenario files are shared between units, and team names, notes and improvement items are
typed by anyone (docs/security.md). Every such string reaches a terminal, the app, a
document or a spreadsheet through exactly one of these functions, never by concatenation:

- :func:`terminal`: plain text for a terminal. C0/C1 control characters (ESC, BEL, CR, ...)
  are shown as visible symbols (U+2400 "control pictures" or ``<U+XXXX>``), and the Unicode
  bidirectional overrides and isolates (the "Trojan Source" characters, CVE-2021-42574) are
  shown as ``<U+XXXX>``, so nothing a file says can move the cursor, clear the screen,
  retitle the window or reorder what is displayed.
- :func:`markup`: text to put inside Textual content markup. It is :func:`terminal` with
  every ``[`` escaped, so ``[@click=app.quit]`` or ``X[/]Y`` is shown as written.
- :func:`html`: text for HTML element content or a quoted attribute.
- :func:`markdown`: text for a Markdown paragraph or table cell: HTML is escaped (Markdown
  renderers pass raw HTML through) and Markdown's own punctuation is backslash-escaped.
- :func:`cell`: text for a CSV cell. A value that begins with ``=``, ``+``, ``-``, ``@``, a
  tab or a carriage return is prefixed with an apostrophe, so a spreadsheet shows it as text
  instead of running it as a formula (OWASP, "CSV Injection"). In XLSX the value is stored
  as a string cell (see ``sim.records.export``), so it is never a formula either.

:func:`control_chars` finds what the loader refuses in ids and names, and :func:`nfc`
is the one normalisation applied to ids and names typed by people (Unicode Standard
Annex #15: NFC), so ``é`` typed two ways is one team.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata

__all__ = ["cell", "control_chars", "html", "markdown", "markup", "nfc", "terminal"]

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Unicode bidirectional formatting characters (UAX #9, section 2): marks, embeddings,
overrides and isolates."""

_INVISIBLE = frozenset("\u200b\u2028\u2029\ufeff")
"""Zero-width space, line and paragraph separators, byte-order mark."""


def _visible(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS | _INVISIBLE)) + "]")


def _replace(match: re.Match[str]) -> str:
    ch = match.group()
    return " " if ch == "\t" else _visible(ch)


def _replace_multiline(match: re.Match[str]) -> str:
    ch = match.group()
    return ch if ch == "\n" else _replace(match)


def terminal(text: object, *, multiline: bool = False) -> str:
    """``text`` as plain terminal text: control, escape and bidi characters made visible.

    With ``multiline`` a line feed is kept (a note of several lines); a tab is always shown
    as a space.
    """
    value = "" if text is None else str(text)
    if _UNSAFE.search(value) is None:
        return value
    return _UNSAFE.sub(_replace_multiline if multiline else _replace, value)


def markup(text: object, *, multiline: bool = False) -> str:
    """``text`` for Textual content markup: shown exactly as written, never as a tag.

    Textual reads ``[`` not preceded by a backslash as the start of a tag and turns ``\\[``
    in text back into ``[`` (textual.markup), so escaping every ``[`` is exact.
    """
    return terminal(text, multiline=multiline).replace("[", "\\[")


def html(text: object) -> str:
    """``text`` for HTML content or a double- or single-quoted attribute value."""
    return _html.escape(terminal(text, multiline=True), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def markdown(text: object) -> str:
    """``text`` inside a Markdown line (a heading, a list item, a table cell): HTML escaped,
    the characters of inline markup (emphasis, code, links, tables, strike-through)
    backslash-escaped (CommonMark 0.31, section 2.4), and line breaks written as ``<br>``,
    so the text never starts a block of its own."""
    lines = "" if text is None else str(text).replace("\r\n", "\n")
    value = _html.escape(terminal(lines, multiline=True), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", value).replace("\n", "<br>")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object, *, formula_guard: bool = True) -> object:
    """A spreadsheet cell: text that a spreadsheet would run as a formula is kept as text.

    Numbers and ``None`` pass through unchanged. Control and bidi characters are made
    visible (XML, and so XLSX, cannot hold most control characters at all; ECMA-376 Part 1,
    section 22.4). With ``formula_guard`` (CSV, where every cell is read as typed), text
    beginning with ``=``, ``+``, ``-``, ``@``, a tab or a CR gets a leading apostrophe
    (OWASP, "CSV Injection"); an XLSX writer stores the text as a string cell instead.
    """
    if value is None or isinstance(value, bool | int | float):
        return value
    text = terminal(value, multiline=True)
    if formula_guard and str(value).startswith(_FORMULA_START):
        return "'" + text
    return text


def control_chars(text: str) -> list[str]:
    """The control, bidi and invisible characters in ``text``, each as ``U+XXXX``."""
    return [f"U+{ord(m.group()):04X}" for m in _UNSAFE.finditer(text)]


def nfc(text: str) -> str:
    """``text`` in Unicode Normalization Form C (UAX #15), so the same name typed on two
    keyboards is stored the same way."""
    return unicodedata.normalize("NFC", text)
