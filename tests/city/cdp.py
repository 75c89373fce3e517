"""A small driver of headless Chromium over the DevTools protocol on a pipe
(``--remote-debugging-pipe``: commands on file descriptor 3, answers on 4, each message JSON
ending in a NUL byte), enough to sign in on a page, take screenshots and fetch downloads in
the browser's own session."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def chromium() -> str | None:
    """The Chromium executable, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


TRAMPOLINE = (
    "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
    "os.execvp(sys.argv[3], sys.argv[3:])"
)


def _high(fd: int) -> int:
    """The descriptor moved to a number of 10 or more (the old one is closed)."""
    import fcntl

    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


class Browser:
    """One headless Chromium with one page."""

    def __init__(self, profile: Path, width: int = 1280, height: int = 1600) -> None:
        exe = chromium()
        assert exe is not None
        profile.mkdir(parents=True, exist_ok=True)
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # The child's ends move above 9, so that putting them on 3 and 4 cannot overwrite
        # one with the other.
        to_chrome_r, from_chrome_w = (_high(fd) for fd in (to_chrome_r, from_chrome_w))
        # Chromium reads commands from fd 3 and writes to fd 4: a small Python program puts
        # the pipe ends there and then becomes Chromium.
        args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--remote-debugging-pipe", f"--user-data-dir={profile}", "--no-first-run",
                "--lang=zh-CN"]  # fmt: skip
        self.proc = subprocess.Popen(
            [sys.executable, "-c", TRAMPOLINE, str(to_chrome_r), str(from_chrome_w), *args],
            pass_fds=(to_chrome_r, from_chrome_w),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "HOME": str(profile)},
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next = 0
        self._events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def _read(self, timeout_s: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(
        self, method: str, *, session: bool = False, timeout_s: float = 60, **params: Any
    ) -> Any:
        """Send a command; its result (RuntimeError on an error answer)."""
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            answer = self._read(timeout_s)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self._events.append(answer)

    def wait_event(self, method: str, timeout_s: float = 60) -> dict[str, Any]:
        """The next event ``method`` of the page."""
        for i, event in enumerate(self._events):
            if event.get("method") == method:
                return self._events.pop(i)
        deadline = time.monotonic() + timeout_s
        while True:
            event = self._read(max(0.1, deadline - time.monotonic()))
            if event.get("method") == method:
                return event
            self._events.append(event)

    def goto(self, url: str) -> None:
        """Open a page and wait until it has loaded."""
        self._events.clear()
        self.call("Page.navigate", session=True, url=url)
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression: str, *, wait_load: bool = False) -> Any:
        """Run JavaScript in the page (awaiting a promise); its value."""
        if wait_load:
            self._events.clear()
        result = self.call(
            "Runtime.evaluate",
            session=True,
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(str(result["exceptionDetails"])[:500])
        if wait_load:
            self.wait_event("Page.loadEventFired")
        return result.get("result", {}).get("value")

    def screenshot(self, path: Path) -> None:
        """The whole page as a PNG."""
        data = self.call(
            "Page.captureScreenshot", session=True, format="png", captureBeyondViewport=True
        )["data"]
        path.write_bytes(base64.b64decode(data))

    def fetch(self, url: str) -> tuple[int, str, bytes]:
        """GET a URL from the page, with its cookies: (status, content type, body)."""
        value = self.evaluate(
            "fetch(" + json.dumps(url) + ").then(async r => {"
            " const b = new Uint8Array(await r.arrayBuffer()); let s = '';"
            " for (let i = 0; i < b.length; i += 8192)"
            "   s += String.fromCharCode.apply(null, b.subarray(i, i + 8192));"
            " return [r.status, r.headers.get('content-type') || '', btoa(s)]; })"
        )
        return int(value[0]), str(value[1]), base64.b64decode(value[2])

    def close(self) -> None:
        """Close the browser."""
        with contextlib.suppress(RuntimeError, TimeoutError, EOFError, OSError):
            self.call("Browser.close", timeout_s=10)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        os.close(self._to_chrome)
        os.close(self._from_chrome)
