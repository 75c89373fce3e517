"""Benchmark: the terminal app's first paint, its drill tick with 1,000 people, its memory.

From one run this script prints:

- first paint: the time from starting ``drillsim`` (no arguments: the scenario picker) in a
  pseudo-terminal of 80×24 to the first frame that shows the picker, median and worst of
  RUNS starts. Target: under 1.0 s;
- drill tick: the time of one tick of the drill screen (``Drill.advance`` by one tick of
  sim time at 10× speed, the widgets' update, and the repaint of the screen) with 1,000
  people on the map, at 120×40, over TICKS ticks, p50 and p95: the wall time of the advance
  and the update, and the processor time of the whole tick with the repaint. Two sites: a generated
  office block of FLOORS storeys without a hazard, and the bundled hotel fire drill with
  its guests scaled up to 1,000 (if it is there). Target: p95 under 30 ms;
- memory: the peak resident set of this process after the tick runs (Python, Textual, the
  engine and the app with a 1,000-person drill), and of the ``drillsim`` processes started
  for the first paint. Target: under 200 MB.

Run from the repository root:

    python -m bench.bench_tui
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import pty
import resource
import select
import signal
import statistics
import struct
import sys
import termios
import time
from pathlib import Path
from typing import Any

import sim
from sim.yamlsafe import read_yaml
from tui.app import make_app
from tui.screens.drill import TICK_S, DrillScreen
from tui.session import DrillSession, Settings

RUNS = 5
TICKS = 200
PEOPLE = 1_000
FLOORS = 6
ROOMS_PER_FLOOR = 10
SPEED = 10.0
PAINT_TARGET_S = 1.0
TICK_TARGET_MS = 30.0
MEMORY_TARGET_MB = 200.0
PAINTED = b"choose a scenario"
"""Text of the picker's first frame (English)."""


# --- first paint ----------------------------------------------------------------------------


def first_paint_s(cols: int = 80, rows: int = 24, timeout_s: float = 20.0) -> float:
    """Seconds from starting ``drillsim`` in a pty to the picker on the screen."""
    drillsim = Path(sys.executable).with_name("drillsim")
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "DRILLSIM_LANG": "en",
        "DRILLSIM_SCENARIOS": "/nonexistent/drillsim-bench",
    }
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: become drillsim
        os.execve(str(drillsim), [str(drillsim), "--lang", "en"], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    seen = b""
    elapsed = float("nan")
    try:
        while time.perf_counter() - start < timeout_s:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if PAINTED in seen:
                elapsed = time.perf_counter() - start
                break
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)
    return elapsed


# --- the sites ----------------------------------------------------------------------------------


def office(people: int) -> dict[str, Any]:
    """An office block: FLOORS storeys of ROOMS_PER_FLOOR rooms on a corridor between two
    stairs, two exits and an assembly yard; the people spread over the rooms."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    per_room, extra = divmod(people, FLOORS * ROOMS_PER_FLOOR)
    for f in range(FLOORS):
        west, east = f"sw{f}", f"se{f}"
        nodes += [
            {
                "id": west,
                "kind": "stair",
                "x_m": 0,
                "y_m": 0,
                "floor": f,
                "name": f"West stair {f + 1}F",
            },
            {
                "id": east,
                "kind": "stair",
                "x_m": 8 * (ROOMS_PER_FLOOR + 1),
                "y_m": 0,
                "floor": f,
                "name": f"East stair {f + 1}F",
            },
        ]
        previous = west
        for r in range(ROOMS_PER_FLOOR):
            bay, room = f"c{f}_{r}", f"r{f}_{r}"
            x = 8 * (r + 1)
            nodes.append({"id": bay, "kind": "corridor", "x_m": x, "y_m": 0, "floor": f})
            nodes.append(
                {
                    "id": room,
                    "kind": "room",
                    "x_m": x,
                    "y_m": 6 if r % 2 else -6,
                    "floor": f,
                    "name": f"Room {f + 1}{r:02d}",
                    "area_m2": 40,
                }
            )
            edges.append(
                {"from": previous, "to": bay, "kind": "corridor", "length_m": 8, "width_m": 1.8}
            )
            edges.append(
                {
                    "from": bay,
                    "to": room,
                    "kind": "door",
                    "length_m": 4,
                    "width_m": 0.9,
                    "door_closed": False,
                }
            )
            count = per_room + (1 if f * ROOMS_PER_FLOOR + r < extra else 0)
            groups.append(
                {
                    "id": f"g{f}_{r}",
                    "node": room,
                    "count": count,
                    "premovement": {"dist": "lognormal", "median_s": 60, "sigma": 0.5},
                }
            )
            previous = bay
        edges.append(
            {"from": previous, "to": east, "kind": "corridor", "length_m": 8, "width_m": 1.8}
        )
        if f > 0:
            for side in ("w", "e"):
                edges.append(
                    {
                        "from": f"s{side}{f}",
                        "to": f"s{side}{f - 1}",
                        "kind": "stair",
                        "length_m": 10,
                        "width_m": 1.2,
                        "riser_m": 0.17,
                        "tread_m": 0.28,
                    }
                )
    nodes += [
        {"id": "exit_w", "kind": "exit", "x_m": -6, "y_m": 0, "floor": 0, "name": "West exit"},
        {
            "id": "exit_e",
            "kind": "exit",
            "x_m": 8 * (ROOMS_PER_FLOOR + 1) + 6,
            "y_m": 0,
            "floor": 0,
            "name": "East exit",
        },
        {
            "id": "yard",
            "kind": "assembly",
            "x_m": 40,
            "y_m": -40,
            "floor": 0,
            "name": "Yard",
            "area_m2": 2000,
        },
    ]
    edges += [
        {
            "from": "sw0",
            "to": "exit_w",
            "kind": "door",
            "length_m": 4,
            "width_m": 1.8,
            "door_closed": False,
        },
        {
            "from": "se0",
            "to": "exit_e",
            "kind": "door",
            "length_m": 4,
            "width_m": 1.8,
            "door_closed": False,
        },
        {"from": "exit_w", "to": "yard", "kind": "open", "length_m": 60, "width_m": 6},
        {"from": "exit_e", "to": "yard", "kind": "open", "length_m": 60, "width_m": 6},
    ]
    return {
        "format": 1,
        "id": "bench-office",
        "title": "Office block evacuation (benchmark)",
        "summary": "A generated office block.",
        "category": "evacuation",
        "duration_s": 1800,
        "roles": [{"id": "leader", "name": "Leader"}],
        "site": {"nodes": nodes, "edges": edges, "default_assembly": "yard"},
        "population": groups,
        "actions": [
            {
                "id": "alarm",
                "kind": "alarm",
                "key": "a",
                "label": "Alarm",
                "duration_s": 0,
                "fixed": {"scope": "all"},
            }
        ],
    }


def hotel(people: int) -> dict[str, Any] | None:
    """The bundled hotel fire drill with its guests scaled to ``people`` (None if absent or
    not loadable)."""
    path = sim.bundled_dir() / "hotel-evacuation.yaml"
    checked = sim.check_file(path) if path.exists() else None
    if checked is None or checked.scenario is None:
        return None
    # The file as written, not the loaded model: the model also holds the nodes its floor
    # blocks expand to, which would be declared twice.
    doc, _ = read_yaml(path.read_text(encoding="utf-8"))
    if doc is None:
        return None
    data: dict[str, Any] = doc.data
    walkers = [g for g in data["population"] if not g.get("casualty")]
    total = sum(g["count"] for g in walkers)
    factor = people / max(total, 1)
    for g in walkers:
        g["count"] = max(1, round(g["count"] * factor))
    walkers[0]["count"] += people - sum(g["count"] for g in walkers)
    return data


def scenario_of(data: dict[str, Any]) -> sim.Scenario:
    checked = sim.check_text(json.dumps(data, ensure_ascii=False), f"{data['id']}.yaml")
    if checked.scenario is None:
        raise SystemExit("\n".join(p.format("en") for p in checked.problems))
    return checked.scenario


# --- drill tick ---------------------------------------------------------------------------------


async def tick_times_ms(scenario: sim.Scenario) -> tuple[list[float], list[float], int]:
    """Per tick: the wall time of the advance and the widgets' update, and the processor
    time of the whole tick with the repaint (the test pilot's idle wait between ticks is
    sleep, not work, so it is measured as processor time), ms; and the people on site."""
    app = make_app(lang="en", catalog=[], autoplay=False, keymap={})
    update: list[float] = []
    whole: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        session = DrillSession(scenario, Settings(seed=1, speed=SPEED))
        screen = DrillScreen(session, autoplay=False)
        await app.push_screen(screen)
        await pilot.pause()
        people = int(session.snapshot().counts["total"])
        alarm = next((a for a in scenario.actions if a.kind in ("alarm", "evacuate")), None)
        if alarm is not None:
            session.act(alarm.id, session.default_role(alarm.id), {})
        for _ in range(TICKS):
            c0 = time.process_time()
            t0 = time.perf_counter()
            screen.advance_to(session.drill.now_s + SPEED * TICK_S)
            t1 = time.perf_counter()
            await pilot.pause()
            c2 = time.process_time()
            update.append((t1 - t0) * 1000)
            whole.append((c2 - c0) * 1000)
            if session.finished:
                break
    return update, whole, people


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> None:
    paints = [first_paint_s() for _ in range(RUNS)]
    child_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    ok = [p for p in paints if p == p]
    print(f"first paint (drillsim → picker, 80×24, {RUNS} starts)")
    print(
        f"  median {statistics.median(ok):.3f} s, worst {max(ok):.3f} s  (target < {PAINT_TARGET_S} s)"
    )
    sites = [("office block, 6 storeys, no hazard", office(PEOPLE))]
    scaled = hotel(PEOPLE)
    if scaled is not None:
        sites.append(("hotel fire drill, 8 storeys, fire model", scaled))
    worst_p95 = 0.0
    for label, data in sites:
        sc = scenario_of(data)
        update, whole, people = asyncio.run(tick_times_ms(sc))
        worst_p95 = max(worst_p95, pct(whole, 95))
        print(f"drill tick, {label}: {people} people, {len(whole)} ticks at {SPEED:g}×, 120×40")
        print(f"  advance + widgets:  p50 {pct(update, 50):.1f} ms, p95 {pct(update, 95):.1f} ms")
        print(
            f"  with repaint (cpu): p50 {pct(whole, 50):.1f} ms, p95 {pct(whole, 95):.1f} ms"
            f"  (target p95 < {TICK_TARGET_MS:g} ms)"
        )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("memory (peak resident set)")
    print(
        f"  this process after the ticks: {rss_mb:.0f} MB; drillsim at first paint: {child_rss_mb:.0f} MB  (target < {MEMORY_TARGET_MB:g} MB)"
    )
    verdict = (
        max(ok) < PAINT_TARGET_S
        and worst_p95 < TICK_TARGET_MS
        and max(rss_mb, child_rss_mb) < MEMORY_TARGET_MB
    )
    print("all targets met" if verdict else "some targets missed")


if __name__ == "__main__":
    main()
