"""The ``drillsim`` command line.

Commands that do not open the app never import Textual, so ``validate``, ``list`` and
``simulate`` start fast. Output follows the public contracts of docs/contracts.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sim.text import Lang, lang_from_argv
from tui.strings import category_label, s, score_category_label


def localize_parser(parser: argparse.ArgumentParser, lang: Lang) -> None:
    """Put argparse's own words (usage, section titles, -h) into ``lang``, for the parser
    and every subcommand's parser."""

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any = None) -> None:
            super().add_usage(usage, actions, groups, prefix=s("help_usage", lang))

    parser.formatter_class = Formatter
    parser._positionals.title = s("help_positionals", lang)
    parser._optionals.title = s("help_options", lang)
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = s("help_help", lang)
        elif isinstance(action, argparse._SubParsersAction):
            for child in set(action.choices.values()):
                localize_parser(child, lang)


def build_parser(lang: Lang) -> argparse.ArgumentParser:
    """The argument parser, with help in ``lang``."""
    from sim import __version__

    parser = argparse.ArgumentParser(
        prog="drillsim",
        description=s("prog_description", lang),
        epilog=s("prog_epilog", lang),
    )
    parser.add_argument("--lang", choices=["zh", "en"], default=lang, help=s("opt_lang", lang))
    parser.add_argument(
        "--version",
        action="version",
        version=f"drillsim {__version__}",
        help=s("opt_version", lang),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "validate", help=s("cmd_validate", lang), description=s("cmd_validate", lang)
    )
    p.add_argument("files", nargs="+", metavar="FILE", help=s("arg_files", lang))
    from tui.authoring_cli import add_watch_options

    add_watch_options(p, lang)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", help=s("cmd_list", lang), description=s("cmd_list", lang))
    p.add_argument("--json", action="store_true", help=s("opt_json", lang))
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "simulate", help=s("cmd_simulate", lang), description=s("cmd_simulate", lang)
    )
    p.add_argument("scenario", metavar="SCENARIO", help=s("arg_scenario", lang))
    p.add_argument("--playbook", metavar="NAME|FILE", help=s("opt_playbook", lang))
    p.add_argument("--seed", type=int, default=1, help=s("opt_seed", lang))
    p.add_argument("--runs", type=int, default=1, metavar="N", help=s("opt_runs", lang))
    p.add_argument("--jobs", type=int, default=None, metavar="N", help=s("opt_jobs", lang))
    p.add_argument("--force-jobs", action="store_true", help=s("opt_force_jobs", lang))
    p.add_argument("--json", action="store_true", help=s("opt_json", lang))
    p.set_defaults(func=cmd_simulate)

    p = sub.add_parser("play", help=s("cmd_play", lang), description=s("cmd_play", lang))
    p.add_argument("scenario", metavar="SCENARIO", help=s("arg_scenario", lang))
    p.add_argument(
        "--speed",
        type=float,
        choices=[1.0, 2.0, 5.0, 10.0],
        default=1.0,
        metavar="{1,2,5,10}",
        help=s("opt_speed", lang),
    )
    p.add_argument("--seed", type=int, default=None, help=s("opt_play_seed", lang))
    p.add_argument("--team", default="", help=s("opt_team", lang))
    p.add_argument(
        "--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help=s("opt_lang", lang)
    )
    p.set_defaults(func=cmd_play)

    p = sub.add_parser("schema", help=s("cmd_schema", lang), description=s("cmd_schema", lang))
    p.add_argument("-o", "--output", metavar="FILE", help=s("opt_output", lang))
    p.add_argument("--force", action="store_true", help=s("opt_force", lang))
    p.add_argument("--check", action="store_true", help=s("opt_check", lang))
    p.add_argument("--reference", action="store_true", help=s("opt_reference", lang))
    p.set_defaults(func=cmd_schema)
    from tui.records_cli import add_commands

    add_commands(sub, lang)
    from tui.paperwork_cli import add_commands as add_paperwork_commands

    add_paperwork_commands(sub, lang)
    from tui.authoring_cli import add_commands as add_authoring_commands

    add_authoring_commands(sub, lang)
    localize_parser(parser, lang)
    return parser


def cmd_validate(args: argparse.Namespace) -> int:
    """``drillsim validate FILE...``: one line per problem, exit 1 if any file is invalid."""
    from sim.loader import check_file
    from sim.messages import msg
    from sim.safetext import terminal

    lang: Lang = args.lang
    if getattr(args, "watch", False):
        from tui.authoring_cli import run_watch

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
            print(terminal(msg("cli_valid", lang, file=name)), file=sys.stderr)
    if bad:
        print(msg("cli_summary_bad", lang, count=count, files=bad), file=sys.stderr)
        return 1
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """``drillsim list [--json]``: bundled scenarios, then the user's."""
    from rich.cells import cell_len

    from sim.catalog import entries, user_dir
    from sim.messages import msg
    from sim.safetext import terminal
    from sim.text import localize
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
        print(json.dumps(out, ensure_ascii=False, indent=2))
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
            note = msg("cli_broken", lang, count=len(e.checked.problems))
            print(terminal(f"{e.id:<{id_w}}{pad('-', cat_w)}{'-':>6}  {note}  {e.path}"))
            continue
        minutes = f"{sc.duration_s / 60:.0f} min"
        source = "" if e.source == "bundled" else f"  [{s('list_user', lang)}]"
        print(
            f"{terminal(sc.id):<{id_w}}{pad(category_label(sc.category, lang), cat_w)}"
            f"{minutes:>6}  {terminal(localize(sc.title, lang))}{source}"
        )
    print(terminal(msg("cli_user_folder", lang, path=user_dir())), file=sys.stderr)
    return 0


def _text_json(text: Any) -> Any:
    return text if isinstance(text, str) else {"zh": text.zh, "en": text.en}


def _load_for_run(name: str, lang: Lang) -> Any:
    """Resolve and load a scenario; print its problems and return None if it cannot run."""
    from sim.catalog import bundled_ids, resolve
    from sim.loader import check_file
    from sim.messages import msg
    from sim.safetext import terminal

    path = resolve(name)
    if path is None:
        print(
            terminal(msg("cli_no_such_scenario", lang, name=name, ids=", ".join(bundled_ids()))),
            file=sys.stderr,
        )
        return None
    checked = check_file(path, display=name if Path(name).exists() else str(path))
    if checked.scenario is None:
        for problem in checked.problems:
            print(problem.format(lang), file=sys.stderr)
        return None
    return path, checked.scenario


def _progress(lang: Lang) -> Any:
    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total)
        bar = "█" * filled + "░" * (width - filled)
        print(f"\r{s('progress', lang)} {bar} {done}/{total}", end="", file=sys.stderr, flush=True)
        if done == total:
            print(file=sys.stderr)

    return show


def cmd_simulate(args: argparse.Namespace) -> int:
    """``drillsim simulate``: run a drill headless, print its result or a summary."""
    from sim.catalog import playbook_path
    from sim.drill import SEED_MAX
    from sim.loader import ScenarioError
    from sim.playbook import load_playbook, run_playbook
    from sim.result import drill_result

    lang: Lang = args.lang
    if not check_seed(args.seed, lang):
        return 2
    jobs = check_jobs(args.jobs, args.force_jobs, lang)
    if jobs == 0:
        return 2
    loaded = _load_for_run(args.scenario, lang)
    if loaded is None:
        return 1
    path, scenario = loaded
    pb_path = None
    if args.playbook:
        pb_path = playbook_path(path, scenario.id, args.playbook)
        if pb_path is None:
            print(s("no_playbook", lang, name=args.playbook, scenario=scenario.id), file=sys.stderr)
            return 1
    try:
        steps = load_playbook(pb_path, scenario) if pb_path else []
    except ScenarioError as exc:
        print(exc.format(lang), file=sys.stderr)
        return 1
    if args.runs < 1:
        print(s("runs_positive", lang), file=sys.stderr)
        return 2
    if args.runs > MAX_RUNS or args.seed + args.runs - 1 > SEED_MAX:
        print(s("runs_too_many", lang, max=MAX_RUNS), file=sys.stderr)
        return 2
    if args.runs > 1:
        from sim.batch import run_many, summarise

        seeds = list(range(args.seed, args.seed + args.runs))
        runs = run_many(path, pb_path, seeds, jobs, _progress(lang))
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
            print(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            print_stats(stats, len(runs), scenario.id, scenario.duration_s, lang)
        return 0
    drill = run_playbook(scenario, steps, args.seed)
    result = drill_result(drill)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print_result(result, lang)
    return 0


def print_stats(
    stats: dict[str, dict[str, float | None]],
    runs: int,
    scenario_id: str,
    duration_s: float,
    lang: Lang,
) -> None:
    """The statistics of many runs as a table: mean, p5, p50, p95 and the number of runs
    that never reached the figure; a statistic that falls among those runs is shown as
    "> duration" (a time figure) or "—"."""
    from sim.batch import is_time_point
    from tui.cells import pad_left

    print(s("stats_header", lang, runs=runs, scenario=scenario_id))
    if any(st["unfinished"] for st in stats.values()):
        print(s("stats_unfinished_note", lang, duration=f"{duration_s:g}"))
    head = ("mean", "p5", "p50", "p95", s("stats_unfinished", lang))
    print(f"{'':<36}" + "".join(pad_left(h, 12) for h in head))
    for key, st in stats.items():
        unknown = f"> {duration_s:g}" if is_time_point(key) else "—"
        cells = [
            unknown if st[col] is None else f"{st[col]:.2f}" for col in ("mean", "p5", "p50", "p95")
        ]
        cells.append(str(st["unfinished"] or ""))
        print(f"{key:<36}" + "".join(f"{c:>12}" for c in cells))


def print_result(result: dict[str, Any], lang: Lang) -> None:
    """A drill's result for the terminal: total and grade, categories, deductions, outcome."""
    from sim.records.strings import grade_label
    from sim.safetext import terminal
    from tui.cells import pad

    score = result["score"]
    print(s("result_total", lang, total=score["total"], grade=grade_label(score["grade"], lang)))
    for cat, v in score["categories"].items():
        label = score_category_label(cat, lang)
        print(f"  {pad(label, 16)} {v['points']:6.1f} / {v['max_points']:5.1f}")
    if result["deductions"]:
        print(s("result_deductions", lang))
        for d in result["deductions"]:
            print(f"  - {terminal(d[lang])}")
    o = result["outcome"]
    print(
        s(
            "result_outcome",
            lang,
            safe=(o.get("people") or {}).get("states", {}).get("safe"),
            total=(o.get("people") or {}).get("total"),
            rset="-" if o.get("evacuation_time_s") is None else round(o["evacuation_time_s"]),
            casualties=o.get("casualties"),
            injured=o.get("injured"),
        )
    )


def cmd_play(args: argparse.Namespace) -> int:
    """``drillsim play SCENARIO``: open the app on the setup of one scenario."""
    lang: Lang = args.lang
    if args.seed is not None and not check_seed(args.seed, lang):
        return 2
    loaded = _load_for_run(args.scenario, lang)
    if loaded is None:
        return 1
    path, scenario = loaded
    from tui.app import make_app
    from tui.records_cli import heal

    heal(lang)
    make_app(
        lang=lang,
        scenario=scenario,
        scenario_path=path,
        speed=args.speed,
        seed=args.seed,
        team=args.team,
    ).run()
    return 0


def cmd_app(lang: Lang) -> int:
    """``drillsim`` with no command: open the app on the scenario picker."""
    from tui.app import make_app
    from tui.records_cli import heal

    heal(lang)
    make_app(lang=lang).run()
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """``drillsim schema``: print, write or check the scenario JSON Schema."""
    from sim.atomic import EXIT_STATUS, OutputError, write_atomic
    from sim.bounded import ReadError, read_regular
    from sim.safetext import terminal
    from sim.schema import schema_text

    lang: Lang = args.lang
    if getattr(args, "reference", False):
        from sim.reference import reference_markdown

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
            if exc.key != "in_missing":
                print(exc.render(lang), file=sys.stderr)
                return 1
            current = ""
        if current != text:
            stale = "reference_stale" if getattr(args, "reference", False) else "schema_stale"
            print(terminal(s(stale, lang, path=path)), file=sys.stderr)
            return 1
        print(terminal(s("schema_current", lang, path=path)), file=sys.stderr)
        return 0
    if args.output:
        try:
            write_atomic(args.output, text, force=args.force)
        except OutputError as exc:
            print(exc.render(lang), file=sys.stderr)
            return EXIT_STATUS
        return 0
    sys.stdout.write(text)
    return 0


MAX_RUNS = 100_000
"""Most runs of one ``simulate --runs``."""


def check_seed(seed: int, lang: Lang) -> bool:
    """Whether a seed from the command line is in range; if not, say so in one line."""
    from sim.drill import SEED_MAX
    from sim.messages import msg

    if 0 <= seed <= SEED_MAX:
        return True
    print(msg("bad_seed", lang, max=SEED_MAX, value=seed), file=sys.stderr)
    return False


def check_jobs(jobs: int | None, force: bool, lang: Lang) -> int | None:
    """The worker count to use: at most the core count unless ``force`` (then said in one
    line); None for the default, 0 when the value is refused (said in one line)."""
    import os

    from sim.messages import msg

    if jobs is None:
        return None
    if jobs < 1:
        print(msg("bad_jobs", lang), file=sys.stderr)
        return 0
    cores = os.cpu_count() or 1
    if jobs > cores and not force:
        print(msg("jobs_capped", lang, asked=jobs, cores=cores), file=sys.stderr)
        return cores
    return jobs


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``drillsim`` console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = lang_from_argv(args_list)
    parser = build_parser(lang)
    args = parser.parse_args(args_list)
    args.lang_given = any(a == "--lang" or a.startswith("--lang=") for a in args_list)
    try:
        if args.command is None:
            return cmd_app(args.lang)
        result: int = args.func(args)
    except KeyboardInterrupt:
        print(s("interrupted", args.lang), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return result


if __name__ == "__main__":
    sys.exit(main())
