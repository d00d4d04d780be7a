"""Where a dataset's tables are: the files of a directory or the sheets of one workbook, by record type.

A file or sheet is named after its record type (``ledger.csv``) or the type's schema title (财务台账.xlsx);
unknown names are listed as notices, two sources for one type are refused, and a folder whose
subfolders hold the files is pointed at.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import DatasetError, NoDataError
from ..messages import text
from .files import FORMATS, ExcelBook
from .records import RecordType
from .tabular import UnreadableFile


@dataclass
class Table:
    """A table to load: a file of a directory, or a sheet of an opened workbook."""

    type: str
    source: str
    file: Path
    book: ExcelBook | None = None
    sheet: str | None = None
    booksha256_hex: str = ""


def _type_of(name: str, record_types: Mapping[str, RecordType]) -> str:
    """The record type a file or sheet name stands for: its name, or its schema title (财务台账)."""
    name = name.strip()
    if name in record_types:
        return name
    for type_name, rtype in record_types.items():
        if rtype.schema.get("title") == name:
            return type_name
    return name


def tables_of(
    path: Path, record_types: Mapping[str, RecordType], wanted: set[str] | None, notices: list[str]
) -> list[Table]:
    """The tables a dataset path holds, after skipping (with one notice each) what is not wanted."""
    skipped: dict[str, list[str]] = {}

    def accept(type_name: str, name: str, kind: str) -> bool:
        if type_name not in record_types:
            skipped.setdefault(f"unknown_type_{kind}", []).append(name)
            return False
        if wanted is not None and type_name not in wanted:
            skipped.setdefault(f"unwanted_{kind}", []).append(name)
            return False
        return True

    def flush() -> None:
        for key, names in skipped.items():
            notices.append(text(key, names="、".join(names)))

    if path.is_file():
        ext = path.suffix.lower().lstrip(".")
        if ext == "xlsx" and _type_of(path.stem, record_types) not in record_types:
            tables = _workbook_tables(path, record_types, accept)
        elif ext in FORMATS:
            type_name = _type_of(path.stem, record_types)
            if type_name not in record_types:
                raise DatasetError(text("dataset_not_dataset", path=path))
            tables = [Table(type_name, path.name, path)] if accept(type_name, path.name, "files") else []
        else:
            raise DatasetError(text("dataset_not_dataset", path=path))
        flush()
        return tables

    by_type: dict[str, list[Path]] = {}
    unknown: list[str] = []
    known = 0
    for file in sorted(path.iterdir()):
        if file.name.startswith((".", "~$")):
            continue  # hidden files and Office lock files
        if file.name.startswith("riskengine.db"):
            continue  # the default database (and journals), when run inside the dataset: never an input
        ext = file.suffix.lower().lstrip(".")
        type_name = _type_of(file.stem, record_types)
        if not file.is_file() or ext not in FORMATS:
            if file.is_file():
                unknown.append(file.name)
            continue
        known += type_name in record_types
        if accept(type_name, file.name, "files"):
            by_type.setdefault(type_name, []).append(file)
    if unknown:
        notices.append(text("unknown_files", names="、".join(unknown)))
    flush()
    if not known:
        raise NoDataError(text("dataset_no_files", path=path) + _subdir_hint(path, record_types))
    _refuse_duplicates({t: [f.name for f in files] for t, files in by_type.items()})
    return [Table(type_name, files[0].name, files[0]) for type_name, files in by_type.items()]


def _subdir_hint(path: Path, record_types: Mapping[str, RecordType]) -> str:
    """Someone pointed at the parent folder: name the subfolders that do hold ledgers."""
    found = []
    for sub in sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            if any(
                f.suffix.lower().lstrip(".") in FORMATS and _type_of(f.stem, record_types) in record_types
                for f in sub.iterdir()
            ):
                found.append(sub.name)
        except OSError:
            continue
    return text("dataset_subdirs_hint", dirs="、".join(found)) if found else ""


def _refuse_duplicates(sources: Mapping[str, list[str]]) -> None:
    for type_name, names in sources.items():
        if len(names) > 1:
            raise DatasetError(text("dataset_duplicate_sources", type=type_name, names="、".join(names)))


def _workbook_tables(
    book_path: Path, record_types: Mapping[str, RecordType], accept: Callable[[str, str, str], bool]
) -> list[Table]:
    data = book_path.read_bytes()
    digest = sha256_hex(data)
    try:
        book = ExcelBook(data)
    except UnreadableFile as exc:
        raise DatasetError(text("workbook_unreadable", name=book_path.name, error=exc)) from exc
    tables = []
    known = 0
    for sheet in book.sheet_names:
        source = f"{book_path.name}[{sheet}]"
        type_name = _type_of(sheet, record_types)
        known += type_name in record_types
        if accept(type_name, source, "sheets"):
            tables.append(Table(type_name, source, book_path, book=book, sheet=sheet, booksha256_hex=digest))
    if not known:
        raise NoDataError(text("dataset_no_files", path=book_path))
    by_type: dict[str, list[str]] = {}
    for table in tables:
        by_type.setdefault(table.type, []).append(table.source)
    _refuse_duplicates(by_type)
    return tables


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
