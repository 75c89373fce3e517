"""The report's view-model: every figure and sentence of the after-action report in one
language, as typed models.

:func:`build_view` turns a :class:`~sim.records.report.gathering.ReportInput` into a
:class:`ReportView`; its JSON serialisation (:meth:`ReportView.to_json`) is the report's JSON
format (``drillsim report --format json``), and :meth:`ReportView.from_json` reads that JSON
back, so the Markdown, HTML and Word renderers can start from either. Nothing here writes
markup: the renderers (:mod:`sim.records.report.rendering`, :mod:`sim.records.paperwork`) do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

from sim.i18n import category_label, grade_label, tr
from sim.records.account import account
from sim.records.describe import EventDescriber, ScenarioNames
from sim.records.report.gathering import ReportInput
from sim.scenario import Scenario
from sim.text import Lang, Text, localize

REPORT_FORMAT = 1

Num = int | float
"""A number as the result holds it: kept int or float, so the JSON reads as before."""

CATEGORY_ORDER: tuple[str, ...] = ("reporting", "evacuation", "early_response", "outcome")

TIMELINE_KINDS = frozenset(
    {
        "start",
        "inject",
        "facilitator",
        "action",
        "refused",
        "milestone",
        "dispatch",
        "arrival",
        "report",
        "headcount",
        "harm",
        "overcome",
        "action_failed",
        "sent_back",
        "alarm_silenced",
        "structure_disturbed",
        "unsafe",
        "untenable",
        "prompt_expired",
        "control",
        "rescued",
        "source_isolated",
        "explosion",
        "end",
    }
)
"""Event kinds shown in the report's list of key events."""


def mmss(t_s: float | None) -> str:
    """Sim time as m:ss (or h:mm:ss)."""
    if t_s is None:
        return "—"
    s = round(t_s)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def clock_at(start_clock: str, t_s: float) -> str:
    """Wall-clock time of the scenario at sim time ``t_s``, HH:MM:SS."""
    try:
        h, m = (int(x) for x in start_clock.split(":"))
    except ValueError:
        h, m = 0, 0
    total = (h * 3600 + m * 60 + int(t_s)) % 86400
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


class ReportNames:
    """The report's own names for ids, in its language: roles of the participants, places
    of the account, responders and expectations (the id itself when the scenario is not
    available). The events' sentences name things through :class:`ScenarioNames`."""

    def __init__(self, scenario: Scenario | None, lang: Lang) -> None:
        self.sc = scenario
        self.lang = lang

    def _text(self, text: Text | None, fallback: str) -> str:
        return localize(text, self.lang) if text is not None else fallback

    def role(self, rid: Any) -> str:
        if self.sc is None or rid not in self.sc.index.roles:
            return str(rid or "")
        return self._text(self.sc.index.roles[rid].name, str(rid))

    def node(self, nid: Any) -> str:
        if self.sc is None or nid not in self.sc.index.nodes:
            return str(nid)
        return self._text(self.sc.index.nodes[nid].name, str(nid))

    def responder(self, rid: Any) -> str:
        if self.sc is None or rid not in self.sc.index.responders:
            return str(rid)
        return self._text(self.sc.index.responders[rid].name, str(rid))

    def expectation(self, eid: str) -> str:
        if self.sc is not None:
            for x in self.sc.expectations:
                if x.id == eid:
                    return localize(x.title, self.lang)
        return eid


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScenarioRef(_Model):
    id: str
    title: str


class ParticipantView(_Model):
    name: str
    role: str
    role_name: str


class Overview(_Model):
    """Who drilled what, when, and how the session ended."""

    session: str
    unit: str
    team: str
    date: str
    started: str
    ended: str | None
    duration_min: Num | None
    sim_s: Num
    scenario: ScenarioRef
    category: str
    drill_type: str
    seed: int | None
    engine: str
    status: str
    finished: bool
    journal: str
    participants: list[ParticipantView]
    start_clock: str


class CategoryScore(_Model):
    id: str
    label: str
    points: Num
    max_points: Num
    share: Num


class Score(_Model):
    total: Num | None
    grade: str | None
    grade_label: str
    penalties: Num
    categories: list[CategoryScore]


class ExpectationView(_Model):
    """One expectation: its windows (drill time), when it was done, its credit and rating."""

    id: str
    title: str
    category: str
    category_label: str
    status: str
    status_label: str
    start_s: Num | None
    done_at_s: Num | None
    target_s: Num | None
    limit_s: Num | None
    credit: Num | None
    rating: str | None
    rating_label: str
    harmful: bool


class TimelineEntry(_Model):
    t_s: Num
    time: str
    clock: str
    kind: str
    text: str


class FactView(_Model):
    """A figure of the account (:mod:`sim.records.account`)."""

    key: str
    label: str
    value: Num | None
    text: str


class ArrivalView(_Model):
    responder: str
    t_s: Num | None


class OutcomeView(_Model):
    people: dict[str, Any]
    people_walking: Num | None
    evacuation_time_s: Num | None
    aset_s: Num | None
    casualties: Num | None
    injured: Num | None
    exposed_above: dict[str, Any]
    exposed_labels: dict[str, str] = {}
    """The thresholds of ``exposed_above`` by name, in the report's language."""
    hazard_unit: str
    peak: dict[str, Any]
    peak_on_site: dict[str, Any]
    team: dict[str, Any]
    account: list[FactView]
    responders_arrived: list[ArrivalView]
    evacuation_curve: list[list[Num]]


class ThresholdView(_Model):
    label: str
    value: Num


class HazardView(_Model):
    """The hazard over time, or why it is not shown (then only ``reason`` is set)."""

    available: bool
    reason: str | None = None
    unit: str | None = None
    thresholds: list[ThresholdView] | None = None
    samples: list[list[Num]] | None = None
    """(t_s, highest anywhere, highest where people are)."""


class RatingView(_Model):
    expectation: str
    task: str
    title: str
    rating: str | None
    harmful: bool
    act: str | None
    rating_label: str


class CheckView(_Model):
    id: str | None
    item: str
    status: str
    status_label: str
    yes: bool
    reasons: list[str]


class NoteView(_Model):
    id: int
    author: str
    text: str
    created: str


class ImprovementView(_Model):
    """A row of the improvement plan as the history stores it, with its status in words."""

    model_config = ConfigDict(extra="allow")

    id: int
    capability: str
    issue: str
    action: str
    responsible: str
    start_date: str
    due_date: str
    status: str
    expectation: str | None
    status_label: str


class SuggestedIssue(_Model):
    capability: str
    issue: str
    expectation: str | None


class Generated(_Model):
    when: str
    version: str


class ReportView(_Model):
    """The whole report in one language."""

    format: int
    lang: Lang
    title: str
    subtitle: str
    overview: Overview
    score: Score
    expectations: list[ExpectationView]
    timeline: list[TimelineEntry]
    outcome: OutcomeView
    hazard: HazardView
    ratings: list[RatingView]
    checklist: list[CheckView]
    strengths: list[str]
    areas: list[str]
    notes: list[NoteView]
    improvement_plan: list[ImprovementView]
    suggested_issues: list[SuggestedIssue]
    warnings: list[str]
    generated: Generated

    def to_json(self) -> dict[str, Any]:
        """The report's JSON object (the ``--format json`` output)."""
        out = self.model_dump()
        out["hazard"] = self.hazard.model_dump(exclude_none=True)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReportView:
        """A view from the report's JSON object (validated)."""
        return cls.model_validate(dict(data))


def as_view(rep: ReportView | Mapping[str, Any]) -> ReportView:
    """``rep`` as a view: a view is returned as it is, a JSON object is read."""
    return rep if isinstance(rep, ReportView) else ReportView.from_json(rep)


def rating_label(x: Mapping[str, Any], lang: Lang) -> str:
    """An expectation's HSEEP rating as written; a harmful action is not a task to rate, so
    it reads "avoided" or "committed"."""
    if x.get("harmful"):
        return tr(f"status_{x.get('status')}", lang)
    rating = x.get("rating")
    return tr("rating_lettered", lang, letter=rating, rating=tr(f"rating_{rating}", lang))


def harmful_act(x: ExpectationView | None) -> str | None:
    """For a harmful action: "avoided" or "committed"; None for a task."""
    if x is None or not x.harmful:
        return None
    return "committed" if x.status == "violated" else "avoided"


def checklist_entry(c: Mapping[str, Any], lang: Lang) -> CheckView:
    """A checklist answer in one language: yes, partial or no, and why it is not yes."""
    status = str(c.get("status") or ("yes" if c.get("yes") else "no"))
    return CheckView(
        id=c.get("id"),
        item=(c.get("item") or {}).get(lang, ""),
        status=status,
        status_label=tr(f"check_{status}", lang),
        yes=status == "yes",
        reasons=[str(x.get(lang, "")) for x in c.get("reasons") or []],
    )


def _category_text(category: Any, lang: Lang) -> str:
    return tr(f"cat_{category}", lang) if category in CATEGORY_ORDER else str(category or "")


def build_view(inp: ReportInput, lang: Lang) -> ReportView:
    """The report of ``inp`` in ``lang``."""
    from sim import __version__
    from sim.records.paths import now_iso

    names = ReportNames(inp.scenario, lang)
    r = inp.result
    score = r.get("score") or {}
    outcome = r.get("outcome") or {}
    events: list[dict[str, Any]] = r.get("events", [])
    duration_s = (
        inp.scenario.duration_s
        if inp.scenario
        else max((float(e["t_s"]) for e in events), default=0.0)
    )
    start_clock = inp.scenario.start_clock if inp.scenario else "00:00"
    titles = (
        {x.id: names.expectation(x.id) for x in inp.scenario.expectations} if inp.scenario else {}
    )

    def title_of(eid: str) -> str:
        return titles.get(eid, eid)

    categories = [
        CategoryScore(
            id=cat,
            label=tr(f"cat_{cat}", lang),
            points=round(float(v["points"]), 1),
            max_points=round(float(v["max_points"]), 1),
            share=round(float(v["score"]), 4),
        )
        for cat in CATEGORY_ORDER
        if (v := (score.get("categories") or {}).get(cat)) is not None
    ]
    expectations = [
        ExpectationView(
            id=x["id"],
            title=title_of(x["id"]),
            category=x["category"],
            category_label=_category_text(x["category"], lang),
            status=x["status"],
            status_label=tr(f"status_{x['status']}", lang),
            start_s=x.get("start_s"),
            done_at_s=x.get("done_at_s"),
            target_s=x.get("target_s"),
            limit_s=x.get("limit_s"),
            credit=x.get("credit"),
            rating=x.get("rating"),
            rating_label=rating_label(x, lang),
            harmful=bool(x.get("harmful")),
        )
        for x in r.get("expectations", [])
    ]
    by_exp = {x.id: x for x in expectations}
    # the same sentences as the app's feed (one describer), with the reasons for refusals
    # as the journal kept them, in log order
    describer = EventDescriber(ScenarioNames(inp.scenario), lambda t_s: clock_at(start_clock, t_s))
    refusals = iter(inp.refusals)
    timeline = []
    for e in events:
        if e.get("kind") not in TIMELINE_KINDS:
            continue
        reason = next(refusals, None) if e["kind"] == "refused" else None
        text = describer.event_text(e, lang, reason.get(lang) if reason else None)
        timeline.append(
            TimelineEntry(
                t_s=e["t_s"],
                time=mmss(e["t_s"]),
                clock=clock_at(start_clock, float(e["t_s"])),
                kind=e["kind"],
                text=text,
            )
        )
    # Strengths are the tasks rated P (performed without challenges), and nothing else: not
    # an expectation met in time but incomplete, not a harmful act that did not happen.
    strengths = [
        tr(
            "rpt_strength_met",
            lang,
            title=x.title,
            elapsed=mmss(x.done_at_s - (x.start_s or 0.0)),
            target=mmss(x.target_s),
        )
        for x in expectations
        if x.rating == "P" and not x.harmful and x.done_at_s is not None
    ]
    deductions: list[dict[str, Any]] = r.get("deductions", [])
    if inp.hazard_model in ("", "none") and inp.scenario is not None:
        hazard = HazardView(available=False, reason=tr("rpt_hazard_none", lang))
    elif inp.hazard is None:
        hazard = HazardView(available=False, reason=tr("rpt_hazard_missing", lang))
    else:
        hazard = HazardView(
            available=True,
            unit=inp.hazard_unit,
            thresholds=[
                ThresholdView(label=localize(lbl, lang), value=v) for lbl, v in inp.thresholds
            ],
            samples=[[round(a, 3), round(b, 6), round(c, 6)] for a, b, c in inp.hazard],
        )
    title = inp.scenario_title.get(lang) or inp.scenario_id
    if inp.scenario is not None:
        title = localize(inp.scenario.title, lang)
    warnings = [w.render(lang) for w in inp.warnings]
    if not inp.finished:
        last = max((float(e["t_s"]) for e in events), default=0.0)
        warnings.insert(0, tr("rpt_unfinished", lang, clock=clock_at(start_clock, last)))
    return ReportView(
        format=REPORT_FORMAT,
        lang=lang,
        title=tr("rpt_title", lang),
        subtitle=tr("rpt_subtitle", lang),
        overview=Overview(
            session=inp.session,
            unit=inp.unit,
            team=inp.team,
            date=inp.started[:10],
            started=inp.started[11:16],
            ended=inp.ended,
            duration_min=None if inp.duration_s is None else round(inp.duration_s / 60.0, 1),
            sim_s=duration_s,
            scenario=ScenarioRef(id=inp.scenario_id, title=title),
            category=category_label(inp.scenario_category, lang),
            drill_type=tr("drill_type_tabletop", lang),
            seed=inp.seed,
            engine=inp.engine,
            status=tr("status_finished" if inp.finished else "status_running", lang),
            finished=inp.finished,
            journal=inp.journal,
            participants=[
                ParticipantView(
                    name=p.name, role=p.role, role_name=names.role(p.role) if p.role else ""
                )
                for p in inp.participants
            ],
            start_clock=start_clock,
        ),
        score=Score(
            total=score.get("total"),
            grade=score.get("grade"),
            grade_label=grade_label(score.get("grade"), lang),
            penalties=score.get("penalties", 0),
            categories=categories,
        ),
        expectations=expectations,
        timeline=timeline,
        outcome=OutcomeView(
            people=outcome.get("people") or {},
            people_walking=outcome.get("people_walking"),
            evacuation_time_s=outcome.get("evacuation_time_s"),
            aset_s=outcome.get("aset_s"),
            casualties=outcome.get("casualties"),
            injured=outcome.get("injured"),
            exposed_above=outcome.get("exposed_above") or {},
            exposed_labels={
                k: ScenarioNames(inp.scenario).threshold(k, lang)
                for k in outcome.get("exposed_above") or {}
            },
            hazard_unit=outcome.get("hazard_unit", ""),
            peak=outcome.get("peak") or {},
            peak_on_site=outcome.get("peak_on_site") or {},
            team=outcome.get("team") or {},
            account=[
                FactView(key=f.key, label=f.label, value=f.value, text=f.text)
                for f in account(outcome, lang, names.node)
            ],
            responders_arrived=[
                ArrivalView(responder=names.responder(k), t_s=v)
                for k, v in (outcome.get("responders_arrived_s") or {}).items()
            ],
            evacuation_curve=outcome.get("evacuation_curve") or [],
        ),
        hazard=hazard,
        ratings=[
            RatingView(
                expectation=x["expectation"],
                task=(x.get("task") or {}).get(lang) or title_of(x["expectation"]),
                title=title_of(x["expectation"]),
                rating=x["rating"],
                harmful=(ex := by_exp.get(x["expectation"])) is not None and ex.harmful,
                act=harmful_act(ex),
                rating_label=rating_label(
                    ex.model_dump() if ex is not None else {"rating": x["rating"]}, lang
                ),
            )
            for x in r.get("ratings", [])
        ],
        checklist=[checklist_entry(c, lang) for c in r.get("checklist", [])],
        strengths=strengths,
        areas=[d.get(lang, "") for d in deductions],
        notes=[
            NoteView(id=n.id, author=n.author, text=n.text, created=n.created) for n in inp.notes
        ],
        improvement_plan=[
            ImprovementView(**i.to_json(), status_label=tr(f"improvement_{i.status}", lang))
            for i in inp.improvements
        ],
        suggested_issues=[
            SuggestedIssue(
                capability=_category_text(d.get("category", ""), lang),
                issue=d.get(lang, ""),
                expectation=d.get("expectation"),
            )
            for d in deductions
        ],
        warnings=warnings,
        generated=Generated(when=now_iso(), version=__version__),
    )
