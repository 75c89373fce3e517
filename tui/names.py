"""Names of a scenario's roles, actions, places, responders and injects in either language.

Scenario text fields are plain strings or ``{zh, en}``; ``sim.localize`` picks the language.
An id that the scenario does not know is shown as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim import localize
from sim.i18n import tr

if TYPE_CHECKING:
    from sim import Lang, Scenario


class Names:
    """Look-ups of scenario texts by id."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._injects = {i.id: i for i in scenario.injects}

    def role(self, role_id: str | None, lang: Lang) -> str:
        """A role's name; 'everyone' for None."""
        if role_id is None:
            return tr("everyone", lang)
        role = self.scenario.index.roles.get(role_id)
        return localize(role.name, lang) if role else role_id

    def action(self, action_id: str, lang: Lang) -> str:
        """An action's label."""
        action = self.scenario.index.actions.get(action_id)
        return localize(action.label, lang) if action else action_id

    def node(self, node_id: str | None, lang: Lang) -> str:
        """A place's name (its id when it has none)."""
        if node_id is None:
            return "-"
        node = self.scenario.index.nodes.get(node_id)
        if node is None or node.name is None:
            return node_id
        return localize(node.name, lang)

    def responder(self, responder_id: str, lang: Lang) -> str:
        """A responder's name, with its number when it has one."""
        r = self.scenario.index.responders.get(responder_id)
        if r is None:
            return responder_id
        name = localize(r.name, lang)
        return f"{r.number} {name}" if r.number else name

    def inject(self, inject_id: str, lang: Lang) -> str:
        """What an inject tells the team."""
        inj = self._injects.get(inject_id)
        return localize(inj.text, lang) if inj else inject_id

    def group(self, group_id: str, lang: Lang) -> str:
        """A population group's name."""
        for g in self.scenario.population:
            if g.id == group_id:
                return localize(g.name, lang) if g.name is not None else g.id
        return group_id


def floor_label(floor: int, lang: Lang) -> str:
    """A storey as people say it: ground is 1F (一层), -1 is B1 (地下一层)."""
    if floor >= 0:
        return tr("floor_above", lang, n=floor + 1)
    return tr("floor_below", lang, n=-floor)
