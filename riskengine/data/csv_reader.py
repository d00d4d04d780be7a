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
import itertools
import re

import polars as pl

from ..messages import text
from .headers import HEADER_SEARCH_ROWS, find_header, resolve_columns
from .records import RecordType
from .tabular import EmptyFile, RawTable, UnreadableFile, is_total_label

_MAX_SPAN = 50  # lines one quoted cell may span before the quote is judged stray
_REPLACEMENT = "\ufffd"
_REPLACEMENT_BYTES = re.compile(_REPLACEMENT.encode("utf-8"))


def read_csv(data: bytes, record_type: RecordType | None = None) -> RawTable:
    """A CSV file (UTF-8 with or without BOM, GB18030, or UTF-16 as Excel's "Unicode text").

    Every column comes as text. Lines above the header (a title) are skipped with a notice;
    lines that cannot be read become rejections ``(row, None, reason)``.
    """
    clean = _read_clean(data, record_type)
    if clean is not None:
        return clean
    data, raw_lines, bad_encoding, notices = _decode(data)
    lines = raw_lines.str.strip_suffix("\r")
    if not lines.str.strip_chars().str.len_bytes().gt(0).any():
        raise EmptyFile(text("file_empty"))
    sep, at, header, columns = _header(lines.head(HEADER_SEARCH_ROWS).to_list(), record_type, notices)
    # byte lengths of the lines as stored, to find them in the file (exact unless bytes were replaced)
    replaced = raw_lines.str.contains(_REPLACEMENT, literal=True).any()
    lengths = None if replaced else raw_lines.str.len_bytes()
    body = _Body(data, lines, bad_encoding, at, len(header), sep, lengths)
    frame, rows, rejected = body.read(columns.names)
    return _table(frame, rows, notices, rejected, columns, body.joined)


def _read_clean(data: bytes, record_type: RecordType | None) -> RawTable | None:
    """The file read in one pass when it is clean, else None (then every line is classified).

    Most files are clean: UTF-8, and one record per line with as many fields as the header.
    Proving that costs far less than classifying every line: Polars' strict parse fails on a
    line with too many fields, broken quotes or bytes that are not UTF-8, and its row count
    shows quoted cells that span lines. A line with too few fields is then the only fault left:
    without quotes, the separators in the file show there is none; otherwise it comes out with
    an empty last column, and only such lines (and lines with quotes) are checked as the
    careful path would check them.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"\xbd" in data and _REPLACEMENT_BYTES.search(data)):
        return None  # UTF-16, or a U+FFFD that the careful path takes for a line it could not decode
    data = data.removeprefix(b"\xef\xbb\xbf")
    top = _first_lines(data, HEADER_SEARCH_ROWS)
    if top is None:
        return None
    notices: list[str] = []
    try:
        sep, at, header, columns = _header(top, record_type, notices)
    except UnreadableFile:
        return None
    try:
        frame = pl.read_csv(
            data,
            has_header=False,
            skip_rows=at + 1,
            schema=dict.fromkeys(columns.names, pl.String),
            separator=sep,
            quote_char='"',
            encoding="utf8",  # strict: a line in another encoding fails the parse
        )
    except Exception:  # noqa: BLE001 - a line the careful path has to look at
        return None
    quoted = b'"' in data
    # One row per line: a quoted cell can span lines, and a lone CR may end one. Without
    # either, Polars gives one row per line (blank lines as empty rows), as the careful path.
    if quoted or b"\r" in data:
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        if frame.height != lines - at - 1:
            return None
    if not quoted and _separators_below(data, at, sep) == (len(header) - 1) * frame.height:
        # No line has more separators than the header (the strict parse would have failed)
        # and together they have as many as a full line each: every line has all its fields.
        return _table(frame, 1 + at + 1, notices, [], columns, 0)
    doubtful = frame.select(pl.col(frame.columns[-1]).is_null()).to_series() if frame.width else None
    if quoted or (doubtful is not None and doubtful.any()):
        lines = split_lines(data).str.strip_suffix("\r").slice(at + 1)
        if lines.len() != frame.height:
            return None
        check = lines.str.contains('"', literal=True)
        if doubtful is not None:
            check = check | doubtful
        blank, well_formed = _classify(lines.filter(check), len(header), sep)
        if not (blank | well_formed).all():
            return None
    return _table(frame, 1 + at + 1, notices, [], columns, 0)


def _classify(lines: pl.Series, width: int, sep: str) -> tuple[pl.Series, pl.Series]:
    """``(blank, well formed)`` per line: blank = only whitespace and separators; well formed =
    quoting that makes sense and exactly ``width`` cells, checked in one regex pass."""
    s = re.escape(sep)
    blank = lines.str.contains(rf"^[\s{s}]*$")
    cell = rf'(?:"(?:[^"]|"")*"|[^{s}"]*)'
    # empty cells past the last column (a trailing comma, Excel's used range) are layout
    shape = rf"^{cell}(?:{s}{cell}){{{max(width - 1, 0)}}}(?:{s}[ \t]*)*$"
    return blank, lines.str.contains(shape)


def _separators_below(data: bytes, at: int, sep: str) -> int:
    """How many separators the lines below line ``at`` (the header) hold."""
    start = -1
    for _ in range(at + 1):
        start = data.find(b"\n", start + 1)
        if start < 0:
            return 0
    return data.count(sep.encode("utf-8"), start + 1)


def _first_lines(data: bytes, n: int) -> list[str] | None:
    """The first ``n`` lines as :func:`split_lines` gives them, without splitting the whole file;
    None unless they are UTF-8 and not all blank (the careful path decides then)."""
    end = -1
    for _ in range(n):
        end = data.find(b"\n", end + 1)
        if end < 0:
            break
    head = data if end < 0 else data[: end + 1]
    try:
        if not head.decode("utf-8").strip():
            return None
    except UnicodeDecodeError:
        return None
    return split_lines(head).str.strip_suffix("\r").head(n).to_list()


def _header(top: list[str], record_type: RecordType | None, notices: list[str]):
    """``(separator, header line index, header cells, resolved columns)`` from the top lines."""
    sep = _separator(top)
    head = [_parse_line(line, sep) for line in top]
    at = find_header([cells or [] for cells in head], record_type)
    while at < len(head) and not head[at]:
        at += 1  # blank lines above a header-less first row
    header = head[at] if at < len(head) else None
    skipped = [i + 1 for i in range(at) if head[i]]
    if skipped:
        notices.append(text("title_rows_skipped", rows=_row_list(skipped)))
    columns = resolve_columns(header or [], record_type)
    if header is None:
        raise UnreadableFile(text("csv_bad_header", row=at + 1))
    return sep, at, header, columns


def _table(frame, rows, notices, rejected, columns, joined) -> RawTable:
    """The raw table, without columns the header left unnamed (a notice says when they held data)."""
    keep = [c for c in frame.columns if not c.startswith("__unnamed_")]
    dropped = [c for c in frame.columns if c not in keep]
    if dropped and frame.select(pl.any_horizontal(pl.col(dropped).is_not_null()).any()).item():
        notices.append(text("unnamed_columns_ignored", n=len(dropped)))
    return RawTable(
        frame.select(keep),
        rows,
        notices=notices,
        rejected=rejected,
        problems=columns.problems,
        joined_lines=joined,
    )


def _separator(top: list[str]) -> str:
    """``,`` unless the first line has none but has tabs (Excel's "Unicode text") or ``;``."""
    first = next((line for line in top if line.strip()), "")
    if "," in first:
        return ","
    return next((sep for sep in ("\t", ";") if sep in first), ",")


class _Body:
    """The lines below the header, classified column-wise; suspects are read one by one.

    ``data`` is the file as UTF-8 and ``lines`` its lines (as Polars split them); the header
    is line ``at`` (0-based). Good lines are parsed by Polars straight from ``data``, with
    the suspect lines blanked out so that every line still gives exactly one row.
    """

    def __init__(
        self,
        data: bytes,
        lines: pl.Series,
        bad_encoding: pl.Series,
        at: int,
        width: int,
        sep: str,
        lengths: pl.Series | None = None,
    ):
        self.data = data
        self.lengths = lengths
        self.at = at
        self.lines = lines.slice(at + 1)
        self.width = width
        self.sep = sep
        self.first_line = at + 2  # the 1-based line number of self.lines[0]
        self.joined = 0  # lines that continue the record above them
        self.bad_encoding = bad_encoding.slice(at + 1)
        self.blank, well_formed = _classify(self.lines, width, sep)
        self.good = ~self.blank & ~self.bad_encoding & well_formed

    def read(self, names: list[str]) -> tuple[pl.DataFrame, pl.Series | int, list[tuple[int, str | None, str]]]:  # noqa: E501
        """``(frame, row numbers, rejected lines)``; blank lines come as all-null rows."""
        suspects = (~self.blank & ~self.good).arg_true().to_list()
        if not suspects:
            frame = self._parse(self.data, names)
            if frame is not None:
                return frame, self.first_line, []
        continuation = [False] * self.lines.len()
        salvaged: list[tuple[int, list[str | None]]] = []  # (line index, cells) read here
        problems: list[tuple[int, str]] = []  # (line index, reason)
        blanked = [False] * self.lines.len()
        if suspects:
            good, bad = self.good.to_list(), self.bad_encoding.to_list()
            every = self.lines.to_list() if len(suspects) > 1000 else None  # many: index a list
            for i in suspects:
                if blanked[i]:
                    continue  # a line of a cell that spans lines, already read
                if every is not None:
                    window = every[i : i + _MAX_SPAN]
                else:
                    window = self.lines.slice(i, _MAX_SPAN).to_list()
                cells, span, reason = self._salvage(i, window, good, bad)
                for j in range(i, i + span):
                    blanked[j] = True
                    continuation[j] = j > i
                if cells is not None:
                    salvaged.append((i, cells))
                else:
                    problems.append((i, reason))
        # Excel numbers records, not lines: a cell spanning lines does not shift later rows
        numbers = (~pl.Series(continuation)).cast(pl.Int64).cum_sum() + (self.first_line - 1)
        self.joined = sum(continuation)
        frame = self._parse(self._blank_out(blanked), names)
        if frame is None:  # Polars did not give one row per line: parse the good lines alone
            kept = self.good | self.blank
            frame, rows = self._parse_good(names, kept), numbers.filter(kept)
        else:
            kept = ~pl.Series(blanked)
            frame, rows = frame.filter(kept), numbers.filter(kept)
        if salvaged:
            extra = pl.DataFrame(
                [cells for _, cells in salvaged], schema=dict.fromkeys(names, pl.String), orient="row"
            )
            order = pl.concat([rows, numbers.gather([i for i, _ in salvaged])]).alias("__row")
            merged = pl.concat([frame, extra]).with_columns(order).sort("__row")
            rows, frame = merged.get_column("__row"), merged.drop("__row")
        rejected = [(int(numbers[i]), None, reason) for i, reason in problems]
        return frame, rows.cast(pl.Int64), rejected

    def _blank_out(self, blanked: list[bool]) -> bytes:
        """The file with the marked lines of the body replaced by spaces (blank rows)."""
        if not any(blanked):
            return self.data
        buffer = bytearray(self.data)
        marked = pl.Series(blanked).arg_true().to_list()
        if self.lengths is not None:
            ends = (self.lengths + 1).cum_sum()  # ends[k]: where line k + 1 starts
            starts = ends.gather([self.at + i for i in marked]).to_list()
            sizes = self.lengths.gather([self.at + 1 + i for i in marked]).to_list()
            offsets = {i: (start, start + size) for i, start, size in zip(marked, starts, sizes, strict=True)}
        else:  # the lines were decoded with replacements: count bytes in the file itself
            cumulative = list(itertools.accumulate((len(p) + 1 for p in self.data.split(b"\n")), initial=0))
            offsets = {
                i: (cumulative[self.at + 1 + i], cumulative[self.at + 2 + i] - 1) for i in marked
            }
        for start, end in offsets.values():
            end = min(end, len(buffer))
            buffer[start:end] = b" " * (end - start)
        return bytes(buffer)

    def _parse(self, data: bytes, names: list[str]) -> pl.DataFrame | None:
        """The body parsed by Polars, or None when it does not give one row per line."""
        schema = dict.fromkeys(names, pl.String)
        if self.lines.is_empty():
            return pl.DataFrame(schema=schema)
        try:
            frame = pl.read_csv(
                data,
                has_header=False,
                skip_rows=self.at + 1,
                schema=schema,
                separator=self.sep,
                quote_char='"',
                truncate_ragged_lines=True,
                extra_columns="ignore",  # empty cells past the last column
                encoding="utf8-lossy",
            )
        except Exception:  # noqa: BLE001 - then the slower way, line by line
            return None
        return frame if frame.height == self.lines.len() else None

    def _parse_good(self, names: list[str], kept: pl.Series) -> pl.DataFrame:
        """The good lines parsed on their own, blank lines as null rows (``kept`` = both)."""
        schema = dict.fromkeys(names, pl.String)
        good = self.lines.filter(self.good)
        if good.is_empty():
            frame = pl.DataFrame(schema=schema)
        else:
            data = good.str.join("\n").item().encode("utf-8") + b"\n"
            try:
                frame = pl.read_csv(
                    data,
                    has_header=False,
                    schema=schema,
                    separator=self.sep,
                    quote_char='"',
                    truncate_ragged_lines=True,
                    extra_columns="ignore",
                )
            except Exception:  # noqa: BLE001 - last resort, line by line; these lines are well-formed
                cells = [_nulls((_parse_line(line, self.sep) or [])[: self.width]) for line in good.to_list()]
                frame = pl.DataFrame(cells, schema=schema, orient="row")
        # put the blank lines back as null rows, in file order
        position = pl.int_range(0, self.lines.len(), eager=True)
        order = pl.concat([position.filter(self.good), position.filter(self.blank)])
        blanks = pl.DataFrame({n: [None] * int(self.blank.sum()) for n in names}, schema=schema)
        merged = pl.concat([frame, blanks]).with_columns(order.alias("__line")).sort("__line")
        return merged.drop("__line")

    def _salvage(
        self, i: int, window: list[str], good: list[bool], bad: list[bool]
    ) -> tuple[list[str | None] | None, int, str]:
        """Read suspect line ``i`` (``window`` = it and the lines after it):
        ``(cells, lines spanned, reason when cells is None)``."""
        if bad[i]:
            return None, 1, text("csv_bad_encoding")
        line = window[0]
        if line.count('"') % 2:  # an open quote: maybe a cell that goes on over the next lines
            parts = [line]
            j = i + 1
            while j - i < len(window) and not good[j] and not bad[j]:
                nxt = window[j - i]
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
        while len(cells) > self.width and not cells[-1].strip():
            cells = cells[:-1]  # empty cells past the last column are layout
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


def _decode(data: bytes) -> tuple[bytes, pl.Series, pl.Series, list[str]]:
    """The file as UTF-8, its lines, which of them could not be decoded, and notices.

    UTF-8 is expected (with or without BOM). A file whose header (or, with an ASCII header,
    most lines) is not UTF-8 is read as GB18030 (Excel on Chinese Windows saves "CSV" in
    the local code page); in a UTF-8 file, a line in another encoding is rejected alone, and
    the other way round.
    """
    notices: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16", "replace").encode("utf-8")
        notices.append(text("csv_encoding_used", encoding="UTF-16"))
    data = data.removeprefix(b"\xef\xbb\xbf")
    lines = split_lines(data)
    broken = lines.str.contains(_REPLACEMENT, literal=True)
    if not broken.any():
        return data, lines, broken, notices
    non_ascii = lines.str.contains(r"[^\x00-\x7f]")
    utf8_text = ~broken & non_ascii
    # The header and title decide (a UTF-8 file with a line pasted from GBK keeps its header);
    # below them, the encoding most lines are in.
    first = non_ascii.head(HEADER_SEARCH_ROWS).arg_true()
    local_file = bool(broken[first[0]]) if first.len() else broken.sum() > utf8_text.sum()
    if local_file:
        local = data.decode("gb18030", "replace").encode("utf-8")
        local_lines = split_lines(local)
        if local_lines.len() == lines.len():  # newlines are single bytes in both: lines correspond
            notices.append(text("csv_encoding_used", encoding="GB18030"))
            bad = local_lines.str.contains(_REPLACEMENT, literal=True) | utf8_text
            return local, local_lines, bad, notices
    return data, lines, broken, notices


def split_lines(data: bytes) -> pl.Series:
    """The lines of ``data``, line ends kept (Polars splits them; undecodable bytes become U+FFFD)."""
    if not data:
        return pl.Series("line", [], dtype=pl.String)
    sep = next((chr(b) for b in (0x1F, 0x1E, 0x1D, 0x1C, 0x00) if bytes([b]) not in data), None)
    if sep is None:
        parts = data.decode("utf-8", "replace").split("\n")
        if parts and parts[-1] == "":
            parts.pop()
        return pl.Series("line", parts, dtype=pl.String)
    frame = pl.read_csv(
        data,
        has_header=False,
        separator=sep,
        quote_char=None,
        schema={"line": pl.String},
        encoding="utf8-lossy",
    )
    return frame.get_column("line").fill_null("")
