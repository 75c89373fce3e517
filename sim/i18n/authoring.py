"""The authoring commands' words (new, draw, calibrate, validate --watch), in zh and en."""

from __future__ import annotations

TABLE: dict[str, tuple[str, str]] = {
    "opt_reference": (
        "改为输出由模型生成的字段参考（Markdown，docs/reference.md）",
        "the field reference generated from the models instead (Markdown, docs/reference.md)",
    ),
    "reference_stale": (
        "{path} 已过期；运行 drillsim schema --reference -o {path} --force 更新",
        "{path} is stale; run drillsim schema --reference -o {path} --force",
    ),
    "cmd_draw": ("把场地画成图片（SVG 或 PNG）", "draw the site map as a picture (SVG or PNG)"),
    "opt_draw_output": ("输出文件：.svg 或 .png", "output file: .svg or .png"),
    "opt_draw_at": (
        "显示第 T 秒时的危害范围（配合 --playbook）",
        "show the hazard footprint at sim time T, s (with --playbook)",
    ),
    "opt_draw_playbook": (
        "计算危害范围时采用的剧本（名称或文件；默认不采取任何行动）",
        "playbook followed up to --at (name or file; default: nobody acts)",
    ),
    "opt_force": ("覆盖已有文件", "replace an existing file"),
    "opt_seed_one": ("随机种子", "random seed"),
    "draw_format": (
        "无法识别的图片格式“{suffix}”；请用 .svg 或 .png",
        "unknown picture format '{suffix}'; use .svg or .png",
    ),
    "wrote": ("已写入 {path}", "wrote {path}"),
    "cmd_calibrate": (
        "多种子运行理想、迟缓、消极三个剧本，检查得分是否落在合理区间，并给出敏感性表",
        "run the ideal, late and passive playbooks over many seeds, check the score bands "
        "and show what moves the score",
    ),
    "opt_seeds": ("种子数量（从1开始）", "number of seeds (from 1)"),
    "opt_sensitivity_seeds": (
        "敏感性分析使用的种子数量",
        "seeds used for the delay sensitivity table",
    ),
    "cal_header": (
        "{scenario}：{runs}个种子上的校准",
        "{scenario}: calibration over {runs} seeds",
    ),
    "cal_band": (
        "  {playbook:<8} 最低 {min:6.1f}  平均 {mean:6.1f}  最高 {max:6.1f}   区间 {band}  {verdict}",
        "  {playbook:<8} min {min:6.1f}  mean {mean:6.1f}  max {max:6.1f}   band {band}  {verdict}",
    ),
    "cal_ok": ("合格", "ok"),
    "cal_bad": ("不合格", "OUT OF BAND"),
    "cal_missing": (
        "  缺少剧本：{names}（放在 playbooks/{scenario}/ 下）",
        "  missing playbooks: {names} (put them in playbooks/{scenario}/)",
    ),
    "cal_expectations": (
        "期望（分值，以及各剧本的平均得分率）：",
        "Expectations (points, and mean credit under each playbook):",
    ),
    "cal_harmful": ("有害", "harmful"),
    "cal_delays": (
        "理想剧本中每个动作推迟或省略时总分的变化（前{n}个种子的平均）：",
        "Change of the ideal total when one action comes later or not at all "
        "(mean of the first {n} seeds):",
    ),
    "cal_delay_head": (
        "  {step:<28}{at:>8}{d60:>10}{d300:>10}{omit:>10}",
        "  {step:<28}{at:>8}{d60:>10}{d300:>10}{omit:>10}",
    ),
    "cal_refused_note": (
        "  * 推迟后某些运行中有步骤被拒绝（岗位正忙或前置动作未完成），被拒绝的步骤按省略计",
        "  * with this delay a step was refused in some runs (a role busy, or what it requires "
        "not yet done): the refused step counts as left out",
    ),
    "cal_col_at": ("时刻", "at"),
    "cal_col_d60": ("推迟60秒", "+60 s"),
    "cal_col_d300": ("推迟300秒", "+300 s"),
    "cal_col_omit": ("省略", "omitted"),
    "cal_verdict_ok": ("得分分布合理", "the spread of scores is sane"),
    "cal_verdict_bad": (
        "得分分布不合理：调整期望的时限、权重或危害参数",
        "the spread of scores is not sane: adjust the expectations' deadlines, weights or "
        "the hazard",
    ),
    "opt_watch": (
        "监视文件，每次保存后重新检查、重画图片并显示得分",
        "watch the file: check it again on every save, redraw, and show the scores",
    ),
    "opt_watch_draw": (
        "--watch 时每次重画的图片文件（.svg 或 .png，每次覆盖）",
        "with --watch: the picture to redraw on every save (.svg or .png, replaced each time)",
    ),
    "watch_one_file": ("--watch 只能监视一个文件", "--watch watches exactly one file"),
    "watch_header": ("── {time}  {file} ──", "── {time}  {file} ──"),
    "watch_valid": ("有效", "valid"),
    "watch_waiting": (
        "正在监视 {file}，保存后重新检查（Ctrl+C 退出）",
        "watching {file}; save it to check again (Ctrl+C to stop)",
    ),
    "watch_scores": ("得分（种子1）：{scores}", "scores (seed 1): {scores}"),
    "watch_no_playbooks": (
        "没有剧本（playbooks/{scenario}/ideal.yaml 等），不计算得分",
        "no playbooks (playbooks/{scenario}/ideal.yaml ...), no scores",
    ),
    "watch_hazard": (
        "危害到达有人地点的时间（{playbook}）：",
        "When the hazard reaches each occupied place ({playbook}):",
    ),
    "watch_nobody_acts": ("无人处置", "nobody acts"),
    "watch_arrival": (
        "  {node:<28}{people:>5}人  首次{first}  不可耐受{untenable}",
        "  {node:<28}{people:>5} people  first {first}  untenable {untenable}",
    ),
    "watch_never": ("—", "—"),
    "watch_drawn": ("已重画 {path}", "redrew {path}"),
    "watch_playbook_error": ("剧本 {name}：{error}", "playbook {name}: {error}"),
    "cmd_new": (
        "用模板新建场景（连同理想、迟缓、消极三个剧本）",
        "make a new scenario from a template (with its ideal, late and passive playbooks)",
    ),
    "arg_template": ("模板名称（drillsim new --list 列出）", "template name (drillsim new --list)"),
    "opt_new_list": ("列出模板", "list the templates"),
    "opt_new_output": ("新场景文件（.yaml）", "the new scenario file (.yaml)"),
    "opt_yes": ("不提问，全部采用默认值", "ask nothing: take the defaults"),
    "opt_new_id": ("场景 id（默认：文件名）", "scenario id (default: the file name)"),
    "opt_new_title_zh": ("中文标题", "title in Chinese"),
    "opt_new_title_en": ("英文标题", "title in English"),
    "opt_new_unit_zh": ("单位名称（中文）", "the unit's name in Chinese"),
    "opt_new_unit_en": ("单位名称（英文）", "the unit's name in English"),
    "opt_new_start": ("事故发生时刻 HH:MM", "wall-clock time of the incident, HH:MM"),
    "new_list_head": ("可用模板：", "Templates:"),
    "new_bundled": ("内置场景", "bundled scenario"),
    "new_no_template": (
        "没有模板“{name}”；可用：{names}",
        "no template '{name}'; there are: {names}",
    ),
    "new_need_output": ("请用 -o 指定新场景文件", "give the new scenario file with -o"),
    "new_output_yaml": ("新场景文件应以 .yaml 结尾", "the new scenario file must end in .yaml"),
    "new_q_id": ("场景 id（字母、数字、_-.）", "scenario id (letters, digits, _ - .)"),
    "new_q_unit_zh": ("单位名称（中文）", "the unit, in Chinese"),
    "new_q_unit_en": ("单位名称（英文）", "the unit, in English"),
    "new_q_start": ("事故发生时刻（HH:MM）", "time of the incident (HH:MM)"),
    "new_prompt": ("{question} [{default}]：", "{question} [{default}]: "),
    "new_bad_id": (
        "“{value}”不是有效 id：用字母、数字、_、-、.，最多64个字符",
        "'{value}' is not a valid id: letters, digits, _, - and ., at most 64 characters",
    ),
    "new_bad_clock": ("“{value}”不是 HH:MM 时刻", "'{value}' is not a time HH:MM"),
    "new_wrote": (
        "已写入 {path} 及剧本 {playbooks}；下一步：",
        "wrote {path} and the playbooks {playbooks}; next:",
    ),
    "new_next": (
        "  drillsim validate --watch {path} --draw {picture}   # 边改边看\n"
        "  drillsim calibrate {path}                          # 检查三个剧本的得分区间\n"
        "  drillsim play {path}                               # 开始演练",
        "  drillsim validate --watch {path} --draw {picture}   # see what each edit does\n"
        "  drillsim calibrate {path}                          # check the playbooks' score bands\n"
        "  drillsim play {path}                               # run the drill",
    ),
    "new_invalid": (
        "生成的场景有问题（请报告此错误）：",
        "the new scenario has problems (please report this):",
    ),
}
