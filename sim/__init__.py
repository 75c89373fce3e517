"""drillsim's simulation side: the scenario format, the engine, hazard models, scoring and
records. Nothing here draws on a screen; ``tui`` uses only what this module exports.
"""

from __future__ import annotations

__version__ = "0.1.0"

from sim.loader import Checked, Problem, ScenarioError, check_file, load_scenario
from sim.scenario import Scenario
from sim.text import Lang, LangText, Text, default_lang, localize

__all__ = [
    "Checked",
    "Lang",
    "LangText",
    "Problem",
    "Scenario",
    "ScenarioError",
    "Text",
    "__version__",
    "check_file",
    "default_lang",
    "load_scenario",
    "localize",
]
