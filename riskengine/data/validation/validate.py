"""Validating one table: the stages of :mod:`riskengine.data.validation` run in order, column-wise.

Stage 0 cleans the columns and drops blank and 合计 rows; values written by hand are rewritten;
one pass then computes every field's typed value and, per field, only whether it failed; the
rejected rows alone get their messages. Nothing here loops over rows in Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ...messages import text
from ..headers import resolve_columns
from ..records import RecordType, kind_of
from .columns import clean, clean_extra, needs_strip, normalise_headers
from .compile import compile_field
from .names import BAD, DUP, ERR, ROW, TOTAL
from .rejections import REJECTION_SCHEMA, rejections
from .rewrite import count_rewrites, rewrite
from .totals import total_candidate, total_row


@dataclass
class ValidationResult:
    """What :func:`validate_frame` found.

    ``frame`` holds the good rows cast to ``RecordType.polars_schema`` (missing optional
    columns added as nulls) followed by any extra columns; ``rejections`` has one row per
    bad field of a bad row (columns ``row``, ``field``, ``error``); ``rows_read`` counts the
    non-blank input rows, and ``rows_read == frame.height + rows_rejected`` always holds.
    ``file_error`` is set when nothing could be checked (a required column is absent, or
    two columns name one field): then every row is rejected and ``rejections`` has one
    ``row 0`` entry per fault. ``totals`` lists the rows skipped as 合计 (total) rows, which
    are not records and not counted; ``rewrites`` counts, per ``(field, kind)``, the values
    read after a rewrite (see :mod:`riskengine.data.normalise`).
    """

    frame: pl.DataFrame
    rejections: pl.DataFrame
    rows_read: int
    rows_rejected: int
    file_error: bool = False
    totals: list[int] = field(default_factory=list)
    rewrites: dict[tuple[str, str], int] = field(default_factory=dict)
    blank_rows: int = 0


def validate_frame(
    raw: pl.DataFrame,
    record_type: RecordType,
    *,
    rows: int | pl.Series = 1,
    list_separator: str = ";",
    problems: list[tuple[str, str]] = (),  # type: ignore[assignment]
    excel: bool = False,
) -> ValidationResult:
    """Validate and type ``raw`` against ``record_type``'s schema.

    ``rows`` gives the user-facing row numbers: the number of the first row (consecutive
    numbers follow), or a Series aligned with ``raw``. Column headers are stripped; a header
    equal to a field's Chinese ``description`` (e.g. ``交易编号``) is read as that field.
    Entirely blank rows and 合计 (total) rows are dropped and not counted. Duplicates of an
    ``x-unique`` key are judged over all rows in order: the first is kept, later ones are
    rejected, even when the first was itself rejected for another field (which one is right
    is for a person to say). ``problems`` are header faults found by the reader (each
    rejects the whole table); ``excel`` lets a number in a date column be an Excel serial.
    """
    raw = normalise_headers(raw, record_type)
    problems = [*problems, *resolve_columns(raw.columns, record_type).problems]
    props: Mapping[str, Mapping[str, Any]] = record_type.schema.get("properties", {})
    extras = [c for c in raw.columns if c not in props]
    row_numbers = (
        pl.int_range(rows, rows + pl.len(), dtype=pl.Int64)
        if isinstance(rows, int)
        else pl.lit(rows.cast(pl.Int64))
    )
    blank = pl.all_horizontal([pl.col(c).is_null() for c in raw.columns]) if raw.width else pl.lit(False)
    strip = needs_strip(raw)
    cleaned = (
        raw.lazy()
        .select(
            row_numbers.alias(ROW),
            *[
                clean(n, raw.schema[n], kind_of(p), list_separator, strip=n in strip)
                for n, p in props.items()
                if n in raw.columns
            ],
            *[clean_extra(n, raw.schema[n], strip=n in strip) for n in extras],
        )
        .with_columns(blank.alias(BAD))
        .with_columns(total_candidate(raw, record_type).alias(TOTAL))
        .collect()
    )
    # blank and total rows are not records; filtering copies every column, so only when needed.
    # Lazy, because an eager drop/filter re-aligns the chunks of every column: a full copy.
    blank_rows = cleaned.get_column(BAD)
    total_rows = cleaned.get_column(TOTAL) & ~blank_rows
    if total_rows.any():  # the precise test runs on the few candidate rows alone
        at = total_rows.arg_true()
        precise = cleaned.select(pl.all().gather(at)).select(total_row(raw, record_type)).to_series()
        total_rows = pl.repeat(False, cleaned.height, eager=True).scatter(at.filter(precise), True)
    totals = cleaned.get_column(ROW).filter(total_rows).to_list() if total_rows.any() else []
    skip = blank_rows | total_rows
    lazy = cleaned.lazy().filter(~pl.lit(skip)) if skip.any() else cleaned.lazy()
    cleaned = lazy.drop(BAD, TOTAL).collect()
    blank_count = int(blank_rows.sum())

    missing_required = [f for f in record_type.required if f not in raw.columns]
    faults = [(f, text("missing_column", field=f)) for f in missing_required] + list(problems)
    if faults:
        result = _file_error(cleaned.height, faults, record_type, extras)
        result.totals, result.blank_rows = totals, blank_count
        return result

    cleaned, rewritten = rewrite(cleaned, props, excel)
    plans = {
        name: compile_field(
            name, prop, kind_of(prop), cleaned.schema[name], name in record_type.required, rewritten.get(name)
        )
        for name, prop in props.items()
        if name in cleaned.columns
    }
    rewrites = count_rewrites(cleaned, plans)
    typed = [
        plans[name].value.cast(kind.polars_type).alias(name)
        if name in plans
        else pl.lit(None, dtype=kind.polars_type).alias(name)
        for name, kind in record_type.fields.items()
    ]
    # One pass computes the typed values and, per field, only whether it failed: the
    # message strings are built later for the rejected rows alone.
    flags = {
        ERR + name: pl.any_horizontal([c.failed for c in plan.checks])
        for name, plan in plans.items()
        if plan.checks
    }
    checked = cleaned.lazy().select(ROW, *typed, *extras, *[expr.alias(col) for col, expr in flags.items()])
    marks = list(flags)
    unique = [f for f in record_type.unique if f in props]
    sorted_ids = len(unique) == 1 and unique[0] in cleaned.columns
    if sorted_ids and _strictly_increasing(cleaned.get_column(unique[0])):
        unique = []  # ids in strictly increasing order cannot repeat: skip hashing millions of them
    if unique:
        complete = pl.all_horizontal([pl.col(f).is_not_null() for f in unique])
        key = pl.col(unique[0]) if len(unique) == 1 else pl.struct(unique)
        checked = checked.with_columns((complete & ~key.is_first_distinct()).alias(DUP))
        marks.append(DUP)
    result = checked.with_columns(pl.any_horizontal(marks or [pl.lit(False)]).alias(BAD)).collect()

    bad = result.get_column(BAD)
    good = result.lazy().filter(~pl.col(BAD)) if bad.any() else result.lazy()
    good = good.select([*props, *extras]).collect()
    rejected = rejections(cleaned.filter(bad), result, bad, plans, unique)
    return ValidationResult(
        good,
        rejected,
        result.height,
        int(bad.sum()),
        totals=totals,
        rewrites=rewrites,
        blank_rows=blank_count,
    )


def _strictly_increasing(ids: pl.Series) -> bool:
    """Whether every id is present and greater than the one before (a sorted export of unique ids)."""
    if ids.len() < 2 or ids.null_count() or ids.dtype != pl.String:
        return False
    return bool((ids.slice(1) > ids.slice(0, ids.len() - 1)).all())


def _file_error(
    rows_read: int, faults: list[tuple[str, str]], record_type: RecordType, extras: list[str]
) -> ValidationResult:
    """Nothing can be checked without a required column: every row is rejected at once."""
    rejections = pl.DataFrame(
        {"row": [0] * len(faults), "field": [f for f, _ in faults], "error": [m for _, m in faults]},
        schema=REJECTION_SCHEMA,
    )
    frame = pl.DataFrame(schema={**record_type.polars_schema, **{c: pl.String() for c in extras}})
    return ValidationResult(frame, rejections, rows_read, rows_read, file_error=True)
