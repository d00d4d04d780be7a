"""Which packs apply on the assessment date, and what the user is told about the others."""

import datetime as dt
from pathlib import Path

import pytest

from riskengine.errors import RulePackError

FILES = Path(__file__).parent / "files"
PACKS = FILES / "packs"
AS_OF = dt.date(2026, 11, 30)


def test_a_pack_not_yet_in_force_is_announced_listed_and_not_applied(engine_factory):
    engine = engine_factory(rule_packs=[PACKS / "override_not_yet_in_force.yaml"])
    result = engine.assess(FILES / "street_a", as_of=AS_OF).to_dict()
    assert (
        "规则包 gx/finance-revision（tests/files/packs/override_not_yet_in_force.yaml）自 2027-01-01 起生效，"
        "评估基准日 2026-11-30 不在生效期间，未予适用"
    ) in result["notices"]
    assert result["packs_not_applied"] == [
        {
            "id": "gx/finance-revision",
            "version": "1.0.0",
            "source": "tests/files/packs/override_not_yet_in_force.yaml",
            "effective": {"from": "2027-01-01", "to": None},
            "reason": "不在生效期间",
        }
    ]
    assert "gx/finance-revision" not in {p["id"] for p in result["rule_packs"]}
    assert engine.rulebook.on(AS_OF).rule("finance.cash_over_limit").parameters["cash_limit"] == 1000
    # On a date when it is in force, it applies.
    assert engine.rulebook.on(dt.date(2027, 3, 1)).rule("finance.cash_over_limit").parameters["cash_limit"] == 500


def test_an_expired_pack_is_not_applied(engine_factory):
    engine = engine_factory(rule_packs=[PACKS / "override_expired.yaml"])
    result = engine.assess(FILES / "street_a", as_of=AS_OF).to_dict()
    assert (
        "规则包 gx/finance-revision（tests/files/packs/override_expired.yaml）已于 2025-12-31 失效，"
        "评估基准日 2026-11-30 不在生效期间，未予适用"
    ) in result["notices"]
    assert engine.rulebook.on(AS_OF).rule("finance.cash_over_limit").severity == "medium"


def test_replacing_a_shipped_pack_is_announced_with_the_rules_it_drops(engine_factory):
    engine = engine_factory(rule_packs=[PACKS / "replace_shipped.yaml"])
    assert engine.problems == []
    (notice,) = [n for n in engine.rulebook.notices if "replace_shipped" in n]
    assert notice.startswith(
        "规则包 tests/files/packs/replace_shipped.yaml 与内置规则包 cn/finance-disclosure（"
    )
    assert "已取代之；原有的 13 条规则不再评估：finance.late_disclosure、finance.missing_disclosure、" in notice
    assert "finance.cash_over_limit" not in notice  # redefined by the new pack, not dropped
    finance = [r.id for r in engine.rulebook.rules if r.domain == "finance_disclosure"]
    assert finance == ["finance.cash_over_limit"]
    result = engine.assess(FILES / "street_a", as_of=AS_OF).to_dict()
    assert notice in result["notices"]
    replaced = [p for p in result["packs_not_applied"] if p["id"] == "cn/finance-disclosure"]
    assert replaced[0]["reason"] == "被同编号的规则包 tests/files/packs/replace_shipped.yaml 取代"


def test_no_scoring_pack_in_force_is_a_clear_error(engine_factory):
    engine = engine_factory()
    with pytest.raises(RulePackError) as info:
        engine.assess(FILES / "street_a", as_of=dt.date(2025, 12, 31))
    assert str(info.value) == (
        "评估基准日 2025-12-31 没有生效的评分规则包（未生效或已失效的：cn/scoring（2026-01-01..））；"
        "请用 --rules 指定在该日生效的评分规则包，或调整 --as-of"
    )


def test_a_scoring_pack_in_force_earlier_lets_an_earlier_assessment_run(engine_factory):
    engine = engine_factory(rule_packs=[PACKS / "scoring_from_2025.yaml"])
    assert engine.problems == []
    assert any(
        n.startswith("规则包 tests/files/packs/scoring_from_2025.yaml 与内置规则包 cn/scoring（")
        and n.endswith("已取代之；原有的设置不再适用")
        for n in engine.rulebook.notices
    )
    result = engine.assess(FILES / "street_a", as_of=dt.date(2025, 12, 31)).to_dict()
    assert [p["id"] for p in result["rule_packs"]] == ["cn/scoring"]
    assert result["findings"] == [] and result["posts"]
    assert {p["id"] for p in result["packs_not_applied"]} >= {"cn/finance-disclosure", "cn/welfare"}
