"""From findings to post scores and 一级/二级/三级 levels, as the scoring pack configures.

score = inherent risk (points per micro-power, capped) + points of the post's findings.
The level follows the score thresholds, unless an override puts the post higher. A finding
that matches an entry of ``scoring.serious`` is a serious problem (严重问题); overrides may
count serious problems, each finding on its own, so five large cash payments are five.
All of it is column-wise over the findings exploded by responsible post.
"""

from __future__ import annotations

import polars as pl

from ..packs.rulepack import SEVERITIES
from ..packs.scoring_config import Override, ScoringConfig, Serious

_SEVERITY_RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES))}
_LEVEL_RANK = {"low": 0, "medium": 1, "high": 2}


def with_points(findings: pl.DataFrame, config: ScoringConfig) -> pl.DataFrame:
    """Add each finding's ``points`` from its severity and ``serious``: the label of the first
    ``scoring.serious`` entry it matches, null when it is not a serious problem."""
    serious = pl.lit(None, dtype=pl.String)
    for entry in reversed(config.serious):
        serious = (
            pl.when(_matches(entry.rules, entry.severity_at_least))
            .then(pl.lit(entry.label))
            .otherwise(serious)
        )
    return findings.with_columns(
        pl.col("severity").replace_strict(config.severity_points, return_dtype=pl.Float64).alias("points"),
        serious.alias("serious"),
    )


def _matches(rules: tuple[str, ...], severity_at_least: str | None) -> pl.Expr:
    condition = pl.lit(True)
    if rules:
        condition = condition & pl.col("rule_id").is_in(list(rules))
    if severity_at_least:
        rank = pl.col("severity").replace_strict(_SEVERITY_RANK, default=-1, return_dtype=pl.Int8)
        condition = condition & (rank >= _SEVERITY_RANK[severity_at_least])
    return condition


def by_post(findings: pl.DataFrame) -> pl.DataFrame:
    """One row per (finding, responsible post)."""
    return (
        findings.explode("post_ids").rename({"post_ids": "post_id"}).filter(pl.col("post_id").is_not_null())
    )


def score_posts(posts: pl.DataFrame, findings: pl.DataFrame, config: ScoringConfig) -> pl.DataFrame:
    """Every post with inherent points, contributions, score, serious problems, level and override reasons."""
    per_post = by_post(findings)
    if "serious" not in per_post.columns:  # findings scored without with_points' serious column
        per_post = per_post.with_columns(pl.lit(None, dtype=pl.String).alias("serious"))
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
        .agg(
            pl.col("points").sum(),
            pl.len().alias("findings"),
            pl.col("serious").is_not_null().sum().cast(pl.Int64).alias("serious"),
        )
        .sort("post_id", "points", "rule_id", descending=[False, True, False])
        .group_by("post_id", maintain_order=True)
        .agg(
            pl.struct("rule_id", "points", "findings", "serious").alias("contributions"),
            pl.col("points").sum().alias("finding_points"),
            pl.col("serious").sum().alias("serious_findings"),
        )
    )
    scored = base.join(contributions, on="post_id", how="left").with_columns(
        (pl.col("inherent") + pl.col("finding_points").fill_null(0.0)).round(2).alias("score"),
        pl.col("serious_findings").fill_null(0),
    )
    level = pl.lit(config.levels[-1].level)
    for threshold in reversed(config.levels):
        level = pl.when(pl.col("score") >= threshold.min_score).then(pl.lit(threshold.level)).otherwise(level)
    scored = scored.with_columns(level.alias("score_level"))
    overrides = _overrides(per_post, config.overrides, config.serious)
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


def _overrides(
    per_post: pl.DataFrame, overrides: tuple[Override, ...], serious: tuple[Serious, ...]
) -> pl.DataFrame:
    schema = {"post_id": pl.String, "override_rank": pl.Int8, "override_reasons": pl.List(pl.String)}
    hits = []
    for order, override in enumerate(overrides):
        frame = per_post.filter(_matches(override.rules, override.severity_at_least))
        if override.serious:
            frame = frame.filter(pl.col("serious").is_not_null())
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
            pl.lit(order).alias("order"),
            pl.lit(override.reason).alias("reason"),
        )
        if override.serious:
            matched = _with_serious_detail(matched, frame, serious)
        hits.append(matched)
    if not hits:
        return pl.DataFrame(schema=schema)
    return (
        pl.concat(hits)
        .sort("post_id", "order")
        .group_by("post_id", maintain_order=True)
        .agg(
            pl.col("rank").max().alias("override_rank"),
            pl.col("reason").unique(maintain_order=True).alias("override_reasons"),
        )
    )


def _with_serious_detail(
    matched: pl.DataFrame, frame: pl.DataFrame, serious: tuple[Serious, ...]
) -> pl.DataFrame:
    """Name what the serious problems are, so the override explains itself:
    ``存在 3 项及以上严重问题（共 5 项：大额现金支付 5 项）``."""
    order = {entry.label: i for i, entry in reversed(list(enumerate(serious)))}
    detail = (
        frame.group_by("post_id", "serious")
        .agg(pl.len().alias("n"))
        .with_columns(
            pl.col("serious").replace_strict(order, default=len(order), return_dtype=pl.Int32).alias("o")
        )
        .sort("post_id", "n", "o", descending=[False, True, False])
        .group_by("post_id", maintain_order=True)
        .agg(
            pl.col("n").sum().alias("total"),
            (pl.col("serious") + pl.lit(" ") + pl.col("n").cast(pl.String) + pl.lit(" 项"))
            .str.join("、")
            .alias("what"),
        )
    )
    return matched.join(detail, on="post_id", how="left").select(
        "post_id",
        "rank",
        "order",
        pl.format("{}（共 {} 项：{}）", pl.col("reason"), pl.col("total"), pl.col("what")).alias("reason"),
    )
