"""The training room's commands: ``host`` (the facilitator's console, holding the drill) and
``join`` (a role's seat, or ``--display`` for the projector).

``drillsim host SCENARIO`` builds the drill, opens the room's socket (127.0.0.1 unless
``--listen`` says otherwise), optionally the SSH and web gateways, and runs the console in the
same event loop; ``drillsim host --resume SESSION`` rebuilds an interrupted room drill from its
journal first. ``drillsim join ADDR:PORT --code CODE --role ROLE`` connects before anything is
drawn, so that a wrong code, an unknown role or a host that is not there is said in one line
(exit status 2), never as a traceback. docs/room.md describes the protocol and its limits.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

from sim import Lang
from sim.i18n import tr
from tui.cli.common import Subcommands, check_seed, load_for_run
from tui.cli.output import error, lang_of, note, safe

if TYPE_CHECKING:
    from tui.room.host import RoomHost

DEFAULT_PORT = 7420
"""The room's port when ``--listen`` names none."""

EXIT_USAGE = 2
"""Exit status of a command line that cannot be served (as argparse's own errors)."""

GATEWAY_CLOSE_S = 5.0
"""Real seconds the host waits for a gateway's seats to hang up as it stops."""


def register(subparsers: Subcommands) -> None:
    """Add ``host`` and ``join``."""
    lang = subparsers.lang

    p = subparsers.add_parser("host", help=tr("cmd_host", lang), description=tr("cmd_host", lang))
    p.add_argument("scenario", nargs="?", metavar="SCENARIO", help=tr("arg_host_scenario", lang))
    p.add_argument(
        "--listen",
        metavar="ADDR:PORT",
        default=f"127.0.0.1:{DEFAULT_PORT}",
        help=tr("opt_room_listen", lang, port=DEFAULT_PORT),
    )
    p.add_argument("--code", metavar="CODE", help=tr("opt_host_code", lang))
    p.add_argument(
        "--mode",
        choices=["assessment", "coaching"],
        default=None,
        help=tr("opt_room_mode", lang),
    )
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
        "--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help=tr("opt_lang", lang)
    )
    p.add_argument(
        "--theme", choices=["dark", "light", "contrast"], default="dark", help=tr("opt_theme", lang)
    )
    p.add_argument("--ssh-port", type=int, metavar="P", help=tr("opt_ssh_port", lang))
    p.add_argument("--web-port", type=int, metavar="P", help=tr("opt_web_port", lang))
    p.add_argument("--resume", metavar="SESSION", help=tr("opt_host_resume", lang))
    p.set_defaults(func=cmd_host)

    p = subparsers.add_parser("join", help=tr("cmd_join", lang), description=tr("cmd_join", lang))
    p.add_argument(
        "address", metavar="ADDR:PORT", help=tr("arg_join_address", lang, port=DEFAULT_PORT)
    )
    p.add_argument("--code", metavar="CODE", required=True, help=tr("opt_join_code", lang))
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--role", metavar="ROLE", help=tr("opt_join_role", lang))
    who.add_argument("--display", action="store_true", help=tr("opt_display", lang))
    p.add_argument(
        "--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help=tr("opt_lang", lang)
    )
    p.add_argument(
        "--theme", choices=["dark", "light", "contrast"], default="dark", help=tr("opt_theme", lang)
    )
    p.set_defaults(func=cmd_join)


# --- what both commands check -----------------------------------------------------------------


def parse_address(text: str) -> tuple[str, int] | None:
    """``HOST:PORT`` (``[v6]:PORT`` for an IPv6 address) as (host, port); None when it is
    not one (no port, a port out of range, an empty host)."""
    text = text.strip()
    if text.startswith("["):
        end = text.find("]")
        if end < 0 or text[end + 1 : end + 2] != ":":
            return None
        host, port_text = text[1:end], text[end + 2 :]
    else:
        host, sep, port_text = text.rpartition(":")
        if not sep or ":" in host:
            return None
    if not host or not port_text.isdigit():
        return None
    port = int(port_text)
    if not 0 <= port <= 65535:
        return None
    return host, port


def shown_address(host: str, port: int) -> str:
    """An address as ``HOST:PORT`` (brackets around an IPv6 address)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def check_code(code: str | None, lang: Lang) -> str | None:
    """A join code from the command line, in its canonical form; '' (said in one line) when
    it is not usable. None stays None (the host draws one)."""
    if code is None:
        return None
    from tui.room.protocol import normalise_code

    canonical = normalise_code(code)
    if not 4 <= len(canonical) <= 32 or not canonical.isascii() or not canonical.isalnum():
        error(safe(tr("room_bad_code", lang, code=code)))
        return ""
    return canonical


# --- host ---------------------------------------------------------------------------------------


def cmd_host(args: argparse.Namespace) -> int:
    """``drillsim host``: the facilitator's console over one room's drill."""
    from sim import RecordsError

    lang = lang_of(args)
    if args.seed is not None and not check_seed(args.seed, lang):
        return EXIT_USAGE
    listen = parse_address(args.listen)
    if listen is None:
        error(safe(tr("room_bad_address", lang, address=args.listen, port=DEFAULT_PORT)))
        return EXIT_USAGE
    code = check_code(args.code, lang)
    if code == "":
        return EXIT_USAGE
    if args.resume is None and args.scenario is None:
        error(tr("room_no_scenario", lang))
        return EXIT_USAGE
    from tui.room.host import RoomHost

    if args.resume is not None:
        try:
            host = RoomHost.resume(args.resume, code=code, mode=args.mode, lang=lang)
        except (RecordsError, OSError) as exc:
            detail = exc.render(lang) if isinstance(exc, RecordsError) else str(exc)
            error(safe(tr("resume_failed", lang, error=detail)))
            return 1
    else:
        loaded = load_for_run(args.scenario, lang)
        if loaded is None:
            return 1
        path, scenario = loaded
        from tui.session import DrillSession, Settings

        settings = Settings(team=args.team, speed=args.speed, seed=args.seed)
        session = DrillSession(scenario, settings, path, lang=lang)
        host = RoomHost(session, code=code, mode=args.mode or "assessment")
    from tui.cli.common import heal

    heal(lang)
    return asyncio.run(_run_host(host, listen, args, lang))


async def _run_host(host: RoomHost, listen: tuple[str, int], args: Any, lang: Lang) -> int:
    from tui.room_apps import HostApp

    app = HostApp(host, lang=lang, theme=args.theme)
    try:
        bound = await host.start(listen[0], listen[1])
    except OSError as exc:
        error(
            safe(
                tr(
                    "room_cannot_listen",
                    lang,
                    address=shown_address(*listen),
                    why=exc.strerror or exc,
                )
            )
        )
        host.session.close()
        return EXIT_USAGE
    gateways: list[Any] = []
    try:
        for what, port in (("SSH", args.ssh_port), ("Web", args.web_port)):
            if port is None:
                continue
            gateway = await _start_gateway(host, what, port, listen[0], bound, args.theme, lang)
            if gateway is None:
                return EXIT_USAGE
            gateways.append(gateway)
        note(safe(tr("room_hosting", lang, code=host.code, address=shown_address(*bound))))
        await app.run_async()
    finally:
        for gateway in gateways:
            gateway.close()
        for gateway in gateways:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(gateway.wait_closed(), GATEWAY_CLOSE_S)
        await host.stop()
    session_id = host.session.session_id
    if session_id and not host.session.finished:
        note(safe(tr("room_left_resumable", lang, session=session_id)))
    return 0


async def _start_gateway(
    host: RoomHost,
    what: str,
    port: int,
    listen_host: str,
    room_addr: tuple[str, int],
    theme: str | None,
    lang: Lang,
) -> Any:
    """Open the SSH (``tui.room.ssh``) or web (``tui.room.web``) gateway on ``port``, serving
    the seats of the room at ``room_addr``; None (said in one line) when it cannot be opened."""
    from sim import localize

    roles = {
        r.id: {each: str(localize(r.name, each)) for each in ("zh", "en")}
        for r in host.scenario.roles
    }
    try:
        if what == "SSH":
            from tui.room.ssh import start_ssh_gateway

            return await start_ssh_gateway(
                listen_host=listen_host,
                port=port,
                room_addr=room_addr,
                code=host.code,
                roles=list(roles),
                lang=lang,
                theme=theme,
                gateway_secret=host.gateway_secret,
            )
        from tui.room.web import start_web_gateway

        return await start_web_gateway(
            listen_host=listen_host,
            port=port,
            room_addr=room_addr,
            code=host.code,
            lang=lang,
            theme=theme,
            roles=roles,
            gateway_secret=host.gateway_secret,
        )
    except ImportError:
        error(tr("room_gateway_missing", lang, what=what))
    except OSError as exc:
        error(safe(tr("room_gateway_failed", lang, what=what, why=exc.strerror or exc)))
    return None


# --- join -----------------------------------------------------------------------------------------


def cmd_join(args: argparse.Namespace) -> int:
    """``drillsim join``: a role's seat, or the projector's display."""
    lang = lang_of(args)
    address = parse_address(args.address)
    if address is None or address[1] == 0:
        error(safe(tr("room_bad_address", lang, address=args.address, port=DEFAULT_PORT)))
        return EXIT_USAGE
    code = check_code(args.code, lang)
    if not code:
        return EXIT_USAGE
    return asyncio.run(_run_join(address, code, args, lang))


def take_gateway_claim() -> dict[str, str] | None:
    """The gateway claim that the SSH or web gateway put in this seat's environment (see
    :mod:`tui.room.protocol`), taken out of it so that nothing this process starts inherits
    the secret; None for a seat that no gateway runs. Only the environment is read: a claim
    is never given on the command line, which ``ps`` shows to every user."""
    import os

    from tui.room.protocol import GATEWAY_ENV, gateway_claim_from_environment

    claim = gateway_claim_from_environment(os.environ)
    for name in GATEWAY_ENV:
        os.environ.pop(name, None)
    return claim


async def _run_join(address: tuple[str, int], code: str, args: Any, lang: Lang) -> int:
    from tui.room.client import JoinRefused, RemoteLink
    from tui.room.protocol import ProtocolError
    from tui.room_apps import SeatApp

    gateway = take_gateway_claim()
    try:
        if args.display:
            link = await RemoteLink.connect(address, code, display=True, lang=lang, gateway=gateway)
        else:
            link = await RemoteLink.connect(
                address, code, role=args.role, lang=lang, gateway=gateway
            )
    except JoinRefused as exc:
        error(safe(tr("room_join_refused", lang, why=exc.reason.render(lang))))
        return EXIT_USAGE
    except (TimeoutError, OSError, ProtocolError, asyncio.IncompleteReadError) as exc:
        # Nothing there, a port that does not answer in time, or something that is not a
        # drillsim host on it.
        why = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        error(safe(tr("room_host_down", lang, address=shown_address(*address), why=why)))
        return EXIT_USAGE
    try:
        await SeatApp(link, lang=lang, theme=args.theme).run_async()
    finally:
        await link.close()
    return 0
