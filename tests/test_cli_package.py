"""The command line as a package: one parser built from the command modules, every command
with help in both languages and a place in the documentation, the printer's exit statuses
and colours, and no import circle or heavy import on the way to ``--help``."""

from __future__ import annotations

import argparse
import ast
import io
import re
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

import tui.cli
from sim import EXIT_STATUS, OutputError, ReadError, RecordsError
from tui.cli import COMMAND_MODULES, build_parser, main
from tui.cli.common import Subcommands
from tui.cli.output import BOLD_RED, RESET, colour, error, guard, progress

ROOT = Path(__file__).resolve().parent.parent
CLI_DIR = ROOT / "tui" / "cli"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sub


def commands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], str, argparse.ArgumentParser]]:
    """Every command and sub-command: (its words, its help line, its parser)."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for sub in subs:
        for choice in sub._choices_actions:
            child = sub.choices[choice.dest]
            words = (*prefix, choice.dest)
            yield words, choice.help or "", child
            yield from commands(child, words)


# --- one parser ------------------------------------------------------------------------------


def test_the_parser_holds_every_command_in_the_order_of_the_help() -> None:
    names = [words for words, _, _ in commands(build_parser("en"))]
    top = [w[0] for w in names if len(w) == 1]
    assert top == [
        "validate",
        "list",
        "simulate",
        "play",
        "schema",
        "run",
        "resume",
        "replay",
        "history",
        "report",
        "export",
        "plan",
        "forms",
        "cards",
        "draw",
        "calibrate",
        "new",
        "push",
        "server",
        "host",
        "join",
    ]
    assert [w for w in names if len(w) == 2] == [
        ("history", "show"),
        ("history", "progress"),
        ("history", "note"),
        ("history", "improve"),
        ("server", "token"),
        ("server", "units"),
        ("server", "viewer"),
    ]


def test_every_command_module_is_registered() -> None:
    """A module of tui/cli that defines ``register`` is in COMMAND_MODULES (else its
    commands would silently be missing), and each registered module defines it."""
    defining = set()
    for path in sorted(CLI_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.FunctionDef) and n.name == "register" for n in tree.body):
            defining.add(f"tui.cli.{path.stem}")
    assert defining == {m for m in COMMAND_MODULES if m.startswith("tui.cli.")}
    assert len(set(COMMAND_MODULES)) == len(COMMAND_MODULES)


def test_a_command_module_is_one_line_in_command_modules(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the package docstring promises a new command module: its name in
    COMMAND_MODULES is all it takes to be parsed, run and listed, in the help's language."""
    module = types.ModuleType("tui_cli_greet")

    def greet(args: argparse.Namespace) -> int:
        print(f"hello {args.who} ({args.lang})")
        return 3

    def register(subparsers: Subcommands) -> None:
        p = subparsers.add_parser("greet", help={"zh": "问好", "en": "say hello"}[subparsers.lang])
        p.add_argument("who")
        p.set_defaults(func=greet)

    module.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui_cli_greet", module)
    monkeypatch.setattr(tui.cli, "COMMAND_MODULES", (*COMMAND_MODULES, "tui_cli_greet"))
    assert main(["--lang", "zh", "greet", "Li"]) == 3
    assert capsys.readouterr().out == "hello Li (zh)\n"
    with pytest.raises(SystemExit):
        main(["--lang", "zh", "--help"])
    assert "问好" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--lang", "en", "greet", "--help"])
    assert capsys.readouterr().out.startswith("usage: drillsim greet")


def test_one_command_name_cannot_be_registered_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("tui_cli_again")

    def register(subparsers: Subcommands) -> None:
        subparsers.add_parser("list")

    module.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui_cli_again", module)
    monkeypatch.setattr(tui.cli, "COMMAND_MODULES", (*COMMAND_MODULES, "tui_cli_again"))
    with pytest.raises(argparse.ArgumentError, match="conflicting subparser"):
        build_parser("en")


# --- help and documentation ------------------------------------------------------------------


def test_every_command_has_help_in_both_languages() -> None:
    zh = {words: (text, p.description or "") for words, text, p in commands(build_parser("zh"))}
    en = {words: (text, p.description or "") for words, text, p in commands(build_parser("en"))}
    assert zh.keys() == en.keys()
    for words in en:
        for zh_text, en_text in zip(zh[words], en[words], strict=True):
            assert CJK.search(zh_text), (words, zh_text)
            assert en_text.strip() and not CJK.search(en_text), (words, en_text)


def _option_help(parser: argparse.ArgumentParser) -> dict[str, str]:
    return {
        "/".join(a.option_strings or [a.dest]): a.help or ""
        for a in parser._actions
        if not isinstance(a, argparse._SubParsersAction) and a.help != argparse.SUPPRESS
    }


def test_every_option_has_help_in_both_languages() -> None:
    zh = {words: _option_help(p) for words, _, p in commands(build_parser("zh"))}
    en = {words: _option_help(p) for words, _, p in commands(build_parser("en"))}
    for words, options in en.items():
        assert options.keys() == zh[words].keys()
        for option, en_text in options.items():
            zh_text = zh[words][option]
            assert CJK.search(zh_text), (words, option, zh_text)
            assert en_text.strip() and not CJK.search(en_text), (words, option, en_text)


def test_every_command_is_documented() -> None:
    """Each command is shown as ``drillsim NAME`` (a sub-command as ``PARENT NAME``) in the
    README or a page of docs/."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    for words, _, _ in commands(build_parser("en")):
        shown = f"drillsim {words[0]}" if len(words) == 1 else " ".join(words[-2:])
        assert re.search(rf"{re.escape(shown)}\b", text), f"{shown!r} is in no README or docs page"


def test_argparse_errors_keep_exit_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["no-such-command"], ["history", "--limit", "many"], ["plan", "x"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
        assert "usage: drillsim" in capsys.readouterr().err


# --- the printer -----------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_errors_are_bold_red_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TERM", raising=False)
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    error("no drill 'x'")
    assert screen.getvalue() == f"{BOLD_RED}no drill 'x'{RESET}\n"
    for var, value in (("NO_COLOR", "1"), ("TERM", "dumb")):
        monkeypatch.setenv(var, value)
        assert not colour(screen)
        monkeypatch.delenv(var)
    monkeypatch.setenv("NO_COLOR", "")  # empty: not set, as no-color.org says
    assert colour(screen)
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    error("no drill 'x'")
    assert pipe.getvalue() == "no drill 'x'\n"


def test_the_progress_bar_is_drawn_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bar redrawn with carriage returns would put a line per run into a log file."""
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    show = progress("en")
    for done in range(1, 4):
        show(done, 3)
    assert pipe.getvalue() == ""
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    show = progress("en")
    for done in range(1, 4):
        show(done, 3)
    drawn = screen.getvalue()
    assert drawn.count("\r") == 3 and drawn.endswith("3/3\n")


@pytest.mark.parametrize(
    ("failure", "status", "said"),
    [
        (RecordsError("err_no_session", id="S1"), 1, "S1"),
        (RecordsError("err_history_write", path="h.db", why="disk full"), EXIT_STATUS, "h.db"),
        (OutputError("out_exists", "r.html"), EXIT_STATUS, "r.html"),
        (ReadError("file_missing", "j.jsonl"), 1, "j.jsonl"),
    ],
)
def test_guard_turns_a_failure_into_one_line_and_its_exit_status(
    failure: Exception, status: int, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    def command(args: argparse.Namespace) -> int:
        raise failure

    ran: list[str] = []
    guarded = guard(command, before=ran.append)
    assert guarded(argparse.Namespace(lang="zh")) == status
    assert ran == ["zh"]
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and said in err and "Traceback" not in err


# --- imports ---------------------------------------------------------------------------------


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_command_modules_do_not_import_the_package_or_each_other_in_a_circle() -> None:
    modules = {f"tui.cli.{p.stem}": p for p in CLI_DIR.glob("*.py") if p.stem != "__init__"}
    graph = {name: _imports(path) & modules.keys() for name, path in modules.items()}
    for name, path in modules.items():
        if name != "tui.cli.__main__":
            assert "tui.cli" not in _imports(path), f"{name} imports the tui.cli package"
    seen: set[str] = set()

    def visit(name: str, stack: tuple[str, ...]) -> None:
        assert name not in stack, f"import circle: {' -> '.join((*stack, name))}"
        if name in seen:
            return
        for target in graph[name]:
            visit(target, (*stack, name))
        seen.add(name)

    for name in graph:
        visit(name, ())


def test_the_whole_parser_loads_neither_textual_nor_the_engine() -> None:
    """``drillsim --help`` builds every command's parser, in both languages, without
    Textual, SimPy, networkx, numpy or the engine (bench/bench_startup.py times it)."""
    code = (
        "import sys; from tui.cli import build_parser; build_parser('zh'); build_parser('en'); "
        "print(sorted(m for m in ('textual', 'simpy', 'networkx', 'numpy', 'sim.drill') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"
