"""Rectification tasks (整改任务): one per post and rule, until it is closed (对账销号)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from ..packs.rule import Rule
from .columns import TASKS
from .ids import stable_ids
from .scoring import by_post


def build_tasks(findings: pl.DataFrame, rules: dict[str, Rule], as_of: dt.date) -> pl.DataFrame:
    """Group findings by (post, rule) into tasks (:data:`columns.TASKS`) with measures and a
    deadline counted from ``as_of``."""
    grouped = (
        by_post(findings)
        .group_by("post_id", "rule_id")
        .agg(pl.col("org_id").first(), pl.col("finding_id").sort().alias("finding_ids"))
        .sort("post_id", "rule_id")
    )
    rectification = pl.DataFrame(
        [
            (rule.id, rect.title, list(rect.measures), rect.deadline_days)
            for rule in rules.values()
            for rect in [rule.rectification]
        ],
        schema={"rule_id": pl.String, "title": pl.String, "measures": pl.List(pl.String), "days": pl.Int64},
        orient="row",
    )
    # The id is a hash of post and rule (stable across runs, as task_id gives): one per task.
    ids = stable_ids("T-", [pl.col(c).fill_null("None") for c in ("post_id", "rule_id")], grouped)
    return (
        grouped.join(rectification, on="rule_id", how="left", maintain_order="left")
        .with_columns(
            ids.alias("task_id"),
            (pl.lit(as_of) + pl.duration(days=pl.col("days"))).alias("deadline"),
            pl.lit("open").alias("status"),
        )
        .select(pl.col(name).cast(dtype) for name, dtype in TASKS.items())
    )
