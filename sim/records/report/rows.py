"""The report's tables as rows of plain text, shared by every renderer (Markdown, HTML and the
Word document of :mod:`sim.records.paperwork.report_docx`), so each shows the same words and
the same numbers. Cells are plain text: each renderer escapes them for its own format.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.i18n import tr
from sim.records.account import safe_of_total
from sim.records.report.view import ExpectationView, ReportView, as_view, mmss
from sim.text import Lang

Row = list[str]


def seconds_text(lang: Lang, v: float | None) -> str:
    """A duration in whole seconds, or a dash."""
    if v is None:
        return "—"
    return tr("rpt_seconds", lang, value=round(v))


def overview_rows(rep: ReportView | Mapping[str, Any], lang: Lang) -> list[tuple[str, str]]:
    """The overview: unit, team, date, scenario, duration, session and engine."""
    o = as_view(rep).overview
    duration = "—" if o.duration_min is None else tr("rpt_minutes", lang, value=o.duration_min)
    return [
        (tr("col_unit", lang), o.unit or "—"),
        (tr("col_team", lang), o.team or "—"),
        (tr("rpt_date", lang), f"{o.date} {o.started}".strip() or "—"),
        (tr("col_scenario", lang), o.scenario.title),
        (tr("col_category", lang), o.category or "—"),
        (tr("rpt_drill_type", lang), o.drill_type),
        (tr("rpt_duration", lang), duration),
        (tr("rpt_sim_time", lang), mmss(o.sim_s)),
        (tr("plan_status", lang), o.status),
        (tr("col_session", lang), o.session),
        (tr("rpt_seed", lang), str(o.seed)),
        (tr("rpt_engine", lang), str(o.engine)),
    ]


def kpis(rep: ReportView | Mapping[str, Any], lang: Lang) -> list[tuple[str, str]]:
    """The six headline figures: total, grade, people safe, evacuation time, dead, injured."""
    v = as_view(rep)
    s, o = v.score, v.outcome
    total = "—" if s.total is None else f"{s.total:.1f}"
    facts = {f.key: f for f in o.account}

    def fact(key: str) -> tuple[str, str]:
        f = facts.get(key)
        return (f.label, f.text) if f else (tr(f"acct_{key}", lang), "—")

    return [
        (tr("rpt_total", lang), total),
        (tr("col_grade", lang), s.grade_label or "—"),
        (tr("acct_people_safe", lang), safe_of_total(o.model_dump())),
        (tr("rpt_evac_time", lang), mmss(o.evacuation_time_s)),
        fact("people_dead"),
        fact("people_injured"),
    ]


def category_rows(rep: ReportView) -> list[tuple[str, str, str, float, str]]:
    """Per score category: label, points, maximum, share (0..1, for a bar) and share in %."""
    return [
        (c.label, f"{c.points:.1f}", f"{c.max_points:.1f}", c.share, f"{c.share:.0%}")
        for c in rep.score.categories
    ]


def exp_times(x: ExpectationView | Mapping[str, Any]) -> Row:
    """When the expectation's clock started, its target and limit, and when it was done, all
    in drill time (seconds from the start of the incident, as m:ss)."""
    e = x if isinstance(x, ExpectationView) else ExpectationView.model_validate(dict(x))
    start = e.start_s
    timed = not e.harmful and start is not None
    return [
        mmss(start) if timed else "—",
        mmss(start + (e.target_s or 0.0)) if timed and start is not None else "—",
        mmss(start + (e.limit_s or 0.0)) if timed and start is not None else "—",
        mmss(e.done_at_s) if e.done_at_s is not None else "—",
    ]


def credit_text(x: ExpectationView) -> str:
    """An expectation's credit with two decimals, or a dash."""
    return f"{x.credit:.2f}" if x.credit is not None else "—"


def shown_expectations(rep: ReportView) -> list[ExpectationView]:
    """The expectations the report lists (those that applied to this drill)."""
    return [x for x in rep.expectations if x.status != "not_applicable"]


def exp_rows(rep: ReportView | Mapping[str, Any]) -> list[Row]:
    """The expectations table as text (the HTML report shows status and rating as pills)."""
    return [
        [
            x.title,
            x.category_label,
            x.status_label,
            *exp_times(x),
            credit_text(x),
            (x.rating or "") if not x.harmful else x.rating_label,
        ]
        for x in shown_expectations(as_view(rep))
    ]


def exp_head(lang: Lang) -> Row:
    return [
        tr("rpt_expectation", lang),
        tr("rpt_score_category", lang),
        tr("rpt_status_col", lang),
        tr("rpt_starts_at", lang),
        tr("rpt_target", lang),
        tr("rpt_limit", lang),
        tr("rpt_done_at", lang),
        tr("rpt_credit", lang),
        tr("rpt_rating", lang),
    ]


def plan_head(lang: Lang) -> Row:
    return [
        tr("rpt_capability", lang),
        tr("rpt_issue", lang),
        tr("plan_action", lang),
        tr("plan_responsible", lang),
        tr("rpt_start", lang),
        tr("rpt_due", lang),
        tr("plan_status", lang),
    ]


def plan_rows(rep: ReportView | Mapping[str, Any]) -> tuple[list[Row], bool]:
    """The improvement plan rows; True when they are suggestions (nothing entered yet)."""
    v = as_view(rep)
    if v.improvement_plan:
        return [
            [
                i.capability,
                i.issue,
                i.action,
                i.responsible,
                i.start_date,
                i.due_date,
                i.status_label,
            ]
            for i in v.improvement_plan
        ], False
    return [[s.capability, s.issue, "", "", "", "", ""] for s in v.suggested_issues], True


def outcome_rows(rep: ReportView | Mapping[str, Any], lang: Lang) -> list[tuple[str, str]]:
    """The outcome: the account's people and peaks, RSET and ASET, exposures, arrivals."""
    o = as_view(rep).outcome
    # the people and the peaks, as the debrief and the export show them (sim.records.account)
    rows = [(f.label, f.text) for f in o.account]
    rows += [
        (tr("rpt_rset", lang), seconds_text(lang, o.evacuation_time_s)),
        (tr("rpt_aset", lang), seconds_text(lang, o.aset_s)),
    ]
    if o.exposed_above:
        sep, colon = ("，", "：") if lang == "zh" else (", ", ": ")
        shown = sep.join(
            f"{o.exposed_labels.get(k, k)}{colon}{v}" for k, v in o.exposed_above.items()
        )
        rows.append((tr("rpt_exposed", lang), shown))
    if o.responders_arrived:
        shown = tr("rpt_list_sep", lang).join(
            tr("rpt_responder_at", lang, responder=x.responder, clock=mmss(x.t_s))
            for x in o.responders_arrived
        )
        rows.append((tr("rpt_responders", lang), shown))
    return rows


def footer_text(rep: ReportView, lang: Lang) -> str:
    """The last line: the version that wrote the report, when, and from which journal."""
    g = rep.generated
    return tr(
        "rpt_footer",
        lang,
        version=g.version,
        when=g.when[:16].replace("T", " "),
        journal=rep.overview.journal or rep.overview.session,
    )


def charted_expectations(rep: ReportView) -> list[ExpectationView]:
    """The expectations the timeline chart draws: those that applied, less the harmful acts
    that were avoided (nothing happened to draw)."""
    return [
        x
        for x in rep.expectations
        if x.status != "not_applicable" and (not x.harmful or x.status == "violated")
    ]


LOG_SCALE_RATIO = 100.0
"""The hazard chart uses a log scale when the highest level is this many times the first
threshold (a plume: thousands of ppm beside the source against an AEGL-1 of 30 ppm)."""


def hazard_scale(rep: ReportView) -> tuple[bool, float]:
    """Whether the hazard chart needs a log scale, and the level it is judged against: the
    first threshold, or the highest level where people were when there is none."""
    hz = rep.hazard
    samples = hz.samples or []
    first = [x.value for x in (hz.thresholds or [])[:1] if x.value > 0]
    ref = float(first[0]) if first else max([float(c) for _, _, c in samples] + [1e-9])
    top_site = max((float(b) for _, b, _ in samples), default=0.0)
    return top_site > LOG_SCALE_RATIO * ref, ref
