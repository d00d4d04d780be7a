"""Layered packs (province, city, county): what an author sees when an overlay breaks a lock or a bound.

The provincial pack ``layers/province.yaml`` (gd/finance 1.2.0) locks ``severity`` of
gdfin.cash_over_limit, the whole of gdfin.large_cash, and ``collective_limit`` for every rule; it
bounds ``cash_limit`` to 500..2000. The city (gd-sz/finance) extends it with a version range and
locks the deadline of gdfin.large_expense for its counties; the county (gd-sz-ft/finance) extends
the city.
"""

import json
from pathlib import Path

from click.testing import CliRunner

from riskengine.cli import main

LAYERS = Path(__file__).parent / "files" / "packs" / "layers"
PROVINCE, CITY, COUNTY = LAYERS / "province.yaml", LAYERS / "city.yaml", LAYERS / "county.yaml"
WHERE = "tests/files/packs/layers"


def _problems(engine) -> list[str]:
    return [line.strip() for block in engine.problems for line in block.splitlines()]


def test_a_county_revises_a_provincial_rule_through_its_city(engine_factory):
    engine = engine_factory(rule_packs=[PROVINCE, CITY, COUNTY])
    assert engine.problems == []
    rule = engine.rulebook.rule("gdfin.cash_over_limit")
    # county's cash_limit and title, city's message, province's severity (locked) and deadline
    assert (rule.severity, rule.parameters["cash_limit"]) == ("medium", 600)
    assert rule.rectification.title == "现金支付整改（县）"
    assert rule.rectification.deadline_days == 30
    # the county disabled a rule that nobody locked
    assert "gdfin.large_expense" not in {r.id for r in engine.rulebook.rules}


def test_changes_apply_in_chain_order_not_load_order(engine_factory):
    # The county is given before the city: the county still has the last word.
    engine = engine_factory(rule_packs=[PROVINCE, COUNTY, CITY])
    assert engine.problems == []
    assert engine.rulebook.rule("gdfin.cash_over_limit").parameters["cash_limit"] == 600
    city_only = engine_factory(rule_packs=[PROVINCE, CITY])
    assert city_only.rulebook.rule("gdfin.cash_over_limit").parameters["cash_limit"] == 800
    assert city_only.rulebook.rule("gdfin.large_expense").rectification.deadline_days == 20


def test_a_locked_severity_is_an_error_at_the_overlays_line(engine_factory):
    engine = engine_factory(rule_packs=[PROVINCE, LAYERS / "locked_severity.yaml"])
    assert _problems(engine) == [
        f"规则包 {WHERE}/locked_severity.yaml 有 1 处错误",
        f"{WHERE}/locked_severity.yaml:13:5: 规则 gdfin.cash_over_limit 的风险程度（severity）已被上级规则包 "
        f"gd/finance 锁定（{WHERE}/province.yaml:25：locked: [severity]），下级规则包不能修订；请删去这一项",
    ]
    assert engine.rulebook.rule("gdfin.cash_over_limit").severity == "medium"  # not applied


def test_a_locked_parameter_is_an_error_at_the_overlays_line(engine_factory):
    engine = engine_factory(rule_packs=[PROVINCE, LAYERS / "locked_parameter.yaml"])
    assert _problems(engine) == [
        f"规则包 {WHERE}/locked_parameter.yaml 有 1 处错误",
        f"{WHERE}/locked_parameter.yaml:13:18: 规则 gdfin.large_expense 的参数 collective_limit "
        f"已被上级规则包 gd/finance 锁定（{WHERE}/province.yaml:14：locked_parameters: [collective_limit]），"
        "下级规则包不能修订；请删去这一项",
    ]
    assert engine.rulebook.rule("gdfin.large_expense").parameters["collective_limit"] == 50000


def test_a_value_out_of_bounds_is_an_error_with_the_allowed_range(engine_factory):
    engine = engine_factory(rule_packs=[PROVINCE, LAYERS / "out_of_bounds.yaml"])
    assert _problems(engine) == [
        f"规则包 {WHERE}/out_of_bounds.yaml 有 1 处错误",
        f"{WHERE}/out_of_bounds.yaml:14:19: 规则 gdfin.cash_over_limit 的参数 cash_limit 为 3000，"
        f"超出上级规则包 gd/finance 规定的范围 500 ～ 2000（{WHERE}/province.yaml:16）；请改为范围内的值",
    ]
    assert engine.rulebook.rule("gdfin.cash_over_limit").parameters["cash_limit"] == 1000


def test_a_fully_locked_rule_cannot_be_disabled(engine_factory):
    engine = engine_factory(rule_packs=[PROVINCE, LAYERS / "disabled_locked.yaml"])
    assert _problems(engine) == [
        f"规则包 {WHERE}/disabled_locked.yaml 有 1 处错误",
        f"{WHERE}/disabled_locked.yaml:13:5: 规则 gdfin.large_cash 的启用/停用（enabled）已被上级规则包 "
        f"gd/finance 锁定（{WHERE}/province.yaml:56：locked: true），下级规则包不能修订；请删去这一项",
    ]
    assert "gdfin.large_cash" in {r.id for r in engine.rulebook.rules}  # still runs


def test_a_city_lock_binds_its_counties(engine_factory):
    engine = engine_factory(rule_packs=[PROVINCE, CITY, LAYERS / "county_locked_by_city.yaml"])
    assert _problems(engine) == [
        f"规则包 {WHERE}/county_locked_by_city.yaml 有 1 处错误",
        f"{WHERE}/county_locked_by_city.yaml:13:21: 规则 gdfin.large_expense "
        "的整改期限（rectification.deadline_days）"
        f"已被上级规则包 gd-sz/finance 锁定（{WHERE}/city.yaml:17：locked: [rectification.deadline_days]），"
        "下级规则包不能修订；请删去这一项",
    ]
    assert engine.rulebook.rule("gdfin.large_expense").rectification.deadline_days == 20  # the city's


def test_a_base_outside_the_version_range_is_an_error_naming_the_loaded_version(engine_factory):
    engine = engine_factory(rule_packs=[PROVINCE, LAYERS / "version_mismatch.yaml"])
    assert _problems(engine) == [
        f"规则包 {WHERE}/version_mismatch.yaml 有 1 处错误",
        f"{WHERE}/version_mismatch.yaml:9:38: extends 要求规则包 gd/finance 的版本为 >=2.0，"
        "但已加载的是 1.2.0"
        f"（{WHERE}/province.yaml）；请改用符合范围的版本，或修改版本范围",
    ]


def test_a_malformed_version_range_is_an_error_when_the_pack_is_read(engine_factory):
    engine = engine_factory(rule_packs=[PROVINCE, LAYERS / "bad_range.yaml"])
    assert _problems(engine) == [
        f"规则包 {WHERE}/bad_range.yaml 有 1 处错误",
        f"{WHERE}/bad_range.yaml:9:38: extends 的版本范围 '1.2' 写法不对：应写成 \">=1.1,<2\" 这样的比较式，"
        "逗号表示“并且”",
    ]


def test_an_extends_cycle_is_an_error(engine_factory):
    engine = engine_factory(rule_packs=[PROVINCE, LAYERS / "cycle_a.yaml", LAYERS / "cycle_b.yaml"])
    problems = _problems(engine)
    assert (
        f"{WHERE}/cycle_a.yaml:9:12: extends 形成了循环（gd-a/finance → gd-b/finance → gd-a/finance）："
        "上级规则包不能再 extends 下级"
    ) in problems


def test_rules_check_passes_on_the_whole_chain():
    result = CliRunner().invoke(main, ["rules", "check", str(PROVINCE), str(CITY), str(COUNTY)])
    assert result.exit_code == 0, result.output
    assert "共 2 条规则，修订 4 条规则" in result.output  # the county disabled gdfin.large_expense


def test_rules_show_effective_names_the_layer_of_each_value():
    packs = ["--rules", str(PROVINCE), "--rules", str(COUNTY), "--rules", str(CITY)]
    args = ["rules", "show", "--effective", *packs]
    result = CliRunner().invoke(main, [*args, "gdfin.cash_over_limit"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"gdfin.cash_over_limit  超限额现金支付（定义于 gd/finance，{WHERE}/province.yaml:19）",
        f"  enabled                      true  ← gd/finance（{WHERE}/province.yaml:19）（未写，默认）",
        f"  severity                     medium  ← gd/finance（{WHERE}/province.yaml:24）  🔒",
        f"  parameters.cash_limit        600  ← gd-sz-ft/finance（{WHERE}/county.yaml:13）",
        '  message                      '
        '"支出 {txn_id} 以现金支付 {amount} 元，超过本市 {params.cash_limit} 元起点"'
        f"  ← gd-sz/finance（{WHERE}/city.yaml:14）",
        f"  rectification.title          现金支付整改（县）  ← gd-sz-ft/finance（{WHERE}/county.yaml:15）",
        f'  rectification.measures       ["改为转账支付"]  ← gd/finance（{WHERE}/province.yaml:32）',
        f"  rectification.deadline_days  30  ← gd/finance（{WHERE}/province.yaml:33）",
        "  锁定（下级不能修订）：",
        f"    locked: [severity]  ← gd/finance（{WHERE}/province.yaml:25）",
        "  参数范围（下级修订时须在范围内）：",
        f"    cash_limit: 500 ～ 2000  ← gd/finance（{WHERE}/province.yaml:16）",
        "",
    ]


def test_rules_show_without_effective_shows_the_pack_as_written():
    args = ["rules", "show", "--rules", str(PROVINCE), "--rules", str(CITY), "gdfin.cash_over_limit"]
    result = CliRunner().invoke(main, args)
    assert f"  parameters.cash_limit        1000  ← gd/finance（{WHERE}/province.yaml:11）" in result.output


def test_rules_show_effective_as_json():
    packs = ["--rules", str(PROVINCE), "--rules", str(CITY), "--rules", str(COUNTY)]
    args = ["rules", "show", "--effective", "--format", "json", *packs, "gdfin.large_expense"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    (rule,) = json.loads(result.output)["rules"]
    assert rule["values"]["enabled"] == {
        "value": False,
        "pack": "gd-sz-ft/finance",
        "source": f"{WHERE}/county.yaml",
        "line": 17,
        "default": False,
    }
    assert rule["values"]["rectification.deadline_days"]["pack"] == "gd-sz/finance"
    assert rule["values"]["parameters.collective_limit"]["value"] == 50000
    assert [(lock["written"], lock["pack"], lock["line"]) for lock in rule["locks"]] == [
        ("locked_parameters: [collective_limit]", "gd/finance", 14),
        ("locked: [rectification.deadline_days]", "gd-sz/finance", 17),
    ]


def test_rules_show_an_unknown_rule_suggests_the_closest():
    result = CliRunner().invoke(main, ["rules", "show", "--rules", str(PROVINCE), "gdfin.cash_over_limt"])
    assert result.exit_code == 1
    assert "规则 gdfin.cash_over_limt 不存在，是否指 'gdfin.cash_over_limit'？" in result.output


def test_an_overlay_message_that_does_not_compile_is_reported_and_not_applied(engine_factory):
    engine = engine_factory(rule_packs=[PROVINCE, LAYERS / "bad_message.yaml"])
    assert _problems(engine) == [
        f"规则包 {WHERE}/bad_message.yaml 有 1 处错误",
        f"{WHERE}/bad_message.yaml:13:31: 未知参数 'params.collective_limt'，"
        "是否指 'params.collective_limit'？",
    ]
    # The provincial rule still runs, with the province's message.
    assert "gdfin.large_expense" not in engine.rulebook.broken_rules
    assert "gdfin.large_expense" in {r.id for r in engine.rulebook.rules}


def test_a_lock_on_a_missing_parameter_and_an_inverted_range_are_errors(engine_factory):
    engine = engine_factory(rule_packs=[PROVINCE, LAYERS / "bad_limits.yaml"])
    assert _problems(engine) == [
        f"规则包 {WHERE}/bad_limits.yaml 有 2 处错误",
        f"{WHERE}/bad_limits.yaml:13:14: 规则 gdfin.cash_over_limit 没有参数 'cash_limt'，"
        "锁定或范围不起作用，是否指 'cash_limit'？（可用参数：cash_limit）",
        f"{WHERE}/bad_limits.yaml:14:26: 范围的最小值 900 大于最大值 100",
    ]
