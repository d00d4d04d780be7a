"""Finance disclosures (财务公开) matching the ledger; planted late, missing and mismatching ones."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from ..dates import AS_OF
from .books import DEADLINE_DAYS, MONTHS, Books, month_end


def disclose(books: Books, quarterly: set[str]) -> dict[tuple[str, str], dict]:
    """Monthly (or, for ``quarterly`` orgs until 2026-09, quarterly) disclosures matching the ledger."""
    world, rng = books.world, books.rng
    totals: dict[tuple[str, date], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in world.tables["ledger"]:
        key = (row["org_id"], row["date"].replace(day=1))
        totals[key][0 if row["direction"] == "income" else 1] += row["amount"]
    made: dict[tuple[str, str], dict] = {}
    for org_id in world.communities:
        for month in MONTHS:
            if month_end(month) + timedelta(days=DEADLINE_DAYS) >= AS_OF:
                continue  # not due yet
            covered = [month]
            if org_id in quarterly and month < date(2026, 10, 1):
                if month.month % 3:
                    continue
                covered = [date(month.year, month.month - k, 1) for k in (2, 1, 0)]
            income = round(sum(totals[(org_id, m)][0] for m in covered), 2)
            expense = round(sum(totals[(org_id, m)][1] for m in covered), 2)
            end = month_end(month)
            made[(org_id, f"{month:%Y-%m}")] = world.add(
                "disclosures",
                {
                    "disclosure_id": world.next_id("DF"),
                    "org_id": org_id,
                    "catalog": "finance",
                    "item": "income_expense",
                    "period": f"{month:%Y-%m}",
                    "published_date": world.workday(
                        end + timedelta(days=1), end + timedelta(days=DEADLINE_DAYS)
                    ),
                    "channel": rng.choice(("board", "wechat", "app")),
                    "disclosed_income": income,
                    "disclosed_expense": expense,
                },
            )
    return made


def plant_disclosures(books: Books, others: list[str], made: dict[tuple[str, str], dict]) -> None:
    """Plant late, missing and mismatching disclosures in ``others`` (four of each)."""
    world, rng = books.world, books.rng
    n = len(others)
    for k, (month, days_late) in enumerate(
        (("2026-02", 12), ("2026-04", 20), ("2026-06", 45), ("2026-08", 38))
    ):
        org_id = others[k % n]
        row = made[(org_id, month)]
        deadline = month_end(date.fromisoformat(f"{month}-01")) + timedelta(days=DEADLINE_DAYS)
        row["published_date"] = deadline + timedelta(days=days_late)
        books.plant("late_disclosure",
            org_id,
            world.post_id(org_id, "finance"),
            [f"disclosures:{row['disclosure_id']}"],
            days_late > 30,
            f"逾期 {days_late} 天",
        )
    # Missing months share no month with the late and mismatch plants, so no plant removes another's row.
    for k, month in enumerate(("2026-01", "2026-05", "2026-07", "2026-10")):
        org_id = others[(k + 4) % n]
        row = made.pop((org_id, month))
        world.tables["disclosures"].remove(row)
        refs = sorted(
            f"ledger:{r['txn_id']}"
            for r in world.tables["ledger"]
            if r["org_id"] == org_id and f"{r['date']:%Y-%m}" == month
        )
        books.plant("missing_disclosure",
            org_id,
            world.post_id(org_id, "finance"),
            refs,
            False,
            f"{month} 未公开",
        )
    for k, month in enumerate(("2026-03", "2026-06", "2026-09", "2026-08")):
        org_id = others[(k + 8) % n]
        row = made[(org_id, month)]
        field = "disclosed_expense" if k % 2 == 0 else "disclosed_income"
        row[field] = round(row[field] * rng.uniform(0.8, 0.95), 2)
        books.plant("disclosure_mismatch",
            org_id,
            world.post_id(org_id, "finance"),
            [f"disclosures:{row['disclosure_id']}"],
            False,
            f"{field} 少报",
        )
