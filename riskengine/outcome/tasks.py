"""Rectification tasks (整改任务): one per post and rule, until it is closed (对账销号)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from ..packs.rule import Rule
from .ids import task_id
from .scoring import by_post


def build_tasks(findings: pl.DataFrame, rules: dict[str, Rule], as_of: dt.date) -> list[dict]:
    """Group findings by (post, rule) into tasks with measures and a deadline counted from ``as_of``."""
    grouped = (
        by_post(findings)
        .group_by("post_id", "rule_id")
        .agg(pl.col("org_id").first(), pl.col("finding_id").sort().alias("finding_ids"))
        .sort("post_id", "rule_id")
    )
    tasks = []
    for row in grouped.iter_rows(named=True):  # one row per task, not per record
        rule = rules[row["rule_id"]]
        rect = rule.rectification
        tasks.append(
            {
                "task_id": task_id(row["post_id"], row["rule_id"]),
                "post_id": row["post_id"],
                "org_id": row["org_id"],
                "rule_id": row["rule_id"],
                "title": rect.title,
                "measures": list(rect.measures),
                "deadline": (as_of + dt.timedelta(days=rect.deadline_days)).isoformat(),
                "status": "open",
                "finding_ids": row["finding_ids"],
            }
        )
    return tasks
