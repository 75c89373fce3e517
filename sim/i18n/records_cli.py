"""The records commands' words (record, replay, resume, history, export, report), in zh and en."""

from __future__ import annotations

TABLE: dict[str, tuple[str, str]] = {
    # --- help ---------------------------------------------------------------------------
    "cmd_run": (
        "无界面运行一次有记录的演练：边运行边写日志，结束后存入演练历史",
        "run a recorded drill without a screen: journaled as it runs, kept in the history "
        "when it ends",
    ),
    "cmd_resume": (
        "列出未结束的演练，或按日志恢复其中一个并继续",
        "list unfinished drills, or rebuild one from its journal and go on",
    ),
    "cmd_replay": (
        "按日志重放演练，重建结果（可输出报告）",
        "replay a drill from its journal and rebuild its result (and report)",
    ),
    "cmd_history": (
        "查看和筛选演练历史；记录评估意见和改进计划",
        "list and filter the drill history; record evaluator notes and the improvement plan",
    ),
    "cmd_history_show": ("显示一次演练的详情", "show one drill in detail"),
    "cmd_history_progress": ("显示一个班组历次演练的成绩变化", "show a team's scores over time"),
    "cmd_history_note": (
        "添加、修改或删除评估人员意见",
        "add, change or delete an evaluator note",
    ),
    "cmd_history_improve": (
        "添加、修改或删除改进计划中的一项",
        "add, change or delete an item of the improvement plan",
    ),
    "cmd_report": (
        "生成演练评估报告与改进计划（Markdown、HTML 或 JSON）",
        "make the after-action report and improvement plan (Markdown, HTML or JSON)",
    ),
    "cmd_export": (
        "导出安全生产月应急演练统计表（CSV 或 XLSX）",
        "export the Safety Month drill statistics table (CSV or XLSX)",
    ),
    "arg_session": (
        "演练记录编号（或其唯一前缀），或日志文件路径",
        "a drill's record id (or a unique prefix of it), or a journal file",
    ),
    "arg_journal": ("演练日志文件（.jsonl）或记录编号", "a drill journal (.jsonl) or a record id"),
    "arg_team": ("班组名称", "team name"),
    "arg_note_text": ("意见内容", "the note's text"),
    "opt_unit": ("单位名称", "unit name"),
    "opt_participant": (
        "参演人员，写成 姓名:角色编号（可重复）",
        "a participant as NAME:ROLE-ID (repeat for each)",
    ),
    "opt_no_history": (
        "不存入演练历史（只写日志）",
        "do not keep it in the history (journal only)",
    ),
    "opt_resume_playbook": (
        "按剧本继续：执行日志中尚未执行的步骤",
        "go on with a playbook: take the steps the journal does not hold yet",
    ),
    "opt_finish": (
        "不再有新的决策，直接运行到结束并记录",
        "take no further decisions: run to the end and record it",
    ),
    "opt_info": (
        "只显示演练停在哪里，不打开终端界面",
        "only say where the drill stopped; do not open the app",
    ),
    "opt_force_replay": (
        "场景文件或引擎版本已变化时仍然重放",
        "replay even though the scenario file or the engine version has changed",
    ),
    "opt_force_out": (
        "替换已存在的输出文件；场景文件或引擎版本已变化时仍然重放",
        "replace an existing output file; replay even though the scenario file or the engine "
        "version has changed",
    ),
    "opt_replace": ("替换已存在的输出文件", "replace an existing output file"),
    "opt_edit_note": (
        "修改编号为 ID 的意见（可在其后直接写新文本）",
        "change the note with this ID (the new text may follow it)",
    ),
    "healed": (
        "演练 {session} 已结束但未存入历史（上次写入时中断），现已补记",
        "drill {session} had ended but was missing from the history (a crash while it was "
        "saved); it is recorded now",
    ),
    "bad_note_edit": (
        "“--edit {value}”应写成 --edit 编号 [新文本]",
        "'--edit {value}' should be --edit ID [TEXT]",
    ),
    "bad_participant_name": (
        "参演人员“{value}”：姓名不能包含分隔符（: ： = , ; 等）或控制字符",
        "participant '{value}': a name cannot hold a separator (: = , ; and their full-width "
        "forms) or a control character",
    ),
    "opt_record": (
        "把重放结果存入演练历史",
        "keep the replayed drill in the history",
    ),
    "opt_format": ("输出格式", "output format"),
    "opt_out": ("写入文件（默认输出到屏幕）", "write to this file (default: standard output)"),
    "opt_report_lang": ("报告语言：zh 或 en", "language of the report: zh or en"),
    "opt_since": ("起始日期 YYYY-MM-DD（含）", "from this date, YYYY-MM-DD (inclusive)"),
    "opt_until": ("截止日期 YYYY-MM-DD（含）", "up to this date, YYYY-MM-DD (inclusive)"),
    "opt_scenario_filter": ("场景编号", "scenario id"),
    "opt_status": ("状态：running（未结束）或 finished（已结束）", "status: running or finished"),
    "opt_limit": ("最多显示 N 条", "show at most N drills"),
    "opt_author": ("评估人员姓名", "the evaluator's name"),
    "opt_edit": ("修改编号为 ID 的条目", "change the item with this id"),
    "opt_delete": ("删除编号为 ID 的条目", "delete the item with this id"),
    "opt_issue": ("问题或待改进项", "the issue or area for improvement"),
    "opt_action": ("整改措施", "the corrective action"),
    "opt_responsible": ("责任单位或责任人", "the responsible organisation or person"),
    "opt_start": ("开始日期 YYYY-MM-DD", "start date, YYYY-MM-DD"),
    "opt_due": ("完成日期 YYYY-MM-DD", "completion date, YYYY-MM-DD"),
    "opt_capability": ("能力或要素（如 信息报告）", "the capability (e.g. reporting)"),
    "opt_item_status": (
        "状态：open（未开始）、in_progress（进行中）、done（已完成）",
        "status: open, in_progress or done",
    ),
    # --- messages -----------------------------------------------------------------------
    "started": ("记录编号 {session}；日志 {path}", "record {session}; journal {path}"),
    "bad_participant": (
        "参演人员“{value}”应写成 姓名:角色编号；角色可选：{roles}",
        "participant '{value}' should be NAME:ROLE-ID; roles: {roles}",
    ),
    "no_unfinished": ("没有未结束的演练", "no unfinished drills"),
    "unfinished_header": ("未结束的演练：", "unfinished drills:"),
    "unfinished_row": (
        "{session}  {scenario}  {team}  已记录{inputs}个输入，停在{clock}{flags}",
        "{session}  {scenario}  {team}  {inputs} input(s), stopped at {clock}{flags}",
    ),
    "flag_in_use": ("（正在运行）", " (running now)"),
    "flag_damaged": (
        "（日志有损坏，恢复时将跳过损坏部分）",
        " (journal damaged: resuming skips the damage)",
    ),
    "resume_hint_list": (
        "继续某次演练：drillsim resume 记录编号（在终端界面中继续），或加 --playbook 剧本、--finish",
        "to go on: drillsim resume RECORD (in the app), or with --playbook PLAYBOOK or --finish",
    ),
    "stopped_at": (
        "演练 {session}（{scenario}）停在演练时间{clock}，已记录{inputs}个输入",
        "drill {session} ({scenario}) stopped at drill time {clock} with {inputs} input(s)",
    ),
    "last_input": ("最后一个输入：{time} {what}", "last input: {time} {what}"),
    "resume_how": (
        "继续的方法：\n"
        "  drillsim resume {session} --playbook 剧本   按剧本执行剩余步骤\n"
        "  drillsim resume {session} --finish          不再决策，运行到结束\n"
        "  drillsim resume {session}                   在终端界面中继续（也可在场景选择界面中选择）",
        "to go on:\n"
        "  drillsim resume {session} --playbook PLAYBOOK   take the playbook's remaining steps\n"
        "  drillsim resume {session} --finish              no more decisions; run to the end\n"
        "  drillsim resume {session}                       in a terminal: continue in the app "
        "(or choose it in the picker)",
    ),
    "resumed": (
        "已恢复演练 {session}：重放{inputs}个输入，从演练时间{clock}继续",
        "resumed drill {session}: {inputs} input(s) replayed, going on from drill time {clock}",
    ),
    "repaired": (
        "日志已修复；原文件保存为 {path}",
        "the journal was repaired; the damaged file is kept as {path}",
    ),
    "remaining": ("剧本还有{count}步", "{count} playbook step(s) to go"),
    "replayed": (
        "已重放{inputs}个输入：{state}",
        "replayed {inputs} input(s): {state}",
    ),
    "log_verified": (
        "事件日志与原演练逐字节一致（SHA-256 校验通过）",
        "the event log is the drill's, byte for byte (SHA-256 checked)",
    ),
    "log_differs": (
        "事件日志与原演练不一致！",
        "the event log differs from the drill's!",
    ),
    "log_unfinished": (
        "演练尚未结束，结果截至最后记录的时间",
        "the drill has not ended; results as of the last record",
    ),
    "scenario_changed_warn": (
        "注意：场景文件自演练以来已修改，结果可能不同",
        "note: the scenario file has changed since the drill; results may differ",
    ),
    "recorded": ("已存入演练历史：{session}", "kept in the history: {session}"),
    "exported": ("已导出{count}次演练到 {path}", "exported {count} drill(s) to {path}"),
    "xlsx_needs_file": ("XLSX 需要用 -o 指定输出文件", "XLSX needs an output file (-o)"),
    "cli_history_empty": ("没有符合条件的演练记录", "no drills match"),
    "history_head": (
        "{id:<24} {date:<16} {unit:<12} {team:<10} {scenario:<24} {total:>6} {grade:<6} {status}",
        "{id:<24} {date:<16} {unit:<12} {team:<10} {scenario:<24} {total:>6} {grade:<6} {status}",
    ),
    "note_added": ("已添加意见 {id}", "added note {id}"),
    "note_changed": ("已修改意见 {id}", "changed note {id}"),
    "note_deleted": ("已删除意见 {id}", "deleted note {id}"),
    "note_needs_text": ("请给出意见内容", "give the note's text"),
    "item_added": ("已添加改进项 {id}", "added improvement item {id}"),
    "item_changed": ("已修改改进项 {id}", "changed improvement item {id}"),
    "item_deleted": ("已删除改进项 {id}", "deleted improvement item {id}"),
    "item_needs_issue": ("请用 --issue 给出问题", "give the issue with --issue"),
    "show_notes": ("评估意见：", "evaluator notes:"),
    "show_plan": ("改进计划：", "improvement plan:"),
    "show_none": ("  （无）", "  (none)"),
    "progress_line": (
        "{team}：{count}次演练，平均{mean}，最好{best}，最近{latest}，变化{change}",
        "{team}: {count} drill(s), mean {mean}, best {best}, latest {latest}, change {change}",
    ),
    "report_hint": (
        "评估报告：drillsim report {session} --format html -o report.html",
        "report: drillsim report {session} --format html -o report.html",
    ),
    "cli_interrupted_kept": (
        "已中断；日志已保存，可用 drillsim resume {session} 继续",
        "interrupted; the journal is kept: drillsim resume {session} goes on",
    ),
    "skipped_line": ("跳过：{what}", "skipped: {what}"),
    "history_warning": ("演练历史未能更新：{detail}", "the history could not be updated: {detail}"),
}
