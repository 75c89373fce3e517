"""Statistics over many runs (sim/batch.py): unfinished runs stay in the ranking."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.batch import is_time_point, percentile, summarise
from sim.catalog import bundled_dir


def test_percentiles_of_finished_runs_match_numpy() -> None:
    values = [12.0, 3.0, 7.5, 40.0, 18.0, 9.0, 22.0]
    stats = summarise([{"evacuation_time_s": v} for v in values])["evacuation_time_s"]
    for p in (5, 50, 95):
        assert stats[f"p{p}"] == pytest.approx(float(np.percentile(values, p)))
    assert stats["mean"] == pytest.approx(float(np.mean(values)))
    assert (stats["n"], stats["unfinished"]) == (7, 0)


def test_a_percentile_among_unfinished_runs_is_unknown() -> None:
    # Five runs, two of which never finished the evacuation: ranked 100, 200, 300, ∞, ∞.
    # Linear interpolation between order statistics (h = (n − 1) p / 100):
    #   p5:  h = 0.2 → 100 + 0.2 · (200 − 100) = 120
    #   p50: h = 2   → 300
    #   p95: h = 3.8 → between 300 and ∞: unknown
    # From the finished runs alone p95 would have been 290: a failing plan looking fast.
    runs: list[dict[str, float | None]] = [
        {"evacuation_time_s": 300.0},
        {"evacuation_time_s": None},
        {"evacuation_time_s": 100.0},
        {"evacuation_time_s": None},
        {"evacuation_time_s": 200.0},
    ]
    stats = summarise(runs)["evacuation_time_s"]
    assert stats["p5"] == pytest.approx(120.0)
    assert stats["p50"] == pytest.approx(300.0)
    assert stats["p95"] is None
    assert (stats["n"], stats["unfinished"]) == (5, 2)
    assert stats["mean"] is None and stats["max"] is None
    assert stats["min"] == pytest.approx(100.0)


def test_one_unfinished_run_in_twenty_hides_the_p95() -> None:
    runs: list[dict[str, float | None]] = [{"evacuation_time_s": float(t)} for t in range(19)]
    runs.append({"evacuation_time_s": None})
    stats = summarise(runs)["evacuation_time_s"]
    # h = 19 · 0.95 = 18.05: 5 % of the way from the slowest finished run to the unfinished one
    assert stats["p95"] is None
    assert stats["p50"] == pytest.approx(9.5)


def test_a_responder_that_never_arrived_in_a_run_is_unfinished_there() -> None:
    runs: list[dict[str, float | None]] = [
        {"responders_arrived_s.fire": 400.0, "people_safe": 10.0},
        {"people_safe": 12.0},
    ]
    stats = summarise(runs)
    assert stats["responders_arrived_s.fire"]["unfinished"] == 1
    assert stats["responders_arrived_s.fire"]["p50"] is None
    # a count is not a time: a run without it is simply not counted
    assert stats["people_safe"]["unfinished"] == 0


def test_percentile_interpolates_exactly_at_order_statistics() -> None:
    ordered = [1.0, 2.0, 4.0, float("inf")]
    assert percentile(ordered, 0) == 1.0
    assert percentile(ordered, 50) == pytest.approx(3.0)  # h = 1.5
    assert percentile(ordered, 100) is None


def test_margins_are_not_time_points() -> None:
    assert is_time_point("evacuation_time_s") and is_time_point("responders_arrived_s.fire")
    assert not is_time_point("rset_aset_margin_s") and not is_time_point("people_safe")


def test_a_batch_reads_the_scenario_once_and_again_when_it_changes(tmp_path: Path) -> None:
    """Runs in one worker share the scenario they read; their figures are those of a fresh
    read, and a file saved in between (another size) is read again."""
    from sim import batch
    from sim.loader import load_scenario
    from sim.playbook import run_playbook
    from sim.result import drill_result

    src = bundled_dir() / "workshop-evacuation.yaml"
    path = tmp_path / "workshop-evacuation.yaml"
    path.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    batch._LOADED.clear()
    first = batch.run_one(str(path), None, 3)
    cached = batch._LOADED[(batch._stamp(str(path)), None)][0]
    assert batch.run_one(str(path), None, 3) == first
    assert batch._LOADED[(batch._stamp(str(path)), None)][0] is cached
    fresh = batch._figures(drill_result(run_playbook(load_scenario(path), [], 3)))
    assert first == fresh
    text = path.read_text(encoding="utf-8").replace("duration_s: 900", "duration_s: 1200")
    path.write_text(text, encoding="utf-8")
    batch.run_one(str(path), None, 3)
    reread = batch._LOADED[(batch._stamp(str(path)), None)][0]
    assert reread is not cached and reread.duration_s == 1200
