"""Row validation: a record type's JSON Schema compiled into column-wise Polars checks.

A raw frame (all String columns as read from CSV/XLSX, or natively typed from JSONL/Parquet)
goes in; the typed frame of good rows and one rejection per (row, bad field) come out. Every
check is a Polars expression over a whole column: parse with ``cast(strict=False)`` and flag
the values that became null, ``is_in`` for enums, ``str.contains`` for patterns, range and
decimal checks, duplicates on ``x-unique`` with a window. There is no Python code per row.

Messages are Chinese and quote the offending value, e.g. ``不是数字：'12,5x'``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ..messages import text
from . import normalise
from .headers import resolve_columns
from .records import FieldKind, RecordType, kind_of
from .tabular import TOTAL_LABEL

ROW = "__riskengine_row"
"""Column carrying each row's user-facing row number while validating."""

REJECTION_SCHEMA: dict[str, pl.DataType] = {"row": pl.Int64(), "field": pl.String(), "error": pl.String()}
MISSING = "缺少必填字段"
_ERR = "__riskengine_err__"
_BAD = "__riskengine_bad"
_DUP = "__riskengine_dup"
_TOTAL = "__riskengine_total"
_TRUE = ("true", "t", "yes", "y", "1", "是", "对")
_FALSE = ("false", "f", "no", "n", "0", "否", "错")


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
    strip = _needs_strip(raw)
    clean = (
        raw.lazy()
        .select(
            row_numbers.alias(ROW),
            *[
                _clean(n, raw.schema[n], kind_of(p), list_separator, strip=n in strip)
                for n, p in props.items()
                if n in raw.columns
            ],
            *[_clean_extra(n, raw.schema[n], strip=n in strip) for n in extras],
        )
        .with_columns(blank.alias(_BAD))
        .with_columns(_total_candidate(raw, record_type).alias(_TOTAL))
        .collect()
    )
    # blank and total rows are not records; filtering copies every column, so only when needed.
    # Lazy, because an eager drop/filter re-aligns the chunks of every column: a full copy.
    blank_rows = clean.get_column(_BAD)
    total_rows = clean.get_column(_TOTAL) & ~blank_rows
    if total_rows.any():  # the precise test runs on the few rows with 计 in a cell
        total_rows = total_rows & clean.select(_total_row(raw, record_type)).to_series()
    totals = clean.get_column(ROW).filter(total_rows).to_list() if total_rows.any() else []
    skip = blank_rows | total_rows
    lazy = clean.lazy().filter(~pl.lit(skip)) if skip.any() else clean.lazy()
    clean = lazy.drop(_BAD, _TOTAL).collect()
    blank_count = int(blank_rows.sum())

    missing_required = [f for f in record_type.required if f not in raw.columns]
    faults = [(f, text("missing_column", field=f)) for f in missing_required] + list(problems)
    if faults:
        result = _file_error(clean.height, faults, record_type, extras)
        result.totals, result.blank_rows = totals, blank_count
        return result

    clean, rewritten = _rewrite(clean, props, excel)
    plans = {
        name: _compile_field(
            name, prop, kind_of(prop), clean.schema[name], name in record_type.required, rewritten.get(name)
        )
        for name, prop in props.items()
        if name in clean.columns
    }
    rewrites = _count_rewrites(clean, plans)
    typed = [
        plans[name].value.cast(kind.polars_type).alias(name)
        if name in plans
        else pl.lit(None, dtype=kind.polars_type).alias(name)
        for name, kind in record_type.fields.items()
    ]
    # One pass computes the typed values and, per field, only whether it failed: the
    # message strings are built later for the rejected rows alone.
    flags = {
        _ERR + name: pl.any_horizontal([c.failed for c in plan.checks])
        for name, plan in plans.items()
        if plan.checks
    }
    checked = clean.lazy().select(ROW, *typed, *extras, *[expr.alias(col) for col, expr in flags.items()])
    marks = list(flags)
    unique = [f for f in record_type.unique if f in props]
    if len(unique) == 1 and unique[0] in clean.columns and _strictly_increasing(clean.get_column(unique[0])):
        unique = []  # ids in strictly increasing order cannot repeat: skip hashing millions of them
    if unique:
        complete = pl.all_horizontal([pl.col(f).is_not_null() for f in unique])
        key = pl.col(unique[0]) if len(unique) == 1 else pl.struct(unique)
        checked = checked.with_columns((complete & ~key.is_first_distinct()).alias(_DUP))
        marks.append(_DUP)
    result = checked.with_columns(pl.any_horizontal(marks or [pl.lit(False)]).alias(_BAD)).collect()

    bad = result.get_column(_BAD)
    good = result.lazy().filter(~pl.col(_BAD)) if bad.any() else result.lazy()
    good = good.select([*props, *extras]).collect()
    rejections = _rejections(clean.filter(bad), result, bad, plans, unique)
    return ValidationResult(
        good,
        rejections,
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


_REWRITTEN = "__riskengine_rw_"
_REWRITABLE = (FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.DATE, FieldKind.MONTH)


@dataclass(frozen=True)
class _Rewritten:
    """Hidden columns holding a field's rewritten value and flags (see :mod:`normalise`)."""

    value: str
    rewrites: dict[str, str]
    ambiguous: str | None = None
    recognised: str | None = None


def _plain_failure(name: str, kind: FieldKind) -> pl.Expr:
    """True where a text value does not parse as it stands (so rewriting might help)."""
    col = pl.col(name)
    if kind in (FieldKind.NUMBER, FieldKind.INTEGER):
        bad = col.cast(pl.Float64, strict=False).is_null()
    elif kind is FieldKind.DATE:
        bad = (col.str.len_bytes() != 10) | col.str.to_date("%Y-%m-%d", strict=False).is_null()
    else:
        bad = ~col.str.contains(r"^\d{4}-\d{2}$")
    return (col.is_not_null() & bad).any()


def _rewrite(
    clean: pl.DataFrame, props: Mapping[str, Mapping[str, Any]], excel: bool
) -> tuple[pl.DataFrame, dict[str, _Rewritten]]:
    """Rewrite (``12,345.00`` -> ``12345.00``, ``2025/3/5`` -> a date) the text columns that
    need it, into hidden columns; a clean column costs one cheap parse, nothing more."""
    kinds = {
        n: kind_of(p)
        for n, p in props.items()
        if n in clean.columns and clean.schema[n] == pl.String and kind_of(p) in _REWRITABLE
    }
    if not kinds or clean.is_empty():
        return clean, {}
    needs = clean.select([_plain_failure(n, k).alias(n) for n, k in kinds.items()]).row(0, named=True)
    exprs: list[pl.Expr] = []
    rewritten: dict[str, _Rewritten] = {}
    for name, kind in kinds.items():
        if not needs[name]:
            continue
        col = pl.col(name)
        if kind is FieldKind.DATE:
            out = normalise.date(col, excel=excel)
            value = out.date
        elif kind is FieldKind.MONTH:
            out = normalise.month(col)
            value = out.text
        else:
            out = normalise.number(col)
            value = out.text
        prefix = f"{_REWRITTEN}{name}_"
        exprs.append(value.alias(prefix + "value"))  # type: ignore[union-attr]
        exprs += [flag.fill_null(False).alias(prefix + kind_name) for kind_name, flag in out.rewrites.items()]
        if out.ambiguous is not None and out.recognised is not None:
            exprs += [out.ambiguous.alias(prefix + "ambiguous"), out.recognised.alias(prefix + "recognised")]
        rewritten[name] = _Rewritten(
            prefix + "value",
            {kind_name: prefix + kind_name for kind_name in out.rewrites},
            prefix + "ambiguous" if out.ambiguous is not None else None,
            prefix + "recognised" if out.recognised is not None else None,
        )
    return (clean.with_columns(exprs) if exprs else clean), rewritten


def _total_candidate(raw: pl.DataFrame, record_type: RecordType) -> pl.Expr:
    """Cheap first look for 合计 rows: every total label contains 计."""
    lists = {n for n, k in record_type.fields.items() if k is FieldKind.LIST}
    texts = [c for c, t in raw.schema.items() if t == pl.String and c not in lists]
    if not texts:
        return pl.lit(False)
    return pl.any_horizontal([pl.col(c).str.contains("计", literal=True).fill_null(False) for c in texts])


def _total_row(raw: pl.DataFrame, record_type: RecordType) -> pl.Expr:
    """A 合计/小计 row of a hand-kept ledger: a cell reads 合计 and the record key is empty
    (or is that label). A record whose description merely says 合计 keeps its key."""
    lists = {n for n, k in record_type.fields.items() if k is FieldKind.LIST}
    texts = [c for c, t in raw.schema.items() if t == pl.String and c not in lists]
    if not texts:
        return pl.lit(False)

    def label(c: str) -> pl.Expr:
        return pl.col(c).str.replace_all(r"\s+", "").str.contains(TOTAL_LABEL).fill_null(False)

    key = [f for f in record_type.key if f in raw.columns]
    keyless = pl.all_horizontal(
        [pl.col(f).is_null() | (label(f) if f in texts else pl.lit(False)) for f in key] or [pl.lit(True)]
    )
    return pl.any_horizontal([label(c) for c in texts]) & keyless


def _count_rewrites(clean: pl.DataFrame, plans: Mapping[str, _FieldPlan]) -> dict[tuple[str, str], int]:
    """How many values of each field were read after each kind of rewrite (one pass)."""
    exprs = {
        (name, kind): (flag & plan.value.is_not_null()).fill_null(False).sum()
        for name, plan in plans.items()
        for kind, flag in plan.rewrites.items()
    }
    if not exprs:
        return {}
    keys = list(exprs)
    counts = clean.select([e.alias(str(i)) for i, e in enumerate(exprs.values())]).row(0)
    return {key: int(n) for key, n in zip(keys, counts, strict=True) if n}


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


def _rejections(
    rejected_clean: pl.DataFrame,
    result: pl.DataFrame,
    bad: pl.Series,
    plans: Mapping[str, _FieldPlan],
    unique: list[str],
) -> pl.DataFrame:
    """One row per (row, bad field), ordered by row, then by the schema's field order."""
    if rejected_clean.is_empty():
        return pl.DataFrame(schema=REJECTION_SCHEMA)
    err_fields = {_ERR + name: name for name, plan in plans.items() if plan.checks}
    messages = rejected_clean.select(
        ROW,
        *[
            pl.coalesce([pl.when(c.failed).then(c.message) for c in plan.checks]).alias(_ERR + name)
            for name, plan in plans.items()
            if plan.checks
        ],
    )
    if unique:
        duplicates = _duplicate_messages(result.filter(bad), result, unique)
        messages = messages.with_columns(duplicates.alias(_DUP))
        err_fields[_DUP] = "+".join(unique)
    order = {col: i for i, col in enumerate(err_fields)}
    return (
        messages.unpivot(index=ROW, on=list(err_fields), variable_name="_col", value_name="error")
        .drop_nulls("error")
        .with_columns(
            pl.col("_col").replace_strict(order, return_dtype=pl.Int64).alias("_order"),
            pl.col("_col").replace_strict(err_fields, return_dtype=pl.String).alias("field"),
        )
        .sort(ROW, "_order")
        .select(pl.col(ROW).alias("row"), "field", "error")
        .cast(REJECTION_SCHEMA)
    )


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


def _needs_strip(raw: pl.DataFrame) -> set[str]:
    """The text columns where stripping changes something: a blank value or whitespace at either end.

    Checking is a scan of each value's ends; stripping copies every string. Clean exports (Parquet
    above all) skip the copy, and the values stay exactly as they would have been.
    """
    names = [name for name, dtype in raw.schema.items() if dtype == pl.String]
    if not names or not raw.height:
        return set(names)
    col = pl.col
    flags = raw.select(
        (col(n).str.contains(r"^\s") | col(n).str.contains(r"\s$") | (col(n).str.len_bytes() == 0))
        .any()
        .alias(n)
        for n in names
    ).row(0, named=True)
    return {name for name, dirty in flags.items() if dirty}


def _is_nested(dtype: pl.DataType) -> bool:
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


def _clean(name: str, dtype: pl.DataType, kind: FieldKind, sep: str, *, strip: bool = True) -> pl.Expr:
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
    if _is_nested(dtype):
        return col
    if dtype == pl.String and not strip:
        return col
    return _clean_string(col.cast(pl.String)).alias(name)


def _clean_extra(name: str, dtype: pl.DataType, *, strip: bool = True) -> pl.Expr:
    """Extra (unknown) columns are kept as text; nested values are kept as they are."""
    if _is_nested(dtype):
        return pl.col(name)
    if dtype == pl.String and not strip:
        return pl.col(name)
    return _clean_string(pl.col(name).cast(pl.String)).alias(name)


def _quoted(prefix: str, value: pl.Expr, suffix: str = "") -> pl.Expr:
    # concat_str rather than pl.format: schema patterns contain braces
    return pl.concat_str([pl.lit(prefix + "'"), value.cast(pl.String), pl.lit("'" + suffix)])


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class _Check:
    """One rule a value must keep: when ``failed`` (Boolean, never null), say ``message``."""

    failed: pl.Expr
    message: pl.Expr


def _check(failed: pl.Expr, message: pl.Expr | str) -> _Check:
    text = pl.lit(message) if isinstance(message, str) else message
    return _Check(failed.fill_null(False), text)


@dataclass(frozen=True)
class _FieldPlan:
    """A field compiled: its typed value and its checks, first failing check reported."""

    value: pl.Expr
    checks: list[_Check]
    rewrites: dict[str, pl.Expr] = field(default_factory=dict)


def _compile_field(
    name: str,
    prop: Mapping[str, Any],
    kind: FieldKind,
    dtype: pl.DataType,
    required: bool,
    rewritten: _Rewritten | None = None,
) -> _FieldPlan:
    col = pl.col(name)
    present = col.is_not_null()
    checks = [_check(col.is_null(), MISSING)] if required else []
    if _is_nested(dtype) and kind is not FieldKind.LIST:
        checks.append(_check(present, f"类型不符：应为{_KIND_ZH[kind]}"))
        return _FieldPlan(pl.lit(None, dtype=kind.polars_type), checks)
    text = dtype == pl.String
    shown = col.cast(pl.String)
    # a rewritten value (12,345.00 -> 12345.00) replaces the text; messages quote the original
    source = pl.col(rewritten.value) if rewritten is not None else col
    rewrites = {k: pl.col(c) for k, c in rewritten.rewrites.items()} if rewritten is not None else {}

    if kind is FieldKind.STRING:
        value = col
        checks += _enum_checks(col, prop) + _pattern_checks(col, prop, kind) + _length_checks(col, prop)
    elif kind is FieldKind.MONTH:
        value = source
        checks += _enum_checks(value, prop) + _pattern_checks(value, prop, kind, shown)
        checks += _length_checks(value, prop)
    elif kind is FieldKind.NUMBER:
        value = source.cast(pl.Float64, strict=False)
        checks.append(_check(present & ~value.is_finite().fill_null(False), _quoted(_t("not_number"), shown)))
        checks += _range_checks(value, shown, prop)
    elif kind is FieldKind.INTEGER:
        as_float = source.cast(pl.Float64, strict=False)
        integral = as_float.is_finite() & (as_float == as_float.round(0)) & (as_float.abs() < 2**53)
        value = pl.when(integral).then(as_float).cast(pl.Int64)
        if text:  # exact parse first: large integers must not pass through a float
            value = pl.coalesce(source.cast(pl.Int64, strict=False), value)
        checks.append(_check(present & value.is_null(), _quoted(_t("not_integer"), shown)))
        checks += _range_checks(value, shown, prop)
    elif kind is FieldKind.BOOLEAN:
        if text:
            words = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}
            value = col.str.to_lowercase().replace_strict(words, default=None, return_dtype=pl.Boolean)
        else:
            value = col.cast(pl.Boolean, strict=False)
        checks.append(_check(present & value.is_null(), _quoted(_t("not_boolean"), shown)))
    elif kind is FieldKind.DATE:
        if rewritten is not None:
            value = source
            failed = present & value.is_null()
            if rewritten.ambiguous:
                ambiguous = failed & pl.col(rewritten.ambiguous)
                checks.append(_check(ambiguous, _quoted(_t("date_ambiguous"), shown)))
            if rewritten.recognised:
                no_such_day = failed & pl.col(rewritten.recognised)
                checks.append(_check(no_such_day, _quoted(_t("date_invalid"), shown)))
        elif text:  # strict ISO: %Y-%m-%d alone would also accept 2026-1-5
            value = pl.when(col.str.len_bytes() == 10).then(col.str.to_date("%Y-%m-%d", strict=False))
        else:
            value = col.cast(pl.Date, strict=False)
        checks.append(_check(present & value.is_null(), _quoted(_t("date_format"), shown)))
    else:  # LIST: items are checked one by one inside each list
        value = col
        allowed = [v for v in prop.get("items", {}).get("enum", []) if v is not None]
        if allowed:
            outside = col.list.filter(~pl.element().is_in(allowed))
            checks.append(
                _check(
                    outside.list.len() > 0,
                    _quoted("不在允许值中：", outside.list.join("、"), _allowed(allowed)),
                )
            )
    return _FieldPlan(value, checks, rewrites)


def _t(key: str) -> str:
    """A validation message without its quoted value (the value follows in quotes)."""
    return text(key)


_KIND_ZH = {
    FieldKind.STRING: "文本",
    FieldKind.MONTH: "月份",
    FieldKind.NUMBER: "数字",
    FieldKind.INTEGER: "整数",
    FieldKind.BOOLEAN: "true 或 false",
    FieldKind.DATE: "日期",
    FieldKind.LIST: "列表",
}


def _allowed(values: list[str]) -> str:
    return f"（允许：{'、'.join(values)}）"


def _enum_checks(col: pl.Expr, prop: Mapping[str, Any]) -> list[_Check]:
    allowed = [v for v in prop.get("enum", []) if v is not None]
    if not allowed:
        return []
    return [
        _check(col.is_not_null() & ~col.is_in(allowed), _quoted("不在允许值中：", col, _allowed(allowed)))
    ]


def _pattern_checks(
    col: pl.Expr, prop: Mapping[str, Any], kind: FieldKind, shown: pl.Expr | None = None
) -> list[_Check]:
    pattern = prop.get("pattern")
    if not pattern:
        return []
    label = "月份格式应为 YYYY-MM：" if kind is FieldKind.MONTH else f"格式不符合 {pattern}："
    return [_check(~col.str.contains(pattern), _quoted(label, col if shown is None else shown))]


def _length_checks(col: pl.Expr, prop: Mapping[str, Any]) -> list[_Check]:
    # minLength 1 needs no check: empty text is already null
    checks = []
    if prop.get("minLength", 0) > 1:
        limit = prop["minLength"]
        checks.append(_check(col.str.len_chars() < limit, _quoted(f"长度不能少于 {limit} 个字符：", col)))
    if "maxLength" in prop:
        limit = prop["maxLength"]
        checks.append(_check(col.str.len_chars() > limit, _quoted(f"长度不能超过 {limit} 个字符：", col)))
    return checks


def _range_checks(value: pl.Expr, shown: pl.Expr, prop: Mapping[str, Any]) -> list[_Check]:
    checks = []
    if "minimum" in prop:
        limit = prop["minimum"]
        checks.append(_check(value < limit, _quoted(f"不能小于 {_number_text(limit)}：", shown)))
    if "exclusiveMinimum" in prop:
        limit = prop["exclusiveMinimum"]
        checks.append(_check(value <= limit, _quoted(f"应大于 {_number_text(limit)}：", shown)))
    if "maximum" in prop:
        limit = prop["maximum"]
        checks.append(_check(value > limit, _quoted(f"不能大于 {_number_text(limit)}：", shown)))
    if "exclusiveMaximum" in prop:
        limit = prop["exclusiveMaximum"]
        checks.append(_check(value >= limit, _quoted(f"应小于 {_number_text(limit)}：", shown)))
    if "multipleOf" in prop:
        step = prop["multipleOf"]
        quotient = value.cast(pl.Float64) / step
        # a few ulps of slack: 0.07 / 0.01 is 7.000000000000001 in binary floating point
        off = (quotient - quotient.round(0)).abs() > (1e-6 + quotient.abs() * 1e-12)
        decimals = _decimals_of(step)
        label = (
            f"小数位超过 {decimals} 位：" if decimals is not None else f"应为 {_number_text(step)} 的整数倍："
        )
        checks.append(_check(off, _quoted(label, shown)))
    return checks


def _decimals_of(step: float) -> int | None:
    """2 for 0.01; None when ``step`` is not a power of ten."""
    for decimals in range(0, 10):
        if abs(step - 10**-decimals) < 1e-12:
            return decimals
    return None


def _duplicate_messages(rejected: pl.DataFrame, result: pl.DataFrame, unique: list[str]) -> pl.Series:
    """The duplicate-key message of each rejected row (null where its key is not a repeat).

    The first occurrence of an ``x-unique`` key is kept; each later one is rejected naming
    the row of the first. Only the rows sharing a repeated key are looked at again.
    """
    repeated = rejected.filter(pl.col(_DUP)).select(unique).unique()
    if repeated.is_empty():
        return pl.Series(_DUP, [None] * rejected.height, dtype=pl.String)
    first_rows = (
        result.join(repeated, on=unique, how="semi", maintain_order="left")
        .group_by(unique, maintain_order=True)
        .agg(pl.col(ROW).first().alias("_first_row"))
    )
    key_text = pl.concat_str([pl.col(f).cast(pl.String) for f in unique], separator=":")
    prefix = "重复的编号 '" if len(unique) == 1 else f"重复的记录（{'+'.join(unique)}）'"
    message = pl.concat_str(
        [
            pl.lit(prefix),
            key_text,
            pl.lit("'（首次出现在第 "),
            pl.col("_first_row").cast(pl.String),
            pl.lit(" 行）"),
        ]
    )
    return (
        rejected.join(first_rows, on=unique, how="left", maintain_order="left")
        .select(pl.when(pl.col(_DUP)).then(message).alias(_DUP))
        .to_series()
    )
