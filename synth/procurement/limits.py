"""Planted ways around the decision limit: split purchases, direct awards, no or a flawed decision."""

from __future__ import annotations

from datetime import date, timedelta

from .book import STEPS, Org, ProcurementBook

SPLIT_TITLES = {"goods": ("办公桌椅采购", "会议室家具采购", "档案柜采购"),
                "works": ("活动室墙面粉刷", "活动室地面翻新", "活动室门窗更换")}


def plant_split(book: ProcurementBook, org: Org, i: int) -> list[str]:
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
    amount = book.money(55_000, 120_000)
    return [f"procurements:{book.plain(org, amount=amount, method='direct', bids=[])}"]


def plant_no_decision(book: ProcurementBook, org: Org, i: int) -> list[str]:
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

