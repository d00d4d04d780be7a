"""All user-facing text of the engine and CLI, in one place.

Chinese is the default; set ``RISKENGINE_LANG=en`` for English. Rule messages come from
rule packs (in the pack's own language) and are not translated here.
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
    # reading datasets (riskengine.dataset and its readers)
    "not_number": {"zh": "不是数字：", "en": "not a number: "},
    "not_integer": {"zh": "不是整数：", "en": "not an integer: "},
    "not_boolean": {"zh": "应为 true 或 false：", "en": "should be true or false: "},
    "date_format": {"zh": "日期格式应为 YYYY-MM-DD：", "en": "date should be YYYY-MM-DD: "},
    "date_ambiguous": {"zh": "日期的月、日顺序无法确定，请写作 YYYY-MM-DD：", "en": "ambiguous date (is it month/day or day/month?), write YYYY-MM-DD: "},
    "date_invalid": {"zh": "不是有效日期：", "en": "no such date: "},
    "missing_column": {"zh": "缺少必填列 '{field}'", "en": "required column '{field}' is missing"},
    "duplicate_column": {"zh": "表头有多列都对应字段 {field}：{columns}，无法确定用哪一列", "en": "several columns name the field {field}: {columns}; cannot tell which one to use"},
    "file_empty": {"zh": "文件为空", "en": "the file is empty"},
    "sheet_empty": {"zh": "工作表为空", "en": "the sheet is empty"},
    "title_rows_skipped": {"zh": "第 {rows} 行在表头之上（标题），已跳过", "en": "row(s) {rows} above the header (a title) skipped"},
    "unnamed_columns_ignored": {"zh": "有 {n} 列没有表头，已忽略", "en": "{n} column(s) without a header ignored"},
    "totals_skipped": {"zh": "第 {rows} 行是合计行，不是记录，未读取", "en": "row(s) {rows} are total rows, not records; skipped"},
    "csv_bad_encoding": {"zh": "该行不是 UTF-8 编码（与文件其余部分不同，可能是 GBK），未读取", "en": "this line is not UTF-8 like the rest of the file (GBK?); not read"},
    "csv_bad_quotes": {"zh": "引号不成对或位置不对，无法确定各字段的边界", "en": "unbalanced or misplaced quote: the fields cannot be told apart"},
    "csv_bad_header": {"zh": "第 {row} 行（表头）的引号不成对，无法读取表头", "en": "the header (row {row}) has an unbalanced quote and cannot be read"},
    "csv_field_count": {"zh": "有 {n} 个字段，而表头有 {width} 列", "en": "{n} fields, but the header has {width} columns"},
    "csv_encoding_used": {"zh": "文件不是 UTF-8 编码，已按 {encoding} 读取", "en": "the file is not UTF-8; read as {encoding}"},
    "jsonl_bad_encoding": {"zh": "该行不是 UTF-8 编码，未读取", "en": "this line is not UTF-8; not read"},
    "jsonl_bad_json": {"zh": "不是有效的 JSON（第 {column} 个字符附近）", "en": "not valid JSON (near character {column})"},
    "jsonl_not_object": {"zh": "不是 JSON 对象（每行应为一个 {{...}}）", "en": "not a JSON object (each line should be one {{...}})"},
    "rewrite_value_full_width": {"zh": "{source} 的 {field} 列有 {n} 个值含全角字符，已按半角读取", "en": "{source}: {n} values of {field} have full-width characters; read as half-width"},
    "rewrite_number_currency": {"zh": "{source} 的 {field} 列有 {n} 个值带货币符号或单位（￥、元），已按数字读取", "en": "{source}: {n} values of {field} carry a currency mark (￥, 元); read as numbers"},
    "rewrite_number_grouped": {"zh": "{source} 的 {field} 列有 {n} 个值含千分位，已按数字读取", "en": "{source}: {n} values of {field} have thousands separators; read as numbers"},
    "rewrite_date_with_time": {"zh": "{source} 的 {field} 列有 {n} 个值带有时间，已只取日期", "en": "{source}: {n} values of {field} have a time; the date is kept"},
    "rewrite_date_slash": {"zh": "{source} 的 {field} 列有 {n} 个值写作 2025/3/5 形式，已按日期读取", "en": "{source}: {n} values of {field} are written like 2025/3/5; read as dates"},
    "rewrite_date_chinese": {"zh": "{source} 的 {field} 列有 {n} 个值写作 2025年3月5日 形式，已按日期读取", "en": "{source}: {n} values of {field} are written like 2025年3月5日; read as dates"},
    "rewrite_date_dot": {"zh": "{source} 的 {field} 列有 {n} 个值写作 2025.03.05 形式，已按日期读取", "en": "{source}: {n} values of {field} are written like 2025.03.05; read as dates"},
    "rewrite_date_unpadded": {"zh": "{source} 的 {field} 列有 {n} 个值写作 2025-3-5 形式，已按日期读取", "en": "{source}: {n} values of {field} are written like 2025-3-5; read as dates"},
    "rewrite_date_compact": {"zh": "{source} 的 {field} 列有 {n} 个值写作 20250305 形式，已按日期读取", "en": "{source}: {n} values of {field} are written like 20250305; read as dates"},
    "rewrite_date_excel_serial": {"zh": "{source} 的 {field} 列有 {n} 个值是 Excel 日期序列号，已换算为日期", "en": "{source}: {n} values of {field} are Excel date serials; converted to dates"},
    "rewrite_month_other": {"zh": "{source} 的 {field} 列有 {n} 个值写作 2025/3 或 2025年3月 形式，已按 YYYY-MM 读取", "en": "{source}: {n} values of {field} are written like 2025/3 or 2025年3月; read as YYYY-MM"},
    "rewrite_month_compact": {"zh": "{source} 的 {field} 列有 {n} 个值写作 202503 形式，已按 YYYY-MM 读取", "en": "{source}: {n} values of {field} are written like 202503; read as YYYY-MM"},
    "unknown_files": {"zh": "忽略无法识别的文件：{names}", "en": "ignored files that are not ledgers: {names}"},
    "unknown_type_files": {"zh": "忽略未知记录类型的文件：{names}", "en": "ignored files of unknown record types: {names}"},
    "unwanted_files": {"zh": "忽略本次评估不需要的文件：{names}", "en": "ignored files this assessment does not need: {names}"},
    "unknown_type_sheets": {"zh": "忽略未知记录类型的工作表：{names}", "en": "ignored sheets of unknown record types: {names}"},
    "unwanted_sheets": {"zh": "忽略本次评估不需要的工作表：{names}", "en": "ignored sheets this assessment does not need: {names}"},
    "absent_empty": {"zh": "{source} 为空", "en": "{source} is empty"},
    "absent_header_only": {"zh": "{source} 只有表头，没有数据行", "en": "{source} has a header but no data rows"},
    "absent_all_rejected": {"zh": "{source} 的 {n} 行全部被拒收", "en": "all {n} rows of {source} were rejected"},
    "absent_unreadable": {"zh": "{source} 无法读取：{error}", "en": "{source} cannot be read: {error}"},
    "no_data_because": {"zh": "缺少 {type} 数据（{detail}），未评估", "en": "not evaluated: no {type} data ({detail})"},
    "dataset_missing": {"zh": "数据集不存在：{path}", "en": "no such dataset: {path}"},
    "dataset_not_dataset": {"zh": "不是数据集（应为目录或 .xlsx 工作簿）：{path}", "en": "not a dataset (a directory or an .xlsx workbook expected): {path}"},
    "dataset_no_files": {"zh": "{path} 中没有台账文件（应为 ledger.csv、posts.xlsx 等以记录类型命名的文件，或每个工作表以记录类型命名的 .xlsx 工作簿）", "en": "{path} holds no ledger files (files named after record types such as ledger.csv or posts.xlsx, or an .xlsx workbook with one sheet per record type)"},
    "dataset_subdirs_hint": {"zh": "；子目录 {dirs} 中有台账文件，是否应指定该目录？", "en": "; the subdirectory {dirs} has ledger files: did you mean it?"},
    "dataset_nothing_read": {"zh": "{path} 中没有读到任何数据行：{details}", "en": "no data rows could be read from {path}: {details}"},
    "dataset_duplicate_sources": {"zh": "记录类型 {type} 有多个来源：{names}（每种记录类型只能有一个）", "en": "record type {type} has several sources: {names} (one per record type)"},
    "workbook_unreadable": {"zh": "无法打开工作簿 {name}：{error}", "en": "cannot open the workbook {name}: {error}"},
    "period_used": {"zh": "评估期间 {period}（{how}），基准日 {as_of}", "en": "period {period} ({how}), as of {as_of}"},
    "period_given": {"zh": "按 --period 指定", "en": "as given by --period"},
    "period_from_data": {"zh": "按数据中记录的日期", "en": "the dates of the records"},
    "period_default": {"zh": "数据中没有日期，默认为基准日所在年度", "en": "no dates in the data: the as-of year"},
    "records_after_as_of": {"zh": "{n} 条记录的日期晚于基准日 {as_of}，不在评估期间内", "en": "{n} records are dated after the as-of date {as_of}, outside the period"},
}


def language() -> str:
    lang = os.environ.get("RISKENGINE_LANG", "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def text(key: str, **values: object) -> str:
    """The message ``key`` in the user's language, formatted with ``values``."""
    entry = CATALOG[key]
    return entry.get(language(), entry["zh"]).format(**values)
