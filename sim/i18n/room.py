"""The training room's words: why a host refuses a seat or an action (docs/room.md)."""

from __future__ import annotations

TABLE: dict[str, tuple[str, str]] = {
    "room_wrong_code": ("加入码不正确", "wrong join code"),
    "room_wrong_version": (
        "客户端与主机的协议版本不一致（主机{host}，客户端{seat}），请使用同一版本的 drillsim",
        "the seat and the host speak different protocol versions (host {host}, seat {seat}); "
        "use the same drillsim version",
    ),
    "room_unknown_role": ("本场演练没有角色“{role}”", "this drill has no role '{role}'"),
    "room_unknown_role_of": (
        "本场演练没有角色“{role}”；可加入的角色：{roles}",
        "this drill has no role '{role}'; its roles are: {roles}",
    ),
    "room_gateway_refused": (
        "席位声称经由 SSH 或浏览器网关接入，但网关凭据不正确",
        "the seat claims to come through the SSH or web gateway, but its gateway secret is wrong",
    ),
    "room_full": ("演练室已满（最多{max}个席位）", "the room is full (at most {max} seats)"),
    "room_not_your_role": (
        "本席位只能以“{role}”的身份行动",
        "this seat can act only as {role}",
    ),
    "room_action_not_for_role": (
        "“{role}”不能执行此动作",
        "{role} cannot take this action",
    ),
    "room_display_cannot_act": ("投影席位不能执行动作", "the display seat cannot act"),
    "room_not_started": ("演练尚未开始", "the drill has not started yet"),
    "room_controls_after_end": (
        "演练已结束，正在推演至结束时间：暂停、倍速、注入和留言均不再可用",
        "the drill has ended and is running out to its end: pause, speed, injects and "
        "messages are no longer available",
    ),
    "room_seat_closed": ("席位已离开演练室", "this seat has left the room"),
    "room_connection_lost": (
        "与主机的连接中断，无法确认该动作是否已执行；重新连接后请查看事件记录",
        "the connection to the host was lost before it answered; once reconnected, "
        "the feed shows whether the action was taken",
    ),
    "room_too_fast": (
        "操作过于频繁，请稍后再试",
        "too many actions at once; try again in a moment",
    ),
    "room_bad_params": ("动作参数无效", "the action's details are not valid"),
    "room_protocol_error": ("消息格式错误：{detail}", "malformed message: {detail}"),
    "room_hello_timeout": ("连接后未及时发送加入请求", "no join request in time"),
    "room_host_stopped": ("主机已停止", "the host has stopped"),
    "room_cli": (
        "无界面的演练主机：为各席位提供一场演练，演练结束后退出（导调控制台请用 drillsim host）",
        "a room host without a screen: serves one drill to the seats and exits when it ends "
        "(the facilitator's console is drillsim host)",
    ),
    "room_cli_scenario": ("场景 id 或文件路径", "scenario id or file path"),
    "room_cli_listen": (
        "监听地址 ADDR:PORT（默认 127.0.0.1:0，即本机任意空闲端口）",
        "address to listen on, ADDR:PORT (default 127.0.0.1:0: this machine, any free port)",
    ),
    "room_cli_code": ("加入码（默认每场随机生成）", "join code (default: random for each drill)"),
    "room_cli_speed": ("时钟倍速：1、2、5或10", "clock speed: 1, 2, 5 or 10"),
    "room_cli_mode": (
        "考核模式（默认，不提示答案）或教学模式",
        "assessment (the default: no hints at the answers) or coaching",
    ),
    "room_cli_wait_seats": (
        "等到这么多席位加入后再开始计时（默认0：立即开始）",
        "start the clock once this many seats have joined (default 0: at once)",
    ),
    "room_cli_resume": (
        "从日志继续一场中断的演练（会话 id），沿用原地址和加入码",
        "continue an interrupted drill from its journal (session id), on the same address and code",
    ),
    "room_cli_linger": (
        "演练结束后保持连接的秒数，以便各席位收到最终画面",
        "seconds to stay up after the drill ends, so that the seats get the last view",
    ),
    "room_cli_no_scenario": ("找不到场景“{name}”", "no scenario '{name}'"),
    "room_cli_need_scenario": ("请给出场景或 --resume", "give a scenario or --resume"),
}
