"""The training room's SSH and web gateways: what they tell a participant (docs/room.md)."""

from __future__ import annotations

TABLE: dict[str, tuple[str, str]] = {
    "gw_ssh_needs_terminal": (
        "演练席位需要终端：请用 ssh -t 连接",
        "a seat needs a terminal: connect with ssh -t",
    ),
    "gw_room_full": (
        "演练室已满（最多 {max} 个远程席位），请稍后再试",
        "the room is full (at most {max} remote seats); try again later",
    ),
    "gw_seat_failed": ("无法打开席位，请联系主持人", "the seat could not be opened; ask the facilitator"),
}
