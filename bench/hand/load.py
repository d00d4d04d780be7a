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


def _increasing(frame: pl.DataFrame, keys: list[str]) -> bool:
    """The key is strictly increasing (and has no nulls): no duplicate to look for."""
    if any(frame[k].null_count() for k in keys):
        return False
    rest, prev = frame.slice(1), frame.slice(0, max(frame.height - 1, 0))
    # Lexicographic: a later key decides only where the earlier ones tie.
    later = rest[keys[-1]] > prev[keys[-1]]
    for k in reversed(keys[:-1]):
        later = (rest[k] > prev[k]) | ((rest[k] == prev[k]) & later)
    return bool(later.all())


def _flags(frame: pl.DataFrame, keys: pl.DataFrame, bad: dict[str, pl.Expr]) -> pl.DataFrame:
    """One boolean column per checked field (and ``dup`` for a repeated key): true on a bad row."""
    exprs = [e.alias(n) for n, e in bad.items()]
    unique = keys.columns
    if unique and not _increasing(keys, unique):
        # Sorted by key then row, a row equal to the one before repeats an earlier row's key.
        ordered = keys.with_row_index("_i").sort(*unique, "_i")
        same = pl.all_horizontal(
            pl.col("_i").shift(1).is_not_null(), *[pl.col(k).eq_missing(pl.col(k).shift(1)) for k in unique]
        )
        repeats = ordered.filter(same)["_i"]
        exprs.append(pl.int_range(pl.len(), dtype=pl.UInt32).is_in(repeats.implode()).alias("dup"))
    return frame.select(exprs)


def read(path: Path, schema: dict) -> tuple[pl.DataFrame, list[dict], dict]:
    """One file: its good rows, its rejected rows and its entry under ``inputs``.

    Parquet is read in two passes: the checked columns first, then every column, the rejected rows
    dropped while reading, so no copy of the whole table is made to drop them.
    """
    with open(path, "rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    props = schema["properties"]
    unique = schema.get("x-unique", schema.get("x-key", []))
    if path.suffix == ".parquet":
        scan, first_row = pl.scan_parquet(path), 1
        names = scan.collect_schema()
        checked = [n for n, p in props.items() if n in names and _checked(n, p, schema)]
        raw = scan.select(sorted(set(checked) | set(unique))).collect()
    else:
        raw, first_row = pl.read_csv(path, infer_schema=False), 2
        names = raw.schema
    typed = {n: _typed(n, dtype(p), names[n]) for n, p in props.items() if n in names}
    bad = _checks(schema, names, {n: e for n, e in typed.items() if n in raw.columns})
    keys = raw.select(typed[k].alias(k) for k in unique)
    flags = _flags(raw, keys, bad)
    any_bad = (
        flags.select(pl.any_horizontal(pl.all())).to_series()
        if flags.width
        else pl.Series([False] * raw.height)
    )
    n_rows = raw.height
    rejected = []
    if any_bad.any():
        # Few rows: a loop over the rejected ones only, to list them as riskengine does.
        rows = flags.with_row_index("_i").filter(any_bad)
        for flag in flags.columns:
            field = unique[0] if flag == "dup" else flag
            error = "重复" if flag == "dup" else "无效"
            rejected += [
                {"source": path.name, "row": i + first_row, "field": field, "error": error, "type": path.stem}
                for i in rows.filter(flag)["_i"].to_list()
            ]
    source = scan if path.suffix == ".parquet" else raw.lazy()
    del raw
    if rejected:
        bad_rows = any_bad.arg_true().implode()
        source = source.with_row_index("_i").filter(~pl.col("_i").is_in(bad_rows)).drop("_i")
    frame = source.select(
        *[typed[n].alias(n) if n in typed else pl.lit(None, dtype(p)).alias(n) for n, p in props.items()]
    ).collect()
    entry = {"type": path.stem, "source": path.name, "rows": n_rows, "sha256": digest}
    return frame, rejected, entry


def _checked(name: str, prop: dict, schema: dict) -> bool:
    """A field with a check: required, an enum, or a type other than text."""
    return name in schema.get("required", []) or "enum" in prop or dtype(prop) != pl.String


def load(folder: Path) -> tuple[dict[str, pl.DataFrame], list[dict], list[dict]]:
    """Typed frames of the good rows by record type, the rejected rows, the inputs read."""
    contract = schemas()
    frames, rejected, inputs = {}, [], []
    for path in sorted(folder.iterdir()):
        if path.stem in contract and path.suffix in (".parquet", ".csv"):
            frames[path.stem], bad, entry = read(path, contract[path.stem])
            rejected += bad
            inputs.append(entry)
    return frames, rejected, inputs
