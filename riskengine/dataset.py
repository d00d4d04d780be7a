"""Datasets: the ledgers (台账) handed to an assessment, loaded and validated.

A dataset is a directory with one file per record type (``<type>.csv|jsonl|parquet|xlsx``)
or one ``.xlsx`` workbook with one sheet per record type (see ``spec/DATA.md``). Loading
never stops at a bad row: rows that break their schema are kept out of the frames and listed
in :attr:`Dataset.rejected` with the file, row and field; a file that cannot be parsed at all
becomes a single rejection at row 0. Only a missing dataset path raises.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from .dataset_io import FORMATS, ExcelBook, RawTable, UnreadableFile, read_csv, read_jsonl, read_parquet
from .errors import DatasetError
from .messages import text
from .records import RecordType
from .validation import validate_frame


@dataclass
class InputInfo:
    """One input table: its record type, where it came from, rows read, and the file's sha256."""

    type: str
    source: str
    rows: int
    sha256: str


@dataclass
class RejectedRow:
    """A row kept out of evaluation (or, with ``row == 0``, a whole file), and why.

    ``row`` is the row a person would look up: the spreadsheet row (header = row 1) for
    CSV/XLSX, the line for JSONL, the 1-based record index for Parquet. ``field`` names the
    bad field; a row with several bad fields has one entry per field.
    """

    source: str
    row: int
    field: str | None
    error: str
    type: str


@dataclass
class Dataset:
    """The validated frames of a dataset, with what was read, rejected and skipped."""

    path: Path
    frames: dict[str, pl.DataFrame]
    inputs: list[InputInfo] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def rows_read(self, type: str) -> int:
        """Non-blank rows read for a record type (over all its inputs)."""
        return sum(info.rows for info in self.inputs if info.type == type)

    def rows_evaluated(self, type: str) -> int:
        """Rows that passed validation and are in :attr:`frames`."""
        frame = self.frames.get(type)
        return 0 if frame is None else frame.height

    def rows_rejected(self, type: str) -> int:
        """Rows kept out of evaluation; ``rows_read == rows_evaluated + rows_rejected``."""
        return self.rows_read(type) - self.rows_evaluated(type)


@dataclass
class _Table:
    """A table to load: a file of a directory, or a sheet of an opened workbook."""

    type: str
    source: str
    file: Path
    book: ExcelBook | None = None
    sheet: str | None = None
    book_sha256: str = ""


_READERS: dict[str, Callable[[bytes], RawTable]] = {
    "csv": read_csv,
    "jsonl": read_jsonl,
    "parquet": read_parquet,
}


def load_dataset(
    path: str | Path, record_types: Mapping[str, RecordType], *, wanted: set[str] | None = None
) -> Dataset:
    """Read and validate every table of the dataset at ``path``.

    ``record_types`` maps record type names to their types; ``wanted`` limits loading to
    some of them. Files of other types are skipped with a notice; record types with no file
    are simply absent from ``frames``, and so are types whose file could not be read.
    Raises :class:`~riskengine.errors.DatasetError` when ``path`` does not exist or is not a
    dataset.
    """
    path = Path(path)
    if not path.exists():
        raise DatasetError(text("dataset_missing", path=path))
    dataset = Dataset(path=path, frames={})
    tables = _tables_of(path, record_types, wanted, dataset.notices)
    loaded: dict[str, pl.DataFrame] = {}
    for table in tables:
        _load_table(table, record_types[table.type], dataset, loaded)
    dataset.frames = {name: loaded[name] for name in record_types if name in loaded}
    return dataset


def _load_table(
    table: _Table, record_type: RecordType, dataset: Dataset, loaded: dict[str, pl.DataFrame]
) -> None:
    if table.book is not None:
        digest = table.book_sha256
    else:
        data = table.file.read_bytes()  # one file at a time, not all of them up front
        digest = _sha256(data)
    try:
        if table.book is not None:
            raw = table.book.read(table.sheet or 0, record_type)
        else:
            raw = _read_file(data, table.file.suffix.lower().lstrip("."), record_type)
    except UnreadableFile as exc:
        dataset.inputs.append(InputInfo(table.type, table.source, 0, digest))
        dataset.rejected.append(RejectedRow(table.source, 0, None, str(exc), table.type))
        return
    dataset.notices.extend(f"{table.source}：{notice}" for notice in raw.notices)
    result = validate_frame(raw.frame, record_type, rows=raw.rows)
    dataset.inputs.append(InputInfo(table.type, table.source, result.rows_read, digest))
    dataset.rejected.extend(
        RejectedRow(table.source, row, field_name, error, table.type)
        for row, field_name, error in result.rejections.iter_rows()
    )
    if not result.file_error:
        loaded[table.type] = result.frame


def _read_file(data: bytes, ext: str, record_type: RecordType) -> RawTable:
    if ext == "xlsx":
        return ExcelBook(data).read(0, record_type)  # a workbook named by its type: first sheet
    return _READERS[ext](data)


def _tables_of(
    path: Path, record_types: Mapping[str, RecordType], wanted: set[str] | None, notices: list[str]
) -> list[_Table]:
    """The tables a dataset path holds, after skipping (with a notice) what is not wanted."""

    def accept(type_name: str, what: str) -> bool:
        if type_name not in record_types:
            notices.append(text("ignored_unknown_type", what=what))
            return False
        if wanted is not None and type_name not in wanted:
            notices.append(text("ignored_unwanted", what=what))
            return False
        return True

    if path.is_file():
        if path.suffix.lower() == ".xlsx":
            return _workbook_tables(path, accept)
        if path.suffix.lower().lstrip(".") in _READERS and path.stem in record_types:
            accepted = accept(path.stem, text("what_file", name=path.name))
            return [_Table(path.stem, path.name, path)] if accepted else []
        raise DatasetError(text("not_a_dataset", path=path))

    by_type: dict[str, list[Path]] = {}
    for file in sorted(path.iterdir()):
        if file.name.startswith((".", "~$")):
            continue  # hidden files and Office lock files
        if file.name.startswith("riskengine.db"):
            continue  # the default database (and journals), when run inside the dataset: never an input
        ext = file.suffix.lower().lstrip(".")
        if not file.is_file() or ext not in FORMATS:
            notices.append(text("ignored_unrecognised", name=file.name))
            continue
        if accept(file.stem, text("what_file", name=file.name)):
            by_type.setdefault(file.stem, []).append(file)
    _refuse_duplicates({t: [f.name for f in files] for t, files in by_type.items()})
    return [_Table(type_name, files[0].name, files[0]) for type_name, files in by_type.items()]


def _refuse_duplicates(sources: Mapping[str, list[str]]) -> None:
    for type_name, names in sources.items():
        if len(names) > 1:
            raise DatasetError(
                text("duplicate_sources", type=type_name, names=text("list_separator_short").join(names))
            )


def _workbook_tables(book_path: Path, accept: Callable[[str, str], bool]) -> list[_Table]:
    data = book_path.read_bytes()
    digest = _sha256(data)
    try:
        book = ExcelBook(data)
    except UnreadableFile as exc:
        raise DatasetError(text("workbook_unreadable", name=book_path.name, error=exc)) from exc
    tables = []
    for sheet in book.sheet_names:
        source = f"{book_path.name}[{sheet}]"
        if accept(sheet.strip(), text("what_sheet", name=source)):
            tables.append(
                _Table(sheet.strip(), source, book_path, book=book, sheet=sheet, book_sha256=digest)
            )
    by_type: dict[str, list[str]] = {}
    for table in tables:
        by_type.setdefault(table.type, []).append(table.source)
    _refuse_duplicates(by_type)
    return tables


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
