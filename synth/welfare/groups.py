"""Planted payment groups: one month paid twice, two households on one account, repeated temporary relief."""

from __future__ import annotations

from datetime import date, timedelta

from .book import Planted, WelfareBook, disb, in_period, month_end, month_str, old_approval


def plant_duplicate_payment(book: WelfareBook, org_id: str) -> Planted:
    """One month of a regular beneficiary paid a second time a few days later."""
    program = book.rng.choice(("dibao", "tekun", "elderly_allowance", "disability_allowance"))
    person = book.person(org_id, program)
    standard = book.standard(program)
    book.enrol(org_id, person, program, old_approval(book), standard=standard)
    paid = book.monthly(org_id, person, program, standard, date(2016, 1, 1))
    month = book.rng.randint(2, 9)
    day, first = next((d, i) for d, i in paid if (d.year, d.month) == (2026, month))
    again = book.pay(
        org_id,
        person,
        program,
        book.world.workday(day + timedelta(days=1), month_end(2026, month)),
        standard,
        period=month_str(2026, month),
    )
    return disb([first, again]), f"{person} 2026-{month:02d} 重复发放"


def plant_shared_account(book: WelfareBook, org_id: str) -> Planted:
    """A second household's allowance paid into the first household's account all along."""
    paid = []
    owner = None
    for _ in range(2):
        program = book.rng.choice(("dibao", "elderly_allowance", "disability_allowance"))
        person = book.person(org_id, program)
        owner = owner or person
        standard = book.standard(program)
        book.enrol(org_id, person, program, old_approval(book), standard=standard)
        paid += book.monthly(
            org_id, person, program, standard, date(2016, 1, 1), account_id=book.account(owner)
        )
    return disb(in_period(paid)), f"账户 {book.account(owner)} 收两户资金"


def plant_repeated_temp_relief(book: WelfareBook, org_id: str) -> Planted:
    """Five or six reliefs within 2026, each small and in its own month."""
    person = book.person(org_id, "temp_relief")
    months = sorted(book.rng.sample(range(1, 11), book.rng.randint(5, 6)))
    days = [book.world.workday(date(2026, m, 1), month_end(2026, m)) for m in months]
    ids = book.temp_relief(org_id, person, days, [float(book.rng.randint(5, 20) * 100) for _ in days])
    return disb(ids), f"{person} 2026 年领取临时救助 {len(ids)} 次"

