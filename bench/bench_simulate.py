"""Benchmark: ``drillsim simulate hotel-evacuation --runs N`` on all cores, per 1,000 runs.

The issue's target is 1,000 headless runs of the bundled hotel in under 30 s on 2 cores.
This script times the real command (a fresh interpreter, the process pool, the summary)
for ``--runs N`` (default 200, to keep the benchmark short) and prints the wall time
scaled to 1,000 runs, with the CPU time of one batch run in this process split into the
drill's setup, the fire model's ticks, the exposure ticks, the rest of the drill and the
result.

On a shared machine the absolute seconds depend on the load, so give ``--against DIR``, a
checkout of another version of the repository (``git worktree add /tmp/old main``): the
two are timed in turns, REPEATS times each, and the ratio of their best times is printed,
which a busy spell does not favour either way. The CPU time of each command (its
workers included) is printed too: on a loaded machine it moves much less than the wall
time.

Run from the repository root:

    python -m bench.bench_simulate [--runs 200] [--against /tmp/old]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET_S_PER_1000 = 30.0
REPEATS = 3
SCENARIO = "hotel-evacuation"


def timed_command(tree: Path, runs: int) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the command and its workers) of
    ``drillsim simulate SCENARIO --runs runs --json`` run from ``tree``."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    cmd = [sys.executable, "-m", "tui.cli", "simulate", SCENARIO, "--runs", str(runs), "--json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=tree, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def split_one_run(seeds: int = 5) -> dict[str, float]:
    """CPU milliseconds of one batch run in this process (as a worker makes it: the
    scenario read once, no level series, the result built from the event log), split into
    the drill's setup, the fire model's ticks, the exposure ticks, the rest of the drill
    (walking, actions, events) and the result; over a few seeds, after one warm-up run.
    CPU time rather than wall time, so that other work on the machine counts less."""
    from sim import batch
    from sim.catalog import bundled_dir
    from sim.drill import Drill
    from sim.hazards.fire import FireModel

    totals: dict[str, float] = {}

    def timed(owner: Any, name: str, label: str) -> Callable[[], None]:
        original = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t0 = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                totals[label] = totals.get(label, 0.0) + time.process_time() - t0

        setattr(owner, name, wrapper)
        return lambda: setattr(owner, name, original)

    path = str(bundled_dir() / f"{SCENARIO}.yaml")
    batch.run_one(path, None, 1)
    undo = [
        timed(Drill, "__init__", "setup"),
        timed(FireModel, "_step", "fire ticks"),
        timed(Drill, "sample_exposure", "exposure ticks"),
        timed(batch, "build_result", "result"),
    ]
    try:
        start = time.process_time()
        for seed in range(2, seeds + 2):
            batch.run_one(path, None, seed)
        whole = time.process_time() - start
    finally:
        for restore in undo:
            restore()
    split = {k: 1000 * v / seeds for k, v in totals.items()}
    split["rest of the drill"] = 1000 * whole / seeds - sum(split.values())
    split["total"] = 1000 * whole / seeds
    return split


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--against", type=Path, default=None)
    args = parser.parse_args()
    trees = [ROOT] + ([args.against.resolve()] if args.against else [])
    best = {tree: float("inf") for tree in trees}
    best_cpu = {tree: float("inf") for tree in trees}
    for _ in range(REPEATS):
        for tree in trees:
            wall, cpu = timed_command(tree, args.runs)
            best[tree] = min(best[tree], wall)
            best_cpu[tree] = min(best_cpu[tree], cpu)
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{SCENARIO}: {args.runs} runs on {cores} cores (load average {load:.1f})")
    for tree in trees:
        per_1000 = best[tree] * 1000 / args.runs
        mark = "ok" if per_1000 < TARGET_S_PER_1000 else "over"
        print(
            f"  {tree}: best of {REPEATS} {best[tree]:.1f} s; 1,000 runs ≈ {per_1000:.0f} s "
            f"(target < {TARGET_S_PER_1000:.0f} s: {mark}); CPU {best_cpu[tree]:.1f} s, "
            f"{1000 * best_cpu[tree] / args.runs:.0f} ms a run"
        )
    if args.against:
        print(
            f"  speed-up (against / this tree): wall {best[trees[1]] / best[trees[0]]:.2f}×, "
            f"CPU {best_cpu[trees[1]] / best_cpu[trees[0]]:.2f}×"
        )
    split = split_one_run()
    print(
        "  one batch run in this process, CPU ms: "
        + ", ".join(f"{k} {v:.1f}" for k, v in split.items())
    )


if __name__ == "__main__":
    main()
