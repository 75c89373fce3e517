"""Every sentence the records say (journal, history, report, export), in zh and en."""

from __future__ import annotations

TABLE: dict[str, tuple[str, str]] = {
    # --- journal: lines skipped when reading --------------------------------------------
    "skip_truncated": (
        "第{line}行不完整（写入时进程中断），已跳过",
        "line {line} is incomplete (the process stopped while writing it); skipped",
    ),
    "skip_not_json": (
        "第{line}行已损坏（不是有效的 JSON），已跳过",
        "line {line} is damaged (not valid JSON); skipped",
    ),
    "skip_checksum": (
        "第{line}行已损坏（校验和不符），已跳过",
        "line {line} is damaged (its checksum does not match); skipped",
    ),
    "skip_bad_entry": (
        "第{line}行的内容无法识别，已跳过",
        "line {line} is not a journal entry drillsim knows; skipped",
    ),
    "skip_out_of_order": (
        "第{line}行的序号或时间与前文不连续，已跳过",
        "line {line} is out of sequence (number or time); skipped",
    ),
    "skip_after_damage": (
        "第{line}行位于损坏的行之后；为保证重放与原演练一致，已跳过",
        "line {line} comes after a damaged line; skipped so that the replay stays true "
        "to the drill",
    ),
    "skip_after_end": (
        "第{line}行位于结束行之后，已忽略",
        "line {line} comes after the end line; ignored",
    ),
    # --- journal and replay: errors -----------------------------------------------------
    "err_no_journal": ("找不到演练日志 {path}", "no drill journal at {path}"),
    "err_history_write": (
        "无法写入演练历史 {path}（{why}）",
        "the drill history {path} cannot be written ({why})",
    ),
    "err_cannot_record": (
        "无法记录演练：不能写入 {path}（{why}）",
        "the drill cannot be recorded: {path} cannot be written ({why})",
    ),
    "err_journal_write": (
        "无法写入演练日志 {path}（{why}）",
        "the drill journal {path} cannot be written ({why})",
    ),
    "err_journal_unusable": ("演练日志不可用：{why}", "drill journal not usable: {why}"),
    "err_no_header": (
        "{path} 的第一行不是有效的日志头，无法重放",
        "the first line of {path} is not a valid journal header; it cannot be replayed",
    ),
    "err_journal_format": (
        "{path} 的日志格式版本为{found}，本程序只支持{known}",
        "{path} has journal format {found}; this drillsim reads format {known}",
    ),
    "err_scenario_missing": (
        "找不到演练所用的场景“{id}”（原路径 {path}）",
        "the drill's scenario '{id}' cannot be found (it was at {path})",
    ),
    "err_scenario_invalid": (
        "场景文件 {path} 现在无效，无法重放：{detail}",
        "the scenario file {path} is no longer valid, so it cannot be replayed: {detail}",
    ),
    "err_scenario_changed": (
        "场景文件在演练后被修改过（{path}：记录的 SHA-256 为 {old}，现在为 {new}），"
        "重放结果可能与原演练不同。确认后加 --force 继续",
        "the scenario file has changed since the drill ({path}: recorded SHA-256 {old}, "
        "now {new}); the replay may differ from the drill. Add --force to go on anyway",
    ),
    "err_engine_changed": (
        "日志由引擎版本{old}写入，当前引擎版本为{new}，同样的输入可能得到不同的结果。"
        "确认后加 --force 继续",
        "the journal was written by engine version {old} and this is version {new}; the "
        "same inputs may give a different result. Add --force to go on anyway",
    ),
    "err_diverged": (
        "重放与记录不一致：第{n}个输入（{t}秒）在记录中{was}，重放时{now}",
        "the replay departs from the record: input {n} (at {t} s) was {was} in the drill "
        "and is {now} in the replay",
    ),
    "word_accepted": ("被接受", "accepted"),
    "word_refused": ("被拒绝", "refused"),
    "err_finished": (
        "演练 {session} 已经结束，无需继续；用 drillsim report {session} 查看报告",
        "drill {session} has already ended; see its report with drillsim report {session}",
    ),
    "err_locked": (
        "演练 {session} 正由另一个进程运行",
        "drill {session} is being run by another process",
    ),
    "err_recorder_closed": (
        "演练已经结束，不能再记录输入",
        "the drill has ended; no more inputs can be recorded",
    ),
    # --- history ------------------------------------------------------------------------
    "err_db_newer": (
        "历史数据库 {path} 的版本（{found}）比本程序支持的版本（{known}）新；请升级 drillsim",
        "the history database {path} has schema version {found}, newer than this "
        "drillsim knows ({known}); upgrade drillsim",
    ),
    "err_db_unreadable": (
        "无法打开历史数据库 {path}：{detail}",
        "cannot open the history database {path}: {detail}",
    ),
    "err_db_unreachable": (
        "无法连接历史数据库 {path}（{why}）",
        "cannot reach the history database {path} ({why})",
    ),
    "err_db_driver": (
        "历史数据库 {path} 需要数据库驱动 {module}：pip install 'drillsim[city]'",
        "the history database {path} needs the driver {module}: pip install 'drillsim[city]'",
    ),
    "err_no_session": ("历史记录中没有演练“{id}”", "no drill '{id}' in the history"),
    "err_ambiguous_session": (
        "“{id}”对应多个演练：{matches}；请写出更长的编号",
        "'{id}' matches several drills: {matches}; give more of the id",
    ),
    "err_no_note": ("没有编号为 {id} 的评估意见", "no evaluator note with id {id}"),
    "err_bad_row": (
        "{path} 中演练 {id} 的记录已损坏（{why}）",
        "the record of drill {id} in {path} is damaged ({why})",
    ),
    "err_no_improvement": ("没有编号为 {id} 的改进项", "no improvement item with id {id}"),
    "err_bad_date": (
        "“{value}”不是日期；请写成 YYYY-MM-DD",
        "'{value}' is not a date; write YYYY-MM-DD",
    ),
    "err_bad_field": ("不能修改字段“{field}”", "field '{field}' cannot be changed"),
    "err_bad_status": (
        "状态“{value}”无效；可选：{expected}",
        "status '{value}' is not valid; choose one of: {expected}",
    ),
    # --- words shared by the report and the export -------------------------------------
    "drill_type_tabletop": ("桌面推演", "tabletop exercise"),
    "none": ("无", "none"),
    # --- the account of people and peaks (debrief, report, export) -------------------------
    "acct_people_total": ("人员总数", "People in all"),
    "acct_people_on_site": ("其中现场人员", "On site"),
    "acct_people_off_site": ("其中场外人员", "Off site"),
    "acct_people_safe": ("已到达安全地点", "Safe"),
    "acct_people_sheltered": ("就地避险", "Sheltered in place"),
    "acct_people_not_safe": ("未脱离危险", "Not safe"),
    "acct_people_dead": ("死亡", "Dead"),
    "acct_people_injured": ("受伤（存活）", "Injured (alive)"),
    "acct_team_injured": ("处置人员受伤", "Response team injured"),
    "acct_team_dead": ("处置人员死亡", "Response team dead"),
    "acct_peak": ("有人处危害峰值", "Peak where people were"),
    "acct_peak_on_site": ("现场危害峰值", "Peak on site"),
    "acct_peak_at": (
        "{level} {unit}（{where}，演练时间{time}）",
        "{level} {unit} ({where}, drill time {time})",
    ),
    # --- after-action report ------------------------------------------------------------
    "rpt_title": ("应急演练评估报告与改进计划", "After-action report and improvement plan"),
    "rpt_subtitle": (
        "依据 AQ/T 9009 生产安全事故应急演练评估规范与 HSEEP 演练评估方法",
        "Following AQ/T 9009 (drill evaluation) and HSEEP (AAR/IP)",
    ),
    "rpt_overview": ("一、演练概况", "1. Overview"),
    "rpt_date": ("演练日期", "Date"),
    "rpt_drill_type": ("演练形式", "Drill type"),
    "rpt_duration": ("演练用时", "Duration"),
    "rpt_sim_time": ("模拟时长", "Simulated time"),
    "rpt_seed": ("随机种子", "Seed"),
    "rpt_engine": ("引擎版本", "Engine"),
    "rpt_participants": ("参演人员与角色", "Participants and roles"),
    "rpt_name": ("姓名", "Name"),
    "rpt_role": ("角色", "Role"),
    "rpt_no_participants": ("未登记参演人员", "No participants were entered"),
    "rpt_summary": ("二、演练结果", "2. Results"),
    "rpt_total": ("总分", "Total score"),
    "rpt_people_safe": ("到达安全地点", "People safe"),
    "rpt_evac_time": ("疏散用时", "Evacuation time"),
    "rpt_casualties": ("死亡或重伤", "Casualties"),
    "rpt_injured": ("受伤", "Injured"),
    "rpt_by_category": ("分类得分", "Results by category"),
    "rpt_score_category": ("类别", "Category"),
    "rpt_points": ("得分", "Points"),
    "rpt_max_points": ("满分", "Out of"),
    "rpt_share": ("得分率", "Score"),
    "rpt_by_expectation": ("三、逐项评估", "3. Results by expectation"),
    "rpt_expectation": ("评估项", "Expectation"),
    "rpt_status_col": ("结果", "Result"),
    "rpt_starts_at": ("起算时刻（演练时间）", "Clock starts (drill time)"),
    "rpt_done_at": ("完成时刻（演练时间）", "Done at (drill time)"),
    "rpt_target": ("目标时刻（演练时间）", "Target by (drill time)"),
    "rpt_limit": ("上限时刻（演练时间）", "Limit by (drill time)"),
    "rpt_times_note": (
        "表中时刻均为演练时间（自事故发生起的分:秒）；目标和上限时刻 = 起算时刻 + 目标或上限时长。",
        "Every time in this table is drill time (m:ss from the start of the incident); the "
        "target and the limit are the clock's start plus the expectation's target or limit.",
    ),
    "rpt_credit": ("得分系数", "Credit"),
    "rpt_rating": ("评级", "Rating"),
    "rpt_timeline": ("四、时间线", "4. Timeline"),
    "rpt_timeline_chart": (
        "各评估项的目标时限（绿）、上限（黄）与实际完成时刻",
        "Each expectation's target window (green), limit (amber) and when it was done",
    ),
    "rpt_events": ("主要事件", "Key events"),
    "rpt_clock": ("时刻", "Clock"),
    "rpt_sim_s": ("演练时间", "Drill time"),
    "rpt_event": ("事件", "Event"),
    "rpt_outcome": ("五、处置结果", "5. Outcome"),
    "rpt_evac_curve": ("疏散曲线：到达安全地点的人数", "Evacuation curve: people in a safe place"),
    "rpt_hazard_curve": ("危害随时间的变化", "Hazard over time"),
    "rpt_hazard_none": (
        "本场景没有危害模型，无危害曲线",
        "This scenario has no hazard model, so there is no hazard curve",
    ),
    "rpt_hazard_missing": (
        "无法重放演练日志，危害曲线不可用",
        "The drill journal could not be replayed, so the hazard curve is not available",
    ),
    "rpt_hazard_site": ("全场最高值", "highest anywhere"),
    "rpt_hazard_occupied": ("有人处最高值", "highest where people are"),
    "rpt_walkers": ("步行疏散人数", "Walking out"),
    "rpt_rset": ("疏散时间 RSET", "Evacuation time (RSET)"),
    "rpt_aset": ("可用安全疏散时间 ASET", "Available safe egress time (ASET)"),
    "rpt_exposed": ("超过阈值的暴露人数", "People exposed above a threshold"),
    "rpt_responders": ("救援力量到达", "Responders arrived"),
    "rpt_responder_at": ("{responder}（{clock}）", "{responder} {clock}"),
    "rpt_list_sep": ("、", ", "),
    "responder_numbered": ("{name}（{number}）", "{number} {name}"),
    "rpt_ratings": ("六、HSEEP 任务评级（P/S/M/U）", "6. HSEEP task ratings (P/S/M/U)"),
    "rpt_checklist": (
        "七、AQ/T 9009 桌面推演评估检查表",
        "7. AQ/T 9009 tabletop evaluation checklist",
    ),
    "rpt_item": ("检查项", "Item"),
    "rpt_answer": ("结论", "Answer"),
    "rpt_why": ("原因", "Why"),
    "rpt_checklist_none": ("本场景未设检查项", "This scenario has no checklist items"),
    "rpt_analysis": ("八、优点与待改进项", "8. Strengths and areas for improvement"),
    "rpt_strengths": ("优点", "Strengths"),
    "rpt_areas": ("待改进项", "Areas for improvement"),
    "rpt_strength_met": (
        "{title}：{elapsed}内完成（目标{target}）",
        "{title}: done in {elapsed} (target {target})",
    ),
    "rpt_no_strengths": (
        "无评为 P（顺利完成）的任务",
        "No task was rated P (performed without challenges)",
    ),
    "rpt_no_areas": ("无扣分项", "No deductions"),
    "rpt_notes": ("九、评估人员意见", "9. Evaluator notes"),
    "rpt_no_notes": ("暂无评估意见", "No evaluator notes yet"),
    "rpt_plan": ("十、改进计划", "10. Improvement plan"),
    "rpt_plan_hint": (
        "由评估人员在讲评时填写（drillsim history improve）。下列问题来自扣分项，供填写参考。",
        "Filled in by the evaluator at the debrief (drillsim history improve). The issues "
        "below come from the deductions, as a starting point.",
    ),
    "rpt_capability": ("能力/要素", "Capability"),
    "rpt_issue": ("问题/待改进项", "Issue / area for improvement"),
    "rpt_start": ("开始日期", "Start"),
    "rpt_due": ("完成日期", "Due"),
    "rpt_footer": (
        "由 drillsim {version} 生成于 {when}。重放核对：drillsim replay {journal}",
        "Made by drillsim {version} on {when}. To check it, replay: drillsim replay {journal}",
    ),
    "rpt_unfinished": (
        "注意：该演练尚未结束，以下为截至{clock}的结果",
        "Note: this drill has not ended; the results are as of {clock}",
    ),
    "rpt_warning": ("注意", "Note"),
    "rpt_minutes": ("{value}分钟", "{value} min"),
    "rpt_seconds": ("{value}秒", "{value} s"),
    "rpt_axis_time": ("演练时间（分钟）", "drill time (min)"),
    "rpt_axis_people": ("人数", "people"),
    "rpt_legend_target": ("目标时限内", "within target"),
    "rpt_legend_limit": ("目标至上限", "target to limit"),
    "rpt_legend_done": ("完成时刻", "done"),
    "rpt_legend_missed": ("未完成", "not done"),
    # --- event lines in the report's timeline ---------------------------------------------
    "ev_source_isolated": ("泄漏源已切断", "The source was isolated"),
    "ev_explosion": ("发生爆炸", "An explosion occurred"),
    "ev_start": ("演练开始", "The drill started"),
    # --- milestone names --------------------------------------------------------------------
    # --- campaign statistics table (2024 campaign notice) --------------------------------
    "xp_title": (
        "安全生产应急演练专题行活动情况统计表",
        "Safety Production Month emergency drill campaign: statistics table",
    ),
    "xp_period": ("统计期间：{since} 至 {until}", "Period: {since} to {until}"),
    "xp_period_all": ("统计期间：全部", "Period: all records"),
    "xp_made": ("制表：drillsim {version}，{when}", "Made by drillsim {version} on {when}"),
    "xp_sheet": ("统计表", "Statistics"),
    "col_no": ("序号", "No."),
    "col_unit": ("单位", "Unit"),
    "col_team": ("班组", "Team"),
    "col_date": ("演练日期", "Drill date"),
    "col_type": ("演练形式", "Form"),
    "col_level": ("演练级别", "Level"),
    "col_kind": ("演练类型", "Type"),
    "col_scenario": ("演练科目", "Scenario"),
    "col_category": ("场景类别", "Scenario category"),
    "col_participants": ("参演人数", "Participants"),
    "col_duration": ("演练时长：推演时间（分钟）", "Duration: drill time (min)"),
    "col_real_duration": ("演练时长：实际用时（分钟）", "Duration: real time (min)"),
    "col_score": ("得分", "Score"),
    "col_grade": ("等级", "Grade"),
    "col_problems": ("发现问题", "Problems found"),
    "col_actions": ("整改措施", "Corrective actions"),
    "col_session": ("记录编号", "Record"),
    "xp_action_item": (
        "{action}（责任：{responsible}，完成：{due}）",
        "{action} (by {responsible}, due {due})",
    ),
    # --- the campaign's levels and types of drill (sim/records/campaign.py) -------------
    "level_team": ("班组", "team"),
    "level_workshop": ("车间", "workshop"),
    "level_enterprise": ("企业", "enterprise"),
    "drill_kind_comprehensive": ("综合", "comprehensive"),
    "drill_kind_special": ("专项", "special"),
    "drill_kind_onsite": ("现场处置", "on-site response"),
    # --- paperwork (sim/records/paperwork): errors ---------------------------------------
    "err_no_cjk_font": (
        "找不到中文字体（如 Noto Sans CJK，Debian 软件包 fonts-noto-cjk），无法生成含中文的 PDF；可改用 .docx",
        "no CJK font found (such as Noto Sans CJK, Debian package fonts-noto-cjk), so a PDF "
        "with Chinese text cannot be made; use .docx instead",
    ),
    "err_no_replay": (
        "无法重放该演练（{reason}），视频和照片需要演练日志",
        "the drill cannot be replayed ({reason}); the video and photos need its journal",
    ),
    "err_bad_week": (
        "无法识别的日期“{value}”，请用 YYYY-MM-DD",
        "'{value}' is not a date; use YYYY-MM-DD",
    ),
    # --- drill categories (the campaign's drill types, scenario.DrillCategory) ---------
}
