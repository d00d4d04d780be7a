"""Which months a finance income/expense disclosure covers (财务收支公开的覆盖月份).

Coverage rule (documented in the rule pack too):

- only disclosures with ``catalog == 'finance'`` and ``item == 'income_expense'`` count;
- a disclosure covers the month its ``period`` names;
- a disclosure naming a quarter's last month (March, June, September, December) is read as a
  quarterly disclosure, covering all three months of that quarter, when it is the only month of
  that quarter the org disclosed for (several rows for the same month count once). An org that
  disclosed January and March therefore has a monthly March disclosure and February uncovered;
- half-yearly disclosures are not recognised: a lone June disclosure covers April to June only.

Deadline of a disclosure = last day of the month its period names + ``deadline_days``.
"""

from __future__ import annotations

import polars as pl

from .common import ledger_ref, month_start, month_str


def finance_disclosures(disclosures: pl.DataFrame, deadline_days: int) -> pl.DataFrame:
    """Finance income/expense disclosures with ``month_start``, ``deadline``, ``quarterly``, ``covered``.

    ``covered`` is the list (Date, month starts) of the months the disclosure covers; ``covered_months``
    the same as ``YYYY-MM`` strings.
    """
    fin = disclosures.filter(
        (pl.col("catalog") == "finance") & (pl.col("item") == "income_expense")
    ).with_columns(month_start=month_start("period"))
    fin = fin.filter(pl.col("month_start").is_not_null())
    quarter = pl.col("month_start").dt.year() * 10 + (pl.col("month_start").dt.month() - 1) // 3
    fin = fin.with_columns(
        quarterly=(pl.col("month_start").dt.month() % 3 == 0)
        & (pl.col("period").n_unique().over("org_id", quarter) == 1),
        deadline=pl.col("month_start").dt.month_end() + pl.duration(days=deadline_days),
    )
    first = (
        pl.when(pl.col("quarterly"))
        .then(pl.col("month_start").dt.offset_by("-2mo"))
        .otherwise(pl.col("month_start"))
    )
    fin = fin.with_columns(covered=pl.date_ranges(first, pl.col("month_start"), "1mo"))
    return fin.with_columns(covered_months=pl.col("covered").list.eval(month_str(pl.element())))


def published_by(fin: pl.DataFrame, as_of) -> pl.DataFrame:
    """Disclosures actually published by the as-of date (a row without a date was never published)."""
    return fin.filter(pl.col("published_date").is_not_null() & (pl.col("published_date") <= as_of))


def covered_months(fin: pl.DataFrame) -> pl.DataFrame:
    """One row per (org_id, disclosure_id, month) covered: columns org_id, disclosure_id, month (Date)."""
    return fin.select("org_id", "disclosure_id", pl.col("covered").alias("month")).explode("month")


def ledger_months(ledger: pl.DataFrame) -> pl.DataFrame:
    """Monthly ledger totals per org: org_id, month (Date), n_txns, income, expense.

    Reads only the four columns it needs; the records of a month are listed by :func:`month_records`
    for the few months a finding names.
    """
    return (
        ledger.lazy()
        .select("org_id", "direction", "amount", month=pl.col("date").dt.truncate("1mo"))
        .group_by("org_id", "month")
        .agg(
            n_txns=pl.len(),
            income=pl.col("amount").filter(pl.col("direction") == "income").sum(),
            expense=pl.col("amount").filter(pl.col("direction") == "expense").sum(),
        )
        .collect()
    )


def month_records(ledger: pl.DataFrame, months: pl.DataFrame) -> pl.DataFrame:
    """org_id, month, records (sorted ``ledger:<txn_id>``) of the (org_id, month) pairs in ``months``."""
    return (
        ledger.lazy()
        .select("org_id", "txn_id", month=pl.col("date").dt.truncate("1mo"))
        .join(months.lazy().select("org_id", "month"), on=["org_id", "month"], how="semi")
        .group_by("org_id", "month")
        .agg(records=ledger_ref().sort())
        .collect()
    )
