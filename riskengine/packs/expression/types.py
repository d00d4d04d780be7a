"""Value kinds and typed nodes of the rule expression language.

The compiler turns each syntax node into a :class:`Typed`: its kind (checked at pack load, so
an author learns about ``amount > 'abc'`` before any data is read), a builder producing the
Polars expression for a given assessment, and, for compile-time constants (literals,
``params.x``, ``date('...')``), the Python value itself.
"""

from __future__ import annotations

import ast
import datetime as dt
import enum
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from ...data.records import FieldKind
from ...messages import text


class NullKind(enum.Enum):
    """The kind of the ``null`` literal: compatible with everything, only compared with == / !=."""

    NULL = "null"


NULL = NullKind.NULL
Kind = FieldKind | NullKind

NUMERIC = frozenset({FieldKind.INTEGER, FieldKind.NUMBER})
TEXTUAL = frozenset({FieldKind.STRING, FieldKind.MONTH})


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Env:
    """What varies between assessments of the same compiled pack."""

    as_of: dt.date


Builder = Callable[[Env], pl.Expr]


class _NoValue:
    def __repr__(self) -> str:
        return "NO_VALUE"


NO_VALUE: Any = _NoValue()


@dataclass(frozen=True)
class Typed:
    """A type-checked node: its kind, how to build it, and its value when known at compile time."""

    kind: Kind
    build: Builder
    node: ast.AST
    value: Any = NO_VALUE
    elem: Kind | None = None  # element kind of a LIST; None when unknown (empty list)

    @property
    def is_const(self) -> bool:
        return self.value is not NO_VALUE


def kind_name(kind: Kind | None) -> str:
    """The name of a kind in the user's language, as shown in error messages."""
    return text(f"expr_kind_{kind.value}" if kind is not None else "expr_kind_unknown")


def parse_iso_date(text: str) -> dt.date | None:
    """``YYYY-MM-DD`` to a date, or None (the stricter pattern refuses Python's ``20260101``)."""
    if not _DATE_RE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def is_month_text(text: str) -> bool:
    """True for a ``YYYY-MM`` month."""
    return bool(_MONTH_RE.match(text))


INT64_MAX = 2**63 - 1


def in_range(value: Any) -> bool:
    """Whether a number literal is one Polars holds exactly: a 64-bit integer or a finite decimal."""
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return abs(value) <= INT64_MAX
    if isinstance(value, float):
        return math.isfinite(value)
    return True


def scalar_kind(value: Any) -> Kind | None:
    """The kind of a scalar parameter or literal value; None if the language has no such kind."""
    if value is None:
        return NULL
    if isinstance(value, bool):  # before int: bool is an int subclass
        return FieldKind.BOOLEAN
    if isinstance(value, int):
        return FieldKind.INTEGER
    if isinstance(value, float):
        return FieldKind.NUMBER
    if isinstance(value, str):
        return FieldKind.STRING
    if isinstance(value, dt.date):
        return FieldKind.DATE
    return None


def unify(a: Kind | None, b: Kind | None) -> Kind | None | bool:
    """The common kind of two kinds (None = unknown yet), or False when they do not mix."""
    if a is None or a is NULL:
        return b
    if b is None or b is NULL:
        return a
    if a == b:
        return a
    if a in NUMERIC and b in NUMERIC:
        return FieldKind.NUMBER
    if a in TEXTUAL and b in TEXTUAL:
        return FieldKind.STRING
    return False


def polars_dtype(kind: Kind | None) -> pl.DataType:
    """The Polars type used for constants of a kind (null and unknown become String)."""
    if isinstance(kind, FieldKind):
        return kind.polars_type
    return pl.String()


def constant(kind: Kind, value: Any, node: ast.AST, elem: Kind | None = None) -> Typed:
    """A compile-time constant (literal, parameter or folded expression)."""
    if kind is FieldKind.LIST:
        series = pl.Series("", list(value), dtype=polars_dtype(elem))

        def build_list(env: Env) -> pl.Expr:
            return pl.lit(series).implode()

        return Typed(kind, build_list, node, value=tuple(value), elem=elem)
    dtype = pl.Null() if kind is NULL else polars_dtype(kind)

    def build(env: Env) -> pl.Expr:
        return pl.lit(value, dtype=dtype)

    return Typed(kind, build, node, value=value)


def accepts(expected: Kind, actual: Kind) -> bool:
    """Whether a result of kind ``actual`` satisfies an expected kind (numbers mix, months are strings)."""
    if expected == actual:
        return True
    if expected is FieldKind.NUMBER and actual is FieldKind.INTEGER:
        return True
    return expected is FieldKind.STRING and actual is FieldKind.MONTH
