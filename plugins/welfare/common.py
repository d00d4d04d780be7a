"""Shared pieces of the welfare detectors: record references, labels, period filters, grouping.

Welfare findings name disbursements (``disbursements:<disb_id>``), enrolment records
(``beneficiaries:<person_id>:<program>``), persons and family ties, in the shared vocabulary
of RESULT.md. The helpers here build those references and the Chinese labels messages use.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from riskengine import DetectorContext, sdk

PROGRAMS = ("dibao", "tekun", "temp_relief", "elderly_allowance", "disability_allowance")
#: Means-tested programmes (低保、特困、临时救助): where a cadre's relative must be filed and re-checked.
MEANS_TESTED = ("dibao", "tekun", "temp_relief")
TEMP_RELIEF = "temp_relief"

PROGRAM_ZH = {
    "dibao": "最低生活保障（低保）",
    "tekun": "特困人员供养",
    "temp_relief": "临时救助",
    "elderly_allowance": "高龄补贴",
    "disability_allowance": "残疾人补贴",
}

PROGRAMS_SCHEMA = {
    "type": "array",
    "items": {"enum": list(PROGRAMS)},
    "uniqueItems": True,
}


def disb_ref(col: str = "disb_id") -> pl.Expr:
    """``disbursements:<disb_id>``."""
    return sdk.ref("disbursements", col)


def ben_ref(person: str = "person_id", program: str = "program") -> pl.Expr:
    """``beneficiaries:<person_id>:<program>`` (the enrolment record's key)."""
    return sdk.ref("beneficiaries", person, program)


def person_ref(col: str = "person_id") -> pl.Expr:
    """``persons:<person_id>``."""
    return sdk.ref("persons", col)


def program_zh(col: str = "program") -> pl.Expr:
    """The programme's Chinese name (unknown codes pass through)."""
    return sdk.label(col, PROGRAM_ZH)


relation_zh = sdk.relation_label
fmt_date = sdk.date_text
fmt_amount = sdk.money_text


def disb_label() -> pl.Expr:
    """``WD000012（2026-03-16，900 元）``: one disbursement as an officer reads it."""
    return pl.concat_str(
        [
            pl.col("disb_id"),
            pl.lit("（"),
            fmt_date("date"),
            pl.lit("，"),
            fmt_amount(pl.col("amount")),
            pl.lit(" 元）"),
        ]
    )


def disbursements_in_period(ctx: DetectorContext) -> pl.DataFrame:
    """Disbursements dated inside the assessed period."""
    return sdk.rows_in_period(ctx, "disbursements")


def active_between(start: dt.date | pl.Expr, end: dt.date | pl.Expr) -> pl.Expr:
    """Enrolment record active at some time in [start, end]: approved by ``end``, not exited before ``start``.

    A record without an approval date counts as active: it is in the roll, and a missing date must
    not hide it from the review and disclosure checks.
    """
    start_e = pl.lit(start) if isinstance(start, dt.date) else start
    end_e = pl.lit(end) if isinstance(end, dt.date) else end
    approved = pl.col("approved_date").is_null() | (pl.col("approved_date") <= end_e)
    not_exited = pl.col("exit_date").is_null() | (pl.col("exit_date") >= start_e)
    return approved & not_exited


def beneficiaries_in_period(ctx: DetectorContext, programs: list[str] | None = None) -> pl.DataFrame:
    """Enrolment records active during the assessed period, optionally of some programmes only."""
    frame = ctx.frame("beneficiaries").filter(active_between(ctx.period.start, ctx.period.end))
    if programs is not None:
        frame = frame.filter(pl.col("program").is_in(list(programs)))
    return frame


def summarise_disbursements(hits: pl.DataFrame, keys: list[str], *extra: pl.Expr) -> pl.DataFrame:
    """One row per ``keys`` group of disbursements, with the lists and totals messages need.

    Adds ``disb_refs`` (references), ``disb_ids``, ``disb_labels``, ``handled_by`` (distinct posts),
    ``date`` (first), ``last_date``, ``n`` and ``total``; ``extra`` are further aggregations.
    Members are ordered by date then id, so lists read chronologically and runs are deterministic.
    """
    return (
        hits.sort("date", "disb_id")
        .group_by(keys, maintain_order=True)
        .agg(
            *extra,
            disb_refs=disb_ref(),
            disb_ids=pl.col("disb_id"),
            disb_labels=disb_label(),
            handled_by=pl.col("handled_by").drop_nulls().unique(maintain_order=True),
            date=pl.col("date").min(),
            last_date=pl.col("date").max(),
            n=pl.len().cast(pl.Int64),
            total=pl.col("amount").sum().round(2),
        )
    )


def finish(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Select the finding columns and sort deterministically (org, then first record)."""
    return sdk.by_first_record(frame.select(columns))
