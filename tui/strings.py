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
        "示例：drillsim validate my-drill.yaml；drillsim list --json；"
        "drillsim simulate hotel-evacuation --playbook ideal --json",
        "Examples: drillsim validate my-drill.yaml; drillsim list --json; "
        "drillsim simulate hotel-evacuation --playbook ideal --json",
    ),
    "opt_lang": (
        "界面语言：zh 或 en（默认随系统区域设置）",
        "language: zh or en (default: from the locale)",
    ),
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
    "progress": ("运行中", "running"),
    "stats_header": ("{scenario}：{runs} 次运行", "{scenario}: {runs} runs"),
    "result_total": ("总分 {total:.1f}（{grade}）", "total {total:.1f} ({grade})"),
    "result_deductions": ("扣分：", "deductions:"),
    "result_outcome": (
        "结果：{safe}/{total} 人到达安全地点，疏散用时 {rset} 秒，死亡或重伤 {casualties} 人，受伤 {injured} 人",
        "outcome: {safe}/{total} people safe, evacuation time {rset} s, "
        "{casualties} casualties, {injured} injured",
    ),
    "cat_reporting": ("信息报告", "reporting"),
    "cat_evacuation": ("疏散撤离", "evacuation"),
    "cat_early_response": ("先期处置", "early response"),
    "cat_outcome": ("处置结果", "outcome"),
}

CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "hazmat_vehicle_leak": ("危险化学品运输车辆泄漏", "hazardous-chemical vehicle leak"),
    "scaffold_crane_collapse": ("脚手架和起重机械坍塌", "scaffold and crane collapse"),
    "oil_gas_pipeline_leak": ("油气管线泄漏", "oil and gas pipeline leak"),
    "hotel_scenic_spot": ("宾馆景点", "hotel and scenic spot"),
    "special_equipment": ("特种设备", "special equipment"),
    "water_traffic": ("水上交通", "water traffic"),
    "fire": ("火灾", "fire"),
    "evacuation": ("疏散", "evacuation"),
    "other": ("其他", "other"),
}


def s(key: str, lang: Lang, /, **kwargs: Any) -> str:
    """The string ``key`` in ``lang``, formatted with ``kwargs``."""
    zh, en = STRINGS[key]
    text = zh if lang == "zh" else en
    return text.format(**kwargs) if kwargs else text


def category_label(category: str, lang: Lang) -> str:
    """The drill type's name in ``lang``."""
    zh, en = CATEGORY_LABELS.get(category, (category, category))
    return zh if lang == "zh" else en
