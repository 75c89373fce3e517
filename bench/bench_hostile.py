"""Benchmark: what the hostile-input guards cost, and how fast a hostile file is refused.

From one run this script prints:

- the time and the peak extra memory to refuse the alias bomb of issue 12 (a ~980 KB
  scenario with a 400 KB string referenced 190,000 times, 76 GB once expanded). Target:
  under 2 s and under 200 MB;
- the time to check the nesting depth of 1 MiB of JSON (the journal line and history row
  guard), in MB/s;
- the time to make 1 MiB of text safe for a terminal, with and without characters to
  escape, in MB/s;
- the wall time of one atomic write (temporary file, fsync, rename, folder fsync) of
  100 KB, against a plain write of the same bytes.

Every time printed is the best of REPEATS runs.

Run from the repository root:

    python -m bench.bench_hostile
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from sim.atomic import write_atomic
from sim.bounded import json_depth
from sim.loader import check_text
from sim.safetext import terminal

REPEATS = 5
BOMB_TARGET_S = 2.0
BOMB_TARGET_MB = 200.0


def best(fn: Callable[[], object]) -> float:
    """The shortest wall time of REPEATS calls, seconds."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    bomb = "long: &s " + "x" * 400_000 + "\nmany: [" + ",".join(["*s"] * 190_000) + "]\n"
    tracemalloc.start()
    checked = check_text(bomb, "bomb.yaml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert checked.scenario is None and checked.problems[0].key == "yaml_too_big"
    bomb_s = best(lambda: check_text(bomb, "bomb.yaml"))
    print(
        f"alias bomb ({len(bomb) / 1000:.0f} KB) refused in {bomb_s:.2f} s, "
        f"peak {peak / 1e6:.0f} MB (targets: {BOMB_TARGET_S:g} s, {BOMB_TARGET_MB:g} MB)"
    )

    row = json.dumps(
        [{"t_s": i, "kind": "evacuate", "data": {"to": 'a[b]"c'}} for i in range(14_000)]
    )
    row = row[: 1 << 20]
    depth_s = best(lambda: json_depth(row))
    print(f"JSON depth check: {len(row) / depth_s / 1e6:.0f} MB/s")

    clean = "疏散 evacuate 集合点 " * (1 << 20 // 28)
    dirty = "a\x1b[2Jb\u202ec " * (1 << 20 // 10)
    for name, text in (("plain text", clean), ("text to escape", dirty)):
        secs = best(lambda text=text: terminal(text))  # type: ignore[misc]
        print(f"terminal(): {name}: {len(text.encode()) / secs / 1e6:.0f} MB/s")

    data = os.urandom(100_000)
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
        target = Path(folder) / "out.bin"
        atomic_s = best(lambda: write_atomic(target, data, force=True))
        plain_s = best(lambda: target.write_bytes(data))
    print(f"100 KB output file: atomic {atomic_s * 1000:.1f} ms, plain {plain_s * 1000:.1f} ms")


if __name__ == "__main__":
    main()
