"""Problems planted in the province dataset for the rules its base generator leaves without findings.

With these, every shipped rule finds something at every size, so bench/compare.py checks riskengine
and the hand-written version against each other on all 45 rules, not only on the rules that fire.
Each plant touches a small share of rows (column-wise), drawn from its own random generator so the
rest of the province is the same as without it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
from province import ids, org_ids, post_ids, workdays

#: Share of procurements given each bidding problem, of disbursements given each welfare problem.
SHARE = 0.01


def ledger(rng, frame: pl.DataFrame, n_orgs: int) -> pl.DataFrame:
    """Hospitality over the limit on some small expenses; Benford outliers: a few communities with
    1,100 more office expenses whose first digits are uniform, not Benford's."""
    n = frame.height
    hosp = (rng.random(n) < 0.0005) & (frame["amount"].to_numpy() < 2500)
    frame = frame.with_columns(
        category=pl.when(pl.Series(hosp)).then(pl.lit("hospitality")).otherwise("category"),
        amount=pl.when(pl.Series(hosp))
        .then(pl.Series(np.round(rng.uniform(3200, 12000, n), 2)))
        .otherwise("amount"),
        direction=pl.when(pl.Series(hosp)).then(pl.lit("expense")).otherwise("direction"),
    )
    orgs = rng.choice(n_orgs, min(n_orgs, max(1, n_orgs // 200)), replace=False)
    org = np.repeat(orgs, 1100)
    k = len(org)
    extra = pl.DataFrame(
        {
            "txn_id": ids("T", np.arange(n, n + k), 9),
            "org_id": org_ids(org),
            "date": workdays(rng, k),
            "direction": "expense",
            "amount": np.round(rng.uniform(100, 999.99, k), 2),
            "category": "office",
            "counterparty_type": "company",
            "counterparty_id": ids("V", rng.integers(0, 200, k), 6),
            "payment_method": "transfer",
            "approved_by": post_ids(org, 0),
            "handled_by": post_ids(org, 2),
            "voucher_no": ids("PZ", np.arange(n, n + k), 9),
            "description": "办公用品",
            "resolution_id": pl.Series([None] * k, dtype=pl.String),
        }
    )
    return pl.concat([frame, extra.select(frame.columns)])


def bidding(rng, procs: pl.DataFrame, bids: pl.DataFrame, companies: pl.DataFrame):
    """Too few quotes, identical quotes, the lowest bid passed over, a runner-up within 0.3 % of the
    winner, and awards to vendors registered weeks before."""
    rank = pl.int_range(pl.len()).over("proc_id")
    u = pl.Series(rng.random(procs.height))
    kind = procs.select("proc_id", "method", u=u)
    bids = bids.with_columns(rank=rank).join(kind, on="proc_id", how="left")
    quotation = pl.col("method") == "quotation"
    bids = bids.filter(~(quotation & (pl.col("u") < SHARE) & (pl.col("rank") == 2))).with_columns(
        amount=pl.when((pl.col("u").is_between(SHARE, 2 * SHARE)) & (pl.col("rank") == 2))
        .then(pl.col("amount").shift(1))
        .when((pl.col("u").is_between(3 * SHARE, 4 * SHARE)) & (pl.col("rank") == 1))
        .then((pl.col("amount").shift(1) * 1.003).round(2))
        .otherwise("amount"),
        won=pl.when(pl.col("u").is_between(2 * SHARE, 3 * SHARE)).then(pl.col("rank") == 1).otherwise("won"),
    )
    # New vendors: a company registered 10-80 days before the award, one per planted award.
    new = procs.filter(pl.Series(rng.random(procs.height) < SHARE / 2)).select("proc_id", "date")
    n_comp = companies.height
    new = new.with_columns(
        vendor_id=ids("V", np.arange(n_comp, n_comp + new.height), 6),
        registered_date=pl.col("date") - pl.duration(days=pl.Series(rng.integers(10, 80, new.height))),
    )
    companies = pl.concat(
        [
            companies,
            new.select(
                "vendor_id",
                name="新设供应商" + pl.col("vendor_id"),
                registered_date="registered_date",
                legal_rep_id=ids("P", rng.integers(0, 10 * n_comp, new.height)),
                shareholder_ids=pl.concat_list(ids("P", rng.integers(0, 10 * n_comp, new.height))),
            ).rename({"vendor_id": "company_id"}),
        ]
    )
    swap = new.select("proc_id", new_vendor="vendor_id")
    procs = procs.join(swap, on="proc_id", how="left", maintain_order="left").with_columns(
        vendor_id=pl.coalesce("new_vendor", "vendor_id")
    )
    bids = bids.join(swap, on="proc_id", how="left", maintain_order="left").with_columns(
        vendor_id=pl.when(pl.col("rank") == 0)
        .then(pl.coalesce("new_vendor", "vendor_id"))
        .otherwise("vendor_id")
    )
    return procs.drop("new_vendor"), bids.select("proc_id", "vendor_id", "amount", "won"), companies


def welfare(rng, disb: pl.DataFrame, n_people_org: int) -> pl.DataFrame:
    """Payments to people with no enrolment record; payments into another household's account."""
    n = disb.height
    stray = disb.filter(pl.Series(rng.random(n) < SHARE / 10))
    org = stray["org_id"].str.slice(1).cast(pl.Int64).to_numpy()
    # Random people of the same community: the few who happen to be enrolled make no finding.
    person = ids("P", org * n_people_org + rng.integers(300, n_people_org, stray.height))
    stray = stray.with_columns(person_id=person, account_id="A" + person.str.slice(1))
    shared = pl.Series(rng.random(n) < SHARE / 10)
    disb = disb.with_columns(
        account_id=pl.when(shared & (pl.col("org_id") == pl.col("org_id").shift(1)))
        .then(pl.col("account_id").shift(1))
        .otherwise("account_id")
    )
    stray = stray.with_columns(disb_id=ids("WD", np.arange(n, n + stray.height), 9))
    return pl.concat([disb, stray])


def conduct(rng, extras: dict[str, pl.DataFrame], n_orgs: int) -> dict[str, pl.DataFrame]:
    """Low approval (some two years running); tasks closed in March for problems that came back."""
    evals = extras["evaluations"]
    low = rng.random(evals.height) < SHARE
    evals = evals.with_columns(
        approval_rate=pl.when(pl.Series(low))
        .then(pl.Series(np.round(rng.uniform(0.4, 0.59, evals.height), 3)))
        .otherwise("approval_rate")
    )
    before = evals.filter(pl.Series(low & (rng.random(evals.height) < 0.5))).with_columns(
        year=pl.lit(2024).cast(evals.schema["year"]), approval_rate=pl.lit(0.5)
    )
    orgs = rng.choice(n_orgs, min(n_orgs, max(2, n_orgs // 50)), replace=False)
    rules = {5: "procurement.no_acceptance", 4: "welfare.over_standard"}
    tasks = pl.DataFrame(
        {
            "post_id": pl.concat([post_ids(orgs, cat) for cat in rules]),
            "org_id": pl.concat([org_ids(orgs)] * len(rules)),
            "rule_id": np.repeat(list(rules.values()), len(orgs)),
        }
    ).with_columns(status=pl.lit("closed"), closed_on=pl.lit(dt.date(2026, 3, 1)))
    history = extras["task_history"]
    tasks = tasks.with_columns(task_id=ids("T-H", tasks.height, 6)).select(history.columns)
    return {**extras, "evaluations": pl.concat([evals, before]), "task_history": pl.concat([history, tasks])}
