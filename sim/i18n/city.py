"""Every sentence of the city commands (``push``, ``server``) and the campaign dashboard, in
zh and en.

The dashboard's and the statistics table's column headings that the records already name
(unit, team, date, scenario, participants, score, grade) are the records' keys.
"""

from __future__ import annotations

TABLE: dict[str, tuple[str, str]] = {
    # --- command help -------------------------------------------------------------------------
    "cmd_push": (
        "把本机已完成的演练发送到市级服务器（可重复执行，不会重复或丢失）",
        "send this machine's finished drills to the city server (safe to repeat: nothing is "
        "duplicated or lost)",
    ),
    "arg_push_url": (
        "市级服务器地址，如 https://drill.example.gov.cn",
        "the city server's address",
    ),
    "opt_token": (
        "本单位的上报令牌（由市级服务器签发；也可用环境变量 DRILLSIM_PUSH_TOKEN 给出）",
        "this unit's push token (issued by the city; or set DRILLSIM_PUSH_TOKEN)",
    ),
    "opt_cacert": (
        "信任的服务器证书或签发机构证书（PEM 文件），用于 HTTPS",
        "the server certificate or authority to trust (PEM file), for HTTPS",
    ),
    "opt_database": (
        "历史数据库地址（SQLAlchemy URL；默认为环境变量 DRILLSIM_DATABASE_URL 或本机 SQLite 文件）",
        "the history database (an SQLAlchemy URL; default: DRILLSIM_DATABASE_URL or the local "
        "SQLite file)",
    ),
    "opt_pending": ("只列出尚未发送的演练，不发送", "only list the drills not sent yet"),
    "cmd_server": (
        "运行市级演练服务：接收各单位上报、演练进度看板、统计表下载",
        "run the city's drill service: pushes from units, the campaign dashboard, the "
        "statistics table",
    ),
    "opt_listen": (
        "监听地址与端口，默认 127.0.0.1:8470",
        "address and port to listen on (default 127.0.0.1:8470)",
    ),
    "opt_certfile": ("HTTPS 证书（PEM）", "HTTPS certificate (PEM)"),
    "opt_keyfile": ("HTTPS 私钥（PEM）", "HTTPS private key (PEM)"),
    "opt_secret_file": (
        "保存看板登录签名密钥的文件（不存在时自动生成）",
        "file holding the key that signs dashboard logins (made when missing)",
    ),
    "cmd_server_token": ("管理各单位的上报令牌", "manage the units' push tokens"),
    "cmd_token_add": (
        "为单位签发上报令牌（令牌只显示这一次）",
        "issue a push token for a unit (shown only this once)",
    ),
    "cmd_token_revoke": ("作废单位的全部上报令牌", "revoke every push token of a unit"),
    "arg_unit": ("单位名称（与单位名单一致）", "the unit's name (as in the list of units)"),
    "cmd_server_units": ("单位名单：导入与查看", "the list of units: import and show"),
    "cmd_units_import": (
        "从表格（XLSX 或 CSV）导入单位、辖区与行业",
        "import units, jurisdictions and industries from a spreadsheet (XLSX or CSV)",
    ),
    "arg_units_file": ("单位名单表格", "the spreadsheet of units"),
    "cmd_units_list": ("列出单位名单", "list the units"),
    "cmd_server_viewer": ("管理看板只读账号", "manage the dashboard's read-only logins"),
    "cmd_viewer_add": (
        "添加看板只读账号（或重设密码；密码只显示这一次）",
        "add a read-only dashboard login (or reset its password; shown only this once)",
    ),
    "arg_viewer": ("账号名", "login name"),
    # --- command output -----------------------------------------------------------------------
    "token_made": (
        "已为“{unit}”签发上报令牌。请妥善交给该单位，令牌不会再次显示：",
        "push token issued for '{unit}'. Give it to the unit; it is not shown again:",
    ),
    "tokens_revoked": ("已作废“{unit}”的{n}个令牌", "revoked {n} token(s) of '{unit}'"),
    "viewer_made": (
        "已添加看板账号“{name}”。密码不会再次显示：",
        "dashboard login '{name}' added. The password is not shown again:",
    ),
    "units_imported": (
        "已导入{added}个新单位，更新{updated}个（共{total}个）",
        "imported {added} new unit(s), updated {updated} ({total} in all)",
    ),
    "server_listening": (
        "市级演练服务已启动：{url}（数据库 {db}）；按 Ctrl+C 停止",
        "city drill service at {url} (database {db}); Ctrl+C stops it",
    ),
    "push_sent": ("已发送 {session}", "sent {session}"),
    "push_unchanged": (
        "{session} 服务器上已有，未变化",
        "{session} already on the server, unchanged",
    ),
    "push_summary": (
        "发送{sent}个，服务器已有{unchanged}个，被拒绝{refused}个，待发送{queued}个",
        "sent {sent}, already there {unchanged}, refused {refused}, still queued {queued}",
    ),
    "push_no_token": (
        "缺少上报令牌：请用 --token 给出，或设置环境变量 DRILLSIM_PUSH_TOKEN",
        "no push token: give --token, or set DRILLSIM_PUSH_TOKEN",
    ),
    "push_nothing": ("没有需要发送的演练", "nothing to send"),
    "push_pending": ("待发送{n}个演练：", "{n} drill(s) to send:"),
    "push_refused": (
        "服务器拒绝了演练 {session}：{why}",
        "the server refused drill {session}: {why}",
    ),
    "push_stopped_unreachable": (
        "无法连接服务器 {server}（{detail}）；演练已保留在本机，联网后再次执行 drillsim push 即可",
        "cannot reach {server} ({detail}); the drills stay queued here: run drillsim push again "
        "when the network is back",
    ),
    "push_stopped_bad_token": (
        "服务器不认可此令牌（{server}）；请向市级管理员确认本单位的令牌",
        "{server} does not accept this token; ask the city for this unit's token",
    ),
    "push_stopped_server_error": (
        "服务器 {server} 出错（{detail}）；演练已保留在本机，稍后再试",
        "{server} failed ({detail}); the drills stay queued here, try again later",
    ),
    "push_bad_url": (
        "“{url}”不是 http:// 或 https:// 地址",
        "'{url}' is not an http:// or https:// address",
    ),
    "push_bad_cacert": ("无法读取证书 {detail}", "cannot read the certificate {detail}"),
    "why_other_unit": (
        "该编号的演练已由其他单位上报",
        "a drill with this id was sent by another unit",
    ),
    "why_too_large": ("数据超过服务器上限", "larger than the server takes"),
    "why_malformed": ("数据格式不正确：{detail}", "not a valid drill: {detail}"),
    "err_unknown_unit": (
        "单位名单中没有“{unit}”；请先导入单位名单（drillsim server units import 文件）",
        "no unit '{unit}' in the city's list; import the list first (drillsim server units "
        "import FILE)",
    ),
    "err_units_unreadable": (
        "无法读取单位名单 {path}：{why}",
        "cannot read the list of units {path}: {why}",
    ),
    "err_units_format": (
        "{path}：单位名单须为 .xlsx 或 .csv 文件",
        "{path}: the list of units must be an .xlsx or .csv file",
    ),
    "err_units_no_header": (
        "{path}：第一行须含“单位名称”“辖区类别”“所属辖区”列",
        "{path}: the first row must name the columns 单位名称/name, 辖区类别/kind and "
        "所属辖区/jurisdiction",
    ),
    "err_units_bad_kind": (
        "{path} 第{row}行：辖区类别“{value}”应为 产业集聚区、镇街 或 行业部门",
        "{path} row {row}: kind '{value}' must be 产业集聚区 (zone), 镇街 (town) or 行业部门 "
        "(department)",
    ),
    "err_secret_file": (
        "无法读取或创建密钥文件 {path}（{why}）",
        "cannot read or make the key file {path} ({why})",
    ),
    "err_bad_listen": ("“{value}”不是 地址:端口", "'{value}' is not ADDRESS:PORT"),
    "err_server_deps": (
        "运行市级服务需要额外组件：pip install 'drillsim[city]'（缺少 {module}）",
        "the city server needs its extra: pip install 'drillsim[city]' ({module} is missing)",
    ),
    # --- the dashboard ------------------------------------------------------------------------
    "dash_title": ("应急演练专题行动看板", "Emergency drill campaign dashboard"),
    "dash_login": ("登录", "Sign in"),
    "dash_login_note": (
        "只读账号：可查看全市演练情况与下载统计表，不能修改任何数据。",
        "Read-only login: see the city's drills and download the statistics table; nothing "
        "can be changed here.",
    ),
    "dash_name": ("账号", "Login"),
    "dash_password": ("密码", "Password"),
    "dash_bad_login": ("账号或密码不正确", "wrong login or password"),
    "dash_logout": ("退出", "Sign out"),
    "dash_today": ("统计日期：{today}", "As of {today}"),
    "dash_week": ("本周（{since} 至 {until}）", "This week ({since} to {until})"),
    "dash_month": ("本月（{since} 至 {until}）", "This month ({since} to {until})"),
    "dash_units": ("单位总数", "Units"),
    "dash_drilled": ("已开展演练单位", "Units that drilled"),
    "dash_drills_week": ("本周演练", "Drills this week"),
    "dash_drills_month": ("本月演练", "Drills this month"),
    "dash_drills_total": ("演练总数", "Drills in all"),
    "dash_by_jurisdiction": ("按辖区统计", "By jurisdiction"),
    "dash_over_time": ("得分与等级变化（按月）", "Scores and grades over time (by month)"),
    "dash_month_col": ("月份", "Month"),
    "dash_not_drilled": ("尚未开展演练的单位（{n}个）", "Units that have not drilled yet ({n})"),
    "dash_all_drilled": ("所有单位均已开展演练。", "Every unit has drilled."),
    "dash_more": ("……另有{n}个", "… and {n} more"),
    "dash_recent": ("最近上报的演练", "Latest drills"),
    "dash_download": ("下载统计表（按辖区）", "Download the statistics table (by jurisdiction)"),
    "dash_period_week": ("本周", "this week"),
    "dash_period_month": ("本月", "this month"),
    "dash_report": ("报告", "report"),
    "dash_journal": ("日志", "journal"),
    "dash_industry": ("行业", "Industry"),
    "dash_no_drills_yet": ("尚无演练上报。", "No drills have been sent yet."),
    "dash_unlisted": (
        "以下单位上报了演练但不在单位名单中：{units}",
        "These units sent drills but are not in the list of units: {units}",
    ),
    "dash_chart_label": (
        "每月演练数（柱）与平均得分（线）",
        "Drills per month (bars) and mean score (line)",
    ),
    "dash_not_found": ("没有这个演练", "no such drill"),
    "city_col_kind": ("辖区类别", "Kind"),
    "col_jurisdiction": ("辖区", "Jurisdiction"),
    "col_units": ("单位数", "Units"),
    "col_drilled": ("已演练单位", "Units drilled"),
    "col_not_drilled": ("未演练单位", "Not drilled"),
    "col_drills": ("演练次数", "Drills"),
    "col_mean": ("平均得分", "Mean score"),
    "city_kind_zone": ("产业集聚区", "Development zone"),
    "city_kind_town": ("镇街", "Town / street"),
    "city_kind_department": ("行业部门", "Industry department"),
    "city_unlisted": ("（不在名单中的单位）", "(units not in the list)"),
    "city_table_title": ("应急演练统计表（按辖区）", "Emergency drill statistics by jurisdiction"),
    "city_sheet_summary": ("按辖区汇总", "Summary by jurisdiction"),
    "city_period_all": ("统计范围：全部", "Period: all"),
    "city_period_range": ("统计范围：{since} 至 {until}", "Period: {since} to {until}"),
    "city_made_at": ("制表时间：{when}", "Made {when}"),
    "city_no_drills": ("本期无演练。", "No drills in the period."),
}
