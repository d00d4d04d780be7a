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
    # Rule packs: reading (riskengine.pack_text, riskengine.yamlsource, riskengine.yamlguard)
    "pack_unreadable": {"zh": "规则包 {source} 无法读取", "en": "rule pack {source} cannot be read"},
    "pack_not_yaml": {"zh": "规则包 {source} 不是合法的 YAML", "en": "rule pack {source} is not valid YAML"},
    "pack_too_large": {"zh": "文件有 {size:,} 字节，超过规则包的上限 {limit:,} 字节",
                       "en": "the file has {size:,} bytes, more than the {limit:,} bytes a rule pack may have"},
    "pack_bad_encoding": {"zh": "无法识别文件编码：字节 0x{byte} 既不是 UTF-8 也不是 GBK/GB18030；请在编辑器中另存为 UTF-8",
                          "en": "unknown file encoding: byte 0x{byte} is neither UTF-8 nor GBK/GB18030; save the file as UTF-8"},
    "pack_bad_bytes": {"zh": "文件以 {encoding} 标记开头，但第 {offset} 字节起的内容不是 {encoding}；请另存为 UTF-8",
                       "en": "the file starts with a {encoding} mark but byte {offset} on is not {encoding}; save it as UTF-8"},
    "pack_decoded_as": {"zh": "规则包 {source} 不是 UTF-8 编码，已按 {encoding} 读取；建议另存为 UTF-8",
                        "en": "rule pack {source} is not UTF-8; read as {encoding} (saving it as UTF-8 is recommended)"},
    "pack_unreadable_file": {"zh": "无法读取规则包 {source}：{reason}", "en": "cannot read rule pack {source}: {reason}"},
    "yaml_syntax": {"zh": "YAML 语法错误：{problem}", "en": "YAML syntax error: {problem}"},
    "yaml_bad_character": {"zh": "文件中有不允许的控制字符 U+{code}", "en": "the file contains the control character U+{code}, which YAML does not allow"},
    "yaml_duplicate_key": {"zh": "键 '{name}' 重复（首次出现在第 {line} 行）；同一映射中每个键只能写一次",
                           "en": "key '{name}' is repeated (first on line {line}); write each key once per mapping"},
    "yaml_complex_key": {"zh": "键应为文字，不能是列表或映射", "en": "a key must be text, not a list or a mapping"},
    "yaml_bad_value": {"zh": "无法读取的值 '{value}'", "en": "cannot read the value '{value}'"},
    "yaml_too_deep": {"zh": "嵌套超过 {limit} 层，规则包不需要这么深的结构", "en": "nested more than {limit} levels deep"},
    "yaml_recursive_alias": {"zh": "别名 *{anchor} 引用了包含它自身的锚点（循环引用）",
                             "en": "alias *{anchor} refers to an anchor that contains it (a cycle)"},
    "yaml_alias_bomb": {"zh": "别名 *{anchor} 展开后超过 {limit:,} 个节点（疑似别名炸弹），已拒绝读取",
                        "en": "alias *{anchor} expands to more than {limit:,} nodes (an alias bomb?); refused"},
    "yaml_too_many_nodes": {"zh": "规则包超过 {limit:,} 个节点，已拒绝读取", "en": "more than {limit:,} nodes; refused"},
    "number_out_of_range": {"zh": "数字 {value} 超出范围：整数须在 ±9223372036854775807 之内，小数须为有限值",
                            "en": "number {value} is out of range: integers must be within ±9223372036854775807 and decimals finite"},
    # Rule packs: combining packs (riskengine.packselect, riskengine.overrides, riskengine.rulebook)
    "pack_errors": {"zh": "规则包 {source} 有 {n} 处错误", "en": "rule pack {source} has {n} errors"},
    "unknown_domain": {"zh": "未知的领域 '{domain}'{hint}（已安装的插件提供的领域：{known}）",
                       "en": "unknown domain '{domain}'{hint} (domains of the installed plugins: {known})"},
    "did_you_mean": {"zh": "，是否指 '{name}'？", "en": ", did you mean '{name}'?"},
    "extends_unknown": {"zh": "extends 指定的规则包 '{pack}' 未加载{hint}（已加载：{known}）",
                        "en": "extends names pack '{pack}', which is not loaded{hint} (loaded: {known})"},
    "extends_self": {"zh": "规则包不能 extends 它自己（{pack}）", "en": "a pack cannot extend itself ({pack})"},
    "override_unknown_rule": {"zh": "rule_overrides 中的规则 {rule} 不存在{hint}", "en": "rule_overrides names rule {rule}, which does not exist{hint}"},
    "override_outside_extends": {"zh": "规则 {rule} 属于规则包 {owner}，不在 extends 指定的规则包 {pack} 中",
                                 "en": "rule {rule} belongs to pack {owner}, not to pack {pack} named by extends"},
    "override_unknown_param": {"zh": "规则 {rule} 没有参数 '{param}'{hint}（可用参数：{known}）",
                               "en": "rule {rule} has no parameter '{param}'{hint} (parameters: {known})"},
    "override_wrong_type": {"zh": "规则 {rule} 的参数 {param} 应为{expected}（原值 {original}），实际是 {actual}",
                            "en": "parameter {param} of rule {rule} should be {expected} (was {original}), not {actual}"},
    "override_detector_param": {"zh": "规则 {rule} 的检测器 {detector} 的参数不符合要求：{problem}",
                                "en": "parameter of detector {detector} of rule {rule} is invalid: {problem}"},
    "unused_parameters": {"zh": "parameters 只作用于本规则包自己的规则，而本规则包没有规则；修订其他规则包的参数请写在 rule_overrides 中",
                          "en": "parameters apply only to this pack's own rules and it has none; revise other packs' parameters under rule_overrides"},
    "pack_not_yet": {"zh": "规则包 {pack}（{source}）自 {start} 起生效，评估基准日 {as_of} 不在生效期间，未予适用",
                     "en": "rule pack {pack} ({source}) takes effect on {start}; not applied on the as-of date {as_of}"},
    "pack_expired": {"zh": "规则包 {pack}（{source}）已于 {end} 失效，评估基准日 {as_of} 不在生效期间，未予适用",
                     "en": "rule pack {pack} ({source}) ended on {end}; not applied on the as-of date {as_of}"},
    "pack_replaced": {"zh": "规则包 {source} 与{shipped}规则包 {pack}（{old_source}）编号相同，已取代之；{dropped}",
                      "en": "rule pack {source} has the id of the {shipped}pack {pack} ({old_source}) and replaces it; {dropped}"},
    "pack_replaced_shipped": {"zh": "内置", "en": "shipped "},
    "pack_replaced_drops": {"zh": "原有的 {n} 条规则不再评估：{rules}", "en": "its {n} rules no longer run: {rules}"},
    "pack_replaced_keeps": {"zh": "原有规则均由新规则包重新定义", "en": "the new pack redefines all its rules"},
    "pack_replaced_settings": {"zh": "原有的设置不再适用", "en": "its settings no longer apply"},
    "reason_not_in_force": {"zh": "不在生效期间", "en": "not in force"},
    "reason_replaced": {"zh": "被同编号的规则包 {source} 取代", "en": "replaced by {source}, which has the same id"},
    "no_scoring_pack": {"zh": "评估基准日 {as_of} 没有生效的评分规则包（未生效或已失效的：{packs}）；请用 --rules 指定在该日生效的评分规则包，或调整 --as-of",
                        "en": "no scoring pack is in force on {as_of} (not in force then: {packs}); give one with --rules or change --as-of"},
    "zero_divisor": {"zh": "除数 {divisor} 为 0：该运算的结果为空值 null，含它的条件不成立",
                     "en": "the divisor {divisor} is 0: the result is null and a condition using it does not match"},
    "check_passed": {"zh": "规则包检查通过：共 {n} 条规则", "en": "rule packs are valid: {n} rules"},
    "check_passed_overrides": {"zh": "，修订 {n} 条规则", "en": ", {n} rule overrides"},
    "check_warnings": {"zh": "警告：", "en": "warnings:"},
}


def language() -> str:
    lang = os.environ.get("RISKENGINE_LANG", "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def text(key: str, **values: object) -> str:
    """The message ``key`` in the user's language, formatted with ``values``."""
    entry = CATALOG[key]
    return entry.get(language(), entry["zh"]).format(**values)
