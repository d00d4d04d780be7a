"""Detectors over complaints (码上监督/信访): late or missing answers, posts with unusually many."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from riskengine import Detector, DetectorContext, org_peer_groups, sdk, tukey_fences
from riskengine.sdk import text

from ._common import ref, with_post_title

POST_CATEGORY_ZH = {
    "secretary": "书记",
    "director": "主任",
    "finance": "会计",
    "cashier": "出纳",
    "welfare": "民政专干",
    "procurement": "采购经办",
    "grid": "网格员",
    "other": "其他岗位",
}

_UNANSWERED_OUTPUTS = {
    "complaint_id": "string",
    "target_post_id": "string",
    "post_title": "string",
    "date": "date",
    "category": "string",
    "responded_date": "date",
    "answered": "boolean",
    "days": "integer",
    "status_zh": "string",
}


def unanswered_complaint(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Complaints of the period not answered within ``response_days``.

    Both kinds count: still unanswered at the as-of date with more than ``response_days`` elapsed,
    and answered, but only after more than ``response_days`` (a late answer is still a breach of the
    time limit). ``days`` is the delay (to the answer, or to the as-of date); an answer dated after
    the as-of date was not known then and counts as no answer.
    """
    limit = int(params.get("response_days", 15))
    complaints = ctx.in_period(ctx.frame("complaints"), "date")
    answered = pl.col("responded_date").is_not_null() & (pl.col("responded_date") <= ctx.as_of)
    end = pl.when(answered).then(pl.col("responded_date")).otherwise(pl.lit(ctx.as_of))
    found = complaints.with_columns(
        answered.alias("answered"),
        (end - pl.col("date")).dt.total_days().alias("days"),
    ).filter(pl.col("days") > limit)
    found = with_post_title(found, ctx, "target_post_id").with_columns(
        pl.concat_list(ref("complaints", "complaint_id")).alias("records"),
        pl.when(pl.col("answered"))
        .then(pl.format("迟至 {} 才答复，历时 {} 天", pl.col("responded_date").cast(pl.String), "days"))
        .otherwise(pl.format("截至 {} 仍未答复，已过 {} 天", pl.lit(ctx.as_of.isoformat()), "days"))
        .alias("status_zh"),
        # An answer after the as-of date is not shown: it was not known then.
        pl.when(pl.col("answered")).then(pl.col("responded_date")).alias("responded_date"),
    )
    return found.select("org_id", "records", *_UNANSWERED_OUTPUTS).sort("org_id", "date", "complaint_id")


_OUTLIER_OUTPUTS = {
    "post_id": "string",
    "post_title": "string",
    "post_category_zh": "string",
    "n_complaints": "integer",
    "complaint_ids": "list",
    "upper_fence": "number",
    "q3": "number",
    "n_peers": "integer",
    "peer_group": "string",
}


def complaint_outlier(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Posts with at least ``min_complaints`` complaints in the period, above their peers' upper fence.

    Peers are the posts of the same category in the community's peer group (riskengine.evaluation.peers):
    every such post counts, those with no complaint as 0. Groups with fewer than ``min_peers``
    posts have no fence; their orgs are reported as not evaluated.
    """
    min_peers = int(params.get("min_peers", 10))
    complaints = ctx.in_period(ctx.frame("complaints"), "date").filter(pl.col("target_post_id").is_not_null())
    per_post = (
        complaints.sort("date", "complaint_id")
        .group_by(pl.col("target_post_id").alias("post_id"))
        .agg(pl.col("complaint_id").alias("complaint_ids"), pl.len().cast(pl.Int64).alias("n_complaints"))
    )
    groups = org_peer_groups(ctx.frame("orgs"), min_size=min_peers)
    posts = (
        ctx.frame("posts")
        .select("post_id", "org_id", "category")
        .join(groups, on="org_id", how="inner")
        .join(per_post, on="post_id", how="left")
        .with_columns(pl.col("n_complaints").fill_null(0))
    )
    judged = tukey_fences(
        posts,
        "n_complaints",
        ["peer_group", "category"],
        min_size=min_peers,
        k=float(params.get("fence_k", 1.5)),
    )
    thin = judged.filter(pl.col("upper_fence").is_null())
    ctx.not_evaluated(
        thin.get_column("org_id").unique(),
        text("ne_complaint_peers", n=min_peers),
    )
    found = judged.filter(
        (pl.col("n_complaints") > pl.col("upper_fence"))
        & (pl.col("n_complaints") >= int(params.get("min_complaints", 3)))
    )
    found = with_post_title(found, ctx).with_columns(
        pl.col("complaint_ids").list.eval(ref("complaints", pl.element())).alias("records"),
        pl.col("category")
        .replace_strict(POST_CATEGORY_ZH, default=pl.col("category"))
        .alias("post_category_zh"),
    )
    return found.select("org_id", "records", *_OUTLIER_OUTPUTS).sort("org_id", "post_id")


DETECTORS = (
    Detector(
        name="conduct_unanswered_complaint",
        reads=("complaints",),
        run=unanswered_complaint,
        params_schema=sdk.params({
            "response_days": {"type": "integer", "minimum": 1, "default": 15,
                "description": "投诉受理后应答复的期限（天）"},
            "high_days": {"type": "integer", "minimum": 1, "default": 60,
                "description": "拖延超过该天数未答复的升为高风险"},
        }),
        outputs=_UNANSWERED_OUTPUTS,
        description="期内受理的投诉超过答复时限（默认 15 天）未答复或逾期答复；days 为拖延天数。",
    ),
    Detector(
        name="conduct_complaint_outlier",
        reads=("complaints", "posts", "orgs"),
        run=complaint_outlier,
        params_schema=sdk.params({
            "min_complaints": {"type": "integer", "minimum": 1, "default": 3,
                "description": "岗位期内被投诉至少这么多件才可能列为异常"},
            "min_peers": sdk.peer_count_param(
                description="同组同类岗位少于此数时不比较，相关社区记为未评估"),
            "fence_k": sdk.fence_k_param(description="Tukey 上限系数：Q3 + k×IQR"),
        }),
        outputs=_OUTLIER_OUTPUTS,
        description="岗位期内被投诉件数高于同组同类岗位的 Tukey 上限（Q3 + k×IQR）且不少于最低件数。",
    ),
)
