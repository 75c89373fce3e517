"""Every sentence the paperwork says (plans, forms, cards, the weekly report, the video), in zh and en."""

from __future__ import annotations

TABLE: dict[str, tuple[str, str]] = {
    # --- common -----------------------------------------------------------------------
    "pw_scenario_id": ("场景编号", "Scenario id"),
    "pw_scenario_version": ("场景版本", "Scenario version"),
    "pw_version_value": (
        "格式{format} · 文件摘要 {sha}",
        "format {format} · file digest {sha}",
    ),
    "pw_made_by": ("drillsim {version} 生成于 {when}", "Made by drillsim {version} on {when}"),
    "pw_drill_name": ("演练名称", "Drill"),
    "pw_drill_time": ("演练时间", "Date and time"),
    "pw_drill_place": ("演练地点", "Place"),
    "pw_organiser": ("组织单位", "Organised by"),
    "pw_date": ("日期", "Date"),
    # --- plan (演练方案, GB/T 29639-2020 and AQ/T 9007-2019 4.3) -----------------------
    "pw_plan_title": ("{scenario}应急演练方案", "Drill plan: {scenario}"),
    "pw_plan_title_drill": ("{scenario}方案", "Drill plan: {scenario}"),
    "pw_plan_sub": ("（桌面推演）", "(tabletop exercise)"),
    "pw_plan_purpose": ("演练目的", "Purpose"),
    "pw_plan_purpose_text": (
        "通过桌面推演，检验本单位针对“{scenario}”情景的应急预案和现场处置方案是否可行，"
        "检验信息报告、疏散撤离和先期处置等环节的衔接，明确各岗位职责，"
        "提高从业人员在事故初发期的应急处置能力（依据 AQ/T 9007-2019《生产安全事故应急演练基本规范》）。",
        "To test, as a tabletop exercise, whether the unit's emergency plan and on-site "
        "response procedure for the '{scenario}' scenario work; to test how reporting, "
        "evacuation and early response hand over to each other; to make each post's duties "
        "clear; and to build the staff's ability to act in the first minutes of an incident "
        "(AQ/T 9007-2019, Basic specification for emergency drills).",
    ),
    "pw_plan_scenario": ("演练情景", "Scenario"),
    "pw_plan_overview": ("基本情况", "Key facts"),
    "pw_plan_duration": ("推演时长（情景时间）", "Length (scenario time)"),
    "pw_plan_start_clock": ("情景开始时刻", "Scenario starts at"),
    "pw_plan_people": ("现场人员", "People on site"),
    "pw_plan_people_value": ("{count}人（{groups}组）", "{count} people ({groups} groups)"),
    "pw_plan_weather": ("气象条件", "Weather"),
    "pw_plan_weather_value": (
        "风从{deg}°方向吹来，风速{speed} m/s，气温{temp} °C",
        "wind from {deg}°, {speed} m/s; {temp} °C",
    ),
    "pw_plan_roles": ("参演角色与职责", "Roles and tasks"),
    "pw_plan_tasks": ("职责与处置要点", "Tasks"),
    "pw_plan_contacts": ("联络方式", "Contacts"),
    "pw_plan_actions_of": ("可采取的行动", "Actions it can take"),
    "pw_plan_injects": ("情景注入时间表", "Inject timeline"),
    "pw_plan_at": ("时间", "When"),
    "pw_plan_to": ("对象", "To"),
    "pw_plan_inject": ("注入内容", "Message"),
    "pw_plan_on_event": ("{event} 后{delay}", "{delay} after {event}"),
    "pw_plan_prompt": ("（须在{within}内响应）", " (answer within {within})"),
    "pw_plan_expected": ("预期行动", "Expected actions"),
    "pw_plan_by": ("目标时间", "Target"),
    "pw_plan_limit": ("最迟时间", "Limit"),
    "pw_plan_rule": ("依据", "Rule"),
    "pw_plan_harmful": ("禁止行为", "Must not be done"),
    "pw_plan_safety": ("安全保障措施", "Safety measures"),
    "pw_plan_safety_items": (
        "本次演练为桌面推演，不动用真实设备，不触发真实报警，不拨打真实报警电话；"
        "|演练开始前向全体参演人员说明演练规则，明确“这是演练”的统一用语；"
        "|演练期间如发生真实险情，导调人员立即宣布终止演练，按本单位应急预案处置；"
        "|演练所用联系电话均为演练号码，演练结束后收回全部演练资料。",
        "This is a tabletop exercise: no real equipment is used, no real alarm is raised and "
        "no real emergency number is called;"
        "|before the start every participant is told the rules and the phrase that marks "
        "drill messages ('this is a drill');"
        "|if a real emergency happens during the drill, the facilitator stops it at once and "
        "the unit's emergency plan applies;"
        "|the contact numbers used are drill numbers; all drill papers are collected at the end.",
    ),
    "pw_plan_criteria": ("评估标准", "Evaluation criteria"),
    "pw_plan_criteria_text": (
        "按 AQ/T 9009-2015《生产安全事故应急演练评估规范》组织评估。满分100分，按类别计分：",
        "The drill is evaluated per AQ/T 9009-2015 (Evaluation specification for emergency "
        "drills). 100 points in all, by category:",
    ),
    "pw_plan_weight": ("{label}：{points}分", "{label}: {points} points"),
    "pw_plan_grades": (
        "按总分评定等级：{bands}。每项在目标时间内完成得满分，在最迟时间之后完成不得分，其间按时间线性计分。",
        "Grades by total: {bands}. Each item earns full credit when done by its target time, "
        "none after its limit, and a linear share in between.",
    ),
    "pw_plan_checklist": ("AQ/T 9009 评估要点", "AQ/T 9009 checklist"),
    "pw_plan_sources": ("编制依据", "Sources"),
    # --- forms (签到表, 评估表) --------------------------------------------------------
    "pw_signin_title": ("应急演练签到表", "Drill sign-in sheet"),
    "pw_col_dept": ("单位/部门", "Unit / department"),
    "pw_col_role": ("演练角色", "Drill role"),
    "pw_col_phone": ("联系电话", "Phone"),
    "pw_col_time": ("签到时间", "Time in"),
    "pw_col_sign": ("签名", "Signature"),
    "pw_eval_title": ("应急演练评估表", "Drill evaluation form"),
    "pw_eval_sub": (
        "（依据 AQ/T 9009-2015《生产安全事故应急演练评估规范》）",
        "(per AQ/T 9009-2015, Evaluation specification for emergency drills)",
    ),
    "pw_eval_items": ("评估项目", "Items"),
    "pw_col_item": ("评估内容", "What is evaluated"),
    "pw_col_standard": ("评估标准", "Standard"),
    "pw_col_done": ("完成情况", "Done?"),
    "pw_col_time_done": ("完成时刻", "Time"),
    "pw_col_remarks": ("存在问题", "Problems seen"),
    "pw_standard_value": (
        "{target}内完成；最迟{limit}",
        "within {target}; {limit} at the latest",
    ),
    "pw_standard_harmful": ("不得发生", "must not happen"),
    "pw_eval_checklist": ("评估要点核查", "Checklist"),
    "pw_col_yes": ("是", "Yes"),
    "pw_col_no_answer": ("否", "No"),
    "pw_eval_overall": ("总体评价", "Overall evaluation"),
    "pw_eval_grade_line": (
        "评估结论：□ 优　□ 良　□ 一般　□ 差　　　总分：________",
        "Result: □ excellent  □ good  □ fair  □ poor      Total: ________",
    ),
    "pw_eval_problems": ("主要问题及改进建议", "Main problems and improvements"),
    "pw_evaluator": ("评估人员", "Evaluator"),
    "pw_leader": ("评估组组长", "Lead evaluator"),
    # --- cards (应急处置卡) ------------------------------------------------------------
    "pw_card_title": ("应急处置卡", "Response card"),
    "pw_card_steps": ("处置步骤", "Steps"),
    "pw_card_contacts": ("应急联络", "Contacts"),
    "pw_card_scenario": ("适用情景", "Scenario"),
    "pw_card_none": ("（无）", "(none)"),
    # --- the statistics table and the weekly report ------------------------------------
    "pw_week_title": (
        "安全生产月应急演练活动开展情况周报",
        "Safety Month drill activity: weekly report",
    ),
    "pw_week_period": ("报送周期：{since} 至 {until}", "Week: {since} to {until}"),
    "pw_week_unit": ("报送单位：{unit}", "Reporting unit: {unit}"),
    "pw_week_summary": ("本周情况", "This week"),
    "pw_week_counts": ("演练统计", "Counts"),
    "pw_week_table": ("演练明细", "Drills"),
    "pw_week_media": ("报送材料", "Materials"),
    "pw_week_media_text": (
        "随本报告报送：演练总结评估报告、演练视频（MP4，1280×720以上）、演练照片（PNG，1920×1080）。",
        "Sent with this report: each drill's evaluation report, video (MP4, 1280×720 or "
        "more) and photos (PNG, 1920×1080).",
    ),
    "pw_week_none": (
        "本周（{since} 至 {until}）未开展桌面推演演练。",
        "No tabletop drills were held this week ({since} to {until}).",
    ),
    "pw_week_para": (
        "{since} 至 {until}，本单位共开展桌面推演应急演练{count}场，参演{people}人次，"
        "累计推演时长{drill_min}分钟（实际用时{real_min}分钟）。演练涉及{categories}等情景，"
        "平均得分{avg}分，其中优{excellent}场、良{good}场、一般{fair}场、差{poor}场。"
        "演练中发现问题{problems}项，已制定整改措施{actions}项。",
        "From {since} to {until} the unit held {count} tabletop drills with {people} "
        "participants in all, {drill_min} minutes of drill time ({real_min} minutes of real "
        "time). They covered {categories}. The average score was {avg}: {excellent} "
        "excellent, {good} good, {fair} fair and {poor} poor. The drills found {problems} "
        "problems, and {actions} corrective actions have been set.",
    ),
    "pw_count_drills": ("演练场次", "Drills"),
    "pw_count_people": ("参演人次", "Participants"),
    "pw_count_drill_min": ("推演时长（分钟）", "Drill time (min)"),
    "pw_count_real_min": ("实际用时（分钟）", "Real time (min)"),
    "pw_count_avg": ("平均得分", "Average score"),
    "pw_count_problems": ("发现问题（项）", "Problems found"),
    "pw_count_actions": ("整改措施（项）", "Corrective actions"),
    "pw_week_sheet": ("周报", "Weekly report"),
    # --- video and photos -------------------------------------------------------------
    "pw_moment_first_report": ("首次报告", "First report"),
    "pw_moment_evacuation": ("下达疏散指令", "Evacuation ordered"),
    "pw_moment_hazard_peak": ("危害峰值", "Hazard at its peak"),
    "pw_moment_all_safe": ("全员安全", "Everyone safe"),
    "pw_people_safe": ("已安全{safe}/{total}", "Safe {safe}/{total}"),
    "pw_floor": ("{floor}层", "Floor {floor}"),
    "pw_level_legend": ("最高{value} {unit}", "Peak {value} {unit}"),
    "pw_video_made": (
        "视频已写入 {path}（{frames}帧，{seconds}秒）",
        "video written to {path} ({frames} frames, {seconds} s)",
    ),
    "pw_photos_made": ("照片已写入 {path}（{count}张）", "photos written to {path} ({count})"),
    "pw_written": ("已写入 {path}", "written to {path}"),
    "pw_needs_file": ("{fmt} 需要用 -o 指定输出文件", "{fmt} needs an output file (-o)"),
    "pw_week_done": (
        "周报：{since} 至 {until}，{count}次演练",
        "weekly report: {since} to {until}, {count} drill(s)",
    ),
    # --- command line -----------------------------------------------------------------
    "pw_cmd_plan": ("由场景生成演练方案（Word）", "make the drill plan from a scenario (Word)"),
    "pw_cmd_forms": (
        "由场景生成签到表和评估表（Word，AQ/T 9009）",
        "make the sign-in sheet and the evaluator's form from a scenario (Word, AQ/T 9009)",
    ),
    "pw_cmd_cards": (
        "为每个角色生成应急处置卡（PDF 或 Word，A5/A6）",
        "make one response card per role (PDF or Word, A5/A6)",
    ),
    "pw_arg_scenario": ("场景编号或文件", "scenario id or file"),
    "pw_opt_output": ("输出文件", "output file"),
    "pw_opt_force": ("覆盖已存在的输出文件", "overwrite an existing output file"),
    "pw_opt_doc_lang": ("文档语言", "language of the document"),
    "pw_opt_size": ("卡片纸张大小", "card paper size"),
    "pw_opt_count": (
        "实际参演人数（默认：登记的参演人员数或参演角色数）",
        "how many people took part (default: the people named, or the roles played)",
    ),
    "pw_opt_level": ("演练级别：班组/车间/企业", "drill level: team, workshop or enterprise"),
    "pw_opt_kind": (
        "演练类型：综合/专项/现场处置（默认按级别）",
        "drill type: comprehensive, special or on-site response (default: by level)",
    ),
    "pw_opt_video": (
        "把演练回放渲染为 MP4 视频（H.264，1280×720）",
        "render the replay as an MP4 video (H.264, 1280×720)",
    ),
    "pw_opt_photos": (
        "把关键时刻保存为 PNG 照片（1920×1080）到此文件夹",
        "save the key moments as PNG photos (1920×1080) into this folder",
    ),
    "pw_opt_week": (
        "周五报送的周报（DOCX 和 XLSX），默认本周",
        "the Friday report (DOCX and XLSX) of the week of this date (default: this week)",
    ),
}
