"""What every dataset reader hands to validation: a raw table and what went wrong reading it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

TOTAL_LABEL = r"^(?:本页|本月|本季|本年|全年|年度|总)?(?:合计|总计|小计|累计|共计)[:：]?$"
"""A cell that marks a 合计 (total) or 小计 (subtotal) row of a hand-kept ledger."""

_TOTAL = re.compile(TOTAL_LABEL)


def is_total_label(value: str | None) -> bool:
    """Whether a cell reads 合计, 总计, 本月合计, 小计 … (the label of a total row)."""
    return value is not None and bool(_TOTAL.match(re.sub(r"\s+", "", value)))


@dataclass
class RawTable:
    """A table as read, before validation.

    ``rows`` is the row number of the first data row (the rest follow consecutively) or a
    Series with one row number per frame row. ``rejected`` holds ``(row, field, reason)``
    for rows the reader could not read at all (they count as read and rejected);
    ``problems`` holds ``(field, message)`` for faults of the header that make the whole
    table unusable (a field named by two columns). ``excel`` marks values read from an
    Excel sheet, where a number in a date column is a date serial. ``joined_lines`` counts
    the lines that continue a record above them (a quoted cell spanning lines) and
    ``blank_lines`` the blank lines left out of ``frame`` (blank rows *in* it are dropped by
    validation), so that every line of a file is accounted for.
    """

    frame: pl.DataFrame
    rows: int | pl.Series
    notices: list[str] = field(default_factory=list)
    rejected: list[tuple[int, str | None, str]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    excel: bool = False
    joined_lines: int = 0
    blank_lines: int = 0


class UnreadableFile(Exception):
    """The bytes are not a table of the expected format; the message says why (in Chinese)."""


class EmptyFile(UnreadableFile):
    """The file holds nothing at all (no header either)."""
