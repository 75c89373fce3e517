"""Recording a drill as it is played: :class:`Recorder` applies each input to the drill and
journals it, and records the finished session in the history.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sim.drill import PLATOON_LIMIT, Drill
from sim.i18n import tr
from sim.playbook import Step
from sim.records.errors import RecordsError
from sim.records.history import ExpectationRow, History, Participant, SessionRecord
from sim.records.journal.lines import Header, Input, both_langs, file_sha256, log_sha256, plain_json
from sim.records.journal.replaying import settle
from sim.records.journal.writing import JournalWriter
from sim.records.paths import journal_path, journals_dir, new_session_id, now_iso
from sim.result import drill_result
from sim.safetext import nfc
from sim.scenario import Scenario
from sim.state import ActResult
from sim.text import Lang


def expectation_rows(scenario: Scenario, result: dict[str, Any]) -> list[ExpectationRow]:
    """The result's expectations with their titles, for the history."""
    titles = {x.id: both_langs(x.title) for x in scenario.expectations}
    return [
        ExpectationRow(
            expectation=e["id"],
            category=e["category"],
            title=titles.get(e["id"], {"zh": e["id"], "en": e["id"]}),
            status=e["status"],
            credit=float(e["credit"]),
            rating=e["rating"],
            harmful=bool(e.get("harmful")),
            start_s=e.get("start_s"),
            done_at_s=e.get("done_at_s"),
            target_s=e.get("target_s"),
            limit_s=e.get("limit_s"),
        )
        for e in result.get("expectations", [])
    ]


def session_record(header: Header, journal: Path, **extra: Any) -> SessionRecord:
    """The history's record of a journaled session (without its result)."""
    return SessionRecord(
        id=header.session,
        scenario_id=header.scenario_id,
        seed=header.seed,
        started=header.started,
        journal=str(journal),
        unit=header.unit,
        team=header.team,
        participants=list(header.participants),
        scenario_title=dict(header.scenario_title),
        scenario_category=header.scenario_category,
        scenario_sha256=header.scenario_sha256,
        lang=header.lang,
        speed=header.speed,
        engine=header.engine,
        participants_count=header.participants_count,
        drill_level=header.drill_level,
        drill_kind=header.drill_kind,
        **extra,
    )


def record_finished(
    history: History, header: Header, journal: Path, scenario: Scenario, result: dict[str, Any],
    *, ended: str, duration_s: float | None,
) -> None:  # fmt: skip
    """Save a finished session with its result in the history."""
    score = result.get("score") or {}
    end_t = max((float(e["t_s"]) for e in result.get("events", [])), default=0.0)
    rec = session_record(
        header,
        journal,
        ended=ended,
        duration_s=duration_s,
        sim_s=end_t,
        status="finished",
        total=score.get("total"),
        grade=score.get("grade"),
        expectations=expectation_rows(scenario, result),
    )
    history.save_session(rec, result)


class Recorder:
    """Journals every input of a drill; at the end, writes the end line and records the
    session in the history. See the module docstring for the API."""

    def __init__(
        self,
        drill: Drill,
        writer: JournalWriter,
        header: Header,
        *,
        history: History | None = None,
        next_n: int = 1,
        prior_active_s: float = 0.0,
        clock_s: float = 0.0,
    ) -> None:
        self.drill = drill
        self.header = header
        self.history = history
        self.warnings: list[str] = []
        """History problems met on the way (the journal is kept regardless)."""
        self._writer = writer
        self._n = next_n
        self._prior_active_s = prior_active_s
        self._segment_start = datetime.now().astimezone()
        self._clock_s = clock_s
        self.result: dict[str, Any] | None = None
        self.pending: list[dict[str, Any]] = []
        """Lines taken while the journal could not be written (a full disk), in order."""
        self.write_error: OSError | None = None
        """Why the last write failed; None once every pending line is written."""
        self._ending: tuple[dict[str, Any], str, float] | None = None
        """The result, end time and duration once the end line is taken."""

    # --- writing the journal ------------------------------------------------------------

    def _journal(self, obj: dict[str, Any]) -> None:
        """Write a line, or keep it (in order) when the journal cannot be written: the drill
        goes on in memory and :meth:`flush` writes the kept lines once there is room."""
        self.pending.append(obj)
        self.flush()

    def flush(self) -> bool:
        """Write the lines kept while the journal could not be written; whether all are."""
        while self.pending:
            try:
                self._writer.write(self.pending[0])
            except OSError as exc:
                self.write_error = exc
                return False
            self.pending.pop(0)
        self.write_error = None
        return True

    @contextlib.contextmanager
    def deferred_sync(self) -> Iterator[None]:
        """Inputs journaled inside this block are written at once but made durable only by
        the next :meth:`sync`, which the caller must await before answering them (a room
        host answers several seats' inputs after one fsync: docs/room.md)."""
        self._writer.defer += 1
        try:
            yield
        finally:
            self._writer.defer -= 1

    def sync(self) -> None:
        """Make the inputs journaled in :meth:`deferred_sync` blocks durable; it may run in a
        worker thread. A failure is kept as the write problem (the inputs stay in the file)."""
        try:
            self._writer.sync()
        except OSError as exc:
            self.write_error = exc

    def write_problem_why(self) -> str:
        """The operating system's reason the journal cannot be written ('' when it can)."""
        if self.write_error is None:
            return ""
        return self.write_error.strerror or type(self.write_error).__name__

    def write_problem(self, lang: Lang) -> str | None:
        """Why the journal cannot be written, in one line (None when it can)."""
        if self.write_error is None:
            return None
        return tr("err_journal_write", lang, path=self.journal_path, why=self.write_problem_why())

    # --- starting ---------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        scenario: Scenario,
        scenario_path: str | os.PathLike[str],
        *,
        seed: int = 1,
        unit: str = "",
        team: str = "",
        participants: Sequence[Participant] = (),
        lang: str = "zh",
        speed: float | None = None,
        playbook: str | None = None,
        platoon_limit: int = PLATOON_LIMIT,
        history: History | None = None,
        record: bool = True,
        session_id: str | None = None,
        participants_count: int | None = None,
        drill_level: str = "",
        drill_kind: str = "",
        mode: str = "coaching",
    ) -> Recorder:
        """A new drill with its journal (and its row in the history, when ``record``)."""
        spath = Path(scenario_path).resolve()
        header = Header(
            session=session_id or new_session_id(),
            scenario_id=scenario.id,
            scenario_path=str(spath),
            scenario_sha256=file_sha256(spath),
            scenario_title=both_langs(scenario.title),
            scenario_category=scenario.category,
            seed=int(seed),
            unit=nfc(unit),
            team=nfc(team),
            participants=tuple(Participant(nfc(p.name), p.role) for p in participants),
            lang=lang,
            speed=speed,
            started=now_iso(),
            playbook=playbook,
            platoon_limit=platoon_limit,
            record=record,
            participants_count=participants_count,
            drill_level=drill_level,
            drill_kind=drill_kind,
            mode=mode,
        )
        drill = Drill(scenario, header.seed, platoon_limit=platoon_limit)
        while True:
            try:
                writer = JournalWriter.create(journal_path(header.session), header)
                break
            except FileExistsError:
                if session_id is not None:
                    raise
                header = replace(header, session=new_session_id())
            except OSError as exc:
                raise RecordsError(
                    "err_cannot_record",
                    path=journals_dir(),
                    why=exc.strerror or type(exc).__name__,
                ) from None
        rec = cls(drill, writer, header, history=(history or History()) if record else None)
        rec._save_running()
        return rec

    def _save_running(self) -> None:
        if self.history is None:
            return
        try:
            self.history.save_session(session_record(self.header, self.journal_path))
        except (RecordsError, OSError) as exc:
            self.warnings.append(str(exc))

    # --- properties ----------------------------------------------------------------------

    @property
    def session_id(self) -> str:
        """The session's id."""
        return self.header.session

    @property
    def journal_path(self) -> Path:
        """The journal file."""
        return self._writer.path

    @property
    def inputs_taken(self) -> int:
        """How many inputs the journal holds."""
        return self._n - 1

    @property
    def closed(self) -> bool:
        """Whether no more inputs can be recorded."""
        return self._writer.closed

    # --- inputs ----------------------------------------------------------------------------

    def _input(self, op: str, args: dict[str, Any], call: Any) -> Any:
        if self._writer.closed:
            raise RecordsError("err_recorder_closed")
        settle(self.drill)
        res = call()
        accepted = None if res is None else bool(res.accepted)
        reason = None
        if res is not None and not res.accepted and res.reason is not None:
            reason = {"zh": res.reason.render("zh"), "en": res.reason.render("en")}
        inp = Input(self._n, self.drill.now_s, op, args, accepted, now_iso(), reason)
        self._journal(inp.to_json())
        self._n += 1
        self._clock_s = max(self._clock_s, inp.t_s)
        return res

    def act(self, action: str, by: str, /, **params: Any) -> ActResult:
        """Take an action now (journaled, accepted or not)."""
        plain = plain_json(params)
        res: ActResult = self._input(
            "act",
            {"action": action, "by": by, "params": plain},
            lambda: self.drill.act(action, by, **plain),
        )
        return res

    def fire_inject(self, inject_id: str) -> ActResult:
        """Deliver one of the scenario's injects now (journaled)."""
        res: ActResult = self._input(
            "fire_inject", {"inject": inject_id}, lambda: self.drill.fire_inject(inject_id)
        )
        return res

    def free_inject(self, text: str, to: str | None = None) -> ActResult:
        """Put a facilitator's message into the feed (journaled)."""
        res: ActResult = self._input(
            "free_inject", {"text": text, "to": to}, lambda: self.drill.free_inject(text, to)
        )
        return res

    def note(self, kind: str, /, **data: Any) -> None:
        """Record a facilitator control (pause, resume, speed, end) in the log (journaled)."""
        plain = plain_json(data)
        self._input("note", {"kind": kind, "data": plain}, lambda: self.drill.note(kind, **plain))

    def apply_step(self, step: Step) -> ActResult:
        """Advance to a playbook step's time and take it (journaled)."""
        self.drill.advance(step.at_s)
        if step.inject is not None:
            return self.fire_inject(step.inject)
        if step.facilitator is not None:
            return self.free_inject(step.facilitator)
        assert step.action is not None and step.by is not None
        return self.act(step.action, step.by, **step.params)

    def advance(self, to_s: float) -> None:
        """Run the drill up to ``to_s`` (not an input: nothing is journaled)."""
        self.drill.advance(to_s)

    def checkpoint(self) -> None:
        """Journal how far the clock has run, so a resume starts there."""
        if self._writer.closed or self.drill.now_s <= self._clock_s:
            return
        self._clock_s = self.drill.now_s
        self._journal({"type": "clock", "t_s": self._clock_s, "wall": now_iso()})

    # --- ending ------------------------------------------------------------------------------

    def active_s(self) -> float:
        """Wall-clock seconds the drill has been running, interruptions left out."""
        now = datetime.now().astimezone()
        return self._prior_active_s + max(0.0, (now - self._segment_start).total_seconds())

    def finish(self) -> dict[str, Any]:
        """Run the drill to its end, write the end line, record the session; the result."""
        if self.result is not None:
            return self.result
        if self._writer.closed:
            raise RecordsError("err_recorder_closed")
        if self._ending is None:
            self.drill.run_to_end()
            result = drill_result(self.drill)
            ended = now_iso()
            duration_s = round(self.active_s(), 3)
            score = result["score"]
            self._ending = (result, ended, duration_s)
            self._journal(
                {
                    "type": "end",
                    "t_s": self.drill.now_s,
                    "wall": ended,
                    "inputs": self.inputs_taken,
                    "total": score["total"],
                    "grade": score["grade"],
                    "active_s": duration_s,
                    "log_sha256": log_sha256(result["events"]),
                }
            )
        else:
            self.flush()
        result, ended, duration_s = self._ending
        if self.pending:
            raise RecordsError(
                "err_journal_write",
                path=self.journal_path,
                why=self.write_problem_why(),
            )
        self._writer.close()
        self.result = result
        if self.history is not None:
            try:
                record_finished(
                    self.history,
                    self.header,
                    self.journal_path,
                    self.drill.scenario,
                    result,
                    ended=ended,
                    duration_s=duration_s,
                )
            except (RecordsError, OSError) as exc:
                self.warnings.append(str(exc))
        return result

    def close(self) -> None:
        """Stop recording without ending the drill (it stays resumable)."""
        with contextlib.suppress(RecordsError):
            self.checkpoint()
        self._writer.close()
        self.pending.clear()
