"""Names of a scenario's roles, actions, places, responders and injects in either language.

The look-ups are the simulation's (:class:`sim.records.ScenarioNames`), the same the
after-action report's timeline names things with; the app always has its scenario.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.records import ScenarioNames, floor_label

if TYPE_CHECKING:
    from sim import Scenario

__all__ = ["Names", "floor_label"]


class Names(ScenarioNames):
    """Look-ups of scenario texts by id."""

    scenario: Scenario

    def __init__(self, scenario: Scenario) -> None:
        super().__init__(scenario)
