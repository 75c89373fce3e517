"""Benchmark: what the training room's screens cost per view, on the hotel fire drill.

From one run this script prints, at 120×40, over the hotel drill run at 10× for its first
STEPS steps of one host tick each (``tui.room.host.TICK_S`` real seconds):

- seat view: the time a role's seat (the duty manager) takes to draw one new view
  (``SeatScreen.show_view``: the clock, the map, the card, the actions, the prompts and the
  feed's new entries), p50 and p95; target under 25 ms, a tenth of the host's tick, so
  that a seat keeps up with the host's views with room to spare on a loaded machine;
- display view: the same for the projector's display;
- console: the time of one redraw of the facilitator's console with its side panel (the
  live score, the seats, the timers, the expectations and the injects), p50 and p95; target
  under 30 ms (it redraws at most every ``tui.screens.console.REDRAW_S``).

The drawing is timed without the repaint to the terminal (Textual paints on its own
schedule). Run from the repository root:

    python -m bench.bench_room_screens
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

STEPS = 120
SIZE = (120, 40)
SPEED = 10.0


def quantiles_ms(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 of durations in seconds, as milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


async def main() -> None:
    import sim
    from tui.room.host import TICK_S, RoomHost
    from tui.room_apps import HostApp, SeatApp
    from tui.screens.console import ConsoleScreen
    from tui.screens.display import DisplayScreen
    from tui.screens.seat import SeatScreen
    from tui.session import DrillSession, Settings

    path = sim.bundled_dir() / "hotel-evacuation.yaml"
    checked = sim.check_file(path)
    assert checked.scenario is not None
    session = DrillSession(checked.scenario, Settings(seed=1, speed=SPEED))
    host = RoomHost(session, code="472913")
    host.start_drill()
    seat_app = SeatApp(host.local_link("duty_manager"), lang="zh")
    display_app = SeatApp(host.local_link(display=True), lang="zh")
    console_app = HostApp(host, lang="zh")
    seat_s: list[float] = []
    display_s: list[float] = []
    console_s: list[float] = []
    async with (
        seat_app.run_test(size=SIZE) as seat_pilot,
        display_app.run_test(size=SIZE) as display_pilot,
        console_app.run_test(size=SIZE) as console_pilot,
    ):
        await seat_pilot.pause()
        await display_pilot.pause()
        await console_pilot.pause()
        seat = seat_app.screen
        display = display_app.screen
        console = console_app.screen
        assert isinstance(seat, SeatScreen)
        assert isinstance(display, DisplayScreen)
        assert isinstance(console, ConsoleScreen)
        for _ in range(STEPS):
            host.tick(TICK_S)
            t0 = time.perf_counter()
            seat.show_view(seat.link.view)
            t1 = time.perf_counter()
            display.show_view(display.link.view)
            t2 = time.perf_counter()
            console.refresh_view(force=True)
            t3 = time.perf_counter()
            seat_s.append(t1 - t0)
            display_s.append(t2 - t1)
            console_s.append(t3 - t2)
            await seat_pilot.pause()
    print(f"hotel drill, {STEPS} host ticks at {SPEED:g}x, {SIZE[0]}x{SIZE[1]}")
    for name, samples, target in (
        ("seat view", seat_s, 25.0),
        ("display view", display_s, 25.0),
        ("console redraw", console_s, 30.0),
    ):
        p50, p95 = quantiles_ms(samples)
        verdict = "ok" if p95 < target else "OVER"
        print(
            f"{name:15s} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms"
            f"  (target p95 < {target:g} ms: {verdict})"
        )


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as home:
        os.environ["DRILLSIM_HOME"] = home
        asyncio.run(main())
