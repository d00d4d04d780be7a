"""Datasets: the ledgers (台账) handed to an assessment, loaded and validated.

A dataset is a directory with one file per record type (``<type>.csv|jsonl|parquet|xlsx``) or
one ``.xlsx`` workbook with one sheet per record type (the types are ``schemas/records/``; see
the README's "Assessing a dataset"). Loading never costs more than the bad row: a line that
cannot be parsed and a row that breaks its schema are kept out of the frames and listed in
:attr:`Dataset.rejected` with the file, row and field; every other row is read. For every input,
rows read = rows evaluated + rows rejected. A table with no usable rows (empty, header only,
every row rejected, a required column missing) is *absent*: rules that need it are reported as
not evaluated, with why (:attr:`Dataset.absent`), never run on an empty frame. A dataset from
which nothing at all can be read raises :class:`~riskengine.errors.NoDataError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from .. import concurrency
from ..errors import DatasetError, NoDataError
from ..messages import text
from ..profile import stage
from .files import ExcelBook, RawTable, read_csv, read_jsonl, read_parquet
from .records import RecordType
from .sources import Table, sha256_hex, tables_of
from .tabular import EmptyFile, UnreadableFile
from .validation import validate_frame


@dataclass
class InputInfo:
    """One input table: its record type, where it came from, the file's sha256, and its rows.

    ``rows`` counts the rows read (blank, title and total rows are not records);
    ``rows == rows_evaluated + rows_rejected`` always.
    """

    type: str
    source: str
    rows: int
    sha256: str
    rows_evaluated: int = 0
    rows_rejected: int = 0


@dataclass
class RejectedRow:
    """A row kept out of evaluation (or, with ``row == 0``, a whole file), and why.

    ``row`` is the row a person would look up: the spreadsheet row (the file's first line
    or the sheet's first row = row 1) for CSV/XLSX, the line for JSONL, the 1-based record
    index for Parquet. ``field`` names the bad field where known; a row with several bad
    fields has one entry per field.
    """

    source: str
    row: int
    field: str | None
    error: str
    type: str


@dataclass
class Dataset:
    """The validated frames of a dataset, with what was read, rejected, skipped and absent."""

    path: Path
    frames: dict[str, pl.DataFrame]
    inputs: list[InputInfo] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: record type -> why a table that was given has no usable rows (so it is not in frames)
    absent: dict[str, str] = field(default_factory=dict)

    def rows_read(self, type: str) -> int:
        """Rows read for a record type (over all its inputs; blank and total rows excluded)."""
        return sum(info.rows for info in self.inputs if info.type == type)

    def rows_evaluated(self, type: str) -> int:
        """Rows that passed validation and are in :attr:`frames`."""
        return sum(info.rows_evaluated for info in self.inputs if info.type == type)

    def rows_rejected(self, type: str) -> int:
        """Rows kept out of evaluation; ``rows_read == rows_evaluated + rows_rejected``."""
        return sum(info.rows_rejected for info in self.inputs if info.type == type)

    def date_span(self, record_types: Mapping[str, RecordType]) -> tuple[dt.date, dt.date] | None:
        """The earliest and latest record date (each type's ``x-date-field``), or None.

        Rosters whose date says since when a record holds, not when something happened
        (``x-covers-period: false``, e.g. beneficiaries approved years ago), do not count.
        """
        lows, highs = [], []
        for name, frame in self.frames.items():
            rtype = record_types.get(name)
            column = rtype.date_field if rtype and rtype.schema.get("x-covers-period", True) else None
            if column and column in frame.columns and frame.schema[column] == pl.Date:
                span = frame.select(pl.col(column).min().alias("low"), pl.col(column).max().alias("high"))
                low, high = span.row(0)
                if low is not None:
                    lows.append(low)
                    highs.append(high)
        return (min(lows), max(highs)) if lows else None


_READERS: dict[str, Callable[[bytes, RecordType], RawTable]] = {
    "csv": read_csv,
    "jsonl": read_jsonl,
    "parquet": lambda data, record_type: read_parquet(data),
}


def load_dataset(
    path: str | Path,
    record_types: Mapping[str, RecordType],
    *,
    wanted: set[str] | None = None,
    require_data: bool = False,
) -> Dataset:
    """Read and validate every table of the dataset at ``path``.

    ``record_types`` maps record type names to their types; ``wanted`` limits loading to
    some of them. Files of other types are skipped with one notice; record types with no
    file, or no usable rows, are absent from ``frames``. Raises
    :class:`~riskengine.errors.DatasetError` when ``path`` does not exist or is not a
    dataset; with ``require_data`` (as an assessment does), raises
    :class:`~riskengine.errors.NoDataError` when it holds no ledger file or not a single
    row could be read from its files.
    """
    path = Path(path)
    if not path.exists():
        raise DatasetError(text("dataset_missing", path=path))
    dataset = Dataset(path=path, frames={})
    try:
        tables = tables_of(path, record_types, wanted, dataset.notices)
    except NoDataError:
        if require_data:
            raise
        return dataset
    loaded: dict[str, pl.DataFrame] = {}
    # Largest file first: what validating it frees is then reused by the smaller tables, instead of
    # the largest table's peak stacking on top of all the others. Results are kept in file order.
    order = sorted(range(len(tables)), key=lambda i: -_size(tables[i]))
    at_once = 1 if any(t.book is not None for t in tables) else concurrency.workers(_in_memory(tables))
    read = concurrency.run_all(lambda i: _read_table(tables[i], record_types[tables[i].type]), order, at_once)
    reads: dict[int, TableRead] = dict(zip(order, read, strict=True))
    for index, table in enumerate(tables):
        _add_table(table, reads.pop(index), dataset, loaded)
    dataset.frames = {name: loaded[name] for name in record_types if name in loaded}
    if require_data and tables and not dataset.frames:
        details = "；".join(dataset.absent.values()) or "；".join(dataset.notices)
        raise NoDataError(text("dataset_nothing_read", path=path, details=details))
    return dataset


@dataclass
class TableRead:
    """One table read and validated (see :func:`read_table`).

    ``frame`` is None when the table has no usable rows; ``absent`` then says why. The
    counts account for every line or row of the file: ``info.rows`` (read, = evaluated +
    rejected) plus ``skipped`` (blank lines, 合计 rows, lines continuing a quoted cell).
    """

    info: InputInfo
    frame: pl.DataFrame | None
    rejected: list[RejectedRow] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    absent: str | None = None
    skipped: int = 0


def read_table(
    data: bytes | Callable[[], RawTable], fmt: str, record_type: RecordType, source: str, sha256: str = ""
) -> TableRead:
    """Read one table (file bytes of format ``fmt``, or a function reading a sheet) and validate it.

    Never raises for what is in the bytes: an empty or unreadable file, a bad line, a bad
    value all end up in the returned :class:`TableRead`.
    """
    type_name = record_type.name
    try:
        with stage("load", type_name):
            raw = data() if callable(data) else _read_file(data, fmt, record_type)
    except EmptyFile:
        reason = text("absent_empty", source=source)
        return TableRead(InputInfo(type_name, source, 0, sha256), None, notices=[reason], absent=reason)
    except UnreadableFile as exc:
        reason = text("absent_unreadable", source=source, error=exc)
        rejected = [RejectedRow(source, 0, None, str(exc), type_name)]
        return TableRead(InputInfo(type_name, source, 0, sha256), None, rejected, [reason], reason)
    notices = [f"{source}：{notice}" for notice in raw.notices]
    with stage("validate", type_name):
        result = validate_frame(raw.frame, record_type, rows=raw.rows, problems=raw.problems, excel=raw.excel)
    raw_rejected, raw_skipped = raw.rejected, raw.blank_lines + raw.joined_lines
    del raw  # the table as read: no longer needed, and as large as the validated one
    if result.totals:
        notices.append(f"{source}：{text('totals_skipped', rows='、'.join(str(r) for r in result.totals))}")
    for (field_name, kind), n in result.rewrites.items():
        notices.append(text(f"rewrite_{kind}", source=source, field=field_name, n=f"{n:,}"))
    read = result.rows_read + len(raw_rejected)
    evaluated = 0 if result.file_error else result.frame.height
    info = InputInfo(type_name, source, read, sha256, evaluated, read - evaluated)
    rejected = sorted(  # stable: the fields of one row stay in schema order
        (
            RejectedRow(source, row, field_name, error, type_name)
            for row, field_name, error in [*raw_rejected, *result.rejections.iter_rows()]
        ),
        key=lambda r: r.row,
    )
    skipped = raw_skipped + result.blank_rows + len(result.totals)
    absent = None
    if result.file_error:
        faults = "；".join(e for r, _, e in result.rejections.iter_rows() if r == 0)
        absent = text("absent_unreadable", source=source, error=faults)
    elif read == 0:
        absent = text("absent_header_only", source=source)
    elif evaluated == 0:
        absent = text("absent_all_rejected", source=source, n=read)
    if absent:
        notices.append(absent)
    frame = None if absent else _compact(result.frame)
    return TableRead(info, frame, rejected, notices, absent, skipped)


def _compact(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame without the spare capacity validation leaves in its buffers.

    Filtering and casting build columns with room to grow; on a province's ledger that slack is
    about 40% on top of the data, held for the whole run. Shrinking works column by column, in
    place, so it never holds two copies of the table.
    """
    frame.shrink_to_fit(in_place=True)
    return frame


#: Bytes in memory (as Polars frames) per byte of file, roughly: Parquet is compressed, and
#: JSONL spells out every field name. Only to choose how many tables load at once.
_MEMORY_PER_FILE_BYTE = {".parquet": 12.0, ".csv": 1.0, ".jsonl": 0.5}


def _in_memory(tables: list[Table]) -> int:
    """An estimate of the dataset's size in memory, from its files' sizes."""
    return int(sum(_size(t) * _MEMORY_PER_FILE_BYTE.get(t.file.suffix.lower(), 1.0) for t in tables))


def _size(table: Table) -> int:
    """Bytes of a table's file (0 for a sheet of a workbook: those keep their order)."""
    if table.book is not None:
        return 0
    try:
        return table.file.stat().st_size
    except OSError:
        return 0


def _read_table(table: Table, record_type: RecordType) -> TableRead:
    if table.book is not None:
        book, sheet = table.book, table.sheet or 0
        sheet_reader = lambda: book.read(sheet, record_type)  # noqa: E731 - read inside read_table
        return read_table(sheet_reader, "xlsx", record_type, table.source, table.booksha256_hex)
    data = table.file.read_bytes()  # one file at a time, not all of them up front
    fmt = table.file.suffix.lower().lstrip(".")
    return read_table(data, fmt, record_type, table.source, sha256_hex(data))


def _add_table(table: Table, read: TableRead, dataset: Dataset, loaded: dict[str, pl.DataFrame]) -> None:
    dataset.inputs.append(read.info)
    dataset.rejected.extend(read.rejected)
    dataset.notices.extend(read.notices)
    if read.absent:
        dataset.absent[table.type] = read.absent
    elif read.frame is not None:
        loaded[table.type] = read.frame


def _read_file(data: bytes, ext: str, record_type: RecordType) -> RawTable:
    if ext == "xlsx":
        return ExcelBook(data).read(0, record_type)  # a workbook named by its type: first sheet
    return _READERS[ext](data, record_type)


