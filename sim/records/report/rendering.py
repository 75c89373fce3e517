"""The report rendered from its view-model: Markdown and HTML from Jinja2 templates
(``sim/records/templates``), JSON as the view-model's serialisation.

Escaping belongs to the template environments, never to a template or a caller: in HTML
every value is made terminal-safe (control and bidi characters shown as symbols,
:func:`sim.safetext.terminal`) and then escaped by Jinja2's autoescape; in Markdown every
value goes through :func:`sim.safetext.markdown`. Only the SVG charts, which
:mod:`sim.records.svg` writes with its own escaping, enter a template as markup. The HTML page
is self-contained: inline CSS and inline SVG, no scripts, no external fonts or images.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from sim.i18n import tr
from sim.records.account import level_text
from sim.records.report import rows
from sim.records.report.view import ReportView, as_view, mmss
from sim.safetext import markdown, terminal
from sim.text import Lang


def _html_value(value: Any) -> Any:
    """Every ``{{ value }}`` of the HTML template: markup as it is; anything else as terminal-safe
    text, which autoescape then escapes."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return terminal(value, multiline=True)


def _md_value(value: Any) -> Markup:
    """Every ``{{ value }}`` of the Markdown template, escaped for Markdown (and marked as done,
    so autoescape leaves it alone)."""
    if isinstance(value, Markup):
        return value
    return Markup(markdown(value))


@cache
def environment(fmt: str) -> Environment:
    """The template environment of a format: ``html`` or ``md``."""
    return Environment(
        loader=PackageLoader("sim.records", "templates"),
        autoescape=True,
        finalize=_html_value if fmt == "html" else _md_value,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def _context(rep: ReportView) -> dict[str, Any]:
    """What both templates are given: the view, the language and the shared rows."""
    lang: Lang = rep.lang

    def say(key: str, **kwargs: Any) -> str:
        return tr(key, lang, **kwargs)

    plan, suggested = rows.plan_rows(rep)
    return {
        "rep": rep,
        "lang": lang,
        "t": say,
        "overview_rows": rows.overview_rows(rep, lang),
        "kpis": rows.kpis(rep, lang),
        "exp_head": rows.exp_head(lang),
        "outcome_rows": rows.outcome_rows(rep, lang),
        "plan_head": rows.plan_head(lang),
        "plan": plan,
        "plan_suggested": suggested,
        "footer": rows.footer_text(rep, lang),
    }


def to_markdown(rep: ReportView | Mapping[str, Any]) -> str:
    """The report as Markdown (the charts are in the HTML report)."""
    view = as_view(rep)
    lang = view.lang
    ctx = _context(view)
    kpis = ctx["kpis"]
    sep = "；" if lang == "zh" else "; "
    return (
        environment("md")
        .get_template("report.md")
        .render(
            **ctx,
            participants=[[p.name, p.role_name or p.role] for p in view.overview.participants],
            kpi_head=[k for k, _ in kpis],
            kpi_values=[v for _, v in kpis],
            categories=[[c[0], c[1], c[2], c[4]] for c in rows.category_rows(view)],
            exp_rows=rows.exp_rows(view),
            timeline=[[e.time, e.clock, e.text] for e in view.timeline],
            ratings=[[x.task, x.title, x.rating_label] for x in view.ratings],
            checklist=[[c.item, c.status_label, sep.join(c.reasons)] for c in view.checklist],
        )
    )


def to_html(rep: ReportView | Mapping[str, Any]) -> str:
    """The report as one self-contained HTML page with SVG charts."""
    view = as_view(rep)
    o = view.overview
    meta = " · ".join(x for x in (o.unit, o.team, f"{o.date} {o.started}".strip(), o.category) if x)
    return (
        environment("html")
        .get_template("report.html")
        .render(
            **_context(view),
            meta=meta,
            charts=charts(view),
            categories=[
                (label, points, top, f"{max(0.0, min(1.0, share)) * 100:.0f}%", pct)
                for label, points, top, share, pct in rows.category_rows(view)
            ],
            expectations=[
                (x, rows.exp_times(x), rows.credit_text(x)) for x in rows.shown_expectations(view)
            ],
        )
    )


def to_json(rep: ReportView | Mapping[str, Any]) -> str:
    """The report as JSON text."""
    data = rep.to_json() if isinstance(rep, ReportView) else rep
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render(rep: ReportView | Mapping[str, Any], fmt: str) -> str:
    """The report in a format: md, html or json."""
    if fmt == "md":
        return to_markdown(rep)
    if fmt == "html":
        return to_html(rep)
    return to_json(rep)


def charts(rep: ReportView) -> dict[str, Markup]:
    """The report's SVG charts: the expectations' timeline, the evacuation curve and, when the
    hazard was sampled, the hazard over time."""
    from sim.records import svg

    lang = rep.lang
    duration = float(rep.overview.sim_s or 1.0)
    timeline_rows = [
        svg.TimelineRow(
            label=x.title,
            start_s=x.start_s,
            target_s=float(x.target_s or 0.0),
            limit_s=float(x.limit_s or 0.0),
            done_s=x.done_at_s,
            status=x.status,
            credit=float(x.credit or 0.0),
            harmful=x.harmful,
        )
        for x in rows.charted_expectations(rep)
    ]
    out = {
        "timeline": svg.timeline_chart(
            timeline_rows,
            duration,
            axis_label=tr("rpt_axis_time", lang),
            legend=(
                tr("rpt_legend_target", lang),
                tr("rpt_legend_limit", lang),
                tr("rpt_legend_done", lang),
                tr("rpt_legend_missed", lang),
            ),
            title=tr("rpt_timeline_chart", lang),
        )
    }
    o = rep.outcome
    curve = [(float(a), float(b)) for a, b in o.evacuation_curve]
    walking = float(o.people_walking or 0)
    markers = []
    if o.evacuation_time_s is not None:
        markers.append(
            svg.Marker(f"RSET {mmss(o.evacuation_time_s)}", svg.BLUE, at_s=o.evacuation_time_s)
        )
    if o.aset_s is not None:
        markers.append(svg.Marker(f"ASET {mmss(o.aset_s)}", svg.RED, at_s=o.aset_s))
    if walking:
        markers.append(
            svg.Marker(f"{tr('rpt_walkers', lang)} {int(walking)}", svg.MUTED, value=walking)
        )
    out["evacuation"] = svg.line_chart(
        [
            svg.Series(
                [(0.0, 0.0), *curve], svg.GREEN, tr("rpt_people_safe", lang), step=True, fill=True
            )
        ],
        duration,
        title=tr("rpt_evac_curve", lang),
        x_label=tr("rpt_axis_time", lang),
        y_label=tr("rpt_axis_people", lang),
        markers=markers,
        y_max=max(walking, 1.0) * 1.08,
    )
    hz = rep.hazard
    if hz.available:
        samples = hz.samples or []
        site = [(float(a), float(b)) for a, b, _ in samples]
        occ = [(float(a), float(c)) for a, _, c in samples]
        thresholds = hz.thresholds or []
        th = [svg.Marker(x.label, svg.AMBER, value=float(x.value)) for x in thresholds]
        # the peak where people were, when it happened, named and valued as in the account
        peak = o.peak
        fact = next((f for f in o.account if f.key == "peak"), None)
        if fact is not None and peak.get("t_s") is not None:
            level = f"{level_text(float(peak['level']))} {peak.get('unit') or ''}".strip()
            th.append(svg.Marker(f"{fact.label} {level}", svg.RED, at_s=float(peak["t_s"])))
        log, _ = rows.hazard_scale(rep)
        unit = hz.unit or ""
        out["hazard"] = svg.line_chart(
            [
                svg.Series(site, svg.MUTED, tr("rpt_hazard_site", lang), dashed=True),
                svg.Series(occ, svg.RED, tr("rpt_hazard_occupied", lang)),
            ],
            duration,
            title=tr("rpt_hazard_curve", lang),
            x_label=tr("rpt_axis_time", lang),
            y_label=unit + (" (log)" if log else ""),
            markers=th,
            log=log,
        )
    # written, and escaped, by sim.records.svg
    return {k: Markup(v) for k, v in out.items()}
