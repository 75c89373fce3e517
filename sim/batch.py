"""Many headless runs of one scenario and playbook over a range of seeds, in parallel.

Each run is independent (its own drill and generator), so runs spread over worker
processes. The summary gives mean, p5, p50 and p95 of every numeric outcome figure and of
the score.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from sim.loader import load_scenario
from sim.playbook import Step, load_playbook, run_playbook
from sim.result import drill_result


def _figures(result: dict[str, Any]) -> dict[str, float]:
    out: dict[str, float] = {"score_total": float(result["score"]["total"])}
    for cat, v in result["score"]["categories"].items():
        out[f"score_{cat}"] = float(v["score"])
    _flatten(result["outcome"], "", out)
    return out


_NOT_FIGURES = frozenset({"peak_by_node", "levels", "evacuation_curve"})
"""Outcome entries that are series or per-node tables, not figures of the run."""


def _flatten(values: dict[str, Any], prefix: str, out: dict[str, float]) -> None:
    """Numeric figures of a nested outcome, named by their path ('people.states.safe')."""
    for key, value in values.items():
        if key in _NOT_FIGURES:
            continue
        name = f"{prefix}{key}"
        if isinstance(value, (bool, int, float)):
            out[name] = float(value)
        elif isinstance(value, dict):
            _flatten(value, f"{name}.", out)


def run_one(scenario_path: str, playbook_path: str | None, seed: int) -> dict[str, float]:
    """One headless run; its numeric figures."""
    scenario = load_scenario(scenario_path)
    steps: list[Step] = load_playbook(playbook_path, scenario) if playbook_path else []
    drill = run_playbook(scenario, steps, seed)
    return _figures(drill_result(drill))


def _star(args: tuple[str, str | None, int]) -> dict[str, float]:
    return run_one(*args)


def run_many(
    scenario_path: Path,
    playbook_path: Path | None,
    seeds: list[int],
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[dict[str, float]]:
    """Run every seed, in parallel over ``jobs`` processes (default: all cores)."""
    args = [(str(scenario_path), str(playbook_path) if playbook_path else None, s) for s in seeds]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(seeds)))
    results: list[dict[str, float]] = []
    if workers == 1:
        it: Iterator[dict[str, float]] = map(_star, args)
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


def summarise(runs: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    """mean, p5, p50, p95, min and max of every figure present in all runs (NaN-free)."""
    keys = sorted({k for r in runs for k in r})
    stats: dict[str, dict[str, float]] = {}
    for k in keys:
        values = np.array([r[k] for r in runs if k in r], dtype=float)
        if values.size == 0:
            continue
        stats[k] = {
            "n": float(values.size),
            "mean": float(values.mean()),
            "p5": float(np.percentile(values, 5)),
            "p50": float(np.percentile(values, 50)),
            "p95": float(np.percentile(values, 95)),
            "min": float(values.min()),
            "max": float(values.max()),
        }
    return stats
