"""Names of levels, domains and severities, and the sentences of scoring (riskengine.outcome)."""

from __future__ import annotations

OUTCOME_MESSAGES: dict[str, dict[str, str]] = {
    # Levels, inherent risk, overrides and the run summary; names of domains and severities.
    "level_high": {"zh": "一级（高）", "en": "Level 1 (high)"},
    "level_medium": {"zh": "二级（中）", "en": "Level 2 (medium)"},
    "level_low": {"zh": "三级（低）", "en": "Level 3 (low)"},
    "inherent_title": {"zh": "岗位固有风险", "en": "inherent risk of the post"},
    "inherent": {"zh": "岗位固有风险（{powers}）", "en": "inherent risk of the post ({powers})"},
    "summary": {
        "zh": "评估 {assessment_id}：{posts} 个岗位（一级 {high}、二级 {medium}、三级 {low}），问题 {findings} 条，整改任务 {tasks} 项",
        "en": "assessment {assessment_id}: {posts} posts, {high} high, {medium} medium, {low} low; {findings} findings, {tasks} tasks",
    },
    "level_short_high": {"zh": "一级", "en": "L1"},
    "level_short_medium": {"zh": "二级", "en": "L2"},
    "level_short_low": {"zh": "三级", "en": "L3"},
    "domain_finance_disclosure": {"zh": "财务公开", "en": "Finance disclosure"},
    "domain_procurement": {"zh": "工程项目与物资采购", "en": "Procurement"},
    "domain_welfare": {"zh": "惠民资金", "en": "Welfare funds"},
    "domain_cadre_conduct": {"zh": "干部廉洁履职", "en": "Cadre conduct"},
    "severity_critical": {"zh": "严重", "en": "critical"},
    "severity_high": {"zh": "高", "en": "high"},
    "severity_medium": {"zh": "中", "en": "medium"},
    "severity_low": {"zh": "低", "en": "low"},
    "override": {"zh": "直接定级：{reason}", "en": "override: {reason}"},
    # A result file read back (tasks import, report): riskengine.outcome.schema
    "result_unreadable": {"zh": "无法读取评估结果 {path}：{error}", "en": "cannot read the result {path}: {error}"},
    "result_invalid": {"zh": "无法读取评估结果 {path}：不是评估结果（riskengine assess --format json 的输出，格式见 schemas/result.schema.json），{problem}", "en": "cannot read the result {path}: it is not an assessment result (output of riskengine assess --format json, shaped as schemas/result.schema.json): {problem}"},
    "result_lacks": {"zh": "缺少 {missing}", "en": "it lacks {missing}"},
}
