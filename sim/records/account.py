"""The people and the peaks of a drill, as the debrief, the reports and the exports show them.

One function turns a result's ``outcome`` (the people ledger and the peak records, see
docs/models.md "The ledger and the peaks") into labelled facts, so every place that shows
them shows the same numbers under the same names:

- the people: everybody in the scenario (``outcome.people.total``), how many of them were on
  site and off site, each state at the end (safe, sheltered, not safe, dead), and the
  injured among the living; the role-players (``outcome.team``) when any was hurt;
- the peaks: the highest level where people were (``outcome.peak``) and anywhere on site
  (``outcome.peak_on_site``), each with its place and its drill time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sim.i18n import tr
from sim.text import Lang

PEOPLE_KEYS: tuple[str, ...] = (
    "people_total",
    "people_on_site",
    "people_off_site",
    "people_safe",
    "people_sheltered",
    "people_not_safe",
    "people_dead",
    "people_injured",
)
"""The people facts, in the order they are shown."""
TEAM_KEYS: tuple[str, ...] = ("team_injured", "team_dead")
PEAK_KEYS: tuple[str, ...] = ("peak", "peak_on_site")


@dataclass(frozen=True)
class Fact:
    """One figure of the account: its key, its name in one language, its number (a count,
    or a level for a peak) and how it is written."""

    key: str
    label: str
    value: float | None
    text: str


def level_text(level: float) -> str:
    """A hazard level as written everywhere: whole and with thousands separated from 1,000,
    else three significant figures."""
    return f"{level:,.0f}" if abs(level) >= 1000 else f"{level:.3g}"


def drill_time(t_s: float) -> str:
    """Drill time as m:ss (h:mm:ss from an hour)."""
    s = round(t_s)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def peak_text(
    peak: Mapping[str, Any], lang: Lang, node_name: Callable[[str], str] | None = None
) -> str:
    """A peak as written: level and unit, where, and when (drill time)."""
    level = peak.get("level")
    if level is None or peak.get("node") is None:
        return "—"
    node = str(peak["node"])
    where = node_name(node) if node_name is not None else node
    return tr(
        "acct_peak_at",
        lang,
        level=level_text(float(level)),
        unit=peak.get("unit") or "",
        where=where,
        time=drill_time(float(peak.get("t_s") or 0.0)),
    ).strip()


def people_facts(outcome: Mapping[str, Any], lang: Lang) -> list[Fact]:
    """The people of the ledger (nothing when the outcome has no ledger)."""
    people = outcome.get("people")
    if not isinstance(people, Mapping):
        return []
    states = people.get("states") or {}
    values: dict[str, Any] = {
        "people_total": people.get("total"),
        "people_on_site": people.get("on_site"),
        "people_off_site": people.get("off_site"),
        "people_safe": states.get("safe"),
        "people_sheltered": states.get("sheltered"),
        "people_not_safe": states.get("not_safe"),
        "people_dead": states.get("dead"),
        "people_injured": people.get("injured"),
    }
    out = [_count(k, values[k], lang) for k in PEOPLE_KEYS]
    team = outcome.get("team")
    if isinstance(team, Mapping) and (team.get("injured") or team.get("dead")):
        out += [
            _count("team_injured", team.get("injured"), lang),
            _count("team_dead", team.get("dead"), lang),
        ]
    return out


def peak_facts(
    outcome: Mapping[str, Any], lang: Lang, node_name: Callable[[str], str] | None = None
) -> list[Fact]:
    """The two peaks (nothing when the drill has no hazard levels: no hazard model, whose
    levels have no unit)."""
    out = []
    for key in PEAK_KEYS:
        peak = outcome.get(key)
        if not isinstance(peak, Mapping) or peak.get("node") is None or not peak.get("unit"):
            continue
        level = peak.get("level")
        out.append(
            Fact(
                key,
                tr(f"acct_{key}", lang),
                None if level is None else float(level),
                peak_text(peak, lang, node_name),
            )
        )
    return out


def account(
    outcome: Mapping[str, Any], lang: Lang, node_name: Callable[[str], str] | None = None
) -> list[Fact]:
    """Every fact of the account: the people, then the peaks."""
    return [*people_facts(outcome, lang), *peak_facts(outcome, lang, node_name)]


def safe_of_total(outcome: Mapping[str, Any]) -> str:
    """'safe/total' from the ledger, as the summary figures show it."""
    people = outcome.get("people") or {}
    safe = (people.get("states") or {}).get("safe")
    total = people.get("total")
    return f"{'—' if safe is None else safe}/{'—' if total is None else total}"


def _count(key: str, value: Any, lang: Lang) -> Fact:
    number = None if value is None else float(value)
    return Fact(key, tr(f"acct_{key}", lang), number, "—" if value is None else f"{int(value)}")
