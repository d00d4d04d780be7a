"""Org-level statistics over expenses: round amounts against peers, Benford's first-digit law."""

from __future__ import annotations

import math

import polars as pl

from .peers import fences, peer_groups
from .run import Run, fmt


def round_amounts(r: Run) -> None:
    """Orgs with many whole-thousand expenses and a share above their peer group's upper fence."""
    p = r.p("finance.round_amounts")
    unit = round(p["round_unit"] * 100)
    e = r.expenses().select(
        "org_id",
        "txn_id",
        "date",
        "amount",
        is_round=((pl.col("amount") * 100).round(0).cast(pl.Int64) % unit) == 0,
    )
    per_org = (
        e.group_by("org_id")
        .agg(n_expenses=pl.len(), n_round=pl.col("is_round").sum().cast(pl.Int64))
        .with_columns(share=pl.col("n_round") / pl.col("n_expenses"))
        .join(peer_groups(r, p["peer_min_size"]).select("org_id", "peer_group"), on="org_id")
    )
    fenced = fences(per_org, "share", ["peer_group"], p["peer_min_size"], p["fence_k"], pooled=False)
    found = fenced.filter(
        (pl.col("n_round") >= p["round_min_count"]) & (pl.col("share") > pl.col("upper_fence"))
    )
    # Lists of the round expenses only for the orgs found.
    lists = (
        e.filter("is_round")
        .join(found.select("org_id"), on="org_id", how="semi")
        .sort("org_id", "date", "txn_id")
        .group_by("org_id")
        .agg(records=fmt("ledger:{}", "txn_id").sort(), round_amounts=pl.col("amount"))
    )
    found = found.join(lists, on="org_id").with_columns(
        share_pct=(pl.col("share") * 100).round(2), fence_pct=(pl.col("upper_fence") * 100).round(2)
    )
    ev = ["n_expenses", "n_round", "round_amounts", "peer_group", "n_peers", "share_pct", "fence_pct"]
    r.add("finance.round_amounts", found, ev, reads=("ledger", "orgs"))


def benford(r: Run) -> None:
    """Orgs whose expenses' first digits stray from Benford's law (MAD above the marginal band)."""
    p = r.p("finance.benford")
    cents = (pl.col("amount") * 100).round(0)
    digit = pl.when(cents >= 1).then(
        cents.cast(pl.Int64, strict=False).cast(pl.String).str.slice(0, 1).cast(pl.Int8)
    )
    counts = (
        r.expenses()
        .filter(pl.col("amount") > 0)
        .select("org_id", digit.alias("d"))
        .group_by("org_id")
        .agg(
            pl.col("d").count().cast(pl.Int64).alias("n"),
            *[(pl.col("d") == i).sum().alias(f"d{i}") for i in range(1, 10)],
        )
    )
    mad = (
        pl.sum_horizontal(
            *[(pl.col(f"d{i}") / pl.col("n") - math.log10(1 + 1 / i)).abs() for i in range(1, 10)]
        )
        / 9
    )
    nonconforming = pl.col("mad") > p["benford_nonconformity_mad"]
    found = (
        counts.filter(pl.col("n") >= p["benford_min_count"])
        .with_columns(mad=mad)
        .filter(pl.col("mad") > p["benford_marginal_mad"])
        .select(
            "org_id",
            pl.concat_list(fmt("orgs:{}", "org_id")).alias("records"),
            pl.col("n").alias("n_expenses"),
            pl.col("mad").round(4),
            fmt("0.{}", (pl.col("mad") * 10_000).round(0).cast(pl.Int64).cast(pl.String).str.zfill(4)).alias(
                "mad_text"
            ),
            pl.lit(f"{p['benford_marginal_mad']:.3f}").alias("marginal_text"),
            pl.lit(f"{p['benford_nonconformity_mad']:.3f}").alias("nonconformity_text"),
            pl.when(nonconforming).then(pl.lit("不符合")).otherwise(pl.lit("临界符合")).alias("conformity"),
        )
    )
    r.add(
        "finance.benford",
        found,
        ["n_expenses", "mad", "conformity"],
        reads=("ledger",),
        escalate=nonconforming,
    )


#: The rules this module writes out, called in turn by ``assess``.
RULES = (round_amounts, benford)
