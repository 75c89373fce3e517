"""What the app writes besides the records: a drill's papers.

Every drill the app runs is journaled and kept in the history as it goes (``sim.records``);
the history is the one source of truth about results. From the debrief and the History
screen the evaluator exports, through one menu: the after-action report and improvement
plan (HTML, Markdown, JSON with the full result, or Word), the drill plan, the sign-in and
evaluation forms, the response cards (PDF or Word), the week's Friday report (Word and
Excel), the replay video (MP4) and the key-moment photos (PNG) (``sim.records.paperwork``).
By default a file goes to ``<home>/reports/<session>[-what].<ext>``, where ``<home>`` is
``DRILLSIM_HOME`` or the user data folder for drillsim (``sim.records.home``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sim import Lang

FORMATS: dict[str, str] = {
    "html": "html",
    "md": "md",
    "json": "json",
    "docx": "docx",
    "plan": "docx",
    "forms": "docx",
    "cards_pdf": "pdf",
    "cards_docx": "docx",
    "week": "docx",
    "table": "xlsx",
    "video": "mp4",
    "photos": "",
}
"""What the export menu offers, and each one's file suffix ('' : a folder)."""

SLOW = frozenset({"video", "photos"})
"""Exports that replay the drill and draw it: the app runs them in the background."""


def reports_dir() -> Path:
    """Where reports are written unless the user gives another path (it may not exist yet)."""
    from sim.records import home

    return home() / "reports"


def default_report_path(session_id: str, fmt: str) -> Path:
    """The default file (or folder) of one of a session's exports."""
    suffix = FORMATS.get(fmt, fmt)
    name = session_id if fmt in ("html", "md", "json", "docx") else f"{session_id}-{fmt}"
    name = name.removesuffix("_pdf").removesuffix("_docx")
    return reports_dir() / (f"{name}.{suffix}" if suffix else name)


def format_of(path: str | Path, default: str = "html") -> str:
    """The report format a file name asks for (its suffix), else ``default``."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return {
        "md": "md",
        "markdown": "md",
        "html": "html",
        "htm": "html",
        "json": "json",
        "docx": "docx",
        "mp4": "video",
        "pdf": "cards_pdf",
    }.get(suffix, default)


def report_text(session_id: str, fmt: str, lang: Lang) -> str:
    """A session's after-action report (from the history and a replay of its journal)."""
    from sim.records import build_report, gather, render

    return render(build_report(gather(session_id), lang), fmt)


def export_report(
    session_id: str, path: str | Path, lang: Lang, fmt: str | None = None, *, force: bool = False
) -> Path:
    """Write one of a session's exports to ``path`` (what, from ``fmt`` or the file's
    suffix), atomically; the path written. An existing file is replaced only with ``force``
    (the form asks first). RecordsError or OutputError (sim.atomic) when it cannot be made
    or written."""
    from sim import OutputError, write_atomic

    out = Path(path).expanduser()
    fmt = fmt or format_of(out)
    try:
        # The app makes the folder the evaluator typed (the command line does not).
        (out if fmt == "photos" else out.parent).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError("out_failed", out, exc.strerror or type(exc).__name__) from None
    if fmt in ("html", "md", "json"):
        write_atomic(out, report_text(session_id, fmt, lang).encode("utf-8"), force=force)
        return out
    if fmt == "docx":
        from sim.records import build_report, gather, report_docx

        write_atomic(out, report_docx(build_report(gather(session_id), lang)), force=force)
        return out
    if fmt in ("video", "photos"):
        from sim import temp_path
        from sim.records import save_photos, video_recording, write_video

        rec = video_recording(session_id, lang)
        if fmt == "photos":
            save_photos(rec, out, force=force)
            return out
        with temp_path(out, force=force) as tmp:
            write_video(rec, tmp)
        return out
    if fmt == "week":
        from sim.records import History, weekly_docx, weekly_report, weekly_xlsx

        day = date.fromisoformat(History().session(session_id).date)
        rep = weekly_report(day, lang)
        write_atomic(out.with_suffix(".docx"), weekly_docx(rep), force=force)
        write_atomic(out.with_suffix(".xlsx"), weekly_xlsx(rep), force=force)
        return out.with_suffix(".docx")
    if fmt == "table":
        from sim.records import export_table

        since, until = month_of(session_id)
        export_table(out, fmt="xlsx", lang=lang, since=since, until=until, force=force)
        return out
    write_atomic(out, scenario_paper(session_id, fmt, lang), force=force)
    return out


def month_of(session_id: str) -> tuple[date, date]:
    """The first and last day of the calendar month a session was run in: the span of the
    statistics table the app exports (the campaign reports by month, Safety Month being
    June)."""
    import calendar

    from sim.records import History

    day = date.fromisoformat(History().session(session_id).date)
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def scenario_paper(session_id: str, fmt: str, lang: Lang) -> bytes:
    """The plan, the forms or the cards of the scenario a session ran."""
    from sim import check_file, resolve
    from sim.records import (
        History,
        RecordsError,
        cards_docx,
        cards_pdf,
        file_sha256,
        forms_docx,
        plan_docx,
    )

    rec = History().session(session_id)
    path = resolve(rec.scenario_id)
    scenario = check_file(path).scenario if path is not None else None
    if path is None or scenario is None:
        raise RecordsError("err_scenario_missing", id=rec.scenario_id, path=rec.journal)
    sha = file_sha256(path)
    if fmt == "plan":
        return plan_docx(scenario, lang, sha256=sha)
    if fmt == "forms":
        return forms_docx(scenario, lang, sha256=sha)
    if fmt == "cards_docx":
        return cards_docx(scenario, lang, sha256=sha)
    return cards_pdf(scenario, lang, sha256=sha)
