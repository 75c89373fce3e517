"""A headless room host: ``python -m tui.room SCENARIO [--listen ADDR:PORT] [--code CODE]``.

It serves one drill to seats without a facilitator's screen (the console is ``drillsim
host``): the clock starts at once, or once ``--wait-seats N`` seats have joined, runs at
``--speed``, and the process exits when the drill has ended. ``--resume SESSION`` continues
a drill from its journal (after the host was killed), on the same address and code, so
that the seats rejoin by themselves.

Once listening it prints one JSON line on stdout: ``{"address": [host, port], "code": …,
"session_id": …}``, for scripts and tests to read.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from collections.abc import Sequence

from sim import Lang, RecordsError, ScenarioError, lang_from_argv, load_scenario, resolve
from sim.i18n import tr
from tui.cli import localize_parser
from tui.room.client import parse_address
from tui.room.host import RoomHost
from tui.session import SPEEDS, DrillSession, Settings


def build_parser(lang: Lang) -> argparse.ArgumentParser:
    """The command line, its help in ``lang``."""
    p = argparse.ArgumentParser(prog="python -m tui.room", description=tr("room_cli", lang))
    p.add_argument("scenario", nargs="?", help=tr("room_cli_scenario", lang))
    p.add_argument("--listen", default="127.0.0.1:0", help=tr("room_cli_listen", lang))
    p.add_argument("--code", help=tr("room_cli_code", lang))
    p.add_argument("--seed", type=int, help=tr("opt_seed_one", lang))
    p.add_argument("--speed", type=float, default=1.0, help=tr("room_cli_speed", lang))
    p.add_argument(
        "--mode",
        choices=("assessment", "coaching"),
        default="assessment",
        help=tr("room_cli_mode", lang),
    )
    p.add_argument("--wait-seats", type=int, default=0, help=tr("room_cli_wait_seats", lang))
    p.add_argument("--resume", metavar="SESSION", help=tr("room_cli_resume", lang))
    p.add_argument("--linger", type=float, default=2.0, help=tr("room_cli_linger", lang))
    p.add_argument("--lang", choices=("zh", "en"), default=lang, help=tr("opt_lang", lang))
    localize_parser(p, lang)
    return p


async def serve(args: argparse.Namespace) -> int:
    """Run the host until the drill ends (or SIGTERM / SIGINT)."""
    listen_host, port = parse_address(args.listen, listen=True)
    if args.resume:
        host = RoomHost.resume(args.resume, code=args.code, mode=args.mode, lang=args.lang)
        host.resume_clock()
    else:
        path = resolve(args.scenario)
        if path is None:
            raise ValueError(tr("room_cli_no_scenario", args.lang, name=args.scenario))
        scenario = load_scenario(path)
        speed = args.speed if args.speed in SPEEDS else 1.0
        session = DrillSession(
            scenario, Settings(speed=speed, seed=args.seed), path, lang=args.lang
        )
        host = RoomHost(session, code=args.code, mode=args.mode)
        if args.wait_seats <= 0:
            host.start_drill()
    address = await host.start(listen_host, port)
    print(
        json.dumps(
            {"address": list(address), "code": host.code, "session_id": host.session.session_id}
        ),
        flush=True,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    ended = asyncio.create_task(_until_finished(host, max(0, args.wait_seats)))
    stopped = asyncio.create_task(stop.wait())
    await asyncio.wait({ended, stopped}, return_when=asyncio.FIRST_COMPLETED)
    if ended.done():
        await asyncio.sleep(args.linger)  # let the seats get the last view
    for task in (ended, stopped):
        task.cancel()
    await host.stop()
    return 0


async def _until_finished(host: RoomHost, wait_seats: int) -> None:
    """Start the drill once ``wait_seats`` seats are connected; return when it has ended."""
    while not host.session.finished:
        if not host.started and sum(s.connected for s in host.seats()) >= wait_seats:
            host.start_drill()
        await asyncio.sleep(0.1)


def main(argv: Sequence[str] | None = None) -> int:
    """The entry point."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = lang_from_argv(argv)
    args = build_parser(lang).parse_args(argv)
    if not args.scenario and not args.resume:
        build_parser(lang).error(tr("room_cli_need_scenario", lang))
    try:
        return asyncio.run(serve(args))
    except (ScenarioError, RecordsError, OSError, ValueError) as exc:
        text = exc.render(args.lang) if isinstance(exc, RecordsError) else str(exc)
        print(text, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
