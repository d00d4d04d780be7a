"""Bid-level red flags: too little competition, identical prices, the lowest bid passed over.

Decision on counting: a competitive procurement with exactly one bid is ``single_bid`` only; a
quotation with fewer than ``min_quotes`` bids *other than one* (none recorded, or two) is
``too_few_quotes``. One fact, one finding.
"""

from __future__ import annotations

import polars as pl

from riskengine import Detector, DetectorContext, Params, sdk

from ._frames import HANDLER, METHOD_LABELS, bids_by_procurement, finish, label, period_procurements, ref

AWARD_OUTPUTS = {**HANDLER, "proc_id": "string", "title": "string", "amount": "number", "award_date": "date"}


def _with_bids(ctx: DetectorContext) -> pl.DataFrame:
    """Period procurements with their bid summary (bid_count 0 when no bid is recorded)."""
    return ctx.memo("procurement.with_bids", lambda: (
        period_procurements(ctx)
        .join(bids_by_procurement(ctx), on="proc_id", how="left")
        .with_columns(
            pl.col("bid_count").fill_null(0),
            pl.col("date").alias("award_date"),
            pl.concat_list(ref("procurements", "proc_id")).alias("records"),
        )
    ))


SINGLE_OUTPUTS = {**AWARD_OUTPUTS, "method": "string", "method_label": "string", "vendor_id": "string",
                  "bid_count": "integer"}


def single_bid(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Competitive procurements (quotation, tender) that received exactly one bid."""
    methods = list(params["competitive_methods"])
    found = _with_bids(ctx).filter(pl.col("method").is_in(methods), pl.col("bid_count") == 1)
    return finish(found.with_columns(label("method", METHOD_LABELS).alias("method_label")), SINGLE_OUTPUTS)


FEW_OUTPUTS = {**AWARD_OUTPUTS, "bid_count": "integer", "bid_vendors": "list", "min_quotes": "integer"}


def too_few_quotes(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Quotations with fewer than ``min_quotes`` bids, except single bids (reported by single_bid)."""
    min_quotes = int(params["min_quotes"])
    found = _with_bids(ctx).filter(
        pl.col("method") == "quotation",
        pl.col("bid_count") < min_quotes,
        pl.col("bid_count") != 1,
    )
    found = found.with_columns(
        pl.col("bid_vendors").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        pl.lit(min_quotes, dtype=pl.Int64).alias("min_quotes"),
    )
    return finish(found, FEW_OUTPUTS)


IDENTICAL_OUTPUTS = {**AWARD_OUTPUTS, "vendor_ids": "list", "tied_amount": "number", "tie_groups": "integer"}


def identical_bids(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Procurements in which two or more bidders quoted exactly the same price (one finding each)."""
    # Only bids whose (procurement, price) repeats can tie: picked by hash on the table in place.
    priced = pl.col("amount").is_not_null()
    bids = ctx.frame("bids")
    ties = (
        bids.filter(sdk.repeated_key(bids, ["proc_id", pl.col("amount").round(2)], priced))
        .with_columns(pl.col("amount").round(2))
        .filter(pl.len().over("proc_id", "amount") >= 2)
        .group_by("proc_id")
        .agg(
            pl.col("vendor_id").unique().sort().alias("vendor_ids"),
            pl.col("amount").min().alias("tied_amount"),
            pl.col("amount").n_unique().cast(pl.Int64).alias("tie_groups"),
        )
    )
    found = _with_bids(ctx).join(ties, on="proc_id", how="inner")
    return finish(found, IDENTICAL_OUTPUTS)


PASSED_OUTPUTS = {**AWARD_OUTPUTS, "vendor_id": "string", "winning_amount": "number",
                  "lowest_vendor": "string", "lowest_amount": "number", "excess": "number"}


def lowest_bid_passed_over(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Procurements whose winning bid is higher than the lowest bid.

    The winner is the bid marked ``won``; when no bid of a procurement is marked, the bid of the
    procurement's vendor. The ledger has no field for the reason, so every case is reported and the
    officer checks whether a reason was recorded elsewhere.
    """
    # Only the columns the finding shows: the shared frame is wide (every procurement column).
    columns = ["org_id", "records", "date", "proc_id", "vendor_id", *AWARD_OUTPUTS, "lowest_vendor"]
    columns = list(dict.fromkeys([*columns, "lowest_amount"]))
    procs = _with_bids(ctx).lazy().filter(pl.col("bid_count") >= 2).select(columns).collect()
    # A winner is a bid marked won, or the awarded vendor's bid: copy those bids only (every marked
    # bid of a procurement is among them, so "any bid marked" is decided the same way).
    awarded = procs.select(pl.struct("proc_id", "vendor_id").alias("pair")).get_column("pair")
    candidates = pl.col("won").fill_null(False) | pl.struct("proc_id", "vendor_id").is_in(awarded.implode())
    bids = ctx.frame("bids").filter(candidates).join(
        procs.select("proc_id", pl.col("vendor_id").alias("awarded_vendor")), on="proc_id", how="inner"
    )
    marked = pl.col("won").fill_null(False)
    winners = (
        bids.with_columns(any_marked=marked.any().over("proc_id"))
        .filter(marked | (~pl.col("any_marked") & (pl.col("vendor_id") == pl.col("awarded_vendor"))))
        .sort("proc_id", "amount", "vendor_id")
        .group_by("proc_id", maintain_order=True)
        .agg(pl.col("vendor_id").first().alias("winning_vendor"),
             pl.col("amount").first().alias("winning_amount"))
    )
    found = (
        procs.join(winners, on="proc_id", how="inner")
        .filter(pl.col("winning_amount") > pl.col("lowest_amount"))
        .with_columns(
            pl.col("winning_vendor").alias("vendor_id"),
            (pl.col("winning_amount") - pl.col("lowest_amount")).round(2).alias("excess"),
        )
    )
    return finish(found, PASSED_OUTPUTS)


_COMPETITIVE = {"type": "array", "items": {"enum": ["direct", "quotation", "tender"]},
                "default": ["quotation", "tender"], "description": "竞争性采购方式"}

DETECTORS = (
    Detector(
        name="single_bid", reads=("procurements", "bids"), run=single_bid,
        params_schema=sdk.params({"competitive_methods": _COMPETITIVE}),
        outputs=SINGLE_OUTPUTS,
        description="竞争性采购（询价、招标）只收到一家报价",
    ),
    Detector(
        name="too_few_quotes", reads=("procurements", "bids"), run=too_few_quotes,
        params_schema=sdk.params({
        "min_quotes": {"type": "integer", "minimum": 2, "default": 3,
                       "description": "询价采购最少报价家数"},
    }),
        outputs=FEW_OUTPUTS,
        description="询价采购报价家数不足（只有一家报价的由 single_bid 报告）",
    ),
    Detector(
        name="identical_bids", reads=("procurements", "bids"), run=identical_bids,
        outputs=IDENTICAL_OUTPUTS,
        description="同一采购中两家以上供应商报价完全相同",
    ),
    Detector(
        name="lowest_bid_passed_over", reads=("procurements", "bids"), run=lowest_bid_passed_over,
        outputs=PASSED_OUTPUTS,
        description="成交报价高于最低报价（台账无理由字段，须人工核实理由）",
    ),
)
