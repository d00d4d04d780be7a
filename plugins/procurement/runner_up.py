"""Winning bid suspiciously close to the runner-up (Cardinal R024).

The relative gap between the two lowest bids, (second - lowest) / lowest, is compared with the lower
Tukey fence of the same gap over the procurements of peer communities. Exact ties (gap 0) are left to
``identical_bids`` and kept out of the peer statistics, so one fact gives one finding.
"""

from __future__ import annotations

import polars as pl

from riskengine import Detector, DetectorContext, Params, sdk

from ._frames import HANDLER, PEER_PARAMS, bids_by_procurement, finish, peer_fences, period_procurements, ref

OUTPUTS = {
    **HANDLER,
    "proc_id": "string", "title": "string", "amount": "number", "award_date": "date",
    "lowest_vendor": "string", "lowest_amount": "number",
    "runner_up_vendor": "string", "runner_up_amount": "number",
    "gap_pct": "number", "fence_pct": "number", "n_peers": "integer",
}


def close_runner_up(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Period procurements whose two lowest bids are closer than the peers' lower fence."""
    methods = list(params["competitive_methods"])
    gaps = (
        period_procurements(ctx)
        .filter(pl.col("method").is_in(methods))
        .join(bids_by_procurement(ctx), on="proc_id", how="inner")
        .filter(pl.col("lowest_amount") > 0, pl.col("runner_up_amount").is_not_null())
        .with_columns(gap=(pl.col("runner_up_amount") - pl.col("lowest_amount")) / pl.col("lowest_amount"))
        .filter(pl.col("gap") > 0)
    )
    # An org missing from `orgs` has no peers: it is not judged, rather than judged against nobody.
    fenced = peer_fences(ctx, gaps, "gap", params, "ne_runner_up_peers")
    found = fenced.filter(pl.col("gap") < pl.col("lower_fence")).with_columns(
        pl.concat_list(ref("procurements", "proc_id")).alias("records"),
        pl.col("date").alias("award_date"),
        (pl.col("gap") * 100).round(2).alias("gap_pct"),
        (pl.col("lower_fence") * 100).round(2).alias("fence_pct"),
    )
    return finish(found, OUTPUTS)


DETECTORS = (
    Detector(
        name="close_runner_up",
        reads=("procurements", "bids", "orgs"),
        run=close_runner_up,
        params_schema=sdk.params({
        **PEER_PARAMS,
        "competitive_methods": {"type": "array", "items": {"enum": ["direct", "quotation", "tender"]},
                                "default": ["quotation", "tender"], "description": "竞争性采购方式"},
    }),
        outputs=OUTPUTS,
        description="最低报价与次低报价的相对差距低于同类社区采购差距的下限围栏（疑似陪标、串标）",
    ),
)
