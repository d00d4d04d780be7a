"""Detectors on the monthly finance disclosure (财务收支公开): late, missing, mismatching.

A month is "in scope" when its first day lies in the assessed period. Coverage of months by
quarterly disclosures follows :mod:`.coverage`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from riskengine import Detector, DetectorContext, sdk

from .common import month_str, ref
from .coverage import covered_months, finance_disclosures, ledger_months, month_records, published_by

_DEADLINE_SCHEMA = {
    "type": "integer",
    "minimum": 0,
    "default": 10,
    "description": "公开期限：所属月份结束后的天数",
}


def _in_scope(ctx: DetectorContext, col: str) -> pl.Expr:
    return pl.col(col).is_between(ctx.period.start, ctx.period.end)


def _ledger_months(ctx: DetectorContext) -> pl.DataFrame:
    """Monthly ledger totals, computed once per assessment for the missing and mismatch rules."""
    return ctx.memo("finance.ledger_months", lambda: ledger_months(ctx.frame("ledger")))


def late_disclosure(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Finance disclosures first published after their deadline (month end + N days).

    Of several disclosures for the same org and period (e.g. a later correction) only the first
    published is judged: the month was disclosed when that one appeared.
    """
    fin = published_by(finance_disclosures(ctx.frame("disclosures"), params["deadline_days"]), ctx.as_of)
    first = (
        fin.filter(_in_scope(ctx, "month_start"))
        .sort("published_date", "disclosure_id")
        .unique(["org_id", "period"], keep="first", maintain_order=True)
    )
    late = first.filter(pl.col("published_date") > pl.col("deadline"))
    return late.select(
        "org_id",
        pl.concat_list(ref("disclosures", "disclosure_id")).alias("records"),
        pl.col("published_date").alias("date"),
        "disclosure_id",
        "period",
        "published_date",
        "deadline",
        "covered_months",
        (pl.col("published_date") - pl.col("deadline")).dt.total_days().alias("days_late"),
    ).sort("org_id", "period", "disclosure_id")


def missing_disclosure(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Months with ledger activity, deadline passed by the as-of date, and no disclosure covering them.

    The finding names every ledger record of the month: they are what should have been disclosed.
    """
    deadline_days = params["deadline_days"]
    fin = published_by(finance_disclosures(ctx.frame("disclosures"), deadline_days), ctx.as_of)
    covered = covered_months(fin).select("org_id", "month").unique()
    months = _ledger_months(ctx).with_columns(
        deadline=pl.col("month").dt.month_end() + pl.duration(days=deadline_days)
    )
    missing = months.filter(_in_scope(ctx, "month") & (pl.col("deadline") < ctx.as_of)).join(
        covered, on=["org_id", "month"], how="anti"
    )
    missing = missing.join(month_records(ctx.frame("ledger"), missing), on=["org_id", "month"], how="left")
    return missing.select(
        "org_id",
        "records",
        pl.col("deadline").alias("date"),
        month_str(pl.col("month")).alias("month"),
        "deadline",
        "n_txns",
        pl.col("income").round(2),
        pl.col("expense").round(2),
    ).sort("org_id", "month")


def _diff_ratio(disclosed: str, ledger: str) -> pl.Expr:
    return pl.when(pl.col(ledger) != 0).then(
        ((pl.col(disclosed) - pl.col(ledger)).abs() / pl.col(ledger).abs()).round(4)
    )


def _differs(disclosed: str, ledger: str, tolerance: float) -> pl.Expr:
    gap = (pl.col(disclosed) - pl.col(ledger)).abs()
    # A cent of difference is rounding, never a mismatch, even against a zero ledger total.
    return (gap > tolerance * pl.col(ledger).abs()) & (gap >= 0.01)


def disclosure_mismatch(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Disclosed income or expense differs from the ledger totals of the covered months by > tolerance.

    A null disclosed figure is not compared (nothing was stated).
    """
    tolerance = params["mismatch_tolerance"]
    fin = published_by(finance_disclosures(ctx.frame("disclosures"), params["deadline_days"]), ctx.as_of)
    fin = fin.filter(_in_scope(ctx, "month_start"))
    totals = (
        covered_months(fin)
        .join(_ledger_months(ctx), on=["org_id", "month"], how="left")
        .group_by("disclosure_id")
        .agg(
            ledger_income=pl.col("income").fill_null(0).sum().round(2),
            ledger_expense=pl.col("expense").fill_null(0).sum().round(2),
        )
    )
    fin = fin.join(totals, on="disclosure_id", how="left").with_columns(
        income_off=_differs("disclosed_income", "ledger_income", tolerance).fill_null(False),
        expense_off=_differs("disclosed_expense", "ledger_expense", tolerance).fill_null(False),
        income_diff_ratio=_diff_ratio("disclosed_income", "ledger_income"),
        expense_diff_ratio=_diff_ratio("disclosed_expense", "ledger_expense"),
    )
    bad = fin.filter(pl.col("income_off") | pl.col("expense_off"))
    parts = (
        pl.concat_list(
            pl.when(pl.col("income_off")).then(pl.lit("收入")),
            pl.when(pl.col("expense_off")).then(pl.lit("支出")),
        )
        .list.drop_nulls()
        .list.join("、")
    )
    return bad.select(
        "org_id",
        pl.concat_list(ref("disclosures", "disclosure_id")).alias("records"),
        pl.col("published_date").alias("date"),
        "disclosure_id",
        "period",
        "covered_months",
        "disclosed_income",
        "ledger_income",
        "disclosed_expense",
        "ledger_expense",
        "income_diff_ratio",
        "expense_diff_ratio",
        parts.alias("mismatched"),
        pl.lit(tolerance * 100).alias("tolerance_pct"),
    ).sort("org_id", "period", "disclosure_id")


_BASE_PARAMS = {"deadline_days": _DEADLINE_SCHEMA}

DETECTORS = [
    Detector(
        name="finance_late_disclosure",
        reads=("disclosures",),
        run=late_disclosure,
        params_schema=sdk.params({
            **_BASE_PARAMS,
            "late_high_days": {
                "type": "integer",
                "minimum": 0,
                "default": 30,
                "description": "逾期超过该天数升为高风险",
            },
        }),
        outputs={
            "disclosure_id": "string",
            "period": "month",
            "published_date": "date",
            "deadline": "date",
            "covered_months": "list",
            "days_late": "integer",
        },
        description="财务收支公开晚于期限（所属月份结束后 N 天）发布",
    ),
    Detector(
        name="finance_missing_disclosure",
        reads=("ledger", "disclosures"),
        run=missing_disclosure,
        params_schema=sdk.params(dict(_BASE_PARAMS)),
        outputs={
            "month": "month",
            "deadline": "date",
            "n_txns": "integer",
            "income": "number",
            "expense": "number",
        },
        description="有收支发生、公开期限已过但没有任何财务收支公开覆盖的月份",
    ),
    Detector(
        name="finance_disclosure_mismatch",
        reads=("ledger", "disclosures"),
        run=disclosure_mismatch,
        params_schema=sdk.params({
            **_BASE_PARAMS,
            "mismatch_tolerance": {
                "type": "number",
                "minimum": 0,
                "default": 0.01,
                "description": "公开数与台账数的相对差异容差",
            },
        }),
        outputs={
            "disclosure_id": "string",
            "period": "month",
            "covered_months": "list",
            "disclosed_income": "number",
            "ledger_income": "number",
            "disclosed_expense": "number",
            "ledger_expense": "number",
            "income_diff_ratio": "number",
            "expense_diff_ratio": "number",
            "mismatched": "string",
            "tolerance_pct": "number",
        },
        description="公开的收入或支出与台账同期合计的相对差异超过容差",
    ),
]
