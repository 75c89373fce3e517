"""Many headless runs of one scenario and playbook over a range of seeds, in parallel.

Each run is independent (its own drill and generator), so runs spread over worker
processes. The summary gives mean, p5, p50, p95, min and max of every numeric outcome figure
and of the score.

A time figure (a name ending in ``_s``: the evacuation time, ASET, a responder's arrival)
that a run never reached within the drill counts as *unfinished* in that run: it is later
than anything the drill saw, so it stays in the ranking as +∞ instead of being left out.
A statistic that falls among the unfinished runs is unknown (None): a percentile whose
order statistics include one, the mean and the maximum as soon as one run is unfinished.
Percentiles are never taken from the finished runs alone, which would make a plan that
often fails look fast.
"""

from __future__ import annotations

import copy
import math
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from sim.loader import load_scenario
from sim.playbook import Step, load_playbook, run_playbook
from sim.result import build_result
from sim.scenario import Scenario

NOT_FIGURES = frozenset({"evacuation_curve", "levels", "peak_by_node"})
"""Outcome entries that are series or per-place tables, not figures to summarise."""


def is_time_figure(key: str) -> bool:
    """Whether a figure is in seconds and tied to something a run may never reach: the
    time it happened, or a margin between two such times (RSET against ASET)."""
    head = key.split(".", 1)[0]
    return key.endswith("_s") or head.endswith("_s")


def is_time_point(key: str) -> bool:
    """Whether a figure is the time something happened (not a margin between two)."""
    return is_time_figure(key) and "margin" not in key


def _flatten(prefix: str, value: Any, out: dict[str, float | None]) -> None:
    if isinstance(value, bool):
        out[prefix] = float(value)
    elif isinstance(value, (int, float)):
        out[prefix] = float(value)
    elif value is None:
        if is_time_figure(prefix):
            out[prefix] = None
    elif isinstance(value, dict):
        for k, v in value.items():
            _flatten(f"{prefix}.{k}", v, out)


def _figures(result: dict[str, Any]) -> dict[str, float | None]:
    """The numeric figures of one run; None for a time figure the run never reached."""
    out: dict[str, float | None] = {"score_total": float(result["score"]["total"])}
    for cat, v in result["score"]["categories"].items():
        out[f"score_{cat}"] = float(v["score"])
    for key, value in result["outcome"].items():
        if key not in NOT_FIGURES:
            _flatten(key, value, out)
    return out


_LOADED: dict[tuple[Any, ...], tuple[Scenario, list[Step]]] = {}
"""The scenario and playbook a worker process has read, by path and file stamp."""


def _stamp(path: str | None) -> tuple[str, int, int] | None:
    if path is None:
        return None
    st = os.stat(path)
    return (path, st.st_mtime_ns, st.st_size)


def _loaded(scenario_path: str, playbook_path: str | None) -> tuple[Scenario, list[Step]]:
    """The scenario and the playbook's steps, read once per worker process.

    Reading and checking a large scenario costs about a fifth of a short run, and every run
    of a batch reads the same files. The scenario is immutable (frozen models) and a drill builds all
    its own state from it, so runs can share it; each run gets its own copy of the steps; a
    file changed on disk (another modification time or size) is read again."""
    key = (_stamp(scenario_path), _stamp(playbook_path))
    hit = _LOADED.get(key)
    if hit is None:
        scenario = load_scenario(scenario_path)
        steps: list[Step] = load_playbook(playbook_path, scenario) if playbook_path else []
        _LOADED.clear()
        hit = _LOADED[key] = (scenario, steps)
    return hit


def run_one(scenario_path: str, playbook_path: str | None, seed: int) -> dict[str, float | None]:
    """One headless run; its numeric figures.

    Only figures are summarised (docs/contracts.md: ``stats.<figure>``), so the run keeps
    no level series (:data:`NOT_FIGURES`) and its result has no ``people_times``; the
    figures come from the result built from the event log as always."""
    scenario, steps = _loaded(scenario_path, playbook_path)
    drill = run_playbook(scenario, copy.deepcopy(steps), seed, level_series=False)
    return _figures(build_result(scenario, drill.seed, [e.to_json() for e in drill.log]))


def _star(args: tuple[str, str | None, int]) -> dict[str, float | None]:
    return run_one(*args)


def run_many(
    scenario_path: Path,
    playbook_path: Path | None,
    seeds: list[int],
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[dict[str, float | None]]:
    """Run every seed, in parallel over ``jobs`` processes (default: all cores)."""
    args = [(str(scenario_path), str(playbook_path) if playbook_path else None, s) for s in seeds]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(seeds)))
    results: list[dict[str, float | None]] = []
    if workers == 1:
        it: Iterator[dict[str, float | None]] = map(_star, args)
        for i, r in enumerate(it, start=1):
            results.append(r)
            if progress:
                progress(i, len(args))
        return results
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for i, r in enumerate(pool.map(_star, args, chunksize=1), start=1):
            results.append(r)
            if progress:
                progress(i, len(args))
    return results


def percentile(ordered: Sequence[float], p: float) -> float | None:
    """The ``p``-th percentile of ascending values, interpolated linearly between order
    statistics (Hyndman & Fan 1996, definition 7: numpy's default); None when it depends
    on an unfinished run (+∞)."""
    n = len(ordered)
    h = (n - 1) * p / 100.0
    lo = math.floor(h)
    hi = min(lo + 1, n - 1)
    frac = h - lo
    if math.isinf(ordered[lo]) or (frac > 0 and math.isinf(ordered[hi])):
        return None
    if frac == 0:
        return ordered[lo]
    return ordered[lo] + frac * (ordered[hi] - ordered[lo])


def summarise(runs: list[dict[str, float | None]]) -> dict[str, dict[str, float | None]]:
    """n, unfinished, mean, p5, p50, p95, min and max of every figure.

    A time figure missing from a run, or None in it, is unfinished there and ranks above
    every finished value; other figures count only the runs that have them."""
    keys = sorted({k for r in runs for k in r})
    stats: dict[str, dict[str, float | None]] = {}
    for k in keys:
        time_figure = is_time_figure(k)
        values: list[float] = []
        unfinished = 0
        for r in runs:
            v = r.get(k)
            if v is not None:
                values.append(float(v))
            elif time_figure:
                unfinished += 1
        if not values and not unfinished:
            continue
        ordered = sorted(values) + [math.inf] * unfinished
        finished = np.array(values, dtype=float)
        stats[k] = {
            "n": len(ordered),
            "unfinished": unfinished,
            "mean": float(finished.mean()) if not unfinished else None,
            "p5": percentile(ordered, 5),
            "p50": percentile(ordered, 50),
            "p95": percentile(ordered, 95),
            "min": float(finished.min()) if values else None,
            "max": float(finished.max()) if not unfinished else None,
        }
    return stats
