"""The assessed period when none is given: the period the data covers, up to the as-of date.

Defaulting to 1 January of the as-of year silently finds almost nothing when last year's
ledgers are assessed in January; the records' own dates say what the ledgers cover.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from ..messages import text
from .dataset import Dataset
from .records import RecordType


@dataclass(frozen=True)
class Period:
    """The assessed period, both ends inclusive."""

    start: dt.date
    end: dt.date

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


GIVEN = "given"
FROM_DATA = "data"
DEFAULT = "default"


def assessed_period(
    dataset: Dataset, record_types: Mapping[str, RecordType], as_of: dt.date
) -> tuple[Period, str, list[str]]:
    """``(period, how it was chosen, notices)``: min..max of the record dates, capped at ``as_of``.

    Without any dated record the period is 1 January of the as-of year to ``as_of``.
    """
    span = dataset.date_span(record_types)
    if span is None:
        return Period(dt.date(as_of.year, 1, 1), as_of), DEFAULT, []
    start, end = span
    notices = []
    late = _records_after(dataset, record_types, as_of)
    if late:
        notices.append(text("records_after_as_of", n=f"{late:,}", as_of=as_of.isoformat()))
    end = min(end, as_of)
    return Period(min(start, end), end), FROM_DATA, notices


def _records_after(dataset: Dataset, record_types: Mapping[str, RecordType], as_of: dt.date) -> int:
    count = 0
    for name, frame in dataset.frames.items():
        column = record_types[name].date_field if name in record_types else None
        if column and column in frame.columns and frame.schema[column] == pl.Date:
            count += frame.select((pl.col(column) > as_of).sum()).item()
    return int(count)


def describe(period: Period, how: str, as_of: dt.date) -> str:
    """The line printed above every output: the period and as-of date used, and why."""
    reason = {GIVEN: "period_given", FROM_DATA: "period_from_data", DEFAULT: "period_default"}[how]
    return text("period_used", period=str(period), how=text(reason), as_of=as_of.isoformat())

