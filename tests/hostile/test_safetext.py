"""One escaping function per destination (sim.safetext), checked against what each
destination would otherwise do with the text."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.content import Content

from sim.safetext import cell, control_chars, html, markdown, markup, nfc, terminal
from tui.display import plain, rich_text

HOSTILE = "X[/]Y [@click=app.quit]q[/] [bold]b[/bold] [$accent]c \\[d]"


def test_terminal_makes_controls_and_bidi_visible() -> None:
    assert terminal("EVIL\x1b[2J\x1b]0;pwned\x07") == "EVIL\u241b[2J\u241b]0;pwned\u2407"
    assert terminal("a\u202eb\u2066c\u200fd") == "a<U+202E>b<U+2066>c<U+200F>d"
    assert terminal("\x9b31m\x7f") == "<U+009B>31m\u2421"
    assert terminal("one\ntwo\tthree\r") == "one\u240atwo three\u240d"
    assert terminal("one\ntwo", multiline=True) == "one\ntwo"
    assert terminal("中文 ok") == "中文 ok"
    assert terminal(None) == ""


def test_markup_is_shown_as_written_by_textual_and_never_styled() -> None:
    content = Content.from_markup(markup(HOSTILE))
    assert content.plain == HOSTILE
    assert content.spans == []
    assert plain(HOSTILE).plain == HOSTILE


def test_rich_text_is_never_parsed() -> None:
    text = rich_text(HOSTILE + "\x1b")
    assert isinstance(text, Text)
    assert text.plain == HOSTILE + "\u241b"
    assert text.spans == []


def test_html_escapes_content_and_attributes() -> None:
    assert html("<a href=\"x\" onclick='y'>&</a>") == (
        "&lt;a href=&quot;x&quot; onclick=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;"
    )


def test_markdown_cell_stays_one_line_of_plain_text() -> None:
    assert markdown("<img src=x onerror=alert(1)> *a* _b_ `c` [d](e) f|g ~~h~~ \\") == (
        "&lt;img src=x onerror=alert(1)&gt; \\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) f\\|g "
        "\\~\\~h\\~\\~ \\\\"
    )
    assert markdown("one\ntwo\r\n") == "one<br>two<br>"


@pytest.mark.parametrize(
    ("value", "csv_cell"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "' x"),
        ("\rx", "'\u240dx"),
        ("plain", "plain"),
        ("1. -2", "1. -2"),
        (12.5, 12.5),
        (None, None),
    ],
)
def test_cell_neutralises_formulas(value: object, csv_cell: object) -> None:
    assert cell(value) == csv_cell


def test_xlsx_cell_keeps_the_text_and_makes_controls_visible() -> None:
    assert cell("=1+1", formula_guard=False) == "=1+1"
    assert cell("a\x1bb\nc", formula_guard=False) == "a\u241bb\nc"


def test_control_chars_and_nfc() -> None:
    assert control_chars("ok 中文") == []
    assert control_chars("a\x1bb\u202ec\u200b") == ["U+001B", "U+202E", "U+200B"]
    assert nfc("Cafe\u0301") == "Caf\u00e9"
