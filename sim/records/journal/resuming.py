"""Unfinished drills: finding their journals, listing the ones with no end line, recording
the ones the history misses, and continuing a drill from its journal.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sim.bounded import ReadError
from sim.drill import Drill
from sim.playbook import Step
from sim.records.errors import RecordsError
from sim.records.history import History
from sim.records.journal.lines import Header, Input
from sim.records.journal.reading import Skipped, read_journal
from sim.records.journal.recording import Recorder, record_finished
from sim.records.journal.replaying import replay
from sim.records.journal.writing import JournalWriter, in_use
from sim.records.paths import journal_path, journals_dir, now_iso


@dataclass(frozen=True)
class JournalSummary:
    """An unfinished drill, as ``drillsim resume`` lists it."""

    path: Path
    header: Header
    inputs: int
    clock_s: float
    skipped: list[Skipped]
    in_use: bool
    """Another process is running it now."""

    @property
    def session(self) -> str:
        """The session id."""
        return self.header.session


def find_journal(session: str) -> Path:
    """A session's journal: a path, a session id, or a unique prefix of one."""
    p = Path(session)
    if p.suffix == ".jsonl" or os.sep in session:
        if p.is_file():
            return p
        if p.exists():
            key = "in_folder" if p.is_dir() else "in_not_regular"
            raise RecordsError("err_journal_unusable", why=ReadError(key, p))
        raise RecordsError("err_no_journal", path=p)
    exact = journal_path(session)
    if exact.is_file():
        return exact
    folder = journals_dir()
    found = (
        sorted(f for f in folder.glob(f"{session}*.jsonl") if f.is_file())
        if folder.is_dir()
        else []
    )
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise RecordsError(
            "err_ambiguous_session", id=session, matches=", ".join(f.stem for f in found[:6])
        )
    raise RecordsError("err_no_session", id=session)


def unfinished() -> list[JournalSummary]:
    """Drills whose journal has no end line, oldest first."""
    folder = journals_dir()
    out: list[JournalSummary] = []
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.jsonl")):
        try:
            read = read_journal(path)
        except RecordsError:
            continue
        if read.finished:
            continue
        out.append(
            JournalSummary(
                path, read.header, len(read.inputs), read.clock_s, read.skipped, in_use(path)
            )
        )
    return out


def record_missing(history: History | None = None) -> list[str]:
    """Record in the history every finished journal it does not hold as finished, so that a
    crash between the journal's end line and the history write heals at the next start;
    the sessions recorded. Journals that cannot be replayed (a changed scenario, damage)
    and a history that cannot be written are left as they are."""
    folder = journals_dir()
    if not folder.is_dir():
        return []
    history = history or History()
    try:
        done = history.finished_ids()
    except RecordsError:
        return []
    out: list[str] = []
    for path in sorted(folder.glob("*.jsonl")):
        if path.stem in done:
            continue
        try:
            read = read_journal(path)
            header = read.header
            if not read.finished or not header.record or header.session in done or in_use(path):
                continue
            rp = replay(path, read=read)
            end = read.end or {}
            record_finished(
                history,
                read.header,
                path,
                rp.drill.scenario,
                rp.result(),
                ended=str(end.get("wall") or read.last_wall),
                duration_s=end.get("active_s", read.active_s),
            )
        except (RecordsError, OSError, ValueError):
            continue
        out.append(read.header.session)
    return out


@dataclass
class Resumed:
    """A drill rebuilt from its journal, ready to go on."""

    drill: Drill
    recorder: Recorder
    header: Header
    inputs: list[Input]
    """The inputs replayed."""
    skipped: list[Skipped]
    """Journal lines that could not be used (damaged, truncated, or after those)."""
    damaged_copy: Path | None
    """Where the damaged journal was kept before it was repaired."""
    scenario_path: Path
    scenario_changed: bool = False


def resume_drill(
    session: str, *, force: bool = False, history: History | None = None, record: bool = True
) -> Resumed:
    """Continue an unfinished drill: replay its journal up to the last good input (and the
    last clock line), repair the file if it was damaged, and return a recorder that goes on
    appending to it. ``session`` is a session id (or a unique prefix) or a journal path."""
    path = find_journal(session)
    writer = JournalWriter.open_locked(path, Path(path).stem)
    try:
        read = read_journal(path)
        if read.finished:
            raise RecordsError("err_finished", session=read.header.session)
        rp = replay(path, force=force, read=read)
        damaged_copy = writer.replace_with(read.good_lines) if read.needs_repair else None
        writer.write(
            {
                "type": "resume",
                "wall": now_iso(),
                "t_s": rp.drill.now_s,
                "skipped": [s.to_json() for s in read.skipped],
                "repaired_from": damaged_copy.name if damaged_copy else None,
            }
        )
    except BaseException:
        writer.close()
        raise
    hist = (history or History()) if record else None
    recorder = Recorder(
        rp.drill,
        writer,
        read.header,
        history=hist,
        next_n=len(read.inputs) + 1,
        prior_active_s=read.active_s,
        clock_s=read.clock_s,
    )
    if hist is not None:
        try:
            if not hist.has_session(read.header.session):
                recorder._save_running()
        except (RecordsError, OSError) as exc:
            recorder.warnings.append(str(exc))
    return Resumed(
        drill=rp.drill,
        recorder=recorder,
        header=read.header,
        inputs=list(read.inputs),
        skipped=list(read.skipped),
        damaged_copy=damaged_copy,
        scenario_path=rp.scenario_path,
        scenario_changed=rp.scenario_changed,
    )


def remaining_steps(steps: Sequence[Step], inputs: Sequence[Input]) -> list[Step]:
    """The playbook steps still to take after these journaled inputs.

    When the journal's inputs (notes aside) are the playbook's first steps, the rest follow;
    otherwise the steps after the last input's sim time.
    """
    taken = [i for i in inputs if i.op != "note"]
    ordered = sorted(steps, key=lambda s: s.at_s)
    if len(taken) <= len(ordered) and all(
        i.matches(s) for i, s in zip(taken, ordered, strict=False)
    ):
        return list(ordered[len(taken) :])
    last = taken[-1].t_s if taken else -1.0
    return [s for s in ordered if s.at_s > last]
