"""Bilingual text: scenario text fields and the language choice.

Every string a user sees exists in Chinese and English. Scenario authors may write a
plain string (used for both languages) or ``{zh: ..., en: ...}``.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Sequence
from typing import Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


class LangText(BaseModel):
    """A text given in both languages."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str = Field(description="Chinese text (简体中文).")
    en: str = Field(description="English text.")


Text: TypeAlias = str | LangText


def localize(text: Text | None, lang: Lang) -> str:
    """The text in ``lang``; a plain string serves both languages."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.zh if lang == "zh" else text.en


def lang_from_argv(argv: Sequence[str]) -> Lang:
    """The language a command line asks for with ``--lang``, else :func:`default_lang`."""
    for i, arg in enumerate(argv):
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in ("zh", "en"):
            return "zh" if value == "zh" else "en"
    return default_lang()


def default_lang() -> Lang:
    """The language from ``DRILLSIM_LANG`` or the locale: Chinese locales get ``zh``."""
    explicit = os.environ.get("DRILLSIM_LANG", "").strip().lower()
    if explicit in ("zh", "en"):
        return "zh" if explicit == "zh" else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "zh" if code.lower().startswith("zh") else "en"
