"""The drill: one SimPy environment holding the site, the people, the responders, the
hazard and an append-only event log, driven by ``advance`` and ``act``.

Drivers (the terminal app's timer, or a headless playbook) call :meth:`Drill.advance`
with a sim time and :meth:`Drill.act` with an action; the world keeps moving in between.
All randomness comes from one seeded generator owned by the drill, drawn in a fixed order,
so the same scenario, seed and actions at the same sim times give the same event log.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from typing import Any

import networkx as nx
import numpy as np
import simpy

from sim.actions import ActionEngine
from sim.harm import HARM_CODES, DoseModel
from sim.hazards import ActionDone, Hazard, build_hazard
from sim.hazards.base import Harm
from sim.i18n import Phrase
from sim.ledger import LedgerEntry, LevelRecord, levels_sample_s, person_state, tally
from sim.movement import Crowd
from sim.scenario import Inject, Responder, Scenario
from sim.site import SiteGraph
from sim.state import ActResult, Agent, Event, Prompt, ResponderState, RoleState, Snapshot

ENGINE_VERSION = "2"
"""Bumped whenever the same inputs would give a different event log."""

PLATOON_LIMIT = 2500
"""Above this many walkers, people move in platoons so that there are at most this many
movement processes (SFPE's hydraulic model is a crowd model; platoons of a few people keep
its flows and densities)."""

_HARM_RANK = {None: 0, "injured": 1, "casualty": 2}
_NOT_HURT_AT_START = (None, "trapped", "overcome")
"""Casualty kinds that are not an injury the incident caused at the start: none, trapped
(unhurt), and overcome (set when the dose overcomes someone during the drill, which the
outcome score charges; docs/models.md, the people ledger)."""


SEED_MAX = 2**63 - 1
"""Largest seed: seeds are kept in the history as SQLite integers (signed 64-bit)."""


class Drill:
    """A running drill. See the module docstring."""

    def __init__(
        self,
        scenario: Scenario,
        seed: int = 1,
        *,
        platoon_limit: int = PLATOON_LIMIT,
        level_series: bool = True,
    ):
        """``level_series=False`` leaves the level series (``outcome.levels``) empty, for
        runs that are only summarised; everything else is the same."""
        self.scenario = scenario
        self.seed = int(seed)
        if not 0 <= self.seed <= SEED_MAX:
            raise ValueError(f"seed must be from 0 to {SEED_MAX}, not {self.seed}")
        self.env = simpy.Environment()
        self.rng = np.random.Generator(np.random.PCG64(self.seed))
        self.site = SiteGraph(scenario)
        self.log: list[Event] = []
        self.finished = False
        self._listeners: dict[str, list[Callable[[], None]]] = {}
        self._fired: dict[str, float] = {}
        self._sparse: set[tuple[str, str]] = set()
        self.prompts: list[Prompt] = []
        self.cordon: dict[str, Any] | None = None
        self.done: dict[str, float] = {}
        self.started: dict[str, float] = {}
        self.responders = {r.id: ResponderState(r.id) for r in scenario.responders}
        self.emit("start", scenario=scenario.id, seed=self.seed, engine=ENGINE_VERSION)
        self.crowd = Crowd(self, scenario.population, platoon_limit)
        self.hazard: Hazard = build_hazard(scenario.hazard, self)
        n_sev = len(self.hazard.thresholds()) + 1
        self.exposure_s = np.zeros((len(self.crowd.agents), n_sev))
        self.dose = np.zeros(len(self.crowd.agents))
        self.roles = {r.id: RoleState(r.id, exposure_s=np.zeros(n_sev)) for r in scenario.roles}
        n_agents = len(self.crowd.agents)
        sensitive = np.array(
            [a.mobility != "able" for a in self.crowd.agents] + [False] * len(self.roles),
            dtype=bool,
        )
        self.dose_model: DoseModel | None = self.hazard.dose_model(
            n_agents + len(self.roles), self.rng, sensitive
        )
        """Harm from dose per person (agents, then role-players in scenario order), or None
        where the hazard model judges by time at each severity."""
        self.harm_codes = np.zeros(n_agents + len(self.roles), dtype=np.int64)
        self._agent_rows = np.arange(n_agents)
        self._model_codes: np.ndarray | None = None
        """The dose model's codes when they were last applied (a model that keeps its
        codes while no dose is added hands out the same array)."""
        """Each person's harm from the dose so far (sim.harm.HARM_CODES), never lower."""
        self.untenable_since: dict[str, float] = {}
        self._untenable_mask = b""
        """The untenable places at the last exposure tick (bytes of the mask)."""
        self._counts_cache: tuple[tuple[float, int], dict[str, int]] | None = None
        self._offsite_groups = frozenset(g.id for g in scenario.population if g.offsite)
        self.level_record = LevelRecord(
            self.site.node_ids,
            self.site.on_site,
            self.hazard.unit,
            levels_sample_s(scenario.duration_s),
            keep_series=level_series,
        )
        self.actions = ActionEngine(self)
        self.crowd.start()
        self.hazard.start()
        self._schedule_injects()
        self.sample_levels()
        self.env.process(self._exposure())
        self._end_ev = self.env.timeout(scenario.duration_s)

    # --- HazardContext ----------------------------------------------------------------

    def emit(self, kind: str, /, **data: Any) -> None:
        """Append an event at the current sim time."""
        self.log.append(Event(float(self.env.now), kind, data))

    def harm(self, nodes: Iterable[str], outcome: Harm, cause: str) -> int:
        """Harm everyone at these nodes now (people and role-players); returns how many."""
        node_set = set(nodes)
        count = 0
        for a in self.crowd.agents:
            if a.node in node_set and _HARM_RANK[outcome] > _HARM_RANK[a.harm]:
                a.harm = outcome
                count += a.size
        for r in self.roles.values():
            if r.node in node_set and _HARM_RANK[outcome] > _HARM_RANK[r.harm]:
                r.harm = outcome
                count += 1
        if count:
            self.emit("harm", outcome=outcome, cause=cause, people=count, nodes=sorted(node_set))
            if outcome == "casualty":
                self.milestone("first_casualty", cause=cause)
        return count

    def blast(self, overpressure_pa: np.ndarray, cause: str) -> None:
        """A blast reaches everyone now: each person's overpressure is the one at their
        node (on a way, between its two ends) and the dose model judges it per person."""
        model = self.dose_model
        if model is None:
            return
        n_agents = len(self.crowd.agents)
        if n_agents:
            at_people = self.crowd.levels_at_people(overpressure_pa, self.now_s)
            idx = np.arange(n_agents)
            model.blast(idx, at_people, self.site.indoor[self.crowd.loc])
        for j, r in enumerate(self.roles.values()):
            if r.node is not None:
                k = self.site.index[r.node]
                model.blast(
                    np.array([n_agents + j]),
                    overpressure_pa[k : k + 1],
                    self.site.indoor[k : k + 1],
                )
        self._apply_dose_harm(model, cause)

    def casualty_agents(self) -> list[Agent]:
        """People who were casualties from the start (trapped, injured), in a fixed order."""
        return [a for a in self.crowd.agents if a.casualty_kind is not None]

    def occupants(self, node: str) -> int:
        """People at a node now."""
        return self.crowd.people_at(node)

    # --- events, milestones, listeners --------------------------------------------------

    def milestone(self, name: str, /, **data: Any) -> None:
        """Log a milestone once and fire what waits on it."""
        if self.fire(f"milestone:{name}"):
            self.emit("milestone", name=name, **data)

    def fire(self, ref: str) -> bool:
        """Mark an event reference as happened (first time only) and run its listeners."""
        if ref in self._fired:
            return False
        self._fired[ref] = float(self.env.now)
        for fn in self._listeners.pop(ref, []):
            fn()
        return True

    def when(self, ref: str, fn: Callable[[], None]) -> None:
        """Run ``fn`` when the event ``ref`` happens (at once if it already has)."""
        if ref == "start" or ref in self._fired:
            fn()
        else:
            self._listeners.setdefault(ref, []).append(fn)

    def happened(self, ref: str) -> float | None:
        """When the event ``ref`` first happened, if it has."""
        return 0.0 if ref == "start" else self._fired.get(ref)

    def log_sparse(self, kind: str, /, group: str, **data: Any) -> None:
        """Log an event only the first time it happens for a population group."""
        if (kind, group) not in self._sparse:
            self._sparse.add((kind, group))
            self.emit(kind, group=group, **data)

    # --- injects and prompts ------------------------------------------------------------

    def _schedule_injects(self) -> None:
        for inj in self.scenario.injects:
            if inj.optional:
                continue
            if inj.at_s is not None:
                self.env.process(self._deliver_later(inj, inj.at_s))
            elif inj.trigger is not None:
                self.when(inj.trigger, lambda inj=inj: self._deliver_after(inj))  # type: ignore[misc]

    def _deliver_after(self, inj: Inject) -> None:
        if inj.delay_s > 0:
            self.env.process(self._deliver_later(inj, self.env.now + inj.delay_s))
        else:
            self._deliver(inj)

    def _deliver_later(self, inj: Inject, at_s: float) -> Generator[simpy.Event, Any, None]:
        if at_s > self.env.now:
            yield self.env.timeout(at_s - self.env.now)
        if self.happened(f"inject:{inj.id}") is None:  # not already fired by hand
            self._deliver(inj)

    def _deliver(self, inj: Inject, by_facilitator: bool = False) -> None:
        deadline = self.env.now + inj.respond_within_s if inj.respond_within_s else None
        self.emit(
            "inject",
            id=inj.id,
            to=inj.to,
            prompt=inj.prompt,
            deadline_s=deadline,
            facilitator=by_facilitator,
        )
        if inj.prompt:
            p = Prompt(inj.id, inj.to, inj.expects, float(self.env.now), deadline)
            if inj.expects is not None and inj.expects in self.started:
                p.answered_s = float(self.env.now)
            self.prompts.append(p)
            if deadline is not None and p.answered_s is None:
                self.env.process(self._expire(p))
        if inj.wind is not None:
            self.hazard.react(
                ActionDone(
                    id=inj.id,
                    kind="weather_change",
                    role="facilitator",
                    t_s=self.now_s,
                    node=None,
                    params=inj.wind.model_dump(exclude_none=True),
                )
            )
        self.fire(f"inject:{inj.id}")

    def _expire(self, p: Prompt) -> Generator[simpy.Event, Any, None]:
        assert p.deadline_s is not None
        yield self.env.timeout(p.deadline_s - self.env.now)
        if p.answered_s is None:
            p.expired = True
            self.emit("prompt_expired", inject=p.inject, to=p.role)

    def fire_inject(self, inject_id: str) -> ActResult:
        """Deliver one of the scenario's injects now (facilitator control)."""
        inj = next((i for i in self.scenario.injects if i.id == inject_id), None)
        if inj is None:
            return ActResult(False, Phrase("refuse_unknown_inject", id=inject_id))
        if self.finished:
            return ActResult(False, Phrase("refuse_finished"))
        if self.happened(f"inject:{inject_id}") is not None:
            return ActResult(False, Phrase("refuse_inject_sent", id=inject_id))
        self._deliver(inj, by_facilitator=True)
        return ActResult(True)

    def free_inject(self, text: str, to: str | None = None) -> ActResult:
        """Put a facilitator's free-text message into the feed and the log."""
        if self.finished:
            return ActResult(False, Phrase("refuse_finished"))
        if to is not None and to not in self.roles:
            return ActResult(False, Phrase("refuse_unknown_role", role=to))
        self.emit("facilitator", text=text, to=to)
        return ActResult(True)

    def note(self, kind: str, /, **data: Any) -> None:
        """Record a facilitator control (pause, resume, speed) in the log."""
        self.emit("control", action=kind, **data)

    # --- exposure bookkeeping -------------------------------------------------------------

    def _exposure(self) -> Generator[simpy.Event, Any, None]:
        dt = self.hazard.tick_s
        if dt <= 0:  # no hazard to be exposed to: only the level record's samples
            dt = self.level_record.series_s
            while True:
                yield self.env.timeout(dt)
                self.sample_levels()
        while True:
            yield self.env.timeout(dt)
            self.sample_exposure(dt)

    def occupied_nodes(self) -> np.ndarray:
        """Whether each node has somebody at it now (people or role-players)."""
        occupied = self.crowd.node_count > 0
        if any(r.node is not None for r in self.roles.values()):
            occupied = occupied.copy()
            for r in self.roles.values():
                if r.node is not None:
                    occupied[self.site.index[r.node]] = True
        return occupied

    def sample_levels(self, levels: np.ndarray | None = None) -> None:
        """Record the levels now in the drill's level record (peaks and series)."""
        lv = self.hazard.levels() if levels is None else levels
        self.level_record.sample(self.now_s, lv, self.occupied_nodes())

    def sample_exposure(self, dt_s: float) -> None:
        """Add ``dt_s`` at the current levels to everyone's exposure record."""
        levels = self.hazard.levels()
        self.sample_levels(levels)
        loc = self.crowd.loc
        model = self.dose_model
        if loc.size:
            at_people = self.crowd.levels_at_people(levels, self.now_s)
            # One cell per agent (a row each), so adding in place is np.add.at's sum.
            self.exposure_s[self._agent_rows, self.hazard.severities(at_people)] += dt_s
            self.dose += at_people * dt_s
            if model is not None:
                alive = (self.harm_codes[: loc.size] < 3).nonzero()[0]
                model.charge(alive, at_people[alive], dt_s)
        n_agents = loc.size
        sev: np.ndarray | None = None
        for j, r in enumerate(self.roles.values()):
            if r.node is not None and not r.ppe:
                if sev is None:
                    sev = self.hazard.severities(levels)
                i = self.site.index[r.node]
                r.exposure_s[sev[i]] += dt_s
                r.dose += float(levels[i]) * dt_s
                if model is not None and self.harm_codes[n_agents + j] < 3:
                    model.charge(np.array([n_agents + j]), levels[i : i + 1], dt_s)
        if model is not None:
            self._apply_dose_harm(model)
        untenable = self.hazard.untenable(levels)
        self.crowd.set_smoke(self.hazard.extinction_per_m(levels))
        blocked_mask = untenable | self.hazard.obscured(levels)
        if blocked_mask.any():
            mask = untenable.tobytes() + blocked_mask.tobytes()
            if mask == self._untenable_mask and self.crowd.blocked:
                return  # the same places as at the last tick: already logged and blocked
            self._untenable_mask = mask
            now = float(self.env.now)
            newly = []
            for k in np.nonzero(untenable)[0]:
                nid = self.site.node_ids[int(k)]
                if nid not in self.untenable_since:
                    self.untenable_since[nid] = now
                    newly.append(nid)
            if newly:
                self.emit("untenable", nodes=newly)
            blocked = frozenset(self.site.node_ids[i] for i in np.nonzero(blocked_mask)[0])
            if blocked != self.crowd.blocked:
                self.crowd.set_blocked(blocked)
        else:
            self._untenable_mask = b""
            if self.crowd.blocked:
                self.crowd.set_blocked(frozenset())

    def _apply_dose_harm(self, model: DoseModel, cause: str | None = None) -> None:
        """What the dose did since the last tick: injured people slow down, incapacitated
        people stop where they are and need rescue, the dead stop; role-players who are
        overcome can no longer act."""
        latest = model.codes()
        if latest is self._model_codes:
            return  # no dose since they were applied: harm_codes already holds them
        self._model_codes = latest
        codes = np.maximum(latest, self.harm_codes)
        changed = (codes != self.harm_codes).nonzero()[0]
        if not changed.size:
            return
        self.harm_codes = codes
        n_agents = len(self.crowd.agents)
        roles = list(self.roles.values())
        newly: dict[str, tuple[int, set[str]]] = {}
        for i in changed.tolist():
            code = int(codes[i])
            harm = HARM_CODES[code]
            if i < n_agents:
                a = self.crowd.agents[i]
                size, node = a.size, a.node
                if code >= 2:
                    self.crowd.stop(a, dead=code == 3)
                new: Harm = "casualty" if code == 3 else "injured"
                if _HARM_RANK[new] > _HARM_RANK[a.harm]:
                    a.harm = new
            else:
                r = roles[i - n_agents]
                size, node = 1, r.node or ""
                new = "casualty" if code == 3 else "injured"
                if _HARM_RANK[new] > _HARM_RANK[r.harm]:
                    r.harm = new
                if code >= 2:
                    r.overcome = True
            assert harm is not None
            count, nodes = newly.get(harm, (0, set()))
            newly[harm] = (count + size, nodes | ({node} if node else set()))
        cause = cause or model.cause
        for harm in ("injured", "incapacitated", "casualty"):
            if harm in newly:
                count, nodes = newly[harm]
                if harm == "incapacitated":
                    self.emit("overcome", people=count, nodes=sorted(nodes), cause=cause)
                else:
                    self.emit("harm", outcome=harm, cause=cause, people=count, nodes=sorted(nodes))
        if "casualty" in newly:
            self.milestone("first_casualty", cause=cause)

    # --- driving ------------------------------------------------------------------------

    @property
    def now_s(self) -> float:
        """Sim time now, s."""
        return float(self.env.now)

    def advance(self, to_s: float) -> None:
        """Run the world up to ``to_s`` (never past the end). Cheap when nothing happens.

        Everything due at ``to_s`` itself happens too, so an action taken right after sees
        the world as it is at that moment (an action that ends then is complete).
        """
        if self.finished:
            return
        end = self.scenario.duration_s
        target = min(float(to_s), end)
        env = self.env
        if target > env.now:
            env.run(until=target)
        while env.peek() <= target:
            env.step()
        if target >= end:
            self._finish()

    def run_to_end(self) -> None:
        """Run until the scenario's duration and close the log."""
        self.advance(self.scenario.duration_s)

    def act(self, action: str, by: str, /, **params: Any) -> ActResult:
        """Take an action as role ``by`` now; accepted, or refused with the reason."""
        return self.actions.act(action, by, params)

    def _finish(self) -> None:
        if self.finished:
            return
        self.finished = True
        self.sample_levels()
        self.emit("end", outcome=self.outcome())

    # --- views --------------------------------------------------------------------------

    def clock(self, t_s: float | None = None) -> str:
        """Wall-clock time at sim time ``t_s`` (default: now), 'HH:MM:SS'."""
        t = self.env.now if t_s is None else t_s
        h, m = (int(x) for x in self.scenario.start_clock.split(":"))
        total = (h * 3600 + m * 60 + int(t)) % 86400
        return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"

    def snapshot(self, tail: int = 12) -> Snapshot:
        """Time, people and hazard per node, responders, roles, prompts and the log's tail."""
        levels = self.hazard.levels()
        sev = self.hazard.severities(levels)
        return Snapshot(
            t_s=self.now_s,
            clock=self.clock(),
            finished=self.finished,
            people=self.crowd.node_count.copy(),
            levels=levels,
            severities=sev,
            node_ids=self.site.node_ids,
            unit=self.hazard.unit,
            thresholds=self.hazard.thresholds(),
            responders=list(self.responders.values()),
            roles=list(self.roles.values()),
            cordon=self.cordon,
            tail=self.log[-tail:],
            counts=self.counts(),
            prompts=[p for p in self.prompts if p.answered_s is None and not p.expired],
        )

    def counts(self) -> dict[str, int]:
        """People by state: total, alerted, moving, safe, trapped, injured, casualties.

        Screens ask for this many times a second; it is worked out once per state of the
        world (sim time and log length) and remembered.
        """
        key = (float(self.env.now), len(self.log))
        if self._counts_cache is not None and self._counts_cache[0] == key:
            return dict(self._counts_cache[1])
        c = self._count_people()
        self._counts_cache = (key, c)
        return dict(c)

    def _count_people(self) -> dict[str, int]:
        c = {"alerted": 0, "moving": 0, "trapped": 0}
        for a in self.crowd.agents:
            if a.alerted_s is not None:
                c["alerted"] += a.size
            if a.state == "moving":
                c["moving"] += a.size
            if a.state == "casualty_static" and a.rescued_s is None:
                c["trapped"] += a.size
        people = self.people()
        team = self.team()
        c["total"] = people["total"]
        c["on_site"] = people["on_site"]
        c["off_site"] = people["off_site"]
        for state, n in people["states"].items():
            c[state] = n
        c["injured"] = people["injured"] + team["injured"]
        c["casualties"] = people["states"]["dead"] + team["dead"]
        return c

    def pending(self) -> dict[str, Any]:
        """Open prompts and the actions available now (each with why not, if not)."""
        return {
            "prompts": [p for p in self.prompts if p.answered_s is None and not p.expired],
            "actions": self.actions.available(),
        }

    # --- outcome ------------------------------------------------------------------------

    def _person_harm(self, idx: int) -> Harm | None:
        a = self.crowd.agents[idx]
        assessed = (
            self.hazard.assess(self.exposure_s[idx], float(self.dose[idx]))
            if self.dose_model is None
            else None
        )
        casualty_harm = self.hazard.casualty_outcome(a) if a.casualty_kind else None
        worst: Harm | None = a.harm
        for h in (assessed, casualty_harm):
            if _HARM_RANK[h] > _HARM_RANK[worst]:
                worst = h
        return worst

    def _role_harm(self, r: RoleState) -> Harm | None:
        h = r.harm
        if self.dose_model is not None:
            return h
        assessed = self.hazard.assess(r.exposure_s, r.dose)
        return assessed if _HARM_RANK[assessed] > _HARM_RANK[h] else h

    def ledger(self) -> list[LedgerEntry]:
        """Every person of the population (or platoon) in the one account of people:
        their state now, whether they are injured, and whether they are on site."""
        safe_nodes = self.site.safe_nodes
        nodes = self.site.nodes
        out = []
        for a in self.crowd.agents:
            harm = self._person_harm(a.idx)
            dead = harm == "casualty"
            hurt_at_start = a.casualty_kind not in _NOT_HURT_AT_START
            out.append(
                LedgerEntry(
                    size=a.size,
                    state=person_state(a, dead, safe_nodes, lambda n: nodes[n].is_indoor),
                    injured=not dead and (harm == "injured" or hurt_at_start),
                    on_site=a.group not in self._offsite_groups,
                )
            )
        return out

    def people(self) -> dict[str, Any]:
        """``outcome.people``: {total, on_site, off_site, states: {safe, sheltered,
        not_safe, dead}, injured} (see :mod:`sim.ledger`)."""
        return tally(self.ledger())

    def team(self) -> dict[str, int]:
        """The role-players: how many, how many injured (of whom how many overcome: they
        cannot act) and how many dead."""
        out = {"total": len(self.roles), "injured": 0, "dead": 0, "overcome": 0}
        for r in self.roles.values():
            if r.overcome and r.harm != "casualty":
                out["overcome"] += 1
            h = self._role_harm(r)
            if h == "injured":
                out["injured"] += 1
            elif h == "casualty":
                out["dead"] += 1
        return out

    def on_site_count(self) -> int:
        """People of the population on site: whom the headcount expects."""
        return sum(a.size for a in self.crowd.agents if a.group not in self._offsite_groups)

    def _injured_at_start(self) -> int:
        n = 0
        for a in self.crowd.agents:
            hurt = a.casualty_kind not in _NOT_HURT_AT_START
            if hurt and self._person_harm(a.idx) != "casualty":
                n += a.size
        return n

    def outcome(self) -> dict[str, Any]:
        """The outcome figures measured by the simulation (docs/contracts.md, the result object)."""
        crowd = self.crowd
        thresholds = self.hazard.thresholds()
        exposed: dict[str, int] = {}
        if thresholds:
            max_sev = np.zeros(len(crowd.agents), dtype=np.int64)
            for s in range(1, self.exposure_s.shape[1]):
                max_sev[self.exposure_s[:, s] > 0] = s
            for s, t in enumerate(thresholds, start=1):
                exposed[t.id] = int(crowd.sizes[max_sev >= s].sum())
        people = self.people()
        team = self.team()
        rset = crowd.rset_s()
        aset = self._aset_s()
        outcome: dict[str, Any] = {
            "people": people,
            "team": team,
            "people_walking": crowd.walkers,
            "people_alerted": crowd.alerted_count,
            "evacuation_time_s": rset,
            "aset_s": aset,
            "rset_aset_margin_s": (aset - rset)
            if (aset is not None and rset is not None)
            else None,
            "injured": people["injured"] + team["injured"],
            "injured_at_start": self._injured_at_start(),
            "casualties": people["states"]["dead"] + team["dead"],
            "exposed_above": exposed,
            "hazard_unit": self.hazard.unit,
            **self.level_record.to_outcome(),
            "responders_arrived_s": {
                rid: r.arrived_s for rid, r in self.responders.items() if r.arrived_s is not None
            },
            "evacuation_curve": _downsample(crowd.evacuation_curve(), 120),
            "platoon_size": crowd.platoon_size,
        }
        outcome.update(self.hazard.outcome())
        return outcome

    def _aset_s(self) -> float | None:
        occupied = {g.node for g in self.scenario.population if g.count > 0}
        times = [t for n, t in self.untenable_since.items() if n in occupied]
        return min(times) if times else None

    # --- responders -----------------------------------------------------------------------

    def dispatch(self, responder_id: str) -> None:
        """Call a responder: it leaves after its dispatch delay and drives to site."""
        r = self.scenario.responder(responder_id)
        state = self.responders[responder_id]
        state.called_s = self.now_s
        self.emit("dispatch", responder=r.id)
        self.fire(f"call:{r.id}")
        self.env.process(self._respond(r, state))

    def _road_distance_m(self, r: Responder) -> float:
        g = nx.Graph()
        for (a, b), e in self.site.edges.items():
            if e.kind in ("road", "open"):
                g.add_edge(a, b, weight=e.length_m)
        try:
            return float(nx.shortest_path_length(g, r.origin, r.destination, weight="weight"))
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            return 1.3 * self.site.distance_m(r.origin, r.destination)

    def _respond(self, r: Responder, state: ResponderState) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(r.dispatch_delay_s)
        state.leaves_s = self.now_s
        travel_s = self._road_distance_m(r) / r.speed_m_s
        state.eta_s = self.now_s + travel_s
        self.emit("en_route", responder=r.id, eta_s=state.eta_s)
        yield self.env.timeout(travel_s)
        if r.needs_guide and not state.guided:
            self.emit("responder_lost", responder=r.id, delay_s=r.unguided_delay_s)
            yield self.env.timeout(r.unguided_delay_s)
        state.arrived_s = self.now_s
        self.emit("arrival", responder=r.id, guided=state.guided)
        self.fire(f"arrival:{r.id}")
        for eff in r.on_arrival:
            self.env.process(self._responder_effect(r, eff.kind, dict(eff.params), eff.delay_s))

    def _responder_effect(
        self, r: Responder, kind: str, params: dict[str, Any], delay_s: float
    ) -> Generator[simpy.Event, Any, None]:
        if delay_s > 0:
            yield self.env.timeout(delay_s)
        node = params.get("node") if isinstance(params.get("node"), str) else None
        done = ActionDone(
            id=f"{r.id}:{kind}",
            kind=kind,
            role=r.id,
            t_s=self.now_s,
            node=node,
            params=params,
            responder=True,
        )
        self.actions.apply_effects(done, responder=True)
        self.emit("responder_action", responder=r.id, effect=kind, params=params)

    # --- helpers for actions ----------------------------------------------------------------

    def walkers_in(self, scope: Any) -> list[Agent]:
        """Walking agents in a scope: 'all', a floor number ('floor:<n>'), a node id, a
        population group ('group:<id>'), or a list of node ids and groups."""
        if scope in (None, "all"):
            offsite = {g.id for g in self.scenario.population if g.offsite}
            return [a for a in self.crowd.agents_at(None) if a.group not in offsite]
        if isinstance(scope, int) and not isinstance(scope, bool):
            nodes = set(self.site.nodes_on_floor(scope))
            return self.crowd.agents_at(nodes)
        if isinstance(scope, str):
            if scope.startswith("floor:"):
                try:
                    return self.walkers_in(int(scope.split(":", 1)[1]))
                except ValueError:
                    return []
            if scope.startswith("group:"):
                group = scope.split(":", 1)[1]
                return [a for a in self.crowd.agents_at(None) if a.group == group]
            return self.crowd.agents_at({scope})
        if isinstance(scope, (list, tuple)):
            groups = {str(s)[6:] for s in scope if str(s).startswith("group:")}
            nodes = {str(s) for s in scope if not str(s).startswith("group:")}
            return [a for a in self.crowd.agents_at(None) if a.node in nodes or a.group in groups]
        return []


def _downsample(curve: list[tuple[float, int]], n: int) -> list[list[float]]:
    if len(curve) <= n:
        return [[round(t, 3), c] for t, c in curve]
    step = len(curve) / n
    picked = [curve[int(i * step)] for i in range(n)]
    if picked[-1] != curve[-1]:
        picked.append(curve[-1])
    return [[round(t, 3), c] for t, c in picked]
