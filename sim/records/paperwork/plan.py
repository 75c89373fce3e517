"""Documents made from a scenario before the drill: the drill plan (演练方案), the sign-in
sheet (签到表) and the evaluator's form (评估表).

The plan has the parts AQ/T 9007-2019 (生产安全事故应急演练基本规范) 5.3 asks a drill plan to
have, filled from the scenario: purpose, scenario, roles and tasks, the inject timeline, the
expected actions, safety measures and the evaluation criteria. The evaluator's form follows
AQ/T 9009-2015 (生产安全事故应急演练评估规范) 6.2: one row per expected action with its
standard, blank columns for what the evaluator sees, the tabletop checklist of its Annex B
as the scenario lists it, and lines to sign.
"""

from __future__ import annotations

from typing import Any

from sim.i18n import category_label, grade_label, milestone_label, tr
from sim.records.paperwork.gbt9704 import SIZE_PT, OfficialDocument
from sim.records.report import mmss
from sim.scenario import Expectation, Scenario
from sim.text import Lang, localize

SIGN_IN_SPARE_ROWS = 6
"""Blank rows on the sign-in sheet beyond one per role (observers, evaluators)."""


def scenario_version(scenario: Scenario, sha256: str, lang: Lang) -> str:
    """The scenario's version as documents print it: format and file digest."""
    return tr("pw_version_value", lang, format=scenario.format, sha=sha256[:12] or "—")


def _meta_rows(scenario: Scenario, sha256: str, lang: Lang) -> list[tuple[str, str]]:
    return [
        (tr("pw_scenario_id", lang), scenario.id),
        (tr("pw_scenario_version", lang), scenario_version(scenario, sha256, lang)),
        (tr("col_category", lang), category_label(scenario.category, lang)),
        (tr("rpt_drill_type", lang), tr("drill_type_tabletop", lang)),
    ]


def event_label(ref: str, scenario: Scenario, lang: Lang) -> str:
    """An event reference ('action:<id>', 'milestone:<name>' …) in words."""
    kind, _, name = ref.partition(":")
    if kind == "action" and name in scenario.index.actions:
        return localize(scenario.index.actions[name].label, lang)
    if kind == "arrival" and name in scenario.index.responders:
        return localize(scenario.index.responders[name].name, lang)
    if kind == "inject":
        for inj in scenario.injects:
            if inj.id == name:
                text = localize(inj.text, lang)
                return text if len(text) <= 24 else text[:23] + "…"
    if kind == "milestone":
        return milestone_label(name, lang)
    return tr("ev_start", lang) if ref == "start" else ref


def standard_text(x: Expectation, scenario: Scenario, lang: Lang) -> str:
    """What an expectation asks, as the form and the plan print it."""
    if x.harmful:
        return tr("pw_standard_harmful", lang)
    text = tr("pw_standard_value", lang, target=mmss(x.target_s), limit=mmss(x.limit_s))
    if x.starts_on != "start":
        after = event_label(x.starts_on, scenario, lang)
        text = f"{after} → {text}" if lang == "zh" else f"after {after}: {text}"
    return text


def _inject_when(inj: Any, scenario: Scenario, lang: Lang) -> str:
    if inj.at_s is not None:
        return mmss(inj.at_s)
    name = event_label(str(inj.on or ""), scenario, lang)
    return tr("pw_plan_on_event", lang, event=name, delay=mmss(inj.delay_s))


def plan_docx(scenario: Scenario, lang: Lang, *, sha256: str = "") -> bytes:
    """The drill plan as a .docx file."""
    title = localize(scenario.title, lang)
    doc = OfficialDocument(lang, body_pt=SIZE_PT["4号"] if lang == "en" else None)
    key = "pw_plan_title_drill" if lang == "zh" and title.endswith("演练") else "pw_plan_title"
    doc.title(tr(key, lang, scenario=title), tr("pw_plan_sub", lang))
    doc.heading(tr("pw_plan_purpose", lang))
    doc.para(tr("pw_plan_purpose_text", lang, scenario=title))

    doc.heading(tr("pw_plan_scenario", lang))
    doc.para(localize(scenario.summary, lang))
    for paragraph in scenario.briefing:
        doc.para(localize(paragraph, lang))
    doc.heading(tr("pw_plan_overview", lang), 2)
    people = sum(g.count for g in scenario.population)
    w = scenario.weather
    rows = [
        *_meta_rows(scenario, sha256, lang),
        (tr("pw_plan_duration", lang), tr("rpt_minutes", lang, value=round(scenario.duration_s / 60))),
        (tr("pw_plan_start_clock", lang), scenario.start_clock),
        (tr("pw_plan_people", lang),
         tr("pw_plan_people_value", lang, count=people, groups=len(scenario.population))),
        (tr("pw_plan_weather", lang),
         localize(w.description, lang) or tr("pw_plan_weather_value", lang, deg=f"{w.wind_from_deg:g}",
                                             speed=f"{w.wind_speed_m_s:g}", temp=f"{w.temperature_c:g}")),
    ]  # fmt: skip
    if scenario.unit is not None:
        rows.insert(0, (tr("col_unit", lang), localize(scenario.unit, lang)))
    doc.kv_table(rows, key_mm=46)

    doc.heading(tr("pw_plan_roles", lang))
    sep = "；" if lang == "zh" else "; "
    role_rows = []
    for role in scenario.roles:
        tasks = "\n".join(f"{i}. {localize(c, lang)}" for i, c in enumerate(role.card, 1))
        acts = sep.join(
            localize(a.label, lang) for a in scenario.actions if not a.roles or role.id in a.roles
        )
        contacts = "\n".join(localize(c, lang) for c in role.contacts)
        role_rows.append([localize(role.name, lang), tasks, acts, contacts])
    width = doc.text_width_mm()
    doc.table(
        [tr("rpt_role", lang), tr("pw_plan_tasks", lang), tr("pw_plan_actions_of", lang),
         tr("pw_plan_contacts", lang)],
        role_rows, widths_mm=_zh(lang, [26, width - 26 - 38 - 34, 38, 34]), size_pt=SIZE_PT["5号"],
    )  # fmt: skip

    doc.heading(tr("pw_plan_injects", lang))
    names = {r.id: localize(r.name, lang) for r in scenario.roles}
    inj_rows = []
    for inj in sorted(scenario.injects, key=lambda i: (i.at_s is None, i.at_s or 0.0)):
        text = localize(inj.text, lang)
        if inj.prompt and inj.respond_within_s:
            text += tr("pw_plan_prompt", lang, within=mmss(inj.respond_within_s))
        to = names.get(inj.to or "", tr("everyone", lang))
        inj_rows.append([_inject_when(inj, scenario, lang), to, text])
    doc.table(
        [tr("pw_plan_at", lang), tr("pw_plan_to", lang), tr("pw_plan_inject", lang)],
        inj_rows, widths_mm=_zh(lang, [30, 30, width - 60]), size_pt=SIZE_PT["5号"],
    )  # fmt: skip

    doc.heading(tr("pw_plan_expected", lang))
    exp_rows = []
    for x in scenario.expectations:
        exp_rows.append(
            [
                localize(x.title, lang),
                tr(f"cat_{x.category}", lang),
                standard_text(x, scenario, lang),
                localize(x.rule, lang) or "—",
            ]
        )
    doc.table(
        [tr("pw_col_item", lang), tr("rpt_score_category", lang), tr("pw_col_standard", lang),
         tr("pw_plan_rule", lang)],
        exp_rows, size_pt=SIZE_PT["5号"],
    )  # fmt: skip

    doc.heading(tr("pw_plan_safety", lang))
    for item in tr("pw_plan_safety_items", lang).split("|"):
        doc.para(item)

    doc.heading(tr("pw_plan_criteria", lang))
    doc.para(tr("pw_plan_criteria_text", lang))
    weights = scenario.scoring.weights
    total = sum(
        getattr(weights, c) for c in ("reporting", "evacuation", "early_response", "outcome")
    )
    for cat in ("reporting", "evacuation", "early_response", "outcome"):
        points = 100.0 * getattr(weights, cat) / total if total else 0.0
        doc.para(tr("pw_plan_weight", lang, label=tr(f"cat_{cat}", lang), points=f"{points:.0f}"))
    doc.para(tr("pw_plan_grades", lang, bands=grade_bands(lang)))
    checklist = [localize(x.checklist, lang) for x in scenario.expectations if x.checklist]
    if checklist:
        doc.heading(tr("pw_plan_checklist", lang), 2)
        doc.bullets(checklist)
    if scenario.sources:
        doc.heading(tr("pw_plan_sources", lang))
        doc.bullets(list(scenario.sources))
    _made(doc, lang)
    return doc.to_bytes()


def _zh(lang: Lang, widths_mm: list[float]) -> list[float] | None:
    """Column widths set for Chinese; English words need the widths fitted to them."""
    return widths_mm if lang == "zh" else None


def grade_bands(lang: Lang) -> str:
    """The grade bands of the scoring as one phrase (优 ≥ 90、良 ≥ 75 …)."""
    from sim.scoring import GRADE_BANDS

    sep = "、" if lang == "zh" else ", "
    bands = []
    for floor, grade, _ in GRADE_BANDS:
        label = grade_label(grade, lang)
        bands.append(f"{label} ≥ {floor:g}" if floor > 0 else f"{label} < {GRADE_BANDS[-2][0]:g}")
    return sep.join(bands)


def _made(doc: OfficialDocument, lang: Lang) -> None:
    from sim import __version__
    from sim.records.paths import now_iso

    doc.para(
        tr("pw_made_by", lang, version=__version__, when=now_iso()[:16].replace("T", " ")),
        indent=False, size_pt=SIZE_PT["5号"], align="right",
    )  # fmt: skip


def forms_docx(scenario: Scenario, lang: Lang, *, sha256: str = "") -> bytes:
    """The sign-in sheet and the evaluator's form, one after the other, as a .docx file."""
    title = localize(scenario.title, lang)
    doc = OfficialDocument(lang, body_pt=SIZE_PT["4号"])
    width = doc.text_width_mm()
    colon = "：" if lang == "zh" else ": "
    blank = "_" * 24

    # The sign-in sheet.
    doc.title(tr("pw_signin_title", lang))
    doc.para(f"{tr('pw_drill_name', lang)}{colon}{title}", indent=False)
    doc.para(f"{tr('pw_drill_time', lang)}{colon}{blank}    "
             f"{tr('pw_drill_place', lang)}{colon}{blank}", indent=False)  # fmt: skip
    doc.para(f"{tr('pw_organiser', lang)}{colon}{blank}", indent=False)
    roles = [localize(r.name, lang) for r in scenario.roles]
    rows = [[str(i), "", "", role, "", "", ""] for i, role in enumerate(roles, 1)]
    rows += [
        [str(i), "", "", "", "", "", ""]
        for i in range(len(rows) + 1, len(rows) + SIGN_IN_SPARE_ROWS + 1)
    ]
    doc.table(
        [tr(k, lang) for k in ("col_no", "rpt_name", "pw_col_dept", "pw_col_role",
                               "pw_col_phone", "pw_col_time", "pw_col_sign")],
        rows, widths_mm=_zh(lang, [12, 22, 26, width - 12 - 22 - 26 - 28 - 18 - 26, 28, 18, 26]),
        row_height_mm=10, size_pt=SIZE_PT["5号"],
    )  # fmt: skip
    doc.para(
        f"{tr('pw_scenario_id', lang)}{colon}{scenario.id}    "
        f"{tr('pw_scenario_version', lang)}{colon}{scenario_version(scenario, sha256, lang)}",
        indent=False, size_pt=SIZE_PT["5号"],
    )  # fmt: skip
    doc.page_break()

    # The evaluator's form.
    doc.title(tr("pw_eval_title", lang), tr("pw_eval_sub", lang))
    doc.kv_table(
        [(tr("pw_drill_name", lang), title), *_meta_rows(scenario, sha256, lang),
         (tr("pw_drill_time", lang), ""), (tr("pw_drill_place", lang), ""),
         (tr("pw_organiser", lang), "")],
        key_mm=36,
    )  # fmt: skip
    doc.heading(tr("pw_eval_items", lang))
    rows = []
    for i, x in enumerate(scenario.expectations, 1):
        rows.append([str(i), localize(x.title, lang), tr(f"cat_{x.category}", lang),
                     standard_text(x, scenario, lang), "", "", "", ""])  # fmt: skip
    doc.table(
        [tr(k, lang) for k in ("col_no", "pw_col_item", "rpt_score_category", "pw_col_standard",
                               "pw_col_done", "pw_col_time_done", "col_score", "pw_col_remarks")],
        rows, widths_mm=_zh(lang, [9, width - 9 - 16 - 34 - 14 - 15 - 12 - 26, 16, 34, 14, 15, 12, 26]),
        row_height_mm=11, size_pt=SIZE_PT["5号"],
    )  # fmt: skip
    checklist = [localize(x.checklist, lang) for x in scenario.expectations if x.checklist]
    if checklist:
        doc.heading(tr("pw_eval_checklist", lang))
        doc.table(
            [tr("col_no", lang), tr("rpt_item", lang), tr("pw_col_yes", lang),
             tr("pw_col_no_answer", lang), tr("pw_col_remarks", lang)],
            [[str(i), item, "□", "□", ""] for i, item in enumerate(checklist, 1)],
            widths_mm=_zh(lang, [9, width - 9 - 10 - 10 - 30, 10, 10, 30]), size_pt=SIZE_PT["5号"],
        )  # fmt: skip
    doc.heading(tr("pw_eval_overall", lang))
    doc.para(tr("pw_eval_grade_line", lang), indent=False)
    doc.para(f"{tr('pw_eval_problems', lang)}{colon}", indent=False)
    for _ in range(4):
        doc.para("_" * 44, indent=False)
    doc.signatures(
        [tr("pw_evaluator", lang), tr("pw_leader", lang)], date_label=tr("pw_date", lang)
    )
    return doc.to_bytes()
