"""Planted payment violations: paid after death or exit, paid without enrolment, paid over the standard."""

from __future__ import annotations

from datetime import date

from .book import Planted, WelfareBook, ben, disb, in_period, old_approval


def plant_paid_after_death(book: WelfareBook, org_id: str) -> Planted:
    """Payments go on for 1-3 months after a death nobody registered."""
    program = book.rng.choice(("dibao", "elderly_allowance"))
    person = book.person(org_id, program)
    death = book.random_day(date(2026, 3, 1), date(2026, 7, 31))
    book.world.person(person)["death_date"] = death
    standard = book.standard(program)
    book.enrol(org_id, person, program, old_approval(book), standard=standard)
    stop = book.stop_after(org_id, death, book.rng.randint(1, 3))
    paid = book.monthly(org_id, person, program, standard, date(2016, 1, 1), stop)
    after = [i for d, i in paid if d > death]
    return [*disb(after), f"persons:{person}"], f"{person} 于 {death} 死亡后仍发放 {len(after)} 笔"


def plant_paid_after_exit(book: WelfareBook, org_id: str) -> Planted:
    """The record exits, the payments do not stop for 1-3 months."""
    program = book.rng.choice(("dibao", "tekun", "disability_allowance"))
    person = book.person(org_id, program)
    exit_date = book.random_day(date(2026, 3, 1), date(2026, 7, 31))
    standard = book.standard(program)
    book.enrol(org_id, person, program, old_approval(book), exit_date=exit_date, standard=standard)
    stop = book.stop_after(org_id, exit_date, book.rng.randint(1, 3))
    paid = book.monthly(org_id, person, program, standard, date(2016, 1, 1), stop)
    after = [i for d, i in paid if d > exit_date]
    return [*disb(after), ben(person, program)], f"{person} 于 {exit_date} 退出后仍发放 {len(after)} 笔"


def plant_not_enrolled(book: WelfareBook, org_id: str) -> Planted:
    """Paid with no enrolment record (3 of 5), or paid months before the approval (2 of 5)."""
    standard = book.standard("dibao")
    person = book.person(org_id, "dibao")
    if book.seq("not_enrolled") % 5 < 3:
        first = book.rng.randint(2, 7)
        paid = book.monthly(
            org_id,
            person,
            "dibao",
            standard,
            date(2026, first, 1),
            date(2026, first + book.rng.randint(2, 3), 1),
        )
        return disb([i for _, i in paid]), f"{person} 无低保记录却发放"
    approved = book.random_day(date(2026, 6, 1), date(2026, 7, 31))
    book.enrol(org_id, person, "dibao", approved, standard=standard)
    paid = book.monthly(org_id, person, "dibao", standard, date(2026, book.rng.randint(2, 4), 1))
    early = [i for d, i in paid if d < approved]
    return [*disb(early), ben(person, "dibao")], f"{person} 审批（{approved}）前已发放"


def plant_over_standard(book: WelfareBook, org_id: str) -> Planted:
    """One month paid well above the standard, or (1 of 5) a relief above the one-off cap."""
    if book.seq("over_standard") % 5 == 4:
        person = book.person(org_id, "temp_relief")
        day = book.world.workday(date(2026, 2, 1), date(2026, 9, 30))
        [disb_id] = book.temp_relief(org_id, person, [day], [float(book.rng.randint(60, 90) * 100)])
        return [*disb([disb_id]), ben(person, "temp_relief")], f"{person} 临时救助超单次上限"
    program = book.rng.choice(("dibao", "tekun"))
    person = book.person(org_id, program)
    standard = book.standard(program)
    book.enrol(org_id, person, program, old_approval(book), standard=standard)
    paid = book.monthly(org_id, person, program, standard, date(2016, 1, 1))
    disb_id = book.rng.choice(in_period(paid))
    book.rows[disb_id]["amount"] = standard + book.rng.randint(20, 80) * 10
    return [*disb([disb_id]), ben(person, program)], f"{person} 单月超标准发放"

