"""Detectors on groups of payments: split payments (化整为零) and duplicate payments (重复支付)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from riskengine import Detector, DetectorContext, sdk

from .common import category_zh, expenses_in_period, ledger_ref, unique_sorted

_SPLIT_KEYS = ["org_id", "counterparty_id", "category"]


def _group_evidence() -> list[pl.Expr]:
    """Aggregations every payment-group finding carries."""
    return [
        ledger_ref().sort().alias("records"),
        pl.col("txn_id").sort().alias("txn_ids"),
        unique_sorted("handled_by").alias("handled_by"),
        pl.col("date").min().alias("first_date"),
        pl.col("date").max().alias("last_date"),
        pl.len().alias("n_payments"),
        pl.col("amount").sum().round(2).alias("total"),
        sdk.money_text("amount").sort_by(pl.col("date"), pl.col("txn_id")).alias("amounts"),
    ]


def split_payments(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Payments to one counterparty in one category, each below the limit, reaching it within a window.

    Each expense ends a backward window of ``window_days`` days (its own date and the
    ``window_days`` days before). Windows whose sum reaches the limit are hits; overlapping hits
    merge into one maximal cluster, reported once, naming every payment of its hit windows.
    """
    window, limit = params["split_window_days"], params["collective_limit"]
    # A window's sum never exceeds its group's period total (amounts are >= 0), so only groups whose
    # total reaches the limit can hold a hit: dropping the others first gives the same findings.
    exp = (
        expenses_in_period(ctx, ["txn_id", *_SPLIT_KEYS, "date", "amount", "handled_by"])
        .lazy()
        .filter((pl.col("amount") < limit) & pl.col("counterparty_id").is_not_null())
        .with_columns(pl.col("category").fill_null(""))
        .filter(pl.col("amount").sum().over(_SPLIT_KEYS) >= limit - 0.01)
        .sort(*_SPLIT_KEYS, "date", "txn_id")
        .collect()
    )
    exp = exp.with_columns(
        window_sum=pl.col("amount").rolling_sum_by("date", window_size=f"{window + 1}d").over(_SPLIT_KEYS)
    )
    hits = (
        exp.filter(pl.col("window_sum") >= limit - 0.005)
        .select(*_SPLIT_KEYS, pl.col("date").alias("hit_date"))
        .unique()
        .sort(*_SPLIT_KEYS, "hit_date")
    )
    prev = pl.col("hit_date").shift(1).over(_SPLIT_KEYS)
    starts_cluster = prev.is_null() | (pl.col("hit_date") - pl.duration(days=window) > prev)
    hits = hits.with_columns(cluster=starts_cluster.cast(pl.Int32).cum_sum().over(_SPLIT_KEYS))
    # Each payment belongs to the cluster of the first hit window ending on or after it, if it lies in it.
    members = (
        exp.sort("date")
        .join_asof(
            hits.sort("hit_date"),
            left_on="date",
            right_on="hit_date",
            by=_SPLIT_KEYS,
            strategy="forward",
            check_sortedness=False,
        )
        .filter(
            pl.col("hit_date").is_not_null()
            & ((pl.col("hit_date") - pl.col("date")).dt.total_days() <= window)
        )
    )
    found = members.group_by(*_SPLIT_KEYS, "cluster").agg(*_group_evidence())
    return found.select(
        "org_id",
        "records",
        pl.col("first_date").alias("date"),
        "handled_by",
        "counterparty_id",
        "category",
        category_zh().alias("category_zh"),
        "txn_ids",
        "amounts",
        "total",
        "n_payments",
        "first_date",
        "last_date",
        pl.lit(window).alias("window_days"),
        pl.lit(float(limit)).alias("threshold"),
    ).sort("org_id", "first_date", "counterparty_id", "category")


def _same_amount_groups(exp: pl.DataFrame, window: int) -> pl.DataFrame:
    keys = ["org_id", "counterparty_id", "amount_key"]
    # Only payments whose payee and amount repeat can chain; sorting the rest would be wasted.
    exp = exp.filter(pl.col("counterparty_id").is_not_null())
    exp = exp.filter(pl.struct(keys).is_duplicated()).sort(*keys, "date", "txn_id")
    # Rows are sorted by key, so comparing with the previous row finds group starts without a
    # window function over hundreds of thousands of tiny groups.
    same_key = pl.all_horizontal([pl.col(k) == pl.col(k).shift(1) for k in keys]).fill_null(False)
    gap = (pl.col("date") - pl.col("date").shift(1)).dt.total_days()
    starts = ~same_key | (gap > window)
    exp = exp.with_columns(group=starts.cast(pl.Int32).cum_sum())
    # Drop single payments before the (costly) list aggregations: almost every group has one member.
    exp = exp.filter(pl.len().over("group") >= 2)
    return (
        exp.group_by(*keys, "group")
        .agg(
            *_group_evidence(),
            unique_sorted("counterparty_id").alias("counterparty_ids"),
            unique_sorted("voucher_no").alias("voucher_nos"),
        )
        .with_columns(basis=pl.lit(f"同一收款方、同一金额，{window} 天内"))
    )


def _same_voucher_groups(exp: pl.DataFrame) -> pl.DataFrame:
    return (
        exp.filter(pl.col("voucher_no").is_not_null())
        .filter(pl.struct("org_id", "voucher_no").is_duplicated())
        .group_by("org_id", "voucher_no")
        .agg(
            *_group_evidence(),
            unique_sorted("counterparty_id").alias("counterparty_ids"),
            unique_sorted("voucher_no").alias("voucher_nos"),
        )
        .filter(pl.col("n_payments") >= 2)
        .with_columns(basis=pl.lit("同一凭证号重复入账"))
    )


def duplicate_payment(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Expenses paid twice: same counterparty and amount within a window, or the same voucher number.

    Same-amount payments chain (each within ``window_days`` of the previous) into one group. A
    voucher group naming exactly the payments of a same-amount group is the same finding and is
    reported once.
    """
    columns = ["txn_id", "org_id", "counterparty_id", "date", "amount", "handled_by", "voucher_no"]
    exp = expenses_in_period(ctx, columns).with_columns(
        amount_key=(pl.col("amount") * 100).round(0).cast(pl.Int64)
    )
    same_amount = _same_amount_groups(exp, params["duplicate_window_days"])
    # Join on the records joined as text: list columns are not join keys.
    record_key = pl.col("records").list.join(",").alias("record_key")
    same_voucher = (
        _same_voucher_groups(exp)
        .with_columns(record_key)
        .join(same_amount.select(record_key), on="record_key", how="anti")
    )
    columns = [
        "org_id",
        "records",
        pl.col("first_date").alias("date"),
        "handled_by",
        "basis",
        "counterparty_ids",
        "voucher_nos",
        "txn_ids",
        "amounts",
        "total",
        "n_payments",
        "first_date",
        "last_date",
    ]
    found = pl.concat([same_amount.select(columns), same_voucher.select(columns)], how="vertical")
    return found.sort("org_id", "first_date", "records")


_GROUP_OUTPUTS = {
    "handled_by": "list",
    "txn_ids": "list",
    "amounts": "list",
    "total": "number",
    "n_payments": "integer",
    "first_date": "date",
    "last_date": "date",
}

DETECTORS = [
    Detector(
        name="finance_split_payments",
        reads=("ledger",),
        run=split_payments,
        params_schema=sdk.params({
            "collective_limit": {
                "type": "number",
                "minimum": 0,
                "default": 50000,
                "description": "集体决策限额（元）",
            },
            "split_window_days": {
                "type": "integer",
                "minimum": 1,
                "default": 30,
                "description": "累计窗口天数",
            },
        }),
        outputs={
            **_GROUP_OUTPUTS,
            "counterparty_id": "string",
            "category": "string",
            "category_zh": "string",
            "window_days": "integer",
            "threshold": "number",
        },
        description="同一收款方同一类别在窗口期内多笔单笔低于限额的支出合计达到集体决策限额",
    ),
    Detector(
        name="finance_duplicate_payment",
        reads=("ledger",),
        run=duplicate_payment,
        params_schema=sdk.params({
            "duplicate_window_days": {
                "type": "integer",
                "minimum": 0,
                "default": 14,
                "description": "同一收款方同一金额视为重复的天数",
            },
        }),
        outputs={**_GROUP_OUTPUTS, "basis": "string", "counterparty_ids": "list", "voucher_nos": "list"},
        description="同一收款方同一金额在短期内重复支付，或同一凭证号重复入账",
    ),
]
