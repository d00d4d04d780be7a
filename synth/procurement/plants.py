"""The planted procurement violations, one function per rule: ``plant_<rule>(book, org, i)`` adds the
``i``-th plant of its rule in ``org`` on a new award and returns the records the finding will name.

They are grouped as the procurement plugin groups its detectors: ways around the collective-decision
limit, the bidding, the choice of vendor, and the delivery.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..steps import STEPS
from .book import Org, ProcurementBook

SPLIT_TITLES = {"goods": ("办公桌椅采购", "会议室家具采购", "档案柜采购"),
                "works": ("活动室墙面粉刷", "活动室地面翻新", "活动室门窗更换")}


# ------------------------------------------------------------------ around the decision limit


def plant_split(book: ProcurementBook, org: Org, i: int) -> list[str]:
    """Three direct awards to one vendor within weeks that together pass the limit."""
    category = ("goods", "works")[i % 2]
    vendor, first = book.spare(org), book.day(date(2026, 2, 1), date(2026, 8, 31))
    ids, when = [], first
    for title in SPLIT_TITLES[category]:
        amount = book.money(17_500, 24_000)  # three of these always reach 50,000
        ids.append(book.award(org, when=when, title=title, category=category, amount=amount,
                              method="direct", vendor=vendor))
        when = book.day(when + timedelta(days=5), when + timedelta(days=11))
    return [f"procurements:{p}" for p in ids]


def plant_direct(book: ProcurementBook, org: Org, i: int) -> list[str]:
    """A direct award over the limit."""
    amount = book.money(55_000, 120_000)
    return [f"procurements:{book.plain(org, amount=amount, method='direct', bids=[])}"]


def plant_no_decision(book: ProcurementBook, org: Org, i: int) -> list[str]:
    """An award over the limit with no resolution, an incomplete one, or one decided after it."""
    award, amount = book.when(), book.money(60_000, 160_000)
    title = book.title_for("works", amount)
    if i % 4 == 0:
        rid = None
    elif i % 4 == 1:
        rid = book.resolution(org, title, amount, award, steps=STEPS[:2] + STEPS[3:5])
    else:
        rid = book.resolution(org, title, amount, award, late_days=book.rng.randint(5, 20))
    proc = book.plain(org, when=award, amount=amount, resolution=rid, title=title, category="works")
    return [f"procurements:{proc}"] + ([f"resolutions:{rid}"] if rid else [])


# ------------------------------------------------------------------ bidding


def plant_single_bid(book: ProcurementBook, org: Org, i: int) -> list[str]:
    """A competitive award with one bid."""
    vendor, amount = book.spare(org), book.money(60_000, 260_000)
    return [f"procurements:{book.plain(org, vendor=vendor, amount=amount, bids=[(vendor, amount)])}"]


def plant_few_quotes(book: ProcurementBook, org: Org, i: int) -> list[str]:
    """A quotation with two quotes."""
    vendor, amount = book.spare(org), book.money(25_000, 48_000)
    ladder = book.bid_ladder(vendor, amount, 1, pool=org.pool)
    proc = book.plain(org, vendor=vendor, amount=amount, bids=ladder, method="quotation")
    return [f"procurements:{proc}"]


def plant_identical(book: ProcurementBook, org: Org, i: int) -> list[str]:
    """Two losing bidders quoting the same price."""
    vendor, amount = book.spare(org), book.money(60_000, 180_000)
    ladder = book.bid_ladder(vendor, amount, 3, pool=org.pool)
    ladder[3] = (ladder[3][0], ladder[2][1])  # the two highest bidders quote the same price
    return [f"procurements:{book.plain(org, vendor=vendor, amount=amount, bids=ladder)}"]


def plant_close(book: ProcurementBook, org: Org, i: int) -> list[str]:
    """A runner-up 0.1-0.5 % above the winner."""
    vendor, amount = book.spare(org), book.money(60_000, 300_000)
    ladder = book.bid_ladder(vendor, amount, book.rng.randint(2, 3), pool=org.pool)
    gap = max(10.0, round(amount * book.rng.uniform(0.001, 0.005) / 10) * 10)  # 0.1-0.5 %
    ladder[1] = (ladder[1][0], amount + gap)
    return [f"procurements:{book.plain(org, vendor=vendor, amount=amount, bids=ladder)}"]


def plant_passed_over(book: ProcurementBook, org: Org, i: int) -> list[str]:
    """The lowest bid passed over for one 5-10 % higher."""
    lowest, winner, amount = book.spare(org), book.spare(org), book.money(55_000, 170_000)
    price = float(round(amount * (1 + book.rng.uniform(0.05, 0.10)) / 100) * 100)
    ladder = [(lowest, amount)] + book.bid_ladder(winner, price, book.rng.randint(1, 2), pool=[
        v for v in org.pool if v != lowest])
    return [f"procurements:{book.plain(org, vendor=winner, amount=price, bids=ladder)}"]


# ------------------------------------------------------------------ the vendor


def plant_conflict(book: ProcurementBook, org: Org, i: int) -> list[str]:
    """An award to a company of the procurement post holder's relative."""
    cadre = book.world.holder(org.post)
    relative = book.world.relative(cadre, ("sibling", "spouse", "child", "in_law", "sibling")[i % 5])
    registered = date(2016 + i, 3 + i, 10)
    if i % 2:  # the relative as shareholder behind an unrelated legal representative
        company = book.world.new_company(legal_rep_id=book.world.new_person(org.org_id),
                                         shareholder_ids=[relative], registered_date=registered)
    else:
        company = book.world.new_company(legal_rep_id=relative, registered_date=registered)
    proc = book.plain(org, vendor=company, amount=book.money(26_000, 48_000), method="quotation")
    return [f"procurements:{proc}", f"companies:{company}"]


def plant_new_vendor(book: ProcurementBook, org: Org, i: int) -> list[str]:
    """An award to a company registered weeks before it."""
    award = book.when()
    company = book.world.new_company(org_id=org.org_id,
                                     registered_date=award - timedelta(days=book.rng.randint(20, 80)))
    proc = book.plain(org, vendor=company, when=award, amount=book.money(22_000, 46_000),
                      method="quotation")
    return [f"procurements:{proc}", f"companies:{company}"]


def plant_concentration(book: ProcurementBook, org: Org, i: int) -> list[str]:
    """Five large awards to one vendor in one year."""
    vendor, ids = book.spare(org), []
    for month in (2, 4, 6, 8, 10):
        award = book.day(date(2026, month, 1), date(2026, month, 20))
        ids.append(book.plain(org, vendor=vendor, when=award, amount=book.money(180_000, 300_000)))
    return [f"procurements:{p}" for p in ids]


# ------------------------------------------------------------------ delivery


def plant_overrun(book: ProcurementBook, org: Org, i: int) -> list[str]:
    """An award settled 13-50 % over the contract."""
    ratio = book.rng.uniform(1.35, 1.5) if i < 2 else book.rng.uniform(1.13, 1.25)
    return [f"procurements:{book.plain(org, final_ratio=ratio)}"]


def plant_no_acceptance(book: ProcurementBook, org: Org, i: int) -> list[str]:
    """An award never accepted, or accepted 100-150 days after it."""
    if i < 3:  # never accepted: awarded more than 90 days before the as-of date
        return [f"procurements:{book.plain(org, when=book.when(date(2026, 7, 31)), accepted=None)}"]
    award = book.when(date(2026, 6, 30))  # accepted, but 100-150 days after the award
    accepted = award + timedelta(days=book.rng.randint(100, 150))
    return [f"procurements:{book.plain(org, when=award, accepted=accepted)}"]
