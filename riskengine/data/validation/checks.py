"""The checks a value must pass, each a Boolean Polars expression with the message it earns.

Enum, pattern, length and range (``minimum`` … ``multipleOf``) checks come from the field's JSON
Schema; the type checks are built in :mod:`.compile`. A message quotes the offending value as it
was written, e.g. ``不能小于 0：'-5'``; messages are only built for the rows that fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from ...messages import text
from ..records import FieldKind


def missing() -> str:
    """The message of a required field left empty."""
    return text("val_missing")


@dataclass(frozen=True)
class Check:
    """One rule a value must keep: when ``failed`` (Boolean, never null), say ``message``."""

    failed: pl.Expr
    message: pl.Expr


def check(failed: pl.Expr, message: pl.Expr | str) -> Check:
    """A :class:`Check`; a null ``failed`` (an absent value) counts as passing."""
    text = pl.lit(message) if isinstance(message, str) else message
    return Check(failed.fill_null(False), text)


def quoted(prefix: str, value: pl.Expr, suffix: str = "") -> pl.Expr:
    """``prefix'value'suffix`` for every row: the message quoting the value as written."""
    # concat_str rather than pl.format: schema patterns contain braces
    return pl.concat_str([pl.lit(prefix + "'"), value.cast(pl.String), pl.lit("'" + suffix)])


def lead(key: str) -> str:
    """A validation message without its quoted value (the value follows in quotes)."""
    return text(key)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def allowed_text(values: list[str]) -> str:
    """The list of allowed values shown after a value that is not one of them."""
    return text("val_allowed", values="、".join(values))


def enum_checks(col: pl.Expr, prop: Mapping[str, Any]) -> list[Check]:
    """The value is one of the schema's ``enum``."""
    allowed = [v for v in prop.get("enum", []) if v is not None]
    if not allowed:
        return []
    return [
        check(
            col.is_not_null() & ~col.is_in(allowed),
            quoted(text("val_not_allowed"), col, allowed_text(allowed)),
        )
    ]


def pattern_checks(
    col: pl.Expr, prop: Mapping[str, Any], kind: FieldKind, shown: pl.Expr | None = None
) -> list[Check]:
    """The value matches the schema's ``pattern`` (months say so in their own words)."""
    pattern = prop.get("pattern")
    if not pattern:
        return []
    label = text("val_month_format") if kind is FieldKind.MONTH else text("val_pattern", pattern=pattern)
    return [check(~col.str.contains(pattern), quoted(label, col if shown is None else shown))]


def length_checks(col: pl.Expr, prop: Mapping[str, Any]) -> list[Check]:
    """The text is within ``minLength`` and ``maxLength`` characters."""
    # minLength 1 needs no check: empty text is already null
    checks = []
    if prop.get("minLength", 0) > 1:
        limit = prop["minLength"]
        checks.append(check(col.str.len_chars() < limit, quoted(text("val_too_short", limit=limit), col)))
    if "maxLength" in prop:
        limit = prop["maxLength"]
        checks.append(check(col.str.len_chars() > limit, quoted(text("val_too_long", limit=limit), col)))
    return checks


def range_checks(value: pl.Expr, shown: pl.Expr, prop: Mapping[str, Any]) -> list[Check]:
    """The number keeps the schema's bounds and ``multipleOf`` (0.01: at most two decimals)."""
    checks = []
    if "minimum" in prop:
        limit = prop["minimum"]
        checks.append(check(value < limit, quoted(text("val_minimum", limit=_number_text(limit)), shown)))
    if "exclusiveMinimum" in prop:
        limit = prop["exclusiveMinimum"]
        sentence = text("val_exclusive_minimum", limit=_number_text(limit))
        checks.append(check(value <= limit, quoted(sentence, shown)))
    if "maximum" in prop:
        limit = prop["maximum"]
        checks.append(check(value > limit, quoted(text("val_maximum", limit=_number_text(limit)), shown)))
    if "exclusiveMaximum" in prop:
        limit = prop["exclusiveMaximum"]
        sentence = text("val_exclusive_maximum", limit=_number_text(limit))
        checks.append(check(value >= limit, quoted(sentence, shown)))
    if "multipleOf" in prop:
        step = prop["multipleOf"]
        quotient = value.cast(pl.Float64) / step
        # a few ulps of slack: 0.07 / 0.01 is 7.000000000000001 in binary floating point
        off = (quotient - quotient.round(0)).abs() > (1e-6 + quotient.abs() * 1e-12)
        decimals = _decimals_of(step)
        label = (
            text("val_decimals", decimals=decimals)
            if decimals is not None
            else text("val_multiple_of", step=_number_text(step))
        )
        checks.append(check(off, quoted(label, shown)))
    return checks


def _decimals_of(step: float) -> int | None:
    """2 for 0.01; None when ``step`` is not a power of ten."""
    for decimals in range(0, 10):
        if abs(step - 10**-decimals) < 1e-12:
            return decimals
    return None
