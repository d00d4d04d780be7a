"""The official working calendar: statutory holidays, make-up workdays, and years without data."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import polars as pl

from riskengine.data.calendar import coverage_note, is_rest_day, supported_years


def rest_days(dates: list[dt.date | None]) -> list[bool | None]:
    frame = pl.DataFrame({"date": dates}, schema={"date": pl.Date})
    return frame.select(is_rest_day(pl.col("date"))).to_series().to_list()


def test_national_day_is_a_rest_day():
    assert rest_days([dt.date(2026, 10, 1), dt.date(2026, 10, 3)]) == [True, True]


def test_make_up_saturday_is_a_workday():
    saturday = dt.date(2026, 10, 10)
    assert saturday.isoweekday() == 6
    assert saturday in chinese_calendar.workdays  # 调休上班 per the State Council notice
    assert rest_days([saturday]) == [False]


def test_ordinary_days():
    wednesday, sunday = dt.date(2026, 10, 14), dt.date(2026, 10, 18)
    assert (wednesday.isoweekday(), sunday.isoweekday()) == (3, 7)
    assert rest_days([wednesday, sunday, None]) == [False, True, None]


def test_agrees_with_the_package_for_supported_years():
    days = pl.date_range(dt.date(2025, 1, 1), dt.date(2026, 12, 31), eager=True)
    ours = pl.DataFrame({"date": days}).select(is_rest_day(pl.col("date"))).to_series().to_list()
    theirs = [chinese_calendar.is_holiday(day) for day in days.to_list()]
    assert ours == theirs


def test_unsupported_year_falls_back_to_weekends_and_is_noted():
    year = supported_years().stop  # first year the package has no data for
    days = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(7)]
    assert rest_days(days) == [day.isoweekday() >= 6 for day in days]
    note = coverage_note(pl.Series([dt.date(2026, 5, 1), days[0], None], dtype=pl.Date))
    assert note is not None
    assert f"{year} 年的日期仅按周六、周日判断休息日" in note


def test_no_note_when_all_dates_are_covered():
    assert coverage_note(pl.Series([dt.date(2026, 5, 1), None], dtype=pl.Date)) is None
    assert 2026 in supported_years()
