"""A problem in a scenario file, at its 1-based line and column, in plain language from the
zh/en catalogue; and the error that carries every problem of a file that cannot be used.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.i18n import Phrase
from sim.safetext import terminal
from sim.text import Lang

DataPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One problem in a file, at a 1-based line and column."""

    file: str
    line: int
    col: int
    phrase: Phrase

    @property
    def key(self) -> str:
        """The catalogue key of the message (stable, for tests and tools)."""
        return self.phrase.key

    def message(self, lang: Lang) -> str:
        """The plain-language message in ``lang``."""
        return self.phrase.render(lang)

    def format(self, lang: Lang) -> str:
        """``FILE:LINE:COL: message``, safe to print: a value echoed from the file cannot
        carry a terminal escape (sim.safetext)."""
        return terminal(f"{self.file}:{self.line}:{self.col}: {self.message(lang)}")


class ScenarioError(Exception):
    """A scenario file that cannot be used, with all of its problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].format("en") if problems else "invalid scenario")
        self.problems = problems

    def format(self, lang: Lang) -> str:
        """Every problem, one per line."""
        return "\n".join(p.format(lang) for p in self.problems)
