"""Outside text (scenario names, team names, notes, journal and history contents) as Textual
content: the app's side of :mod:`sim.safetext`.

- :func:`plain` for a widget that takes content (``Static``, ``Label``, a ``Select`` or
  ``OptionList`` option, a notification): the text is shown exactly as written, never read
  as markup, with control and bidi characters made visible;
- :func:`markup` (re-exported from :mod:`sim.safetext`) for outside text placed inside a
  markup string the app builds, such as ``f"[b]{markup(name)}[/b]"``;
- :func:`rich_text` for Rich renderables (``DataTable`` cells, ``Text`` assembled by charts).
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from sim import markup, terminal

__all__ = ["markup", "plain", "rich_text"]


def plain(text: object, *, multiline: bool = False) -> Content:
    """``text`` as Textual content shown exactly as written."""
    return Content(terminal(text, multiline=multiline))


def rich_text(text: object, *, multiline: bool = False, **kwargs: object) -> Text:
    """``text`` as a Rich ``Text`` (never parsed as markup)."""
    return Text(terminal(text, multiline=multiline), **kwargs)  # type: ignore[arg-type]
