"""The authoring commands: ``drillsim draw``, ``drillsim calibrate``, ``drillsim new`` and
``drillsim validate --watch`` (docs/authoring.md).

- ``draw SCENARIO -o F.svg|F.png [--at T --playbook NAME]``: the site map as a picture, with
  the hazard footprint at sim time T under a playbook when asked.
- ``calibrate SCENARIO [--seeds N] [--json]``: the ideal, late and passive playbooks over N
  seeds against their bands, and what moves the score most.
- ``validate --watch FILE [--draw F.svg]``: check the file again on every save, redraw the
  picture, and show the three playbooks' scores and when the hazard reaches each occupied
  place.

- ``new [TEMPLATE -o FILE.yaml]``: the templates, or a scenario (and its playbooks) made
  from one.

Every file written goes through :func:`sim.write_atomic`: written whole or not at all,
never replacing a file without ``--force``, and any failure is one line and exit 2.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sim import Lang, localize
from sim.i18n import tr
from tui.cli.common import Subcommands, load_for_run
from tui.cli.output import error, lang_of, note, print_json, progress

PLAYBOOKS = ("ideal", "late", "passive")


# --- writing files -----------------------------------------------------------------------------


def write_output(path: str | os.PathLike[str], data: bytes, *, force: bool, lang: Lang) -> int:
    """Write ``data`` to ``path`` through :func:`sim.atomic.write_atomic` (whole or not at
    all; an existing file only with ``force``). Returns the exit status: 0, or 2 with one
    line on standard error."""
    from sim import EXIT_STATUS, OutputError, write_atomic

    try:
        write_atomic(path, data, force=force)
    except OutputError as exc:
        error(exc.render(lang))
        return EXIT_STATUS
    return 0


# --- draw --------------------------------------------------------------------------------------


def render_picture(scenario: Any, suffix: str, lang: Lang, footprint: Any = None) -> bytes:
    """The site map in the format named by the file suffix (.svg or .png)."""
    from sim import build_scene, to_png, to_svg

    scene = build_scene(scenario, lang, footprint)
    if suffix == ".png":
        return to_png(scene)
    return to_svg(scene).encode("utf-8")


def _playbook_steps(path: Path, scenario: Any, name: str, lang: Lang) -> list[Any] | None:
    from sim import load_playbook, playbook_path

    pb = playbook_path(path, scenario.id, name)
    if pb is None:
        error(tr("no_playbook", lang, scenario=scenario.id, name=name))
        return None
    return load_playbook(pb, scenario)


def cmd_draw(args: argparse.Namespace) -> int:
    """``drillsim draw SCENARIO -o F.svg|F.png``: the site map as a picture."""
    from sim import ScenarioError, footprint_at

    lang = lang_of(args)
    suffix = Path(args.output).suffix.lower()
    if suffix not in (".svg", ".png"):
        error(tr("draw_format", lang, suffix=suffix or args.output))
        return 2
    loaded = load_for_run(args.scenario, lang)
    if loaded is None:
        return 1
    path, scenario = loaded
    footprint = None
    if args.at is not None or args.playbook:
        steps: list[Any] = []
        if args.playbook:
            try:
                got = _playbook_steps(path, scenario, args.playbook, lang)
            except ScenarioError as exc:
                error(exc.format(lang))
                return 1
            if got is None:
                return 1
            steps = got
        at = scenario.duration_s if args.at is None else min(max(args.at, 0.0), scenario.duration_s)
        label = args.playbook or tr("watch_nobody_acts", lang)
        footprint = footprint_at(scenario, steps, at, label, args.seed)
    code = write_output(
        args.output, render_picture(scenario, suffix, lang, footprint), force=args.force, lang=lang
    )
    if code == 0:
        note(tr("wrote", lang, path=args.output))
    return code


# --- calibrate ---------------------------------------------------------------------------------


def cmd_calibrate(args: argparse.Namespace) -> int:
    """``drillsim calibrate SCENARIO``: bands and sensitivity; exit 1 when out of band."""
    from sim import ScenarioError, calibrate_scenario, load_playbook, playbook_path

    lang = lang_of(args)
    loaded = load_for_run(args.scenario, lang)
    if loaded is None:
        return 1
    path, scenario = loaded
    if args.seeds < 1:
        error(tr("runs_positive", lang))
        return 2
    playbooks: dict[str, list[Any]] = {}
    missing: list[str] = []

    for name in PLAYBOOKS:
        pb = playbook_path(path, scenario.id, name)
        if pb is None:
            missing.append(name)
            continue
        try:
            playbooks[name] = load_playbook(pb, scenario)
        except ScenarioError as exc:
            error(exc.format(lang))
            return 1
    seeds = list(range(1, args.seeds + 1))
    bar = None if args.json else progress(lang)
    cal = calibrate_scenario(scenario, playbooks, seeds, args.sensitivity_seeds, bar)
    ok = cal.ok and not missing
    if args.json:
        out = cal.to_json()
        out["missing_playbooks"] = missing
        out["ok"] = ok
        print_json(out)
        return 0 if ok else 1
    print(tr("cal_header", lang, scenario=scenario.id, runs=len(seeds)))
    for b in cal.bands:
        st = b.stats()
        band = f"< {b.high:g}" if b.playbook == "passive" else f"{b.low:g}–{b.high:g}"
        verdict = tr("cal_ok", lang) if b.ok else tr("cal_bad", lang)
        print(tr("cal_band", lang, playbook=b.playbook, band=band, verdict=verdict, **st))
    if missing:
        print(tr("cal_missing", lang, names=", ".join(missing), scenario=scenario.id))
    print()
    print(tr("cal_expectations", lang))
    names = list(playbooks)
    for row in cal.expectations:
        credits = "  ".join(f"{n} {row.credit.get(n, 0.0):4.2f}" for n in names)
        tag = f" ({tr('cal_harmful', lang)})" if row.harmful else ""
        print(f"  {row.id:<28}{row.points:6.1f}  {credits}{tag}")
    if cal.delays:
        print()
        print(tr("cal_delays", lang, n=min(args.sensitivity_seeds, len(seeds))))
        print(
            tr(
                "cal_delay_head",
                lang,
                step="",
                at=tr("cal_col_at", lang),
                d60=tr("cal_col_d60", lang),
                d300=tr("cal_col_d300", lang),
                omit=tr("cal_col_omit", lang),
            )
        )
        for d in cal.delays:
            c = d.change
            cells = [
                f"{c[k]:.1f}" + ("*" if k in d.refused else "")
                for k in ("delay_60", "delay_300", "omitted")
            ]
            print(f"  {d.action:<28}{d.at_s:>8g}" + "".join(f"{x:>10}" for x in cells))
        if any(d.refused for d in cal.delays):
            print(tr("cal_refused_note", lang))
    print()
    print(tr("cal_verdict_ok", lang) if ok else tr("cal_verdict_bad", lang))
    return 0 if ok else 1


# --- validate --watch --------------------------------------------------------------------------


def _fmt_s(value: float | None, lang: Lang) -> str:
    if value is None:
        return f"{tr('watch_never', lang):>8}"
    return f"{value:>6.0f} s"


@dataclass
class Watcher:
    """Checks one scenario file again whenever its content changes."""

    path: Path
    display: str
    lang: Lang
    out: TextIO
    draw: Path | None = None
    clock: Callable[[], str] = lambda: time.strftime("%H:%M:%S")
    _digest: str | None = None
    checks: int = 0

    def _content_digest(self) -> str | None:
        try:
            return hashlib.sha256(self.path.read_bytes()).hexdigest()
        except OSError:
            return None

    def poll(self) -> bool:
        """Check the file if it changed since the last check; return whether it did."""
        digest = self._content_digest()
        if self.checks and digest == self._digest:
            return False
        self._digest = digest
        self.check()
        return True

    def _print(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def check(self) -> None:
        """Check the file and show what the current version does."""
        from sim import ScenarioError, check_file, load_playbook, playbook_path

        self.checks += 1
        lang = self.lang
        self._print(tr("watch_header", lang, time=self.clock(), file=self.display))
        checked = check_file(self.path, display=self.display)
        if checked.scenario is None:
            for problem in checked.problems:
                self._print(problem.format(lang))
            return
        scenario = checked.scenario
        self._print(tr("watch_valid", lang))
        if self.draw is not None:
            data = render_picture(scenario, self.draw.suffix.lower(), lang)
            if write_output(self.draw, data, force=True, lang=lang) == 0:
                self._print(tr("watch_drawn", lang, path=self.draw))
        steps: dict[str, list[Any]] = {}
        for name in PLAYBOOKS:
            found = playbook_path(self.path, scenario.id, name)
            if found is not None:
                try:
                    steps[name] = load_playbook(found, scenario)
                except ScenarioError as exc:
                    self._print(tr("watch_playbook_error", lang, name=name, error=exc.format(lang)))
        if steps:
            from sim import BANDS, Band, drill_result, run_playbook

            parts = []
            for name, st in steps.items():
                total = float(drill_result(run_playbook(scenario, st, 1))["score"]["total"])
                low, high = BANDS[name]
                mark = "✓" if Band(name, [total], low, high).ok else "✗"
                parts.append(f"{name} {total:.1f} {mark}")
            self._print(tr("watch_scores", lang, scores="  ".join(parts)))
        else:
            self._print(tr("watch_no_playbooks", lang, scenario=scenario.id))
        self._arrivals(scenario, steps)

    def _arrivals(self, scenario: Any, steps: dict[str, list[Any]]) -> None:
        from sim import hazard_arrivals

        if scenario.hazard.model == "none" or not scenario.population:
            return
        name = "passive" if "passive" in steps else None
        label = name or tr("watch_nobody_acts", self.lang)
        self._print(tr("watch_hazard", self.lang, playbook=label))
        for a in hazard_arrivals(scenario, steps.get("passive", [])):
            node = scenario.node(a.node)
            shown = localize(node.name, self.lang) if node.name is not None else a.node
            first = _fmt_s(a.first_s, self.lang)
            if a.first_threshold is not None:
                first += f" ({a.first_threshold})"
            self._print(
                tr(
                    "watch_arrival",
                    self.lang,
                    node=shown,
                    people=a.people,
                    first=first,
                    untenable=_fmt_s(a.untenable_s, self.lang),
                )
            )


def run_watch(args: argparse.Namespace, interval_s: float = 0.5) -> int:
    """``drillsim validate --watch FILE``: check on every save until Ctrl+C."""
    lang = lang_of(args)
    if len(args.files) != 1:
        error(tr("watch_one_file", lang))
        return 2
    draw = Path(args.draw) if args.draw else None
    if draw is not None and draw.suffix.lower() not in (".svg", ".png"):
        error(tr("draw_format", lang, suffix=draw.suffix or args.draw))
        return 2
    watcher = Watcher(Path(args.files[0]), args.files[0], lang, sys.stdout, draw)
    note(tr("watch_waiting", lang, file=args.files[0]))
    rounds = getattr(args, "watch_rounds", None)
    try:
        while rounds is None or rounds > 0:
            watcher.poll()
            if rounds is not None:
                rounds -= 1
            time.sleep(interval_s)
    except KeyboardInterrupt:
        return 0
    return 0


# --- new ---------------------------------------------------------------------------------------


def _ask(question: str, default: str, lang: Lang, check: Callable[[str], str | None]) -> str:
    """Ask one question on the terminal; Enter (or the end of input) keeps the default."""
    while True:
        try:
            got = input(tr("new_prompt", lang, question=question, default=default)).strip()
        except EOFError:
            return default
        if not got:
            return default
        problem = check(got)
        if problem is None:
            return got
        error(problem)


def cmd_new(args: argparse.Namespace) -> int:
    """``drillsim new``: list the templates, or make a scenario from one."""
    from sim import (
        CLOCK_PATTERN,
        EXIT_STATUS,
        ID_PATTERN,
        Answers,
        OutputError,
        check_destination,
        check_file,
        render_template,
        scenario_templates,
        schema_text,
        write_atomic,
    )

    lang = lang_of(args)
    found = scenario_templates()
    if args.list or not args.template:
        if args.json:
            out = [
                {
                    "name": t.name,
                    "title": t.scenario.title
                    if isinstance(t.scenario.title, str)
                    else {"zh": t.scenario.title.zh, "en": t.scenario.title.en},
                    "category": t.scenario.category,
                    "playbooks": list(t.playbooks),
                    "bundled": t.bundled,
                    "path": str(t.path),
                }
                for t in found
            ]
            print_json(out)
            return 0
        from rich.cells import cell_len

        from sim.i18n import category_label
        from tui.cells import pad

        print(tr("new_list_head", lang))
        width = max(len(t.name) for t in found) + 2
        cat_w = max(cell_len(category_label(t.scenario.category, lang)) for t in found) + 2
        for t in found:
            tag = f"  ({tr('new_bundled', lang)})" if t.bundled else ""
            print(
                f"  {t.name:<{width}}{pad(category_label(t.scenario.category, lang), cat_w)}"
                f"{localize(t.scenario.title, lang)}{tag}"
            )
        return 0
    template = next((t for t in found if t.name == args.template), None)
    if template is None:
        error(
            tr("new_no_template", lang, name=args.template, names=", ".join(t.name for t in found))
        )
        return 1
    if not args.output:
        error(tr("new_need_output", lang))
        return 2
    target = Path(args.output)
    if target.suffix.lower() not in (".yaml", ".yml"):
        error(tr("new_output_yaml", lang))
        return 2

    def id_ok(value: str) -> str | None:
        return None if ID_PATTERN.match(value) else tr("new_bad_id", lang, value=value)

    def clock_ok(value: str) -> str | None:
        return None if CLOCK_PATTERN.match(value) else tr("new_bad_clock", lang, value=value)

    def any_text(value: str) -> str | None:
        return None

    for value, check in ((args.id, id_ok), (args.start, clock_ok)):
        if value is not None and check(value) is not None:
            error(str(check(value)))
            return 2
    sc = template.scenario
    title_zh, title_en = _pair(sc.title)
    unit_zh, unit_en = _pair(sc.unit)
    default_id = target.stem if ID_PATTERN.match(target.stem) else template.name
    answers = {
        "id": args.id or default_id,
        "title_zh": args.title_zh or title_zh,
        "title_en": args.title_en or title_en,
        "unit_zh": args.unit_zh or unit_zh,
        "unit_en": args.unit_en or unit_en,
        "start_clock": args.start or sc.start_clock,
    }
    if not args.yes:
        questions = [
            ("id", "new_q_id", id_ok),
            ("title_zh", "opt_new_title_zh", any_text),
            ("title_en", "opt_new_title_en", any_text),
            ("unit_zh", "new_q_unit_zh", any_text),
            ("unit_en", "new_q_unit_en", any_text),
            ("start_clock", "new_q_start", clock_ok),
        ]
        for key, question, check in questions:
            answers[key] = _ask(tr(question, lang), answers[key], lang, check)
    text = render_template(template, Answers(**answers))
    sid = answers["id"]
    pdir = target.parent / "playbooks" / sid
    outputs: list[tuple[Path, bytes]] = [(target, text.encode("utf-8"))]
    for name, path in template.playbooks.items():
        outputs.append((pdir / f"{name}.yaml", path.read_bytes()))
    schema = target.parent / "scenario.schema.json"
    try:
        for path, _ in outputs:
            if path.parent != target.parent:
                path.parent.mkdir(parents=True, exist_ok=True)
            check_destination(path, force=args.force)
        for path, data in outputs:
            write_atomic(path, data, force=args.force)
        if not schema.exists():
            write_atomic(schema, schema_text())
    except OutputError as exc:
        error(exc.render(lang))
        return EXIT_STATUS
    except OSError as exc:
        error(OutputError("out_failed", pdir, exc.strerror or str(exc)).render(lang))
        return EXIT_STATUS
    checked = check_file(target, display=args.output)
    if checked.scenario is None:
        error(tr("new_invalid", lang))
        for problem in checked.problems:
            error(problem.format(lang))
        return 1
    names = ", ".join(template.playbooks)
    print(tr("new_wrote", lang, path=args.output, playbooks=names or "-"))
    picture = str(target.with_suffix(".svg"))
    print(tr("new_next", lang, path=args.output, picture=picture))
    return 0


def _pair(text: Any) -> tuple[str, str]:
    if text is None:
        return "", ""
    if isinstance(text, str):
        return text, text
    return text.zh, text.en


# --- the parser --------------------------------------------------------------------------------


def register(subparsers: Subcommands) -> None:
    """Add ``draw``, ``calibrate`` and ``new`` (help in ``subparsers.lang``)."""
    lang = subparsers.lang
    sub = subparsers
    p = sub.add_parser("draw", help=tr("cmd_draw", lang), description=tr("cmd_draw", lang))
    p.add_argument("scenario", metavar="SCENARIO", help=tr("arg_scenario", lang))
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=tr("opt_draw_output", lang)
    )
    p.add_argument("--at", type=float, metavar="T", help=tr("opt_draw_at", lang))
    p.add_argument("--playbook", metavar="NAME|FILE", help=tr("opt_draw_playbook", lang))
    p.add_argument("--seed", type=int, default=1, help=tr("opt_seed_one", lang))
    p.add_argument("--force", action="store_true", help=tr("opt_force", lang))
    p.set_defaults(func=cmd_draw)

    p = sub.add_parser(
        "calibrate", help=tr("cmd_calibrate", lang), description=tr("cmd_calibrate", lang)
    )
    p.add_argument("scenario", metavar="SCENARIO", help=tr("arg_scenario", lang))
    p.add_argument("--seeds", type=int, default=20, metavar="N", help=tr("opt_seeds", lang))
    p.add_argument(
        "--sensitivity-seeds",
        type=int,
        default=3,
        metavar="N",
        help=tr("opt_sensitivity_seeds", lang),
    )
    p.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    p.set_defaults(func=cmd_calibrate)

    p = sub.add_parser("new", help=tr("cmd_new", lang), description=tr("cmd_new", lang))
    p.add_argument("template", nargs="?", metavar="TEMPLATE", help=tr("arg_template", lang))
    p.add_argument("--list", action="store_true", help=tr("opt_new_list", lang))
    p.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    p.add_argument("-o", "--output", metavar="FILE", help=tr("opt_new_output", lang))
    p.add_argument("--yes", action="store_true", help=tr("opt_yes", lang))
    p.add_argument("--id", help=tr("opt_new_id", lang))
    p.add_argument("--title-zh", help=tr("opt_new_title_zh", lang))
    p.add_argument("--title-en", help=tr("opt_new_title_en", lang))
    p.add_argument("--unit-zh", help=tr("opt_new_unit_zh", lang))
    p.add_argument("--unit-en", help=tr("opt_new_unit_en", lang))
    p.add_argument("--start", metavar="HH:MM", help=tr("opt_new_start", lang))
    p.add_argument("--force", action="store_true", help=tr("opt_force", lang))
    p.set_defaults(func=cmd_new)


def add_watch_options(p: argparse.ArgumentParser, lang: Lang) -> None:
    """``--watch`` and ``--draw`` on ``drillsim validate``."""
    p.add_argument("--watch", action="store_true", help=tr("opt_watch", lang))
    p.add_argument("--draw", metavar="PICTURE", help=tr("opt_watch_draw", lang))
    p.add_argument("--watch-rounds", type=int, default=None, help=argparse.SUPPRESS)
