"""The key that takes each action: one key per kind of action in every scenario.

A team that has drilled the hotel fire should find "call 119" under the same key in the
chemical spill. :data:`ACTION_KEYS` fixes a key for each kind of the engine's action
vocabulary (``sim.scenario.ActionKind``), and for the calls and reports that matter most a key
for the one called or told (``call:fire_brigade``, ``report:authority``). An action's own
``key`` in its scenario overrides the catalogue; an action the catalogue leaves without a key
(the second action of one kind: a second sweep, a second crane move) gets a digit, then a
capital letter, so the catalogue's letters always mean the same kind. See docs/app.md, Keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from sim.scenario import Action, Scenario

ACTION_KEYS: Final[dict[str, str]] = {
    "alarm": "a",
    "stabilise": "b",
    "call:fire_brigade": "c",
    "close_doors": "d",
    "evacuate": "e",
    "extinguish": "f",
    "report:authority": "g",
    "headcount": "h",
    "first_aid": "i",
    "ventilate": "j",
    "cordon": "k",
    "operate": "l",
    "call:ambulance": "m",
    "warn": "n",
    "verify": "o",
    "ppe": "p",
    "shelter": "q",
    "report:unit_head": "r",
    "shutdown": "s",
    "report": "t",
    "guide_responders": "u",
    "isolate_source": "v",
    "sweep": "w",
    "rescue": "x",
    "call": "y",
    "enter": "z",
}
"""Kind (or ``kind:whom`` for a call's service or a report's addressee) to its key."""

RESERVED_KEYS: Final[frozenset[str]] = frozenset({" ", "-", "+", "=", "[", "]", "\\"})
"""The characters the drill screen, the seats and the app bind themselves, which no action
may take: space pauses the clock, ``-`` ``+`` ``=`` change its speed, ``[`` ``]`` ``\\`` move
the map between floors (docs/app.md, Keys). The app's other keys are function and control
keys (F1–F9, Ctrl+Q, Esc), which a scenario's one-character ``key`` cannot be. Kept here as
data so that a scenario's check (``sim.semantics``) and the screens read the same set."""

SHORT_MAX_CELLS: Final = 18
"""The most terminal cells an action's short label may take, in either language (a Chinese
character takes two): two columns of them, each with its key and state mark, fit beside the
map at 80 columns (docs/app.md, Screens)."""

SPARE_KEYS: Final = "1234567890ABCDEFGHIJKLMNOPQRSTUVWXYZ"
"""Keys for the actions the catalogue leaves without one, in this order."""

_QUALIFIER = {"call": "service", "report": "to"}
"""The fixed parameter that says whom a kind of action is for."""


def catalogue_entry(action: Action) -> str:
    """The catalogue entry that fits an action: ``kind:whom`` when the catalogue has one
    for whom it calls or tells, else its kind."""
    param = _QUALIFIER.get(action.kind)
    if param is not None:
        whom = action.fixed.get(param)
        if isinstance(whom, str) and f"{action.kind}:{whom}" in ACTION_KEYS:
            return f"{action.kind}:{whom}"
    return action.kind


def action_keys(scenario: Scenario, reserved: Iterable[str] = ()) -> dict[str, str]:
    """Action id to the one character that takes it, for every action that gets one.

    In order: an action's own ``key`` (the scenario overrides the catalogue); the
    catalogue's key for whom it calls or tells; the catalogue's key for its kind (the first
    action of a kind in the scenario's order has it); a spare key. No key is given twice,
    nor any of ``reserved`` (keys the screen itself uses)."""
    taken = set(reserved)
    out: dict[str, str] = {}

    def claim(action_id: str, key: str | None) -> None:
        if key and action_id not in out and key not in taken:
            out[action_id] = key
            taken.add(key)

    for action in scenario.actions:
        claim(action.id, action.key)
    for action in scenario.actions:
        entry = catalogue_entry(action)
        if entry != action.kind:
            claim(action.id, ACTION_KEYS[entry])
    for action in scenario.actions:
        claim(action.id, ACTION_KEYS.get(action.kind))
    spare = (k for k in SPARE_KEYS if k not in taken)
    for action in scenario.actions:
        if action.id not in out:
            claim(action.id, next(spare, None))
    return out
