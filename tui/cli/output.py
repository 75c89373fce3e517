"""The printer of the command line: what every command writes, and how.

- Results go to standard output: JSON (:func:`print_json`, the public contracts in
  docs/records.md and docs/authoring.md) or text (:func:`print_result`, :func:`print_stats`).
- Everything else goes to standard error: what happened (:func:`note`), why a command failed
  (:func:`error`, bold red on a terminal) and a progress bar (:func:`progress`).
- Colour only on a terminal, never when ``NO_COLOR`` is set (https://no-color.org) or
  ``TERM`` is ``dumb``: piped output, and so every test, sees the plain text.
- :func:`guard` turns the failures a command can meet (a journal or the history, a file that
  cannot be read, an output file that cannot be written) into one line and an exit status:
  1 for a problem with the input, :data:`sim.atomic.EXIT_STATUS` (2) for a file that cannot
  be written, as for argparse's own usage errors.

Every value from a journal, the history, a scenario or the command line goes through
:func:`safe` before it is printed. Nothing here imports the engine or Textual.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

from sim import Lang
from sim.i18n import score_category_label, tr

Handler = Callable[[Any], int]
"""A command's handler: the parsed arguments in, the exit status out."""

WRITE_FAILURES = frozenset({"err_cannot_record", "err_journal_write", "err_history_write"})
"""Records problems that are a file that cannot be written (exit status 2, as for any
output file)."""

BOLD_RED = "\x1b[1;31m"
RESET = "\x1b[0m"


def lang_of(args: Any) -> Lang:
    """The language a parsed command speaks (``--lang``, else the locale's)."""
    return "zh" if getattr(args, "lang", "en") == "zh" else "en"


def colour(stream: TextIO) -> bool:
    """Whether to colour what goes to ``stream``: a terminal, unless ``NO_COLOR`` is set
    (any value but the empty string, as https://no-color.org asks) or ``TERM=dumb``."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def safe(text: object) -> str:
    """Outside text made safe for the terminal (:func:`sim.terminal`: control, escape and
    bidi characters shown, not obeyed)."""
    from sim import terminal

    return terminal(text)


def note(text: str) -> None:
    """A line on standard error about what happened (a file written, a drill started)."""
    print(text, file=sys.stderr, flush=True)


def error(text: str) -> None:
    """A line on standard error saying why the command fails; bold red on a terminal."""
    if colour(sys.stderr):
        text = f"{BOLD_RED}{text}{RESET}"
    print(text, file=sys.stderr, flush=True)


def print_json(value: Any) -> None:
    """A JSON result on standard output: UTF-8 as it is (Chinese stays readable), indented."""
    print(json.dumps(value, ensure_ascii=False, indent=2))


def guard(command: Handler, *, before: Callable[[Lang], None] | None = None) -> Handler:
    """``command`` with its expected failures said in one line, with their exit status:
    a records problem 1 (2 when it is a file that cannot be written), a file that cannot be
    read 1, an output file that cannot be written 2. ``before(lang)`` runs first."""

    @functools.wraps(command)
    def run(args: Any) -> int:
        from sim import EXIT_STATUS, OutputError, ReadError, RecordsError

        lang = lang_of(args)
        try:
            if before is not None:
                before(lang)
            code = command(args)
        except RecordsError as exc:
            error(safe(exc.render(lang)))
            return EXIT_STATUS if exc.key in WRITE_FAILURES else 1
        except ReadError as exc:
            error(exc.render(lang))
            return 1
        except OutputError as exc:
            error(exc.render(lang))
            return EXIT_STATUS
        return code

    return run


def progress(lang: Lang) -> Callable[[int, int], None]:
    """A progress bar on standard error for many runs: ``show(done, total)``."""

    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total)
        bar = "█" * filled + "░" * (width - filled)
        print(f"\r{tr('progress', lang)} {bar} {done}/{total}", end="", file=sys.stderr, flush=True)
        if done == total:
            print(file=sys.stderr)

    return show


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
    from sim import is_time_point
    from tui.cells import pad_left

    print(tr("stats_header", lang, runs=runs, scenario=scenario_id))
    if any(st["unfinished"] for st in stats.values()):
        print(tr("stats_unfinished_note", lang, duration=f"{duration_s:g}"))
    head = ("mean", "p5", "p50", "p95", tr("stats_unfinished", lang))
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
    from sim.i18n import grade_label
    from tui.cells import pad

    score = result["score"]
    print(tr("result_total", lang, total=score["total"], grade=grade_label(score["grade"], lang)))
    for cat, v in score["categories"].items():
        label = score_category_label(cat, lang)
        print(f"  {pad(label, 16)} {v['points']:6.1f} / {v['max_points']:5.1f}")
    if result["deductions"]:
        print(tr("result_deductions", lang))
        for d in result["deductions"]:
            print(f"  - {safe(d[lang])}")
    o = result["outcome"]
    print(
        tr(
            "result_outcome",
            lang,
            safe=(o.get("people") or {}).get("states", {}).get("safe"),
            total=(o.get("people") or {}).get("total"),
            rset="-" if o.get("evacuation_time_s") is None else round(o["evacuation_time_s"]),
            casualties=o.get("casualties"),
            injured=o.get("injured"),
        )
    )
