"""Event names shared by the scenario format, the engine and scoring.

A scenario refers to events as ``start``, ``action:<id>``, ``inject:<id>``,
``milestone:<name>``, ``arrival:<responder>`` and ``unsafe:<action>``. The engine's own milestones are listed
here; each hazard model lists its own (``Hazard.milestones``).
"""

from __future__ import annotations

ENGINE_MILESTONES: tuple[str, ...] = (
    "everyone_alerted",
    "evacuation_complete",
    "first_casualty",
    "all_rescued",
)
"""Milestones the engine itself emits, whatever the hazard."""

EVENT_PREFIXES: tuple[str, ...] = ("action", "inject", "milestone", "arrival", "unsafe")
"""``unsafe:<action>`` happens when the action is started without the protection it needs
(``needs_ppe``) at a place where the hazard is present."""


def parse_event_ref(ref: str) -> tuple[str, str] | None:
    """Split 'kind:name' into its parts; 'start' is ('start', ''); None if malformed."""
    if ref == "start":
        return ("start", "")
    kind, sep, name = ref.partition(":")
    if not sep or kind not in EVENT_PREFIXES or not name:
        return None
    return (kind, name)
