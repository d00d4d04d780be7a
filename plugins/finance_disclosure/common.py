"""Helpers shared by the finance-disclosure detectors: ledger slices, record references, labels."""

from __future__ import annotations

import polars as pl

from riskengine import DetectorContext, sdk
from riskengine.sdk import ref

#: Chinese labels of ledger categories, for messages.
CATEGORY_ZH = {
    "office": "办公费",
    "hospitality": "接待费",
    "travel": "差旅费",
    "subsidy": "补助",
    "works": "工程款",
    "goods": "物资采购",
    "services": "服务费",
    "welfare": "福利",
    "salary": "报酬",
    "other": "其他",
}

RELATION_ZH = sdk.RELATION_LABELS


def ledger_ref() -> pl.Expr:
    """Reference of a ledger row: ``ledger:<txn_id>``."""
    return ref("ledger", "txn_id")


def expenses_in_period(
    ctx: DetectorContext, columns: list[str] | None = None, where: pl.Expr | None = None
) -> pl.DataFrame:
    """Ledger expenses dated in the assessed period (raises MissingDataError without ledger).

    ``where`` narrows the rows further in the same pass. ``columns`` limits the copy to the columns a
    detector reads: on a province's ledger a copy of
    every column costs hundreds of megabytes. Filtering again is cheaper than keeping one shared copy.
    """
    in_period = (pl.col("direction") == "expense") & pl.col("date").is_between(
        ctx.period.start, ctx.period.end
    )
    query = ctx.frame("ledger").lazy().filter(in_period if where is None else in_period & where)
    if columns is not None:
        query = query.select(columns)
    return query.collect()


def month_start(month_col: str) -> pl.Expr:
    """First day (Date) of a ``YYYY-MM`` string column; null when malformed."""
    return (pl.col(month_col) + "-01").str.to_date("%Y-%m-%d", strict=False)


def month_str(date_expr: pl.Expr) -> pl.Expr:
    """``YYYY-MM`` of a Date expression."""
    return date_expr.dt.strftime("%Y-%m")


unique_sorted = sdk.distinct_sorted
empty_findings = sdk.empty_findings


def payee_text(col: str = "counterparty_id") -> pl.Expr:
    """``向 X1 支付``, or ``向未登记的收款方支付`` when the counterparty is empty (not ``向 （空） 支付``)."""
    payee = pl.col(col).cast(pl.String).str.strip_chars()
    return (
        pl.when(payee.is_null() | (payee == ""))
        .then(pl.lit("向未登记的收款方支付"))
        .otherwise(pl.format("向 {} 支付", payee))
    )


def category_zh(col: str = "category") -> pl.Expr:
    """Chinese label of a ledger category column."""
    return sdk.label(col, CATEGORY_ZH)
