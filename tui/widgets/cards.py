"""Texts of the briefing: the situation with the weather and wind, and the response cards
(应急处置卡) of the roles."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text

from sim import Lang, Scenario, localize, terminal
from sim.i18n import tr
from tui.cells import mmss
from tui.widgets.sitemap import wind_arrow


def _text(text: Any, lang: Lang) -> str:
    """A scenario text in ``lang``, safe for the terminal (sim.safetext)."""
    return terminal(localize(text, lang), multiline=True)


def situation_text(sc: Scenario, lang: Lang, unit: str = "") -> Text:
    """The briefing paragraphs, the unit, the time, and the weather and wind."""
    out = Text()
    out.append(_text(sc.title, lang) + "\n", Style(bold=True, color="cyan"))
    unit = unit or _text(sc.unit, lang)
    if unit:
        out.append(tr("brief_unit", lang, unit=terminal(unit)) + "\n", Style(dim=True))
    out.append(
        tr("brief_time", lang, clock=sc.start_clock, length=mmss(sc.duration_s)) + "\n\n",
        Style(dim=True),
    )
    paragraphs = [_text(p, lang).strip() for p in sc.briefing] or [_text(sc.summary, lang).strip()]
    for p in paragraphs:
        out.append(p + "\n\n")
    out.append(tr("brief_weather", lang) + "\n", Style(bold=True))
    out.append_text(weather_text(sc, lang))
    return out


def weather_text(sc: Scenario, lang: Lang) -> Text:
    """Weather description, wind direction with an arrow, speed and temperature."""
    w = sc.weather
    out = Text()
    if w.description is not None:
        out.append(_text(w.description, lang) + "\n")
    out.append(wind_arrow(w.wind_from_deg) + " ", Style(bold=True, color="cyan"))
    out.append(
        tr(
            "brief_wind",
            lang,
            compass=compass(w.wind_from_deg, lang),
            deg=f"{w.wind_from_deg:g}",
            speed=f"{w.wind_speed_m_s:g}",
        )
        + "\n"
    )
    out.append(
        tr(
            "brief_temperature",
            lang,
            t=f"{w.temperature_c:g}",
            daynight=tr("day" if w.daytime else "night", lang),
        )
        + "\n"
    )
    return out


def compass(deg: float, lang: Lang) -> str:
    """The 8-point compass name of a direction (where the wind comes from)."""
    names_zh = ["北", "东北", "东", "东南", "南", "西南", "西", "西北"]
    names_en = [
        "north",
        "north-east",
        "east",
        "south-east",
        "south",
        "south-west",
        "west",
        "north-west",
    ]
    i = round((deg % 360) / 45.0) % 8
    return names_zh[i] if lang == "zh" else names_en[i]


def card_text(sc: Scenario, role_id: str, participants: list[str], lang: Lang) -> Text:
    """A role's response card: who plays it, what they do in order, and whom to call."""
    role = sc.role(role_id)
    out = Text()
    if participants:
        joined = terminal(("、" if lang == "zh" else ", ").join(participants))
        out.append(tr("card_played_by", lang, names=joined) + "\n", Style(dim=True))
    for i, line in enumerate(role.card, start=1):
        out.append(f"{i}. ", Style(bold=True, color="cyan"))
        out.append(_text(line, lang) + "\n")
    if not role.card:
        out.append(tr("card_empty", lang) + "\n", Style(dim=True))
    if role.contacts:
        out.append(tr("card_contacts", lang) + " ", Style(bold=True))
        out.append(("；" if lang == "zh" else "; ").join(_text(c, lang) for c in role.contacts))
        out.append("\n")
    actions = [a for a in sc.actions if role_id in a.roles]
    if actions:
        out.append(tr("card_actions", lang) + " ", Style(bold=True))
        out.append(
            ("、" if lang == "zh" else ", ").join(
                (f"[{a.key}] " if a.key else "") + _text(a.label, lang) for a in actions
            )
        )
    return out
