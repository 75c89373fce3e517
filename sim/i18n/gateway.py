"""The training room's SSH and web gateways: what they tell a participant (docs/room.md)."""

from __future__ import annotations

TABLE: dict[str, tuple[str, str]] = {
    "gw_ssh_needs_terminal": (
        "演练席位需要终端：请用 ssh -t 连接",
        "a seat needs a terminal: connect with ssh -t",
    ),
    "gw_room_full": (
        "演练室已满（最多{max}个远程席位），请稍后再试",
        "the room is full (at most {max} remote seats); try again later",
    ),
    "gw_seat_failed": (
        "无法打开席位，请联系主持人",
        "the seat could not be opened; ask the facilitator",
    ),
    "gw_room_closed": (
        "导调人员已关闭演练室，席位结束",
        "the facilitator has closed the room; the seat has ended",
    ),
    "gw_ticket_busy": (
        "这个浏览器已经打开了本席位，请使用已打开的页面",
        "this browser already has this seat open; use the page that is open",
    ),
    "gw_web_title": ("加入演练", "Join the drill"),
    "gw_web_role": ("我的角色", "My role"),
    "gw_web_code": ("加入码（主持人告知）", "Join code (from the facilitator)"),
    "gw_web_join": ("进入席位", "Take my seat"),
    "gw_web_display": ("投影大屏（只看不操作）", "Projector display (view only)"),
    "gw_web_wrong_code": (
        "加入码不正确，请向主持人核对",
        "wrong join code; check it with the facilitator",
    ),
    "gw_web_too_many": (
        "错误次数过多，请一分钟后再试",
        "too many wrong tries; wait a minute and try again",
    ),
    "gw_web_closed": ("席位已关闭", "The seat has closed"),
    "gw_web_reopen": ("重新打开席位", "Open the seat again"),
    "gw_web_back": ("换个角色", "Choose another role"),
}
