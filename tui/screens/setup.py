"""Setup: the unit and the team, who plays which role, the clock speed and an optional seed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Header, Input, Label, Select

from sim import SEED_MAX, Lang, Scenario, localize
from sim.i18n import tr
from sim.records import DEFAULT_LEVEL, DRILL_KINDS, DRILL_LEVELS
from tui import bindings
from tui.display import plain
from tui.screens.base import DrillsimScreen
from tui.session import SPEEDS, Participant, Settings
from tui.themes import DEFAULT_THEME, THEMES
from tui.widgets.common import LangFooter, SectionTitle, follow_language


class ParticipantRow(Horizontal):
    """A participant's name and role, with a button that removes the row."""

    DEFAULT_CSS = """
    ParticipantRow {
        height: auto;
        margin-bottom: 1;
    }
    ParticipantRow Input {
        width: 1fr;
        margin-right: 1;
    }
    ParticipantRow Select {
        width: 1fr;
        margin-right: 1;
    }
    ParticipantRow Button {
        min-width: 3;
        width: 3;
    }
    """

    def __init__(self, scenario: Scenario, name: str, role: str, lang: Lang) -> None:
        super().__init__(classes="participant")
        self.scenario = scenario
        self._name = name
        self._role = role
        self._lang = lang

    def compose(self) -> ComposeResult:
        yield Input(
            self._name,
            placeholder=tr("setup_name_placeholder", self._lang),
            classes="participant-name",
            compact=True,
        )
        yield Select(
            role_options(self.scenario, self._lang),
            value=self._role,
            allow_blank=False,
            classes="participant-role",
            compact=True,
        )
        yield Button("✕", classes="participant-remove", variant="error", compact=True)

    def on_mount(self) -> None:
        follow_language(self, self.relang)

    @property
    def participant(self) -> Participant:
        """The name and role entered."""
        name = self.query_one(".participant-name", Input).value.strip()
        role = self.query_one(".participant-role", Select).value
        return Participant(name, str(role))

    def relang(self, lang: Lang) -> None:
        """Role names and the placeholder in the current language."""
        self.query_one(".participant-name", Input).placeholder = tr("setup_name_placeholder", lang)
        select = self.query_one(".participant-role", Select)
        value = select.value
        select.set_options(role_options(self.scenario, lang))
        select.value = value

    @on(Button.Pressed, ".participant-remove")
    def _remove(self, event: Button.Pressed) -> None:
        event.stop()
        self.remove()


def role_options(scenario: Scenario, lang: Lang) -> list[tuple[Content, str]]:
    """The scenario's roles as select options."""
    return [(plain(localize(r.name, lang)), r.id) for r in scenario.roles]


def level_options(lang: Lang) -> list[tuple[str, str]]:
    """The campaign's drill levels (班组/车间/企业) as select options."""
    return [(tr(f"level_{x}", lang), x) for x in DRILL_LEVELS]


def kind_options(lang: Lang) -> list[tuple[str, str]]:
    """The drill types (综合/专项/现场处置) as select options; '' is the level's default."""
    return [
        (tr("setup_kind_default", lang), ""),
        *[(tr(f"drill_kind_{x}", lang), x) for x in DRILL_KINDS],
    ]


def theme_options(lang: Lang) -> list[tuple[str, str]]:
    """The colour themes (tui.themes) as select options."""
    return [(tr(f"theme_{name}", lang), name) for name in THEMES]


def speed_options() -> list[tuple[str, float]]:
    """The clock speeds as select options."""
    return [(f"{x:g}×", x) for x in SPEEDS]


LABELS: dict[str, str] = {
    "#label-unit": "col_unit",
    "#label-team": "setup_team",
    "#label-participants": "setup_participants",
    "#label-speed": "setup_speed",
    "#label-count": "setup_count",
    "#label-level": "setup_level",
    "#label-kind": "setup_kind",
    "#label-seed": "rpt_seed",
    "#label-theme": "setup_theme",
}


class SetupScreen(DrillsimScreen[None]):
    """The facts the record needs, and how the drill runs."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.SETUP]
    HELP_SECTION = "help_setup"
    SUB_TITLE_KEY = "setup_title"

    @dataclass
    class Ready(Message):
        """The form is filled in: on to the briefing of a drill built from these settings."""

        scenario: Scenario
        settings: Settings
        path: Path | None
        """The scenario's file (the drill's journal keeps it)."""

    class Back(Message):
        """Back to the scenarios."""

    @dataclass
    class ThemeChosen(Message):
        """The colours were changed in the form: the app shows them from now on."""

        theme: str

    def __init__(
        self,
        scenario: Scenario,
        *,
        speed: float = 1.0,
        seed: int | None = None,
        team: str = "",
        path: Path | None = None,
        mode: str = "coaching",
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.path = path
        self.mode = mode
        """Coaching or assessment (tui.modes), carried into the drill's settings."""
        """The scenario's file (the drill's journal keeps it)."""
        self.speed = speed if speed in SPEEDS else 1.0
        self.seed = seed
        self.team = team

    def compose(self) -> ComposeResult:
        lang = self.lang
        sc = self.scenario
        yield Header(icon="◆")
        with VerticalScroll(id="setup-form"):
            yield SectionTitle(localize(sc.title, lang), id="setup-title")
            with Grid(id="setup-grid"):
                yield Label(tr("col_unit", lang), id="label-unit")
                yield Input(localize(sc.unit, lang), id="unit", compact=True)
                yield Label(tr("setup_team", lang), id="label-team")
                yield Input(
                    self.team,
                    placeholder=tr("setup_team_placeholder", lang),
                    id="team",
                    compact=True,
                )
                yield Label(tr("setup_count", lang), id="label-count")
                with Horizontal(id="setup-campaign"):
                    yield Input(
                        placeholder=tr("setup_count_placeholder", lang),
                        type="integer",
                        id="participants-count",
                        compact=True,
                    )
                    yield Label(tr("setup_level", lang), id="label-level")
                    yield Select(
                        level_options(lang),
                        value=DEFAULT_LEVEL,
                        allow_blank=False,
                        id="drill-level",
                        compact=True,
                    )
                    yield Label(tr("setup_kind", lang), id="label-kind")
                    yield Select(
                        kind_options(lang),
                        value="",
                        allow_blank=False,
                        id="drill-kind",
                        compact=True,
                    )
                yield Label(tr("setup_speed", lang), id="label-speed")
                with Horizontal(id="setup-run"):
                    yield Select(
                        speed_options(),
                        value=self.speed,
                        allow_blank=False,
                        id="speed",
                        compact=True,
                    )
                    yield Label(tr("rpt_seed", lang), id="label-seed")
                    yield Input(
                        "" if self.seed is None else str(self.seed),
                        placeholder=tr("setup_seed_placeholder", lang),
                        type="integer",
                        id="seed",
                        compact=True,
                    )
                    yield Label(tr("setup_theme", lang), id="label-theme")
                    yield Select(
                        theme_options(lang),
                        value=self._theme(),
                        allow_blank=False,
                        id="theme",
                        compact=True,
                    )
            with Horizontal(id="participants-head"):
                yield Label(tr("setup_participants", lang), id="label-participants")
                yield Button(tr("setup_add", lang), id="add-participant", compact=True)
            with Vertical(id="participants"):
                for role in sc.roles:
                    yield ParticipantRow(sc, "", role.id, lang)
            with Horizontal(id="setup-buttons"):
                yield Button(tr("back", lang), id="back", compact=True)
                yield Button(tr("setup_next", lang), id="next", variant="primary", compact=True)
        yield LangFooter()

    def on_mount(self) -> None:
        self.query_one("#team", Input).focus()

    def _theme(self) -> str:
        theme = self.app.theme if self.is_attached else DEFAULT_THEME
        return theme if theme in THEMES else DEFAULT_THEME

    @on(Select.Changed, "#theme")
    def _theme_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and event.value != self.app.theme:
            self.post_message(self.ThemeChosen(event.value))

    # --- actions ---------------------------------------------------------------------------

    def settings(self) -> Settings | None:
        """What the form says; None (with a note) if the seed is not a whole number."""
        seed_text = self.query_one("#seed", Input).value.strip()
        seed: int | None = None
        if seed_text:
            try:
                seed = int(seed_text)
            except ValueError:
                seed = -1
            if not 0 <= seed <= SEED_MAX:
                self.notify(tr("setup_bad_seed", self.lang), severity="error")
                return None
        count_text = self.query_one("#participants-count", Input).value.strip()
        count: int | None = None
        if count_text:
            try:
                count = int(count_text)
            except ValueError:
                count = 0
            if count < 1:
                self.notify(tr("setup_bad_count", self.lang), severity="error")
                return None
        level = self.query_one("#drill-level", Select).value
        kind = self.query_one("#drill-kind", Select).value
        speed = self.query_one("#speed", Select).value
        return Settings(
            participants_count=count,
            drill_level=str(level) if isinstance(level, str) else DEFAULT_LEVEL,
            drill_kind=str(kind) if isinstance(kind, str) else "",
            unit=self.query_one("#unit", Input).value.strip(),
            team=self.query_one("#team", Input).value.strip(),
            participants=[row.participant for row in self.query(ParticipantRow)],
            speed=float(speed) if isinstance(speed, (int, float)) else 1.0,
            seed=seed,
            mode=self.mode,
        )

    def action_next(self) -> None:
        """On to the briefing."""
        settings = self.settings()
        if settings is not None:
            self.post_message(self.Ready(self.scenario, settings, self.path))

    def action_back(self) -> None:
        """Back to the picker (a new one, when the app started here)."""
        self.post_message(self.Back())

    def action_add_participant(self) -> None:
        """Another row for a participant."""
        row = ParticipantRow(self.scenario, "", self.scenario.roles[0].id, self.lang)
        self.query_one("#participants").mount(row)
        self.call_after_refresh(lambda: row.query_one(Input).focus())

    @on(Button.Pressed, "#add-participant")
    def _add(self) -> None:
        self.action_add_participant()

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.action_back()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; on the seed (the last one) it continues."""
        event.stop()
        if event.input.id == "seed":
            self.action_next()
        else:
            self.focus_next()

    def relang(self) -> None:
        """Labels and buttons in the current language (each participant row follows the
        language itself)."""
        lang = self.lang
        self.query_one("#setup-title", SectionTitle).update(localize(self.scenario.title, lang))
        for selector, key in LABELS.items():
            self.query_one(selector, Label).update(tr(key, lang))
        self.query_one("#team", Input).placeholder = tr("setup_team_placeholder", lang)
        self.query_one("#seed", Input).placeholder = tr("setup_seed_placeholder", lang)
        self.query_one("#participants-count", Input).placeholder = tr(
            "setup_count_placeholder", lang
        )
        for selector, options in (
            ("#drill-level", level_options(lang)),
            ("#drill-kind", kind_options(lang)),
            ("#theme", theme_options(lang)),
        ):
            select = self.query_one(selector, Select)
            value = select.value
            select.set_options(options)
            select.value = value
        self.query_one("#add-participant", Button).label = tr("setup_add", lang)
        self.query_one("#back", Button).label = tr("back", lang)
        self.query_one("#next", Button).label = tr("setup_next", lang)
