"""The drill journal: every input of a drill, written as it happens, so that a drill can be
replayed exactly and continued after a crash.

A journal is a JSON Lines file, ``<home>/journals/<session>.jsonl``:

- a ``header`` line: the session id, the scenario (id, path, SHA-256 of the file's bytes,
  title, category), seed, engine version, unit, team, participants, language and speed;
- one ``input`` line per input of the drill, in order, with its sim time: ``act`` (an
  action), ``fire_inject``, ``free_inject`` (facilitator messages) and ``note`` (pause,
  resume, speed, end). Refused inputs are journaled too: a refusal is an event of the log,
  and the replay must give the same log;
- ``clock`` lines: how far the clock had run (written by :meth:`Recorder.checkpoint`), so
  a resumed drill starts where the clock stood, not at the last input;
- a ``resume`` line each time a drill is continued, with what was skipped;
- an ``end`` line when the drill is over, with the total and a SHA-256 of the event log, so
  a replay can prove it rebuilt the same log byte for byte.

Every line carries a CRC-32 of its content, and is written with one ``write`` then
``os.fsync``: a process that is killed (``kill -9``, a power cut) loses no input already
taken. Reading is tolerant: a truncated last line or a damaged line is skipped and
reported (:class:`Skipped`), and everything after the first damaged line is skipped too,
because inputs after a lost one would no longer give the same drill.

Inputs are applied by :class:`Recorder`, which the app and headless runs use instead of
calling the drill's input methods directly. Before each input it lets the drill catch up
with everything due at the current sim time (``Drill.advance(now)``), exactly as the
replay does, so that live runs and replays see the same world at every input.

API for the terminal app::

    rec = Recorder.start(scenario, scenario_path, seed=seed, unit=..., team=...,
                         participants=[Participant("张三", "leader")], lang="zh", speed=1.0)
    drill = rec.drill                      # drive it with drill.advance(t) as before
    rec.act("alarm", "leader", scope="all")   # instead of drill.act(...)
    rec.fire_inject("smoke"); rec.free_inject("text", to="leader")
    rec.note("pause")                      # instead of drill.note(...)
    rec.checkpoint()                       # now and then: where the clock stands
    result = rec.finish()                  # runs to the end, writes the end line and
                                           # records the session in the history
    rec.close()                            # quitting mid-drill: the drill stays resumable

    unfinished()                           # drills with no end line, to offer to continue
    r = resume_drill(session_id)           # -> Resumed(drill, recorder, header, skipped, ...)
    r.drill, r.recorder, r.header          # continue as above
    replay(journal_path)                   # -> Replay: the rebuilt drill, hazard samples

The journal is one concept per module: :mod:`.lines` (the line format, the header and the
inputs), :mod:`.reading` (:func:`read_journal`), :mod:`.writing` (:class:`JournalWriter`),
:mod:`.replaying` (:func:`replay`), :mod:`.recording` (:class:`Recorder`) and
:mod:`.resuming` (:func:`unfinished`, :func:`resume_drill`). Import from this package.
"""

from __future__ import annotations

from sim.records.journal.lines import (
    HAZARD_SAMPLE_S,
    JOURNAL_FORMAT,
    JOURNAL_MAX_BYTES,
    LINE_DEPTH,
    LINE_MAX_BYTES,
    OPS,
    Header,
    Input,
    both_langs,
    canonical,
    encode_line,
    file_sha256,
    line_crc,
    log_sha256,
    plain_json,
)
from sim.records.journal.reading import (
    JournalRead,
    Skipped,
    read_journal,
)
from sim.records.journal.recording import (
    Recorder,
    expectation_rows,
    record_finished,
    session_record,
)
from sim.records.journal.replaying import (
    Divergence,
    HazardSample,
    Replay,
    load_scenario_for,
    locate_scenario,
    replay,
    settle,
)
from sim.records.journal.resuming import (
    JournalSummary,
    Resumed,
    find_journal,
    record_missing,
    remaining_steps,
    resume_drill,
    unfinished,
)
from sim.records.journal.writing import (
    JournalWriter,
    in_use,
)

__all__ = [
    "HAZARD_SAMPLE_S",
    "JOURNAL_FORMAT",
    "JOURNAL_MAX_BYTES",
    "LINE_DEPTH",
    "LINE_MAX_BYTES",
    "OPS",
    "Divergence",
    "HazardSample",
    "Header",
    "Input",
    "JournalRead",
    "JournalSummary",
    "JournalWriter",
    "Recorder",
    "Replay",
    "Resumed",
    "Skipped",
    "both_langs",
    "canonical",
    "encode_line",
    "expectation_rows",
    "file_sha256",
    "find_journal",
    "in_use",
    "line_crc",
    "load_scenario_for",
    "locate_scenario",
    "log_sha256",
    "plain_json",
    "read_journal",
    "record_finished",
    "record_missing",
    "remaining_steps",
    "replay",
    "resume_drill",
    "session_record",
    "settle",
    "unfinished",
]
