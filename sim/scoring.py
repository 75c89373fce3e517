"""Scoring: a pure function of the scenario and the event log.

- Each expectation earns credit 1 when it is done within ``target_s`` of its starting
  event, falling linearly to 0 at ``limit_s``; 0 when missed. Failed parameter checks
  multiply the credit by their factor. A report's credit scales with the Decree 493 report
  elements it carries (Decree 493 (2007), Art. 12).
- Harmful actions (expectations with ``harmful: true``) subtract their penalty from the
  total when they happen.
- Categories (reporting 信息报告, evacuation 疏散撤离, early response 先期处置) average
  their expectations by weight; the outcome category is measured by the simulation
  (people not out, casualties, exposures above thresholds, RSET against ASET, escalation).
- The total (0–100) is the weighted mean of the categories less the penalties; grades follow
  the bands 优 ≥ 90, 良 ≥ 75, 一般 ≥ 60, 差 < 60 (an enterprise tabletop-drill scoring form).
- Every deduction explains itself in one sentence in zh and en, naming its rule.
- Derived ratings: HSEEP P/S/M/U per task, and the AQ/T 9009-2015 Annex B yes/no checklist.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from sim.events import parse_event_ref
from sim.hazards.levels import SERIOUS_TIER, level_by_tier
from sim.i18n import Joined, Phrase, Sentence, has, label
from sim.scenario import REPORT_ELEMENTS, ChecklistItem, Expectation, ParamCheck, Scenario
from sim.text import Text

GRADE_BANDS: tuple[tuple[float, str, str], ...] = (
    (90.0, "优", "grade_excellent"),
    (75.0, "良", "grade_good"),
    (60.0, "一般", "grade_fair"),
    (0.0, "差", "grade_poor"),
)
"""Tabletop-drill grade bands (enterprise tabletop-drill scoring practice; docs/scenarios.md)."""

CATEGORIES: tuple[str, ...] = ("reporting", "evacuation", "early_response", "outcome")

CORE_REPORT_ELEMENTS: tuple[str, ...] = tuple(e for e in REPORT_ELEMENTS if e != "other")
"""Elements a report must carry by default: the five of Decree 493 Art. 12 before 'other'."""

OUTCOME_COSTS = {
    "casualty": 1.0,
    "injured": 0.5,
    "exposed_fraction": 0.9,
    "not_safe_fraction": 0.9,
    "escalation": 0.6,
    "aset": 0.4,
}
"""How much of the outcome category each finding can cost: casualties and injured people
(scaled by :func:`harm_share`), the share of the population exposed above the harm
threshold and of the walkers still not safe, an escalation, and RSET exceeding ASET.
The findings combine as the product of what each leaves (:func:`_outcome`), so that every
extra person harmed lowers the score. drillsim's calibration (docs/scenarios.md)."""


def harm_share(count: int, population: int) -> float:
    """The share of the outcome category that ``count`` harmed people cost among a
    ``population`` at risk, before the finding's weight: ln(1 + count) / ln(1 + population).

    It is 0 for nobody and 1 when everybody is harmed, rises with every extra person, and
    scales with the population: 7 injured among 143 cost 0.42, 140 among 143 cost 0.996.
    The logarithm weighs the first people harmed more than a plain fraction would, as
    societal-risk (F–N) criteria weigh events on a log scale of the number harmed (HSE,
    "Reducing risks, protecting people", 2001). drillsim's calibration (docs/scenarios.md)."""
    if count <= 0:
        return 0.0
    population = max(population, count, 1)
    return math.log1p(count) / math.log1p(population)


@dataclass(frozen=True)
class ExpectationResult:
    """How one expectation ended."""

    id: str
    category: str
    status: str
    """met, late, missed, violated, avoided (a harmful action not taken), not_applicable."""
    credit: float
    start_s: float | None
    done_at_s: float | None
    target_s: float
    limit_s: float
    harmful: bool
    rating: str
    """HSEEP: P, S, M or U."""

    def to_json(self) -> dict[str, Any]:
        """The expectation as in the result object of docs/contracts.md (plus rating and start)."""
        return {
            "id": self.id,
            "category": self.category,
            "status": self.status,
            "done_at_s": _r(self.done_at_s),
            "target_s": self.target_s,
            "limit_s": self.limit_s,
            "credit": round(self.credit, 4),
            "start_s": _r(self.start_s),
            "harmful": self.harmful,
            "rating": self.rating,
        }


@dataclass(frozen=True)
class ChecklistAnswer:
    """One AQ/T 9009 checklist item, answered from the expectations and outcomes it covers."""

    id: str
    item: Text
    status: str
    """yes (everything it covers met in time and complete, harmful acts avoided), partial
    (some of it done, or done late or incomplete) or no (none of it done)."""
    reasons: list[Phrase]
    """Why it is not yes, one sentence per shortfall."""
    covers: list[str]

    @property
    def yes(self) -> bool:
        return self.status == "yes"


@dataclass(frozen=True)
class Deduction:
    """Points lost, with the sentence that explains them."""

    category: str
    points: float
    phrase: Phrase
    expectation: str | None = None


@dataclass(frozen=True)
class ReportMade:
    """One report delivered during the drill: who told whom, what, and when.

    Decree 493 (2007) Art. 9 and Art. 12 rule reporting by who reports to whom, how soon,
    and with which elements; in a training room each role reports from its own seat, and
    the report reaches only the role it names (``to``)."""

    action: str
    by: str | None
    """The role that reported (None in a log written before reports named it)."""
    to: str | None
    """The role or authority it was addressed to."""
    started_s: float | None
    delivered_s: float
    elements: list[str]


@dataclass(frozen=True)
class Score:
    """The score of a drill."""

    total: float
    grade: str
    grade_key: str
    categories: dict[str, dict[str, float]]
    expectations: list[ExpectationResult]
    deductions: list[Deduction]
    penalties: float
    checklist: list[ChecklistAnswer] = field(default_factory=list)
    reports: list[ReportMade] = field(default_factory=list)
    """Every report delivered, in order: who told whom, and when."""

    def to_json(self) -> dict[str, Any]:
        """``score`` as in the result object of docs/contracts.md."""
        return {
            "total": round(self.total, 2),
            "grade": self.grade,
            "categories": {
                k: {kk: round(vv, 4) for kk, vv in v.items()} for k, v in self.categories.items()
            },
            "penalties": round(self.penalties, 2),
        }


def _s(x: float) -> int | float:
    """Seconds as written in a sentence: whole numbers without a decimal point."""
    return int(x) if float(x).is_integer() else round(x, 1)


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def grade_for(total: float) -> tuple[str, str]:
    """The grade (优/良/一般/差) and its catalogue key for a total."""
    for floor, grade, key in GRADE_BANDS:
        if total >= floor:
            return grade, key
    return GRADE_BANDS[-1][1], GRADE_BANDS[-1][2]


class _Log:
    """Facts read from the event log."""

    def __init__(self, events: Iterable[Mapping[str, Any]]) -> None:
        self.first: dict[str, float] = {}
        self.started: dict[str, tuple[float, dict[str, Any]]] = {}
        self.done: dict[str, float] = {}
        self.outcome: dict[str, Any] = {}
        self.end_s = 0.0
        self.reports: list[ReportMade] = []
        actor: dict[str, str] = {}
        for e in events:
            t = float(e["t_s"])
            kind = e["kind"]
            self.end_s = max(self.end_s, t)
            if kind == "action":
                self.started.setdefault(e["id"], (t, dict(e.get("params") or {})))
                actor[e["id"]] = str(e.get("by"))
            elif kind == "report":
                by = e.get("by", actor.get(e["id"]))
                to = e.get("to")
                self.reports.append(
                    ReportMade(
                        action=e["id"],
                        by=None if by is None else str(by),
                        to=None if to is None else str(to),
                        started_s=self.started.get(e["id"], (None, {}))[0],
                        delivered_s=t,
                        elements=[str(x) for x in e.get("elements") or []],
                    )
                )
            elif kind == "action_done":
                self.done.setdefault(e["id"], t)
                self.first.setdefault(f"action:{e['id']}", t)
            elif kind == "inject":
                self.first.setdefault(f"inject:{e['id']}", t)
            elif kind == "milestone":
                self.first.setdefault(f"milestone:{e['name']}", t)
            elif kind == "arrival":
                self.first.setdefault(f"arrival:{e['responder']}", t)
            elif kind == "unsafe":
                self.first.setdefault(f"unsafe:{e['action']}", t)
            elif kind == "end":
                self.outcome = dict(e.get("outcome") or {})

    def when(self, ref: str) -> float | None:
        return 0.0 if ref == "start" else self.first.get(ref)


class _Words:
    """A parameter and its values in words, for the reasons of a failed check: the
    parameter's label, choice labels and place names instead of ids, "none given" for a
    missing value (ids the scenario does not name are shown as they are)."""

    def __init__(self, scenario: Scenario | None, action: Any, param: str) -> None:
        self.scenario = scenario
        self.param_name = param
        self.spec = action.params.get(param) if action is not None else None

    def param(self) -> Phrase:
        return label(self.spec.label) if self.spec is not None else label(self.param_name)

    def value(self, value: Any) -> Phrase:
        if value is None or value == []:
            return Phrase("check_no_value")
        if isinstance(value, list):
            return Joined([self.value(v) for v in value])
        if isinstance(value, bool):
            return Phrase("yes" if value else "no")
        spec = self.spec
        if spec is not None and spec.type in ("choice", "multi"):
            for c in spec.choices:
                if c.value == str(value):
                    return label(c.label)
        node = self.scenario.index.nodes.get(str(value)) if self.scenario is not None else None
        if node is not None and node.name is not None:
            return label(node.name)
        if _num(value):
            return label(f"{float(value):g}")
        return label(str(value))

    def values(self, values: Iterable[Any]) -> Phrase:
        return Joined([self.value(v) for v in values])


def _check_fails(
    check: ParamCheck, params: Mapping[str, Any], words: _Words | None = None
) -> Phrase | None:
    """Why a parameter check fails, or None if it passes (values in ``words`` when given:
    the reason is only worded when it is shown)."""
    value = params.get(check.param)
    if words is None:
        words = _Words(None, None, check.param)
    shown = words.value(value)
    if check.min is not None and not (_num(value) and float(value) >= check.min):
        return Phrase("check_min", limit=f"{check.min:g}", value=shown)
    if check.max is not None and not (_num(value) and float(value) <= check.max):
        return Phrase("check_max", limit=f"{check.max:g}", value=shown)
    if check.equals is not None and value != check.equals:
        return Phrase("check_equals", limit=words.value(check.equals), value=shown)
    if check.one_of is not None and str(value) not in check.one_of:
        return Phrase("check_one_of", limit=words.values(check.one_of), value=shown)
    if check.includes is not None:
        have = set(value) if isinstance(value, list) else set()
        lacking = [x for x in check.includes if x not in have]
        if lacking:
            return Phrase("check_includes", limit=words.values(lacking))
    if check.un_number is not None and un_number(value) != check.un_number:
        return Phrase("check_equals", limit=f"UN {check.un_number:04d}", value=shown)
    return None


_UN_NUMBER = re.compile(r"^\s*(?:UN|NA)?[\s-]*0*([0-9]{1,4})\s*$", re.IGNORECASE)


def un_number(value: Any) -> int | None:
    """The UN number a value names: 1017, '1017', '01017', 'UN1017', 'un 1017', 'UN-1017'.

    UN numbers are four-digit identifiers of the UN Model Regulations on the Transport of
    Dangerous Goods (also used by the ERG); they are compared as numbers, whatever the
    spelling.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= 9999 else None
    if isinstance(value, float) and value.is_integer():
        return un_number(int(value))
    if isinstance(value, str):
        m = _UN_NUMBER.match(value)
        if m is not None and int(m.group(1)) > 0:
            return int(m.group(1))
    return None


def _num(v: Any) -> TypeGuard[float]:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _rating(credit: float) -> str:
    """HSEEP EEG rating from credit: P ≥ 0.9, S ≥ 0.6, M > 0, else U."""
    if credit >= 0.9:
        return "P"
    if credit >= 0.6:
        return "S"
    if credit > 0.0:
        return "M"
    return "U"


def _rule(exp: Expectation) -> Text | Phrase:
    return exp.rule if exp.rule is not None else Phrase("rule_none")


def _arg(x: Text | Phrase) -> Phrase:
    return label(x)


def _elements(items: list[str]) -> Phrase:
    return Joined([Phrase(f"element_{i}") for i in items])


def score(scenario: Scenario, events: Iterable[Mapping[str, Any]]) -> Score:
    """Score a drill from its scenario and event log (events as JSON objects)."""
    log = _Log(events)
    weights = scenario.scoring.weights
    cat_weight = {
        "reporting": weights.reporting,
        "evacuation": weights.evacuation,
        "early_response": weights.early_response,
        "outcome": weights.outcome,
    }
    results: list[ExpectationResult] = []
    # (category, expectation, credit, [(loss share, phrase-builder)])
    per_cat: dict[str, list[tuple[Expectation, float, list[tuple[float, Any]]]]] = {
        c: [] for c in CATEGORIES
    }
    penalties: list[Deduction] = []
    shortfalls: dict[str, list[Phrase]] = {}
    for exp in scenario.expectations:
        if exp.harmful:
            res, ded = _harmful(scenario, exp, log)
            results.append(res)
            if ded is not None:
                penalties.append(ded)
            continue
        res, losses = _expectation(scenario, exp, log, shortfalls)
        results.append(res)
        if res.status != "not_applicable":
            per_cat[exp.category].append((exp, res.credit, losses))
    outcome_credit, outcome_losses = _outcome(scenario, log)
    active = {c: w for c, w in cat_weight.items() if w > 0 and (c == "outcome" or per_cat[c])}
    if not log.outcome:
        active.pop("outcome", None)
    total_w = sum(active.values()) or 1.0
    categories: dict[str, dict[str, float]] = {}
    deductions: list[Deduction] = []
    subtotal = 0.0
    for cat in CATEGORIES:
        if cat not in active:
            continue
        points_max = 100.0 * active[cat] / total_w
        if cat == "outcome":
            credit = outcome_credit
            for share, build in outcome_losses:
                pts = points_max * share
                if pts > 0.005:
                    deductions.append(Deduction(cat, pts, build(round(pts, 1))))
        else:
            items = per_cat[cat]
            wsum = sum(e.weight for e, _, _ in items)
            credit = sum(e.weight * c for e, c, _ in items) / wsum
            for exp, _, losses in items:
                for share, build in losses:
                    pts = points_max * exp.weight / wsum * share
                    if pts > 0.005:
                        deductions.append(Deduction(cat, pts, build(round(pts, 1)), exp.id))
        categories[cat] = {
            "score": credit,
            "weight": active[cat],
            "points": credit * points_max,
            "max_points": points_max,
        }
        subtotal += credit * points_max
    penalty_total = sum(d.points for d in penalties)
    total = max(0.0, min(100.0, subtotal - penalty_total))
    grade, key = grade_for(total)
    checklist = _checklist(scenario, results, shortfalls, log.outcome)
    deductions.sort(key=lambda d: -d.points)
    return Score(
        total=total,
        grade=grade,
        grade_key=key,
        categories=categories,
        expectations=results,
        deductions=[*penalties, *deductions],
        penalties=penalty_total,
        checklist=checklist,
        reports=log.reports,
    )


def _matching_start(exp: Expectation, log: _Log) -> tuple[float, dict[str, Any]] | None:
    """When the first of the expectation's actions was taken, with its parameters."""
    starts = [log.started[a] for a in exp.action_ids if a in log.started]
    return min(starts, key=lambda s: s[0]) if starts else None


def _first_done(exp: Expectation, log: _Log) -> tuple[str, float] | None:
    """The first of the expectation's actions to be completed, and when."""
    done = [(a, log.done[a]) for a in exp.action_ids if a in log.done]
    return min(done, key=lambda d: d[1]) if done else None


def _expectation(
    scenario: Scenario, exp: Expectation, log: _Log, shortfalls: dict[str, list[Phrase]]
) -> tuple[ExpectationResult, list[tuple[float, Any]]]:
    """How an expectation ended and the losses that explain its credit; what made a done
    expectation incomplete (failed checks, missing report elements) goes in ``shortfalls``."""
    start = log.when(exp.starts_on)
    parsed = parse_event_ref(exp.starts_on)
    losses: list[tuple[float, Any]] = []
    title = _arg(exp.title)
    rule = _arg(_rule(exp))
    if start is None and parsed is not None and parsed[0] in ("inject", "milestone", "arrival"):
        res = ExpectationResult(
            exp.id, exp.category, "not_applicable", 0.0, None, None, exp.target_s, exp.limit_s,
            False, "U",
        )  # fmt: skip
        return res, losses
    met_by: str | None = None
    if exp.action_ids:
        first = _first_done(exp, log)
        met_by, done = first if first is not None else (None, None)
        params = log.started.get(met_by, (0.0, {}))[1] if met_by is not None else {}
    else:
        done = log.when(exp.event or "")
        params = {}
    if done is None or start is None:

        def build(pts: float) -> Phrase:
            return Phrase("ded_missed", title=title, limit=_s(exp.limit_s), points=pts, rule=rule)

        losses.append((1.0, build))
        res = ExpectationResult(
            exp.id, exp.category, "missed", 0.0, start, None, exp.target_s, exp.limit_s, False, "U"
        )
        return res, losses
    elapsed = max(0.0, done - start)
    if elapsed <= exp.target_s:
        time_credit = 1.0
    elif elapsed <= exp.limit_s and exp.limit_s > exp.target_s:
        time_credit = (exp.limit_s - elapsed) / (exp.limit_s - exp.target_s)
    else:
        time_credit = 0.0
    status = "met" if elapsed <= exp.target_s else "late"
    if time_credit < 1.0:
        e_r = round(elapsed)

        def build_late(pts: float) -> Phrase:
            return Phrase(
                "ded_late",
                title=title,
                elapsed=e_r,
                target=_s(exp.target_s),
                limit=_s(exp.limit_s),
                points=pts,
                rule=rule,
            )

        losses.append((1.0 - time_credit, build_late))
    credit = time_credit
    action = scenario.index.actions.get(met_by) if met_by else None
    is_report = action is not None and action.kind == "report"
    report_required: list[str] | None = None
    for check in exp.checks:
        if is_report and check.param == "elements" and check.includes is not None:
            report_required = list(check.includes)
            continue
        why = _check_fails(check, params, _Words(scenario, action, check.param))
        if why is not None:
            param_name = _Words(scenario, action, check.param).param()
            shortfalls.setdefault(exp.id, []).append(
                Phrase("ck_param", param=param_name, detail=why)
            )
            before = credit
            credit *= check.factor_if_failed
            lost = before - credit
            explain = _arg(check.explain) if check.explain is not None else ""

            def build_check(
                pts: float,
                why: Phrase = why,
                explain: Any = explain,
                param_name: Phrase = param_name,
            ) -> Phrase:
                return Phrase(
                    "ded_check",
                    title=title,
                    param=param_name,
                    detail=why,
                    points=pts,
                    explain=Sentence(explain) if explain else "",
                    rule=rule,
                )

            losses.append((lost, build_check))
    if is_report:
        required = report_required or list(CORE_REPORT_ELEMENTS)
        have = set(params.get("elements") or [])
        missing = [e for e in required if e not in have]
        if missing:
            shortfalls.setdefault(exp.id, []).append(
                Phrase("ck_lacks_elements", missing=_elements(missing))
            )
            before = credit
            credit *= (len(required) - len(missing)) / len(required)

            def build_report(pts: float, missing: list[str] = missing) -> Phrase:
                return Phrase(
                    "ded_report", title=title, missing=_elements(missing), points=pts, rule=rule
                )

            losses.append((before - credit, build_report))
    res = ExpectationResult(
        exp.id, exp.category, status, credit, start, done, exp.target_s, exp.limit_s, False,
        _rating(credit),
    )  # fmt: skip
    return res, losses


def _harmful(
    scenario: Scenario, exp: Expectation, log: _Log
) -> tuple[ExpectationResult, Deduction | None]:
    when: float | None = None
    if exp.action_ids:
        taken = sorted(
            (log.started[a] for a in exp.action_ids if a in log.started), key=lambda s: s[0]
        )
        started = next(
            (s for s in taken if all(_check_fails(c, s[1]) is None for c in exp.checks)), None
        )
        if started is not None:
            when = started[0]
            if exp.before is not None:
                guard = log.when(exp.before)
                if guard is not None and guard <= when:
                    when = None
    else:
        when = log.when(exp.event or "")
    if when is None:
        res = ExpectationResult(
            exp.id, exp.category, "avoided", 1.0, None, None, exp.target_s, exp.limit_s, True, "P"
        )
        return res, None
    res = ExpectationResult(
        exp.id, exp.category, "violated", 0.0, None, when, exp.target_s, exp.limit_s, True, "U"
    )
    phrase = Phrase("ded_harmful", title=_arg(exp.title), points=exp.penalty, rule=_arg(_rule(exp)))
    return res, Deduction(exp.category, exp.penalty, phrase, exp.id)


def _people(o: Mapping[str, Any]) -> tuple[int, int, int, int]:
    """(population at risk, casualties, injured during the drill, not safe) from the end
    figures' people ledger (``outcome.people``).

    Sheltering where the scenario allows it is protective, so only "not safe" counts against
    the team. Injuries the incident caused at the start (people trapped or hurt before anyone
    could act) are not the team's doing; harm during the drill is."""
    people = o.get("people") or {}
    states = people.get("states") or {}
    casualties = int(o["casualties"] if "casualties" in o else states.get("dead") or 0)
    injured = max(int(o.get("injured") or 0) - int(o.get("injured_at_start") or 0), 0)
    return (
        int(people.get("total") or 0),
        casualties,
        injured,
        int(states.get("not_safe") or 0),
    )


def _outcome(scenario: Scenario, log: _Log) -> tuple[float, list[tuple[float, Any]]]:
    """Credit of the outcome category and its losses, from the end event's figures.

    Each finding leaves a share (1 − its cost) of what the findings before it left, so the
    credit is the product of those shares and every extra person harmed costs something:
    casualties cost ``harm_share`` of the population at risk, injured people half of that
    (OUTCOME_COSTS)."""
    o = log.outcome
    if not o:
        return 1.0, []
    losses: list[tuple[float, Any]] = []
    rule = Phrase("rule_outcome")
    population, casualties, injured, not_safe = _people(o)
    if casualties:
        share = OUTCOME_COSTS["casualty"] * harm_share(casualties, population)
        losses.append(
            (share, lambda p, c=casualties: Phrase("ded_casualties", count=c, points=p, rule=rule))
        )
    if injured:
        share = OUTCOME_COSTS["injured"] * harm_share(injured, population)
        losses.append(
            (share, lambda p, c=injured: Phrase("ded_injured", count=c, points=p, rule=rule))
        )
    if not_safe and population:
        share = OUTCOME_COSTS["not_safe_fraction"] * min(1.0, not_safe / population)
        losses.append(
            (share, lambda p, c=not_safe: Phrase("ded_not_safe", count=c, points=p, rule=rule))
        )
    exposed = o.get("exposed_above") or {}
    harm_threshold = _harm_threshold(scenario, exposed)
    if harm_threshold is not None:
        count = int(exposed[harm_threshold])
        if count:
            share = OUTCOME_COSTS["exposed_fraction"] * min(1.0, count / max(population, 1))
            named = _threshold_name(scenario, harm_threshold)
            losses.append(
                (
                    share,
                    lambda p, c=count, t=named: Phrase(
                        "ded_exposed", count=c, threshold=t, points=p, rule=rule
                    ),
                )
            )
    for flag in ("ignition", "explosion", "secondary_collapse", "flashover"):
        if o.get(flag):
            losses.append(
                (
                    OUTCOME_COSTS["escalation"],
                    lambda p, f=flag: Phrase(
                        "ded_escalation", what=Phrase(f"ms_{f}"), points=p, rule=rule
                    ),
                )
            )
    margin = o.get("rset_aset_margin_s")
    if scenario.scoring.rset_aset and isinstance(margin, (int, float)) and margin < 0:
        rset, aset = o.get("evacuation_time_s"), o.get("aset_s")
        losses.append(
            (
                OUTCOME_COSTS["aset"],
                lambda p: Phrase(
                    "ded_aset",
                    rset=round(rset or 0),
                    aset=round(aset or 0),
                    points=p,
                    rule=Phrase("rule_aset"),
                ),
            )
        )
    left = 1.0
    scaled: list[tuple[float, Any]] = []
    for share, build in losses:
        take = left * min(max(share, 0.0), 1.0)
        left -= take
        scaled.append((take, build))
    return left, scaled


def checklist_items(scenario: Scenario) -> list[ChecklistItem]:
    """The scenario's checklist: its items, then one per distinct ``checklist`` text on the
    expectations (the shorthand), covering every expectation that carries that text."""
    items = list(scenario.checklist)
    by_text: dict[str, int] = {}
    for exp in scenario.expectations:
        if exp.checklist is None:
            continue
        key = repr(exp.checklist)
        if key in by_text:
            k = by_text[key]
            items[k] = items[k].model_copy(update={"covers": [*items[k].covers, exp.id]})
        else:
            by_text[key] = len(items)
            items.append(
                ChecklistItem(id=f"{exp.id}.checklist", item=exp.checklist, covers=[exp.id])
            )
    return items


def _checklist(
    scenario: Scenario,
    results: list[ExpectationResult],
    shortfalls: Mapping[str, list[Phrase]],
    outcome: Mapping[str, Any],
) -> list[ChecklistAnswer]:
    """Answer each AQ/T 9009-2015 Annex B item from what it covers: yes only when every
    covered expectation was met in time and complete (a harmful act: avoided) and every
    covered outcome holds; no when none of its tasks was done (or, for an item of harmful
    acts and outcomes only, none of them holds); partial otherwise; with the reasons.
    Items whose expectations never applied (their starting event never happened) and that
    cover no outcome are left out."""
    by_id = {r.id: r for r in results}
    titles = {e.id: e.title for e in scenario.expectations}
    answers: list[ChecklistAnswer] = []
    for item in checklist_items(scenario):
        reasons: list[Phrase] = []
        good = done = tasks = 0
        for eid in item.covers:
            r = by_id.get(eid)
            if r is None or r.status == "not_applicable":
                continue
            tasks += not r.harmful
            title = _arg(titles[eid])
            if r.harmful:
                if r.status == "violated":
                    reasons.append(Phrase("ck_committed", title=title))
                else:
                    good += 1
                continue
            if r.status == "missed":
                reasons.append(Phrase("ck_missed", title=title))
                continue
            done += 1
            elapsed = round((r.done_at_s or 0.0) - (r.start_s or 0.0))
            short = shortfalls.get(eid) or []
            if r.status == "late" and short:
                reasons.append(
                    Phrase(
                        "ck_late_incomplete",
                        title=title,
                        elapsed=elapsed,
                        target=_s(r.target_s),
                        detail=Joined(short),
                    )
                )
            elif r.status == "late":
                reasons.append(
                    Phrase("ck_late", title=title, elapsed=elapsed, target=_s(r.target_s))
                )
            elif short:
                reasons.append(Phrase("ck_incomplete", title=title, detail=Joined(short)))
            else:
                good += 1
        outcome_reasons = _outcome_shortfalls(scenario, item.outcomes, outcome)
        good += len(item.outcomes) - len(outcome_reasons)
        reasons += outcome_reasons
        if good == 0 and done == 0 and not reasons:
            continue  # nothing it covers applied in this drill
        # partial: some of its tasks were done (late or incomplete); an item without tasks
        # (harmful acts and outcomes only) is partial when some of it holds
        if not reasons:
            status = "yes"
        elif tasks:
            status = "partial" if done else "no"
        else:
            status = "partial" if good else "no"
        answers.append(ChecklistAnswer(item.id, item.item, status, reasons, list(item.covers)))
    return answers


def _outcome_shortfalls(
    scenario: Scenario, outcomes: Iterable[str], o: Mapping[str, Any]
) -> list[Phrase]:
    """Why each covered outcome does not hold (nothing when the drill has no end figures)."""
    if not o:
        return []
    _, casualties, injured, not_safe = _people(o)
    out: list[Phrase] = []
    for name in outcomes:
        if name == "everyone_safe" and not_safe:
            out.append(Phrase("ck_not_safe", count=not_safe))
        elif name == "no_casualties" and casualties:
            out.append(Phrase("ck_casualties", count=casualties))
        elif name == "no_injured" and injured:
            out.append(Phrase("ck_injured", count=injured))
        elif name == "no_escalation":
            out += [
                Phrase("ck_escalation", what=Phrase(f"ms_{flag}"))
                for flag in ("ignition", "explosion", "secondary_collapse", "flashover")
                if o.get(flag)
            ]
        elif name == "rset_below_aset":
            margin = o.get("rset_aset_margin_s")
            if isinstance(margin, (int, float)) and margin < 0:
                rset, aset = o.get("evacuation_time_s"), o.get("aset_s")
                out.append(Phrase("ck_aset", rset=round(rset or 0), aset=round(aset or 0)))
    return out


def _threshold_name(scenario: Scenario, threshold: str) -> Phrase:
    """A threshold's name: the scenario's own label, else the model's (sim/i18n/labels.py)."""
    for t in getattr(scenario.hazard.params, "thresholds", None) or []:
        if getattr(t, "id", None) == threshold:
            return label(t.label)
    key = f"threshold_{threshold}"
    return Phrase(key) if has(key) else label(threshold)


def _harm_threshold(scenario: Scenario, exposed: Mapping[str, Any]) -> str | None:
    """The threshold whose exceedance counts as harmful exposure, read by id: the
    serious-effects level (AEGL-2, ERPG-2, PAC-2, or the one the scenario names for
    injury), so adding a level such as IDLH does not move the rule (sim/hazards/levels.py).
    Levels of other kinds (%LEL, collapse risk) keep the rule: the second named one
    ('irreversible effects' style) or the only one."""
    keys = list(exposed)
    if not keys:
        return None
    given = getattr(scenario.hazard.params, "injury_threshold", None)
    found = level_by_tier(keys, SERIOUS_TIER, given if isinstance(given, str) else None)
    if found is not None:
        return keys[found]
    return keys[1] if len(keys) >= 2 else keys[0]
