"""Rule packs: authors see every error at once, each with file:line:column and what was expected."""

import tracemalloc
from pathlib import Path

import pytest

from riskengine.errors import RulePackError, RulePackSyntaxError
from riskengine.packs import text as pack_text
from riskengine.packs.rulepack import read_rule_pack
from riskengine.packs.shipped import known_domains

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


# -- encodings a Chinese Windows editor writes ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "notice"),
    [
        ("override_utf8_bom.yaml", None),
        ("override_gbk.yaml", "已按 GB18030（GBK） 读取"),
        ("override_utf16.yaml", "已按 UTF-16 读取"),
    ],
)
def test_a_pack_saved_in_any_windows_encoding_loads(engine_factory, name, notice):
    engine = engine_factory(rule_packs=[FILES / name])
    assert engine.problems == []
    rule = engine.rulebook.rule("finance.cash_over_limit")
    assert (rule.parameters["cash_limit"], rule.severity) == (500, "high")
    notices = [n for n in engine.rulebook.notices if name in n]
    assert (notices[0] if notices else None) == (
        None if notice is None else f"规则包 tests/files/packs/{name} 不是 UTF-8 编码，{notice}；建议另存为 UTF-8"
    )
    titles = {info.id: info.title for info in engine.rulebook.packs}
    assert titles["gx/finance-revision"] == "某省对财务公开规则的修订"  # the Chinese text decoded right


def test_an_undecodable_pack_names_the_file_line_and_byte():
    with pytest.raises(RulePackSyntaxError) as info:
        read_rule_pack(FILES / "bad_encoding.yaml", display_name="bad_encoding.yaml")
    assert info.value.message == "规则包 bad_encoding.yaml 无法读取"
    assert _messages(info.value) == [
        "bad_encoding.yaml:4:12: 无法识别文件编码：字节 0x80 既不是 UTF-8 也不是 GBK/GB18030；请在编辑器中另存为 UTF-8"
    ]


# -- bounded YAML --------------------------------------------------------------------------------


def test_an_alias_bomb_is_refused_at_the_alias():
    tracemalloc.start()
    try:
        with pytest.raises(RulePackSyntaxError) as info:
            read_rule_pack(FILES / "alias_bomb.yaml", display_name="alias_bomb.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert _messages(info.value) == [
        "alias_bomb.yaml:14:8: 别名 *e 展开后超过 100,000 个节点（疑似别名炸弹），已拒绝读取"
    ]
    assert peak < 100 * 1024 * 1024


def test_deep_nesting_and_recursive_aliases_are_refused():
    with pytest.raises(RulePackSyntaxError) as deep:
        read_rule_pack(FILES / "deep_nesting.yaml", display_name="deep.yaml")
    assert _messages(deep.value) == ["deep.yaml:1:70: 嵌套超过 64 层，规则包不需要这么深的结构"]
    with pytest.raises(RulePackSyntaxError) as loop:
        read_rule_pack(FILES / "recursive_alias.yaml", display_name="loop.yaml")
    assert _messages(loop.value) == ["loop.yaml:3:9: 别名 *loop 引用了包含它自身的锚点（循环引用）"]


def test_a_pack_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(pack_text, "MAX_PACK_BYTES", 100)
    with pytest.raises(RulePackSyntaxError) as info:
        read_rule_pack(FILES / "province_override.yaml", display_name="big.yaml")
    size = (FILES / "province_override.yaml").stat().st_size
    assert _messages(info.value) == [f"big.yaml: 文件有 {size:,} 字节，超过规则包的上限 100 字节"]


def test_a_key_written_twice_is_an_error_not_a_silent_overwrite():
    with pytest.raises(RulePackSyntaxError) as info:
        read_rule_pack(FILES / "duplicate_key.yaml", display_name="dup.yaml")
    assert _messages(info.value) == [
        "dup.yaml:12:3: 键 'finance.cash_over_limit' 重复（首次出现在第 10 行）；同一映射中每个键只能写一次"
    ]


def test_a_control_character_is_located():
    with pytest.raises(RulePackSyntaxError) as info:
        read_rule_pack(FILES / "control_character.yaml", display_name="ctrl.yaml")
    assert _messages(info.value) == ["ctrl.yaml:3:11: 文件中有不允许的控制字符 U+0007"]


def test_numbers_out_of_range_are_errors_where_written():
    with pytest.raises(RulePackError) as info:
        read_rule_pack(FILES / "number_out_of_range.yaml", display_name="num.yaml")
    assert _messages(info.value) == [
        "num.yaml:10:15: 数字 inf 超出范围：整数须在 ±9223372036854775807 之内，小数须为有限值",
        "num.yaml:11:10: 数字 10000000000000000000000… 超出范围：整数须在 ±9223372036854775807 之内，小数须为有限值",
    ]


def test_parameters_of_a_pack_without_rules_are_an_error():
    with pytest.raises(RulePackError) as info:
        read_rule_pack(FILES / "unused_parameters.yaml", display_name="p.yaml")
    assert _messages(info.value) == [
        "p.yaml:9:1: parameters 只作用于本规则包自己的规则，而本规则包没有规则；修订其他规则包的参数请写在 rule_overrides 中"
    ]


def test_unknown_domain_is_an_error_with_a_suggestion(engine_factory):
    engine = engine_factory(rule_packs=[FILES / "unknown_domain.yaml"])
    assert engine.problems == [
        "规则包 tests/files/packs/unknown_domain.yaml 有 1 处错误\n"
        "  tests/files/packs/unknown_domain.yaml:4:11: 未知的领域 'finance_disclosur'，是否指 'finance_disclosure'？"
        f"（已安装的插件提供的领域：{'、'.join(sorted(known_domains(engine.registry)))}）"
    ]
    assert {"finance_disclosure", "procurement", "cadre_conduct", "welfare", "scoring"} <= known_domains(
        engine.registry
    )
