"""The committed JSON Schema, the editor modeline, and the bundled scenarios against both."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from sim.loader import check_text
from sim.schema import schema_text
from sim.yamlsafe import read_yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "scenarios" / "scenario.schema.json"
BUNDLED = sorted((ROOT / "scenarios").glob("*.yaml"))
MODELINE = "# yaml-language-server: $schema=scenario.schema.json"

HAS_JSONSCHEMA = importlib.util.find_spec("jsonschema") is not None


def test_committed_schema_is_current() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    if committed != schema_text():
        pytest.fail(
            "scenarios/scenario.schema.json is stale: the models changed. Regenerate it with "
            "`drillsim schema -o scenarios/scenario.schema.json` and commit the result.",
            pytrace=False,
        )


def test_committed_schema_is_json_schema() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert {"id", "title", "summary", "category", "roles", "site", "actions"} <= set(
        schema["required"]
    )


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_bundled_scenario_has_modeline(path: Path) -> None:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == MODELINE, f"{path.name} must start with the line: {MODELINE}"


def _data(path: Path) -> Any:
    doc, problems = read_yaml(path.read_text(encoding="utf-8"))
    assert doc is not None and problems == []
    return doc.data


@pytest.mark.skipif(not HAS_JSONSCHEMA, reason="jsonschema is not installed (optional)")
@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_bundled_scenario_matches_json_schema(path: Path) -> None:
    import jsonschema

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(_data(path))
    ]
    assert errors == []


@pytest.mark.skipif(not HAS_JSONSCHEMA, reason="jsonschema is not installed (optional)")
def test_json_schema_refuses_what_the_loader_refuses() -> None:
    """The schema is not vacuous: an editor flags an unknown field and a wrong enum value."""
    import jsonschema

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    data = _data(BUNDLED[0])
    assert list(validator.iter_errors(data)) == []
    wrong = {**data, "duraton_s": 5, "category": "evacuaton"}
    messages = sorted(e.message for e in validator.iter_errors(wrong))
    assert any("duraton_s" in m for m in messages)
    assert any("evacuaton" in m for m in messages)


# --- the authoring guide's examples ----------------------------------------------------------

GUIDE = ROOT / "docs" / "authoring-examples.md"


def _yaml_blocks(markdown: str) -> list[str]:
    blocks: list[str] = []
    current: list[str] | None = None
    for line in markdown.splitlines():
        if current is None and line.strip() == "```yaml":
            current = []
        elif current is not None and line.strip() == "```":
            blocks.append("\n".join(current) + "\n")
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def test_guide_examples_are_clean_yaml() -> None:
    blocks = _yaml_blocks(GUIDE.read_text(encoding="utf-8"))
    assert len(blocks) >= 10
    for block in blocks:
        if all(line.startswith("#") for line in block.splitlines() if line.strip()):
            continue  # the modeline on its own
        doc, problems = read_yaml(block)
        assert problems == [], block
        assert doc is not None and doc.data not in (None, {}, []), block


def test_guide_complete_example_validates() -> None:
    complete = [b for b in _yaml_blocks(GUIDE.read_text(encoding="utf-8")) if "actions:" in b]
    complete = [b for b in complete if b.startswith(MODELINE) and "expectations:" in b]
    assert len(complete) == 1
    checked = check_text(complete[0], "authoring-examples.md")
    assert [p.format("en") for p in checked.problems] == []
