"""``rule_overrides`` and ``extends``: every mistake is reported at its line in the author's own file."""

from pathlib import Path

FILES = Path(__file__).parent / "files" / "packs"
SHIPPED_CASH_LIMIT = 1000


def _problems(engine) -> list[str]:
    return [line.strip() for block in engine.problems for line in block.splitlines()]


def test_a_misspelt_parameter_is_an_error_and_the_rule_keeps_its_value(engine_factory):
    engine = engine_factory(rule_packs=[FILES / "override_unknown_param.yaml"])
    (title, problem) = _problems(engine)
    assert title == "规则包 tests/files/packs/override_unknown_param.yaml 有 1 处错误"
    # The parameters listed are those the rule uses (its condition, message and escalations).
    assert problem.startswith(
        "tests/files/packs/override_unknown_param.yaml:12:18: 规则 finance.cash_over_limit 没有参数 'cash_limt'，"
        "是否指 'cash_limit'？（可用参数：cash_limit"
    )
    assert "hospitality_limit" not in problem
    assert engine.rulebook.rule("finance.cash_over_limit").parameters["cash_limit"] == SHIPPED_CASH_LIMIT


def test_wrong_types_are_reported_in_the_authors_file(engine_factory):
    engine = engine_factory(rule_packs=[FILES / "override_wrong_type.yaml"])
    assert _problems(engine) == [
        "规则包 tests/files/packs/override_wrong_type.yaml 有 2 处错误",
        "tests/files/packs/override_wrong_type.yaml:13:19: 规则 finance.cash_over_limit 的参数 cash_limit 应为数字"
        "（原值 1000），实际是 '500元'",
        "tests/files/packs/override_wrong_type.yaml:16:26: 规则 finance.split_payments 的检测器 finance_split_payments "
        "的参数不符合要求：split_window_days 应为整数，实际是 '三十天'",
    ]
    assert "finance.split_payments" not in engine.rulebook.broken_rules  # the bad value was not applied


def test_unknown_rules_are_reported_with_a_suggestion(engine_factory):
    engine = engine_factory(rule_packs=[FILES / "override_unknown_rule.yaml"])
    assert _problems(engine) == [
        "规则包 tests/files/packs/override_unknown_rule.yaml 有 2 处错误",
        "tests/files/packs/override_unknown_rule.yaml:11:3: rule_overrides 中的规则 finance.cash_over_limt 不存在，"
        "是否指 'finance.cash_over_limit'？",
        "tests/files/packs/override_unknown_rule.yaml:13:3: rule_overrides 中的规则 welfare.after_death 不存在，"
        "是否指 'welfare.paid_after_death'？",
    ]


def test_an_unknown_extends_is_an_error(engine_factory):
    engine = engine_factory(rule_packs=[FILES / "extends_unknown.yaml"])
    (title, problem) = _problems(engine)
    assert title == "规则包 tests/files/packs/extends_unknown.yaml 有 1 处错误"
    assert problem.startswith(
        "tests/files/packs/extends_unknown.yaml:9:12: extends 指定的规则包 'cn/finance-disclosur' 未加载，"
        "是否指 'cn/finance-disclosure'？（已加载：cn/cadre-conduct、cn/finance-disclosure、"
    )
    # The override itself is still good and applies.
    assert engine.rulebook.rule("finance.cash_over_limit").severity == "high"


def test_an_override_outside_the_extended_pack_is_an_error(engine_factory):
    engine = engine_factory(rule_packs=[FILES / "override_outside_extends.yaml"])
    assert _problems(engine) == [
        "规则包 tests/files/packs/override_outside_extends.yaml 有 1 处错误",
        "tests/files/packs/override_outside_extends.yaml:11:3: 规则 welfare.paid_after_death 属于规则包 cn/welfare，"
        "不在 extends 指定的规则包 cn/finance-disclosure 中",
    ]
    assert engine.rulebook.rule("welfare.paid_after_death").severity == "critical"  # not applied


def test_a_good_override_applies_without_problems(engine_factory):
    engine = engine_factory(rule_packs=[FILES / "province_override.yaml"])
    assert engine.problems == []
    rule = engine.rulebook.rule("finance.cash_over_limit")
    assert (rule.parameters["cash_limit"], rule.severity) == (500, "high")
