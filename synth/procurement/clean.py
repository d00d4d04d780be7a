"""Clean procurements: awards spread evenly over regular vendors, competition and decisions where due."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ..dates import HISTORY_START, PERIOD_END, PERIOD_START
from .book import LIMIT, TITLES, Org, ProcurementBook


def clean(book: ProcurementBook, org_id: str) -> None:
    """Set up the community's vendors and add its clean awards of 2025 and of the period."""
    pool = sorted(book.world.vendors(org_id))
    org = Org(org_id, book.world.post_id(org_id, "procurement"), pool,
              book.rng.sample(pool, book.rng.randint(6, 8)))
    book.orgs[org_id] = org
    for start, end, n in ((HISTORY_START, date(2025, 12, 31), book.rng.randint(5, 8)),
                          (PERIOD_START, PERIOD_END, book.rng.randint(13, 18))):
        plans = []
        for _ in range(n):
            category = book.rng.choice(sorted(TITLES))
            title, lo, hi = book.rng.choice(TITLES[category])
            plans.append((book.money(lo, hi), book.day(start, end), title, category))
        spend: dict[str, float] = defaultdict(float)
        # Largest first, each to the regular vendor with the least spend so far: shares stay even.
        for amount, when, title, category in sorted(plans, reverse=True):
            vendor = pick_vendor(book, org, spend, when, category, amount)
            spend[vendor] += amount
            clean_award(book, org, when, title, category, amount, vendor)


def pick_vendor(book: ProcurementBook, org: Org, spend: dict[str, float], when: date, category: str,
                amount: float) -> str:
    """The regular vendor with the least spend so far that no small purchase would make a split."""
    def free(vendor: str) -> bool:  # no small purchase of the category within 31 days: no split
        return amount >= LIMIT or all(abs((when - d).days) > 31 for d in org.small[(vendor, category)])
    candidates = [v for v in org.regulars if free(v)] or [v for v in org.pool if free(v)]
    return min(candidates, key=lambda v: (spend[v], book.rng.random()))


def clean_award(book: ProcurementBook, org: Org, when: date, title: str, category: str, amount: float,
                vendor: str) -> None:
    """A direct award below 20,000 (or half the time below the limit), else a tender or quotation."""
    if amount < 20_000 or (amount < LIMIT and book.rng.random() < 0.5):
        book.award(org, when=when, title=title, category=category, amount=amount, method="direct",
                   vendor=vendor)
        return
    ladder = book.bid_ladder(vendor, amount, book.rng.randint(2, 4), pool=org.pool)
    book.award(org, when=when, title=title, category=category, amount=amount,
               method=book.competitive(amount), vendor=vendor, bids=ladder)

