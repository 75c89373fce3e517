"""Events of the log as sentences, in Chinese or English, with the scenario's own names: the
one describer behind the app's event feed (``tui.feedtext``) and the report's timeline
(:mod:`sim.records.report`), so an event reads the same in both.

Each kind the engine logs has a sentence in the catalogue (``feed_<kind>``); a kind added
later (a hazard model's own events) gets a generic line with its data, so describing never
fails. Milestones are named from the catalogue too, with the same fallback.
:class:`ScenarioNames` looks up a scenario's names for ids; without a scenario (a report made
after its file was removed) every id is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import SimpleNamespace
from typing import Any

from sim.i18n import cause_label, has, milestone_label, threshold_label, tr
from sim.scenario import Scenario
from sim.text import Lang, localize

_NO_INDEX = SimpleNamespace(roles={}, actions={}, nodes={}, responders={})
"""The look-up tables when there is no scenario: every id is unknown."""


class ScenarioNames:
    """Look-ups of scenario texts by id, in either language. An id the scenario does not know
    is shown as it is; so is every id when the scenario is not available (a report made from
    the history after its scenario file was removed)."""

    def __init__(self, scenario: Scenario | None) -> None:
        self.scenario = scenario
        self._injects = {i.id: i for i in scenario.injects} if scenario is not None else {}

    def _index(self) -> Any:
        return self.scenario.index if self.scenario is not None else _NO_INDEX

    def role(self, role_id: str | None, lang: Lang) -> str:
        """A role's name; 'everyone' for None."""
        if role_id is None:
            return tr("everyone", lang)
        role = self._index().roles.get(role_id)
        return localize(role.name, lang) if role else role_id

    def action(self, action_id: str, lang: Lang) -> str:
        """An action's label."""
        action = self._index().actions.get(action_id)
        return localize(action.label, lang) if action else action_id

    def node(self, node_id: str | None, lang: Lang) -> str:
        """A place's name (its id when it has none)."""
        if node_id is None:
            return "-"
        node = self._index().nodes.get(node_id)
        if node is None or node.name is None:
            return node_id
        return localize(node.name, lang)

    def responder(self, responder_id: str, lang: Lang) -> str:
        """A responder's name, with its number when it has one."""
        r = self._index().responders.get(responder_id)
        if r is None:
            return responder_id
        name = localize(r.name, lang)
        return tr("responder_numbered", lang, number=r.number, name=name) if r.number else name

    def inject(self, inject_id: str, lang: Lang) -> str:
        """What an inject tells the team."""
        inj = self._injects.get(inject_id)
        return localize(inj.text, lang) if inj else inject_id

    def recipient(self, to: str | None, action_id: str | None, lang: Lang) -> str:
        """Whom a report went to: a role or a responder by name; otherwise the report
        action's own label (its fixed ``to`` is a word of the scenario's, e.g.
        ``authority``, that only the action's label says in words)."""
        idx = self._index()
        if to is not None and to in idx.roles:
            return self.role(to, lang)
        if to is not None and to in idx.responders:
            return self.responder(to, lang)
        if action_id is not None and action_id in idx.actions:
            return self.action(action_id, lang)
        return str(to or "-")

    def done_by(self, by: str, lang: Lang) -> str:
        """What a hazard model's reaction names as its cause: an action of the team's
        (its id) or a responder's (``responder:effect``)."""
        responder, sep, effect = by.partition(":")
        if sep and responder in self._index().responders:
            colon = "：" if lang == "zh" else ": "
            return self.responder(responder, lang) + colon + action_kind_label(effect, lang)
        return self.action(by, lang)

    def threshold(self, threshold_id: str, lang: Lang) -> str:
        """A hazard threshold's name: the scenario's own label, else the model's."""
        for t in self._hazard_list("thresholds"):
            if getattr(t, "id", None) == threshold_id:
                return localize(t.label, lang)
        return threshold_label(threshold_id, lang)

    def detector(self, detector_id: str, lang: Lang) -> str:
        """A fixed gas detector, named by where it is."""
        for det in self._hazard_list("detectors"):
            if getattr(det, "id", None) == detector_id:
                return tr("detector_at", lang, node=self.node(det.node, lang))
        return detector_id

    def mitigation(self, mitigation_id: str, lang: Lang) -> str:
        """A release mitigation, named by the action that applies it."""
        for m in self._hazard_list("mitigations"):
            if getattr(m, "id", None) == mitigation_id:
                for by in m.by:
                    if by in self._index().actions:
                        return self.action(by, lang)
                    if by in self._index().responders:
                        return self.responder(by, lang)
        return mitigation_id

    def _hazard_list(self, name: str) -> list[Any]:
        if self.scenario is None:
            return []
        return list(getattr(self.scenario.hazard.params, name, None) or [])

    def group(self, group_id: str, lang: Lang) -> str:
        """A population group's name."""
        for g in self.scenario.population if self.scenario is not None else ():
            if g.id == group_id:
                return localize(g.name, lang) if g.name is not None else g.id
        return group_id


def floor_label(floor: int, lang: Lang) -> str:
    """A storey as people say it: ground is 1F (一层), -1 is B1 (地下一层)."""
    if floor >= 0:
        return tr("floor_above", lang, n=floor + 1)
    return tr("floor_below", lang, n=-floor)


class EventDescriber:
    """Writes log events as sentences for one scenario, with its names and its clock."""

    def __init__(self, names: ScenarioNames, clock: Callable[[float], str]) -> None:
        self.names = names
        self.clock = clock

    def text(
        self, kind: str, data: Mapping[str, Any], lang: Lang, reason: str | None = None
    ) -> str:
        """One event as a sentence (``reason``: why a refused action was refused, in ``lang``,
        when it is known). An event the describer cannot read gets the generic line."""
        try:
            text = self._text(kind, data, lang, reason)
        except (KeyError, TypeError, ValueError, IndexError):
            text = None
        if text is None:
            text = tr("feed_generic", lang, kind=kind, data=_data_text(data))
        return text

    def event_text(self, event: Mapping[str, Any], lang: Lang, reason: str | None = None) -> str:
        """An event as the result's log holds it (``{"t_s", "kind", **data}``) as a sentence."""
        data = {k: v for k, v in event.items() if k not in ("t_s", "kind")}
        return self.text(str(event.get("kind")), data, lang, reason)

    def _text(self, kind: str, d: Mapping[str, Any], lang: Lang, reason: str | None) -> str | None:
        n = self.names
        if kind == "start":
            return tr("feed_start", lang, seed=d.get("seed"))
        if kind == "end":
            return tr("feed_end", lang)
        if kind == "inject":
            text = n.inject(str(d["id"]), lang)
            to = d.get("to")
            out = tr("feed_inject_to", lang, to=n.role(str(to), lang), text=text) if to else text
            if d.get("deadline_s") is not None:
                out += tr("feed_inject_deadline", lang, clock=self.clock(float(d["deadline_s"])))
            if d.get("facilitator"):
                out = tr("feed_by_facilitator", lang) + out
            return out
        if kind == "facilitator":
            to = d.get("to")
            if to:
                return tr(
                    "feed_facilitator_to", lang, to=n.role(str(to), lang), text=d.get("text", "")
                )
            return tr("feed_facilitator", lang, text=d.get("text", ""))
        if kind == "control":
            what = str(d.get("action"))
            if what == "speed":
                return tr("feed_control_speed", lang, speed=_speed(d.get("speed")))
            if what == "pause" and d.get("reason") == "resumed":
                return resumed_text(d.get("skipped") or [], lang)
            key = f"feed_control_{what}"
            if has(key):
                return tr(key, lang)
            return tr("feed_control_other", lang, what=what)
        if kind == "action":
            text = tr(
                "feed_action",
                lang,
                role=n.role(str(d["by"]), lang),
                action=n.action(str(d["id"]), lang),
                until=self.clock(float(d["ends_s"])),
            )
            detail = self._params(d.get("params") or {}, str(d["id"]), lang)
            return f"{text}{detail}"
        if kind == "action_done":
            return tr(
                "feed_action_done",
                lang,
                role=n.role(str(d["by"]), lang),
                action=n.action(str(d["id"]), lang),
            )
        if kind == "refused":
            why = reason if reason is not None else str(d.get("reason", ""))
            return tr(
                "feed_refused",
                lang,
                role=n.role(str(d.get("by")), lang),
                action=n.action(str(d.get("action")), lang),
                reason=why,
            )
        if kind == "milestone":
            return tr("feed_milestone", lang, name=milestone_label(str(d["name"]), lang))
        if kind == "dispatch":
            return tr("feed_dispatch", lang, who=n.responder(str(d["responder"]), lang))
        if kind == "en_route":
            return tr(
                "feed_en_route",
                lang,
                who=n.responder(str(d["responder"]), lang),
                eta=self.clock(float(d["eta_s"])),
            )
        if kind == "arrival":
            key = "feed_arrival_guided" if d.get("guided") else "feed_arrival"
            return tr(key, lang, who=n.responder(str(d["responder"]), lang))
        if kind == "responder_lost":
            return tr(
                "feed_responder_lost",
                lang,
                who=n.responder(str(d["responder"]), lang),
                delay=round(float(d.get("delay_s") or 0)),
            )
        if kind == "responder_action":
            return tr(
                "feed_responder_action",
                lang,
                who=n.responder(str(d["responder"]), lang),
                what=action_kind_label(str(d.get("effect")), lang),
            )
        if kind == "report":
            have = list(d.get("elements") or [])
            return tr(
                "feed_report",
                lang,
                to=n.recipient(d.get("to"), d.get("id"), lang),
                count=len(have),
                elements=_join([element_label(e, lang) for e in have], lang) or "-",
            )
        if kind == "headcount":
            return tr(
                "feed_headcount",
                lang,
                expected=d.get("expected"),
                present=d.get("present"),
                casualties=d.get("casualties"),
                missing=d.get("missing"),
            )
        if kind == "swept":
            return tr("feed_swept", lang, woken=d.get("woken", 0), found=d.get("found", 0))
        if kind == "rescued":
            return tr(
                "feed_rescued",
                lang,
                people=d.get("people", 0),
                node=n.node(d.get("node"), lang),
                to=n.node(d.get("to"), lang),
            )
        if kind == "harm":
            key = "feed_harm_casualty" if d.get("outcome") == "casualty" else "feed_harm_injured"
            nodes = [n.node(x, lang) for x in d.get("nodes") or []]
            return tr(
                key,
                lang,
                people=d.get("people", 0),
                nodes=_join(nodes, lang),
                cause=cause_label(str(d.get("cause")), lang),
            )
        if kind == "untenable":
            nodes = [n.node(x, lang) for x in d.get("nodes") or []]
            return tr("feed_untenable", lang, nodes=_join(nodes, lang))
        if kind == "overcome":
            nodes = [n.node(x, lang) for x in d.get("nodes") or []]
            return tr("feed_overcome", lang, people=d.get("people", 0), nodes=_join(nodes, lang))
        if kind == "action_failed":
            return tr(
                "feed_action_failed",
                lang,
                role=n.role(str(d["by"]), lang),
                action=n.action(str(d["id"]), lang),
            )
        if kind == "unsafe":
            return tr(
                "feed_unsafe",
                lang,
                role=n.role(str(d.get("by")), lang),
                action=n.action(str(d.get("action")), lang),
                node=n.node(d.get("node"), lang),
            )
        if kind == "prompt_expired":
            return tr(
                "feed_prompt_expired",
                lang,
                role=n.role(d.get("to"), lang),
                text=n.inject(str(d.get("inject")), lang),
            )
        if kind == "detector_alarm":
            return tr(
                "feed_detector_alarm",
                lang,
                detector=n.detector(str(d["detector"]), lang),
                level=d["level"],
                ppm=d["ppm"],
            )
        if kind == "alarm_silenced":
            return tr(
                "feed_alarm_silenced",
                lang,
                people=d.get("people", 0),
                action=n.action(str(d.get("id")), lang),
            )
        if kind == "sent_back":
            return tr(
                "feed_sent_back",
                lang,
                people=d.get("people", 0),
                source=n.node(d.get("source"), lang),
                to=n.node(d.get("to"), lang),
                action=n.action(str(d.get("id")), lang),
            )
        if kind == "structure_disturbed":
            return tr("feed_structure_disturbed", lang, action=n.action(str(d.get("by")), lang))
        if kind == "source_mitigated":
            return tr(
                "feed_source_mitigated",
                lang,
                what=n.mitigation(str(d["mitigation"]), lang),
                rate=d["rate_kg_s"],
            )
        if kind == "wind_changed":
            return tr(
                "feed_wind_changed",
                lang,
                deg=round(float(d["wind_from_deg"])),
                speed=d["wind_speed_m_s"],
                stability=d["stability"],
            )
        if kind == "start_moving":
            return tr("feed_start_moving", lang, group=n.group(str(d.get("group")), lang))
        if kind == "stuck":
            return tr(
                "feed_stuck",
                lang,
                group=n.group(str(d.get("group")), lang),
                node=n.node(d.get("node"), lang),
            )
        if kind == "source_isolated":
            return tr("ev_source_isolated", lang)
        if kind == "explosion":
            return tr("ev_explosion", lang)
        if kind == "gas_fire":
            return tr("feed_gas_fire", lang, node=n.node(d.get("node"), lang))
        if kind == "blast":
            return tr("feed_blast", lang, gas=d.get("gas_kg"), tnt=d.get("tnt_kg"))
        if kind in ("gas_main_isolated", "gas_sources_stopped", "ignition_sources_cut"):
            return tr(f"feed_{kind}", lang, action=n.done_by(str(d.get("by")), lang))
        if kind == "ventilated":
            return tr("feed_ventilated", lang, action=n.done_by(str(d.get("by")), lang))
        if kind == "fire_not_controlled":
            return tr(
                "feed_fire_not_controlled",
                lang,
                role=n.role(str(d.get("by")), lang),
                hrr=round(float(d.get("hrr_kw") or 0)),
                limit=round(float(d.get("limit_kw") or 0)),
            )
        return None

    def _params(self, params: Mapping[str, Any], action_id: str, lang: Lang) -> str:
        """A short account of an action's parameters, for the feed."""
        sc = self.names.scenario
        action = sc.index.actions.get(action_id) if sc is not None else None
        if action is None or not params:
            return ""
        parts = []
        for name, value in params.items():
            if name in action.fixed:
                continue
            shown = param_value_text(action, name, value, self.names, lang)
            label = param_label(action, name, lang)
            parts.append(f"{label}：{shown}" if lang == "zh" else f"{label}: {shown}")
        if not parts:
            return ""
        sep = "；" if lang == "zh" else "; "
        return ("（" + sep.join(parts) + "）") if lang == "zh" else (" (" + sep.join(parts) + ")")


def param_value_text(action: Any, name: str, value: Any, names: ScenarioNames, lang: Lang) -> str:
    """A parameter value as the form shows it (choice labels, place names, yes/no)."""
    spec = action.params.get(name)
    if spec is None:
        if name == "floor" and isinstance(value, int) and not isinstance(value, bool):
            return floor_label(value, lang)
        items = value if isinstance(value, list) else [value]
        return _join([_fixed_value(v, names, lang) for v in items], lang) or "-"
    if spec.type in ("choice", "multi"):
        labels = {c.value: localize(c.label, lang) for c in spec.choices}
        items = value if isinstance(value, list) else [value]
        return _join([labels.get(str(v), str(v)) for v in items], lang) or "-"
    if spec.type == "node":
        return names.node(str(value), lang)
    if spec.type == "bool":
        return tr("yes", lang) if value else tr("no", lang)
    if spec.type == "number":
        num = float(value)
        text = str(int(num)) if num.is_integer() else f"{num:g}"
        return f"{text} {spec.unit}" if spec.unit else text
    return str(value)


def param_label(action: Any, name: str, lang: Lang) -> str:
    """A parameter's name: its label in the scenario, else the catalogue's for the
    parameters scenarios fix (scope, centre, service…), else its id."""
    spec = action.params.get(name)
    if spec is not None:
        return localize(spec.label, lang)
    key = f"param_{name}"
    return tr(key, lang) if has(key) else name


def _fixed_value(value: Any, names: ScenarioNames, lang: Lang) -> str:
    """A value the scenario fixes, in words: a place, a role or a responder by name, a
    yes/no, a word of the catalogue (all, natural…), else as it is."""
    if isinstance(value, bool):
        return tr("yes", lang) if value else tr("no", lang)
    text = str(value)
    idx = names._index()
    if text in idx.nodes:
        return names.node(text, lang)
    if text in idx.roles:
        return names.role(text, lang)
    if text in idx.responders:
        return names.responder(text, lang)
    key = f"value_{text}"
    return tr(key, lang) if has(key) else text


def element_label(element: str, lang: Lang) -> str:
    """A Decree 493 report element's short name."""
    key = f"element_{element}"
    return tr(key, lang) if has(key) else element


def action_kind_label(kind: str, lang: Lang) -> str:
    """An engine action kind's name (for responders' actions)."""
    key = f"action_kind_{kind}"
    return tr(key, lang) if has(key) else kind.replace("_", " ")


def _join(items: list[str], lang: Lang) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def _speed(value: Any) -> str:
    try:
        return f"{float(value):g}×"
    except (TypeError, ValueError):
        return str(value)


def _data_text(d: Mapping[str, Any]) -> str:
    parts = []
    for k, v in d.items():
        if isinstance(v, float):
            v = round(v, 2)
        parts.append(f"{k}={v}")
    return ", ".join(parts)


def resumed_text(skipped: list[Any], lang: Lang) -> str:
    """The feed line of a drill continued after an interruption, with the journal lines
    that could not be used (each with its number and reason)."""
    out = tr("feed_control_resumed", lang)
    if skipped:
        reasons = []
        for sk in skipped:
            key, line = str(sk.get("reason", "")), sk.get("line")
            reasons.append(tr(key, lang, line=line) if has(key) else f"{line}: {key}")
        out += tr("feed_control_skipped", lang, n=len(skipped), what="; ".join(reasons))
    return out
