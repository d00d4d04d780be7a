"""Typed load of a dataset folder: the good rows of each file as a frame, and the rejected rows.

The data contract's JSON Schemas (``schemas/records/``) say each field's type, which fields are
required, their allowed values and the record's key; a row that breaks one of them is rejected (one
entry per bad field), the same rows riskengine rejects on the benchmark's files.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[2]


def schemas() -> dict[str, dict]:
    """The record types' JSON Schemas, by type name."""
    folder = ROOT / "schemas" / "records"
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}


def dtype(prop: dict) -> pl.DataType:
    """The Polars type of a schema property."""
    kind = prop.get("type", "string")
    kind = next((k for k in kind if k != "null"), "string") if isinstance(kind, list) else kind
    if kind == "array":
        return pl.List(pl.String)
    if kind == "number":
        return pl.Float64()
    if kind == "integer":
        return pl.Int64()
    if kind == "boolean":
        return pl.Boolean()
    if prop.get("format") == "date":
        return pl.Date()
    return pl.String()


def empty(schema: dict) -> pl.DataFrame:
    """An empty frame of a record type, for a file the dataset does not have."""
    return pl.DataFrame(schema={n: dtype(p) for n, p in schema["properties"].items()})


def _typed(name: str, want: pl.DataType, raw: pl.DataType) -> pl.Expr:
    col = pl.col(name)
    if raw == want:
        return col
    if raw == pl.String:
        if want == pl.Date:
            return col.str.to_date("%Y-%m-%d", strict=False)
        if want == pl.Boolean:
            low = col.str.to_lowercase()
            return pl.when(low == "true").then(True).when(low == "false").then(False)
        if isinstance(want, pl.List):
            return col.str.split(";")
    return col.cast(want, strict=False)


def _checks(schema: dict, raw: pl.Schema, typed: dict[str, pl.Expr]) -> dict[str, pl.Expr]:
    """Per field, an expression true on rows whose value breaks the contract."""
    props, required = schema["properties"], set(schema.get("required", []))
    bad = {}
    for name, expr in typed.items():
        checks = []
        if name in required:
            checks.append(expr.is_null())
        if raw[name] != dtype(props[name]):
            checks.append(pl.col(name).is_not_null() & expr.is_null())
        allowed = [v for v in props[name].get("enum", []) if v is not None]
        if allowed:
            checks.append(expr.is_not_null() & ~expr.is_in(allowed))
        if checks:
            bad[name] = pl.any_horizontal(checks)
    return bad


def _increasing(frame: pl.DataFrame, key: str) -> bool:
    """The key column is strictly increasing (and has no nulls): no duplicate to look for."""
    col = frame[key]
    if col.null_count() or frame.height < 2:
        return not col.null_count()
    return bool((col.slice(1) > col.slice(0, frame.height - 1)).all())


def read(path: Path, schema: dict) -> tuple[pl.DataFrame, list[dict], dict]:
    """One file: its good rows, its rejected rows and its entry under ``inputs``."""
    with open(path, "rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    if path.suffix == ".parquet":
        raw, first_row = pl.read_parquet(path), 1
    else:
        raw, first_row = pl.read_csv(path, infer_schema=False), 2
    props = schema["properties"]
    typed = {n: _typed(n, dtype(p), raw.schema[n]) for n, p in props.items() if n in raw.columns}
    bad = _checks(schema, raw.schema, typed)
    # The flags are a few boolean columns; the typed frame shares every column that needs no cast.
    flags = raw.select(*[e.alias(n) for n, e in bad.items()])
    unique = schema.get("x-unique", schema.get("x-key", []))
    if len(unique) > 1:
        flags = flags.with_columns(raw.select(dup=~pl.struct(unique).is_first_distinct()))
    elif unique and not _increasing(raw, unique[0]):
        flags = flags.with_columns(raw.select(dup=~pl.col(unique[0]).is_first_distinct()))
    frame = raw.with_columns(
        *[e.alias(n) for n, e in typed.items() if raw.schema[n] != dtype(props[n])],
        *[pl.lit(None, dtype(p)).alias(n) for n, p in props.items() if n not in raw.columns],
    ).select(list(props))
    del raw
    entry = {"type": path.stem, "source": path.name, "rows": frame.height, "sha256": digest}
    rejected = []
    any_bad = flags.select(pl.any_horizontal(pl.all()).alias("any")).to_series() if flags.width else None
    if any_bad is not None and any_bad.any():
        # Few rows: a loop over the rejected ones only, to list them as riskengine does.
        rows = flags.with_row_index("_i").filter(any_bad)
        for flag in flags.columns:
            field = unique[0] if flag == "dup" else flag
            error = "重复" if flag == "dup" else "无效"
            rejected += [
                {"source": path.name, "row": i + first_row, "field": field, "error": error, "type": path.stem}
                for i in rows.filter(flag)["_i"].to_list()
            ]
        frame = frame.filter(~any_bad)
    return frame, rejected, entry


def load(folder: Path) -> tuple[dict[str, pl.DataFrame], list[dict], list[dict]]:
    """Typed frames of good rows (absent types as empty frames), the rejected rows, the inputs read."""
    contract = schemas()
    frames, rejected, inputs = {}, [], []
    for path in sorted(folder.iterdir()):
        if path.stem in contract and path.suffix in (".parquet", ".csv"):
            frames[path.stem], bad, entry = read(path, contract[path.stem])
            rejected += bad
            inputs.append(entry)
    return frames, rejected, inputs
