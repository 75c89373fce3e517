"""Calibration of a scenario (``drillsim calibrate``): is the spread of scores sane, and
what moves the score?

- **Bands.** The ideal, late and passive playbooks run over many seeds. A well-made
  scenario gives the ideal team 优 (≥ 90, the top band of the enterprise tabletop-drill
  scoring form) on every seed, the passive team less than 40, and the late team
  a score in between: at least 60 (一般) and at most 85, so that it is visibly neither
  excellent nor failed. These are the bands the bundled scenarios are held to.
- **Expectations.** For each expectation: the points it is worth in the 100-point total
  and the mean credit it earns under each playbook; the ones worth much that the playbooks
  do not tell apart are what to look at first.
- **Delays.** Each action of the ideal playbook is delayed (by 60 s and by 300 s) and
  left out, one at a time, over a few seeds; the table shows how far the total falls.
  An action whose delay costs nothing is not being scored.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.playbook import Step, run_playbook
from sim.result import build_result
from sim.scenario import Scenario

BANDS: dict[str, tuple[float, float]] = {
    "ideal": (90.0, 100.0),
    "late": (60.0, 85.0),
    "passive": (0.0, 40.0),
}
"""Score bands per playbook, inclusive, except that passive must stay below 40."""
DELAYS_S: tuple[float, ...] = (60.0, 300.0)
"""Delays applied to each ideal action in the sensitivity table, s."""


@dataclass
class Band:
    """One playbook's totals over the seeds, against its band."""

    playbook: str
    totals: list[float]
    low: float
    high: float

    @property
    def ok(self) -> bool:
        """Every run inside the band (passive strictly below its upper bound)."""
        if not self.totals:
            return False
        if self.playbook == "passive":
            return max(self.totals) < self.high
        return all(self.low <= t <= self.high for t in self.totals)

    def stats(self) -> dict[str, float]:
        """min, mean and max of the totals."""
        a = np.array(self.totals, dtype=float)
        return {"min": float(a.min()), "mean": float(a.mean()), "max": float(a.max())}


@dataclass
class ExpectationRow:
    """What one expectation is worth and what each playbook earns of it."""

    id: str
    category: str
    points: float
    """Points it is worth in the total (for a harmful action, its penalty)."""
    harmful: bool
    credit: dict[str, float]
    """Mean credit (0–1) per playbook; for a harmful action, the share of runs it was avoided."""


@dataclass
class DelayRow:
    """How the ideal total moves when one of its actions comes later or not at all."""

    step: int
    action: str
    at_s: float
    change: dict[str, float]
    """Mean change of the total: 'delay_60', 'delay_300', 'omitted'."""
    refused: list[str] = field(default_factory=list)
    """The delays ('delay_60', ...) at which a step was refused in some run: the delayed one
    (its role busy, or what it requires not yet done) or a later one whose role the delayed
    step kept busy. The change then counts the refused step as left out."""

    @property
    def largest(self) -> float:
        """The largest fall of the total (a positive number of points)."""
        return max((-v for v in self.change.values()), default=0.0)


@dataclass
class Calibration:
    """Bands, expectations and delays of one scenario."""

    scenario: str
    seeds: list[int]
    bands: list[Band] = field(default_factory=list)
    expectations: list[ExpectationRow] = field(default_factory=list)
    delays: list[DelayRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every playbook that was run falls inside its band."""
        return bool(self.bands) and all(b.ok for b in self.bands)

    def to_json(self) -> dict[str, Any]:
        """A plain-data form for ``--json``."""
        return {
            "scenario": self.scenario,
            "seeds": [self.seeds[0], self.seeds[-1]] if self.seeds else [],
            "ok": self.ok,
            "bands": [
                {"playbook": b.playbook, "low": b.low, "high": b.high, "ok": b.ok, **b.stats()}
                for b in self.bands
            ],
            "expectations": [dataclasses.asdict(r) for r in self.expectations],
            "delays": [
                {**dataclasses.asdict(r), "largest_fall": round(r.largest, 2)} for r in self.delays
            ],
        }


def _total(scenario: Scenario, steps: Sequence[Step], seed: int) -> dict[str, Any]:
    """One run's score, expectations and whether a step was refused (all calibration
    reads of a result; the level series is not kept)."""
    drill = run_playbook(scenario, list(steps), seed, level_series=False)
    result = build_result(scenario, seed, [e.to_json() for e in drill.log])
    return {
        "score": result["score"],
        "expectations": [{"id": x["id"], "credit": x["credit"]} for x in result["expectations"]],
        "refused": any(e["kind"] == "refused" for e in result["events"]),
    }


_WORKER_SCENARIO: list[Scenario] = []
"""The scenario a calibration worker process runs (set once when the worker starts)."""


def _start_worker(scenario: Scenario) -> None:
    _WORKER_SCENARIO[:] = [scenario]


def _worker_total(job: tuple[Sequence[Step], int]) -> dict[str, Any]:
    return _total(_WORKER_SCENARIO[0], job[0], job[1])


def _totals(
    scenario: Scenario,
    jobs: list[tuple[Sequence[Step], int]],
    workers: int | None,
    tick: Callable[[], None],
) -> list[dict[str, Any]]:
    """:func:`_total` of every (steps, seed), in order, over ``workers`` processes
    (default: all cores). Each run is independent and deterministic, so the results are
    those of running them one after another."""
    n = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    out: list[dict[str, Any]] = []
    if n == 1:
        for steps, seed in jobs:
            out.append(_total(scenario, steps, seed))
            tick()
        return out
    with ProcessPoolExecutor(n, initializer=_start_worker, initargs=(scenario,)) as pool:
        for r in pool.map(_worker_total, jobs, chunksize=1):
            out.append(r)
            tick()
    return out


def _shifted(steps: Sequence[Step], index: int, delay_s: float | None, end_s: float) -> list[Step]:
    """The playbook with one step later by ``delay_s`` (or left out when None)."""
    out = list(steps)
    if delay_s is None:
        del out[index]
    else:
        out[index] = dataclasses.replace(out[index], at_s=min(out[index].at_s + delay_s, end_s))
    return sorted(out, key=lambda s: s.at_s)


def calibrate(
    scenario: Scenario,
    playbooks: Mapping[str, Sequence[Step]],
    seeds: Sequence[int],
    sensitivity_seeds: int = 3,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
) -> Calibration:
    """Run the playbooks over ``seeds`` and the ideal playbook's delays over the first
    ``sensitivity_seeds`` of them, in parallel over ``jobs`` processes (default: all
    cores)."""
    cal = Calibration(scenario.id, list(seeds))
    ideal = list(playbooks.get("ideal", ()))
    sens_seeds = list(seeds)[: max(sensitivity_seeds, 0)] if ideal else []
    variants = [i for i, s in enumerate(ideal) if s.action is not None]
    total_runs = len(playbooks) * len(seeds) + len(variants) * (len(DELAYS_S) + 1) * len(sens_seeds)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total_runs)

    # Every run first (the bands' and the delays'), then the tables from them in order.
    job_list: list[tuple[Sequence[Step], int]] = [
        (list(steps), seed) for steps in playbooks.values() for seed in seeds
    ]
    delays: tuple[float | None, ...] = (*DELAYS_S, None)
    if ideal and sens_seeds:
        job_list += [
            (_shifted(ideal, i, delay, scenario.duration_s), seed)
            for i in variants
            for delay in delays
            for seed in sens_seeds
        ]
    done_runs = iter(_totals(scenario, job_list, jobs, tick))
    results: dict[str, list[dict[str, Any]]] = {}
    for name in playbooks:
        results[name] = [next(done_runs) for _ in seeds]
        low, high = BANDS.get(name, (0.0, 100.0))
        cal.bands.append(Band(name, [r["score"]["total"] for r in results[name]], low, high))
    cal.expectations = _expectation_rows(scenario, results)
    if ideal and sens_seeds:
        base = {seed: r["score"]["total"] for seed, r in zip(seeds, results["ideal"], strict=False)}
        for i in variants:
            change: dict[str, float] = {}
            refused: set[str] = set()
            for delay in delays:
                key = "omitted" if delay is None else f"delay_{delay:g}"
                diffs = []
                for seed in sens_seeds:
                    r = next(done_runs)
                    diffs.append(r["score"]["total"] - base[seed])
                    if delay is not None and r["refused"]:
                        refused.add(key)
                change[key] = round(float(np.mean(diffs)), 2)
            step = ideal[i]
            cal.delays.append(DelayRow(i, str(step.action), step.at_s, change, sorted(refused)))
        cal.delays.sort(key=lambda r: -r.largest)
    return cal


def _expectation_rows(
    scenario: Scenario, results: Mapping[str, list[dict[str, Any]]]
) -> list[ExpectationRow]:
    rows: list[ExpectationRow] = []
    any_result = next((rs[0] for rs in results.values() if rs), None)
    if any_result is None:
        return rows
    cats = any_result["score"]["categories"]
    weight_sum: dict[str, float] = {}
    for e in scenario.expectations:
        if not e.harmful:
            weight_sum[e.category] = weight_sum.get(e.category, 0.0) + e.weight
    for e in scenario.expectations:
        if e.harmful:
            points = e.penalty
        else:
            cat_max = float(cats.get(e.category, {}).get("max_points", 0.0))
            points = cat_max * e.weight / weight_sum[e.category] if weight_sum[e.category] else 0.0
        credit: dict[str, float] = {}
        for name, rs in results.items():
            values = [float(x["credit"]) for r in rs for x in r["expectations"] if x["id"] == e.id]
            credit[name] = round(float(np.mean(values)), 3) if values else 0.0
        rows.append(ExpectationRow(e.id, e.category, round(points, 2), e.harmful, credit))
    spread = {r.id: r.points * (max(r.credit.values()) - min(r.credit.values())) for r in rows}
    rows.sort(key=lambda r: (-spread[r.id], -r.points))
    return rows


@dataclass(frozen=True)
class Arrival:
    """When the hazard reached an occupied place: its first named threshold, and the
    level at which the place became untenable (None: not within the drill)."""

    node: str
    people: int
    first_s: float | None
    first_threshold: str | None
    untenable_s: float | None


def hazard_arrivals(scenario: Scenario, steps: Sequence[Step], seed: int = 1) -> list[Arrival]:
    """When the hazard reaches each place where people start, under ``steps``.

    The drill is sampled every hazard tick (the model's own bookkeeping interval), so a
    time is exact to that tick.
    """
    from sim.drill import Drill
    from sim.playbook import apply_step

    drill = Drill(scenario, seed)
    people: dict[str, int] = {}
    for g in scenario.population:
        if g.count > 0:
            people[g.node] = people.get(g.node, 0) + g.count
    idx = {n: drill.site.index[n] for n in people}
    names = [t.id for t in drill.hazard.thresholds()]
    first: dict[str, tuple[float, str]] = {}
    untenable: dict[str, float] = {}
    pending = sorted(steps, key=lambda s: s.at_s)
    tick = max(float(drill.hazard.tick_s), 1.0)
    t = 0.0
    while True:
        while pending and pending[0].at_s <= t:
            apply_step(drill, pending.pop(0))
        drill.advance(t)
        levels = drill.hazard.levels()
        sev = drill.hazard.severities(levels)
        bad = drill.hazard.untenable(levels)
        for node, i in idx.items():
            if sev[i] > 0 and node not in first:
                first[node] = (t, names[min(int(sev[i]), len(names)) - 1])
            if bad[i] and node not in untenable:
                untenable[node] = t
        if t >= scenario.duration_s:
            break
        t = min(t + tick, scenario.duration_s)
    return [
        Arrival(
            node,
            count,
            first[node][0] if node in first else None,
            first[node][1] if node in first else None,
            untenable.get(node),
        )
        for node, count in people.items()
    ]
