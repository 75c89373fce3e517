"""Replaying a journal: the scenario found again, the drill rebuilt input by input, the
hazard sampled on the way, and the rebuilt event log checked against the one recorded.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.drill import ENGINE_VERSION, Drill
from sim.i18n import tr
from sim.records.errors import RecordsError
from sim.records.journal.lines import Header, file_sha256, log_sha256
from sim.records.journal.reading import JournalRead, read_journal
from sim.result import drill_result
from sim.scenario import Scenario
from sim.text import Lang


def locate_scenario(header: Header) -> Path | None:
    """The drill's scenario file: where it was, else the bundled or user scenario of that id."""
    from sim.catalog import resolve

    if header.scenario_path and Path(header.scenario_path).is_file():
        return Path(header.scenario_path)
    return resolve(header.scenario_id)


def load_scenario_for(header: Header, *, force: bool = False) -> tuple[Scenario, Path, bool]:
    """The scenario a journal was written with, its path, and whether the file changed since
    (RecordsError if it changed, unless ``force``)."""
    from sim.loader import check_file

    path = locate_scenario(header)
    if path is None:
        raise RecordsError("err_scenario_missing", id=header.scenario_id, path=header.scenario_path)
    sha = file_sha256(path)
    changed = sha != header.scenario_sha256
    if changed and not force:
        raise RecordsError(
            "err_scenario_changed", path=path, old=header.scenario_sha256[:12], new=sha[:12]
        )
    checked = check_file(path)
    if checked.scenario is None:
        detail = "; ".join(p.format("en") for p in checked.problems[:3])
        raise RecordsError("err_scenario_invalid", path=path, detail=detail)
    return checked.scenario, path, changed


# --- replay ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HazardSample:
    """Hazard levels at one sim time: the highest anywhere, and the highest where people are
    (role-players wearing PPE are protected and do not count)."""

    t_s: float
    site_max: float
    occupied_max: float


@dataclass(frozen=True)
class Divergence:
    """An input the replay answered differently from the drill (only with ``force``)."""

    n: int
    t_s: float
    was: bool | None
    now: bool | None


@dataclass
class Replay:
    """A drill rebuilt from its journal."""

    drill: Drill
    read: JournalRead
    scenario_path: Path
    scenario_changed: bool = False
    engine_changed: bool = False
    divergences: list[Divergence] = field(default_factory=list)
    hazard: list[HazardSample] = field(default_factory=list)
    log_verified: bool | None = None
    """True: the rebuilt log hashes as the end line says; None: no end line to check."""

    @property
    def header(self) -> Header:
        """The journal's header."""
        return self.read.header

    def result(self) -> dict[str, Any]:
        """The result object of the rebuilt drill."""
        return drill_result(self.drill)


class _Word:
    def __init__(self, key: str) -> None:
        self.key = key

    def render(self, lang: Lang) -> str:
        return tr(self.key, lang)


def _accept_word(value: bool | None) -> _Word:
    return _Word("word_accepted" if value else "word_refused")


class _Sampler:
    """Takes hazard samples every ``every_s`` sim seconds while a drill is advanced."""

    def __init__(
        self, drill: Drill, every_s: float, on_sample: Callable[[Drill], None] | None = None
    ) -> None:
        self.drill = drill
        self.every_s = every_s
        self.next_s = 0.0
        self.samples: list[HazardSample] = []
        self.on_sample = on_sample

    def advance(self, to_s: float) -> None:
        d = self.drill
        to_s = min(float(to_s), d.scenario.duration_s)
        while self.next_s <= to_s and not d.finished:
            d.advance(self.next_s)
            self.take()
            self.next_s += self.every_s
        d.advance(to_s)
        if d.finished and (not self.samples or self.samples[-1].t_s < d.now_s):
            self.take()

    def take(self) -> None:
        d = self.drill
        levels = d.hazard.levels()
        people = d.crowd.node_count
        occupied = levels[people > 0]
        role_nodes = [
            d.site.index[r.node] for r in d.roles.values() if r.node is not None and not r.ppe
        ]
        occ = float(occupied.max()) if occupied.size else 0.0
        if role_nodes:
            occ = max(occ, float(levels[role_nodes].max()))
        site = float(levels.max()) if levels.size else 0.0
        self.samples.append(HazardSample(d.now_s, site, occ))
        if self.on_sample is not None:
            self.on_sample(d)


def settle(drill: Drill) -> None:
    """Let the drill process everything due at its current time (before an input)."""
    drill.advance(drill.now_s)


def replay(
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    hazard_every_s: float | None = None,
    read: JournalRead | None = None,
    on_sample: Callable[[Drill], None] | None = None,
) -> Replay:
    """Rebuild a drill from its journal by applying each input at its sim time.

    A finished journal is run to its end and its log checked against the end line's hash;
    an unfinished one stops where the clock stood. With ``hazard_every_s`` the hazard is
    sampled on the way (the engine keeps no level history), and ``on_sample`` is given the
    drill at each sample (the replay video draws its frames so). RecordsError when the scenario
    or the engine changed since, or an input is answered differently, unless ``force``.
    """
    read = read or read_journal(path)
    header = read.header
    scenario, spath, changed = load_scenario_for(header, force=force)
    engine_changed = header.engine != ENGINE_VERSION
    if engine_changed and not force:
        raise RecordsError("err_engine_changed", old=header.engine, new=ENGINE_VERSION)
    drill = Drill(scenario, header.seed, platoon_limit=header.platoon_limit)
    sampler = _Sampler(drill, hazard_every_s, on_sample) if hazard_every_s else None
    out = Replay(drill, read, spath, changed, engine_changed)

    def advance(to_s: float) -> None:
        if sampler is not None:
            sampler.advance(to_s)
        else:
            drill.advance(to_s)

    for inp in read.inputs:
        advance(inp.t_s)
        settle(drill)
        res = inp.apply(drill)
        now = None if res is None else res.accepted
        if inp.accepted is not None and now != inp.accepted:
            if not force:
                raise RecordsError(
                    "err_diverged",
                    n=inp.n,
                    t=round(inp.t_s, 3),
                    was=_accept_word(inp.accepted),
                    now=_accept_word(now),
                )
            out.divergences.append(Divergence(inp.n, inp.t_s, inp.accepted, now))
    if read.finished:
        advance(scenario.duration_s)
        recorded = (read.end or {}).get("log_sha256")
        if recorded:
            out.log_verified = recorded == log_sha256(e.to_json() for e in drill.log)
    else:
        advance(read.clock_s)
    if sampler is not None:
        out.hazard = sampler.samples
    return out
