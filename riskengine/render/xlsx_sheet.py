"""One helper to write a readable table sheet with xlsxwriter; every workbook of riskengine uses it.

A sheet gets: a bold header row that stays in view (frozen), a filter on every column, column
widths computed from the display width of the content (a Chinese character counts two; capped,
long text wraps), and dates written as real Excel dates. Workbooks are reproducible: the
``created`` property is fixed by the caller, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter

MIN_WIDTH = 6
MAX_WIDTH = 60
DATE_FORMAT = "yyyy-mm-dd"


def display_width(value: object) -> int:
    """Terminal/Excel display width of ``value``'s longest line: wide (CJK) characters count two."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    lines = str(value).split("\n")
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines)


@dataclass(frozen=True)
class Column:
    """A column: its header and how its cells are written (``text``, ``number``, ``int``, ``date``, or
    ``auto``: by the value's Python type)."""

    header: str
    kind: str = "text"
    max_width: int = MAX_WIDTH


class Book:
    """An in-memory workbook with shared formats; ``close()`` returns its bytes."""

    def __init__(self, created: dt.datetime):
        self._buffer = io.BytesIO()
        options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                   "strings_to_urls": False}
        self.workbook = xlsxwriter.Workbook(self._buffer, options)
        self.workbook.set_properties({"created": created})
        self.header = self.workbook.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1,
                                                 "valign": "top", "text_wrap": True})
        self.wrap = self.workbook.add_format({"text_wrap": True, "valign": "top"})
        self.date = self.workbook.add_format({"num_format": DATE_FORMAT, "valign": "top"})
        self.number = self.workbook.add_format({"valign": "top"})
        self.integer = self.workbook.add_format({"num_format": "0", "valign": "top"})

    def table(self, name: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]], *,
              autofilter: bool = True) -> None:
        """A sheet ``name`` with a frozen header row, a filter and computed column widths."""
        sheet = self.workbook.add_worksheet(name)
        for col, column in enumerate(columns):
            sheet.write_string(0, col, column.header, self.header)
        for r, row in enumerate(rows, start=1):
            for col, (column, value) in enumerate(zip(columns, row, strict=True)):
                self._cell(sheet, r, col, column.kind, value)
        for col, column in enumerate(columns):
            content = max((display_width(row[col]) for row in rows), default=0)
            width = min(max(content, display_width(column.header), MIN_WIDTH), column.max_width) + 2
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
        if autofilter and columns:
            sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)

    def close(self) -> bytes:
        self.workbook.close()
        return self._buffer.getvalue()

    def _cell(self, sheet, row: int, col: int, kind: str, value: Any) -> None:
        if value is None or value == "":
            sheet.write_blank(row, col, None, self.wrap)
        elif kind == "auto" and isinstance(value, dt.date):
            self._cell(sheet, row, col, "date", value)
        elif kind == "auto" and isinstance(value, int | float):
            self._cell(sheet, row, col, "int" if isinstance(value, int) else "number", value)
        elif kind == "date":
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
            sheet.write_datetime(row, col, dt.datetime(day.year, day.month, day.day), self.date)
        elif kind in ("number", "int"):
            sheet.write_number(row, col, value, self.integer if kind == "int" else self.number)
        else:
            sheet.write_string(row, col, str(value), self.wrap)
