"""What the gateway tests share besides a terminal (tests/terminal.py): a browser seat in
headless Chromium whose terminal text is read through xterm.js's buffer, and the seat
processes a gateway has started."""

from __future__ import annotations

import io
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console

from tests.city import cdp
from tui.names import Names
from tui.room.host import RoomHost
from tui.screens.console import seats_table

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


def _live_processes() -> Iterator[tuple[int, int, str]]:
    """Every live (not zombie) process: its id, its parent's id and its command line
    (arguments joined by spaces), read from /proc."""
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
            yield int(entry.name), int(ppid), cmdline


def children_running(marker: str) -> list[int]:
    """This process's live child processes whose command line holds ``marker``."""
    me = os.getpid()
    return [pid for pid, ppid, cmdline in _live_processes() if ppid == me and marker in cmdline]


def descendants() -> dict[int, str]:
    """Every live process descended from this one (children, grandchildren…), with its
    command line (arguments joined by spaces)."""
    parents: dict[int, int] = {}
    cmdlines: dict[int, str] = {}
    for pid, ppid, cmdline in _live_processes():
        parents[pid] = ppid
        cmdlines[pid] = cmdline
    me = os.getpid()
    found = {}
    for pid in parents:
        up = pid
        while up in parents and up != me:
            up = parents[up]
        if up == me and pid != me:
            found[pid] = cmdlines[pid]
    return found


def console_text(host: RoomHost, lang: str = "en") -> str:
    """The console's seat table as the facilitator reads it."""
    out = Console(file=io.StringIO(), width=60, record=True, color_system=None)
    out.print(seats_table(host.seats(), Names(host.scenario), lang))  # type: ignore[arg-type]
    return out.export_text()
