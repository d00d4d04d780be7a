"""Welfare payments (惠民资金): after death or exit, without or before enrolment, above the standard,
paid twice, into one account for several households, temporary relief too often."""

from __future__ import annotations

import polars as pl

from .run import Run, fmt, ref

PROGRAM_ZH = {
    "dibao": "最低生活保障（低保）",
    "tekun": "特困人员供养",
    "temp_relief": "临时救助",
    "elderly_allowance": "高龄补贴",
    "disability_allowance": "残疾人补贴",
}
KEYS = ["org_id", "person_id", "program"]
GROUP_EV = ["handled_by", "person_id", "program", "program_name", "disb_ids", "n", "total", "last_date"]


def program_name() -> pl.Expr:
    return pl.col("program").replace_strict(PROGRAM_ZH, default=pl.col("program")).alias("program_name")


def summarise(hits: pl.LazyFrame, keys: list[str], *extra: pl.Expr) -> pl.LazyFrame:
    """One row per group of payments: their records and ids in date order, handlers, dates, count, total."""
    return (
        hits.sort("date", "disb_id")
        .group_by(keys, maintain_order=True)
        .agg(
            *extra,
            records=fmt("disbursements:{}", "disb_id"),
            disb_ids=pl.col("disb_id"),
            handled_by=pl.col("handled_by").drop_nulls().unique(maintain_order=True),
            date=pl.col("date").min(),
            last_date=pl.col("date").max(),
            n=pl.len().cast(pl.Int64),
            total=pl.col("amount").sum().round(2),
        )
    )


def paid(r: Run) -> pl.LazyFrame:
    """Disbursements dated in the period (not cached: each rule reads only its columns)."""
    return r.lf("disbursements").filter(r.in_period())


def enrolment(r: Run) -> pl.LazyFrame:
    """The first enrolment record of each person and programme."""
    return r.shared(
        "enrolment",
        lambda: (
            r.lf("beneficiaries")
            .select(
                "person_id",
                "program",
                "approved_date",
                "exit_date",
                "monthly_standard",
                enrolled=pl.lit(True),
            )
            .unique(["person_id", "program"], keep="first", maintain_order=True)
        ),
    )


def after_death_or_exit(r: Run) -> None:
    """Payments dated after the recipient's death, or after the exit of their enrolment record."""
    dead = r.lf("persons").select("person_id", "death_date").filter(pl.col("death_date").is_not_null())
    hits = paid(r).join(dead, on="person_id").filter(pl.col("date") > pl.col("death_date"))
    found = summarise(hits, KEYS, pl.col("death_date").first()).with_columns(
        records=pl.concat_list("records", ref("persons", "person_id")),
        days_after=(pl.col("date") - pl.col("death_date")).dt.total_days(),
    )
    ev = [*GROUP_EV, "death_date", "days_after"]
    r.add(
        "welfare.paid_after_death", found.with_columns(program_name()), ev, reads=("disbursements", "persons")
    )
    exits = (
        r.lf("beneficiaries")
        .select("person_id", "program", "exit_date")
        .filter(pl.col("exit_date").is_not_null())
    )
    hits = paid(r).join(exits, on=["person_id", "program"]).filter(pl.col("date") > pl.col("exit_date"))
    found = summarise(hits, KEYS, pl.col("exit_date").first()).with_columns(
        records=pl.concat_list("records", ref("beneficiaries", "person_id", "program")),
        days_after=(pl.col("date") - pl.col("exit_date")).dt.total_days(),
    )
    ev = [*GROUP_EV, "exit_date", "days_after"]
    r.add(
        "welfare.paid_after_exit",
        found.with_columns(program_name()),
        ev,
        reads=("disbursements", "beneficiaries"),
    )


def not_enrolled(r: Run) -> None:
    """Payments with no enrolment record for the person and programme, or dated before its approval."""
    joined = paid(r).join(
        enrolment(r).drop("exit_date", "monthly_standard"), on=["person_id", "program"], how="left"
    )
    early = pl.col("approved_date").is_not_null() & (pl.col("date") < pl.col("approved_date"))
    hits = joined.filter(pl.col("enrolled").is_null() | early)
    enrolled = pl.col("enrolled")
    found = summarise(
        hits, KEYS, pl.col("enrolled").first().fill_null(False), pl.col("approved_date").first()
    ).with_columns(
        program_name(),
        records=pl.when(enrolled)
        .then(pl.concat_list("records", ref("beneficiaries", "person_id", "program")))
        .otherwise("records"),
        reason=pl.when(enrolled)
        .then(fmt("发放日期早于该救助对象的审批日期 {}", "approved_date"))
        .otherwise(fmt("该人员没有{}救助对象记录", program_name())),
    )
    ev = [*GROUP_EV, "enrolled", "approved_date", "reason"]
    r.add("welfare.not_enrolled", found, ev, reads=("disbursements", "beneficiaries"))


def over_standard(r: Run) -> None:
    """Single payments above the monthly standard plus the tolerance; temporary relief above its cap."""
    p = r.p("welfare.over_standard")
    cap, temp = float(p["temp_relief_cap"]), pl.col("program") == "temp_relief"
    found = (
        paid(r)
        .join(
            enrolment(r).select("person_id", "program", "monthly_standard", "enrolled"),
            on=["person_id", "program"],
            how="left",
        )
        .with_columns(
            standard=pl.when(temp).then(pl.lit(cap)).otherwise("monthly_standard"),
            limit=pl.when(temp)
            .then(pl.lit(cap))
            .otherwise(pl.col("monthly_standard") + p["rounding_tolerance"]),
        )
        .filter(pl.col("limit").is_not_null() & (pl.col("amount") > pl.col("limit")))
        .with_columns(
            program_name(),
            records=pl.concat_list(
                ref("disbursements", "disb_id"),
                pl.when(pl.col("enrolled").fill_null(False)).then(
                    ref("beneficiaries", "person_id", "program")
                ),
            ).list.drop_nulls(),
            disb_date=pl.col("date"),
            standard_kind=pl.when(temp)
            .then(pl.lit("临时救助单次上限"))
            .otherwise(pl.lit("月保障（补贴）标准")),
            excess=(pl.col("amount") - pl.col("standard")).round(2),
        )
    )
    ev = ["handled_by", "disb_id", "disb_date", "person_id", "program", "program_name", "period", "amount"]
    ev += ["standard", "standard_kind", "excess"]
    escalate = pl.col("excess") >= pl.col("standard")
    r.add("welfare.over_standard", found, ev, reads=("disbursements", "beneficiaries"), escalate=escalate)


def duplicates(r: Run) -> None:
    """Same person, programme and month paid more than once (one payment in the period is enough)."""
    k = ["person_id", "program", "period"]
    hits = (
        r.lf("disbursements")
        .filter(pl.col("period").is_not_null())
        # Repeated keys are few: the period test runs over them only.
        .filter(pl.len().over(k) >= 2)
        .filter(r.in_period().any().over(k))
    )
    found = summarise(hits, k, pl.col("org_id").first()).with_columns(program_name())
    ev = ["handled_by", "person_id", "program", "program_name", "period", "disb_ids", "n", "total"]
    r.add("welfare.duplicate_payment", found, ev, reads=("disbursements",))


def shared_account(r: Run) -> None:
    """One account paid, in the period, for persons of at least ``min_households`` households."""
    least = r.p("welfare.shared_account")["min_households"]
    disb = paid(r).filter(pl.col("account_id").is_not_null())
    # Accounts paid for one person only cannot reach two households: drop them before the lookup.
    disb = disb.filter(pl.col("person_id").n_unique().over("account_id") >= least)
    homes = (
        r.lf("persons")
        .select("person_id", "household_id")
        .join(disb.select("person_id"), on="person_id", how="semi")
        .unique("person_id", keep="first")
    )
    household = pl.coalesce("household_id", "person_id").alias("household")
    hits = (
        disb.join(homes, on="person_id", how="left")
        .with_columns(household)
        .filter(pl.col("household").n_unique().over("account_id") >= least)
    )
    found = summarise(
        hits,
        ["account_id"],
        pl.col("org_id").first(),
        pl.col("household").unique().sort().alias("households"),
        pl.col("person_id").unique().sort().alias("person_ids"),
        pl.col("household").n_unique().cast(pl.Int64).alias("n_households"),
    )
    ev = [
        "handled_by",
        "account_id",
        "households",
        "person_ids",
        "n_households",
        "disb_ids",
        "n",
        "total",
        "last_date",
    ]
    r.add("welfare.shared_account", found, ev, reads=("disbursements", "persons"))


def repeated_temp_relief(r: Run) -> None:
    """Temporary relief paid to one person more than ``max`` times within a window from any payment.

    Only windows holding a payment in the period count; the finding names every payment in them.
    """
    p = r.p("welfare.repeated_temp_relief")
    most, months = p["temp_relief_max_count"], p["temp_relief_window_months"]
    # Only persons paid more than ``most`` times in all can have a window that holds too many.
    temp = (
        r.lf("disbursements")
        .filter(
            (pl.col("program") == "temp_relief")
            & (pl.col("date") <= r.end)
            & pl.col("person_id").is_not_null()
        )
        .filter(pl.len().over("person_id") > most)
        .cache()
    )
    anchors = temp.select("person_id", anchor=pl.col("disb_id"), start=pl.col("date"))
    pairs = (
        anchors.join(temp, on="person_id")
        .filter(
            (pl.col("date") >= pl.col("start"))
            & (pl.col("date") < pl.col("start").dt.offset_by(f"{months}mo"))
        )
        .with_columns(
            count=pl.len().over("anchor"),
            reaches=(pl.col("date") >= r.start).any().over("anchor"),
        )
        .filter((pl.col("count") > most) & pl.col("reaches"))
    )
    members = pairs.unique("disb_id", keep="first")
    peak = pairs.group_by("person_id").agg(max_in_window=pl.col("count").max().cast(pl.Int64))
    found = summarise(members, ["person_id"], pl.col("org_id").first()).join(peak, on="person_id", how="left")
    ev = ["handled_by", "person_id", "disb_ids", "n", "total", "last_date", "max_in_window"]
    r.add("welfare.repeated_temp_relief", found, ev, reads=("disbursements",))


#: The rules this module writes out, called in turn by ``assess``.
RULES = (after_death_or_exit, not_enrolled, over_standard, duplicates, shared_account, repeated_temp_relief)
