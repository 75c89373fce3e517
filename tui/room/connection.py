"""One network seat's connection to the room's host (:class:`SeatConnection`).

The host (:class:`tui.room.host.RoomHost`) accepts a TCP connection and hands it to a
:class:`SeatConnection`, which runs the seat's side of the wire protocol
(:mod:`tui.room.protocol`): the ``hello`` (within :data:`~tui.room.protocol.HELLO_TIMEOUT_S`,
with the join code compared in constant time, and never as the "*" seat or the console),
the ``welcome`` with the seat's first view, each ``act`` answered with ``ack`` or
``refused`` once the host has journaled it, and the ``update`` views, sent at most every
:data:`MIN_UPDATE_S` (changes closer together go out as one view). A malformed message, an
oversized line or a seat that stops reading closes this connection only.

A seat run by the SSH or web gateway connects over loopback, like any other; its ``hello``
may carry a ``gateway`` claim (how the participant came, and their address), which the host
takes for the console only when the claim's secret is the host's own
(:attr:`ConnectionHost.gateway_secret`, compared in constant time). A claim with another
secret is refused at hello (``room_gateway_refused``), never shown: a plain TCP seat cannot
pass for an SSH or browser seat, nor give itself another address.

What the connection needs of the host is :class:`ConnectionHost`; it never imports the host.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from sim import Phrase
from tui.room.link import EVERY_ROLE, ActOutcome, SeatView, phrase_to_json
from tui.room.protocol import (
    HELLO_TIMEOUT_S,
    KINDS_FROM_SEAT,
    PROTOCOL_VERSION,
    ProtocolError,
    decode,
    encode,
    format_peer,
    normalise_code,
)

log = logging.getLogger(__name__)

MIN_UPDATE_S = 0.2
"""Least real time between two views sent to one network seat: changes closer together are
sent as one view (the seat's own acts excepted: their view goes out with the answer)."""

SEND_TIMEOUT_S = 30.0
"""Real seconds a seat may take to read what the host sends before the host drops it."""


class ConnectionHost(Protocol):
    """What a network seat's connection needs of the host (:class:`tui.room.host.RoomHost`)."""

    @property
    def code(self) -> str: ...

    @property
    def max_seats(self) -> int: ...

    @property
    def gateway_secret(self) -> str:
        """The secret that the host's gateways hand their seats (never sent by the host)."""
        ...

    def has_role(self, role: str) -> bool: ...

    def role_ids(self) -> list[str]: ...

    def attach(
        self,
        role: str | None,
        *,
        lang: str = ...,
        via: str = ...,
        peer: str = ...,
        notify: Callable[[], None] | None = ...,
    ) -> tuple[str, SeatView]: ...

    def detach(self, seat_id: str) -> None: ...

    def delivered(self, role: str | None) -> frozenset[str]: ...

    def seat_scenario_json(self, role: str | None) -> dict[str, Any]: ...

    def wire_view(self, seat_id: str, after: int) -> dict[str, Any]: ...

    async def seat_act_batched(
        self, seat_id: str, action_id: str, params: Mapping[str, Any], *, by: str | None = ...
    ) -> ActOutcome: ...


class SeatConnection:
    """One network seat: its hello, its acts, and the views sent to it."""

    def __init__(
        self, host: ConnectionHost, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.host = host
        self.reader = reader
        self.writer = writer
        self.peer = format_peer(writer.get_extra_info("peername"))
        """The socket's peer (for a gateway's seat, the gateway's end of the loopback)."""
        self.seat_id: str | None = None
        self.role: str | None = None
        self.sent_feed = -1
        """The last feed index sent (updates carry only later entries)."""
        self.sent_known: frozenset[str] = frozenset()
        self.outbox: deque[bytes] = deque()
        self.dirty = False
        self.wake = asyncio.Event()
        self.sent_at = 0.0
        """When the last view went out (loop time)."""
        self.closed = False
        self.sender: asyncio.Task[None] | None = None

    async def refuse(self, reason: Phrase) -> None:
        """Tell the seat why it is not served, and close."""
        with contextlib.suppress(Exception):
            self.writer.write(encode("refused", seq=0, reason=phrase_to_json(reason)))
            await asyncio.wait_for(self.writer.drain(), 5.0)
        await self.close()

    async def run(self) -> None:
        host = self.host
        try:
            line = await asyncio.wait_for(self.reader.readuntil(b"\n"), HELLO_TIMEOUT_S)
            hello = decode(line, kinds=frozenset({"hello"}))
        except TimeoutError:
            await self.refuse(Phrase("room_hello_timeout"))
            return
        except (ProtocolError, asyncio.LimitOverrunError, ValueError) as exc:
            await self.refuse(Phrase("room_protocol_error", detail=str(exc)[:200]))
            return
        except (asyncio.IncompleteReadError, ConnectionError):
            await self.close()
            return
        if hello["v"] != PROTOCOL_VERSION:
            await self.refuse(Phrase("room_wrong_version", host=PROTOCOL_VERSION, seat=hello["v"]))
            return
        if not secrets.compare_digest(normalise_code(hello["code"]).encode(), host.code.encode()):
            await self.refuse(Phrase("room_wrong_code"))
            return
        role = None if hello.get("display") else hello.get("role")
        if role is not None and (role == EVERY_ROLE or not host.has_role(role)):
            # No "*" seat on the wire: a participant plays one role; the whole truth is
            # the console's, on the host's terminal.
            # Said only to a seat that knows the join code: the roles it may join as.
            roles = ", ".join(host.role_ids())
            await self.refuse(Phrase("room_unknown_role_of", role=str(role)[:40], roles=roles))
            return
        via, peer = "tcp", self.peer
        claim = hello.get("gateway")
        if claim is not None:
            if not secrets.compare_digest(claim["secret"].encode(), host.gateway_secret.encode()):
                log.warning("seat from %s refused: a gateway claim with a wrong secret", self.peer)
                await self.refuse(Phrase("room_gateway_refused"))
                return
            via, peer = claim["via"], claim["peer"]
        try:
            self.seat_id, view = host.attach(
                role,
                lang=str(hello.get("lang", "en")),
                via=via,
                peer=peer,
                notify=self._mark,
            )
        except RuntimeError:
            await self.refuse(Phrase("room_full", max=host.max_seats))
            return
        self.role = role
        self.sent_feed = view.feed[-1].index if view.feed else -1
        self.sent_known = host.delivered(role)
        self.writer.write(
            encode(
                "welcome",
                seat=self.seat_id,
                view=view.to_json(),
                scenario=host.seat_scenario_json(role),
            )
        )
        self.sender = asyncio.get_running_loop().create_task(self._send())
        try:
            while not self.closed:
                line = await self.reader.readuntil(b"\n")
                msg = decode(line, kinds=KINDS_FROM_SEAT - {"hello"})
                if msg["kind"] == "bye":
                    break
                outcome = await host.seat_act_batched(
                    self.seat_id, msg["action"], msg["params"], by=msg.get("by")
                )
                if outcome.ok:
                    self.queue(encode("ack", seq=msg["seq"], ends_s=outcome.ends_s))
                else:
                    reason = outcome.reason or Phrase("refuse_finished")
                    self.queue(encode("refused", seq=msg["seq"], reason=phrase_to_json(reason)))
        except (ProtocolError, asyncio.LimitOverrunError, ValueError) as exc:
            log.info("seat %s (%s) closed: %s", self.seat_id, self.peer, exc)
            with contextlib.suppress(Exception):
                self.writer.write(encode("error", reason=str(exc)[:200]))
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            await self.close()

    def _mark(self) -> None:
        self.dirty = True
        self.wake.set()

    def queue(self, data: bytes) -> None:
        """Send ``data`` after any view update already due (so that an ``ack`` follows the
        view that shows the action)."""
        self.outbox.append(data)
        self.wake.set()

    async def _send(self) -> None:
        host = self.host
        loop = asyncio.get_running_loop()
        try:
            while not self.closed:
                await self.wake.wait()
                self.wake.clear()
                # Changes that come close together go out as one view (at most one per
                # MIN_UPDATE_S), unless an answer to this seat's own act is waiting: then
                # the view that shows the act goes out at once, before the ack.
                deadline = self.sent_at + MIN_UPDATE_S
                while self.dirty and not self.outbox and not self.closed:
                    left = deadline - loop.time()
                    if left <= 0:
                        break
                    self.wake.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self.wake.wait(), left)
                if self.dirty and self.seat_id is not None:
                    self.sent_at = loop.time()
                    self.dirty = False
                    self.writer.write(self._update())
                while self.outbox:
                    self.writer.write(self.outbox.popleft())
                await asyncio.wait_for(self.writer.drain(), SEND_TIMEOUT_S)
                await asyncio.sleep(0)
        except (TimeoutError, ConnectionError):
            pass
        except asyncio.CancelledError:
            raise
        except Exception:  # building a view failed: this seat only
            log.exception("sending to seat %s failed", self.seat_id)
        finally:
            if not self.closed:
                host.detach(self.seat_id or "")
                self.closed = True
                self.writer.close()

    def _update(self) -> bytes:
        """The seat's view with only the feed entries it has not had yet."""
        host = self.host
        assert self.seat_id is not None
        d = host.wire_view(self.seat_id, self.sent_feed)
        if d["feed"]:
            self.sent_feed = d["feed"][-1]["index"]
        fields: dict[str, Any] = {"view": d, "feed_append": True}
        known = host.delivered(self.role)
        if known != self.sent_known:
            self.sent_known = known
            fields["scenario"] = host.seat_scenario_json(self.role)
        return encode("update", **fields)

    async def close(self, *, bye: bool = False) -> None:
        """Close the connection (saying ``bye`` first when the host stops)."""
        if bye and not self.closed:
            with contextlib.suppress(Exception):
                self.writer.write(encode("bye", reason="host_stopped"))
                await asyncio.wait_for(self.writer.drain(), 2.0)
        if self.seat_id is not None:
            self.host.detach(self.seat_id)
        self.closed = True
        self.wake.set()
        if self.sender is not None and self.sender is not asyncio.current_task():
            self.sender.cancel()
        self.writer.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.writer.wait_closed(), 2.0)
