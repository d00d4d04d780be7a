"""The level policy of rules/scoring.yaml on a hand-written community (tests/files/levels), per issue #12.

C911-CN paid five times 20,000 yuan or more in cash; C911-MZ reviewed her spouse's and her sister's
低保 and has a verified negative-list event of a medium type (29 points); C911-WG answered one
complaint 28 days late; C911-KJ paid 1,530.70 in cash once; C911-SJ has nothing.
"""

from pathlib import Path

import pytest
import yaml

from riskengine.data.period import Period

from .conftest import AS_OF

LEVELS = Path(__file__).parent / "files" / "levels"
SCORING = Path(__file__).parents[1] / "rules" / "scoring.yaml"
PERIOD = Period(AS_OF.replace(month=1, day=1), AS_OF)

# What issue #12 counts as serious, at least, by rule.
SERIOUS_RULES = {
    "finance.no_collective_decision",
    "procurement.no_collective_decision",
    "finance.related_party_payment",
    "procurement.conflict_of_interest",
    "finance.split_payments",
    "procurement.split_purchase",
    "procurement.direct_award_over_limit",
    "procurement.cost_overrun",
    "finance.cash_over_limit",
    "welfare.paid_after_death",
    "welfare.paid_after_exit",
    "welfare.duplicate_payment",
    "welfare.relative_enrolled",
    "welfare.reviewer_conflict",
    "welfare.shared_account",
    "conduct.negative_list_event",
    "conduct.unanswered_complaint",
}


@pytest.fixture(scope="module")
def result(engine):
    return engine.assess(LEVELS, as_of=AS_OF, period=PERIOD)


def test_five_large_cash_payments_are_five_serious_problems(result):
    cashier = result.post("C911-CN")
    assert cashier["level"] == "high"
    assert cashier["serious_findings"] == 5
    assert cashier["overrides"] == ["存在 3 项及以上严重问题（共 5 项：大额现金支付 5 项）"]
    cash = [f for f in result.document["findings"] if f["post_ids"] == ["C911-CN"]]
    assert len(cash) == 5
    assert {f["severity"] for f in cash} == {"high"}
    assert {f["serious"] for f in cash} == {"大额现金支付"}
    assert cashier["score"] == 3 + 5 * 10


def test_two_reviewer_conflicts_and_a_verified_event_make_a_post_high(result):
    welfare = result.post("C911-MZ")
    assert welfare["score"] == 29  # below the 30 points of 一级 ...
    assert welfare["score_level"] == "medium"
    assert welfare["level"] == "high"  # ... but three serious problems
    assert welfare["overrides"] == [
        "存在 3 项及以上严重问题（共 3 项：干部亲属享受救助或审核未回避 2 项、经查实的负面清单行为 1 项）"
    ]
    serious = {c["rule_id"]: c["serious"] for c in welfare["contributions"]}
    assert serious == {
        "post.inherent_risk": 0,
        "welfare.reviewer_conflict": 2,
        "conduct.negative_list_event": 1,
    }


def test_one_minor_problem_or_none_is_never_high(result):
    assert result.post("C911-KJ")["level"] == "low"  # one small cash payment
    assert result.post("C911-WG")["level"] == "low"  # one complaint answered late
    assert result.post("C911-SJ")["level"] == "low"  # nothing
    small_cash = next(f for f in result.document["findings"] if f["post_ids"] == ["C911-KJ"])
    assert small_cash["severity"] == "medium" and small_cash["serious"] is None


def test_every_shipped_escalation_says_why_and_on_what_basis(engine):
    escalations = [(rule.id, e) for rule in engine.rulebook.rules for e in rule.escalations]
    assert len(escalations) >= 10
    for rule_id, escalation in escalations:
        assert escalation.reason, rule_id
        assert escalation.legal_basis and all(b["document"].startswith("《") for b in escalation.legal_basis)


def test_the_scoring_pack_states_the_policy_in_chinese():
    scoring = yaml.safe_load(SCORING.read_text(encoding="utf-8"))["scoring"]
    assert {lv["level"]: lv["label"] for lv in scoring["levels"]} == {
        "high": "一级（高）",
        "medium": "二级（中）",
        "low": "三级（低）",
    }
    assert all(lv["description"] for lv in scoring["levels"])
    listed = {rule for entry in scoring["serious"] for rule in entry.get("rules", ())}
    assert SERIOUS_RULES <= listed
    three = [o for o in scoring["overrides"] if o.get("serious")]
    assert three == [
        {"serious": True, "min_findings": 3, "level": "high", "reason": "存在 3 项及以上严重问题"}
    ]
    points = scoring["severity_points"]
    # No post without problems reaches 一级 on its micro-powers; one high problem alone stays below it.
    assert scoring["inherent"]["cap"] + points["high"] < scoring["levels"][0]["min_score"]


def test_a_province_sets_its_own_serious_problems_and_count(engine_factory):
    engine = engine_factory(rule_packs=[Path(__file__).parent / "files" / "packs" / "province_scoring.yaml"])
    assert engine.problems == []
    result = engine.assess(LEVELS, as_of=AS_OF, period=PERIOD)
    welfare = result.post("C911-MZ")
    assert (welfare["serious_findings"], welfare["level"], welfare["overrides"]) == (3, "medium", [])
    cashier = result.post("C911-CN")
    assert cashier["overrides"] == ["存在 4 项及以上严重问题（共 5 项：大额现金支付 5 项）"]


def test_an_override_must_name_rules_or_serious():
    from riskengine.errors import RulePackError
    from riskengine.packs.rulepack import read_rule_pack

    bad = Path(__file__).parent / "files" / "packs" / "bad_scoring.yaml"
    with pytest.raises(RulePackError) as caught:
        read_rule_pack(bad, display_name="bad_scoring.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "bad_scoring.yaml:26:7: scoring.overrides[0] 须写 rules 或 serious（至少一项）"
    ]


def test_an_escalated_finding_says_why_with_the_numbers(result):
    large = next(f for f in result.document["findings"] if f["post_ids"] == ["C911-CN"])
    assert large["escalation_reason"].startswith("单笔现金支付达到现金结算起点 1,000 元的 10 倍以上")
    small = next(f for f in result.document["findings"] if f["post_ids"] == ["C911-KJ"])
    assert small["escalation_reason"] is None
