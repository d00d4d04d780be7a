"""Measured detection quality: generate data with planted violations, assess it, compare with the truth.

Per indicator recall and precision >= 0.95, nothing flagged where nothing was planted, every post with
three or more serious planted violations rated 一级, and no clean post rated 一级.
"""

import json

import pytest

from riskengine.quality import RULE_IDS, measure


@pytest.fixture(scope="module")
def report(synthetic, synthetic_result):
    truth = json.loads(synthetic.truth_path.read_text(encoding="utf-8"))
    return measure(synthetic_result.to_dict(), truth)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_recall_and_precision_per_indicator(report, rule_id):
    quality = report.rule(rule_id)
    assert quality.planted >= 4, f"{rule_id}: nothing planted, quality not measured"
    assert rule_id not in report.not_evaluated
    assert quality.recall >= 0.95, report.table()
    assert quality.precision >= 0.95, report.table()


def test_nothing_flagged_where_nothing_was_planted(report):
    assert report.clean_findings == 0, report.table()
    assert report.clean_org_findings == 0


def test_serious_posts_rated_high_and_clean_posts_not(report):
    ok, total = report.serious_posts_high
    assert total > 0 and ok == total, report.serious_posts_missed
    assert report.clean_posts_high == []


def test_messages_name_amounts_and_records(synthetic_result):
    split = next(f for f in synthetic_result.findings if f["rule_id"] == "procurement.split_purchase")
    assert len(split["records"]) >= 2
    for record in split["records"]:
        assert record.split(":", 1)[1] in split["message"]
    assert "50,000" in split["message"]
