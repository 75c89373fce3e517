"""The ``fire`` hazard as the engine drives it: :class:`FireModel`.

A t-squared fire in one room, its smoke spreading through the site graph, the places it
makes untenable or too smoky to find the way, and the people it harms. The equations it
applies live in :mod:`sim.hazards.fire_physics`; this module holds the state, the SimPy
process that advances it every tick, and the reactions to actions (docs/models.md §3,
"fire (engine-facing behaviour)").
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.harm import DoseModel, FireDose
from sim.hazards.base import ActionDone, Harm, Hazard, HazardContext, Threshold
from sim.hazards.fire_physics import (
    GROWTH_ALPHA_KW_S2,
    SIGN_K,
    SOOT_SPECIFIC_EXTINCTION_M2_G,
    TENABILITY,
    WALL_MATERIALS,
    Tenability,
    aset_s,
    compartment_boundary_area_m2,
    growth_time_from_alpha_s,
    hrr_kw,
    mqh_temperature_rise_k,
    smoke_soot_g_m3,
    time_to_layer_height_s,
    time_to_upper_layer_temp_s,
    wall_heat_transfer_coefficient_kw_m2_k,
    wayfinding_limit_m,
)
from sim.hazards.fire_smoke import SMOKE_REFERENCE_HRR_KW, SmokeFront
from sim.hazards.specs import MILESTONES, FireParams, HazardParams
from sim.text import LangText

if TYPE_CHECKING:
    import simpy

    from sim.site import DoorState, SiteGraph

__all__ = [
    "SMOKE_NOTICE_RISE_K",
    "SMOKE_REFERENCE_HRR_KW",
    "VOLUME_SCALE_BOUNDS",
    "WALL_THICKNESS_M",
    "FireModel",
]


SMOKE_NOTICE_RISE_K = 5.0
"""Head-height temperature rise taken for smoke that has just reached a place, K.

The arriving ceiling jet is warm and thin; 5 K above ambient marks 'smoke present' (the
first threshold) without claiming harm. A drill convention, not a measured value."""

VOLUME_SCALE_BOUNDS: tuple[float, float] = (0.25, 4.0)
"""Bounds of the volume factor V / V_ref applied to ``untenable_after_s`` (drill choice)."""

WALL_THICKNESS_M = 0.2
"""Lining thickness of the fire room for MQH (200 mm concrete)."""

_VERTICAL = ("stair", "lift")

_STATIC: dict[tuple[int, int], tuple[FireParams, Any, dict[str, Any]]] = {}
"""What :meth:`FireModel._static` worked out, by parameters and scenario (both immutable;
kept with the entry, so their ids are not reused while it lives)."""
_STATIC_SIZE = 16


class FireModel(SmokeFront, Hazard):
    """The ``fire`` hazard as the engine runs it: a t² fire in one room, its smoke
    spreading through the site graph, and the people it harms.

    **Level.** Every node's level is an estimated gas temperature at head height, °C
    (:attr:`unit`). Thresholds, after the tenability defaults of GB/T 31593.9-2015
    (:data:`sim.hazards.fire_physics.TENABILITY`):

    - ``smoke`` at ambient + :data:`SMOKE_NOTICE_RISE_K`: smoke has reached the place;
    - ``untenable`` at ``untenable_c`` (60 °C hot smoke, which also stands for the
      smoke layer below 2 m and for visibility under 10 m: :class:`Tenability`), where
      people re-route;
    - ``lethal`` at ``lethal_c`` (120 °C): convective heat alone incapacitates in about
      4 min at 120 °C (ISO 13571:2012, t = 5×10⁷ T^−3.4 min), and with the smoke that
      comes with it in about a minute.

    **Fire room.** The heat release rate is the t² fire of :func:`hrr_kw` (capped at
    ``peak_kw``; held from sprinkler activation). The room's level is the MQH upper-layer
    temperature (:func:`mqh_upper_layer_temp_c`, NUREG-1805 eq. 2-1) with the room's door
    as the opening, raised to ``untenable_c`` once the NFPA 92 smoke layer
    (:func:`time_to_layer_height_s`) is below 2 m, so the room turns untenable exactly at
    :func:`aset_s`. Flashover is the upper layer reaching ``flashover_c`` (500 °C; MQH
    derived its flashover criterion at a rise of about 500 K, McCaffrey et al. 1981;
    Peacock et al., Fire Safety Journal 32 (1999), review 450-650 °C).

    **Smoke front.** Smoke leaves the fire room when its layer reaches the door soffit
    (``vent_height_m``) and runs along every edge between indoor places at a transfer
    rate 1/τ, τ = L / v: v = ``smoke_speed_m_s`` along corridors and doors,
    ``stair_up_speed_m_s`` up a stair or lift shaft and ``stair_down_speed_m_s`` down it.
    A closed door adds ``closed_door_delay_s`` (``fire_door_delay_s`` for a fire door).
    Door states are read every tick from ``site.doors`` (propped open, or held open until
    ``held_until_s`` while people pass; ``close_doors`` clears the prop): a door counts as
    open for the part of the tick it stood open. Progress
    along an edge accumulates ∫ dt/τ(t); smoke arrives when it reaches 1. This is an
    event-driven Dijkstra on time-dependent edge times, so closing a door always delays
    the smoke and never hastens it.

    **Filling.** Once smoke is in a place, its fill f (0 = smoke just arrived, 1 =
    untenable) grows as

        df/dt = s(Q) / t_u · max over upstream j of c_ji · clip(f_j − f, 0, 1),

    with t_u = ``untenable_after_s`` × clip(V / ``reference_volume_m3``, 0.25, 4) for
    the place's volume V, s(Q) = (Q / 1 MW)^(1/3) (plume entrainment), and c_ji the
    edge's conductance: 1 for an open way, τ_open / τ_closed through a closed door,
    v_down / v_up down a stair. A place never fills beyond its worst upstream
    neighbour, so shutting the fire-room door all but stops the corridor getting worse
    (only the leak through the shut door still feeds it). The
    level of a place with smoke is ambient + 5 K + f · (``untenable_c`` − ambient − 5 K).

    **Reactions.** A staff ``extinguish`` at the fire room (or from a place next to it)
    controls the fire if the HRR is at most ``extinguisher_max_kw`` when it completes
    and there has been no flashover; a responder's ``extinguish`` always controls and
    extinguishes it. From control on the fire gives no more smoke and every level relaxes
    to the smoke level with ``clearance_tau_s``. ``close_doors`` acts through the door
    states the engine sets.

    **Harm.** :meth:`dose_model` gives each person their own ISO 13571:2012 fractional
    effective dose (CO from the fire's yields plus convected heat, :class:`sim.harm.FireDose`)
    along their own path. Once smoke has reached a lift lobby or shaft
    (``lift_nodes``), everyone at a lift node is harmed at each tick: injured, or a
    casualty if the place is untenable (lifts in a fire: GB 50016-2014 §7.3 lets only
    fire lifts serve firefighting; cars stop at the fire floor and fill with smoke).

    Everything is advanced by one simpy process every :attr:`tick_s`; :meth:`levels`
    returns the array of the last tick. Nothing is random.
    """

    name = "fire"
    unit = "°C"
    milestones = MILESTONES["fire"]
    tick_s = 5.0

    def __init__(self, params: HazardParams, ctx: HazardContext) -> None:
        super().__init__(params, ctx)
        if not isinstance(params, FireParams):
            raise TypeError("the fire model needs FireParams")
        p = self.p = params
        site = ctx.site
        n = len(site.node_ids)
        key = (id(params), id(site.scenario))
        hit = _STATIC.get(key)
        if hit is not None and hit[0] is params and hit[1] is site.scenario:
            self.__dict__.update(hit[2])
        else:
            before = set(self.__dict__)
            self._static(p, site)
            static = {k: v for k, v in self.__dict__.items() if k not in before}
            for v in static.values():
                if isinstance(v, np.ndarray):
                    v.flags.writeable = False  # shared by every drill of the scenario
            if len(_STATIC) >= _STATIC_SIZE:
                _STATIC.clear()
            _STATIC[key] = (params, site.scenario, static)
        self._door_states: list[DoorState] = [site.doors[k] for k in self._door_keys]

        # --- state
        self._shaft_smoky = False
        self._ever_obscured = np.zeros(n, dtype=bool)
        self._min_visibility_m = math.inf
        # Each door's open share over the last tick it was read (0: shut), and every edge's
        # rate and conductance at those shares; a door's edges are worked out again only
        # when its share changes (the same expression as for all edges at once).
        self._phi: list[float] = [0.0] * len(self._door_keys)
        self._open_doors: set[int] = set()
        """The doors whose share in :attr:`_phi` is not 0."""
        self._rate: np.ndarray = self._rate_shut.copy()
        self._cond: np.ndarray = self._cond_shut.copy()
        # What depends only on which places have smoke, worked out again when that changes.
        self._arrivals = 0
        """How many places smoke has reached (it never leaves one)."""
        self._front_key = -1
        self._near_states: list[tuple[int, DoorState]] = []
        self._near_set: frozenset[int] = frozenset()
        self._pending = np.zeros(0, dtype=np.int64)
        self._pending_src = np.zeros(0, dtype=np.int64)
        self._pending_dst = np.zeros(0, dtype=np.int64)
        self._moving = np.zeros(0, dtype=np.int64)
        self._moving_src = np.zeros(0, dtype=np.int64)
        self._moving_dst = np.zeros(0, dtype=np.int64)
        self._moving_from_o = np.zeros(0, dtype=np.int64)
        self._fill_key = -1
        self._fed_edges = np.zeros(0, dtype=np.int64)
        self._fed_src = np.zeros(0, dtype=np.int64)
        self._fed_dst = np.zeros(0, dtype=np.int64)
        self._fed_nodes = np.zeros(0, dtype=np.int64)
        self._fed_starts = np.zeros(0, dtype=np.int64)
        self._fed_arrival = np.zeros(0)
        self._smoky_key = -1
        self._has = np.zeros(n, dtype=bool)
        self._fed_t_u = np.zeros(0)
        self._arrival = np.full(n, math.inf)
        self._fill = np.zeros(n)
        self._progress = np.zeros(self._e_src.size)
        self._ever_untenable = np.zeros(n, dtype=bool)
        self._levels = np.full(n, self._amb)
        # The smoke of the levels last published, read-only: (levels, k) and (k, visibility).
        self._extinction: tuple[np.ndarray, np.ndarray] | None = None
        self._visibility: tuple[np.ndarray, np.ndarray] | None = None
        self._last_s = 0.0
        self._controlled_s: float | None = None
        self._control_temp_c = self._amb
        self._extinguished_s: float | None = None
        self._flashover_s: float | None = None
        self._detected = False

    def _static(self, p: FireParams, site: SiteGraph) -> None:
        """Everything that depends only on the parameters and the site: the fire room's
        physics, the places, the smoke's edges and the thresholds (the same for every
        drill of a scenario, so worked out once per scenario and process)."""
        n = len(site.node_ids)
        self._n = n
        self._o = site.index[p.origin]
        self._alpha = GROWTH_ALPHA_KW_S2[p.growth]
        self._tg = growth_time_from_alpha_s(self._alpha)
        self._ign = p.ignition_s
        self._amb = p.ambient_c
        self._notice_c = p.ambient_c + SMOKE_NOTICE_RISE_K
        self._span_k = p.untenable_c - self._notice_c
        duration = float(site.scenario.duration_s)

        # --- the fire room's geometry (square plan of the node's area)
        area = float(site.area_m2[self._o])
        height = float(site.height_m[self._o])
        self._room_side_m = math.sqrt(area)
        self._room_height_m = height
        self._vent_w = self._vent_width_m(p.origin)
        self._vent_h = min(p.vent_height_m, height)
        self._vent_area = self._vent_w * self._vent_h
        self._boundary = compartment_boundary_area_m2(
            self._room_side_m, self._room_side_m, height, self._vent_area
        )
        self._sprinkler_s = self._sprinkler_time_s()
        self._t_layer = self._ign + time_to_layer_height_s(
            TENABILITY.layer_height_m, height, area, self._tg
        )
        self._t_spill = self._ign + time_to_layer_height_s(self._vent_h, height, area, self._tg)
        horizon = self._ign + duration + 3600.0
        self._t_notice = min(self._time_to_temp(self._notice_c, horizon), self._t_layer)
        self._t_flashover = self._time_to_temp(p.flashover_c, horizon)
        self._origin_aset = aset_s(
            self._alpha,
            room_width_m=self._room_side_m,
            room_length_m=self._room_side_m,
            ceiling_height_m=height,
            vent_width_m=self._vent_w,
            vent_height_m=self._vent_h,
            wall_thickness_m=WALL_THICKNESS_M,
            ambient_c=p.ambient_c,
            t_ignition_s=self._ign,
            peak_kw=p.peak_kw,
            sprinkler_activation_s=self._sprinkler_s,
            tenability=Tenability(upper_layer_temp_c=p.untenable_c),
            t_max_s=horizon,
        )

        # --- places: indoor, volume factor, lifts, detectors
        self._indoor = site.indoor.copy()
        self._indoor[self._o] = True
        self._indoor_idx = np.nonzero(self._indoor)[0]
        volume = site.area_m2 * site.height_m
        lo, hi = VOLUME_SCALE_BOUNDS
        self._t_u = p.untenable_after_s * np.clip(volume / p.reference_volume_m3, lo, hi)
        self._t_u = np.maximum(self._t_u, 1e-6)
        self._lift_idx = np.array([site.index[x] for x in p.lift_nodes], dtype=np.int64)
        self._lift_ids = list(p.lift_nodes)
        self._detector = np.zeros(n, dtype=bool)
        for d in p.detectors:
            self._detector[site.index[d]] = True
        self._corridor = np.array(
            [site.nodes[x].kind == "corridor" for x in site.node_ids], dtype=bool
        )
        self._sign_k = SIGN_K[p.signs]
        self._need_m = np.array(
            [
                wayfinding_limit_m(site.nodes[x].kind, float(site.area_m2[site.index[x]]))
                for x in site.node_ids
            ]
        )

        # --- directed edges between indoor places (never into the fire room)
        self._build_edges()

        self._grid_hrr_kw = np.zeros(0)
        self._grid_temp_c = np.zeros(0)
        self._tabulate(duration)

        self._thresholds = [
            Threshold(
                "smoke",
                LangText(zh="烟气到达", en="smoke present"),
                self._notice_c,
            ),
            Threshold(
                "untenable",
                LangText(
                    zh=f"不可耐受（{p.untenable_c:g}℃热烟气）",
                    en=f"untenable ({p.untenable_c:g} °C hot smoke)",
                ),
                p.untenable_c,
                untenable=True,
            ),
            Threshold(
                "lethal",
                LangText(zh=f"致命（{p.lethal_c:g}℃）", en=f"lethal ({p.lethal_c:g} °C)"),
                p.lethal_c,
            ),
        ]

        self._threshold_values = np.array([t.value for t in self._thresholds], dtype=float)
        self._untenable_severity = next(
            i for i, t in enumerate(self._thresholds, start=1) if t.untenable
        )

    # --- construction helpers -----------------------------------------------------------

    def _vent_width_m(self, origin: str) -> float:
        """Width of the fire room's opening: its widest door (else widest way, else 0.9 m)."""
        doors = [
            e.width_m for k, e in self.ctx.site.edges.items() if origin in k and e.kind == "door"
        ]
        ways = [e.width_m for k, e in self.ctx.site.edges.items() if origin in k]
        return max(doors or ways or [0.9])

    def _sprinkler_time_s(self) -> float | None:
        """Sprinkler activation: as given, or when the HRR reaches 1 MW (never if capped below)."""
        p = self.p
        if not p.sprinklers:
            return None
        if p.sprinkler_activation_s is not None:
            return p.sprinkler_activation_s
        if p.peak_kw < 1000.0:
            return None
        return self._ign + math.sqrt(1000.0 / self._alpha)

    def _time_to_temp(self, limit_c: float, horizon_s: float) -> float:
        """First time the MQH upper layer of the fire room reaches ``limit_c``, s."""
        return time_to_upper_layer_temp_s(
            limit_c,
            self._alpha,
            room_width_m=self._room_side_m,
            room_length_m=self._room_side_m,
            ceiling_height_m=self._room_height_m,
            vent_width_m=self._vent_w,
            vent_height_m=self._vent_h,
            wall=WALL_MATERIALS["concrete"],
            wall_thickness_m=WALL_THICKNESS_M,
            ambient_c=self._amb,
            t_ignition_s=self._ign,
            peak_kw=self.p.peak_kw,
            sprinkler_activation_s=self._sprinkler_s,
            t_max_s=horizon_s,
        )

    def _build_edges(self) -> None:
        p = self.p
        site = self.ctx.site
        src: list[int] = []
        dst: list[int] = []
        rate_open: list[float] = []
        rate_closed: list[float] = []
        c_dir: list[float] = []
        door: list[int] = []
        self._door_keys: list[tuple[str, str]] = []
        door_pos: dict[tuple[str, str], int] = {}
        for key, e in site.edges.items():
            if e.kind == "road":
                continue
            a, b = site.index[key[0]], site.index[key[1]]
            if not (self._indoor[a] and self._indoor[b]):
                continue
            d_idx = -1
            if e.kind == "door" and key in site.doors:
                if key not in door_pos:
                    door_pos[key] = len(self._door_keys)
                    self._door_keys.append(key)
                d_idx = door_pos[key]
            delay = (
                (p.fire_door_delay_s if e.fire_door else p.closed_door_delay_s)
                if d_idx >= 0
                else 0.0
            )
            for u, v in ((a, b), (b, a)):
                if v == self._o:
                    continue
                speed, cond = p.smoke_speed_m_s, 1.0
                if e.kind in _VERTICAL and site.floor[v] != site.floor[u]:
                    if site.floor[v] > site.floor[u]:
                        speed = p.stair_up_speed_m_s
                    else:
                        speed = p.stair_down_speed_m_s
                        cond = min(1.0, p.stair_down_speed_m_s / p.stair_up_speed_m_s)
                tau_open = e.length_m / speed
                src.append(u)
                dst.append(v)
                rate_open.append(1.0 / tau_open)
                rate_closed.append(1.0 / (tau_open + delay))
                c_dir.append(cond)
                door.append(d_idx)
        self._e_src = np.array(src, dtype=np.int64)
        self._e_dst = np.array(dst, dtype=np.int64)
        self._rate_open = np.array(rate_open, dtype=float)
        self._rate_closed = np.array(rate_closed, dtype=float)
        self._closed_ratio = self._rate_closed / self._rate_open if src else np.zeros(0)
        self._c_dir = np.array(c_dir, dtype=float)
        self._e_door = np.array(door, dtype=np.int64)
        self._e_is_door = self._e_door >= 0
        self._e_door_safe = np.where(self._e_is_door, self._e_door, 0)
        self._out: list[list[int]] = [[] for _ in range(self._n)]
        for k, u in enumerate(src):
            self._out[u].append(k)
        self._door_edges: list[list[int]] = [[] for _ in self._door_keys]
        for k, d in enumerate(door):
            if d >= 0:
                self._door_edges[d].append(k)
        # The same figures as plain floats, for the few edges a tick touches one by one.
        self._rate_open_l: list[float] = self._rate_open.tolist()
        self._rate_closed_l: list[float] = self._rate_closed.tolist()
        self._closed_ratio_l: list[float] = self._closed_ratio.tolist()
        self._c_dir_l: list[float] = self._c_dir.tolist()
        self._e_dst_l: list[int] = self._e_dst.tolist()
        self._e_door_l: list[int] = door
        # Every edge's rate and conductance with all doors shut (share 0).
        phi_e = np.where(self._e_is_door, 0.0, 1.0)
        self._rate_shut = phi_e * self._rate_open + (1.0 - phi_e) * self._rate_closed
        self._cond_shut = self._c_dir * (phi_e + (1.0 - phi_e) * self._closed_ratio)

    # --- the Hazard interface -----------------------------------------------------------

    def start(self) -> None:
        p = self.p
        if p.origin_door_open:
            for key, state in self.ctx.site.doors.items():
                if p.origin in key:
                    state.propped_open = True
        self.ctx.env.process(self._run())
        if self._sprinkler_s is not None:
            self.ctx.env.process(self._sprinklers(self._sprinkler_s))
        if math.isfinite(self._t_flashover):
            self.ctx.env.process(self._flashover(self._t_flashover))

    def levels(self) -> np.ndarray:
        return self._levels

    def thresholds(self) -> list[Threshold]:
        return list(self._thresholds)

    def severities(self, levels: np.ndarray | None = None) -> np.ndarray:
        """Severity per node (:meth:`Hazard.severities`), from the threshold values, which
        are fixed for the drill, kept as one array."""
        lv = self._levels if levels is None else levels
        sev: np.ndarray = self._threshold_values.searchsorted(lv, side="right").astype(np.int64)
        return sev

    def untenable(self, levels: np.ndarray | None = None) -> np.ndarray:
        """Untenable nodes: at the ``untenable`` threshold or above (:meth:`Hazard.untenable`)."""
        mask: np.ndarray = self.severities(levels) >= self._untenable_severity
        return mask

    def dose_model(
        self, n_people: int, rng: np.random.Generator, sensitive: np.ndarray
    ) -> DoseModel | None:
        """Harm hook: ISO 13571 FED from the smoke's CO (the fire's yields) and heat."""
        p = self.p
        return FireDose(
            n_people,
            sensitive,
            ambient_c=p.ambient_c,
            smoke_c=self._thresholds[0].value,
            co_yield_g_g=p.co_yield_g_g,
            heat_of_combustion_kj_g=p.heat_of_combustion_kj_g,
        )

    def react(self, action: ActionDone) -> None:
        if action.kind != "extinguish":
            return
        now = float(self.ctx.env.now)
        responder = action.responder
        if responder:
            if self._controlled_s is None:
                self._control(now, by=action.role)
            if self._extinguished_s is None:
                self._extinguished_s = now
                self.ctx.milestone("extinguished", by=action.role)
            return
        if not self._at_fire(action.node) or self._controlled_s is not None:
            return
        q = self.hrr_kw_at(now)
        if self._flashover_s is None and q <= self.p.extinguisher_max_kw:
            self._control(now, by=action.role)
        else:
            self.ctx.emit(
                "fire_not_controlled",
                by=action.role,
                hrr_kw=round(q, 1),
                limit_kw=self.p.extinguisher_max_kw,
                flashover=self._flashover_s is not None,
            )

    def outcome(self) -> dict[str, float | int | bool]:
        now = float(self.ctx.env.now)
        arrived = self._arrival <= now
        return {
            "peak_hrr_kw": round(self.peak_hrr_kw(), 1),
            "flashover": self._flashover_s is not None,
            "fire_controlled": self._controlled_s is not None,
            "smoke_nodes": int(arrived.sum()),
            "untenable_nodes": int(self._ever_untenable.sum()),
            "obscured_nodes": int(self._ever_obscured.sum()),
            "origin_aset_s": self._origin_aset,
        }

    def describe(self) -> dict[str, Any]:
        p = self.p
        return {
            "model": self.name,
            "unit": self.unit,
            "origin": p.origin,
            "growth": p.growth,
            "alpha_kw_s2": self._alpha,
            "peak_kw": p.peak_kw,
            "sprinklers": p.sprinklers,
            "hrr_kw": round(self.hrr_kw_at(float(self.ctx.env.now)), 1),
            "origin_aset_s": self._origin_aset,
            "signs": p.signs,
            "visibility_m": self.visibility_by_node(),
            "min_visibility_m": (
                round(self._min_visibility_m, 1) if math.isfinite(self._min_visibility_m) else None
            ),
        }

    def obscured(self, levels: np.ndarray | None = None) -> np.ndarray:
        """Places where the smoke hides the way: visibility under 5 m in a small room or
        10 m elsewhere (:func:`wayfinding_limit_m`)."""
        mask: np.ndarray = self.visibility_m(levels) < self._need_m
        return mask

    def extinction_per_m(self, levels: np.ndarray | None = None) -> np.ndarray:
        """Extinction coefficient k = sigma_s m_s of the smoke at every node, 1/m (0 where
        there is no smoke; :func:`smoke_soot_g_m3`, :data:`SOOT_SPECIFIC_EXTINCTION_M2_G`)."""
        lv = self._levels if levels is None else levels
        cached = self._extinction
        if cached is not None and cached[0] is lv:  # a tick's smoke is read three times
            return cached[1]
        p = self.p
        smoky = lv >= self._notice_c
        soot = smoke_soot_g_m3(
            np.asarray(lv - self._amb, dtype=np.float64),
            p.soot_yield_g_g,
            p.heat_of_combustion_kj_g,
            ambient_c=self._amb,
        )
        k: np.ndarray = np.where(smoky, SOOT_SPECIFIC_EXTINCTION_M2_G * soot, 0.0)
        if lv is self._levels:  # published levels never change: each tick builds new ones
            k.flags.writeable = False
            self._extinction = (lv, k)
        return k

    def visibility_m(self, levels: np.ndarray | None = None) -> np.ndarray:
        """Visibility at every node, S = K / k, m (inf where there is no smoke;
        :func:`visibility_in_smoke_m` with the scenario's ``signs``)."""
        k = self.extinction_per_m(levels)
        cached = self._visibility
        if cached is not None and cached[0] is k:
            return cached[1]
        # No division by zero: where k is 0 it is replaced by 1 and the quotient not used.
        s: np.ndarray = np.where(k > 0.0, self._sign_k / np.where(k > 0.0, k, 1.0), np.inf)
        if not k.flags.writeable:  # the remembered k of the levels last published
            s.flags.writeable = False
            self._visibility = (k, s)
        return s

    def visibility_by_node(self) -> dict[str, float]:
        """Visibility now at every place with smoke, m (rounded to 0.1 m)."""
        vis = self.visibility_m()
        ids = self.ctx.site.node_ids
        return {ids[i]: round(float(vis[i]), 1) for i in np.nonzero(np.isfinite(vis))[0]}

    # --- public views -------------------------------------------------------------------

    def hrr_kw_at(self, t_s: float) -> float:
        """Heat release rate at sim time ``t_s`` (0 once the fire is controlled), kW."""
        if self._controlled_s is not None and t_s >= self._controlled_s:
            return 0.0
        return self._hrr_uncontrolled(t_s)

    def peak_hrr_kw(self) -> float:
        """Largest heat release rate so far, kW."""
        now = float(self.ctx.env.now)
        end = now if self._controlled_s is None else min(now, self._controlled_s)
        return self._hrr_uncontrolled(end)

    def smoke_arrival_s(self, node: str) -> float:
        """When smoke reached ``node`` (inf while it has not)."""
        return float(self._arrival[self.ctx.site.index[node]])

    @property
    def controlled_s(self) -> float | None:
        """When the fire was controlled, if it has been."""
        return self._controlled_s

    @property
    def flashover_s(self) -> float | None:
        """When the fire room flashed over, if it has."""
        return self._flashover_s

    # --- physics of the fire room -------------------------------------------------------

    def _grid_index(self, t_s: float) -> int | None:
        """Index of ``t_s`` on the tick grid of the precomputed tables, if it is on it."""
        k = round(t_s / self.tick_s)
        if 0 <= k < self._grid_hrr_kw.size and abs(k * self.tick_s - t_s) < 1e-9:
            return int(k)
        return None

    def _tabulate(self, horizon_s: float) -> None:
        """HRR and fire-room temperature on the tick grid (the fire room's physics depends
        on time alone until the fire is controlled, so one table serves the whole drill)."""
        grid = np.arange(0.0, horizon_s + self.tick_s, self.tick_s)
        hrr, temp = self._fire_room(grid)
        self._grid_hrr_kw = hrr
        self._grid_temp_c = temp

    def _fire_room(self, t_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """HRR (kW) and level (°C) of the uncontrolled fire room at the times ``t_s``.

        HRR from :func:`hrr_kw`; the level is the MQH upper-layer temperature
        (:func:`mqh_temperature_rise_k` with the thick-wall h_k of
        :func:`wall_heat_transfer_coefficient_kw_m2_k`), at least ``untenable_c`` once the
        NFPA 92 layer is below the 2 m tenability height.
        """
        hrr = np.asarray(
            hrr_kw(
                t_s,
                self._alpha,
                t_ignition_s=self._ign,
                peak_kw=self.p.peak_kw,
                sprinkler_activation_s=self._sprinkler_s,
            ),
            dtype=float,
        ).reshape(t_s.shape)
        wall = WALL_MATERIALS["concrete"]
        tau = t_s - self._ign
        h_k = np.array(
            [
                wall_heat_transfer_coefficient_kw_m2_k(
                    float(x), wall.k_kw_m_k, wall.rho_kg_m3, wall.c_kj_kg_k, WALL_THICKNESS_M
                )
                for x in tau.ravel()
            ]
        ).reshape(t_s.shape)
        temp = np.full(t_s.shape, self._amb)
        hot = (tau > 0.0) & (hrr > 0.0) & np.isfinite(h_k)
        if hot.any():
            temp[hot] += mqh_temperature_rise_k(
                hrr[hot], self._vent_area, self._vent_h, self._boundary, h_k[hot]
            )
        temp = np.where(t_s >= self._t_layer, np.maximum(temp, self.p.untenable_c), temp)
        return hrr, temp

    def _hrr_uncontrolled(self, t_s: float) -> float:
        k = self._grid_index(t_s)
        if k is not None:
            return float(self._grid_hrr_kw[k])
        return float(self._fire_room(np.array([t_s]))[0][0])

    def _origin_temp_uncontrolled_c(self, t_s: float) -> float:
        k = self._grid_index(t_s)
        if k is not None:
            return float(self._grid_temp_c[k])
        return float(self._fire_room(np.array([t_s]))[1][0])

    def _origin_temp_c(self, t_s: float) -> float:
        if self._controlled_s is not None and t_s >= self._controlled_s:
            decay = math.exp(-(t_s - self._controlled_s) / self.p.clearance_tau_s)
            return self._amb + (self._control_temp_c - self._amb) * decay
        return self._origin_temp_uncontrolled_c(t_s)

    def _fill_of_temp(self, temp_c: float) -> float:
        return max(0.0, (temp_c - self._notice_c) / self._span_k)

    # --- events -------------------------------------------------------------------------

    def _control(self, t_s: float, by: str) -> None:
        self._control_temp_c = self._origin_temp_uncontrolled_c(t_s)
        q = self._hrr_uncontrolled(t_s)
        self._controlled_s = t_s
        self.ctx.milestone("fire_controlled", by=by, hrr_kw=round(q, 1))

    def _sprinklers(self, at_s: float) -> Generator[simpy.Event, Any, None]:
        if at_s > self.ctx.env.now:
            yield self.ctx.env.timeout(at_s - self.ctx.env.now)
        if self._controlled_s is None:
            self.ctx.milestone("sprinklers_operated", hrr_kw=round(self._hrr_uncontrolled(at_s), 1))

    def _flashover(self, at_s: float) -> Generator[simpy.Event, Any, None]:
        if at_s > self.ctx.env.now:
            yield self.ctx.env.timeout(at_s - self.ctx.env.now)
        if self._controlled_s is None:
            self._flashover_s = float(self.ctx.env.now)
            self.ctx.milestone("flashover", node=self.p.origin)

    def _at_fire(self, node: str | None) -> bool:
        """Whether an attack from ``node`` reaches the fire (the room or a place next to it)."""
        if node is None or node == self.p.origin:
            return True
        return (min(node, self.p.origin), max(node, self.p.origin)) in self.ctx.site.edges

    # --- the smoke process ----------------------------------------------------------------

    def _run(self) -> Generator[simpy.Event, Any, None]:
        dt = self.tick_s
        while True:
            yield self.ctx.env.timeout(dt)
            now = float(self.ctx.env.now)
            self._step(self._last_s, now)
            self._last_s = now

    def _step(self, t0: float, t1: float) -> None:
        """Advance the smoke from ``t0`` to ``t1`` and refresh the levels."""
        o = self._o
        arr = self._arrival
        t_end = math.inf if self._controlled_s is None else self._controlled_s
        feed_end = min(t1, t_end)
        newly: list[int] = []
        if not math.isfinite(arr[o]) and self._t_notice <= t1:
            arr[o] = max(self._t_notice, 0.0)
            self._arrivals += 1
            newly.append(o)
        f = self._fill
        origin_c = self._origin_temp_c(t1)
        f[o] = self._fill_of_temp(origin_c)
        if feed_end > t0 and self._e_src.size and math.isfinite(arr[o]):
            cond = self._spread(t0, t1, feed_end, newly)
            self._fill_up(t0, t1, feed_end, cond)
        if t1 > t_end:
            decay = math.exp(-(t1 - max(t0, t_end)) / self.p.clearance_tau_s)
            keep = f[o]
            f *= decay
            f[o] = keep
        levels = np.where(self._smoky(), self._notice_c + f * self._span_k, self._amb)
        levels[o] = origin_c
        self._levels = levels
        self._ever_untenable |= levels >= self.p.untenable_c
        vis = self.visibility_m(levels)
        self._ever_obscured |= vis < self._need_m
        if self._indoor_idx.size:
            self._min_visibility_m = min(self._min_visibility_m, float(vis[self._indoor_idx].min()))
        if newly:
            self._on_arrivals(newly)
        self._lift_harm(levels)

    def _on_arrivals(self, newly: list[int]) -> None:
        if self._detected:
            return
        site = self.ctx.site
        for i in sorted(newly, key=lambda k: (self._arrival[k], k)):
            if self._detector[i] if self.p.detectors else self._corridor[i]:
                self._detected = True
                self.ctx.milestone(
                    "smoke_detected",
                    node=site.node_ids[i],
                    smoke_s=round(float(self._arrival[i]), 1),
                )
                return

    def _lift_harm(self, levels: np.ndarray) -> None:
        if not self._lift_idx.size:
            return
        if not self._shaft_smoky:
            if not np.isfinite(self._arrival[self._lift_idx]).any():
                return
            self._shaft_smoky = True
        for i, node in zip(self._lift_idx.tolist(), self._lift_ids, strict=True):
            if self.ctx.occupants(node) <= 0:
                continue
            harm: Harm = "casualty" if levels[i] >= self.p.untenable_c else "injured"
            self.ctx.harm([node], harm, "lift_in_fire")
