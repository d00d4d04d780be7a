"""Recipient lists not disclosed: a quarter with beneficiaries and no welfare_recipients disclosure.

A community must publish who receives 低保、特困 and other relief (村务公开、低保对象公示). For every
quarter that ends inside the assessed period and whose deadline (quarter end + ``disclosure_deadline_days``)
has passed by the as-of date, each community with enrolment records active in that quarter needs a
``disclosures`` row of item ``welfare_recipients`` published by the as-of date whose period covers
the quarter: by default any month of the quarter (a monthly list, or a quarterly list named by its
last month); with ``recipients_period_rule: last_month`` only the quarter's last month.
The finding names the records active in the quarter and the payments made in it.
A list published late but before the as-of date is not reported here.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from riskengine import Detector, DetectorContext, Params, sdk

from .common import active_between, ben_ref, disb_ref, finish, program_zh

ITEM = "welfare_recipients"


def _quarter_end(year: int, quarter: int) -> dt.date:
    """Last day of quarter ``quarter`` (0-based) of ``year``."""
    if quarter == 3:
        return dt.date(year, 12, 31)
    return dt.date(year, 3 * quarter + 4, 1) - dt.timedelta(days=1)


def quarters_due(start: dt.date, end: dt.date, as_of: dt.date, deadline_days: int) -> pl.DataFrame:
    """Quarters ending in [start, end] whose deadline lies before ``as_of``.

    Columns: quarter (``2026年第1季度``), q_start, q_end, deadline, months (``YYYY-MM`` list), last_month.
    A loop over a handful of quarters, not over records.
    """
    rows = []
    year, quarter = start.year, (start.month - 1) // 3
    while dt.date(year, 3 * quarter + 1, 1) <= end:
        q_end = _quarter_end(year, quarter)
        deadline = q_end + dt.timedelta(days=deadline_days)
        if start <= q_end <= end and deadline < as_of:
            months = [f"{year}-{3 * quarter + m:02d}" for m in (1, 2, 3)]
            rows.append(
                {
                    "quarter": f"{year}年第{quarter + 1}季度",
                    "q_start": dt.date(year, 3 * quarter + 1, 1),
                    "q_end": q_end,
                    "deadline": deadline,
                    "months": months,
                    "last_month": months[-1],
                }
            )
        year, quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)
    schema = {
        "quarter": pl.String,
        "q_start": pl.Date,
        "q_end": pl.Date,
        "deadline": pl.Date,
        "months": pl.List(pl.String),
        "last_month": pl.String,
    }
    return pl.DataFrame(rows, schema=schema)


def recipients_not_disclosed(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """One finding per (community, quarter) with active beneficiaries and no recipient-list disclosure."""
    quarters = quarters_due(
        ctx.period.start, ctx.period.end, ctx.as_of, int(params["disclosure_deadline_days"])
    )
    disclosures = ctx.frame("disclosures")
    # The records active in each due quarter, one filter per quarter (a handful), carrying three
    # columns and the quarter's name: a cross join would copy every record's dates and the
    # quarter's columns four times over. The quarter's dates are joined to the few findings below.
    beneficiaries = ctx.frame("beneficiaries")
    active = pl.concat(
        [
            beneficiaries.filter(active_between(q_start, q_end)).select(
                "org_id", "person_id", "program", pl.lit(quarter, dtype=pl.String).alias("quarter")
            )
            for quarter, q_start, q_end in quarters.select("quarter", "q_start", "q_end").iter_rows()
        ]
        or [pl.DataFrame(schema={"org_id": pl.String, "person_id": pl.String, "program": pl.String,
                                 "quarter": pl.String})]
    )
    published = disclosures.filter(
        (pl.col("item") == ITEM)
        & pl.col("published_date").is_not_null()
        & (pl.col("published_date") <= ctx.as_of)
    ).join(quarters, how="cross")
    if params["recipients_period_rule"] == "last_month":
        covers = pl.col("period") == pl.col("last_month")
    else:
        covers = pl.col("months").list.contains(pl.col("period"))
    covered = published.filter(covers).select("org_id", "quarter").unique()
    missing = active.join(covered, on=["org_id", "quarter"], how="anti")
    found = (
        missing.sort("person_id", "program")
        .group_by("org_id", "quarter", maintain_order=True)
        .agg(
            ben_ref().alias("records"),
            pl.len().cast(pl.Int64).alias("n_beneficiaries"),
            program_zh().unique().sort().alias("programs"),
        )
        .join(quarters.select("quarter", "q_end", "deadline", "last_month"), on="quarter", how="left")
        .with_columns(date=pl.col("deadline"))
    )
    # The quarter's payments are named too: they are what the list should have shown, and they make
    # the records (hence the finding id) of two undisclosed quarters with the same roll differ.
    # The payments are part of the finding ("该季度发放 n 笔"): without the table the rule is not evaluated.
    paid = _quarter_payments(ctx.frame("disbursements"), quarters, found.select("org_id").unique())
    found = found.join(paid, on=["org_id", "quarter"], how="left").with_columns(
        records=pl.concat_list(
            "records", pl.col("disb_refs").fill_null(pl.lit([], dtype=pl.List(pl.String)))
        ),
        n_disbursements=pl.col("n_disbursements").fill_null(0),
        total_paid=pl.col("total_paid").fill_null(0.0),
    )
    return finish(
        found,
        [
            "org_id",
            "records",
            "date",
            "quarter",
            "q_end",
            "deadline",
            "last_month",
            "n_beneficiaries",
            "programs",
            "n_disbursements",
            "total_paid",
        ],
    )


def _quarter_payments(
    disbursements: pl.DataFrame, quarters: pl.DataFrame, orgs: pl.DataFrame
) -> pl.DataFrame:
    """org_id, quarter, disb_refs, n_disbursements, total_paid: payments per due quarter of ``orgs``."""
    if not disbursements.width:
        schema = {
            "org_id": pl.String,
            "quarter": pl.String,
            "disb_refs": pl.List(pl.String),
            "n_disbursements": pl.Int64,
            "total_paid": pl.Float64,
        }
        return pl.DataFrame(schema=schema)
    return (
        disbursements.select("org_id", "disb_id", "date", "amount")
        .join(orgs, on="org_id", how="semi")
        .join(quarters.select("quarter", "q_start", "q_end"), how="cross")
        .filter(pl.col("date").is_between(pl.col("q_start"), pl.col("q_end")))
        .sort("disb_id")
        .group_by("org_id", "quarter")
        .agg(
            disb_ref().alias("disb_refs"),
            pl.len().cast(pl.Int64).alias("n_disbursements"),
            pl.col("amount").sum().round(2).alias("total_paid"),
        )
    )


DETECTORS = (
    Detector(
        name="welfare_recipients_not_disclosed",
        reads=("beneficiaries", "disclosures", "disbursements"),
        run=recipients_not_disclosed,
        params_schema=sdk.params({
            "disclosure_deadline_days": {"type": "integer", "minimum": 0, "default": 15,
                "description": "季度结束后多少天内应公示救助对象名单"},
            "recipients_period_rule": {"enum": ["any_month", "last_month"], "default": "any_month",
                "description": "名单所属月份：季度内任一月或季末月"},
        }),
        outputs={
            "quarter": "string",
            "q_end": "date",
            "deadline": "date",
            "last_month": "month",
            "n_beneficiaries": "integer",
            "programs": "list",
            "n_disbursements": "integer",
            "total_paid": "number",
        },
        description="救助对象未公示：已过公示期限的季度内有在册救助对象，但无覆盖该季度的救助对象名单公开记录。",
    ),
)
