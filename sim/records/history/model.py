"""The history's record types: a session, its participants and expectation rows, evaluator
notes, improvement items and a team's progress, as :class:`~sim.records.history.History`
hands them out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sim.records.errors import RecordsError

__all__ = [
    "IMPROVEMENT_STATUSES",
    "ExpectationRow",
    "Improvement",
    "Note",
    "Participant",
    "Progress",
    "ProgressPoint",
    "SessionRecord",
    "as_date",
]

IMPROVEMENT_STATUSES: tuple[str, ...] = ("open", "in_progress", "done")


@dataclass(frozen=True)
class Participant:
    """A person at the table and the role they play."""

    name: str
    role: str = ""

    def to_json(self) -> dict[str, str]:
        """As a JSON object."""
        return {"name": self.name, "role": self.role}


@dataclass(frozen=True)
class ExpectationRow:
    """How one expectation ended in one session."""

    expectation: str
    category: str
    title: dict[str, str]
    status: str
    credit: float
    rating: str
    harmful: bool
    start_s: float | None
    done_at_s: float | None
    target_s: float | None
    limit_s: float | None


@dataclass
class SessionRecord:
    """One drill as the history stores it."""

    id: str
    scenario_id: str
    seed: int
    started: str
    """Wall-clock start, ISO 8601 local time with offset."""
    journal: str = ""
    unit: str = ""
    team: str = ""
    participants: list[Participant] = field(default_factory=list)
    scenario_title: dict[str, str] = field(default_factory=dict)
    scenario_category: str = ""
    scenario_sha256: str = ""
    ended: str | None = None
    duration_s: float | None = None
    """Wall-clock time the drill was running (interruptions left out), s."""
    sim_s: float | None = None
    """Sim time the drill reached, s."""
    lang: str = "zh"
    speed: float | None = None
    engine: str = ""
    status: str = "running"
    """running (no end line yet) or finished."""
    total: float | None = None
    grade: str | None = None
    expectations: list[ExpectationRow] = field(default_factory=list)
    participants_count: int | None = None
    """参演人数 as the team gave it (None: not given)."""
    drill_level: str = ""
    drill_kind: str = ""

    @property
    def date(self) -> str:
        """The local date the drill started, YYYY-MM-DD."""
        return self.started[:10]


@dataclass(frozen=True)
class Note:
    """An evaluator's note on a session."""

    id: int
    session_id: str
    author: str
    text: str
    created: str
    updated: str


@dataclass(frozen=True)
class Improvement:
    """One row of the improvement plan (HSEEP AAR/IP, improvement plan columns)."""

    id: int
    session_id: str
    capability: str
    issue: str
    action: str
    responsible: str
    start_date: str
    due_date: str
    status: str
    expectation: str | None
    created: str
    updated: str

    def to_json(self) -> dict[str, Any]:
        """As a JSON object."""
        return {
            "id": self.id,
            "capability": self.capability,
            "issue": self.issue,
            "action": self.action,
            "responsible": self.responsible,
            "start_date": self.start_date,
            "due_date": self.due_date,
            "status": self.status,
            "expectation": self.expectation,
        }


@dataclass(frozen=True)
class ProgressPoint:
    """One finished drill of a team, for the progress chart."""

    session_id: str
    started: str
    scenario_id: str
    total: float
    grade: str
    categories: dict[str, float]
    """Score share (0–1) per category."""


@dataclass(frozen=True)
class Progress:
    """A team's totals over time."""

    team: str
    points: list[ProgressPoint]
    """Finished drills, oldest first."""

    @property
    def count(self) -> int:
        """Number of finished drills."""
        return len(self.points)

    @property
    def mean_total(self) -> float | None:
        """Mean total score."""
        return sum(p.total for p in self.points) / len(self.points) if self.points else None

    @property
    def best_total(self) -> float | None:
        """Best total score."""
        return max(p.total for p in self.points) if self.points else None

    @property
    def latest_total(self) -> float | None:
        """Total of the latest drill."""
        return self.points[-1].total if self.points else None

    @property
    def change(self) -> float | None:
        """Latest total less the first one (positive: the team improved)."""
        return self.points[-1].total - self.points[0].total if len(self.points) >= 2 else None

    def category_means(self) -> dict[str, float]:
        """Mean score share per category over the drills that had it."""
        sums: dict[str, list[float]] = {}
        for p in self.points:
            for cat, share in p.categories.items():
                sums.setdefault(cat, []).append(share)
        return {cat: sum(v) / len(v) for cat, v in sums.items()}

    def to_json(self) -> dict[str, Any]:
        """As a JSON object."""
        return {
            "team": self.team,
            "count": self.count,
            "mean_total": _round(self.mean_total),
            "best_total": _round(self.best_total),
            "latest_total": _round(self.latest_total),
            "change": _round(self.change),
            "category_means": {k: round(v, 4) for k, v in self.category_means().items()},
            "points": [
                {
                    "session": p.session_id,
                    "started": p.started,
                    "scenario": p.scenario_id,
                    "total": p.total,
                    "grade": p.grade,
                    "categories": p.categories,
                }
                for p in self.points
            ],
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def as_date(value: str | date | datetime | None) -> str | None:
    """A date filter as YYYY-MM-DD; RecordsError when it is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        raise RecordsError("err_bad_date", value=value) from None
