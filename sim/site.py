"""The site as the engine and the hazard models see it: a networkx graph plus arrays.

Nodes keep a fixed order (``node_ids``), so per-node quantities (people counts, hazard
levels) are numpy arrays indexed by ``index[node_id]``. Door states are mutable: doors are
held open while people pass and can be propped open or closed by actions; the fire model
reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

from sim.scenario import Edge, Node, Scenario

EdgeKey = tuple[str, str]


def edge_key(a: str, b: str) -> EdgeKey:
    """The key of the undirected edge between two nodes (sorted)."""
    return (a, b) if a <= b else (b, a)


@dataclass
class DoorState:
    """A door's state: closed (self-closing), held open while people pass, or propped."""

    propped_open: bool
    held_until_s: float = -1.0

    def is_open(self, now_s: float) -> bool:
        """Whether the door is open now."""
        return self.propped_open or now_s < self.held_until_s


class SiteGraph:
    """The site graph with node arrays and door states."""

    SAFE_KINDS = ("exit", "assembly")

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.nodes: dict[str, Node] = {n.id: n for n in scenario.site.nodes}
        self.node_ids: list[str] = [n.id for n in scenario.site.nodes]
        self.index: dict[str, int] = {nid: i for i, nid in enumerate(self.node_ids)}
        self.x_m = np.array([n.x_m for n in scenario.site.nodes], dtype=float)
        self.y_m = np.array([n.y_m for n in scenario.site.nodes], dtype=float)
        self.floor = np.array([n.floor for n in scenario.site.nodes], dtype=np.int64)
        self.area_m2 = np.array([n.area_m2 for n in scenario.site.nodes], dtype=float)
        self.height_m = np.array([n.height_m for n in scenario.site.nodes], dtype=float)
        self.indoor = np.array([n.is_indoor for n in scenario.site.nodes], dtype=bool)
        self.edges: dict[EdgeKey, Edge] = {}
        self.graph = nx.Graph()
        for n in scenario.site.nodes:
            self.graph.add_node(n.id, kind=n.kind, floor=n.floor)
        self.doors: dict[EdgeKey, DoorState] = {}
        for e in scenario.site.edges:
            key = edge_key(e.source, e.target)
            self.edges[key] = e
            self.graph.add_edge(e.source, e.target, kind=e.kind, length_m=e.length_m)
            if e.kind == "door":
                self.doors[key] = DoorState(propped_open=not e.door_closed)
        self.safe_nodes: frozenset[str] = frozenset(
            n.id for n in scenario.site.nodes if n.kind in self.SAFE_KINDS
        )
        offsite_starts = {g.node for g in scenario.population if g.offsite}
        self.on_site = np.array(
            [
                not (n.offsite if n.offsite is not None else n.id in offsite_starts)
                for n in scenario.site.nodes
            ],
            dtype=bool,
        )
        """Whether each node is on the unit's site (``Node.offsite``), in node order."""

    def edge(self, a: str, b: str) -> Edge:
        """The edge between two nodes."""
        return self.edges[edge_key(a, b)]

    def door_open(self, a: str, b: str, now_s: float) -> bool:
        """Whether the way between two nodes is open to air (non-doors always are)."""
        door = self.doors.get(edge_key(a, b))
        return True if door is None else door.is_open(now_s)

    def floors(self) -> list[int]:
        """Storeys present, lowest first."""
        return sorted({int(f) for f in self.floor})

    def nodes_on_floor(self, floor: int) -> list[str]:
        """Node ids on one storey."""
        return [nid for nid in self.node_ids if self.nodes[nid].floor == floor]

    def distance_m(self, a: str, b: str) -> float:
        """Straight-line distance between two nodes, m (plan distance)."""
        i, j = self.index[a], self.index[b]
        return float(np.hypot(self.x_m[i] - self.x_m[j], self.y_m[i] - self.y_m[j]))

    def within_m(self, center: str, radius_m: float) -> list[str]:
        """Nodes within a plan radius of a node."""
        i = self.index[center]
        d = np.hypot(self.x_m - self.x_m[i], self.y_m - self.y_m[i])
        return [self.node_ids[k] for k in np.nonzero(d <= radius_m)[0]]
