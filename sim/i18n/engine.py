"""What the engine says while a drill runs: refusals, playbook problems, scoring
deductions and the site map's legend, in zh and en."""

from __future__ import annotations

TABLE: dict[str, tuple[str, str]] = {
    # --- phrases built from scenario text (sim.i18n.phrase) ----------------------------
    "label": ("{text}", "{text}"),
    # --- the engine refusing an action (sim.actions, sim.drill) -------------------------
    "refuse_unknown_action": ("没有动作“{id}”", "there is no action '{id}'"),
    "refuse_unknown_role": ("没有角色“{role}”", "there is no role '{role}'"),
    "refuse_unknown_inject": ("没有注入信息“{id}”", "there is no inject '{id}'"),
    "refuse_inject_sent": ("注入信息“{id}”已经发出", "inject '{id}' has already been sent"),
    "refuse_finished": ("演练已经结束", "the drill has ended"),
    "refuse_not_your_role": (
        "“{action}”只能由{roles}执行",
        "'{action}' can only be taken by: {roles}",
    ),
    "refuse_busy": (
        "{role}正在执行“{current}”，{until}才能空出来",
        "{role} is busy with '{current}' until {until}",
    ),
    "refuse_done_already": ("“{action}”已经做过了", "'{action}' has already been done"),
    "refuse_requires": (
        "要先完成“{required}”",
        "'{required}' must be completed first",
    ),
    "refuse_in_progress": (
        "“{required}”还在进行中，{until}完成",
        "'{required}' is still in progress until {until}",
    ),
    "refuse_missing_param": ("缺少参数“{param}”", "parameter '{param}' is missing"),
    "refuse_unknown_param": (
        "“{action}”没有参数“{param}”",
        "'{action}' has no parameter '{param}'",
    ),
    "refuse_fixed_param": (
        "参数“{param}”由场景规定，不能更改",
        "parameter '{param}' is set by the scenario and cannot be changed",
    ),
    "refuse_bad_number": ("“{param}”需要数字", "'{param}' needs a number"),
    "refuse_below_min": ("“{param}”至少为{limit}", "'{param}' must be at least {limit}"),
    "refuse_above_max": ("“{param}”最多为{limit}", "'{param}' must be at most {limit}"),
    "refuse_bad_choice": (
        "“{value}”不是“{param}”的可选项",
        "'{value}' is not a choice for '{param}'",
    ),
    "refuse_bad_node": ("没有地点“{value}”", "there is no place '{value}'"),
    "refuse_bad_node_kind": (
        "“{value}”不能作为“{param}”",
        "'{value}' cannot be used as '{param}'",
    ),
    "refuse_bad_bool": ("“{param}”需要是或否", "'{param}' needs yes or no"),
    "refuse_unknown_responder": ("没有救援力量“{id}”", "there is no responder '{id}'"),
    "refuse_already_called": ("{name}已经呼叫过了", "{name} has already been called"),
    "refuse_not_called": (
        "还没有呼叫{name}，无法引导",
        "{name} has not been called, so there is nobody to guide",
    ),
    "refuse_already_arrived": ("{name}已经到达", "{name} has already arrived"),
    "refuse_not_safe_place": (
        "“{value}”不是出口或集合点",
        "'{value}' is not an exit or assembly point",
    ),
    "refuse_has_ppe": ("{role}已经穿戴了防护装备", "{role} is already wearing PPE"),
    "refuse_no_casualties": ("“{node}”没有需要救助的人员", "there is nobody to help at '{node}'"),
    "refuse_role_down": ("{role}已受伤，无法行动", "{role} is hurt and cannot act"),
    "refuse_role_overcome": (
        "{role}吸入有毒有害气体后已失去行动能力，需要救援；请派其他人执行",
        "{role} has been overcome by the exposure and needs rescue: send someone else",
    ),
    # --- playbooks (sim.playbook) -------------------------------------------------------
    "pb_not_list": (
        "剧本必须是步骤列表（- at: ...）",
        "a playbook is a list of steps (- at: ...)",
    ),
    "pb_step_not_mapping": ("每一步必须是“键: 值”映射", "each step must be a mapping"),
    "pb_bad_at": ("at 必须是不小于0的秒数", "'at' must be a number of seconds, 0 or more"),
    "pb_after_end": (
        "at（{at}）在演练结束（{end}秒）之后",
        "'at' ({at}) is after the end of the drill ({end} s)",
    ),
    "pb_needs_what": (
        "每一步需要 action（加 by）、inject 或 facilitator 之一",
        "each step needs one of: action (with by), inject, facilitator",
    ),
    "pb_unknown_action": ("场景中没有动作“{id}”", "the scenario has no action '{id}'"),
    "pb_unknown_role": ("场景中没有角色“{id}”", "the scenario has no role '{id}'"),
    "pb_unknown_inject": ("场景中没有注入信息“{id}”", "the scenario has no inject '{id}'"),
    "pb_needs_by": ("动作步骤需要 by（执行角色）", "an action step needs 'by' (a role)"),
    "pb_out_of_order": (
        "步骤的时间不能早于上一步（{prev}秒）",
        "steps must not go back in time (previous step at {prev} s)",
    ),
    # --- scoring (sim.scoring) ----------------------------------------------------------
    "ded_missed": (
        "未完成“{title}”（应在{limit}秒内），扣{points}分。依据：{rule}",
        "'{title}' was not done (due within {limit} s): −{points}. Rule: {rule}",
    ),
    "ded_late": (
        "“{title}”用时{elapsed}秒，目标{target}秒、上限{limit}秒，扣{points}分。依据：{rule}",
        "'{title}' took {elapsed} s against a target of {target} s and a limit of {limit} s: "
        "−{points}. Rule: {rule}",
    ),
    "ded_check": (
        "“{title}”的参数“{param}”不符合要求（{detail}），扣{points}分。{explain}依据：{rule}",
        "'{title}': parameter '{param}' falls short ({detail}): −{points}. {explain}Rule: {rule}",
    ),
    "ded_report": (
        "“{title}”缺少报告要素：{missing}，扣{points}分。依据：{rule}",
        "'{title}' left out report elements: {missing}: −{points}. Rule: {rule}",
    ),
    "ded_harmful": (
        "有害行为“{title}”，扣{points}分。依据：{rule}",
        "harmful action '{title}': −{points}. Rule: {rule}",
    ),
    "ded_not_safe": (
        "演练结束时仍有{count}人未到达安全地点，扣{points}分。依据：{rule}",
        "{count} still not in a safe place at the end: −{points}. Rule: {rule}",
    ),
    "ded_casualties": (
        "模拟中新增{count}名死亡人员，扣{points}分。依据：{rule}",
        "{count} died during the drill: −{points}. Rule: {rule}",
    ),
    "ded_injured": (
        "模拟中新增{count}名受伤人员，扣{points}分。依据：{rule}",
        "{count} injured during the drill: −{points}. Rule: {rule}",
    ),
    "ded_exposed": (
        "{count}人暴露在“{threshold}”以上，扣{points}分。依据：{rule}",
        "{count} exposed above {threshold}: −{points}. Rule: {rule}",
    ),
    "ded_escalation": (
        "事故扩大：{what}，扣{points}分。依据：{rule}",
        "the accident escalated ({what}): −{points}. Rule: {rule}",
    ),
    "ded_aset": (
        "疏散时间（RSET {rset}秒）超过可用安全疏散时间（ASET {aset}秒），扣{points}分。依据：{rule}",
        "evacuation (RSET {rset} s) took longer than the available safe egress time "
        "(ASET {aset} s): −{points}. Rule: {rule}",
    ),
    "ck_missed": ("未完成“{title}”", "'{title}' was not done"),
    "ck_late": (
        "“{title}”用时{elapsed}秒，超过目标{target}秒",
        "'{title}' took {elapsed} s, past its target of {target} s",
    ),
    "ck_incomplete": ("“{title}”不完整：{detail}", "'{title}' was incomplete: {detail}"),
    "ck_late_incomplete": (
        "“{title}”用时{elapsed}秒，超过目标{target}秒，且不完整：{detail}",
        "'{title}' took {elapsed} s, past its target of {target} s, and was incomplete: {detail}",
    ),
    "ck_param": ("参数“{param}”{detail}", "'{param}' {detail}"),
    "ck_lacks_elements": ("缺少报告要素：{missing}", "it lacked report elements: {missing}"),
    "ck_committed": ("发生有害行为“{title}”", "harmful act committed: '{title}'"),
    "ck_not_safe": (
        "演练结束时仍有{count}人未到达安全地点",
        "{count} people were not in a safe place at the end",
    ),
    "ck_casualties": ("{count}人死亡", "{count} people died"),
    "ck_injured": ("{count}人受伤", "{count} injured"),
    "ck_escalation": ("事故扩大：{what}", "the accident escalated: {what}"),
    "ck_aset": (
        "疏散时间（RSET {rset}秒）超过可用安全疏散时间（ASET {aset}秒）",
        "evacuation (RSET {rset} s) outlasted the available safe egress time (ASET {aset} s)",
    ),
    "check_no_value": ("未填写", "none given"),
    "check_min": ("应不小于{limit}，实际为{value}", "needs at least {limit}, was {value}"),
    "check_max": ("应不大于{limit}，实际为{value}", "needs at most {limit}, was {value}"),
    "check_equals": ("应为{limit}，实际为{value}", "needs {limit}, was {value}"),
    "check_one_of": ("应为{limit}之一，实际为{value}", "needs one of {limit}, was {value}"),
    "check_includes": ("缺少{limit}", "lacks {limit}"),
    "rule_none": ("场景要求", "scenario requirement"),
    "rule_outcome": (
        "《生产安全事故应急条例》第十七条（控制危险源、抢救遇险人员、防止事故扩大）",
        "Decree 708, Art. 17 (control the hazard, rescue people, prevent escalation)",
    ),
    "rule_aset": ("GB/T 31593.9-2015（ASET > RSET）", "GB/T 31593.9-2015 (ASET > RSET)"),
    "element_unit": ("事故单位", "the unit"),
    "element_time_place": ("时间、地点、现场情况", "time, place and scene"),
    "element_account": ("事故简要经过", "what happened"),
    "element_casualties": ("伤亡人数（含下落不明）", "casualties (incl. missing)"),
    "element_measures": ("已采取的措施", "measures taken"),
    "element_other": ("其他情况", "other"),
    # --- the site map (sim.sitemap) -----------------------------------------------------
    "map_floor": ("{storey}层", "Floor {floor}"),
    "map_basement": ("地下{storey}层", "Basement (floor {floor})"),
    "map_ground": ("首层", "Ground floor (0)"),
    "map_wind": ("风{speed}米/秒，来自{deg}°", "wind {speed} m/s from {deg}°"),
    "map_source": ("危险源", "hazard source"),
    "map_exit": ("出口", "exit"),
    "map_assembly": ("集合点", "assembly"),
    "map_room": ("房间", "room"),
    "map_stair": ("楼梯", "stair"),
    "map_lift": ("电梯", "lift"),
    "map_road": ("道路", "road"),
    "map_untenable": ("不可耐受（红框）", "untenable (red outline)"),
    "map_at": (
        "{time}时（第{t}秒），剧本“{playbook}”",
        "at {time} ({t} s), playbook '{playbook}'",
    ),
    "map_scale": ("{m}米", "{m} m"),
    "map_roads": ("道路与外部", "Roads and approaches"),
}
