"""The language of the app a widget or screen belongs to."""

from __future__ import annotations

from sim import Lang


def lang_of(node: object) -> Lang:
    """The language of the app a widget or screen belongs to ('en' outside an app)."""
    try:
        value = getattr(getattr(node, "app", None), "lang", "en")
    except Exception:  # no active app (a widget rendered on its own)
        return "en"
    return "zh" if value == "zh" else "en"
