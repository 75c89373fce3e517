"""The catalogue: every table of :mod:`sim.i18n` assembled into one column per language.

Tables are plain data (``TABLE: dict[key, tuple[zh, en]]``, columns in :data:`LANGS` order)
and are read on the first lookup, not at import, so no module has to be imported before
another for a key to exist. A key defined in two tables is an error at assembly.

A further language is one more column: :func:`add_language` with ``{key: text}``; a key it
lacks is shown in English (see docs/i18n.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

LANGS: tuple[str, ...] = ("zh", "en")
"""The languages every table holds, in the order of its tuples."""

FALLBACK = "en"
"""The language shown for a key that a further language lacks, and for an unknown language."""

TABLES: tuple[str, ...] = (
    "scenario",
    "engine",
    "labels",
    "app",
    "authoring",
    "records",
    "records_cli",
    "paperwork",
    "city",
    "room",
    "room_screens",
    "gateway",
)
"""The table modules under ``sim.i18n``, by domain."""


class DuplicateKeyError(Exception):
    """A key defined by two tables."""

    def __init__(self, key: str, first: str, second: str) -> None:
        self.key, self.tables = key, (first, second)
        super().__init__(
            f"catalogue key {key!r} is defined in both sim.i18n.{first} and sim.i18n.{second}"
        )


class Catalogue:
    """The assembled tables: one ``{key: text}`` column per language and each key's table."""

    __slots__ = ("columns", "origin")

    def __init__(self, tables: Mapping[str, Mapping[str, tuple[str, ...]]]) -> None:
        self.columns: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
        self.origin: dict[str, str] = {}
        for name, table in tables.items():
            for key, texts in table.items():
                if key in self.origin:
                    raise DuplicateKeyError(key, self.origin[key], name)
                if len(texts) != len(LANGS):
                    raise ValueError(f"sim.i18n.{name}: {key!r} needs {len(LANGS)} texts {LANGS}")
                self.origin[key] = name
                for lang, text in zip(LANGS, texts, strict=True):
                    self.columns[lang][key] = text

    def text(self, key: str, lang: str) -> str:
        """The template of ``key`` in ``lang`` (English when ``lang`` lacks it)."""
        column = self.columns.get(lang)
        if column is not None:
            found = column.get(key)
            if found is not None:
                return found
        return self.columns[FALLBACK][key]


def load_tables(names: tuple[str, ...] = TABLES) -> dict[str, Mapping[str, tuple[str, ...]]]:
    """The tables ``names`` of ``sim.i18n``, by name."""
    return {name: importlib.import_module(f"sim.i18n.{name}").TABLE for name in names}


_catalogue: Catalogue | None = None


def catalogue() -> Catalogue:
    """The assembled catalogue (built on first use)."""
    global _catalogue
    if _catalogue is None:
        _catalogue = Catalogue(load_tables())
    return _catalogue


def tr(key: str, lang: str, /, **kwargs: Any) -> str:
    """The string ``key`` in ``lang``, formatted with ``kwargs``; KeyError for an unknown key."""
    text = catalogue().text(key, lang)
    return text.format(**kwargs) if kwargs else text


def has(key: str) -> bool:
    """Whether the catalogue holds ``key``."""
    return key in catalogue().origin


def add_language(lang: str, texts: Mapping[str, str]) -> None:
    """Add (or extend) the column of a further language: ``{key: text}`` for keys already in
    the catalogue. Keys it lacks are shown in :data:`FALLBACK`."""
    cat = catalogue()
    unknown = sorted(set(texts) - set(cat.origin))
    if unknown:
        raise KeyError(f"not catalogue keys: {', '.join(unknown)}")
    cat.columns.setdefault(lang, {}).update(texts)
