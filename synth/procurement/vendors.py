"""Planted vendor problems: a cadre's relative behind the vendor, a brand-new vendor, one vendor for most."""

from __future__ import annotations

from datetime import date, timedelta

from .book import Org, ProcurementBook


def plant_conflict(book: ProcurementBook, org: Org, i: int) -> list[str]:
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
    award = book.when()
    company = book.world.new_company(org_id=org.org_id,
                                     registered_date=award - timedelta(days=book.rng.randint(20, 80)))
    proc = book.plain(org, vendor=company, when=award, amount=book.money(22_000, 46_000),
                      method="quotation")
    return [f"procurements:{proc}", f"companies:{company}"]


def plant_concentration(book: ProcurementBook, org: Org, i: int) -> list[str]:
    vendor, ids = book.spare(org), []
    for month in (2, 4, 6, 8, 10):
        award = book.day(date(2026, month, 1), date(2026, month, 20))
        ids.append(book.plain(org, vendor=vendor, when=award, amount=book.money(180_000, 300_000)))
    return [f"procurements:{p}" for p in ids]

