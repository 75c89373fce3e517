"""The field reference of the scenario format (docs/reference.md), generated from the schema.

Every table is made from the JSON Schema that :mod:`sim.schema` generates from the pydantic
models, so the reference says exactly what the descriptions an editor shows on hover say,
and cannot drift from the format: a test fails when the committed copy is stale;
``drillsim schema --reference -o docs/reference.md`` rewrites it.
"""

from __future__ import annotations

import json
from typing import Any

from sim.schema import scenario_schema

HEADER = """# Scenario format reference

> **中文**：本页由场景格式的模型自动生成（`drillsim schema --reference -o docs/reference.md`），
> 列出每个字段的类型、默认值和说明，与编辑器悬停提示一致。编写教程见 [authoring.md](authoring.md)，
> 示例与错误信息见 [authoring-examples.md](authoring-examples.md)。

Every field of a scenario file, generated from the format's models: the same descriptions an
editor shows on hover. The tutorial ([authoring.md](authoring.md)) builds a scenario step by
step, and [authoring-examples.md](authoring-examples.md) shows how the parts work together,
with examples and the checker's messages; this page lists what each part accepts. Regenerate it with
`drillsim schema --reference -o docs/reference.md` after a change to the format.

"""


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _anchor(name: str) -> str:
    return name.lower()


def _type(spec: dict[str, Any]) -> str:
    """A field's type in a few words, with links to the blocks it refers to."""
    if "$ref" in spec:
        name = _ref_name(spec["$ref"])
        return f"[{name}](#{_anchor(name)})"
    if "const" in spec:
        return f"`{json.dumps(spec['const'], ensure_ascii=False)}`"
    if "enum" in spec:
        return " | ".join(f"`{v}`" for v in spec["enum"])
    for key in ("anyOf", "oneOf"):
        if key in spec:
            parts = [_type(s) for s in spec[key] if s.get("type") != "null"]
            text = " or ".join(dict.fromkeys(parts))
            return text + (" or null" if any(s.get("type") == "null" for s in spec[key]) else "")
    kind = spec.get("type")
    if kind == "array":
        return f"list of {_type(spec.get('items', {}))}"
    if kind == "object":
        extra = spec.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            return f"mapping of {_type(extra)}"
        return "mapping"
    names = {"string": "text", "number": "number", "integer": "whole number", "boolean": "bool"}
    if isinstance(kind, str):
        text = names.get(kind, kind)
        if "pattern" in spec and kind == "string":
            text += f" (`{spec['pattern']}`)"
        return text
    return "any"


def _limits(spec: dict[str, Any]) -> str:
    bits = []
    for key, sign in (
        ("minimum", "≥"),
        ("exclusiveMinimum", ">"),
        ("maximum", "≤"),
        ("exclusiveMaximum", "<"),
    ):
        if key in spec:
            bits.append(f"{sign} {spec[key]:g}")
    if "minItems" in spec:
        bits.append(f"at least {spec['minItems']} item(s)")
    if "maxLength" in spec:
        bits.append(f"at most {spec['maxLength']} characters")
    for sub in spec.get("anyOf", []):
        inner = _limits(sub)
        if inner:
            bits.append(inner)
    return ", ".join(bits)


def _default(field: dict[str, Any], required: bool) -> str:
    if required:
        return "required"
    if "default" not in field:
        return "—"
    value = field["default"]
    if value is None:
        return "none"
    return f"`{json.dumps(value, ensure_ascii=False)}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _order(schema: dict[str, Any]) -> list[str]:
    """Definitions in the order a reader meets them, from the top level down."""
    defs: dict[str, Any] = schema.get("$defs", {})
    seen: list[str] = []

    def refs(node: Any) -> list[str]:
        out: list[str] = []
        if isinstance(node, dict):
            if "$ref" in node:
                out.append(_ref_name(node["$ref"]))
            for key, value in node.items():
                if key != "$ref":
                    out += refs(value)
        elif isinstance(node, list):
            for value in node:
                out += refs(value)
        return out

    queue = refs(schema.get("properties", {}))
    while queue:
        name = queue.pop(0)
        if name in seen or name not in defs:
            continue
        seen.append(name)
        queue += refs(defs[name].get("properties", {}))
        queue += refs(defs[name].get("oneOf", []))
    return seen + sorted(n for n in defs if n not in seen)


def _table(name: str, spec: dict[str, Any], defs: dict[str, Any]) -> list[str]:
    lines = [f"## {name}", ""]
    if spec.get("description"):
        lines += [_cell(spec["description"]), ""]
    props: dict[str, Any] = spec.get("properties", {})
    if not props:
        if "oneOf" in spec or "anyOf" in spec:
            lines += [f"One of: {_type(spec)}.", ""]
        return lines
    required = set(spec.get("required", []))
    lines += ["| field | type | default | meaning |", "|---|---|---|---|"]
    for field, fspec in props.items():
        kind = _type(fspec)
        limits = _limits(fspec)
        if limits:
            kind += f" ({limits})"
        meaning = fspec.get("description") or ""
        if not meaning and "$ref" in fspec:
            meaning = defs.get(_ref_name(fspec["$ref"]), {}).get("description", "")
        lines.append(
            f"| `{field}` | {_cell(kind)} | {_cell(_default(fspec, field in required))} | "
            f"{_cell(meaning)} |"
        )
    lines.append("")
    return lines


def reference_markdown() -> str:
    """docs/reference.md: the top level, then every block of the format."""
    schema = scenario_schema()
    lines = HEADER.splitlines()
    defs = schema.get("$defs", {})
    lines += _table(
        "Scenario", {**schema, "description": "The top level of a scenario file."}, defs
    )
    for name in _order(schema):
        lines += _table(name, defs[name], defs)
    return "\n".join(lines).rstrip("\n") + "\n"
