"""The drill's summary and evaluation report (演练总结评估报告) as a Word document.

The same view-model as the Markdown and HTML reports (:class:`sim.records.report.ReportView`)
and the same table rows (:mod:`sim.records.report.rows`), the same sections in the same
order (AQ/T 9009-2015 summary phase, HSEEP AAR/IP), in the GB/T 9704 layout of
:mod:`.gbt9704`, with the charts as PNG images (:mod:`.charts`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.i18n import tr
from sim.linebreak import tidy_zh
from sim.records.paperwork import charts
from sim.records.paperwork.gbt9704 import SIZE_PT, OfficialDocument
from sim.records.report import ReportView, as_view
from sim.records.report import rows as rr


def report_docx(report: ReportView | Mapping[str, Any]) -> bytes:
    """The report (its view-model, or its JSON object) as a .docx file."""
    rep = as_view(report)
    lang = rep.lang
    o = rep.overview
    doc = OfficialDocument(lang, body_pt=SIZE_PT["4号"] if lang == "en" else None)
    doc.title(rep.title, o.scenario.title)
    meta = " · ".join(x for x in (o.unit, o.team, f"{o.date} {o.started}".strip()) if x)
    if meta:
        doc.para(meta, indent=False, align="center", size_pt=SIZE_PT["4号"])
    colon = "：" if lang == "zh" else ": "
    for w in rep.warnings:
        doc.para(f"{tr('rpt_warning', lang)}{colon}{w}", bold=True)

    doc.heading(tr("rpt_overview", lang))
    doc.kv_table(rr.overview_rows(rep, lang))
    doc.heading(tr("rpt_participants", lang), 2)
    if o.participants:
        doc.table(
            [tr("rpt_name", lang), tr("rpt_role", lang)],
            [[p.name, p.role_name or p.role] for p in o.participants],
        )
    else:
        doc.para(tr("rpt_no_participants", lang))

    doc.heading(tr("rpt_summary", lang))
    kpis = rr.kpis(rep, lang)
    doc.table([k for k, _ in kpis], [[v for _, v in kpis]], size_pt=SIZE_PT["5号"])
    doc.heading(tr("rpt_by_category", lang), 2)
    doc.table(
        [
            tr("rpt_score_category", lang),
            tr("rpt_points", lang),
            tr("rpt_max_points", lang),
            tr("rpt_share", lang),
        ],
        [[label, points, top, pct] for label, points, top, _, pct in rr.category_rows(rep)],
    )

    doc.heading(tr("rpt_by_expectation", lang))
    doc.table(rr.exp_head(lang), rr.exp_rows(rep), size_pt=SIZE_PT["5号"])

    doc.heading(tr("rpt_timeline", lang))
    doc.picture(charts.timeline_png(rep, lang), caption=tr("rpt_timeline_chart", lang))
    doc.heading(tr("rpt_events", lang), 2)
    doc.table(
        [tr("rpt_sim_s", lang), tr("rpt_clock", lang), tr("rpt_event", lang)],
        [[e.time, e.clock, e.text] for e in rep.timeline],
        widths_mm=[18, 22, doc.text_width_mm() - 40],
        size_pt=SIZE_PT["5号"],
    )

    doc.heading(tr("rpt_outcome", lang))
    doc.kv_table(rr.outcome_rows(rep, lang))
    doc.heading(tr("rpt_evac_curve", lang), 2)
    doc.picture(charts.evacuation_png(rep, lang), caption=tr("rpt_evac_curve", lang))
    doc.heading(tr("rpt_hazard_curve", lang), 2)
    hazard = charts.hazard_png(rep, lang)
    if hazard is not None:
        unit = rep.hazard.unit or ""
        caption = tr("rpt_hazard_curve", lang) + (f" ({unit})" if unit else "")
        doc.picture(hazard, caption=caption)
    else:
        doc.para(rep.hazard.reason or "")

    doc.heading(tr("rpt_ratings", lang))
    doc.table(
        [tr("col_task", lang), tr("rpt_expectation", lang), tr("rpt_rating", lang)],
        [[x.task, x.title, x.rating_label] for x in rep.ratings],
        size_pt=SIZE_PT["5号"],
    )
    doc.heading(tr("rpt_checklist", lang))
    if rep.checklist:
        doc.table(
            [tr("rpt_item", lang), tr("rpt_answer", lang)],
            [[c.item, tr("yes" if c.yes else "no", lang)] for c in rep.checklist],
            widths_mm=[doc.text_width_mm() - 24, 24],
            size_pt=SIZE_PT["5号"],
        )
    else:
        doc.para(tr("rpt_checklist_none", lang))

    doc.heading(tr("rpt_analysis", lang))
    doc.heading(tr("rpt_strengths", lang), 2)
    doc.bullets(rep.strengths, empty=tr("rpt_no_strengths", lang))
    doc.heading(tr("rpt_areas", lang), 2)
    doc.bullets(rep.areas, empty=tr("rpt_no_areas", lang))

    doc.heading(tr("rpt_notes", lang))
    doc.bullets(
        [n.text + (f" —— {n.author}" if n.author else "") for n in rep.notes],
        empty=tr("rpt_no_notes", lang),
    )

    doc.heading(tr("rpt_plan", lang))
    rows, suggested = rr.plan_rows(rep)
    if suggested:
        doc.para(tr("rpt_plan_hint", lang), size_pt=SIZE_PT["小4"])
    doc.table(rr.plan_head(lang), rows, size_pt=SIZE_PT["5号"], row_height_mm=10)

    doc.para(rr.footer_text(rep, lang), indent=False, size_pt=SIZE_PT["5号"])
    if lang == "zh":
        _typeset(doc.doc)
    return doc.to_bytes()


def _typeset(document: Any) -> None:
    """Every run of the document as Chinese is set: no space between a number and a Han
    character (sim.linebreak.tidy_zh), so that Word never breaks "5 层" between lines."""

    def paragraphs(container: Any) -> Any:
        yield from container.paragraphs
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from paragraphs(cell)

    for paragraph in paragraphs(document):
        for run in paragraph.runs:
            tidied = tidy_zh(run.text)
            if tidied != run.text:
                run.text = tidied
