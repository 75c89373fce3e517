"""Events of the log as sentences, in Chinese or English, with the scenario's own names.

:class:`ReportNames` looks up a scenario's names for ids in one language (the id itself when
the scenario is not available); :func:`describe` writes one event as a line of the report's
timeline.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sim.i18n import milestone_label, tr
from sim.scenario import Scenario
from sim.text import Lang, Text, localize


class ReportNames:
    """Scenario names for ids, in one language (ids when the scenario is not available)."""

    def __init__(self, scenario: Scenario | None, lang: Lang) -> None:
        self.sc = scenario
        self.lang = lang

    def _text(self, text: Text | None, fallback: str) -> str:
        return localize(text, self.lang) if text is not None else fallback

    def role(self, rid: Any) -> str:
        if self.sc is None or rid not in self.sc.index.roles:
            return str(rid or "")
        return self._text(self.sc.index.roles[rid].name, str(rid))

    def action(self, aid: Any) -> str:
        if self.sc is None or aid not in self.sc.index.actions:
            return str(aid)
        return self._text(self.sc.index.actions[aid].label, str(aid))

    def node(self, nid: Any) -> str:
        if self.sc is None or nid not in self.sc.index.nodes:
            return str(nid)
        return self._text(self.sc.index.nodes[nid].name, str(nid))

    def responder(self, rid: Any) -> str:
        if self.sc is None or rid not in self.sc.index.responders:
            return str(rid)
        return self._text(self.sc.index.responders[rid].name, str(rid))

    def inject(self, iid: Any) -> str:
        if self.sc is not None:
            for inj in self.sc.injects:
                if inj.id == iid:
                    return localize(inj.text, self.lang)
        return str(iid)

    def expectation(self, eid: str) -> str:
        if self.sc is not None:
            for x in self.sc.expectations:
                if x.id == eid:
                    return localize(x.title, self.lang)
        return eid

    def value(self, aid: Any, param: str, value: Any) -> str:
        """A parameter's value as the form shows it."""
        spec = None
        if self.sc is not None and aid in self.sc.index.actions:
            spec = self.sc.index.actions[aid].params.get(param)
        if isinstance(value, list):
            return ("、" if self.lang == "zh" else ", ").join(
                self.value(aid, param, v) for v in value
            )
        if spec is not None:
            for c in spec.choices:
                if c.value == value:
                    return localize(c.label, self.lang)
            if spec.type == "node":
                return self.node(value)
            if spec.type == "bool" and isinstance(value, bool):
                return tr("yes" if value else "no", self.lang)
            if spec.unit and isinstance(value, (int, float)):
                return f"{value:g} {spec.unit}"
        if self.sc is not None and isinstance(value, str) and value in self.sc.index.nodes:
            return self.node(value)
        if self.sc is not None and isinstance(value, str) and value in self.sc.index.responders:
            return self.responder(value)
        return str(value)

    def chosen(self, aid: Any, params: dict[str, Any]) -> dict[str, Any]:
        """The parameters the team chose (fixed ones are implied by the action's label)."""
        if self.sc is None or aid not in self.sc.index.actions:
            return params
        action = self.sc.index.actions[aid]
        return {k: v for k, v in params.items() if k not in action.fixed}

    def param_name(self, aid: Any, param: str) -> str:
        if self.sc is not None and aid in self.sc.index.actions:
            spec = self.sc.index.actions[aid].params.get(param)
            if spec is not None:
                return localize(spec.label, self.lang)
        return param


def describe(
    e: dict[str, Any], names: ReportNames, refusals: Iterator[dict[str, str]]
) -> str | None:
    """One event of the log as a line of the report's timeline (None: not shown)."""
    lang = names.lang
    kind = e.get("kind")
    if kind == "start":
        return tr("ev_start", lang)
    if kind == "end":
        return tr("ev_end", lang)
    if kind == "inject":
        text = names.inject(e.get("id"))
        if e.get("to"):
            return tr("ev_inject_to", lang, role=names.role(e["to"]), text=text)
        return tr("ev_inject", lang, text=text)
    if kind == "facilitator":
        return tr("ev_facilitator", lang, text=str(e.get("text", "")))
    if kind == "action":
        aid = e.get("id")
        params = names.chosen(aid, e.get("params") or {})
        sep = "；" if lang == "zh" else "; "
        colon = "：" if lang == "zh" else ": "
        shown = sep.join(
            f"{names.param_name(aid, k)}{colon}{names.value(aid, k, v)}" for k, v in params.items()
        )
        extra = (f"（{shown}）" if lang == "zh" else f" ({shown})") if shown else ""
        return tr(
            "ev_action", lang, role=names.role(e.get("by")), action=names.action(aid), params=extra
        )
    if kind == "refused":
        reason = next(refusals, None)
        role, action = names.role(e.get("by")), names.action(e.get("action"))
        if reason:
            return tr("ev_refused", lang, role=role, action=action, reason=reason.get(lang, ""))
        return tr("ev_refused_plain", lang, role=role, action=action)
    if kind == "milestone":
        return tr("ev_milestone", lang, name=milestone_label(str(e.get("name")), lang))
    if kind == "dispatch":
        return tr("ev_dispatch", lang, responder=names.responder(e.get("responder")))
    if kind == "arrival":
        key = "ev_arrival" if e.get("guided", True) else "ev_arrival_lost"
        return tr(key, lang, responder=names.responder(e.get("responder")))
    if kind == "report":
        return tr(
            "ev_report", lang, action=names.action(e.get("id")), count=len(e.get("elements") or [])
        )
    if kind == "headcount":
        return tr(
            "ev_headcount",
            lang,
            expected=e.get("expected", "?"),
            present=e.get("present", "?"),
            missing=e.get("missing", "?"),
        )
    if kind == "harm":
        outcome = tr(
            "ev_harm_casualty" if e.get("outcome") == "casualty" else "ev_harm_injured", lang
        )
        return tr("ev_harm", lang, people=e.get("people", "?"), outcome=outcome)
    if kind == "alarm_silenced":
        return tr("ev_alarm_silenced", lang, people=e.get("people", "?"))
    if kind == "sent_back":
        return tr("ev_sent_back", lang, people=e.get("people", "?"), to=names.node(e.get("to")))
    if kind == "structure_disturbed":
        return tr("ev_structure_disturbed", lang)
    if kind == "overcome":
        return tr("ev_overcome", lang, people=e.get("people", "?"))
    if kind == "action_failed":
        return tr(
            "ev_action_failed", lang, role=names.role(e.get("by")), action=names.action(e.get("id"))
        )
    if kind == "unsafe":
        return tr("ev_unsafe", lang, role=names.role(e.get("by")))
    if kind == "untenable":
        nodes = [names.node(n) for n in (e.get("nodes") or [])]
        more = len(nodes) - 4
        shown = ("、" if lang == "zh" else ", ").join(nodes[:4]) + (f" +{more}" if more > 0 else "")
        return tr("ev_untenable", lang, nodes=shown)
    if kind == "prompt_expired":
        return tr("ev_prompt_expired", lang, inject=names.inject(e.get("inject")))
    if kind == "control":
        action = str(e.get("action"))
        if action in ("pause", "resume", "end"):
            return tr(f"ev_control_{action}", lang)
        if action == "speed":
            return tr("ev_control_speed", lang, speed=e.get("speed"))
        return tr("ev_control", lang, action=action)
    if kind == "rescued":
        return tr("ev_rescued", lang, where=names.node(e.get("node")))
    if kind == "source_isolated":
        return tr("ev_source_isolated", lang)
    if kind == "explosion":
        return tr("ev_explosion", lang)
    return None
