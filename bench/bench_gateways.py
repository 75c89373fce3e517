"""What a seat through the SSH or web gateway costs: how long it takes to show its card, how
much memory each seat process holds, and how busy the host's process is meanwhile.

A hotel drill host on 127.0.0.1 (its clock at 10x) with both gateways in this process; N seats
log in at once through one gateway (asyncssh's client with a terminal, or the web gateway's
join form and websocket as textual.js speaks it), each as a role in turn. Prints, per
gateway: the time from login to the first sight of the role's card title (p50, p95, max), the
resident memory of the seat processes (mean per seat, total), and this process's CPU time
over wall time while the seats were up (the host and the gateway share it).

Usage: python bench/bench_gateways.py [--seats N] [--hold S] [ssh|web ...]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

import aiohttp
import asyncssh

from sim import bundled_dir, load_scenario
from tui.room.host import RoomHost
from tui.room.ssh import start_ssh_gateway
from tui.room.web import start_web_gateway
from tui.session import DrillSession, Settings

CODE = "BENCH2"
ROLES = ["duty_manager", "front_desk", "control_operator", "security", "floor_staff"]
TITLE = b"Response card"


def seat_pids() -> list[int]:
    """This process's child processes (the seats)."""
    me = os.getpid()
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == me:
                pids.append(int(entry.name))
    return pids


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def ssh_seat(port: int, role: str, hold_s: float, started: list[float]) -> None:
    t0 = time.perf_counter()
    async with asyncssh.connect(
        "127.0.0.1",
        port,
        username=role,
        password=CODE,
        known_hosts=None,
        client_keys=None,
        agent_path=None,
        preferred_auth="password",
        encoding=None,
    ) as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(120, 40))
        seen = b""
        while TITLE not in seen:
            seen = seen[-64:] + await process.stdout.read(65536)
        started.append(time.perf_counter() - t0)
        await asyncio.sleep(hold_s)
        process.close()


async def web_seat(port: int, role: str, hold_s: float, started: list[float]) -> None:
    t0 = time.perf_counter()
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        await session.post(
            f"http://127.0.0.1:{port}/join", data={"role": role, "code": CODE, "lang": "en"}
        )
        ws = await session.ws_connect(f"http://127.0.0.1:{port}/ws?width=120&height=40")
        seen = b""
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                seen = seen[-64:] + message.data
                if TITLE in seen:
                    break
        started.append(time.perf_counter() - t0)
        await asyncio.sleep(hold_s)
        await ws.close()


async def run(kind: str, seats: int, hold_s: float) -> None:
    path = bundled_dir() / "hotel-evacuation.yaml"
    session = DrillSession(load_scenario(path), Settings(seed=1, speed=10.0), path)
    host = RoomHost(session, code=CODE, max_seats=seats + 8)
    address = await host.start()
    host.start_drill()
    if kind == "ssh":
        gw = await start_ssh_gateway(
            port=0,
            room_addr=address,
            code=CODE,
            roles=ROLES,
            lang="en",
            host_key_path=Path(tempfile.mkdtemp()) / "key",
            max_sessions=seats,
            max_connections=seats,
        )
        seat = ssh_seat
    else:
        gw = await start_web_gateway(
            port=0, room_addr=address, code=CODE, lang="en", roles=ROLES, max_sessions=seats
        )
        seat = web_seat
    started: list[float] = []
    cpu0, wall0 = time.process_time(), time.perf_counter()
    tasks = [
        asyncio.create_task(seat(gw.port, ROLES[i % len(ROLES)], hold_s, started))
        for i in range(seats)
    ]
    while len(started) < seats:
        await asyncio.sleep(0.1)
    kib = [rss_kib(pid) for pid in seat_pids()]
    await asyncio.gather(*tasks)
    cpu = (time.process_time() - cpu0) / (time.perf_counter() - wall0)
    gw.close()
    await gw.wait_closed()
    await host.stop()
    session.close()
    started.sort()
    p95 = started[min(len(started) - 1, round(0.95 * (len(started) - 1)))]
    print(
        f"{kind:<4}{seats:>6}{statistics.median(started):>9.2f}{p95:>9.2f}{started[-1]:>9.2f}"
        f"{statistics.mean(kib) / 1024:>10.1f}{sum(kib) / 1024:>11.1f}{cpu:>10.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kinds", nargs="*", default=["ssh", "web"])
    parser.add_argument("--seats", type=int, default=6)
    parser.add_argument("--hold", type=float, default=10.0, help="seconds the seats stay")
    args = parser.parse_args()
    os.environ.setdefault("DRILLSIM_HOME", tempfile.mkdtemp(prefix="drillsim-bench-"))
    print(f"{'via':<4}{'seats':>6}{'p50 s':>9}{'p95 s':>9}{'max s':>9}"
          f"{'MiB/seat':>10}{'MiB total':>11}{'host CPU':>10}")  # fmt: skip
    for kind in args.kinds:
        asyncio.run(run(kind, args.seats, args.hold))


if __name__ == "__main__":
    main()
