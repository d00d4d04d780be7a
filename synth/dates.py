"""The calendar of the synthetic world: the as-of date, the assessed period, working days, birth dates."""

from __future__ import annotations

import functools
import random
from datetime import date, timedelta

import chinese_calendar

AS_OF = date(2026, 11, 30)
PERIOD_START = date(2026, 1, 1)
PERIOD_END = date(2026, 10, 31)
HISTORY_START = date(2025, 1, 1)
# Everybody is born before the data starts, so no payment or event predates its person.
LATEST_BIRTH = HISTORY_START - timedelta(days=1)


def random_date(rng: random.Random, start: date, end: date) -> date:
    """A day in [start, end], every day as likely."""
    return start + timedelta(days=rng.randint(0, (end - start).days))


def birth_date(rng: random.Random, min_age: int, max_age: int) -> date:
    """A birth date giving an age in [min_age, max_age] on AS_OF."""
    earliest = years_before(AS_OF, max_age + 1) + timedelta(days=1)
    latest = years_before(AS_OF, min_age)
    return random_date(rng, earliest, latest)


@functools.cache
def working_days(first_year: int, last_year: int) -> tuple[date, ...]:
    """Sorted working days (Mon-Fri, no statutory holiday) of whole calendar years."""
    day, last = date(first_year, 1, 1), date(last_year, 12, 31)
    days = []
    while day <= last:
        if day.weekday() < 5 and chinese_calendar.is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    return tuple(days)


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def shift_years(born: date, years: int, rng: random.Random) -> date:
    """``born`` moved by ``years`` (positive = later) and a random part of a year."""
    return years_before(born, -years) + timedelta(days=rng.randint(-180, 180))


