"""The report's three charts as PNG images for Word documents: the expectations against
their target and limit windows, the evacuation curve, and the hazard over time.

They show what the HTML report's SVG charts show (sim/records/svg.py) and take their data
from the same view-model (:class:`sim.records.report.ReportView`), choosing the rows and the
scale as the SVG charts do (:mod:`sim.records.report.rows`). Drawn with
matplotlib's Agg backend in the Chinese font :mod:`.fonts` finds.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from sim.i18n import tr
from sim.records.paperwork.fonts import find_cjk_font
from sim.records.report import ReportView, as_view, mmss
from sim.records.report.rows import charted_expectations, hazard_scale
from sim.text import Lang

GREEN, RED, BLUE, AMBER, MUTED, NAVY = (
    "#2e7d32",
    "#c62828",
    "#1565c0",
    "#d97706",
    "#64748b",
    "#1e3a5f",
)
STATUS_COLOUR = {"met": GREEN, "late": AMBER, "missed": RED, "violated": RED, "avoided": GREEN}
DPI = 150


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    font = find_cjk_font()
    if font is not None:
        font_manager.fontManager.addfont(str(font.path))
        names = [f.name for f in font_manager.fontManager.ttflist if f.fname == str(font.path)]
        if names:
            plt.rcParams["font.sans-serif"] = [*sorted(set(names)), "DejaVu Sans"]
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buf.getvalue()


def _time_axis(ax: Any, duration_s: float, label: str) -> None:
    step = 60.0 * max(1, round(duration_s / 60.0 / 8))
    ticks = [i * step for i in range(int(duration_s // step) + 1)]
    ax.set_xticks(ticks)
    ax.set_xticklabels([mmss(x) for x in ticks])
    ax.set_xlim(0, duration_s)
    ax.set_xlabel(label)
    ax.grid(axis="x", color="#e5e7eb", linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def timeline_png(report: ReportView | Mapping[str, Any], lang: Lang) -> bytes:
    """Each expectation's window (target green, limit amber) and when it was done."""
    plt = _plt()
    rep = as_view(report)
    rows = charted_expectations(rep)
    duration = float(rep.overview.sim_s or 1.0)
    fig, ax = plt.subplots(figsize=(7.2, 0.42 * max(3, len(rows)) + 1.0))
    for i, x in enumerate(reversed(rows)):
        start = float(x.start_s or 0.0)
        if not x.harmful:
            target, limit = float(x.target_s or 0.0), float(x.limit_s or 0.0)
            ax.barh(i, limit - target, left=start + target, height=0.5, color="#fde68a")
            ax.barh(i, target, left=start, height=0.5, color="#bbf7d0")
        done = x.done_at_s
        colour = STATUS_COLOUR.get(x.status, MUTED)
        if done is not None:
            ax.plot([done], [i], marker="D", color=colour, markersize=7)
        else:
            ax.plot([duration], [i], marker="x", color=RED, markersize=8)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([_short(x.title) for x in reversed(rows)], fontsize=8)
    _time_axis(ax, duration, tr("rpt_axis_time", lang))
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(color="#bbf7d0", label=tr("rpt_legend_target", lang)),
            Patch(color="#fde68a", label=tr("rpt_legend_limit", lang)),
            Line2D([], [], marker="D", color=GREEN, ls="", label=tr("rpt_legend_done", lang)),
            Line2D([], [], marker="x", color=RED, ls="", label=tr("rpt_legend_missed", lang)),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18),
        ncol=4,
        frameon=False,
        fontsize=8,
    )
    ax.set_title(tr("rpt_timeline_chart", lang), fontsize=10, color=NAVY)
    return _png(fig)


def _short(text: str, n: int = 26) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def evacuation_png(report: ReportView | Mapping[str, Any], lang: Lang) -> bytes:
    """People safe over time as a step curve, with RSET and ASET marked."""
    plt = _plt()
    rep = as_view(report)
    out = rep.outcome
    duration = float(rep.overview.sim_s or 1.0)
    curve = [(0.0, 0.0)] + [(float(a), float(b)) for a, b in out.evacuation_curve]
    if curve[-1][0] < duration:
        curve.append((duration, curve[-1][1]))
    walking = float(out.people_walking or 0)
    fig, ax = plt.subplots(figsize=(7.2, 2.8))
    xs, ys = [a for a, _ in curve], [b for _, b in curve]
    ax.step(xs, ys, where="post", color=GREEN, label=tr("rpt_people_safe", lang))
    ax.fill_between(xs, ys, step="post", color=GREEN, alpha=0.15)
    if walking:
        ax.axhline(walking, color=MUTED, ls=":", lw=1)
        ax.text(duration, walking, f" {int(walking)}", va="center", fontsize=8, color=MUTED)
    if out.evacuation_time_s is not None:
        ax.axvline(out.evacuation_time_s, color=BLUE, ls="--", lw=1)
        ax.text(out.evacuation_time_s, 0, f" RSET {mmss(out.evacuation_time_s)}",
                color=BLUE, fontsize=8, va="bottom")  # fmt: skip
    if out.aset_s is not None:
        ax.axvline(out.aset_s, color=RED, ls="--", lw=1)
        ax.text(out.aset_s, walking * 0.5, f" ASET {mmss(out.aset_s)}", color=RED,
                fontsize=8)  # fmt: skip
    ax.set_ylim(0, max(walking, 1.0) * 1.1)
    ax.set_ylabel(tr("rpt_axis_people", lang))
    _time_axis(ax, duration, tr("rpt_axis_time", lang))
    ax.set_title(tr("rpt_evac_curve", lang), fontsize=10, color=NAVY)
    return _png(fig)


def hazard_png(report: ReportView | Mapping[str, Any], lang: Lang) -> bytes | None:
    """The hazard's highest level anywhere and where people were, with the thresholds
    (None when the report has no hazard curve)."""
    rep = as_view(report)
    hz = rep.hazard
    if not hz.available or not hz.samples:
        return None
    plt = _plt()
    duration = float(rep.overview.sim_s or 1.0)
    samples = hz.samples
    ts = [float(a) for a, _, _ in samples]
    site = [float(b) for _, b, _ in samples]
    occ = [float(c) for _, _, c in samples]
    log, ref = hazard_scale(rep)
    fig, ax = plt.subplots(figsize=(7.2, 2.8))
    ax.plot(ts, site, color=MUTED, ls="--", label=tr("rpt_hazard_site", lang))
    ax.plot(ts, occ, color=RED, label=tr("rpt_hazard_occupied", lang))
    for th in hz.thresholds or []:
        ax.axhline(th.value, color=AMBER, lw=0.8, ls=":")
        ax.text(0, th.value, f" {th.label}", color=AMBER, fontsize=7, va="bottom")
    if log:
        ax.set_yscale("symlog", linthresh=max(ref / 10.0, 1e-6))
    ax.set_ylabel((hz.unit or "") + (" (log)" if log else ""))
    _time_axis(ax, duration, tr("rpt_axis_time", lang))
    ax.legend(fontsize=8, frameon=False, loc="upper right")
    ax.set_title(tr("rpt_hazard_curve", lang), fontsize=10, color=NAVY)
    return _png(fig)
