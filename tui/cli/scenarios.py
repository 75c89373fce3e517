"""The scenario commands: ``validate``, ``list``, ``simulate``, ``play`` and ``schema``.

- ``drillsim validate FILE... [--watch [--draw PICTURE]]``: one line per problem on standard
  output, exit 1 if any file is invalid (``--watch``: :mod:`tui.cli.authoring`).
- ``drillsim list [--json]``: the bundled scenarios, then the user's.
- ``drillsim simulate SCENARIO [--playbook P] [--seed N] [--runs N [--jobs N]] [--json]``: a
  drill run headless, its result; with ``--runs`` the statistics of many seeds.
- ``drillsim play SCENARIO``: the app, on the setup of one scenario.
- ``drillsim schema [-o FILE] [--check] [--reference]``: the scenario JSON Schema, or the
  reference of the format (docs/reference.md).

The JSON printed is the public contract of docs/authoring.md and docs/scenarios.md. Only
``play`` imports Textual, and only ``simulate`` the engine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sim import Lang
from sim.i18n import category_label, tr
from tui.cli.common import MAX_RUNS, Subcommands, check_jobs, check_seed, load_for_run
from tui.cli.output import error, note, print_json, print_result, print_stats, progress, safe


def register(subparsers: Subcommands) -> None:
    """Add ``validate``, ``list``, ``simulate``, ``play`` and ``schema``."""
    from tui.cli.authoring import add_watch_options

    lang = subparsers.lang
    p = subparsers.add_parser(
        "validate", help=tr("cmd_validate", lang), description=tr("cmd_validate", lang)
    )
    p.add_argument("files", nargs="+", metavar="FILE", help=tr("arg_files", lang))
    add_watch_options(p, lang)
    p.set_defaults(func=cmd_validate)

    p = subparsers.add_parser("list", help=tr("cmd_list", lang), description=tr("cmd_list", lang))
    p.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    p.set_defaults(func=cmd_list)

    p = subparsers.add_parser(
        "simulate", help=tr("cmd_simulate", lang), description=tr("cmd_simulate", lang)
    )
    p.add_argument("scenario", metavar="SCENARIO", help=tr("arg_scenario", lang))
    p.add_argument("--playbook", metavar="NAME|FILE", help=tr("opt_playbook", lang))
    p.add_argument("--seed", type=int, default=1, help=tr("opt_seed", lang))
    p.add_argument("--runs", type=int, default=1, metavar="N", help=tr("opt_runs", lang))
    p.add_argument("--jobs", type=int, default=None, metavar="N", help=tr("opt_jobs", lang))
    p.add_argument("--force-jobs", action="store_true", help=tr("opt_force_jobs", lang))
    p.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    p.set_defaults(func=cmd_simulate)

    p = subparsers.add_parser("play", help=tr("cmd_play", lang), description=tr("cmd_play", lang))
    p.add_argument("scenario", metavar="SCENARIO", help=tr("arg_scenario", lang))
    p.add_argument(
        "--speed",
        type=float,
        choices=[1.0, 2.0, 5.0, 10.0],
        default=1.0,
        metavar="{1,2,5,10}",
        help=tr("opt_speed", lang),
    )
    p.add_argument("--seed", type=int, default=None, help=tr("opt_play_seed", lang))
    p.add_argument("--team", default="", help=tr("opt_team", lang))
    p.add_argument(
        "--mode", choices=["coaching", "assessment"], default="coaching", help=tr("opt_mode", lang)
    )
    p.add_argument(
        "--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help=tr("opt_lang", lang)
    )
    p.add_argument(
        "--theme", choices=["dark", "light", "contrast"], default="dark", help=tr("opt_theme", lang)
    )
    p.set_defaults(func=cmd_play)

    p = subparsers.add_parser(
        "schema", help=tr("cmd_schema", lang), description=tr("cmd_schema", lang)
    )
    p.add_argument("-o", "--output", metavar="FILE", help=tr("opt_output", lang))
    p.add_argument("--force", action="store_true", help=tr("opt_force", lang))
    p.add_argument("--check", action="store_true", help=tr("opt_check", lang))
    p.add_argument("--reference", action="store_true", help=tr("opt_reference", lang))
    p.set_defaults(func=cmd_schema)


def cmd_validate(args: argparse.Namespace) -> int:
    """``drillsim validate FILE...``: one line per problem, exit 1 if any file is invalid."""
    from sim import check_file

    lang: Lang = args.lang
    if getattr(args, "watch", False):
        from tui.cli.authoring import run_watch

        return run_watch(args)
    bad = 0
    count = 0
    for name in args.files:
        checked = check_file(name, display=name)
        if checked.problems:
            bad += 1
            count += len(checked.problems)
            for problem in checked.problems:
                print(problem.format(lang))
        else:
            note(safe(tr("cli_valid", lang, file=name)))
    if bad:
        error(tr("cli_summary_bad", lang, count=count, files=bad))
        return 1
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """``drillsim list [--json]``: bundled scenarios, then the user's."""
    from rich.cells import cell_len

    from sim import entries, localize, user_dir
    from tui.cells import pad

    lang: Lang = args.lang
    found = entries()
    if args.json:
        out: list[dict[str, Any]] = []
        for e in found:
            sc = e.checked.scenario
            item: dict[str, Any] = {
                "id": e.id,
                "title": _text_json(sc.title) if sc else e.path.stem,
                "category": sc.category if sc else None,
                "path": str(e.path),
                "playbooks": list(e.playbooks),
                "source": e.source,
                "duration_s": sc.duration_s if sc else None,
                "difficulty": sc.difficulty if sc else None,
                "valid": sc is not None,
            }
            if sc is None:
                item["problems"] = [p.format(lang) for p in e.checked.problems]
            out.append(item)
        print_json(out)
        return 0
    id_w = max([len(e.id) for e in found] + [2]) + 2
    cat_w = (
        max(
            [
                cell_len(category_label(e.checked.scenario.category, lang))
                for e in found
                if e.checked.scenario
            ]
            + [1]
        )
        + 2
    )
    for e in found:
        sc = e.checked.scenario
        if sc is None:
            broken = tr("cli_broken", lang, count=len(e.checked.problems))
            print(safe(f"{e.id:<{id_w}}{pad('-', cat_w)}{'-':>6}  {broken}  {e.path}"))
            continue
        minutes = f"{sc.duration_s / 60:.0f} min"
        source = "" if e.source == "bundled" else f"  [{tr('list_user', lang)}]"
        print(
            f"{safe(sc.id):<{id_w}}{pad(category_label(sc.category, lang), cat_w)}"
            f"{minutes:>6}  {safe(localize(sc.title, lang))}{source}"
        )
    note(safe(tr("cli_user_folder", lang, path=user_dir())))
    return 0


def _text_json(text: Any) -> Any:
    return text if isinstance(text, str) else {"zh": text.zh, "en": text.en}


def cmd_simulate(args: argparse.Namespace) -> int:
    """``drillsim simulate``: run a drill headless, print its result or a summary."""
    from sim import (
        SEED_MAX,
        ScenarioError,
        drill_result,
        load_playbook,
        playbook_path,
        run_playbook,
    )

    lang: Lang = args.lang
    if not check_seed(args.seed, lang):
        return 2
    jobs = check_jobs(args.jobs, args.force_jobs, lang)
    if jobs == 0:
        return 2
    loaded = load_for_run(args.scenario, lang)
    if loaded is None:
        return 1
    path, scenario = loaded
    pb_path = None
    if args.playbook:
        pb_path = playbook_path(path, scenario.id, args.playbook)
        if pb_path is None:
            error(tr("no_playbook", lang, name=args.playbook, scenario=scenario.id))
            return 1
    try:
        steps = load_playbook(pb_path, scenario) if pb_path else []
    except ScenarioError as exc:
        error(exc.format(lang))
        return 1
    if args.runs < 1:
        error(tr("runs_positive", lang))
        return 2
    if args.runs > MAX_RUNS or args.seed + args.runs - 1 > SEED_MAX:
        error(tr("runs_too_many", lang, max=MAX_RUNS))
        return 2
    if args.runs > 1:
        from sim import run_many, summarise

        seeds = list(range(args.seed, args.seed + args.runs))
        runs = run_many(path, pb_path, seeds, jobs, progress(lang))
        stats = summarise(runs)
        if args.json:
            out = {
                "scenario": scenario.id,
                "playbook": args.playbook,
                "seeds": [seeds[0], seeds[-1]],
                "runs": len(runs),
                "duration_s": scenario.duration_s,
                "stats": stats,
            }
            print_json(out)
        else:
            print_stats(stats, len(runs), scenario.id, scenario.duration_s, lang)
        return 0
    drill = run_playbook(scenario, steps, args.seed)
    result = drill_result(drill)
    if args.json:
        print_json(result)
        return 0
    print_result(result, lang)
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    """``drillsim play SCENARIO``: open the app on the setup of one scenario."""
    lang: Lang = args.lang
    if args.seed is not None and not check_seed(args.seed, lang):
        return 2
    loaded = load_for_run(args.scenario, lang)
    if loaded is None:
        return 1
    path, scenario = loaded
    from tui.app import make_app
    from tui.cli.common import heal

    heal(lang)
    make_app(
        lang=lang,
        scenario=scenario,
        scenario_path=path,
        speed=args.speed,
        seed=args.seed,
        team=args.team,
        mode=args.mode,
        theme=args.theme,
    ).run()
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """``drillsim schema``: print, write or check the scenario JSON Schema."""
    from sim import EXIT_STATUS, OutputError, ReadError, read_regular, schema_text, write_atomic

    lang: Lang = args.lang
    if getattr(args, "reference", False):
        from sim import reference_markdown

        text = reference_markdown()
        default_path = "docs/reference.md"
    else:
        text = schema_text()
        default_path = "scenarios/scenario.schema.json"
    if args.check:
        path = Path(args.output or default_path)
        try:
            current = read_regular(path, 4 * len(text) + 1024).decode("utf-8", "replace")
        except ReadError as exc:
            if exc.key != "file_missing":
                error(exc.render(lang))
                return 1
            current = ""
        if current != text:
            stale = "reference_stale" if getattr(args, "reference", False) else "schema_stale"
            error(safe(tr(stale, lang, path=path)))
            return 1
        note(safe(tr("schema_current", lang, path=path)))
        return 0
    if args.output:
        try:
            write_atomic(args.output, text, force=args.force)
        except OutputError as exc:
            error(exc.render(lang))
            return EXIT_STATUS
        return 0
    sys.stdout.write(text)
    return 0
