"""One drill as the app runs it: the settings from the setup screen, the ``sim.Drill``, the
clock that drives it, and what the screens record on the way (refusals with their reasons,
a hazard history for the debrief).

Nothing here imports Textual, so the clock and the facilitator controls are tested without
a screen.

Records (docs/records.md): when the drill starts (:meth:`DrillSession.begin`, called as the
drill screen opens) the session starts a ``sim.records.Recorder``. From then on every input
(actions, injects, the facilitator's messages, pause, resume, speed, end) goes through the
recorder, which journals it and fsyncs it before the input returns; each hazard sample also
journals where the clock stands. When the drill reaches its end the recorder writes the end
line and keeps the session in the history; :meth:`close` (quitting mid-drill) leaves the
journal resumable, and :meth:`DrillSession.from_journal` continues such a drill where it stopped.
A session built without a scenario path (tests, the benchmark) is not recorded.

The clock (docs/contracts.md, The clock): the room's host (``tui.room.host.RoomHost.tick``,
which single-terminal play uses too) calls :meth:`target_after` with the real time elapsed
since the last tick; the sim clock moves on by speed × elapsed (nothing while paused), and
:meth:`advance` runs the plain ``simpy.Environment`` up to that time with ``Drill.advance``.
Nothing blocks: each tick runs only the events due.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim import ActResult, Drill, Lang, Phrase, Prompt, Scenario, Snapshot, drill_result

if TYPE_CHECKING:
    from sim.records import Recorder, Resumed

MODES: tuple[str, ...] = ("coaching", "assessment")
"""The two ways a drill can be run: coaching may help the team, assessment never does."""

SPEEDS: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0)
"""The clock speeds the facilitator can choose (docs/contracts.md, The clock)."""

SAMPLE_S = 5.0
"""Sim seconds between two points of the hazard history (at least; see ``sample_s``)."""

HISTORY_POINTS = 240
"""Most points a history holds: long drills are sampled less often."""


@dataclass
class Participant:
    """A person at the table and the role they play."""

    name: str
    role: str


@dataclass
class Settings:
    """What the setup screen asks for."""

    unit: str = ""
    team: str = ""
    participants: list[Participant] = field(default_factory=list)
    speed: float = 1.0
    seed: int | None = None
    """None: a random seed, drawn when the drill is built and kept in the result."""
    participants_count: int | None = None
    """参演人数 as the team says it (None: the people named, or the roles played)."""
    drill_level: str = ""
    """team, workshop or enterprise (sim.records.campaign)."""
    drill_kind: str = ""
    """comprehensive, special or onsite; '' for the level's default."""
    mode: str = "coaching"
    """How much the participants' screens give away (see ``MODES``): "coaching" (the default
    of ``drillsim play``) shows the answering key beside each prompt, preselects and hints
    at the right choice in dialogs, and lists the optional injects; "assessment" (the
    default of ``drillsim host``) does none of that."""


@dataclass(frozen=True)
class Sample:
    """One point of the history the debrief charts."""

    t_s: float
    peak_level: float
    """The highest level anywhere on site (often at the source itself)."""
    occupied_level: float
    """The highest level at a place where people are."""
    people_safe: int
    people_exposed: int
    """People at places at or above the first threshold."""


@dataclass(frozen=True)
class Refusal:
    """An action the engine refused, with its reason."""

    t_s: float
    action: str
    by: str
    reason: Phrase | None


class DrillSession:
    """A drill being run from the app."""

    def __init__(
        self,
        scenario: Scenario,
        settings: Settings,
        scenario_path: Path | None = None,
        *,
        lang: str = "en",
    ) -> None:
        self.scenario = scenario
        self.settings = settings
        self.scenario_path = scenario_path
        """The scenario's file (the journal keeps it and its SHA-256); None: not recorded."""
        self.lang = lang
        self.seed = settings.seed if settings.seed is not None else random.randrange(1, 2**31)
        self.drill = Drill(scenario, self.seed)
        self.recorder: Recorder | None = None
        self.result_record: dict[str, Any] | None = None
        """The result the recorder kept in the history (once the drill has ended)."""
        self.record_warnings: list[str] = []
        """Problems with the records met on the way (the drill goes on regardless)."""
        self.resumed_from: Resumed | None = None
        self._touched = False
        """Whether the drill has had an input or its clock has moved (too late to record)."""
        self.speed = settings.speed if settings.speed in SPEEDS else 1.0
        self.paused = False
        self.clock_s = 0.0
        """Sim time the clock has reached (the drill is advanced to it on each tick)."""
        self.history: list[Sample] = []
        self.refusals: list[Refusal] = []
        self.reasons: dict[int, Phrase] = {}
        """Refusal reasons by the index of their ``refused`` event in the log."""
        self.ended_early = False
        self.sample_s = max(SAMPLE_S, scenario.duration_s / HISTORY_POINTS)
        self._next_sample_s = 0.0
        self._sample()

    # --- records ---------------------------------------------------------------------------

    def begin(self) -> None:
        """Start recording: a journal and a row in the history (when the scenario's path is
        known and nothing has happened yet). Called as the drill screen opens, so that a
        drill abandoned at the briefing leaves no journal behind."""
        if self.recorder is not None or self.scenario_path is None or self._touched:
            return
        from sim.records import Participant as RecordParticipant
        from sim.records import Recorder

        self.recorder = Recorder.start(
            self.scenario,
            self.scenario_path,
            seed=self.seed,
            unit=self.settings.unit,
            team=self.settings.team,
            participants=[
                RecordParticipant(p.name, p.role) for p in self.settings.participants if p.name
            ],
            lang=self.lang,
            speed=self.speed,
            participants_count=self.settings.participants_count,
            drill_level=self.settings.drill_level,
            drill_kind=self.settings.drill_kind,
            mode=self.settings.mode,
        )
        self.record_warnings.extend(self.recorder.warnings)
        self.drill = self.recorder.drill

    @property
    def session_id(self) -> str | None:
        """The record's id (None when the drill is not recorded)."""
        return None if self.recorder is None else self.recorder.session_id

    @property
    def journal_path(self) -> Path | None:
        """The journal file (None when the drill is not recorded)."""
        return None if self.recorder is None else self.recorder.journal_path

    @classmethod
    def from_journal(cls, resumed: Resumed, *, lang: str = "en") -> DrillSession:
        """Go on with a drill rebuilt from its journal (``sim.records.resume_drill``): the
        clock stands where it stopped, paused; a pause noting the interruption (and any
        journal lines that could not be used) is journaled and shown in the feed."""
        header = resumed.header
        speed = header.speed if header.speed in SPEEDS else 1.0
        ended = False
        for inp in resumed.inputs:
            if inp.op != "note":
                continue
            kind = inp.args.get("kind")
            data = inp.args.get("data") or {}
            if kind == "speed" and data.get("speed") in SPEEDS:
                speed = float(data["speed"])
            ended = ended or kind == "end"
        settings = Settings(
            unit=header.unit,
            team=header.team,
            participants=[Participant(p.name, p.role) for p in header.participants],
            speed=speed,
            seed=header.seed,
            participants_count=header.participants_count,
            drill_level=header.drill_level,
            drill_kind=header.drill_kind,
            mode=header.mode,
        )
        session = cls(resumed.drill.scenario, settings, resumed.scenario_path, lang=lang)
        session.resumed_from = resumed
        session._rebuild(resumed)
        session.drill = resumed.drill
        session.recorder = resumed.recorder
        session.record_warnings.extend(resumed.recorder.warnings)
        session.clock_s = resumed.drill.now_s
        session.ended_early = ended
        if session.finished:
            session._finish_record()
        elif not ended:
            session.paused = True
            resumed.recorder.note(
                "pause",
                reason="resumed",
                skipped=[{"line": sk.line, "reason": sk.key} for sk in resumed.skipped],
            )
        return session

    def _rebuild(self, resumed: Resumed) -> None:
        """The hazard history and the refusal reasons up to where the drill stopped, from a
        second replay of the journaled inputs (the engine keeps no level history)."""
        drill = Drill(self.scenario, self.seed, platoon_limit=resumed.header.platoon_limit)
        self.drill = drill
        self.history = []
        self._next_sample_s = 0.0
        self._sample()
        for inp in resumed.inputs:
            self.advance(inp.t_s)
            drill.advance(drill.now_s)
            res = inp.apply(drill)
            if res is not None and not res.accepted:
                self._keep_refusal(inp.args.get("action", ""), inp.args.get("by", ""), res)
        self.advance(resumed.drill.now_s)

    def _finish_record(self) -> None:
        """The drill is over: the recorder writes the end line and keeps the history (when
        the journal cannot be written, the problem is kept and the drill stays resumable)."""
        rec = self.recorder
        if rec is None or rec.closed:
            return
        from sim.records import RecordsError

        try:
            self.result_record = rec.finish()
        except RecordsError as exc:
            self.record_warnings.append(exc.render("zh" if self.lang == "zh" else "en"))
            return
        self.record_warnings.extend(rec.warnings)

    def write_problem(self, lang: Lang) -> str | None:
        """Why the journal cannot be written now (a full disk), in one line; None when it
        can. While there is a problem the inputs are kept in memory, in order."""
        if self.recorder is None or self.recorder.closed:
            return None
        return self.recorder.write_problem(lang)

    def close(self) -> None:
        """Stop recording without ending the drill (quitting mid-drill): the journal keeps
        where the clock stood, and the drill can be resumed."""
        if self.recorder is not None and not self.recorder.closed:
            self.recorder.close()

    # --- the clock ---------------------------------------------------------------------

    @property
    def duration_s(self) -> float:
        """Length of the drill, sim seconds."""
        return self.scenario.duration_s

    @property
    def finished(self) -> bool:
        """Whether the drill has reached its end."""
        return self.drill.finished

    def target_after(self, real_elapsed_s: float) -> float:
        """Move the clock on by speed × real time elapsed (not while paused); the new time."""
        if not self.paused and not self.finished and real_elapsed_s > 0:
            self.clock_s = min(self.duration_s, self.clock_s + self.speed * real_elapsed_s)
        return self.clock_s

    def advance(self, to_s: float) -> None:
        """Run the drill up to ``to_s``, taking history samples on the way."""
        to_s = min(float(to_s), self.duration_s)
        self.clock_s = max(self.clock_s, to_s)
        self._touched = self._touched or to_s > 0
        while not self.finished and self.drill.now_s < to_s:
            step = min(to_s, self._next_sample_s)
            if step <= self.drill.now_s:
                step = to_s
            self.drill.advance(step)
            if self.drill.now_s >= self._next_sample_s or self.finished:
                self._sample()
        if self.finished:
            self._finish_record()

    def step(self, sim_s: float) -> None:
        """Advance by ``sim_s`` sim seconds (tests and the benchmark drive the clock so)."""
        self.advance(self.drill.now_s + sim_s)

    def _sample(self) -> None:
        snap = self.drill.snapshot(tail=0)
        exposed = int(snap.people[snap.severities >= 1].sum()) if len(snap.thresholds) else 0
        peak = float(snap.levels.max()) if snap.levels.size else 0.0
        occupied = snap.levels[snap.people > 0]
        at_people = float(occupied.max()) if occupied.size else 0.0
        safe = int(snap.counts.get("safe", 0))
        self.history.append(Sample(snap.t_s, peak, at_people, safe, exposed))
        self._next_sample_s = snap.t_s + self.sample_s
        if self.recorder is not None and not self.recorder.closed:
            self.recorder.checkpoint()

    def snapshot(self) -> Snapshot:
        """What the screen shows now."""
        return self.drill.snapshot(tail=0)

    # --- facilitator controls (each lands in the event log) ------------------------------

    def set_speed(self, speed: float) -> bool:
        """Change the clock speed; False if it is not one of :data:`SPEEDS` or unchanged."""
        if speed not in SPEEDS or speed == self.speed:
            return False
        self.speed = speed
        self._note("speed", speed=speed)
        return True

    def faster(self) -> bool:
        """The next speed up."""
        bigger = [x for x in SPEEDS if x > self.speed]
        return self.set_speed(bigger[0]) if bigger else False

    def slower(self) -> bool:
        """The next speed down."""
        smaller = [x for x in SPEEDS if x < self.speed]
        return self.set_speed(smaller[-1]) if smaller else False

    def pause(self) -> bool:
        """Stop the clock."""
        if self.paused or self.finished:
            return False
        self.paused = True
        self._note("pause")
        return True

    def resume(self) -> bool:
        """Restart the clock (not while the journal cannot be written: False then)."""
        if not self.paused or self.finished:
            return False
        if self.recorder is not None and not self.recorder.closed and not self.recorder.flush():
            return False
        self.paused = False
        self._note("resume")
        return True

    def optional_injects(self) -> list[str]:
        """Ids of the scenario's optional injects not sent yet."""
        return [
            i.id
            for i in self.scenario.injects
            if i.optional and self.drill.happened(f"inject:{i.id}") is None
        ]

    def fire_inject(self, inject_id: str) -> ActResult:
        """Send one of the scenario's injects now."""
        if self.recorder is not None:
            return self.recorder.fire_inject(inject_id)
        self._settle()
        return self.drill.fire_inject(inject_id)

    def free_inject(self, text: str, to: str | None = None) -> ActResult:
        """Put the facilitator's own message into the feed."""
        if self.recorder is not None:
            return self.recorder.free_inject(text, to)
        self._settle()
        return self.drill.free_inject(text, to)

    def _note(self, kind: str, **data: Any) -> None:
        if self.recorder is not None:
            self.recorder.note(kind, **data)
        else:
            self._settle()
            self.drill.note(kind, **data)

    def _settle(self) -> None:
        """Let the drill process everything due now before an input, as the recorder and
        the replay do, so that a recorded and an unrecorded drill behave the same."""
        self._touched = True
        self.drill.advance(self.drill.now_s)

    def end(self) -> None:
        """End the drill now: the world runs on to the scenario's end without the team."""
        self.stop()
        self.advance(self.duration_s)

    def stop(self) -> None:
        """Mark the drill as ended by the facilitator (the caller then runs it to the end,
        at once with :meth:`end`, or in steps so that the screen stays responsive)."""
        if self.finished or self.ended_early:
            return
        self.ended_early = True
        self.paused = False
        self._note("end", at_s=self.drill.now_s)

    # --- actions -------------------------------------------------------------------------

    def act(self, action_id: str, by: str, params: dict[str, Any]) -> ActResult:
        """Take an action now; a refusal is kept with its reason."""
        if self.recorder is not None:
            result = self.recorder.act(action_id, by, **params)
        else:
            self._settle()
            result = self.drill.act(action_id, by, **params)
        if not result.accepted:
            self._keep_refusal(action_id, by, result)
        return result

    def _keep_refusal(self, action_id: str, by: str, result: ActResult) -> None:
        self.reasons[len(self.drill.log) - 1] = result.reason or Phrase("refuse_finished")
        self.refusals.append(Refusal(self.drill.now_s, action_id, by, result.reason))

    def allowed_roles(self, action_id: str) -> list[str]:
        """Roles that may take the action (every role when the action names none)."""
        action = self.scenario.action(action_id)
        return list(action.roles) or [r.id for r in self.scenario.roles]

    def role_free(self, role_id: str) -> bool:
        """Whether a role-player is free to act now."""
        role = self.drill.roles[role_id]
        return role.busy_until_s <= self.drill.now_s and role.harm != "casualty"

    def default_role(self, action_id: str) -> str:
        """Who acts unless the user says otherwise: the first allowed role that is free."""
        allowed = self.allowed_roles(action_id)
        free = [r for r in allowed if self.role_free(r)]
        return (free or allowed)[0]

    def prompts(self) -> list[Prompt]:
        """Prompts waiting for an answer."""
        pending: list[Prompt] = self.drill.pending()["prompts"]
        return pending

    def actions(self) -> list[dict[str, Any]]:
        """Every action with whether it can be taken now and, if not, why."""
        rows: list[dict[str, Any]] = self.drill.pending()["actions"]
        return rows

    def participants_in(self, role_id: str) -> list[str]:
        """Names of the participants playing a role."""
        return [p.name for p in self.settings.participants if p.role == role_id and p.name]

    # --- the result ------------------------------------------------------------------------

    def result(self) -> dict[str, Any]:
        """The engine's result object (docs/contracts.md)."""
        return drill_result(self.drill)

    def record(self, lang: str) -> dict[str, Any]:
        """The result with what the app adds: the team, the settings and the hazard history."""
        out = self.result()
        out["session"] = {
            "unit": self.settings.unit,
            "team": self.settings.team,
            "participants": [{"name": p.name, "role": p.role} for p in self.settings.participants],
            "speed": self.speed,
            "lang": lang,
            "ended_early": self.ended_early,
            "hazard_history": [
                {
                    "t_s": round(x.t_s, 3),
                    "peak_level": round(x.peak_level, 6),
                    "occupied_level": round(x.occupied_level, 6),
                    "people_safe": x.people_safe,
                    "people_exposed": x.people_exposed,
                }
                for x in self.history
            ],
        }
        return out
