"""The city commands of the command line: ``push`` and ``server``.

- ``drillsim push URL --token TOKEN [--cacert FILE] [--database URL] [--pending] [--json]``:
  send the finished drills the server does not hold yet (the token may come from
  ``DRILLSIM_PUSH_TOKEN`` instead, out of the process list and the shell's history). Exit status 0 when nothing is left
  to send, 1 when the server refused a drill or the token, 3 when the server could not be
  reached (the drills stay queued; run it again later).
- ``drillsim server [--listen ADDR:PORT] [--database URL] [--certfile F --keyfile F]
  [--secret-file F]``: the city service (push API and dashboard), with uvicorn.
- ``drillsim server token add UNIT`` (prints the token last), ``server token revoke UNIT``.
- ``drillsim server units import FILE.xlsx|FILE.csv``, ``server units list [--json]``.
- ``drillsim server viewer add NAME`` (prints the password last).

``--database`` (or ``DRILLSIM_DATABASE_URL``) names the history database; without either it
is the local SQLite file. The server's dependencies are the ``city`` extra; ``push`` needs
only drillsim.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path
from typing import Any

from sim import Lang
from sim.i18n import tr
from tui.cli.common import Subcommands
from tui.cli.output import error, guard, lang_of, note, print_json, safe

EXIT_REFUSED = 1
EXIT_OFFLINE = 3
DEFAULT_LISTEN = "127.0.0.1:8470"


def register(subparsers: Subcommands) -> None:
    """Add ``push`` and ``server`` to ``drillsim``'s commands."""
    lang = subparsers.lang

    def database(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--database", metavar="URL", default=argparse.SUPPRESS, help=tr("opt_database", lang)
        )

    p = subparsers.add_parser("push", help=tr("cmd_push", lang), description=tr("cmd_push", lang))
    p.add_argument("url", metavar="URL", help=tr("arg_push_url", lang))
    p.add_argument("--token", help=tr("opt_token", lang))
    p.add_argument("--cacert", type=Path, metavar="FILE", help=tr("opt_cacert", lang))
    database(p)
    p.add_argument("--pending", action="store_true", help=tr("opt_pending", lang))
    p.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    p.add_argument("--pace-s", type=float, default=0.0, help=argparse.SUPPRESS)
    p.set_defaults(func=guard(cmd_push))

    server = subparsers.add_parser(
        "server", help=tr("cmd_server", lang), description=tr("cmd_server", lang)
    )
    server.add_argument(
        "--listen", default=DEFAULT_LISTEN, metavar="ADDR:PORT", help=tr("opt_listen", lang)
    )
    database(server)
    server.add_argument("--certfile", type=Path, metavar="FILE", help=tr("opt_certfile", lang))
    server.add_argument("--keyfile", type=Path, metavar="FILE", help=tr("opt_keyfile", lang))
    server.add_argument(
        "--secret-file", type=Path, metavar="FILE", help=tr("opt_secret_file", lang)
    )
    server.set_defaults(func=guard(cmd_server))
    parts = server.add_subparsers(dest="server_command", metavar="COMMAND")

    token = parts.add_parser(
        "token", help=tr("cmd_server_token", lang), description=tr("cmd_server_token", lang)
    )
    token_parts = token.add_subparsers(dest="token_command", metavar="COMMAND", required=True)
    for name, func in (("add", cmd_token_add), ("revoke", cmd_token_revoke)):
        q = token_parts.add_parser(
            name, help=tr(f"cmd_token_{name}", lang), description=tr(f"cmd_token_{name}", lang)
        )
        q.add_argument("unit", metavar="UNIT", help=tr("arg_unit", lang))
        database(q)
        q.set_defaults(func=guard(func))

    units = parts.add_parser(
        "units", help=tr("cmd_server_units", lang), description=tr("cmd_server_units", lang)
    )
    unit_parts = units.add_subparsers(dest="units_command", metavar="COMMAND", required=True)
    q = unit_parts.add_parser(
        "import", help=tr("cmd_units_import", lang), description=tr("cmd_units_import", lang)
    )
    q.add_argument("file", type=Path, metavar="FILE", help=tr("arg_units_file", lang))
    database(q)
    q.set_defaults(func=guard(cmd_units_import))
    q = unit_parts.add_parser(
        "list", help=tr("cmd_units_list", lang), description=tr("cmd_units_list", lang)
    )
    database(q)
    q.add_argument("--json", action="store_true", help=tr("opt_json", lang))
    q.set_defaults(func=guard(cmd_units_list))

    viewer = parts.add_parser(
        "viewer", help=tr("cmd_server_viewer", lang), description=tr("cmd_server_viewer", lang)
    )
    viewer_parts = viewer.add_subparsers(dest="viewer_command", metavar="COMMAND", required=True)
    q = viewer_parts.add_parser(
        "add", help=tr("cmd_viewer_add", lang), description=tr("cmd_viewer_add", lang)
    )
    q.add_argument("name", metavar="NAME", help=tr("arg_viewer", lang))
    database(q)
    q.set_defaults(func=guard(cmd_viewer_add))


def _history(args: argparse.Namespace) -> Any:
    from sim.records import History

    url = getattr(args, "database", None)
    return History(url=url) if url else History()


def _city(args: argparse.Namespace) -> Any:
    from sim.city import City

    return City(_history(args))


# --- push -------------------------------------------------------------------------------------


def cmd_push(args: argparse.Namespace) -> int:
    """``drillsim push``."""
    import os

    from sim.city import PushError, pending, push, server_key

    lang = lang_of(args)
    token = args.token or os.environ.get("DRILLSIM_PUSH_TOKEN", "")
    if not token and not args.pending:
        error(tr("push_no_token", lang))
        return 2
    history = _history(args)
    try:
        server = server_key(args.url)
        if args.pending:
            ids = pending(history, args.url)
            if args.json:
                print_json({"server": server, "pending": ids})
            else:
                print(tr("push_pending", lang, n=len(ids)) if ids else tr("push_nothing", lang))
                for sid in ids:
                    print(f"  {sid}")
            return 0

        def progress(session: str, outcome: str) -> None:
            if args.json:
                return
            if outcome in ("new", "updated"):
                note(tr("push_sent", lang, session=session))
            elif outcome == "unchanged":
                note(tr("push_unchanged", lang, session=session))

        report = push(
            history,
            args.url,
            token,
            cacert=args.cacert,
            pace_s=args.pace_s,
            progress=progress,
        )
    except PushError as exc:
        error(safe(tr(f"push_{exc.key}", lang, url=args.url, detail=exc.detail)))
        return EXIT_REFUSED
    for r in report.refused:
        why = {
            "other_unit": tr("why_other_unit", lang),
            "too_large": tr("why_too_large", lang),
        }.get(r.error) or tr("why_malformed", lang, detail=r.detail or r.error)
        error(safe(tr("push_refused", lang, session=r.session, why=why)))
    if args.json:
        print_json(report.to_json())
    elif not (report.sent or report.unchanged or report.refused or report.stopped):
        print(tr("push_nothing", lang))
    else:
        print(
            tr(
                "push_summary",
                lang,
                sent=len(report.sent),
                unchanged=len(report.unchanged),
                refused=len(report.refused),
                queued=len(report.queued),
            )
        )
    if report.stopped is not None:
        key = report.stopped.key
        error(
            safe(
                tr(
                    f"push_stopped_{key if key in ('unreachable', 'bad_token') else 'server_error'}",
                    lang,
                    server=server,
                    detail=report.stopped.detail,
                )
            )
        )
        return EXIT_OFFLINE if key in ("unreachable", "server_error") else EXIT_REFUSED
    return EXIT_REFUSED if report.refused else 0


# --- server -----------------------------------------------------------------------------------


def _listen(value: str, lang: Lang) -> tuple[str, int] | None:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        error(safe(tr("err_bad_listen", lang, value=value)))
        return None
    return host.strip("[]"), int(port)


def _secret(path: Path | None) -> str | None:
    """The dashboard's signing key from the file (made, readable by its owner only, when
    missing), or None (a random key: logins end with the process). OSError when the file
    cannot be read or made."""
    if path is None:
        return None
    import os

    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(key + "\n")
    return key


def cmd_server(args: argparse.Namespace) -> int:
    """``drillsim server``: run the service until interrupted."""
    lang = lang_of(args)
    if getattr(args, "server_command", None):
        return 2  # a sub-command's own handler runs instead (argparse sets func)
    listen = _listen(args.listen, lang)
    if listen is None:
        return 2
    try:
        import uvicorn

        from sim.city import create_app
    except ImportError as exc:
        error(tr("err_server_deps", lang, module=exc.name or str(exc)))
        return 1
    history = _history(args)
    history.schema_version()  # migrate (and fail in one line) before listening
    try:
        secret = _secret(args.secret_file)
    except OSError as exc:
        error(safe(tr("err_secret_file", lang, path=args.secret_file, why=exc.strerror or exc)))
        return 2
    app = create_app(history, secret_key=secret, https=bool(args.certfile))
    host, port = listen
    scheme = "https" if args.certfile else "http"
    note(safe(tr("server_listening", lang, url=f"{scheme}://{args.listen}", db=history.where)))
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        ssl_certfile=str(args.certfile) if args.certfile else None,
        ssl_keyfile=str(args.keyfile) if args.keyfile else None,
    )
    return 0


def cmd_token_add(args: argparse.Namespace) -> int:
    """``drillsim server token add UNIT``: the token is the last line."""
    from sim.city import CityError

    lang = lang_of(args)
    try:
        token = _city(args).add_token(args.unit)
    except CityError as exc:
        error(safe(tr(exc.key, lang, **exc.args_)))
        return 1
    note(safe(tr("token_made", lang, unit=args.unit)))
    print(token)
    return 0


def cmd_token_revoke(args: argparse.Namespace) -> int:
    """``drillsim server token revoke UNIT``."""
    n = _city(args).revoke_tokens(args.unit)
    print(safe(tr("tokens_revoked", lang_of(args), unit=args.unit, n=n)))
    return 0


def cmd_units_import(args: argparse.Namespace) -> int:
    """``drillsim server units import FILE``."""
    from sim.city import UnitsError, read_units

    lang = lang_of(args)
    try:
        rows = read_units(args.file)
    except UnitsError as exc:
        error(safe(tr(exc.key, lang, **exc.args_)))
        return 1
    city = _city(args)
    added, updated = city.import_units(rows)
    print(tr("units_imported", lang, added=added, updated=updated, total=len(city.units())))
    return 0


def cmd_units_list(args: argparse.Namespace) -> int:
    """``drillsim server units list``."""
    units = _city(args).units()
    if args.json:
        print_json([u.__dict__ for u in units])
        return 0
    for u in units:
        print(safe(f"{u.jurisdiction_kind}\t{u.jurisdiction}\t{u.industry}\t{u.name}"))
    return 0


def cmd_viewer_add(args: argparse.Namespace) -> int:
    """``drillsim server viewer add NAME``: the password is the last line."""
    password = secrets.token_urlsafe(12)
    _city(args).add_viewer(args.name, password)
    note(safe(tr("viewer_made", lang_of(args), name=args.name)))
    print(password)
    sys.stdout.flush()
    return 0
