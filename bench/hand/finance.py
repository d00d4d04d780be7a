"""Finance rules over single expenses and groups of them: the four conditions, split and duplicate
payments, and one person holding both the finance and the cashier post."""

from __future__ import annotations

import chinese_calendar
import polars as pl

from .run import Run, fmt, refs


def conditions(r: Run) -> None:
    """Self-approval, cash over the limit, hospitality over the limit, spending on rest days."""
    exp = r.expenses().with_columns(records=refs("ledger", "txn_id"))
    p = r.p("finance.cash_over_limit")
    ev, reads = None, ("ledger",)
    approved = pl.col("approved_by").is_not_null() & (pl.col("approved_by") == pl.col("handled_by"))
    r.add("finance.self_approval", exp.filter(approved), ev, reads=reads)
    amount = pl.col("amount")
    # Two rules of one shape: an amount over a limit, high from a multiple of it.
    over_limit = (
        ("finance.cash_over_limit", pl.col("payment_method") == "cash", "cash"),
        ("finance.hospitality_over_limit", pl.col("category") == "hospitality", "hospitality"),
    )
    for rule_id, kind, name in over_limit:
        limit, large = p[f"{name}_limit"], p[f"{name}_large_multiple"]
        found = exp.filter(kind & (amount > limit))
        r.add(rule_id, found, ev, reads=reads, escalate=amount >= limit * large)
    days = pl.date_range(r.start, r.end, eager=True).to_list()
    rest = pl.Series([d for d in days if not chinese_calendar.is_workday(d)], dtype=pl.Date)
    holiday = (pl.col("amount") > p["holiday_min_amount"]) & pl.col("date").is_in(rest.implode())
    r.add("finance.holiday_spending", exp.filter(holiday), ev, reads=reads)


def group_evidence() -> list[pl.Expr]:
    """What a finding on a group of payments names: records, ids, handlers, dates, count, total, amounts."""
    return [
        fmt("ledger:{}", "txn_id").sort().alias("records"),
        pl.col("txn_id").sort().alias("txn_ids"),
        pl.col("handled_by").drop_nulls().unique().sort().alias("handled_by"),
        pl.col("date").min().alias("first_date"),
        pl.col("date").max().alias("last_date"),
        pl.len().alias("n_payments"),
        pl.col("amount").sum().round(2).alias("total"),
        pl.col("amount").sort_by("date", "txn_id").alias("amounts"),
    ]


def split_payments(r: Run) -> None:
    """Payments to one payee in one category, each below the limit, reaching it within a window."""
    p = r.p("finance.split_payments")
    limit, window = p["collective_limit"], p["split_window_days"]
    keys = ["org_id", "counterparty_id", "category"]
    # Only groups whose whole-period total reaches the limit can hold a window that does.
    small = (
        r.expenses()
        .filter((pl.col("amount") < limit) & pl.col("counterparty_id").is_not_null())
        .select("txn_id", *keys, "date", "amount", "handled_by")
        .with_columns(pl.col("category").fill_null(""))
        .filter(pl.col("amount").sum().over(keys) >= limit - 0.01)
        .sort(*keys, "date", "txn_id")
        .with_columns(
            window_sum=pl.col("amount").rolling_sum_by("date", window_size=f"{window + 1}d").over(keys)
        )
    )
    hits = (
        small.filter(pl.col("window_sum") >= limit - 0.005)
        .select(*keys, pl.col("date").alias("hit_date"))
        .unique()
        .sort(*keys, "hit_date")
    )
    prev = pl.col("hit_date").shift(1).over(keys)
    starts = prev.is_null() | (pl.col("hit_date") - pl.duration(days=window) > prev)
    hits = hits.with_columns(cluster=starts.cast(pl.Int32).cum_sum().over(keys))
    # A payment belongs to the cluster of the first hit window ending on or after it, if inside it.
    members = (
        small.sort("date")
        .join_asof(
            hits.sort("hit_date"),
            left_on="date",
            right_on="hit_date",
            by=keys,
            strategy="forward",
            check_sortedness=False,
        )
        .filter(
            pl.col("hit_date").is_not_null()
            & ((pl.col("hit_date") - pl.col("date")).dt.total_days() <= window)
        )
    )
    found = (
        members.group_by(*keys, "cluster")
        .agg(*group_evidence())
        .with_columns(
            date=pl.col("first_date"),
            window_days=pl.lit(window),
            threshold=pl.lit(float(limit)),
        )
    )
    ev = ["handled_by", "counterparty_id", "category", "txn_ids", "amounts", "total", "n_payments"]
    ev += ["first_date", "last_date", "window_days", "threshold"]
    escalate = pl.col("total") >= pl.col("threshold") * p["split_large_multiple"]
    r.add("finance.split_payments", found, ev, reads=("ledger",), escalate=escalate)


def duplicate_payments(r: Run) -> None:
    """Same payee and amount chained within the window, or one voucher number booked twice."""
    window = r.p("finance.duplicate_payment")["duplicate_window_days"]
    keys = ["org_id", "counterparty_id", "amount_key"]
    cols = ["txn_id", "org_id", "counterparty_id", "date", "amount", "handled_by", "voucher_no"]
    d = (
        r.expenses()
        .filter(pl.col("counterparty_id").is_not_null())
        .select(*cols, amount_key=(pl.col("amount") * 100).round(0).cast(pl.Int64))
        .filter(pl.len().over(keys) >= 2)
        .sort(*keys, "date", "txn_id")
    )
    # Sorted by key: a group starts where the key changes or the gap exceeds the window.
    same = pl.all_horizontal([pl.col(k) == pl.col(k).shift(1) for k in keys]).fill_null(False)
    gap = (pl.col("date") - pl.col("date").shift(1)).dt.total_days()
    d = d.with_columns(group=(~same | (gap > window)).cast(pl.Int32).cum_sum()).filter(
        pl.len().over("group") >= 2
    )
    extra = [
        pl.col("counterparty_id").drop_nulls().unique().sort().alias("counterparty_ids"),
        pl.col("voucher_no").drop_nulls().unique().sort().alias("voucher_nos"),
    ]
    same_amount = (
        d.group_by("group")
        .agg(pl.col("org_id").first(), *group_evidence(), *extra)
        .with_columns(basis=pl.lit(f"同一收款方、同一金额，{window} 天内"))
    )
    vouchers = (
        r.expenses()
        .filter(pl.col("voucher_no").is_not_null())
        .select(*cols)
        .filter(pl.len().over("org_id", "voucher_no") >= 2)
        .group_by("org_id", "voucher_no")
        .agg(*group_evidence(), *extra)
        .with_columns(basis=pl.lit("同一凭证号重复入账"))
    )
    # A voucher group naming exactly the payments of a same-amount group is the same finding.
    key = pl.col("records").list.join(",").alias("_k")
    vouchers = vouchers.with_columns(key).join(same_amount.select(key), on="_k", how="anti")
    ev = ["handled_by", "basis", "counterparty_ids", "voucher_nos", "txn_ids", "amounts", "total"]
    ev += ["n_payments", "first_date", "last_date"]
    found = pl.concat(
        [same_amount.select("org_id", "records", *ev), vouchers.select("org_id", "records", *ev)]
    )
    r.add("finance.duplicate_payment", found.with_columns(date=pl.col("first_date")), ev, reads=("ledger",))


def incompatible_posts(r: Run) -> None:
    """One person holds both a finance and a cashier post of the same community."""
    posts = r.lf("posts").filter(
        pl.col("category").is_in(["finance", "cashier"]) & pl.col("holder_id").is_not_null()
    )
    held = (
        posts.group_by("org_id", "holder_id")
        .agg(
            finance_posts=pl.col("post_id").filter(pl.col("category") == "finance").sort(),
            cashier_posts=pl.col("post_id").filter(pl.col("category") == "cashier").sort(),
        )
        .filter((pl.col("finance_posts").list.len() > 0) & (pl.col("cashier_posts").list.len() > 0))
    )
    both = pl.concat_list("finance_posts", "cashier_posts").list.sort()
    found = held.select(
        "org_id",
        both.list.eval(pl.lit("posts:") + pl.element()).alias("records"),
        both.alias("held_posts"),
        "holder_id",
        pl.col("finance_posts").list.join("、").alias("finance_post"),
        pl.col("cashier_posts").list.join("、").alias("cashier_post"),
    )
    r.add(
        "finance.incompatible_posts",
        found,
        ["held_posts", "holder_id", "finance_post", "cashier_post"],
        reads=("posts",),
    )


#: The rules this module writes out, called in turn by ``assess``.
RULES = (conditions, split_payments, duplicate_payments, incompatible_posts)
