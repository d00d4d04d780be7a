"""Payments checked against the person and the enrolment record.

After death, after exit, without (or before) enrolment, above the standard.

Each disbursement dated inside the assessed period is compared with the ``persons`` row
(death_date) or the ``beneficiaries`` record of the same person and programme. Payments that
keep going to one person under one programme are one finding naming every payment: the officer
stops and recovers them together (停发追回).
"""

from __future__ import annotations

import polars as pl

from riskengine import Detector, DetectorContext, Params, sdk

from .common import (
    TEMP_RELIEF,
    ben_ref,
    disb_ref,
    disbursements_in_period,
    finish,
    fmt_date,
    person_ref,
    program_zh,
    summarise_disbursements,
)

_GROUP = ["org_id", "person_id", "program"]
_GROUP_OUTPUTS = {
    "handled_by": "list",
    "person_id": "string",
    "program": "string",
    "program_name": "string",
    "disb_ids": "list",
    "disb_labels": "list",
    "n": "integer",
    "total": "number",
    "last_date": "date",
}
_GROUP_COLUMNS = ["org_id", "records", "date", *_GROUP_OUTPUTS]


def paid_after_death(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Disbursements dated after the recipient's death_date, one finding per person and programme."""
    persons = (
        ctx.frame("persons").select("person_id", "death_date").filter(pl.col("death_date").is_not_null())
    )
    dead = pl.col("person_id").is_in(persons.get_column("person_id").implode())
    hits = (
        disbursements_in_period(ctx, where=dead)  # payments to the dead only: the join below is small
        .join(persons, on="person_id", how="inner")
        .filter(pl.col("date") > pl.col("death_date"))
    )
    found = summarise_disbursements(hits, _GROUP, pl.col("death_date").first())
    found = found.with_columns(
        records=pl.concat_list(pl.col("disb_refs"), pl.concat_list(person_ref())),
        program_name=program_zh(),
        days_after=(pl.col("date") - pl.col("death_date")).dt.total_days(),
    )
    return finish(found, [*_GROUP_COLUMNS, "death_date", "days_after"])


def paid_after_exit(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Disbursements dated after the exit_date of the person's record for that programme."""
    exits = (
        ctx.frame("beneficiaries")
        .select("person_id", "program", "exit_date")
        .filter(pl.col("exit_date").is_not_null())
    )
    exited = pl.col("person_id").is_in(exits.get_column("person_id").implode())
    hits = (
        disbursements_in_period(ctx, where=exited)  # payments to persons with an exit only
        .join(exits, on=["person_id", "program"], how="inner")
        .filter(pl.col("date") > pl.col("exit_date"))
    )
    found = summarise_disbursements(hits, _GROUP, pl.col("exit_date").first())
    found = found.with_columns(
        records=pl.concat_list(pl.col("disb_refs"), pl.concat_list(ben_ref())),
        program_name=program_zh(),
        days_after=(pl.col("date") - pl.col("exit_date")).dt.total_days(),
    )
    return finish(found, [*_GROUP_COLUMNS, "exit_date", "days_after"])


def not_enrolled(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Disbursements with no enrolment record for that person and programme, or dated before its approval."""
    records = (
        ctx.frame("beneficiaries")
        .select("person_id", "program", "approved_date", pl.lit(True).alias("_enrolled"))
        .unique(subset=["person_id", "program"], keep="first", maintain_order=True)
    )
    # A payment in the period is early only if its record was approved after the period began:
    # only payments without a record, or with such a record, are copied and joined below.
    keys = pl.struct("person_id", "program")
    late = records.filter(pl.col("approved_date") > ctx.period.start).select(keys.alias("k"))["k"]
    candidates = (
        ~keys.is_in(records.select(keys.alias("k"))["k"].implode())
        | keys.is_in(late.implode())
        | pl.col("person_id").is_null()
        | pl.col("program").is_null()
    )
    joined = disbursements_in_period(ctx, where=candidates)
    joined = joined.join(records, on=["person_id", "program"], how="left")
    missing = pl.col("_enrolled").is_null()
    early = pl.col("approved_date").is_not_null() & (pl.col("date") < pl.col("approved_date"))
    hits = joined.filter(missing | early)
    found = summarise_disbursements(
        hits,
        _GROUP,
        pl.col("_enrolled").first().fill_null(False).alias("enrolled"),
        pl.col("approved_date").first(),
    )
    found = found.with_columns(
        program_name=program_zh(),
        records=pl.when(pl.col("enrolled"))
        .then(pl.concat_list(pl.col("disb_refs"), pl.concat_list(ben_ref())))
        .otherwise(pl.col("disb_refs")),
        reason=pl.when(pl.col("enrolled"))
        .then(pl.concat_str([pl.lit("发放日期早于该救助对象的审批日期 "), fmt_date("approved_date")]))
        .otherwise(pl.concat_str([pl.lit("该人员没有"), program_zh(), pl.lit("救助对象记录")])),
    )
    return finish(found, [*_GROUP_COLUMNS, "enrolled", "approved_date", "reason"])


def over_standard(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Single disbursements above the monthly standard (plus a rounding tolerance), or above the one-off cap.

    Temporary relief has no monthly standard: each payment is checked against ``temp_relief_cap``.
    Other programmes need an enrolment record with a monthly_standard (a payment without one is a
    ``not_enrolled`` finding, not this one).
    """
    tolerance = float(params["rounding_tolerance"])
    cap = float(params["temp_relief_cap"])
    standards = (
        ctx.frame("beneficiaries")
        .select("person_id", "program", "monthly_standard", pl.lit(True).alias("_enrolled"))
        .unique(subset=["person_id", "program"], keep="first", maintain_order=True)
    )
    is_temp = pl.col("program") == TEMP_RELIEF
    limit = pl.when(is_temp).then(pl.lit(cap)).otherwise(pl.col("monthly_standard") + tolerance)
    over = limit.is_not_null() & (pl.col("amount") > limit)
    # Find the payments over their limit on a narrow copy (ids, key, amount), then copy those alone.
    over_rows = (
        ctx.frame("disbursements").lazy()
        .with_row_index("__row")
        .filter(pl.col("date").is_between(ctx.period.start, ctx.period.end))
        .select("__row", "person_id", "program", "amount")
        .join(
            standards.lazy().select("person_id", "program", "monthly_standard"),
            on=["person_id", "program"],
            how="left",
        )
        .filter(over)
        .select("__row")
        .collect()
        .get_column("__row")
    )
    chosen = ctx.frame("disbursements").select(pl.all().gather(over_rows.sort()))
    joined = chosen.join(standards, on=["person_id", "program"], how="left")
    joined = joined.with_columns(
        standard=pl.when(is_temp).then(pl.lit(cap)).otherwise(pl.col("monthly_standard")),
        standard_kind=pl.when(is_temp)
        .then(pl.lit("临时救助单次上限"))
        .otherwise(pl.lit("月保障（补贴）标准")),
        limit=pl.when(is_temp).then(pl.lit(cap)).otherwise(pl.col("monthly_standard") + tolerance),
    )
    hits = joined.filter(pl.col("limit").is_not_null() & (pl.col("amount") > pl.col("limit")))
    found = hits.with_columns(
        records=pl.when(pl.col("_enrolled").fill_null(False))
        .then(pl.concat_list(disb_ref(), ben_ref()))
        .otherwise(pl.concat_list(disb_ref())),
        handled_by=pl.col("handled_by"),
        program_name=program_zh(),
        disb_date=pl.col("date"),
        excess=(pl.col("amount") - pl.col("standard")).round(2),
    )
    return finish(
        found,
        [
            "org_id",
            "records",
            "handled_by",
            "date",
            "disb_id",
            "disb_date",
            "person_id",
            "program",
            "program_name",
            "period",
            "amount",
            "standard",
            "standard_kind",
            "excess",
        ],
    )


DETECTORS = (
    Detector(
        name="welfare_paid_after_death",
        reads=("disbursements", "persons"),
        run=paid_after_death,
        params_schema=sdk.params(),
        outputs={**_GROUP_OUTPUTS, "death_date": "date", "days_after": "integer"},
        description="死亡后仍发放：发放日期晚于人员死亡日期，按人员和救助项目汇总为一条问题。",
    ),
    Detector(
        name="welfare_paid_after_exit",
        reads=("disbursements", "beneficiaries"),
        run=paid_after_exit,
        params_schema=sdk.params(),
        outputs={**_GROUP_OUTPUTS, "exit_date": "date", "days_after": "integer"},
        description="退出后仍发放：发放日期晚于该项目救助对象记录的退出日期，按人员和项目汇总。",
    ),
    Detector(
        name="welfare_not_enrolled",
        reads=("disbursements", "beneficiaries"),
        run=not_enrolled,
        params_schema=sdk.params(),
        outputs={**_GROUP_OUTPUTS, "enrolled": "boolean", "approved_date": "date", "reason": "string"},
        description="无救助对象记录发放：该人员无该项目救助对象记录，或发放早于审批日期，按人员和项目汇总。",
    ),
    Detector(
        name="welfare_over_standard",
        reads=("disbursements", "beneficiaries"),
        run=over_standard,
        params_schema=sdk.params({
            "rounding_tolerance": {"type": "number", "minimum": 0, "default": 1.0,
                "description": "发放金额超过标准多少元以内视为尾差，不算超标准"},
            "temp_relief_cap": {"type": "number", "exclusiveMinimum": 0, "default": 5000,
                "description": "单笔临时救助的上限（元），无月标准时用于判断超标准"},
        }),
        outputs={
            "handled_by": "string",
            "disb_id": "string",
            "disb_date": "date",
            "person_id": "string",
            "program": "string",
            "program_name": "string",
            "period": "month",
            "amount": "number",
            "standard": "number",
            "standard_kind": "string",
            "excess": "number",
        },
        description="超标准发放：单笔金额超过月标准加容差；临时救助按单次上限判断。",
    ),
)
