"""公开率: per community, the months whose finance disclosure was due and the months disclosed on time.

A month is due when the community's ledger has income or expenses in it, it lies in the assessed
period and its disclosure deadline (month end + ``deadline_days``) has passed by the as-of date —
the months the 财务收支未公开 rule checks. It is disclosed on time when a finance income/expense
disclosure covering it (the finance pack's coverage rule: quarterly disclosures cover their
quarter) was published by its deadline.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from ..data.period import Period

DEADLINE_DAYS = 10


def disclosure_months(
    frames: dict[str, pl.DataFrame], period: Period, as_of: dt.date, deadline_days: int = DEADLINE_DAYS
) -> list[dict]:
    """``[{"org_id", "months_due", "months_on_time"}]`` per community with ledger months due, by org id."""
    ledger = frames.get("ledger")
    if ledger is None or ledger.height == 0:
        return []
    due = (
        ledger.select("org_id", pl.col("date").dt.truncate("1mo").alias("month"))
        .unique()
        .filter(pl.col("month").is_between(_month(period.start), period.end))
        .filter(pl.col("month").dt.month_end() + pl.duration(days=deadline_days) <= pl.lit(as_of))
    )
    on_time = _on_time_months(frames.get("disclosures"), deadline_days, as_of)
    joined = due.join(on_time.with_columns(pl.lit(1).alias("on_time")), on=["org_id", "month"], how="left")
    rows = (
        joined.group_by("org_id")
        .agg(pl.len().alias("months_due"), pl.col("on_time").fill_null(0).sum().alias("months_on_time"))
        .sort("org_id")
    )
    return [
        {
            "org_id": r["org_id"],
            "months_due": int(r["months_due"]),
            "months_on_time": int(r["months_on_time"]),
        }
        for r in rows.iter_rows(named=True)
    ]


def _on_time_months(disclosures: pl.DataFrame | None, deadline_days: int, as_of: dt.date) -> pl.DataFrame:
    empty = pl.DataFrame(schema={"org_id": pl.String, "month": pl.Date})
    if disclosures is None or disclosures.height == 0:
        return empty
    try:
        from riskengine_plugins.finance_disclosure.coverage import finance_disclosures
    except ImportError:  # the finance plugin is not installed: nothing counts as disclosed
        return empty
    fin = finance_disclosures(disclosures, deadline_days)
    fin = fin.filter(
        pl.col("published_date").is_not_null()
        & (pl.col("published_date") <= pl.col("deadline"))
        & (pl.col("published_date") <= pl.lit(as_of))
    )
    return fin.select("org_id", pl.col("covered").alias("month")).explode("month").unique()


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)
