"""Reading and writing dataset files: CSV, JSONL, Parquet and XLSX tables.

Readers turn file bytes into a *raw* frame plus the row numbers a person would use to find
each row (spreadsheet row with the header as row 1; JSONL line; Parquet record index).
CSV and XLSX cells come as text; JSONL and Parquet keep their native types. Typing and
checking happen later, in :mod:`riskengine.data.validation`.

Writers do the reverse for a whole dataset (one file per record type, or one workbook).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from xml.etree import ElementTree

import fastexcel
import polars as pl
import xlsxwriter

from ..messages import text
from .csv_reader import read_csv
from .headers import find_header, resolve_columns
from .jsonl_reader import read_jsonl
from .records import FieldKind, RecordType
from .tabular import EmptyFile, RawTable, UnreadableFile

__all__ = ["FORMATS", "ExcelBook", "RawTable", "UnreadableFile", "read_csv", "read_jsonl", "read_parquet"]

FORMATS = ("csv", "jsonl", "parquet", "xlsx")
LIST_SEPARATOR = ";"
_EXCEL_DATETIME = r"^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"
# Excel turns a typed "2026-05" into the date 2026-05-01
_EXCEL_MONTH = r"^(\d{4}-\d{2})-01[ T]00:00(:00(\.0+)?)?$"


# ---------------------------------------------------------------------------- readers


def read_parquet(data: bytes) -> RawTable:
    """A Parquet file, native types; rows are numbered from 1."""
    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except Exception as exc:
        raise UnreadableFile(text("io_bad_parquet", error=_first_line(exc))) from exc
    return RawTable(frame, 1)


class ExcelBook:
    """An ``.xlsx`` workbook opened once, read sheet by sheet as text (fastexcel/calamine)."""

    def __init__(self, data: bytes):
        self._data = data
        try:
            self._reader = fastexcel.read_excel(data)
        except Exception as exc:
            raise UnreadableFile(text("io_bad_workbook", error=_first_line(exc))) from exc
        self.sheet_names: list[str] = list(self._reader.sheet_names)

    def read(self, sheet: str | int, record_type: RecordType | None = None) -> RawTable:
        """One worksheet by name or 0-based index.

        The header is the first row, or with ``record_type`` given, the first of the top
        rows that names one of its fields (so a title row above the header is skipped).
        Cells typed as Excel dates come out as ISO dates in the record type's date fields.
        """
        try:
            grid = self._reader.load_sheet(sheet, header_row=None, dtypes="string").to_polars()
        except Exception as exc:
            raise UnreadableFile(text("io_bad_sheet", error=_first_line(exc))) from exc
        if grid.width == 0 or grid.height == 0:
            raise EmptyFile(text("sheet_empty"))
        top = [list(grid.row(i)) for i in range(min(10, grid.height))]
        header_at = find_header(top, record_type)
        header = [(v or "").strip() for v in grid.row(header_at)]
        columns = resolve_columns(header, record_type)
        frame = grid.slice(header_at + 1).rename(dict(zip(grid.columns, columns.names, strict=True)))
        # columns without a header are layout only
        frame = frame.select([c for c, h in zip(columns.names, header, strict=True) if h])
        sheet_name = sheet if isinstance(sheet, str) else self.sheet_names[sheet]
        first_cell = _first_cell_row(self._data, sheet_name)
        notices = []
        if header_at:
            skipped = "、".join(str(first_cell + i) for i in range(header_at))
            notices.append(text("title_rows_skipped", rows=skipped))
        if record_type is not None:
            frame = _excel_dates_to_iso(frame, record_type)
        return RawTable(
            frame, first_cell + header_at + 1, notices=notices, problems=columns.problems, excel=True
        )


def _excel_dates_to_iso(frame: pl.DataFrame, record_type: RecordType) -> pl.DataFrame:
    """Date cells read as text look like ``2026-01-05 00:00:00``: keep the date (or month) part."""
    kinds = {n: k for n, k in record_type.fields.items() if n in frame.columns}
    return frame.with_columns(
        *(
            pl.col(c).str.strip_chars().str.replace(_EXCEL_DATETIME, "$1")
            for c, k in kinds.items()
            if k is FieldKind.DATE
        ),
        *(
            pl.col(c).str.strip_chars().str.replace(_EXCEL_MONTH, "$1")
            for c, k in kinds.items()
            if k is FieldKind.MONTH
        ),
    )


def _first_cell_row(data: bytes, sheet_name: str) -> int:
    """1-based row of the first non-empty cell of a sheet.

    calamine starts a sheet at its first non-empty cell, so rows above it (a blank margin)
    must be added back to give the row number Excel shows. Falls back to 1.
    """
    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
            rel_id = next(
                s.get(ns_rel + "id") for s in workbook.iter(ns_main + "sheet") if s.get("name") == sheet_name
            )
            target = next(r.get("Target") for r in rels if r.get("Id") == rel_id)
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            with book.open(path) as stream:
                for _, elem in ElementTree.iterparse(stream, events=("end",)):
                    if elem.tag == ns_main + "c":
                        if any(child.tag in (ns_main + "v", ns_main + "is") for child in elem):
                            match = re.search(r"\d+$", elem.get("r", ""))
                            return int(match.group()) if match else 1
                    elif elem.tag == ns_main + "sheetData":
                        break
    except (KeyError, StopIteration, zipfile.BadZipFile, ElementTree.ParseError):
        pass
    return 1


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# ---------------------------------------------------------------------------- writers


def write_dataset(frames: Mapping[str, pl.DataFrame], out: str | Path, fmt: str) -> list[Path]:
    """Write a dataset that :func:`riskengine.data.dataset.load_dataset` reads back.

    ``csv``, ``jsonl``, ``parquet``: ``out`` is a directory (created) with one
    ``<record_type>.<fmt>`` file per frame. ``xlsx``: one workbook with one sheet per record
    type; ``out`` is the workbook path, or a directory to hold ``dataset.xlsx``. CSV and XLSX
    join list fields with ``;``; CSV carries a BOM so that Excel opens it as UTF-8. Returns
    the paths written.
    """
    out = Path(out)
    if fmt not in FORMATS:
        raise ValueError(f"unknown dataset format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "xlsx":
        book = out if out.suffix.lower() == ".xlsx" else out / "dataset.xlsx"
        book.parent.mkdir(parents=True, exist_ok=True)
        _write_workbook(frames, book)
        return [book]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in frames.items():
        path = out / f"{name}.{fmt}"
        if fmt == "csv":
            _as_text_table(frame).write_csv(path, include_bom=True)
        elif fmt == "jsonl":
            frame.write_ndjson(path)
        else:
            frame.write_parquet(path)
        paths.append(path)
    return paths


def _as_text_table(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists joined with ``;`` for formats whose cells hold one value."""
    lists = [c for c, t in frame.schema.items() if isinstance(t, pl.List)]
    return frame.with_columns(pl.col(c).list.join(LIST_SEPARATOR) for c in lists)


def _write_workbook(frames: Mapping[str, pl.DataFrame], path: Path) -> None:
    with xlsxwriter.Workbook(path) as workbook:
        for name, frame in frames.items():
            _as_text_table(frame).write_excel(
                workbook,
                name,
                float_precision=2,
                autofit=True,
                table_style=None,
                autofilter=False,
                dtype_formats={pl.Date: "yyyy-mm-dd"},
            )
