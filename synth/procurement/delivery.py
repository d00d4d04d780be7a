"""Planted delivery problems: the final amount far over the contract, acceptance missing or months late."""

from __future__ import annotations

from datetime import date, timedelta

from .book import Org, ProcurementBook


def plant_overrun(book: ProcurementBook, org: Org, i: int) -> list[str]:
    ratio = book.rng.uniform(1.35, 1.5) if i < 2 else book.rng.uniform(1.13, 1.25)
    return [f"procurements:{book.plain(org, final_ratio=ratio)}"]


def plant_no_acceptance(book: ProcurementBook, org: Org, i: int) -> list[str]:
    if i < 3:  # never accepted: awarded more than 90 days before the as-of date
        return [f"procurements:{book.plain(org, when=book.when(date(2026, 7, 31)), accepted=None)}"]
    award = book.when(date(2026, 6, 30))  # accepted, but 100-150 days after the award
    accepted = award + timedelta(days=book.rng.randint(100, 150))
    return [f"procurements:{book.plain(org, when=award, accepted=accepted)}"]

