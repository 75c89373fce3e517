"""The campaign's figures for the dashboard: units by jurisdiction, drills this week and this
month, participants, scores and grades over time, the units that have not drilled.

"This week" is the campaign's reporting week, Saturday to Friday, the week of the Friday
report (:func:`sim.records.paperwork.weekly.report_week`; 2024 安全生产月应急演练专题行活动
通知, 三.(四)); "this month" is the calendar month. A drill counts on the date it started.

Every figure comes from a few grouped queries (per unit, per month and grade), so the page
costs the same for 50 drills as for 50,000 (bench/bench_city.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from sim.city.store import JURISDICTION_KINDS, Unit
from sim.records.db.tables import city_drills, journals, sessions, units
from sim.records.history import History

GRADES: tuple[str, ...] = ("优", "良", "一般", "差")
"""The grades scoring gives, best first (sim.scoring)."""

RECENT = 30
"""How many of the latest drills the page lists."""


def report_week(day: date) -> tuple[date, date]:
    """The Saturday and the Friday of the reporting week ``day`` falls in."""
    from sim.records.paperwork.weekly import report_week as week

    return week(day)


@dataclass
class Figures:
    """Drill counts and what they add up to (a unit, a jurisdiction, the city)."""

    units: int = 0
    drilled_units: int = 0
    drills: int = 0
    drills_week: int = 0
    drills_month: int = 0
    participants: int = 0
    score_sum: float = 0.0
    scored: int = 0

    @property
    def mean_score(self) -> float | None:
        """Mean total score of the scored drills."""
        return self.score_sum / self.scored if self.scored else None

    @property
    def not_drilled(self) -> int:
        """Units with no drill yet."""
        return self.units - self.drilled_units

    def add(self, other: Figures) -> None:
        """Add another's counts to these."""
        for name in (
            "units", "drilled_units", "drills", "drills_week", "drills_month", "participants",
            "score_sum", "scored",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Jurisdiction:
    """One 产业集聚区, 镇街 or 行业部门 and its units."""

    kind: str
    name: str
    figures: Figures = field(default_factory=Figures)


@dataclass(frozen=True)
class Period:
    """Drills and scores of one month."""

    month: str
    """YYYY-MM."""
    drills: int
    mean_score: float | None
    grades: dict[str, int]


@dataclass(frozen=True)
class RecentDrill:
    """One of the latest drills."""

    session: str
    unit: str
    team: str
    started: str
    scenario: dict[str, str]
    total: float | None
    grade: str | None
    participants: int
    has_journal: bool


@dataclass
class Overview:
    """Everything the dashboard shows."""

    today: date
    week: tuple[date, date]
    month: tuple[date, date]
    city: Figures
    jurisdictions: list[Jurisdiction]
    months: list[Period]
    grades: dict[str, int]
    not_drilled: list[Unit]
    recent: list[RecentDrill]
    unlisted_units: list[str]
    """Units that sent drills but are not in the imported list (none, normally)."""


def month_of(day: date) -> tuple[date, date]:
    """The first and last day of the month of ``day``."""
    first = day.replace(day=1)
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, date.fromordinal(nxt.toordinal() - 1)


def overview(history: History, today: date) -> Overview:
    """The campaign as it stands on ``today``."""
    week = report_week(today)
    month = month_of(today)
    cd, s = city_drills.c, sessions.c
    in_week = sa.and_(
        cd.started_date >= week[0].isoformat(), cd.started_date <= week[1].isoformat()
    )
    in_month = sa.and_(
        cd.started_date >= month[0].isoformat(), cd.started_date <= month[1].isoformat()
    )
    per_unit = (
        sa.select(
            cd.unit,
            sa.func.count(),
            sa.func.sum(sa.case((in_week, 1), else_=0)),
            sa.func.sum(sa.case((in_month, 1), else_=0)),
            sa.func.sum(cd.participants),
            sa.func.sum(s.total),
            sa.func.count(s.total),
        )
        .select_from(city_drills.join(sessions, sessions.c.id == cd.session_id))
        .group_by(cd.unit)
    )
    month_col = sa.func.substr(cd.started_date, 1, 7)
    per_month = (
        sa.select(month_col, s.grade, sa.func.count(), sa.func.sum(s.total), sa.func.count(s.total))
        .select_from(city_drills.join(sessions, sessions.c.id == cd.session_id))
        .group_by(month_col, s.grade)
    )
    recent = (
        sa.select(
            cd.session_id,
            cd.unit,
            s.team,
            s.started,
            s.scenario_title_zh,
            s.scenario_title_en,
            s.scenario_id,
            s.total,
            s.grade,
            cd.participants,
            journals.c.session_id,
        )
        .select_from(
            city_drills.join(sessions, sessions.c.id == cd.session_id).outerjoin(
                journals, journals.c.session_id == cd.session_id
            )
        )
        .order_by(cd.started_date.desc(), s.started.desc(), cd.session_id.desc())
        .limit(RECENT)
    )
    with history.transaction() as conn:
        unit_rows = conn.execute(
            sa.select(
                units.c.name,
                units.c.jurisdiction_kind,
                units.c.jurisdiction,
                units.c.industry,
                units.c.contact,
            )
        ).all()
        drilled = {str(r[0]): r for r in conn.execute(per_unit)}
        month_rows = conn.execute(per_month).all()
        recent_rows = conn.execute(recent).all()

    city = Figures()
    places: dict[tuple[str, str], Jurisdiction] = {}
    not_drilled: list[Unit] = []
    listed: set[str] = set()
    for name, kind, place, industry, contact in unit_rows:
        unit = Unit(str(name), str(kind), str(place), str(industry), str(contact))
        listed.add(unit.name)
        j = places.setdefault((unit.jurisdiction_kind, unit.jurisdiction), Jurisdiction(
            unit.jurisdiction_kind, unit.jurisdiction
        ))  # fmt: skip
        f = Figures(units=1)
        row = drilled.get(unit.name)
        if row is None:
            not_drilled.append(unit)
        else:
            f.drilled_units = 1
            f.drills, f.drills_week, f.drills_month = (
                int(row[1]),
                int(row[2] or 0),
                int(row[3] or 0),
            )
            f.participants = int(row[4] or 0)
            f.score_sum, f.scored = float(row[5] or 0.0), int(row[6] or 0)
        j.figures.add(f)
        city.add(f)
    order = {k: i for i, k in enumerate(JURISDICTION_KINDS)}
    jurisdictions = sorted(places.values(), key=lambda j: (order.get(j.kind, 9), j.name))
    not_drilled.sort(key=lambda u: (order.get(u.jurisdiction_kind, 9), u.jurisdiction, u.name))

    months: dict[str, dict[str, float]] = {}
    grade_months: dict[str, Counter[str]] = {}
    grades: Counter[str] = Counter()
    for month_key, grade, count, total_sum, scored in month_rows:
        m = months.setdefault(str(month_key), {"drills": 0, "sum": 0.0, "scored": 0})
        m["drills"] += int(count)
        m["sum"] += float(total_sum or 0.0)
        m["scored"] += int(scored or 0)
        if grade:
            grade_months.setdefault(str(month_key), Counter())[str(grade)] += int(count)
            grades[str(grade)] += int(count)
    periods = [
        Period(
            month=k,
            drills=int(v["drills"]),
            mean_score=v["sum"] / v["scored"] if v["scored"] else None,
            grades=dict(grade_months.get(k, Counter())),
        )
        for k, v in sorted(months.items())
    ]
    latest = [
        RecentDrill(
            session=str(r[0]),
            unit=str(r[1]),
            team=str(r[2] or ""),
            started=str(r[3]),
            scenario={"zh": str(r[4] or r[6]), "en": str(r[5] or r[6])},
            total=None if r[7] is None else float(r[7]),
            grade=None if r[8] is None else str(r[8]),
            participants=int(r[9] or 0),
            has_journal=r[10] is not None,
        )
        for r in recent_rows
    ]
    return Overview(
        today=today,
        week=week,
        month=month,
        city=city,
        jurisdictions=jurisdictions,
        months=periods,
        grades=dict(grades),
        not_drilled=not_drilled,
        recent=latest,
        unlisted_units=sorted(set(drilled) - listed),
    )


def drills_of(history: History, since: date | None, until: date | None) -> dict[str, str]:
    """The drills that started in the period: session id -> the unit that sent it."""
    cd = city_drills.c
    query = sa.select(cd.session_id, cd.unit)
    if since is not None:
        query = query.where(cd.started_date >= since.isoformat())
    if until is not None:
        query = query.where(cd.started_date <= until.isoformat())
    with history.transaction() as conn:
        return {str(r[0]): str(r[1]) for r in conn.execute(query)}
