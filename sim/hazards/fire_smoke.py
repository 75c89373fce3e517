"""The smoke front and the filling of the places with smoke, as :class:`FireModel`
advances them every tick (docs/models.md §3, "fire (engine-facing behaviour)"; the
equations are in the class docstring of :class:`sim.hazards.fire.FireModel`).

Split from :mod:`sim.hazards.fire` to keep each file to one concept: this is the
per-tick bookkeeping of the front over the site's edges, kept incremental (what depends
only on which places have smoke is worked out again only when that changes).
"""

from __future__ import annotations

import heapq
import math
from typing import Any

import numpy as np

SMOKE_REFERENCE_HRR_KW = 1000.0
"""Fire size at which places fill at their nominal rate (``untenable_after_s``), kW.

Smoke production follows plume entrainment, m ∝ Q^(1/3) z^(5/3) (Heskestad; Zukoski;
SFPE Handbook, fire plumes chapter), so a place fills (Q / 1000 kW)^(1/3) times as fast."""


class SmokeFront:
    """The smoke front's and the fill's tick, mixed into
    :class:`sim.hazards.fire.FireModel`, whose state they advance (``self`` is the model:
    its arrays are set up by its constructor)."""

    def _smoky(self: Any) -> np.ndarray:
        """Whether smoke has reached each place (read-only; new when that changes)."""
        if self._smoky_key != self._arrivals:
            self._smoky_key = self._arrivals
            has = np.isfinite(self._arrival)
            has.flags.writeable = False
            self._has = has
        mask: np.ndarray = self._has
        return mask

    def _door_share(self: Any, door: int, t0: float, t1: float) -> float:
        """Share of [t0, t1] a door stood open (propped, or held by people passing).

        A door held open until h was open at most from t0 to min(h, t1): the share is an
        upper bound, so smoke is never under-estimated by the tick.
        """
        state = self._door_states[door]
        if state.propped_open:
            return 1.0
        x = (min(state.held_until_s, t1) - t0) / (t1 - t0)
        return 0.0 if x < 0.0 else (1.0 if x > 1.0 else x)

    def _set_door(self: Any, door: int, share: float) -> None:
        """Rate and conductance of a door's edges at its open share ``share``:
        share · open + (1 − share) · shut."""
        self._phi[door] = share
        if share != 0.0:
            self._open_doors.add(door)
        else:
            self._open_doors.discard(door)
        rate = self._rate
        cond: np.ndarray = self._cond
        r_open, r_closed = self._rate_open_l, self._rate_closed_l
        c_dir, ratio = self._c_dir_l, self._closed_ratio_l
        for j in self._door_edges[door]:
            rate[j] = share * r_open[j] + (1.0 - share) * r_closed[j]
            cond[j] = c_dir[j] * (share + (1.0 - share) * ratio[j])

    def _front(self: Any) -> None:
        """The doors next to smoke and the edges into places without it yet."""
        if self._front_key == self._arrivals:
            return
        self._front_key = self._arrivals
        has = np.isfinite(self._arrival)
        near = self._e_is_door & has[self._e_src]
        near_doors = np.unique(self._e_door[near]).tolist()
        self._near_states = [(d, self._door_states[d]) for d in near_doors]
        self._near_set = frozenset(near_doors)
        self._pending = np.nonzero(~has[self._e_dst])[0]
        self._pending_src = self._e_src[self._pending]
        self._pending_dst = self._e_dst[self._pending]
        moving = self._pending[has[self._pending_src]]
        self._moving = moving
        self._moving_src = self._e_src[moving]
        self._moving_dst = self._e_dst[moving]
        self._moving_from_o = (self._moving_src == self._o).nonzero()[0]

    def _spread(self: Any, t0: float, t1: float, feed_end: float, newly: list[int]) -> np.ndarray:
        """Move the smoke front over [t0, feed_end]; returns each edge's conductance.

        Edge rates come from the door states over the tick: doors next to smoke are read
        at once, doors the smoke reaches within the tick when it gets there. Arrivals
        inside the tick are found in time order (Dijkstra with a heap), so smoke can cross
        several short edges (a lift shaft) in one tick.

        Only the edges into places without smoke move the front; a door's edges are
        worked out again only when its open share changes. Both give, edge by edge, the
        figures of the same expressions evaluated over every edge.
        """
        self._front()
        phi = self._phi
        # A door next to smoke that is neither propped nor held since t0 stood open for
        # none of the tick (share 0): only the others, and those open at the last reading,
        # need working out.
        ajar = [d for d, st in self._near_states if st.propped_open or st.held_until_s > t0]
        for d in ajar:
            share = self._door_share(d, t0, t1)
            if share != phi[d]:
                self._set_door(d, share)
        if self._open_doors:
            for d in self._open_doors.difference(ajar):
                self._set_door(d, 0.0)
        # The front moves along the edges from a place with smoke into one without (the
        # others wait for smoke at their source, or have it at both ends).
        moving = self._moving
        if not moving.size:
            shut: np.ndarray = self._cond
            return shut
        arr = self._arrival
        rate = self._rate
        cond: np.ndarray = self._cond
        progress = self._progress
        emit = arr[self._moving_src]  # smoke leaves a place from its arrival on ...
        if self._moving_from_o.size:  # ... and the fire room once its layer spills
            emit[self._moving_from_o] = max(arr[self._o], self._t_spill)
        start = np.maximum(t0, emit)
        cand = start + (1.0 - progress[moving]) / rate[moving]
        due = ((start < feed_end) & (cand <= feed_end)).nonzero()[0]
        if not due.size:
            progress[moving] += rate[moving] * np.maximum(feed_end - start, 0.0)
            return cond
        # Arrivals within the tick, in time order; edges out of a place reached now start
        # to carry smoke from its arrival on.
        emit_from = arr.copy()
        emit_from[self._o] = max(arr[self._o], self._t_spill)
        heap = list(zip(cand[due].tolist(), self._moving_dst[due].tolist(), strict=True))
        heapq.heapify(heap)
        read = set(self._near_set)
        dst_l, door_l = self._e_dst_l, self._e_door_l
        while heap:
            t_arr, v = heapq.heappop(heap)
            if math.isfinite(arr[v]):
                continue
            arr[v] = t_arr
            self._arrivals += 1
            emit_from[v] = t_arr
            newly.append(v)
            for k in self._out[v]:
                w = dst_l[k]
                if math.isfinite(arr[w]):
                    continue
                door = door_l[k]
                if door >= 0 and door not in read:
                    read.add(door)
                    share = self._door_share(door, t0, t1)
                    if share != phi[door]:
                        self._set_door(door, share)
                t_w = t_arr + (1.0 - progress[k]) / rate[k]
                if t_w <= feed_end:
                    heapq.heappush(heap, (t_w, w))
        pend = self._pending
        start = np.maximum(t0, emit_from[self._pending_src])
        going = ~np.isfinite(arr[self._pending_dst]) & np.isfinite(start)
        edges = pend[going]
        span = np.maximum(feed_end - start[going], 0.0)
        progress[edges] += rate[edges] * span
        return cond

    def _fed(self: Any) -> None:
        """The edges between two places with smoke, grouped by the place they feed."""
        if self._fill_key == self._arrivals:
            return
        self._fill_key = self._arrivals
        has = np.isfinite(self._arrival)
        both = np.nonzero(has[self._e_src] & has[self._e_dst])[0]
        edges = both[np.argsort(self._e_dst[both], kind="stable")]
        self._fed_edges = edges
        self._fed_src = self._e_src[edges]
        self._fed_dst = self._e_dst[edges]
        nodes, starts = np.unique(self._fed_dst, return_index=True)
        self._fed_nodes = nodes
        self._fed_starts = starts
        self._fed_arrival = self._arrival[nodes]
        self._fed_t_u = self._t_u[nodes]

    def _fill_up(self: Any, t0: float, t1: float, feed_end: float, cond: np.ndarray) -> None:
        """Fill the places with smoke over [t0, feed_end] (see the class docstring).

        g and cap are the largest drive and upstream fill over the edges into each place,
        taken per place over the edges grouped by where they lead. A place no such edge
        leads into has g = cap = 0, and f = max(f, min(f, 0)) leaves it as it is, so only
        the places fed are worked out (never the fire room: no edge leads into it).
        """
        self._fed()
        if not self._fed_edges.size:
            return
        f = self._fill
        s = (self._hrr_uncontrolled(feed_end) / SMOKE_REFERENCE_HRR_KW) ** (1.0 / 3.0)
        f_src = f[self._fed_src]
        rise = f_src - f[self._fed_dst]
        drive = cond[self._fed_edges] * np.minimum(1.0, np.maximum(0.0, rise))
        nodes, starts = self._fed_nodes, self._fed_starts
        g = np.maximum(0.0, np.maximum.reduceat(drive, starts))
        cap = np.maximum(0.0, np.maximum.reduceat(f_src, starts))
        eff = np.minimum(t1 - t0, np.maximum(0.0, feed_end - np.maximum(t0, self._fed_arrival)))
        f_n = f[nodes]
        f[nodes] = np.maximum(f_n, np.minimum(f_n + s * g * eff / self._fed_t_u, cap))
