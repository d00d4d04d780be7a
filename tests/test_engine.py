"""End to end on a small hand-written dataset (tests/files/street_a), as an officer would check it."""

from pathlib import Path

import pytest

from riskengine.data.period import Period

from .conftest import AS_OF

STREET_A = Path(__file__).parent / "files" / "street_a"
PERIOD = Period(AS_OF.replace(month=1, day=1), AS_OF)


@pytest.fixture(scope="module")
def result(engine):
    return engine.assess(STREET_A, as_of=AS_OF, period=PERIOD)


def _findings(result, rule_id):
    return [f for f in result.document["findings"] if f["rule_id"] == rule_id]


def test_bad_rows_are_named_and_counted(result):
    rejected = {(r["source"], r["row"], r["field"]) for r in result.document["rejected"]}
    assert ("ledger.csv", 4, "amount") in rejected
    assert ("ledger.csv", 7, "payment_method") in rejected
    ledger = next(i for i in result.to_dict()["inputs"] if i["type"] == "ledger")
    assert ledger["rows"] == 6


def test_unknown_files_are_noticed(result):
    assert any("notes.csv" in n for n in result.to_dict()["notices"])


def test_findings_name_their_records_and_posts(result):
    (cash,) = _findings(result, "finance.cash_over_limit")
    assert cash["records"] == ["ledger:L001"] and cash["post_ids"] == ["C901-KJ"]
    assert "1,800" in cash["message"]
    (self_approval,) = _findings(result, "finance.self_approval")
    assert self_approval["records"] == ["ledger:L004"] and self_approval["post_ids"] == ["C902-SJ"]
    (dead,) = _findings(result, "welfare.paid_after_death")
    assert dead["records"][0] == "disbursements:D002" and dead["severity"] == "critical"
    (related,) = _findings(result, "finance.related_party_payment")
    assert "ledger:L002" in related["records"] and related["post_ids"] == ["C901-SJ"]


def test_every_post_is_rated_and_overrides_apply(result):
    levels = {p["post_id"]: p["level"] for p in result.document["posts"]}
    assert set(levels) == {"C901-SJ", "C901-KJ", "C901-CN", "C901-MZ", "C902-SJ", "C902-KJ", "C902-WG"}
    assert levels["C901-MZ"] == "high"      # paid after death: hard override
    assert levels["C901-SJ"] == "high"      # payment to the secretary's brother's company
    assert levels["C902-WG"] == "low"
    for post in result.document["posts"]:
        assert sum(c["points"] for c in post["contributions"]) == pytest.approx(post["score"])


def test_missing_record_types_are_not_evaluated_not_clean(result):
    reasons = {n["rule_id"]: n["reason"] for n in result.document["not_evaluated"]}
    assert "disclosures" in reasons["finance.missing_disclosure"]
    assert "procurements" in reasons["procurement.single_bid"]


def test_tasks_one_per_post_and_rule_with_deadline(result):
    tasks = {(t["post_id"], t["rule_id"]): t for t in result.document["tasks"]}
    task = tasks[("C901-KJ", "finance.cash_over_limit")]
    assert task["status"] == "open" and task["measures"]
    assert task["deadline"] > AS_OF.isoformat()


def test_deterministic(engine, result):
    again = engine.assess(STREET_A, as_of=AS_OF, period=PERIOD)
    assert again.to_json() == result.to_json()
