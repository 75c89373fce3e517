"""What the one string catalogue (sim.i18n) costs.

Prints, each the median of N fresh interpreters, as CPU time of the process (so that a busy
machine does not count other processes' work):

(a) the time to import ``sim.i18n`` (with the ``sim`` package and ``typing``), in ms;
(b) the time of the first lookup, which reads and assembles every table, in ms;

and, in this process, (c) the time of one ``tr`` call without and with arguments, in ns.

Usage: python bench/bench_i18n.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import time
t0 = time.process_time()
import sim.i18n
t1 = time.process_time()
sim.i18n.tr("refuse_finished", "en")
t2 = time.process_time()
print((t1 - t0) * 1e3, (t2 - t1) * 1e3)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    imports, firsts = [], []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE], check=True, capture_output=True, text=True, cwd=ROOT
        ).stdout.split()
        imports.append(float(out[0]))
        firsts.append(float(out[1]))
    from sim.i18n import tr
    from sim.i18n.catalogue import catalogue

    n = 100_000
    plain = min(timeit.repeat(lambda: tr("refuse_finished", "zh"), number=n, repeat=5)) / n
    formatted = (
        min(
            timeit.repeat(
                lambda: tr("refuse_busy", "en", role="R", current="C", until="9:00"),
                number=n,
                repeat=5,
            )
        )
        / n
    )
    print(f"keys: {len(catalogue().origin)}")
    print(f"(a) import sim.i18n: {statistics.median(imports):.2f} ms (median of {args.runs})")
    print(f"(b) first lookup, assembling every table: {statistics.median(firsts):.2f} ms")
    print(f"(c) tr without arguments: {plain * 1e9:.0f} ns; with three: {formatted * 1e9:.0f} ns")


if __name__ == "__main__":
    main()
