"""From findings to post scores and 一级/二级/三级 levels, as the scoring pack configures.

score = inherent risk (points per micro-power, capped) + points of the post's findings.
The level follows the score thresholds, unless an override puts the post higher.
All of it is column-wise over the findings exploded by responsible post.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from .rulepack import SEVERITIES
from .scoring_config import Override, ScoringConfig

_SEVERITY_RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES))}
_LEVEL_RANK = {"low": 0, "medium": 1, "high": 2}


def with_points(findings: pl.DataFrame, config: ScoringConfig) -> pl.DataFrame:
    """Add each finding's ``points`` from its severity."""
    return findings.with_columns(
        pl.col("severity").replace_strict(config.severity_points, return_dtype=pl.Float64).alias("points")
    )


def by_post(findings: pl.DataFrame) -> pl.DataFrame:
    """One row per (finding, responsible post)."""
    return (
        findings.explode("post_ids").rename({"post_ids": "post_id"}).filter(pl.col("post_id").is_not_null())
    )


def score_posts(posts: pl.DataFrame, findings: pl.DataFrame, config: ScoringConfig) -> pl.DataFrame:
    """Every post with inherent points, contributions, score, level and override reasons."""
    per_post = by_post(findings)
    powers = pl.col("powers").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    inherent = powers.list.eval(
        pl.element().replace_strict(config.power_points, default=0.0, return_dtype=pl.Float64)
    ).list.sum()
    if config.inherent_cap is not None:
        inherent = pl.min_horizontal(inherent, pl.lit(float(config.inherent_cap)))
    base = posts.select(
        "post_id", "org_id", "title", "category", powers.alias("powers"), inherent.alias("inherent")
    )
    contributions = (
        per_post.group_by("post_id", "rule_id")
        .agg(pl.col("points").sum(), pl.len().alias("findings"))
        .sort("post_id", "points", "rule_id", descending=[False, True, False])
        .group_by("post_id", maintain_order=True)
        .agg(
            pl.struct("rule_id", "points", "findings").alias("contributions"),
            pl.col("points").sum().alias("finding_points"),
        )
    )
    scored = base.join(contributions, on="post_id", how="left").with_columns(
        (pl.col("inherent") + pl.col("finding_points").fill_null(0.0)).round(2).alias("score")
    )
    level = pl.lit(config.levels[-1].level)
    for threshold in reversed(config.levels):
        level = pl.when(pl.col("score") >= threshold.min_score).then(pl.lit(threshold.level)).otherwise(level)
    scored = scored.with_columns(level.alias("score_level"))
    overrides = _overrides(per_post, config.overrides)
    scored = scored.join(overrides, on="post_id", how="left").with_columns(
        pl.col("override_reasons").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        pl.max_horizontal(
            pl.col("score_level").replace_strict(_LEVEL_RANK, return_dtype=pl.Int8),
            pl.col("override_rank").fill_null(0),
        ).alias("level_rank"),
    )
    inverse = {rank: name for name, rank in _LEVEL_RANK.items()}
    return scored.with_columns(
        pl.col("level_rank").replace_strict(inverse, return_dtype=pl.String).alias("level")
    ).sort("level_rank", "score", "post_id", descending=[True, True, False])


def _overrides(per_post: pl.DataFrame, overrides: tuple[Override, ...]) -> pl.DataFrame:
    schema = {"post_id": pl.String, "override_rank": pl.Int8, "override_reasons": pl.List(pl.String)}
    hits = []
    for override in overrides:
        frame = per_post.filter(pl.col("rule_id").is_in(list(override.rules)))
        if override.severity_at_least:
            floor = _SEVERITY_RANK[override.severity_at_least]
            frame = frame.filter(
                pl.col("severity").replace_strict(_SEVERITY_RANK, return_dtype=pl.Int8) >= floor
            )
        if override.within_days:
            counts = (
                frame.filter(pl.col("date").is_not_null())
                .sort("post_id", "date")
                .rolling("date", period=f"{override.within_days}d", group_by="post_id")
                .agg(pl.len().alias("n"))
                .group_by("post_id")
                .agg(pl.col("n").max())
            )
        else:
            counts = frame.group_by("post_id").agg(pl.len().alias("n"))
        matched = counts.filter(pl.col("n") >= override.min_findings).select(
            "post_id",
            pl.lit(_LEVEL_RANK[override.level], dtype=pl.Int8).alias("rank"),
            pl.lit(override.reason).alias("reason"),
        )
        hits.append(matched)
    if not hits:
        return pl.DataFrame(schema=schema)
    return (
        pl.concat(hits)
        .group_by("post_id")
        .agg(
            pl.col("rank").max().alias("override_rank"),
            pl.col("reason").unique(maintain_order=True).alias("override_reasons"),
        )
    )


def deadline(as_of: dt.date, days: int) -> dt.date:
    return as_of + dt.timedelta(days=days)
