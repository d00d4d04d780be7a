"""Helpers shared by the finance-disclosure detectors: ledger slices, record references, labels."""

from __future__ import annotations

import polars as pl

from riskengine.detectors import DetectorContext
from riskengine.records import FieldKind
from riskengine.templates import render_column

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

#: Chinese labels of relations (graph.kin.relation), for messages.
RELATION_ZH = {
    "self": "本人",
    "spouse": "配偶",
    "child": "子女",
    "parent": "父母",
    "sibling": "兄弟姐妹",
    "in_law": "姻亲",
    "other": "其他亲属",
}


def ref(record_type: str, *key_cols: str) -> pl.Expr:
    """``<record_type>:<key>`` reference expression (same shape as ``RecordType.ref_expr``)."""
    parts: list[pl.Expr] = [pl.lit(record_type)]
    parts += [pl.col(c).cast(pl.String).fill_null("") for c in key_cols]
    return pl.concat_str(parts, separator=":")


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


def unique_sorted(col: str) -> pl.Expr:
    """Aggregation: the distinct non-null values of ``col`` as a sorted list."""
    return pl.col(col).drop_nulls().unique().sort()


def empty_findings(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """An empty finding frame with the given columns (detectors return it when nothing is found)."""
    return pl.DataFrame(schema=schema)


def money_str(expr: pl.Expr) -> pl.Expr:
    """Amount as text for amount lists in messages, exactly as the host renders a single number
    column (``58,200``, ``1,234.5``): the host renders lists as given. Null stays null."""
    return pl.when(expr.is_not_null()).then(render_column(expr, FieldKind.NUMBER))


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
    return pl.col(col).replace_strict(CATEGORY_ZH, default=pl.col(col), return_dtype=pl.String)
