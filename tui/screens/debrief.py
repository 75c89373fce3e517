"""The debrief: the total and the grade, a bar per category, each expectation's expected
against actual time, every deduction with its reason and rule, the evacuation curve and the
hazard over time, the HSEEP P/S/M/U ratings, the AQ/T 9009 checklist, and the improvement
plan the evaluator fills in.

The drill is already in the history when the debrief opens (the recorder kept it as the
drill ended). ``i`` adds an item to the improvement plan (it appears in the after-action
report's plan table), ``s`` opens the Export menu (the report as HTML, Markdown, JSON or
Word; the drill plan, the forms, the response cards, the Friday report, the replay video
and the photos), ``h`` opens the History screen on the team."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Header, Static

from sim import Lang, localize, terminal
from sim.i18n import score_category_label, tr
from sim.records import peak_facts, people_facts, safe_of_total
from tui import bindings
from tui.cells import mmss
from tui.display import rich_text
from tui.screens.base import DrillsimScreen
from tui.session import DrillSession
from tui.widgets.charts import ColumnChart, TimelineBar, bar, score_colour
from tui.widgets.common import LangFooter, SectionTitle
from tui.widgets.scorecard import CATEGORY_ORDER, STATUS_STYLE, grade_name, plan_table
from tui.widgets.sitemap import severity_colours
from tui.wrapped import Wrapped

if TYPE_CHECKING:
    from tui.screens.record_forms import Saved

RATING_STYLE = {"P": "bold green", "S": "bold yellow", "M": "bold dark_orange", "U": "bold red"}

CHECK_STYLE = {"yes": "bold green", "partial": "bold yellow", "no": "bold red"}

SECTIONS = (
    "score",
    "categories",
    "timeline",
    "deductions",
    "evacuation",
    "hazard",
    "ratings",
    "checklist",
    "outcome",
    "plan",
)


class DebriefScreen(DrillsimScreen[None]):
    """What the score is made of."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.DEBRIEF]
    HELP_SECTION = "debrief"
    SUB_TITLE_KEY = "debrief_title"

    @dataclass
    class ShowHistory(Message):
        """The History screen, on a team's drills (None: every team's)."""

        team: str | None

    class NewDrill(Message):
        """Another drill: back to the scenarios."""

    def __init__(self, session: DrillSession) -> None:
        super().__init__()
        self.session = session
        self.result = session.result()
        self.exported: Path | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with VerticalScroll(id="debrief"):
            for name in SECTIONS:
                yield SectionTitle("", id=f"title-{name}")
                yield Static(id=f"body-{name}", classes="debrief-body")
            yield Static(id="debrief-record")
        yield LangFooter()

    def on_mount(self) -> None:
        self.relang()
        self.query_one("#debrief").focus()

    def relang(self) -> None:
        """Every section in the current language."""
        lang = self.lang
        bodies = {
            "score": self.score_text(lang),
            "categories": self.categories_table(lang),
            "timeline": self.timeline_table(lang),
            "deductions": self.deductions_text(lang),
            "evacuation": self.evacuation_chart(lang),
            "hazard": self.hazard_chart(lang),
            "ratings": self.ratings_table(lang),
            "checklist": self.checklist_table(lang),
            "outcome": self.outcome_text(lang),
            "plan": self.plan_text(lang),
        }
        for name, body in bodies.items():
            title = self.query_one(f"#title-{name}", SectionTitle)
            widget = self.query_one(f"#body-{name}", Static)
            title.display = body is not None
            widget.display = body is not None
            if body is not None:
                title.update(tr(f"debrief_{name}", lang))
                widget.update(body)
        self._show_record()

    # --- sections -------------------------------------------------------------------------

    def score_text(self, lang: Lang) -> RenderableType:
        sc = self.session.scenario
        score = self.result["score"]
        total = float(score["total"])
        colour = score_colour(total / 100)
        out = Text()
        out.append(localize(sc.title, lang) + "\n", Style(bold=True))
        settings = self.session.settings
        who = terminal(" · ".join(x for x in (settings.unit, settings.team) if x))
        if who:
            out.append(who + "\n", Style(dim=True))
        out.append(tr("debrief_total", lang, total=f"{total:.1f}"), Style(bold=True, color=colour))
        out.append("   ")
        out.append(
            tr("debrief_grade", lang, grade=grade_name(str(score["grade"]), lang)),
            Style(bold=True, color=colour, reverse=True),
        )
        pen = float(score.get("penalties") or 0)
        if pen:
            out.append(
                "   " + tr("debrief_penalties", lang, points=f"{pen:.1f}"), Style(color="red")
            )
        out.append("\n")
        out.append(
            tr(
                "debrief_run",
                lang,
                seed=self.result["seed"],
                ended=tr(
                    "debrief_ended_early" if self.session.ended_early else "debrief_ended_clock",
                    lang,
                ),
            ),
            Style(dim=True),
        )
        return out

    def categories_table(self, lang: Lang) -> RenderableType:
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1, overflow="fold")
        table.add_column(justify="right", no_wrap=True)
        cats = self.result["score"]["categories"]
        for cat in CATEGORY_ORDER:
            if cat not in cats:
                continue
            v = cats[cat]
            points, maximum = float(v["points"]), float(v["max_points"])
            frac = points / maximum if maximum else 0.0
            table.add_row(
                score_category_label(cat, lang),
                _Bar(points, maximum, score_colour(frac)),
                f"{points:5.1f} / {maximum:4.1f}",
            )
        return table

    def timeline_table(self, lang: Lang) -> RenderableType:
        sc = self.session.scenario
        by_id = {e.id: e for e in sc.expectations}
        results = [self._result_cell(row, lang) for row in self.result["expectations"]]
        # The result is never cut ("late 10:43 / 3:00"): its column is as wide as the widest;
        # the titles wrap; the bar takes what is left (at least 10 columns).
        result_width = max((r.cell_len for r in results), default=8)
        table = Table(expand=True, box=None, padding=(0, 1), show_edge=False)
        table.add_column(tr("col_expectation", lang), ratio=3, overflow="fold")
        table.add_column(tr("col_timeline", lang, total=mmss(self.session.duration_s)), ratio=3)
        table.add_column(tr("col_result", lang), min_width=result_width, overflow="fold")
        for row, result in zip(self.result["expectations"], results, strict=True):
            exp = by_id.get(row["id"])
            title = localize(exp.title, lang) if exp else row["id"]
            status = str(row["status"])
            if row.get("harmful"):
                title = "! " + title
            bar_cell: RenderableType = (
                Text("")
                if row.get("harmful")
                else TimelineBar(
                    row.get("start_s"),
                    float(row["target_s"]),
                    float(row["limit_s"]),
                    row.get("done_at_s"),
                    self.session.duration_s,
                    status,
                )
            )
            table.add_row(Text(title), bar_cell, result)
        legend = Text(tr("timeline_legend", lang), Style(dim=True))
        return Group(table, legend)

    def _result_cell(self, row: dict[str, Any], lang: Lang) -> Text:
        status = str(row["status"])
        out = Text()
        out.append(tr(f"status_{status}", lang), Style.parse(STATUS_STYLE.get(status, "")))
        start, done = row.get("start_s"), row.get("done_at_s")
        if not row.get("harmful") and start is not None and done is not None:
            out.append(
                " " + tr("took", lang, took=mmss(done - start), target=mmss(row["target_s"]))
            )
        elif not row.get("harmful") and status == "missed":
            out.append(" " + tr("limit_was", lang, limit=mmss(row["limit_s"])), Style(dim=True))
        if row.get("harmful") and done is not None:
            out.append(" " + tr("at_clock", lang, clock=self.session.drill.clock(done)))
        return out

    def deductions_text(self, lang: Lang) -> RenderableType:
        rows = self.result["deductions"]
        if not rows:
            return Text(tr("debrief_no_deductions", lang), Style(color="green"))
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(justify="right", no_wrap=True, style="bold red")
        table.add_column(no_wrap=True, style="dim")
        table.add_column(ratio=1, overflow="fold")
        for d in rows:
            table.add_row(
                f"−{float(d['points']):.1f}",
                score_category_label(d["category"], lang),
                Wrapped(str(d[lang]), lang),
            )
        return table

    def evacuation_chart(self, lang: Lang) -> RenderableType:
        outcome = self.result.get("outcome") or {}
        curve = outcome.get("evacuation_curve") or []
        walkers = int(outcome.get("people_walking") or 0)
        if not walkers:
            return Text(tr("debrief_no_walkers", lang), Style(dim=True))
        points = [(0.0, 0.0)] + [(float(t), float(c)) for t, c in curve]
        chart = ColumnChart(
            points,
            x_max=self.session.duration_s,
            height=6,
            colour="green",
            y_max=float(walkers),
            mode="last",
        )
        note = Text(
            tr(
                "debrief_evac_note",
                lang,
                safe_label=tr("acct_people_safe", lang),
                safe=safe_of_total(outcome),
                rset=_secs(outcome.get("evacuation_time_s")),
            ),
            Style(dim=True),
        )
        return Group(chart, note)

    def hazard_chart(self, lang: Lang) -> RenderableType:
        snap = self.session.snapshot()
        history = self.session.history
        thresholds = list(snap.thresholds)
        peak = max((h.peak_level for h in history), default=0.0)
        if not thresholds and peak <= 0:
            return Text(tr("debrief_no_hazard", lang), Style(dim=True))
        colours = severity_colours(len(thresholds))
        values = [float(t.value) for t in thresholds if t.value > 0]
        lines = [
            (float(t.value), localize(t.label, lang), colours[k])
            for k, t in enumerate(thresholds, start=1)
        ]
        at_people = max((h.occupied_level for h in history), default=0.0)
        top = max([at_people, *values]) * 1.2 or 1.0
        # Levels that span decades (a plume's source against its AEGL thresholds) are drawn
        # on a logarithmic axis, so that every threshold line stays visible.
        log_floor = min(values) / 4 if values and top / min(values) > 50 else None
        chart = ColumnChart(
            [(h.t_s, h.occupied_level) for h in history],
            x_max=self.session.duration_s,
            height=7,
            colour="dark_orange",
            y_max=top,
            mode="max",
            lines=lines,
            log_floor=log_floor,
        )
        parts: list[RenderableType] = [chart]
        peaks = peak_facts(self.result.get("outcome") or {}, lang, self._node_name(lang))
        if peaks:
            # the peaks of the one account, as the report and the export give them
            note = "; ".join(f"{f.label}: {f.text}" for f in peaks)
            if lang == "zh":
                note = "；".join(f"{f.label}：{f.text}" for f in peaks)
        else:
            note = tr(
                "debrief_hazard_note",
                lang,
                at_people=_level(at_people),
                peak=_level(peak),
                unit=snap.unit,
            )
        if log_floor is not None:
            note += tr("debrief_log_axis", lang)
        parts.append(Text(note, Style(dim=True)))
        exposed = max((h.people_exposed for h in history), default=0)
        if thresholds and exposed:
            first = localize(thresholds[0].label, lang)
            parts.append(Text(""))
            parts.append(Text(tr("debrief_exposed_title", lang, threshold=first), Style(bold=True)))
            parts.append(
                ColumnChart(
                    [(h.t_s, float(h.people_exposed)) for h in history],
                    x_max=self.session.duration_s,
                    height=4,
                    colour="red",
                    y_max=float(max(exposed, 1)),
                    mode="max",
                )
            )
        return Group(*parts)

    def ratings_table(self, lang: Lang) -> RenderableType | None:
        rows = self.result.get("ratings") or []
        if not rows:
            return None
        table = Table(expand=True, box=None, padding=(0, 1), show_edge=False)
        table.add_column(tr("col_task", lang), ratio=1, overflow="fold")
        table.add_column(tr("col_rating", lang), no_wrap=True)
        harmful = {
            e["id"]: str(e["status"]) for e in self.result["expectations"] if e.get("harmful")
        }
        for r in rows:
            rating = str(r["rating"])
            cell = Text()
            status = harmful.get(str(r["expectation"]))
            if status is None:
                cell.append(
                    f" {rating} ", Style.parse(RATING_STYLE.get(rating, "")) + Style(reverse=True)
                )
                cell.append(" " + tr(f"rating_{rating}", lang))
            else:
                # a harmful act is not a task to rate: it was avoided or committed
                cell.append(tr("harmful_" + status, lang), Style.parse(STATUS_STYLE[status]))
            table.add_row(Wrapped(str(r["task"][lang]), lang), cell)
        return Group(table, Text(tr("ratings_source", lang), Style(dim=True)))

    def checklist_table(self, lang: Lang) -> RenderableType | None:
        rows = self.result.get("checklist") or []
        if not rows:
            return None
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1, overflow="fold")
        for r in rows:
            status = str(r.get("status") or ("yes" if r.get("yes") else "no"))
            mark = Text(tr(f"check_{status}", lang), Style.parse(CHECK_STYLE[status]))
            body = Text(str(r["item"][lang]))
            for reason in r.get("reasons") or []:
                body.append("\n  " + str(reason[lang]), Style(dim=True))
            table.add_row(mark, Wrapped(body, lang))
        return table

    def _node_name(self, lang: Lang) -> Any:
        nodes = self.session.scenario.index.nodes

        def name(node_id: str) -> str:
            node = nodes.get(node_id)
            return localize(node.name, lang) if node is not None and node.name else node_id

        return name

    def outcome_rows(self, lang: Lang) -> list[tuple[str, str]]:
        """The outcome as (name, value) rows: the people and the peaks of the one account
        (sim.records.account, the same names and numbers as the report and the export),
        then RSET, ASET and the responders' arrivals."""
        o = self.result.get("outcome") or {}
        facts = [*people_facts(o, lang), *peak_facts(o, lang, self._node_name(lang))]
        rows = [(f.label, f.text) for f in facts]
        rows += [
            (tr("outcome_rset", lang), _secs(o.get("evacuation_time_s"))),
            (tr("outcome_aset", lang), _secs(o.get("aset_s"))),
        ]
        arrived = o.get("responders_arrived_s") or {}
        names = self.session.scenario.index.responders
        for rid, t in arrived.items():
            name = localize(names[rid].name, lang) if rid in names else rid
            rows.append(
                (
                    tr("outcome_arrived", lang),
                    tr("arrived_at", lang, who=name, clock=self.session.drill.clock(float(t))),
                )
            )
        return rows

    def outcome_text(self, lang: Lang) -> RenderableType:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(overflow="fold")
        for name, value in self.outcome_rows(lang):
            table.add_row(Text(name), Wrapped(rich_text(value), lang))
        return table

    def plan_text(self, lang: Lang) -> RenderableType:
        """The improvement plan of this drill as the evaluator fills it in."""
        session_id = self.session.session_id
        if session_id is None:
            return Text(tr("debrief_plan_unrecorded", lang), Style(dim=True))
        from sim.records import History

        try:
            items = History().improvements(session_id)
        except Exception:  # the history cannot be read: say so, never crash the debrief
            items = None
        if items is None:
            return Text(tr("history_unreadable", lang), Style(color="red"))
        if not items:
            return Text(tr("debrief_plan_empty", lang), Style(dim=True))
        return plan_table(items, lang)

    # --- records ----------------------------------------------------------------------------

    def _show_record(self) -> None:
        lang = self.lang
        widget = self.query_one("#debrief-record", Static)
        session = self.session
        out = Text()
        if session.session_id is None:
            out.append(tr("debrief_unrecorded", lang), Style(dim=True))
        else:
            out.append(
                tr("debrief_recorded", lang, session=session.session_id), Style(color="green")
            )
            out.append("\n" + tr("debrief_journal", lang, path=str(session.journal_path)))
            out.append("\n" + tr("debrief_record_keys", lang), Style(dim=True))
        for warning in session.record_warnings:
            out.append(
                "\n" + tr("record_warning", lang, detail=terminal(warning)), Style(color="yellow")
            )
        if self.exported is not None:
            out.append(
                "\n" + tr("export_written", lang, path=str(self.exported)), Style(color="green")
            )
        widget.update(out)

    def _needs_record(self) -> str | None:
        session_id = self.session.session_id
        if session_id is None:
            self.notify(tr("debrief_unrecorded", self.lang), severity="warning")
        return session_id

    def action_export(self) -> None:
        """The Export menu: the report or any other paper of this drill, to a file."""
        from tui.screens.record_forms import ExportForm

        session_id = self._needs_record()
        if session_id is None:
            return

        def done(saved: Saved | None) -> None:
            if saved is not None:
                self.exported = saved.written
                self._show_record()

        self.app.push_screen(ExportForm(session_id), done)

    def action_improve(self) -> None:
        """Add an item to this drill's improvement plan."""
        from tui.screens.record_forms import ImprovementForm

        session_id = self._needs_record()
        if session_id is None:
            return

        def done(saved: Saved | None) -> None:
            if saved is not None:
                self.relang()

        self.app.push_screen(ImprovementForm(session_id), done)

    def action_history(self) -> None:
        """The History screen, on this drill's team."""
        self.post_message(self.ShowHistory(self.session.settings.team or None))

    def action_new(self) -> None:
        """Another drill."""
        self.post_message(self.NewDrill())


class _Bar:
    """A score bar that fills its table cell."""

    def __init__(self, value: float, maximum: float, colour: str) -> None:
        self.value = value
        self.maximum = maximum
        self.colour = colour

    def __rich_console__(self, console: Any, options: Any) -> Any:
        yield bar(self.value, self.maximum, max(4, options.max_width), self.colour)

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        return Measurement(4, options.max_width)


def _level(value: float) -> str:
    """A hazard level as written: thousands separated, three significant figures below."""
    return f"{value:,.0f}" if value >= 1000 else f"{value:.3g}"


def _secs(value: Any) -> str:
    if value is None:
        return "-"
    return mmss(float(value))
