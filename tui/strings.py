"""Strings of the command line and the terminal app, in zh and en."""

from __future__ import annotations

from typing import Any

from sim.text import Lang

STRINGS: dict[str, tuple[str, str]] = {
    "prog_description": (
        "drillsim：安全生产应急演练桌面推演模拟器。不带参数运行时打开场景选择界面。",
        "drillsim: a tabletop drill simulator for workplace-safety emergencies. "
        "Run without arguments to open the scenario picker.",
    ),
    "prog_epilog": (
        "示例：drillsim play workshop-evacuation --speed 10；drillsim validate my-drill.yaml；"
        "drillsim list --json；drillsim simulate hotel-evacuation --playbook ideal --json",
        "Examples: drillsim play workshop-evacuation --speed 10; drillsim validate my-drill.yaml; "
        "drillsim list --json; drillsim simulate hotel-evacuation --playbook ideal --json",
    ),
    "opt_lang": (
        "界面语言：zh 或 en（默认随系统区域设置）",
        "language: zh or en (default: from the locale)",
    ),
    "help_usage": ("用法：", "usage: "),
    "help_positionals": ("参数", "positional arguments"),
    "help_options": ("选项", "options"),
    "help_help": ("显示帮助并退出", "show this help message and exit"),
    "opt_version": ("显示版本并退出", "show the version and exit"),
    "cmd_validate": ("检查场景文件，逐条列出问题", "check scenario files and list every problem"),
    "arg_files": ("场景文件（YAML）", "scenario files (YAML)"),
    "cmd_list": ("列出内置场景和用户场景", "list the bundled and user scenarios"),
    "opt_json": ("以 JSON 输出", "print JSON"),
    "cmd_schema": ("输出场景文件的 JSON Schema", "print the JSON Schema of the scenario format"),
    "opt_output": ("写入文件而不是标准输出", "write to this file instead of standard output"),
    "opt_check": (
        "检查文件中的 Schema 是否最新（过期则退出码为 1）",
        "check that the file holds the current schema (exit 1 if stale)",
    ),
    "schema_stale": (
        "{path} 已过期；运行 drillsim schema -o {path} 更新",
        "{path} is stale; run drillsim schema -o {path}",
    ),
    "cmd_play": (
        "打开终端界面，进入某个场景的演练设置",
        "open the app on the setup of one scenario",
    ),
    "opt_speed": ("时钟倍速：1、2、5 或 10（默认 1）", "clock speed: 1, 2, 5 or 10 (default 1)"),
    "opt_play_seed": ("随机种子（默认随机）", "random seed (default: random)"),
    "opt_team": ("班组名称", "the team's name"),
    "schema_current": ("{path} 是最新的", "{path} is current"),
    "list_bundled": ("内置", "bundled"),
    "list_user": ("用户", "user"),
    "col_id": ("编号", "id"),
    "col_category": ("类型", "category"),
    "col_duration": ("时长", "length"),
    "col_title": ("标题", "title"),
    "interrupted": ("已中断", "interrupted"),
    "cmd_simulate": (
        "无界面运行演练（可按剧本执行决策），输出结果或多次运行的统计",
        "run a drill without a screen (decisions from a playbook) and print the result, "
        "or statistics over many runs",
    ),
    "arg_scenario": (
        "场景文件路径或内置场景编号",
        "a scenario file or the id of a bundled scenario",
    ),
    "opt_playbook": (
        "剧本：场景自带的名称（ideal、late、passive）或 YAML 文件",
        "playbook: a name shipped with the scenario (ideal, late, passive) or a YAML file",
    ),
    "opt_seed": ("随机种子（默认 1）", "random seed (default 1)"),
    "opt_runs": (
        "运行 N 次（种子依次递增），输出统计（均值、p5、p50、p95）",
        "run N times with successive seeds and print statistics (mean, p5, p50, p95)",
    ),
    "opt_jobs": ("并行进程数（默认全部核心）", "parallel processes (default: all cores)"),
    "no_playbook": (
        "场景“{scenario}”没有剧本“{name}”",
        "scenario '{scenario}' has no playbook '{name}'",
    ),
    "runs_positive": ("--runs 必须至少为 1", "--runs must be at least 1"),
    "runs_too_many": (
        "--runs 最多为 {max}，且最后一个种子不能超出范围",
        "--runs may be at most {max}, and the last seed must stay in range",
    ),
    "opt_force_jobs": (
        "允许 --jobs 超过处理器核心数",
        "allow --jobs to be more than the number of cores",
    ),
    "opt_force": ("替换已存在的输出文件", "replace an existing output file"),
    "progress": ("运行中", "running"),
    "stats_header": ("{scenario}：{runs} 次运行", "{scenario}: {runs} runs"),
    "stats_unfinished": ("未达到", "unfinished"),
    "stats_unfinished_note": (
        "“未达到”：在 {duration} 秒的演练内始终未达到该时刻的运行次数；落在这些运行中的统计值记为“> {duration}”",
        "unfinished: runs that never reached the figure within the {duration} s drill; "
        "a statistic that falls among them shows as '> {duration}'",
    ),
    "result_total": ("总分 {total:.1f}（{grade}）", "total {total:.1f} ({grade})"),
    "result_deductions": ("扣分：", "deductions:"),
    "result_outcome": (
        "结果：{safe}/{total} 人到达安全地点，疏散用时 {rset} 秒，死亡或重伤 {casualties} 人，受伤 {injured} 人",
        "outcome: {safe}/{total} people safe, evacuation time {rset} s, "
        "{casualties} casualties, {injured} injured",
    ),
    # --- the app: everywhere ---------------------------------------------------------------
    "app_title": ("drillsim 应急演练", "drillsim"),
    "export_replace": ("{path} 已存在。替换它吗？", "{path} already exists. Replace it?"),
    "keymap_unusable": ("按键映射未使用：{why}", "key remapping not used: {why}"),
    "not_recordable": (
        "这次演练无法记录（{why}）：不会写日志，也不会存入历史",
        "this drill cannot be recorded ({why}): no journal and no history entry",
    ),
    "drill_write_failed": (
        "无法写入演练日志（{why}），演练已暂停；腾出空间后按空格继续",
        "the drill journal cannot be written ({why}); the drill is paused. Free some space "
        "and press Space to go on",
    ),
    "palette": ("命令", "commands"),
    "key_help": ("帮助", "help"),
    "key_lang": ("English", "中文"),
    "key_quit": ("退出", "quit"),
    "key_back": ("返回", "back"),
    "key_cancel": ("取消", "cancel"),
    "key_close": ("关闭", "close"),
    "cmd_help_help": ("各界面的按键说明", "the keys of every screen"),
    "cmd_lang_help": ("切换中文/英文界面", "switch between Chinese and English"),
    "cmd_quit_help": ("退出 drillsim", "leave drillsim"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "yes_key": ("是 (Y)", "Yes (Y)"),
    "no_key": ("否 (N)", "No (N)"),
    "back": ("返回", "Back"),
    "cancel": ("取消", "Cancel"),
    "everyone": ("全体", "everyone"),
    "role_colon": ("{role}：", "{role}: "),
    "minutes": ("{n} 分钟", "{n} min"),
    "people_n": ("{n}人", "{n} people"),
    "floor_above": ("{n}层", "{n}F"),
    "floor_below": ("地下{n}层", "B{n}"),
    "confirm_quit": (
        "演练还在进行中。确定要退出 drillsim 吗？已做出的决策都已记入演练日志，"
        "之后可在场景选择界面（或用 drillsim resume）从中断处继续。",
        "The drill is still running. Quit drillsim? Every decision so far is in the drill's "
        "journal: continue it later from the picker (or with drillsim resume).",
    ),
    "confirm_end": (
        "现在结束演练？剩余时间将在无人处置的情况下推演到结束，然后进入讲评。",
        "End the drill now? The rest of the time runs on without the team, then the debrief opens.",
    ),
    "difficulty_basic": ("基础", "basic"),
    "difficulty_intermediate": ("中级", "intermediate"),
    "difficulty_advanced": ("高级", "advanced"),
    "hazard_none": ("无（仅疏散）", "none (evacuation only)"),
    "hazard_plume": ("有毒气体扩散", "toxic gas plume"),
    "hazard_gas_room": ("室内可燃气体积聚", "flammable gas in rooms"),
    "hazard_fire": ("建筑火灾与烟气", "building fire and smoke"),
    "hazard_collapse": ("坍塌与二次坍塌", "collapse and secondary collapse"),
    # --- picker ------------------------------------------------------------------------
    "picker_title": ("选择场景", "choose a scenario"),
    "picker_loading": ("正在检查场景文件……", "checking the scenario files…"),
    "picker_empty": ("没有找到场景。", "No scenarios found."),
    "picker_folder": (
        "用户场景目录：{path}（按 R 重新扫描）",
        "Your scenarios: {path} (R to scan again)",
    ),
    "picker_problems": ("{n} 个问题，无法使用", "{n} problems: cannot run"),
    "picker_broken": (
        "这个场景文件有错误，修改后按 R 重新扫描，或运行 drillsim validate 查看：",
        "This scenario file has errors. Fix them and press R, or run drillsim validate:",
    ),
    "picker_unfinished": ("未结束的演练（Enter 继续）", "Unfinished drills (Enter continues)"),
    "picker_scenarios": ("场景", "Scenarios"),
    "picker_running_now": ("正在运行", "running now"),
    "picker_no_team": ("未填班组", "no team"),
    "picker_stopped_at": ("停在 {clock}", "stopped at {clock}"),
    "picker_in_use": (
        "这次演练正在另一个窗口或进程中运行，不能同时继续。",
        "This drill is running in another window or process; it cannot be continued twice.",
    ),
    "picker_continue_hint": (
        "按 Enter（或 C）从中断处继续：按日志重放已做出的决策，时钟停在中断时的位置。",
        "Enter (or C) continues where it stopped: the journal's decisions are replayed and "
        "the clock stands where it was.",
    ),
    "picker_damaged": (
        "日志中有 {n} 行损坏或不完整，继续时将跳过并说明原因。",
        "{n} journal line(s) are damaged or incomplete; they are skipped, with the reason, "
        "when the drill continues.",
    ),
    "fact_record": ("记录编号", "Record"),
    "fact_team": ("班组", "Team"),
    "fact_started": ("开始时间", "Started"),
    "fact_stopped": ("中断时的演练时间", "Drill time when it stopped"),
    "fact_inputs": ("已记录的操作", "Inputs in the journal"),
    "fact_participants": ("参演人员", "Participants"),
    "picker_broken_note": (
        "这个场景文件有错误，不能开始演练",
        "This scenario file has errors and cannot run",
    ),
    "key_choose": ("选择", "choose"),
    "key_reload": ("重新扫描", "rescan"),
    "fact_unit": ("单位", "Unit"),
    "fact_type": ("演练类型", "Drill type"),
    "fact_length": ("时长", "Length"),
    "fact_difficulty": ("难度", "Difficulty"),
    "fact_start": ("事发时间", "Starts at"),
    "fact_hazard": ("危害模型", "Hazard"),
    "fact_people": ("现场人数", "People on site"),
    "fact_floors": ("楼层", "Floors"),
    "fact_roles": ("角色", "Roles"),
    "fact_file": ("文件", "File"),
    # --- setup -------------------------------------------------------------------------
    "setup_title": ("演练设置", "setup"),
    "setup_unit": ("单位", "Unit"),
    "setup_team": ("班组名称", "Team"),
    "setup_team_placeholder": ("例如：二车间甲班", "e.g. Workshop 2, A shift"),
    "setup_participants": ("参演人员及角色", "Participants and their roles"),
    "setup_name_placeholder": ("姓名", "name"),
    "setup_add": ("+ 添加人员", "+ Add participant"),
    "setup_speed": ("时钟倍速", "Clock speed"),
    "setup_count": ("参演人数", "People taking part"),
    "setup_count_placeholder": ("自动", "auto"),
    "setup_level": ("级别", "Level"),
    "setup_kind": ("类型", "Type"),
    "setup_kind_default": ("按级别默认", "by level"),
    "setup_bad_count": (
        "参演人数必须是正整数",
        "The number of people must be a whole number above 0",
    ),
    "setup_seed": ("随机种子", "Seed"),
    "setup_seed_placeholder": ("留空则随机", "random if empty"),
    "setup_next": ("下一步：情况介绍", "Next: briefing"),
    "setup_bad_seed": (
        "随机种子必须是 0 到 9223372036854775807 之间的整数",
        "The seed must be a whole number from 0 to 9223372036854775807",
    ),
    "key_continue": ("继续", "continue"),
    "key_add_participant": ("添加人员", "add participant"),
    # --- briefing ------------------------------------------------------------------------
    "briefing_title": ("情况介绍", "briefing"),
    "briefing_start": ("开始演练 (Enter)", "Start the drill (Enter)"),
    "tab_situation": ("1 情况", "1 Situation"),
    "tab_map": ("2 现场平面图", "2 Site map"),
    "tab_cards": ("3 应急处置卡", "3 Response cards"),
    "key_start": ("开始演练", "start drill"),
    "brief_unit": ("单位：{unit}", "Unit: {unit}"),
    "brief_time": (
        "事发时间 {clock}，演练时长 {length}",
        "Starts at {clock}; the drill runs {length}",
    ),
    "brief_weather": ("天气与风", "Weather and wind"),
    "brief_wind": (
        "{compass}风（来自 {deg}°），{speed} 米/秒",
        "wind from the {compass} ({deg}°), {speed} m/s",
    ),
    "brief_temperature": ("气温 {t} °C，{daynight}", "{t} °C, {daynight}"),
    "day": ("白天", "daytime"),
    "night": ("夜间", "night"),
    "card_played_by": ("担任人员：{names}", "Played by {names}"),
    "card_empty": ("（这个角色没有处置卡）", "(no response card for this role)"),
    "card_contacts": ("联系电话：", "Contacts:"),
    "card_actions": ("可执行的动作：", "Actions:"),
    # --- drill -----------------------------------------------------------------------------
    "drill_title": ("演练进行中", "drill"),
    "drill_actions": ("处置动作（按键或回车）", "Actions (key or Enter)"),
    "drill_feed": ("事件记录", "Event feed"),
    "role_free": ("空闲", "free"),
    "role_busy": ("{action}，至 {clock}", "{action} until {clock}"),
    "role_hurt": ("受伤", "hurt"),
    "role_down": ("重伤，无法行动", "down, cannot act"),
    "clock_paused": ("已暂停", "paused"),
    "clock_over": ("演练结束", "drill over"),
    "clock_people": (
        "安全 {safe}/{total} 人 · 移动中 {moving}",
        "safe {safe}/{total} · moving {moving}",
    ),
    "clock_harm": ("伤亡 {n}", "hurt {n}"),
    "map_wind": ("风{arrow}{speed}m/s", "wind{arrow}{speed}m/s"),
    "legend_below": ("低于各阈值", "below all thresholds"),
    "legend_people": ("数字为人数", "numbers: people"),
    "legend_cordon": ("警戒 {radius} 米", "cordon {radius} m"),
    "legend_eta": ("{who}预计 {eta} 到", "{who} ETA {eta}"),
    "legend_arrived": ("{who}已到达", "{who} on site"),
    "legend_dispatched": ("{who}已出动", "{who} dispatched"),
    "kind_node_room": ("房间", "room"),
    "kind_node_stair": ("楼梯", "stair"),
    "kind_node_exit": ("出口", "exit"),
    "kind_node_assembly": ("集合点", "assembly"),
    "prompt_expects": ("应{action}", "expected: {action}"),
    "key_pause": ("暂停", "pause"),
    "key_resume": ("继续", "resume"),
    "key_speed_1": ("1 倍速", "speed 1×"),
    "key_speed_2": ("2 倍速", "speed 2×"),
    "key_speed_5": ("5 倍速", "speed 5×"),
    "key_speed_10": ("10 倍速", "speed 10×"),
    "key_slower": ("减速", "slower"),
    "key_speed": ("倍速", "speed"),
    "key_faster": ("加速", "faster"),
    "key_floor_down": ("下一层", "floor down"),
    "key_floor_up": ("上一层", "floor up"),
    "key_inject": ("注入", "inject"),
    "key_note": ("消息", "note"),
    "key_end": ("结束", "end"),
    "note_running_out": ("推演到结束……", "Running on to the end…"),
    "note_paused": ("时钟已暂停（空格继续）", "Clock paused (Space to resume)"),
    "note_resumed": ("时钟继续", "Clock running"),
    "note_started": ("已开始：{action}", "Started: {action}"),
    "note_inject_sent": ("注入信息已发出", "Inject sent"),
    "cmd_action": ("执行：{label}", "Act: {label}"),
    "cmd_speed": ("时钟 {speed} 倍速", "Clock speed {speed}×"),
    "cmd_inject_help": (
        "立即发出场景中的备用注入信息",
        "send one of the scenario's optional injects now",
    ),
    "cmd_note_help": ("在事件记录中加入导调人员的消息", "put a message of your own into the feed"),
    "cmd_end_help": ("结束演练并进入讲评", "end the drill and open the debrief"),
    # --- action form -----------------------------------------------------------------------
    "form_by": ("执行人", "Who acts"),
    "form_fixed": ("场景规定：{name} = {value}", "set by the scenario: {name} = {value}"),
    "form_busy": ("忙碌中", "busy"),
    "form_takes": ("用时 {seconds} 秒", "takes {seconds} s"),
    "form_optional": ("（可选）", "(optional)"),
    "form_go": ("执行 (Ctrl+S)", "Take action (Ctrl+S)"),
    "form_refused": ("未能执行：{reason}", "Refused: {reason}"),
    "form_bad_number": ("“{param}”需要填写数字", "'{param}' needs a number"),
    "form_report_rule": (
        "《生产安全事故报告和调查处理条例》第十二条：报告应包括以下内容（空格勾选，Ctrl+A 全选）",
        "Decree 493, Art. 12: a report contains these elements (Space ticks one, Ctrl+A all)",
    ),
    "key_submit": ("执行", "take action"),
    "key_select_all": ("全选", "select all"),
    "form_ticked": ("已选 {n}/{total}", "{n}/{total} ticked"),
    "element_unit": ("事故单位", "the unit"),
    "element_time_place": ("时间、地点、现场情况", "time, place and scene"),
    "element_account": ("事故简要经过", "what happened"),
    "element_casualties": ("伤亡人数（含下落不明）", "casualties (incl. missing)"),
    "element_measures": ("已采取的措施", "measures taken"),
    "element_other": ("其他情况", "other"),
    "element_unit_detail": ("事故发生单位概况", "the unit's name and what it does"),
    "element_time_place_detail": (
        "事故发生的时间、地点以及事故现场情况",
        "when and where it happened, and the scene",
    ),
    "element_account_detail": ("事故的简要经过", "a short account of what happened"),
    "element_casualties_detail": (
        "已经或可能造成的伤亡人数（包括下落不明）和初步估计的直接经济损失",
        "casualties so far or likely (incl. missing), and a first estimate of the loss",
    ),
    "element_measures_detail": ("已经采取的措施", "what has been done so far"),
    "element_other_detail": ("其他应当报告的情况", "anything else that should be reported"),
    # --- injects -------------------------------------------------------------------------------
    "inject_title": ("发出备用注入信息（回车发出）", "Send an optional inject (Enter sends)"),
    "inject_none": (
        "这个场景没有尚未发出的备用注入信息。",
        "This scenario has no optional injects left to send.",
    ),
    "note_title": ("导调人员消息", "Facilitator message"),
    "note_to": ("发给", "To"),
    "note_text": ("内容", "Message"),
    "note_placeholder": (
        "例如：现场又有一名工人报告头晕",
        "e.g. another worker reports feeling dizzy",
    ),
    "note_send": ("发出 (Enter)", "Send (Enter)"),
    "note_empty": ("请先输入消息内容", "Type the message first"),
    # --- event feed ----------------------------------------------------------------------------
    "ev_generic": ("{kind}：{data}", "{kind}: {data}"),
    "ev_start": ("演练开始（随机种子 {seed}）", "The drill starts (seed {seed})"),
    "ev_end": ("演练结束", "The drill ends"),
    "ev_inject_to": ("致{to}：{text}", "To {to}: {text}"),
    "ev_inject_deadline": ("（请于 {clock} 前处置）", " (respond by {clock})"),
    "ev_by_facilitator": ("【导调】", "[facilitator] "),
    "ev_facilitator": ("【导调】{text}", "[facilitator] {text}"),
    "ev_facilitator_to": ("【导调】致{to}：{text}", "[facilitator] To {to}: {text}"),
    "ev_control_pause": ("导调人员暂停了时钟", "The facilitator paused the clock"),
    "ev_control_resume": ("导调人员恢复了时钟", "The facilitator restarted the clock"),
    "ev_control_end": ("导调人员结束了演练", "The facilitator ended the drill"),
    "ev_control_speed": ("时钟调整为 {speed}", "Clock speed set to {speed}"),
    "ev_control_other": ("导调操作：{what}", "Facilitator control: {what}"),
    "ev_control_resumed": (
        "演练中断后按日志恢复，时钟停在中断处（已暂停，按空格继续）",
        "The drill was continued from its journal after an interruption; the clock stands "
        "where it stopped (paused: Space goes on)",
    ),
    "ev_control_skipped": (
        "；日志中有 {n} 行无法使用：{what}",
        "; {n} journal line(s) could not be used: {what}",
    ),
    "ev_action": ("{role}：{action}（至 {until}）", "{role}: {action} (until {until})"),
    "ev_action_done": ("完成：{action}（{role}）", "Done: {action} ({role})"),
    "ev_refused": ("未执行：{role}“{action}”——{reason}", "Refused: {action} by {role}: {reason}"),
    "ev_milestone": ("★ {name}", "★ {name}"),
    "ev_detector_alarm": (
        "检测器 {detector} {level} 级报警（{ppm} ppm）",
        "Detector {detector}: level {level} alarm ({ppm} ppm)",
    ),
    "ev_source_mitigated": (
        "处置措施 {what} 生效，进入空气的泄漏速率 {rate} kg/s",
        "{what} takes effect: {rate} kg/s now reaches the air",
    ),
    "ev_wind_changed": (
        "风向风速变化：风从 {deg}° 吹来，{speed} m/s，稳定度 {stability}",
        "The wind changes: from {deg}° at {speed} m/s, stability {stability}",
    ),
    "ev_dispatch": ("已呼叫 {who}", "{who} called"),
    "ev_en_route": ("{who}已出发，预计 {eta} 到达", "{who} on the way, ETA {eta}"),
    "ev_arrival": ("{who}到达现场", "{who} arrived"),
    "ev_arrival_guided": ("{who}在引导下到达现场", "{who} arrived, guided in"),
    "ev_responder_lost": (
        "{who}无人引导，找路耽误了 {delay} 秒",
        "{who} lost {delay} s finding the way: nobody guided it in",
    ),
    "ev_responder_action": ("{who}：{what}", "{who}: {what}"),
    "ev_report": (
        "已报告（{to}）：{count} 项要素——{elements}",
        "Reported ({to}): {count} elements: {elements}",
    ),
    "ev_headcount": (
        "清点人数：应到 {expected}，实到 {present}，伤员 {casualties}，不明 {missing}",
        "Headcount: {expected} expected, {present} present, {casualties} casualties, {missing} missing",
    ),
    "ev_swept": (
        "清查完成：叫醒 {woken} 人，找到 {found} 名下落不明人员",
        "Sweep done: {woken} woken, {found} missing people found",
    ),
    "ev_rescued": ("从{node}救出 {people} 人，转移至{to}", "{people} rescued from {node} to {to}"),
    "ev_harm_injured": (
        "{nodes}：{people} 人受伤（{cause}）",
        "{people} injured at {nodes} ({cause})",
    ),
    "ev_harm_casualty": (
        "{nodes}：{people} 人死亡（{cause}）",
        "{people} dead at {nodes} ({cause})",
    ),
    "ev_untenable": ("已无法停留：{nodes}", "No longer tenable: {nodes}"),
    "ev_alarm_silenced": (
        "“{action}”：警报停响，{people} 名尚未离开的人员未再行动",
        "'{action}': the sounders stopped; {people} who had not yet left stay where they are",
    ),
    "ev_sent_back": (
        "“{action}”：{people} 人从{source}返回{to}",
        "'{action}': {people} went back from {source} into {to}",
    ),
    "ev_structure_disturbed": (
        "“{action}”在加固前扰动了受损结构，二次坍塌风险上升",
        "'{action}' disturbed the damaged structure before it was braced: "
        "the risk of a secondary collapse rose",
    ),
    "ev_overcome": (
        "{nodes}：{people} 人吸入过量后失去行动能力，原地等待救援",
        "{people} overcome at {nodes}: they cannot move and need rescue",
    ),
    "ev_action_failed": (
        "{role}在执行“{action}”时失去行动能力，该动作未完成",
        "{role} was overcome during '{action}': it was not completed",
    ),
    "ev_unsafe": (
        "危险！{role}未穿戴防护进入{node}执行“{action}”",
        "Unsafe! {role} went into {node} without PPE for '{action}'",
    ),
    "ev_prompt_expired": ("超时未处置：{role}——{text}", "No response in time: {role}: {text}"),
    "ev_start_moving": ("{group}开始撤离", "{group} start moving"),
    "ev_stuck": ("{group}在{node}无路可走", "{group} are stuck at {node}: no way out"),
    "kind_isolate_source": ("切断泄漏源", "isolate the source"),
    "kind_extinguish": ("灭火", "put out the fire"),
    "kind_rescue": ("救援被困人员", "rescue"),
    "kind_first_aid": ("现场急救", "first aid"),
    "kind_stabilise": ("稳固结构", "stabilise"),
    "kind_cordon": ("设置警戒", "cordon"),
    # --- debrief ---------------------------------------------------------------------------------
    "debrief_title": ("讲评", "debrief"),
    "debrief_score": ("演练成绩", "Result"),
    "debrief_categories": ("分项得分", "By category"),
    "debrief_timeline": ("时效：应在何时完成，实际何时完成", "Timing: expected against actual"),
    "debrief_deductions": ("扣分明细", "Deductions"),
    "debrief_evacuation": ("疏散曲线（到达安全地点人数）", "Evacuation curve (people safe)"),
    "debrief_hazard": (
        "危害随时间变化（有人地点的最高值）",
        "Hazard over time (highest level where people are)",
    ),
    "debrief_ratings": ("任务评定（HSEEP P/S/M/U）", "Task ratings (HSEEP P/S/M/U)"),
    "debrief_checklist": ("AQ/T 9009-2015 附录 B 检查项", "AQ/T 9009-2015 Annex B checklist"),
    "debrief_outcome": ("模拟结果", "Outcome"),
    "debrief_total": ("总分 {total} / 100", "Total {total} / 100"),
    "debrief_grade": (" 等级：{grade} ", " Grade: {grade} "),
    "debrief_penalties": ("其中有害行为扣 {points} 分", "of which {points} for harmful actions"),
    "debrief_run": ("随机种子 {seed} · {ended}", "seed {seed} · {ended}"),
    "debrief_ended_early": ("导调人员提前结束", "ended early by the facilitator"),
    "debrief_ended_clock": ("按时结束", "ran to the end"),
    "debrief_no_deductions": ("没有扣分。", "No deductions."),
    "debrief_no_walkers": (
        "这个场景没有需要疏散的人员。",
        "Nobody had to evacuate in this scenario.",
    ),
    "debrief_no_hazard": (
        "这个场景没有危害模型（仅疏散）。",
        "This scenario has no hazard model (evacuation only).",
    ),
    "debrief_evac_note": (
        "{safe_label}：{safe}；疏散用时（RSET）{rset}",
        "{safe_label}: {safe}; evacuation time (RSET) {rset}",
    ),
    "debrief_hazard_note": (
        "有人地点的最高值 {at_people} {unit}；全场最高值 {peak} {unit}（通常在危险源处）",
        "highest where people were: {at_people} {unit}; highest on site: {peak} {unit} "
        "(usually at the source)",
    ),
    "debrief_log_axis": ("（纵轴为对数刻度）", " (logarithmic axis)"),
    "debrief_exposed_title": (
        "处于“{threshold}”及以上区域的人数",
        "People where the level is at or above {threshold}",
    ),
    "debrief_plan": ("改进计划", "Improvement plan"),
    "debrief_plan_unrecorded": (
        "本次演练没有记录，无法填写改进计划。",
        "This drill was not recorded, so it has no improvement plan.",
    ),
    "debrief_plan_empty": (
        "尚未填写。按 I 添加一项（问题、整改措施、责任单位/人、完成日期）；上面的扣分项可作为参考。",
        "Nothing yet. Press I to add an item (issue, corrective action, responsible, due "
        "date); the deductions above are where to start.",
    ),
    "debrief_unrecorded": (
        "本次演练没有记录（没有演练日志，也不在演练历史中）。",
        "This drill was not recorded (no journal, not in the history).",
    ),
    "debrief_recorded": (
        "本次演练已存入演练历史，记录编号 {session}",
        "This drill is in the history as record {session}",
    ),
    "debrief_journal": ("演练日志：{path}", "Journal: {path}"),
    "debrief_record_keys": (
        "S 导出评估报告（HTML、Markdown 或 JSON）· I 添加改进项 · H 演练历史",
        "S exports the after-action report (HTML, Markdown or JSON) · I adds an improvement "
        "item · H opens the history",
    ),
    "record_warning": ("记录时出现问题：{detail}", "A problem with the records: {detail}"),
    "record_failed": (
        "无法记录本次演练（演练照常进行）：{error}",
        "This drill cannot be recorded (it runs anyway): {error}",
    ),
    "resume_failed": ("无法继续这次演练：{error}", "Cannot continue this drill: {error}"),
    "note_resumed_paused": (
        "已从中断处恢复演练，时钟已暂停；按空格继续",
        "Continued where the drill stopped; the clock is paused: Space goes on",
    ),
    "history_unreadable": ("无法读取演练历史。", "The history cannot be read."),
    "key_export": ("导出报告", "export report"),
    "key_improve": ("添加改进项", "add improvement"),
    "key_history": ("演练历史", "history"),
    "key_continue_drill": ("继续未完成的演练", "continue drill"),
    "key_add_note": ("添加意见", "add note"),
    "key_open_record": ("查看", "open"),
    "key_team_progress": ("只看该班组", "this team only"),
    "key_submit_form": ("保存", "save"),
    "plan_issue": ("问题", "Issue"),
    "plan_action": ("整改措施", "Corrective action"),
    "plan_responsible": ("责任单位/人", "Responsible"),
    "plan_due": ("完成日期", "Due date"),
    "plan_capability": ("能力/环节（可不填）", "Capability (optional)"),
    "plan_status": ("状态", "Status"),
    "plan_status_open": ("未开始", "open"),
    "plan_status_in_progress": ("进行中", "in progress"),
    "plan_status_done": ("已完成", "done"),
    "plan_due_placeholder": ("YYYY-MM-DD", "YYYY-MM-DD"),
    "plan_form_title": ("添加改进项", "Add an improvement item"),
    "plan_form_no_issue": ("请填写问题。", "Write the issue first."),
    "form_save": ("保存 (Ctrl+S)", "Save (Ctrl+S)"),
    "note_form_title": ("添加评估意见", "Add an evaluator note"),
    "note_form_text": ("意见", "Note"),
    "note_form_author": ("评估人员（可不填）", "Evaluator (optional)"),
    "note_form_empty": ("请填写意见。", "Write the note first."),
    "export_form_title": (
        "导出：报告、方案、表格、处置卡、视频、照片",
        "Export: report, plan, forms, cards, video, photos",
    ),
    "export_form_write": ("导出 (Ctrl+S)", "Export (Ctrl+S)"),
    "export_form_format": ("格式", "Format"),
    "export_form_path": ("文件", "File"),
    "export_form_no_path": ("请填写文件路径。", "Give a file path first."),
    "format_html": ("HTML（可打印）", "HTML (prints on A4)"),
    "format_md": ("Markdown", "Markdown"),
    "format_json": ("JSON（含完整结果）", "JSON (with the full result)"),
    "format_docx": ("评估报告 Word", "Report as Word"),
    "format_plan": ("演练方案 Word", "Drill plan (Word)"),
    "format_forms": ("签到表和评估表 Word", "Sign-in and evaluation forms (Word)"),
    "format_cards_pdf": ("应急处置卡 PDF", "Response cards (PDF)"),
    "format_cards_docx": ("应急处置卡 Word", "Response cards (Word)"),
    "format_week": ("本周周报 Word + Excel", "This week's Friday report (Word + Excel)"),
    "format_table": ("本月统计表 Excel", "This month's statistics table (Excel)"),
    "format_video": ("回放视频 MP4", "Replay video (MP4)"),
    "format_photos": ("关键时刻照片 PNG（文件夹）", "Key-moment photos (PNG, a folder)"),
    "export_started": (
        "正在后台生成 {path}，完成后会提示。",
        "Making {path} in the background; you will be told when it is done.",
    ),
    "export_failed": ("导出失败：{error}", "Could not export: {error}"),
    "export_written": ("评估报告已导出到 {path}", "Report written to {path}"),
    # --- history ------------------------------------------------------------------------------
    "history_title": ("演练历史", "history"),
    "history_team": ("班组", "Team"),
    "history_scenario": ("场景", "Scenario"),
    "history_unit": ("单位", "Unit"),
    "history_any": ("全部", "all"),
    "h_date": ("时间", "Started"),
    "h_unit": ("单位", "Unit"),
    "h_team": ("班组", "Team"),
    "h_scenario": ("场景", "Scenario"),
    "h_total": ("得分", "Total"),
    "h_grade": ("等级", "Grade"),
    "history_unfinished": ("未结束", "unfinished"),
    "history_empty": (
        "演练历史中还没有记录。每次演练结束后会自动存入。",
        "The history is empty. Every drill is kept here when it ends.",
    ),
    "history_no_team": (
        "选择一个班组（或选中有班组名称的一行）查看其历次演练的成绩变化。",
        "Choose a team (or a drill with a team) to see its progress across drills.",
    ),
    "progress_title": ("{team} 的成绩变化", "Progress of {team}"),
    "progress_figures": (
        "{count} 次 · 平均 {mean} · 最好 {best} · 较首次 {change}",
        "drills {count} · mean {mean} · best {best} · change {change}",
    ),
    "progress_none": ("该班组还没有结束的演练。", "This team has no finished drill yet."),
    "record_title": ("演练记录", "drill record"),
    "record_summary": ("演练概况与成绩", "Overview and result"),
    "record_notes": ("评估人员意见", "Evaluator notes"),
    "record_no_notes": ("尚无意见。按 N 添加。", "No notes yet. Press N to add one."),
    "record_no_plan": (
        "尚未填写。按 I 添加一项（问题、整改措施、责任单位/人、完成日期）。",
        "Nothing yet. Press I to add an item (issue, corrective action, responsible, due date).",
    ),
    "record_keys": (
        "N 添加意见 · I 添加改进项 · S 导出评估报告 · Esc 返回",
        "N adds a note · I adds an improvement item · S exports the report · Esc goes back",
    ),
    "record_duration": ("用时", "Time at the table"),
    "record_total": ("成绩", "Result"),
    "key_new": ("新的演练", "new drill"),
    "col_expectation": ("要求", "Expectation"),
    "col_timeline": ("时间轴（0–{total}）", "Timeline (0–{total})"),
    "col_result": ("结果（用时/目标）", "Result (took / target)"),
    "col_task": ("任务", "Task"),
    "col_rating": ("评定", "Rating"),
    "timeline_legend": (
        "├ 计时开始  绿色：目标时间内（满分） 黄色：上限时间内（部分得分）  ● 实际完成  ✗ 未完成",
        "├ clock starts  green: within target (full credit)  yellow: within limit (part credit)"
        "  ● done  ✗ missed",
    ),
    "status_met": ("按时", "on time"),
    "status_late": ("超时", "late"),
    "status_missed": ("未完成", "missed"),
    "status_violated": ("已发生", "committed"),
    "status_avoided": ("已避免", "avoided"),
    "status_not_applicable": ("不适用", "not applicable"),
    "took": ("{took}/{target}", "{took} / {target}"),
    "limit_was": ("上限 {limit}", "limit {limit}"),
    "at_clock": ("于 {clock}", "at {clock}"),
    "harmful_avoided": ("有害行为，已避免", "harmful act, avoided"),
    "harmful_violated": ("有害行为，已发生", "harmful act, committed"),
    "check_yes": ("✓ 是", "✓ yes"),
    "check_partial": ("◐ 部分", "◐ partly"),
    "check_no": ("✗ 否", "✗ no"),
    "rating_P": ("顺利完成", "performed without challenges"),
    "rating_S": ("完成，有一些问题", "performed with some challenges"),
    "rating_M": ("完成，问题较大", "performed with major challenges"),
    "rating_U": ("未能完成", "unable to perform"),
    "ratings_source": (
        "评定方法：美国 HSEEP 演练评估指南（EEG），按各项得分折算",
        "Ratings as in the HSEEP exercise evaluation guide (EEG), from each task's credit",
    ),
    "outcome_rset": ("疏散用时（RSET）", "Evacuation time (RSET)"),
    "outcome_aset": ("可用安全疏散时间（ASET）", "Available safe egress time (ASET)"),
    "outcome_arrived": ("救援力量", "Responders"),
    "arrived_at": ("{who}于 {clock} 到达", "{who} arrived {clock}"),
    "grade_excellent": ("优", "excellent (优)"),
    "grade_good": ("良", "good (良)"),
    "grade_fair": ("一般", "fair (一般)"),
    "grade_poor": ("差", "poor (差)"),
    # --- help ---------------------------------------------------------------------------------
    "help_title": ("按键说明（Esc 关闭）", "Keys (Esc closes)"),
    "help_everywhere": ("所有界面", "Everywhere"),
    "help_picker": ("场景选择", "Scenario picker"),
    "help_setup": ("演练设置", "Setup"),
    "help_briefing": ("情况介绍", "Briefing"),
    "help_drill": ("演练", "Drill"),
    "help_form": ("动作表单", "Action form"),
    "help_debrief": ("讲评", "Debrief"),
    "help_history": ("演练历史", "History"),
    "help_record": ("演练记录", "Drill record"),
    "help_record_form": ("意见、改进项与导出表单", "Note, improvement and export forms"),
    "help_action_key": ("动作：{label}", "action: {label}"),
    "help_lang": ("切换中文/英文", "switch Chinese/English"),
    "help_palette": (
        "命令面板：搜索所有动作和导调操作",
        "command palette: every action and control",
    ),
}


MILESTONES: dict[str, tuple[str, str]] = {
    "everyone_alerted": ("所有人员均已收到警报", "everyone has been alerted"),
    "evacuation_complete": ("全部人员已撤离到安全地点", "everyone is out and safe"),
    "first_casualty": ("出现第一名伤亡人员", "the first casualty"),
    "all_rescued": ("被困人员已全部救出", "everyone trapped has been rescued"),
    "ignition": ("可燃气体被点燃", "the gas ignited"),
    "explosion": ("发生爆炸", "an explosion"),
    "flashover": ("发生轰燃", "flashover"),
    "secondary_collapse": ("发生二次坍塌", "a secondary collapse"),
    "source_isolated": ("泄漏源已切断", "the source is isolated"),
    "detector_alarm_1": ("气体检测器一级报警", "a gas detector's first alarm"),
    "detector_alarm_2": ("气体检测器二级报警", "a gas detector's second alarm"),
    "release_ended": ("泄漏已结束（库存耗尽）", "the release has ended (inventory gone)"),
    "fire_out": ("火已扑灭", "the fire is out"),
    "lel_reached": ("浓度达到爆炸下限", "the gas reached its lower explosive limit"),
}
"""Names of the milestones the engine and the hazard models log; others are shown by id."""


def s(key: str, lang: Lang, /, **kwargs: Any) -> str:
    """The string ``key`` in ``lang``, formatted with ``kwargs``."""
    zh, en = STRINGS[key]
    text = zh if lang == "zh" else en
    return text.format(**kwargs) if kwargs else text


def score_category_label(category: str, lang: Lang) -> str:
    """A score category's name (信息报告, 疏散撤离, 先期处置, 处置结果) in ``lang``."""
    from sim.records.strings import t

    return t(f"cat_{category}", lang)


def category_label(category: str, lang: Lang) -> str:
    """The drill type's name in ``lang`` (one catalogue for the app, reports and exports)."""
    from sim.records.strings import category_label as label

    return label(category, lang)


def milestone_label(name: str, lang: Lang) -> str:
    """A milestone's name in ``lang`` (its id, made readable, if the catalogue lacks it)."""
    pair = MILESTONES.get(name)
    if pair is None:
        return name.replace("_", " ")
    return pair[0] if lang == "zh" else pair[1]


def lang_of(node: object) -> Lang:
    """The language of the app a widget or screen belongs to ('en' outside an app)."""
    try:
        value = getattr(getattr(node, "app", None), "lang", "en")
    except Exception:  # no active app (a widget rendered on its own)
        return "en"
    return "zh" if value == "zh" else "en"


def _merge_authoring() -> None:
    """The authoring commands keep their words in their own table; the catalogue holds them
    too, whichever module is imported first."""
    from tui.authoring_strings import AUTHORING_STRINGS

    STRINGS.update(AUTHORING_STRINGS)


_merge_authoring()
