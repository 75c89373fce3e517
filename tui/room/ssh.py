"""The SSH gateway: a seat for a participant who has nothing but an SSH client.

``ssh -p PORT ROLE@HOST``, with the room's join code as the password, opens that role's seat:
the gateway runs ``drillsim join ROOM --code CODE --role ROLE`` (the same seat a participant
would run at their own terminal) in a pseudo-terminal of the client's size, and copies bytes
both ways; a resize of the client's window resizes the pseudo-terminal (the kernel then
signals the seat). The user name ``display`` opens the projector view (``--display``) unless
the drill has a role of that name.

What the gateway does not do (docs/room.md, "SSH and web gateways"): it gives no shell and
runs no command the client names (``exec`` and subsystems such as SFTP are refused), forwards
no port, agent or X11 connection, and accepts no public key: the join code is the only
credential, and it admits only to a seat. A connection that fails :data:`MAX_AUTH_ATTEMPTS`
passwords is dropped, each failure costs :data:`AUTH_FAILURE_DELAY_S`, and at most
:data:`MAX_CONNECTIONS` connections and :data:`MAX_SESSIONS` seats are open at once. The host
key is generated once (Ed25519) into the records folder (:func:`sim.records.home`: the
platform's user data folder, or ``DRILLSIM_HOME``) with mode 0600, so that clients see the
same key at every drill and can pin it.

:func:`seat_command` is shared with the web gateway (:mod:`tui.room.web`).

The seat joins the room over loopback, so that the host alone would see it as a terminal seat
from 127.0.0.1. Given the host's gateway secret (``gateway_secret``), the gateway tells each
seat, in its environment (:func:`seat_environment`; never on its command line, which ``ps``
shows to every user), that it came through SSH and from which address (the SSH client's
socket peer); the seat's ``hello`` passes this on, and the host's console shows it
(docs/room.md, "Security").
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hmac
import os
import signal
import struct
import sys
from collections.abc import Callable, Coroutine, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import asyncssh

from sim import Lang
from sim.i18n import tr
from sim.records import home
from tui.room.protocol import GATEWAY_ENV, format_peer, gateway_environment

MAX_CONNECTIONS: Final = 48
"""SSH connections open at once (authenticated or not); one more is dropped at once."""

MAX_SESSIONS: Final = 32
"""Seats running at once through the gateway; one more is told the room is full."""

MAX_SESSIONS_PER_CONNECTION: Final = 1
"""Seats one SSH connection may open (a client multiplexing channels gets one seat)."""

MAX_AUTH_ATTEMPTS: Final = 3
"""Wrong passwords one connection may try before it is dropped."""

AUTH_FAILURE_DELAY_S: Final = 1.0
"""Real seconds a wrong password waits before its answer (slows guessing the code)."""

LOGIN_TIMEOUT_S: Final = 30.0
"""Real seconds a connection has to log in."""

MAX_PENDING_INPUT_BYTES: Final = 64 * 1024
"""Keystrokes held for a seat that is not reading; past this the client is paused."""

STOP_GRACE_S: Final = 3.0
"""Real seconds a seat has to end after a hang-up before it is killed."""

DISPLAY_USER: Final = "display"
"""The user name that opens the projector view."""

RESET_TERMINAL: Final = (
    b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"  # mouse reports off
    b"\x1b[?2004l\x1b[?1004l"  # bracketed paste and focus reports off
    b"\x1b[0m\x1b[?25h\x1b[?1049l\r\n"  # plain text, cursor shown, main screen back
)
"""What puts the client's terminal back after a seat that was stopped (xterm's control
sequences, as Textual's own driver sends them when a seat quits by itself)."""

HOST_KEY_NAME: Final = "ssh_host_ed25519_key"
"""The host key's file name in the records folder."""

SeatCommand = Callable[[str | None, Lang], Sequence[str]]
"""Builds a seat's command line for a role (None: the projector view) in a language."""


def seat_command(room_addr: tuple[str, int], code: str, *, theme: str | None = None) -> SeatCommand:
    """The ``drillsim join`` command line of each seat of the room at ``room_addr``.

    The seat runs with this interpreter (``python -m tui.cli``), so that it is the same
    drillsim as the host's whether or not the ``drillsim`` script is on the PATH. A host
    listening on every address (``0.0.0.0``, ``::``) is joined over loopback, as the
    gateway runs beside it."""
    host, port = room_addr
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def command(role: str | None, lang: Lang) -> list[str]:
        argv = [sys.executable, "-m", "tui.cli", "join", address, "--code", code]
        argv += ["--display"] if role is None else ["--role", role]
        argv += ["--lang", lang]
        if theme:
            argv += ["--theme", theme]
        return argv

    return command


def seat_environment(
    term: str | None = None, gateway: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment of a seat process: the host's, less what would mislead the seat about
    its terminal (a size fixed by COLUMNS/LINES, a Textual driver chosen for the host) or
    about how it came (a gateway claim the host's own environment might hold), with the
    client's terminal type, a UTF-8 locale, and ``gateway`` (the claim's variables,
    :func:`tui.room.protocol.gateway_environment`) when given."""
    dropped = {
        "COLUMNS",
        "LINES",
        "ROWS",
        "TEXTUAL_DRIVER",
        "TEXTUAL",
        "TERM_PROGRAM",
        *GATEWAY_ENV,
    }
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env["TERM"] = term or "xterm-256color"
    if "UTF-8" not in env.get("LC_ALL", env.get("LANG", "")).upper().replace("UTF8", "UTF-8"):
        env["LANG"] = env["LC_ALL"] = "C.UTF-8"
    env["PYTHONUTF8"] = "1"
    env.update(gateway or {})
    return env


def load_host_key(path: Path | None = None) -> asyncssh.SSHKey:
    """The gateway's host key, generated (Ed25519) and written with mode 0600 the first time.

    A key file that others can read is refused (as OpenSSH's sshd refuses one) rather than
    silently used: :class:`PermissionError`."""
    path = path or home() / HOST_KEY_NAME
    if path.exists():
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise PermissionError(
                errno.EACCES, f"host key readable by others (mode {mode:o})", str(path)
            )
        return asyncssh.read_private_key(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = asyncssh.generate_private_key("ssh-ed25519")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(key.export_private_key())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return key


class Gateway:
    """A running gateway: where it listens, and how to stop it (with every seat it runs).

    ``close()`` stops listening and hangs up every seat at once; ``await wait_closed()``
    (or awaiting what ``close()`` returns) waits until every seat process has ended."""

    def __init__(
        self,
        host: str,
        port: int,
        close: Callable[[], None],
        wait: Callable[[], Coroutine[Any, Any, None]],
    ) -> None:
        self.host = host
        self.port = port
        self._close = close
        self._wait = wait
        self._closed: asyncio.Task[None] | None = None

    def close(self) -> asyncio.Task[None]:
        """Stop listening and hang up every seat; the task that ends once all have ended."""
        if self._closed is None:
            self._close()
            self._closed = asyncio.get_running_loop().create_task(self._wait())
        return self._closed

    async def wait_closed(self) -> None:
        """Wait until the listener and every seat have ended (after :meth:`close`)."""
        await asyncio.shield(self.close())


# --- a seat in a pseudo-terminal ----------------------------------------------------------------

# The seat becomes the session leader of its pseudo-terminal (so that a resize signals it
# and a hang-up reaches it), then runs the seat's command line.
_LOGIN_TTY = "import os, sys; os.login_tty(0); os.execvp(sys.argv[1], sys.argv[1:])"


def _set_size(fd: int, width: int, height: int, pixwidth: int = 0, pixheight: int = 0) -> None:
    # POSIX only (as pseudo-terminals are); imported here so that the web gateway, which
    # shares this module's helpers, also loads where there are none.
    import fcntl
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, pixwidth, pixheight))


class _SeatSession(asyncssh.SSHServerSession[bytes]):
    """One SSH session channel: the seat of one role, in a pseudo-terminal."""

    def __init__(self, gateway: _SSHGateway, role: str | None, peer: str = "") -> None:
        self._gateway = gateway
        self._role = role
        self._peer = peer
        """The SSH client's address (its socket's peer), which the host's console shows."""
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self._term: str | None = None
        self._size = (80, 24, 0, 0)
        self._master: int | None = None
        self._proc: asyncio.subprocess.Process | None = None
        self._pending = bytearray()
        self._reading_paused = False
        self._writer_added = False
        self._closed = False  # the seat is ending: no more input, nothing more to the client
        self._client_gone = False
        self._host_closing = False
        self._task: asyncio.Task[None] | None = None

    # asyncssh's callbacks

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self._chan = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Any
    ) -> bool:
        self._term = term_type or None
        if term_size[0] > 0 and term_size[1] > 0:
            self._size = term_size
        return True

    def shell_requested(self) -> bool:
        # The client asks for its login shell; it gets the seat instead.
        return True

    def exec_requested(self, command: str) -> bool:
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        return False

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal: str) -> None:
        """Signals from the client are not passed to the seat."""

    def session_started(self) -> None:
        assert self._chan is not None
        lang = self._gateway.lang
        if self._term is None:
            self._refuse(tr("gw_ssh_needs_terminal", lang))
        elif not self._gateway.admit(self):
            self._refuse(tr("gw_room_full", lang, max=self._gateway.max_sessions))
        else:
            self._task = asyncio.get_running_loop().create_task(self._run())

    def data_received(self, data: bytes, datatype: Any) -> None:
        # Keys typed while the seat is starting wait for it.
        if self._closed:
            return
        self._pending += data
        self._flush_input()

    def eof_received(self) -> bool:
        return True

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        if width <= 0 or height <= 0:
            return
        self._size = (width, height, pixwidth, pixheight)
        if self._master is not None:
            with contextlib.suppress(OSError):
                _set_size(self._master, width, height, pixwidth, pixheight)

    def pause_writing(self) -> None:
        if self._master is not None and not self._closed:
            asyncio.get_running_loop().remove_reader(self._master)

    def resume_writing(self) -> None:
        if self._master is not None and not self._closed:
            asyncio.get_running_loop().add_reader(self._master, self._on_output)

    def connection_lost(self, exc: BaseException | None) -> None:
        self._client_gone = True
        self.hang_up()

    # the seat process

    def _refuse(self, message: str) -> None:
        assert self._chan is not None
        self._chan.write_stderr((message + "\r\n").encode())
        self._chan.exit(1)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        master, slave = os.openpty()
        try:
            _set_size(slave, *self._size)
            self._proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                _LOGIN_TTY,
                *self._gateway.command(self._role, self._gateway.lang),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=seat_environment(self._term, self._gateway.claim(self._peer)),
                cwd=str(Path.home()) if Path.home().is_dir() else None,
            )
        except OSError:
            os.close(master)
            self._gateway.release(self)
            if self._chan is not None:
                self._refuse(tr("gw_seat_failed", self._gateway.lang))
            return
        finally:
            os.close(slave)
        os.set_blocking(master, False)
        self._master = master
        if self._closed:
            self._stop_process()
        else:
            loop.add_reader(master, self._on_output)
            self._flush_input()
        status = await self._proc.wait()
        self._finish(status)

    def _on_output(self) -> None:
        assert self._master is not None
        try:
            data = os.read(self._master, 65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""  # EIO: every holder of the terminal has closed it
        if not data:
            asyncio.get_running_loop().remove_reader(self._master)
            return
        if self._chan is not None and not self._closed:
            self._chan.write(data)

    def _flush_input(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending and self._master is not None:
            try:
                written = os.write(self._master, self._pending)
            except BlockingIOError:
                break
            except OSError:
                self._pending.clear()
                break
            del self._pending[:written]
        if self._master is not None:
            if self._pending and not self._writer_added:
                loop.add_writer(self._master, self._flush_input)
                self._writer_added = True
            elif not self._pending and self._writer_added:
                loop.remove_writer(self._master)
                self._writer_added = False
        chan = self._chan
        if chan is None:
            return
        if len(self._pending) > MAX_PENDING_INPUT_BYTES and not self._reading_paused:
            chan.pause_reading()
            self._reading_paused = True
        elif self._reading_paused and len(self._pending) <= MAX_PENDING_INPUT_BYTES // 2:
            chan.resume_reading()
            self._reading_paused = False

    def _finish(self, status: int) -> None:
        """The seat has ended: pass on what it still wrote, then its exit status."""
        master, self._master = self._master, None
        if master is not None:
            loop = asyncio.get_running_loop()
            loop.remove_reader(master)
            loop.remove_writer(master)
            chunks = []
            with contextlib.suppress(OSError):
                while chunk := os.read(master, 65536):
                    chunks.append(chunk)
            os.close(master)
            if self._chan is not None and not self._client_gone:
                self._chan.write(b"".join(chunks))
        self._gateway.release(self)
        self._closed = True
        if self._chan is None or self._client_gone:
            return
        if status < 0 or self._host_closing:
            # A seat that was stopped could not put the client's terminal back.
            self._chan.write(RESET_TERMINAL)
        if self._host_closing:
            self._chan.write(f"{tr('gw_room_closed', self._gateway.lang)}\r\n".encode())
        self._chan.exit(status if status >= 0 else 128 - status)

    def _stop_process(self) -> None:
        proc = self._proc
        if proc is None or proc.returncode is not None:
            return
        # The seat is its own session leader: the hang-up goes to its whole group.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGHUP)
        asyncio.get_running_loop().call_later(STOP_GRACE_S, self._kill)

    def _kill(self) -> None:
        proc = self._proc
        if proc is not None and proc.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)

    def hang_up(self) -> None:
        """The client has gone: end the seat."""
        if self._closed:
            return
        self._closed = True
        self._stop_process()

    def close_for_host(self) -> None:
        """The gateway closes: end the seat, and tell the client why."""
        self._host_closing = True
        self.hang_up()

    async def wait(self) -> None:
        """Wait until the seat process has ended."""
        if self._task is not None:
            await asyncio.shield(self._task)


# --- the server ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Seat:
    role: str | None
    """The role, or None for the projector view."""


class _Connection(asyncssh.SSHServer):
    """One client connection: password login as a role with the join code, then one seat."""

    def __init__(self, gateway: _SSHGateway) -> None:
        self._gateway = gateway
        self._conn: asyncssh.SSHServerConnection | None = None
        self._failures = 0
        self._sessions = 0
        self._seat: _Seat | None = None
        self._peer = ""

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        self._peer = format_peer(conn.get_extra_info("peername"))
        if not self._gateway.connected(self):
            conn.disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS, "too many connections")

    def connection_lost(self, exc: Exception | None) -> None:
        self._gateway.disconnected(self)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()

    def begin_auth(self, username: str) -> bool:
        return True  # every user must log in

    def password_auth_supported(self) -> bool:
        return True

    def public_key_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    async def validate_password(self, username: str, password: str) -> bool:
        seat = self._gateway.seat_for(username)
        if seat is not None and self._gateway.code_matches(password):
            self._seat = seat
            return True
        self._failures += 1
        await asyncio.sleep(AUTH_FAILURE_DELAY_S)
        if self._failures >= MAX_AUTH_ATTEMPTS and self._conn is not None:
            self._conn.disconnect(asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE, "too many tries")
        return False

    def session_requested(self) -> _SeatSession | bool:
        if self._seat is None or self._sessions >= MAX_SESSIONS_PER_CONNECTION:
            return False
        self._sessions += 1
        return _SeatSession(self._gateway, self._seat.role, self._peer)

    def connection_requested(self, dest_host: str, dest_port: int, *_: Any) -> bool:
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        return False


class _SSHGateway:
    """What the connections of one gateway share: who may log in, and the limits."""

    def __init__(
        self,
        code: str,
        roles: Iterable[str],
        lang: Lang,
        command: SeatCommand,
        max_sessions: int,
        max_connections: int,
        secret: str | None = None,
    ) -> None:
        from tui.room.protocol import normalise_code

        self._normalise = normalise_code
        self._code = normalise_code(code).encode()
        self.roles = frozenset(roles)
        self.lang = lang
        self.command = command
        self.max_sessions = max_sessions
        self.max_connections = max_connections
        self.connections: set[_Connection] = set()
        self.seats: set[_SeatSession] = set()
        self.closing = False
        self._secret = secret

    def claim(self, peer: str) -> dict[str, str] | None:
        """The gateway claim for a seat whose client is at ``peer`` (the variables of its
        environment), or None without the host's secret."""
        if self._secret is None:
            return None
        return gateway_environment(self._secret, "ssh", peer)

    def seat_for(self, username: str) -> _Seat | None:
        """The seat a user name logs in to (a role's, or the projector's for
        :data:`DISPLAY_USER` unless a role has that name), or None."""
        if username in self.roles:
            return _Seat(username)
        return _Seat(None) if username == DISPLAY_USER else None

    def code_matches(self, password: str) -> bool:
        return hmac.compare_digest(self._normalise(password).encode(), self._code)

    def connected(self, conn: _Connection) -> bool:
        if self.closing or len(self.connections) >= self.max_connections:
            return False
        self.connections.add(conn)
        return True

    def disconnected(self, conn: _Connection) -> None:
        self.connections.discard(conn)

    def admit(self, seat: _SeatSession) -> bool:
        if self.closing or len(self.seats) >= self.max_sessions:
            return False
        self.seats.add(seat)
        return True

    def release(self, seat: _SeatSession) -> None:
        self.seats.discard(seat)

    def close(self) -> None:
        self.closing = True
        for seat in list(self.seats):
            seat.close_for_host()

    async def wait_closed(self) -> None:
        for seat in list(self.seats):
            await seat.wait()
        for conn in list(self.connections):
            conn.close()


async def start_ssh_gateway(
    *,
    listen_host: str = "127.0.0.1",
    port: int,
    room_addr: tuple[str, int],
    code: str,
    roles: Iterable[str],
    lang: Lang,
    theme: str | None = None,
    host_key_path: Path | None = None,
    command: SeatCommand | None = None,
    max_sessions: int = MAX_SESSIONS,
    max_connections: int = MAX_CONNECTIONS,
    gateway_secret: str | None = None,
) -> Gateway:
    """Listen for SSH clients on ``listen_host:port`` (port 0: any free port, see
    :attr:`Gateway.port`) and give each one that logs in as a role, with ``code`` as the
    password, that role's seat in the room at ``room_addr``.

    ``command`` replaces the seat's command line (:func:`seat_command` by default); it is for
    running another program as the seat, as the tests do. ``gateway_secret`` is the host's
    (:attr:`tui.room.host.RoomHost.gateway_secret`): with it, each seat tells the host that it
    came through SSH and from which address; without it, the seats show as terminal seats on
    loopback. Must be awaited inside the running
    event loop that will serve the gateway (the host's)."""
    key = load_host_key(host_key_path)
    state = _SSHGateway(
        code,
        roles,
        lang,
        command or seat_command(room_addr, code, theme=theme),
        max_sessions,
        max_connections,
        gateway_secret,
    )
    acceptor = await asyncssh.listen(
        listen_host,
        port,
        server_factory=lambda: _Connection(state),
        server_host_keys=[key],
        encoding=None,
        line_editor=False,
        allow_pty=True,
        agent_forwarding=False,
        x11_forwarding=False,
        allow_scp=False,
        sftp_factory=None,
        login_timeout=LOGIN_TIMEOUT_S,
        keepalive_interval=30,
        keepalive_count_max=4,
        reuse_address=True,
    )

    def close() -> None:
        acceptor.close()
        state.close()

    async def wait() -> None:
        await acceptor.wait_closed()
        await state.wait_closed()

    return Gateway(listen_host, acceptor.get_port(), close, wait)
