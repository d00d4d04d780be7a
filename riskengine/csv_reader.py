"""Reading CSV files so that a bad line costs that line and nothing more.

Ledgers arrive as Excel saved them, or as someone edited them by hand: a stray quote, a row
with a field too many, one line pasted in from a GBK file. The file is split into lines and
every line is classified column-wise (Polars): blank, well-formed with as many fields as the
header, or suspect. The well-formed lines go through Polars' CSV parser in one piece; only
the suspect lines are looked at one by one, in Python: a quoted cell that spans lines is
joined back into its record, a line that cannot be read is rejected with its row and why.

Rows are numbered as Excel shows them (the first line of the file is row 1; a record whose
quoted cell spans lines is one row).
"""

from __future__ import annotations

import csv
import io
import re

import polars as pl

from .headers import HEADER_SEARCH_ROWS, find_header, resolve_columns
from .messages import text
from .records import RecordType
from .tabular import EmptyFile, RawTable, is_total_label

_MAX_SPAN = 50  # lines one quoted cell may span before the quote is judged stray
_REPLACEMENT = "\ufffd"


def read_csv(data: bytes, record_type: RecordType | None = None) -> RawTable:
    """A CSV file (UTF-8 with or without BOM, GB18030, or UTF-16 as Excel's "Unicode text").

    Every column comes as text. Lines above the header (a title) are skipped with a notice;
    lines that cannot be read become rejections ``(row, None, reason)``.
    """
    lines, bad_encoding, notices = _decode(data)
    if not lines.str.strip_chars().str.len_bytes().gt(0).any():
        raise EmptyFile(text("file_empty"))
    head = [_parse_line(line) for line in lines.head(HEADER_SEARCH_ROWS).to_list()]
    sep = "\t" if head and _looks_tab_separated(lines, head) else ","
    if sep == "\t":
        head = [_parse_line(line, sep) for line in lines.head(len(head)).to_list()]
    at = find_header([cells or [] for cells in head], record_type)
    while at < len(head) and not head[at]:
        at += 1  # blank lines above a header-less first row
    header = head[at] or []
    skipped = [i + 1 for i in range(at) if head[i]]
    if skipped:
        notices.append(text("title_rows_skipped", rows=_row_list(skipped)))
    columns = resolve_columns(header, record_type)
    body = lines.slice(at + 1)
    table = _Body(body, bad_encoding.slice(at + 1), len(header), sep, first_line=at + 2)
    frame, rows, rejected = table.read(columns.names)
    keep = [c for c in frame.columns if not c.startswith("__unnamed_")]
    dropped = [c for c in frame.columns if c not in keep]
    if dropped and frame.select(pl.any_horizontal(pl.col(dropped).is_not_null()).any()).item():
        notices.append(text("unnamed_columns_ignored", n=len(dropped)))
    return RawTable(
        frame.select(keep), rows, notices=notices, rejected=rejected, problems=columns.problems
    )


def _looks_tab_separated(lines: pl.Series, head: list[list[str] | None]) -> bool:
    first = next((line for line in lines.head(len(head)).to_list() if line.strip()), "")
    return "\t" in first and "," not in first


class _Body:
    """The lines below the header, classified column-wise; suspects are read one by one."""

    def __init__(self, lines: pl.Series, bad_encoding: pl.Series, width: int, sep: str, first_line: int):
        self.lines = lines
        self.width = width
        self.sep = sep
        self.first_line = first_line  # the 1-based line number of lines[0]
        s = re.escape(sep)
        cell = rf'(?:"(?:[^"]|"")*"|[^{s}"\r]*)'
        self.blank = lines.str.contains(rf"^[\s{s}]*$")
        fields = lines.str.replace_all(r'"(?:[^"]|"")*"', "").str.count_matches(s) + 1
        self.bad_encoding = bad_encoding
        self.good = (
            ~self.blank
            & ~bad_encoding
            & lines.str.contains(rf"^{cell}(?:{s}{cell})*$")
            & (fields == width)
        )

    def read(self, names: list[str]) -> tuple[pl.DataFrame, pl.Series, list[tuple[int, str | None, str]]]:
        suspects = (~self.blank & ~self.good).arg_true().to_list()
        continuation = [False] * self.lines.len() if suspects else None
        extra: list[tuple[int, list[str | None]]] = []  # (line index, cells) read here
        problems: list[tuple[int, str]] = []  # (line index, reason)
        if suspects:
            # plain lists: indexing a Series one item at a time is slow
            lines, good, bad = self.lines.to_list(), self.good.to_list(), self.bad_encoding.to_list()
            consumed: set[int] = set()
            for i in suspects:
                if i in consumed:
                    continue
                cells, span, reason = self._salvage(i, lines, good, bad)
                for j in range(i + 1, i + span):
                    consumed.add(j)
                    continuation[j] = True  # type: ignore[index]
                if cells is not None:
                    extra.append((i, cells))
                else:
                    problems.append((i, reason))
        # Excel numbers records, not lines: a cell spanning lines does not shift later rows
        if continuation is None:
            numbers = pl.int_range(self.first_line, self.first_line + self.lines.len(), eager=True)
        else:
            numbers = (~pl.Series(continuation)).cast(pl.Int64).cum_sum() + (self.first_line - 1)
        frame = self._parse_good(names)
        rows = numbers.filter(self.good)
        if extra:
            salvaged = pl.DataFrame(
                [cells for _, cells in extra], schema=dict.fromkeys(names, pl.String), orient="row"
            )
            order = pl.concat([rows, numbers.gather([i for i, _ in extra])]).alias("__row")
            merged = pl.concat([frame, salvaged]).with_columns(order).sort("__row")
            rows, frame = merged.get_column("__row"), merged.drop("__row")
        rejected = [(int(numbers[i]), None, reason) for i, reason in problems]
        return frame, rows.cast(pl.Int64), rejected

    def _parse_good(self, names: list[str]) -> pl.DataFrame:
        schema = dict.fromkeys(names, pl.String)
        good = self.lines.filter(self.good)
        if good.is_empty():
            return pl.DataFrame(schema=schema)
        data = good.str.join("\n").item().encode("utf-8") + b"\n"
        return pl.read_csv(
            data, has_header=False, new_columns=names, schema=schema, separator=self.sep, quote_char='"'
        )

    def _salvage(
        self, i: int, lines: list[str], good: list[bool], bad: list[bool]
    ) -> tuple[list[str | None] | None, int, str]:
        """Read suspect line ``i``: ``(cells, lines spanned, reason when cells is None)``."""
        if bad[i]:
            return None, 1, text("csv_bad_encoding")
        line = lines[i]
        if line.count('"') % 2:  # an open quote: maybe a cell that goes on over the next lines
            parts = [line]
            j = i + 1
            while j < len(lines) and j - i < _MAX_SPAN and not good[j] and not bad[j]:
                nxt = lines[j]
                parts.append(nxt)
                j += 1
                if nxt.count('"') % 2:
                    cells = _parse_line("\n".join(parts), self.sep)
                    if cells is not None and len(cells) == self.width:
                        return _nulls(cells), j - i, ""
                    break
        cells = _parse_line(line, self.sep)
        if cells is None:
            return None, 1, text("csv_bad_quotes")
        if len(cells) == self.width:
            return _nulls(cells), 1, ""
        if len(cells) < self.width and any(is_total_label(c) for c in cells):
            # a short 合计 row: read it so that it is recognised (and skipped) as a total
            return _nulls(cells + [""] * (self.width - len(cells))), 1, ""
        return None, 1, text("csv_field_count", n=len(cells), width=self.width)


def _nulls(cells: list[str]) -> list[str | None]:
    return [c if c != "" else None for c in cells]


def _parse_line(line: str, sep: str = ",") -> list[str] | None:
    """One record parsed strictly, or None when its quotes make no sense; [] for a blank line."""
    if not line.strip():
        return []
    try:
        records = list(csv.reader(io.StringIO(line, newline=""), delimiter=sep, strict=True))
    except csv.Error:
        return None
    if len(records) != 1:
        return None
    return records[0]


def _row_list(rows: list[int]) -> str:
    return "、".join(str(r) for r in rows)


def _decode(data: bytes) -> tuple[pl.Series, pl.Series, list[str]]:
    """Lines of text, which of them could not be decoded, and a notice on the encoding used.

    UTF-8 is expected (with or without BOM). A file that is mostly not UTF-8 is read as
    GB18030 (Excel on Chinese Windows saves "CSV" in the local code page); in a UTF-8 file,
    a line in another encoding is rejected alone, and the other way round.
    """
    notices: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        decoded = data.decode("utf-16", "replace")
        notices.append(text("csv_encoding_used", encoding="UTF-16"))
        lines = _lines(decoded)
        return lines, lines.str.contains(_REPLACEMENT, literal=True), notices
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        lines = _lines(data.decode("utf-8"))
        return lines, pl.Series([False] * lines.len()), notices
    except UnicodeDecodeError:
        pass
    utf8 = _lines(data.decode("utf-8", "replace"))
    broken = utf8.str.contains(_REPLACEMENT, literal=True)
    utf8_text = ~broken & utf8.str.contains(r"[^\x00-\x7f]")
    if broken.sum() > utf8_text.sum():
        local = _lines(data.decode("gb18030", "replace"))
        if local.len() == utf8.len():  # newlines are single bytes in both: lines correspond
            notices.append(text("csv_encoding_used", encoding="GB18030"))
            return local, local.str.contains(_REPLACEMENT, literal=True) | utf8_text, notices
    return utf8, broken, notices


def _lines(decoded: str) -> pl.Series:
    parts = decoded.split("\n")
    if parts and parts[-1] == "":
        parts.pop()
    return pl.Series("line", parts, dtype=pl.String).str.strip_suffix("\r")
