"""The briefing: the situation with the weather and wind, the site map, and each role's
response card (应急处置卡). Enter starts the drill."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Button, Header, Static, TabbedContent, TabPane

from sim import localize
from sim.i18n import tr
from tui import bindings
from tui.display import plain
from tui.screens.base import DrillsimScreen
from tui.session import DrillSession
from tui.widgets.cards import card_text, situation_text
from tui.widgets.common import LangFooter
from tui.widgets.sitemap import MapLayout, MapPanel

TABS = {"situation": "tab_situation", "map": "tab_map", "cards": "tab_cards"}


class BriefingScreen(DrillsimScreen[None]):
    """What the team is told before the clock starts."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.BRIEFING]
    HELP_SECTION = "help_briefing"
    SUB_TITLE_KEY = "briefing_title"

    @dataclass
    class Start(Message):
        """The team is briefed: start this drill."""

        session: DrillSession

    def __init__(self, session: DrillSession) -> None:
        super().__init__()
        self.session = session
        self.map_layout = MapLayout(session.scenario)

    def compose(self) -> ComposeResult:
        lang = self.lang
        sc = self.session.scenario
        yield Header(icon="◆")
        with TabbedContent(id="briefing-tabs"):
            with TabPane(tr("tab_situation", lang), id="situation"), VerticalScroll():
                yield Static(self._situation(), id="situation-text")
            with TabPane(tr("tab_map", lang), id="map"):
                yield MapPanel(self.map_layout, self.session.snapshot(), self.session.drill.clock)
            with TabPane(tr("tab_cards", lang), id="cards"), VerticalScroll(id="cards-list"):
                for i, role in enumerate(sc.roles):
                    card = Static(self._card(role.id), classes="card", id=f"card-{i}")
                    card.border_title = plain(localize(role.name, lang))
                    yield card
        yield Button(tr("briefing_start", lang), id="start", variant="success", compact=True)
        yield LangFooter()

    def on_mount(self) -> None:
        if self.session.scenario_path is not None and self.session.recorder is None:
            from sim.records import unwritable_reason

            why = unwritable_reason()
            if why is not None:
                self.notify(
                    tr("not_recordable", self.lang, why=why), severity="warning", timeout=20
                )

    def _situation(self) -> Text:
        return situation_text(self.session.scenario, self.lang, self.session.settings.unit)

    def _card(self, role_id: str) -> Text:
        return card_text(
            self.session.scenario, role_id, self.session.participants_in(role_id), self.lang
        )

    def action_start(self) -> None:
        """Start the drill."""
        self.post_message(self.Start(self.session))

    def action_back(self) -> None:
        """Back to the setup."""
        self.app.pop_screen()

    def action_tab(self, tab: str) -> None:
        """Show a tab."""
        self.query_one(TabbedContent).active = tab

    def action_floor(self, delta: int) -> None:
        """Another floor of the map."""
        self.query_one(MapPanel).step_floor(delta)

    def action_incident_floor(self) -> None:
        """The map back on the floor where the incident started."""
        self.query_one(MapPanel).incident_floor()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()

    def relang(self) -> None:
        """The tabs, the situation, the cards and the button in the current language (the map
        follows the language itself)."""
        lang = self.lang
        tabs = self.query_one(TabbedContent)
        for pane_id, key in TABS.items():
            tabs.get_tab(pane_id).label = tr(key, lang)
        self.query_one("#situation-text", Static).update(self._situation())
        for i, role in enumerate(self.session.scenario.roles):
            card = self.query_one(f"#card-{i}", Static)
            card.update(self._card(role.id))
            card.border_title = plain(localize(role.name, lang))
        self.query_one("#start", Button).label = tr("briefing_start", lang)
