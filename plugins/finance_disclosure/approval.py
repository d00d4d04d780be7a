"""Detectors on who decides and who pays: collective decision (四议两公开) and incompatible posts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from riskengine import Detector, DetectorContext, sdk

from .common import expenses_in_period, ledger_ref, payee_text, ref

#: The six steps of 四议两公开, in procedural order, with their Chinese names.
STEPS_ZH = {
    "branch_proposal": "党组织提议",
    "committees_deliberation": "两委会商议",
    "members_review": "党员大会审议",
    "council_decision": "村（居）民代表会议或村（居）民会议决议",
    "resolution_disclosure": "决议公开",
    "result_disclosure": "实施结果公开",
}


def no_collective_decision(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Expenses >= the collective-decision limit without a complete, timely resolution.

    A resolution counts when it exists in the same org, lists all six steps and was decided on or
    before the expense date. The finding names the expense and, when there is one, the resolution;
    the problem says whether a linked id belongs to another community or is not in the register.
    """
    big = expenses_in_period(ctx, where=pl.col("amount") >= params["collective_limit"])
    resolutions = ctx.frame("resolutions").select(
        "resolution_id",
        pl.col("org_id").alias("res_org_id"),
        "decided_date",
        pl.col("steps").alias("res_steps"),
        pl.lit(True).alias("found"),
    )
    joined = big.join(
        resolutions,
        left_on=["resolution_id", "org_id"],
        right_on=["resolution_id", "res_org_id"],
        how="left",
    ).with_columns(pl.col("found").fill_null(False))
    # Linked but not found in the org: an id of another community's resolution, or of none at all.
    registered = resolutions.select("resolution_id", pl.lit(True).alias("registered")).unique("resolution_id")
    joined = joined.join(registered, on="resolution_id", how="left").with_columns(
        pl.col("registered").fill_null(False)
    )
    required = pl.lit(list(STEPS_ZH), dtype=pl.List(pl.String))
    joined = joined.with_columns(
        missing_steps=pl.when(pl.col("found")).then(
            required.list.set_difference(pl.col("res_steps").fill_null(pl.lit([], pl.List(pl.String))))
        ),
    )
    # set_difference does not keep order: rebuild the missing steps in procedural order.
    missing_ordered = pl.concat_list(
        [pl.when(pl.col("missing_steps").list.contains(s)).then(pl.lit(zh)) for s, zh in STEPS_ZH.items()]
    ).list.drop_nulls()
    joined = joined.with_columns(missing_steps=pl.when(pl.col("found")).then(missing_ordered))
    incomplete = pl.col("missing_steps").list.len() > 0
    late = pl.col("decided_date").is_null() | (pl.col("decided_date") > pl.col("date"))
    problem = (
        pl.when(pl.col("resolution_id").is_null())
        .then(pl.lit("未附四议两公开决议"))
        .when(~pl.col("found") & pl.col("registered"))
        .then(pl.format("关联的决议 {} 不属于本社区", pl.col("resolution_id")))
        .when(~pl.col("found"))
        .then(pl.format("关联的决议 {} 在决议台账中不存在", pl.col("resolution_id")))
        .when(incomplete & late)
        .then(
            pl.format(
                "决议 {} 缺少{}环节，且决定日期（{}）晚于支出日期",
                pl.col("resolution_id"),
                pl.col("missing_steps").list.join("、"),
                pl.col("decided_date").cast(pl.String).fill_null("未记录"),
            )
        )
        .when(incomplete)
        .then(
            pl.format(
                "决议 {} 缺少{}环节",
                pl.col("resolution_id"),
                pl.col("missing_steps").list.join("、"),
            )
        )
        .otherwise(
            pl.format(
                "决议 {} 的决定日期（{}）晚于支出日期",
                pl.col("resolution_id"),
                pl.col("decided_date").cast(pl.String).fill_null("未记录"),
            )
        )
    )
    bad = joined.filter(~pl.col("found") | incomplete | late)
    records = pl.concat_list(
        ledger_ref(), pl.when(pl.col("found")).then(ref("resolutions", "resolution_id"))
    ).list.drop_nulls()
    return bad.select(
        "org_id",
        records.alias("records"),
        "date",
        "approved_by",
        "txn_id",
        "amount",
        "category",
        "counterparty_id",
        payee_text().alias("payee_text"),
        "resolution_id",
        "decided_date",
        pl.col("missing_steps").fill_null(pl.lit([], pl.List(pl.String))),
        problem.alias("problem"),
    ).sort("org_id", "date", "txn_id")


def incompatible_posts(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """One person holds both a finance and a cashier post in the same community (会计出纳不分设)."""
    posts = ctx.frame("posts").filter(
        pl.col("category").is_in(["finance", "cashier"]) & pl.col("holder_id").is_not_null()
    )
    held = (
        posts.group_by("org_id", "holder_id")
        .agg(
            finance_posts=pl.col("post_id").filter(pl.col("category") == "finance").sort(),
            cashier_posts=pl.col("post_id").filter(pl.col("category") == "cashier").sort(),
        )
        .filter((pl.col("finance_posts").list.len() > 0) & (pl.col("cashier_posts").list.len() > 0))
    )
    held_posts = pl.concat_list("finance_posts", "cashier_posts").list.eval(pl.element().sort())
    return held.select(
        "org_id",
        held_posts.list.eval(sdk.ref("posts", pl.element())).alias("records"),
        held_posts.alias("held_posts"),
        "holder_id",
        pl.col("finance_posts").list.join("、").alias("finance_post"),
        pl.col("cashier_posts").list.join("、").alias("cashier_post"),
    ).sort("org_id", "holder_id")


DETECTORS = [
    Detector(
        name="finance_no_collective_decision",
        reads=("ledger", "resolutions"),
        run=no_collective_decision,
        params_schema=sdk.params({
            "collective_limit": {
                "type": "number",
                "minimum": 0,
                "default": 50000,
                "description": "须经四议两公开集体决策的支出金额下限（元）",
            },
        }),
        outputs={
            "txn_id": "string",
            "date": "date",
            "approved_by": "string",
            "amount": "number",
            "category": "string",
            "counterparty_id": "string",
            "payee_text": "string",
            "resolution_id": "string",
            "decided_date": "date",
            "missing_steps": "list",
            "problem": "string",
        },
        description="达到集体决策限额的支出没有完整且事前的四议两公开决议",
    ),
    Detector(
        name="finance_incompatible_posts",
        reads=("posts",),
        run=incompatible_posts,
        params_schema=sdk.params(),
        outputs={
            "held_posts": "list",
            "holder_id": "string",
            "finance_post": "string",
            "cashier_post": "string",
        },
        description="同一人同时担任本社区会计（报账员）和出纳岗位",
    ),
]
