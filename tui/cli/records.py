"""The commands that record drills: ``run``, ``resume`` and ``replay`` (docs/records.md); the
history's own commands are in :mod:`tui.cli.history`.

Nothing here imports Textual (but ``resume`` in a terminal, which opens the app), and the
engine is imported only by the commands that run or replay a drill. Every command first
records the finished drills the history is missing (:func:`tui.cli.common.heal`).

- ``drillsim run SCENARIO [--playbook P] [--seed N] [--unit U] [--team T]
  [--participant NAME:ROLE]... [--json]``: a headless drill that is journaled as it runs and
  kept in the history (``--pace-s S``, not shown in the help, waits S real seconds after
  each step, so a test can stop the process part way).
- ``drillsim resume``: unfinished drills; ``resume SESSION``: in a terminal, the app opens
  on the drill where it stopped (paused); otherwise (or with ``--info``) where it stopped and
  how to go on; ``resume SESSION --playbook P | --finish``: go on headless and record it.
- ``drillsim replay JOURNAL [--json] [--format F -o FILE] [--record]``.
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
from tui.cli.common import (
    Subcommands,
    check_output,
    check_seed,
    guarded,
    lang_option,
    load_for_run,
    output_format,
    write_or_print,
)
from tui.cli.output import error, lang_of, note, print_json, print_result, safe

SUPPRESS = argparse.SUPPRESS


# --- parser -----------------------------------------------------------------------------------


def register(subparsers: Subcommands) -> None:
    """Add ``run``, ``resume`` and ``replay`` (help in ``subparsers.lang``)."""
    from sim.i18n import tr
    from tui.cli.paperwork import campaign_options, replay_options

    lang = subparsers.lang
    sub = subparsers

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
    lang_option(p, lang)
    campaign_options(p, lang)
    p.set_defaults(func=guarded(cmd_run))

    p = sub.add_parser("resume", help=tr("cmd_resume", lang), description=tr("cmd_resume", lang))
    p.add_argument("session", nargs="?", metavar="SESSION", help=tr("arg_session", lang))
    p.add_argument("--playbook", metavar="NAME|FILE", help=tr("opt_resume_playbook", lang))
    p.add_argument("--finish", action="store_true", help=tr("opt_finish", lang))
    p.add_argument("--info", action="store_true", help=tr("opt_info", lang))
    p.add_argument("--force", action="store_true", help=tr("opt_force_replay", lang))
    p.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    p.add_argument("--pace-s", type=float, default=0.0, help=SUPPRESS)
    lang_option(p, lang)
    p.set_defaults(func=guarded(cmd_resume))

    p = sub.add_parser("replay", help=tr("cmd_replay", lang), description=tr("cmd_replay", lang))
    p.add_argument("journal", metavar="JOURNAL", help=tr("arg_journal", lang))
    p.add_argument("--force", action="store_true", help=tr("opt_force_out", lang))
    p.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    p.add_argument("--format", choices=["md", "html", "json"], help=tr("opt_format", lang))
    p.add_argument("-o", "--output", metavar="FILE", help=tr("opt_out", lang))
    p.add_argument("--record", action="store_true", help=tr("opt_record", lang))
    lang_option(p, lang)
    replay_options(p, lang)
    p.set_defaults(func=guarded(cmd_replay))


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


# --- replay -----------------------------------------------------------------------------------------


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
    check_output(args.output, args.force)
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
        write_or_print(
            render(rep, output_format(args.format, args.output, "md")),
            args.output,
            lang,
            args.force,
        )
    elif args.json:
        print_json(result)
    else:
        print_result(result, lang)
    return 0 if rp.log_verified is not False else 1


def safe_rs(key: str, lang: Lang, /, **kwargs: Any) -> str:
    """A catalogue line whose arguments are outside text, safe for the terminal."""
    return safe(tr(key, lang, **kwargs))
