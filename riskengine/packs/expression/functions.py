"""The built-in functions of the rule expression language.

Each function checks its arguments' kinds at compile time and builds a Polars expression. The
table is closed: a condition can call nothing else.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from ...data import calendar
from ...data.records import FieldKind
from ...messages import CATALOG, text
from ...messages import text as message
from .compare import membership
from .compiler import Compiler
from .types import NULL, NUMERIC, TEXTUAL, Kind, Typed, constant, kind_name, parse_iso_date, unify

Impl = Callable[[Compiler, ast.Call, list[Typed]], Typed]


@dataclass(frozen=True)
class FunctionSpec:
    """A built-in function: its arity, how it is written (for messages) and its compiler."""

    name: str
    min_args: int
    max_args: int | None
    signature: str
    impl: Impl

    @property
    def shown_signature(self) -> str:
        """The signature as shown to the user, its placeholders in the user's language."""
        key = f"sig_{self.name}"
        return text(key) if key in CATALOG else self.signature

    def check_arity(self, compiler: Compiler, node: ast.Call) -> None:
        count = len(node.args)
        if self.max_args is None and count < self.min_args:
            compiler.fail(
                node,
                text("expr_min_args", name=self.name, n=self.min_args, signature=self.shown_signature,
                     count=count),
            )
        if self.max_args is not None and not self.min_args <= count <= self.max_args:
            compiler.fail(
                node,
                text("expr_args", name=self.name, n=self.min_args, signature=self.shown_signature,
                     count=count),
            )

    def compile(self, compiler: Compiler, node: ast.Call, args: list[Typed]) -> Typed:
        return self.impl(compiler, node, args)


def _is_null(c: Compiler, node: ast.Call, args: list[Typed]) -> Typed:
    (x,) = args
    if x.kind is NULL:
        return constant(FieldKind.BOOLEAN, True, node)
    return Typed(FieldKind.BOOLEAN, lambda env: x.build(env).is_null(), node)


def _not_null(c: Compiler, node: ast.Call, args: list[Typed]) -> Typed:
    (x,) = args
    if x.kind is NULL:
        return constant(FieldKind.BOOLEAN, False, node)
    return Typed(FieldKind.BOOLEAN, lambda env: x.build(env).is_not_null(), node)


def _len(c: Compiler, node: ast.Call, args: list[Typed]) -> Typed:
    (x,) = args
    c.require(x, {FieldKind.LIST, FieldKind.STRING, FieldKind.MONTH}, text("slot_arg", name="len"))
    if x.is_const:
        return constant(FieldKind.INTEGER, len(x.value), node)
    if x.kind is FieldKind.LIST:
        return Typed(FieldKind.INTEGER, lambda env: x.build(env).list.len().cast(pl.Int64), node)
    return Typed(FieldKind.INTEGER, lambda env: x.build(env).str.len_chars().cast(pl.Int64), node)


def _contains(c: Compiler, node: ast.Call, args: list[Typed]) -> Typed:
    container, item = args
    if container.kind in TEXTUAL:  # contains(description, '招待'): a substring test
        c.require(item, TEXTUAL, text("slot_contains_needle"))
        return Typed(
            FieldKind.BOOLEAN,
            lambda env: container.build(env).str.contains(item.build(env), literal=True),
            node,
        )
    c.require(container, {FieldKind.LIST}, text("slot_first_arg", name="contains"))
    return membership(c, item, container)


def _year(c: Compiler, node: ast.Call, args: list[Typed]) -> Typed:
    (d,) = args
    if d.kind is FieldKind.MONTH:
        return Typed(FieldKind.INTEGER, lambda env: d.build(env).str.slice(0, 4).cast(pl.Int64), node)
    d = c.as_date(d, text("slot_arg", name="year"))
    return Typed(FieldKind.INTEGER, lambda env: d.build(env).dt.year().cast(pl.Int64), node)


def _month(c: Compiler, node: ast.Call, args: list[Typed]) -> Typed:
    (d,) = args
    if d.kind is FieldKind.MONTH:
        return d
    d = c.as_date(d, text("slot_arg", name="month"))
    return Typed(FieldKind.MONTH, lambda env: d.build(env).dt.strftime("%Y-%m"), node)


def _weekday(c: Compiler, node: ast.Call, args: list[Typed]) -> Typed:
    d = c.as_date(args[0], text("slot_arg", name="weekday"))
    # Polars numbers ISO weekdays: 1 = Monday ... 7 = Sunday, as the language documents.
    return Typed(FieldKind.INTEGER, lambda env: d.build(env).dt.weekday().cast(pl.Int64), node)


def _days_between(c: Compiler, node: ast.Call, args: list[Typed]) -> Typed:
    a = c.as_date(args[0], text("slot_first_arg", name="days_between"))
    b = c.as_date(args[1], text("slot_second_arg", name="days_between"))
    return Typed(FieldKind.INTEGER, lambda env: (b.build(env) - a.build(env)).dt.total_days(), node)


def _abs(c: Compiler, node: ast.Call, args: list[Typed]) -> Typed:
    (x,) = args
    c.require(x, NUMERIC, text("slot_arg", name="abs"))
    return Typed(x.kind, lambda env: x.build(env).abs(), node)


def _coalesce(c: Compiler, node: ast.Call, args: list[Typed]) -> Typed:
    kind: Kind | None = None
    for arg in args:
        merged = unify(kind, arg.kind)
        if merged is False and {kind, arg.kind} == {FieldKind.DATE, FieldKind.STRING}:
            merged = FieldKind.DATE  # as_date below reads string constants as dates, refuses string fields
        if merged is False:
            c.fail(
                arg.node,
                text("expr_coalesce_kinds", arg=c.text(arg.node), kind=kind_name(arg.kind),
                     before=kind_name(kind)),
            )
        kind = merged  # type: ignore[assignment]
    if kind is None or kind is NULL:
        c.fail(node, text("expr_coalesce_null"))
    if kind is FieldKind.DATE:
        args = [c.as_date(a, text("slot_arg", name="coalesce")) if a.kind is not NULL else a for a in args]
    dtype = kind.polars_type  # type: ignore[union-attr]
    return Typed(kind, lambda env: pl.coalesce([a.build(env).cast(dtype) for a in args]), node)


def _round(c: Compiler, node: ast.Call, args: list[Typed]) -> Typed:
    x, digits = args
    c.require(x, NUMERIC, text("slot_first_arg", name="round"))
    if not (digits.is_const and digits.kind is FieldKind.INTEGER and 0 <= digits.value <= 10):
        c.fail(digits.node, text("expr_round_digits"))
    return Typed(FieldKind.NUMBER, lambda env: x.build(env).cast(pl.Float64).round(digits.value), node)


def _lower(c: Compiler, node: ast.Call, args: list[Typed]) -> Typed:
    (s,) = args
    c.require(s, TEXTUAL, text("slot_arg", name="lower"))
    return Typed(FieldKind.STRING, lambda env: s.build(env).str.to_lowercase(), node)


def _is_rest_day(c: Compiler, node: ast.Call, args: list[Typed]) -> Typed:
    d = c.as_date(args[0], text("slot_arg", name="is_rest_day"))
    return Typed(FieldKind.BOOLEAN, lambda env: calendar.is_rest_day(d.build(env)), node)


def _date(c: Compiler, node: ast.Call, args: list[Typed]) -> Typed:
    (text,) = args
    if not (text.is_const and text.kind is FieldKind.STRING):
        c.fail(text.node, message("expr_date_arg"))
    value = parse_iso_date(text.value)
    if value is None:
        c.fail(text.node, message("expr_bad_date", value=text.value))
    return constant(FieldKind.DATE, value, node)


def _spec(name: str, arity: int | tuple[int, int | None], signature: str, impl: Impl) -> FunctionSpec:
    low, high = (arity, arity) if isinstance(arity, int) else arity
    return FunctionSpec(name, low, high, signature, impl)


FUNCTIONS: dict[str, FunctionSpec] = {
    spec.name: spec
    for spec in (
        _spec("is_null", 1, "is_null(x)", _is_null),
        _spec("not_null", 1, "not_null(x)", _not_null),
        _spec("len", 1, "len(列表或字符串)", _len),
        _spec("contains", 2, "contains(列表, 值)", _contains),
        _spec("year", 1, "year(日期)", _year),
        _spec("month", 1, "month(日期)", _month),
        _spec("weekday", 1, "weekday(日期)", _weekday),
        _spec("days_between", 2, "days_between(开始日期, 结束日期)", _days_between),
        _spec("abs", 1, "abs(数值)", _abs),
        _spec("coalesce", (2, None), "coalesce(a, b, ...)", _coalesce),
        _spec("round", 2, "round(数值, 小数位数)", _round),
        _spec("lower", 1, "lower(字符串)", _lower),
        _spec("is_rest_day", 1, "is_rest_day(日期)", _is_rest_day),
        _spec("date", 1, "date('YYYY-MM-DD')", _date),
    )
}
