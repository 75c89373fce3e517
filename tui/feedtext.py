"""Event-log entries as lines of the event feed, in Chinese or English.

Each kind the engine logs has a sentence in the catalogue (``sim.i18n.app``, keys
``feed_<kind>``); a kind added later (a hazard model's own events) gets a generic line with its
data, so the feed never fails on it. Milestones are named from the catalogue too, with the
same fallback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sim import Event, Lang, Phrase
from sim.i18n import has, milestone_label, tr
from tui.names import Names, floor_label

Style = str

BAD_MILESTONES = frozenset(
    {"first_casualty", "ignition", "explosion", "flashover", "secondary_collapse"}
)
"""Milestones that mean the accident got worse (shown in red)."""

STYLES: dict[str, Style] = {
    "start": "bold",
    "end": "bold",
    "inject": "bold yellow",
    "facilitator": "bold magenta",
    "control": "dim",
    "action": "cyan",
    "action_done": "green",
    "refused": "bold red",
    "milestone": "bold green",
    "dispatch": "blue",
    "en_route": "blue",
    "arrival": "bold blue",
    "responder_lost": "yellow",
    "responder_action": "blue",
    "report": "green",
    "headcount": "green",
    "swept": "green",
    "rescued": "green",
    "harm": "bold red",
    "overcome": "bold red",
    "sent_back": "bold red",
    "alarm_silenced": "bold red",
    "structure_disturbed": "bold red",
    "action_failed": "bold red",
    "untenable": "bold red",
    "unsafe": "bold red",
    "prompt_expired": "red",
    "start_moving": "dim",
    "stuck": "yellow",
}


@dataclass(frozen=True)
class FeedLine:
    """One line of the feed: when, how it looks and what it says."""

    t_s: float
    kind: str
    style: Style
    text: str


class EventText:
    """Turns log events into feed lines for one scenario."""

    def __init__(self, names: Names, clock: Callable[[float], str]) -> None:
        self.names = names
        self.clock = clock

    def line(self, event: Event, lang: Lang, reason: Phrase | None = None) -> FeedLine:
        """The feed line of one event (``reason``: a refusal's full reason, if known)."""
        d = event.data
        kind = event.kind
        style = STYLES.get(kind, "")
        try:
            text = self._text(kind, d, lang, reason)
        except (KeyError, TypeError, ValueError, IndexError):
            text = None
        if text is None:
            text = tr("feed_generic", lang, kind=kind, data=_data_text(d))
        if kind == "milestone" and str(d.get("name")) in BAD_MILESTONES:
            style = "bold red"
        return FeedLine(event.t_s, kind, style, text)

    def _text(
        self, kind: str, d: Mapping[str, Any], lang: Lang, reason: Phrase | None
    ) -> str | None:
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
            why = reason.render(lang) if reason is not None else str(d.get("reason", ""))
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
                to=str(d.get("to") or "-"),
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
                key, lang, people=d.get("people", 0), nodes=_join(nodes, lang), cause=d.get("cause")
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
                "feed_detector_alarm", lang, detector=d["detector"], level=d["level"], ppm=d["ppm"]
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
            return tr("feed_source_mitigated", lang, what=d["mitigation"], rate=d["rate_kg_s"])
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
        return None

    def _params(self, params: Mapping[str, Any], action_id: str, lang: Lang) -> str:
        """A short account of an action's parameters, for the feed."""
        action = self.names.scenario.index.actions.get(action_id)
        if action is None or not params:
            return ""
        parts = []
        for name, value in params.items():
            if name in action.fixed:
                continue
            spec = action.params.get(name)
            shown = param_value_text(action, name, value, self.names, lang)
            label = _label(spec.label, lang) if spec is not None else name
            parts.append(f"{label}：{shown}" if lang == "zh" else f"{label}: {shown}")
        if not parts:
            return ""
        sep = "；" if lang == "zh" else "; "
        return ("（" + sep.join(parts) + "）") if lang == "zh" else (" (" + sep.join(parts) + ")")


def param_value_text(action: Any, name: str, value: Any, names: Names, lang: Lang) -> str:
    """A parameter value as the form shows it (choice labels, place names, yes/no)."""
    from sim import localize

    spec = action.params.get(name)
    if spec is None:
        if name == "floor" and isinstance(value, int) and not isinstance(value, bool):
            return floor_label(value, lang)
        return str(value)
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


def _label(text: Any, lang: Lang) -> str:
    from sim import localize

    return localize(text, lang)


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
    from sim.i18n import has, tr

    out = tr("feed_control_resumed", lang)
    if skipped:
        reasons = []
        for sk in skipped:
            key, line = str(sk.get("reason", "")), sk.get("line")
            reasons.append(tr(key, lang, line=line) if has(key) else f"{line}: {key}")
        out += tr("feed_control_skipped", lang, n=len(skipped), what="; ".join(reasons))
    return out
