"""Measuring an assessment result against the ground truth of a synthetic dataset."""

from __future__ import annotations

import pytest
from riskengine_synth.quality import measure


def _violation(rule_id, post_id, records, serious=True, org_id="C0002"):
    return {
        "rule_id": rule_id,
        "org_id": org_id,
        "post_id": post_id,
        "records": records,
        "serious": serious,
        "note": "",
    }


def _finding(rule_id, records, post_ids, org_id="C0002"):
    return {"rule_id": rule_id, "org_id": org_id, "post_ids": post_ids, "records": records}


@pytest.fixture
def truth():
    return {
        "seed": 7,
        "violations": [
            # three serious violations on the procurement post of C0002
            _violation("procurement.split_purchase", "C0002-PRC", ["procurements:PR1", "procurements:PR2"]),
            _violation("procurement.split_purchase", "C0002-PRC", ["procurements:PR3", "procurements:PR4"]),
            _violation("procurement.direct_award_over_limit", "C0002-PRC", ["procurements:PR5"]),
            # one serious violation elsewhere, never detected
            _violation(
                "procurement.direct_award_over_limit", "C0003-PRC", ["procurements:PR6"], org_id="C0003"
            ),
            _violation("finance.cash_over_limit", "C0002-CSH", ["ledger:T1"], serious=False),
        ],
        "clean_orgs": ["C0001"],
        "problem_orgs": ["C0002", "C0003"],
    }


@pytest.fixture
def result():
    return {
        "findings": [
            # detects both split purchases with one finding each, naming only part of the records
            _finding("procurement.split_purchase", ["procurements:PR2"], ["C0002-PRC"]),
            _finding("procurement.split_purchase", ["procurements:PR3", "procurements:PR4"], ["C0002-PRC"]),
            # a second finding on the same planted violation still counts as true
            _finding("procurement.split_purchase", ["procurements:PR1"], ["C0002-PRC"]),
            _finding("procurement.direct_award_over_limit", ["procurements:PR5"], ["C0002-PRC"]),
            # collateral: another rule fires on the direct award's record
            _finding("procurement.no_collective_decision", ["procurements:PR5"], ["C0002-PRC"]),
            # noise in a clean org
            _finding("finance.cash_over_limit", ["ledger:T9"], ["C0001-CSH"], org_id="C0001"),
            # right record, wrong rule does not detect cash_over_limit
            _finding("finance.holiday_spending", ["ledger:T1"], ["C0002-CSH"]),
        ],
        "posts": [
            {"post_id": "C0002-PRC", "level": "high"},
            {"post_id": "C0003-PRC", "level": "medium"},
            {"post_id": "C0002-CSH", "level": "low"},
            {"post_id": "C0001-CSH", "level": "high"},
            {"post_id": "C0001-FIN", "level": "medium"},
        ],
        "not_evaluated": [
            {"rule_id": "finance.benford", "reason": "no ledger data"},
            {"rule_id": "finance.round_amounts", "reason": "too few peers", "org_ids": ["C0001", "C0002"]},
            {"rule_id": "finance.round_amounts", "reason": "too few expenses", "org_ids": ["C0003"]},
        ],
    }


def test_recall_and_precision_per_rule(result, truth):
    report = measure(result, truth)
    split = report.rule("procurement.split_purchase")
    assert (split.planted, split.detected_planted, split.findings, split.true_findings) == (2, 2, 3, 3)
    assert split.recall == 1.0 and split.precision == 1.0
    direct = report.rule("procurement.direct_award_over_limit")
    assert (direct.planted, direct.detected_planted, direct.recall, direct.precision) == (2, 1, 0.5, 1.0)
    cash = report.rule("finance.cash_over_limit")
    assert (cash.detected_planted, cash.findings, cash.true_findings) == (0, 1, 0)
    assert cash.recall == 0.0 and cash.precision == 0.0


def test_rules_without_plants_or_findings_have_no_measures(result, truth):
    report = measure(result, truth)
    quiet = report.rule("welfare.paid_after_death")
    assert (quiet.planted, quiet.findings, quiet.recall, quiet.precision) == (0, 0, None, None)
    collateral = report.rule("procurement.no_collective_decision")
    assert collateral.recall is None and collateral.precision == 0.0
    assert len(report.rules) == 45  # every fixed rule id is listed


def test_false_findings_are_counted_and_classified(result, truth):
    report = measure(result, truth)
    assert report.clean_findings == 3
    assert report.collateral_findings == 2  # no_collective_decision on PR5, holiday_spending on T1
    assert report.clean_org_findings == 1
    assert report.not_evaluated == ["finance.benford"]
    assert report.partly_evaluated == {"finance.round_amounts": 3}


def test_post_levels_against_planted_seriousness(result, truth):
    report = measure(result, truth)
    assert report.serious_posts_high == (1, 1)
    assert report.clean_posts_high == ["C0001-CSH"]
    result["posts"][0]["level"] = "medium"
    report = measure(result, truth)
    assert report.serious_posts_high == (0, 1) and report.serious_posts_missed == ["C0002-PRC"]


def test_failures_and_table_name_the_weak_rules(result, truth):
    report = measure(result, truth)
    failures = report.failures()
    assert "procurement.direct_award_over_limit: recall 0.50, precision 1.00" in failures
    assert "procurement.split_purchase" not in " ".join(failures)
    assert "clean posts rated high: C0001-CSH" in failures
    table = report.table()
    row = next(line for line in table.splitlines() if line.startswith("procurement.direct_award_over_limit"))
    assert row.split() == ["procurement.direct_award_over_limit", "2", "1", "1", "1", "0.50", "1.00"]
    quiet = next(line for line in table.splitlines() if line.startswith("welfare.paid_after_death"))
    assert quiet.split()[-2:] == ["-", "-"]
    benford = next(line for line in table.splitlines() if line.startswith("finance.benford"))
    assert benford.endswith("(not evaluated)")
    rounds = next(line for line in table.splitlines() if line.startswith("finance.round_amounts"))
    assert rounds.endswith("(not evaluated in 3 orgs)")
    assert "serious posts rated high: 1/1" in table


def test_a_perfect_result_has_no_failures(truth):
    findings = [
        _finding(v["rule_id"], v["records"][:1], [v["post_id"]], v["org_id"]) for v in truth["violations"]
    ]
    posts = [{"post_id": "C0002-PRC", "level": "high"}, {"post_id": "C0001-FIN", "level": "low"}]
    report = measure({"findings": findings, "posts": posts}, truth)
    assert report.failures() == []
    assert report.clean_findings == 0


def test_list_of_responsible_posts_in_truth():
    truth = {
        "violations": [
            _violation("finance.incompatible_posts", ["C0002-FIN", "C0002-CSH"], ["posts:C0002-FIN"])
            for _ in range(3)
        ]
    }
    result = {
        "findings": [],
        "posts": [{"post_id": "C0002-CSH", "level": "high"}, {"post_id": "C0002-FIN", "level": "low"}],
    }
    report = measure(result, truth)
    assert report.serious_posts_high == (1, 2)
    assert report.serious_posts_missed == ["C0002-FIN"]


def test_level_table_and_single_minor_posts(result, truth):
    report = measure(result, truth)
    # C0002-PRC: 3 serious -> high; C0003-PRC: 1 serious -> medium; C0002-CSH: one minor -> low;
    # C0001-CSH and C0001-FIN: nothing planted -> high and medium.
    assert report.level_table == {
        "serious": {"high": 1, "medium": 0, "low": 0},
        "some": {"high": 0, "medium": 1, "low": 1},
        "none": {"high": 1, "medium": 1, "low": 0},
    }
    assert report.minor_posts_high == []
    result["posts"][2]["level"] = "high"
    report = measure(result, truth)
    assert report.minor_posts_high == ["C0002-CSH"]
    assert "posts with one minor problem rated high: C0002-CSH" in report.failures()
    lines = report.table().splitlines()
    serious_row = next(line for line in lines if line.startswith("serious ") and "rated" not in line)
    assert serious_row.split() == ["serious", "1", "0", "0"]
