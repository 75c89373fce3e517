"""The scenario picker: bundled and user scenarios with their type, length and difficulty,
and a preview of the one highlighted. A broken user file is listed with its problems."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

import sim
from sim import localize
from tui import bindings
from tui.cells import mmss
from tui.names import floor_label
from tui.strings import STRINGS, category_label, lang_of, s
from tui.widgets.common import LangFooter

if TYPE_CHECKING:
    from sim import Entry, Lang, Scenario
    from tui.app import DrillsimApp


class PickerScreen(Screen[None]):
    """Choose a scenario."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.PICKER]
    HELP_SECTION = "help_picker"

    def __init__(self, catalog: list[Entry] | None = None) -> None:
        super().__init__()
        self.fixed = catalog
        self.entries: list[Entry] | None = list(catalog) if catalog is not None else None
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with Horizontal(id="picker-body"):
            yield OptionList(id="picker-list")
            with VerticalScroll(id="picker-preview"):
                yield Static(id="picker-detail")
        yield Static(id="picker-folder")
        yield LangFooter()

    def on_mount(self) -> None:
        self.sub_title = s("picker_title", lang_of(self))
        if self.entries is None:
            self.query_one("#picker-detail", Static).update(s("picker_loading", lang_of(self)))
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

    def fill(self) -> None:
        """Fill the list from the entries."""
        lang = lang_of(self)
        options = self.query_one("#picker-list", OptionList)
        items = self.entries or []
        options.set_options(Option(entry_line(e, lang), id=str(i)) for i, e in enumerate(items))
        if items:
            options.highlighted = min(self.index, len(items) - 1)
            self.preview(options.highlighted)
        else:
            self.query_one("#picker-detail", Static).update(s("picker_empty", lang))
        self.query_one("#picker-folder", Static).update(
            Text(s("picker_folder", lang, path=str(sim.user_dir())), Style(dim=True))
        )

    def preview(self, index: int | None) -> None:
        """Show the highlighted entry."""
        if index is None or not self.entries:
            return
        self.index = index
        entry = self.entries[index]
        self.query_one("#picker-detail", Static).update(entry_detail(entry, lang_of(self)))

    @on(OptionList.OptionHighlighted, "#picker-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.preview(event.option_index)

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.index = event.option_index
        self.action_choose()

    def action_choose(self) -> None:
        """Open the setup of the highlighted scenario (a broken one cannot run)."""
        if not self.entries:
            return
        entry = self.entries[self.index]
        scenario = entry.checked.scenario
        if scenario is None:
            self.notify(s("picker_broken_note", lang_of(self)), severity="error")
            return
        cast("DrillsimApp", self.app).open_setup(scenario)

    def action_reload(self) -> None:
        """Check the folders again (after editing a file)."""
        if self.fixed is not None:
            self.fill()
            return
        self.entries = None
        self.query_one("#picker-list", OptionList).clear_options()
        self.load()

    def relang(self) -> None:
        """Redraw in the current language."""
        self.sub_title = s("picker_title", lang_of(self))
        if self.entries is not None:
            self.fill()


def entry_line(entry: Entry, lang: Lang) -> Text:
    """The list line of a scenario: title, then type · length · difficulty."""
    sc = entry.checked.scenario
    out = Text(no_wrap=True, overflow="ellipsis")
    if sc is None:
        out.append("✗ " + entry.path.name, Style(color="red", bold=True))
        out.append(
            "\n  " + s("picker_problems", lang, n=len(entry.checked.problems)), Style(color="red")
        )
        return out
    out.append(localize(sc.title, lang), Style(bold=True))
    if entry.source == "user":
        out.append(" [" + s("list_user", lang) + "]", Style(color="magenta"))
    out.append(
        "\n  "
        + " · ".join(
            [
                category_label(sc.category, lang),
                s("minutes", lang, n=round(sc.duration_s / 60)),
                s("difficulty_" + sc.difficulty, lang),
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
        out.append(entry.path.name + "\n", Style(bold=True, color="red"))
        out.append(s("picker_broken", lang) + "\n\n")
        for p in entry.checked.problems:
            out.append(f"{p.line}:{p.col} ", Style(color="yellow"))
            out.append(p.message(lang) + "\n")
        return out
    return scenario_detail(sc, lang, entry)


def scenario_detail(sc: Scenario, lang: Lang, entry: Entry | None = None) -> Text:
    """Title, facts and summary of a scenario."""
    out = Text()
    out.append(localize(sc.title, lang) + "\n", Style(bold=True, color="cyan"))
    facts = [
        (s("fact_type", lang), category_label(sc.category, lang)),
        (
            s("fact_length", lang),
            f"{mmss(sc.duration_s)} ({s('minutes', lang, n=round(sc.duration_s / 60))})",
        ),
        (s("fact_difficulty", lang), s("difficulty_" + sc.difficulty, lang)),
        (s("fact_start", lang), sc.start_clock),
        (
            s("fact_hazard", lang),
            s("hazard_" + sc.hazard.model, lang)
            if _has("hazard_" + sc.hazard.model)
            else sc.hazard.model,
        ),
        (s("fact_people", lang), str(sum(g.count for g in sc.population))),
        (
            s("fact_floors", lang),
            ", ".join(floor_label(f, lang) for f in sorted({n.floor for n in sc.site.nodes})),
        ),
        (
            s("fact_roles", lang),
            ("、" if lang == "zh" else ", ").join(localize(r.name, lang) for r in sc.roles),
        ),
    ]
    if sc.unit is not None:
        facts.insert(0, (s("fact_unit", lang), localize(sc.unit, lang)))
    if entry is not None:
        facts.append((s("fact_file", lang), str(entry.path.name)))
    for k, v in facts:
        out.append(f"{k}：" if lang == "zh" else f"{k}: ", Style(dim=True))
        out.append(v + "\n")
    out.append("\n")
    out.append(localize(sc.summary, lang).strip() + "\n")
    return out


def _has(key: str) -> bool:
    return key in STRINGS
