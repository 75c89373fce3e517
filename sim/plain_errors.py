"""The model's validation errors (pydantic) in plain language: each error walked back to the
value in the file and its position, and said as the catalogue says it (what was found,
what is allowed, the nearest valid name).
"""

from __future__ import annotations

import difflib
import math
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from sim.i18n import OrList, Phrase, WithHint, has
from sim.problems import DataPath, Problem
from sim.scenario import Scenario
from sim.yamlsafe import Document

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


def number_text(value: Any) -> Any:
    """A limit as a trainer would write it: 0 rather than 0.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def non_finite(value: Any) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def suggest(value: str, options: list[str]) -> Phrase | str:
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
    if non_finite(value) and t not in ("string_type", "int_type", "int_from_float"):
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
        limit = number_text(ctx.get(key))
        return Phrase(f"must_be_{key}", limit=limit)
    if t == "literal_error":
        options = _choices(ctx)
        shown = raw if raw is not None else value
        hint = suggest(str(shown), options)
        return with_hint(Phrase("not_one_of", value=shown, expected=", ".join(options)), hint)
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
        return with_hint(base, suggest(tag, options))
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
    parent = get_at(doc.data, path[:-1])
    if not isinstance(parent, dict) or parent.get(path[-1], "") is not None:
        return None
    keys = list(parent)
    i = keys.index(path[-1])
    if i == 0 or not isinstance(parent[keys[i - 1]], str):
        return None
    return f"{parent[keys[i - 1]]}, {path[-1]}"


def _unknown(name: str, options: list[str]) -> Phrase:
    return with_hint(Phrase("unknown_field", field=name), suggest(name, options))


def with_hint(base: Phrase, hint: Phrase | str) -> Phrase:
    if isinstance(hint, Phrase):
        return WithHint(base, hint)
    return base


def validation_problems(exc: ValidationError, doc: Document, name: str) -> list[Problem]:
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
            if deeper and isinstance(get_at(doc.data, err.path), (dict, list)):
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


def get_at(data: Any, path: DataPath) -> Any:
    cur = data
    for p in path:
        found, cur = _step(cur, p)
        if not found:
            return None
    return cur
