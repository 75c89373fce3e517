"""Helpers shared across the test folders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
"""The folder that holds ``sim/``, ``tui/``, ``scenarios/`` and ``tests/``."""


def run(
    argv: Sequence[str],
    capsys: pytest.CaptureFixture[str],
    main: Callable[[list[str]], int] | None = None,
) -> tuple[int, str, str]:
    """Run ``drillsim ARGV`` in this process: (exit status, standard output, standard error).

    ``main`` is the parser users get (``drillsim``'s entry point) unless a test passes
    another. argparse's exits (``--help``, a usage error) become exit statuses, as they would
    be for the command.
    """
    if main is None:
        from tui.cli import main
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err
