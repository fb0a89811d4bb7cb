//! The Chinese words of `--help`: clap's derive takes the English from the doc comments at
//! compile time, so the Chinese is kept here, keyed by command path and argument id. A visible
//! argument or command missing from these tables fails `tests::every_visible_text_is_chinese`.

/// Command path (`""` for the top level, `*` for any command) and argument id (`""` for the
/// command's own description), with the Chinese help.
pub(super) const HELP: &[(&str, &str, &str)] = &[
    (
        "",
        "",
        "按法规条款（内置：科发党字〔2020〕62号）检查巡视管理系统的导出文件，指出哪个案卷违反了哪一条、相差多少",
    ),
    (
        "*",
        "lang",
        "消息语言：zh（默认）或 en；未指定时依次按 clausecheck.toml 的 lang、环境变量 LANG",
    ),
    (
        "*",
        "config",
        "读取此配置文件，而不是最近的 clausecheck.toml",
    ),
    ("*", "no_config", "忽略所有 clausecheck.toml"),
    ("*", "help", "显示帮助"),
    ("*", "version", "显示版本"),
    ("*", "output", "把输出写入 FILE（原子写入），而不是标准输出"),
    ("*", "format", "输出格式"),
    (
        "*",
        "calendar",
        "补充日历数据文件；默认：clausecheck.toml 的 `calendar`",
    ),
    (
        "*",
        "rules",
        "规则包文件夹或规则文件（可重复）；默认：clausecheck.toml 中的，否则为内置规则包",
    ),
    (
        "check",
        "",
        "检查导出文件：JSON、JSON Lines、YAML、CSV 文件夹、XLSX 工作簿，或包含它们的文件夹；`-` 从标准输入读取 JSON Lines",
    ),
    (
        "check",
        "paths",
        "导出文件或文件夹；一次运行的所有输入合为一份导出",
    ),
    (
        "check",
        "rules",
        "规则包文件夹或规则文件（可重复）；默认：内置规则包 cas-2020-62",
    ),
    (
        "check",
        "as_of",
        "评估日（YYYY-MM-DD）；默认：中国标准时间（UTC+8）的今天",
    ),
    ("check", "fail_on", "使退出状态为 1 的最低严重程度"),
    (
        "check",
        "select",
        "只检查这些规则 id 或前缀（逗号分隔），例如 cas62.16,data",
    ),
    ("check", "ignore", "跳过这些规则 id 或前缀（逗号分隔）"),
    (
        "check",
        "calendar",
        "补充日历数据（内置日历缺少的年份），格式同 rules/calendars/cn.yaml",
    ),
    ("check", "threads", "工作线程数；默认：全部核心"),
    (
        "check",
        "encoding",
        "输入的文本编码：auto（有 BOM 按 BOM，否则合法的 UTF-8 按 UTF-8，否则按 GB18030）、utf-8、gb18030（或 gbk）",
    ),
    (
        "check",
        "waivers",
        "豁免文件（YAML）：已接受的发现，附理由、批准人和有效期",
    ),
    (
        "check",
        "baseline",
        "以前的 `--format json` 输出（基线）：只报告其中没有的发现",
    ),
    (
        "check",
        "statistics",
        "按规则输出计数（数量、规则 id、标题），而不是逐条发现",
    ),
    (
        "check",
        "include_open",
        "同时把未到期的期限列为状态 `open`、严重程度 info 的发现，即完整的督办日历；它们从不使运行失败",
    ),
    (
        "check",
        "group_by",
        "在发现之后按组汇总（human、markdown 格式）",
    ),
    (
        "check",
        "data_responsible",
        "导出文件的维护方，作为 `data.` 类发现的责任方（默认：数据导出方；也可在 clausecheck.toml 中设 `data_responsible`）",
    ),
    (
        "convert",
        "",
        "把任一支持的导出文件（CSV 文件夹、XLSX、JSON、YAML…）写成规范的 JSON Lines，即检查器实际读取的内容",
    ),
    ("convert", "paths", "导出文件或文件夹；所有输入合为一份导出"),
    ("convert", "to", "输出格式（只有 jsonl）"),
    (
        "convert",
        "encoding",
        "输入的文本编码：auto、utf-8、gb18030（或 gbk）",
    ),
    (
        "calendar",
        "",
        "工作日日历与法定期间计算（民法典 第二百零一条至第二百零三条）",
    ),
    (
        "calendar due",
        "",
        "输出自 START 起算 PERIOD 的最后一日，例如 `due 2025-06-30 3个月`",
    ),
    (
        "calendar due",
        "start",
        "起算日，可用导出文件中的任一日期写法（2025-06-30、2025/6/30、2025年6月30日……）",
    ),
    (
        "calendar due",
        "period",
        "3个月、30日、15个工作日、1年，或 `3 months`、`30 days`、`15 workdays`、`1 year`",
    ),
    (
        "calendar due",
        "no_extension",
        "最后一日落在休息日时，不顺延到下一个工作日",
    ),
    (
        "calendar day",
        "",
        "输出 DATE 是 `workday`（工作日）还是 `restday`（休息日）",
    ),
    ("calendar day", "date", "日期，可用导出文件中的任一日期写法"),
    (
        "calendar import",
        "",
        "读取国务院节假日安排通知，写出该年的日历数据",
    ),
    (
        "calendar import",
        "notice",
        "通知文本（UTF-8 或 GB18030）：标题、文号、各项安排、日期",
    ),
    (
        "calendar import",
        "output",
        "把日历数据写入 FILE（原子写入），而不是标准输出",
    ),
    (
        "calendar import",
        "year",
        "所安排的年份，用于文本标题没有写明年份时",
    ),
    (
        "calendar coverage",
        "",
        "日历覆盖哪些年份、依据哪份通知；给出导出文件时，列出其期限需要而日历缺少的年份",
    ),
    (
        "calendar coverage",
        "exports",
        "要计算期限的导出文件（读法同 `check`）",
    ),
    (
        "rules",
        "",
        "规则包检查什么：列出其规则、显示一条规则，或逐条说明每个条款",
    ),
    ("rules list", "", "所有规则：id、条款、严重程度、标题"),
    ("rules show", "", "一条规则：其检查、参数和条款全文"),
    ("rules show", "id", "规则 id"),
    (
        "rules coverage",
        "",
        "每个条款：编码它的规则，或不能机器检查的原因；两者都没有时退出状态为 1",
    ),
    ("rules list", "format", "输出格式（list 和 coverage）"),
    ("rules show", "format", "输出格式（list 和 coverage）"),
    ("rules coverage", "format", "输出格式（list 和 coverage）"),
    (
        "test",
        "",
        "运行规则包自带的测试用例（PACK/tests/*.yaml）；默认：内置规则包",
    ),
    (
        "test",
        "pack",
        "要运行其 tests/*.yaml 用例的规则包文件夹；默认：内置规则包",
    ),
    (
        "explain",
        "",
        "逐步说明一条规则对一个案卷的判断：条款、事实及其位置、计算、结论",
    ),
    ("explain", "paths", "导出文件或文件夹"),
    (
        "explain",
        "case",
        "案卷（case_id）；轮次或单位规则则说明该案卷所在的轮次或单位",
    ),
    ("explain", "rule", "规则 id"),
    ("explain", "item", "只看规则列表中的这一条目"),
    (
        "explain",
        "as_of",
        "评估日（YYYY-MM-DD）；默认：中国标准时间的今天",
    ),
    ("explain", "rules", "规则包文件夹或规则文件（可重复）"),
    ("explain", "calendar", "补充日历数据文件"),
    ("schema", "", "输出导出格式的 JSON Schema"),
    (
        "diff",
        "",
        "比较两次 `--format json` 输出中新增、已解决和仍未解决的发现，按规则和记录身份而非按行匹配。有新增发现时退出状态为 1",
    ),
    ("diff", "old", "较早的 `check --format json` 输出"),
    ("diff", "new", "较新的 `check --format json` 输出"),
    ("help", "", "显示本帮助，或指定子命令的帮助"),
];

/// Longer descriptions, for `--help` of the commands whose doc comment has more than one
/// paragraph.
pub(super) const LONG_ABOUT: &[(&str, &str)] = &[(
    "calendar import",
    "读取国务院节假日安排通知，写出该年的日历数据。\n\n\
     通知（国务院办公厅关于YYYY年部分节假日安排的通知）按发布原文：标题、文号、各项安排、日期。\
     数据（标准输出或 --output）供 `--calendar` 或 clausecheck.toml 的 `calendar =` 使用；\
     设定的每一天都列在标准错误上供核对。见 docs/calendar.md。",
)];

/// Argument id and value name, with the Chinese help of that value.
pub(super) const VALUES: &[(&str, &str, &str)] = &[
    (
        "format",
        "concise",
        "每条发现一行：`路径:行:列: 规则 [第N条] 消息`",
    ),
    (
        "format",
        "xlsx",
        "督办台账工作簿：二进制，只能写入 `--output` 指定的文件",
    ),
    ("format", "ics", "尚待完成期限的 iCalendar 提醒"),
    (
        "fail_on",
        "settled-error",
        "同 error，但结论依赖日历所缺年份的（暂定）发现不使运行失败",
    ),
    ("fail_on", "settled-warning", "同 warning，暂定发现除外"),
];

/// The examples below the top-level help: commands are the same in both languages.
pub(super) const EXAMPLES_HEADING: &str = "示例：";
