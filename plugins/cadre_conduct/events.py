"""Detectors over conduct events (负面清单事项): verified events, unreported banquets, outside jobs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from riskengine import Detector, DetectorContext, sdk

from ._common import (
    EVENT_SOURCE_ZH,
    EVENT_TYPE_ZH,
    known_declarations,
    label,
    ref,
    with_person_label,
    with_post_title,
)

HIGH_TYPES_DEFAULT = ["gift_acceptance", "works_interference", "favoritism"]

_EVENT_OUTPUTS = {
    "event_id": "string",
    "person_id": "string",
    "person_label": "string",
    "post_id": "string",
    "post_title": "string",
    "date": "date",
    "type": "string",
    "type_zh": "string",
    "source_zh": "string",
}


def _events(ctx: DetectorContext) -> pl.DataFrame:
    """Conduct events dated in the period, with Chinese labels, amount text and post title."""
    events = ctx.in_period(ctx.frame("conduct_events"), "date")
    events = events.with_columns(
        label("type", EVENT_TYPE_ZH).alias("type_zh"),
        label("source", EVENT_SOURCE_ZH).fill_null("未注明").alias("source_zh"),
        pl.when(pl.col("amount").is_not_null() & (pl.col("amount") > 0))
        .then(pl.format("，涉及金额 {} 元", sdk.money_text("amount")))
        .otherwise(pl.lit(""))
        .alias("amount_text"),
    )
    return with_person_label(with_post_title(events, ctx), ctx)


def _not_dismissed() -> pl.Expr:
    # An event still under verification ('reported') counts: only a dismissal clears it.
    return pl.col("status").is_null() | (pl.col("status") != "dismissed")


def _finish(frame: pl.DataFrame, extra: list[str]) -> pl.DataFrame:
    columns = ["org_id", "records", *_EVENT_OUTPUTS, *extra]
    return frame.select(columns).sort("org_id", "date", "event_id")


def verified_event(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """One finding per verified conduct event of the period; ``high_type`` marks the grave types."""
    events = _events(ctx).filter(pl.col("status") == "verified")
    found = events.with_columns(
        pl.concat_list(ref("conduct_events", "event_id")).alias("records"),
        pl.col("type")
        .is_in(list(params.get("high_types", HIGH_TYPES_DEFAULT)))
        .fill_null(False)
        .alias("high_type"),
    )
    return _finish(found, ["amount", "amount_text", "high_type"])


def unreported_banquet(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Banquets (not dismissed) with no banquet report filed beforehand for a date near the event.

    A report matches when it is by the same person, its ``event_date`` lies within
    ``report_window_days`` of the banquet, and it was submitted no later than the banquet day.
    A report for the right date filed only afterwards is named in the finding as a late report.
    """
    window = int(params.get("report_window_days", 30))
    banquets = _events(ctx).filter((pl.col("type") == "banquet_hosting") & _not_dismissed())
    reports = known_declarations(ctx, "banquet_report").select(
        "person_id", "decl_id", pl.col("event_date").alias("report_event_date"), "submitted_date"
    )
    near = (
        banquets.select("event_id", "person_id", "date")
        .join(reports, on="person_id", how="inner")
        .filter((pl.col("report_event_date") - pl.col("date")).dt.total_days().abs() <= window)
    )
    on_time = near.filter(pl.col("submitted_date") <= pl.col("date")).select("event_id").unique()
    late = (
        near.filter(pl.col("submitted_date") > pl.col("date"))
        .sort("submitted_date", "decl_id")
        .group_by("event_id", maintain_order=True)
        .first()
        .select(
            "event_id",
            pl.col("decl_id").alias("late_report_id"),
            pl.col("submitted_date").alias("late_submitted"),
        )
    )
    found = (
        banquets.join(on_time, on="event_id", how="anti")
        .join(late, on="event_id", how="left")
        .with_columns(
            pl.concat_list(
                ref("conduct_events", "event_id"),
                pl.when(pl.col("late_report_id").is_not_null()).then(ref("declarations", "late_report_id")),
            )
            .list.drop_nulls()
            .alias("records"),
            pl.when(pl.col("late_report_id").is_not_null())
            .then(
                pl.format(
                    "其报告 {} 迟至 {} 才提交（事后补报）",
                    pl.col("late_report_id"),
                    pl.col("late_submitted").cast(pl.String),
                )
            )
            .otherwise(pl.lit("未见事前提交的对应报告"))
            .alias("report_status"),
        )
    )
    return _finish(found, ["late_report_id", "report_status"])


def undeclared_outside_job(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Part-time pay events (not dismissed) by a person who never declared an outside job."""
    jobs = _events(ctx).filter((pl.col("type") == "part_time_pay") & _not_dismissed())
    declared = known_declarations(ctx, "outside_job").select("person_id").unique()
    found = jobs.join(declared, on="person_id", how="anti").with_columns(
        pl.concat_list(ref("conduct_events", "event_id")).alias("records"),
        pl.col("status")
        .replace_strict(
            {"verified": "已核实", "reported": "待核实"}, default="待核实", return_dtype=pl.String
        )
        .alias("status_zh"),
    )
    return _finish(found, ["amount", "amount_text", "status_zh"])


DETECTORS = (
    Detector(
        name="conduct_verified_event",
        reads=("conduct_events",),
        run=verified_event,
        params_schema=sdk.params({
            "high_types": {
                "type": "array",
                "items": {"type": "string"},
                "default": HIGH_TYPES_DEFAULT,
                "description": "经核实即列为高风险的事项类型",
            }
        }),
        outputs={**_EVENT_OUTPUTS, "amount": "number", "amount_text": "string", "high_type": "boolean"},
        description="期内经核实（status = verified）的负面清单事项，每件一条；high_type 标记从重类型。",
    ),
    Detector(
        name="conduct_unreported_banquet",
        reads=("conduct_events", "declarations"),
        run=unreported_banquet,
        params_schema=sdk.params({
            "report_window_days": {"type": "integer", "minimum": 0, "default": 30,
                "description": "事项发生前后多少天内提交的报告算作已报告"},
        }),
        outputs={**_EVENT_OUTPUTS, "late_report_id": "string", "report_status": "string"},
        description="未撤销的操办婚丧喜庆事宜事件，本人没有事前提交、所报日期与事宜相差不超过窗口天数的报告。",
    ),
    Detector(
        name="conduct_undeclared_outside_job",
        reads=("conduct_events", "declarations"),
        run=undeclared_outside_job,
        params_schema=sdk.params(),
        outputs={**_EVENT_OUTPUTS, "amount": "number", "amount_text": "string", "status_zh": "string"},
        description="未撤销的兼职取酬事件，本人截至评估基准日没有任何兼职（outside_job）报告。",
    ),
)
