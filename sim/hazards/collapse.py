"""The ``collapse`` hazard as the engine drives it: :class:`CollapseModel`.

A damaged structure that may collapse again while the team responds, and the casualties
of the first collapse, who survive or die by the delay to aid. The rate and survival
equations live in :mod:`sim.hazards.collapse_physics`; this module holds the state, the
SimPy process that watches for the secondary collapse and the reactions to actions
(docs/models.md §4, "collapse (engine-facing behaviour)").
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.hazards.base import ActionDone, Harm, Hazard, HazardContext, Threshold
from sim.hazards.collapse_physics import (
    EXP_LIMIT,
    SURVIVAL_T50_MIN,
    CollapseRate,
    Injury,
    collapse_probability,
    cumulative_hazard,
    survival_probability,
)
from sim.hazards.specs import MILESTONES, CollapseParams

if TYPE_CHECKING:
    import simpy

__all__ = ["CASUALTY_INJURY", "CollapseModel"]

CASUALTY_INJURY: dict[str, Injury] = {
    "trapped": "trauma",
    "injured": "trauma",
    "cardiac_arrest": "cardiac_arrest",
    "major_bleeding": "major_bleeding",
}
"""Survival curve read for each kind of initial casualty of a scenario (``casualty:``).
Trapped and injured people without a named life threat follow the "trauma" curve (drill
default, see :data:`SURVIVAL_T50_MIN`)."""


class CollapseModel(Hazard):
    """The ``collapse`` hazard: a damaged structure that may collapse again, and casualties.

    A documented DRILL MODEL, not a structural analysis (docs/models.md §4: no national
    standard gives these numbers). The secondary-collapse rate is
    :func:`secondary_collapse_rate_per_s` with the scenario's parameters, piecewise
    constant between decisions (:func:`cumulative_hazard`). The team changes it by:

    - ``shutdown`` without a target or with ``target: work``: work and vibration stop
      (``stop_work_factor``; milestone ``work_stopped``);
    - ``operate`` or ``shutdown`` with ``target: crane``: the crane is made safe
      (milestone ``crane_made_safe``). An optional ``load_fraction`` sets the load left on
      the hook (0: set down); ``speed: fast`` moves the load fast instead, which adds
      ``crane_fast_hazard`` to the cumulative hazard at once and does not make the crane
      safe;
    - ``stabilise`` (an action or a responder's effect): the structure is braced
      (``stabilise_factor``; with ``stabilise_stops_growth`` the rate stops growing;
      milestone ``stabilised``).

    Each measure counts once. WHEN a secondary collapse happens comes from one Exp(1)
    variate E drawn from the drill's generator at the start: it happens when the
    cumulative hazard H reaches E, so P(by t) = 1 - exp(-H(t)) is
    :func:`collapse_probability`. Delaying a measure never lowers H at any later time, so
    for a given seed it never postpones or prevents the collapse. When it happens everybody
    at a zone node (people, and role-players doing an action there) becomes a casualty and
    everybody within ``cordon_radius_m`` (plan distance) of a zone node, the debris radius,
    is injured; the structure is then down and the level drops to 0.

    The level at a zone or debris-radius node is the chance, in %, of a secondary
    collapse within ``horizon_s`` from now with the measures in force now; 0 elsewhere.

    Initial casualties (population groups with ``casualty:``) survive or die by Cara's
    curves (:func:`survival_probability`), read at the delay to first aid and to the
    ambulance crew; see :meth:`casualty_outcome`.
    """

    name = "collapse"
    unit = "%"
    milestones = MILESTONES["collapse"]
    tick_s = 5.0

    params: CollapseParams

    def __init__(self, params: CollapseParams, ctx: HazardContext) -> None:
        super().__init__(params, ctx)
        p = params
        site = ctx.site
        self._zone = list(dict.fromkeys(p.zone))
        zone_set = set(self._zone)
        debris: set[str] = set()
        for z in self._zone:
            debris.update(site.within_m(z, p.cordon_radius_m))
        self._debris = [n for n in site.node_ids if n in debris and n not in zone_set]
        self._mask = np.zeros(len(site.node_ids), dtype=bool)
        for n in (*self._zone, *self._debris):
            self._mask[site.index[n]] = True
        self._thresholds = [Threshold(t.id, t.label, t.value, t.untenable) for t in p.thresholds]
        self._lambda0_per_s = p.lambda0_per_h / 3600.0
        self._load = p.crane_load_fraction
        self._work_stopped = False
        self._stabilised = False
        self._frozen_growth: float | None = None
        # cumulative hazard up to the start of the piece in force, and that piece
        self._t_piece_s = 0.0
        self._h_piece = 0.0
        self._rate = self._current_rate()
        self._threshold_e = math.inf
        self._collapsed_s: float | None = None
        self._replan: simpy.Event | None = None
        self._cache: tuple[float, int, np.ndarray] | None = None
        self._version = 0
        # casualties: pre-drawn uniforms, where each started, first aid made void
        self._u: dict[int, float] = {}
        self._start_node: dict[int, str] = {}
        self._casualties: list[Any] = []
        self._aid_void: set[int] = set()
        self._crew_s: float | None = None
        scenario = getattr(site, "scenario", None)
        self._ambulances = frozenset(
            r.id for r in getattr(scenario, "responders", []) if r.service == "ambulance"
        )

    # --- rate bookkeeping ------------------------------------------------------------

    def _current_rate(self) -> CollapseRate:
        p = self.params
        factor = 1.0
        if self._work_stopped:
            factor *= p.stop_work_factor
        if self._stabilised:
            factor *= p.stabilise_factor
        if self._frozen_growth is not None:
            return CollapseRate(
                lambda0_per_s=self._lambda0_per_s * self._frozen_growth,
                beta=p.crane_beta,
                crane_load_fraction=self._load,
                tau_s=math.inf,
                mitigation_factor=factor,
            )
        return CollapseRate(
            lambda0_per_s=self._lambda0_per_s,
            beta=p.crane_beta,
            crane_load_fraction=self._load,
            tau_s=p.growth_tau_s,
            mitigation_factor=factor,
        )

    @property
    def collapse_threshold(self) -> float:
        """The Exp(1) draw E: the secondary collapse happens when the cumulative hazard
        reaches it (inf before :meth:`start`)."""
        return self._threshold_e

    def cumulative_hazard_now(self) -> float:
        """Integral of the secondary-collapse rate from the primary collapse to now."""
        now = float(self.ctx.env.now)
        return self._h_piece + cumulative_hazard(self._rate, self._t_piece_s, now)

    def _change(self, extra_hazard: float = 0.0) -> None:
        """Close the piece in force at now and start one with the current parameters."""
        now = float(self.ctx.env.now)
        self._h_piece = self.cumulative_hazard_now() + extra_hazard
        self._t_piece_s = now
        self._rate = self._current_rate()
        self._version += 1
        if self._replan is not None and not self._replan.triggered:
            self._replan.succeed()

    def _trigger_s(self) -> float:
        """Sim time at which the cumulative hazard reaches E with the piece in force."""
        need = self._threshold_e - self._h_piece
        if need <= 0.0:
            return self._t_piece_s
        base = self._rate.base_per_s()
        if base <= 0.0 or math.isinf(need):
            return math.inf
        tau = self._rate.tau_s
        if math.isinf(tau):
            return self._t_piece_s + need / base
        # H(t) - H(t0) = base tau (exp(t/tau) - exp(t0/tau)) = need
        a = self._t_piece_s / tau
        if a > EXP_LIMIT:
            return self._t_piece_s
        return self._t_piece_s + tau * math.log1p(need / (base * tau * math.exp(a)))

    def _watch(self) -> Generator[simpy.Event, Any, None]:
        env = self.ctx.env
        while self._collapsed_s is None:
            self._replan = env.event()
            t_s = self._trigger_s()
            if math.isinf(t_s):
                yield self._replan
                continue
            timer = env.timeout(max(t_s - float(env.now), 0.0))
            yield timer | self._replan
            if self._replan.triggered:
                continue
            self._secondary_collapse()

    def _secondary_collapse(self) -> None:
        self._change()
        self._collapsed_s = float(self.ctx.env.now)
        self._version += 1
        ctx = self.ctx
        ctx.milestone("secondary_collapse", zone=self._zone)
        ctx.harm(self._zone, "casualty", "secondary_collapse")
        if self._debris:
            ctx.harm(self._debris, "injured", "secondary_collapse")

    # --- Hazard interface ------------------------------------------------------------

    def start(self) -> None:
        """Draw E and the casualties' uniforms (in this order), then watch the hazard."""
        rng = self.ctx.rng
        self._threshold_e = float(rng.exponential(1.0))
        agents = self.ctx.casualty_agents()
        draws = rng.random(len(agents))
        for a, u in zip(agents, draws, strict=True):
            self._u[a.idx] = float(u)
            self._start_node[a.idx] = a.node
        self._casualties = agents
        self.ctx.env.process(self._watch())

    def levels(self) -> np.ndarray:
        now = float(self.ctx.env.now)
        cached = self._cache
        if cached is not None and cached[0] == now and cached[1] == self._version:
            return cached[2]
        out = np.zeros(len(self.ctx.site.node_ids), dtype=np.float64)
        if self._collapsed_s is None:
            p = collapse_probability(self._rate, now, now + self.params.horizon_s)
            out[self._mask] = 100.0 * p
        out.flags.writeable = False
        self._cache = (now, self._version, out)
        return out

    def thresholds(self) -> list[Threshold]:
        return list(self._thresholds)

    def assess(self, exposure_s: np.ndarray, dose: float) -> Harm | None:
        """Time near the damaged structure harms nobody by itself; a secondary collapse
        does, when it happens (:meth:`ctx.harm`)."""
        return None

    def react(self, action: ActionDone) -> None:
        """Apply the measures listed in the class docstring; note the ambulance crew."""
        p = action.params
        kind = action.kind
        if action.responder and action.role in self._ambulances and self._crew_s is None:
            self._crew_s = action.t_s
        target = p.get("target")
        if kind in ("operate", "shutdown") and target == "crane":
            self._crane(action)
        elif kind == "shutdown" and target in (None, "work"):
            if not self._work_stopped:
                self._work_stopped = True
                self._change()
                self.ctx.milestone("work_stopped", by=action.role)
        elif kind == "stabilise" and not self._stabilised:
            self._stabilised = True
            if self.params.stabilise_stops_growth:
                now = float(self.ctx.env.now)
                self._frozen_growth = math.exp(min(now / self.params.growth_tau_s, EXP_LIMIT))
            self._change()
            self.ctx.milestone("stabilised", by=action.role)
        elif (
            action.id in self.params.disturbed_by
            and not self._stabilised
            and self._collapsed_s is None
        ):
            # Declared in the scenario: cutting into the pile before the standing part is
            # braced unloads members that still carry it.
            self._change(self.params.disturbance_hazard)
            self.ctx.emit(
                "structure_disturbed", by=action.id, hazard=self.params.disturbance_hazard
            )
        elif kind == "first_aid" and p.get("remove_object") is True and action.node is not None:
            for a in self._casualties:
                if a.node == action.node and a.first_aid_s == action.t_s:
                    self._aid_void.add(a.idx)

    def _crane(self, action: ActionDone) -> None:
        p = action.params
        speed = p.get("speed", "slow")
        load = p.get("load_fraction")
        extra = 0.0
        if speed == "fast" and self._collapsed_s is None:
            extra = self.params.crane_fast_hazard
        new_load = self._load
        if isinstance(load, (int, float)) and not isinstance(load, bool):
            new_load = min(max(float(load), 0.0), 1.0)
        if new_load != self._load or extra > 0.0:
            self._load = new_load
            self._change(extra)
        if speed != "fast":
            self.ctx.milestone("crane_made_safe", by=action.role, load_fraction=self._load)

    def _needs_extrication(self, idx: int, kind: str | None) -> bool:
        return kind == "trapped" or self._start_node.get(idx) in self._zone

    def survival(self, agent: Any) -> float | None:
        """The chance that an initial casualty survives, with the aid given by now."""
        kind = agent.casualty_kind
        if kind is None:
            return None
        now = float(self.ctx.env.now)
        injury = CASUALTY_INJURY.get(kind, "trauma")
        aid_s = now
        if agent.first_aid_s is not None and agent.idx not in self._aid_void:
            aid_s = min(float(agent.first_aid_s), now)
        care_s = now
        if self._crew_s is not None:
            if self._needs_extrication(agent.idx, kind):
                if agent.rescued_s is not None:
                    care_s = min(max(self._crew_s, float(agent.rescued_s)), now)
            else:
                care_s = min(self._crew_s, now)
        return survival_probability(
            injury,
            aid_s / 60.0,
            minutes_to_definitive_care=care_s / 60.0,
            first_aid_residual_rate=self.params.first_aid_residual_rate,
        )

    def casualty_outcome(self, agent: Any) -> Harm | None:
        """Whether an initial casualty dies of the delay to aid (judged at the end).

        The delay to first aid is the agent's ``first_aid_s`` (void if an impaled object
        was pulled out: ``first_aid`` with ``remove_object: true``), or now if never. The
        ambulance crew's care starts at the first effect of an ambulance responder, and
        for a casualty who is trapped or lies in the zone only once rescued. Cara's curve
        at the effective delay (:func:`survival_probability`) gives S; the casualty dies
        when the uniform drawn for them at the start, scaled by S at ``survivable_fraction``
        of the injury's 50 % time, exceeds S. Deterministic per seed, and later aid never
        raises the chance of survival.
        """
        u = self._u.get(agent.idx)
        s = self.survival(agent)
        if u is None or s is None:
            return None
        injury = CASUALTY_INJURY.get(agent.casualty_kind, "trauma")
        reference = survival_probability(
            injury, self.params.survivable_fraction * SURVIVAL_T50_MIN[injury]
        )
        return "casualty" if u * reference > s else None

    def collapse_probability_now(self) -> float:
        """Probability of a secondary collapse from the primary collapse until now."""
        h = self.cumulative_hazard_now()
        return 1.0 if math.isinf(h) else -math.expm1(-h)

    def outcome(self) -> dict[str, float | int | bool]:
        deaths = sum(
            1
            for a in self._casualties
            if a.harm == "casualty" or self.casualty_outcome(a) == "casualty"
        )
        out: dict[str, float | int | bool] = {
            "secondary_collapse": self._collapsed_s is not None,
            "secondary_collapse_probability": self.collapse_probability_now(),
            "casualty_deaths": deaths,
            "crane_load_fraction": self._load,
        }
        if self._collapsed_s is not None:
            out["secondary_collapse_s"] = self._collapsed_s
        return out

    def describe(self) -> dict[str, Any]:
        return {
            "model": self.name,
            "unit": self.unit,
            "horizon_s": self.params.horizon_s,
            "zone": list(self._zone),
            "debris_nodes": list(self._debris),
            "crane_load_fraction": self._load,
            "work_stopped": self._work_stopped,
            "stabilised": self._stabilised,
            "secondary_collapse_probability": self.collapse_probability_now(),
            "secondary_collapse": self._collapsed_s is not None,
        }
