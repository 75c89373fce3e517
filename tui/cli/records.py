"""The records commands: ``run``, ``resume``, ``replay``, ``history``, ``report`` and
``export`` (docs/records.md).

Nothing here imports Textual (but ``resume`` in a terminal, which opens the app), and the
engine is imported only by the commands that run or replay a drill. Every command first
records the finished drills the history is missing (:func:`heal`).

- ``drillsim run SCENARIO [--playbook P] [--seed N] [--unit U] [--team T]
  [--participant NAME:ROLE]... [--json]``: a headless drill that is journaled as it runs and
  kept in the history (``--pace-s S``, not shown in the help, waits S real seconds after
  each step, so a test can stop the process part way).
- ``drillsim resume``: unfinished drills; ``resume SESSION``: in a terminal, the app opens
  on the drill where it stopped (paused); otherwise (or with ``--info``) where it stopped and
  how to go on; ``resume SESSION --playbook P | --finish``: go on headless and record it.
- ``drillsim replay JOURNAL [--json] [--format F -o FILE] [--record]``.
- ``drillsim history [filters] [--json]``; ``history show|progress|note|improve ...``.
- ``drillsim report SESSION --format md|html|json -o FILE [--lang zh|en]``.
- ``drillsim export [--since D] [--until D] [--unit U] [--team T] --format csv|xlsx -o FILE``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sim import Lang, RecordsError
from sim.i18n import tr
from tui.cli.common import Subcommands, check_seed, load_for_run
from tui.cli.output import Handler, error, guard, lang_of, note, print_json, print_result, safe

SUPPRESS = argparse.SUPPRESS


def heal(lang: Lang) -> None:
    """Record finished drills the history is missing (a crash between a journal's end line
    and the history write), and say so; never fails a command."""
    from sim.records import record_missing

    try:
        healed = record_missing()
    except (RecordsError, OSError):
        return
    for session in healed:
        note(safe(tr("healed", lang, session=session)))


def _guard(command: Handler) -> Handler:
    """``command`` with its failures said in one line (:func:`tui.cli.output.guard`), after
    :func:`heal`."""
    return guard(command, before=heal)


# --- parser -----------------------------------------------------------------------------------


def register(subparsers: Subcommands) -> None:
    """Add the records commands (help in ``subparsers.lang``)."""
    from sim.i18n import tr
    from tui.cli.paperwork import campaign_options, export_options, replay_options

    lang = subparsers.lang
    sub = subparsers

    def lang_opt(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--lang", choices=["zh", "en"], default=SUPPRESS, help=tr("opt_report_lang", lang)
        )

    p = sub.add_parser("run", help=tr("cmd_run", lang), description=tr("cmd_run", lang))
    p.add_argument("scenario", metavar="SCENARIO", help=tr("arg_scenario", lang))
    p.add_argument("--playbook", metavar="NAME|FILE", help=tr("opt_playbook", lang))
    p.add_argument("--seed", type=int, default=1, help=tr("opt_seed", lang))
    p.add_argument("--unit", default="", help=tr("opt_unit", lang))
    p.add_argument("--team", default="", help=tr("arg_team", lang))
    p.add_argument(
        "--participant",
        action="append",
        default=[],
        metavar="NAME:ROLE",
        help=tr("opt_participant", lang),
    )
    p.add_argument("--no-history", action="store_true", help=tr("opt_no_history", lang))
    p.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    p.add_argument("--pace-s", type=float, default=0.0, help=SUPPRESS)
    lang_opt(p)
    campaign_options(p, lang)
    p.set_defaults(func=_guard(cmd_run))

    p = sub.add_parser("resume", help=tr("cmd_resume", lang), description=tr("cmd_resume", lang))
    p.add_argument("session", nargs="?", metavar="SESSION", help=tr("arg_session", lang))
    p.add_argument("--playbook", metavar="NAME|FILE", help=tr("opt_resume_playbook", lang))
    p.add_argument("--finish", action="store_true", help=tr("opt_finish", lang))
    p.add_argument("--info", action="store_true", help=tr("opt_info", lang))
    p.add_argument("--force", action="store_true", help=tr("opt_force_replay", lang))
    p.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    p.add_argument("--pace-s", type=float, default=0.0, help=SUPPRESS)
    lang_opt(p)
    p.set_defaults(func=_guard(cmd_resume))

    p = sub.add_parser("replay", help=tr("cmd_replay", lang), description=tr("cmd_replay", lang))
    p.add_argument("journal", metavar="JOURNAL", help=tr("arg_journal", lang))
    p.add_argument("--force", action="store_true", help=tr("opt_force_out", lang))
    p.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    p.add_argument("--format", choices=["md", "html", "json"], help=tr("opt_format", lang))
    p.add_argument("-o", "--output", metavar="FILE", help=tr("opt_out", lang))
    p.add_argument("--record", action="store_true", help=tr("opt_record", lang))
    lang_opt(p)
    replay_options(p, lang)
    p.set_defaults(func=_guard(cmd_replay))

    p = sub.add_parser("history", help=tr("cmd_history", lang), description=tr("cmd_history", lang))
    _filters(p, lang)
    p.add_argument("--scenario", metavar="ID", help=tr("opt_scenario_filter", lang))
    p.add_argument("--status", choices=["running", "finished"], help=tr("opt_status", lang))
    p.add_argument("--limit", type=int, metavar="N", help=tr("opt_limit", lang))
    p.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    p.set_defaults(func=_guard(cmd_history))
    hsub = p.add_subparsers(dest="history_command", metavar="COMMAND")
    q = hsub.add_parser(
        "show", help=tr("cmd_history_show", lang), description=tr("cmd_history_show", lang)
    )
    q.add_argument("session", metavar="SESSION", help=tr("arg_session", lang))
    q.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    q.set_defaults(func=_guard(cmd_history_show))
    q = hsub.add_parser(
        "progress",
        help=tr("cmd_history_progress", lang),
        description=tr("cmd_history_progress", lang),
    )
    q.add_argument("team", metavar="TEAM", help=tr("arg_team", lang))
    q.add_argument("--scenario", metavar="ID", help=tr("opt_scenario_filter", lang))
    q.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    q.set_defaults(func=_guard(cmd_history_progress))
    q = hsub.add_parser(
        "note", help=tr("cmd_history_note", lang), description=tr("cmd_history_note", lang)
    )
    q.add_argument("session", metavar="SESSION", help=tr("arg_session", lang))
    q.add_argument("text", nargs="?", metavar="TEXT", help=tr("arg_note_text", lang))
    q.add_argument("--author", help=tr("opt_author", lang))
    g = q.add_mutually_exclusive_group()
    g.add_argument("--edit", nargs="+", metavar=("ID", "TEXT"), help=tr("opt_edit_note", lang))
    g.add_argument("--delete", type=int, metavar="ID", help=tr("opt_delete", lang))
    q.set_defaults(func=_guard(cmd_history_note))
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
    q.set_defaults(func=_guard(cmd_history_improve))

    p = sub.add_parser("report", help=tr("cmd_report", lang), description=tr("cmd_report", lang))
    p.add_argument("session", metavar="SESSION", help=tr("arg_session", lang))
    p.add_argument("--format", choices=["md", "html", "json", "docx"], help=tr("opt_format", lang))
    p.add_argument("-o", "--output", metavar="FILE", help=tr("opt_out", lang))
    p.add_argument("--force", action="store_true", help=tr("opt_force_out", lang))
    lang_opt(p)
    p.set_defaults(func=_guard(cmd_report))

    p = sub.add_parser("export", help=tr("cmd_export", lang), description=tr("cmd_export", lang))
    _filters(p, lang)
    p.add_argument("--format", choices=["csv", "xlsx", "docx"], help=tr("opt_format", lang))
    p.add_argument("-o", "--output", metavar="FILE", help=tr("opt_out", lang))
    p.add_argument("--force", action="store_true", help=tr("opt_replace", lang))
    lang_opt(p)
    export_options(p, lang)
    p.set_defaults(func=_guard(cmd_export))


def _filters(p: argparse.ArgumentParser, lang: Lang) -> None:
    p.add_argument("--since", metavar="YYYY-MM-DD", help=tr("opt_since", lang))
    p.add_argument("--until", metavar="YYYY-MM-DD", help=tr("opt_until", lang))
    p.add_argument("--unit", help=tr("opt_unit", lang))
    p.add_argument("--team", help=tr("arg_team", lang))


# --- loading ------------------------------------------------------------------------------------


def _steps(path: Path, scenario: Any, name: str | None, lang: Lang) -> list[Any] | None:
    from sim import ScenarioError, load_playbook, playbook_path
    from sim.i18n import tr

    if not name:
        return []
    pb = playbook_path(path, scenario.id, name)
    if pb is None:
        error(tr("no_playbook", lang, name=name, scenario=scenario.id))
        return None
    try:
        return list(load_playbook(pb, scenario))
    except ScenarioError as exc:
        error(exc.format(lang))
        return None


def _participants(values: Sequence[str], scenario: Any, lang: Lang) -> list[Any] | None:
    from sim import Participant, control_chars, nfc

    roles = [r.id for r in scenario.roles]
    out = []
    for value in values:
        text = nfc(value).replace("：", ":").replace("=", ":")
        name, sep, role = text.rpartition(":")
        if not sep or not name.strip() or role.strip() not in roles:
            error(safe(tr("bad_participant", lang, value=value, roles=", ".join(roles))))
            return None
        if any(c in name for c in PARTICIPANT_SEPARATORS) or control_chars(name):
            error(safe(tr("bad_participant_name", lang, value=value)))
            return None
        out.append(Participant(name.strip(), role.strip()))
    return out


PARTICIPANT_SEPARATORS = (":", "：", "=", ",", "，", ";", "；")
"""Characters that separate names from roles, or participants from each other, in the
records; a name holding one would be read back differently."""


# --- printing -----------------------------------------------------------------------------------


def _finish_output(rec: Any, result: dict[str, Any], args: argparse.Namespace, lang: Lang) -> None:
    for w in rec.warnings:
        note(safe_rs("history_warning", lang, detail=w))
    if args.json:
        out = dict(result)
        out["session"] = {"id": rec.session_id, "journal": str(rec.journal_path)}
        print_json(out)
        return
    print_result(result, lang)
    if rec.history is not None:
        note(tr("report_hint", lang, session=rec.session_id))


def _take_steps(rec: Any, steps: Sequence[Any], pace_s: float) -> None:
    """Take the playbook's steps; RecordsError (the drill stays resumable up to the last
    line written) as soon as the journal cannot be written."""
    for step in steps:
        rec.apply_step(step)
        if rec.write_error is not None:
            why = rec.write_problem_why()
            rec.close()
            raise RecordsError("err_journal_write", path=rec.journal_path, why=why)
        if pace_s > 0:
            time.sleep(pace_s)


# --- run and resume ---------------------------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    """``drillsim run``: a journaled headless drill, kept in the history."""
    from sim.records import Recorder

    lang = lang_of(args)
    if not check_seed(args.seed, lang):
        return 2
    loaded = load_for_run(args.scenario, lang)
    if loaded is None:
        return 1
    path, scenario = loaded
    steps = _steps(path, scenario, args.playbook, lang)
    participants = _participants(args.participant, scenario, lang)
    if steps is None or participants is None:
        return 1
    rec = Recorder.start(
        scenario,
        path,
        seed=args.seed,
        unit=args.unit,
        team=args.team,
        participants=participants,
        lang=lang,
        playbook=args.playbook,
        record=not args.no_history,
        participants_count=args.participants_count,
        drill_level=args.level or "",
        drill_kind=args.drill_type or "",
    )
    note(safe_rs("started", lang, session=rec.session_id, path=rec.journal_path))
    try:
        _take_steps(rec, steps, args.pace_s)
        result = rec.finish()
    except KeyboardInterrupt:
        rec.close()
        note(tr("cli_interrupted_kept", lang, session=rec.session_id))
        return 130
    _finish_output(rec, result, args, lang)
    return 0


def _describe_input(inp: Any, lang: Lang) -> str:
    a = inp.args
    if inp.op == "act":
        params = ", ".join(f"{k}={v}" for k, v in (a.get("params") or {}).items())
        return f"{a['action']} ({a['by']}{'; ' + params if params else ''})"
    if inp.op == "fire_inject":
        return f"inject {a['inject']}"
    if inp.op == "free_inject":
        return f"facilitator: {a['text']}"
    return f"{a['kind']}"


def _interactive() -> bool:
    """Whether the command runs in a terminal a person is using (then resume opens the app)."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _resume_in_app(args: argparse.Namespace, lang: Lang) -> int:
    """Open the app on an unfinished drill, paused where it stopped."""
    from sim.records import resume_drill

    resumed = resume_drill(args.session, force=args.force)
    try:
        from tui.app import make_app
    except BaseException:
        resumed.recorder.close()
        raise
    make_app(lang=lang, resumed=resumed).run()
    resumed.recorder.close()
    return 0


def cmd_resume(args: argparse.Namespace) -> int:
    """``drillsim resume``: list unfinished drills, show one, or go on with one."""
    from sim.records import (
        find_journal,
        mmss,
        read_journal,
        remaining_steps,
        resume_drill,
        unfinished,
    )

    lang = lang_of(args)
    if not args.session:
        found = unfinished()
        if not found:
            print(tr("no_unfinished", lang))
            return 0
        print(tr("unfinished_header", lang))
        for j in found:
            flags = (tr("flag_in_use", lang) if j.in_use else "") + (
                tr("flag_damaged", lang) if j.skipped else ""
            )
            print(
                "  "
                + safe_rs(
                    "unfinished_row",
                    lang,
                    session=j.session,
                    scenario=j.header.scenario_id,
                    team=j.header.team or "-",
                    inputs=j.inputs,
                    clock=mmss(j.clock_s),
                    flags=flags,
                )
            )
        note(tr("resume_hint_list", lang))
        return 0
    if not args.playbook and not args.finish and not args.info and _interactive():
        return _resume_in_app(args, lang)
    if not args.playbook and not args.finish:
        read = read_journal(find_journal(args.session))
        if read.finished:
            raise RecordsError("err_finished", session=read.header.session)
        print(
            safe_rs(
                "stopped_at",
                lang,
                session=read.header.session,
                scenario=read.header.scenario_id,
                clock=mmss(read.clock_s),
                inputs=len(read.inputs),
            )
        )
        if read.inputs:
            last = read.inputs[-1]
            print(
                safe_rs("last_input", lang, time=mmss(last.t_s), what=_describe_input(last, lang))
            )
        for sk in read.skipped:
            print(tr("skipped_line", lang, what=sk.render(lang)))
        print(safe_rs("resume_how", lang, session=read.header.session))
        return 0
    resumed = resume_drill(args.session, force=args.force)
    rec = resumed.recorder
    try:
        for sk in resumed.skipped:
            note(tr("skipped_line", lang, what=sk.render(lang)))
        if resumed.damaged_copy is not None:
            note(tr("repaired", lang, path=resumed.damaged_copy))
        if resumed.scenario_changed:
            note(tr("scenario_changed_warn", lang))
        note(
            safe_rs(
                "resumed",
                lang,
                session=rec.session_id,
                inputs=len(resumed.inputs),
                clock=mmss(resumed.drill.now_s),
            )
        )
        steps: list[Any] = []
        if args.playbook:
            all_steps = _steps(resumed.scenario_path, resumed.drill.scenario, args.playbook, lang)
            if all_steps is None:
                rec.close()
                return 1
            steps = remaining_steps(all_steps, resumed.inputs)
            note(tr("remaining", lang, count=len(steps)))
        _take_steps(rec, steps, args.pace_s)
        result = rec.finish()
    except KeyboardInterrupt:
        rec.close()
        note(tr("cli_interrupted_kept", lang, session=rec.session_id))
        return 130
    _finish_output(rec, result, args, lang)
    return 0


# --- replay and report -----------------------------------------------------------------------------


def _write_or_print(text: str, output: str | None, lang: Lang, force: bool) -> None:
    from sim import write_atomic

    if output:
        write_atomic(output, text, force=force)
        note(safe(tr("wrote", lang, path=output)))
    else:
        sys.stdout.write(text)


def _check_output(output: str | None, force: bool) -> None:
    """Refuse an output file that cannot be written before the work that makes it."""
    from sim import check_destination

    if output:
        check_destination(output, force=force)


def _fmt(fmt: str | None, output: str | None, default: str) -> str:
    if fmt:
        return fmt
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    return {
        "md": "md",
        "markdown": "md",
        "html": "html",
        "htm": "html",
        "json": "json",
        "docx": "docx",
    }.get(suffix, default)


def cmd_replay(args: argparse.Namespace) -> int:
    """``drillsim replay JOURNAL``: rebuild the result (and the report) from a journal."""
    from sim.records import (
        History,
        build_report,
        find_journal,
        from_replay,
        read_journal,
        record_finished,
        render,
        replay,
    )

    lang = lang_of(args)
    if args.video or args.photos:
        from tui.cli.paperwork import replay_media

        return replay_media(args)
    _check_output(args.output, args.force)
    path = find_journal(args.journal)
    read = read_journal(path)
    want_report = bool(args.format or args.output)
    every = None
    if want_report:
        from sim.records import load_scenario_for

        scenario, _, _ = load_scenario_for(read.header, force=args.force)
        every = max(5.0, scenario.duration_s / 240.0)
    rp = replay(path, force=args.force, hazard_every_s=every, read=read)
    result = rp.result()
    for sk in read.skipped:
        note(tr("skipped_line", lang, what=sk.render(lang)))
    if rp.scenario_changed:
        note(tr("scenario_changed_warn", lang))
    if rp.log_verified is None:
        state = tr("log_unfinished", lang)
    else:
        state = tr("log_verified" if rp.log_verified else "log_differs", lang)
    note(tr("replayed", lang, inputs=len(read.inputs), state=state))
    history = History()
    if args.record and read.finished:
        end = read.end or {}
        record_finished(
            history,
            read.header,
            path,
            rp.drill.scenario,
            result,
            ended=str(end.get("wall") or read.last_wall),
            duration_s=end.get("active_s", read.active_s),
        )
        note(tr("recorded", lang, session=read.header.session))
    if want_report:
        rep = build_report(from_replay(rp, history), lang)
        _write_or_print(
            render(rep, _fmt(args.format, args.output, "md")), args.output, lang, args.force
        )
    elif args.json:
        print_json(result)
    else:
        print_result(result, lang)
    return 0 if rp.log_verified is not False else 1


def cmd_report(args: argparse.Namespace) -> int:
    """``drillsim report SESSION``: the after-action report and improvement plan."""
    from sim.records import build_report, gather, render

    lang = lang_of(args)
    _check_output(args.output, args.force)
    inp = gather(args.session, force=args.force)
    rep = build_report(inp, lang)
    for w in rep["warnings"]:
        note(safe(w))
    fmt = _fmt(args.format, args.output, "md")
    if fmt == "docx":
        from tui.cli.paperwork import write_report_docx

        return write_report_docx(rep, args)
    _write_or_print(render(rep, fmt), args.output, lang, args.force)
    return 0


# --- history ------------------------------------------------------------------------------------------


def _cell(text: str, width: int) -> str:
    from tui.cells import fit

    return fit(safe(text), width)


def safe_rs(key: str, lang: Lang, /, **kwargs: Any) -> str:
    """A catalogue line whose arguments are outside text, safe for the terminal."""
    return safe(tr(key, lang, **kwargs))


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
    _check_output(args.output, args.force)
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
