"""Where scenarios are found: the bundled ones and the user's own folder.

Bundled scenarios ship inside the package (``scenarios/``, found through
:mod:`importlib.resources`), so an installed drillsim works from any folder. User scenarios
live in ``DRILLSIM_SCENARIOS`` if set, else in the platform's user data folder
(``drillsim/scenarios``). Each scenario's playbooks are ``playbooks/<id>/<name>.yaml``
beside it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import platformdirs

from sim.loader import Checked, check_file


def bundled_dir() -> Path:
    """The folder of bundled scenarios."""
    return Path(str(resources.files("scenarios")))


def user_dir() -> Path:
    """The user's scenario folder (it may not exist yet)."""
    env = os.environ.get("DRILLSIM_SCENARIOS")
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path("drillsim", appauthor=False) / "scenarios"


@dataclass
class Entry:
    """A scenario file and what checking it found."""

    path: Path
    source: str
    """'bundled' or 'user'."""
    checked: Checked
    playbooks: dict[str, Path] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """The scenario id, or the file name when the file is broken."""
        return self.checked.scenario.id if self.checked.scenario else self.path.stem


def _playbooks(folder: Path, scenario_id: str) -> dict[str, Path]:
    pdir = folder / "playbooks" / scenario_id
    if not pdir.is_dir():
        return {}
    order = {"ideal": 0, "late": 1, "passive": 2}
    files = sorted(pdir.glob("*.yaml"), key=lambda p: (order.get(p.stem, 9), p.stem))
    return {p.stem: p for p in files}


def _scan(folder: Path, source: str) -> list[Entry]:
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.yaml")):
        checked = check_file(path)
        sid = checked.scenario.id if checked.scenario else path.stem
        out.append(Entry(path, source, checked, _playbooks(folder, sid)))
    return out


def entries(include_user: bool = True) -> list[Entry]:
    """Bundled scenarios, then the user's, each checked."""
    found = _scan(bundled_dir(), "bundled")
    if include_user:
        found += _scan(user_dir(), "user")
    return found


def bundled_ids() -> list[str]:
    """Ids of the bundled scenarios (file names, without checking them)."""
    return sorted(p.stem for p in bundled_dir().glob("*.yaml"))


def resolve(name: str) -> Path | None:
    """A scenario file from a path or the id of a bundled or user scenario."""
    p = Path(name)
    if p.suffix in (".yaml", ".yml") or os.sep in name or p.exists():
        return p if p.exists() else None
    for folder in (bundled_dir(), user_dir()):
        candidate = folder / f"{name}.yaml"
        if candidate.is_file():
            return candidate
    return None


def playbook_path(scenario_path: Path, scenario_id: str, name: str) -> Path | None:
    """A playbook given as a file path or by name beside its scenario."""
    p = Path(name)
    if p.suffix in (".yaml", ".yml") and p.exists():
        return p
    return _playbooks(scenario_path.parent, scenario_id).get(name)
