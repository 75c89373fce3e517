"""The paperwork on the command line.

- ``drillsim plan SCENARIO -o plan.docx``: the drill plan (演练方案).
- ``drillsim forms SCENARIO -o forms.docx``: the sign-in sheet and the evaluator's form.
- ``drillsim cards SCENARIO -o cards.pdf|cards.docx [--size A5|A6]``: response cards.
- ``drillsim report SESSION --format docx -o report.docx``: the report as a Word document.
- ``drillsim replay SESSION --video out.mp4 [--photos DIR]``: the replay video and stills.
- ``drillsim export --week [DATE] [-o FILE]``: the Friday report as DOCX and XLSX.
- ``drillsim run ... --participants-count N --level L --drill-type T``: the statistics
  table's fields.

Each writes its file through :func:`sim.write_atomic` (atomic; an existing file is kept
unless ``--force``). Nothing here imports Textual.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from sim import Lang, RecordsError
from sim.i18n import tr
from tui.cli.common import Subcommands, load_for_run
from tui.cli.output import error, guard, lang_of, note

SUPPRESS = argparse.SUPPRESS


# --- parser ------------------------------------------------------------------------------------


def campaign_options(p: argparse.ArgumentParser, lang: Lang) -> None:
    """``run``'s options for the statistics table: 参演人数, level and type."""
    from sim.records import DRILL_KINDS, DRILL_LEVELS

    p.add_argument(
        "--participants-count", type=_positive, metavar="N", help=tr("pw_opt_count", lang)
    )
    p.add_argument("--level", choices=DRILL_LEVELS, help=tr("pw_opt_level", lang))
    p.add_argument("--drill-type", choices=DRILL_KINDS, help=tr("pw_opt_kind", lang))


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(text)
    return value


def register(subparsers: Subcommands) -> None:
    """Add ``plan``, ``forms`` and ``cards`` (help in ``subparsers.lang``)."""
    lang = subparsers.lang
    sub = subparsers

    def common(p: argparse.ArgumentParser, suffix: str) -> None:
        p.add_argument("scenario", metavar="SCENARIO", help=tr("pw_arg_scenario", lang))
        p.add_argument("-o", "--output", metavar=f"FILE{suffix}", required=True,
                       help=tr("pw_opt_output", lang))  # fmt: skip
        p.add_argument("--force", action="store_true", help=tr("pw_opt_force", lang))
        p.add_argument("--lang", choices=["zh", "en"], default=SUPPRESS,
                       help=tr("pw_opt_doc_lang", lang))  # fmt: skip

    p = sub.add_parser("plan", help=tr("pw_cmd_plan", lang), description=tr("pw_cmd_plan", lang))
    common(p, ".docx")
    p.set_defaults(func=guard(cmd_plan))
    p = sub.add_parser("forms", help=tr("pw_cmd_forms", lang), description=tr("pw_cmd_forms", lang))
    common(p, ".docx")
    p.set_defaults(func=guard(cmd_forms))
    p = sub.add_parser("cards", help=tr("pw_cmd_cards", lang), description=tr("pw_cmd_cards", lang))
    common(p, ".pdf|.docx")
    p.add_argument("--size", choices=["A5", "A6"], default="A6", help=tr("pw_opt_size", lang))
    p.set_defaults(func=guard(cmd_cards))


def replay_options(p: argparse.ArgumentParser, lang: Lang) -> None:
    """``replay``'s options for the video and the photos."""
    p.add_argument("--video", metavar="FILE.mp4", help=tr("pw_opt_video", lang))
    p.add_argument("--photos", metavar="DIR", help=tr("pw_opt_photos", lang))


def export_options(p: argparse.ArgumentParser, lang: Lang) -> None:
    """``export``'s option for the Friday report."""
    p.add_argument("--week", nargs="?", const="today", metavar="YYYY-MM-DD",
                   help=tr("pw_opt_week", lang))  # fmt: skip


# --- scenario documents -------------------------------------------------------------------------


def _scenario(name: str, lang: Lang) -> tuple[Any, str] | None:
    from sim.records import file_sha256

    loaded = load_for_run(name, lang, as_given=False)
    if loaded is None:
        return None
    path, scenario = loaded
    return scenario, file_sha256(path)


def _write(path: str, data: bytes, args: argparse.Namespace) -> None:
    from sim import write_atomic

    write_atomic(path, data, force=bool(getattr(args, "force", False)))
    note(tr("pw_written", lang_of(args), path=path))


def _scenario_paper(args: argparse.Namespace, make: Any) -> int:
    """Check the output, read the scenario, write ``make(scenario, lang, sha256=...)``."""
    from sim import check_destination

    lang = lang_of(args)
    check_destination(args.output, force=args.force)
    loaded = _scenario(args.scenario, lang)
    if loaded is None:
        return 1
    scenario, sha = loaded
    _write(args.output, make(scenario, lang, sha256=sha), args)
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    """``drillsim plan SCENARIO -o plan.docx``."""
    from sim.records import plan_docx

    return _scenario_paper(args, plan_docx)


def cmd_forms(args: argparse.Namespace) -> int:
    """``drillsim forms SCENARIO -o forms.docx``."""
    from sim.records import forms_docx

    return _scenario_paper(args, forms_docx)


def cmd_cards(args: argparse.Namespace) -> int:
    """``drillsim cards SCENARIO -o cards.pdf|cards.docx [--size A5|A6]``."""
    from sim import check_destination
    from sim.records import cards_docx, cards_pdf

    lang = lang_of(args)
    check_destination(args.output, force=args.force)
    loaded = _scenario(args.scenario, lang)
    if loaded is None:
        return 1
    scenario, sha = loaded
    if Path(args.output).suffix.lower() == ".docx":
        data = cards_docx(scenario, lang, size=args.size, sha256=sha)
    else:
        data = cards_pdf(scenario, lang, size=args.size, sha256=sha)
    _write(args.output, data, args)
    return 0


# --- the report as a Word document --------------------------------------------------------------


def write_report_docx(rep: dict[str, Any], args: argparse.Namespace) -> int:
    """``report --format docx``: the report object written as a Word document."""
    from sim.records import report_docx

    if not args.output:
        error(tr("pw_needs_file", lang_of(args), fmt="DOCX"))
        return 2
    _write(args.output, report_docx(rep), args)
    return 0


# --- video and photos ---------------------------------------------------------------------------


def replay_media(args: argparse.Namespace) -> int:
    """``replay SESSION --video out.mp4 [--photos DIR]``."""
    from sim import check_destination, temp_path
    from sim.records import VIDEO_FPS, save_photos, video_recording, write_video

    lang = lang_of(args)
    if args.video:
        check_destination(args.video, force=args.force)
    rec = video_recording(args.journal, lang, force=args.force)
    if args.video:
        with temp_path(args.video, force=args.force) as tmp:
            frames = write_video(rec, tmp)
        seconds = round(frames / VIDEO_FPS, 1)
        note(tr("pw_video_made", lang, path=args.video, frames=frames, seconds=seconds))
    if args.photos:
        Path(args.photos).mkdir(parents=True, exist_ok=True)
        written = save_photos(rec, args.photos, force=args.force)
        note(tr("pw_photos_made", lang, path=args.photos, count=len(written)))
    return 0


# --- the statistics table and the Friday report -------------------------------------------------


def table_lang(args: argparse.Namespace, langs: list[str]) -> Lang:
    """The statistics table's language: as asked with ``--lang``; otherwise Chinese when the
    locale is Chinese or any of its drills was run in Chinese."""
    if getattr(args, "lang_given", False):
        return lang_of(args)
    if lang_of(args) == "zh" or "zh" in langs:
        return "zh"
    return "en"


def record_langs(args: argparse.Namespace, since: Any = None, until: Any = None) -> list[str]:
    """The languages the drills in the table's range were run in."""
    from sim.records import History

    rows = History().sessions(since=since, until=until, unit=args.unit, team=args.team,
                              status="finished")  # fmt: skip
    return [r.lang for r in rows]


def export_week(args: argparse.Namespace) -> int:
    """``export --week [DATE]``: the Friday report as DOCX and XLSX."""
    from sim import check_destination
    from sim.records import report_week, weekly_docx, weekly_report, weekly_xlsx

    given = args.week
    try:
        day = date.today() if given in (None, "today") else date.fromisoformat(given)
    except ValueError:
        raise RecordsError("err_bad_week", value=given) from None
    since, until = report_week(day)
    lang = table_lang(args, record_langs(args, since, until))
    out = args.output or f"drill-week-{until.isoformat()}"
    suffix = Path(out).suffix.lower()
    fmts = [args.format] if args.format in ("docx", "xlsx") else []
    if not fmts:
        fmts = [suffix.lstrip(".")] if suffix in (".docx", ".xlsx") else ["docx", "xlsx"]
    base = Path(out).with_suffix("") if suffix in (".docx", ".xlsx") else Path(out)
    paths = {fmt: str(base.with_name(base.name + "." + fmt)) for fmt in fmts}
    for path in paths.values():
        check_destination(path, force=args.force)
    rep = weekly_report(day, lang, unit=args.unit, team=args.team)
    for fmt, path in paths.items():
        _write(path, weekly_docx(rep) if fmt == "docx" else weekly_xlsx(rep), args)
    note(tr("pw_week_done", lang_of(args), count=rep.counts.drills, since=since, until=until))
    return 0
