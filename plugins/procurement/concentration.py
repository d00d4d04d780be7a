"""Vendor concentration: one vendor taking an outsized share of a community's procurement spend.

Shares are measured over the period's awards of each community. Every (community, vendor) share of
the peer communities forms the distribution whose upper Tukey fence a vendor must exceed; the vendor
must also have won at least ``min_awards`` times. Communities with fewer than ``min_procurements``
awards are not judged (a share of a handful of awards says little).
"""

from __future__ import annotations

import polars as pl

from riskengine import Detector, DetectorContext, Params, sdk
from riskengine.sdk import text

from ._frames import HANDLERS, PEER_PARAMS, finish, peer_fences, period_procurements, ref

OUTPUTS = {
    **HANDLERS,
    "vendor_id": "string", "awards": "integer", "vendor_total": "number", "org_total": "number",
    "org_awards": "integer", "share_pct": "number", "fence_pct": "number", "proc_ids": "list",
}


def vendor_concentration(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """One finding per (community, vendor) whose share of spend is above the peer fence."""
    min_procs = int(params["min_procurements"])
    awards = period_procurements(ctx).filter(pl.col("vendor_id").is_not_null(), pl.col("amount") > 0)
    orgs = awards.group_by("org_id").agg(
        pl.len().cast(pl.Int64).alias("org_awards"), pl.col("amount").sum().alias("org_total")
    )
    ctx.not_evaluated(
        orgs.filter(pl.col("org_awards") < min_procs)["org_id"],
        text("ne_concentration_procs", n=min_procs),
    )
    shares = (
        awards.sort("org_id", "vendor_id", "date", "proc_id")
        .group_by("org_id", "vendor_id", maintain_order=True)
        .agg(
            pl.len().cast(pl.Int64).alias("awards"),
            pl.col("amount").sum().round(2).alias("vendor_total"),
            pl.col("proc_id").alias("proc_ids"),
            ref("procurements", "proc_id").alias("records"),
            pl.col("handled_by").drop_nulls().unique(maintain_order=True).alias("handled_by"),
            pl.col("date").max().alias("date"),
        )
        .join(orgs.filter(pl.col("org_awards") >= min_procs), on="org_id", how="inner")
        .with_columns(share=pl.col("vendor_total") / pl.col("org_total"))
    )
    fenced = peer_fences(ctx, shares, "share", params, "ne_concentration_peers")
    found = fenced.filter(
        pl.col("awards") >= int(params["min_awards"]), pl.col("share") > pl.col("upper_fence")
    ).with_columns(
        (pl.col("share") * 100).round(2).alias("share_pct"),
        (pl.col("upper_fence") * 100).round(2).alias("fence_pct"),
        pl.col("org_total").round(2),
    )
    return finish(found, OUTPUTS)


DETECTORS = (
    Detector(
        name="vendor_concentration", reads=("procurements", "orgs"), run=vendor_concentration,
        params_schema=sdk.params({
        **PEER_PARAMS,
        "min_awards": {"type": "integer", "minimum": 1, "default": 3,
                       "description": "供应商至少中标笔数"},
        "min_procurements": {"type": "integer", "minimum": 1, "default": 10,
                             "description": "社区本期采购少于此笔数时不评估"},
    }),
        outputs=OUTPUTS,
        description="单一供应商中标 3 次以上且占社区采购金额的份额高于同类社区围栏",
    ),
)
