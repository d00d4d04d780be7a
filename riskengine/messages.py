"""All user-facing text of the engine and CLI, in one place.

Chinese is the default; set ``RISKENGINE_LANG=en`` for English. Rule messages come from
rule packs (in the pack's own language) and are not translated here.

Adding a message is one entry in :data:`CATALOG`: ``"key": {"zh": "…{name}…", "en": "…{name}…"}``,
then ``text("key", name=...)`` wherever it is shown. Help texts of commands and options are
entries too (keys ``help.<command>`` and ``help.<command>.<option>``); click's own strings
("Usage:", "Error: No such option …") are translated through :data:`CLICK_ZH` (see
:mod:`riskengine.cli.i18n`). A test checks that every entry has both languages and the same
placeholders.
"""

from __future__ import annotations

import os

CATALOG: dict[str, dict[str, str]] = {
    "no_data": {"zh": "缺少 {type} 数据，未评估", "en": "not evaluated: no {type} data"},
    "rule_failed": {"zh": "检测 {where} 运行出错，未评估：{error}", "en": "{where} failed, not evaluated: {error}"},
    "rule_broken": {"zh": "规则未能加载，未评估：{error}", "en": "rule did not load, not evaluated: {error}"},
    "detector_output_missing": {"zh": "检测器输出缺少列：{columns}", "en": "detector output lacks columns: {columns}"},
    "level_high": {"zh": "一级（高）", "en": "Level 1 (high)"},
    "level_medium": {"zh": "二级（中）", "en": "Level 2 (medium)"},
    "level_low": {"zh": "三级（低）", "en": "Level 3 (low)"},
    "inherent": {"zh": "岗位固有风险（{powers}）", "en": "inherent risk of the post ({powers})"},
    "pack_problems": {"zh": "规则包有错误（其余规则照常评估）：", "en": "rule pack problems (other rules still run):"},
    "plugin_problems": {"zh": "插件有错误（其余插件照常加载）：", "en": "plugin problems (other plugins still load):"},
    "rejected_rows": {"zh": "有 {n} 行数据不符合要求，未参与评估：", "en": "{n} rows were rejected and not evaluated:"},
    "not_evaluated_orgs": {"zh": "{rule}：{n} 个社区（村）数据不足未评估，例如：{example}",
                           "en": "{rule}: not evaluated for {n} orgs with too little data, e.g. {example}"},
    "not_evaluated_rules": {"zh": "未评估的规则：", "en": "rules not evaluated:"},
    "strict_failed": {"zh": "严格模式：{what}，评估不予通过", "en": "strict mode: {what}; failing the run"},
    "strict_rejected": {"zh": "{n} 行数据被拒收", "en": "{n} rows rejected"},
    "strict_not_evaluated": {"zh": "{n} 条规则未评估", "en": "{n} rules not evaluated"},
    "strict_pack_problems": {"zh": "规则包或插件有错误", "en": "rule packs or plugins have errors"},
    "summary": {
        "zh": "评估 {assessment_id}：{posts} 个岗位，一级 {high} 个、二级 {medium} 个、三级 {low} 个；问题 {findings} 条，整改任务 {tasks} 项",
        "en": "assessment {assessment_id}: {posts} posts, {high} high, {medium} medium, {low} low; {findings} findings, {tasks} tasks",
    },
    "col_level": {"zh": "等级", "en": "Level"},
    "col_post": {"zh": "岗位", "en": "Post"},
    "col_org": {"zh": "社区", "en": "Org"},
    "col_title": {"zh": "职务", "en": "Title"},
    "col_score": {"zh": "得分", "en": "Score"},
    "col_reasons": {"zh": "主要问题", "en": "Top reasons"},
    "override": {"zh": "直接定级：{reason}", "en": "override: {reason}"},
    "written_to": {"zh": "结果已写入 {path}", "en": "result written to {path}"},
    "demo_written": {"zh": "示例数据已生成：{path}（{rows} 行，含真实情况对照 truth.json）",
                     "en": "demo dataset written to {path} ({rows} rows, with truth.json)"},
    "progress_label": {"zh": "评估规则", "en": "Evaluating rules"},
    "more_rejected": {"zh": "……另有 {n} 条，详见 JSON 结果的 rejected", "en": "... and {n} more, see 'rejected' in the JSON result"},
    "notice": {"zh": "提示：{text}", "en": "notice: {text}"},
}


def language() -> str:
    """``"en"`` when ``RISKENGINE_LANG`` starts with ``en``, else ``"zh"`` (read on every call)."""
    lang = os.environ.get("RISKENGINE_LANG", "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def text(key: str, **values: object) -> str:
    """The message ``key`` in the user's language, formatted with ``values``."""
    entry = CATALOG[key]
    return entry.get(language(), entry["zh"]).format(**values)


def click_text(message: str) -> str:
    """One of click's own (English) strings in the user's language: Chinese unless English is asked for."""
    if language() == "en":
        return message
    return CLICK_ZH.get(message, message)


def click_ntext(singular: str, plural: str, n: int) -> str:
    """click's plural strings (``ngettext``); Chinese has one form."""
    return click_text(singular if n == 1 else plural)

# The command line: its messages, then the help of every command and option.
CATALOG.update({
    "list_separator": {"zh": "，", "en": ", "},
    "list_separator_short": {"zh": "、", "en": ", "},
    "bad_date_format": {"zh": "应为 YYYY-MM-DD 格式的日期，实际是 {value!r}", "en": "expected a date as YYYY-MM-DD, got {value!r}"},
    "bad_date": {"zh": "{value} 不是有效日期", "en": "{value} is not a valid date"},
    "date_out_of_range": {"zh": "{value} 超出可用的日期范围（{earliest} 至 {latest}）", "en": "{value} is outside the dates riskengine handles ({earliest} to {latest})"},
    "bad_period": {"zh": "应为 起始日期..结束日期，例如 2026-01-01..2026-10-31，实际是 {value!r}", "en": "expected FROM..TO, e.g. 2026-01-01..2026-10-31, got {value!r}"},
    "period_reversed": {"zh": "起始日期 {start} 晚于结束日期 {end}", "en": "the start {start} is after the end {end}"},
    "output_is_dir": {"zh": "{path} 是目录，请给出文件名", "en": "{path} is a directory; give a file name"},
    "output_dir_missing": {"zh": "无法写入 {path}：目录 {dir} 不存在", "en": "cannot write {path}: the directory {dir} does not exist"},
    "output_not_writable": {"zh": "无法写入 {path}：没有写权限", "en": "cannot write {path}: permission denied"},
    "suffix_mismatch": {"zh": "输出文件 {path} 的扩展名 {suffix} 与 --format {fmt} 不符", "en": "the output file {path} ends in {suffix}, which does not match --format {fmt}"},
    "suffix_unsupported": {"zh": "不支持写出 {suffix} 文件；请用 --format 指定格式", "en": "cannot write {suffix} files; choose a format with --format"},
    "bad_db_url": {"zh": "数据库地址无效：{url!r}（例如 sqlite:///riskengine.db 或 postgresql+psycopg://host/db）", "en": "invalid database URL {url!r} (e.g. sqlite:///riskengine.db or postgresql+psycopg://host/db)"},
    "db_dir_missing": {"zh": "数据库 {url} 所在的目录 {dir} 不存在", "en": "the directory {dir} of the database {url} does not exist"},
    "no_rules_given": {"zh": "--no-default-rules 需要同时用 --rules 指定规则包", "en": "--no-default-rules needs rule packs given with --rules"},
    "no_scoring_pack": {"zh": "没有加载评分规则包（pack.id 为 cn/scoring）：使用 --no-default-rules 时，请用 --rules 同时指定评分规则包（如 rules/scoring.yaml）", "en": "no scoring pack (pack.id cn/scoring) was loaded: with --no-default-rules, also give a scoring pack with --rules (e.g. rules/scoring.yaml)"},
    "internal_error": {"zh": "riskengine 内部错误（{error}），这是程序缺陷而非您的操作问题。详细信息已写入 {log}，请将该文件提交给维护者。", "en": "riskengine internal error ({error}); this is a bug, not something you did. Details were written to {log}; please send that file to the maintainers."},
    "crash_log_unwritable": {"zh": "（无法写入日志文件）", "en": "(no log file could be written)"},
    "task_closed": {"zh": "整改任务 {task}（{title}，岗位 {post}）已于 {on} 销号", "en": "task {task} ({title}, post {post}) closed on {on}"},
    "save_already": {"zh": "评估 {id} 此前已保存，整改任务未变动", "en": "assessment {id} was saved before; tasks unchanged"},
    "save_done": {"zh": "评估 {id} 已保存：新增整改任务 {new} 项，仍在整改 {seen} 项，重新打开 {reopened} 项", "en": "assessment {id} saved: {new} new tasks, {seen} still open, {reopened} reopened"},
    "save_kept_closed": {"zh": "，已销号且无新问题 {n} 项", "en": ", {n} closed with no new findings"},
    "status_open": {"zh": "待整改", "en": "open"},
    "status_reopened": {"zh": "重新整改", "en": "reopened"},
    "status_closed": {"zh": "已销号", "en": "closed"},
    "tasks_head": {"zh": "共 {n} 项整改任务（{by_status}）", "en": "{n} tasks ({by_status})"},
    "tasks_columns": {"zh": "任务编号|状态|社区|岗位|规则|整改期限|销号日期|整改事项", "en": "Task|Status|Org|Post|Rule|Deadline|Closed on|Title"},
    "result_unreadable": {"zh": "无法读取评估结果 JSON：{error}", "en": "cannot read the result JSON: {error}"},
    "not_a_result": {"zh": "{path} 不是评估结果（riskengine assess --format json 的输出）：缺少 {missing}", "en": "{path} is not an assessment result (the output of riskengine assess --format json): it lacks {missing}"},
    "plugin_record_types": {"zh": "记录类型: {items}", "en": "record types: {items}"},
    "plugin_detectors": {"zh": "检测器:   {items}", "en": "detectors:    {items}"},
    "plugin_rule_packs": {"zh": "规则包:   {items}", "en": "rule packs:   {items}"},
    "rules_check_ok": {"zh": "规则包检查通过：共 {n} 条规则", "en": "rule packs check passed: {n} rules"},
    "dataset_missing": {"zh": "数据集不存在：{path}", "en": "no such dataset: {path}"},
    "not_a_dataset": {"zh": "不是数据集（应为目录或 .xlsx 工作簿）：{path}", "en": "not a dataset (expected a folder or an .xlsx workbook): {path}"},
    "workbook_unreadable": {"zh": "无法打开工作簿 {name}：{error}", "en": "cannot open the workbook {name}: {error}"},
    "duplicate_sources": {"zh": "记录类型 {type} 有多个来源：{names}（每种记录类型只能有一个）", "en": "record type {type} comes from several sources: {names} (each record type may have only one)"},
    "ignored_unknown_type": {"zh": "忽略未知记录类型的{what}", "en": "ignored {what}: unknown record type"},
    "ignored_unwanted": {"zh": "忽略本次评估不需要的{what}", "en": "ignored {what}: not needed by this assessment"},
    "ignored_unrecognised": {"zh": "忽略无法识别的文件：{name}", "en": "ignored unrecognised file: {name}"},
    "what_file": {"zh": "文件：{name}", "en": "file {name}"},
    "what_sheet": {"zh": "工作表：{name}", "en": "sheet {name}"},
    "db_url_invalid": {"zh": "数据库地址无效：{error}", "en": "invalid database URL: {error}"},
    "db_file_missing": {"zh": "数据库文件不存在：{path}（请先用 riskengine tasks import 导入评估结果）", "en": "no such database file: {path} (save an assessment first with riskengine tasks import)"},
    "db_not_initialised": {"zh": "数据库 {url} 尚未初始化或版本过旧（当前 {current}，应为 {head}），请先用 riskengine tasks import 导入评估结果（会自动建表、升级）", "en": "the database {url} is not set up or too old (revision {current}, expected {head}); riskengine tasks import creates or upgrades it"},
    "unknown_status": {"zh": "未知的任务状态：{status}（应为 {known}）", "en": "unknown task status: {status} (expected {known})"},
    "close_needs_note": {"zh": "销号须填写整改情况说明", "en": "closing a task needs a note on what was done"},
    "task_missing": {"zh": "整改任务 {task} 不存在", "en": "no such task: {task}"},
    "task_already_closed": {"zh": "整改任务 {task} 已于 {on} 销号，不能重复销号", "en": "task {task} was already closed on {on}"},
    "close_before_open": {"zh": "销号日期 {on} 早于任务生成日期 {opened}", "en": "the closing date {on} is before the task was opened ({opened})"},
    "db_failed": {"zh": "数据库 {url} 操作失败：{error}", "en": "the database {url} failed: {error}"},
    "help.main": {
        "zh": "riskengine：清廉社区岗位廉政风险评估。\n\n读取社区（村）台账，按规则包评估各岗位的廉政风险等级（一级/二级/三级），给出问题依据和整改任务。\n\n退出码：0 完成；1 严格模式下未通过；2 命令参数错误；3 数据或规则包无法读取；4 程序内部错误（详情写入日志文件）。\n\n设置环境变量 RISKENGINE_LANG=en 显示英文。",
        "en": "riskengine: integrity-risk assessment of community and village committee posts.\n\nReads the ledgers of communities (villages), rates every post's integrity risk (level 1/2/3) against rule packs, and gives the evidence and the rectification tasks.\n\nExit codes: 0 done; 1 --strict failed; 2 bad command-line options; 3 dataset or rule pack unreadable; 4 internal error (details in a log file).\n\nMessages are Chinese unless RISKENGINE_LANG=en.",
    },
    "help.assess": {
        "zh": "评估 DATASET（台账目录，或一个 .xlsx 工作簿）中各岗位的廉政风险。\n\n\b\n退出码：0 完成；1 严格模式下存在拒收数据、未评估规则或规则包错误；\n2 命令参数错误；3 数据或规则包无法读取；4 程序内部错误。\n\n评估结果中的整改任务保存到数据库（--db，默认当前目录的 riskengine.db），已销号任务用于“整改后复发”检查；--no-db 则不读写数据库。",
        "en": "Assess the integrity risk of the posts in DATASET (a folder of ledgers, or one .xlsx workbook).\n\n\b\nExit codes: 0 done; 1 --strict and there were rejected rows, unevaluated rules or pack errors;\n2 bad command-line options; 3 dataset or rule pack unreadable; 4 internal error.\n\nThe result's rectification tasks are saved to a database (--db, default riskengine.db in the current directory) whose closed tasks feed the recurrence check; --no-db skips the database.",
    },
    "help.demo": {"zh": "生成示例台账（几个街道的社区，含若干问题）并评估；结果保存到 --db 指定的数据库（默认当前目录的 riskengine.db）。", "en": "Generate a demo dataset (communities of a few streets, with planted problems) and assess it; the result is saved to the --db database (default riskengine.db in the current directory)."},
    "help.demo.out": {"zh": "示例数据写入的目录。", "en": "Folder the demo dataset is written to."},
    "help.demo.data_format": {"zh": "示例数据的文件格式。", "en": "File format of the demo dataset."},
    "help.demo.seed": {"zh": "随机种子（相同种子生成相同数据）。", "en": "Random seed (the same seed gives the same data)."},
    "help.demo.streets": {"zh": "街道数。", "en": "Number of streets."},
    "help.demo.communities": {"zh": "每个街道的社区（村）数。", "en": "Communities (villages) per street."},
    "help.opt.rules": {"zh": "额外的规则包 YAML（可多次指定）；与内置规则包同 id 的将取代之。", "en": "An extra rule pack YAML (repeatable); one with the id of a shipped pack replaces it."},
    "help.opt.no_default_rules": {"zh": "不加载插件自带的规则包，只用 --rules 指定的（须含评分规则包）。", "en": "Do not load the packs plugins ship; use only those given with --rules (which must include a scoring pack)."},
    "help.opt.as_of": {"zh": "评估基准日（YYYY-MM-DD，默认今天）；整改期限由此起算。", "en": "The assessment date (YYYY-MM-DD, default today); task deadlines count from it."},
    "help.opt.period": {"zh": "评估期间，例如 2026-01-01..2026-10-31（默认基准日所在年度1月1日至基准日）。", "en": "The period assessed, e.g. 2026-01-01..2026-10-31 (default: 1 January of the as-of year to the as-of date)."},
    "help.opt.format": {"zh": "输出格式（默认按 --output 的扩展名，否则为 table）。", "en": "Output format (default: from the --output suffix, else table)."},
    "help.opt.output": {"zh": "写入文件（相对当前目录；默认输出到终端）。", "en": "Write to this file (relative to the current directory; default: the terminal)."},
    "help.opt.strict": {"zh": "严格模式：有被拒收的数据行、未评估的规则或规则包错误时以退出码 1 失败。", "en": "Strict mode: exit 1 on any rejected row, unevaluated rule or rule-pack error."},
    "help.opt.db": {"zh": "数据库地址（SQLAlchemy URL，如 postgresql+psycopg://host/db）；未指定时取环境变量 RISKENGINE_DB。", "en": "Database URL (SQLAlchemy, e.g. postgresql+psycopg://host/db); default from the RISKENGINE_DB environment variable."},
    "help.opt.no_db": {"zh": "不读写数据库：不保存整改任务，也不做整改后复发检查。", "en": "Do not use the database: tasks are not saved and recurrence is not checked."},
    "help.opt.json": {"zh": "以 JSON 输出。", "en": "Print JSON."},
    "help.plugins": {"zh": "查看已加载的插件。", "en": "Inspect the loaded plugins."},
    "help.plugins.list": {"zh": "列出插件：名称、版本、记录类型、检测器、规则包。", "en": "List plugins: name, version, record types, detectors, rule packs."},
    "help.rules": {"zh": "检查、列出规则包与规则。", "en": "Check and list rule packs and rules."},
    "help.rules.check": {"zh": "检查规则包：逐条列出错误（文件:行:列），全部通过时退出码为 0。", "en": "Check rule packs: every error with file:line:column; exit code 0 when all pass."},
    "help.rules.list": {"zh": "列出已加载的规则：编号、风险程度、名称。", "en": "List the loaded rules: id, severity, title."},
    "help.rules.schema": {"zh": "输出规则包的 JSON Schema（供编辑器校验与补全）。", "en": "Print the rule-pack JSON Schema (for editors to validate and complete)."},
    "help.tasks": {"zh": "整改任务：查看、销号，导入评估结果。", "en": "Rectification tasks: list, close, import assessment results."},
    "help.tasks.list": {"zh": "列出整改任务：编号、状态、社区、岗位、规则、期限、销号日期、整改事项。", "en": "List tasks: id, status, org, post, rule, deadline, closing date, title."},
    "help.tasks.list.status": {"zh": "只列出该状态的任务：open 待整改，closed 已销号，reopened 重新整改。", "en": "Only tasks with this status: open, closed or reopened."},
    "help.tasks.list.org": {"zh": "只列出该社区（村）的任务。", "en": "Only the tasks of this community (village)."},
    "help.tasks.list.post": {"zh": "只列出该岗位的任务。", "en": "Only the tasks of this post."},
    "help.tasks.close": {"zh": "整改完成后销号 TASK_ID。", "en": "Close TASK_ID once it is rectified."},
    "help.tasks.close.note": {"zh": "整改情况说明（必填）。", "en": "What was done (required)."},
    "help.tasks.close.on": {"zh": "销号日期（YYYY-MM-DD，默认今天）。", "en": "Closing date (YYYY-MM-DD, default today)."},
    "help.tasks.import": {"zh": "导入评估结果 RESULT（riskengine assess --format json 的输出），生成或更新整改任务。", "en": "Import RESULT (the output of riskengine assess --format json) and create or update its tasks."},
})

# click's own strings (msgid: click's English, as marked for gettext in click's source) in Chinese.
CLICK_ZH: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "是否指 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否指其中之一：{possibilities}？）",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Missing command.": "缺少命令。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "unknown error": "未知错误",
    "Aborted!": "已中止！",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选值 {choices} 之一。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的布尔值。可用值：{states}",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats}。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "Press any key to continue...": "按任意键继续……",
    "Do you want to continue?": "是否继续？",
    "Error: invalid input": "错误：输入无效",
}
