"""A training room under load: 30 seats on loopback against a real host process.

Starts ``python -m tui.room SCENARIO --speed 10`` (a headless host, journaling to a
temporary records folder), joins SEATS seats over TCP on 127.0.0.1 (the scenario's roles
in turn), and has each seat act about once a second (``--act-every``) for DURATION real seconds: an action
of its role, whatever the drill answers (an accepted action and a refusal are both journaled
with an fsync before the answer, so both are full round trips). Prints the action round
trip (send ``act`` → ``ack``/``refused``) p50/p95/max, how many views the seats received,
and the host's CPU (its process time over the wall time; 1.0 = one whole core) at that speed.

The issue's targets: p95 under 100 ms, and under half a core at 10× speed.

Usage: python bench/bench_room.py [--seats 30] [--duration 30] [--speed 10]
       [--records-dir DIR] [SCENARIO]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tui.room.client import RemoteLink

REPO = Path(__file__).resolve().parents[1]
CODE = "BENCH2"


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


async def seat_loop(
    link: RemoteLink, until: float, every_s: float, rtts: list[float], rng: random.Random
) -> int:
    """Act about every ``every_s`` until ``until``; returns the views received."""
    views = 0

    def count(_view: object) -> None:
        nonlocal views
        views += 1

    link.subscribe(count)
    await asyncio.sleep(rng.random() * every_s)
    loop = asyncio.get_running_loop()
    while loop.time() < until:
        actions = link.view.actions
        if actions and not link.view.finished:
            action = rng.choice(actions)
            t0 = time.perf_counter()
            await link.act(action.id, {})
            rtts.append(time.perf_counter() - t0)
        await asyncio.sleep(every_s * (0.8 + 0.4 * rng.random()))
    return views


async def run(args: argparse.Namespace) -> None:
    home = tempfile.mkdtemp(prefix="drillsim-bench-room-", dir=args.records_dir)
    env = dict(os.environ, DRILLSIM_HOME=home)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tui.room",
        args.scenario,
        "--speed",
        str(args.speed),
        "--code",
        CODE,
        "--wait-seats",
        str(args.seats),
        cwd=REPO,
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None
    info = json.loads(await proc.stdout.readline())
    addr = (str(info["address"][0]), int(info["address"][1]))
    try:
        first = await RemoteLink.connect(addr, CODE, role="front_desk")
        roles = [r.id for r in first.scenario.roles]
        await first.close()
        links = [
            await RemoteLink.connect(addr, CODE, role=roles[i % len(roles)])
            for i in range(args.seats)
        ]
        loop = asyncio.get_running_loop()
        await asyncio.sleep(0.5)
        cpu0, wall0 = cpu_s(proc.pid), time.perf_counter()
        mine0 = time.process_time()
        t_sim0 = links[0].view.t_s
        rtts: list[float] = []
        until = loop.time() + args.duration
        views = await asyncio.gather(
            *(
                seat_loop(link, until, args.act_every, rtts, random.Random(i))
                for i, link in enumerate(links)
            )
        )
        cpu1, wall1 = cpu_s(proc.pid), time.perf_counter()
        mine1 = time.process_time()
        t_sim1 = links[0].view.t_s
        for link in links:
            await link.close()
    finally:
        proc.terminate()
        await proc.wait()
        shutil.rmtree(home, ignore_errors=True)
    rtts.sort()
    p = statistics.quantiles(rtts, n=100)
    wall = wall1 - wall0
    print(f"scenario {args.scenario}, {args.seats} seats, speed {args.speed}x, {wall:.1f} s wall")
    print(f"sim time advanced      {t_sim1 - t_sim0:8.1f} s ({(t_sim1 - t_sim0) / wall:.1f}x)")
    print(f"actions (round trips)  {len(rtts):8d}")
    print(f"round trip p50         {p[49] * 1000:8.1f} ms")
    print(f"round trip p95         {p[94] * 1000:8.1f} ms   (target < 100 ms)")
    print(f"round trip max         {rtts[-1] * 1000:8.1f} ms")
    print(f"views received/seat/s  {sum(views) / len(views) / wall:8.1f}")
    print(f"host CPU               {(cpu1 - cpu0) / wall:8.2f} cores (target < 0.5)")
    print(f"seats' CPU (this proc) {(mine1 - mine0) / wall:8.2f} cores")
    print(f"load average (1 min)   {os.getloadavg()[0]:8.2f} on {os.cpu_count()} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="hotel-evacuation")
    parser.add_argument("--seats", type=int, default=30)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--speed", type=float, default=10.0)
    parser.add_argument("--act-every", type=float, default=1.0, help="seconds between acts")
    parser.add_argument(
        "--records-dir",
        help="where the host's temporary records folder goes (default: the system's temporary "
        "folder; /dev/shm takes the disk's fsync out of the round trip)",
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
