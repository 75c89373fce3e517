"""Loading and checking scenario files, with every problem at its ``file:line:col``.

``load_scenario(path)`` returns a validated, frozen :class:`~sim.scenario.Scenario` or
raises :class:`ScenarioError` holding every problem found, each in plain language from the
zh/en catalogue (:mod:`sim.i18n`). Nothing here lets an exception other than
``ScenarioError`` escape for bad input.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeGuard, get_args, get_origin

from pydantic import BaseModel, ValidationError

from sim.blocks import expand_blocks
from sim.bounded import ReadError, read_regular
from sim.events import ENGINE_MILESTONES, parse_event_ref
from sim.hazards.specs import MILESTONES
from sim.i18n import OrList, Phrase, WithHint, has
from sim.safetext import control_chars, terminal
from sim.scenario import Scenario
from sim.sfpe import D_JAM_PERSONS_M2
from sim.text import Lang
from sim.yamlsafe import MAX_BYTES, Document, RawProblem, decode, read_yaml

DataPath = tuple[str | int, ...]

NAME_KEYS = frozenset({"id", "name", "title", "label", "unit", "to", "from", "node", "by"})
"""Keys whose text is an id or a name shown in one line (a title bar, a list, a menu)."""


@dataclass(frozen=True)
class Problem:
    """One problem in a file, at a 1-based line and column."""

    file: str
    line: int
    col: int
    phrase: Phrase

    @property
    def key(self) -> str:
        """The catalogue key of the message (stable, for tests and tools)."""
        return self.phrase.key

    def message(self, lang: Lang) -> str:
        """The plain-language message in ``lang``."""
        return self.phrase.render(lang)

    def format(self, lang: Lang) -> str:
        """``FILE:LINE:COL: message``, safe to print: a value echoed from the file cannot
        carry a terminal escape (sim.safetext)."""
        return terminal(f"{self.file}:{self.line}:{self.col}: {self.message(lang)}")


class ScenarioError(Exception):
    """A scenario file that cannot be used, with all of its problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].format("en") if problems else "invalid scenario")
        self.problems = problems

    def format(self, lang: Lang) -> str:
        """Every problem, one per line."""
        return "\n".join(p.format(lang) for p in self.problems)


@dataclass
class Checked:
    """The outcome of checking one file: a scenario, or the problems that stop it."""

    scenario: Scenario | None
    problems: list[Problem] = field(default_factory=list)


def load_scenario(path: str | os.PathLike[str], display: str | None = None) -> Scenario:
    """Read, parse and check a scenario file; raise :class:`ScenarioError` on any problem."""
    checked = check_file(path, display)
    if checked.scenario is None:
        raise ScenarioError(checked.problems)
    return checked.scenario


def check_file(path: str | os.PathLike[str], display: str | None = None) -> Checked:
    """Check a scenario file and return the scenario or every problem found."""
    name = display if display is not None else os.fspath(path)
    try:
        raw = read_regular(path, MAX_BYTES)
    except ReadError as exc:
        return Checked(None, [Problem(name, 1, 1, read_phrase(exc))])
    return check_bytes(raw, name)


def read_phrase(exc: ReadError) -> Phrase:
    """A refused read as the loader's phrase (the file is named by the Problem)."""
    if exc.key == "in_folder":
        return Phrase("not_a_file")
    if exc.key == "in_too_large":
        return Phrase("file_too_large", **exc.args_)
    return Phrase(exc.key, **exc.args_)


def check_bytes(raw: bytes, name: str) -> Checked:
    """Check scenario file content given as bytes."""
    if len(raw) > MAX_BYTES:
        return Checked(
            None, [Problem(name, 1, 1, Phrase("file_too_large", size=len(raw), limit=MAX_BYTES))]
        )
    text, raw_problems = decode(raw)
    if text is None:
        return Checked(None, [_from_raw(name, p) for p in raw_problems])
    return check_text(text, name)


def check_text(text: str, name: str) -> Checked:
    """Check scenario file content given as text."""
    doc, raw_problems = read_yaml(text)
    problems = [_from_raw(name, p) for p in raw_problems]
    if doc is None:
        return Checked(None, problems)
    if not isinstance(doc.data, dict):
        line, col = doc.mark(())
        return Checked(None, [*problems, Problem(name, line + 1, col + 1, Phrase("not_a_mapping"))])
    unexpanded = expand_blocks(doc.data, doc.marks)
    scenario: Scenario | None = None
    later: list[Problem] = []
    try:
        scenario = Scenario.model_validate(doc.data)
    except ValidationError as exc:
        later.extend(_validation_problems(exc, doc, name))
    except (ValueError, TypeError, OverflowError) as exc:  # pragma: no cover - defensive
        later.append(Problem(name, 1, 1, Phrase("invalid_value", detail=str(exc))))
    checker = _Semantics(doc, name, scenario)
    checker.unexpanded = unexpanded
    checker.run()
    later.extend(checker.problems)
    # A value whose tag was refused reads as null; saying so again would only repeat it.
    refused = {(p.line, p.col) for p in problems if p.key == "tag_refused"}
    problems.extend(p for p in later if (p.line, p.col) not in refused)
    problems = _dedupe(problems)
    if problems:
        return Checked(None, problems)
    return Checked(scenario, [])


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[int, int, Phrase]] = set()
    out: list[Problem] = []
    for p in problems:
        k = (p.line, p.col, p.phrase)
        if k not in seen:
            seen.add(k)
            out.append(p)
    out.sort(key=lambda p: (p.line, p.col))
    return out


def _from_raw(name: str, p: RawProblem) -> Problem:
    return Problem(name, p.line + 1, p.col + 1, Phrase(p.key, **p.args))


# --- pydantic errors into plain language ------------------------------------------------

_TYPE_KIND = {
    "string_type": "kind_text",
    "int_type": "kind_number",
    "int_parsing": "kind_number",
    "int_from_float": "kind_number",
    "float_type": "kind_number",
    "float_parsing": "kind_number",
    "bool_type": "kind_bool",
    "bool_parsing": "kind_bool",
    "list_type": "kind_list",
    "dict_type": "kind_mapping",
    "model_type": "kind_mapping",
    "model_attributes_type": "kind_mapping",
}


@dataclass
class _Err:
    path: DataPath
    type: str
    ctx: dict[str, Any]
    input: Any
    loc: tuple[str | int, ...]
    branched: bool
    missing: str | None = None


def _walk_loc(data: Any, loc: tuple[str | int, ...], err_type: str) -> _Err:
    path: list[str | int] = []
    cur = data
    branched = False
    missing: str | None = None
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        found, child = _step(cur, part)
        if found:
            path.append(part)
            cur = child
        elif last and err_type == "missing" and isinstance(part, str):
            missing = part
        else:
            branched = True
    return _Err(tuple(path), err_type, {}, None, loc, branched, missing)


def _found(value: Any, raw: str | None) -> Phrase:
    if isinstance(value, bool):
        return Phrase("found_bool", value=raw if raw is not None else str(value).lower())
    if isinstance(value, (int, float)):
        return Phrase("found_number", value=raw if raw is not None else value)
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return Phrase("found_text", value=short)
    if value is None:
        return Phrase("found_null")
    if isinstance(value, list):
        return Phrase("kind_list")
    if isinstance(value, dict):
        return Phrase("kind_mapping")
    return Phrase("found_text", value=str(value))


def _choices(ctx: dict[str, Any], key: str = "expected") -> list[str]:
    """The allowed values pydantic lists as "'a', 'b' or 'c'" (numbers come unquoted)."""
    expected = str(ctx.get(key, ""))
    return [
        m.group(1) if m.group(1) is not None else m.group(2)
        for m in re.finditer(r"'([^']*)'|([^\s,']+)", expected)
        if m.group(0) != "or"
    ]


_BASE60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
"""YAML 1.1 base-60 numbers: unquoted clock times such as 10:05 (read as 605)."""


def _number_text(value: Any) -> Any:
    """A limit as a trainer would write it: 0 rather than 0.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _non_finite(value: Any) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def _suggest(value: str, options: list[str]) -> Phrase | str:
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return Phrase("did_you_mean", suggest=close[0]) if close else ""


def _unwrap(tp: Any) -> Any:
    while get_origin(tp) is typing.Annotated:
        tp = get_args(tp)[0]
    return tp


def _union_members(tp: Any) -> list[Any]:
    origin = get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        return [_unwrap(a) for a in get_args(tp)]
    return [tp]


def _model_fields_at(loc: tuple[str | int, ...]) -> list[str]:
    """Field names (as written in YAML) of the model that the error location points into."""
    tp = _unwrap(_type_at(loc))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [f.alias or n for n, f in tp.model_fields.items()]
    return []


def _variant_tags(loc: tuple[str | int, ...], field_name: str) -> list[str]:
    """The values of ``field_name`` that pick a member of the union at ``loc``."""
    tags: list[str] = []
    for member in _union_members(_unwrap(_type_at(loc))):
        if isinstance(member, type) and issubclass(member, BaseModel):
            finfo = member.model_fields.get(field_name)
            lit = _unwrap(finfo.annotation) if finfo is not None else None
            if get_origin(lit) is typing.Literal:
                tags.extend(str(a) for a in get_args(lit))
    return tags


def _type_at(loc: tuple[str | int, ...]) -> Any:
    """The annotation of the value at a pydantic error location, or None if unknown."""
    tp: Any = Scenario
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            found = None
            for fname, finfo in tp.model_fields.items():
                if part in (fname, finfo.alias):
                    found = finfo.annotation
                    break
            if found is None:
                return None
            tp = found
            continue
        origin = get_origin(tp)
        if origin is list and isinstance(part, int):
            tp = get_args(tp)[0]
        elif origin is dict and isinstance(part, str):
            tp = get_args(tp)[1]
        else:
            members = _union_members(tp)
            pick = None
            for m in members:
                if isinstance(m, type) and issubclass(m, BaseModel):
                    names = {m.__name__}
                    for f in m.model_fields.values():
                        lit = _unwrap(f.annotation)
                        if get_origin(lit) is typing.Literal:
                            names.update(str(a) for a in get_args(lit))
                    if part in names:
                        pick = m
                        break
            if pick is None:
                return None
            tp = pick
    return tp


def _phrase_for(err: _Err, doc: Document) -> Phrase:
    raw = doc.raw.get(err.path)
    value = err.input
    t = err.type
    ctx = err.ctx
    if t == "missing":
        return Phrase("missing_field", field=err.missing or "?")
    if t == "extra_forbidden":
        name = str(err.path[-1]) if err.path else "?"
        split = _split_text(doc, err.path)
        if split is not None:
            return Phrase("text_comma", field=name, text=split)
        options = _model_fields_at(err.loc[:-1])
        return _unknown(name, options)
    if _non_finite(value) and t not in ("string_type", "int_type", "int_from_float"):
        return Phrase("not_finite")
    if t == "string_type":
        base60 = raw is not None and _BASE60.match(raw) is not None
        if isinstance(value, int) and not isinstance(value, bool) and base60:
            return Phrase("expected_text_got_base60", raw=raw, value=value)
        if isinstance(value, bool) and raw is not None:
            return Phrase("expected_text_got_bool", raw=raw, value=str(value).lower())
        if isinstance(value, (int, float)) and raw is not None:
            return Phrase("expected_text_got_number", raw=raw)
        return Phrase("expected_text", found=_found(value, raw))
    if t in ("int_type", "int_parsing", "int_from_float"):
        return Phrase("expected_int", found=_found(value, raw))
    if t in ("float_type", "float_parsing"):
        return Phrase("expected_number", found=_found(value, raw))
    if t == "finite_number":
        return Phrase("not_finite")
    if t in ("bool_type", "bool_parsing"):
        return Phrase("expected_bool", found=_found(value, raw))
    if t == "list_type":
        return Phrase("expected_list", found=_found(value, raw))
    if t in ("dict_type", "model_type", "model_attributes_type"):
        return Phrase("expected_mapping", found=_found(value, raw))
    if t in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        key = {"greater_than": "gt", "greater_than_equal": "ge", "less_than": "lt"}.get(t, "le")
        limit = _number_text(ctx.get(key))
        return Phrase(f"must_be_{key}", limit=limit)
    if t == "literal_error":
        options = _choices(ctx)
        shown = raw if raw is not None else value
        hint = _suggest(str(shown), options)
        return _with_hint(Phrase("not_one_of", value=shown, expected=", ".join(options)), hint)
    if t == "string_pattern_mismatch":
        last = err.path[-1] if err.path else ""
        if last == "start_clock":
            return Phrase("bad_clock", value=raw if raw is not None else value)
        if ctx.get("pattern", "").startswith("^[A-Za-z0-9]"):
            return Phrase("bad_id", value=value)
        return Phrase("bad_format", value=value)
    if t == "string_too_long":
        return Phrase("too_long", limit=ctx.get("max_length"))
    if t == "too_short":
        return Phrase("too_short", limit=ctx.get("min_length"))
    if t == "too_long":
        return Phrase("too_many", limit=ctx.get("max_length"))
    if t == "union_tag_invalid":
        options = _choices(ctx, "expected_tags")
        tag = str(ctx.get("tag", value))
        base = Phrase(
            "unknown_variant",
            value=tag,
            field=ctx.get("discriminator", "").strip("'"),
            expected=", ".join(options),
        )
        return _with_hint(base, _suggest(tag, options))
    if t == "union_tag_not_found":
        field_name = str(ctx.get("discriminator", "")).strip("'")
        tags = _variant_tags(err.loc, field_name)
        return Phrase("missing_variant", field=field_name, expected=", ".join(tags))
    if t == "value_error":
        code = str(ctx.get("error", ""))
        if has(code):
            return Phrase(code)
        return Phrase("invalid_value", detail=code)
    return Phrase("invalid_value", detail=t)


def _split_text(doc: Document, path: DataPath) -> str | None:
    """The whole text when an unknown key is the tail of a text cut by a comma.

    In ``{en: Evacuate west, away from the fire}`` YAML ends the text at the comma and
    reads ``away from the fire`` as a key without a value; the text meant is the value
    before it, a comma, and the key.
    """
    if not path:
        return None
    parent = _get(doc.data, path[:-1])
    if not isinstance(parent, dict) or parent.get(path[-1], "") is not None:
        return None
    keys = list(parent)
    i = keys.index(path[-1])
    if i == 0 or not isinstance(parent[keys[i - 1]], str):
        return None
    return f"{parent[keys[i - 1]]}, {path[-1]}"


def _unknown(name: str, options: list[str]) -> Phrase:
    return _with_hint(Phrase("unknown_field", field=name), _suggest(name, options))


def _with_hint(base: Phrase, hint: Phrase | str) -> Phrase:
    if isinstance(hint, Phrase):
        return WithHint(base, hint)
    return base


def _validation_problems(exc: ValidationError, doc: Document, name: str) -> list[Problem]:
    errs: list[_Err] = []
    for e in exc.errors(include_url=False):
        err = _walk_loc(doc.data, tuple(e["loc"]), e["type"])
        err.ctx = dict(e.get("ctx") or {})
        err.input = e.get("input")
        errs.append(err)
    # Union members that were not meant: a mapping given for a text field means the
    # {zh, en} form; a scalar means the plain form.
    kept: list[_Err] = []
    for err in errs:
        if err.branched and err.type in _TYPE_KIND and err.missing is None:
            deeper = [
                o
                for o in errs
                if o is not err
                and o.path[: len(err.path)] == err.path
                and (len(o.path) > len(err.path) or o.missing is not None)
            ]
            if deeper and isinstance(_get(doc.data, err.path), (dict, list)):
                continue
        kept.append(err)
    # An unknown field that is a misspelling of a missing required one is one mistake.
    misspelt: set[tuple[DataPath, str]] = set()
    for err in kept:
        if err.type == "extra_forbidden" and err.path:
            close = difflib.get_close_matches(
                str(err.path[-1]), _model_fields_at(err.loc[:-1]), n=1, cutoff=0.6
            )
            if close:
                misspelt.add((err.path[:-1], close[0]))
    kept = [e for e in kept if e.missing is None or (e.path, e.missing) not in misspelt]
    by_path: dict[DataPath, list[_Err]] = {}
    for err in kept:
        by_path.setdefault(err.path + ((err.missing,) if err.missing else ()), []).append(err)
    problems: list[Problem] = []
    for path, group in by_path.items():
        type_errs = [g for g in group if g.type in _TYPE_KIND and g.missing is None]
        if len(type_errs) > 1:
            first = type_errs[0]
            value = first.input
            raw = doc.raw.get(first.path)
            kinds = {_TYPE_KIND[g.type] for g in type_errs}
            if "string_type" in {g.type for g in type_errs} and (
                isinstance(value, (bool, int, float)) and raw is not None
            ):
                phrase = _phrase_for(next(g for g in type_errs if g.type == "string_type"), doc)
            elif kinds == {"kind_text", "kind_mapping"}:
                phrase = Phrase("expected_localized", found=_found(value, raw))
            else:
                expected = OrList([Phrase(k) for k in sorted(kinds)])
                phrase = Phrase(
                    "expected_one_of_types", expected=expected, found=_found(value, raw)
                )
            group = [first] + [g for g in group if g not in type_errs]
            phrases = [(first, phrase)] + [(g, _phrase_for(g, doc)) for g in group[1:]]
        else:
            phrases = [(g, _phrase_for(g, doc)) for g in group]
        for g, phrase in phrases:
            if g.type == "extra_forbidden":
                line, col = doc.key_mark(g.path)
            elif g.missing is not None:
                line, col = doc.key_mark(g.path) if g.path else doc.mark(())
            else:
                line, col = doc.mark(g.path)
            problems.append(Problem(name, line + 1, col + 1, phrase))
        del path
    return problems


def _step(cur: Any, part: str | int) -> tuple[bool, Any]:
    """The child of ``cur`` at ``part``, if the data has one."""
    if isinstance(cur, dict) and isinstance(part, str) and part in cur:
        return True, cur[part]
    if isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
        return True, cur[part]
    return False, None


def _get(data: Any, path: DataPath) -> Any:
    cur = data
    for p in path:
        found, cur = _step(cur, p)
        if not found:
            return None
    return cur


# --- meaning: references, uniqueness, reachability -----------------------------------


class _Semantics:
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
        seq = _get(self.data, path)
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
        if _non_finite(value):
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
        dflt = _get(self.data, ("site", "default_assembly"))
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
                        area=_number_text(area),
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
            model = _get(self.data, ("hazard", "model"))
            model = model if isinstance(model, str) and model in MILESTONES else "none"
            known = (*ENGINE_MILESTONES, *MILESTONES[model])
            if name not in known:
                base = Phrase(
                    "unknown_milestone", model=model, name=name, expected=", ".join(known)
                )
                self.add(path, _with_hint(base, _suggest(name, list(known))))

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
            key = act.get("key")
            if isinstance(key, str) and key:
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


def _num(value: Any) -> TypeGuard[float]:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )
