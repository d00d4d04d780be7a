"""``riskengine rules check``: exit 0 valid, 1 validation errors, 3 unreadable; counts the packs checked."""

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli.rules import rules

PACKS = Path(__file__).parent / "files" / "packs"


def check(*names: str):
    return CliRunner().invoke(rules, ["check", *(str(PACKS / n) for n in names)])


def test_a_valid_pack_counts_only_its_own_rules():
    result = check("one_rule.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "规则包检查通过：共 1 条规则\n"


def test_an_override_pack_counts_its_overrides():
    result = check("province_override.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "规则包检查通过：共 0 条规则，修订 1 条规则\n"


@pytest.mark.parametrize(
    "name",
    ["override_unknown_param.yaml", "override_wrong_type.yaml", "extends_unknown.yaml", "unknown_domain.yaml",
     "broken.yaml", "bad_expression.yaml", "literal_out_of_range.yaml"],
)
def test_validation_errors_exit_1_with_locations(name):
    result = check(name)
    assert result.exit_code == 1, result.output
    assert f"tests/files/packs/{name}:" in result.stderr
    assert "规则包检查通过" not in result.stdout


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("bad_encoding.yaml", ":4:12: 无法识别文件编码"),
        ("alias_bomb.yaml", ":14:8: 别名 *e 展开后超过"),
        ("deep_nesting.yaml", ":1:70: 嵌套超过 64 层"),
        ("duplicate_key.yaml", ":12:3: 键 'finance.cash_over_limit' 重复"),
    ],
)
def test_a_pack_that_cannot_be_parsed_exits_3(name, where):
    result = check(name)
    assert result.exit_code == 3, result.output
    assert f"tests/files/packs/{name}{where}" in result.stderr


def test_a_literal_zero_divisor_is_a_warning():
    result = check("zero_divisor.yaml")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "警告：",
        "  tests/files/packs/zero_divisor.yaml:18:26: 除数 “0” 为 0：该运算的结果为空值 null，含它的条件不成立",
        "  tests/files/packs/zero_divisor.yaml:18:44: 除数 “params.share” 为 0：该运算的结果为空值 null，含它的条件不成立",
    ]
    assert result.stdout == "规则包检查通过：共 1 条规则\n"


def test_replacing_a_shipped_pack_is_announced():
    result = check("replace_shipped.yaml")
    assert result.exit_code == 0, result.output
    assert "提示：规则包 tests/files/packs/replace_shipped.yaml 与内置规则包 cn/finance-disclosure" in result.stderr


def test_variants_with_the_same_id_are_each_checked():
    result = check("override_unknown_param.yaml", "override_wrong_type.yaml", "province_override.yaml")
    assert result.exit_code == 1, result.output
    assert "override_unknown_param.yaml:12:18: 规则 finance.cash_over_limit 没有参数 'cash_limt'" in result.stderr
    assert "override_wrong_type.yaml:13:19: 规则 finance.cash_over_limit 的参数 cash_limit 应为数字" in result.stderr
    assert "取代" not in result.stderr  # they are not loaded together, so none replaces another


def test_pack_errors_in_english():
    result = CliRunner().invoke(
        rules, ["check", str(PACKS / "override_wrong_type.yaml")], env={"RISKENGINE_LANG": "en"}
    )
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[:2] == [
        "rule pack tests/files/packs/override_wrong_type.yaml has 2 errors",
        "  tests/files/packs/override_wrong_type.yaml:13:19: parameter cash_limit of rule finance.cash_over_limit "
        "should be a number (was 1000), not '500元'",
    ]


def test_checking_the_shipped_packs_themselves_is_quiet():
    rules_dir = Path(__file__).parent.parent / "rules"
    shipped = sorted(p for p in rules_dir.glob("*.yaml") if not p.name.endswith(".tests.yaml"))
    result = CliRunner().invoke(rules, ["check", *(os.path.relpath(p) for p in shipped)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith("规则包检查通过：共 ")


def test_a_pack_not_in_force_on_the_date_is_noted_but_valid():
    pack = str(PACKS / "override_not_yet_in_force.yaml")
    result = CliRunner().invoke(rules, ["check", pack, "--as-of", "2026-11-30"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "提示：规则包 gx/finance-revision（tests/files/packs/override_not_yet_in_force.yaml）自 2027-01-01 起生效，"
        "评估基准日 2026-11-30 不在生效期间，未予适用\n"
    )
    later = CliRunner().invoke(rules, ["check", pack, "--as-of", "2027-02-01"])
    assert later.exit_code == 0 and later.stderr == ""
