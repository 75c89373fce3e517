"""Benchmark: building and rendering the after-action report of the chemical-vehicle-leak drill.

The bundled scenario is played headless by its "late" playbook (no journal: the report is
made from the result alone, as after the journal is gone). The script prints the median wall
time, over several rounds, of each step: building the view-model (``build_view``), its JSON
(``to_json``), reading that JSON back (``ReportView.from_json``), and rendering Markdown and
HTML from the Jinja2 templates; and the first render of each template (loading and compiling
it), which is paid once per process.

Run from the repository root:

    python -m bench.bench_report
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

ROUNDS = 20


def _median_ms(fn: Callable[[], Any], rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times)


def main() -> None:
    from sim.catalog import playbook_path, resolve
    from sim.loader import check_file
    from sim.playbook import load_playbook, run_playbook
    from sim.records.report import ReportInput, ReportView, build_view, to_html, to_markdown
    from sim.result import drill_result

    path = resolve("chemical-vehicle-leak")
    assert path is not None
    sc = check_file(path).scenario
    assert sc is not None
    pb = playbook_path(path, sc.id, "late")
    assert pb is not None
    result = drill_result(run_playbook(sc, load_playbook(pb, sc), 1))
    inp = ReportInput(
        session="bench", scenario_id=sc.id, result=result, scenario=sc, hazard_model="none"
    )

    t0 = time.perf_counter()
    view = build_view(inp, "zh")
    to_markdown(view)
    first_md_ms = (time.perf_counter() - t0) * 1000.0
    t0 = time.perf_counter()
    to_html(view)
    first_html_ms = (time.perf_counter() - t0) * 1000.0

    data = view.to_json()
    print(f"timeline events: {len(view.timeline)}, expectations: {len(view.expectations)}")
    print(f"first build + Markdown (templates compiled): {first_md_ms:7.1f} ms")
    print(f"first HTML (template compiled):              {first_html_ms:7.1f} ms")
    print(f"build_view:        {_median_ms(lambda: build_view(inp, 'zh')):7.2f} ms (median)")
    print(f"to_json:           {_median_ms(view.to_json):7.2f} ms")
    print(f"from_json:         {_median_ms(lambda: ReportView.from_json(data)):7.2f} ms")
    print(f"to_markdown(view): {_median_ms(lambda: to_markdown(view)):7.2f} ms")
    print(f"to_html(view):     {_median_ms(lambda: to_html(view)):7.2f} ms")
    print(f"to_html(json):     {_median_ms(lambda: to_html(data)):7.2f} ms")


if __name__ == "__main__":
    main()
