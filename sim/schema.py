"""The JSON Schema of the scenario format, generated from the pydantic models.

Editors use it through the ``# yaml-language-server: $schema=scenario.schema.json``
modeline of every bundled scenario. A test fails when the committed copy is stale;
``drillsim schema -o scenarios/scenario.schema.json`` rewrites it.
"""

from __future__ import annotations

import json
from typing import Any

from sim.scenario import Scenario

SCHEMA_ID = "https://drillsim.invalid/scenario.schema.json"


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file."""
    schema = Scenario.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def schema_text() -> str:
    """The schema as the text committed in ``scenarios/scenario.schema.json``."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
