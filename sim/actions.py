"""The action vocabulary: preconditions, durations and effects of every action kind.

A scenario declares its actions, each built on one kind (``report``, ``alarm``,
``evacuate``, ...; see :data:`sim.scenario.ActionKind`). ``act`` checks the preconditions
and either refuses with a reason or starts the action; the action takes its duration in sim
time, during which its role-player is busy (and, at the action's node, exposed to the
hazard), then its effects apply and the hazard model reacts.
"""

from __future__ import annotations

import math
from collections.abc import Generator, Mapping
from typing import Any, Protocol, runtime_checkable

import simpy

from sim.hazards import ActionDone
from sim.hazards.base import Hazard
from sim.i18n import Joined, Phrase, label
from sim.scenario import REPORT_ELEMENTS, Action, ActionParam, PopulationGroup, Scenario
from sim.site import SiteGraph
from sim.state import ActResult, Agent, Prompt, ResponderState, RoleState
from sim.text import Text


@runtime_checkable
class ActionCrowd(Protocol):
    """What the action vocabulary needs of the crowd (:class:`sim.movement.Crowd`): the
    people, whom the alarm roused, where the lift message plays, and the orders it gives
    them."""

    agents: list[Agent]
    groups: dict[str, PopulationGroup]
    walkers: int
    alerted_count: int
    roused_by_alarm: set[int]
    lift_broadcast: set[str]

    def alert(
        self, a: Agent, destination: str | None, use_lift: bool = False, *, order: bool = False
    ) -> bool:
        """Alert an agent (and send them somewhere); whether they were newly alerted."""

    def settle(self, a: Agent) -> bool:
        """An alarm that stopped before they set off: they wait again; whether they did."""

    def hurry(self, a: Agent, within_s: float) -> bool:
        """Cut what is left of an agent's pre-movement; whether it was cut."""

    def send_back(self, a: Agent, to: str, stay_s: float) -> None:
        """Send a safe agent back into a place."""

    def move_static(self, a: Agent, node: str) -> None:
        """Carry an agent to a node at once (rescue)."""


@runtime_checkable
class ActionHost(Protocol):
    """What the action vocabulary needs of the drill it acts on (:class:`sim.drill.Drill`)."""

    scenario: Scenario
    env: simpy.Environment
    site: SiteGraph
    hazard: Hazard
    finished: bool
    started: dict[str, float]
    done: dict[str, float]
    roles: dict[str, RoleState]
    responders: dict[str, ResponderState]
    prompts: list[Prompt]
    cordon: dict[str, Any] | None

    @property
    def crowd(self) -> ActionCrowd:
        """The people on site."""

    @property
    def now_s(self) -> float:
        """Sim time now, s."""

    def clock(self, t_s: float | None = None) -> str:
        """Wall-clock time at a sim time, 'HH:MM:SS'."""

    def emit(self, kind: str, /, **data: Any) -> None:
        """Append an event at the current sim time."""

    def fire(self, ref: str) -> bool:
        """Mark an event reference as happened and run its listeners."""

    def milestone(self, name: str, /, **data: Any) -> None:
        """Log a milestone once and fire what waits on it."""

    def dispatch(self, responder_id: str) -> None:
        """Call a responder."""

    def walkers_in(self, scope: Any) -> list[Agent]:
        """Walking agents in a scope."""

    def on_site_count(self) -> int:
        """People of the population on site: whom the headcount expects."""


SWEEP_PREMOVEMENT_S = 60.0
"""After staff knock on the door, people take at most this long to start moving: a
drillsim assumption (direct, personal warning shortens pre-movement; PD 7974-6:2019
notes the effect of staff action on occupant response)."""


class ActionEngine:
    """Checks and performs actions for a drill."""

    def __init__(self, drill: ActionHost) -> None:
        self.drill = drill
        self.scenario = drill.scenario

    # --- checking -------------------------------------------------------------------------

    def _general_refusal(self, action: Action) -> Phrase | None:
        d = self.drill
        if d.finished:
            return Phrase("refuse_finished")
        if action.once and action.id in d.started:
            return Phrase("refuse_done_already", action=label(action.label))
        for req in action.requires:
            if req not in d.done:
                req_action = self.scenario.action(req)
                if req in d.started:
                    ends = d.started[req] + req_action.duration_s
                    return Phrase(
                        "refuse_in_progress", required=label(req_action.label), until=d.clock(ends)
                    )
                return Phrase("refuse_requires", required=label(req_action.label))
        return None

    def _role_refusal(self, action: Action, role: RoleState) -> Phrase | None:
        d = self.drill
        role_spec = self.scenario.role(role.id)
        if action.roles and role.id not in action.roles:
            names = [label(self.scenario.role(r).name) for r in action.roles]
            return Phrase("refuse_not_your_role", action=label(action.label), roles=Joined(names))
        if role.harm == "casualty":
            return Phrase("refuse_role_down", role=label(role_spec.name))
        if role.overcome:
            return Phrase("refuse_role_overcome", role=label(role_spec.name))
        if role.busy_until_s > d.now_s and role.current is not None:
            current = self.scenario.action(role.current)
            return Phrase(
                "refuse_busy",
                role=label(role_spec.name),
                current=label(current.label),
                until=d.clock(role.busy_until_s),
            )
        return None

    def _params(
        self, action: Action, given: Mapping[str, Any]
    ) -> tuple[dict[str, Any] | None, Phrase | None]:
        out: dict[str, Any] = dict(action.fixed)
        for name, value in given.items():
            if name in action.fixed:
                if value != action.fixed[name]:
                    return None, Phrase("refuse_fixed_param", param=name)
            elif name not in action.params:
                return None, Phrase("refuse_unknown_param", action=label(action.label), param=name)
        for name, spec in action.params.items():
            if name in given and given[name] is not None:
                value = given[name]
            elif spec.default is not None:
                value = spec.default
            elif spec.required:
                return None, Phrase("refuse_missing_param", param=label(spec.label))
            else:
                continue
            checked, why = self._param(name, spec, value)
            if why is not None:
                return None, why
            out[name] = checked
        return out, None

    def _param(self, name: str, spec: ActionParam, value: Any) -> tuple[Any, Phrase | None]:
        pname = label(spec.label)
        if spec.type == "number":
            try:
                num = float(value)
            except (TypeError, ValueError):
                return None, Phrase("refuse_bad_number", param=pname)
            if isinstance(value, bool) or not math.isfinite(num):
                return None, Phrase("refuse_bad_number", param=pname)
            if spec.min is not None and num < spec.min:
                return None, Phrase("refuse_below_min", param=pname, limit=spec.min)
            if spec.max is not None and num > spec.max:
                return None, Phrase("refuse_above_max", param=pname, limit=spec.max)
            return num, None
        if spec.type == "bool":
            if not isinstance(value, bool):
                return None, Phrase("refuse_bad_bool", param=pname)
            return value, None
        if spec.type == "choice":
            allowed = {c.value for c in spec.choices}
            if str(value) not in allowed:
                return None, Phrase("refuse_bad_choice", value=value, param=pname)
            return str(value), None
        if spec.type == "multi":
            if not isinstance(value, (str, list, tuple)):
                return None, Phrase("refuse_bad_choice", value=value, param=pname)
            items = [value] if isinstance(value, str) else list(value)
            allowed = {c.value for c in spec.choices}
            for item in items:
                if str(item) not in allowed:
                    return None, Phrase("refuse_bad_choice", value=item, param=pname)
            return sorted({str(i) for i in items}), None
        if spec.type == "node":
            node = self.drill.site.nodes.get(str(value))
            if node is None:
                return None, Phrase("refuse_bad_node", value=value)
            if spec.node_kinds and node.kind not in spec.node_kinds:
                return None, Phrase("refuse_bad_node_kind", value=value, param=pname)
            return node.id, None
        return str(value), None

    def _kind_refusal(
        self, action: Action, params: dict[str, Any], role: RoleState
    ) -> Phrase | None:
        d = self.drill
        kind = action.kind
        if kind in ("call", "guide_responders"):
            rid = str(params.get("service") or params.get("responder") or "")
            if rid not in d.responders:
                return Phrase("refuse_unknown_responder", id=rid)
            state = d.responders[rid]
            name = label(self.scenario.responder(rid).name)
            if kind == "call" and state.called_s is not None:
                return Phrase("refuse_already_called", name=name)
            if kind == "guide_responders":
                if state.called_s is None:
                    return Phrase("refuse_not_called", name=name)
                if state.arrived_s is not None:
                    return Phrase("refuse_already_arrived", name=name)
        if kind == "evacuate" and params.get("to") is not None:
            to = str(params["to"])
            if to not in d.site.nodes:
                return Phrase("refuse_bad_node", value=to)
            if to not in d.site.safe_nodes:
                return Phrase("refuse_not_safe_place", value=to)
        if kind == "ppe" and role.ppe:
            return Phrase("refuse_has_ppe", role=label(self.scenario.role(role.id).name))
        if kind in ("rescue", "first_aid"):
            node = self._node_of(action, params)
            if node is not None and not self._casualties_at(node, kind):
                return Phrase("refuse_no_casualties", node=label(_node_name(d, node)))
        return None

    def _node_of(self, action: Action, params: Mapping[str, Any]) -> str | None:
        node = params.get("node", action.node)
        return str(node) if isinstance(node, str) and node in self.drill.site.nodes else None

    def _casualties_at(self, node: str, kind: str) -> list[Any]:
        out = []
        for a in self.drill.crowd.agents:
            if a.casualty_kind is None or a.node != node:
                continue
            if kind == "rescue" and a.rescued_s is not None:
                continue
            if kind == "first_aid" and a.first_aid_s is not None:
                continue
            out.append(a)
        return out

    def refusal(self, action_id: str, by: str, params: Mapping[str, Any]) -> Phrase | None:
        """Why ``by`` cannot take the action now, or None if they can."""
        action = self.scenario.index.actions.get(action_id)
        if action is None:
            return Phrase("refuse_unknown_action", id=action_id)
        role = self.drill.roles.get(by)
        if role is None:
            return Phrase("refuse_unknown_role", role=by)
        why = self._general_refusal(action) or self._role_refusal(action, role)
        if why is not None:
            return why
        resolved, why = self._params(action, params)
        if why is not None or resolved is None:
            return why
        return self._kind_refusal(action, resolved, role)

    def available(self) -> list[dict[str, Any]]:
        """Every action with whether it can be taken now and, if not, why."""
        out = []
        for action in self.scenario.actions:
            why = self._general_refusal(action)
            out.append(
                {
                    "id": action.id,
                    "kind": action.kind,
                    "label": action.label,
                    "key": action.key,
                    "roles": list(action.roles),
                    "available": why is None,
                    "reason": why,
                    "started_s": self.drill.started.get(action.id),
                    "done_s": self.drill.done.get(action.id),
                }
            )
        return out

    # --- acting ------------------------------------------------------------------------------

    def act(self, action_id: str, by: str, given: Mapping[str, Any]) -> ActResult:
        """Start the action as ``by`` now, or refuse it with the reason (and log either)."""
        d = self.drill
        why = self.refusal(action_id, by, given)
        if why is not None:
            d.emit("refused", action=action_id, by=by, params=_plain(given), reason=why.key)
            return ActResult(False, why)
        action = self.scenario.action(action_id)
        params, _ = self._params(action, given)
        assert params is not None
        role = d.roles[by]
        now = d.now_s
        ends = now + action.duration_s
        node = self._node_of(action, params)
        d.started[action.id] = now
        role.current = action.id
        role.busy_until_s = ends
        role.node = node
        d.emit("action", id=action.id, action_kind=action.kind, by=by, params=params, ends_s=ends)
        for p in d.prompts:
            if p.answered_s is None and not p.expired and p.expects == action.id:
                p.answered_s = now
        if action.needs_ppe and not role.ppe and node is not None:
            level = d.hazard.level(node)
            sev = int(d.hazard.severities()[d.site.index[node]])
            if sev >= 1:
                d.emit("unsafe", action=action.id, by=by, node=node, level=level)
                d.fire(f"unsafe:{action.id}")
        d.env.process(self._perform(action, role, params, node))
        return ActResult(True, None, ends)

    def _perform(
        self, action: Action, role: RoleState, params: dict[str, Any], node: str | None
    ) -> Generator[simpy.Event, Any, None]:
        d = self.drill
        if action.duration_s > 0:
            yield d.env.timeout(action.duration_s)
        if role.overcome or role.harm == "casualty":
            # Overcome (or killed) while at it: the action is never completed.
            if role.current == action.id:
                role.current = None
                role.busy_until_s = d.now_s
            d.emit("action_failed", id=action.id, by=role.id, reason="role_overcome")
            return
        d.done[action.id] = d.now_s
        done = ActionDone(
            id=action.id,
            kind=action.kind,
            role=role.id,
            t_s=d.now_s,
            node=node,
            params=params,
            ignition_source=action.ignition_source,
        )
        # The role-player is still at the action's node while its effects happen: a
        # spark that ignites the room harms whoever made it.
        self.apply_effects(done)
        if action.sends is not None:
            self._send_back(action)
        if action.silences_alarm:
            self._silence_alarm(action)
        if role.current == action.id and role.busy_until_s <= d.now_s:
            # Not already busy with a newer action taken at the moment this one ended.
            role.current = None
            role.node = None
        d.emit("action_done", id=action.id, action_kind=action.kind, by=role.id)
        d.fire(f"action:{action.id}")

    # --- effects -------------------------------------------------------------------------------

    def apply_effects(self, done: ActionDone, responder: bool = False) -> None:
        """The engine's effects of a completed action, then the hazard model's reaction."""
        d = self.drill
        p = done.params
        kind = done.kind
        if kind == "report":
            elements = [e for e in p.get("elements", []) if e in REPORT_ELEMENTS]
            d.emit("report", id=done.id, by=done.role, to=p.get("to"), elements=elements)
        elif kind == "call":
            d.dispatch(str(p.get("service")))
        elif kind == "guide_responders":
            rid = str(p.get("service") or p.get("responder"))
            d.responders[rid].guided = True
        elif kind == "alarm":
            for a in d.walkers_in(p.get("scope", "all")):
                if d.crowd.groups[a.group].alerted_by in ("alarm", "start") and d.crowd.alert(
                    a, None
                ):
                    d.crowd.roused_by_alarm.add(a.idx)
            self._check_all_alerted()
        elif kind in ("evacuate", "warn"):
            to = p.get("to")
            scope = p.get("scope", p.get("nodes", "all"))
            use_lift = bool(p.get("use_lift", False))
            if use_lift and kind == "evacuate":
                # The voice message repeats (GB 50116-2013 §4.8): whoever reaches a place
                # of its scope later hears it too and takes the lift.
                d.crowd.lift_broadcast |= _scope_nodes(d, scope)
            for a in d.walkers_in(scope):
                d.crowd.roused_by_alarm.discard(a.idx)
                d.crowd.alert(a, str(to) if to is not None else None, use_lift, order=True)
            self._check_all_alerted()
        elif kind == "shelter":
            for a in d.walkers_in(p.get("scope", "all")):
                if a.state in ("waiting", "alerted"):
                    a.state = "sheltering"
        elif kind == "cordon":
            center = p.get("center", done.node)
            d.cordon = {"radius_m": p.get("radius_m"), "center": center, "t_s": d.now_s}
        elif kind == "ppe":
            if done.role in d.roles:
                d.roles[done.role].ppe = True
        elif kind == "rescue":
            self._rescue(done)
        elif kind == "first_aid":
            node = done.node
            for a in d.crowd.agents:
                if a.casualty_kind and a.first_aid_s is None and (node is None or a.node == node):
                    a.first_aid_s = d.now_s
        elif kind == "headcount":
            self._headcount(done)
        elif kind == "sweep":
            self._sweep(done)
        elif kind == "close_doors":
            scope = p.get("scope", p.get("floor", "all"))
            nodes: set[str] | None = set(d.site.node_ids) if scope == "all" else None
            if nodes is None:
                if isinstance(scope, (int, float)) and not isinstance(scope, bool):
                    nodes = set(d.site.nodes_on_floor(int(scope)))
                elif isinstance(scope, list):
                    nodes = {str(s) for s in scope}
                else:
                    nodes = {str(scope)}
            for (n1, n2), door in d.site.doors.items():
                if n1 in nodes or n2 in nodes:
                    door.propped_open = False
        d.hazard.react(done)

    def _send_back(self, action: Action) -> None:
        """The action's declared physical effect: people go back into a place."""
        d = self.drill
        sends = action.sends
        assert sends is not None
        left = sends.count
        sent = 0
        for a in d.crowd.agents:
            if left <= 0:
                break
            if a.node == sends.source and a.state == "safe" and a.size <= left:
                d.crowd.send_back(a, sends.to, sends.stay_s)
                left -= a.size
                sent += a.size
        d.emit("sent_back", id=action.id, people=sent, source=sends.source, to=sends.to)

    def _silence_alarm(self, action: Action) -> None:
        """The action's declared physical effect: the sounders stop. Whoever the alarm
        roused and who has not yet set off settles back (asleep, or waiting for a sign that
        it is real: Proulx, 'Evacuation time', SFPE Handbook, on cues and pre-movement),
        until a sweep, an order that reaches them or another alarm does."""
        d = self.drill
        settled = 0
        for a in d.crowd.agents:
            if a.idx in d.crowd.roused_by_alarm and d.crowd.settle(a):
                settled += a.size
        d.crowd.roused_by_alarm.clear()
        d.emit("alarm_silenced", id=action.id, people=settled)

    def _check_all_alerted(self) -> None:
        d = self.drill
        if d.crowd.walkers and d.crowd.alerted_count >= d.crowd.walkers:
            d.milestone("everyone_alerted")

    def _rescue(self, done: ActionDone) -> None:
        d = self.drill
        node = done.node
        if node is None:
            return
        to = done.params.get("to")
        if not isinstance(to, str) or to not in d.site.nodes:
            safe = sorted(d.site.safe_nodes)
            to = min(safe, key=lambda n: d.site.distance_m(node, n), default=node)
        moved = 0
        for a in self._casualties_at(node, "rescue"):
            a.rescued_s = d.now_s
            a.missing = False
            d.crowd.move_static(a, to)
            moved += a.size
        d.emit("rescued", node=node, to=to, people=moved)
        if not any(a.casualty_kind and a.rescued_s is None for a in d.crowd.agents):
            d.milestone("all_rescued")

    def _headcount(self, done: ActionDone) -> None:
        d = self.drill
        expected = d.on_site_count()
        present = 0
        known_casualties = 0
        for a in d.crowd.agents:
            if d.crowd.groups[a.group].offsite:
                continue
            if a.safe_s is not None or a.node in d.site.safe_nodes:
                present += a.size
            elif a.casualty_kind is not None and not a.missing:
                known_casualties += a.size
        missing = expected - present - known_casualties
        d.emit(
            "headcount",
            id=done.id,
            expected=expected,
            present=present,
            casualties=known_casualties,
            missing=missing,
        )

    def _sweep(self, done: ActionDone) -> None:
        d = self.drill
        p = done.params
        scope = p.get("floor", p.get("scope", "all"))
        woken = 0
        for a in d.walkers_in(scope):
            d.crowd.roused_by_alarm.discard(a.idx)
            if a.alerted_s is None:
                a.premovement_s = min(a.premovement_s, SWEEP_PREMOVEMENT_S)
                if d.crowd.alert(a, None):
                    woken += a.size
            elif d.crowd.hurry(a, SWEEP_PREMOVEMENT_S):
                woken += a.size
        found = 0
        floor_nodes = (
            set(d.site.nodes_on_floor(int(scope)))
            if isinstance(scope, (int, float)) and not isinstance(scope, bool)
            else None
        )
        for a in d.crowd.agents:
            if a.missing and (floor_nodes is None or a.node in floor_nodes):
                a.missing = False
                found += a.size
        d.emit("swept", id=done.id, woken=woken, found=found)
        self._check_all_alerted()


def _scope_nodes(d: ActionHost, scope: Any) -> set[str]:
    """The places a scope covers ('all', a floor, 'floor:<n>', a node, or a list of
    nodes; population groups cover no place)."""
    if scope in (None, "all"):
        return set(d.site.node_ids)
    if isinstance(scope, int) and not isinstance(scope, bool):
        return set(d.site.nodes_on_floor(scope))
    if isinstance(scope, str):
        if scope.startswith("floor:"):
            try:
                return set(d.site.nodes_on_floor(int(scope.split(":", 1)[1])))
            except ValueError:
                return set()
        return set() if scope.startswith("group:") else {scope}
    if isinstance(scope, (list, tuple)):
        return {str(s) for s in scope if not str(s).startswith("group:")}
    return set()


def _node_name(d: ActionHost, node: str) -> Text:
    n = d.site.nodes[node]
    return n.name if n.name is not None else n.id


def _plain(params: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in params.items():
        if isinstance(v, (str, int, float, bool)) or v is None:
            out[k] = v
        elif isinstance(v, (list, tuple)):
            out[k] = [str(x) for x in v]
        else:
            out[k] = str(v)
    return out
