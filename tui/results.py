"""What the app writes besides the records: the after-action report of a drill.

Every drill the app runs is journaled and kept in the history as it goes (``sim.records``);
the history is the one source of truth about results. From the debrief and the History
screen the evaluator can export a session's after-action report and improvement plan
(Markdown, HTML, or JSON with the full result) to a file; by default it goes to
``<home>/reports/<session>.<ext>``, where ``<home>`` is ``DRILLSIM_HOME`` or the user data
folder for drillsim (``sim.records.home``).
"""

from __future__ import annotations

from pathlib import Path

from sim import Lang

FORMATS: dict[str, str] = {"html": "html", "md": "md", "json": "json"}
"""Report formats and their file suffixes."""


def reports_dir() -> Path:
    """Where reports are written unless the user gives another path (it may not exist yet)."""
    from sim.records import home

    return home() / "reports"


def default_report_path(session_id: str, fmt: str) -> Path:
    """The default file of a session's report in a format."""
    return reports_dir() / f"{session_id}.{FORMATS.get(fmt, fmt)}"


def format_of(path: str | Path, default: str = "html") -> str:
    """The report format a file name asks for (its suffix), else ``default``."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"md": "md", "markdown": "md", "html": "html", "htm": "html", "json": "json"}.get(
        suffix, default
    )


def report_text(session_id: str, fmt: str, lang: Lang) -> str:
    """A session's after-action report (from the history and a replay of its journal)."""
    import sim.records.report as rpt

    rep = rpt.build_report(rpt.gather(session_id), lang)
    return rpt.render(rep, fmt)


def export_report(
    session_id: str, path: str | Path, lang: Lang, fmt: str | None = None, *, force: bool = False
) -> Path:
    """Write a session's report to ``path`` (the format from ``fmt`` or the file's suffix)
    atomically, replacing an existing file only with ``force``; the path written.
    RecordsError or OutputError (sim.atomic) when it cannot be made or written."""
    from sim.atomic import OutputError, check_destination, write_atomic

    out = Path(path).expanduser()
    try:
        # The app makes the folder the evaluator typed (the command line does not).
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError("out_failed", out, exc.strerror or type(exc).__name__) from None
    check_destination(out, force=force)
    text = report_text(session_id, fmt or format_of(out), lang)
    return write_atomic(out, text, force=force)
