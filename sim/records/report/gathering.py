"""Gathering what a report is made from: the session's record in the history, its stored
result, and a replay of its journal (the hazard over time and why each refused action was
refused).

:func:`gather` takes a session id (or unique prefix) or a journal path; :func:`from_replay`
takes a replay already made. Both return a :class:`ReportInput`, which
:func:`sim.records.report.view.build_view` turns into the report's view-model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.records.errors import RecordsError
from sim.records.history import History, Improvement, Note, Participant
from sim.scenario import Scenario
from sim.text import Text


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
