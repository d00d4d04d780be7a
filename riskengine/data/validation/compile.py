"""A field of the schema compiled into Polars: its typed value and the checks it must pass.

The value is parsed column-wise (``cast(strict=False)``, then the values that became null are
the bad ones); the checks are the type check of the field's kind followed by its schema's own
(:mod:`.checks`). The first failing check of a field is the one reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ...messages import text as message_text
from ..records import FieldKind
from .checks import (
    Check,
    allowed_text,
    check,
    enum_checks,
    lead,
    length_checks,
    missing,
    pattern_checks,
    quoted,
    range_checks,
)
from .columns import is_nested
from .rewrite import Rewritten

_TRUE = ("true", "t", "yes", "y", "1", "是", "对")
_FALSE = ("false", "f", "no", "n", "0", "否", "错")



@dataclass(frozen=True)
class FieldPlan:
    """A field compiled: its typed value and its checks, first failing check reported."""

    value: pl.Expr
    checks: list[Check]
    rewrites: dict[str, pl.Expr] = field(default_factory=dict)


def compile_field(
    name: str,
    prop: Mapping[str, Any],
    kind: FieldKind,
    dtype: pl.DataType,
    required: bool,
    rewritten: Rewritten | None = None,
) -> FieldPlan:
    """Compile field ``name`` (its schema ``prop``, as read in a column of ``dtype``).

    ``rewritten`` names the hidden columns of its rewritten values, when it has any (:mod:`.rewrite`).
    """
    col = pl.col(name)
    present = col.is_not_null()
    checks = [check(col.is_null(), missing())] if required else []
    if is_nested(dtype) and kind is not FieldKind.LIST:
        expected = message_text(f"val_kind_{kind.value}")
        checks.append(check(present, message_text("val_wrong_type", kind=expected)))
        return FieldPlan(pl.lit(None, dtype=kind.polars_type), checks)
    text = dtype == pl.String
    shown = col.cast(pl.String)
    # a rewritten value (12,345.00 -> 12345.00) replaces the text; messages quote the original
    source = pl.col(rewritten.value) if rewritten is not None else col
    rewrites = {k: pl.col(c) for k, c in rewritten.rewrites.items()} if rewritten is not None else {}

    if kind is FieldKind.STRING:
        value = col
        checks += enum_checks(col, prop) + pattern_checks(col, prop, kind) + length_checks(col, prop)
    elif kind is FieldKind.MONTH:
        value = source
        checks += enum_checks(value, prop) + pattern_checks(value, prop, kind, shown)
        checks += length_checks(value, prop)
    elif kind is FieldKind.NUMBER:
        value = source.cast(pl.Float64, strict=False)
        checks.append(check(present & ~value.is_finite().fill_null(False), quoted(lead("not_number"), shown)))
        checks += range_checks(value, shown, prop)
    elif kind is FieldKind.INTEGER:
        as_float = source.cast(pl.Float64, strict=False)
        integral = as_float.is_finite() & (as_float == as_float.round(0)) & (as_float.abs() < 2**53)
        value = pl.when(integral).then(as_float).cast(pl.Int64)
        if text:  # exact parse first: large integers must not pass through a float
            value = pl.coalesce(source.cast(pl.Int64, strict=False), value)
        checks.append(check(present & value.is_null(), quoted(lead("not_integer"), shown)))
        checks += range_checks(value, shown, prop)
    elif kind is FieldKind.BOOLEAN:
        if text:
            words = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}
            value = col.str.to_lowercase().replace_strict(words, default=None, return_dtype=pl.Boolean)
        else:
            value = col.cast(pl.Boolean, strict=False)
        checks.append(check(present & value.is_null(), quoted(lead("not_boolean"), shown)))
    elif kind is FieldKind.DATE:
        if rewritten is not None:
            value = source
            failed = present & value.is_null()
            if rewritten.ambiguous:
                ambiguous = failed & pl.col(rewritten.ambiguous)
                checks.append(check(ambiguous, quoted(lead("date_ambiguous"), shown)))
            if rewritten.recognised:
                no_such_day = failed & pl.col(rewritten.recognised)
                checks.append(check(no_such_day, quoted(lead("date_invalid"), shown)))
        elif text:  # strict ISO: %Y-%m-%d alone would also accept 2026-1-5
            value = pl.when(col.str.len_bytes() == 10).then(col.str.to_date("%Y-%m-%d", strict=False))
        else:
            value = col.cast(pl.Date, strict=False)
        checks.append(check(present & value.is_null(), quoted(lead("date_format"), shown)))
    else:  # LIST: items are checked one by one inside each list
        value = col
        allowed = [v for v in prop.get("items", {}).get("enum", []) if v is not None]
        if allowed:
            outside = col.list.filter(~pl.element().is_in(allowed))
            checks.append(
                check(
                    outside.list.len() > 0,
                    quoted(message_text("val_not_allowed"), outside.list.join("、"), allowed_text(allowed)),
                )
            )
    return FieldPlan(value, checks, rewrites)
