"""What drillsim says about reading and checking scenario files, and about the files and
command-line values it reads and writes, in zh and en."""

from __future__ import annotations

TABLE: dict[str, tuple[str, str]] = {
    # --- reading the file ---------------------------------------------------------------
    "file_missing": ("找不到文件", "file not found"),
    "not_a_file": ("这是一个目录，不是场景文件", "this is a folder, not a scenario file"),
    "file_unreadable": ("无法读取文件：{detail}", "cannot read the file: {detail}"),
    "file_too_large": (
        "文件过大（{size}字节），场景文件最大{limit}字节",
        "file is too large ({size} bytes); a scenario may be at most {limit} bytes",
    ),
    "not_utf8": (
        "文本不是 UTF-8 编码（此处的字节 {byte} 无效，文件可能是 GBK 或 Latin-1 编码）；"
        "请在编辑器中另存为 UTF-8",
        "the text is not UTF-8 (byte {byte} here is invalid; the file may be saved as GBK "
        "or Latin-1); save it as UTF-8",
    ),
    "utf16": (
        "文件是 UTF-16 编码；请在编辑器中另存为 UTF-8",
        "the file is saved as UTF-16; save it as UTF-8",
    ),
    "bad_character": (
        "文件包含 YAML 不允许的控制字符 {char}；请删除它",
        "the file contains a control character YAML does not allow ({char}); delete it",
    ),
    "empty_file": ("文件是空的", "the file is empty"),
    "not_a_mapping": (
        "场景文件的顶层必须是“键: 值”映射",
        "the top level of a scenario must be a mapping of 'key: value' pairs",
    ),
    "multiple_documents": (
        "文件包含多个 YAML 文档（---）；一个场景文件只能有一个",
        "the file holds more than one YAML document (---); a scenario file holds one",
    ),
    # --- YAML syntax --------------------------------------------------------------------
    "yaml_syntax": ("YAML 语法错误：{detail}", "YAML syntax error: {detail}"),
    "yaml_tab": (
        "YAML 不允许用 Tab 缩进；请改用空格",
        "YAML does not allow tabs for indentation; use spaces",
    ),
    "yaml_mapping_values": (
        "这里不能出现“键: 值”；检查上一行的缩进，或给含冒号的文本加引号",
        "a 'key: value' is not allowed here; check the indentation of the line above, "
        "or quote text that contains a colon",
    ),
    "yaml_expected_colon": (
        "缺少冒号“:”；每个键后面要有“: ”",
        "expected ':' after a key",
    ),
    "yaml_fullwidth_colon": (
        "这里的“：”是全角（中文）冒号；键后面要用半角冒号“:”再加一个空格",
        "this '：' is the full-width (Chinese) colon; a key needs the ASCII colon ':' and a "
        "space after it",
    ),
    "yaml_indent": (
        "缩进与上面的行对不齐（这里出现了 {found}）",
        "the indentation does not fit the lines above (found {found} here)",
    ),
    "yaml_indent_key": (
        "这个键与上面同级的键没有对齐；检查行首的空格",
        "this key does not line up with the keys above it; check the spaces at the start of "
        "the line",
    ),
    "yaml_indent_item": (
        "这个列表项“-”与上面的内容没有对齐；检查行首的空格",
        "this list item '-' does not line up with the lines above; check the spaces at the "
        "start of the line",
    ),
    "yaml_indent_value": (
        "这里多出一个值：检查缩进，或上面是否有没闭合的引号或括号",
        "unexpected value here: check the indentation, and whether a quote or bracket above "
        "is left open",
    ),
    "yaml_unclosed_quote": (
        "这个引号没有闭合",
        "this quoted text has no closing quote",
    ),
    "yaml_unclosed_flow": (
        "这里的“{open}”没有对应的“{close}”",
        "this '{open}' has no matching '{close}'",
    ),
    "yaml_duplicate_anchor": (
        "锚点 &{name} 重复定义（第一次在第{line}行）；请给这一个换个名字",
        "anchor &{name} is defined twice (first at line {line}); give this one another name",
    ),
    "yaml_bad_anchor": (
        "“{char}”后面必须紧跟锚点或别名的名称；以“{char}”开头的文本请加引号",
        "'{char}' must be followed by an anchor or alias name; quote text that starts "
        "with '{char}'",
    ),
    "yaml_item_not_allowed": (
        "这里不能出现列表项“-”；检查本行和上一行的缩进，或给以“-”开头的文本加引号",
        "a list item '-' is not allowed here; check the indentation of this line and the "
        "line above, or quote text that starts with '-'",
    ),
    "yaml_after_document": (
        "顶层内容已经结束，这里又出现了内容；场景文件的顶层只能是一个“键: 值”映射",
        "more content after the top level has ended; the top level of a scenario is one "
        "mapping of 'key: value' pairs",
    ),
    "yaml_stray_closer": (
        "多余的“{char}”：前面没有与之对应的开括号",
        "a stray '{char}': no bracket before it is open",
    ),
    "yaml_stray_colon": (
        "这个“:”前面缺少键名",
        "this ':' has no key before it",
    ),
    "yaml_reserved_char": (
        "值不能以“{char}”开头；请给整段文本加引号",
        "a value cannot start with '{char}'; put the text in quotes",
    ),
    "yaml_undefined_alias": (
        "别名 *{name} 没有对应的锚点 &{name}",
        "alias *{name} has no anchor &{name}",
    ),
    "yaml_too_deep": (
        "嵌套层数过深",
        "the file is nested too deeply",
    ),
    "tag_refused": (
        "不允许使用 YAML 标签 {tag}：场景文件只能包含纯数据",
        "YAML tag {tag} is not allowed: a scenario holds plain data only",
    ),
    "alias_bomb": (
        "锚点和别名展开后超过{limit}个值；拒绝加载（疑似“十亿笑声”攻击）",
        "anchors and aliases expand to more than {limit} values; refused (a 'billion laughs' file)",
    ),
    "alias_recursive": (
        "别名引用了它自身所在的结构",
        "an alias refers to the structure that contains it",
    ),
    "duplicate_key": (
        "重复的键“{key}”（第一次出现在第{line}行）；YAML 会悄悄只保留后一个",
        "duplicate key '{key}' (first at line {line}); YAML would silently keep only the last one",
    ),
    "key_not_text": (
        "键必须是文本",
        "a key must be text",
    ),
    "bad_merge": (
        "合并键 << 的值必须是映射或映射的列表",
        "the merge key << takes a mapping or a list of mappings",
    ),
    # --- types and fields ---------------------------------------------------------------
    "missing_field": ("缺少必填字段“{field}”", "missing required field '{field}'"),
    "unknown_field": ("未知字段“{field}”", "unknown field '{field}'"),
    "did_you_mean": ("；是否想写“{suggest}”？", "; did you mean '{suggest}'?"),
    "expected_text_got_bool": (
        '这里需要文本，但 YAML 把 {raw} 读成了 {value}；请加引号："{raw}"',
        'expected text, but YAML reads {raw} as {value}; put it in quotes: "{raw}"',
    ),
    "expected_text_got_base60": (
        '这里需要文本，但 YAML 1.1 把{raw}当作六十进制数字{value}；请加引号："{raw}"',
        "expected text, but YAML 1.1 reads {raw} as the base-60 number {value}; "
        'put it in quotes: "{raw}"',
    ),
    "expected_text_got_number": (
        '这里需要文本，但 YAML 把{raw}读成了数字；请加引号："{raw}"',
        'expected text, but YAML reads {raw} as a number; put it in quotes: "{raw}"',
    ),
    "expected_text": ("这里需要文本，而不是{found}", "expected text, found {found}"),
    "expected_localized": (
        "这里需要文本，或者 {{zh: ..., en: ...}}，而不是{found}",
        "expected text or {{zh: ..., en: ...}}, found {found}",
    ),
    "expected_int": ("这里需要整数，而不是{found}", "expected a whole number, found {found}"),
    "expected_number": ("这里需要数字，而不是{found}", "expected a number, found {found}"),
    "expected_bool": (
        "这里需要 true 或 false，而不是{found}",
        "expected true or false, found {found}",
    ),
    "expected_list": (
        "这里需要列表（- 项），而不是{found}",
        "expected a list (- items), found {found}",
    ),
    "expected_mapping": (
        "这里需要“键: 值”映射，而不是{found}",
        "expected a mapping of 'key: value' pairs, found {found}",
    ),
    "expected_one_of_types": (
        "类型不对：这里需要{expected}，而不是{found}",
        "wrong type: expected {expected}, found {found}",
    ),
    "must_be_gt": ("必须大于{limit}", "must be greater than {limit}"),
    "must_be_ge": ("必须大于或等于{limit}", "must be at least {limit}"),
    "must_be_lt": ("必须小于{limit}", "must be less than {limit}"),
    "must_be_le": ("必须小于或等于{limit}", "must be at most {limit}"),
    "not_finite": ("必须是有限的数字", "must be a finite number"),
    "not_one_of": (
        "“{value}”不是可选值；可选：{expected}",
        "'{value}' is not allowed; choose one of: {expected}",
    ),
    "bad_id": (
        "“{value}”不是合法的 id：只能用字母、数字、_、- 和 .，最长64个字符",
        "'{value}' is not a valid id: use letters, digits, '_', '-' and '.', up to 64 characters",
    ),
    "bad_clock": (
        '“{value}”不是合法的时刻；写成带引号的 "HH:MM"，例如 "02:10"',
        '\'{value}\' is not a valid clock time; write "HH:MM" in quotes, e.g. "02:10"',
    ),
    "bad_format": ("“{value}”格式不对", "'{value}' is not in the expected format"),
    "too_long": ("太长：最多{limit}个字符", "too long: at most {limit} character(s)"),
    "too_short": ("至少需要{limit}项", "needs at least {limit} item(s)"),
    "too_many": ("最多{limit}项", "at most {limit} item(s)"),
    "unknown_variant": (
        "“{value}”不是已知的 {field}；可选：{expected}",
        "'{value}' is not a known {field}; choose one of: {expected}",
    ),
    "missing_variant": (
        "缺少“{field}”；可选：{expected}",
        "missing '{field}'; choose one of: {expected}",
    ),
    "stair_geometry": (
        "楼梯的 riser_m 和 tread_m 要么都写，要么都不写",
        "a stair gives both riser_m and tread_m, or neither",
    ),
    "invalid_value": ("取值无效：{detail}", "invalid value: {detail}"),
    # --- meaning (semantic checks) ------------------------------------------------------
    "unknown_trigger": (
        "没有 id 为“{id}”的动作或救援力量{hint}",
        "there is no action or responder with id '{id}'{hint}",
    ),
    "unknown_gas_source": (
        "main_fed_sources 中有 sources 里没有的气源 id",
        "main_fed_sources names a source id that is not in sources",
    ),
    "mitigation_raises_undeclared": (
        "discharge_factor 大于1会加重泄漏，须同时写 raises: true 声明",
        "a discharge_factor above 1 makes the leak worse: declare it with raises: true",
    ),
    "detector_levels_order": (
        "检测器报警值须为正数并从低到高排列",
        "detector alarm levels must be positive and in ascending order",
    ),
    "duplicate_threshold_id": (
        "thresholds 中有重复的 id",
        "two thresholds have the same id",
    ),
    "unknown_threshold_id": (
        "injury_threshold 或 casualty_threshold 指向 thresholds 中没有的 id",
        "injury_threshold or casualty_threshold names an id that is not in thresholds",
    ),
    "duplicate_id": (
        "重复的 id“{id}”（第一次出现在第{line}行）",
        "duplicate id '{id}' (first at line {line})",
    ),
    "unknown_ref": (
        "没有 id 为“{id}”的{what}{hint}",
        "there is no {what} with id '{id}'{hint}",
    ),
    "bad_event_ref": (
        "“{value}”不是可用的事件；写 start、action:<id>、inject:<id>、milestone:<名称>、"
        "arrival:<救援力量> 或 unsafe:<动作>",
        "'{value}' is not an event; write start, action:<id>, inject:<id>, milestone:<name>, "
        "arrival:<responder> or unsafe:<action>",
    ),
    "unknown_milestone": (
        "危害模型“{model}”没有里程碑“{name}”；可用：{expected}",
        "hazard model '{model}' has no milestone '{name}'; it has: {expected}",
    ),
    "target_after_limit": (
        "target_s（{target}）不能大于 limit_s（{limit}）",
        "target_s ({target}) must not exceed limit_s ({limit})",
    ),
    "unreachable": (
        "“{node}”有人员，但从这里走不到任何出口或集合点",
        "'{node}' has people but no way to any exit or assembly point",
    ),
    "no_exit": (
        "场地没有出口（exit）或集合点（assembly）",
        "the site has no exit or assembly point",
    ),
    "self_loop": (
        "通道两端是同一个地点“{node}”",
        "the way starts and ends at the same place '{node}'",
    ),
    "inject_when": (
        "注入信息需要 at_s 或 after 其中之一",
        "an inject needs exactly one of at_s or after",
    ),
    "inject_after_and_on": (
        "after 和 on 是同一个字段的新旧两个名称，只写一个（建议用 after）",
        "after and on are the new and old names of one field; write only one (after)",
    ),
    "inject_after_end": (
        "at_s（{at}）在演练结束（duration_s = {end}）之后",
        "at_s ({at}) is after the end of the drill (duration_s = {end})",
    ),
    "expectation_what": (
        "期望需要 action、one_of 或 event 其中之一",
        "an expectation needs exactly one of action, one_of or event",
    ),
    "over_capacity": (
        "“{node}”的{area}平方米内有{count}人（每平方米{density}人），超过了人群完全拥堵的"
        "密度（每平方米{jam}人）；area_m2 至少应为{need}",
        "'{node}' holds {count} people in {area} m² ({density} persons/m²), denser than a "
        "crowd at a standstill ({jam} persons/m²); area_m2 must be at least {need}",
    ),
    "block_one_kind": (
        "一个积木只能写一种：building、plant_yard、construction_site 或 pipeline_corridor",
        "a block is exactly one of building, plant_yard, construction_site or pipeline_corridor",
    ),
    "block_beyond_street": (
        "地下室的 at_m 超出了街道长度 length_m",
        "a basement's at_m is beyond the street's length_m",
    ),
    "block_id_template": (
        "积木的 ids 模板只能使用 {block}、{floor}、{storey}、{n}、{number}、{part}、"
        "{stair}、{lift}",
        "a block's ids templates may use only {block}, {floor}, {storey}, {n}, "
        "{number}, {part}, {stair} and {lift}",
    ),
    "block_corridor_parts": (
        "corridor_parts 的个数必须等于 corridor_segments",
        "corridor_parts must have one entry per corridor segment (corridor_segments)",
    ),
    "no_places": (
        "场地没有任何地点：写 nodes 或 blocks",
        "the site has no places: write nodes or blocks",
    ),
    "text_comma": (
        '“{field}”不是字段：在 {{...}} 中，不加引号的逗号会把文本截断；请给文本加引号："{text}"',
        "'{field}' is not a field: inside {{...}} an unquoted comma ends the text; quote the "
        'text: "{text}"',
    ),
    "harmful_needs_penalty": (
        "有害行为（harmful: true）需要 penalty 大于0",
        "a harmful action (harmful: true) needs a penalty above 0",
    ),
    "prompt_needs_role": (
        "提示（prompt: true）需要用 to 指定角色",
        "a prompt (prompt: true) needs a role in 'to'",
    ),
    "param_not_in_action": (
        "动作“{action}”没有参数“{param}”",
        "action '{action}' has no parameter '{param}'",
    ),
    "choices_needed": (
        "choice 或 multi 类型的参数需要 choices",
        "a 'choice' or 'multi' parameter needs choices",
    ),
    "key_reserved": (
        "快捷键“{key}”由演练界面自身使用（空格暂停，- + = 调整倍速，[ ] \\ 切换楼层），请换一个键或删去 key",
        "hotkey '{key}' is one the drill screen uses itself (Space pauses, - + = set the "
        "speed, [ ] \\ change floors); choose another key or remove 'key'",
    ),
    "short_too_wide": (
        "动作“{action}”的简称占{width}列，最多{most}列（一个汉字占2列）",
        "the short label of action '{action}' is {width} columns wide; at most {most} fit (a "
        "Chinese character takes 2)",
    ),
    "short_too_wide_in": (
        "动作“{action}”的{lang}简称占{width}列，最多{most}列（一个汉字占2列）",
        "the short label of action '{action}' is {width} columns wide in {lang}; at most "
        "{most} fit (a Chinese character takes 2)",
    ),
    "label_too_wide": (
        "动作“{action}”的名称占{width}列，超过{most}列（一个汉字占2列），动作面板放不下，"
        "请加一个简称（short）",
        "the label of action '{action}' is {width} columns wide, more than the {most} the "
        "actions panel fits (a Chinese character takes 2); give it a 'short'",
    ),
    "label_too_wide_in": (
        "动作“{action}”的{lang}名称占{width}列，超过{most}列（一个汉字占2列），"
        "动作面板放不下，请加一个简称（short）",
        "the label of action '{action}' is {width} columns wide in {lang}, more than the "
        "{most} the actions panel fits (a Chinese character takes 2); give it a 'short'",
    ),
    "short_lang_zh": ("中文", "Chinese"),
    "key_space": ("空格", "Space"),
    "short_lang_en": ("英文", "English"),
    "duplicate_key_binding": (
        "快捷键“{key}”已被动作“{other}”使用",
        "hotkey '{key}' is already used by action '{other}'",
    ),
    "min_above_max": (
        "min_s（{min}）不能大于 max_s（{max}）",
        "min_s ({min}) must not exceed max_s ({max})",
    ),
    "value_above_max": (
        "value_s（{min}）不能大于 max_s（{max}）",
        "value_s ({min}) must not exceed max_s ({max})",
    ),
    "wrong_node_kind": (
        "“{id}”是{kind}，这里需要{expected}",
        "'{id}' is a {kind}; this needs a {expected}",
    ),
    "what_node": ("地点", "node"),
    "what_role": ("角色", "role"),
    "what_action": ("动作", "action"),
    "what_inject": ("注入信息", "inject"),
    "what_responder": ("救援力量", "responder"),
    "what_group": ("人员组", "population group"),
    "what_expectation": ("评估项", "expectation"),
    "checklist_covers_nothing": (
        "检查项至少要覆盖一个评估项（covers）或一项结果（outcomes）",
        "a checklist item covers at least one expectation (covers) or outcome (outcomes)",
    ),
    # --- words for values found ---------------------------------------------------------
    "found_text": ("文本“{value}”", "text '{value}'"),
    "found_number": ("数字{value}", "the number {value}"),
    "found_bool": ("布尔值 {value}", "{value}"),
    "found_null": ("空值", "nothing (null)"),
    "kind_text": ("文本", "text"),
    "kind_number": ("数字", "a number"),
    "kind_bool": ("布尔值（true/false）", "true or false"),
    "kind_list": ("列表", "a list"),
    "kind_mapping": ("映射", "a mapping"),
    "or": ("或", "or"),
    # --- command line -------------------------------------------------------------------
    "cli_valid": ("{file}：有效", "{file}: valid"),
    "cli_summary_bad": (
        "{files}个文件中发现{count}个问题",
        "{count} problem(s) in {files} file(s)",
    ),
    "cli_no_such_scenario": (
        "找不到场景“{name}”：既不是文件，也不是内置场景的 id（可用：{ids}）",
        "no scenario '{name}': it is neither a file nor the id of a bundled scenario "
        "(bundled: {ids})",
    ),
    "cli_user_folder": ("用户场景目录：{path}", "user scenario folder: {path}"),
    "cli_broken": ("（无效：{count}个问题）", "(invalid: {count} problem(s))"),
    # --- hostile input: reading files (sim.bounded) ------------------------------------
    "in_folder": ("这是一个目录，不是文件", "this is a folder, not a file"),
    "in_not_regular": (
        "不是普通文件（可能是管道、设备或套接字），拒绝读取",
        "not a regular file (a fifo, a device or a socket); not read",
    ),
    "in_too_large": (
        "文件过大（{size}字节），最大{limit}字节",
        "file is too large ({size} bytes); at most {limit} bytes are read",
    ),
    "in_unreadable": ("无法读取：{why}", "cannot read it: {why}"),
    "in_not_utf8": ("不是 UTF-8 文本", "not UTF-8 text"),
    "in_not_json": ("不是有效的 JSON：{why}", "not valid JSON: {why}"),
    "in_too_deep": (
        "嵌套超过{limit}层，拒绝解析",
        "nested more than {limit} levels deep; not parsed",
    ),
    "yaml_too_big": (
        "锚点和别名展开后的文本超过{limit}个字符；拒绝加载",
        "anchors and aliases expand to more than {limit} characters of text; refused",
    ),
    "control_char": (
        "{what}“{value}”包含控制字符或双向文本控制符（{chars}）；请删除",
        "{what} '{value}' contains control or bidirectional formatting characters "
        "({chars}); remove them",
    ),
    # --- hostile input: writing files (sim.atomic) -------------------------------------
    "out_exists": (
        "{path} 已存在，未覆盖；要替换它请加 --force",
        "{path} already exists and was not replaced; add --force to replace it",
    ),
    "out_is_folder": (
        "无法写入 {path}：这是一个目录",
        "cannot write {path}: it is a folder",
    ),
    "out_not_regular": (
        "无法写入 {path}：它不是普通文件",
        "cannot write {path}: it is not a regular file",
    ),
    "out_no_folder": (
        "无法写入 {path}：所在目录不存在",
        "cannot write {path}: its folder does not exist",
    ),
    "out_failed": ("无法写入 {path}：{why}", "cannot write {path}: {why}"),
    # --- hostile input: command-line values --------------------------------------------
    "bad_seed": (
        "随机种子必须是0到{max}之间的整数，而不是“{value}”",
        "the seed must be a whole number from 0 to {max}, not '{value}'",
    ),
    "jobs_capped": (
        "--jobs {asked} 超过本机的{cores}个处理器核心，改用{cores}（加 --force-jobs 可强制）",
        "--jobs {asked} is more than this machine's {cores} cores; using {cores} "
        "(add --force-jobs to insist)",
    ),
    "bad_jobs": ("--jobs 必须至少为1", "--jobs must be at least 1"),
}
