"""Group tests over disbursements: duplicate payments, shared accounts, repeated temporary relief.

Each finding names every disbursement of its group (the two payments for one month, the payments
into one account, the relief payments inside one 12-month window), so the officer can recover or
verify them together.
"""

from __future__ import annotations

import polars as pl

from riskengine import Detector, DetectorContext, Params, sdk

from .common import TEMP_RELIEF, disbursements_in_period, finish, program_zh, summarise_disbursements


def duplicate_payment(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Same person, programme and period (month) paid more than once; one finding per group.

    The whole history is grouped, so a pair straddling the period's start is still seen; a group is
    reported when at least one of its payments lies in the assessed period.
    """
    key = ["person_id", "program", "period"]
    in_period = pl.col("date").is_between(ctx.period.start, ctx.period.end)
    # One hash pass over the table in place picks the few rows whose key may repeat; the exact
    # check and the window run over those rows only.
    dated = pl.col("period").is_not_null()
    frame = ctx.frame("disbursements")
    disb = frame.filter(sdk.repeated_key(frame, key, dated))
    repeated = disb.filter(pl.struct(key).is_duplicated())
    hits = repeated.filter(in_period.any().over(key))
    found = summarise_disbursements(hits, key, pl.col("org_id").first())
    found = found.with_columns(records=pl.col("disb_refs"), program_name=program_zh())
    return finish(
        found,
        [
            "org_id",
            "records",
            "handled_by",
            "date",
            "person_id",
            "program",
            "program_name",
            "period",
            "disb_ids",
            "disb_labels",
            "n",
            "total",
        ],
    )


def shared_account(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """One account receiving, within the period, payments for persons of >= ``min_households`` households.

    A person without a household_id counts as a household of their own. Members of one household
    sharing the household's account are normal (an elderly couple's allowances).
    """
    min_households = int(params["min_households"])
    disb = disbursements_in_period(ctx).filter(pl.col("account_id").is_not_null())
    # Each person has one household, so an account reaches min_households households only if it
    # pays that many persons: the accounts of one person (almost all) are dropped before the join.
    disb = disb.filter(pl.col("person_id").n_unique().over("account_id") >= min_households)
    # Only the persons paid in the period, not the whole register (millions), need their household.
    households = (
        ctx.frame("persons")
        .select("person_id", "household_id")
        .join(disb.select("person_id").unique(), on="person_id", how="semi")
        .unique(subset="person_id", keep="first")
    )
    disb = (
        disb.join(households, on="person_id", how="left")
        .with_columns(household=pl.coalesce(pl.col("household_id"), pl.col("person_id")))
    )
    hits = disb.filter(pl.col("household").n_unique().over("account_id") >= min_households)
    found = summarise_disbursements(
        hits,
        ["account_id"],
        pl.col("org_id").first(),
        pl.col("household").unique().sort().alias("households"),
        pl.col("person_id").unique().sort().alias("person_ids"),
        pl.col("household").n_unique().cast(pl.Int64).alias("n_households"),
    )
    found = found.with_columns(records=pl.col("disb_refs"))
    return finish(
        found,
        [
            "org_id",
            "records",
            "handled_by",
            "date",
            "account_id",
            "households",
            "person_ids",
            "n_households",
            "disb_ids",
            "n",
            "total",
            "last_date",
        ],
    )


def repeated_temp_relief(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Temporary relief paid to one person more than ``temp_relief_max_count`` times within any window.

    Every payment anchors a window [date, date + ``temp_relief_window_months``); windows holding too
    many payments are merged per person, and the finding names every payment inside them. History
    before the period counts (the window looks back), but only windows holding a payment inside the
    period are kept (before merging, so ``max_in_window`` and the totals come from those windows).
    """
    max_count = int(params["temp_relief_max_count"])
    months = int(params["temp_relief_window_months"])
    relief = (pl.col("program") == TEMP_RELIEF) & (pl.col("date") <= ctx.period.end)
    relief = relief & pl.col("person_id").is_not_null()
    # A window holds no more payments than the person has: only persons paid more than
    # ``max_count`` times at all can have one, and only they are paired with themselves below.
    payee = pl.when(relief).then(pl.col("person_id"))
    temp = ctx.frame("disbursements").filter(relief & (pl.len().over(payee) > max_count))
    anchors = temp.select(
        "person_id",
        pl.col("disb_id").alias("anchor_id"),
        pl.col("date").alias("window_start"),
        pl.col("date").dt.offset_by(f"{months}mo").alias("window_end"),
    )
    # Pairs carry the payment's id and date only (a person's payments x their windows are many
    # rows); the members' other columns are taken from ``temp`` at the end. disb_id is the key.
    pairs = anchors.join(temp.select("person_id", "disb_id", "date"), on="person_id", how="inner").filter(
        (pl.col("date") >= pl.col("window_start")) & (pl.col("date") < pl.col("window_end"))
    )
    # A window counts only when it holds a payment inside the period: windows wholly before the
    # period are dropped before merging, so old history never joins an in-period finding.
    windows = pairs.group_by("person_id", "anchor_id").agg(
        count=pl.len().cast(pl.Int64), reaches_period=(pl.col("date") >= ctx.period.start).any()
    )
    violating = windows.filter((pl.col("count") > max_count) & pl.col("reaches_period"))
    violating = violating.drop("reaches_period")
    member_ids = pairs.join(violating, on=["person_id", "anchor_id"], how="semi").select("disb_id")
    members = temp.join(member_ids.unique(), on="disb_id", how="semi")
    peak = violating.group_by("person_id").agg(max_in_window=pl.col("count").max())
    found = summarise_disbursements(members, ["person_id"], pl.col("org_id").first())
    found = found.join(peak, on="person_id", how="left").with_columns(records=pl.col("disb_refs"))
    return finish(
        found,
        [
            "org_id",
            "records",
            "handled_by",
            "date",
            "person_id",
            "disb_ids",
            "disb_labels",
            "n",
            "total",
            "last_date",
            "max_in_window",
        ],
    )


_GROUP_OUTPUTS = {"handled_by": "list", "disb_ids": "list", "n": "integer", "total": "number"}

DETECTORS = (
    Detector(
        name="welfare_duplicate_payment",
        reads=("disbursements",),
        run=duplicate_payment,
        params_schema=sdk.params(),
        outputs={
            **_GROUP_OUTPUTS,
            "person_id": "string",
            "program": "string",
            "program_name": "string",
            "period": "month",
            "disb_labels": "list",
        },
        description="重复发放：同一人员、同一项目、同一期间发放两次及以上，每组一条问题。",
    ),
    Detector(
        name="welfare_shared_account",
        reads=("disbursements", "persons"),
        run=shared_account,
        params_schema=sdk.params({"min_households": {"type": "integer", "minimum": 2, "default": 2,
            "description": "同一收款账户被至少这么多户使用时列为问题"}}),
        outputs={
            **_GROUP_OUTPUTS,
            "account_id": "string",
            "households": "list",
            "person_ids": "list",
            "n_households": "integer",
            "last_date": "date",
        },
        description="多户共用账户：同一账户在评估期内收到不同家庭的惠民资金，每个账户一条问题。",
    ),
    Detector(
        name="welfare_repeated_temp_relief",
        reads=("disbursements",),
        run=repeated_temp_relief,
        params_schema=sdk.params({
            "temp_relief_max_count": {"type": "integer", "minimum": 1, "default": 4,
                "description": "窗口内领取临时救助超过此次数即为频繁领取"},
            "temp_relief_window_months": {"type": "integer", "minimum": 1, "maximum": 60, "default": 12,
                "description": "统计临时救助次数的滚动窗口（月）"},
        }),
        outputs={
            **_GROUP_OUTPUTS,
            "person_id": "string",
            "disb_labels": "list",
            "last_date": "date",
            "max_in_window": "integer",
        },
        description="频繁临时救助：同一人员在任意 12 个月内领取临时救助超过 4 次。",
    ),
)
