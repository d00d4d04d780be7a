"""The welfare rule pack and synthetic data through the whole engine: every plant found, nothing else."""

from __future__ import annotations

import collections
import datetime as dt
import json

import pytest
from riskengine_synth import welfare
from riskengine_synth.dates import AS_OF, PERIOD_END, PERIOD_START
from riskengine_synth.generate import generate_dataset
from riskengine_synth.quality import RULE_IDS, measure
from riskengine_synth.truth import Truth
from riskengine_synth.world import World

from riskengine.data.period import Period
from riskengine.engine import Engine

WELFARE_RULES = tuple(rule_id for rule_id in RULE_IDS if rule_id.startswith("welfare."))
SEVERITY = {
    "welfare.paid_after_death": "critical",
    "welfare.paid_after_exit": "high",
    "welfare.duplicate_payment": "high",
    "welfare.shared_account": "high",
    "welfare.reviewer_conflict": "high",
}
RESPONSIBLE = {
    "welfare.relative_enrolled": ("field", "reviewed_by"),
    "welfare.reviewer_conflict": ("field", "reviewed_by"),
    "welfare.recipients_not_disclosed": ("org_post", "welfare"),
}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create()


@pytest.fixture(scope="module")
def assessed(engine, tmp_path_factory):
    """(result document, truth) of the welfare synthetic data assessed by the whole engine.

    Only the welfare generator runs, so the test stays fast and independent of the other domains'
    generators; the full four-domain benchmark belongs to the quality suite.
    """
    out = tmp_path_factory.mktemp("welfare")
    generated = generate_dataset(out, seed=7, domains=["welfare"], streets=1, communities_per_street=12)
    result = engine.assess(generated.path, as_of=AS_OF, period=Period(PERIOD_START, PERIOD_END))
    return result.to_dict(), json.loads(generated.truth_path.read_text(encoding="utf-8"))


def test_pack_loads_with_the_indicator_severities_and_responsible_posts(engine) -> None:
    assert not [p for p in engine.problems if "welfare" in p]
    rules = {r.id: r for r in engine.rulebook.rules if r.domain == "welfare"}
    assert sorted(rules) == sorted(WELFARE_RULES)
    for rule_id, rule in rules.items():
        assert rule.severity == SEVERITY.get(rule_id, "medium"), rule_id
        kind, value = RESPONSIBLE.get(rule_id, ("field", "handled_by"))
        assert getattr(rule.responsible, kind) == value, rule_id
        assert rule.detector is not None and rule.legal_basis and rule.rectification.measures
    assert rules["welfare.relative_enrolled"].escalations[0].severity == "high"


def test_every_rule_is_planted_at_least_four_times_in_problem_orgs() -> None:
    world = World(3, streets=1, communities_per_street=10)
    truth = Truth.for_world(world)
    welfare.generate(world, truth)
    counts = collections.Counter(v["rule_id"] for v in truth.violations)
    assert all(counts[rule] >= 4 for rule in WELFARE_RULES), counts
    assert {v["org_id"] for v in truth.violations} <= set(world.problem_orgs)
    assert all(v["post_id"].endswith("-WEL") for v in truth.violations)


def test_generation_is_deterministic() -> None:
    def run() -> tuple[list, list]:
        world = World(5, streets=1, communities_per_street=10)
        truth = Truth.for_world(world)
        welfare.generate(world, truth)
        return world.tables["disbursements"], truth.violations

    assert run() == run()


def test_clean_payments_follow_the_house_rules() -> None:
    world = World(11, streets=1, communities_per_street=10)
    welfare.generate(world, Truth.for_world(world))
    disbursements = world.tables["disbursements"]
    assert all(d["disb_id"].startswith("WD") and d["account_id"].startswith("A") for d in disbursements)
    assert all(d["date"].weekday() < 5 for d in disbursements)
    assert all(r["disclosure_id"].startswith("DW") for r in world.tables["disclosures"])
    assert min(d["date"] for d in disbursements) >= dt.date(2025, 1, 1)


def test_quality_per_rule_and_no_findings_in_clean_orgs(assessed) -> None:
    doc, truth = assessed
    report = measure(doc, truth)
    for rule_id in WELFARE_RULES:
        quality = report.rule(rule_id)
        assert quality.planted >= 4, rule_id
        assert quality.recall is not None and quality.recall >= 0.95, (rule_id, quality)
        assert quality.precision is not None and quality.precision >= 0.95, (rule_id, quality)
    clean = set(truth["clean_orgs"])
    assert [f for f in doc["findings"] if f["domain"] == "welfare" and f["org_id"] in clean] == []
    assert not [n for n in doc["not_evaluated"] if n["rule_id"].startswith("welfare.")]


def test_messages_name_people_amounts_and_records(assessed) -> None:
    doc, _ = assessed
    by_rule = {f["rule_id"]: f for f in doc["findings"] if f["domain"] == "welfare"}
    death = by_rule["welfare.paid_after_death"]
    assert "死亡，其后仍发放" in death["message"] and " 元" in death["message"]
    assert death["severity"] == "critical" and death["post_ids"][0].endswith("-WEL")
    assert any(r.startswith("persons:") for r in death["records"])
    shared = by_rule["welfare.shared_account"]
    assert shared["message"].startswith("账户 A") and "2 个家庭" in shared["message"]
    undisclosed = by_rule["welfare.recipients_not_disclosed"]
    assert "季度" in undisclosed["message"] and undisclosed["post_ids"][0].endswith("-WEL")
