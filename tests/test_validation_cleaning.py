"""Stage 0 of validation on large and hand-kept tables: stripping found anywhere, 合计 rows by their key."""

from __future__ import annotations

import polars as pl

from riskengine.data.records import load_builtin_record_types
from riskengine.data.validation import validate_frame

LEDGER = next(t for t in load_builtin_record_types() if t.name == "ledger")


def _ledger(n: int) -> dict[str, list]:
    return {
        "txn_id": [f"T{i:06d}" for i in range(n)],
        "org_id": ["C1"] * n,
        "date": ["2026-03-01"] * n,
        "direction": ["expense"] * n,
        "amount": ["100"] * n,
        "payment_method": ["transfer"] * n,
    }


def test_whitespace_in_the_last_row_of_a_long_table_is_still_stripped():
    n = 150_000  # longer than the slices the whitespace check looks at
    data = _ledger(n)
    data["payment_method"][-1] = " cash\u3000"
    data["org_id"][-2] = ""
    result = validate_frame(pl.DataFrame(data), LEDGER)
    assert result.rows_read == n
    assert result.frame["payment_method"].tail(1).to_list() == ["cash"]
    # row numbers start at 1: the empty org_id of the row before last is missing, nothing else is wrong
    assert result.rejections.select("row", "field").rows() == [(n - 1, "org_id")]


def test_a_total_row_is_skipped_whether_its_key_is_empty_or_reads_heji():
    data = _ledger(4)
    data["txn_id"][1], data["description"] = "", ["", "本页合计", "", "本月小计"]
    data["txn_id"][3] = "小计"
    data["description"][0] = "合计"  # a record whose description says 合计 keeps its key: a record
    result = validate_frame(pl.DataFrame(data), LEDGER)
    assert result.totals == [2, 4]
    assert result.frame["txn_id"].to_list() == ["T000000", "T000002"]
    assert result.rejections.height == 0
