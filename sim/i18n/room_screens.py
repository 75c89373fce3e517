"""Every sentence of the training room's screens (the facilitator's console, a seat, the
projector's display) and of ``drillsim host`` and ``drillsim join``, in zh and en.

The wire protocol's own refusals (a wrong code, an unknown role, a full room) are phrases the
host sends; they live with the room's core.
"""

from __future__ import annotations

TABLE: dict[str, tuple[str, str]] = {
    # --- command help -------------------------------------------------------------------------
    "cmd_host": (
        "在本机主持一场培训室演练：导调台在本终端，各岗位在自己的电脑上加入",
        "host a training-room drill: the facilitator's console here, each role joins from "
        "its own PC",
    ),
    "arg_host_scenario": (
        "演练情景（内置情景编号或文件路径；用 --resume 时不填）",
        "the scenario (a bundled id or a file; leave out with --resume)",
    ),
    "opt_room_listen": (
        "监听地址和端口（默认 127.0.0.1:{port}，仅本机；培训室内用 0.0.0.0:{port}）",
        "address and port to listen on (default 127.0.0.1:{port}, this machine only; "
        "0.0.0.0:{port} for the room's network)",
    ),
    "opt_host_code": (
        "加入码（默认每场随机生成）",
        "the join code (default: a random one per drill)",
    ),
    "opt_room_mode": (
        "考核模式不提示答案（主持默认）；教学模式可以提示；--resume 时默认沿用原演练的模式",
        "assessment never hints the answers (the default for host); coaching may; --resume "
        "keeps the drill's own mode unless told",
    ),
    "opt_ssh_port": (
        "同时在此端口开放 SSH 入口（ssh -p 端口 岗位@主机，密码为加入码）",
        "also open an SSH gateway on this port (ssh -p PORT ROLE@host, the join code as password)",
    ),
    "opt_web_port": (
        "同时在此端口开放浏览器入口",
        "also serve the seats to browsers on this port",
    ),
    "opt_host_resume": (
        "继续一场被中断的培训室演练（会话编号，见 drillsim history）",
        "continue an interrupted room drill (its session id, see drillsim history)",
    ),
    "cmd_join": (
        "加入一场培训室演练：本岗位的处置卡、提示、动作和事件，或投影大屏",
        "join a training-room drill: your role's card, prompts, actions and feed, or the "
        "projector view",
    ),
    "arg_join_address": (
        "主持机的地址和端口，如 192.168.1.20:{port}",
        "the host's address and port, e.g. 192.168.1.20:{port}",
    ),
    "opt_join_code": ("导调人员给出的加入码", "the join code the facilitator gives"),
    "opt_join_role": ("本席位扮演的岗位（角色编号）", "the role this seat plays (its id)"),
    "opt_display": (
        "投影大屏：大时钟、地图和公开事件，不显示答案",
        "the projector view: a big clock, the map and the public feed, no answers",
    ),
    # --- command-line problems -------------------------------------------------------------------
    "room_bad_address": (
        "地址“{address}”无法识别：请写成 主机:端口，如 127.0.0.1:{port}",
        "cannot read the address '{address}': write HOST:PORT, e.g. 127.0.0.1:{port}",
    ),
    "room_bad_code": (
        "加入码“{code}”无效：请用4到32个字母或数字",
        "the join code '{code}' is not valid: use 4 to 32 letters or digits",
    ),
    "room_no_scenario": (
        "请指定演练情景，或用 --resume 继续一场中断的演练",
        "name a scenario, or continue an interrupted drill with --resume",
    ),
    "room_cannot_listen": (
        "无法在 {address} 上监听：{why}",
        "cannot listen on {address}: {why}",
    ),
    "room_host_down": (
        "连不上主持机 {address}：{why}",
        "cannot reach the host at {address}: {why}",
    ),
    "room_join_refused": (
        "主持机拒绝加入：{why}",
        "the host refused this seat: {why}",
    ),
    "room_gateway_missing": (
        "本版本没有{what}入口",
        "this version has no {what} gateway",
    ),
    "room_gateway_failed": (
        "无法开放{what}入口：{why}",
        "cannot open the {what} gateway: {why}",
    ),
    "room_hosting": (
        "培训室演练：加入码 {code}，地址 {address}",
        "Training-room drill: join code {code}, address {address}",
    ),
    "room_left_resumable": (
        "演练未结束；继续：drillsim host --resume {session}",
        "The drill is not over; continue it with: drillsim host --resume {session}",
    ),
    # --- the console ----------------------------------------------------------------------------
    "console_title": ("导调台", "facilitator console"),
    "console_code": ("加入码", "Join code"),
    "console_address": ("地址 {address}", "at {address}"),
    "console_mode_assessment": ("考核模式", "assessment mode"),
    "console_mode_coaching": ("教学模式", "coaching mode"),
    "console_session": ("会话 {session}", "session {session}"),
    "console_press_start": (
        "等待开始：各席位加入后按回车开始演练",
        "Not started: press Enter to start the drill once the seats have joined",
    ),
    "console_clock_failed": ("演练时钟出错停止：{error}", "The drill's clock stopped: {error}"),
    "console_started": ("演练开始", "Drill started"),
    "console_score": ("实时得分", "Live score"),
    "console_score_if_now": ("（若此刻结束）", "(if it ended now)"),
    "console_seats": ("席位（在线{n}）", "Seats ({n} connected)"),
    "console_no_seats": ("还没有席位加入", "No seat has joined yet"),
    "console_col_seat": ("席位", "Seat"),
    "console_col_via": ("方式", "Via"),
    "console_col_state": ("状态", "State"),
    "console_col_acts": ("动作", "Acts"),
    "console_via_local": ("本机", "local"),
    "console_via_tcp": ("终端", "terminal"),
    "console_via_ssh": ("SSH", "SSH"),
    "console_via_web": ("浏览器", "browser"),
    "console_seat_on": ("在线", "online"),
    "console_seat_gone": ("已断开", "gone"),
    "console_timers": ("计时", "Timers"),
    "console_no_timers": ("没有进行中的计时", "No timer running"),
    "console_responder_eta": ("{responder} 到达", "{responder} arrives"),
    "console_exp_waiting": ("未触发", "not triggered"),
    "console_exp_due": ("应在{clock}前", "due by {clock}"),
    "console_exp_not_done": ("尚未发生", "not done so far"),
    "console_no_expectations": ("这个情景没有考核要求", "This scenario has no expectations"),
    "console_injects": ("注入信息", "Injects"),
    "console_no_injects": ("这个情景没有注入信息", "This scenario has no injects"),
    "console_inject_optional": ("[备用]", "[optional]"),
    "console_inject_due": ("[待发]", "[to come]"),
    # --- a seat and the display ----------------------------------------------------------------
    "seat_title": ("岗位席位", "seat"),
    "seat_display": ("投影大屏", "Projector"),
    "seat_every_role": ("全部岗位", "every role"),
    "seat_card_of": ("处置卡：{role}", "Response card: {role}"),
    "seat_cards_all": ("各岗位处置卡", "Response cards"),
    "seat_feed": ("本岗位获知的事件", "What your role knows"),
    "seat_key_next_pane": ("下一栏", "next pane"),
    "seat_reconnecting": (
        "与主持机的连接中断，正在重新连接……",
        "Lost the host: reconnecting…",
    ),
    "seat_refused_reason": ("不符合执行条件", "not allowed at that moment"),
    "seat_waiting": ("等待导调人员开始演练", "Waiting for the facilitator to start the drill"),
    "seat_paused": ("导调人员已暂停演练", "The facilitator has paused the drill"),
    "seat_over": (
        "演练已结束，请看导调台的讲评",
        "The drill is over: see the debrief at the console",
    ),
    "display_title": ("投影大屏", "projector"),
    "display_feed": ("公开事件", "Public events"),
}
