"""People movement: the SFPE hydraulic model applied to individuals or small platoons.

Relations (SFPE Handbook of Fire Protection Engineering, 5th ed., ch. 59 "Employing the
Hydraulic Model in Assessing Emergency Movement", Gwynne & Rosenbaum; see
docs/models.md §0):

- speed and density: S = k (1 − a D), a = 0.266 m²/person, for D ≥ 0.54 persons/m²;
  below that people walk at their free speed;
- k = 1.40 m/s on level ground; on stairs k = 51.8 √(tread/riser) m/min;
- specific flow Fs = S D, at most k / (4a) (at D = 1/(2a) ≈ 1.88 persons/m²);
- effective width We = W − 2b (boundary layer b, 0.15 m for doors and stairs);
- calculated flow Fc = Fs We: passing N people through a door or onto a stair takes N / Fc.

The engine enforces Fc at the entry of every way (door, stair, corridor, open ground): the
entry is reserved in arrival order, each person (or platoon) occupying it for size / Fc
seconds, so a queue forms before a narrow element exactly as the hydraulic model says
(see :class:`Crowd`).
"""

from __future__ import annotations

import math
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import networkx as nx
import numpy as np
import simpy

from sim.harm import INJURED_SPEED_FACTOR
from sim.scenario import Edge, PopulationGroup, Scenario
from sim.sfpe import A_M2_PER_PERSON, D_JAM_PERSONS_M2
from sim.site import DoorState, EdgeKey, SiteGraph, edge_key
from sim.state import Agent


@runtime_checkable
class CrowdHost(Protocol):
    """What the crowd needs of the drill that holds it (:class:`sim.drill.Drill`)."""

    env: simpy.Environment
    rng: np.random.Generator
    site: SiteGraph
    scenario: Scenario

    def log_sparse(self, kind: str, /, group: str, **data: Any) -> None:
        """Log an event only the first time it happens for a population group."""

    def milestone(self, name: str, /, **data: Any) -> None:
        """Log a milestone once and fire what waits on it."""


K_LEVEL_M_S = 1.40
"""SFPE k for corridors, aisles, ramps and doorways, m/s."""
D_FREE_PERSONS_M2 = 0.54
"""Below this density people move at free speed (SFPE)."""
D_MAX_MOVING_PERSONS_M2 = 3.5
"""Densities are capped here so that a crowd still creeps forward (SFPE: valid to 3.8)."""
D_OPTIMUM_PERSONS_M2 = 1.0 / (2.0 * A_M2_PER_PERSON)
"""Density of the peak specific flow, ≈ 1.88 persons/m² (SFPE): the densest a way gets
downstream of an entry that holds the flow to Fc."""
BOUNDARY_LAYER_M: dict[str, float] = {
    "door": 0.15,
    "stair": 0.15,
    "corridor": 0.20,
    "lift": 0.0,
    "road": 0.0,
    "open": 0.0,
}
"""Boundary layer b per side (SFPE Table 59.2: stairways and doors 0.15 m, corridor walls 0.20 m)."""
LIFT_FLOW_PERSONS_S = 0.25
"""A lift car's throughput when it is (wrongly) used to evacuate, persons/s (assumption)."""
LIFT_TRAVEL_S = 20.0
"""Time in a lift car from one landing to the next, door to door, s (assumption)."""
MOBILITY_FACTOR: dict[str, tuple[float, float]] = {
    "able": (1.0, 1.0),
    "impaired": (0.6, 0.5),
    "wheelchair": (0.8, 0.15),
}
"""(level, stair) speed factors by mobility class. Assumption after Boyce, Shields & Silcock
(1999), 'Toward the characterization of building occupancies for fire safety engineering',
Fire Technology 35: impaired walkers about 0.6 of able speed on the level, far slower on
stairs; wheelchair users carried down stairs."""
FREE_SPEED_FRACTION = 1.0 - A_M2_PER_PERSON * D_FREE_PERSONS_M2
"""Speed at the threshold density as a fraction of k (≈ 0.856): SFPE's maximum speed."""


SMOKE_SPEED_SLOPE_M = 0.057 / 0.706
"""Loss of walking speed per unit of light extinction, m: v = v0 (1 + beta/alpha k) with
alpha = 0.706 m/s and beta = -0.057 m²/s (Frantzich and Nilsson, 'Utrymning genom tät
rök: beteende och förflyttning', Lund University report 3126, 2003, walking in dense
smoke; as used by FDS+Evac, Korhonen and Hostikka, VTT Working Papers 119, 2009)."""
SMOKE_SPEED_MIN_FRACTION = 0.1
"""The slowest walk in dense smoke, as a fraction of the free speed (FDS+Evac's
v_min = 0.1 v0, same sources as :data:`SMOKE_SPEED_SLOPE_M`)."""


def smoke_speed_factor(extinction_per_m: float) -> float:
    """Walking speed in smoke as a fraction of the free speed:
    max(0.1, 1 - (0.057 / 0.706) k) for an extinction coefficient k in 1/m (Frantzich and
    Nilsson 2003; FDS+Evac). 1 without smoke."""
    if extinction_per_m <= 0.0:
        return 1.0
    return max(SMOKE_SPEED_MIN_FRACTION, 1.0 - SMOKE_SPEED_SLOPE_M * extinction_per_m)


def stair_k_m_s(riser_m: float, tread_m: float) -> float:
    """SFPE k for a stair from its riser and tread: k = 51.8 √(tread/riser) m/min.

    Source: SFPE Handbook ch. 59 (Table 59.3 gives 1.00, 1.08, 1.16, 1.23 m/s for 7.5/10,
    7/11, 6.5/12 and 6.5/13 inch stairs).
    """
    if riser_m <= 0 or tread_m <= 0:
        raise ValueError("riser and tread must be positive")
    return 51.8 * math.sqrt(tread_m / riser_m) / 60.0


def edge_k_m_s(edge: Edge) -> float:
    """SFPE k for an edge: level k, or the stair k from its geometry (7/11 stair if unknown)."""
    if edge.kind == "stair":
        if edge.riser_m is not None and edge.tread_m is not None:
            return stair_k_m_s(edge.riser_m, edge.tread_m)
        return stair_k_m_s(0.178, 0.279)  # 7/11 inch
    return K_LEVEL_M_S


def speed_m_s(density_persons_m2: float, k_m_s: float, free_speed_m_s: float) -> float:
    """Walking speed at a density: free speed below 0.54 persons/m², else S = k(1 − aD).

    Source: SFPE Handbook ch. 59, Eq. 59.2. The density is capped at 3.5 persons/m² so that
    a jammed crowd still creeps; the speed never exceeds the person's free speed.
    """
    if density_persons_m2 < D_FREE_PERSONS_M2:
        return free_speed_m_s
    d = min(density_persons_m2, D_MAX_MOVING_PERSONS_M2)
    return min(free_speed_m_s, k_m_s * (1.0 - A_M2_PER_PERSON * d))


def room_density_persons_m2(people: int, area_m2: float) -> float:
    """Crowd density in a room, persons/m²: the people in it over its floor area.

    The SFPE hydraulic model (SFPE Handbook ch. 59) takes the density of the space a
    person moves through as the input of S = k(1 − aD); for people leaving a room that
    space is the room. The result is capped at 3.5 persons/m², below the jam density
    1/a ≈ 3.76 (see :func:`speed_m_s`).
    """
    if area_m2 <= 0:
        return D_MAX_MOVING_PERSONS_M2
    return min(max(people, 0) / area_m2, D_MAX_MOVING_PERSONS_M2)


def specific_flow_persons_s_m(density_persons_m2: float, k_m_s: float) -> float:
    """Specific flow Fs = S·D = k D (1 − aD), persons/s per metre of effective width.

    Source: SFPE Handbook ch. 59, Eq. 59.4.
    """
    d = min(max(density_persons_m2, 0.0), D_JAM_PERSONS_M2)
    return k_m_s * d * (1.0 - A_M2_PER_PERSON * d)


def max_specific_flow_persons_s_m(k_m_s: float) -> float:
    """The peak of Fs over density: k / (4a), reached at D = 1/(2a) ≈ 1.88 persons/m².

    1.316 persons/s/m on level ground and through doors, 1.015 on a 7/11 stair (SFPE
    Table 59.5 lists 1.3 and 1.01).
    """
    return k_m_s / (4.0 * A_M2_PER_PERSON)


def effective_width_m(width_m: float, kind: str) -> float:
    """Effective width We = W − 2b (SFPE ch. 59), never below 0.1 m."""
    return max(width_m - 2.0 * BOUNDARY_LAYER_M.get(kind, 0.0), 0.1)


def calculated_flow_persons_s(edge: Edge) -> float:
    """Calculated flow Fc = Fs,max · We through a door or onto a stair (SFPE Eq. 59.6)."""
    if edge.kind == "lift":
        return LIFT_FLOW_PERSONS_S
    return max_specific_flow_persons_s_m(edge_k_m_s(edge)) * effective_width_m(
        edge.width_m, edge.kind
    )


def premovement_times_s(group: PopulationGroup, n: int, rng: np.random.Generator) -> np.ndarray:
    """Draw ``n`` pre-movement times from the group's distribution (one generator, in order),
    each between the distribution's ``min_s`` and ``max_s`` where it gives them."""
    pm = group.premovement
    if pm.dist == "fixed":
        value = pm.value_s if pm.max_s is None else min(pm.value_s, pm.max_s)
        return np.full(n, value)
    if pm.dist == "uniform":
        return rng.uniform(pm.min_s, max(pm.max_s, pm.min_s), n)
    if pm.dist == "normal":
        times = np.maximum(rng.normal(pm.mean_s, pm.sd_s, n), pm.min_s)
    else:
        times = np.maximum(rng.lognormal(math.log(pm.median_s), pm.sigma, n), pm.min_s)
    if pm.max_s is not None:
        times = np.minimum(times, max(pm.max_s, pm.min_s))
    return times


def platoons(times_s: np.ndarray, size: int) -> list[tuple[int, float]]:
    """People with their own pre-movement times, formed into platoons of ``size`` who start
    together: (members, pre-movement) per platoon, in order of starting.

    Everybody draws their own time; the times are sorted and cut into runs of ``size``
    (the last run holds the rest), so a platoon gathers people whose times are neighbours in
    the group's distribution. A platoon sets off when its last member is ready, so the
    slowest starter's time is kept exactly: the tail of the pre-movement distribution, which
    sets the evacuation time of a large crowd (PD 7974-6:2019, the 99th percentile of
    pre-movement), is the same in platoons as for individuals."""
    n = int(times_s.size)
    if size <= 1:
        return [(1, float(x)) for x in times_s]
    ordered = np.sort(times_s)
    return [(min(size, n - k), float(ordered[min(k + size, n) - 1])) for k in range(0, n, size)]


class _Table:
    """Shortest paths to one target (or to the nearest safe place) around a blocked set."""

    __slots__ = ("dist", "hops", "view")

    def __init__(self, view: Any, hops: dict[str, str], dist: dict[str, float]) -> None:
        self.view = view
        self.hops = hops
        self.dist = dist


class Router:
    """Shortest paths to a target, around blocked nodes, cached per blocked set.

    A target of ``None`` means the nearest exit or assembly point. Besides the next node on
    the shortest path, the router lists every other way out of a node that gets closer to
    the target, so that a walker can take a second door when the first has a queue
    (:meth:`options`).
    """

    def __init__(self, site: SiteGraph) -> None:
        self.site = site
        self._walk = nx.Graph()
        self._walk.add_nodes_from(site.node_ids)
        for (a, b), e in site.edges.items():
            self._walk.add_edge(a, b, weight=e.length_m, lift=e.kind == "lift")
        self._cache: dict[tuple[str | None, frozenset[str], bool], _Table] = {}
        self._opts: dict[
            tuple[str, str | None, frozenset[str], bool], list[tuple[str, float, EdgeKey]]
        ] = {}

    @property
    def cached(self) -> int:
        """How many tables and option lists the router holds."""
        return len(self._cache) + len(self._opts)

    def _table(self, target: str | None, blocked: frozenset[str], use_lift: bool) -> _Table:
        key = (target, blocked, use_lift)
        table = self._cache.get(key)
        if table is not None:
            return table
        g = self._walk
        view = g
        if blocked or not use_lift:

            def edge_ok(a: str, b: str) -> bool:
                return use_lift or not g[a][b]["lift"]

            view = nx.subgraph_view(
                g, filter_node=lambda n: n not in blocked or n == target, filter_edge=edge_ok
            )
        if target is None:
            sources = [n for n in self.site.node_ids if n in self.site.safe_nodes and n in view]
            if sources:
                dist, paths = nx.multi_source_dijkstra(view, sources, weight="weight")
                hops = {n: p[-2] for n, p in paths.items() if len(p) > 1}
            else:
                dist, hops = {}, {}
        else:
            pred, dist = nx.dijkstra_predecessor_and_distance(view, target, weight="weight")
            hops = {n: p[0] for n, p in pred.items() if p}
        table = _Table(view, hops, dist)
        self._cache[key] = table
        return table

    def _usable(
        self, start: str, target: str | None, blocked: frozenset[str], use_lift: bool
    ) -> _Table | None:
        """The table to route ``start`` by: around blocked nodes if possible, else through."""
        table = self._table(target, blocked - {start} if blocked else blocked, use_lift)
        if start in table.hops:
            return table
        if blocked:
            table = self._table(target, frozenset(), use_lift)
            if start in table.hops:
                return table
        return None

    def next_hops(
        self, target: str | None, blocked: frozenset[str], use_lift: bool
    ) -> dict[str, str]:
        """For every node that can reach ``target``, the next node on its shortest path."""
        return self._table(target, blocked, use_lift).hops

    def distances_m(
        self, target: str | None, blocked: frozenset[str], use_lift: bool
    ) -> dict[str, float]:
        """Walking distance from every node that can reach ``target``, m."""
        return self._table(target, blocked, use_lift).dist

    def route(
        self, start: str, target: str | None, blocked: frozenset[str], use_lift: bool
    ) -> str | None:
        """The next node from ``start`` towards ``target``; around blocked nodes if possible."""
        if start == target:
            return None
        table = self._usable(start, target, blocked, use_lift)
        return None if table is None else table.hops[start]

    def options(
        self, start: str, target: str | None, blocked: frozenset[str], use_lift: bool
    ) -> list[tuple[str, float, EdgeKey]]:
        """Ways on from ``start``: (next node, metres left to the target that way, edge key).

        The shortest way comes first; the others are the neighbours that are themselves
        closer to the target than ``start`` is (so a walker never turns back).
        """
        key = (start, target, blocked, use_lift)
        opts = self._opts.get(key)
        if opts is None:
            opts = self._options(start, target, blocked, use_lift)
            self._opts[key] = opts
        return opts

    def _options(
        self, start: str, target: str | None, blocked: frozenset[str], use_lift: bool
    ) -> list[tuple[str, float, EdgeKey]]:
        table = self._usable(start, target, blocked, use_lift)
        if table is None:
            return []
        dist = table.dist
        here = dist[start]
        best = table.hops[start]
        adj = table.view[start]
        opts = [(best, adj[best]["weight"] + dist[best], edge_key(start, best))]
        for n, data in adj.items():
            if n != best and n in dist and dist[n] < here:
                opts.append((n, data["weight"] + dist[n], edge_key(start, n)))
        return opts


_ROUTERS: dict[int, tuple[Scenario, Router]] = {}
"""One router per scenario, by the scenario's id (the entry keeps the scenario alive, so
the id is not reused while it lives)."""
_ROUTERS_SIZE = 8
ROUTER_CACHE_LIMIT = 20_000
"""Tables and option lists a shared router holds at most before it starts again empty
(a batch of the bundled hotel with a playbook adds about 10 tables and 60 lists a run
after its first runs; a table is a few tens of kB)."""


def shared_router(site: SiteGraph) -> Router:
    """The router of the site's scenario, shared by every drill of it in this process.

    A router's tables depend only on the scenario's places and ways (never on a drill's
    state: blocked places and the lift choice are part of each table's key), so the
    drills of a batch reuse the routes the earlier ones worked out."""
    scenario = site.scenario
    hit = _ROUTERS.get(id(scenario))
    if hit is not None and hit[0] is scenario and hit[1].cached < ROUTER_CACHE_LIMIT:
        return hit[1]
    if len(_ROUTERS) >= _ROUTERS_SIZE:
        _ROUTERS.clear()
    router = Router(site)
    _ROUTERS[id(scenario)] = (scenario, router)
    return router


@dataclass(frozen=True)
class _Way:
    """What walking needs of one edge, worked out once."""

    length_m: float
    area_m2: float
    """Length × effective width: the area that sets the density on the way."""
    k_m_s: float
    stair_ratio: float
    """k of the way over k on level ground: scales a walker's free speed on a stair."""
    flow_persons_s: float
    """Calculated flow Fc of the way's entry."""
    stair: bool
    lift: bool
    door: DoorState | None
    """The door's state, for doors (held open while people pass)."""


class Crowd:
    """Everybody on site, their movement processes and their exposure records.

    Every walking edge is entered through a transition of calculated flow
    Fc = Fs,max · We (SFPE ch. 59): people pass it one after another, each occupying it
    for size / Fc seconds, in the order they reach it, so a queue forms before a narrow
    door or a stair exactly as the hydraulic model says. A person who finds the entry free
    passes at once. Once on an edge, a walker's speed follows S = k(1 − aD) from the
    density of the other people on it; as the entry holds any excess back in its queue, the
    density is that of the uncongested branch, at most the optimum 1/(2a) ≈ 1.88
    persons/m². At a node with more than one way towards their target, a walker takes
    the one with the least expected time: the queue at its entry plus the remaining
    distance at free speed.
    """

    def __init__(
        self, drill: CrowdHost, groups: Sequence[PopulationGroup], platoon_limit: int
    ) -> None:
        self.drill = drill
        self.env: simpy.Environment = drill.env
        self.site = drill.site
        self.router = shared_router(drill.site)
        total = sum(g.count for g in groups if g.casualty is None)
        self.platoon_size = max(1, math.ceil(total / platoon_limit)) if platoon_limit else 1
        self.agents: list[Agent] = []
        for g in groups:
            size = 1 if g.casualty is not None else self.platoon_size
            for members, pre_s in platoons(premovement_times_s(g, g.count, drill.rng), size):
                a = Agent(
                    idx=len(self.agents),
                    group=g.id,
                    size=members,
                    node=g.node,
                    free_speed_m_s=g.speed_m_s,
                    mobility=g.mobility,
                    premovement_s=pre_s,
                    missing=g.missing,
                    destination=g.destination,
                )
                if g.casualty is not None:
                    a.state = "casualty_static"
                    a.casualty_kind = g.casualty
                self.agents.append(a)
        self.groups = {g.id: g for g in groups}
        n = len(self.agents)
        self.sizes = np.array([a.size for a in self.agents], dtype=np.int64)
        # People per node and each agent's node index, kept as lists while people move
        # and handed out as arrays (built again only after a change).
        self._agent_node = [self.site.index[a.node] for a in self.agents]
        self._node_people = [0] * len(self.site.node_ids)
        for a in self.agents:
            self._node_people[self.site.index[a.node]] += a.size
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None
        self.edge_count: dict[EdgeKey, int] = {}
        self.ways: dict[EdgeKey, _Way] = {}
        self.gate_flow: dict[EdgeKey, float] = {}
        self.gate_free_s: dict[EdgeKey, float] = {}
        """When each edge's entry is next free (the end of the last reserved passage), s."""
        for key, e in self.site.edges.items():
            flow = calculated_flow_persons_s(e)
            self.gate_flow[key] = flow
            self.ways[key] = _Way(
                length_m=e.length_m,
                area_m2=e.length_m * effective_width_m(e.width_m, e.kind),
                k_m_s=edge_k_m_s(e),
                stair_ratio=edge_k_m_s(e) / K_LEVEL_M_S,
                flow_persons_s=flow,
                stair=e.kind == "stair",
                lift=e.kind == "lift",
                door=self.site.doors.get(key),
            )
        self.room_area_m2: dict[str, float] = {
            n.id: n.area_m2 for n in drill.scenario.site.nodes if n.kind == "room"
        }
        """Floor area of each room: the crowd in a room sets the speed of those leaving it."""
        self.alert_events: list[simpy.Event | None] = [None] * n
        # The way each agent is walking now: the node it left (-1: at a node), and when it
        # set off and will arrive, so that exposure on a way uses the level along it.
        self.edge_from = np.full(n, -1, dtype=np.int64)
        self.edge_t0_s = np.zeros(n)
        self.edge_t1_s = np.zeros(n)
        self.lost = 0
        """Walkers who will not walk to safety: overcome or dead on the way."""
        self.blocked: frozenset[str] = frozenset()
        self.extinction_per_m: np.ndarray | None = None
        """Smoke's light extinction coefficient at every node, 1/m (None: no smoke model)."""
        self.safe_count = 0
        self.walkers = sum(a.size for a in self.agents if a.state == "waiting")
        self.curve: list[tuple[float, int]] = []
        self.alerted_count = 0
        self.lift_broadcast: set[str] = set()
        """Places where an evacuation message telling people to take the lifts plays."""
        self.roused_by_alarm: set[int] = set()
        """Agents an alarm alerted who have had no other cue since (a knock, an order)."""

    # --- alerting and orders -------------------------------------------------------

    def start(self) -> None:
        """Start a movement process for every walking agent."""
        for a in self.agents:
            if a.state == "waiting":
                ev = self.env.event()
                self.alert_events[a.idx] = ev
                self.env.process(self._walk(a, ev, a.walk))
                if self.groups[a.group].alerted_by == "start":
                    self.alert(a, None)
        if self.walkers and self.alerted_count >= self.walkers:  # the incident alerted all
            self.drill.milestone("everyone_alerted")

    def alert(
        self, a: Agent, destination: str | None, use_lift: bool = False, *, order: bool = False
    ) -> bool:
        """Alert an agent (starts their pre-movement); set where they go if given.

        People sheltering in place stay there when an alarm sounds (they are alerted, but
        keep the order to shelter) and leave when an order names a destination or
        ``order`` is set (an evacuation order or a warning): they go at once, their
        pre-movement being over. Returns whether the agent was newly alerted.
        """
        if destination is not None:
            a.destination = destination
            a.use_lift = use_lift
        newly = False
        if a.alerted_s is None and self.alert_events[a.idx] is not None:
            a.alerted_s = self.env.now
            self.alerted_count += a.size
            newly = True
        if a.state == "sheltering":
            if destination is not None or order:
                a.state = "alerted"
                a.premovement_s = 0.0
                a.walk += 1
                ev = self.env.event()
                self.env.process(self._walk(a, ev, a.walk))
                ev.succeed()
            return newly
        if newly:
            a.state = "alerted"
            pending = self.alert_events[a.idx]
            assert pending is not None
            pending.succeed()
        return newly

    def settle(self, a: Agent) -> bool:
        """The alarm that roused an agent stopped before they set off: they are no longer
        alerted, and wait for the next alert as they did before it. Returns whether they
        settled (only an alerted agent still in pre-movement does)."""
        if a.state != "alerted" or a.alerted_s is None:
            return False
        a.alerted_s = None
        self.alerted_count -= a.size
        a.state = "waiting"
        a.walk += 1
        ev = self.env.event()
        self.alert_events[a.idx] = ev
        self.env.process(self._walk(a, ev, a.walk))
        return True

    def hurry(self, a: Agent, within_s: float) -> bool:
        """Cut what is left of an alerted agent's pre-movement to at most ``within_s``
        (a member of staff knocks on the door). Returns whether it was cut."""
        if a.state != "alerted" or a.alerted_s is None:
            return False
        now = float(self.env.now)
        left = a.alerted_s + a.premovement_s - now
        if left <= within_s:
            return False
        a.premovement_s = now - a.alerted_s + within_s
        a.walk += 1
        ev = self.env.event()
        self.env.process(self._walk(a, ev, a.walk, within_s))
        ev.succeed()
        return True

    def agents_at(self, nodes: set[str] | None) -> list[Agent]:
        """Walking agents whose current node is in ``nodes`` (all when None)."""
        return [
            a
            for a in self.agents
            if a.state in ("waiting", "alerted", "moving", "sheltering")
            and (nodes is None or a.node in nodes)
        ]

    def set_smoke(self, extinction_per_m: np.ndarray | None) -> None:
        """The smoke's extinction coefficient at every node now, 1/m: walkers slow down
        in it (:func:`smoke_speed_factor`)."""
        self.extinction_per_m = extinction_per_m

    def set_blocked(self, blocked: frozenset[str]) -> None:
        """Nodes people should route around (untenable now)."""
        self.blocked = blocked

    @property
    def node_count(self) -> np.ndarray:
        """People at each node now, in ``site.node_ids`` order (read-only)."""
        return self._views()[0]

    @property
    def loc(self) -> np.ndarray:
        """Each agent's node now, as an index into ``site.node_ids`` (read-only)."""
        return self._views()[1]

    def _views(self) -> tuple[np.ndarray, np.ndarray]:
        if self._arrays is None:
            counts = np.array(self._node_people, dtype=np.int64)
            loc = np.array(self._agent_node, dtype=np.int64)
            counts.flags.writeable = False
            loc.flags.writeable = False
            self._arrays = (counts, loc)
        return self._arrays

    def people_at(self, node: str) -> int:
        """People at one node now."""
        return self._node_people[self.site.index[node]]

    def queue_s(self, a: str, b: str) -> float:
        """How long somebody arriving now waits before entering the way from a to b, s."""
        wait = self.gate_free_s.get(edge_key(a, b), 0.0) - self.env.now
        return wait if wait > 0.0 else 0.0

    # --- the walk ------------------------------------------------------------------

    def _walk(
        self, a: Agent, alerted: simpy.Event, walk: int, wait_s: float | None = None
    ) -> Generator[simpy.Event, Any, None]:
        """One agent's life: wait for the alert, pre-movement (or ``wait_s`` when a later
        prompt cut it short), then way after way."""
        env = self.env
        yield alerted
        delay = a.premovement_s if wait_s is None else wait_s
        if delay > 0:
            yield env.timeout(delay)
        if a.walk != walk or a.state == "sheltering":
            return
        a.state = "moving"
        a.start_s = env.now
        self.drill.log_sparse("start_moving", group=a.group)
        safe_nodes = self.site.safe_nodes
        default_assembly = self.drill.scenario.site.default_assembly
        ways, gate_free_s, edge_count = self.ways, self.gate_free_s, self.edge_count
        room_area = self.room_area_m2
        options = self.router.options
        index, node_people, agent_node = self.site.index, self._node_people, self._agent_node
        level_f, stair_f = MOBILITY_FACTOR[a.mobility]
        level_free = a.free_speed_m_s * level_f
        hurt = False
        size = a.size
        while True:
            if a.errand_to is not None and a.node == a.errand_to:
                # Sent back in: stay, then leave for safety again.
                if a.errand_stay_s > 0:
                    yield env.timeout(a.errand_stay_s)
                    if a.walk != walk or a.state != "moving":
                        return
                a.errand_to = None
                a.destination = default_assembly
            if a.errand_to is None:
                if a.destination is None:
                    a.destination = default_assembly
                if a.safe_s is None and a.node in safe_nodes:
                    self._mark_safe(a)
                if a.node == a.destination or (a.destination is None and a.node in safe_nodes):
                    a.arrived_s = env.now
                    if a.state == "moving":
                        a.state = "safe"
                    return
            if not a.use_lift and a.node in self.lift_broadcast:
                a.use_lift = True  # the message heard on the way
            target = a.errand_to if a.errand_to is not None else a.destination
            opts = options(a.node, target, self.blocked, a.use_lift)
            if not opts:
                a.state = "stuck"
                self.drill.log_sparse("stuck", group=a.group, node=a.node)
                return
            nxt, _, key = opts[0] if len(opts) == 1 else self._choose(a, opts)
            way = ways[key]
            now = env.now
            # The entry: wait for those ahead, then pass; the platoon's last member
            # passes (size - 1) / Fc after its first, and the entry is free again after
            # size / Fc.
            if a.harm == "injured" and not hurt:
                # Hurt by the dose on the way: slower from the next way on.
                hurt = True
                level_free = a.free_speed_m_s * level_f * INJURED_SPEED_FACTOR
                stair_f *= INJURED_SPEED_FACTOR
            free_s = gate_free_s.get(key, 0.0)
            begin_s = free_s if free_s > now else now
            flow = way.flow_persons_s
            gate_free_s[key] = begin_s + size / flow
            door = way.door
            if door is not None and door.held_until_s < begin_s + size / flow + 2.0:
                door.held_until_s = begin_s + size / flow + 2.0
            pass_s = begin_s + (size - 1) / flow
            if pass_s > now:
                yield env.timeout(pass_s - now)
            if way.lift:
                travel_s = LIFT_TRAVEL_S
            else:
                free = a.free_speed_m_s * way.stair_ratio * stair_f if way.stair else level_free
                # The density around the walker: everybody else on the way (a walker
                # alone walks freely, however short the way).
                density = (edge_count.get(key, 0) + size - 1) / way.area_m2
                if density > D_OPTIMUM_PERSONS_M2:
                    density = D_OPTIMUM_PERSONS_M2
                room_m2 = room_area.get(a.node)
                if room_m2 is not None:
                    # Leaving a room: the walker crosses it among everyone still in it.
                    density = max(
                        density, room_density_persons_m2(node_people[index[a.node]], room_m2)
                    )
                smoke = self.extinction_per_m
                if smoke is not None:
                    # The denser smoke of the way's two ends sets the pace along it.
                    k_ext = max(smoke[index[a.node]], smoke[index[nxt]])
                    if k_ext > 0.0:
                        free *= smoke_speed_factor(float(k_ext))
                speed = speed_m_s(density, way.k_m_s, free)
                travel_s = way.length_m / (speed if speed > 0.05 else 0.05)
            edge_count[key] = edge_count.get(key, 0) + size
            # Counted at the next node from now on (as _move_count does).
            i_new = index[nxt]
            node_people[agent_node[a.idx]] -= size
            node_people[i_new] += size
            agent_node[a.idx] = i_new
            self._arrays = None
            here = a.node
            a.node = nxt
            self.edge_from[a.idx] = index[here]
            self.edge_t0_s[a.idx] = env.now
            self.edge_t1_s[a.idx] = env.now + travel_s
            yield env.timeout(travel_s)
            self.edge_from[a.idx] = -1
            edge_count[key] -= size
            if a.state in ("casualty", "casualty_static") or a.walk != walk:
                return

    def levels_at_people(self, levels: np.ndarray, now_s: float) -> np.ndarray:
        """The level where each agent is now: at their node, or, on a way, interpolated
        linearly between its two ends by the share of the way walked (drillsim's
        assumption of a level varying evenly along a way)."""
        loc = self.loc
        out: np.ndarray = levels[loc].astype(float, copy=False)
        walking = ((self.edge_from >= 0) & (self.edge_t1_s > now_s)).nonzero()[0]
        if walking.size:
            span = np.maximum(self.edge_t1_s[walking] - self.edge_t0_s[walking], 1e-9)
            # clip to [0, 1] (np.clip's max-then-min, without its wrapper)
            share = np.minimum(1.0, np.maximum(0.0, (now_s - self.edge_t0_s[walking]) / span))
            start = levels[self.edge_from[walking]]
            out[walking] = start + share * (levels[loc[walking]] - start)
        return out

    def send_back(self, a: Agent, to: str, stay_s: float) -> None:
        """Send a safe agent back into a place (``Action.sends``): they are no longer safe,
        walk there, stay ``stay_s`` and come out to the nearest exit or assembly point."""
        if a.safe_s is not None:
            a.safe_s = None
            self.safe_count -= a.size
            self.curve.append((self.env.now, self.safe_count))
        a.errand_to = to
        a.errand_stay_s = stay_s
        a.destination = None
        a.state = "moving"
        a.walk += 1
        ev = self.env.event()
        a.premovement_s = 0.0
        self.env.process(self._walk(a, ev, a.walk, 0.0))
        ev.succeed()

    def stop(self, a: Agent, *, dead: bool) -> None:
        """The dose has overcome (or killed) an agent: they stop walking where they are
        and, alive, need rescue like a casualty of the incident."""
        walking = a.state in ("waiting", "alerted", "moving", "sheltering", "stuck")
        if walking and a.safe_s is None:
            self.lost += a.size
        a.walk += 1
        if dead:
            a.state = "casualty"
        else:
            a.state = "casualty_static"
            a.casualty_kind = a.casualty_kind or "overcome"
        if self.walkers and self.safe_count >= self.walkers - self.lost:
            self.drill.milestone("evacuation_complete", people=self.safe_count)

    def _choose(
        self, a: Agent, opts: list[tuple[str, float, EdgeKey]]
    ) -> tuple[str, float, EdgeKey]:
        """Of several ways on, the one with the least queue plus walking time to the target."""
        now = self.env.now
        speed = a.free_speed_m_s * MOBILITY_FACTOR[a.mobility][0]
        best, best_s = opts[0], math.inf
        for opt in opts:
            wait = self.gate_free_s.get(opt[2], 0.0) - now
            cost_s = (wait if wait > 0.0 else 0.0) + opt[1] / speed
            if cost_s < best_s - 1e-9:
                best, best_s = opt, cost_s
        return best

    def _move_count(self, a: Agent, nxt: str) -> None:
        i_new = self.site.index[nxt]
        self._node_people[self._agent_node[a.idx]] -= a.size
        self._node_people[i_new] += a.size
        self._agent_node[a.idx] = i_new
        self._arrays = None
        a.node = nxt

    def move_static(self, a: Agent, node: str) -> None:
        """Carry a casualty (or anyone) to a node at once (rescue)."""
        self._move_count(a, node)

    def _mark_safe(self, a: Agent) -> None:
        a.safe_s = self.env.now
        self.safe_count += a.size
        self.curve.append((self.env.now, self.safe_count))
        if self.walkers > 0 and self.safe_count >= self.walkers - self.lost:
            self.drill.milestone("evacuation_complete", people=self.safe_count)

    # --- results --------------------------------------------------------------------

    def evacuation_curve(self) -> list[tuple[float, int]]:
        """(time, people safe so far) at each arrival at an exit or assembly point."""
        return list(self.curve)

    def rset_s(self) -> float | None:
        """Time the last walker reached safety (None while anyone is still inside)."""
        if self.walkers == 0 or self.safe_count < self.walkers - self.lost:
            return None
        # Everyone may be lost (dead) before anyone reached safety.
        return max((a.safe_s for a in self.agents if a.safe_s is not None), default=None)
