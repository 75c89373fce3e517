"""Benchmark: ``drillsim calibrate SCENARIO`` (default the bundled hotel).

The issue's target is ``drillsim calibrate hotel-evacuation`` in under 60 s on 2 cores.
This script times the real command (a fresh interpreter; 20 seeds of the three playbooks
and the ideal playbook's delays over 3 seeds, on all cores) and prints the number of runs
it made and the wall time per run.

On a shared machine the absolute seconds depend on the load, so give ``--against DIR``, a
checkout of another version of the repository (``git worktree add /tmp/old main``): the
two are timed in turns, ``--repeats`` times each, and the ratio of their best times is
printed, which a busy spell does not favour either way, with their CPU times (workers
included), which a loaded machine moves much less.

``--templates`` instead times one calibration in this process of every template of
``drillsim new`` (runs, wall seconds, milliseconds a run).

Run from the repository root:

    python -m bench.bench_calibrate [--against /tmp/old] [--repeats 2] [SCENARIO]
    python -m bench.bench_calibrate --templates
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 60.0


def timed_command(tree: Path, scenario: str) -> tuple[float, float, dict[str, object]]:
    """Wall time and CPU time (user + system, its workers included) of ``drillsim
    calibrate SCENARIO --json`` run from ``tree``, and its output."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    cmd = [sys.executable, "-m", "tui.cli", "calibrate", scenario, "--json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: a band missed, still a finished calibration
        raise SystemExit(done.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(done.stdout)


def runs_made(out: dict[str, object]) -> int:
    """How many drills the calibration ran: the bands' seeds and the delays' variants."""
    seeds = out["seeds"]
    assert isinstance(seeds, list) and isinstance(out["bands"], list)
    assert isinstance(out["delays"], list)
    n_seeds = seeds[1] - seeds[0] + 1 if seeds else 0
    return len(out["bands"]) * n_seeds + len(out["delays"]) * 3 * min(3, n_seeds)


def templates_table() -> None:
    """One calibration in this process of every template (default seeds, all cores)."""
    from sim.calibrate import DELAYS_S, calibrate
    from sim.playbook import load_playbook
    from sim.templates import templates

    print(f"{'template':<28}{'runs':>7}{'wall s':>10}{'ms/run':>9}")
    for t in templates():
        playbooks = {n: load_playbook(p, t.scenario) for n, p in t.playbooks.items()}
        ideal_actions = sum(1 for s in playbooks.get("ideal", []) if s.action is not None)
        runs = len(playbooks) * 20 + ideal_actions * (len(DELAYS_S) + 1) * 3
        start = time.perf_counter()
        calibrate(t.scenario, playbooks, range(1, 21), 3)
        wall = time.perf_counter() - start
        print(f"{t.name:<28}{runs:>7}{wall:>10.1f}{1000 * wall / runs:>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="hotel-evacuation")
    parser.add_argument("--against", type=Path, default=None)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--templates", action="store_true")
    args = parser.parse_args()
    if args.templates:
        templates_table()
        return
    trees = [ROOT] + ([args.against.resolve()] if args.against else [])
    best = {tree: float("inf") for tree in trees}
    best_cpu = {tree: float("inf") for tree in trees}
    outputs: dict[Path, dict[str, object]] = {}
    for _ in range(args.repeats):
        for tree in trees:
            wall, cpu, outputs[tree] = timed_command(tree, args.scenario)
            best[tree] = min(best[tree], wall)
            best_cpu[tree] = min(best_cpu[tree], cpu)
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"drillsim calibrate {args.scenario} on {cores} cores (load average {load:.1f})")
    for tree in trees:
        runs = runs_made(outputs[tree])
        mark = "ok" if best[tree] < TARGET_S else "over"
        print(
            f"  {tree}: best of {args.repeats} {best[tree]:.1f} s for {runs} runs, "
            f"{1000 * best[tree] / runs:.0f} ms a run (target < {TARGET_S:.0f} s: {mark}); "
            f"CPU {best_cpu[tree]:.1f} s"
        )
    if args.against:
        same = outputs[trees[0]] == outputs[trees[1]]
        print(
            f"  speed-up (against / this tree): wall {best[trees[1]] / best[trees[0]]:.2f}×, "
            f"CPU {best_cpu[trees[1]] / best_cpu[trees[0]]:.2f}×"
        )
        print(f"  the same calibration from both: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
