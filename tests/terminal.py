"""Real terminals for the tests that use drillsim as a person would: each command runs in a
tmux pane (on a tmux server of the test's own, with no user configuration), is typed into
with ``send-keys`` and read with ``capture-pane``. Also what those tests share: the
``drillsim`` installed next to this Python, the environment of a drill in a temporary home,
a free port, and OpenSSH's client command line (the password typed through SSH_ASKPASS, the
gateway's host key checked strictly).

A test that needs tmux or ``ssh`` is marked :data:`needs_tmux` or :data:`needs_ssh`, which
skip it, saying what to install, when the program is missing (CI installs both)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import TracebackType

import pytest

TMUX = shutil.which("tmux")
SSH = shutil.which("ssh")
DRILLSIM = Path(sys.executable).with_name("drillsim")
"""The ``drillsim`` command of the environment the tests run in."""

needs_tmux = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install tmux)")
needs_ssh = pytest.mark.skipif(
    SSH is None, reason="OpenSSH's client is not installed (apt-get install openssh-client)"
)

SIZE = (100, 32)
"""The terminal's columns and lines unless a test asks for another size."""


def drill_env(home: Path) -> dict[str, str]:
    """The environment of a drillsim run in a terminal: records under ``home/home``, no user
    scenario folder, a UTF-8 locale and a 256-colour terminal."""
    return {
        "DRILLSIM_SCENARIOS": str(home / "none"),
        "DRILLSIM_HOME": str(home / "home"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _base_env(env: dict[str, str]) -> dict[str, str]:
    # COLUMNS/LINES (set by some test runners) would override the pane's real size.
    base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return {**base, **env}


class Tmux:
    """One tmux server of the test's own; :meth:`open` starts a command in a new terminal,
    and leaving the ``with`` block (or :meth:`kill`) ends the server and every command in it.

    Panes stay after their command ends (``remain-on-exit``), so that a test can still read
    a command's last words, for example why a seat was refused."""

    def __init__(self) -> None:
        assert TMUX is not None, "mark the test with tests.terminal.needs_tmux"
        self.socket = f"drillsim-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"

    def run(self, *args: str, env: dict[str, str] | None = None) -> str:
        """``tmux ARGS`` on this server; its standard output."""
        assert TMUX is not None
        out = subprocess.run(
            [TMUX, "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            env=_base_env(env or {}),
        )
        return out.stdout

    def open(
        self, name: str, command: list[str], env: dict[str, str], size: tuple[int, int] = SIZE
    ) -> Terminal:
        """Run ``command`` with ``env`` in a new terminal of ``size`` (columns, lines)."""
        assert TMUX is not None
        args = ["new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1])]
        for key, value in env.items():
            args += ["-e", f"{key}={value}"]
        # The option is set before the pane exists, so even a command that ends at once
        # leaves its pane.
        remain = ["start-server", ";", "set-option", "-g", "remain-on-exit", "on", ";"]
        subprocess.run(
            [TMUX, "-L", self.socket, "-f", "/dev/null", *remain, *args, *command],
            check=True,
            env=_base_env(env),
        )
        return Terminal(self, name)

    def kill(self) -> None:
        self.run("kill-server")

    def __enter__(self) -> Tmux:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.kill()


class Terminal:
    """One terminal (a tmux session) running one command."""

    def __init__(self, server: Tmux, name: str) -> None:
        self.server = server
        self.name = name

    def tmux(self, *args: str) -> str:
        """``tmux ARGS`` on this terminal's server."""
        return self.server.run(*args)

    def ended(self) -> bool:
        """Whether the command has ended (its pane is dead)."""
        return self.tmux("display-message", "-p", "-t", self.name, "#{pane_dead}").strip() == "1"

    def screen(self) -> str:
        """What the terminal shows now; once the command has ended, everything it wrote
        (tmux scrolls the last screen up to say that the pane is dead)."""
        return self._capture(self.ended())

    def _capture(self, ended: bool) -> str:
        history = ("-S", "-") if ended else ()
        return self.tmux("capture-pane", "-p", *history, "-t", self.name)

    def keys(self, *keys: str) -> None:
        """Type keys (tmux key names: Enter, Escape, C-s, ...)."""
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            time.sleep(0.05)

    def resize(self, columns: int, lines: int) -> None:
        """Resize the terminal, as a person dragging its window would."""
        self.tmux("resize-window", "-t", self.name, "-x", str(columns), "-y", str(lines))

    def wait_for(self, *texts: str, timeout_s: float = 60.0) -> str:
        """Wait until every text is on the screen; the screen. Fails at once, showing what
        the command wrote last, if the command ends without showing them."""
        deadline = time.monotonic() + timeout_s
        screen = ""
        while time.monotonic() < deadline:
            ended = self.ended()
            screen = self._capture(ended)
            if all(t in screen for t in texts):
                return screen
            if ended:
                raise AssertionError(f"{self.name} ended without showing {texts}:\n{screen}")
            time.sleep(0.2)
        raise AssertionError(f"{self.name}: {texts} not shown; the screen:\n{screen}")

    def kill(self) -> None:
        """End this terminal's command (and the terminal)."""
        self.tmux("kill-session", "-t", self.name)


def askpass(folder: Path, password: str) -> dict[str, str]:
    """The environment that makes ``ssh`` type ``password`` (OpenSSH 8.4+: SSH_ASKPASS_REQUIRE)."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / f"askpass-{len(list(folder.iterdir()))}.sh"
    script.write_text(f"#!/bin/sh\necho '{password}'\n")
    script.chmod(0o700)
    return {"SSH_ASKPASS": str(script), "SSH_ASKPASS_REQUIRE": "force", "DISPLAY": ":0"}


def known_hosts(folder: Path, port: int, public_key: bytes) -> Path:
    """A known_hosts file holding the gateway's key, so that ``ssh`` checks it strictly."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"known_hosts-{port}"
    path.write_bytes(f"[127.0.0.1]:{port} ".encode() + public_key.strip() + b"\n")
    return path


def ssh_argv(port: int, user: str, known: Path | None, *more: str) -> list[str]:
    """``ssh -p PORT USER@127.0.0.1 [MORE…]`` with no user configuration, password login
    only, one password prompt, and the host key checked against ``known`` (any key is
    taken when ``known`` is None: for a gateway whose key the test does not read)."""
    assert SSH is not None, "mark the test with tests.terminal.needs_ssh"
    if known is None:
        keys = ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"]
    else:
        keys = ["-o", "StrictHostKeyChecking=yes", "-o", f"UserKnownHostsFile={known}"]
    return [
        SSH, "-F", "/dev/null", "-o", "BatchMode=no", *keys, "-o", "PubkeyAuthentication=no",
        "-o", "PreferredAuthentications=password", "-o", "NumberOfPasswordPrompts=1",
        "-o", "LogLevel=ERROR", "-p", str(port), f"{user}@127.0.0.1", *more,
    ]  # fmt: skip
