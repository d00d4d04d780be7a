"""Generate a large contract-valid dataset quickly (numpy, column-wise) for benchmarks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl

CATEGORIES = ["secretary", "director", "finance", "cashier", "welfare", "procurement", "grid"]
POWERS = {
    "secretary": ["fund_approval", "personnel"], "director": ["fund_approval", "certificate_issuing"],
    "finance": ["fund_handling"], "cashier": ["fund_handling"], "welfare": ["welfare_review"],
    "procurement": ["procurement"], "grid": [],
}


def _dates(rng, n, start=dt.date(2025, 1, 1), days=690):
    return pl.Series(np.datetime64(start) + rng.integers(0, days, n).astype("timedelta64[D]")).cast(pl.Date)


def generate(out: Path, records: int = 1_000_000, *, seed: int = 1) -> dict[str, int]:
    """Write ``out/<type>.parquet`` files totalling about ``records`` rows; return the row counts."""
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    n_orgs = max(20, records // 5000)
    streets = [f"S{i:03d}" for i in range(max(2, n_orgs // 12))]
    org_ids = [f"C{i:05d}" for i in range(n_orgs)]
    orgs = pl.DataFrame({
        "org_id": ["D01", *streets, *org_ids],
        "name": ["区", *[f"街道{s}" for s in streets], *[f"社区{o}" for o in org_ids]],
        "level": ["district", *["street"] * len(streets), *["community"] * n_orgs],
        "parent_id": [None, *["D01"] * len(streets), *[streets[i % len(streets)] for i in range(n_orgs)]],
    })
    post_org = np.repeat(org_ids, len(CATEGORIES))
    post_cat = np.tile(CATEGORIES, n_orgs)
    post_ids = [f"{o}-{c[:3].upper()}" for o, c in zip(post_org, post_cat, strict=True)]
    posts = pl.DataFrame({
        "post_id": post_ids, "org_id": post_org, "title": post_cat, "category": post_cat,
        "holder_id": [f"P{i:07d}" for i in range(len(post_ids))],
        "powers": [POWERS[c] for c in post_cat],
    })
    n_people = records // 20
    persons = pl.DataFrame({
        "person_id": [f"P{i:07d}" for i in range(n_people)],
        "name": [f"居民{i}" for i in range(n_people)],
        "birth_date": _dates(rng, n_people, dt.date(1940, 1, 1), 25000),
        "death_date": pl.Series([None] * n_people, dtype=pl.Date),
        "household_id": [f"H{i // 3:07d}" for i in range(n_people)],
    })
    n_ledger = int(records * 0.5)
    org_of = rng.integers(0, n_orgs, n_ledger)
    ledger_amount = np.round(np.exp(rng.uniform(np.log(10), np.log(80000), n_ledger)), 2)
    # Like real ledgers: cash only for small sums (a few exceptions remain for the rules to find).
    cash = (ledger_amount < 1000) & (rng.random(n_ledger) < 0.3) | (rng.random(n_ledger) < 0.001)
    ledger = pl.DataFrame({
        "txn_id": [f"T{i:08d}" for i in range(n_ledger)],
        "org_id": np.array(org_ids)[org_of],
        "date": _dates(rng, n_ledger),
        "direction": np.where(rng.random(n_ledger) < 0.8, "expense", "income"),
        "amount": ledger_amount,
        "category": rng.choice(["office", "hospitality", "travel", "works", "goods", "services", "welfare", "other"], n_ledger),
        "counterparty_type": "company",
        "counterparty_id": [f"V{i:05d}" for i in rng.integers(0, 5000, n_ledger)],
        "payment_method": np.where(cash, "cash", "transfer"),
        "approved_by": [f"{org_ids[o]}-SEC" for o in org_of],
        "handled_by": [f"{org_ids[o]}-FIN" for o in org_of],
        "resolution_id": None,
        "voucher_no": [f"V{i:08d}" for i in range(n_ledger)],
        "description": "日常支出",
    })
    n_disb = int(records * 0.3)
    person_of = rng.integers(0, n_people, n_disb)
    disb_org = rng.integers(0, n_orgs, n_disb)
    disbursements = pl.DataFrame({
        "disb_id": [f"WD{i:08d}" for i in range(n_disb)],
        "org_id": np.array(org_ids)[disb_org],
        "date": _dates(rng, n_disb),
        "period": [f"2026-{m:02d}" for m in rng.integers(1, 11, n_disb)],
        "program": rng.choice(["dibao", "tekun", "elderly_allowance", "disability_allowance"], n_disb),
        "person_id": [f"P{i:07d}" for i in person_of],
        "amount": np.round(rng.uniform(100, 1500, n_disb), 2),
        "account_id": [f"A{i:07d}" for i in person_of],
        "handled_by": [f"{org_ids[o]}-WEL" for o in disb_org],
    })
    n_proc = int(records * 0.05)
    proc_org = rng.integers(0, n_orgs, n_proc)
    amount = np.round(np.exp(rng.uniform(np.log(2000), np.log(300000), n_proc)), 2)
    procurements = pl.DataFrame({
        "proc_id": [f"PR{i:07d}" for i in range(n_proc)],
        "org_id": np.array(org_ids)[proc_org],
        "date": _dates(rng, n_proc),
        "title": "物资采购",
        "category": rng.choice(["goods", "works", "services"], n_proc),
        "budget": np.round(amount * 1.05, 2), "amount": amount,
        "method": np.where(amount < 50000, "quotation", "tender"),
        "vendor_id": [f"V{i:05d}" for i in rng.integers(0, 5000, n_proc)],
        "resolution_id": None,
        "handled_by": [f"{org_ids[o]}-PRO" for o in proc_org],
        "contract_amount": amount, "final_amount": amount,
        "accepted_date": None,
    })
    n_bids = int(records * 0.15)
    bid_proc = rng.integers(0, n_proc, n_bids)
    bids = pl.DataFrame({
        "proc_id": [f"PR{i:07d}" for i in bid_proc],
        "vendor_id": [f"V{i:05d}" for i in rng.integers(0, 5000, n_bids)],
        "amount": np.round(amount[bid_proc] * rng.uniform(1.0, 1.2, n_bids), 2),
        "won": False,
    }).unique(subset=["proc_id", "vendor_id"])
    frames = {"orgs": orgs, "posts": posts, "persons": persons, "ledger": ledger,
              "disbursements": disbursements, "procurements": procurements, "bids": bids}
    for name, frame in frames.items():
        frame = frame.with_columns(pl.col(pl.Null).cast(pl.String))
        frame.write_parquet(out / f"{name}.parquet")
    return {name: frame.height for name, frame in frames.items()}
