"""Event-log entries as lines of the event feed, in Chinese or English.

The sentence of each event comes from the one event describer
(:class:`sim.records.EventDescriber`), which the after-action report's timeline uses too, so
an event reads the same on screen and on paper; this module gives each line its style (a
refusal, a death or a milestone that means the accident got worse is red).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sim import Event, Lang, Phrase
from sim.records import (
    EventDescriber,
    action_kind_label,
    element_label,
    param_label,
    param_value_text,
    resumed_text,
)
from tui.names import Names

__all__ = [
    "BAD_MILESTONES",
    "STYLES",
    "EventText",
    "FeedLine",
    "action_kind_label",
    "element_label",
    "param_label",
    "param_value_text",
    "resumed_text",
]

Style = str

BAD_MILESTONES = frozenset(
    {"first_casualty", "ignition", "explosion", "flashover", "secondary_collapse"}
)
"""Milestones that mean the accident got worse (shown in red)."""

STYLES: dict[str, Style] = {
    "start": "bold",
    "end": "bold",
    "inject": "bold yellow",
    "facilitator": "bold magenta",
    "control": "dim",
    "action": "cyan",
    "action_done": "green",
    "refused": "bold red",
    "milestone": "bold green",
    "dispatch": "blue",
    "en_route": "blue",
    "arrival": "bold blue",
    "responder_lost": "yellow",
    "responder_action": "blue",
    "report": "green",
    "headcount": "green",
    "swept": "green",
    "rescued": "green",
    "harm": "bold red",
    "overcome": "bold red",
    "sent_back": "bold red",
    "alarm_silenced": "bold red",
    "structure_disturbed": "bold red",
    "action_failed": "bold red",
    "untenable": "bold red",
    "unsafe": "bold red",
    "prompt_expired": "red",
    "start_moving": "dim",
    "stuck": "yellow",
}


@dataclass(frozen=True)
class FeedLine:
    """One line of the feed: when, how it looks and what it says."""

    t_s: float
    kind: str
    style: Style
    text: str


class EventText:
    """Turns log events into feed lines for one scenario."""

    def __init__(self, names: Names, clock: Callable[[float], str]) -> None:
        self.names = names
        self.clock = clock
        self.describer = EventDescriber(names, clock)

    def line(self, event: Event, lang: Lang, reason: Phrase | None = None) -> FeedLine:
        """The feed line of one event (``reason``: a refusal's full reason, if known)."""
        kind = event.kind
        style = STYLES.get(kind, "")
        why = reason.render(lang) if reason is not None else None
        text = self.describer.text(kind, event.data, lang, why)
        if kind == "milestone" and str(event.data.get("name")) in BAD_MILESTONES:
            style = "bold red"
        return FeedLine(event.t_s, kind, style, text)
