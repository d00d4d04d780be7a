"""Detector over democratic evaluations (述职述廉/民主测评): low approval, two years running."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from riskengine import Detector, DetectorContext, sdk

from ._common import ref, with_post_title

_OUTPUTS = {
    "post_id": "string",
    "post_title": "string",
    "year": "integer",
    "approval_rate": "number",
    "approval_pct": "string",
    "threshold_pct": "string",
    "previous_rate": "number",
    "two_years": "boolean",
    "status_zh": "string",
}


def _pct(expr: pl.Expr) -> pl.Expr:
    return pl.format("{}%", (expr * 100).round(1).cast(pl.String).str.strip_suffix(".0"))


def low_approval(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Posts whose latest evaluation is below ``approval_threshold`` (``two_years``: the year before too).

    The evaluation judged is each post's latest one with a year from ``lookback_years`` before the
    period's first year up to its last year: the evaluation of year Y is held at the end of Y or early
    Y+1, so an assessment of 2026 usually sees 2025's as the latest. Judging only the latest year keeps
    one finding per post per assessment.
    """
    threshold = float(params.get("approval_threshold", 0.6))
    first_year = ctx.period.start.year - int(params.get("lookback_years", 1))
    evals = ctx.frame("evaluations").with_columns(pl.col("year").cast(pl.Int64))
    latest = (
        evals.filter(pl.col("year").is_between(first_year, ctx.period.end.year))
        .sort("post_id", "year")
        .group_by("post_id", maintain_order=True)
        .last()
        .filter(pl.col("approval_rate") < threshold)
    )
    previous = evals.select(
        "post_id", (pl.col("year") + 1).alias("year"), pl.col("approval_rate").alias("previous_rate")
    ).unique(["post_id", "year"], keep="first")
    posts = ctx.frame("posts").select("post_id", "org_id")
    found = (
        latest.join(previous, on=["post_id", "year"], how="left")
        .join(posts, on="post_id", how="inner")
        .with_columns((pl.col("previous_rate") < threshold).fill_null(False).alias("two_years"))
    )
    current_ref = ref("evaluations", "post_id", "year")
    previous_ref = ref("evaluations", "post_id", pl.col("year") - 1)
    found = with_post_title(found, ctx).with_columns(
        pl.when(pl.col("two_years"))
        .then(pl.concat_list(current_ref, previous_ref))
        .otherwise(pl.concat_list(current_ref))
        .alias("records"),
        _pct(pl.col("approval_rate")).alias("approval_pct"),
        _pct(pl.lit(threshold)).alias("threshold_pct"),
        pl.when(pl.col("two_years"))
        .then(
            pl.format(
                "；上一年度（{} 年）称职率 {} 亦低于标准，连续两年",
                (pl.col("year") - 1).cast(pl.String),
                _pct(pl.col("previous_rate")),
            )
        )
        .otherwise(pl.lit(""))
        .alias("status_zh"),
    )
    return found.select("org_id", "records", *_OUTPUTS).sort("org_id", "post_id")


DETECTORS = (
    Detector(
        name="conduct_low_approval",
        reads=("evaluations", "posts"),
        run=low_approval,
        params_schema=sdk.params({
            "approval_threshold": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.6,
                "description": "民主测评称职率低于该比例（0–1）为不称职"},
            "lookback_years": {"type": "integer", "minimum": 0, "default": 1,
                "description": "连续不称职升级时往前看的年数"},
        }),
        outputs=_OUTPUTS,
        description="岗位最近一次民主测评称职率低于标准（默认 60%）；上一年度亦低于标准时 two_years 为真。",
    ),
)
