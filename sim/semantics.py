"""What a scenario file means, checked after its shape: references between ids, unique ids,
reachable places and exits, names fit for one line, and the blocks it uses.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator
from typing import Any, TypeGuard

from sim.events import ENGINE_MILESTONES, parse_event_ref
from sim.hazards.specs import MILESTONES
from sim.hotkeys import RESERVED_KEYS, SHORT_MAX_CELLS
from sim.i18n import Phrase
from sim.linebreak import cell_width
from sim.plain_errors import get_at, non_finite, number_text, suggest, with_hint
from sim.problems import DataPath, Problem
from sim.safetext import control_chars, terminal
from sim.scenario import Scenario
from sim.sfpe import D_JAM_PERSONS_M2
from sim.yamlsafe import Document

NAME_KEYS = frozenset({"id", "name", "title", "label", "unit", "to", "from", "node", "by"})
"""Keys whose text is an id or a name shown in one line (a title bar, a list, a menu)."""


class Semantics:
    """Checks beyond types, run on the raw data so they work even when types are wrong."""

    def __init__(self, doc: Document, name: str, scenario: Scenario | None) -> None:
        self.doc = doc
        self.name = name
        self.data: dict[str, Any] = doc.data
        self.scenario = scenario
        self.problems: list[Problem] = []
        self.ids: dict[str, dict[str, int]] = {}
        self.unexpanded: set[str] = set()
        """Ids of blocks that could not be expanded ('' when any could not)."""

    def add(self, path: DataPath, phrase: Phrase, *, key: bool = False) -> None:
        line, col = self.doc.key_mark(path) if key else self.doc.mark(path)
        self.problems.append(Problem(self.name, line + 1, col + 1, phrase))

    def items(self, *path: str | int) -> Iterator[tuple[DataPath, dict[str, Any]]]:
        seq = get_at(self.data, path)
        if isinstance(seq, list):
            for i, item in enumerate(seq):
                if isinstance(item, dict):
                    yield (*path, i), item

    def run(self) -> None:
        site = self.data.get("site")
        if isinstance(site, dict) and site.get("nodes") == [] and not self.unexpanded:
            self.add(("site",), Phrase("no_places"), key=True)
        self._unique("node", ("site", "nodes"))
        self._unique("role", ("roles",))
        self._unique("group", ("population",))
        self._unique("responder", ("responders",))
        self._unique("inject", ("injects",))
        self._unique("action", ("actions",))
        self._unique("expectation", ("expectations",))
        self._unique("checklist_item", ("checklist",))
        self._edges()
        self._population()
        self._responders()
        self._injects()
        self._actions()
        self._expectations()
        self._checklist()
        self._hazard()
        self._finite(self.data, ())
        self._names(self.data, ())

    def _names(self, value: Any, path: DataPath) -> None:
        """Ids and names (what lists, titles, map labels and menus show in one line) may not
        hold control, escape or bidirectional formatting characters (docs/security.md)."""
        if isinstance(value, dict):
            for k, v in value.items():
                child = (*path, k)
                if k in NAME_KEYS:
                    self._name_text(v, child, k)
                self._names(v, child)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self._names(v, (*path, i))

    def _name_text(self, value: Any, path: DataPath, what: str) -> None:
        texts: list[tuple[DataPath, Any]] = [(path, value)]
        if isinstance(value, dict):
            texts = [((*path, k), v) for k, v in value.items() if k in ("zh", "en")]
        for p, text in texts:
            if isinstance(text, str) and (found := control_chars(text)):
                self.add(
                    p,
                    Phrase(
                        "control_char",
                        what=what,
                        value=terminal(text)[:60],
                        chars=", ".join(dict.fromkeys(found)),
                    ),
                )

    def _finite(self, value: Any, path: DataPath) -> None:
        """YAML reads .nan and .inf as numbers; no figure in a scenario may be one."""
        if non_finite(value):
            self.add(path, Phrase("not_finite"))
        elif isinstance(value, dict):
            for k, v in value.items():
                self._finite(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self._finite(v, (*path, i))

    def _unique(self, what: str, path: DataPath) -> None:
        seen: dict[str, int] = {}
        for item_path, item in self.items(*path):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                self.add((*item_path, "id"), Phrase("duplicate_id", id=ident, line=seen[ident]))
            else:
                seen[ident] = self.doc.mark((*item_path, "id"))[0] + 1
        self.ids[what] = seen

    def _ref(self, what: str, path: DataPath, value: Any) -> bool:
        if not isinstance(value, str):
            return False
        known = self.ids.get(what, {})
        if value in known:
            return True
        if what == "node" and any(value.startswith(f"{b}.") for b in self.unexpanded if b):
            return False  # a place of a block that has problems of its own
        options = list(known)
        close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
        hint: Phrase | str = Phrase("did_you_mean", suggest=close[0]) if close else ""
        self.add(path, Phrase("unknown_ref", id=value, what=Phrase(f"what_{what}"), hint=hint))
        return False

    def _node_kind(self, node_id: str) -> str | None:
        for _, item in self.items("site", "nodes"):
            if item.get("id") == node_id:
                kind = item.get("kind")
                return kind if isinstance(kind, str) else None
        return None

    def _edges(self) -> None:
        for path, edge in self.items("site", "edges"):
            a, b = edge.get("from"), edge.get("to")
            ok_a = self._ref("node", (*path, "from"), a)
            ok_b = self._ref("node", (*path, "to"), b)
            if ok_a and ok_b and a == b:
                self.add((*path, "to"), Phrase("self_loop", node=a))
        dflt = get_at(self.data, ("site", "default_assembly"))
        if dflt is not None:
            self._ref("node", ("site", "default_assembly"), dflt)

    def _reachable_from_safe(self) -> tuple[set[str], set[str]]:
        """Safe nodes (exits, assembly points) and every node connected to one."""
        kinds: dict[str, Any] = {}
        for _, node in self.items("site", "nodes"):
            if isinstance(node.get("id"), str):
                kinds[node["id"]] = node.get("kind")
        links: dict[str, list[str]] = {n: [] for n in kinds}
        for _, edge in self.items("site", "edges"):
            a, b = edge.get("from"), edge.get("to")
            if isinstance(a, str) and isinstance(b, str) and a in links and b in links:
                links[a].append(b)
                links[b].append(a)
        safe = {n for n, k in kinds.items() if k in ("exit", "assembly")}
        reach = set(safe)
        frontier = list(safe)
        while frontier:
            n = frontier.pop()
            for m in links[n]:
                if m not in reach:
                    reach.add(m)
                    frontier.append(m)
        return safe, reach

    def _population(self) -> None:
        safe, reach = self._reachable_from_safe()
        occupied = False
        for path, group in self.items("population"):
            node = group.get("node")
            if self._ref("node", (*path, "node"), node):
                count = group.get("count")
                if isinstance(count, int) and count > 0 and group.get("casualty") is None:
                    occupied = True
                    if safe and node not in reach:
                        self.add((*path, "node"), Phrase("unreachable", node=node))
            if group.get("destination") is not None:
                self._ref("node", (*path, "destination"), group.get("destination"))
            pm = group.get("premovement")
            if isinstance(pm, dict) and _num(pm.get("max_s")):
                low_key = "value_s" if pm.get("dist") == "fixed" else "min_s"
                lo, hi = pm.get(low_key), pm["max_s"]
                if _num(lo) and lo > hi:
                    key = "value_above_max" if low_key == "value_s" else "min_above_max"
                    self.add((*path, "premovement", low_key), Phrase(key, min=lo, max=hi))
        if occupied and not safe and self.ids.get("node"):
            self.add(("site", "nodes"), Phrase("no_exit"), key=True)
        self._capacity()

    def _capacity(self) -> None:
        """No place may start with more people than can stand in it: the SFPE jam density
        1/a ≈ 3.76 persons/m² (SFPE Handbook ch. 59), at which a crowd cannot move."""
        people: dict[str, int] = {}
        first: dict[str, DataPath] = {}
        for path, group in self.items("population"):
            node, count = group.get("node"), group.get("count")
            if isinstance(node, str) and isinstance(count, int) and not isinstance(count, bool):
                people[node] = people.get(node, 0) + count
                first.setdefault(node, (*path, "count"))
        for _, node in self.items("site", "nodes"):
            nid, area = node.get("id"), node.get("area_m2", 20.0)
            if nid not in people or not _num(area) or area <= 0:
                continue
            count = people[nid]
            if count / area > D_JAM_PERSONS_M2:
                self.add(
                    first[nid],
                    Phrase(
                        "over_capacity",
                        node=nid,
                        count=count,
                        area=number_text(area),
                        density=round(count / area, 1),
                        jam=round(D_JAM_PERSONS_M2, 2),
                        need=math.ceil(count / D_JAM_PERSONS_M2),
                    ),
                )

    def _responders(self) -> None:
        for path, resp in self.items("responders"):
            self._ref("node", (*path, "origin"), resp.get("origin"))
            self._ref("node", (*path, "destination"), resp.get("destination"))

    def _event(self, path: DataPath, value: Any) -> None:
        if not isinstance(value, str):
            return
        parsed = parse_event_ref(value)
        if parsed is None:
            self.add(path, Phrase("bad_event_ref", value=value))
            return
        kind, name = parsed
        if kind in ("action", "unsafe"):
            self._ref("action", path, name)
        elif kind == "inject":
            self._ref("inject", path, name)
        elif kind == "arrival":
            self._ref("responder", path, name)
        elif kind == "milestone":
            model = get_at(self.data, ("hazard", "model"))
            model = model if isinstance(model, str) and model in MILESTONES else "none"
            known = (*ENGINE_MILESTONES, *MILESTONES[model])
            if name not in known:
                base = Phrase(
                    "unknown_milestone", model=model, name=name, expected=", ".join(known)
                )
                self.add(path, with_hint(base, suggest(name, list(known))))

    def _injects(self) -> None:
        duration = self.data.get("duration_s")
        for path, inj in self.items("injects"):
            at, after, on = inj.get("at_s"), inj.get("after"), inj.get("on")
            if after is not None and on is not None:
                self.add((*path, "on"), Phrase("inject_after_and_on"), key=True)
            elif (at is None) == (after is None and on is None):
                self.add(path, Phrase("inject_when"))
            if _num(at) and _num(duration) and 0 < duration < at:
                self.add((*path, "at_s"), Phrase("inject_after_end", at=at, end=duration))
            self._event((*path, "after"), after)
            self._event((*path, "on"), on)
            if inj.get("to") is not None:
                self._ref("role", (*path, "to"), inj.get("to"))
            elif inj.get("prompt") is True:
                self.add((*path, "prompt"), Phrase("prompt_needs_role"))
            if inj.get("expects") is not None:
                self._ref("action", (*path, "expects"), inj.get("expects"))

    def _actions(self) -> None:
        keys: dict[str, str] = {}
        for path, act in self.items("actions"):
            roles = act.get("roles")
            if isinstance(roles, list):
                for i, r in enumerate(roles):
                    self._ref("role", (*path, "roles", i), r)
            if act.get("node") is not None:
                self._ref("node", (*path, "node"), act.get("node"))
            sends = act.get("sends")
            if isinstance(sends, dict):
                for end in ("from", "to"):
                    if sends.get(end) is not None:
                        self._ref("node", (*path, "sends", end), sends[end])
            req = act.get("requires")
            if isinstance(req, list):
                for i, r in enumerate(req):
                    self._ref("action", (*path, "requires", i), r)
            self._short(path, act)
            key = act.get("key")
            if isinstance(key, str) and key in RESERVED_KEYS:
                self.add((*path, "key"), Phrase("key_reserved", key=_key_name(key)))
            elif isinstance(key, str) and key:
                if key in keys:
                    self.add(
                        (*path, "key"), Phrase("duplicate_key_binding", key=key, other=keys[key])
                    )
                else:
                    keys[key] = str(act.get("id"))
            params = act.get("params")
            if isinstance(params, dict):
                for pname, spec in params.items():
                    if not isinstance(spec, dict):
                        continue
                    if spec.get("type") in ("choice", "multi") and not spec.get("choices"):
                        self.add((*path, "params", pname, "type"), Phrase("choices_needed"))
                    if spec.get("type") == "node" and isinstance(spec.get("default"), str):
                        self._ref("node", (*path, "params", pname, "default"), spec["default"])

    def _short(self, path: DataPath, act: dict[str, Any]) -> None:
        """The text the actions panel shows for an action, its short label or else its
        whole label (``action.short or action.label``), fits a column of the panel: at most
        :data:`sim.hotkeys.SHORT_MAX_CELLS` terminal cells in each language (a Chinese
        character takes two, as a terminal draws them, ``sim.linebreak.cell_width``). A label
        wider than that in some language needs a ``short``."""
        short = act.get("short")
        field = "short" if short is not None else "label"
        shown = short if short is not None else act.get("label")
        texts: list[tuple[DataPath, str, str]] = []
        if isinstance(shown, str):
            texts = [((*path, field), "both", shown)]
        elif isinstance(shown, dict):
            texts = [
                ((*path, field, lang), lang, text)
                for lang, text in shown.items()
                if lang in ("zh", "en") and isinstance(text, str)
            ]
        for where, lang, text in texts:
            width = cell_width(terminal(text))
            if width <= SHORT_MAX_CELLS:
                continue
            said = {"action": str(act.get("id")), "width": width, "most": SHORT_MAX_CELLS}
            if lang == "both":
                self.add(where, Phrase(f"{field}_too_wide", **said))
            else:
                self.add(
                    where,
                    Phrase(f"{field}_too_wide_in", lang=Phrase(f"short_lang_{lang}"), **said),
                )

    def _action_params(self, action_id: str) -> set[str] | None:
        for _, act in self.items("actions"):
            if act.get("id") == action_id:
                names: set[str] = set()
                for key in ("params", "fixed"):
                    if isinstance(act.get(key), dict):
                        names |= set(act[key])
                return names
        return None

    def _expectations(self) -> None:
        for path, exp in self.items("expectations"):
            action, event, one_of = exp.get("action"), exp.get("event"), exp.get("one_of")
            if [action, event, one_of].count(None) != 2:
                self.add(path, Phrase("expectation_what"))
            if exp.get("before") is not None:
                self._event((*path, "before"), exp.get("before"))
            meeting: list[tuple[DataPath, Any]] = []
            if action is not None:
                meeting.append(((*path, "action"), action))
            if isinstance(one_of, list):
                meeting += [((*path, "one_of", i), a) for i, a in enumerate(one_of)]
            for apath, act in meeting:
                if not self._ref("action", apath, act):
                    continue
                names = self._action_params(act) or set()
                for cpath, check in self.items(*path, "checks"):
                    param = check.get("param")
                    if isinstance(param, str) and param not in names:
                        self.add(
                            (*cpath, "param"),
                            Phrase("param_not_in_action", action=act, param=param),
                        )
            if event is not None:
                self._event((*path, "event"), event)
            self._event((*path, "starts_on"), exp.get("starts_on"))
            target, limit = exp.get("target_s"), exp.get("limit_s")
            if _num(target) and _num(limit) and target > limit:
                self.add(
                    (*path, "target_s"), Phrase("target_after_limit", target=target, limit=limit)
                )
            penalty = exp.get("penalty")
            if exp.get("harmful") is True and not (_num(penalty) and penalty > 0):
                self.add((*path, "harmful"), Phrase("harmful_needs_penalty"))

    def _checklist(self) -> None:
        for path, item in self.items("checklist"):
            covers = item.get("covers")
            if isinstance(covers, list):
                for i, ref in enumerate(covers):
                    self._ref("expectation", (*path, "covers", i), ref)
            if not covers and not item.get("outcomes"):
                self.add((*path, "id"), Phrase("checklist_covers_nothing"))

    def _hazard(self) -> None:
        if self.scenario is None:
            return
        base: DataPath = ("hazard", "params")
        for rel, node_id in self.scenario.hazard.params.node_refs():
            self._ref("node", (*base, *rel), node_id)
        triggers = set(self.ids.get("action", {})) | set(self.ids.get("responder", {}))
        for rel, trigger in self.scenario.hazard.params.trigger_refs():
            if trigger not in triggers:
                close = difflib.get_close_matches(trigger, sorted(triggers), n=1, cutoff=0.6)
                hint: Phrase | str = Phrase("did_you_mean", suggest=close[0]) if close else ""
                self.add((*base, *rel), Phrase("unknown_trigger", id=trigger, hint=hint))


def _key_name(key: str) -> Phrase | str:
    """A key as a message names it: the space bar has no character to show, so it is named
    in the reader's language (catalogue entry ``key_space``)."""
    return Phrase("key_space") if key == " " else key


def _num(value: Any) -> TypeGuard[float]:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )
