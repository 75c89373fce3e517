"""Benchmark: what the projector themes' contrast filter costs per frame.

The drill screen of the hotel fire drill (25 actions in two columns at 80×24), drawn whole
(every widget's lines, through the line filters, into one frame) FRAMES times under each
theme, 20 s of sim time apart so that the map, the feed and the actions change. Printed:
p50 and p95 of one whole frame in ms under 'dark' (no filter), 'light' (4.5:1) and
'contrast' (7:1). Target: the filter adds under 5 ms to a frame (the clock ticks every
100 ms). Run from the repository root:

    python -m bench.bench_themes
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

FRAMES = 40
SIZES = [(80, 24), (120, 40)]


async def frames_ms(theme: str, size: tuple[int, int]) -> list[float]:
    """Times of whole frames of the drill screen under a theme, in ms."""
    from sim import bundled_dir, check_file
    from tui.app import make_app
    from tui.screens.drill import DrillScreen
    from tui.session import DrillSession, Participant, Settings

    sc = check_file(bundled_dir() / "hotel-evacuation.yaml").scenario
    assert sc is not None
    session = DrillSession(sc, Settings(participants=[Participant("W", sc.roles[0].id)], seed=1))
    app = make_app(lang="en", catalog=[], autoplay=False, keymap={}, theme=theme)
    out = []
    async with app.run_test(size=size) as pilot:
        drill = DrillScreen(session, autoplay=False)
        await app.push_screen(drill)
        await pilot.pause()
        for _ in range(FRAMES):
            drill.step(20.0)
            await pilot.pause()
            for widget in app.screen.query("*"):
                widget._styles_cache.clear()  # draw every line again, not from the cache
            t0 = time.perf_counter()
            app.screen._compositor.render_update(full=True, screen_stack=[], simplify=True)
            out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    os.environ.setdefault("DRILLSIM_HOME", tempfile.mkdtemp(prefix="drillsim-bench-"))
    for size in SIZES:
        for theme in ("dark", "light", "contrast"):
            samples = sorted(asyncio.run(frames_ms(theme, size)))
            p50 = statistics.median(samples)
            p95 = samples[int(0.95 * (len(samples) - 1))]
            print(f"{size[0]}x{size[1]} {theme:9} frame p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")


if __name__ == "__main__":
    main()
