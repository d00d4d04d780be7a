"""The world's tables as typed Polars frames, checked against the record schemas before anything is written.

A generator bug (a misspelt field, a value outside an enum or a range, a missing required value) fails
here with the record type and field named, instead of a planted record silently dropped by the loader.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from riskengine.data.records import RecordType


def build_frames(
    tables: Mapping[str, list[dict]], record_types: Iterable[RecordType]
) -> dict[str, pl.DataFrame]:
    """Typed Polars frames of the non-empty tables, columns in schema order.

    A row field the schema does not know, or a value of the wrong type, raises ValueError naming
    the record type and field: a misspelt field would otherwise vanish and a rule fail to fire.
    """
    types = {rt.name: rt for rt in record_types}
    frames: dict[str, pl.DataFrame] = {}
    for name, rows in tables.items():
        if not rows:
            continue
        record_type = types.get(name)
        frames[name] = _typed_frame(record_type, rows) if record_type else pl.DataFrame(rows)
    return frames


def _typed_frame(record_type: RecordType, rows: list[dict]) -> pl.DataFrame:
    known = record_type.polars_schema
    unknown = sorted({key for row in rows for key in row} - known.keys())
    if unknown:
        raise ValueError(f"{record_type.name}: fields not in the schema: {', '.join(unknown)}")
    columns = []
    for column, dtype in known.items():
        try:
            columns.append(pl.Series(column, [row.get(column) for row in rows], dtype=dtype, strict=True))
        except (TypeError, pl.exceptions.PolarsError) as exc:
            raise ValueError(f"{record_type.name}.{column}: values do not fit {dtype}: {exc}") from exc
    frame = pl.DataFrame(columns)
    _check_enums_and_required(record_type, frame)
    # Float noise (0.1 + 0.2) would print as 0.30000000000000004 and break the schema's multipleOf.
    cents = [c for c, p in record_type.schema.get("properties", {}).items() if p.get("multipleOf") == 0.01]
    return frame.with_columns(pl.col(c).round(2) for c in cents if frame.schema[c] == pl.Float64)


def _check_enums_and_required(record_type: RecordType, frame: pl.DataFrame) -> None:
    """Reject what the dataset loader would reject, so no planted record is silently dropped."""
    for column in record_type.required:
        if column in frame.columns and frame[column].null_count():
            raise ValueError(
                f"{record_type.name}.{column}: required but missing in {frame[column].null_count()} rows"
            )
    for column, prop in record_type.schema.get("properties", {}).items():
        allowed = [a for a in (prop.get("enum") or prop.get("items", {}).get("enum") or ()) if a is not None]
        if allowed:
            values = frame[column].explode() if isinstance(frame.schema[column], pl.List) else frame[column]
            bad = sorted(set(values.drop_nulls().unique().to_list()) - set(allowed))
            if bad:
                raise ValueError(f"{record_type.name}.{column}: values outside {allowed}: {bad}")
        if frame.schema[column] in (pl.Float64, pl.Int64):
            _check_range(record_type.name, column, prop, frame[column])


def _check_range(type_name: str, column: str, prop: dict, values: pl.Series) -> None:
    out_of_range = pl.Series([False] * len(values))
    if "minimum" in prop:
        out_of_range |= (values < prop["minimum"]).fill_null(False)
    if "maximum" in prop:
        out_of_range |= (values > prop["maximum"]).fill_null(False)
    if prop.get("multipleOf") == 0.01:
        cents = values * 100
        out_of_range |= ((cents - cents.round(0)).abs() > 1e-6).fill_null(False)
    if out_of_range.any():
        bad = values.filter(out_of_range).head(5).to_list()
        raise ValueError(f"{type_name}.{column}: values break the schema's range or cents: {bad}")
