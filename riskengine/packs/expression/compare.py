"""Comparisons of the rule expression language: ==, <, in and friends, with their type rules.

Integers and decimals compare freely; a string constant compared with a date is read as
``YYYY-MM-DD`` and one compared with a month must look like ``YYYY-MM``; ``x == null`` tests for
a missing value. ``in`` looks a value up in a constant list or in a list field.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import polars as pl

from ...data.records import FieldKind
from ...messages import text
from .codes import check_comparison, check_membership
from .types import (
    NULL,
    NUMERIC,
    TEXTUAL,
    Typed,
    constant,
    is_month_text,
    kind_name,
    polars_dtype,
    unify,
)

if TYPE_CHECKING:
    from .compiler import Compiler

_COMPARISONS: dict[type, tuple[str, Callable[[Any, Any], Any]]] = {
    ast.Eq: ("==", operator.eq),
    ast.NotEq: ("!=", operator.ne),
    ast.Lt: ("<", operator.lt),
    ast.LtE: ("<=", operator.le),
    ast.Gt: (">", operator.gt),
    ast.GtE: (">=", operator.ge),
}


def compare(c: Compiler, left: Typed, op: ast.cmpop, right: Typed) -> Typed:
    """One link of a (possibly chained) comparison, type-checked."""
    if isinstance(op, ast.In | ast.NotIn):
        found = membership(c, left, right)
        if isinstance(op, ast.In):
            return found
        return Typed(FieldKind.BOOLEAN, lambda env: ~found.build(env), found.node)
    if isinstance(op, ast.Is | ast.IsNot):
        c.fail(right.node, text("expr_no_is"))
    symbol, apply = _COMPARISONS[type(op)]
    check_comparison(c, left, right)
    if NULL in (left.kind, right.kind):
        return null_comparison(c, left, symbol, right)
    left, right = harmonise(c, left, symbol, right)
    if symbol not in ("==", "!=") and left.kind is FieldKind.BOOLEAN:
        c.fail(right.node, text("expr_bool_compare", symbol=symbol))
    if FieldKind.LIST in (left.kind, right.kind):
        c.fail(right.node, text("expr_list_compare"))
    return Typed(FieldKind.BOOLEAN, lambda env: apply(left.build(env), right.build(env)), right.node)


def null_comparison(c: Compiler, left: Typed, symbol: str, right: Typed) -> Typed:
    """``x == null`` is ``is_null(x)``; ordering against null is an author error."""
    if symbol not in ("==", "!="):
        c.fail(right.node, text("expr_null_compare", symbol=symbol))
    other = right if left.kind is NULL else left
    if other.kind is NULL:
        return constant(FieldKind.BOOLEAN, symbol == "==", right.node)
    if symbol == "==":
        return Typed(FieldKind.BOOLEAN, lambda env: other.build(env).is_null(), right.node)
    return Typed(FieldKind.BOOLEAN, lambda env: other.build(env).is_not_null(), right.node)


def harmonise(c: Compiler, left: Typed, symbol: str, right: Typed) -> tuple[Typed, Typed]:
    """Check that two sides can be compared; read string constants as dates or months as needed."""
    kinds = {left.kind, right.kind}
    if kinds <= NUMERIC or (left.kind == right.kind and left.kind is not FieldKind.MONTH):
        return left, right
    if kinds <= TEXTUAL:
        for side in (left, right):
            if side.kind is FieldKind.STRING and side.is_const and not is_month_text(side.value):
                c.fail(side.node, text("expr_bad_month", value=side.value))
        return left, right
    if FieldKind.DATE in kinds:
        if right.kind is FieldKind.STRING and right.is_const:
            return left, c.parse_date_constant(right)
        if left.kind is FieldKind.STRING and left.is_const:
            return c.parse_date_constant(left), right
    hint = text("expr_month_hint") if kinds == {FieldKind.DATE, FieldKind.MONTH} else ""
    c.fail(
        right.node,
        text("expr_cannot_compare", left=kind_name(left.kind), right=kind_name(right.kind),
             expr=f"{c.parsed.segment(left.node)} {symbol} {c.parsed.segment(right.node)}", hint=hint),
    )


def membership(c: Compiler, item: Typed, container: Typed) -> Typed:
    """``item in container`` for a constant list or a list field."""
    check_membership(c, item, container)
    if container.kind is not FieldKind.LIST:
        c.fail(
            container.node,
            text("expr_in_needs_list", container=c.text(container.node), kind=kind_name(container.kind)),
        )
    if item.kind is NULL:
        c.fail(item.node, text("expr_null_in"))
    if item.kind is FieldKind.LIST:
        c.fail(item.node, text("expr_list_in_list", item=c.text(item.node)))
    elem = container.elem if container.is_const else FieldKind.STRING  # list fields hold strings
    values = list(container.value) if container.is_const else None
    if elem is not None and unify(item.kind, elem) is False:
        if item.kind is FieldKind.DATE and elem is FieldKind.STRING and values is not None:
            values = [c.parse_date_constant(constant(elem, v, container.node)).value for v in values]
            elem = FieldKind.DATE
        else:
            c.fail(
                container.node,
                text("expr_in_wrong_kind", elem=kind_name(elem), kind=kind_name(item.kind),
                     item=c.text(item.node)),
            )
    if values is None:
        return Typed(
            FieldKind.BOOLEAN, lambda env: container.build(env).list.contains(item.build(env)), item.node
        )
    if item.kind in NUMERIC and FieldKind.NUMBER in (item.kind, elem):
        dtype: pl.DataType = pl.Float64()  # an Int64 column is not found in a Float64 list
        lookup = pl.Series("", [float(v) for v in values], dtype=dtype)
        return Typed(
            FieldKind.BOOLEAN, lambda env: item.build(env).cast(dtype).is_in(lookup.implode()), item.node
        )
    lookup = pl.Series("", values, dtype=polars_dtype(item.kind))
    return Typed(FieldKind.BOOLEAN, lambda env: item.build(env).is_in(lookup.implode()), item.node)
