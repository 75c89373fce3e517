"""What the training room's screen tests share: the workshop drill in a room host (not
started, nothing recorded), and the texts a seat's screen is read for."""

from __future__ import annotations

from typing import Any

from sim import localize
from tests.tui.tui_helpers import scenario, shown
from tui.room.host import RoomHost
from tui.session import DrillSession, Participant, Settings
from tui.widgets.feed import EventFeed
from tui.widgets.prompts import PromptPanel

CODE = "472913"


def make_host(mode: str = "assessment", lang: str = "en") -> RoomHost:
    """The workshop drill in a room, not started, nothing recorded (the participants' names
    as a team of that language writes them)."""
    names = ("王强", "李明") if lang == "zh" else ("Wang", "Li")
    people = [Participant(names[0], "leader"), Participant(names[1], "warden")]
    session = DrillSession(scenario(), Settings(team="A", participants=people, seed=1))
    return RoomHost(session, code=CODE, mode=mode)  # type: ignore[arg-type]


def run_for(host: RoomHost, sim_s: float) -> None:
    """Start the drill if needed and move its clock on by ``sim_s`` (speed 1)."""
    host.start_drill()
    host.tick(sim_s)


def inject_text(inject_id: str, lang: str = "en") -> str:
    inj = next(i for i in scenario().injects if i.id == inject_id)
    return str(localize(inj.text, lang))  # type: ignore[arg-type]


def feed_text(screen: Any) -> str:
    return "\n".join(line.rstrip() for line in screen.query_one(EventFeed).lines)


def prompt_text(screen: Any) -> str:
    panel = screen.query_one(PromptPanel)
    return shown(panel) if panel.has_class("-open") else ""
