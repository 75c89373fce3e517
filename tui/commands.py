"""The command palette (Ctrl+P) on the drill screen: every action of the scenario and every
facilitator control, searchable in the current language."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from sim import Lang, localize
from sim.i18n import tr
from tui.display import markup
from tui.lang import lang_of
from tui.session import SPEEDS


@runtime_checkable
class DrillControls(Protocol):
    """What the drill screen offers the palette."""

    session: Any
    hotkeys: dict[str, str]

    def action_act(self, action_id: str) -> None: ...
    def action_pause(self) -> None: ...
    def action_speed(self, speed: float) -> None: ...
    def action_inject(self) -> None: ...
    def action_note(self) -> None: ...
    def action_end(self) -> None: ...


def drill_commands(screen: DrillControls, lang: Lang) -> list[tuple[str, str, Callable[[], Any]]]:
    """(title, help, callback) of every action and control; title and help are Textual
    markup (the palette reads them as markup), with scenario text escaped."""
    out: list[tuple[str, str, Callable[[], Any]]] = []
    sc = screen.session.scenario
    for action in sc.actions:
        key = screen.hotkeys.get(action.id)
        title = markup(tr("cmd_action", lang, label=localize(action.label, lang)))
        help_text = markup(localize(action.hint, lang)) if action.hint is not None else ""
        if key:
            help_text = f"{markup(f'[{key}]')} {help_text}".strip()
        out.append((title, help_text, partial(screen.action_act, action.id)))
    paused = screen.session.paused
    out.append((tr("key_resume" if paused else "key_pause", lang), "", screen.action_pause))
    for speed in SPEEDS:
        out.append(
            (tr("cmd_speed", lang, speed=f"{speed:g}"), "", partial(screen.action_speed, speed))
        )
    out.append((tr("key_inject", lang), tr("cmd_inject_help", lang), screen.action_inject))
    out.append((tr("key_note", lang), tr("cmd_note_help", lang), screen.action_note))
    out.append((tr("key_end", lang), tr("cmd_end_help", lang), screen.action_end))
    return out


class DrillCommands(Provider):
    """Actions and facilitator controls of the drill screen."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        screen = self.screen
        if not isinstance(screen, DrillControls):
            return []
        return drill_commands(screen, lang_of(screen))

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = max(matcher.match(title), matcher.match(help_text) * 0.8)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), callback, text=title, help=help_text or None
                )
