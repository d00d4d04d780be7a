"""Org-level statistical tests on expenses: round amounts against peers, Benford's first digit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from riskengine import Detector, DetectorContext, benford_mad, sdk
from riskengine.sdk import text

from .common import expenses_in_period, ledger_ref


def round_amounts(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Orgs with many expenses in whole multiples of ``round_unit`` and a share above the peer fence.

    Peers are the communities of the same street (or district, see ``sdk.peer_fences``) with
    expenses in the period; orgs whose group has fewer than ``peer_min_size`` such peers are
    reported as not evaluated.
    """
    unit_cents = round(params["round_unit"] * 100)
    min_size = params["peer_min_size"]
    exp = expenses_in_period(ctx, ["org_id", "date", "txn_id", "amount"]).with_columns(
        is_round=((pl.col("amount") * 100).round(0).cast(pl.Int64) % unit_cents) == 0
    )
    # Counts for every org; the record and amount lists (strings) only for the orgs found below.
    per_org = (
        exp.group_by("org_id")
        .agg(n_expenses=pl.len(), n_round=pl.col("is_round").sum().cast(pl.Int64))
        .with_columns(share=pl.col("n_round") / pl.col("n_expenses"))
    )
    fenced = sdk.peer_fences(
        ctx, per_org, "share", group_min_orgs=min_size, min_values=min_size, k=params["fence_k"],
        reason=text("ne_round_peers", n=min_size), pooled=False,
    )
    found = fenced.filter(
        (pl.col("n_round") >= params["round_min_count"]) & (pl.col("share") > pl.col("upper_fence"))
    )
    lists = (
        exp.filter(pl.col("is_round"))
        .join(found.select("org_id"), on="org_id", how="semi")
        .sort("org_id", "date", "txn_id")
        .group_by("org_id", maintain_order=True)
        .agg(
            records=ledger_ref().sort(),
            round_amounts=sdk.money_text("amount"),
        )
    )
    found = found.join(lists, on="org_id", how="left", maintain_order="left")
    return found.select(
        "org_id",
        "records",
        "n_expenses",
        "n_round",
        "round_amounts",
        "peer_group",
        pl.col("n_peers").cast(pl.Int64),
        (pl.col("share") * 100).round(2).alias("share_pct"),
        (pl.col("upper_fence") * 100).round(2).alias("fence_pct"),
    ).sort("org_id")


def benford(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Orgs whose expense first digits deviate from Benford's law (MAD above the marginal band).

    Only orgs with at least ``min_count`` expenses in the period are judged; the others are
    reported as not evaluated, with their count. ``conforming`` says which band the MAD is in.
    """
    min_count = params["benford_min_count"]
    exp = expenses_in_period(ctx, ["org_id", "amount"]).filter(pl.col("amount") > 0)
    mads = benford_mad(exp, "amount", "org_id", min_count=min_count)
    thin = mads.filter(pl.col("mad").is_null()).sort("n")
    # One note per distinct count keeps the reason exact without one note per org when counts repeat.
    for (count,), orgs in thin.group_by("n", maintain_order=True):
        ctx.not_evaluated(
            orgs["org_id"], text("ne_benford", count=count, n=min_count)
        )
    found = mads.filter(pl.col("mad") > params["benford_marginal_mad"])
    band = pl.when(pl.col("mad") > params["benford_nonconformity_mad"]).then(pl.lit("不符合"))
    band = band.otherwise(pl.lit("临界符合"))
    return found.select(
        "org_id",
        pl.concat_list(sdk.ref("orgs", "org_id")).alias("records"),
        pl.col("n").cast(pl.Int64).alias("n_expenses"),
        pl.col("mad").round(4),
        # Messages render numbers with two decimals; a MAD needs four.
        pl.format(
            "0.{}", (pl.col("mad") * 10_000).round(0).cast(pl.Int64).cast(pl.String).str.zfill(4)
        ).alias("mad_text"),
        band.alias("conformity"),
        pl.lit(f"{params['benford_marginal_mad']:.3f}").alias("marginal_text"),
        pl.lit(f"{params['benford_nonconformity_mad']:.3f}").alias("nonconformity_text"),
    ).sort("org_id")


DETECTORS = [
    Detector(
        name="finance_round_amounts",
        reads=("ledger", "orgs"),
        run=round_amounts,
        params_schema=sdk.params({
            "round_unit": {
                "type": "number",
                "exclusiveMinimum": 0,
                "default": 1000,
                "description": "整数金额单位（元）",
            },
            "round_min_count": {
                "type": "integer",
                "minimum": 1,
                "default": 5,
                "description": "整数金额支出的最少笔数",
            },
            "peer_min_size": {
                "type": "integer",
                "minimum": 2,
                "default": 10,
                "description": "计算同级阈值所需的最少可比社区数",
            },
            "fence_k": {
                "type": "number",
                "minimum": 0,
                "default": 1.5,
                "description": "Tukey 上限系数 k（Q3 + k·IQR）",
            },
        }),
        outputs={
            "n_expenses": "integer",
            "n_round": "integer",
            "round_amounts": "list",
            "peer_group": "string",
            "n_peers": "integer",
            "share_pct": "number",
            "fence_pct": "number",
        },
        description="整数金额支出笔数与占比异常偏高（高于同级社区 Tukey 上限）",
    ),
    Detector(
        name="finance_benford",
        reads=("ledger",),
        run=benford,
        params_schema=sdk.params({
            "benford_min_count": {
                "type": "integer",
                "minimum": 1,
                "default": 1000,
                "description": "检验所需的最少支出笔数",
            },
            "benford_marginal_mad": {
                "type": "number",
                "minimum": 0,
                "default": 0.012,
                "description": "临界符合的 MAD 下限",
            },
            "benford_nonconformity_mad": {
                "type": "number",
                "minimum": 0,
                "default": 0.015,
                "description": "不符合的 MAD 下限",
            },
        }),
        outputs={
            "n_expenses": "integer",
            "mad": "number",
            "mad_text": "string",
            "conformity": "string",
            "marginal_text": "string",
            "nonconformity_text": "string",
        },
        description="支出金额首位数字分布偏离本福特定律（平均绝对偏差 MAD）",
    ),
]
