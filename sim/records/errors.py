"""The records' error: a problem with a journal, the history or a report, said in either
language (its message is a key of :mod:`sim.i18n`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.i18n import has, tr

if TYPE_CHECKING:
    from sim.text import Lang


class RecordsError(Exception):
    """A problem with a journal or the history, said in either language."""

    def __init__(self, key: str, /, **args: Any) -> None:
        if not has(key):
            raise KeyError(key)
        self.key = key
        self.args_ = args
        super().__init__(tr(key, "en", **args))

    def render(self, lang: Lang) -> str:
        """The message in ``lang``."""
        args = {k: (v.render(lang) if hasattr(v, "render") else v) for k, v in self.args_.items()}
        return tr(self.key, lang, **args)
