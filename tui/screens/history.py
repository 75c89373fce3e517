"""The History screen: every drill kept in the history (``sim.records.History``), filtered
by team, scenario and unit, with a team's progress across drills (totals over time, mean,
best and change). Enter on a drill opens its record: the result summary, the evaluator's
notes and the improvement plan, which the evaluator adds to here; the after-action report
is exported from there too."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Header, Label, Select, Static

from sim import Lang, terminal
from sim.i18n import has, score_category_label, tr
from tui import bindings
from tui.cells import clip, mmss
from tui.display import plain, rich_text
from tui.screens.base import DrillsimScreen
from tui.widgets.charts import ProgressChart, bar, score_colour
from tui.widgets.common import LangFooter, SectionTitle
from tui.widgets.scorecard import CATEGORY_ORDER, STATUS_STYLE, grade_name, plan_table

if TYPE_CHECKING:
    from sim.records import History, SessionRecord
    from tui.screens.record_forms import RecordForm, Saved

ALL = "*"
"""The filter value meaning "any"."""

FILTERS: tuple[tuple[str, str], ...] = (
    ("team", "col_team"),
    ("scenario", "history_scenario"),
    ("unit", "col_unit"),
)
"""The filters, each with its label."""


def _history() -> History:
    from sim.records import History

    return History()


def problem_text(exc: Exception, lang: Lang) -> str:
    """A records problem in ``lang`` (other errors as they are)."""
    from sim.records import RecordsError

    return exc.render(lang) if isinstance(exc, RecordsError) else str(exc)


def scenario_title(rec: SessionRecord, lang: Lang) -> str:
    """A session's scenario title in ``lang`` (its id if the history has no title)."""
    return rec.scenario_title.get(lang) or rec.scenario_id


@functools.cache
def _role_names(scenario_id: str) -> dict[str, Any]:
    """Role names of a scenario found by id (bundled or the user's); empty if it is gone."""
    from sim import check_file, resolve

    path = resolve(scenario_id)
    checked = check_file(path) if path is not None else None
    if checked is None or checked.scenario is None:
        return {}
    return {r.id: r.name for r in checked.scenario.roles}


def role_name(scenario_id: str, role_id: str, lang: Lang) -> str:
    """A participant's role by its name in ``lang`` (the id if the scenario is gone)."""
    from sim import localize

    name = _role_names(scenario_id).get(role_id)
    return localize(name, lang) if name is not None else role_id


def grade_text(grade: str | None, lang: Lang) -> str:
    """A grade as the history keeps it (优/良/一般/差), named in ``lang``."""
    if not grade:
        return "-"
    return grade_name(grade, lang)


class HistoryScreen(DrillsimScreen[None]):
    """The drills in the history and a team's progress."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.HISTORY]
    HELP_SECTION = "help_history"
    SUB_TITLE_KEY = "history_title"

    @dataclass
    class RecordChosen(Message):
        """A drill of the history to open: its result, notes and improvement plan."""

        session_id: str

    def __init__(self, team: str | None = None) -> None:
        super().__init__()
        self.start_team = team
        self.rows: list[SessionRecord] = []
        self.all_rows: list[SessionRecord] = []
        self.problem: str | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        lang = self.lang
        with Horizontal(id="history-filters"):
            for name, label in FILTERS:
                yield Label(tr(label, lang), id=f"label-{name}")
                yield Select(
                    [(tr("history_any", lang), ALL)],
                    value=ALL,
                    allow_blank=False,
                    id=f"filter-{name}",
                    compact=True,
                )
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="history-progress")
        yield LangFooter()

    def on_mount(self) -> None:
        self.load()
        self.query_one("#history-table").focus()

    def on_screen_resume(self) -> None:
        """Back from a record: notes or totals may have changed."""
        self.fill()

    def on_resize(self) -> None:
        """The table's columns follow the terminal's width."""
        self.fill()

    # --- data ----------------------------------------------------------------------------

    def load(self) -> None:
        """Read the history and fill the filters and the table."""
        lang = self.lang
        try:
            self.all_rows = _history().sessions()
            self.problem = None
        except Exception as exc:  # an unreadable or newer database: shown, never a crash
            self.all_rows = []
            self.problem = problem_text(exc, lang)
        teams = sorted({r.team for r in self.all_rows if r.team})
        units = sorted({r.unit for r in self.all_rows if r.unit})
        scenarios: dict[str, str] = {}
        for r in self.all_rows:
            scenarios.setdefault(r.scenario_id, scenario_title(r, lang))
        choices: dict[str, list[tuple[Content, str]]] = {
            "team": [(plain(t), t) for t in teams],
            "scenario": [
                (plain(title), sid)
                for title, sid in sorted((title, sid) for sid, title in scenarios.items())
            ],
            "unit": [(plain(u), u) for u in units],
        }
        for name, _ in FILTERS:
            select = self.query_one(f"#filter-{name}", Select)
            current = select.value if select.value is not Select.BLANK else ALL
            if name == "team" and self.start_team is not None:
                current, self.start_team = self.start_team, None
            options = [(plain(tr("history_any", lang)), ALL), *choices[name]]
            with select.prevent(Select.Changed):
                select.set_options(options)
                select.value = current if current in {v for _, v in options} else ALL
        self.fill()

    def filter_value(self, name: str) -> str | None:
        """A filter's value (None: any)."""
        value = self.query_one(f"#filter-{name}", Select).value
        return None if value in (ALL, Select.BLANK) else str(value)

    def fill(self) -> None:
        """The table of drills matching the filters, newest first."""
        lang = self.lang
        team, scenario, unit = (self.filter_value(n) for n, _ in FILTERS)
        self.rows = [
            r
            for r in self.all_rows
            if (team is None or r.team == team)
            and (scenario is None or r.scenario_id == scenario)
            and (unit is None or r.unit == unit)
        ]
        table = self.query_one("#history-table", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        for key in (
            "fact_started",
            "col_unit",
            "col_team",
            "history_scenario",
            "h_total",
            "col_grade",
        ):
            table.add_column(tr(key, lang), key=key)
        width = self.app.size.width
        narrow = width < 100
        date_w, name_w = (10, 10) if narrow else (16, 16)
        grades = [cell_len(grade_text(r.grade, lang)) for r in self.rows] or [0]
        grade_w = max(cell_len(tr("status_running", lang)), *grades)
        scenario_w = max(12, width - 2 * 6 - 2 - date_w - 2 * name_w - 6 - grade_w)
        for r in self.rows:
            total = Text("-" if r.total is None else f"{r.total:.1f}", justify="right")
            if r.total is not None:
                total.stylize(score_colour(r.total / 100))
            grade = (
                Text(grade_text(r.grade, lang))
                if r.status == "finished"
                else Text(tr("status_running", lang), Style(color="magenta"))
            )
            table.add_row(
                rich_text(r.started[:date_w].replace("T", " ")),
                rich_text(clip(terminal(r.unit or "-"), name_w)),
                rich_text(clip(terminal(r.team or "-"), name_w)),
                rich_text(clip(terminal(scenario_title(r, lang)), scenario_w)),
                total,
                grade,
                key=r.id,
            )
        if self.rows:
            table.move_cursor(row=min(keep, len(self.rows) - 1))
        self.show_progress()

    def highlighted(self) -> SessionRecord | None:
        """The drill under the cursor."""
        table = self.query_one("#history-table", DataTable)
        if not self.rows or table.cursor_row < 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def show_progress(self) -> None:
        """The progress of the team filtered on, else of the highlighted drill's team."""
        lang = self.lang
        widget = self.query_one("#history-progress", Static)
        if self.problem is not None:
            widget.update(Text(tr("history_unreadable", lang) + "\n" + self.problem, "red"))
            return
        if not self.all_rows:
            widget.update(Text(tr("history_empty", lang), Style(dim=True)))
            return
        team = self.filter_value("team")
        if team is None:
            rec = self.highlighted()
            team = rec.team if rec is not None and rec.team else None
        if team is None:
            widget.update(Text(tr("history_no_team", lang), Style(dim=True)))
            return
        widget.update(progress_text(_history(), team, self.filter_value("scenario"), lang))

    # --- events and actions -----------------------------------------------------------------

    @on(Select.Changed)
    def _filter(self, event: Select.Changed) -> None:
        if event.select.id and event.select.id.startswith("filter-"):
            self.fill()

    @on(DataTable.RowHighlighted, "#history-table")
    def _highlighted(self) -> None:
        if self.filter_value("team") is None:
            self.show_progress()

    @on(DataTable.RowSelected, "#history-table")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted drill's record."""
        rec = self.highlighted()
        if rec is not None:
            self.post_message(self.RecordChosen(rec.id))

    def action_team(self) -> None:
        """Show only the highlighted drill's team (and its progress); again: every team."""
        rec = self.highlighted()
        select = self.query_one("#filter-team", Select)
        if self.filter_value("team") is not None:
            select.value = ALL
        elif rec is not None and rec.team:
            select.value = rec.team

    def action_back(self) -> None:
        """Back to where the History screen was opened from."""
        self.app.pop_screen()

    def relang(self) -> None:
        """Every text in the current language."""
        lang = self.lang
        for name, label in FILTERS:
            self.query_one(f"#label-{name}", Label).update(tr(label, lang))
        self.load()


def progress_text(history: History, team: str, scenario: str | None, lang: Lang) -> RenderableType:
    """A team's progress: drills, mean, best, latest and change, and the totals as a chart."""
    prog = history.progress(team, scenario=scenario)

    def num(x: float | None, sign: bool = False) -> str:
        if x is None:
            return "-"
        return f"{x:+.1f}" if sign else f"{x:.1f}"

    head = Text()
    head.append(tr("progress_title", lang, team=terminal(team)), Style(bold=True, color="cyan"))
    head.append(
        "  "
        + tr(
            "progress_figures",
            lang,
            count=prog.count,
            mean=num(prog.mean_total),
            best=num(prog.best_total),
            change=num(prog.change, sign=True),
        )
    )
    if not prog.points:
        return Group(head, Text(tr("progress_none", lang), Style(dim=True)))
    first, last = prog.points[0], prog.points[-1]
    chart = ProgressChart(
        [p.total for p in prog.points],
        first_label=first.started[5:10],
        last_label=last.started[5:10],
        height=4,
    )
    return Group(head, chart)


class RecordScreen(DrillsimScreen[None]):
    """One drill of the history: its result, the notes and the improvement plan."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.RECORD]
    HELP_SECTION = "help_record"
    SUB_TITLE_KEY = "record_title"

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.exported: str | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with VerticalScroll(id="record"):
            for name in ("summary", "notes", "plan"):
                yield SectionTitle("", id=f"record-title-{name}")
                yield Static(id=f"record-{name}", classes="debrief-body")
            yield Static(id="record-exported")
        yield LangFooter()

    def on_mount(self) -> None:
        self.relang()
        self.query_one("#record").focus()

    def relang(self) -> None:
        """Every section in the current language (read again from the history)."""
        lang = self.lang
        try:
            h = _history()
            rec = h.session(self.session_id)
            result = h.result(rec.id)
            notes, items = h.notes(rec.id), h.improvements(rec.id)
        except Exception as exc:  # a history that cannot be read: shown, never a crash
            self.query_one("#record-summary", Static).update(
                Text(problem_text(exc, lang), Style(color="red"))
            )
            return
        self.query_one("#record-title-summary", SectionTitle).update(tr("record_summary", lang))
        self.query_one("#record-summary", Static).update(summary_text(rec, result, lang))
        self.query_one("#record-title-notes", SectionTitle).update(tr("record_notes", lang))
        self.query_one("#record-notes", Static).update(
            notes_text(notes, lang) if notes else Text(tr("record_no_notes", lang), Style(dim=True))
        )
        self.query_one("#record-title-plan", SectionTitle).update(tr("debrief_plan", lang))
        self.query_one("#record-plan", Static).update(
            plan_table(items, lang) if items else Text(tr("record_no_plan", lang), Style(dim=True))
        )
        exported = self.query_one("#record-exported", Static)
        exported.update(
            Text(tr("export_written", lang, path=self.exported), Style(color="green"))
            if self.exported
            else Text(tr("record_keys", lang), Style(dim=True))
        )

    def _form(self, form: RecordForm) -> None:
        def done(saved: Saved | None) -> None:
            if saved is not None:
                if saved.written is not None:
                    self.exported = str(saved.written)
                self.relang()

        self.app.push_screen(form, done)

    def action_note(self) -> None:
        """Add an evaluator's note."""
        from tui.screens.record_forms import NoteForm

        self._form(NoteForm(self.session_id))

    def action_improve(self) -> None:
        """Add an item to the improvement plan."""
        from tui.screens.record_forms import ImprovementForm

        self._form(ImprovementForm(self.session_id))

    def action_export(self) -> None:
        """Export the after-action report to a file."""
        from tui.screens.record_forms import ExportForm

        self._form(ExportForm(self.session_id))

    def action_back(self) -> None:
        """Back to the list."""
        self.app.pop_screen()


def summary_text(rec: SessionRecord, result: dict[str, Any] | None, lang: Lang) -> Table:
    """Who ran which drill when, the total and grade, the categories and each expectation."""
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(style="dim", no_wrap=True)
    table.add_column(ratio=1)
    sep = "、" if lang == "zh" else ", "
    people = sep.join(
        f"{p.name} ({role_name(rec.scenario_id, p.role, lang)})" if p.role else p.name
        for p in rec.participants
    )
    rows: list[tuple[str, RenderableType]] = [
        (tr("col_session", lang), rec.id),
        (tr("history_scenario", lang), scenario_title(rec, lang)),
        (tr("col_unit", lang), rec.unit or "-"),
        (tr("col_team", lang), rec.team or "-"),
        (tr("fact_participants", lang), people or "-"),
        (tr("fact_started", lang), rec.started[:19].replace("T", " ")),
    ]
    if rec.duration_s is not None:
        rows.append((tr("record_duration", lang), mmss(rec.duration_s)))
    if rec.status != "finished" or rec.total is None:
        rows.append((tr("record_total", lang), Text(tr("status_running", lang), "magenta")))
    else:
        colour = score_colour(rec.total / 100)
        total = Text(f"{rec.total:.1f} / 100  ", Style(bold=True, color=colour))
        total.append(grade_text(rec.grade, lang), Style(bold=True, color=colour, reverse=True))
        rows.append((tr("record_total", lang), total))
    cats = ((result or {}).get("score") or {}).get("categories") or {}
    for cat in CATEGORY_ORDER:
        if cat in cats:
            v = cats[cat]
            points, maximum = float(v["points"]), float(v["max_points"])
            line = bar(points, maximum, 20, score_colour(points / maximum if maximum else 0))
            line.append(f" {points:5.1f} / {maximum:4.1f}")
            rows.append((score_category_label(cat, lang), line))
    for x in rec.expectations:
        mark = Text(tr(f"status_{x.status}", lang) if _known(x.status) else terminal(x.status))
        mark.stylize(STATUS_STYLE.get(x.status, ""))
        title = terminal(x.title.get(lang) or x.expectation)
        rows.append((x.rating or "", Text.assemble(mark, "  ", title)))
    for label, value in rows:
        table.add_row(rich_text(label), rich_text(value) if isinstance(value, str) else value)
    return table


def _known(status: str) -> bool:
    return has(f"status_{status}")


def notes_text(notes: list[Any], lang: Lang) -> Text:
    """The evaluator's notes, oldest first, each with its author."""
    out = Text()
    for i, n in enumerate(notes):
        if i:
            out.append("\n")
        out.append(f"[{n.id}] ", Style(dim=True))
        out.append(terminal(n.text, multiline=True))
        if n.author:
            out.append(" —— " + terminal(n.author), Style(dim=True))
    return out
