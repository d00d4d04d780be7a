"""Sentences of evaluating rules (riskengine.evaluation and the detectors of plugins): why a rule did not judge."""

from __future__ import annotations

EVALUATION_MESSAGES: dict[str, dict[str, str]] = {
    # Rules that failed or could not run (riskengine.evaluation.evaluate, riskengine.engine).
    "no_data": {"zh": "缺少 {type} 数据，未评估", "en": "not evaluated: no {type} data"},
    "rule_failed": {"zh": "检测 {where} 运行出错，未评估：{error}", "en": "{where} failed, not evaluated: {error}"},
    "rule_broken": {"zh": "规则未能加载，未评估：{error}", "en": "rule did not load, not evaluated: {error}"},
    "detector_output_missing": {"zh": "检测器输出缺少列：{columns}", "en": "detector output lacks columns: {columns}"},
    # Built-in plugins: why a detector could not judge some communities (not_evaluated).
    "ne_complaint_peers": {"zh": "同类岗位的同级比较对象不足 {n} 个，未评估投诉数量异常", "en": "fewer than {n} comparable posts of the same kind: complaint outliers not evaluated"},
    "ne_round_peers": {"zh": "可比社区（同街道或同区县、期内有支出）少于 {n} 个，无法计算整数金额占比的同级阈值", "en": "fewer than {n} comparable communities (same street or county, with expenses in the period): no peer threshold for the share of round amounts"},
    "ne_benford": {"zh": "期内支出仅 {count} 笔，少于 {n} 笔，首位数字（本福特）检验不适用", "en": "only {count} expenses in the period, fewer than {n}: the first-digit (Benford) test does not apply"},
    "ne_concentration_procs": {"zh": "本期采购少于 {n} 笔，不计算供应商集中度", "en": "fewer than {n} procurements in the period: vendor concentration not computed"},
    "ne_concentration_peers": {"zh": "同类比较组内供应商份额样本少于 {n} 个，无法计算围栏", "en": "fewer than {n} vendor shares in the peer group: no fence can be computed"},
    "ne_runner_up_peers": {"zh": "同类比较组内有效报价差距样本少于 {n} 个，无法计算下限围栏", "en": "fewer than {n} bid gaps in the peer group: no lower fence can be computed"},
}
