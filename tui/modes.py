"""Coaching and assessment: how much the participants' screens give away.

A drill run to teach (coaching, the default of ``drillsim play``) may help the team: each
prompt shows the action that answers it and its key, a dialog starts on the choice the
scenario suggests and shows the scenario's hint, and the facilitator's list of optional
injects is on the same screen. A drill run to assess (assessment, the default of
``drillsim host``) does none of that, so that the score measures what the team knew: AQ/T 9007-2019
(生产安全事故应急演练基本规范) sets drills that test a plan and the people (检验性演练)
apart from those that show or teach it (示范性演练). The mode lives in ``Settings.mode``; screens ask the functions here rather than
comparing strings, so that what each mode allows is decided in one place.
"""

from __future__ import annotations

from tui.session import MODES

COACHING = "coaching"
ASSESSMENT = "assessment"

__all__ = [
    "ASSESSMENT",
    "COACHING",
    "MODES",
    "check_mode",
    "lists_optional_injects",
    "preselects_choices",
    "shows_answers",
    "shows_hints",
]


def check_mode(mode: str) -> str:
    """``mode`` if it is one of :data:`MODES`; ValueError otherwise."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: expected one of {', '.join(MODES)}")
    return mode


def shows_answers(mode: str) -> bool:
    """Whether a prompt names the action (and key) that answers it."""
    return check_mode(mode) == COACHING


def shows_hints(mode: str) -> bool:
    """Whether an action's dialog shows the scenario's hint (e.g. "choose an upwind or
    crosswind point")."""
    return check_mode(mode) == COACHING


def preselects_choices(mode: str) -> bool:
    """Whether a dialog's choice and place fields start on the scenario's default (often
    the right answer); in assessment they start blank and must be chosen."""
    return check_mode(mode) == COACHING


def lists_optional_injects(mode: str) -> bool:
    """Whether the screen the participants see can list the scenario's optional injects."""
    return check_mode(mode) == COACHING
