"""The training room: one host holds the drill, seats connect to it (docs/room.md).

- :mod:`tui.room.protocol`: the wire format (newline-delimited JSON), limits, join codes;
- :mod:`tui.room.link`: what a seat sees (:class:`~tui.room.link.SeatView`) and the
  :class:`~tui.room.link.SeatLink` a screen uses, with :class:`~tui.room.link.LocalLink`;
- :mod:`tui.room.host`: :class:`~tui.room.host.RoomHost`, the authority over one drill;
- :mod:`tui.room.connection`: :class:`~tui.room.connection.SeatConnection`, one network
  seat at the host;
- :mod:`tui.room.client`: :class:`~tui.room.client.RemoteLink`, a seat over the network.

Nothing in this package imports Textual: the screens build on it.
"""
