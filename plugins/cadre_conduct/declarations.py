"""Detector for the annual personal-matters declaration (个人有关事项年度报告): missing or late."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import polars as pl

from riskengine import Detector, DetectorContext, sdk

from ._common import empty_findings, known_declarations, ref, with_person_label

_OUTPUTS = {
    "person_id": "string",
    "person_label": "string",
    "post_ids": "list",
    "posts_text": "string",
    "year": "integer",
    "due_date": "date",
    "decl_id": "string",
    "submitted_date": "date",
    "days_late": "integer",
    "missing": "boolean",
    "status_zh": "string",
}


def _due(year: int, month_day: str) -> dt.date:
    month, day = (int(part) for part in month_day.split("-"))
    return dt.date(year, month, day)


def judged_years(ctx: DetectorContext, month_day: str) -> list[int]:
    """Years of the period whose declaration deadline had passed by the as-of date."""
    years = range(ctx.period.start.year, ctx.period.end.year + 1)
    return [y for y in years if _due(y, month_day) < ctx.as_of]


def _holders(posts: pl.DataFrame) -> pl.DataFrame:
    """One row per post holder: the posts they hold, sorted, and the org of the first one."""
    return (
        posts.filter(pl.col("holder_id").is_not_null())
        .sort("post_id")
        .with_columns(pl.format("{}（{}）", pl.coalesce("title", "post_id"), "post_id").alias("post_label"))
        .group_by(pl.col("holder_id").alias("person_id"))
        .agg(
            pl.col("org_id").first(),
            pl.col("post_id").alias("post_ids"),
            pl.col("post_label").str.join("、").alias("posts_text"),
        )
    )


def annual_declaration(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Post holders whose annual declaration for a judged year is missing or was filed after the deadline.

    The declaration for year Y is the holder's ``annual_personal_matters`` declaration whose
    ``event_date`` falls in Y (the earliest submitted counts); it is due on ``due_month_day`` of Y.
    Only years of the assessed period whose deadline passed before the as-of date are judged,
    and a declaration submitted after the as-of date is treated as not (yet) submitted.
    """
    month_day = str(params.get("due_month_day", "03-31"))
    years = judged_years(ctx, month_day)
    if not years:
        return empty_findings(_OUTPUTS)
    posts = ctx.frame("posts")
    if "title" not in posts.columns:
        posts = posts.with_columns(pl.lit(None, pl.String).alias("title"))
    due = pl.DataFrame(
        {"year": years, "due_date": [_due(y, month_day) for y in years]},
        schema={"year": pl.Int64, "due_date": pl.Date},
    )
    filed = (
        known_declarations(ctx, "annual_personal_matters")
        .with_columns(pl.col("event_date").dt.year().cast(pl.Int64).alias("year"))
        .sort("submitted_date", "decl_id")
        .group_by("person_id", "year", maintain_order=True)
        .first()
        .select("person_id", "year", "decl_id", "submitted_date")
    )
    judged = (
        with_person_label(_holders(posts), ctx)
        .join(due, how="cross")
        .join(filed, on=["person_id", "year"], how="left")
    )
    found = (
        judged.with_columns(
            pl.col("decl_id").is_null().alias("missing"),
            (pl.col("submitted_date") - pl.col("due_date")).dt.total_days().alias("days_late"),
        )
        .filter(pl.col("missing") | (pl.col("days_late") > 0))
        .with_columns(
            pl.when(pl.col("missing"))
            .then(pl.col("post_ids").list.eval(ref("posts", pl.element())))
            .otherwise(pl.concat_list(ref("declarations", "decl_id")))
            .alias("records"),
            pl.when(pl.col("missing"))
            .then(pl.format("截至 {} 仍未报告", pl.lit(ctx.as_of.isoformat())))
            .otherwise(
                pl.format(
                    "报告 {} 于 {} 提交，逾期 {} 天",
                    "decl_id",
                    pl.col("submitted_date").cast(pl.String),
                    pl.col("days_late").cast(pl.String),
                )
            )
            .alias("status_zh"),
        )
    )
    return found.select("org_id", "records", *_OUTPUTS).sort("org_id", "person_id", "year")


DETECTORS = (
    Detector(
        name="conduct_annual_declaration",
        reads=("posts", "declarations"),
        run=annual_declaration,
        params_schema=sdk.params({
            "due_month_day": {
                "type": "string",
                "pattern": r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
                "default": "03-31",
                "description": "年度报告截止日（MM-DD），每年该日前报告上一年度至今的个人有关事项",
            }
        }),
        outputs=_OUTPUTS,
        description="岗位持有人每年须提交一次个人有关事项年度报告（事项日期在当年），截止日已过仍未报告或逾期报告。",
    ),
)
