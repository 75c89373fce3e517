"""The ``gas_room`` hazard as the engine drives it: :class:`GasRoomModel`.

Flammable gas filling a drill site's enclosed rooms, the doors, vents, valves and
shutdowns that change it, how it ignites and whom the blast and the displaced oxygen
harm. The room balance and the limits it applies live in
:mod:`sim.hazards.gas_room_physics`; this module holds the state, the SimPy process that
advances it every tick and the reactions to actions (docs/models.md §2, "gas_room
(engine-facing behaviour)").
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.harm import (
    ATMOSPHERIC_PA,
    CONFINED_YIELD_FACTOR,
    DoseModel,
    GasRoomDose,
    tnt_equivalent_kg,
    tnt_overpressure_pa,
)
from sim.hazards.base import ActionDone, Harm, Hazard, HazardContext, Threshold
from sim.hazards.gas_room_physics import (
    ALARM_1_PCT_LEL,
    ALARM_2_PCT_LEL,
    GASES,
    LEL_PCT,
    NO_ENTRY_PCT_LEL,
    ignition_rate_per_s,
    percent_lel,
    rooms_step,
)
from sim.hazards.specs import MILESTONES, GasRoomParams
from sim.text import LangText

if TYPE_CHECKING:
    from sim.site import DoorState

__all__ = ["STOREY_HEIGHT_M", "THRESHOLDS", "GasRoomModel"]

STOREY_HEIGHT_M = 3.0
"""Height of one storey for the blast distance between floors, m (drillsim assumption)."""

THRESHOLDS: tuple[Threshold, ...] = (
    Threshold(
        "no_entry",
        LangText(zh="10 %LEL：禁止进入", en="10 %LEL: no entry"),
        NO_ENTRY_PCT_LEL,
    ),
    Threshold(
        "alarm_25",
        LangText(zh="25 %LEL：一级报警", en="25 %LEL: first-level alarm"),
        ALARM_1_PCT_LEL,
    ),
    Threshold(
        "alarm_50",
        LangText(zh="50 %LEL：二级报警，必须撤离", en="50 %LEL: second-level alarm, get out"),
        ALARM_2_PCT_LEL,
        untenable=True,
    ),
    Threshold(
        "LEL",
        LangText(zh="100 %LEL：爆炸下限，遇火即爆", en="100 %LEL: lower explosive limit"),
        LEL_PCT,
        untenable=True,
    ),
)
"""The gas_room thresholds, ascending. Untenable from the second alarm (50 %LEL): the
well-mixed mean understates the layer under the ceiling (methane) or on the floor
(propane), where the mixture is flammable well before the room average reaches the LEL, so
people route around a room once its mean reaches half the LEL, the level at which
GB/T 50493-2019 sets the second alarm."""

_MILESTONE_LEVELS: tuple[tuple[str, float], ...] = (
    ("alarm_25", ALARM_1_PCT_LEL),
    ("alarm_50", ALARM_2_PCT_LEL),
    ("lel_reached", LEL_PCT),
)


class GasRoomModel(Hazard):
    """The ``gas_room`` hazard: flammable gas filling enclosed rooms and how it ignites.

    **Gas.** Each room (``rooms``, default every indoor node) is well mixed and follows
    V dC/dt = Q + sum_j E_ij (C_j - C_i) - lambda V C (the well-mixed box model of
    :mod:`sim.hazards.gas_room_physics`), integrated EXACTLY by :func:`rooms_step` with
    coefficients held constant between changes. E comes
    from the site's edges between two rooms: a door exchanges ``open_door_exchange_m3_s``
    while open and ``closed_door_exchange_m3_s`` while shut (its open share of the coming
    tick, from ``site.doors``: propped open, or held open while people pass); any other
    way (stair, corridor, opening) counts as open. The level is %LEL
    (:func:`percent_lel`) in the rooms; outdoor and other nodes read 0, except
    ``outdoor_node``, which reads ``outdoor_pct_lel`` while the main leaks.

    **State on a fixed grid.** A simpy process advances the state every ``tick_s``; a
    reaction advances it to the moment of the action first. :meth:`levels` between grid
    points looks ahead from the last committed state without changing it, so the results
    never depend on how often the levels are read.

    **Decisions.**

    - ``ventilate``: ``method: natural`` raises the rooms in scope to ``natural_ach_per_h``,
      ``method: mechanical`` to ``mechanical_ach_per_h`` (ventilation never lowers a
      room's rate). A fan switched on inside the gas is an ignition source when the
      scenario's action says ``ignition_source: true``.
    - any action whose id is in a source's ``closed_by`` (or a responder's
      ``isolate_source`` effect, matched by the responder id) stops that source; one in
      ``main_closed_by`` stops the main: the outdoor cloud and every source in
      ``main_fed_sources`` (default: all).
    - ``shutdown`` cuts the ignition sources in the rooms in scope: the background
      ignition rate there is multiplied by ``ignition_cut_factor``.

    Scope (ventilate, shutdown): ``params.scope`` (or ``nodes``/``rooms``) as ``all``, a
    floor (an integer or ``floor:N``), a node id or a list of node ids; without one, the
    action's node if it is a room, else every room.

    **Ignition.**

    - An ignition-source action (``ignition_source: true``: a switch, a phone, an engine)
      completed at a room at or above the LEL ignites it; so does one at ``outdoor_node``
      while the cloud there is at or above the LEL.
    - Unseen sources (a fridge compressor, a pilot light) ignite a room at or above the
      LEL at the rate ``background_ignition_per_min`` (as a chance per minute), times
      ``ignition_cut_factor`` once every flammable room's sources are cut. WHEN comes from
      one Exp(1) variate E drawn from the drill's generator at the start: ignition happens
      on the grid point at which the integrated hazard H reaches E. H accrues over each
      grid step in which some room is at or above the LEL at either end, at the full rate
      for the part of the step before the last of those rooms was cut. So for a given
      seed a later shutdown, valve or ventilation never lowers H (the gas is monotone in
      the leak and the ventilation: the room balance is a positive linear system), and
      P(ignition by t) = 1 - exp(-H(t)).
    - A room ignites with every connected room that is also at or above the LEL (the
      flame runs through the flammable mixture): the gas in the burnt rooms is consumed
      and its blast (:meth:`blast_overpressure_pa`) reaches everyone at the overpressure
      of their own place, judged by the probits of :class:`~sim.harm.GasRoomDose`
      (:meth:`HazardContext.blast`). Outcome flags ``ignition`` and ``explosion`` (a confined
      deflagration). The outdoor cloud burns as a flash or jet fire instead: casualties at
      ``outdoor_node``, injuries next to it, ``ignition`` only. At most one ignition per
      drill: after it the incident is a fire, handed to the fire brigade.

    **Harm.** The blast, and the oxygen the gas displaces (a hypoxia FED per person,
    :class:`~sim.harm.GasRoomDose`; methane at its LEL leaves 19.9 % O2, harmless for
    hours, a room at 30 % methane 14.6 %). :meth:`assess` returns None.
    """

    name = "gas_room"
    unit = "%LEL"
    milestones = MILESTONES["gas_room"]
    tick_s = 5.0

    params: GasRoomParams

    def __init__(self, params: GasRoomParams, ctx: HazardContext) -> None:
        super().__init__(params, ctx)
        p = params
        site = ctx.site
        self._lel_frac = GASES[p.gas].lel_frac
        rooms = list(p.rooms) if p.rooms else [n for n in site.node_ids if site.nodes[n].is_indoor]
        rooms += [s.node for s in p.sources]
        self.rooms: list[str] = list(dict.fromkeys(rooms))
        """Node ids of the rooms, in the order of the state arrays."""
        self._room: dict[str, int] = {r: i for i, r in enumerate(self.rooms)}
        n = len(self.rooms)
        self._node_idx = np.array([site.index[r] for r in self.rooms], dtype=np.int64)
        self._vol = np.array([site.nodes[r].volume_m3 for r in self.rooms], dtype=np.float64)
        self._floor = [site.nodes[r].floor for r in self.rooms]
        self._outdoor_idx = site.index[p.outdoor_node] if p.outdoor_node is not None else None
        # Room-to-room ways: fixed open exchange, and doors whose state is read each tick.
        self._adj: list[list[int]] = [[] for _ in range(n)]
        self._open_ex = np.zeros((n, n))
        self._doors: list[tuple[int, int, DoorState]] = []
        for (a, b), edge in site.edges.items():
            if a not in self._room or b not in self._room or a == b:
                continue
            i, j = self._room[a], self._room[b]
            self._adj[i].append(j)
            self._adj[j].append(i)
            door = site.doors.get((a, b))
            if edge.kind == "door" and door is not None:
                self._doors.append((i, j, door))
            else:
                self._open_ex[i, j] = self._open_ex[j, i] = p.open_door_exchange_m3_s
        # Sources and the main.
        self._src_room = [self._room[s.node] for s in p.sources]
        self._src_on = [True] * len(p.sources)
        fed = p.main_fed_sources
        self._main_fed = [fed is None or s.id in fed for s in p.sources]
        self.main_leaking = True
        self.main_isolated_s: float | None = None
        self.sources_closed_s: dict[str, float] = {}
        # State, committed at _t_s, and the coefficients in force since then.
        self._t_s = 0.0
        self._c = np.zeros(n)
        self._ach = np.full(n, p.ach_per_h)
        self._q = self._source_rates()
        self._ex = self._exchange(0.0)
        self._version = 0
        self._cache_key: tuple[float, int] | None = None
        self._cache: np.ndarray = np.zeros(len(site.node_ids))
        # Ignition.
        self._cut_s = np.full(n, math.inf)
        self._rate_per_s = ignition_rate_per_s(p.background_ignition_per_min)
        self._threshold = math.inf
        self.ignition_hazard = 0.0
        """Integrated background ignition hazard H so far (P = 1 - exp(-H))."""
        self._grid_pct = np.zeros(n)
        self.ignited = False
        self.explosion = False
        self.ignition_s: float | None = None
        self.ignition_node: str | None = None
        self.ignition_cause: str | None = None
        self.outdoor_burning = False
        self.blast_tnt_kg: float | None = None
        self.blast_gas_kg: float | None = None
        # Figures for the outcome.
        self.peak_pct_lel = 0.0
        self.peak_node: str | None = None
        self.first_s: dict[str, float] = {}
        self.lel_room_s = 0.0
        """Room-seconds at or above the LEL (on the grid)."""

    # --- coefficients ---------------------------------------------------------------------

    def _source_rates(self) -> np.ndarray:
        q = np.zeros(len(self.rooms))
        for k, src in enumerate(self.params.sources):
            if self._src_on[k] and (self.main_leaking or not self._main_fed[k]):
                q[self._src_room[k]] += src.rate_m3_s
        return q

    def _exchange(self, now_s: float) -> np.ndarray:
        """Inter-room exchange for the coming tick: doors by their open share of it."""
        p = self.params
        ex = self._open_ex.copy()
        tick = self.tick_s
        for i, j, door in self._doors:
            if door.propped_open:
                share = 1.0
            else:
                share = min(max(door.held_until_s - now_s, 0.0), tick) / tick
            flow = p.closed_door_exchange_m3_s + share * (
                p.open_door_exchange_m3_s - p.closed_door_exchange_m3_s
            )
            ex[i, j] += flow
            ex[j, i] += flow
        return ex

    # --- the state --------------------------------------------------------------------------

    def _advance_to(self, t_s: float) -> None:
        if t_s > self._t_s:
            self._c = rooms_step(self._c, self._q, self._vol, self._ach, self._ex, t_s - self._t_s)
            self._t_s = t_s
            self._version += 1

    def _pct(self) -> np.ndarray:
        out: np.ndarray = percent_lel(self._c, self._lel_frac)
        return out

    def outdoor_pct_lel(self) -> float:
        """%LEL at ``outdoor_node`` now: the cloud at the break while the main leaks."""
        if self.main_leaking and not self.outdoor_burning:
            return self.params.outdoor_pct_lel
        return 0.0

    def levels(self) -> np.ndarray:
        now = float(self.ctx.env.now)
        key = (now, self._version)
        if self._cache_key != key:
            c = self._c
            if now > self._t_s:
                c = rooms_step(c, self._q, self._vol, self._ach, self._ex, now - self._t_s)
            out = np.zeros(len(self.ctx.site.node_ids))
            out[self._node_idx] = percent_lel(c, self._lel_frac)
            if self._outdoor_idx is not None:
                out[self._outdoor_idx] = self.outdoor_pct_lel()
            self._cache, self._cache_key = out, key
        return self._cache.copy()

    def thresholds(self) -> list[Threshold]:
        return list(THRESHOLDS)

    def room_pct_lel(self) -> dict[str, float]:
        """%LEL in every room now (for tests and the debrief)."""
        lv = self.levels()
        return {r: float(lv[i]) for r, i in zip(self.rooms, self._node_idx, strict=True)}

    # --- the clock --------------------------------------------------------------------------

    def start(self) -> None:
        # One draw, at the start, in a fixed order (determinism).
        self._threshold = float(self.ctx.rng.exponential(1.0))
        self.ctx.env.process(self._run())

    def _run(self) -> Generator[Any, Any, None]:
        env = self.ctx.env
        while True:
            t0 = float(env.now)
            yield env.timeout(self.tick_s)
            self._grid_step(t0, float(env.now))

    def _grid_step(self, t0: float, t1: float) -> None:
        self._advance_to(t1)
        pct = self._pct()
        self._milestones(pct)
        if pct.size:
            k = int(np.argmax(pct))
            if pct[k] > self.peak_pct_lel:
                self.peak_pct_lel, self.peak_node = float(pct[k]), self.rooms[k]
        flammable = np.nonzero(np.maximum(pct, self._grid_pct) >= LEL_PCT)[0]
        self.lel_room_s += float((pct >= LEL_PCT).sum()) * (t1 - t0)
        if flammable.size and not self.ignited:
            last_cut = float(self._cut_s[flammable].max())
            uncut = min(max(last_cut, t0), t1) - t0
            cut = (t1 - t0) - uncut
            weighted_s = uncut + self.params.ignition_cut_factor * cut
            if weighted_s > 0.0:  # (an infinite rate times zero time adds nothing)
                self.ignition_hazard += self._rate_per_s * weighted_s
            if self.ignition_hazard >= self._threshold:
                self._ignite_room(self._background_room(flammable, pct), "background")
                pct = self._pct()
        self._grid_pct = pct
        self._q = self._source_rates()
        self._ex = self._exchange(t1)
        self._version += 1

    def _background_room(self, flammable: np.ndarray, pct: np.ndarray) -> int:
        """Which room the unseen source ignites: one at or above the LEL now, uncut first,
        then the richest (ties: site order)."""
        now_flammable = [int(i) for i in flammable if pct[i] >= LEL_PCT]
        candidates = now_flammable or [int(i) for i in flammable]
        return min(candidates, key=lambda i: (self._cut_s[i] <= self._t_s, -pct[i], i))

    def _milestones(self, pct: np.ndarray) -> None:
        if not pct.size:
            return
        top = int(np.argmax(pct))
        for name, value in _MILESTONE_LEVELS:
            if name not in self.first_s and pct[top] >= value:
                self.first_s[name] = self._t_s
                self.ctx.milestone(name, node=self.rooms[top], pct_lel=round(float(pct[top]), 1))

    # --- reactions ----------------------------------------------------------------------------

    def react(self, action: ActionDone) -> None:
        now = float(self.ctx.env.now)
        self._advance_to(now)
        if action.ignition_source and action.node is not None:
            self._spark(action.node, action.id)
        if action.kind == "ventilate":
            self._ventilate(action)
        elif action.kind == "shutdown":
            rooms = self._scope(action)
            for i in rooms:
                self._cut_s[i] = min(self._cut_s[i], now)
            if rooms:
                self.ctx.emit(
                    "ignition_sources_cut", by=action.id, rooms=[self.rooms[i] for i in rooms]
                )
        self._isolate(action)
        self._q = self._source_rates()
        self._version += 1
        self._milestones(self._pct())

    def _listed(self, action: ActionDone, ids: list[str]) -> bool:
        """Whether ids name the action, or the responder whose ``isolate_source`` effect
        this is (the engine gives a responder's effect the id 'responder:kind')."""
        if action.id in ids:
            return True
        responder_effect = action.id == f"{action.role}:{action.kind}"
        return responder_effect and action.kind == "isolate_source" and action.role in ids

    def _isolate(self, action: ActionDone) -> None:
        p = self.params
        now = float(self.ctx.env.now)
        stopped: list[str] = []
        for k, src in enumerate(p.sources):
            if self._src_on[k] and self._listed(action, src.closed_by):
                self._src_on[k] = False
                self.sources_closed_s[src.id] = now
                if self.main_leaking or not self._main_fed[k]:
                    stopped.append(src.id)
        if self.main_leaking and self._listed(action, p.main_closed_by):
            self.main_leaking = False
            self.main_isolated_s = now
            stopped += [
                s.id for k, s in enumerate(p.sources) if self._src_on[k] and self._main_fed[k]
            ]
            self.ctx.emit("gas_main_isolated", by=action.id)
            self.ctx.milestone("main_isolated", by=action.id)
        if stopped:
            self.ctx.emit("gas_sources_stopped", by=action.id, sources=stopped)
            self.ctx.milestone("source_isolated", by=action.id, sources=stopped)

    def _ventilate(self, action: ActionDone) -> None:
        p = self.params
        method = str(action.params.get("method", "natural"))
        ach = p.mechanical_ach_per_h if method == "mechanical" else p.natural_ach_per_h
        rooms = self._scope(action)
        for i in rooms:
            self._ach[i] = max(self._ach[i], ach)
        if rooms:
            self.ctx.emit(
                "ventilated",
                by=action.id,
                method=method,
                ach_per_h=ach,
                rooms=[self.rooms[i] for i in rooms],
            )

    def _scope(self, action: ActionDone) -> list[int]:
        """Room indices an action covers (see the class docstring)."""
        params = action.params
        scope = params.get("scope", params.get("nodes", params.get("rooms")))
        if scope is None:
            if action.node is not None and action.node in self._room:
                return [self._room[action.node]]
            scope = "all"
        return self._rooms_in(scope)

    def _rooms_in(self, scope: Any) -> list[int]:
        if scope == "all":
            return list(range(len(self.rooms)))
        if isinstance(scope, int) and not isinstance(scope, bool):
            return [i for i, f in enumerate(self._floor) if f == scope]
        if isinstance(scope, str):
            if scope.startswith("floor:"):
                try:
                    return self._rooms_in(int(scope.split(":", 1)[1]))
                except ValueError:
                    return []
            return [self._room[scope]] if scope in self._room else []
        if isinstance(scope, (list, tuple)):
            names = {str(s) for s in scope}
            return [i for i, r in enumerate(self.rooms) if r in names]
        return []

    # --- ignition -----------------------------------------------------------------------------

    def _spark(self, node: str, cause: str) -> None:
        if self.ignited:
            return
        if node in self._room:
            i = self._room[node]
            if float(self._pct()[i]) >= LEL_PCT:
                self._ignite_room(i, cause)
        elif node == self.params.outdoor_node and self.outdoor_pct_lel() >= LEL_PCT:
            self._ignite_outdoor(node, cause)

    def _ignite_room(self, start: int, cause: str) -> None:
        pct = self._pct()
        burnt = {start}
        todo = [start]
        while todo:
            i = todo.pop()
            for j in self._adj[i]:
                if j not in burnt and pct[j] >= LEL_PCT:
                    burnt.add(j)
                    todo.append(j)
        order = sorted(burnt)
        nodes = [self.rooms[i] for i in order]
        self._record_ignition(self.rooms[start], cause, explosion=True)
        self.ctx.emit("explosion", node=self.rooms[start], rooms=nodes, cause=cause)
        self._blast(order, cause)
        self._c[order] = 0.0
        self._version += 1

    def _ignite_outdoor(self, node: str, cause: str) -> None:
        self._record_ignition(node, cause, explosion=False)
        self.outdoor_burning = True
        self.ctx.emit("gas_fire", node=node, cause=cause)
        self._harm([node], cause)
        self._version += 1

    def _record_ignition(self, node: str, cause: str, *, explosion: bool) -> None:
        self.ignited = True
        self.explosion = explosion
        self.ignition_s = float(self.ctx.env.now)
        self.ignition_node = node
        self.ignition_cause = cause
        self.ctx.milestone("ignition", node=node, cause=cause, explosion=explosion)

    def blast_overpressure_pa(self, rooms: list[int]) -> tuple[np.ndarray, float, float]:
        """Side-on overpressure at every site node from the deflagration of the gas in
        ``rooms`` (indices), the TNT equivalent W and the gas mass burnt.

        The gas mass is Σ C_i V_i ρ with ρ = p M / (R T) at 101,325 Pa and 20 °C; W = η m
        ΔH_c / E_TNT with η = :data:`~sim.harm.CONFINED_YIELD_FACTOR` (Crowl & Louvar
        §6-13; CCPS 2010 ch. 5), centred on the burnt rooms' gas-weighted centre; the
        distance to a node is the plan distance plus :data:`STOREY_HEIGHT_M` per storey
        between them, and p° follows Kinney & Graham (:func:`~sim.harm.tnt_overpressure_pa`),
        never above the gas's closed-vessel maximum P_max (NFPA 68 Table E.1), which the
        burnt rooms themselves see (a confined deflagration: the far-field TNT law has no
        meaning inside the flame).
        """
        site = self.ctx.site
        gas = GASES[self.params.gas]
        rho = ATMOSPHERIC_PA * gas.molar_mass_kg_mol / (8.314 * 293.15)
        idx = np.array(rooms, dtype=np.int64)
        kg = self._c[idx] * self._vol[idx] * rho
        mass = float(kg.sum())
        w = tnt_equivalent_kg(mass, gas.heat_of_combustion_kj_kg, CONFINED_YIELD_FACTOR)
        nodes = self._node_idx[idx]
        weights = kg / mass if mass > 0 else np.full(len(idx), 1.0 / len(idx))
        x = float(weights @ site.x_m[nodes])
        y = float(weights @ site.y_m[nodes])
        z = float(weights @ site.floor[nodes].astype(float)) * STOREY_HEIGHT_M
        r = np.sqrt(
            (site.x_m - x) ** 2 + (site.y_m - y) ** 2 + (site.floor * STOREY_HEIGHT_M - z) ** 2
        )
        pmax_pa = gas.pmax_bar_g * 1e5
        p_pa = np.minimum(np.asarray(tnt_overpressure_pa(r, w)), pmax_pa)
        if mass > 0:
            p_pa[nodes] = pmax_pa  # the flame fills the burnt rooms: they see P_max
        return p_pa, w, mass

    def dose_model(
        self, n_people: int, rng: np.random.Generator, sensitive: np.ndarray
    ) -> DoseModel | None:
        """Harm hook: hypoxia where the gas displaces oxygen, and the blast of a room
        explosion (:class:`~sim.harm.GasRoomDose`)."""
        return GasRoomDose(n_people, rng, sensitive, self._lel_frac)

    def _blast(self, order: list[int], cause: str) -> None:
        p_pa, w, mass = self.blast_overpressure_pa(order)
        self.blast_tnt_kg, self.blast_gas_kg = w, mass
        top = int(np.argmax(p_pa))
        self.ctx.emit(
            "blast",
            tnt_kg=round(w, 2),
            gas_kg=round(mass, 2),
            yield_factor=CONFINED_YIELD_FACTOR,
            peak_kpa=round(float(p_pa[top]) / 1000.0, 1),
        )
        self.ctx.blast(p_pa, f"explosion:{cause}")

    def _harm(self, nodes: list[str], cause: str) -> None:
        graph = self.ctx.site.graph
        burnt = set(nodes)
        near = sorted({m for n in nodes for m in graph.neighbors(n)} - burnt)
        what = "explosion" if self.explosion else "gas_fire"
        self.ctx.harm(nodes, "casualty", f"{what}:{cause}")
        if near:
            self.ctx.harm(near, "injured", f"{what}:{cause}")

    # --- harm and outcome -------------------------------------------------------------------

    def assess(self, exposure_s: np.ndarray, dose: float) -> Harm | None:
        """Gas below the UEL does not harm by itself (see the class docstring): None."""
        return None

    def outcome(self) -> dict[str, Any]:
        p_ign = 1.0 - math.exp(-self.ignition_hazard)
        return {
            "gas": self.params.gas,
            "peak_pct_lel": round(self.peak_pct_lel, 2),
            "peak_room": self.peak_node,
            "time_to_alarm_25_s": self.first_s.get("alarm_25"),
            "time_to_alarm_50_s": self.first_s.get("alarm_50"),
            "time_to_lel_s": self.first_s.get("lel_reached"),
            "lel_room_minutes": round(self.lel_room_s / 60.0, 2),
            "ignition_hazard": round(self.ignition_hazard, 6),
            "ignition_probability": round(p_ign, 6),
            "ignition": self.ignited,
            "explosion": self.explosion,
            "ignition_s": self.ignition_s,
            "ignition_node": self.ignition_node,
            "ignition_cause": self.ignition_cause,
            "main_isolated_s": self.main_isolated_s,
            "blast_tnt_kg": None if self.blast_tnt_kg is None else round(self.blast_tnt_kg, 2),
        }

    def describe(self) -> dict[str, Any]:
        p = self.params
        return {
            "model": self.name,
            "unit": self.unit,
            "gas": p.gas,
            "lel_frac": self._lel_frac,
            "rooms": list(self.rooms),
            "sources": [{"id": s.id, "node": s.node, "rate_m3_s": s.rate_m3_s} for s in p.sources],
            "outdoor_node": p.outdoor_node,
        }
