"""Stable ids hashed column by column are the ids one call per row gives (RESULT.md)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from riskengine.outcome.ids import finding_id, stable_ids, task_id, with_finding_ids


def test_finding_ids_of_a_frame_match_one_call_per_finding():
    findings = pl.DataFrame(
        {
            "rule_id": ["finance.split_payments", "welfare.shared_account", "finance.benford"],
            "org_id": ["C1", "C2", "C1"],
            "records": [["ledger:T1", "ledger:T2"], ["disbursements:D9"], []],
            "date": [dt.date(2026, 3, 1), None, dt.date(2026, 11, 30)],
        },
        schema_overrides={"records": pl.List(pl.String)},
    )
    got = with_finding_ids(findings)
    want = {
        finding_id("finance.split_payments", "ledger:T1\x1fledger:T2", "2026-03-01"),
        finding_id("welfare.shared_account", "disbursements:D9"),  # no date: left out of the hash
        finding_id("finance.benford", "", "2026-11-30"),
    }
    assert set(got["finding_id"]) == want
    assert got.height == 3


def test_task_ids_of_a_frame_match_one_call_per_task():
    tasks = pl.DataFrame({"post_id": ["P0001-03", "P0002-01"], "rule_id": ["finance.cash_over_limit", "x.y"]})
    ids = stable_ids("T-", [pl.col("post_id"), pl.col("rule_id")], tasks)
    assert ids.to_list() == [task_id("P0001-03", "finance.cash_over_limit"), task_id("P0002-01", "x.y")]
