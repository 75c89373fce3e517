"""The SSH gateway (tui/room/ssh.py) against a real hotel host on 127.0.0.1.

The login itself is OpenSSH's ``ssh`` (in a tmux pane, so that it has a terminal), checking
the gateway's host key strictly; it opens the real ``drillsim join`` seat, sees its role's
card, follows a resize, and acts. What OpenSSH cannot ask for on purpose (a channel without
a terminal, SFTP, port forwarding in both directions, a second seat on one connection, many
wrong passwords on one connection) is asked for with asyncssh's client. Skipped without
``ssh`` or tmux (CI installs openssh-client and tmux)."""

from __future__ import annotations

import asyncio
import os
import signal
import stat
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import asyncssh
import pytest

from sim.records import read_journal
from tests.room.conftest import CODE, ROLES, until
from tests.room.gateway_helpers import children_running, console_text, descendants
from tests.terminal import Tmux, askpass, known_hosts, needs_ssh, needs_tmux, ssh_argv
from tui.room.host import RoomHost
from tui.room.protocol import gateway_environment
from tui.room.ssh import (
    AUTH_FAILURE_DELAY_S,
    MAX_AUTH_ATTEMPTS,
    Gateway,
    load_host_key,
    seat_command,
    seat_environment,
    start_ssh_gateway,
)

# A seat that is not drillsim: it says who it is and the size of its terminal, then echoes
# one line. For the tests of what the gateway itself does.
ECHO_SEAT = (
    "import os, shutil, sys; size = shutil.get_terminal_size(); "
    "print('seat', sys.argv[1], f'{size.columns}x{size.lines}', os.isatty(0), flush=True); "
    "print('got', input(), flush=True)"
)


def echo_seat(role: str | None, lang: str) -> list[str]:
    return [sys.executable, "-c", ECHO_SEAT, f"{role}/{lang}"]


@pytest.fixture
def key_path(tmp_path: Path) -> Path:
    return tmp_path / "keys" / "ssh_host_ed25519_key"


@pytest.fixture
async def gateway(host: RoomHost, key_path: Path) -> AsyncIterator[Gateway]:
    """The SSH gateway of the hotel host, seats being ``drillsim join`` in English."""
    assert host.address is not None
    gw = await start_ssh_gateway(
        port=0, room_addr=host.address, code=CODE, roles=ROLES, lang="en", host_key_path=key_path
    )
    yield gw
    gw.close()
    await gw.wait_closed()


async def connect(
    port: int, user: str, password: str = CODE, **options: object
) -> asyncssh.SSHClientConnection:
    return await asyncssh.connect(
        "127.0.0.1",
        port,
        username=user,
        password=password,
        known_hosts=None,
        client_keys=None,
        agent_path=None,
        preferred_auth="password",
        **options,  # type: ignore[arg-type]
    )


# --- a real ssh client ------------------------------------------------------------------------


@needs_ssh
@needs_tmux
async def test_ssh_logs_in_as_a_role_and_gets_that_roles_seat(
    host: RoomHost, gateway: Gateway, key_path: Path, tmp_path: Path
) -> None:
    """``ssh -p P duty_manager@host`` with the join code: the duty manager's card (not the
    front desk's), a resize of the client's window reaches the seat, and an action taken in
    the seat reaches the host's journal as the duty manager's."""
    host.start_drill()
    known = known_hosts(tmp_path, gateway.port, load_host_key(key_path).export_public_key())
    env = askpass(tmp_path / "askpass", CODE.lower())  # the code in any case
    with Tmux() as tmux:
        term = tmux.open("ssh-seat", ssh_argv(gateway.port, "duty_manager", known), env)
        screen = await asyncio.to_thread(
            term.wait_for, "Response card: Duty manager", "Actions (key or Enter)", "Call 119"
        )
        assert "Front desk" not in screen.split("Actions")[0]
        assert "Response card: Front desk" not in screen
        # The seat fills the client's 100 columns (the card's first line wraps after "the
        # fire"); after a resize to 140 columns, it runs wider.
        assert "go to the fire control room" not in screen
        assert max(len(line.rstrip()) for line in screen.splitlines()) <= 100
        term.resize(140, 40)
        wide = await asyncio.to_thread(
            term.wait_for, "1. On the first report go to the fire control room and"
        )
        assert max(len(line.rstrip()) for line in wide.splitlines()) > 100
        term.keys("c")
        await asyncio.to_thread(term.wait_for, "Take action (Ctrl+S)")
        term.keys("C-s")
        await asyncio.to_thread(term.wait_for, "Duty manager: Call 119")
    journal = host.session.journal_path
    assert journal is not None
    acts = [(i.args["action"], i.args["by"]) for i in read_journal(journal).inputs if i.op == "act"]
    assert acts == [("call_119", "duty_manager")]


@needs_ssh
async def test_ssh_with_a_wrong_code_or_an_unknown_role_is_refused(
    gateway: Gateway, key_path: Path, tmp_path: Path
) -> None:
    known = known_hosts(tmp_path, gateway.port, load_host_key(key_path).export_public_key())
    for user, password in (("duty_manager", "WRONG1"), ("nobody", CODE), ("root", CODE)):
        env = {**os.environ, **askpass(tmp_path / "askpass", password)}
        done = await asyncio.create_subprocess_exec(
            *ssh_argv(gateway.port, user, known, "-tt"),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(done.communicate(), 60)
        assert done.returncode == 255, (user, out, err)
        assert b"Permission denied" in err, (user, err)
        assert b"Response card" not in out


@needs_ssh
async def test_ssh_asking_for_a_command_gets_nothing_run(
    gateway: Gateway, key_path: Path, tmp_path: Path
) -> None:
    """``ssh role@host COMMAND`` is refused: the command does not run (it would have left a
    file behind), and the client says so."""
    known = known_hosts(tmp_path, gateway.port, load_host_key(key_path).export_public_key())
    marker = tmp_path / "ran"
    env = {**os.environ, **askpass(tmp_path / "askpass", CODE)}
    done = await asyncio.create_subprocess_exec(
        *ssh_argv(gateway.port, "duty_manager", known, f"touch {marker}; id"),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(done.communicate(), 60)
    assert done.returncode != 0
    assert b"exec request failed" in err
    assert b"uid=" not in out and not marker.exists()


# --- what OpenSSH would not ask for -------------------------------------------------------------


async def test_no_shell_without_a_terminal_no_exec_no_sftp_no_forwarding(
    host: RoomHost, key_path: Path
) -> None:
    assert host.address is not None
    gw = await start_ssh_gateway(
        port=0,
        room_addr=host.address,
        code=CODE,
        roles=ROLES,
        lang="en",
        host_key_path=key_path,
        command=echo_seat,
    )
    try:
        async with await connect(gw.port, "security") as conn:
            # A session without a terminal is told to ask for one, and ends.
            result = await conn.run(term_type=None, timeout=30)
            assert result.exit_status == 1
            assert "a seat needs a terminal: connect with ssh -t" in str(result.stderr)
        async with await connect(gw.port, "security") as conn:
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.run("id", term_type="xterm", timeout=30)
        async with await connect(gw.port, "security") as conn:
            with pytest.raises((asyncssh.ChannelOpenError, asyncssh.SFTPError)):
                await conn.start_sftp_client()
        async with await connect(gw.port, "security") as conn:
            # Local forwarding (to the room's own port), remote forwarding, UNIX sockets.
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.open_connection(*host.address)
            with pytest.raises(asyncssh.ChannelListenError):
                await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", host.address[1])
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.open_unix_connection("/tmp/.X11-unix/X0")
            # The one thing it gives: the seat, in a terminal of the client's size.
            process = await conn.create_process(term_type="xterm", term_size=(91, 27))
            assert await asyncio.wait_for(process.stdout.readline(), 30) == (
                "seat security/en 91x27 True\r\n"
            )
            process.stdin.write("hello\r")
            assert "got hello" in await asyncio.wait_for(process.stdout.readuntil("got hello"), 30)
            await asyncio.wait_for(process.wait_closed(), 30)
            assert process.exit_status == 0
            # One seat a connection.
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.create_process(term_type="xterm")
    finally:
        gw.close()
        await gw.wait_closed()


async def test_wrong_passwords_drop_the_connection_after_the_limit(
    host: RoomHost, key_path: Path
) -> None:
    assert host.address is not None
    gw = await start_ssh_gateway(
        port=0, room_addr=host.address, code=CODE, roles=ROLES, lang="en", host_key_path=key_path
    )
    tried: list[str] = []

    class Guesser(asyncssh.SSHClient):
        def password_auth_requested(self) -> str:
            tried.append("x")
            return f"GUESS{len(tried)}"

    loop = asyncio.get_running_loop()
    started = loop.time()
    try:
        with pytest.raises((asyncssh.PermissionDenied, asyncssh.DisconnectError)):
            await asyncssh.connect(
                "127.0.0.1",
                gw.port,
                username="duty_manager",
                client_factory=Guesser,
                known_hosts=None,
                client_keys=None,
                agent_path=None,
                preferred_auth="password",
            )
    finally:
        gw.close()
        await gw.wait_closed()
    assert len(tried) == MAX_AUTH_ATTEMPTS
    assert loop.time() - started >= MAX_AUTH_ATTEMPTS * AUTH_FAILURE_DELAY_S


async def test_seats_and_connections_are_bounded(host: RoomHost, key_path: Path) -> None:
    assert host.address is not None
    gw = await start_ssh_gateway(
        port=0,
        room_addr=host.address,
        code=CODE,
        roles=ROLES,
        lang="zh",
        host_key_path=key_path,
        command=echo_seat,
        max_sessions=1,
        max_connections=2,
    )
    try:
        first = await connect(gw.port, "security")
        seat = await first.create_process(term_type="xterm")
        assert (await asyncio.wait_for(seat.stdout.readline(), 30)).startswith("seat security")
        second = await connect(gw.port, "front_desk")
        full = await second.run(term_type="xterm", timeout=30)
        assert full.exit_status == 1
        assert "演练室已满（最多1个远程席位）" in str(full.stdout) + str(full.stderr)
        with pytest.raises((asyncssh.DisconnectError, ConnectionError)):
            third = await connect(gw.port, "floor_staff")
            await third.run(term_type="xterm", timeout=30)
        # The seat ends when its client goes; then the room has space again.
        first.close()
        await first.wait_closed()
        second.close()
        await second.wait_closed()
        # (once the first seat's process has ended: the hang-up takes a moment)
        for _ in range(50):
            again = await connect(gw.port, "front_desk")
            seat2 = await again.create_process(term_type="xterm")
            line = await asyncio.wait_for(seat2.stdout.readline(), 30)
            if line:
                break
            again.close()
            await asyncio.sleep(0.2)
        assert line.startswith("seat front_desk")
        assert len(children_running("got")) == 1  # the first seat ended with its client
        again.close()
    finally:
        gw.close()
        await gw.wait_closed()
    assert children_running("got") == []


async def test_display_user_opens_the_projector_view_unless_a_role_has_that_name(
    host: RoomHost, key_path: Path
) -> None:
    assert host.address is not None
    for roles, seen in ((ROLES, "seat None/zh"), ([*ROLES, "display"], "seat display/zh")):
        gw = await start_ssh_gateway(
            port=0,
            room_addr=host.address,
            code=CODE,
            roles=roles,
            lang="zh",
            host_key_path=key_path,
            command=echo_seat,
        )
        try:
            async with await connect(gw.port, "display") as conn:
                seat = await conn.create_process(term_type="xterm")
                assert (await asyncio.wait_for(seat.stdout.readline(), 30)).startswith(seen)
        finally:
            gw.close()
            await gw.wait_closed()


# --- the seat's command line and the host key ----------------------------------------------------


def test_the_seat_is_drillsim_join_for_the_role_on_loopback() -> None:
    command = seat_command(("0.0.0.0", 7420), "ROOM42", theme="textual-light")
    assert command("security", "zh")[1:] == [
        "-m", "tui.cli", "join", "127.0.0.1:7420", "--code", "ROOM42", "--role", "security",
        "--lang", "zh", "--theme", "textual-light",
    ]  # fmt: skip
    assert command(None, "en")[1:8] == [
        "-m",
        "tui.cli",
        "join",
        "127.0.0.1:7420",
        "--code",
        "ROOM42",
        "--display",
    ]
    assert seat_command(("::", 9), "C")(None, "en")[4] == "[::1]:9"
    assert seat_command(("192.0.2.7", 9), "C")(None, "en")[4] == "192.0.2.7:9"


def test_the_seats_environment_holds_only_the_claim_its_gateway_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A claim in the host's own environment never reaches a seat; the gateway's does, and
    only in the environment (the command line carries no secret)."""
    stale = gateway_environment("stale" * 9, "web", "198.51.100.1:1")
    for name, value in stale.items():
        monkeypatch.setenv(name, value)
    assert not set(stale) & set(seat_environment("xterm"))
    secret = "fresh" * 9
    mine = gateway_environment(secret, "ssh", "192.0.2.41:50022")
    env = seat_environment("xterm", mine)
    assert {name: env[name] for name in mine} == mine
    argv = seat_command(("127.0.0.1", 7420), "ROOM42")("security", "en")
    assert not any(secret in arg for arg in argv)


def test_the_host_key_is_made_once_private_and_kept(key_path: Path) -> None:
    first = load_host_key(key_path)
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert first.algorithm == b"ssh-ed25519"
    again = load_host_key(key_path)
    assert again.export_public_key() == first.export_public_key()
    key_path.chmod(0o644)
    with pytest.raises(PermissionError):
        load_host_key(key_path)


def test_the_host_key_lives_in_the_records_folder(home: Path) -> None:
    load_host_key()
    assert stat.S_IMODE((home / "ssh_host_ed25519_key").stat().st_mode) == 0o600


async def test_a_closing_gateway_ends_its_seats_and_puts_the_clients_terminal_back(
    host: RoomHost, key_path: Path
) -> None:
    assert host.address is not None
    gw = await start_ssh_gateway(
        port=0,
        room_addr=host.address,
        code=CODE,
        roles=ROLES,
        lang="en",
        host_key_path=key_path,
        command=echo_seat,
    )
    conn = await connect(gw.port, "security")
    try:
        seat = await conn.create_process(term_type="xterm")
        assert (await asyncio.wait_for(seat.stdout.readline(), 30)).startswith("seat security")
        gw.close()
        rest = await asyncio.wait_for(seat.stdout.read(), 30)
        await asyncio.wait_for(gw.wait_closed(), 30)
    finally:
        conn.close()
    assert rest.endswith("the facilitator has closed the room; the seat has ended\r\n")
    assert "\x1b[?1049l" in rest and "\x1b[?25h" in rest  # main screen and cursor back
    assert seat.exit_status == 128 + signal.SIGHUP
    assert children_running("got") == []


async def test_keys_typed_while_the_seat_starts_reach_it(host: RoomHost, key_path: Path) -> None:
    assert host.address is not None
    gw = await start_ssh_gateway(
        port=0,
        room_addr=host.address,
        code=CODE,
        roles=ROLES,
        lang="en",
        host_key_path=key_path,
        command=echo_seat,
    )
    try:
        async with await connect(gw.port, "floor_staff") as conn:
            process = await conn.create_process(term_type="xterm")
            process.stdin.write("early\r")  # before the seat process exists
            out = await asyncio.wait_for(process.stdout.readuntil("got early"), 30)
            # (the terminal echoes it until the seat turns echo off, as a real one would)
            assert "seat floor_staff/en 80x24 True\r\ngot early" in out
    finally:
        gw.close()
        await gw.wait_closed()


# --- what the facilitator's console is told -----------------------------------------------------


async def test_an_ssh_seat_shows_as_ssh_from_the_clients_address_and_the_secret_stays_hidden(
    host: RoomHost, key_path: Path
) -> None:
    """The real ``drillsim join`` seat behind the gateway joins over loopback, but the host
    lists it as an SSH seat at the SSH client's own address (its socket's port, not the seat's
    loopback connection to the host), and the console says so; the gateway secret that vouches
    for it is on no child process's command line and in nothing the console shows."""
    assert host.address is not None
    gw = await start_ssh_gateway(
        port=0,
        room_addr=host.address,
        code=CODE,
        roles=ROLES,
        lang="en",
        host_key_path=key_path,
        gateway_secret=host.gateway_secret,
    )
    try:
        async with await connect(gw.port, "security") as conn:
            client_host, client_port = conn.get_extra_info("sockname")[:2]
            process = await conn.create_process(term_type="xterm", term_size=(100, 32))
            await until(lambda: any(s.role == "security" for s in host.seats()), 60)
            (seat,) = host.seats()
            assert seat.via == "ssh" and seat.connected
            assert seat.peer == f"{client_host}:{client_port}"
            shown = console_text(host)
            assert "SSH" in shown and client_host in shown
            assert host.gateway_secret not in shown
            running = descendants()
            assert any("tui.cli join" in cmd for cmd in running.values()), running
            assert not [cmd for cmd in running.values() if host.gateway_secret in cmd]
            process.close()
    finally:
        gw.close()
        await gw.wait_closed()
    await until(lambda: not any(s.connected for s in host.seats()), 30)


async def test_without_the_hosts_secret_an_ssh_seat_is_a_terminal_seat(
    host: RoomHost, key_path: Path
) -> None:
    """A gateway started without the host's secret makes no claim: its seats are listed as
    what the host sees, terminal seats on loopback (nothing is made up)."""
    assert host.address is not None
    gw = await start_ssh_gateway(
        port=0, room_addr=host.address, code=CODE, roles=ROLES, lang="en", host_key_path=key_path
    )
    try:
        async with await connect(gw.port, "front_desk") as conn:
            process = await conn.create_process(term_type="xterm", term_size=(100, 32))
            await until(lambda: any(s.role == "front_desk" for s in host.seats()), 60)
            (seat,) = host.seats()
            assert seat.via == "tcp" and seat.peer.startswith("127.0.0.1:")
            process.close()
    finally:
        gw.close()
        await gw.wait_closed()
