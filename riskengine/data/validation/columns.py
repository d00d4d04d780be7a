"""Stage 0 of validation: bring the raw columns into a form the checks understand.

Headers as people write them are mapped to field names; text is stripped (empty -> null) only
in the columns where that changes something; list fields are split into List(String); columns
that already have the field's type (Parquet, JSONL) stay native.
"""

from __future__ import annotations

import polars as pl

from ..headers import resolve_columns
from ..records import FieldKind, RecordType


def normalise_headers(raw: pl.DataFrame, record_type: RecordType) -> pl.DataFrame:
    """Map headers as people write them (Chinese labels, aliases, stray spaces) to field names.

    A header that would name a field already named by another column is left as it is
    (readers report such duplicates; see :func:`riskengine.data.headers.resolve_columns`).
    """
    columns = resolve_columns(raw.columns, record_type)
    renames = {}
    for original, name in zip(raw.columns, columns.names, strict=True):
        if "__" in name and name.split("__")[0] in record_type.fields:
            continue  # a second column for a field: keep its own name
        if name != original:
            renames[original] = name
    taken = set(raw.columns) - set(renames)
    renames = {o: n for o, n in renames.items() if n not in taken}
    return raw.rename(renames) if renames else raw


def _clean_string(expr: pl.Expr) -> pl.Expr:
    return expr.str.strip_chars().replace("", None)


#: Rows checked at a time by :func:`needs_strip`: its stripped temporaries stay small at any size.
_STRIP_CHUNK = 1 << 16


def needs_strip(raw: pl.DataFrame) -> set[str]:
    """The text columns where stripping changes something: a blank value or whitespace at either end.

    Checking compares each value's length with its stripped length (about twice as fast as two
    regex scans of its ends), a slice of rows at a time so the stripped temporaries stay small; a
    column found dirty is not checked again. Keeping the stripped column would copy every string:
    clean exports (Parquet above all) skip that copy, and the values stay exactly as they would
    have been.
    """
    names = [name for name, dtype in raw.schema.items() if dtype == pl.String]
    if not names or not raw.height:
        return set(names)
    col = pl.col
    dirty: set[str] = set()
    for start in range(0, raw.height, _STRIP_CHUNK):
        todo = [n for n in names if n not in dirty]
        if not todo:
            break
        length = {n: col(n).str.len_bytes() for n in todo}
        flags = raw.slice(start, _STRIP_CHUNK).select(
            ((col(n).str.strip_chars().str.len_bytes() != length[n]) | (length[n] == 0)).any().alias(n)
            for n in todo
        ).row(0, named=True)
        dirty |= {name for name, found in flags.items() if found}
    return dirty


def is_nested(dtype: pl.DataType) -> bool:
    """Whether a column holds lists, arrays or structs (as JSONL and Parquet can)."""
    return isinstance(dtype, pl.List | pl.Array | pl.Struct)


def _native_ok(kind: FieldKind, dtype: pl.DataType) -> bool:
    """Whether a natively typed column can be used without going through text."""
    if kind is FieldKind.NUMBER:
        return dtype.is_numeric()
    if kind is FieldKind.INTEGER:
        return dtype.is_numeric()
    if kind is FieldKind.BOOLEAN:
        return dtype == pl.Boolean
    if kind is FieldKind.DATE:
        return dtype == pl.Date or isinstance(dtype, pl.Datetime)
    return False


def clean(name: str, dtype: pl.DataType, kind: FieldKind, sep: str, *, strip: bool = True) -> pl.Expr:
    """Stage 0: bring one input column into a form the checks understand.

    Text is stripped (empty -> null); list fields become List(String) with blank items
    dropped (an empty list -> null); natively typed columns of the right kind stay native.
    """
    col = pl.col(name)
    if dtype == pl.Null:  # a JSON key that is null on every line
        return col.cast(kind.polars_type).alias(name)
    if kind is FieldKind.LIST:
        if isinstance(dtype, pl.List | pl.Array):
            items = col.cast(pl.List(pl.String)) if isinstance(dtype, pl.List) else col.arr.to_list()
            items = items.cast(pl.List(pl.String))
        else:
            items = col.cast(pl.String).str.split(sep)
        items = items.list.eval(pl.element().str.strip_chars()).list.filter(pl.element().str.len_bytes() > 0)
        return pl.when(items.list.len() > 0).then(items).alias(name)
    if _native_ok(kind, dtype):
        if isinstance(dtype, pl.Datetime):
            return col.dt.date().alias(name)
        return col
    if is_nested(dtype):
        return col
    if dtype == pl.String and not strip:
        return col
    return _clean_string(col.cast(pl.String)).alias(name)


def clean_extra(name: str, dtype: pl.DataType, *, strip: bool = True) -> pl.Expr:
    """Extra (unknown) columns are kept as text; nested values are kept as they are."""
    if is_nested(dtype):
        return pl.col(name)
    if dtype == pl.String and not strip:
        return pl.col(name)
    return _clean_string(pl.col(name).cast(pl.String)).alias(name)
