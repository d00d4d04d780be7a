"""Bid-level red flags: too little competition, identical prices, the lowest bid passed over, and a
winner suspiciously close to the runner-up (against the gaps of peer communities)."""

from __future__ import annotations

import polars as pl

from .peers import fences, peer_groups
from .procurement import AWARD, awards
from .run import EMPTY_LIST, Run

METHOD_ZH = {"direct": "直接采购", "quotation": "询价采购", "tender": "招标采购"}
READS = ("procurements", "bids")


def with_bids(r: Run) -> pl.LazyFrame:
    """Period awards with their bids: count, bidders, the two lowest bids (ties broken by vendor)."""

    def build() -> pl.LazyFrame:
        summary = (
            r.lf("bids")
            .filter(pl.col("proc_id").is_not_null())
            .sort("proc_id", "amount", "vendor_id", nulls_last=True)
            .group_by("proc_id", maintain_order=True)
            .agg(
                bid_count=pl.len().cast(pl.Int64),
                bid_vendors=pl.col("vendor_id").drop_nulls().sort(),
                lowest_vendor=pl.col("vendor_id").first(),
                lowest_amount=pl.col("amount").first(),
                runner_up_vendor=pl.col("vendor_id").slice(1, 1).first(),
                runner_up_amount=pl.col("amount").slice(1, 1).first(),
            )
        )
        return (
            awards(r).join(summary, on="proc_id", how="left").with_columns(pl.col("bid_count").fill_null(0))
        )

    return r.shared("with_bids", build)


def competition(r: Run) -> None:
    """One bid in a competitive procurement; fewer than ``min_quotes`` (but not one) in a quotation."""
    p = r.p("procurement.single_bid")
    found = with_bids(r).filter(pl.col("method").is_in(p["competitive_methods"]) & (pl.col("bid_count") == 1))
    found = found.with_columns(
        method_label=pl.col("method").replace_strict(METHOD_ZH, default=pl.col("method"))
    )
    ev = [*AWARD, "method", "method_label", "vendor_id", "bid_count"]
    r.add("procurement.single_bid", found, ev, reads=READS)
    few = r.p("procurement.too_few_quotes")["min_quotes"]
    found = with_bids(r).filter(
        (pl.col("method") == "quotation") & (pl.col("bid_count") < few) & (pl.col("bid_count") != 1)
    )
    found = found.with_columns(pl.col("bid_vendors").fill_null(EMPTY_LIST), min_quotes=pl.lit(few))
    r.add(
        "procurement.too_few_quotes", found, [*AWARD, "bid_count", "bid_vendors", "min_quotes"], reads=READS
    )


def identical_bids(r: Run) -> None:
    """Two or more bidders of one procurement quoting exactly the same price."""
    ties = (
        r.lf("bids")
        .filter(pl.col("amount").is_not_null())
        .select("proc_id", "vendor_id", pl.col("amount").round(2))
        .filter(pl.len().over("proc_id", "amount") >= 2)
        .group_by("proc_id")
        .agg(
            vendor_ids=pl.col("vendor_id").unique().sort(),
            tied_amount=pl.col("amount").min(),
            tie_groups=pl.col("amount").n_unique().cast(pl.Int64),
        )
    )
    found = with_bids(r).join(ties, on="proc_id")
    r.add(
        "procurement.identical_bids", found, [*AWARD, "vendor_ids", "tied_amount", "tie_groups"], reads=READS
    )


def lowest_passed_over(r: Run) -> None:
    """The winning bid (marked ``won``, else the awarded vendor's) above the lowest bid."""
    procs = with_bids(r).filter(pl.col("bid_count") >= 2)
    marked = pl.col("won").fill_null(False)
    winners = (
        r.lf("bids")
        .select("proc_id", "vendor_id", "amount", "won")
        .join(procs.select("proc_id", pl.col("vendor_id").alias("awarded")), on="proc_id")
        .filter(marked | (~marked.any().over("proc_id") & (pl.col("vendor_id") == pl.col("awarded"))))
        .sort("proc_id", "amount", "vendor_id")
        .group_by("proc_id", maintain_order=True)
        .agg(winning_vendor=pl.col("vendor_id").first(), winning_amount=pl.col("amount").first())
    )
    found = (
        procs.join(winners, on="proc_id")
        .filter(pl.col("winning_amount") > pl.col("lowest_amount"))
        .with_columns(
            vendor_id=pl.col("winning_vendor"),
            excess=(pl.col("winning_amount") - pl.col("lowest_amount")).round(2),
        )
    )
    ev = [*AWARD, "vendor_id", "winning_amount", "lowest_vendor", "lowest_amount", "excess"]
    r.add("procurement.lowest_bid_passed_over", found, ev, reads=READS)


def close_runner_up(r: Run) -> None:
    """The two lowest bids closer (relative gap) than the lower fence of the peers' gaps; ties excluded."""
    p = r.p("procurement.close_runner_up")
    gaps = (
        with_bids(r)
        .filter(pl.col("method").is_in(p["competitive_methods"]))
        .filter(
            (pl.col("bid_count") > 0)
            & (pl.col("lowest_amount") > 0)
            & pl.col("runner_up_amount").is_not_null()
        )
        .with_columns(gap=(pl.col("runner_up_amount") - pl.col("lowest_amount")) / pl.col("lowest_amount"))
        .filter(pl.col("gap") > 0)
        .join(peer_groups(r, p["peer_group_min_orgs"]), on="org_id")
    )
    fenced = fences(gaps, "gap", ["peer_group"], p["min_peer_values"], p["fence_k"], pooled=True)
    found = fenced.filter(pl.col("gap") < pl.col("lower_fence")).with_columns(
        gap_pct=(pl.col("gap") * 100).round(2), fence_pct=(pl.col("lower_fence") * 100).round(2)
    )
    ev = [*AWARD, "lowest_vendor", "lowest_amount", "runner_up_vendor", "runner_up_amount", "gap_pct"]
    ev += ["fence_pct", "n_peers"]
    r.add("procurement.close_runner_up", found, ev, reads=(*READS, "orgs"))


#: The rules this module writes out, called in turn by ``assess``.
RULES = (competition, identical_bids, lowest_passed_over, close_runner_up)
