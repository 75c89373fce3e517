"""The history's commands: ``history`` (with ``show``, ``progress``, ``note`` and
``improve``), ``report`` and ``export`` (docs/records.md). Like every records command, each
first records the finished drills the history is missing (:func:`tui.cli.common.heal`).

- ``drillsim history [filters] [--json]``; ``history show|progress|note|improve ...``.
- ``drillsim report SESSION --format md|html|json -o FILE [--lang zh|en]``.
- ``drillsim export [--since D] [--until D] [--unit U] [--team T] --format csv|xlsx -o FILE``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sim import Lang
from sim.i18n import tr
from tui.cli.common import (
    Subcommands,
    check_output,
    guarded,
    lang_option,
    output_format,
    write_or_print,
)
from tui.cli.output import error, lang_of, note, print_json, safe

# --- parser -----------------------------------------------------------------------------------


def register(subparsers: Subcommands) -> None:
    """Add ``history``, ``report`` and ``export`` (help in ``subparsers.lang``)."""
    from tui.cli.paperwork import export_options

    lang = subparsers.lang
    sub = subparsers

    p = sub.add_parser("history", help=tr("cmd_history", lang), description=tr("cmd_history", lang))
    _filters(p, lang)
    p.add_argument("--scenario", metavar="ID", help=tr("opt_scenario_filter", lang))
    p.add_argument("--status", choices=["running", "finished"], help=tr("opt_status", lang))
    p.add_argument("--limit", type=int, metavar="N", help=tr("opt_limit", lang))
    p.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    p.set_defaults(func=guarded(cmd_history))
    hsub = p.add_subparsers(dest="history_command", metavar="COMMAND")
    q = hsub.add_parser(
        "show", help=tr("cmd_history_show", lang), description=tr("cmd_history_show", lang)
    )
    q.add_argument("session", metavar="SESSION", help=tr("arg_session", lang))
    q.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    q.set_defaults(func=guarded(cmd_history_show))
    q = hsub.add_parser(
        "progress",
        help=tr("cmd_history_progress", lang),
        description=tr("cmd_history_progress", lang),
    )
    q.add_argument("team", metavar="TEAM", help=tr("arg_team", lang))
    q.add_argument("--scenario", metavar="ID", help=tr("opt_scenario_filter", lang))
    q.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    q.set_defaults(func=guarded(cmd_history_progress))
    q = hsub.add_parser(
        "note", help=tr("cmd_history_note", lang), description=tr("cmd_history_note", lang)
    )
    q.add_argument("session", metavar="SESSION", help=tr("arg_session", lang))
    q.add_argument("text", nargs="?", metavar="TEXT", help=tr("arg_note_text", lang))
    q.add_argument("--author", help=tr("opt_author", lang))
    g = q.add_mutually_exclusive_group()
    g.add_argument("--edit", nargs="+", metavar=("ID", "TEXT"), help=tr("opt_edit_note", lang))
    g.add_argument("--delete", type=int, metavar="ID", help=tr("opt_delete", lang))
    q.set_defaults(func=guarded(cmd_history_note))
    q = hsub.add_parser(
        "improve", help=tr("cmd_history_improve", lang), description=tr("cmd_history_improve", lang)
    )
    q.add_argument("session", metavar="SESSION", help=tr("arg_session", lang))
    q.add_argument("--issue", help=tr("opt_issue", lang))
    q.add_argument("--action", help=tr("opt_action", lang))
    q.add_argument("--responsible", help=tr("opt_responsible", lang))
    q.add_argument("--start", help=tr("opt_start", lang))
    q.add_argument("--due", help=tr("opt_due", lang))
    q.add_argument("--capability", help=tr("opt_capability", lang))
    q.add_argument(
        "--status", choices=["open", "in_progress", "done"], help=tr("opt_item_status", lang)
    )
    g = q.add_mutually_exclusive_group()
    g.add_argument("--edit", type=int, metavar="ID", help=tr("opt_edit", lang))
    g.add_argument("--delete", type=int, metavar="ID", help=tr("opt_delete", lang))
    q.set_defaults(func=guarded(cmd_history_improve))

    p = sub.add_parser("report", help=tr("cmd_report", lang), description=tr("cmd_report", lang))
    p.add_argument("session", metavar="SESSION", help=tr("arg_session", lang))
    p.add_argument("--format", choices=["md", "html", "json", "docx"], help=tr("opt_format", lang))
    p.add_argument("-o", "--output", metavar="FILE", help=tr("opt_out", lang))
    p.add_argument("--force", action="store_true", help=tr("opt_force_out", lang))
    lang_option(p, lang)
    p.set_defaults(func=guarded(cmd_report))

    p = sub.add_parser("export", help=tr("cmd_export", lang), description=tr("cmd_export", lang))
    _filters(p, lang)
    p.add_argument("--format", choices=["csv", "xlsx", "docx"], help=tr("opt_format", lang))
    p.add_argument("-o", "--output", metavar="FILE", help=tr("opt_out", lang))
    p.add_argument("--force", action="store_true", help=tr("opt_replace", lang))
    lang_option(p, lang)
    export_options(p, lang)
    p.set_defaults(func=guarded(cmd_export))


def _filters(p: argparse.ArgumentParser, lang: Lang) -> None:
    p.add_argument("--since", metavar="YYYY-MM-DD", help=tr("opt_since", lang))
    p.add_argument("--until", metavar="YYYY-MM-DD", help=tr("opt_until", lang))
    p.add_argument("--unit", help=tr("opt_unit", lang))
    p.add_argument("--team", help=tr("arg_team", lang))


# --- report ---------------------------------------------------------------------------------------


def cmd_report(args: argparse.Namespace) -> int:
    """``drillsim report SESSION``: the after-action report and improvement plan."""
    from sim.records import build_report, gather, render

    lang = lang_of(args)
    check_output(args.output, args.force)
    inp = gather(args.session, force=args.force)
    rep = build_report(inp, lang)
    for w in rep["warnings"]:
        note(safe(w))
    fmt = output_format(args.format, args.output, "md")
    if fmt == "docx":
        from tui.cli.paperwork import write_report_docx

        return write_report_docx(rep, args)
    write_or_print(render(rep, fmt), args.output, lang, args.force)
    return 0


# --- history ------------------------------------------------------------------------------------------


def _cell(text: str, width: int) -> str:
    from tui.cells import fit

    return fit(safe(text), width)


def cmd_history(args: argparse.Namespace) -> int:
    """``drillsim history``: the drills that match the filters, newest first."""
    from sim.i18n import grade_label, tr
    from sim.records import History

    lang = lang_of(args)
    rows = History().sessions(
        team=args.team,
        scenario=args.scenario,
        since=args.since,
        until=args.until,
        unit=args.unit,
        status=args.status,
        limit=args.limit,
    )
    if args.json:
        print_json([_session_json(r) for r in rows])
        return 0
    if not rows:
        print(tr("cli_history_empty", lang))
        return 0
    cols = [
        ("col_session", 24),
        ("fact_started", 17),
        ("col_unit", 14),
        ("col_team", 10),
        ("history_scenario", 26),
    ]
    print(
        " ".join(_cell(tr(k, lang), w) for k, w in cols)
        + f" {tr('h_total', lang):>6} {_cell(tr('col_grade', lang), 10)} {tr('plan_status', lang)}"
    )
    for r in rows:
        title = r.scenario_title.get(lang) or r.scenario_id
        total = "-" if r.total is None else f"{r.total:.1f}"
        values = [r.id, r.started[:16].replace("T", " "), r.unit or "-", r.team or "-", title]
        print(
            " ".join(_cell(v, w) for v, (_, w) in zip(values, cols, strict=True))
            + f" {total:>6} {_cell(grade_label(r.grade, lang) or '-', 10)} {tr('status_' + r.status, lang)}"
        )
    return 0


def _session_json(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "started": r.started,
        "ended": r.ended,
        "unit": r.unit,
        "team": r.team,
        "participants": [p.to_json() for p in r.participants],
        "scenario": r.scenario_id,
        "scenario_title": r.scenario_title,
        "category": r.scenario_category,
        "seed": r.seed,
        "status": r.status,
        "total": r.total,
        "grade": r.grade,
        "duration_s": r.duration_s,
        "journal": r.journal,
    }


def cmd_history_show(args: argparse.Namespace) -> int:
    """``drillsim history show SESSION``."""
    from sim.records import History

    lang = lang_of(args)
    h = History()
    rec = h.session(args.session)
    notes, items = h.notes(rec.id), h.improvements(rec.id)
    if args.json:
        out = _session_json(rec)
        out["expectations"] = [
            {
                "id": x.expectation,
                "title": x.title,
                "category": x.category,
                "status": x.status,
                "credit": x.credit,
                "rating": x.rating,
            }
            for x in rec.expectations
        ]
        out["notes"] = [{"id": n.id, "author": n.author, "text": n.text} for n in notes]
        out["improvements"] = [i.to_json() for i in items]
        print_json(out)
        return 0
    for key, value in _session_json(rec).items():
        if key != "participants":
            print(f"{key:<15} {safe(value)}")
    for p in rec.participants:
        print(f"{'participant':<15} {safe(p.name)} ({safe(p.role)})")
    for x in rec.expectations:
        title = safe(x.title.get(lang) or x.expectation)
        print(f"  {safe(x.rating)}  {safe(x.status):<15} {x.credit:5.2f}  {title}")
    print(tr("show_notes", lang))
    for n in notes:
        print(f"  [{n.id}] {safe(n.text)}" + (f" —— {safe(n.author)}" if n.author else ""))
    if not notes:
        print(tr("show_none", lang))
    print(tr("show_plan", lang))
    for i in items:
        print(
            f"  [{i.id}] {safe(i.issue)} → {safe(i.action)} "
            f"({safe(i.responsible)}, {safe(i.due_date)}, {safe(i.status)})"
        )
    if not items:
        print(tr("show_none", lang))
    return 0


def cmd_history_progress(args: argparse.Namespace) -> int:
    """``drillsim history progress TEAM``."""
    from sim.records import History

    lang = lang_of(args)
    prog = History().progress(args.team, scenario=args.scenario)
    if args.json:
        print_json(prog.to_json())
        return 0

    def f(x: float | None) -> str:
        return "-" if x is None else f"{x:.1f}"

    print(
        tr(
            "progress_line",
            lang,
            team=safe(prog.team),
            count=prog.count,
            mean=f(prog.mean_total),
            best=f(prog.best_total),
            latest=f(prog.latest_total),
            change=("+" if (prog.change or 0) > 0 else "") + f(prog.change),
        )
    )
    for p in prog.points:
        bar = "█" * round(p.total / 5)
        print(
            f"  {safe(p.started[:16]).replace('T', ' ')}  {p.total:5.1f} {safe(p.grade):<3} "
            f"{bar}  {safe(p.scenario_id)}"
        )
    return 0


def cmd_history_note(args: argparse.Namespace) -> int:
    """``drillsim history note SESSION [TEXT] [--edit ID | --delete ID]``."""
    from sim.records import History

    lang = lang_of(args)
    h = History()
    rec = h.session(args.session)
    if args.delete is not None:
        h.delete_note(args.delete, session_id=rec.id)
        print(tr("note_deleted", lang, id=args.delete))
        return 0
    if args.edit is not None:
        first, *rest = args.edit
        if not first.isdigit() or (rest and args.text):
            error(safe(tr("bad_note_edit", lang, value=" ".join(args.edit))))
            return 2
        note_id = int(first)
        text = " ".join(rest) if rest else args.text
        h.edit_note(note_id, text=text, author=args.author, session_id=rec.id)
        print(tr("note_changed", lang, id=note_id))
        return 0
    if not args.text:
        error(tr("note_needs_text", lang))
        return 2
    note_id = h.add_note(rec.id, args.text, author=args.author or "")
    print(tr("note_added", lang, id=note_id))
    return 0


def cmd_history_improve(args: argparse.Namespace) -> int:
    """``drillsim history improve SESSION --issue ... [--edit ID | --delete ID]``."""
    from sim.records import History

    lang = lang_of(args)
    h = History()
    rec = h.session(args.session)
    if args.delete is not None:
        h.delete_improvement(args.delete, session_id=rec.id)
        print(tr("item_deleted", lang, id=args.delete))
        return 0
    fields = {
        "issue": args.issue,
        "action": args.action,
        "responsible": args.responsible,
        "start_date": args.start,
        "due_date": args.due,
        "capability": args.capability,
        "status": args.status,
    }
    given = {k: v for k, v in fields.items() if v is not None}
    if args.edit is not None:
        h.edit_improvement(args.edit, session_id=rec.id, **given)
        print(tr("item_changed", lang, id=args.edit))
        return 0
    if not args.issue:
        error(tr("item_needs_issue", lang))
        return 2
    item_id = h.add_improvement(rec.id, **given)
    print(tr("item_added", lang, id=item_id))
    return 0


# --- export --------------------------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    """``drillsim export``: the Safety Month statistics table."""
    from sim.records import History, export_csv, export_rows, export_table
    from tui.cli.paperwork import export_week, record_langs, table_lang

    if args.week is not None or args.format == "docx":
        return export_week(args)
    lang = table_lang(args, record_langs(args, args.since, args.until))
    fmt = args.format or (Path(args.output).suffix.lower().lstrip(".") if args.output else "csv")
    fmt = "xlsx" if fmt == "xlsx" else "csv"
    if fmt == "xlsx" and not args.output:
        error(tr("xlsx_needs_file", lang))
        return 2
    if not args.output:
        table = export_rows(
            History(), lang, since=args.since, until=args.until, unit=args.unit, team=args.team
        )
        sys.stdout.write(export_csv(table, lang))
        return 0
    check_output(args.output, args.force)
    count = export_table(
        args.output,
        force=args.force,
        fmt=fmt,
        lang=lang,
        since=args.since,
        until=args.until,
        unit=args.unit,
        team=args.team,
    )
    note(safe(tr("exported", lang, count=count, path=args.output)))
    return 0
