"""Recurrence (整改后复发): a rule fires again on a post whose task for it was closed in the window.

It reads the findings of every other rule, so it runs after they are collected. A finding recurs
when the latest day it covers (its ``last_date``, else its date) is after the task's closing.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from .run import Run, fmt

RULE = "conduct.recurrence"


def recurrence(r: Run, findings: pl.DataFrame) -> None:
    """Posts where a rule fires again after its task was closed within ``window_days``."""
    since = r.as_of - dt.timedelta(days=r.p(RULE)["window_days"])
    closed = (
        r.lf("task_history")
        .filter(pl.col("closed_on").is_not_null() & pl.col("closed_on").is_between(since, r.as_of))
        .sort("closed_on", descending=True)
        .unique(["post_id", "rule_id"], keep="first", maintain_order=True)
        .select("post_id", "rule_id", "task_id", "closed_on")
    )
    keys = ["post_id", "rule_id", "task_id", "closed_on"]
    found = (
        findings.lazy()
        .filter(pl.col("rule_id") != RULE)
        .select("rule_id", "org_id", "records", "latest", post_id="post_ids")
        .explode("post_id")
        .join(closed, on=["post_id", "rule_id"])
        .filter(pl.col("latest").is_null() | (pl.col("latest") > pl.col("closed_on")))
        .group_by(keys)
        .agg(
            pl.col("org_id").min(),
            findings=pl.len(),
            records=pl.col("records").list.explode(keep_nulls=False, empty_as_null=False).unique(),
        )
        .with_columns(
            records=pl.concat_list("records", fmt("task_history:{}", "task_id")),
            repeated_rule=pl.col("rule_id"),
            date=pl.col("closed_on"),
        )
    )
    ev = ["post_id", "repeated_rule", "task_id", "closed_on", "findings"]
    r.add(RULE, found, ev, reads=("task_history",))
