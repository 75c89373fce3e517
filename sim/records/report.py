"""The after-action report and improvement plan (AAR/IP) of a drill, following HSEEP's AAR/IP
and the summary phase of AQ/T 9009-2015, in zh or en.

Contents: an overview (unit, team, date, scenario, participants and roles); results by
category and by expectation; the timeline (each expectation's target and limit windows
against when it was done, and the key events); the outcome with the evacuation curve and
the hazard over time; HSEEP P/S/M/U ratings; the AQ/T 9009 checklist; strengths and areas
for improvement; evaluator notes; and the improvement-plan table, which the evaluator fills
in at the debrief (stored in the history).

:func:`gather` collects what a report needs for a session (from the history and a replay
of its journal); :func:`build_report` turns it into one language-specific JSON object, which
:func:`to_markdown` and :func:`to_html` render. The HTML page is self-contained: inline CSS
and inline SVG charts, no scripts, no external fonts or images.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.records.account import account, level_text, safe_of_total
from sim.records.history import History, Improvement, Note, Participant
from sim.records.strings import (
    RecordsError,
    category_label,
    grade_label,
    milestone_label,
    t,
)
from sim.safetext import html, markdown
from sim.scenario import Scenario
from sim.text import Lang, Text, localize

REPORT_FORMAT = 1

LOG_SCALE_RATIO = 100.0
"""The hazard chart uses a log scale when the highest level is this many times the first
threshold (a plume: thousands of ppm beside the source against an AEGL-1 of 30 ppm)."""

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


@dataclass
class ReportInput:
    """Everything a report is made from."""

    session: str
    scenario_id: str
    result: dict[str, Any]
    scenario: Scenario | None = None
    scenario_title: dict[str, str] = field(default_factory=dict)
    scenario_category: str = ""
    unit: str = ""
    team: str = ""
    participants: list[Participant] = field(default_factory=list)
    started: str = ""
    ended: str | None = None
    duration_s: float | None = None
    seed: int | None = None
    engine: str = ""
    finished: bool = True
    journal: str = ""
    hazard: list[tuple[float, float, float]] | None = None
    """(t_s, highest anywhere, highest where people are); None when no replay was possible."""
    thresholds: list[tuple[Text, float]] = field(default_factory=list)
    hazard_unit: str = ""
    hazard_model: str = ""
    refusals: list[dict[str, str]] = field(default_factory=list)
    """Why each refused action was refused, in log order, in zh and en."""
    notes: list[Note] = field(default_factory=list)
    improvements: list[Improvement] = field(default_factory=list)
    warnings: list[RecordsError] = field(default_factory=list)


# --- gathering ----------------------------------------------------------------------------------


def _hazard_every(duration_s: float) -> float:
    return max(5.0, duration_s / 240.0)


def from_replay(rp: Any, history: History | None = None) -> ReportInput:
    """A report input from a replayed journal (:class:`sim.records.journal.Replay`), with
    the notes and improvement plan of the session if the history holds it."""
    h = rp.header
    drill = rp.drill
    inp = ReportInput(
        session=h.session,
        scenario_id=h.scenario_id,
        result=rp.result(),
        scenario=drill.scenario,
        scenario_title=dict(h.scenario_title),
        scenario_category=h.scenario_category,
        unit=h.unit,
        team=h.team,
        participants=list(h.participants),
        started=h.started,
        ended=str((rp.read.end or {}).get("wall") or "") or None,
        duration_s=(rp.read.end or {}).get("active_s", rp.read.active_s),
        seed=h.seed,
        engine=h.engine,
        finished=rp.read.finished,
        journal=str(rp.read.path),
        hazard=[(s.t_s, s.site_max, s.occupied_max) for s in rp.hazard],
        thresholds=[(th.label, th.value) for th in drill.hazard.thresholds()],
        hazard_unit=drill.hazard.unit,
        hazard_model=drill.scenario.hazard.model,
        refusals=[
            i.reason for i in rp.read.inputs if i.op == "act" and i.accepted is False and i.reason
        ],
    )
    if history is not None:
        try:
            if history.has_session(h.session):
                inp.notes = history.notes(h.session)
                inp.improvements = history.improvements(h.session)
                rec = history.session(h.session)
                inp.ended = inp.ended or rec.ended
                inp.duration_s = rec.duration_s if rec.duration_s is not None else inp.duration_s
        except RecordsError as exc:
            inp.warnings.append(exc)
    return inp


def gather(session: str, *, history: History | None = None, force: bool = False) -> ReportInput:
    """A report input for a session: an id (or unique prefix) in the history, or a journal
    path. The result comes from the history when the drill ended; the hazard curve and the
    reasons for refusals come from a replay of the journal (skipped, with a warning, when
    the journal is gone or its scenario changed)."""
    from sim.records.journal import find_journal, replay

    history = history or History()
    rec = None
    looks_like_path = session.endswith(".jsonl") or "/" in session or "\\" in session
    if not looks_like_path:
        try:
            rec = history.session(session)
        except RecordsError as exc:
            if exc.key != "err_no_session":
                raise
    journal: Path | None = None
    if rec is not None and rec.journal and Path(rec.journal).is_file():
        journal = Path(rec.journal)
    elif rec is None:
        journal = find_journal(session)
    warnings: list[RecordsError] = []
    rp = None
    if journal is not None:
        try:
            from sim.records.journal import read_journal

            read = read_journal(journal)
            duration = _duration_of(read)
            rp = replay(journal, force=force, hazard_every_s=_hazard_every(duration), read=read)
        except RecordsError as exc:
            if rec is None:
                raise
            warnings.append(exc)
    if rp is not None:
        inp = from_replay(rp, history)
        if rec is not None:
            stored = history.result(rec.id)
            if stored is not None:
                inp.result = stored
            inp.duration_s = rec.duration_s if rec.duration_s is not None else inp.duration_s
            inp.ended = rec.ended or inp.ended
        inp.warnings = warnings + inp.warnings
        return inp
    assert rec is not None
    result = history.result(rec.id)
    if result is None:
        raise RecordsError("err_no_journal", path=rec.journal or rec.id)
    scenario = _try_scenario(rec.scenario_id)
    return ReportInput(
        session=rec.id,
        scenario_id=rec.scenario_id,
        result=result,
        scenario=scenario,
        scenario_title=rec.scenario_title,
        scenario_category=rec.scenario_category,
        unit=rec.unit,
        team=rec.team,
        participants=rec.participants,
        started=rec.started,
        ended=rec.ended,
        duration_s=rec.duration_s,
        seed=rec.seed,
        engine=rec.engine,
        finished=rec.status == "finished",
        journal=rec.journal,
        hazard=None,
        hazard_model=scenario.hazard.model if scenario else "",
        notes=history.notes(rec.id),
        improvements=history.improvements(rec.id),
        warnings=warnings,
    )


def _duration_of(read: Any) -> float:
    from sim.records.journal import locate_scenario

    path = locate_scenario(read.header)
    if path is None:
        return 1800.0
    from sim.loader import check_file

    checked = check_file(path)
    return checked.scenario.duration_s if checked.scenario else 1800.0


def _try_scenario(scenario_id: str) -> Scenario | None:
    from sim.catalog import resolve
    from sim.loader import check_file

    path = resolve(scenario_id)
    if path is None:
        return None
    checked = check_file(path)
    return checked.scenario


# --- formatting helpers ---------------------------------------------------------------------------


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


def _secs(lang: Lang, v: float | None) -> str:
    if v is None:
        return "—"
    return t("rpt_seconds", lang, value=round(v))


class _Names:
    """Scenario names for ids, in one language (ids when the scenario is not available)."""

    def __init__(self, scenario: Scenario | None, lang: Lang) -> None:
        self.sc = scenario
        self.lang = lang

    def _text(self, text: Text | None, fallback: str) -> str:
        return localize(text, self.lang) if text is not None else fallback

    def role(self, rid: Any) -> str:
        if self.sc is None or rid not in self.sc.index.roles:
            return str(rid or "")
        return self._text(self.sc.index.roles[rid].name, str(rid))

    def action(self, aid: Any) -> str:
        if self.sc is None or aid not in self.sc.index.actions:
            return str(aid)
        return self._text(self.sc.index.actions[aid].label, str(aid))

    def node(self, nid: Any) -> str:
        if self.sc is None or nid not in self.sc.index.nodes:
            return str(nid)
        return self._text(self.sc.index.nodes[nid].name, str(nid))

    def responder(self, rid: Any) -> str:
        if self.sc is None or rid not in self.sc.index.responders:
            return str(rid)
        return self._text(self.sc.index.responders[rid].name, str(rid))

    def inject(self, iid: Any) -> str:
        if self.sc is not None:
            for inj in self.sc.injects:
                if inj.id == iid:
                    return localize(inj.text, self.lang)
        return str(iid)

    def expectation(self, eid: str) -> str:
        if self.sc is not None:
            for x in self.sc.expectations:
                if x.id == eid:
                    return localize(x.title, self.lang)
        return eid

    def value(self, aid: Any, param: str, value: Any) -> str:
        """A parameter's value as the form shows it."""
        spec = None
        if self.sc is not None and aid in self.sc.index.actions:
            spec = self.sc.index.actions[aid].params.get(param)
        if isinstance(value, list):
            return ("、" if self.lang == "zh" else ", ").join(
                self.value(aid, param, v) for v in value
            )
        if spec is not None:
            for c in spec.choices:
                if c.value == value:
                    return localize(c.label, self.lang)
            if spec.type == "node":
                return self.node(value)
            if spec.type == "bool" and isinstance(value, bool):
                return t("yes" if value else "no", self.lang)
            if spec.unit and isinstance(value, (int, float)):
                return f"{value:g} {spec.unit}"
        if self.sc is not None and isinstance(value, str) and value in self.sc.index.nodes:
            return self.node(value)
        if self.sc is not None and isinstance(value, str) and value in self.sc.index.responders:
            return self.responder(value)
        return str(value)

    def chosen(self, aid: Any, params: dict[str, Any]) -> dict[str, Any]:
        """The parameters the team chose (fixed ones are implied by the action's label)."""
        if self.sc is None or aid not in self.sc.index.actions:
            return params
        action = self.sc.index.actions[aid]
        return {k: v for k, v in params.items() if k not in action.fixed}

    def param_name(self, aid: Any, param: str) -> str:
        if self.sc is not None and aid in self.sc.index.actions:
            spec = self.sc.index.actions[aid].params.get(param)
            if spec is not None:
                return localize(spec.label, self.lang)
        return param


def describe(e: dict[str, Any], names: _Names, refusals: Iterator[dict[str, str]]) -> str | None:
    """One event of the log as a line of the report's timeline (None: not shown)."""
    lang = names.lang
    kind = e.get("kind")
    if kind == "start":
        return t("ev_start", lang)
    if kind == "end":
        return t("ev_end", lang)
    if kind == "inject":
        text = names.inject(e.get("id"))
        if e.get("to"):
            return t("ev_inject_to", lang, role=names.role(e["to"]), text=text)
        return t("ev_inject", lang, text=text)
    if kind == "facilitator":
        return t("ev_facilitator", lang, text=str(e.get("text", "")))
    if kind == "action":
        aid = e.get("id")
        params = names.chosen(aid, e.get("params") or {})
        sep = "；" if lang == "zh" else "; "
        colon = "：" if lang == "zh" else ": "
        shown = sep.join(
            f"{names.param_name(aid, k)}{colon}{names.value(aid, k, v)}" for k, v in params.items()
        )
        extra = (f"（{shown}）" if lang == "zh" else f" ({shown})") if shown else ""
        return t(
            "ev_action", lang, role=names.role(e.get("by")), action=names.action(aid), params=extra
        )
    if kind == "refused":
        reason = next(refusals, None)
        role, action = names.role(e.get("by")), names.action(e.get("action"))
        if reason:
            return t("ev_refused", lang, role=role, action=action, reason=reason.get(lang, ""))
        return t("ev_refused_plain", lang, role=role, action=action)
    if kind == "milestone":
        return t("ev_milestone", lang, name=milestone_label(str(e.get("name")), lang))
    if kind == "dispatch":
        return t("ev_dispatch", lang, responder=names.responder(e.get("responder")))
    if kind == "arrival":
        key = "ev_arrival" if e.get("guided", True) else "ev_arrival_lost"
        return t(key, lang, responder=names.responder(e.get("responder")))
    if kind == "report":
        return t(
            "ev_report", lang, action=names.action(e.get("id")), count=len(e.get("elements") or [])
        )
    if kind == "headcount":
        return t(
            "ev_headcount",
            lang,
            expected=e.get("expected", "?"),
            present=e.get("present", "?"),
            missing=e.get("missing", "?"),
        )
    if kind == "harm":
        outcome = t(
            "ev_harm_casualty" if e.get("outcome") == "casualty" else "ev_harm_injured", lang
        )
        return t("ev_harm", lang, people=e.get("people", "?"), outcome=outcome)
    if kind == "alarm_silenced":
        return t("ev_alarm_silenced", lang, people=e.get("people", "?"))
    if kind == "sent_back":
        return t("ev_sent_back", lang, people=e.get("people", "?"), to=names.node(e.get("to")))
    if kind == "structure_disturbed":
        return t("ev_structure_disturbed", lang)
    if kind == "overcome":
        return t("ev_overcome", lang, people=e.get("people", "?"))
    if kind == "action_failed":
        return t(
            "ev_action_failed", lang, role=names.role(e.get("by")), action=names.action(e.get("id"))
        )
    if kind == "unsafe":
        return t("ev_unsafe", lang, role=names.role(e.get("by")))
    if kind == "untenable":
        nodes = [names.node(n) for n in (e.get("nodes") or [])]
        more = len(nodes) - 4
        shown = ("、" if lang == "zh" else ", ").join(nodes[:4]) + (f" +{more}" if more > 0 else "")
        return t("ev_untenable", lang, nodes=shown)
    if kind == "prompt_expired":
        return t("ev_prompt_expired", lang, inject=names.inject(e.get("inject")))
    if kind == "control":
        action = str(e.get("action"))
        if action in ("pause", "resume", "end"):
            return t(f"ev_control_{action}", lang)
        if action == "speed":
            return t("ev_control_speed", lang, speed=e.get("speed"))
        return t("ev_control", lang, action=action)
    if kind == "rescued":
        return t("ev_rescued", lang, where=names.node(e.get("node")))
    if kind == "source_isolated":
        return t("ev_source_isolated", lang)
    if kind == "explosion":
        return t("ev_explosion", lang)
    return None


# --- the report object ---------------------------------------------------------------------------


def build_report(inp: ReportInput, lang: Lang) -> dict[str, Any]:
    """The report as one JSON object in ``lang`` (what the md and html formats render)."""
    from sim import __version__
    from sim.records.paths import now_iso

    names = _Names(inp.scenario, lang)
    r = inp.result
    score = r.get("score") or {}
    outcome = r.get("outcome") or {}
    duration_s = (
        inp.scenario.duration_s
        if inp.scenario
        else max((float(e["t_s"]) for e in r.get("events", [])), default=0.0)
    )
    start_clock = inp.scenario.start_clock if inp.scenario else "00:00"
    titles = (
        {x.id: names.expectation(x.id) for x in inp.scenario.expectations} if inp.scenario else {}
    )

    def title_of(eid: str) -> str:
        return titles.get(eid, eid)

    categories = []
    for cat in CATEGORY_ORDER:
        v = (score.get("categories") or {}).get(cat)
        if v is None:
            continue
        categories.append(
            {
                "id": cat,
                "label": t(f"cat_{cat}", lang),
                "points": round(float(v["points"]), 1),
                "max_points": round(float(v["max_points"]), 1),
                "share": round(float(v["score"]), 4),
            }
        )
    expectations = []
    for x in r.get("expectations", []):
        expectations.append(
            {
                "id": x["id"],
                "title": title_of(x["id"]),
                "category": x["category"],
                "category_label": t(f"cat_{x['category']}", lang)
                if x["category"] in CATEGORY_ORDER
                else x["category"],
                "status": x["status"],
                "status_label": t(f"status_{x['status']}", lang),
                "start_s": x.get("start_s"),
                "done_at_s": x.get("done_at_s"),
                "target_s": x.get("target_s"),
                "limit_s": x.get("limit_s"),
                "credit": x.get("credit"),
                "rating": x.get("rating"),
                "rating_label": _rating_label(x, lang),
                "harmful": bool(x.get("harmful")),
            }
        )
    by_exp = {x["id"]: x for x in expectations}
    refusals = iter(inp.refusals)
    timeline = []
    for e in r.get("events", []):
        if e.get("kind") not in TIMELINE_KINDS:
            continue
        text = describe(e, names, refusals)
        if text is None:
            continue
        timeline.append(
            {
                "t_s": e["t_s"],
                "time": mmss(e["t_s"]),
                "clock": clock_at(start_clock, float(e["t_s"])),
                "kind": e["kind"],
                "text": text,
            }
        )
    # Strengths are the tasks rated P (performed without challenges), and nothing else: not
    # an expectation met in time but incomplete, not a harmful act that did not happen.
    strengths = [
        t(
            "rpt_strength_met",
            lang,
            title=x["title"],
            elapsed=mmss(x["done_at_s"] - (x["start_s"] or 0.0)),
            target=mmss(x["target_s"]),
        )
        for x in expectations
        if x["rating"] == "P" and not x["harmful"] and x["done_at_s"] is not None
    ]
    areas = [d.get(lang, "") for d in r.get("deductions", [])]
    suggested = [
        {
            "capability": t(f"cat_{d['category']}", lang)
            if d.get("category") in CATEGORY_ORDER
            else str(d.get("category", "")),
            "issue": d.get(lang, ""),
            "expectation": d.get("expectation"),
        }
        for d in r.get("deductions", [])
    ]
    participants = [
        {"name": p.name, "role": p.role, "role_name": names.role(p.role) if p.role else ""}
        for p in inp.participants
    ]
    hazard: dict[str, Any]
    if inp.hazard_model in ("", "none") and inp.scenario is not None:
        hazard = {"available": False, "reason": t("rpt_hazard_none", lang)}
    elif inp.hazard is None:
        hazard = {"available": False, "reason": t("rpt_hazard_missing", lang)}
    else:
        hazard = {
            "available": True,
            "unit": inp.hazard_unit,
            "thresholds": [{"label": localize(lbl, lang), "value": v} for lbl, v in inp.thresholds],
            "samples": [[round(a, 3), round(b, 6), round(c, 6)] for a, b, c in inp.hazard],
        }
    title = inp.scenario_title.get(lang) or inp.scenario_id
    if inp.scenario is not None:
        title = localize(inp.scenario.title, lang)
    warnings = [w.render(lang) for w in inp.warnings]
    if not inp.finished:
        last = max((float(e["t_s"]) for e in r.get("events", [])), default=0.0)
        warnings.insert(0, t("rpt_unfinished", lang, clock=clock_at(start_clock, last)))
    return {
        "format": REPORT_FORMAT,
        "lang": lang,
        "title": t("rpt_title", lang),
        "subtitle": t("rpt_subtitle", lang),
        "overview": {
            "session": inp.session,
            "unit": inp.unit,
            "team": inp.team,
            "date": inp.started[:10],
            "started": inp.started[11:16],
            "ended": inp.ended,
            "duration_min": None if inp.duration_s is None else round(inp.duration_s / 60.0, 1),
            "sim_s": duration_s,
            "scenario": {"id": inp.scenario_id, "title": title},
            "category": category_label(inp.scenario_category, lang),
            "drill_type": t("drill_type_tabletop", lang),
            "seed": inp.seed,
            "engine": inp.engine,
            "status": t("status_finished" if inp.finished else "status_running", lang),
            "finished": inp.finished,
            "journal": inp.journal,
            "participants": participants,
            "start_clock": start_clock,
        },
        "score": {
            "total": score.get("total"),
            "grade": score.get("grade"),
            "grade_label": grade_label(score.get("grade"), lang),
            "penalties": score.get("penalties", 0),
            "categories": categories,
        },
        "expectations": expectations,
        "timeline": timeline,
        "outcome": {
            "people": outcome.get("people") or {},
            "people_walking": outcome.get("people_walking"),
            "evacuation_time_s": outcome.get("evacuation_time_s"),
            "aset_s": outcome.get("aset_s"),
            "casualties": outcome.get("casualties"),
            "injured": outcome.get("injured"),
            "exposed_above": outcome.get("exposed_above") or {},
            "hazard_unit": outcome.get("hazard_unit", ""),
            "peak": outcome.get("peak") or {},
            "peak_on_site": outcome.get("peak_on_site") or {},
            "team": outcome.get("team") or {},
            "account": [
                {"key": f.key, "label": f.label, "value": f.value, "text": f.text}
                for f in account(outcome, lang, names.node)
            ],
            "responders_arrived": [
                {"responder": names.responder(k), "t_s": v}
                for k, v in (outcome.get("responders_arrived_s") or {}).items()
            ],
            "evacuation_curve": outcome.get("evacuation_curve") or [],
        },
        "hazard": hazard,
        "ratings": [
            {
                "expectation": x["expectation"],
                "task": (x.get("task") or {}).get(lang) or title_of(x["expectation"]),
                "title": title_of(x["expectation"]),
                "rating": x["rating"],
                "harmful": bool(by_exp.get(x["expectation"], {}).get("harmful")),
                "act": _act(by_exp.get(x["expectation"])),
                "rating_label": _rating_label(
                    by_exp.get(x["expectation"]) or {"rating": x["rating"]}, lang
                ),
            }
            for x in r.get("ratings", [])
        ],
        "checklist": [_checklist_entry(c, lang) for c in r.get("checklist", [])],
        "strengths": strengths,
        "areas": areas,
        "notes": [
            {"id": n.id, "author": n.author, "text": n.text, "created": n.created}
            for n in inp.notes
        ],
        "improvement_plan": [
            {**i.to_json(), "status_label": t(f"improvement_{i.status}", lang)}
            for i in inp.improvements
        ],
        "suggested_issues": suggested,
        "warnings": warnings,
        "generated": {"when": now_iso(), "version": __version__},
    }


def _rating_label(x: dict[str, Any], lang: Lang) -> str:
    """An expectation's HSEEP rating as written; a harmful action is not a task to rate, so
    it reads "avoided" or "committed"."""
    if x.get("harmful"):
        return t(f"status_{x.get('status')}", lang)
    return t(f"rating_{x.get('rating')}", lang)


def _act(x: dict[str, Any] | None) -> str | None:
    """For a harmful action: "avoided" or "committed"; None for a task."""
    if not x or not x.get("harmful"):
        return None
    return "committed" if x.get("status") == "violated" else "avoided"


def _checklist_entry(c: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """A checklist answer in one language: yes, partial or no, and why it is not yes."""
    status = str(c.get("status") or ("yes" if c.get("yes") else "no"))
    return {
        "id": c.get("id"),
        "item": (c.get("item") or {}).get(lang, ""),
        "status": status,
        "status_label": t(f"check_{status}", lang),
        "yes": status == "yes",
        "reasons": [str(x.get(lang, "")) for x in c.get("reasons") or []],
    }


def to_json(report: dict[str, Any]) -> str:
    """The report as JSON text."""
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


# --- Markdown ------------------------------------------------------------------------------------


def _md(text: Any) -> str:
    return markdown(text)


def _md_table(head: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    out = ["| " + " | ".join(_md(h) for h in head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def _overview_rows(rep: dict[str, Any], lang: Lang) -> list[tuple[str, str]]:
    o = rep["overview"]
    duration = "—" if o["duration_min"] is None else t("rpt_minutes", lang, value=o["duration_min"])
    return [
        (t("rpt_unit", lang), o["unit"] or "—"),
        (t("rpt_team", lang), o["team"] or "—"),
        (t("rpt_date", lang), f"{o['date']} {o['started']}".strip() or "—"),
        (t("rpt_scenario", lang), o["scenario"]["title"]),
        (t("rpt_category", lang), o["category"] or "—"),
        (t("rpt_drill_type", lang), o["drill_type"]),
        (t("rpt_duration", lang), duration),
        (t("rpt_sim_time", lang), mmss(o["sim_s"])),
        (t("rpt_status", lang), o["status"]),
        (t("rpt_session", lang), o["session"]),
        (t("rpt_seed", lang), str(o["seed"])),
        (t("rpt_engine", lang), str(o["engine"])),
    ]


def _kpis(rep: dict[str, Any], lang: Lang) -> list[tuple[str, str]]:
    s, o = rep["score"], rep["outcome"]
    total = "—" if s["total"] is None else f"{s['total']:.1f}"
    facts = {f["key"]: f for f in o.get("account") or []}

    def fact(key: str) -> tuple[str, str]:
        f = facts.get(key)
        return (f["label"], f["text"]) if f else (t(f"acct_{key}", lang), "—")

    return [
        (t("rpt_total", lang), total),
        (t("rpt_grade", lang), s["grade_label"] or "—"),
        (t("acct_people_safe", lang), safe_of_total(o)),
        (t("rpt_evac_time", lang), mmss(o.get("evacuation_time_s"))),
        fact("people_dead"),
        fact("people_injured"),
    ]


def _exp_times(x: dict[str, Any]) -> list[str]:
    """When the expectation's clock started, its target and limit, and when it was done, all
    in drill time (seconds from the start of the incident, as m:ss)."""
    start = x["start_s"]
    timed = not x["harmful"] and start is not None
    return [
        mmss(start) if timed else "—",
        mmss(start + x["target_s"]) if timed else "—",
        mmss(start + x["limit_s"]) if timed else "—",
        mmss(x["done_at_s"]) if x["done_at_s"] is not None else "—",
    ]


def _exp_rows(rep: dict[str, Any]) -> list[list[Any]]:
    return [
        [
            x["title"],
            x["category_label"],
            x["status_label"],
            *_exp_times(x),
            f"{x['credit']:.2f}" if x["credit"] is not None else "—",
            x["rating"] if not x["harmful"] else x["rating_label"],
        ]
        for x in rep["expectations"]
        if x["status"] != "not_applicable"
    ]


def _exp_head(lang: Lang) -> list[str]:
    return [
        t("rpt_expectation", lang),
        t("rpt_score_category", lang),
        t("rpt_status_col", lang),
        t("rpt_starts_at", lang),
        t("rpt_target", lang),
        t("rpt_limit", lang),
        t("rpt_done_at", lang),
        t("rpt_credit", lang),
        t("rpt_rating", lang),
    ]


def _plan_head(lang: Lang) -> list[str]:
    return [
        t("rpt_capability", lang),
        t("rpt_issue", lang),
        t("rpt_action", lang),
        t("rpt_responsible", lang),
        t("rpt_start", lang),
        t("rpt_due", lang),
        t("rpt_item_status", lang),
    ]


def _plan_rows(rep: dict[str, Any]) -> tuple[list[list[str]], bool]:
    """The improvement plan rows; True when they are suggestions (nothing entered yet)."""
    items = rep["improvement_plan"]
    if items:
        return [
            [
                i["capability"],
                i["issue"],
                i["action"],
                i["responsible"],
                i["start_date"],
                i["due_date"],
                i["status_label"],
            ]
            for i in items
        ], False
    return [
        [s["capability"], s["issue"], "", "", "", "", ""] for s in rep["suggested_issues"]
    ], True


def _outcome_rows(rep: dict[str, Any], lang: Lang) -> list[tuple[str, str]]:
    o = rep["outcome"]
    # the people and the peaks, as the debrief and the export show them (sim.records.account)
    rows = [(f["label"], f["text"]) for f in o.get("account") or []]
    rows += [
        (t("rpt_rset", lang), _secs(lang, o.get("evacuation_time_s"))),
        (t("rpt_aset", lang), _secs(lang, o.get("aset_s"))),
    ]
    if o.get("exposed_above"):
        shown = ", ".join(f"{k}: {v}" for k, v in o["exposed_above"].items())
        rows.append((t("rpt_exposed", lang), shown))
    if o.get("responders_arrived"):
        shown = ", ".join(f"{x['responder']} {mmss(x['t_s'])}" for x in o["responders_arrived"])
        rows.append((t("rpt_responders", lang), shown))
    return rows


def to_markdown(rep: dict[str, Any]) -> str:
    """The report as Markdown (the charts are in the HTML report)."""
    lang: Lang = "zh" if rep["lang"] == "zh" else "en"
    out: list[str] = [f"# {_md(rep['title'])}", "", f"*{_md(rep['subtitle'])}*", ""]
    for w in rep["warnings"]:
        out += [f"> **{t('rpt_warning', lang)}:** {_md(w)}", ""]
    out += [f"## {t('rpt_overview', lang)}", ""]
    out += _md_table(["", ""], _overview_rows(rep, lang))
    out += [f"### {t('rpt_participants', lang)}", ""]
    parts = rep["overview"]["participants"]
    if parts:
        out += _md_table(
            [t("rpt_name", lang), t("rpt_role", lang)],
            [[p["name"], p["role_name"] or p["role"]] for p in parts],
        )
    else:
        out += [t("rpt_no_participants", lang), ""]
    out += [f"## {t('rpt_summary', lang)}", ""]
    out += _md_table([k for k, _ in _kpis(rep, lang)], [[v for _, v in _kpis(rep, lang)]])
    out += [f"### {t('rpt_by_category', lang)}", ""]
    out += _md_table(
        [t("rpt_score_category", lang), t("rpt_points", lang), t("rpt_max_points", lang), t("rpt_share", lang)],
        [[c["label"], f"{c['points']:.1f}", f"{c['max_points']:.1f}", f"{c['share']:.0%}"] for c in rep["score"]["categories"]],
    )  # fmt: skip
    out += [f"## {t('rpt_by_expectation', lang)}", ""]
    out += _md_table(_exp_head(lang), _exp_rows(rep))
    out += [f"*{t('rpt_times_note', lang)}*", ""]
    out += [f"## {t('rpt_timeline', lang)}", "", f"### {t('rpt_events', lang)}", ""]
    out += _md_table(
        [t("rpt_sim_s", lang), t("rpt_clock", lang), t("rpt_event", lang)],
        [[e["time"], e["clock"], e["text"]] for e in rep["timeline"]],
    )
    out += [f"## {t('rpt_outcome', lang)}", ""]
    out += _md_table(["", ""], _outcome_rows(rep, lang))
    out += [f"## {t('rpt_ratings', lang)}", ""]
    out += _md_table(
        [t("rpt_task", lang), t("rpt_expectation", lang), t("rpt_rating", lang)],
        [[x["task"], x["title"], x["rating_label"]] for x in rep["ratings"]],
    )
    out += [f"## {t('rpt_checklist', lang)}", ""]
    if rep["checklist"]:
        sep = "；" if lang == "zh" else "; "
        out += _md_table(
            [t("rpt_item", lang), t("rpt_answer", lang), t("rpt_why", lang)],
            [[c["item"], c["status_label"], sep.join(c["reasons"])] for c in rep["checklist"]],
        )
    else:
        out += [t("rpt_checklist_none", lang), ""]
    out += [f"## {t('rpt_analysis', lang)}", "", f"### {t('rpt_strengths', lang)}", ""]
    out += [f"- {_md(s)}" for s in rep["strengths"]] or [t("rpt_no_strengths", lang)]
    out += ["", f"### {t('rpt_areas', lang)}", ""]
    out += [f"- {_md(a)}" for a in rep["areas"]] or [t("rpt_no_areas", lang)]
    out += ["", f"## {t('rpt_notes', lang)}", ""]
    if rep["notes"]:
        out += [
            f"- {_md(n['text'])}" + (f" —— {_md(n['author'])}" if n["author"] else "")
            for n in rep["notes"]
        ]
    else:
        out += [t("rpt_no_notes", lang)]
    out += ["", f"## {t('rpt_plan', lang)}", ""]
    rows, suggested = _plan_rows(rep)
    if suggested:
        out += [f"*{t('rpt_plan_hint', lang)}*", ""]
    out += _md_table(_plan_head(lang), rows)
    g = rep["generated"]
    out += [
        "---",
        "",
        t("rpt_footer", lang, version=g["version"], when=g["when"][:16].replace("T", " "), journal=_md(rep["overview"]["journal"] or rep["overview"]["session"])),
        "",
    ]  # fmt: skip
    return "\n".join(out)


# --- HTML ------------------------------------------------------------------------------------------

CSS = """
*{box-sizing:border-box}
html{background:#eef1f5}
body{margin:0;padding:32px 16px;color:#1f2933;font-size:14px;line-height:1.55;
font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',
'Helvetica Neue',Arial,sans-serif}
.page{max-width:1000px;margin:0 auto;background:#fff;border-radius:6px;
box-shadow:0 2px 12px rgba(15,23,42,.08);overflow:hidden}
header.top{background:#1e3a5f;color:#fff;padding:28px 40px 22px;border-bottom:5px solid #d97706}
header.top h1{margin:0 0 4px;font-size:26px;letter-spacing:.02em}
header.top .sub{opacity:.85;font-size:13px}
header.top .scenario{margin-top:14px;font-size:18px;font-weight:600}
header.top .meta{margin-top:4px;font-size:13px;opacity:.9}
main{padding:8px 40px 32px}
section{margin-top:26px;page-break-inside:avoid}
h2{font-size:18px;color:#1e3a5f;border-bottom:2px solid #e5e7eb;padding-bottom:6px;margin:0 0 12px}
h3{font-size:15px;color:#374151;margin:18px 0 8px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #e5e7eb;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f1f5f9;color:#334155;font-weight:600;white-space:nowrap}
tbody tr:nth-child(even) td{background:#fafbfc}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.t{white-space:nowrap;font-variant-numeric:tabular-nums;color:#475569}
table.kv th{width:22%;background:#f8fafc}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:18px}
.kpis{display:grid;grid-template-columns:repeat(6,1fr);gap:10px;margin:6px 0 14px}
.kpi{border:1px solid #e5e7eb;border-radius:6px;padding:10px 12px;background:#f8fafc}
.kpi .v{font-size:22px;font-weight:700;color:#1e3a5f;font-variant-numeric:tabular-nums}
.kpi .k{font-size:12px;color:#64748b}
.kpi.grade .v{color:#d97706}
.bar{height:8px;background:#e5e7eb;border-radius:4px;overflow:hidden;min-width:80px}
.bar i{display:block;height:100%;background:#1e3a5f}
.pill{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;white-space:nowrap;
border:1px solid transparent}
.s-met,.s-avoided,.r-P,.yes{background:#dcfce7;color:#166534;border-color:#bbf7d0}
.s-late,.r-S,.partial{background:#fef3c7;color:#92400e;border-color:#fde68a}
.r-M{background:#ffedd5;color:#9a3412;border-color:#fed7aa}
.s-missed,.s-violated,.r-U,.no{background:#fee2e2;color:#991b1b;border-color:#fecaca}
.s-not_applicable{background:#f1f5f9;color:#64748b}
.chart{border:1px solid #e5e7eb;border-radius:6px;padding:10px 10px 4px;margin:8px 0 4px}
.caption{font-size:12px;color:#64748b;margin:2px 0 10px}
.warn{background:#fff7ed;border-left:4px solid #d97706;padding:8px 12px;margin:16px 0 0;
font-size:13px}
ul.list{margin:0;padding-left:20px}
ul.list li{margin:3px 0}
.muted{color:#64748b}
.plan td{height:34px}
.plan td:nth-child(n+5){white-space:nowrap}
.plan th:nth-child(1){width:11%}.plan th:nth-child(2),.plan th:nth-child(3){width:27%}
footer{padding:14px 40px 22px;font-size:12px;color:#64748b;border-top:1px solid #e5e7eb}
@media print{html,body{background:#fff;padding:0}.page{box-shadow:none;border-radius:0}
header.top{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
@media (max-width:760px){.kpis{grid-template-columns:repeat(3,1fr)}.grid2{grid-template-columns:1fr}}
"""


def _h(x: Any) -> str:
    return html(x)


def _table(
    head: Sequence[str], rows: Sequence[Sequence[str]], cls: str = "", num: Sequence[int] = ()
) -> str:
    """A table; cells are already HTML."""
    th = "".join(
        f'<th class="num">{h}</th>' if i in num else f"<th>{h}</th>" for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>" + "".join(f'<td class="num">{c}</td>' if i in num else f"<td>{c}</td>" for i, c in enumerate(r)) + "</tr>"
        for r in rows
    )  # fmt: skip
    c = f' class="{cls}"' if cls else ""
    return f"<table{c}><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _kv(rows: Sequence[tuple[str, str]]) -> str:
    return (
        '<table class="kv"><tbody>'
        + "".join(f"<tr><th>{_h(k)}</th><td>{_h(v)}</td></tr>" for k, v in rows)
        + "</tbody></table>"
    )


def _charts(rep: dict[str, Any], lang: Lang) -> dict[str, str]:
    from sim.records import svg

    o = rep["overview"]
    duration = float(o["sim_s"] or 1.0)
    rows = [
        svg.TimelineRow(
            label=x["title"],
            start_s=x["start_s"],
            target_s=float(x["target_s"] or 0.0),
            limit_s=float(x["limit_s"] or 0.0),
            done_s=x["done_at_s"],
            status=x["status"],
            credit=float(x["credit"] or 0.0),
            harmful=x["harmful"],
        )
        for x in rep["expectations"]
        if x["status"] != "not_applicable" and (not x["harmful"] or x["status"] == "violated")
    ]
    charts = {
        "timeline": svg.timeline_chart(
            rows,
            duration,
            axis_label=t("rpt_axis_time", lang),
            legend=(
                t("rpt_legend_target", lang),
                t("rpt_legend_limit", lang),
                t("rpt_legend_done", lang),
                t("rpt_legend_missed", lang),
            ),
            title=t("rpt_timeline_chart", lang),
        )
    }
    out = rep["outcome"]
    curve = [(float(a), float(b)) for a, b in out.get("evacuation_curve") or []]
    walking = float(out.get("people_walking") or 0)
    markers = []
    if out.get("evacuation_time_s") is not None:
        markers.append(
            svg.Marker(
                f"RSET {mmss(out['evacuation_time_s'])}", svg.BLUE, at_s=out["evacuation_time_s"]
            )
        )
    if out.get("aset_s") is not None:
        markers.append(svg.Marker(f"ASET {mmss(out['aset_s'])}", svg.RED, at_s=out["aset_s"]))
    if walking:
        markers.append(
            svg.Marker(f"{t('rpt_walkers', lang)} {int(walking)}", svg.MUTED, value=walking)
        )
    charts["evacuation"] = svg.line_chart(
        [
            svg.Series(
                [(0.0, 0.0), *curve], svg.GREEN, t("rpt_people_safe", lang), step=True, fill=True
            )
        ],
        duration,
        title=t("rpt_evac_curve", lang),
        x_label=t("rpt_axis_time", lang),
        y_label=t("rpt_axis_people", lang),
        markers=markers,
        y_max=max(walking, 1.0) * 1.08,
    )
    hz = rep["hazard"]
    if hz.get("available"):
        samples = hz["samples"]
        site = [(float(a), float(b)) for a, b, _ in samples]
        occ = [(float(a), float(c)) for a, _, c in samples]
        th = [
            svg.Marker(str(x["label"]), svg.AMBER, value=float(x["value"]))
            for x in hz["thresholds"]
        ]
        # the peak where people were, when it happened, named and valued as in the account
        peak = out.get("peak") or {}
        fact = next((f for f in out.get("account") or [] if f["key"] == "peak"), None)
        if fact is not None and peak.get("t_s") is not None:
            level = f"{level_text(float(peak['level']))} {peak.get('unit') or ''}".strip()
            th.append(svg.Marker(f"{fact['label']} {level}", svg.RED, at_s=float(peak["t_s"])))
        top_site = max((v for _, v in site), default=0.0)
        first = [x["value"] for x in hz["thresholds"][:1] if x["value"] > 0]
        ref = first[0] if first else max([v for _, v in occ] + [1e-9])
        log = top_site > LOG_SCALE_RATIO * ref
        unit = hz.get("unit") or ""
        charts["hazard"] = svg.line_chart(
            [
                svg.Series(site, svg.MUTED, t("rpt_hazard_site", lang), dashed=True),
                svg.Series(occ, svg.RED, t("rpt_hazard_occupied", lang)),
            ],
            duration,
            title=t("rpt_hazard_curve", lang),
            x_label=t("rpt_axis_time", lang),
            y_label=unit + (" (log)" if log else ""),
            markers=th,
            log=log,
        )
    return charts


def _rating_class(x: dict[str, Any]) -> str:
    if x.get("act") == "committed":
        return "s-violated"
    if x.get("act") == "avoided":
        return "s-avoided"
    return "r-" + _h(x["rating"])


def to_html(rep: dict[str, Any]) -> str:
    """The report as one self-contained HTML page with SVG charts."""
    lang: Lang = "zh" if rep["lang"] == "zh" else "en"
    o, s = rep["overview"], rep["score"]
    charts = _charts(rep, lang)
    parts: list[str] = []
    meta = " · ".join(
        x for x in (o["unit"], o["team"], f"{o['date']} {o['started']}".strip(), o["category"]) if x
    )
    parts.append(
        f'<header class="top"><h1>{_h(rep["title"])}</h1><div class="sub">{_h(rep["subtitle"])}</div>'
        f'<div class="scenario">{_h(o["scenario"]["title"])}</div><div class="meta">{_h(meta)}</div></header>'
    )
    parts.append("<main>")
    for w in rep["warnings"]:
        parts.append(
            f'<div class="warn"><b>{_h(t("rpt_warning", lang))}：</b>{_h(w)}</div>'
            if lang == "zh"
            else f'<div class="warn"><b>{_h(t("rpt_warning", lang))}:</b> {_h(w)}</div>'
        )
    # 1 overview
    plist = o["participants"]
    ptable = (
        _table(
            [_h(t("rpt_name", lang)), _h(t("rpt_role", lang))],
            [[_h(p["name"]), _h(p["role_name"] or p["role"])] for p in plist],
        )
        if plist
        else f'<p class="muted">{_h(t("rpt_no_participants", lang))}</p>'
    )
    parts.append(
        f'<section><h2>{_h(t("rpt_overview", lang))}</h2><div class="grid2"><div>{_kv(_overview_rows(rep, lang))}</div>'
        f'<div><h3 style="margin-top:0">{_h(t("rpt_participants", lang))}</h3>{ptable}</div></div></section>'
    )
    # 2 results
    kpis = "".join(
        f'<div class="kpi{" grade" if i == 1 else ""}"><div class="v">{_h(v)}</div><div class="k">{_h(k)}</div></div>'
        for i, (k, v) in enumerate(_kpis(rep, lang))
    )
    cat_rows = [
        [
            _h(c["label"]),
            f"{c['points']:.1f}",
            f"{c['max_points']:.1f}",
            f'<div class="bar"><i style="width:{max(0.0, min(1.0, c["share"])) * 100:.0f}%"></i></div>',
            f"{c['share']:.0%}",
        ]
        for c in s["categories"]
    ]
    parts.append(
        f'<section><h2>{_h(t("rpt_summary", lang))}</h2><div class="kpis">{kpis}</div>'
        f"<h3>{_h(t('rpt_by_category', lang))}</h3>"
        + _table(
            [
                _h(t("rpt_score_category", lang)),
                _h(t("rpt_points", lang)),
                _h(t("rpt_max_points", lang)),
                "",
                _h(t("rpt_share", lang)),
            ],
            cat_rows,
            num=(1, 2, 4),
        )
        + "</section>"
    )
    # 3 expectations
    exp_rows = []
    for x in rep["expectations"]:
        if x["status"] == "not_applicable":
            continue
        rating = (
            f'<span class="pill s-{_h(x["status"])}">{_h(x["rating_label"])}</span>'
            if x["harmful"]
            else f'<span class="pill r-{_h(x["rating"])}">{_h(x["rating"])}</span>'
        )
        exp_rows.append(
            [
                _h(x["title"]),
                _h(x["category_label"]),
                f'<span class="pill s-{_h(x["status"])}">{_h(x["status_label"])}</span>',
                *_exp_times(x),
                f"{x['credit']:.2f}" if x["credit"] is not None else "—",
                rating,
            ]
        )
    parts.append(
        f"<section><h2>{_h(t('rpt_by_expectation', lang))}</h2>"
        + _table([_h(h) for h in _exp_head(lang)], exp_rows, num=(3, 4, 5, 6, 7))
        + f'<p class="caption">{_h(t("rpt_times_note", lang))}</p></section>'
    )
    # 4 timeline
    ev_rows = [
        [
            f'<span class="t">{_h(e["time"])}</span>',
            f'<span class="t">{_h(e["clock"])}</span>',
            _h(e["text"]),
        ]
        for e in rep["timeline"]
    ]
    parts.append(
        f"<section><h2>{_h(t('rpt_timeline', lang))}</h2>"
        f'<div class="chart">{charts["timeline"]}</div><div class="caption">{_h(t("rpt_timeline_chart", lang))}</div>'
        f"<h3>{_h(t('rpt_events', lang))}</h3>"
        + _table(
            [_h(t("rpt_sim_s", lang)), _h(t("rpt_clock", lang)), _h(t("rpt_event", lang))], ev_rows
        )
        + "</section>"
    )
    # 5 outcome
    hz = rep["hazard"]
    hazard_html = (
        f'<div class="chart">{charts["hazard"]}</div><div class="caption">{_h(t("rpt_hazard_curve", lang))}'
        f"{' (' + _h(hz.get('unit')) + ')' if hz.get('unit') else ''}</div>"
        if "hazard" in charts
        else f'<p class="muted">{_h(hz.get("reason", ""))}</p>'
    )
    parts.append(
        f"<section><h2>{_h(t('rpt_outcome', lang))}</h2>{_kv(_outcome_rows(rep, lang))}"
        f'<h3>{_h(t("rpt_evac_curve", lang))}</h3><div class="chart">{charts["evacuation"]}</div>'
        f"<h3>{_h(t('rpt_hazard_curve', lang))}</h3>{hazard_html}</section>"
    )
    # 6 ratings, 7 checklist
    rating_rows = [
        [
            _h(x["task"]),
            _h(x["title"]),
            f'<span class="pill {_rating_class(x)}">{_h(x["rating_label"])}</span>',
        ]
        for x in rep["ratings"]
    ]
    check_rows = [
        [
            _h(c["item"]),
            f'<span class="pill {_h(c["status"])}">{_h(c["status_label"])}</span>',
            "<br>".join(_h(x) for x in c["reasons"]),
        ]
        for c in rep["checklist"]
    ]
    checklist_html = (
        _table(
            [_h(t("rpt_item", lang)), _h(t("rpt_answer", lang)), _h(t("rpt_why", lang))],
            check_rows,
        )
        if check_rows
        else f'<p class="muted">{_h(t("rpt_checklist_none", lang))}</p>'
    )
    parts.append(
        f"<section><h2>{_h(t('rpt_ratings', lang))}</h2>"
        + _table(
            [_h(t("rpt_task", lang)), _h(t("rpt_expectation", lang)), _h(t("rpt_rating", lang))],
            rating_rows,
        )
        + f"</section><section><h2>{_h(t('rpt_checklist', lang))}</h2>{checklist_html}</section>"
    )
    # 8 strengths and areas
    strengths = (
        "".join(f"<li>{_h(x)}</li>" for x in rep["strengths"])
        or f'<li class="muted">{_h(t("rpt_no_strengths", lang))}</li>'
    )
    areas = (
        "".join(f"<li>{_h(x)}</li>" for x in rep["areas"])
        or f'<li class="muted">{_h(t("rpt_no_areas", lang))}</li>'
    )
    parts.append(
        f"<section><h2>{_h(t('rpt_analysis', lang))}</h2>"
        f'<h3>{_h(t("rpt_strengths", lang))}</h3><ul class="list">{strengths}</ul>'
        f'<h3>{_h(t("rpt_areas", lang))}</h3><ul class="list">{areas}</ul></section>'
    )
    # 9 notes
    notes = (
        "".join(
            f"<li>{_h(n['text'])}"
            + (f' <span class="muted">—— {_h(n["author"])}</span>' if n["author"] else "")
            + "</li>"
            for n in rep["notes"]
        )
        or f'<li class="muted">{_h(t("rpt_no_notes", lang))}</li>'
    )
    parts.append(
        f'<section><h2>{_h(t("rpt_notes", lang))}</h2><ul class="list">{notes}</ul></section>'
    )
    # 10 plan
    rows, suggested = _plan_rows(rep)
    hint = f'<p class="caption">{_h(t("rpt_plan_hint", lang))}</p>' if suggested else ""
    parts.append(
        f"<section><h2>{_h(t('rpt_plan', lang))}</h2>{hint}"
        + _table([_h(h) for h in _plan_head(lang)], [[_h(c) for c in r] for r in rows], cls="plan")
        + "</section>"
    )
    parts.append("</main>")
    g = rep["generated"]
    footer = t(
        "rpt_footer",
        lang,
        version=g["version"],
        when=g["when"][:16].replace("T", " "),
        journal=o["journal"] or o["session"],
    )
    parts.append(f"<footer>{_h(footer)}</footer>")
    html_lang = "zh-CN" if lang == "zh" else "en"
    title = f"{rep['title']} — {o['scenario']['title']}"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_h(title)}</title><style>{CSS}</style></head>"
        f'<body><div class="page">{"".join(parts)}</div></body></html>\n'
    )


def render(rep: dict[str, Any], fmt: str) -> str:
    """The report in a format: md, html or json."""
    if fmt == "md":
        return to_markdown(rep)
    if fmt == "html":
        return to_html(rep)
    return to_json(rep)
