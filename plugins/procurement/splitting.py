"""Split purchases (化整为零): small awards to one vendor that together reach the collective-decision limit.

A window is the run of purchases from one vendor in one category (each below the limit) that end at
a given purchase and start no more than ``split_window_days`` days before it. Windows whose total
reaches the limit are flagged; overlapping flagged windows merge into one maximal cluster, reported
once with every purchase in it.
"""

from __future__ import annotations

import polars as pl

from riskengine import Detector, DetectorContext, Params, sdk

from ._frames import CATEGORY_LABELS, HANDLERS, finish, label, ref

GROUP = ["org_id", "vendor_id", "category"]

OUTPUTS = {
    **HANDLERS,
    "vendor_id": "string",
    "category": "string",
    "category_label": "string",
    "first_date": "date",
    "last_date": "date",
    "purchases": "integer",
    "total": "number",
    "proc_ids": "list",
    "window_days": "integer",
    "threshold": "number",
}


def split_purchase(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """One finding per maximal cluster of split purchases with at least one purchase in the period."""
    limit = float(params["collective_limit"])
    window = int(params["split_window_days"])
    small = (
        ctx.frame("procurements")
        .filter(
            pl.col("amount") < limit,
            pl.col("vendor_id").is_not_null(),
            pl.col("category").is_not_null(),
            pl.col("date").is_not_null(),
        )
        .sort(*GROUP, "date", "proc_id")
        .with_row_index("idx")
        .with_columns(pl.col("idx").cast(pl.Int64))
    )
    # Each purchase closes a window of the earlier purchases (same group) at most `window` days older.
    ends = small.select(*GROUP, "idx", "date")
    members = small.select(*GROUP, pl.col("idx").alias("idx_j"), pl.col("date").alias("date_j"), "amount")
    windows = (
        ends.join(members, on=GROUP, how="inner")
        .filter(
            pl.col("idx_j") <= pl.col("idx"),
            pl.col("date_j") >= pl.col("date") - pl.duration(days=window),
        )
        .group_by("idx")
        .agg(pl.col("idx_j").min().alias("start"), pl.col("amount").sum().alias("total"), pl.len().alias("n"))
        .filter(pl.col("total") >= limit, pl.col("n") >= 2)
        .sort("idx")
    )
    # Row indices are contiguous per group, so windows that share a purchase overlap as index ranges;
    # window starts never decrease, hence comparing with the previous window's end is enough.
    clusters = (
        windows.with_columns(
            cluster=(pl.col("start") > pl.col("idx").shift(1)).fill_null(True).cum_sum()
        )
        .group_by("cluster")
        .agg(pl.col("start").min().alias("lo"), pl.col("idx").max().alias("hi"))
        .with_columns(idx=pl.int_ranges("lo", pl.col("hi") + 1))
        .explode("idx")
        .join(small, on="idx", how="inner")
        .sort("cluster", "idx")
    )
    found = clusters.group_by("cluster", maintain_order=True).agg(
        pl.col("org_id").first(),
        pl.col("vendor_id").first(),
        pl.col("category").first(),
        ref("procurements", "proc_id").alias("records"),
        pl.col("proc_id").alias("proc_ids"),
        pl.col("handled_by").drop_nulls().unique(maintain_order=True).alias("handled_by"),
        pl.col("date").min().alias("first_date"),
        pl.col("date").max().alias("last_date"),
        pl.len().cast(pl.Int64).alias("purchases"),
        pl.col("amount").sum().round(2).alias("total"),
        pl.col("date").is_between(ctx.period.start, ctx.period.end).any().alias("in_period"),
    )
    result = found.filter("in_period").with_columns(
        pl.col("last_date").alias("date"),
        label("category", CATEGORY_LABELS).alias("category_label"),
        pl.lit(window, dtype=pl.Int64).alias("window_days"),
        pl.lit(limit, dtype=pl.Float64).alias("threshold"),
    )
    return finish(result, OUTPUTS)


DETECTORS = (
    Detector(
        name="split_purchase",
        reads=("procurements",),
        run=split_purchase,
        params_schema=sdk.params({
            "collective_limit": {"type": "number", "exclusiveMinimum": 0, "default": 50000,
                                 "description": "集体决策（四议两公开）限额，元"},
            "split_window_days": {"type": "integer", "minimum": 1, "default": 30,
                                  "description": "拆分采购的观察窗口，天"},
        }),
        outputs=OUTPUTS,
        description="同一供应商同一类别在窗口期内多笔采购，单笔均低于限额、合计达到限额（化整为零）",
    ),
)
