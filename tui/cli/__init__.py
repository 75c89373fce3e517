"""The ``drillsim`` command line: one argparse parser, built from the command modules.

- :mod:`tui.cli.scenarios`: ``validate``, ``list``, ``simulate``, ``play``, ``schema``;
- :mod:`tui.cli.records`: ``run``, ``resume``, ``replay``;
- :mod:`tui.cli.history`: ``history`` (``show``, ``progress``, ``note``, ``improve``),
  ``report``, ``export``;
- :mod:`tui.cli.paperwork`: ``plan``, ``forms``, ``cards`` (and the paperwork options of
  ``run``, ``replay`` and ``export``);
- :mod:`tui.cli.authoring`: ``draw``, ``calibrate``, ``new`` (and ``validate --watch``);
- :mod:`tui.cli.output`: the printer (JSON and text results, errors on standard error with
  their exit status, colour only on a terminal);
- :mod:`tui.cli.common`: what the command modules share (the sub-command table, a scenario
  named on the command line, the checks of a seed and a worker count, healing the history
  before a records command, the output file of a report).

:func:`main` is the ``drillsim`` console script (and ``python -m tui.cli``); the tests call
it with an argument list, so they run the parser users get.

Adding a command module (``tui/cli/push.py``, or a module elsewhere in ``tui``) is one line:
its import name in :data:`COMMAND_MODULES`. The module defines
``register(subparsers: tui.cli.common.Subcommands) -> None``, which adds its commands with
``subparsers.add_parser(name, help=..., description=...)`` (help in ``subparsers.lang``,
from the zh/en catalogue) and sets ``func`` to a handler that takes the parsed arguments and
returns the exit status (wrap it in :func:`tui.cli.output.guard` to turn the expected
failures into one line each). A command module imports only the ``sim`` and ``sim.records``
facades at its top (the engine, Textual and everything heavy inside the handlers: ``drillsim
--help`` starts in a fraction of a second, bench/bench_startup.py), :mod:`tui.cli.output`
and :mod:`tui.cli.common`, never this package (that would be an import circle). Every
command needs a help text in both languages and a mention in README.md or docs/, which a
test checks.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, cast

from sim import Lang, lang_from_argv
from sim.i18n import tr
from tui.cli.common import Subcommands

COMMAND_MODULES: tuple[str, ...] = (
    "tui.cli.scenarios",
    "tui.cli.records",
    "tui.cli.history",
    "tui.cli.paperwork",
    "tui.cli.authoring",
    "tui.cli.city",
    "tui.cli.room",
)
"""The modules whose ``register(subparsers)`` adds ``drillsim``'s commands, in the order
``drillsim --help`` lists them."""


def localize_parser(parser: argparse.ArgumentParser, lang: Lang) -> None:
    """Put argparse's own words (usage, section titles, -h) into ``lang``, for the parser
    and every subcommand's parser."""

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any = None) -> None:
            super().add_usage(usage, actions, groups, prefix=tr("help_usage", lang))

    parser.formatter_class = Formatter
    parser._positionals.title = tr("help_positionals", lang)
    parser._optionals.title = tr("help_options", lang)
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = tr("help_help", lang)
        elif isinstance(action, argparse._SubParsersAction):
            for child in set(action.choices.values()):
                localize_parser(child, lang)


def build_parser(lang: Lang) -> argparse.ArgumentParser:
    """The argument parser of ``drillsim``, with every command, and help in ``lang``."""
    from sim import __version__

    parser = argparse.ArgumentParser(
        prog="drillsim",
        description=tr("prog_description", lang),
        epilog=tr("prog_epilog", lang),
    )
    parser.add_argument("--lang", choices=["zh", "en"], default=lang, help=tr("opt_lang", lang))
    parser.add_argument(
        "--version",
        action="version",
        version=f"drillsim {__version__}",
        help=tr("opt_version", lang),
    )
    parser.add_argument(
        "--database", metavar="URL", default=argparse.SUPPRESS, help=tr("opt_database", lang)
    )
    subparsers = cast(
        Subcommands,
        parser.add_subparsers(dest="command", metavar="COMMAND", action=Subcommands),
    )
    subparsers.lang = lang
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    localize_parser(parser, lang)
    return parser


def cmd_app(lang: Lang) -> int:
    """``drillsim`` with no command: open the app on the scenario picker."""
    from tui.app import make_app
    from tui.cli.common import heal

    heal(lang)
    make_app(lang=lang).run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``drillsim`` console script: parse ``argv`` (else the process's
    arguments), run the command, return its exit status (130 after Ctrl+C)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = lang_from_argv(args_list)
    parser = build_parser(lang)
    args = parser.parse_args(args_list)
    args.lang_given = any(a == "--lang" or a.startswith("--lang=") for a in args_list)
    if getattr(args, "database", None):  # the history database for every command
        os.environ["DRILLSIM_DATABASE_URL"] = args.database
    try:
        if args.command is None:
            return cmd_app(args.lang)
        result: int = args.func(args)
    except KeyboardInterrupt:
        print(tr("interrupted", args.lang), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return result
