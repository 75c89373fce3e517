"""A seat on another machine: :class:`RemoteLink`, the network side of :class:`SeatLink`.

``link = await RemoteLink.connect("192.168.1.20:7420", "K7P2QX", role="security")`` opens a
seat: it sends ``hello``, gets its first view and the scenario as its role may know it, and
from then on reads the host's updates in a task of the running loop, calling the
subscribers with each new view.

Reliability. When the connection drops (the host was killed, the network failed), the view
is marked ``connected=False`` and the link tries again, every :data:`RETRY_MIN_S` at first
and then less often, up to :data:`RETRY_MAX_S`; the host's ``welcome`` on the new
connection brings a whole fresh view, so the seat catches up on everything it missed
(including what a host resumed from its journal replays). An ``act`` whose answer was lost
with the connection is not sent again (the host may have journaled it): it returns a
refusal with the reason ``room_connection_lost``, and the view after the reconnection
shows whether it was taken. A host that refuses the seat on reconnecting (the code
changed) ends the retries: :attr:`RemoteLink.refused` holds why.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import logging
from collections.abc import Callable, Mapping
from typing import Any

from sim import Phrase, Scenario
from tui.room.link import ActOutcome, SeatView, ViewCallback, phrase_from_json
from tui.room.protocol import (
    KINDS_FROM_HOST,
    MAX_HOST_MESSAGE_BYTES,
    PROTOCOL_VERSION,
    ProtocolError,
    decode,
    encode,
)

log = logging.getLogger(__name__)

RETRY_MIN_S = 0.2
"""First wait before reconnecting (real seconds); doubled after each failure."""

RETRY_MAX_S = 2.0
"""Longest wait between two attempts to reconnect."""

CONNECT_TIMEOUT_S = 10.0
"""Real seconds to connect and get the host's ``welcome``."""


class JoinRefused(Exception):
    """The host refused the seat (wrong code, unknown role, room full, another version)."""

    def __init__(self, reason: Phrase) -> None:
        super().__init__(reason.render("en"))
        self.reason = reason


def parse_address(addr: str | tuple[str, int], *, listen: bool = False) -> tuple[str, int]:
    """``HOST:PORT`` (``[v6]:PORT`` for an IPv6 address) or a (host, port) pair; port 0
    (any free port) only to ``listen``. ValueError otherwise."""
    if isinstance(addr, tuple):
        return str(addr[0]), int(addr[1])
    host, sep, port = addr.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"not HOST:PORT: {addr!r}")
    host = host.strip("[]") or "127.0.0.1"
    number = int(port)
    if not (0 if listen else 1) <= number < 65536:
        raise ValueError(f"not a port: {port}")
    return host, number


class RemoteLink:
    """A seat connected to a host over the network (see the module's docstring)."""

    def __init__(
        self,
        address: tuple[str, int],
        code: str,
        *,
        role: str | None,
        lang: str,
        reconnect: bool,
        gateway: Mapping[str, str] | None = None,
    ) -> None:
        self.address = address
        self.code = code
        self._gateway = dict(gateway) if gateway is not None else None
        """The gateway claim {secret, via, peer} said at every hello (a gateway's seat)."""
        self.role = role
        self.lang = lang
        self.reconnect = reconnect
        self.refused: Phrase | None = None
        """Why the host refused the seat on reconnecting (retries have stopped)."""
        self.reconnects = 0
        """How many times the link has connected again after a drop."""
        self._view: SeatView | None = None
        self._scenario: Scenario | None = None
        self._seat_id = ""
        self._callbacks: list[ViewCallback] = []
        self._seq = itertools.count(1)
        self._pending: dict[int, asyncio.Future[ActOutcome]] = {}
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._task: asyncio.Task[None] | None = None
        self._closed = False

    @classmethod
    async def connect(
        cls,
        addr: str | tuple[str, int],
        code: str,
        *,
        role: str | None = None,
        display: bool = False,
        lang: str = "en",
        reconnect: bool = True,
        gateway: Mapping[str, str] | None = None,
    ) -> RemoteLink:
        """Join the host at ``addr`` with the join ``code`` as ``role`` (or as the display).
        ``gateway`` is the claim of a seat that the SSH or web gateway runs ({secret, via,
        peer}, :func:`tui.room.protocol.gateway_claim_from_environment`).
        :class:`JoinRefused` when the host refuses; OSError when it cannot be reached."""
        if display == (role is not None):
            raise ValueError("give either a role or display=True")
        link = cls(
            parse_address(addr), code, role=role, lang=lang, reconnect=reconnect, gateway=gateway
        )
        await link._join()
        link._task = asyncio.get_running_loop().create_task(link._run())
        return link

    # --- SeatLink ------------------------------------------------------------------------

    @property
    def view(self) -> SeatView:
        assert self._view is not None
        return self._view

    @property
    def scenario(self) -> Scenario:
        assert self._scenario is not None
        return self._scenario

    @property
    def seat_id(self) -> str:
        return self._seat_id

    @property
    def connected(self) -> bool:
        """Whether the link is connected to the host now."""
        return self._writer is not None and not self._closed

    async def act(
        self, action_id: str, params: Mapping[str, Any], *, by: str | None = None
    ) -> ActOutcome:
        if self._closed:
            return ActOutcome(False, Phrase("room_seat_closed"))
        writer = self._writer
        if writer is None:
            return ActOutcome(False, Phrase("room_connection_lost"))
        seq = next(self._seq)
        fields: dict[str, Any] = {"seq": seq, "action": action_id, "params": dict(params)}
        if by is not None:
            fields["by"] = by
        data = encode("act", **fields)
        future: asyncio.Future[ActOutcome] = asyncio.get_running_loop().create_future()
        self._pending[seq] = future
        try:
            writer.write(data)
            await writer.drain()
        except (ConnectionError, RuntimeError):
            self._pending.pop(seq, None)
            return ActOutcome(False, Phrase("room_connection_lost"))
        return await future

    def subscribe(self, callback: ViewCallback) -> Callable[[], None]:
        self._callbacks.append(callback)

        def stop() -> None:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

        return stop

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        writer = self._writer
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.write(encode("bye"))
                await asyncio.wait_for(writer.drain(), 1.0)
        await self._drop()
        if self._task is not None and self._task is not asyncio.current_task():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    # --- the connection ------------------------------------------------------------------

    async def _join(self) -> None:
        """Connect, say hello, and take the host's welcome (or its refusal)."""
        host, port = self.address
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port, limit=MAX_HOST_MESSAGE_BYTES), CONNECT_TIMEOUT_S
        )
        try:
            hello: dict[str, Any] = {"v": PROTOCOL_VERSION, "code": self.code, "lang": self.lang}
            if self.role is None:
                hello["display"] = True
            else:
                hello["role"] = self.role
            if self._gateway is not None:
                hello["gateway"] = self._gateway
            writer.write(encode("hello", **hello))
            await writer.drain()
            line = await asyncio.wait_for(reader.readuntil(b"\n"), CONNECT_TIMEOUT_S)
            msg = decode(line, kinds=KINDS_FROM_HOST, limit=MAX_HOST_MESSAGE_BYTES)
        except BaseException:
            writer.close()
            raise
        if msg["kind"] == "refused":
            writer.close()
            raise JoinRefused(phrase_from_json(msg["reason"]))
        if msg["kind"] != "welcome":
            writer.close()
            raise ProtocolError(f"expected welcome, got {msg['kind']}")
        self._seat_id = msg["seat"]
        self._scenario = Scenario.model_validate(msg["scenario"])
        self._view = SeatView.from_json(msg["view"])
        self._reader, self._writer = reader, writer
        self._emit()

    async def _run(self) -> None:
        """Read the host's messages; on a drop, reconnect and catch up."""
        wait_s = RETRY_MIN_S
        while not self._closed:
            reader = self._reader
            if reader is not None:
                try:
                    while True:
                        line = await reader.readuntil(b"\n")
                        msg = decode(line, kinds=KINDS_FROM_HOST, limit=MAX_HOST_MESSAGE_BYTES)
                        if not self._handle(msg):
                            break
                except (
                    asyncio.IncompleteReadError,
                    asyncio.LimitOverrunError,
                    ConnectionError,
                    ProtocolError,
                    ValueError,
                    KeyError,
                    TypeError,
                ) as exc:
                    log.info("connection to the host lost: %s", exc)
                await self._drop()
                wait_s = RETRY_MIN_S
            if self._closed or not self.reconnect:
                return
            await asyncio.sleep(wait_s)
            try:
                await self._join()
                self.reconnects += 1
            except JoinRefused as exc:
                self.refused = exc.reason
                self._emit()
                return
            except (OSError, TimeoutError, ProtocolError, asyncio.IncompleteReadError, ValueError):
                wait_s = min(RETRY_MAX_S, wait_s * 2)

    def _handle(self, msg: dict[str, Any]) -> bool:
        """Apply one message from the host; False when the host is going away."""
        kind = msg["kind"]
        if kind == "update":
            if "scenario" in msg:
                self._scenario = Scenario.model_validate(msg["scenario"])
            new = SeatView.from_json(msg["view"])
            if msg.get("feed_append") and self._view is not None:
                new.feed = self._view.feed + [
                    e
                    for e in new.feed
                    if not self._view.feed or e.index > self._view.feed[-1].index
                ]
            self._view = new
            self._emit()
        elif kind == "ack":
            self._resolve(msg["seq"], ActOutcome(True, None, msg.get("ends_s")))
        elif kind == "refused":
            self._resolve(msg["seq"], ActOutcome(False, phrase_from_json(msg["reason"])))
        elif kind in ("bye", "error"):
            if kind == "bye" and self._view is not None and self._view.finished:
                self.reconnect = False  # the drill is over and its host has gone
            return False
        return True

    def _resolve(self, seq: int, outcome: ActOutcome) -> None:
        future = self._pending.pop(seq, None)
        if future is not None and not future.done():
            future.set_result(outcome)

    async def _drop(self) -> None:
        """The connection is gone: pending acts are answered, the view marked offline."""
        writer, self._writer, self._reader = self._writer, None, None
        for future in self._pending.values():
            if not future.done():
                future.set_result(ActOutcome(False, Phrase("room_connection_lost")))
        self._pending.clear()
        if writer is not None:
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1.0)
        if self._view is not None and self._view.connected:
            self._view = dataclasses.replace(self._view, connected=False)
            self._emit()

    def _emit(self) -> None:
        view = self._view
        if view is None:
            return
        for cb in list(self._callbacks):
            cb(view)
