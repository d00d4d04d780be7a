"""Type-checking compiler from a whitelisted Python ``ast`` to typed Polars builders.

Only the node types handled here are accepted; anything else (subscripts, lambdas,
comprehensions, attribute access other than ``params.<name>``, names starting with ``_``) is
refused with an :class:`~riskengine.errors.ExpressionError`. Nothing is ever evaluated by Python:
the tree only becomes Polars expressions. Null follows SQL: a comparison with a null value is
unknown, ``and``/``or`` use three-valued logic, and an unknown condition does not match.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from functools import reduce
from typing import Any, NoReturn

import polars as pl

from .errors import ExpressionError, Problem
from .expression_compare import compare
from .expression_source import ParsedExpression, unknown_name_message
from .expression_types import (
    NULL,
    NUMERIC,
    Kind,
    Typed,
    constant,
    in_range,
    kind_name,
    parse_iso_date,
    scalar_kind,
    unify,
)
from .messages import text
from .records import FieldKind

KEYWORDS: dict[str, Any] = {"true": True, "false": False, "null": None}

_ARITHMETIC: dict[type, tuple[str, Callable[[Any, Any], Any]]] = {
    ast.Add: ("+", operator.add),
    ast.Sub: ("-", operator.sub),
    ast.Mult: ("*", operator.mul),
    ast.Div: ("/", operator.truediv),
    ast.Mod: ("%", operator.mod),
}
_UNSUPPORTED: dict[type, str] = {
    ast.Subscript: "下标访问 [...]",
    ast.Lambda: "lambda 函数",
    ast.ListComp: "推导式",
    ast.SetComp: "推导式",
    ast.DictComp: "推导式",
    ast.GeneratorExp: "推导式",
    ast.IfExp: "if ... else 条件表达式",
    ast.Dict: "字典 {...}",
    ast.Set: "集合 {...}",
    ast.NamedExpr: "赋值 :=",
    ast.JoinedStr: "f 字符串",
    ast.Starred: "星号展开 *",
    ast.Await: "await",
}


class Compiler:
    """Walks one parsed expression; collects the fields and parameters it uses."""

    def __init__(self, parsed: ParsedExpression, fields: Mapping[str, FieldKind], params: Mapping[str, Any],
                 labels: Mapping[str, Mapping[str, str]] | None = None):
        self.parsed = parsed
        self.fields = fields
        self.params = params
        self.labels = labels or {}  # coded fields: code -> label (see riskengine.expression_codes)
        self.field_uses: list[tuple[int, str]] = []
        self.param_uses: list[tuple[int, str]] = []
        self.uses_as_of = False
        self.warnings: list[Problem] = []  # legal but surely unintended, e.g. a literal zero divisor

    # -- helpers -------------------------------------------------------------------------------

    def fail(self, node: ast.AST, message: str) -> NoReturn:
        raise self.parsed.error(node, message)

    def text(self, node: ast.AST) -> str:
        return f"“{self.parsed.segment(node)}”"

    def require(self, arg: Typed, kinds: frozenset[Kind] | set[Kind], what: str) -> None:
        """Fail unless ``arg`` has one of ``kinds``; ``what`` names the slot, e.g. "函数 year 的参数"."""
        if arg.kind not in kinds:
            wanted = "或".join(kind_name(k) for k in _ordered(kinds))
            self.fail(arg.node, f"{what}应为{wanted}，而 {self.text(arg.node)} 是{kind_name(arg.kind)}")

    def as_date(self, arg: Typed, what: str) -> Typed:
        """A DATE argument; a string constant is read as an ISO date."""
        if arg.kind is FieldKind.STRING and arg.is_const:
            return self.parse_date_constant(arg)
        self.require(arg, {FieldKind.DATE}, what)
        return arg

    def parse_date_constant(self, arg: Typed) -> Typed:
        value = parse_iso_date(arg.value)
        if value is None:
            self.fail(arg.node, f"无法把 '{arg.value}' 当作日期：日期应写作 'YYYY-MM-DD'，例如 '2026-01-31'")
        return constant(FieldKind.DATE, value, arg.node)

    # -- dispatch ------------------------------------------------------------------------------

    def compile(self, node: ast.AST) -> Typed:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            desc = _UNSUPPORTED.get(type(node), type(node).__name__)
            self.fail(
                node, f"不支持的写法：{desc}。条件只能由字段、params.<名称>、常量、运算符和内置函数组成"
            )
        return method(node)

    def visit_Constant(self, node: ast.Constant) -> Typed:
        kind = scalar_kind(node.value)
        if kind is None or isinstance(node.value, bytes):
            self.fail(node, f"不支持的常量 {self.text(node)}")
        if not in_range(node.value):
            self.fail(node, text("number_out_of_range", value=self.parsed.segment(node)[:24]))
        return constant(kind, node.value, node)

    def visit_Name(self, node: ast.Name) -> Typed:
        name = node.id
        if name.startswith("_"):
            self.fail(node, f"不允许使用以下划线开头的名称 '{name}'")
        if name in KEYWORDS:
            value = KEYWORDS[name]
            return constant(scalar_kind(value), value, node)  # type: ignore[arg-type]
        if name in self.fields:
            self.field_uses.append((self.parsed.index_of(node), name))
            return Typed(self.fields[name], lambda env: pl.col(name), node)
        if name == "as_of":
            self.uses_as_of = True
            return Typed(FieldKind.DATE, lambda env: pl.lit(env.as_of, dtype=pl.Date), node)
        if name == "params":
            self.fail(node, "参数应写作 params.<名称>，例如 params.cash_limit")
        self.fail(node, unknown_name_message("字段", name, self.fields))

    def visit_Attribute(self, node: ast.Attribute) -> Typed:
        if node.attr.startswith("_"):
            self.fail(node, f"不允许使用以下划线开头的名称 '{node.attr}'")
        if isinstance(node.value, ast.Name) and f"{node.value.id}.{node.attr}" in self.fields:
            column = f"{node.value.id}.{node.attr}"  # a field of a lookup (see riskengine.lookups)
            self.field_uses.append((self.parsed.index_of(node), column))
            return Typed(self.fields[column], lambda env: pl.col(column), node)
        prefix = f"{node.value.id}." if isinstance(node.value, ast.Name) else None
        if prefix and prefix != "params." and any(f.startswith(prefix) for f in self.fields):
            own = {f[len(prefix):]: kind for f, kind in self.fields.items() if f.startswith(prefix)}
            self.fail(node, unknown_name_message("字段", node.attr, own, prefix=prefix))
        if not (isinstance(node.value, ast.Name) and node.value.id == "params"):
            self.fail(node, f"不支持属性访问 {self.text(node)}：只能使用 params.<名称>")
        name = node.attr
        if name not in self.params:
            self.fail(node, unknown_name_message("参数", name, self.params, prefix="params."))
        self.param_uses.append((self.parsed.index_of(node), name))
        return self.param_constant(name, self.params[name], node)

    def param_constant(self, name: str, value: Any, node: ast.AST) -> Typed:
        if isinstance(value, list | tuple):
            elem: Kind | None = None
            for item in value:
                merged = unify(elem, scalar_kind(item))
                if merged is False or scalar_kind(item) in (None, NULL, FieldKind.LIST):
                    self.fail(node, f"参数 'params.{name}' 的列表元素类型不一致或不受支持")
                elem = merged  # type: ignore[assignment]
            return constant(FieldKind.LIST, value, node, elem=elem)
        kind = scalar_kind(value)
        if kind is None:
            self.fail(node, f"参数 'params.{name}' 的值类型不受支持（应为数值、字符串、布尔值、日期或列表）")
        return constant(kind, value, node)

    def visit_List(self, node: ast.List | ast.Tuple) -> Typed:
        items = [self.compile(e) for e in node.elts]
        elem: Kind | None = None
        for item in items:
            if not item.is_const or item.kind in (FieldKind.LIST, NULL):
                self.fail(
                    item.node,
                    "列表元素只能是常量（数字、字符串、日期或 params.<名称>），不能是字段、列表或 null",
                )
            merged = unify(elem, item.kind)
            if merged is False:
                self.fail(
                    item.node,
                    f"列表元素类型不一致：{self.text(item.node)} 是{kind_name(item.kind)}，"
                    f"而前面的元素是{kind_name(elem)}",
                )
            elem = merged  # type: ignore[assignment]
        return constant(FieldKind.LIST, [i.value for i in items], node, elem=elem)

    visit_Tuple = visit_List

    def visit_UnaryOp(self, node: ast.UnaryOp) -> Typed:
        operand = self.compile(node.operand)
        if isinstance(node.op, ast.Not):
            self.require(operand, {FieldKind.BOOLEAN}, "'not' 的操作数")
            return Typed(FieldKind.BOOLEAN, lambda env: ~operand.build(env), node)
        if isinstance(node.op, ast.USub):
            self.require(operand, NUMERIC, "负号 '-' 的操作数")
            if operand.is_const:  # folded so that [-1, 2] stays a constant list
                return constant(operand.kind, -operand.value, node)  # type: ignore[arg-type]
            return Typed(operand.kind, lambda env: -operand.build(env), node)
        self.fail(node, "不支持的运算符：一元运算只支持 not 和负号 -")

    def visit_BoolOp(self, node: ast.BoolOp) -> Typed:
        word = "and" if isinstance(node.op, ast.And) else "or"
        values = [self.compile(v) for v in node.values]
        for value in values:
            self.require(value, {FieldKind.BOOLEAN}, f"'{word}' 两侧")
        combine = operator.and_ if word == "and" else operator.or_
        return Typed(FieldKind.BOOLEAN, lambda env: reduce(combine, (v.build(env) for v in values)), node)

    def visit_BinOp(self, node: ast.BinOp) -> Typed:
        if type(node.op) not in _ARITHMETIC:
            hint = "；逻辑运算请写作 and / or" if isinstance(node.op, ast.BitAnd | ast.BitOr) else ""
            self.fail(node, f"不支持的运算符：算术运算只支持 + - * / %{hint}")
        symbol, apply = _ARITHMETIC[type(node.op)]
        left, right = self.compile(node.left), self.compile(node.right)
        for side in (left, right):
            if side.kind is FieldKind.DATE:
                self.fail(side.node, f"日期不能做算术运算 '{symbol}'；计算相隔天数请用 days_between(a, b)")
            self.require(side, NUMERIC, f"算术运算 '{symbol}' 的操作数")
        kind = FieldKind.NUMBER if symbol == "/" else unify(left.kind, right.kind)
        if symbol in ("/", "%"):
            if right.is_const and right.value == 0:
                warning = text("zero_divisor", divisor=self.text(right.node))
                self.warnings.append(Problem(warning, self.parsed.location_of(right.node)))
            # x / 0 and x % 0 are null (unknown), as in SQL: a condition using them does not match,
            # rather than comparing with inf or NaN.
            return Typed(
                kind,  # type: ignore[arg-type]
                lambda env: pl.when(right.build(env) != 0).then(apply(left.build(env), right.build(env))),
                node,
            )
        return Typed(kind, lambda env: apply(left.build(env), right.build(env)), node)  # type: ignore[arg-type]

    def visit_Compare(self, node: ast.Compare) -> Typed:
        left = self.compile(node.left)
        parts: list[Typed] = []
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.compile(right_node)
            parts.append(compare(self, left, op, right))
            left = right
        return Typed(
            FieldKind.BOOLEAN, lambda env: reduce(operator.and_, (p.build(env) for p in parts)), node
        )

    def visit_Call(self, node: ast.Call) -> Typed:
        from .expression_functions import FUNCTIONS  # the table imports this module's helpers

        if not isinstance(node.func, ast.Name):
            self.compile(node.func)  # reports lambdas, attribute access etc. by their own name
            self.fail(node, f"不支持的调用 {self.text(node.func)}：只能调用内置函数")
        name = node.func.id
        if name.startswith("_"):
            self.fail(node, f"不允许使用以下划线开头的名称 '{name}'")
        spec = FUNCTIONS.get(name)
        if spec is None:
            self.fail(node, unknown_name_message("函数", name, FUNCTIONS))
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            self.fail(node, f"函数 {name} 的参数只能按位置书写：{spec.signature}")
        spec.check_arity(self, node)
        return spec.compile(self, node, [self.compile(a) for a in node.args])


def _ordered(kinds: frozenset[Kind] | set[Kind]) -> list[Kind]:
    order = list(FieldKind) + [NULL]
    return sorted(kinds, key=order.index)


def compile_tree(
    parsed: ParsedExpression, fields: Mapping[str, FieldKind], params: Mapping[str, Any],
    labels: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[Compiler, Typed]:
    """Type-check a parsed expression; returns the compiler (with what it used) and the root."""
    compiler = Compiler(parsed, fields, params, labels)
    try:
        root = compiler.compile(parsed.tree.body)
    except RecursionError:
        raise ExpressionError("表达式嵌套过深", parsed.map.at(parsed.lead)) from None
    return compiler, root


__all__ = ["Compiler", "compile_tree"]
