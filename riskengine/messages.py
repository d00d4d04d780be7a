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
    # Rule-author tooling (riskengine.authoring): rule tests.
    "ruletest_not_mapping": {"zh": "测试文件应为 YAML 映射（以 cases: 开头）", "en": "a test file must be a YAML mapping (starting with cases:)"},
    "ruletest_file_errors": {"zh": "测试文件 {source} 有 {n} 处错误", "en": "test file {source} has {n} error(s)"},
    "ruletest_no_as_of": {"zh": "用例缺少评估日期 as_of（可在文件顶层统一给出）", "en": "the case has no as_of date (it may be given once at the top of the file)"},
    "ruletest_file_missing": {"zh": "数据文件 {file} 不存在", "en": "data file {file} does not exist"},
    "ruletest_bad_date": {"zh": "{value} 不是有效日期（应为 YYYY-MM-DD）", "en": "{value} is not a valid date (expected YYYY-MM-DD)"},
    "ruletest_unknown_rule": {"zh": "规则 {rule} 未加载（编号写错，或规则包未加载、已停用）", "en": "rule {rule} is not loaded (a misspelt id, or its pack is not loaded or it is disabled)"},
    "ruletest_rejected": {"zh": "测试数据 {source} 第 {row} 行 {field}：{error}", "en": "test data {source} row {row} {field}: {error}"},
    "ruletest_expected_not_evaluated": {"zh": "期望该规则因数据不足未评估，实际已评估", "en": "expected the rule to be not evaluated, but it was evaluated"},
    "ruletest_unexpected_not_evaluated": {"zh": "规则未评估：{reason}", "en": "the rule was not evaluated: {reason}"},
    "ruletest_but_got": {"zh": "；实际为 {got}", "en": "; got {got}"},
    "ruletest_forbidden": {"zh": "（不应出现）", "en": " (must not appear)"},
    "ruletest_expected_header": {"zh": "    - 应有而未发现    + 不应有却发现", "en": "    - expected but missing    + found but not expected"},
    "ruletest_pass": {"zh": "通过", "en": "PASS"},
    "ruletest_fail": {"zh": "失败", "en": "FAIL"},
    "ruletest_coverage": {"zh": "覆盖率：{tested}/{total} 条规则有测试（{percent}）", "en": "coverage: {tested}/{total} rules have tests ({percent})"},
    "ruletest_coverage_rule": {"zh": "  {rule}  {title}：正例 {positive}，反例 {negative}", "en": "  {rule}  {title}: {positive} positive, {negative} negative"},
    "ruletest_untested": {"zh": "无测试的规则：{rules}", "en": "rules without tests: {rules}"},
    "ruletest_summary": {"zh": "共 {total} 项用例：通过 {passed} 项，失败 {failed} 项", "en": "{total} cases: {passed} passed, {failed} failed"},
    "ruletest_below_coverage": {"zh": "覆盖率 {percent} 低于要求的 {minimum}", "en": "coverage {percent} is below the required {minimum}"},
    "ruletest_none_found": {"zh": "未找到测试文件（*.tests.yaml）", "en": "no test files (*.tests.yaml) found"},
    # Rule-author tooling: signed packs.
    "sign_not_ed25519": {"zh": "{path} 不是 Ed25519 密钥", "en": "{path} is not an Ed25519 key"},
    "sign_bad_key": {"zh": "无法读取密钥 {path}：{error}", "en": "cannot read key {path}: {error}"},
    "sign_unsigned": {"zh": "规则包 {pack} 没有签名（缺少 {sig}）", "en": "rule pack {pack} is not signed ({sig} is missing)"},
    "sign_bad_file": {"zh": "签名文件 {sig} 已损坏：{error}", "en": "signature file {sig} is damaged: {error}"},
    "sign_altered": {"zh": "规则包 {pack} 在签名后被修改过（内容与签名不符）", "en": "rule pack {pack} was changed after it was signed"},
    "sign_other_key": {"zh": "规则包 {pack} 由另一把密钥签名（{signer}），不是要求的 {expected}", "en": "rule pack {pack} is signed by another key ({signer}), not the required {expected}"},
    "sign_invalid": {"zh": "规则包 {pack} 的签名无效", "en": "the signature of rule pack {pack} is invalid"},
    "sign_key_written": {"zh": "已生成密钥：私钥 {private}（请妥善保管），公钥 {public}，密钥编号 {key_id}", "en": "key written: private {private} (keep it safe), public {public}, key id {key_id}"},
    "sign_signed": {"zh": "已签名 {pack} → {sig}", "en": "signed {pack} -> {sig}"},
    "sign_verified": {"zh": "签名有效：{pack}（{pack_id} {version}，密钥 {key_id}）", "en": "signature valid: {pack} ({pack_id} {version}, key {key_id})"},
    "sign_required_failed": {"zh": "要求规则包签名（--require-signed），以下规则包未通过：", "en": "signed rule packs are required (--require-signed); these failed:"},
    # Rule-author tooling: explain.
    "explain_no_post": {"zh": "评估结果中没有岗位 {post}", "en": "there is no post {post} in the assessment"},
    "explain_no_rule": {"zh": "没有加载规则 {rule}", "en": "rule {rule} is not loaded"},
    "explain_wrong_type": {"zh": "记录 {record} 不是该规则读取的 {type} 记录", "en": "record {record} is not a {type} record, which the rule reads"},
    "explain_post_head": {"zh": "岗位 {post}（{org} · {title}）定为{label}，得分 {score} 分。", "en": "post {post} ({org} · {title}) is {label}, score {score}."},
    "explain_override": {"zh": "定级依据：直接定级——{reasons}（不论得分）。", "en": "why this level: override - {reasons} (whatever the score)."},
    "explain_threshold": {"zh": "定级依据：得分 {score} 分，达到{label}的 {min} 分", "en": "why this level: score {score} reaches {min} for {label}"},
    "explain_next_level": {"zh": "，未达到{label}的 {min} 分。", "en": ", below {min} for {label}."},
    "explain_no_contributions": {"zh": "该岗位没有固有风险分，也没有发现问题。", "en": "the post has no inherent risk and no findings."},
    "explain_inherent": {"zh": "{i}. 岗位固有风险 {points} 分：掌握的小微权力为 {powers}。", "en": "{i}. inherent risk {points}: micro-powers {powers}."},
    "explain_rule_contribution": {"zh": "{i}. {title}（{rule}）：{n} 条问题，计 {points} 分。", "en": "{i}. {title} ({rule}): {n} finding(s), {points} points."},
    "explain_finding": {"zh": "   · [{severity}，{points} 分] {message}", "en": "   · [{severity}, {points} points] {message}"},
    "explain_record_values": {"zh": "     记录 {record}：{values}", "en": "     record {record}: {values}"},
    "explain_thresholds": {"zh": "     条件 {condition} 成立；所用阈值：{params}", "en": "     condition {condition} holds; thresholds used: {params}"},
    "explain_evidence": {"zh": "     依据：{values}", "en": "     evidence: {values}"},
    "explain_more_records": {"zh": "{records} 等共 {n} 条", "en": "{records} and more ({n} in all)"},
    "explain_records": {"zh": "     涉及记录：{records}", "en": "     records: {records}"},
    "explain_blind_spots": {"zh": "注意：另有 {n} 条规则对该社区未评估（数据缺失或不足），“未发现问题”不等于没有问题：{rules}", "en": "note: {n} rule(s) were not evaluated for this community (missing or thin data); no finding there does not mean clean: {rules}"},
    "explain_record_head": {"zh": "规则 {title}（{rule}）与记录 {record}：", "en": "rule {title} ({rule}) and record {record}:"},
    "explain_fired": {"zh": "已触发（{severity}）：{message}", "en": "fired ({severity}): {message}"},
    "explain_not_fired": {"zh": "结论：未触发——上面标 ✗ 的条件不成立。", "en": "conclusion: did not fire - the clauses marked ✗ are false."},
    "explain_not_fired_period": {"zh": "结论：未触发——记录不在评估期间内。", "en": "conclusion: did not fire - the record is outside the assessed period."},
    "explain_detector_not_fired": {"zh": "未触发：该规则由检测器 {detector} 综合多条记录判断（参数：{params}），本记录未出现在其任何问题中。", "en": "did not fire: detector {detector} judges across records (parameters: {params}); this record is in none of its findings."},
    "explain_record_missing": {"zh": "数据中没有记录 {record}（或该行被拒收，见 rejected）", "en": "record {record} is not in the data (or its row was rejected, see rejected)"},
    "explain_in_period": {"zh": "日期 {date} 在评估期间 {start}～{end} 内。", "en": "date {date} is inside the period {start}..{end}."},
    "explain_out_of_period": {"zh": "日期 {date} 不在评估期间 {start}～{end} 内，该记录不参与本规则。", "en": "date {date} is outside the period {start}..{end}; the rule does not look at it."},
    "explain_condition": {"zh": "条件：{condition}", "en": "condition: {condition}"},
    "explain_clause_true": {"zh": "  ✓ {clause}（{values}）", "en": "  ✓ {clause} ({values})"},
    "explain_clause_false": {"zh": "  ✗ {clause}（{values}）", "en": "  ✗ {clause} ({values})"},
    "power_fund_approval": {"zh": "资金审批", "en": "fund approval"},
    "power_fund_handling": {"zh": "资金经办", "en": "fund handling"},
    "power_welfare_review": {"zh": "惠民资金审核", "en": "welfare review"},
    "power_procurement": {"zh": "工程和物资采购", "en": "procurement"},
    "power_certificate_issuing": {"zh": "证明出具", "en": "certificate issuing"},
    "power_asset_management": {"zh": "集体资产管理", "en": "asset management"},
    "power_project_supervision": {"zh": "项目监管", "en": "project supervision"},
    "power_personnel": {"zh": "人事", "en": "personnel"},
}


def language() -> str:
    lang = os.environ.get("RISKENGINE_LANG", "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def text(key: str, **values: object) -> str:
    """The message ``key`` in the user's language, formatted with ``values``."""
    entry = CATALOG[key]
    return entry.get(language(), entry["zh"]).format(**values)
