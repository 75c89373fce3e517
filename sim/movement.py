"""People movement: the SFPE hydraulic model applied to individuals or small platoons.

Relations (SFPE Handbook of Fire Protection Engineering, 5th ed., ch. 59 "Employing the
Hydraulic Model in Assessing Emergency Movement", Gwynne & Rosenbaum; as cited in
DOMAIN.md §8):

- speed and density: S = k (1 − a D), a = 0.266 m²/person, for D ≥ 0.54 persons/m²;
  below that people walk at their free speed;
- k = 1.40 m/s on level ground; on stairs k = 51.8 √(tread/riser) m/min;
- specific flow Fs = S D, at most k / (4a) (at D = 1/(2a) ≈ 1.88 persons/m²);
- effective width We = W − 2b (boundary layer b, 0.15 m for doors and stairs);
- calculated flow Fc = Fs We: passing N people through a door or onto a stair takes N / Fc.

The engine enforces Fc with one SimPy resource per door or stair: each person (or platoon)
holds it for size / Fc seconds, so a queue forms exactly as the hydraulic model says.
"""

from __future__ import annotations

import math
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import simpy

from sim.hazards.base import Harm
from sim.scenario import Edge, PopulationGroup
from sim.site import EdgeKey, SiteGraph, edge_key

if TYPE_CHECKING:
    from sim.drill import Drill

A_M2_PER_PERSON = 0.266
"""SFPE constant a in S = k(1 − aD), m²/person."""
K_LEVEL_M_S = 1.40
"""SFPE k for corridors, aisles, ramps and doorways, m/s."""
D_FREE_PERSONS_M2 = 0.54
"""Below this density people move at free speed (SFPE)."""
D_JAM_PERSONS_M2 = 1.0 / A_M2_PER_PERSON
"""Density at which movement stops in the SFPE relation, ≈ 3.76 persons/m²."""
D_MAX_MOVING_PERSONS_M2 = 3.5
"""Densities are capped here so that a crowd still creeps forward (SFPE: valid to 3.8)."""
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
    """Draw ``n`` pre-movement times from the group's distribution (one generator, in order)."""
    pm = group.premovement
    if pm.dist == "fixed":
        return np.full(n, pm.value_s)
    if pm.dist == "uniform":
        return rng.uniform(pm.min_s, max(pm.max_s, pm.min_s), n)
    if pm.dist == "normal":
        return np.maximum(rng.normal(pm.mean_s, pm.sd_s, n), pm.min_s)
    return np.maximum(rng.lognormal(math.log(pm.median_s), pm.sigma, n), pm.min_s)


class Router:
    """Shortest paths to a target, around blocked nodes, cached per blocked set."""

    def __init__(self, site: SiteGraph) -> None:
        self.site = site
        self._walk = nx.Graph()
        for (a, b), e in site.edges.items():
            if e.kind != "road":
                self._walk.add_edge(a, b, weight=e.length_m, lift=e.kind == "lift")
            else:
                self._walk.add_edge(a, b, weight=e.length_m, lift=False)
        self._walk.add_nodes_from(site.node_ids)
        self._cache: dict[tuple[str, frozenset[str], bool], dict[str, str]] = {}

    def next_hops(self, target: str, blocked: frozenset[str], use_lift: bool) -> dict[str, str]:
        """For every node that can reach ``target``, the next node on its shortest path."""
        key = (target, blocked, use_lift)
        hops = self._cache.get(key)
        if hops is None:
            g = self._walk
            if blocked or not use_lift:

                def edge_ok(a: str, b: str) -> bool:
                    return use_lift or not g[a][b]["lift"]

                view = nx.subgraph_view(
                    g, filter_node=lambda n: n not in blocked or n == target, filter_edge=edge_ok
                )
            else:
                view = g
            pred, _ = nx.dijkstra_predecessor_and_distance(view, target, weight="weight")
            hops = {n: p[0] for n, p in pred.items() if p}
            self._cache[key] = hops
        return hops

    def route(self, start: str, target: str, blocked: frozenset[str], use_lift: bool) -> str | None:
        """The next node from ``start`` towards ``target``; around blocked nodes if possible."""
        if start == target:
            return None
        hop = self.next_hops(target, blocked - {start}, use_lift).get(start)
        if hop is None and blocked:
            hop = self.next_hops(target, frozenset(), use_lift).get(start)
        return hop


@dataclass
class Agent:
    """One person, or a platoon of ``size`` people who move together."""

    idx: int
    group: str
    size: int
    node: str
    free_speed_m_s: float
    mobility: str
    premovement_s: float
    destination: str | None = None
    use_lift: bool = False
    alerted_s: float | None = None
    start_s: float | None = None
    safe_s: float | None = None
    arrived_s: float | None = None
    state: str = "waiting"
    """waiting, alerted, moving, safe, sheltering, casualty_static (trapped/injured)."""
    harm: Harm | None = None
    casualty_kind: str | None = None
    missing: bool = False
    rescued_s: float | None = None
    first_aid_s: float | None = None


class Crowd:
    """Everybody on site, their movement processes and their exposure records."""

    def __init__(self, drill: Drill, groups: Sequence[PopulationGroup], platoon_limit: int) -> None:
        self.drill = drill
        self.env: simpy.Environment = drill.env
        self.site = drill.site
        self.router = Router(drill.site)
        total = sum(g.count for g in groups if g.casualty is None)
        self.platoon_size = max(1, math.ceil(total / platoon_limit)) if platoon_limit else 1
        self.agents: list[Agent] = []
        for g in groups:
            size = 1 if g.casualty is not None else self.platoon_size
            n_agents = math.ceil(g.count / size) if g.count else 0
            sizes = [size] * n_agents
            if n_agents and g.count % size:
                sizes[-1] = g.count % size
            pre = premovement_times_s(g, n_agents, drill.rng)
            for k in range(n_agents):
                a = Agent(
                    idx=len(self.agents),
                    group=g.id,
                    size=sizes[k],
                    node=g.node,
                    free_speed_m_s=g.speed_m_s,
                    mobility=g.mobility,
                    premovement_s=float(pre[k]),
                    missing=g.missing,
                )
                if g.casualty is not None:
                    a.state = "casualty_static"
                    a.casualty_kind = g.casualty
                self.agents.append(a)
        self.groups = {g.id: g for g in groups}
        n = len(self.agents)
        self.sizes = np.array([a.size for a in self.agents], dtype=np.int64)
        self.loc = np.array([self.site.index[a.node] for a in self.agents], dtype=np.int64)
        self.node_count = np.zeros(len(self.site.node_ids), dtype=np.int64)
        np.add.at(self.node_count, self.loc, self.sizes)
        self.edge_count: dict[EdgeKey, int] = {}
        self.gates: dict[EdgeKey, simpy.Resource] = {}
        self.gate_flow: dict[EdgeKey, float] = {}
        for key, e in self.site.edges.items():
            if e.kind in ("door", "stair", "lift"):
                self.gates[key] = simpy.Resource(self.env, capacity=1)
                self.gate_flow[key] = calculated_flow_persons_s(e)
        self.alert_events: list[simpy.Event | None] = [None] * n
        self.blocked: frozenset[str] = frozenset()
        self.safe_count = 0
        self.walkers = sum(a.size for a in self.agents if a.state == "waiting")
        self.curve: list[tuple[float, int]] = []
        self.alerted_count = 0

    # --- alerting and orders -------------------------------------------------------

    def start(self) -> None:
        """Start a movement process for every walking agent."""
        for a in self.agents:
            if a.state == "waiting":
                ev = self.env.event()
                self.alert_events[a.idx] = ev
                self.env.process(self._walk(a, ev))
                if self.groups[a.group].alerted_by == "start":
                    self.alert(a, None)

    def alert(self, a: Agent, destination: str | None, use_lift: bool = False) -> bool:
        """Alert an agent (starts their pre-movement); set where they go if given."""
        if destination is not None:
            a.destination = destination
            a.use_lift = use_lift
        if a.state == "sheltering" and destination is not None:
            a.state = "alerted"
            a.premovement_s = 0.0
            ev = self.env.event()
            self.env.process(self._walk(a, ev))
            ev.succeed()
            return False
        if a.alerted_s is not None:
            return False
        pending = self.alert_events[a.idx]
        if pending is None or pending.triggered:
            return False
        a.alerted_s = self.env.now
        a.state = "alerted"
        self.alerted_count += a.size
        pending.succeed()
        return True

    def agents_at(self, nodes: set[str] | None) -> list[Agent]:
        """Walking agents whose current node is in ``nodes`` (all when None)."""
        return [
            a
            for a in self.agents
            if a.state in ("waiting", "alerted", "moving", "sheltering")
            and (nodes is None or a.node in nodes)
        ]

    def set_blocked(self, blocked: frozenset[str]) -> None:
        """Nodes people should route around (untenable now)."""
        self.blocked = blocked

    # --- the walk ------------------------------------------------------------------

    def _default_destination(self, a: Agent) -> str:
        dflt = self.drill.scenario.site.default_assembly
        if dflt is not None:
            return dflt
        hops: dict[str, float] = nx.single_source_dijkstra_path_length(
            self.router._walk, a.node, weight="weight"
        )
        safe = [(d, n) for n, d in hops.items() if n in self.site.safe_nodes]
        return min(safe)[1] if safe else a.node

    def _walk(self, a: Agent, alerted: simpy.Event) -> Generator[simpy.Event, Any, None]:
        yield alerted
        if a.premovement_s > 0:
            yield self.env.timeout(a.premovement_s)
        if a.state == "sheltering":
            return
        a.state = "moving"
        a.start_s = self.env.now
        self.drill.log_sparse("start_moving", group=a.group)
        while True:
            if a.destination is None:
                a.destination = self._default_destination(a)
            if a.node in self.site.safe_nodes and a.safe_s is None:
                self._mark_safe(a)
            if a.node == a.destination:
                a.arrived_s = self.env.now
                if a.state == "moving":
                    a.state = "safe"
                return
            nxt = self.router.route(a.node, a.destination, self.blocked, a.use_lift)
            if nxt is None:
                a.state = "stuck"
                self.drill.log_sparse("stuck", group=a.group, node=a.node)
                return
            yield from self._traverse(a, nxt)
            if a.state == "casualty":
                return

    def _traverse(self, a: Agent, nxt: str) -> Generator[simpy.Event, Any, None]:
        key = edge_key(a.node, nxt)
        edge = self.site.edges[key]
        gate = self.gates.get(key)
        if gate is not None:
            req = gate.request()
            yield req
            hold_s = a.size / self.gate_flow[key]
            door = self.site.doors.get(key)
            if door is not None:
                door.held_until_s = max(door.held_until_s, self.env.now + hold_s + 2.0)
            yield self.env.timeout(hold_s)
            gate.release(req)
        k = edge_k_m_s(edge)
        level_f, stair_f = MOBILITY_FACTOR[a.mobility]
        if edge.kind == "stair":
            free = a.free_speed_m_s * (k / K_LEVEL_M_S) * stair_f
        else:
            free = a.free_speed_m_s * level_f
        if edge.kind == "lift":
            travel_s = 20.0
        else:
            on_edge = self.edge_count.get(key, 0) + a.size
            density = on_edge / (edge.length_m * effective_width_m(edge.width_m, edge.kind))
            travel_s = edge.length_m / max(speed_m_s(density, k, free), 0.05)
        self.edge_count[key] = self.edge_count.get(key, 0) + a.size
        self._move_count(a, nxt)
        yield self.env.timeout(travel_s)
        self.edge_count[key] -= a.size

    def _move_count(self, a: Agent, nxt: str) -> None:
        i_old, i_new = self.site.index[a.node], self.site.index[nxt]
        self.node_count[i_old] -= a.size
        self.node_count[i_new] += a.size
        self.loc[a.idx] = i_new
        a.node = nxt

    def move_static(self, a: Agent, node: str) -> None:
        """Carry a casualty (or anyone) to a node at once (rescue)."""
        self._move_count(a, node)

    def _mark_safe(self, a: Agent) -> None:
        a.safe_s = self.env.now
        self.safe_count += a.size
        self.curve.append((self.env.now, self.safe_count))
        if self.safe_count >= self.walkers and self.walkers > 0:
            self.drill.milestone("evacuation_complete", people=self.safe_count)

    # --- results --------------------------------------------------------------------

    def evacuation_curve(self) -> list[tuple[float, int]]:
        """(time, people safe so far) at each arrival at an exit or assembly point."""
        return list(self.curve)

    def rset_s(self) -> float | None:
        """Time the last walker reached safety (None while anyone is still inside)."""
        if self.walkers == 0 or self.safe_count < self.walkers:
            return None
        return max(a.safe_s for a in self.agents if a.safe_s is not None)
