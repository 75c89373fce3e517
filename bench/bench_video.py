"""Benchmark: rendering the replay video of a 40-minute hotel drill.

The bundled hotel scenario (hotel-evacuation, 2,400 s of drill time) is played headless by
its "late" playbook and journaled into a temporary records folder; then the video is made
as ``drillsim replay SESSION --video out.mp4`` makes it. The script prints the wall time of
each stage (replaying the journal and keeping the frames; drawing and encoding), the number
of frames, the video's length and size, and whether the whole took under the target of
60 s (the machine: 2 cores).

Run from the repository root:

    python -m bench.bench_video
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

TARGET_S = 60.0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DRILLSIM_HOME"] = str(Path(tmp) / "home")
        from sim.catalog import playbook_path, resolve
        from sim.loader import check_file
        from sim.playbook import load_playbook
        from sim.records.journal import Recorder
        from sim.records.paperwork import video

        path = resolve("hotel-evacuation")
        assert path is not None
        scenario = check_file(path).scenario
        assert scenario is not None
        pb = playbook_path(path, scenario.id, "late")
        assert pb is not None
        rec = Recorder.start(scenario, path, seed=1, playbook="late", lang="zh")
        for step in load_playbook(pb, scenario):
            rec.apply_step(step)
        rec.finish()
        session = rec.session_id

        t0 = time.perf_counter()
        recording = video.record(session, "zh")
        t1 = time.perf_counter()
        out = Path(tmp) / "hotel.mp4"
        frames = video.write_video(recording, out)
        t2 = time.perf_counter()
        total = t2 - t0
        print(
            json.dumps(
                {
                    "scenario": scenario.id,
                    "drill_s": scenario.duration_s,
                    "frames": frames,
                    "video_s": round(frames / video.FPS, 1),
                    "size": list(video.VIDEO_SIZE),
                    "replay_s": round(t1 - t0, 2),
                    "draw_and_encode_s": round(t2 - t1, 2),
                    "total_s": round(total, 2),
                    "mp4_bytes": out.stat().st_size,
                    "cpus": os.cpu_count(),
                    "target_s": TARGET_S,
                    "ok": total < TARGET_S,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
