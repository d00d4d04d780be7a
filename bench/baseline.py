"""The baseline the engine is measured against: the same condition rules, evaluated the
plain way — one Python function call per record, over rows read as dicts."""

from __future__ import annotations

import ast
import datetime as dt
import operator
from collections.abc import Callable
from typing import Any

import chinese_calendar

_COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_ARITH = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
}
_FUNCS: dict[str, Callable[..., Any]] = {
    "is_null": lambda x: x is None,
    "not_null": lambda x: x is not None,
    "abs": abs,
    "len": len,
    "contains": lambda xs, v: xs is not None and v in xs,
    "coalesce": lambda *xs: next((x for x in xs if x is not None), None),
    "year": lambda d: d.year,
    "month": lambda d: f"{d.year:04d}-{d.month:02d}",
    "weekday": lambda d: d.isoweekday(),
    "days_between": lambda a, b: (b - a).days,
    "round": round,
    "lower": str.lower,
    "date": dt.date.fromisoformat,
    "is_rest_day": lambda d: not chinese_calendar.is_workday(d),
}


class Unsupported(Exception):
    pass


def python_predicate(source: str, params: dict[str, Any], as_of: dt.date) -> Callable[[dict], bool]:
    """A per-record Python function equivalent to a rule condition."""
    tree = ast.parse(
        source.replace("true", "True").replace("false", "False").replace("null", "None"), mode="eval"
    )
    fn = _build(tree.body, params, as_of)

    def predicate(row: dict) -> bool:
        try:
            return bool(fn(row))
        except TypeError:  # a comparison with None is false, as in the engine
            return False

    return predicate


def _build(node, params, as_of):  # noqa: C901 - a small interpreter
    if isinstance(node, ast.BoolOp):
        parts = [_build(v, params, as_of) for v in node.values]
        if isinstance(node.op, ast.And):
            return lambda r: all(p(r) for p in parts)
        return lambda r: any(p(r) for p in parts)
    if isinstance(node, ast.UnaryOp):
        inner = _build(node.operand, params, as_of)
        return (lambda r: not inner(r)) if isinstance(node.op, ast.Not) else (lambda r: -inner(r))
    if isinstance(node, ast.Compare):
        left = _build(node.left, params, as_of)
        pairs = [
            (_COMPARE[type(op)], _build(c, params, as_of))
            for op, c in zip(node.ops, node.comparators, strict=True)
        ]

        def compare(r):
            a = left(r)
            for op, right in pairs:
                b = right(r)
                if not op(a, b):
                    return False
                a = b
            return True

        return compare
    if isinstance(node, ast.BinOp):
        left, right, op = (
            _build(node.left, params, as_of),
            _build(node.right, params, as_of),
            _ARITH[type(node.op)],
        )
        return lambda r: op(left(r), right(r))
    if isinstance(node, ast.Attribute):
        value = params[node.attr]
        return lambda r: value
    if isinstance(node, ast.Name):
        if node.id == "as_of":
            return lambda r: as_of
        name = node.id
        return lambda r: r[name]
    if isinstance(node, ast.Constant):
        value = node.value
        return lambda r: value
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [_build(e, params, as_of) for e in node.elts]
        return lambda r: [i(r) for i in items]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCS:
        fn = _FUNCS[node.func.id]
        args = [_build(a, params, as_of) for a in node.args]
        return lambda r: fn(*(a(r) for a in args))
    raise Unsupported(ast.dump(node)[:60])


def supported_source(source: str, params: dict[str, Any], as_of: dt.date) -> bool:
    """Whether the baseline can evaluate this condition."""
    try:
        python_predicate(source, params, as_of)
    except (Unsupported, KeyError):
        return False
    return True
