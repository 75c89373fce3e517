"""What the gateway tests share: the OpenSSH client's command line (password from a file
through SSH_ASKPASS, the gateway's host key pinned), a terminal in tmux, a free port, and a
browser seat in headless Chromium whose terminal text is read through xterm.js's buffer."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from tests.city import cdp

SSH = shutil.which("ssh")
TMUX = shutil.which("tmux")


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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


def ssh_argv(port: int, user: str, known: Path, *more: str) -> list[str]:
    """``ssh -p PORT USER@127.0.0.1 [MORE…]`` with no user configuration, password login
    only, one password prompt, and the host key checked against ``known``."""
    assert SSH is not None
    return [
        SSH, "-F", "/dev/null", "-o", "BatchMode=no", "-o", "StrictHostKeyChecking=yes",
        "-o", f"UserKnownHostsFile={known}", "-o", "PubkeyAuthentication=no",
        "-o", "PreferredAuthentications=password", "-o", "NumberOfPasswordPrompts=1",
        "-o", "LogLevel=ERROR", "-p", str(port), f"{user}@127.0.0.1", *more,
    ]  # fmt: skip


class Terminal:
    """One tmux session running one command (its own tmux server, killed by :meth:`kill`)."""

    def __init__(
        self, name: str, command: list[str], env: dict[str, str], size: tuple[int, int] = (100, 32)
    ) -> None:
        assert TMUX is not None
        self.socket = f"drillsim-gw-{os.getpid()}-{name}-{time.monotonic_ns()}"
        self.name = name
        args = [TMUX, "-L", self.socket, "new-session", "-d", "-s", name]
        args += ["-x", str(size[0]), "-y", str(size[1])]
        for key, value in env.items():
            args += ["-e", f"{key}={value}"]
        base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        # The pane stays after the command ends, so that its last words can be read.
        subprocess.run(
            [*args, *command, ";", "set-option", "-t", name, "remain-on-exit", "on"],
            check=True,
            env={**base, **env},
        )

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        out = subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True)
        return out.stdout

    def screen(self) -> str:
        """What the terminal shows now."""
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        """Type keys (tmux key names: Enter, Escape, C-s, ...)."""
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            time.sleep(0.05)

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))

    def wait_for(self, *texts: str, timeout_s: float = 60.0) -> str:
        """Wait until every text is on the screen; the screen."""
        deadline = time.monotonic() + timeout_s
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(t in screen for t in texts):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{self.name}: {texts} not shown; the screen:\n{screen}")

    def kill(self) -> None:
        assert TMUX is not None
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True)


# textual.js keeps its xterm.js Terminal in a ``terminal`` property of an object that is not
# global; this accessor on Object.prototype catches it as the page creates it (the test's
# script runs before the page's own).
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  set(value) {
    Object.defineProperty(this, 'terminal', {value, writable: true, configurable: true,
                                             enumerable: true});
    if (value && value.buffer) window.__seatTerminal = value;
  },
  get() { return undefined; },
});
"""

SCREEN_TEXT = """(() => {
  const t = window.__seatTerminal;
  if (!t) return null;
  const rows = [];
  for (let i = 0; i < t.rows; i++) {
    const line = t.buffer.active.getLine(i);
    rows.push(line ? line.translateToString(true) : '');
  }
  return rows.join('\\n');
})()"""


class SeatPage:
    """A browser seat: headless Chromium on the web gateway's join page."""

    def __init__(self, profile: Path) -> None:
        self.browser = cdp.Browser(profile, width=1200, height=800)
        self.browser.call(
            "Page.addScriptToEvaluateOnNewDocument", session=True, source=CATCH_TERMINAL
        )

    def join(self, url: str, role: str, code: str, lang: str = "en") -> str:
        """Open ``url``'s join page for ``role`` in ``lang``, post ``code``; the page it
        leads to."""
        self.browser.goto(f"{url}/?role={role}&lang={lang}")
        self.browser.evaluate(
            f"document.getElementById('code').value = {json.dumps(code)};"
            "document.querySelector('form').submit()",
            wait_load=True,
        )
        return str(self.browser.evaluate("location.pathname + location.search"))

    def text(self) -> str:
        """What the seat's terminal shows now."""
        return str(self.browser.evaluate(SCREEN_TEXT) or "")

    def wait_for(self, *texts: str, timeout_s: float = 90.0) -> str:
        """Wait until every text is in the terminal; the terminal's text."""
        deadline = time.monotonic() + timeout_s
        text = ""
        while time.monotonic() < deadline:
            text = self.text()
            if all(t in text for t in texts):
                return text
            time.sleep(0.3)
        raise AssertionError(f"browser seat: {texts} not shown; the terminal:\n{text}")

    def press(self, key: str, *, ctrl: bool = False) -> None:
        """Type one letter key into the terminal (with Ctrl when ``ctrl``)."""
        self.browser.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        code = f"Key{key.upper()}"
        common = {
            "key": key,
            "code": code,
            "windowsVirtualKeyCode": ord(key.upper()),
            "modifiers": 2 if ctrl else 0,
        }
        self.browser.call(
            "Input.dispatchKeyEvent",
            session=True,
            type="keyDown",
            **common,
            **({} if ctrl else {"text": key}),
        )
        self.browser.call("Input.dispatchKeyEvent", session=True, type="keyUp", **common)

    def close(self) -> None:
        self.browser.close()


def children_running(marker: str) -> list[int]:
    """This process's live child processes whose command line holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == os.getpid() and state != "Z" and marker in cmdline:
            found.append(int(entry.name))
    return found


def descendants() -> dict[int, str]:
    """Every live process descended from this one (children, grandchildren…), with its
    command line (arguments joined by spaces)."""
    parents: dict[int, int] = {}
    cmdlines: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if state != "Z":
            parents[int(entry.name)] = int(ppid)
            cmdlines[int(entry.name)] = cmdline
    found = {}
    for pid in parents:
        up = pid
        while up in parents and up != os.getpid():
            up = parents[up]
        if up == os.getpid() and pid != os.getpid():
            found[pid] = cmdlines[pid]
    return found
