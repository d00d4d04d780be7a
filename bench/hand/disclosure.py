"""Finance disclosure (财务公开) and collective decision (四议两公开): late, missing and mismatching
monthly disclosures; large expenses without a complete resolution made beforehand."""

from __future__ import annotations

import polars as pl

from .run import Run, fmt, ref, refs

STEPS_ZH = {
    "branch_proposal": "党组织提议",
    "committees_deliberation": "两委会商议",
    "members_review": "党员大会审议",
    "council_decision": "村（居）民代表会议或村（居）民会议决议",
    "resolution_disclosure": "决议公开",
    "result_disclosure": "实施结果公开",
}


def published(r: Run) -> pl.LazyFrame:
    """Income-and-expense disclosures published by the as-of date, with the months each covers.

    A disclosure for the third month of a quarter whose other months have none is a quarterly one.
    """
    deadline_days = r.p("finance.late_disclosure")["deadline_days"]

    def build() -> pl.LazyFrame:
        fin = (
            r.lf("disclosures")
            .filter((pl.col("catalog") == "finance") & (pl.col("item") == "income_expense"))
            .with_columns(month_start=(pl.col("period") + "-01").str.to_date("%Y-%m-%d", strict=False))
            .filter(pl.col("month_start").is_not_null())
        )
        quarter = pl.col("month_start").dt.year() * 10 + (pl.col("month_start").dt.month() - 1) // 3
        quarterly = (pl.col("month_start").dt.month() % 3 == 0) & (
            pl.col("period").n_unique().over("org_id", quarter) == 1
        )
        first = pl.when("quarterly").then(pl.col("month_start").dt.offset_by("-2mo")).otherwise("month_start")
        return (
            fin.with_columns(
                quarterly=quarterly,
                deadline=pl.col("month_start").dt.month_end() + pl.duration(days=deadline_days),
            )
            .with_columns(covered=pl.date_ranges(first, "month_start", "1mo"))
            .filter(pl.col("published_date").is_not_null() & (pl.col("published_date") <= r.as_of))
            .with_columns(covered_months=pl.col("covered").list.eval(pl.element().dt.strftime("%Y-%m")))
        )

    return r.shared("finance_disclosures", build)


def late(r: Run) -> None:
    """The first publication of a month's disclosure after its deadline."""
    p = r.p("finance.late_disclosure")
    found = (
        published(r)
        .filter(r.in_period("month_start"))
        .sort("published_date", "disclosure_id")
        .unique(["org_id", "period"], keep="first", maintain_order=True)
        .filter(pl.col("published_date") > pl.col("deadline"))
        .with_columns(
            records=refs("disclosures", "disclosure_id"),
            date=pl.col("published_date"),
            days_late=(pl.col("published_date") - pl.col("deadline")).dt.total_days(),
        )
    )
    ev = ["disclosure_id", "period", "published_date", "deadline", "covered_months", "days_late"]
    escalate = pl.col("days_late") > p["late_high_days"]
    r.add("finance.late_disclosure", found, ev, reads=("disclosures",), escalate=escalate)


def ledger_months(r: Run) -> pl.LazyFrame:
    """Per org and month of the ledger: transactions, income and expense (once for two rules)."""
    return r.shared(
        "ledger_months",
        lambda: (
            r.lf("ledger")
            .select("org_id", "direction", "amount", month=pl.col("date").dt.truncate("1mo"))
            .group_by("org_id", "month")
            .agg(
                n_txns=pl.len(),
                income=pl.col("amount").filter(pl.col("direction") == "income").sum(),
                expense=pl.col("amount").filter(pl.col("direction") == "expense").sum(),
            )
        ),
    )


def covered(r: Run) -> pl.LazyFrame:
    return published(r).select("org_id", "disclosure_id", pl.col("covered").alias("month")).explode("month")


def missing(r: Run) -> None:
    """Months with ledger activity, past their deadline, that no published disclosure covers."""
    deadline_days = r.p("finance.missing_disclosure")["deadline_days"]
    months = (
        ledger_months(r)
        .with_columns(deadline=pl.col("month").dt.month_end() + pl.duration(days=deadline_days))
        .filter(r.in_period("month") & (pl.col("deadline") < r.as_of))
        .join(covered(r).select("org_id", "month").unique(), on=["org_id", "month"], how="anti")
    )
    # Record lists only for the missing months.
    recs = (
        r.lf("ledger")
        .select("org_id", "txn_id", month=pl.col("date").dt.truncate("1mo"))
        .join(months.select("org_id", "month"), on=["org_id", "month"], how="semi")
        .group_by("org_id", "month")
        .agg(records=fmt("ledger:{}", "txn_id").sort())
    )
    found = months.join(recs, on=["org_id", "month"]).select(
        "org_id",
        "records",
        pl.col("deadline").alias("date"),
        pl.col("month").dt.strftime("%Y-%m"),
        "deadline",
        "n_txns",
        pl.col("income").round(2),
        pl.col("expense").round(2),
    )
    ev = ["month", "deadline", "n_txns", "income", "expense"]
    r.add("finance.missing_disclosure", found, ev, reads=("ledger", "disclosures"))


def mismatch(r: Run) -> None:
    """Disclosed income or expense off the ledger's totals for the months covered, beyond the tolerance."""
    tol = r.p("finance.disclosure_mismatch")["mismatch_tolerance"]
    disc = published(r).filter(r.in_period("month_start"))
    totals = (
        covered(r)
        .join(disc.select("disclosure_id"), on="disclosure_id", how="semi")
        .join(ledger_months(r), on=["org_id", "month"], how="left")
        .group_by("disclosure_id")
        .agg(
            ledger_income=pl.col("income").fill_null(0).sum().round(2),
            ledger_expense=pl.col("expense").fill_null(0).sum().round(2),
        )
    )

    def off(a: str, b: str) -> pl.Expr:
        gap = (pl.col(a) - pl.col(b)).abs()
        return ((gap > tol * pl.col(b).abs()) & (gap >= 0.01)).fill_null(False)

    sides = pl.concat_list(
        pl.when("income_off").then(pl.lit("收入")), pl.when("expense_off").then(pl.lit("支出"))
    )
    found = (
        disc.join(totals, on="disclosure_id", how="left")
        .with_columns(
            income_off=off("disclosed_income", "ledger_income"),
            expense_off=off("disclosed_expense", "ledger_expense"),
        )
        .filter(pl.col("income_off") | pl.col("expense_off"))
        .with_columns(
            records=refs("disclosures", "disclosure_id"),
            date=pl.col("published_date"),
            mismatched=sides.list.drop_nulls().list.join("、"),
        )
    )
    ev = ["disclosure_id", "period", "covered_months", "disclosed_income", "ledger_income"]
    ev += ["disclosed_expense", "ledger_expense", "mismatched"]
    r.add("finance.disclosure_mismatch", found, ev, reads=("ledger", "disclosures"))


def steps_missing(steps: pl.Expr, required: list[str]) -> pl.Expr:
    """The Chinese names of the required steps a resolution's ``steps`` lack, in procedural order."""
    return pl.concat_list(
        [pl.when(~steps.list.contains(s)).then(pl.lit(STEPS_ZH.get(s, s))) for s in required]
    ).list.drop_nulls()


def collective_decision(r: Run) -> None:
    """Expenses at or above the limit without a complete resolution of their org decided by then."""
    limit = r.p("finance.no_collective_decision")["collective_limit"]
    res = r.lf("resolutions").select(
        "resolution_id", pl.col("org_id").alias("res_org"), "decided_date", pl.col("steps").alias("res_steps")
    )
    registered = r.lf("resolutions").select("resolution_id", registered=pl.lit(True)).unique("resolution_id")
    j = (
        r.expenses()
        .filter(pl.col("amount") >= limit)
        .join(
            res.with_columns(found=pl.lit(True)),
            left_on=["resolution_id", "org_id"],
            right_on=["resolution_id", "res_org"],
            how="left",
        )
        .join(registered, on="resolution_id", how="left")
        .with_columns(pl.col("found").fill_null(False), pl.col("registered").fill_null(False))
    )
    missing_steps = steps_missing(
        pl.col("res_steps").fill_null(pl.lit([], pl.List(pl.String))), list(STEPS_ZH)
    )
    j = j.with_columns(missing_steps=pl.when("found").then(missing_steps))
    incomplete = pl.col("missing_steps").list.len() > 0
    late_ = pl.col("decided_date").is_null() | (pl.col("decided_date") > pl.col("date"))
    rid = pl.col("resolution_id")
    problem = (
        pl.when(rid.is_null())
        .then(pl.lit("未附四议两公开决议"))
        .when(~pl.col("found") & pl.col("registered"))
        .then(fmt("关联的决议 {} 不属于本社区", rid))
        .when(~pl.col("found"))
        .then(fmt("关联的决议 {} 在决议台账中不存在", rid))
        .when(incomplete)
        .then(fmt("决议 {} 缺少{}环节", rid, pl.col("missing_steps").list.join("、")))
        .otherwise(
            fmt(
                "决议 {} 的决定日期（{}）晚于支出日期",
                rid,
                pl.col("decided_date").cast(pl.String).fill_null("未记录"),
            )
        )
    )
    found = j.filter(~pl.col("found") | incomplete | late_).with_columns(
        problem=problem,
        records=pl.concat_list(
            ref("ledger", "txn_id"), pl.when("found").then(ref("resolutions", "resolution_id"))
        ).list.drop_nulls(),
    )
    ev = [
        "txn_id",
        "date",
        "approved_by",
        "amount",
        "category",
        "counterparty_id",
        "resolution_id",
        "decided_date",
    ]
    ev += ["missing_steps", "problem"]
    r.add("finance.no_collective_decision", found, ev, reads=("ledger", "resolutions"))


#: The rules this module writes out, called in turn by ``assess``.
RULES = (late, missing, mismatch, collective_decision)
