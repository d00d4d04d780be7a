"""A province's ledgers for benchmarks: N communities x 12 months, column-wise (numpy + Polars).

Per community, as in the ledgers of a real province (issue #10): 420 ledger rows, 330 persons,
250 welfare disbursements, 36 procurements with about 110 bids, 32 disclosures, and the smaller
record types (posts, relations, beneficiaries, resolutions, declarations, complaints, conduct
events, evaluations, companies). 800 communities give about 1M rows, 10,000 about 12.8M.

Every rule has something to find: a small share of rows is planted with the problems the rules
look for (cash over the limit, split and duplicate payments, late and missing disclosures, payments
after death, single bids, relatives of cadres, ...), and a few rows break the data contract so the
rejected-row path is exercised.

    python bench/province.py --communities 800 --format parquet   # prints the folder
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import time
from pathlib import Path

import numpy as np
import polars as pl

CACHE = Path(__file__).resolve().parent / "data"
VERSION = 2  # 2: bench/planted.py plants what the rules without findings look for
START = dt.date(2025, 12, 1)
DAYS = 365
AS_OF = dt.date(2026, 11, 30)
PERIOD = (START, AS_OF)
MONTHS = [f"{2025 + (11 + m) // 12}-{(11 + m) % 12 + 1:02d}" for m in range(12)]

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
# the resolution steps (四议两公开) as the record schema lists them (read as JSON: no engine import here)
_RESOLUTIONS = Path(__file__).resolve().parents[1] / "schemas" / "records" / "resolutions.json"
STEPS = json.loads(_RESOLUTIONS.read_text(encoding="utf-8"))["properties"]["steps"]["items"]["enum"]
PROGRAMS = ["dibao", "tekun", "temp_relief", "elderly_allowance", "disability_allowance"]


def ids(prefix: str, n: int | np.ndarray, width: int = 8) -> pl.Series:
    """``prefix`` + zero-padded numbers, built column-wise."""
    numbers = pl.Series(np.arange(n) if isinstance(n, int) else np.asarray(n))
    return (prefix + numbers.cast(pl.String).str.zfill(width)).rename(prefix)


def masked(series: pl.Series, keep: np.ndarray) -> pl.Series:
    """``series`` where ``keep``, null elsewhere."""
    return series.zip_with(pl.Series(keep), pl.Series([None] * len(series), dtype=series.dtype))


def org_ids(index: np.ndarray) -> pl.Series:
    return ids("C", index, 5)


def post_ids(org: np.ndarray, category: np.ndarray | int) -> pl.Series:
    """Post ids ``C00012-FIN``: community ``org``, category index ``category`` (see CATEGORIES)."""
    cat = np.array([c[:3].upper() for c in CATEGORIES])
    codes = cat[np.broadcast_to(np.asarray(category), np.shape(org))]
    return org_ids(org) + "-" + pl.Series(codes)


def dates(rng, n: int, start: dt.date = START, days: int = DAYS) -> pl.Series:
    return pl.Series(np.datetime64(start) + rng.integers(0, days, n).astype("timedelta64[D]")).cast(pl.Date)


def workdays(rng, n: int) -> pl.Series:
    """Dates on working days, as office spending is (a few exceptions stay in for the holiday rule)."""
    import chinese_calendar

    days = [START + dt.timedelta(days=i) for i in range(DAYS)]
    work = np.array([d for d in days if chinese_calendar.is_workday(d)], dtype="datetime64[D]")
    picked = work[rng.integers(0, len(work), n)]
    anyday = np.datetime64(START) + rng.integers(0, DAYS, n).astype("timedelta64[D]")
    return pl.Series(np.where(rng.random(n) < 0.004, anyday, picked)).cast(pl.Date)


def generate(n_orgs: int, seed: int = 1) -> dict[str, pl.DataFrame]:  # noqa: PLR0915 - one table after another
    """The frames of a province with ``n_orgs`` communities."""
    rng = np.random.default_rng(seed)
    per_street = 12
    n_streets = max(1, -(-n_orgs // per_street))
    n_districts = max(1, -(-n_streets // 10))
    orgs_all = np.arange(n_orgs)
    street_of = orgs_all // per_street
    orgs = pl.DataFrame(
        {
            "org_id": pl.concat([ids("D", n_districts, 3), ids("S", n_streets, 4), org_ids(orgs_all)]),
            "name": pl.concat(
                ["区" + ids("D", n_districts, 3), "街道" + ids("S", n_streets, 4), "社区" + org_ids(orgs_all)]
            ),
            "level": ["district"] * n_districts + ["street"] * n_streets + ["community"] * n_orgs,
            "parent_id": pl.concat(
                [
                    pl.Series([None] * n_districts, dtype=pl.String),
                    ids("D", np.arange(n_streets) // 10, 3),
                    ids("S", street_of, 4),
                ]
            ),
        }
    )

    # Posts: 7 per community; holder of post k of community c is person c*330 + k.
    n_people_org = 330
    p_org = np.repeat(orgs_all, 7)
    p_cat = np.tile(np.arange(7), n_orgs)
    holder = p_org * n_people_org + p_cat
    # 1% of communities: the finance post holder also holds the cashier post.
    double = (p_cat == 3) & (rng.random(len(p_org)) < 0.01)
    holder = np.where(double, holder - 1, holder)
    posts = pl.DataFrame(
        {
            "post_id": post_ids(p_org, p_cat),
            "org_id": org_ids(p_org),
            "title": np.array(CATEGORIES)[p_cat],
            "category": np.array(CATEGORIES)[p_cat],
            "holder_id": ids("P", holder),
            "powers": [POWERS[c] for c in np.array(CATEGORIES)[p_cat]],
        }
    )

    n_people = n_orgs * n_people_org
    dead = rng.random(n_people) < 0.004
    persons = pl.DataFrame(
        {
            "person_id": ids("P", n_people),
            "name": "居民" + pl.Series(np.arange(n_people)).cast(pl.String),
            "birth_date": dates(rng, n_people, dt.date(1935, 1, 1), 25000),
            "death_date": masked(dates(rng, n_people), dead),
            "household_id": ids("H", np.arange(n_people) // 3),
        }
    )

    # Relations: three relatives per post holder, persons of the same community.
    r_holder = np.repeat(holder, 3)
    r_org = np.repeat(p_org, 3)
    related = r_org * n_people_org + rng.integers(7, n_people_org, len(r_holder))
    relations = pl.DataFrame(
        {
            "person_id": ids("P", r_holder),
            "related_id": ids("P", related),
            "relation": np.tile(["spouse", "child", "parent"], len(holder)),
        }
    ).unique(subset=["person_id", "related_id"], keep="first", maintain_order=True)

    n_comp = max(200, n_orgs // 2)
    rep = rng.integers(0, n_people, n_comp)
    # 3% of companies are represented by a cadre's relative.
    linked = rng.random(n_comp) < 0.03
    rel_np = related
    rep = np.where(linked, rel_np[rng.integers(0, len(rel_np), n_comp)], rep)
    companies = pl.DataFrame(
        {
            "company_id": ids("V", n_comp, 6),
            "name": "供应商" + pl.Series(np.arange(n_comp)).cast(pl.String),
            "registered_date": dates(rng, n_comp, dt.date(2010, 1, 1), 5500),
            "legal_rep_id": ids("P", rep),
            "shareholder_ids": ids("P", rng.integers(0, n_people, n_comp))
            .to_frame("s")
            .select(pl.concat_list("s"))["s"],
        }
    )

    import planted  # noqa: PLC0415 - it imports this module's helpers

    more = np.random.default_rng(seed + 1)
    ledger = planted.ledger(more, _ledger(rng, n_orgs, n_people_org, n_comp, holder), n_orgs)
    procurements, bids = _procurements(rng, n_orgs, n_comp)
    procurements, bids, companies = planted.bidding(more, procurements, bids, companies)
    resolutions = _resolutions(rng, ledger, procurements)
    beneficiaries, disbursements = _welfare(rng, n_orgs, n_people_org, dead, persons)
    disbursements = planted.welfare(more, disbursements, n_people_org)
    disclosures = _disclosures(rng, ledger, n_orgs)
    extras = planted.conduct(more, _conduct(rng, n_orgs, holder, p_org, p_cat), n_orgs)
    frames = {
        "orgs": orgs,
        "posts": posts,
        "persons": persons,
        "relations": relations,
        "companies": companies,
        "ledger": ledger,
        "disclosures": disclosures,
        "resolutions": resolutions,
        "procurements": procurements,
        "bids": bids,
        "beneficiaries": beneficiaries,
        "disbursements": disbursements,
        **extras,
    }
    return frames


def _ledger(rng, n_orgs, n_people_org, n_comp, holder) -> pl.DataFrame:
    n = n_orgs * 420
    org = np.sort(rng.integers(0, n_orgs, n))
    amount = np.round(np.exp(rng.uniform(np.log(10), np.log(80000), n)), 2)
    # Some communities book many whole-thousand amounts (the round-amount rule's outliers).
    heavy_round = rng.random(n_orgs) < 0.05
    rounding = np.where(heavy_round[org], 0.35, 0.03)
    roundable = (rng.random(n) < rounding) & (amount >= 1000)
    amount = np.where(roundable, np.round(amount / 1000) * 1000, amount)
    small = amount < 2500
    category = np.where(
        small,
        rng.choice(["office", "hospitality", "travel", "other", "subsidy"], n),
        rng.choice(["works", "goods", "services", "welfare"], n),
    )
    cash = (amount < 1000) & (rng.random(n) < 0.3) | (rng.random(n) < 0.002)
    to_person = rng.random(n) < 0.15
    person = org * n_people_org + rng.integers(0, n_people_org, n)
    company = rng.integers(0, n_comp, n)
    cp = ids("P", person).zip_with(pl.Series(to_person), ids("V", company, 6))
    direction = np.where(rng.random(n) < 0.8, "expense", "income")
    direction = np.where(rng.random(n) < 2e-5, "refund", direction)  # breaks the contract: rejected
    frame = pl.DataFrame(
        {
            "txn_id": ids("T", n, 9),
            "org_id": org_ids(org),
            "date": workdays(rng, n),
            "direction": direction,
            "amount": amount,
            "category": category,
            "counterparty_type": np.where(to_person, "person", "company"),
            "counterparty_id": cp,
            "payment_method": np.where(cash, "cash", "transfer"),
            "approved_by": post_ids(org, 0),
            "handled_by": post_ids(org, np.where(rng.random(n) < 0.001, 0, 2)),
            "voucher_no": ids("PZ", n, 9),
            "description": "日常支出",
        }
    )
    # Split payments: runs of 3-4 payments just below the limit to one company within days.
    n_split = max(1, n // 4000)
    base = rng.integers(0, n - 4, n_split)
    split_rows = np.unique(np.concatenate([base, base + 1, base + 2]))
    # Duplicate vouchers and duplicate amounts.
    dup_rows = rng.integers(1, n, max(1, n // 5000))
    frame = frame.with_row_index("i").with_columns(
        amount=pl.when(pl.col("i").is_in(split_rows)).then(pl.lit(18000.0)).otherwise(pl.col("amount")),
        direction=pl.when(pl.col("i").is_in(split_rows)).then(pl.lit("expense")).otherwise("direction"),
        category=pl.when(pl.col("i").is_in(split_rows)).then(pl.lit("works")).otherwise("category"),
    )
    frame = frame.with_columns(
        counterparty_id=pl.when(pl.col("i").is_in(split_rows))
        .then(pl.col("counterparty_id").shift(1).fill_null(pl.col("counterparty_id")))
        .otherwise("counterparty_id"),
    )
    frame = frame.with_columns(
        voucher_no=pl.when(pl.col("i").is_in(dup_rows))
        .then(pl.col("voucher_no").shift(1))
        .otherwise("voucher_no"),
    )
    frame = frame.with_columns(
        resolution_id=pl.when(pl.col("amount") >= 50000)
        .then("R" + pl.col("txn_id"))
        .otherwise(pl.lit(None, pl.String)),
    )
    return frame.drop("i")


def _procurements(rng, n_orgs, n_comp):
    n = n_orgs * 36
    org = np.sort(rng.integers(0, n_orgs, n))
    amount = np.round(np.exp(rng.uniform(np.log(2000), np.log(300000), n)), 2)
    direct = (amount < 50000) & (rng.random(n) < 0.2) | (rng.random(n) < 0.003)
    method = np.where(direct, "direct", np.where(amount < 50000, "quotation", "tender"))
    vendor = rng.integers(0, n_comp, n)
    final = np.where(rng.random(n) < 0.01, amount * 1.3, amount)
    date = dates(rng, n)
    proc = pl.DataFrame(
        {
            "proc_id": ids("PR", n, 8),
            "org_id": org_ids(org),
            "date": date,
            "title": "物资采购",
            "category": rng.choice(["goods", "works", "services"], n),
            "budget": np.round(amount * 1.05, 2),
            "amount": amount,
            "method": method,
            "vendor_id": ids("V", vendor, 6),
            "resolution_id": masked(ids("RP", n, 8), amount >= 50000),
            "handled_by": post_ids(org, 5),
            "contract_amount": amount,
            "final_amount": np.round(final, 2),
        }
    ).with_columns(
        accepted_date=pl.when(pl.Series(rng.random(n) < 0.97))
        .then(pl.col("date") + pl.duration(days=40))
        .otherwise(pl.lit(None, pl.Date))
    )
    # Bids: three per non-direct procurement (some single bids and some identical quotes).
    n_bids = np.where(method == "direct", 1, np.where(rng.random(n) < 0.02, 1, 3))
    bid_proc = np.repeat(np.arange(n), n_bids)
    rank = np.concatenate([np.arange(k) for k in n_bids]) if n < 50_000 else _ranks(n_bids)
    factor = np.where(rank == 0, 1.0, 1.0 + 0.06 * rank + rng.uniform(0, 0.04, len(bid_proc)))
    identical = (rank == 2) & (rng.random(len(bid_proc)) < 0.01)
    factor = np.where(identical, 1.06 + 0.0, factor)
    bid_vendor = np.where(rank == 0, vendor[bid_proc], (vendor[bid_proc] + 7 * rank + 1) % n_comp)
    bids = pl.DataFrame(
        {
            "proc_id": ids("PR", bid_proc, 8),
            "vendor_id": ids("V", bid_vendor, 6),
            "amount": np.round(amount[bid_proc] * factor, 2),
            "won": rank == 0,
        }
    )
    # A few more bids on tenders keep the bid count near 3.05 per procurement.
    return proc, bids


def _ranks(counts: np.ndarray) -> np.ndarray:
    """0, 1, ..., k-1 for each k in ``counts``, concatenated (vectorised)."""
    ends = np.cumsum(counts)
    starts = np.repeat(ends - counts, counts)
    return np.arange(ends[-1]) - starts


def _resolutions(rng, ledger: pl.DataFrame, procurements: pl.DataFrame) -> pl.DataFrame:
    both = pl.concat(
        [
            ledger.select("resolution_id", "org_id", "amount", "date"),
            procurements.select("resolution_id", "org_id", "amount", "date"),
        ]
    ).filter(pl.col("resolution_id").is_not_null())
    n = both.height
    keep = rng.random(n) >= 0.01  # 1% of big spending has no resolution at all
    incomplete = rng.random(n) < 0.01
    late = rng.random(n) < 0.01
    return (
        both.with_columns(incomplete=pl.Series(incomplete), late=pl.Series(late), keep=pl.Series(keep))
        .filter("keep")
        .select(
            "resolution_id",
            "org_id",
            pl.lit("大额支出").alias("subject"),
            "amount",
            (pl.col("date") - pl.duration(days=20)).alias("proposed_date"),
            pl.when("late")
            .then(pl.col("date") + pl.duration(days=3))
            .otherwise(pl.col("date") - pl.duration(days=5))
            .alias("decided_date"),
            pl.when("incomplete").then(pl.lit(STEPS[:4])).otherwise(pl.lit(STEPS)).alias("steps"),
            pl.lit(40).alias("votes_for"),
            pl.lit(45).alias("votes_total"),
        )
    )


def _welfare(rng, n_orgs, n_people_org, dead, persons):
    # 21 recipients per community, paid monthly for the 12 months.
    per_org = 21
    rec_org = np.repeat(np.arange(n_orgs), per_org)
    person = rec_org * n_people_org + rng.integers(7, n_people_org, len(rec_org))
    program = rng.choice(PROGRAMS, len(rec_org), p=[0.4, 0.1, 0.05, 0.3, 0.15])
    standard = np.round(rng.uniform(300, 1200, len(rec_org)), 0)
    exit_soon = rng.random(len(rec_org)) < 0.01
    beneficiaries = pl.DataFrame(
        {
            "person_id": ids("P", person),
            "org_id": org_ids(rec_org),
            "program": program,
            "approved_date": pl.Series([dt.date(2024, 6, 1)] * len(rec_org)),
            "exit_date": masked(pl.Series([dt.date(2026, 5, 31)] * len(rec_org)), exit_soon),
            "monthly_standard": standard,
            "reviewed_by": post_ids(rec_org, 4),
        }
    ).unique(subset=["person_id", "program"], keep="first", maintain_order=True)
    k = beneficiaries.height
    months = 12
    b_idx = np.repeat(np.arange(k), months)
    month = np.tile(np.arange(months), k)
    # ~250 disbursements per community: 12 months x 21, minus a few, plus some not enrolled.
    pay_day = np.datetime64(START) + (month * 30.4 + 9).astype("timedelta64[D]")
    b = beneficiaries
    amount = b["monthly_standard"].to_numpy()[b_idx]
    over = rng.random(len(b_idx)) < 0.002
    amount = np.where(over, amount * 2, amount)
    disb = pl.DataFrame(
        {
            "org_id": b["org_id"].gather(b_idx),
            "date": pl.Series(pay_day).cast(pl.Date),
            "period": np.array(MONTHS)[month],
            "program": b["program"].gather(b_idx),
            "person_id": b["person_id"].gather(b_idx),
            "amount": np.round(amount, 2),
            "account_id": "A" + b["person_id"].gather(b_idx).str.slice(1),
            "handled_by": b["reviewed_by"].gather(b_idx),
        }
    )
    # Duplicates: a few payments booked twice for the same month.
    dup = disb.sample(fraction=0.001, seed=1)
    disb = pl.concat([disb, dup]).sort("org_id", "date", "person_id")
    disb = disb.with_columns(disb_id=ids("WD", disb.height, 9)).select("disb_id", *disb.columns)
    return beneficiaries, disb


def _disclosures(rng, ledger: pl.DataFrame, n_orgs: int) -> pl.DataFrame:
    totals = (
        ledger.filter(pl.col("direction").is_in(["income", "expense"]))
        .group_by("org_id", pl.col("date").dt.strftime("%Y-%m").alias("period"))
        .agg(
            pl.col("amount").filter(pl.col("direction") == "income").sum().round(2).alias("disclosed_income"),
            pl.col("amount")
            .filter(pl.col("direction") == "expense")
            .sum()
            .round(2)
            .alias("disclosed_expense"),
        )
        .sort("org_id", "period")
    )
    n = totals.height
    delay = np.where(rng.random(n) < 0.05, rng.integers(12, 60, n), rng.integers(3, 10, n))
    mismatch = rng.random(n) < 0.02
    keep = rng.random(n) >= 0.02
    finance = (
        totals.with_columns(delay=pl.Series(delay), mismatch=pl.Series(mismatch), keep=pl.Series(keep))
        .filter("keep")
        .select(
            "org_id",
            pl.lit("finance").alias("catalog"),
            pl.lit("income_expense").alias("item"),
            "period",
            (
                (pl.col("period") + "-01").str.to_date().dt.month_end() + pl.duration(days=pl.col("delay"))
            ).alias("published_date"),
            pl.lit("board").alias("channel"),
            "disclosed_income",
            pl.when("mismatch")
            .then((pl.col("disclosed_expense") * 0.9).round(2))
            .otherwise("disclosed_expense")
            .alias("disclosed_expense"),
        )
    )
    # Welfare recipient lists (monthly) and procurement / decision items, to reach ~32 per community.
    org = np.repeat(np.arange(n_orgs), 20)
    item = np.where(np.tile(np.arange(20), n_orgs) < 12, "welfare_recipients", "procurement")
    month = np.tile(np.arange(20), n_orgs) % 12
    skip = rng.random(len(org)) < 0.02
    other = (
        pl.DataFrame(
            {
                "org_id": org_ids(org),
                "catalog": "affairs",
                "item": item,
                "period": np.array(MONTHS)[month],
                "skip": skip,
            }
        )
        .filter(~pl.col("skip"))
        .select(
            "org_id",
            "catalog",
            "item",
            "period",
            ((pl.col("period") + "-01").str.to_date().dt.month_end() + pl.duration(days=5)).alias(
                "published_date"
            ),
            pl.lit("wechat").alias("channel"),
            pl.lit(None, pl.Float64).alias("disclosed_income"),
            pl.lit(None, pl.Float64).alias("disclosed_expense"),
        )
    )
    out = pl.concat([finance, other]).sort("org_id", "period", "item")
    return out.with_columns(disclosure_id=ids("DS", out.height, 8)).select("disclosure_id", *finance.columns)


def _conduct(rng, n_orgs, holder, p_org, p_cat) -> dict[str, pl.DataFrame]:
    n_posts = len(holder)
    post = post_ids(p_org, p_cat)
    # Conduct events: ~2 per community, on cadres, a third verified.
    n_ev = n_orgs * 2
    who = rng.integers(0, n_posts, n_ev)
    events = pl.DataFrame(
        {
            "event_id": ids("E", n_ev, 7),
            "org_id": org_ids(p_org[who]),
            "person_id": ids("P", holder[who]),
            "post_id": post.gather(who),
            "date": dates(rng, n_ev),
            "type": rng.choice(
                ["banquet_hosting", "gift_acceptance", "inaction", "part_time_pay", "other"], n_ev
            ),
            "source": rng.choice(["complaint", "inspection", "hotline"], n_ev),
            "status": rng.choice(["verified", "reported", "dismissed"], n_ev),
            "amount": pl.Series([None] * n_ev, dtype=pl.Float64),
            "description": "核查",
        }
    )
    # Declarations: annual declarations for two years, plus banquet reports and outside jobs.
    late = rng.random(n_posts) < 0.02
    decl = pl.DataFrame(
        {
            "person_id": pl.concat([ids("P", holder), ids("P", holder)]),
            "type": "annual_personal_matters",
            "event_date": [dt.date(2025, 1, 15)] * n_posts + [dt.date(2026, 1, 15)] * n_posts,
            "submitted_date": pl.concat(
                [
                    pl.Series([dt.date(2025, 2, 20)] * n_posts),
                    pl.Series(np.where(late, np.datetime64("2026-06-20"), np.datetime64("2026-02-20"))).cast(
                        pl.Date
                    ),
                ]
            ),
        }
    )
    decl = decl.with_columns(decl_id=ids("DC", decl.height, 8)).select("decl_id", *decl.columns)
    # Complaints: ~8 per community, a few unanswered, some posts with many.
    n_c = n_orgs * 8
    target = np.where(
        rng.random(n_c) < 0.1, (rng.integers(0, n_orgs, n_c) * 7), rng.integers(0, n_posts, n_c)
    )
    cdate = dates(rng, n_c)
    unanswered = rng.random(n_c) < 0.03
    complaints = pl.DataFrame(
        {
            "complaint_id": ids("Q", n_c, 7),
            "org_id": org_ids(p_org[target]),
            "date": cdate,
            "target_post_id": post.gather(target),
            "category": "服务态度",
            "channel": "码上监督",
            "responded_date": masked(cdate + dt.timedelta(days=5), ~unanswered),
            "resolved": ~unanswered,
            "satisfaction": rng.integers(1, 6, n_c),
        }
    )
    evaluations = pl.DataFrame(
        {
            "post_id": post,
            "year": 2025,
            "approval_rate": np.round(np.clip(rng.normal(0.9, 0.05, n_posts), 0, 1), 3),
        }
    )
    task_history = pl.DataFrame(
        {
            "task_id": ["T-0"],
            "post_id": [post[0]],
            "org_id": ["C00000"],
            "rule_id": ["finance.cash_over_limit"],
            "status": ["closed"],
            "closed_on": [dt.date(2026, 3, 1)],
        }
    )
    return {
        "conduct_events": events,
        "declarations": decl,
        "complaints": complaints,
        "evaluations": evaluations,
        "task_history": task_history,
    }


def write(frames: dict[str, pl.DataFrame], out: Path, fmt: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        if fmt == "parquet":
            frame.write_parquet(out / f"{name}.parquet")
        else:
            lists = [c for c, t in frame.schema.items() if isinstance(t, pl.List)]
            frame.with_columns(pl.col(c).list.join(";") for c in lists).write_csv(out / f"{name}.csv")


def dataset(communities: int, fmt: str = "parquet", *, cache: Path = CACHE) -> Path:
    """The folder of a province of ``communities`` in ``fmt``; generated once, then read from the cache."""
    out = cache / f"province-{communities}-v{VERSION}" / fmt
    done = _meta(out, "rows")
    if done.exists():
        return out
    parquet = cache / f"province-{communities}-v{VERSION}" / "parquet"
    if fmt != "parquet" and _meta(parquet, "rows").exists():
        frames = {p.stem: pl.read_parquet(p) for p in parquet.glob("*.parquet")}
    else:
        frames = generate(communities)
    if out.exists():
        shutil.rmtree(out)
    write(frames, out, fmt)
    _meta(out, "arrow").write_text(json.dumps(sum(f.estimated_size() for f in frames.values())))
    done.write_text(json.dumps({name: f.height for name, f in frames.items()}, indent=1))
    return out


def arrow_bytes(folder: Path) -> int:
    """The dataset's size as Arrow (Polars) frames in memory, the yardstick for peak memory."""
    meta = _meta(folder, "arrow")
    if not meta.exists():
        parquet = folder.parent / "parquet"
        size = sum(pl.read_parquet(p).estimated_size() for p in parquet.glob("*.parquet"))
        meta.write_text(json.dumps(size))
    return json.loads(meta.read_text())


def _meta(folder: Path, what: str) -> Path:
    """Where facts about a generated folder are kept: beside it, so the dataset holds only ledgers."""
    return folder.parent / f"{folder.name}.{what}.json"


def rows(folder: Path) -> int:
    return sum(json.loads(_meta(folder, "rows").read_text()).values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communities", type=int, default=800)
    parser.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    args = parser.parse_args()
    start = time.perf_counter()
    folder = dataset(args.communities, args.format)
    counts = json.loads(_meta(folder, "rows").read_text())
    print(f"{folder}: {sum(counts.values()):,} rows in {time.perf_counter() - start:.1f}s")
    for name, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"  {name:15} {n:>12,}")


if __name__ == "__main__":
    main()
