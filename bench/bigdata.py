"""Generate a large contract-valid dataset quickly (numpy, column-wise) for benchmarks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl

CATEGORIES = ["secretary", "director", "finance", "cashier", "welfare", "procurement", "grid"]
POWERS = {
    "secretary": ["fund_approval", "personnel"],
    "director": ["fund_approval", "certificate_issuing"],
    "finance": ["fund_handling"],
    "cashier": ["fund_handling"],
    "welfare": ["welfare_review"],
    "procurement": ["procurement"],
    "grid": [],
}


def _dates(rng, n, start=dt.date(2025, 1, 1), days=690):
    return pl.Series(np.datetime64(start) + rng.integers(0, days, n).astype("timedelta64[D]")).cast(pl.Date)


def _workdays(rng, n, start=dt.date(2025, 1, 1), days=690):
    """Dates on working days, as office spending and payments are (a few exceptions stay in)."""
    import chinese_calendar

    days_list = [start + dt.timedelta(days=i) for i in range(days)]
    work = np.array(
        [d for d in days_list if chinese_calendar.is_workday(d) and d.weekday() < 5], dtype="datetime64[D]"
    )
    picked = work[rng.integers(0, len(work), n)]
    anyday = np.datetime64(start) + rng.integers(0, days, n).astype("timedelta64[D]")
    return pl.Series(np.where(rng.random(n) < 0.002, anyday, picked)).cast(pl.Date)


def generate(out: Path, records: int = 1_000_000, *, seed: int = 1) -> dict[str, int]:
    """Write ``out/<type>.parquet`` files totalling about ``records`` rows; return the row counts."""
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    n_orgs = max(20, records // 5000)
    streets = [f"S{i:03d}" for i in range(max(2, n_orgs // 12))]
    org_ids = [f"C{i:05d}" for i in range(n_orgs)]
    orgs = pl.DataFrame(
        {
            "org_id": ["D01", *streets, *org_ids],
            "name": ["区", *[f"街道{s}" for s in streets], *[f"社区{o}" for o in org_ids]],
            "level": ["district", *["street"] * len(streets), *["community"] * n_orgs],
            "parent_id": [None, *["D01"] * len(streets), *[streets[i % len(streets)] for i in range(n_orgs)]],
        }
    )
    post_org = np.repeat(org_ids, len(CATEGORIES))
    post_cat = np.tile(CATEGORIES, n_orgs)
    post_ids = [f"{o}-{c[:3].upper()}" for o, c in zip(post_org, post_cat, strict=True)]
    posts = pl.DataFrame(
        {
            "post_id": post_ids,
            "org_id": post_org,
            "title": post_cat,
            "category": post_cat,
            "holder_id": [f"P{i:07d}" for i in range(len(post_ids))],
            "powers": [POWERS[c] for c in post_cat],
        }
    )
    n_people = records // 20
    persons = pl.DataFrame(
        {
            "person_id": [f"P{i:07d}" for i in range(n_people)],
            "name": [f"居民{i}" for i in range(n_people)],
            "birth_date": _dates(rng, n_people, dt.date(1940, 1, 1), 25000),
            "death_date": pl.Series([None] * n_people, dtype=pl.Date),
            "household_id": [f"H{i // 3:07d}" for i in range(n_people)],
        }
    )
    n_ledger = int(records * 0.5)
    org_of = rng.integers(0, n_orgs, n_ledger)
    ledger_amount = np.round(np.exp(rng.uniform(np.log(10), np.log(80000), n_ledger)), 2)
    # Like real ledgers: cash only for small sums (a few exceptions remain for the rules to find).
    cash = (ledger_amount < 1000) & (rng.random(n_ledger) < 0.3) | (rng.random(n_ledger) < 0.001)
    ledger = pl.DataFrame(
        {
            "txn_id": [f"T{i:08d}" for i in range(n_ledger)],
            "org_id": np.array(org_ids)[org_of],
            "date": _workdays(rng, n_ledger),
            "direction": np.where(rng.random(n_ledger) < 0.8, "expense", "income"),
            "amount": ledger_amount,
            # Hospitality is for small sums; bigger spending goes to the other categories.
            "category": np.where(
                ledger_amount < 2500,
                rng.choice(["office", "hospitality", "travel", "other"], n_ledger),
                rng.choice(["works", "goods", "services", "welfare"], n_ledger),
            ),
            "counterparty_type": "company",
            "counterparty_id": [f"V{i:05d}" for i in rng.integers(0, 5000, n_ledger)],
            "payment_method": np.where(cash, "cash", "transfer"),
            "approved_by": [f"{org_ids[o]}-SEC" for o in org_of],
            "handled_by": [f"{org_ids[o]}-FIN" for o in org_of],
            "resolution_id": [f"RL{i:08d}" if a >= 50000 else None for i, a in enumerate(ledger_amount)],
            "voucher_no": [f"V{i:08d}" for i in range(n_ledger)],
            "description": "日常支出",
        }
    )
    # Welfare: each recipient paid once a month (month index 0..22 from 2025-01), like a real roll.
    months = 22
    n_disb = int(records * 0.3)
    person_of = np.arange(n_disb) // months % n_people
    month_of = np.arange(n_disb) % months
    disb_org = person_of % n_orgs
    pay_day = np.datetime64("2025-01-10") + (month_of * 30.4).astype("timedelta64[D]")
    disbursements = pl.DataFrame(
        {
            "disb_id": [f"WD{i:08d}" for i in range(n_disb)],
            "org_id": np.array(org_ids)[disb_org],
            "date": pl.Series(pay_day).cast(pl.Date),
            "period": [f"{2025 + m // 12}-{m % 12 + 1:02d}" for m in month_of],
            "program": rng.choice(["dibao", "tekun", "elderly_allowance", "disability_allowance"], n_disb),
            "person_id": [f"P{i:07d}" for i in person_of],
            "amount": np.round(rng.uniform(100, 1500, n_disb), 2),
            "account_id": [f"A{i:07d}" for i in person_of],
            "handled_by": [f"{org_ids[o]}-WEL" for o in disb_org],
        }
    )
    n_proc = int(records * 0.05)
    proc_org = rng.integers(0, n_orgs, n_proc)
    amount = np.round(np.exp(rng.uniform(np.log(2000), np.log(300000), n_proc)), 2)
    procurements = pl.DataFrame(
        {
            "proc_id": [f"PR{i:07d}" for i in range(n_proc)],
            "org_id": np.array(org_ids)[proc_org],
            "date": _dates(rng, n_proc),
            "title": "物资采购",
            "category": rng.choice(["goods", "works", "services"], n_proc),
            "budget": np.round(amount * 1.05, 2),
            "amount": amount,
            "method": np.where(amount < 50000, "quotation", "tender"),
            "vendor_id": [f"V{i:05d}" for i in rng.integers(0, 5000, n_proc)],
            "resolution_id": [f"RP{i:07d}" if a >= 50000 else None for i, a in enumerate(amount)],
            "handled_by": [f"{org_ids[o]}-PRO" for o in proc_org],
            "contract_amount": amount,
            "final_amount": amount,
        }
    ).with_columns(accepted_date=pl.col("date") + pl.duration(days=40))
    # Three bids per procurement: the winner's at the awarded amount, two higher quotes.
    n_bids = n_proc * 3
    bid_proc = np.arange(n_bids) // 3
    rank = np.arange(n_bids) % 3
    bids = pl.DataFrame(
        {
            "proc_id": [f"PR{i:07d}" for i in bid_proc],
            "vendor_id": [f"V{(i * 7 + r * 1667) % 5000:05d}" for i, r in zip(bid_proc, rank, strict=True)],
            "amount": np.round(
                amount[bid_proc] * np.where(rank == 0, 1.0, 1.0 + 0.05 * rank + rng.uniform(0, 0.04, n_bids)),
                2,
            ),
            "won": rank == 0,
        }
    )
    procurements = procurements.with_columns(
        vendor_id=pl.Series([f"V{(i * 7) % 5000:05d}" for i in range(n_proc)])
    )
    frames = {
        "orgs": orgs,
        "posts": posts,
        "persons": persons,
        "ledger": ledger,
        "disbursements": disbursements,
        "procurements": procurements,
        "bids": bids,
    }
    frames.update(_supporting(rng, org_ids, post_ids, persons, ledger, disbursements, procurements))
    for name, frame in frames.items():
        frame = frame.with_columns(pl.col(pl.Null).cast(pl.String))
        frame.write_parquet(out / f"{name}.parquet")
    return {name: frame.height for name, frame in frames.items()}


def _supporting(
    rng, org_ids, post_ids, persons, ledger, disbursements, procurements
) -> dict[str, pl.DataFrame]:
    """The smaller ledgers every rule needs, so that no rule is skipped for missing data."""
    holders = [f"P{i:07d}" for i in range(len(post_ids))]
    n_companies = 5000
    companies = pl.DataFrame(
        {
            "company_id": [f"V{i:05d}" for i in range(n_companies)],
            "name": [f"供应商{i}" for i in range(n_companies)],
            "registered_date": pl.Series([dt.date(2015, 1, 1)] * n_companies),
            "legal_rep_id": [f"P{len(post_ids) + 10 + i:07d}" for i in range(n_companies)],
            "shareholder_ids": [[f"P{len(post_ids) + 10 + i:07d}"] for i in range(n_companies)],
        }
    )
    relations = pl.DataFrame(
        {"person_id": holders, "related_id": [f"R{i:07d}" for i in range(len(holders))], "relation": "spouse"}
    )
    welfare = disbursements.group_by("person_id", "program").agg(
        pl.col("org_id").first(), pl.col("amount").max()
    )
    beneficiaries = (
        welfare.select(
            "person_id",
            "org_id",
            "program",
            pl.lit(dt.date(2024, 6, 1)).alias("approved_date"),
            pl.lit(None, dtype=pl.Date).alias("exit_date"),
            pl.col("amount").alias("monthly_standard"),
            pl.concat_str([pl.col("org_id"), pl.lit("-WEL")]).alias("reviewed_by"),
        )
        .unique(subset=["person_id", "program"], keep="first")
        .sort("person_id", "program")
    )
    months = ledger.with_columns(period=pl.col("date").dt.strftime("%Y-%m"))
    totals = (
        months.group_by("org_id", "period")
        .agg(
            pl.col("amount").filter(pl.col("direction") == "income").sum().alias("disclosed_income"),
            pl.col("amount")
            .filter(pl.col("direction") == "expense")
            .sum()
            .round(2)
            .alias("disclosed_expense"),
        )
        .sort("org_id", "period")
    )
    disclosures = totals.with_row_index("n").select(
        pl.format("DF{}", pl.col("n")).alias("disclosure_id"),
        "org_id",
        pl.lit("finance").alias("catalog"),
        pl.lit("income_expense").alias("item"),
        "period",
        (pl.concat_str([pl.col("period"), pl.lit("-01")]).str.to_date() + pl.duration(days=35)).alias(
            "published_date"
        ),
        pl.lit("board").alias("channel"),
        pl.col("disclosed_income").round(2),
        "disclosed_expense",
    )
    n_events = 5000
    events = pl.DataFrame(
        {
            "event_id": [f"E{i:06d}" for i in range(n_events)],
            "org_id": [org_ids[i % len(org_ids)] for i in range(n_events)],
            "person_id": [holders[i % len(holders)] for i in range(n_events)],
            "post_id": [post_ids[i % len(post_ids)] for i in range(n_events)],
            "date": _workdays(rng, n_events),
            "type": rng.choice(["banquet_hosting", "inaction", "other"], n_events),
            "source": "inspection",
            "status": "dismissed",
            "amount": None,
            "description": "核查不属实",
        }
    )
    declarations = pl.DataFrame(
        {
            "decl_id": [f"DC{i:06d}" for i in range(len(holders) * 2)],
            "person_id": holders * 2,
            "type": "annual_personal_matters",
            "event_date": [dt.date(2025, 1, 15)] * len(holders) + [dt.date(2026, 1, 15)] * len(holders),
            "submitted_date": [dt.date(2025, 2, 20)] * len(holders) + [dt.date(2026, 2, 20)] * len(holders),
        }
    )
    n_complaints = 5000
    complaint_dates = _workdays(rng, n_complaints)
    complaints = pl.DataFrame(
        {
            "complaint_id": [f"Q{i:06d}" for i in range(n_complaints)],
            "org_id": [org_ids[i % len(org_ids)] for i in range(n_complaints)],
            "date": complaint_dates,
            "target_post_id": [post_ids[i % len(post_ids)] for i in range(n_complaints)],
            "category": "服务态度",
            "channel": "码上监督",
            "responded_date": complaint_dates + dt.timedelta(days=5),
            "resolved": True,
            "satisfaction": 4,
        }
    )
    evaluations = pl.DataFrame({"post_id": post_ids, "year": 2025, "approval_rate": 0.9})
    return {
        "companies": companies,
        "relations": relations,
        "beneficiaries": beneficiaries,
        "disclosures": disclosures,
        "resolutions": _resolutions(ledger, procurements),
        "conduct_events": events,
        "declarations": declarations,
        "complaints": complaints,
        "evaluations": evaluations,
        "task_history": pl.DataFrame(
            {
                "task_id": ["T-0"],
                "post_id": [post_ids[0]],
                "rule_id": ["finance.cash_over_limit"],
                "status": ["closed"],
                "closed_on": [dt.date(2026, 3, 1)],
            }
        ),
    }


def _resolutions(ledger: pl.DataFrame, procurements: pl.DataFrame) -> pl.DataFrame:
    """A complete 四议两公开 resolution, decided beforehand, for every expense and purchase >= 50,000."""
    steps = [
        "branch_proposal",
        "committees_deliberation",
        "members_review",
        "council_decision",
        "resolution_disclosure",
        "result_disclosure",
    ]
    both = pl.concat(
        [
            ledger.select("resolution_id", "org_id", "amount", "date"),
            procurements.select("resolution_id", "org_id", "amount", "date"),
        ]
    )
    return both.filter(pl.col("resolution_id").is_not_null()).select(
        "resolution_id",
        "org_id",
        pl.lit("大额支出").alias("subject"),
        "amount",
        (pl.col("date") - pl.duration(days=20)).alias("proposed_date"),
        (pl.col("date") - pl.duration(days=5)).alias("decided_date"),
        pl.lit(steps).alias("steps"),
        pl.lit(40).alias("votes_for"),
        pl.lit(45).alias("votes_total"),
    )
