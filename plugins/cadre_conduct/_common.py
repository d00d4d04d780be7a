"""Shared helpers of the cadre-conduct detectors: record references, Chinese labels, formatting."""

from __future__ import annotations

import datetime as dt

import polars as pl

from riskengine import DetectorContext, sdk

#: Chinese names of the conduct event types (DATA.md ``conduct_events.type``), for messages.
EVENT_TYPE_ZH: dict[str, str] = {
    "gift_acceptance": "收受礼品礼金",
    "banquet_hosting": "操办婚丧喜庆事宜",
    "certificate_abuse": "违规出具证明",
    "favoritism": "优亲厚友",
    "works_interference": "插手工程项目",
    "part_time_pay": "违规兼职取酬",
    "vehicle_misuse": "公车私用",
    "information_leak": "泄露工作秘密",
    "inaction": "不作为、慢作为",
    "other": "其他违反负面清单行为",
}

#: Chinese names of where a conduct event came from (``conduct_events.source``).
EVENT_SOURCE_ZH: dict[str, str] = {
    "complaint": "群众投诉",
    "inspection": "巡察检查",
    "audit": "审计",
    "self_report": "本人报告",
    "hotline": "监督热线",
}


ref = sdk.ref
label = sdk.label


def known_declarations(ctx: DetectorContext, decl_type: str) -> pl.DataFrame:
    """Declarations of one type that had been submitted by the as-of date (later ones are unknown then).

    Without declarations data nothing can be judged, so the frame is required (not evaluated otherwise).
    """
    return ctx.frame("declarations").filter(
        (pl.col("type") == decl_type)
        & pl.col("submitted_date").is_not_null()
        & (pl.col("submitted_date") <= ctx.as_of)
    )


def with_post_title(frame: pl.DataFrame, ctx: DetectorContext, post_col: str = "post_id") -> pl.DataFrame:
    """Add ``post_title`` (the post's title, or its id when unknown) for messages."""
    titles = sdk.post_titles(ctx.optional_frame("posts"), key=post_col)
    return frame.join(titles, on=post_col, how="left").with_columns(
        pl.coalesce("post_title", post_col).alias("post_title")
    )


def with_person_label(
    frame: pl.DataFrame, ctx: DetectorContext, person_col: str = "person_id"
) -> pl.DataFrame:
    """Add ``person_label``: ``name（person_id）`` when the person is known, else the id alone."""
    persons = ctx.optional_frame("persons")
    if "name" in persons.columns and "person_id" in persons.columns:
        # Only the persons the frame names (a few thousand), not the whole register: filtering keeps
        # the register's order, so "first" picks the same row.
        names = (
            persons.select(pl.col("person_id").alias(person_col), pl.col("name").alias("_name"))
            .join(frame.select(person_col).unique(), on=person_col, how="semi")
            .unique(person_col, keep="first")
        )
    else:
        names = pl.DataFrame(schema={person_col: pl.String, "_name": pl.String})
    label_expr = sdk.name_and_id("_name", person_col).fill_null("（未注明）")
    return (
        frame.join(names, on=person_col, how="left")
        .with_columns(label_expr.alias("person_label"))
        .drop("_name")
    )


empty_findings = sdk.empty_findings


def iso(day: dt.date) -> str:
    """A date as ``YYYY-MM-DD`` (messages and reasons)."""
    return day.isoformat()
