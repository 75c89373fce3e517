"""The scenario picker: bundled and user scenarios with their type, length and difficulty,
and a preview of the one highlighted. A broken user file is listed with its problems.

Drills that were never finished (the app was closed mid-drill, the computer lost power, the
process was killed) are listed above the scenarios, newest first, from their journals
(``sim.records.unfinished``): Enter (or ``c``) continues one where it stopped. ``h`` opens
the History screen."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

import sim
from sim import localize, terminal
from sim.i18n import category_label, has, tr
from tui import bindings
from tui.cells import mmss
from tui.names import floor_label
from tui.screens.base import DrillsimScreen
from tui.widgets.common import LangFooter

if TYPE_CHECKING:
    from sim import Entry, Lang, Scenario
    from sim.records import JournalSummary


def find_unfinished() -> list[JournalSummary]:
    """Unfinished drills, newest first (none when the records folder cannot be read)."""
    from sim.records import RecordsError, unfinished

    try:
        return list(reversed(unfinished()))
    except (RecordsError, OSError):
        return []


class PickerScreen(DrillsimScreen[None]):
    """Choose a scenario."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.PICKER]
    HELP_SECTION = "help_picker"
    SUB_TITLE_KEY = "picker_title"

    @dataclass
    class Chosen(Message):
        """A scenario to run: on to its setup."""

        scenario: Scenario
        path: Path | None
        """The scenario's file (the drill's journal keeps it)."""

    @dataclass
    class Continue(Message):
        """An unfinished drill to go on with, from its journal."""

        session_id: str

    class ShowHistory(Message):
        """The History screen, please."""

    def __init__(self, catalog: list[Entry] | None = None) -> None:
        super().__init__()
        self.fixed = catalog
        self.entries: list[Entry] | None = list(catalog) if catalog is not None else None
        self.index = 0
        self.unfinished: list[JournalSummary] = []
        """Drills to continue, newest first."""
        self.chosen: str | None = None
        """The id of the highlighted option: ``s<n>`` a scenario, ``u<n>`` an unfinished drill."""

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with Horizontal(id="picker-body"):
            yield OptionList(id="picker-list")
            with VerticalScroll(id="picker-preview"):
                yield Static(id="picker-detail")
        yield Static(id="picker-folder")
        yield LangFooter()

    def on_mount(self) -> None:
        self.unfinished = find_unfinished()
        if self.entries is None:
            self.query_one("#picker-detail", Static).update(tr("picker_loading", self.lang))
            self.load()
        else:
            self.fill()
        self.query_one("#picker-list").focus()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        """Check the scenario files without holding up the screen."""
        found = sim.entries()
        self.app.call_from_thread(self._loaded, found)

    def _loaded(self, found: list[Entry]) -> None:
        self.entries = found
        self.fill()

    def on_screen_resume(self) -> None:
        """Back from another screen: the unfinished drills may have changed."""
        if self.entries is not None:
            self.unfinished = find_unfinished()
            self.fill()

    def fill(self) -> None:
        """Fill the list from the unfinished drills and the entries."""
        lang = self.lang
        options = self.query_one("#picker-list", OptionList)
        items = self.entries or []
        rows: list[Option] = []
        if self.unfinished:
            rows.append(Option(_heading(tr("picker_unfinished", lang)), disabled=True))
            rows.extend(
                Option(unfinished_line(j, lang), id=f"u{i}") for i, j in enumerate(self.unfinished)
            )
            rows.append(Option(_heading(tr("picker_scenarios", lang)), disabled=True))
        rows.extend(Option(entry_line(e, lang), id=f"s{i}") for i, e in enumerate(items))
        options.set_options(rows)
        ids = [o.id for o in rows]
        want = self.chosen if self.chosen in ids else None
        if want is None:
            first = f"s{min(self.index, len(items) - 1)}" if items else None
            want = "u0" if self.unfinished else first
        if want is not None:
            options.highlighted = ids.index(want)
            self.preview(options.highlighted)
        if not items and not self.unfinished:
            self.query_one("#picker-detail", Static).update(tr("picker_empty", lang))
        self.query_one("#picker-folder", Static).update(
            Text(tr("picker_folder", lang, path=str(sim.user_dir())), Style(dim=True))
        )

    def preview(self, index: int | None) -> None:
        """Show the highlighted entry or unfinished drill."""
        if index is None:
            return
        options = self.query_one("#picker-list", OptionList)
        option_id = options.get_option_at_index(index).id
        if option_id is None:
            return
        self.chosen = option_id
        detail = self.query_one("#picker-detail", Static)
        n = int(option_id[1:])
        if option_id.startswith("u"):
            detail.update(unfinished_detail(self.unfinished[n], self.lang))
        elif self.entries:
            self.index = n
            detail.update(entry_detail(self.entries[n], self.lang))

    @on(OptionList.OptionHighlighted, "#picker-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.preview(event.option_index)

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.preview(event.option_index)
        self.action_choose()

    def action_choose(self) -> None:
        """Open the setup of the highlighted scenario (a broken one cannot run), or continue
        the highlighted unfinished drill."""
        if self.chosen is not None and self.chosen.startswith("u"):
            self.continue_drill(self.unfinished[int(self.chosen[1:])])
            return
        if not self.entries:
            return
        entry = self.entries[self.index]
        scenario = entry.checked.scenario
        if scenario is None:
            self.notify(tr("picker_broken_note", self.lang), severity="error")
            return
        self.post_message(self.Chosen(scenario, entry.path))

    def action_resume(self) -> None:
        """Continue the highlighted unfinished drill (else the newest one)."""
        if not self.unfinished:
            return
        if self.chosen is not None and self.chosen.startswith("u"):
            self.continue_drill(self.unfinished[int(self.chosen[1:])])
        else:
            self.continue_drill(self.unfinished[0])

    def continue_drill(self, journal: JournalSummary) -> None:
        """Rebuild an unfinished drill from its journal and go on with it."""
        if journal.in_use:
            self.notify(tr("picker_in_use", self.lang), severity="error")
            return
        self.post_message(self.Continue(journal.session))

    def action_history(self) -> None:
        """The History screen."""
        self.post_message(self.ShowHistory())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return bool(self.unfinished)
        return True

    def action_reload(self) -> None:
        """Check the folders again (after editing a file)."""
        self.unfinished = find_unfinished()
        self.refresh_bindings()
        if self.fixed is not None:
            self.fill()
            return
        self.entries = None
        self.query_one("#picker-list", OptionList).clear_options()
        self.load()

    def relang(self) -> None:
        """The list and the preview in the current language."""
        if self.entries is not None:
            self.fill()


def _heading(text: str) -> Text:
    return Text(text, Style(bold=True, color="yellow"), no_wrap=True, overflow="ellipsis")


def _title(titles: dict[str, str], fallback: str, lang: Lang) -> str:
    return terminal(titles.get(lang) or titles.get("zh") or titles.get("en") or fallback)


def unfinished_line(journal: JournalSummary, lang: Lang) -> Text:
    """The list line of an unfinished drill: its scenario, then team · clock · started."""
    h = journal.header
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append("↻ " + _title(h.scenario_title, h.scenario_id, lang), Style(bold=True))
    if journal.in_use:
        out.append(" [" + tr("picker_running_now", lang) + "]", Style(color="magenta"))
    parts = [
        terminal(h.team) or tr("picker_no_team", lang),
        tr("picker_stopped_at", lang, clock=mmss(journal.clock_s)),
        h.started[:16].replace("T", " "),
    ]
    out.append("\n  " + " · ".join(parts), Style(dim=True))
    return out


def unfinished_detail(journal: JournalSummary, lang: Lang) -> Text:
    """The preview of an unfinished drill: what it is, where it stopped, and how to go on."""
    h = journal.header
    out = Text()
    out.append(_title(h.scenario_title, h.scenario_id, lang) + "\n", Style(bold=True, color="cyan"))
    facts = [
        (tr("col_session", lang), h.session),
        (tr("col_unit", lang), h.unit or "-"),
        (tr("col_team", lang), h.team or "-"),
        (tr("fact_started", lang), h.started[:19].replace("T", " ")),
        (tr("fact_stopped", lang), mmss(journal.clock_s)),
        (tr("fact_inputs", lang), str(journal.inputs)),
    ]
    if h.participants:
        facts.append(
            (
                tr("fact_participants", lang),
                ("、" if lang == "zh" else ", ").join(
                    f"{p.name} ({p.role})" if p.role else p.name for p in h.participants
                ),
            )
        )
    for k, v in facts:
        out.append(f"{k}：" if lang == "zh" else f"{k}: ", Style(dim=True))
        out.append(terminal(v) + "\n")
    out.append("\n")
    if journal.in_use:
        out.append(tr("picker_in_use", lang) + "\n", Style(color="magenta"))
    else:
        out.append(tr("picker_continue_hint", lang) + "\n", Style(color="green"))
    if journal.skipped:
        out.append(tr("picker_damaged", lang, n=len(journal.skipped)) + "\n", Style(color="yellow"))
    return out


def entry_line(entry: Entry, lang: Lang) -> Text:
    """The list line of a scenario: title, then type · length · difficulty."""
    sc = entry.checked.scenario
    out = Text(no_wrap=True, overflow="ellipsis")
    if sc is None:
        out.append("✗ " + terminal(entry.path.name), Style(color="red", bold=True))
        out.append(
            "\n  " + tr("picker_problems", lang, n=len(entry.checked.problems)), Style(color="red")
        )
        return out
    out.append(localize(sc.title, lang), Style(bold=True))
    if entry.source == "user":
        out.append(" [" + tr("list_user", lang) + "]", Style(color="magenta"))
    out.append(
        "\n  "
        + " · ".join(
            [
                category_label(sc.category, lang),
                tr("minutes", lang, n=round(sc.duration_s / 60)),
                tr("difficulty_" + sc.difficulty, lang),
            ]
        ),
        Style(dim=True),
    )
    return out


def entry_detail(entry: Entry, lang: Lang) -> Text:
    """The preview of a scenario, or the problems of a broken file."""
    sc = entry.checked.scenario
    if sc is None:
        out = Text()
        out.append(terminal(entry.path.name) + "\n", Style(bold=True, color="red"))
        out.append(tr("picker_broken", lang) + "\n\n")
        for p in entry.checked.problems:
            out.append(f"{p.line}:{p.col} ", Style(color="yellow"))
            out.append(terminal(p.message(lang)) + "\n")
        return out
    return scenario_detail(sc, lang, entry)


def scenario_detail(sc: Scenario, lang: Lang, entry: Entry | None = None) -> Text:
    """Title, facts and summary of a scenario."""
    out = Text()
    out.append(localize(sc.title, lang) + "\n", Style(bold=True, color="cyan"))
    facts = [
        (tr("fact_type", lang), category_label(sc.category, lang)),
        (
            tr("fact_length", lang),
            f"{mmss(sc.duration_s)} ({tr('minutes', lang, n=round(sc.duration_s / 60))})",
        ),
        (tr("fact_difficulty", lang), tr("difficulty_" + sc.difficulty, lang)),
        (tr("fact_start", lang), sc.start_clock),
        (
            tr("fact_hazard", lang),
            tr("hazard_" + sc.hazard.model, lang)
            if _has("hazard_" + sc.hazard.model)
            else sc.hazard.model,
        ),
        (tr("fact_people", lang), str(sum(g.count for g in sc.population))),
        (
            tr("fact_floors", lang),
            ", ".join(floor_label(f, lang) for f in sorted({n.floor for n in sc.site.nodes})),
        ),
        (
            tr("fact_roles", lang),
            ("、" if lang == "zh" else ", ").join(localize(r.name, lang) for r in sc.roles),
        ),
    ]
    if sc.unit is not None:
        facts.insert(0, (tr("col_unit", lang), localize(sc.unit, lang)))
    if entry is not None:
        facts.append((tr("fact_file", lang), str(entry.path.name)))
    for k, v in facts:
        out.append(f"{k}：" if lang == "zh" else f"{k}: ", Style(dim=True))
        out.append(terminal(v) + "\n")
    out.append("\n")
    out.append(localize(sc.summary, lang).strip() + "\n")
    return out


def _has(key: str) -> bool:
    return has(key)
