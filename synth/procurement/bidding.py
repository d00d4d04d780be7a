"""Planted bidding problems: one bid, too few quotes, equal bids, a close runner-up, lowest passed over."""

from __future__ import annotations

from .book import Org, ProcurementBook


def plant_single_bid(book: ProcurementBook, org: Org, i: int) -> list[str]:
    vendor, amount = book.spare(org), book.money(60_000, 260_000)
    return [f"procurements:{book.plain(org, vendor=vendor, amount=amount, bids=[(vendor, amount)])}"]


def plant_few_quotes(book: ProcurementBook, org: Org, i: int) -> list[str]:
    vendor, amount = book.spare(org), book.money(25_000, 48_000)
    ladder = book.bid_ladder(vendor, amount, 1, pool=org.pool)
    proc = book.plain(org, vendor=vendor, amount=amount, bids=ladder, method="quotation")
    return [f"procurements:{proc}"]


def plant_identical(book: ProcurementBook, org: Org, i: int) -> list[str]:
    vendor, amount = book.spare(org), book.money(60_000, 180_000)
    ladder = book.bid_ladder(vendor, amount, 3, pool=org.pool)
    ladder[3] = (ladder[3][0], ladder[2][1])  # the two highest bidders quote the same price
    return [f"procurements:{book.plain(org, vendor=vendor, amount=amount, bids=ladder)}"]


def plant_close(book: ProcurementBook, org: Org, i: int) -> list[str]:
    vendor, amount = book.spare(org), book.money(60_000, 300_000)
    ladder = book.bid_ladder(vendor, amount, book.rng.randint(2, 3), pool=org.pool)
    gap = max(10.0, round(amount * book.rng.uniform(0.001, 0.005) / 10) * 10)  # 0.1-0.5 %
    ladder[1] = (ladder[1][0], amount + gap)
    return [f"procurements:{book.plain(org, vendor=vendor, amount=amount, bids=ladder)}"]


def plant_passed_over(book: ProcurementBook, org: Org, i: int) -> list[str]:
    lowest, winner, amount = book.spare(org), book.spare(org), book.money(55_000, 170_000)
    price = float(round(amount * (1 + book.rng.uniform(0.05, 0.10)) / 100) * 100)
    ladder = [(lowest, amount)] + book.bid_ladder(winner, price, book.rng.randint(1, 2), pool=[
        v for v in org.pool if v != lowest])
    return [f"procurements:{book.plain(org, vendor=winner, amount=price, bids=ladder)}"]

