"""Shared helpers of the cadre-conduct detectors: record references, Chinese labels, formatting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import polars as pl

from riskengine.detectors import DetectorContext

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


def ref(record_type: str, *key_cols: str) -> pl.Expr:
    """``<record_type>:<k1>[:<k2>]`` for each row, the record naming of RESULT.md.

    Built by hand rather than from ``RecordType.ref_expr()`` so detectors also work on frames
    whose record types were not registered (tests, partial datasets); the keys are the
    schemas' ``x-key`` fields.
    """
    parts: list[pl.Expr] = [pl.lit(record_type)]
    parts += [pl.col(c).cast(pl.String).fill_null("") for c in key_cols]
    return pl.concat_str(parts, separator=":")


def label(column: str, labels: dict[str, str]) -> pl.Expr:
    """The Chinese label of an enum column; unknown values are shown as they are."""
    return pl.col(column).replace_strict(labels, default=pl.col(column), return_dtype=pl.String)


def fmt_amount(column: str) -> pl.Expr:
    """An amount as text with up to two decimals and thousands separators (``58,200`` / ``1,234.5``)."""
    value = pl.col(column).round(2)
    whole = value.abs().floor().cast(pl.Int64).cast(pl.String)
    # Insert a comma before every group of three digits counted from the right.
    grouped = whole.str.reverse().str.replace_all(r"(\d{3})", "$1,").str.reverse().str.strip_prefix(",")
    cents = ((value.abs() - value.abs().floor()) * 100).round(0).cast(pl.Int64)
    frac = (
        pl.when(cents == 0)
        .then(pl.lit(""))
        .when(cents % 10 == 0)
        .then(pl.format(".{}", (cents // 10).cast(pl.String)))
        .otherwise(pl.format(".{}", cents.cast(pl.String).str.zfill(2)))
    )
    sign = pl.when(value < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    return pl.concat_str([sign, grouped, frac])


def known_declarations(ctx: DetectorContext, decl_type: str) -> pl.DataFrame:
    """Declarations of one type that had been submitted by the as-of date (later ones are unknown then).

    Without declarations data nothing can be judged, so the frame is required (not evaluated otherwise).
    """
    return ctx.frame("declarations").filter(
        (pl.col("type") == decl_type)
        & pl.col("submitted_date").is_not_null()
        & (pl.col("submitted_date") <= ctx.as_of)
    )


def post_titles(ctx: DetectorContext) -> pl.DataFrame:
    """``post_id, post_title`` of every post (empty when there is no posts data)."""
    posts = ctx.optional_frame("posts")
    if posts.is_empty() or "title" not in posts.columns:
        return pl.DataFrame(schema={"post_id": pl.String, "post_title": pl.String})
    return posts.select("post_id", pl.col("title").alias("post_title")).unique("post_id", keep="first")


def with_post_title(frame: pl.DataFrame, ctx: DetectorContext, post_col: str = "post_id") -> pl.DataFrame:
    """Add ``post_title`` (the post's title, or its id when unknown) for messages."""
    titles = post_titles(ctx).rename({"post_id": post_col})
    return frame.join(titles, on=post_col, how="left").with_columns(
        pl.coalesce("post_title", post_col).alias("post_title")
    )


_KIND_TYPES: dict[str, pl.DataType] = {
    "string": pl.String(),
    "number": pl.Float64(),
    "integer": pl.Int64(),
    "boolean": pl.Boolean(),
    "date": pl.Date(),
    "month": pl.String(),
    "list": pl.List(pl.String()),
}


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
    label_expr = (
        pl.when(pl.col("_name").is_not_null())
        .then(pl.format("{}（{}）", "_name", person_col))
        .otherwise(pl.col(person_col).fill_null("（未注明）"))
    )
    return (
        frame.join(names, on=person_col, how="left")
        .with_columns(label_expr.alias("person_label"))
        .drop("_name")
    )


def empty_findings(outputs: Mapping[str, str]) -> pl.DataFrame:
    """An empty finding frame: ``org_id``, ``records`` and the declared output columns."""
    schema = {"org_id": pl.String(), "records": pl.List(pl.String())}
    schema.update({name: _KIND_TYPES[kind] for name, kind in outputs.items()})
    return pl.DataFrame(schema=schema)


def iso(day: dt.date) -> str:
    """A date as ``YYYY-MM-DD`` (messages and reasons)."""
    return day.isoformat()
