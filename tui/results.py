"""Saving a drill's result: one JSON file per drill in the user's results folder.

The folder is ``$DRILLSIM_HOME/results`` when ``DRILLSIM_HOME`` is set, else
``results`` in the platform's user data folder for drillsim. This is the only place the app
writes results; the records (journal and history) build on it.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs


def results_dir() -> Path:
    """Where results are saved (it may not exist yet)."""
    home = os.environ.get("DRILLSIM_HOME")
    base = (
        Path(home).expanduser()
        if home
        else platformdirs.user_data_path("drillsim", appauthor=False)
    )
    return base / "results"


def save_result(record: dict[str, Any], when: datetime | None = None) -> Path:
    """Write a result to a new file in :func:`results_dir`; the file's path."""
    when = when or datetime.now()
    folder = results_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{when:%Y%m%d-%H%M%S}-{record.get('scenario', 'drill')}-seed{record.get('seed', 0)}"
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    n = 1
    while True:
        path = folder / (f"{stem}.json" if n == 1 else f"{stem}-{n}.json")
        try:
            with path.open("x", encoding="utf-8") as f:
                f.write(text)
        except FileExistsError:
            n += 1
            continue
        return path
