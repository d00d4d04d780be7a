"""The recurrence rule (整改后复发): a built-in plugin of the host.

"The same rule fires on a post whose task for it was closed in the last 12 months." It needs
the findings of every other rule and the task history (from the store, or a ``task_history``
file in the dataset), so it runs as an ``after_findings`` detector.

A finding recurs when its latest date is after the task's closing date: the ``last_date`` in its
evidence where the detector gives one (findings merging several records, dated by the first), else
its ``date``. A problem the task was closed for, but which kept going after the closure (payments
still made after the closing date), therefore counts as recurring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from importlib import resources
from typing import Any

import polars as pl

from riskengine import Detector, DetectorContext, hookimpl, sdk

__version__ = "0.4.0"


def recurrence(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Posts where a rule fires again after its task was closed within ``window_days``."""
    since = ctx.as_of - dt.timedelta(days=params["window_days"])
    closed = (
        ctx.frame("task_history")
        .filter(pl.col("closed_on").is_not_null() & pl.col("closed_on").is_between(since, ctx.as_of))
        .sort("closed_on", descending=True)
        .unique(subset=["post_id", "rule_id"], keep="first")
        .select("post_id", "rule_id", "task_id", "closed_on")
    )
    current = (
        ctx.findings.filter(pl.col("rule_id") != params["rule_id"])
        .explode("post_ids")
        .rename({"post_ids": "post_id"})
        .filter(pl.col("post_id").is_not_null())
    )
    keys = ["post_id", "rule_id", "task_id", "closed_on"]
    # Only problems still happening after the closure recur; the ones the task was closed for do not.
    joined = current.join(closed, on=["post_id", "rule_id"], how="inner").filter(
        _latest_date().is_null() | (_latest_date() > pl.col("closed_on"))
    )
    counts = joined.group_by(keys).agg(pl.col("org_id").first(), pl.len().alias("findings"))
    records = joined.explode("records").group_by(keys).agg(pl.col("records").unique().sort())
    return (
        counts.join(records, on=keys)
        .with_columns(
            pl.concat_list(
                [pl.col("records"), sdk.ref("task_history", "task_id")]
            ).alias("records"),
            pl.col("rule_id").alias("repeated_rule"),
            pl.col("closed_on").alias("date"),
        )
        .select("org_id", "post_id", "records", "date", "repeated_rule", "task_id", "closed_on", "findings")
        .sort("org_id", "post_id", "repeated_rule")
    )


def _latest_date() -> pl.Expr:
    """The latest date a finding covers: its ``last_date`` evidence, else its ``date``.

    A finding that merges several records (payments that kept going after a death, an exit, ...)
    is dated by its first record and names the last one in ``last_date``; it recurs when the
    problem went on after the closure, so the latest record is what is compared.
    """
    last = pl.col("evidence").str.json_path_match("$.last_date").str.to_date("%Y-%m-%d", strict=False)
    return pl.coalesce(last, pl.col("date"))


@hookimpl
def register_record_types(register) -> None:
    """``task_history`` is a built-in record type (schemas/records/task_history.json); nothing to add."""


@hookimpl
def register_detectors(register) -> None:
    register(
        Detector(
            name="recurrence",
            reads=("task_history",),
            run=recurrence,
            params_schema={
                "type": "object",
                "properties": {
                    "window_days": {"type": "integer", "minimum": 1, "default": 365,
                                    "description": "销号后多少天内同一问题再次出现视为复发"},
                    "rule_id": {"type": "string", "default": "conduct.recurrence",
                                "description": "复发问题本身的规则编号（其任务不再计入复发）"},
                },
                "additionalProperties": False,
            },
            outputs={
                "post_id": "string",
                "repeated_rule": "string",
                "task_id": "string",
                "closed_on": "date",
                "findings": "integer",
            },
            description="整改销号后 12 个月内同一岗位再次出现同一问题",
            after_findings=True,
        )
    )


@hookimpl
def register_rule_packs(register) -> None:
    register(resources.files("riskengine_rules") / "recurrence.yaml")
