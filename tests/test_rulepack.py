"""Rule packs: authors see every error at once, each with file:line:column and what was expected."""

from pathlib import Path

import pytest

from riskengine.errors import RulePackError
from riskengine.rulepack import read_rule_pack

FILES = Path(__file__).parent / "files" / "packs"


def _messages(exc: RulePackError) -> list[str]:
    return [str(p) for p in exc.problems]


def test_schema_errors_are_all_reported_with_line_and_column():
    with pytest.raises(RulePackError) as info:
        read_rule_pack(FILES / "broken.yaml", display_name="broken.yaml")
    messages = _messages(info.value)
    assert any(m.startswith("broken.yaml:3:12:") and "pack.version 应为文字" in m for m in messages), messages
    assert any(m.startswith("broken.yaml:7:21:") and "YYYY-MM-DD" in m for m in messages), messages
    assert any(m.startswith("broken.yaml:14:15:") and "'severe'" in m and "critical、high、medium、low" in m
               for m in messages), messages
    assert any(m.startswith("broken.yaml:20:5:") and "未知的键 'owner'" in m for m in messages), messages
    assert len(messages) == 4


def test_yaml_syntax_error_points_at_the_line(tmp_path):
    pack = tmp_path / "syntax.yaml"
    pack.write_text("pack:\n  id: x/y\n  title: [unclosed\nrules: []\n", encoding="utf-8")
    with pytest.raises(RulePackError) as info:
        read_rule_pack(pack, display_name="syntax.yaml")
    (problem,) = info.value.problems
    assert str(problem).startswith("syntax.yaml:4:")
    assert "YAML 语法错误" in str(problem)


def test_condition_with_unknown_field_is_located_and_other_rules_still_load(engine_factory):
    engine = engine_factory(rule_packs=[FILES / "bad_expression.yaml"], default_packs=True)
    problems = "\n".join(engine.problems)
    assert "bad_expression.yaml:18:" in problems
    assert "amout" in problems and "amount" in problems
    ids = {rule.id for rule in engine.rulebook.rules}
    assert "test.cash_ok" in ids and "test.cash_typo" not in ids
    assert "test.cash_typo" in engine.rulebook.broken_rules


def test_province_override_changes_parameters_and_severity(engine_factory):
    engine = engine_factory(rule_packs=[FILES / "province_override.yaml"])
    rule = engine.rulebook.rule("finance.cash_over_limit")
    assert rule.parameters["cash_limit"] == 500
    assert rule.severity == "high"
    assert engine.problems == []


def test_every_shipped_pack_is_valid(engine_factory):
    engine = engine_factory()
    assert engine.problems == []
    domains = {rule.domain for rule in engine.rulebook.rules}
    assert {"finance_disclosure", "procurement", "cadre_conduct", "welfare"} <= domains
    for rule in engine.rulebook.rules:
        assert rule.legal_basis, rule.id
