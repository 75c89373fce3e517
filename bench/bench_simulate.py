"""Benchmark: ``drillsim simulate hotel-evacuation --runs N`` on all cores, per 1,000 runs.

The issue's target is 1,000 headless runs of the bundled hotel in under 30 s on 2 cores.
This script times the real command (a fresh interpreter, the process pool, the summary)
for ``--runs N`` (default 200, to keep the benchmark short) and prints the wall time
scaled to 1,000 runs, with the per-run split of one run in this process: reading the
scenario, the drill itself and building the result.

On a shared machine the absolute seconds depend on the load, so give ``--against DIR``, a
checkout of another version of the repository (``git worktree add /tmp/old main``): the
two are timed in turns, REPEATS times each, and the ratio of their best times is printed,
which a busy spell does not favour either way.

Run from the repository root:

    python -m bench.bench_simulate [--runs 200] [--against /tmp/old]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S_PER_1000 = 30.0
REPEATS = 3
SCENARIO = "hotel-evacuation"


def timed_command(tree: Path, runs: int) -> float:
    """Wall time of ``drillsim simulate SCENARIO --runs runs --json`` run from ``tree``."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    cmd = [sys.executable, "-m", "tui.cli", "simulate", SCENARIO, "--runs", str(runs), "--json"]
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=tree, env=env, check=True, capture_output=True)
    return time.perf_counter() - t0


def split_one_run(seeds: int = 5) -> dict[str, float]:
    """Mean seconds per run spent reading the scenario, running the drill and building the
    result, over a few seeds in this process (the first run, which imports, left out)."""
    from sim.catalog import bundled_dir
    from sim.loader import load_scenario
    from sim.playbook import run_playbook
    from sim.result import drill_result

    path = bundled_dir() / f"{SCENARIO}.yaml"
    drill_result(run_playbook(load_scenario(path), [], 1))
    total = {"read": 0.0, "drill": 0.0, "result": 0.0}
    for seed in range(2, seeds + 2):
        t0 = time.perf_counter()
        scenario = load_scenario(path)
        t1 = time.perf_counter()
        drill = run_playbook(scenario, [], seed)
        t2 = time.perf_counter()
        drill_result(drill)
        t3 = time.perf_counter()
        total["read"] += t1 - t0
        total["drill"] += t2 - t1
        total["result"] += t3 - t2
    return {k: v / seeds for k, v in total.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--against", type=Path, default=None)
    args = parser.parse_args()
    trees = [ROOT] + ([args.against.resolve()] if args.against else [])
    best = {tree: float("inf") for tree in trees}
    for _ in range(REPEATS):
        for tree in trees:
            best[tree] = min(best[tree], timed_command(tree, args.runs))
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{SCENARIO}: {args.runs} runs on {cores} cores (load average {load:.1f})")
    for tree in trees:
        per_1000 = best[tree] * 1000 / args.runs
        mark = "ok" if per_1000 < TARGET_S_PER_1000 else "over"
        print(
            f"  {tree}: best of {REPEATS} {best[tree]:.1f} s; 1,000 runs ≈ {per_1000:.0f} s "
            f"(target < {TARGET_S_PER_1000:.0f} s: {mark})"
        )
    if args.against:
        print(f"  speed-up (against / this tree): {best[trees[1]] / best[trees[0]]:.2f}×")
    split = split_one_run()
    print(
        "  one run in this process: "
        + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in split.items())
        + " (a batch reads the scenario once per worker)"
    )


if __name__ == "__main__":
    main()
