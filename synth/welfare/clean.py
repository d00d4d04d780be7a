"""Clean welfare data: beneficiaries who are nobody's relatives, paid the standard until they die or exit."""

from __future__ import annotations

from datetime import date, timedelta

from ..dates import HISTORY_START
from .book import WelfareBook, month_end

PROGRAM_MIX = (
    ("dibao", 35),
    ("tekun", 10),
    ("elderly_allowance", 30),
    ("disability_allowance", 15),
    ("temp_relief", 10),
)


def clean_beneficiary(book: WelfareBook, org_id: str) -> None:
    """One clean beneficiary (sometimes a couple, sometimes two programmes) with their payments."""
    program = book.rng.choices([p for p, _ in PROGRAM_MIX], weights=[w for _, w in PROGRAM_MIX])[0]
    if program == "temp_relief":
        _clean_temp_relief(book, org_id)
        return
    person = book.person(org_id, program)
    _clean_monthly(book, org_id, person, program)
    if program == "elderly_allowance" and book.rng.random() < 0.25:  # spouse in the same household
        household = book.world.person(person)["household_id"]
        _clean_monthly(book, org_id, book.person(org_id, program, household), program)
    elif program == "dibao" and book.rng.random() < 0.15:  # 低保 member also disabled
        _clean_monthly(book, org_id, person, "disability_allowance")

def _clean_monthly(book: WelfareBook, org_id: str, person: str, program: str) -> None:
    approved = (
        book.random_day(date(2016, 1, 1), date(2024, 12, 31))
        if book.rng.random() < 0.7
        else book.random_day(HISTORY_START, date(2026, 9, 30))
    )
    stop = exit_date = None
    fate = book.rng.random() if approved < date(2026, 6, 1) else 1.0
    if fate < 0.08 and program == "elderly_allowance":  # dies; exit registered a few days later
        death = book.random_day(max(approved, HISTORY_START) + timedelta(days=40), date(2026, 10, 20))
        book.world.person(person)["death_date"] = death
        stop, exit_date = death, death + timedelta(days=book.rng.randint(0, 20))
    elif fate < 0.15:
        exit_date = book.random_day(max(approved, HISTORY_START) + timedelta(days=40), date(2026, 10, 20))
        stop = exit_date
    standard = book.standard(program)
    book.enrol(org_id, person, program, approved, exit_date=exit_date, standard=standard)
    book.monthly(org_id, person, program, standard, approved, stop)

def _clean_temp_relief(book: WelfareBook, org_id: str) -> None:
    """At most two reliefs a calendar year, in different months: never more than 4 in 12 months."""
    person = book.person(org_id, "temp_relief")
    days = []
    for year, last_month in ((2025, 12), (2026, 10)):
        months = sorted(book.rng.sample(range(1, last_month + 1), book.rng.randint(0, 2)))
        days += [book.world.workday(date(year, m, 1), month_end(year, m)) for m in months]
    if not days:
        days = [book.world.workday(date(2025, 6, 1), date(2025, 6, 30))]
    book.temp_relief(org_id, person, days)
