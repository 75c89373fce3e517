"""The drillsim terminal app. Build it with :func:`make_app`.

The app owns the way from screen to screen. Screens never call it: each posts its own
messages (``PickerScreen.Chosen``, ``SetupScreen.Ready``, ``BriefingScreen.Start``,
``DrillScreen.Finished``, ``DebriefScreen.ShowHistory``…), which bubble up to the app, and the
app's handlers below open the next screen. The handlers are found by the messages' names
(Textual calls ``on_picker_screen_chosen`` for ``PickerScreen.Chosen``) rather than with
``@on(PickerScreen.Chosen)``, which would need every screen, and with them the engine,
imported before the picker can paint (the screen modules are imported when first opened).
A change of language is published on :attr:`DrillsimApp.language_changed_signal`; every
screen and every widget that shows text follows it (``tui.screens.base``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.signal import Signal

from sim import Lang, Phrase, default_lang, terminal
from sim.i18n import tr
from tui import bindings
from tui.screens.base import DrillsimScreen
from tui.themes import DEFAULT_THEME, THEMES, register_themes

if TYPE_CHECKING:
    from sim import Entry, ReadError, Scenario
    from sim.records import Resumed
    from tui.screens.briefing import BriefingScreen
    from tui.screens.debrief import DebriefScreen
    from tui.screens.drill import DrillScreen
    from tui.screens.history import HistoryScreen
    from tui.screens.picker import PickerScreen
    from tui.screens.setup import SetupScreen
    from tui.session import DrillSession, Settings


class DrillsimApp(App[None]):
    """Picker → setup → briefing → drill → debrief, in Chinese or English; from the picker
    also an unfinished drill (continued where it stopped) and the History screen."""

    CSS_PATH = "drillsim.tcss"
    TITLE = "drillsim"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.APP)

    lang: reactive[str] = reactive("en")
    """The interface language, 'zh' or 'en'; F2 switches it."""

    def __init__(
        self,
        *,
        lang: Lang,
        scenario: Scenario | None = None,
        scenario_path: Path | None = None,
        catalog: list[Entry] | None = None,
        speed: float = 1.0,
        seed: int | None = None,
        team: str = "",
        autoplay: bool = True,
        keymap: dict[str, str] | None = None,
        resumed: Resumed | None = None,
        mode: str = "coaching",
        theme: str = DEFAULT_THEME,
    ) -> None:
        super().__init__()
        register_themes(self)
        self.theme = theme if theme in THEMES else DEFAULT_THEME
        self.set_reactive(DrillsimApp.lang, lang)
        self.language_changed_signal: Signal[Lang] = Signal(self, "language-changed")
        """Published with the new interface language when it changes."""
        self.start_scenario = scenario
        self.scenario_path = scenario_path
        self.catalog = catalog
        self.start_speed = speed
        self.start_seed = seed
        self.start_team = team
        self.start_mode = mode
        """Coaching (the default of ``drillsim play``) or assessment (tui.modes)."""
        self.autoplay = autoplay
        """False: the drill clock runs only when told (tests and snapshots drive it)."""
        self.start_resumed = resumed
        self.read_problem: ReadError | None = None
        """A file the app could not use at start (the keymap), shown once it is up."""
        if keymap:
            self.set_keymap(keymap)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A notification. Its text often carries outside text (a name, a path, an error),
        so it is always shown as plain text (sim.safetext), never read as markup."""
        super().notify(
            terminal(message, multiline=True),
            title=terminal(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    @property
    def ui_lang(self) -> Lang:
        """The interface language as a ``sim.Lang``."""
        return "zh" if self.lang == "zh" else "en"

    def on_mount(self) -> None:
        self.title = tr("app_title", self.ui_lang)
        if self.read_problem is not None:
            self.notify(
                tr("keymap_unusable", self.ui_lang, why=self.read_problem.render(self.ui_lang)),
                severity="warning",
                markup=False,
                timeout=10,
            )
        if self.start_resumed is not None:
            self.open_picker()
            self.open_resumed(self.start_resumed)
        elif self.start_scenario is not None:
            self.open_setup(self.start_scenario, self.scenario_path)
        else:
            self.open_picker()

    # --- navigation ---------------------------------------------------------------------

    def open_picker(self) -> None:
        """The scenario picker, as the bottom screen."""
        from tui.screens.picker import PickerScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(PickerScreen(self.catalog))

    def open_setup(self, scenario: Scenario, path: Path | None = None) -> None:
        """The setup screen for a scenario (``path``: its file, which the journal keeps)."""
        from tui.screens.setup import SetupScreen

        self.push_screen(
            SetupScreen(
                scenario,
                speed=self.start_speed,
                seed=self.start_seed,
                team=self.start_team,
                path=path,
                mode=self.start_mode,
            )
        )

    def open_briefing(
        self, scenario: Scenario, settings: Settings, path: Path | None = None
    ) -> None:
        """The briefing, with a new drill built from the settings."""
        from tui.screens.briefing import BriefingScreen
        from tui.session import DrillSession

        self.push_screen(BriefingScreen(DrillSession(scenario, settings, path, lang=self.ui_lang)))

    def open_drill(self, session: DrillSession) -> None:
        """The drill itself (replaces the briefing); its journal starts now."""
        from sim.records import RecordsError
        from tui.screens.drill import DrillScreen

        try:
            session.begin()
        except (RecordsError, OSError) as exc:
            detail = exc.render(self.ui_lang) if isinstance(exc, RecordsError) else str(exc)
            self.notify(tr("record_failed", self.ui_lang, error=detail), severity="error")
        self.switch_screen(DrillScreen(session, autoplay=self.autoplay))

    def resume(self, session_id: str) -> bool:
        """Continue an unfinished drill from its journal; False (with a note) if it cannot."""
        from sim.records import RecordsError, resume_drill

        try:
            resumed = resume_drill(session_id)
        except (RecordsError, OSError) as exc:
            detail = exc.render(self.ui_lang) if isinstance(exc, RecordsError) else str(exc)
            self.notify(tr("resume_failed", self.ui_lang, error=detail), severity="error")
            return False
        self.open_resumed(resumed)
        return True

    def open_resumed(self, resumed: Resumed) -> None:
        """The drill screen on a drill rebuilt from its journal, paused where it stopped."""
        from tui.screens.drill import DrillScreen
        from tui.session import DrillSession

        session = DrillSession.from_journal(resumed, lang=self.ui_lang)
        self.push_screen(DrillScreen(session, autoplay=self.autoplay))

    def open_history(self, team: str | None = None) -> None:
        """The History screen (optionally filtered to one team)."""
        from tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(team=team))

    def open_record(self, session_id: str) -> None:
        """One session of the history: its result, notes and improvement plan."""
        from tui.screens.history import RecordScreen

        self.push_screen(RecordScreen(session_id))

    def open_debrief(self, session: DrillSession) -> None:
        """The debrief (replaces the drill)."""
        from tui.screens.debrief import DebriefScreen

        self.switch_screen(DebriefScreen(session))

    def new_drill(self) -> None:
        """Back to the picker for another drill."""
        self.open_picker()

    # --- what the screens ask for -------------------------------------------------------

    def on_picker_screen_chosen(self, message: PickerScreen.Chosen) -> None:
        self.open_setup(message.scenario, message.path)

    def on_picker_screen_continue(self, message: PickerScreen.Continue) -> None:
        self.resume(message.session_id)

    def on_picker_screen_show_history(self, message: PickerScreen.ShowHistory) -> None:
        self.open_history()

    def on_setup_screen_ready(self, message: SetupScreen.Ready) -> None:
        self.open_briefing(message.scenario, message.settings, message.path)

    def on_setup_screen_back(self, message: SetupScreen.Back) -> None:
        """Back to the picker under the setup, or to a new one when the app started on the
        setup (``drillsim play``)."""
        if len(self.screen_stack) > 2:
            self.pop_screen()
        else:
            self.open_picker()

    def on_setup_screen_theme_chosen(self, message: SetupScreen.ThemeChosen) -> None:
        self.set_theme(message.theme)

    def on_briefing_screen_start(self, message: BriefingScreen.Start) -> None:
        self.open_drill(message.session)

    def on_drill_screen_finished(self, message: DrillScreen.Finished) -> None:
        """The debrief replaces the drill, once the dialogs open over it are closed."""
        from tui.screens.drill import DrillScreen

        while not isinstance(self.screen, DrillScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        self.open_debrief(message.session)

    def on_debrief_screen_show_history(self, message: DebriefScreen.ShowHistory) -> None:
        self.open_history(message.team)

    def on_debrief_screen_new_drill(self, message: DebriefScreen.NewDrill) -> None:
        self.new_drill()

    def on_history_screen_record_chosen(self, message: HistoryScreen.RecordChosen) -> None:
        self.open_record(message.session_id)

    # --- app-wide actions ---------------------------------------------------------------

    def watch_lang(self, lang: str) -> None:
        self.title = tr("app_title", self.ui_lang)
        self.language_changed_signal.publish(self.ui_lang)

    def action_toggle_lang(self) -> None:
        """Switch between Chinese and English (not under a dialog that keeps its language)."""
        screen = self.screen
        if isinstance(screen, DrillsimScreen) and screen.LANG_LOCKED:
            return
        self.lang = "en" if self.lang == "zh" else "zh"

    def action_help(self) -> None:
        """The keys of every screen."""
        from tui.screens.help import HelpScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            screen.dismiss(None)  # F1 again closes it
            return
        # The clock stops while the help is read (single-terminal play), also when the help is
        # opened from a dialog over the drill; it runs on when the help closes.
        paused = next(
            (
                sc
                for sc in reversed(self.screen_stack)
                if isinstance(sc, DrillsimScreen) and sc.pause_for_help()
            ),
            None,
        )

        def closed(_: object) -> None:
            if paused is not None:
                paused.resume_after_help()

        if isinstance(screen, DrillsimScreen):
            self.push_screen(HelpScreen(screen.help_rows(), screen.HELP_SECTION), closed)
        else:
            self.push_screen(HelpScreen(), closed)

    async def action_quit(self) -> None:
        """Quit; mid-drill, only after a confirmation."""
        from tui.screens.confirm import ConfirmScreen
        from tui.screens.drill import DrillScreen

        running = [
            sc.session
            for sc in self.screen_stack
            if isinstance(sc, DrillScreen) and not sc.session.finished
        ]
        if not running:
            self.exit()
            return
        if isinstance(self.screen, ConfirmScreen):
            return

        def answered(yes: bool | None) -> None:
            if yes:
                for session in running:
                    session.close()
                self.exit()

        self.push_screen(ConfirmScreen(Phrase("confirm_quit")), answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        screen = self.screen
        if action == "toggle_lang" and isinstance(screen, DrillsimScreen) and screen.LANG_LOCKED:
            return None
        return True

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        lang = self.ui_lang
        yield SystemCommand(tr("key_help", lang), tr("cmd_help_help", lang), self.action_help)
        yield SystemCommand(
            tr("key_lang", lang), tr("cmd_lang_help", lang), self.action_toggle_lang
        )
        for name in THEMES:
            yield SystemCommand(
                tr("cmd_theme", lang, theme=tr(f"theme_{name}", lang)),
                tr("cmd_theme_help", lang),
                partial(self.set_theme, name),
            )
        yield SystemCommand(tr("key_quit", lang), tr("cmd_quit_help", lang), self.action_quit)

    def set_theme(self, name: str) -> None:
        """Switch to one of the themes of :data:`tui.themes.THEMES`."""
        if name in THEMES:
            self.theme = name


def make_app(
    *,
    lang: Lang | None = None,
    scenario: Scenario | None = None,
    scenario_path: Path | None = None,
    catalog: list[Entry] | None = None,
    speed: float = 1.0,
    seed: int | None = None,
    team: str = "",
    autoplay: bool = True,
    keymap: dict[str, str] | None = None,
    resumed: Resumed | None = None,
    mode: str = "coaching",
    theme: str = DEFAULT_THEME,
) -> DrillsimApp:
    """The app. With ``scenario`` it opens on that scenario's setup, else on the picker.

    ``catalog`` replaces the scan of the bundled and user folders (tests use a fixed list);
    ``autoplay=False`` leaves the drill clock still until a caller drives it (the drill
    screen's ``step``), so screens can be compared byte for byte; ``keymap`` remaps keys by
    binding id (default: the user's ``keymap.json``, see :mod:`tui.bindings`); ``resumed``
    (from ``sim.records.resume_drill``) opens on that drill, paused where it stopped;
    ``mode`` is coaching or assessment (tui.modes).
    ``theme`` is one of :data:`tui.themes.THEMES` ('dark', 'light', 'contrast').
    """
    from sim import ReadError

    keymap_problem: ReadError | None = None
    if keymap is None:
        try:
            keymap = bindings.read_keymap()
        except ReadError as exc:
            keymap, keymap_problem = {}, exc
    app = DrillsimApp(
        lang=lang or default_lang(),
        scenario=scenario,
        scenario_path=scenario_path,
        catalog=catalog,
        speed=speed,
        seed=seed,
        team=team,
        autoplay=autoplay,
        keymap=keymap,
        resumed=resumed,
        mode=mode,
        theme=theme,
    )
    app.read_problem = keymap_problem
    return app
