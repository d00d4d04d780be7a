"""The finance synthetic data against the finance rules: every plant found, nothing else, clean data clean."""

from __future__ import annotations

import collections
from pathlib import Path

import polars as pl
import pytest
from riskengine_synth import finance_disclosure
from riskengine_synth.quality import RULE_IDS, measure
from riskengine_synth.truth import Truth
from riskengine_synth.world import World

from tests.detector_helpers import evaluate_domain, with_serious

PACK = Path(__file__).resolve().parents[1] / "rules" / "finance_disclosure.yaml"
FINANCE_RULES = tuple(rule_id for rule_id in RULE_IDS if rule_id.startswith("finance."))


@pytest.fixture(scope="module")
def run():
    """World + finance ledgers, evaluated with the finance pack: (world, truth, findings, not_evaluated)."""
    world, truth, findings, not_evaluated = evaluate_domain(finance_disclosure, PACK)
    return world, truth, findings, not_evaluated


def test_every_rule_has_at_least_four_plants_in_problem_orgs(run) -> None:
    _, truth, _, _ = run
    counts = collections.Counter(v["rule_id"] for v in truth.violations)
    assert all(counts[rule] >= 4 for rule in FINANCE_RULES), counts
    assert {v["org_id"] for v in truth.violations} <= set(truth.problem_orgs)


def test_plants_are_found_and_nothing_else(run) -> None:
    _, truth, findings, _ = run
    result = {"findings": findings.select("rule_id", "org_id", "records").to_dicts()}
    report = measure(result, truth.to_dict(), rule_ids=FINANCE_RULES)
    for rule in FINANCE_RULES:
        quality = report.rule(rule)
        assert (quality.recall, quality.precision) == (1.0, 1.0), (rule, quality)
    assert report.clean_org_findings == 0
    assert report.collateral_findings == 0


def test_findings_name_the_planted_posts_and_severities(run) -> None:
    _, truth, findings, _ = run
    rows = with_serious(findings).iter_rows(named=True)
    by_key = {(row["rule_id"], r): row for row in rows for r in row["records"]}
    for violation in truth.violations:
        row = by_key[(violation["rule_id"], violation["records"][0])]
        posts = violation["post_id"]
        assert row["post_ids"] == sorted([posts] if isinstance(posts, str) else posts), violation
        # serious: a serious problem under rules/scoring.yaml (what the level policy counts)
        assert (row["serious"] is not None) == violation["serious"], violation


def test_benford_is_judged_on_clean_high_volume_orgs(run) -> None:
    world, truth, findings, not_evaluated = run
    thin = {org for note in not_evaluated if note.rule_id == "finance.benford" for org in note.org_ids}
    judged_clean = set(world.clean_orgs) - thin
    assert len(judged_clean) >= 2  # evaluated, and no finding (clean orgs have none at all)
    bands = findings.filter(pl.col("rule_id") == "finance.benford")["severity"].sort().to_list()
    assert bands == ["low", "low", "medium", "medium"]  # two marginal, two nonconforming plants
    assert {n.rule_id for n in not_evaluated} == {"finance.benford"}


def test_clean_ledger_looks_like_a_ledger(run) -> None:
    world, _, _, _ = run
    ledger = pl.DataFrame(world.tables["ledger"], infer_schema_length=None).filter(
        pl.col("org_id").is_in(world.clean_orgs)
    )
    expenses = ledger.filter(pl.col("direction") == "expense")
    per_org = expenses.group_by("org_id").len()["len"]
    assert per_org.min() >= 250  # a few hundred expenses per community over the 23 months
    cents = (expenses["amount"] * 100).round(0).cast(pl.Int64)
    assert (cents % 100_000 == 0).sum() == 0  # no round amounts
    assert expenses.filter(pl.col("payment_method") == "cash")["amount"].max() < 1000
    assert ledger["voucher_no"].n_unique() == ledger.height
    assert (ledger["approved_by"] != ledger["handled_by"]).all()


def test_generation_is_deterministic() -> None:
    tables = []
    for _ in range(2):
        world = World(11)
        finance_disclosure.generate(world, Truth.for_world(world))
        tables.append({k: world.tables[k] for k in ("ledger", "disclosures", "resolutions")})
    assert tables[0] == tables[1]


def test_engine_finds_the_finance_plants_in_the_full_dataset(synthetic, synthetic_result) -> None:
    """All four domains generated together: the finance rules still find exactly their plants."""
    import json

    truth = json.loads(Path(synthetic.truth_path).read_text(encoding="utf-8"))
    report = measure(synthetic_result.to_dict(), truth, rule_ids=FINANCE_RULES)
    assert [f for f in report.failures() if f.startswith("finance.")] == []
    finance = [r for r in report.rules if r.rule_id in FINANCE_RULES]
    assert all(r.precision == 1.0 and r.recall == 1.0 for r in finance), finance
