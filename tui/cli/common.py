"""What the command modules share: the sub-command table they register on, and the checks of
a command line (a scenario named by id or path, a seed, a worker count).

A command module imports from here and from :mod:`tui.cli.output`, never from another
command module's parser or from :mod:`tui.cli` itself (that would be an import circle).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from sim import Lang
from sim.i18n import tr
from tui.cli.output import error


class Subcommands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """``drillsim``'s sub-command table, as ``add_subparsers`` makes it, that also knows the
    language of the help texts (``lang``): a command module's ``register(subparsers)`` adds
    its commands with ``subparsers.add_parser(...)`` and writes their help in
    ``subparsers.lang``."""

    lang: Lang = "en"


MAX_RUNS = 100_000
"""Most runs of one ``simulate --runs``."""


def check_seed(seed: int, lang: Lang) -> bool:
    """Whether a seed from the command line is in range; if not, say so in one line."""
    from sim import SEED_MAX

    if 0 <= seed <= SEED_MAX:
        return True
    error(tr("bad_seed", lang, max=SEED_MAX, value=seed))
    return False


def check_jobs(jobs: int | None, force: bool, lang: Lang) -> int | None:
    """The worker count to use: at most the core count unless ``force`` (then said in one
    line); None for the default, 0 when the value is refused (said in one line)."""
    from tui.cli.output import note

    if jobs is None:
        return None
    if jobs < 1:
        error(tr("bad_jobs", lang))
        return 0
    cores = os.cpu_count() or 1
    if jobs > cores and not force:
        note(tr("jobs_capped", lang, asked=jobs, cores=cores))
        return cores
    return jobs


def load_for_run(name: str, lang: Lang, *, as_given: bool = True) -> tuple[Path, Any] | None:
    """The scenario a command names (a bundled or user id, or a path) and its file, checked;
    None, with the problems said on standard error, when it cannot be used. Problems name the
    file as given on the command line when it is a path and ``as_given``, else its full path."""
    from sim import bundled_ids, check_file, resolve
    from tui.cli.output import safe

    path = resolve(name)
    if path is None:
        error(safe(tr("cli_no_such_scenario", lang, name=name, ids=", ".join(bundled_ids()))))
        return None
    display = name if as_given and Path(name).exists() else str(path)
    checked = check_file(path, display=display)
    if checked.scenario is None:
        for problem in checked.problems:
            error(problem.format(lang))
        return None
    return path, checked.scenario
