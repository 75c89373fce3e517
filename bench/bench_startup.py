"""How long the ``drillsim`` command line takes to start.

Prints, from one run, the median wall time of R runs of each command below minus the start
of a bare interpreter (``python -c pass``), the median processor time (user + system) of the
command, in ms, and how many modules it imported:

- ``drillsim --help`` and ``drillsim --lang zh --help``: building the whole parser (every
  command's options, help in the language asked) and nothing else;
- ``drillsim history --help``: a command's own help;
- ``drillsim --version``;
- ``drillsim validate FILE``: the first command that does real work (the scenario format).

None of them may load Textual or the engine: the script says so when one does (the module
counts come from ``python -X importtime``). On a busy machine the processor time is the
steadier figure: the wall time also counts the time spent waiting for a core.

Usage: python bench/bench_startup.py [--runs R]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "scenarios" / "workshop-evacuation.yaml"

COMMANDS: list[list[str]] = [
    ["--help"],
    ["--lang", "zh", "--help"],
    ["history", "--help"],
    ["--version"],
    ["validate", str(SAMPLE)],
]

HEAVY = ("textual", "simpy", "networkx", "numpy", "sim.drill")
"""Modules a command that does not run a drill or open the app must not import."""


def _command() -> list[str]:
    script = Path(sys.executable).with_name("drillsim")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui.cli"]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRILLSIM_", "LC_"))}
    env.update(LANG="C.UTF-8", DRILLSIM_LANG="en", DRILLSIM_SCENARIOS=str(ROOT / "no-such-dir"))
    return env


def _times_ms(cmd: list[str], runs: int) -> tuple[float, float]:
    """(median wall time, median processor time of the child) of ``runs`` runs, in ms."""
    wall = []
    cpu = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, env=_env(), capture_output=True, check=False)
        wall.append((time.perf_counter() - t0) * 1000.0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used_s = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        cpu.append(used_s * 1000.0)
    return statistics.median(wall), statistics.median(cpu)


def imported(argv: list[str]) -> list[str]:
    """The modules ``drillsim ARGV`` imports (from ``python -X importtime``)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tui.cli", *argv],
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    return [
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
        and line.count("|") == 2
        and "imported package" not in line
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command")
    args = parser.parse_args()

    print(f"python {sys.version.split()[0]} on {sys.platform}; median of {args.runs} runs")
    bare, bare_cpu = _times_ms([sys.executable, "-c", "pass"], args.runs)
    print(f"  {'python -c pass':<42} {bare:7.1f} ms wall, {bare_cpu:7.1f} ms processor")
    for argv in COMMANDS:
        shown = " ".join(a if a != str(SAMPLE) else SAMPLE.name for a in argv)
        wall, cpu = _times_ms([*_command(), *argv], args.runs)
        modules = imported(argv)
        heavy = sorted({m for m in modules for h in HEAVY if m == h or m.startswith(h + ".")})
        note = f"  LOADS {', '.join(heavy[:4])}" if heavy else ""
        print(
            f"  {'drillsim ' + shown:<42} {wall - bare:7.1f} ms wall beyond the interpreter, "
            f"{cpu:7.1f} ms processor, {len(modules):4d} modules{note}"
        )


if __name__ == "__main__":
    main()
