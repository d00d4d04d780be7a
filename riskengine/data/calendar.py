"""China's official working calendar (法定节假日与调休), column-wise.

Whether a day is a rest day is decided by the State Council's yearly notice, not by the weekday
alone: Golden Week days are rest days, and some Saturdays or Sundays are make-up workdays (调休上班).
The dates come from the ``chinese_calendar`` package's ``holidays`` and ``workdays`` tables; years
the package does not cover fall back to plain weekends, and :func:`coverage_note` says so.
"""

from __future__ import annotations

import chinese_calendar
import polars as pl

from ..messages import text

# The package's own tables: statutory holidays (including the weekend days inside a holiday
# block) and the weekend days that are official make-up workdays.
_HOLIDAYS = pl.Series("holidays", sorted(chinese_calendar.holidays), dtype=pl.Date)
_WORKDAYS = pl.Series("workdays", sorted(chinese_calendar.workdays), dtype=pl.Date)
# The package raises for years outside its holidays table; we mirror its notion of "supported".
_FIRST_YEAR = min(chinese_calendar.holidays).year
_LAST_YEAR = max(chinese_calendar.holidays).year


def supported_years() -> range:
    """The years for which statutory holidays and make-up workdays are known."""
    return range(_FIRST_YEAR, _LAST_YEAR + 1)


def is_rest_day(date_expr: pl.Expr) -> pl.Expr:
    """Boolean expression: the date is a statutory holiday, or a weekend day that is not a make-up workday.

    Null dates give null. Dates outside :func:`supported_years` are judged by the weekday alone.
    """
    weekend = date_expr.dt.weekday() >= 6  # ISO weekday: 6 = Saturday, 7 = Sunday
    return (
        pl.when(date_expr.is_in(_HOLIDAYS.implode()))
        .then(pl.lit(True))
        .when(date_expr.is_in(_WORKDAYS.implode()))
        .then(pl.lit(False))
        .otherwise(weekend)
    )


def is_workday(date_expr: pl.Expr) -> pl.Expr:
    """Boolean expression: the negation of :func:`is_rest_day` (null dates stay null)."""
    return ~is_rest_day(date_expr)


def coverage_note(dates: pl.Series) -> str | None:
    """A note when some dates fall outside the years the holiday tables cover, else None."""
    years = dates.drop_nulls().dt.year().unique().sort()
    outside = [int(y) for y in years.filter((years < _FIRST_YEAR) | (years > _LAST_YEAR)).to_list()]
    if not outside:
        return None
    listed = text("list_separator_short").join(str(y) for y in outside)
    return text("calendar_coverage", first=_FIRST_YEAR, last=_LAST_YEAR, years=listed)
