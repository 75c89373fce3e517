"""What the drill's dialogs read, named as small protocols.

The action form (tui/screens/action_form.py) and the facilitator's inject and message
dialogs (tui/screens/inject.py) ask a few questions of "the drill". Three objects answer them:

- :class:`tui.session.DrillSession`, the drill itself (tests drive the dialogs over it);
- :class:`tui.screens.seat.SeatDesk`, a seat's view through its link (a participant's seat,
  and the single player's seat that holds every role);
- :class:`tui.screens.console.ConsoleDesk`, the room's host (the facilitator's console, and
  single-terminal play, where the player is the facilitator too).

The dialogs are typed against these protocols, so that mypy checks that each of the three
answers every question a dialog asks.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from sim import ActResult, Scenario


class ModeSettings(Protocol):
    """The one setting a dialog reads: the drill's mode (``tui.modes``)."""

    @property
    def mode(self) -> str: ...


class FormDesk(Protocol):
    """What an action's form reads: the scenario, the mode, which roles may take the
    action, whether each is free now, and who plays it."""

    @property
    def scenario(self) -> Scenario: ...

    @property
    def settings(self) -> ModeSettings: ...

    def allowed_roles(self, action_id: str) -> list[str]: ...

    def default_role(self, action_id: str) -> str: ...

    def role_free(self, role_id: str) -> bool: ...

    def participants_in(self, role_id: str) -> list[str]: ...


@runtime_checkable
class ActingDesk(FormDesk, Protocol):
    """A desk the form can act on directly (the drill itself, with no host in between)."""

    def act(self, action_id: str, by: str, params: dict[str, Any]) -> ActResult: ...


class InjectDesk(Protocol):
    """What the inject (F3) and message (F4) dialogs read and do: the scenario, the
    optional injects not sent yet, and sending an inject or a message of one's own."""

    @property
    def scenario(self) -> Scenario: ...

    def optional_injects(self) -> list[str]: ...

    def fire_inject(self, inject_id: str) -> ActResult: ...

    def free_inject(self, text: str, to: str | None = None) -> ActResult: ...
