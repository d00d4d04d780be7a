"""The safe expression language of rule conditions, compiled once at pack load into Polars.

Rule authors (discipline-inspection staff, not programmers) write conditions such as::

    direction == 'expense' and payment_method == 'cash' and amount > params.cash_limit

The text is parsed with Python's ``ast`` in ``eval`` mode, but only a whitelist of node kinds
is accepted and nothing is ever executed by Python: the checked tree becomes Polars expressions.

Language summary:

- record fields by bare name; ``params.<name>``; ``as_of`` (the assessment date);
- literals: numbers, ``'text'`` / ``"text"``, ``true`` / ``false`` / ``null`` (or ``True`` /
  ``False`` / ``None``), lists ``['a', 'b']``, ``date('2026-01-01')``;
- ``== != < <= > >=`` (chainable), ``and or not``, ``in`` / ``not in``, ``+ - * / %``, parentheses;
- functions: is_null, not_null, len, contains, year, month, weekday, days_between, abs,
  coalesce, round, lower, is_rest_day, date.

Types are checked against the record type's fields and the parameter values. Integers and
decimals mix; a string constant compared with a date is read as ``YYYY-MM-DD``; ``month(d)``
gives a ``YYYY-MM`` month comparable with month fields and ``'YYYY-MM'`` literals.

Arithmetic is that of 64-bit integers and doubles: a number literal must fit (an integer within
±9223372036854775807, a finite decimal) or the pack does not load. Dividing by zero (``x / 0``,
``x % 0``) gives null, so a condition using the result does not match; ``rules check`` warns
about a literal (or constant parameter) zero divisor.

Nulls behave as in SQL: ``x == null`` tests for a missing value, any other comparison with a
missing value is unknown, and a condition that is unknown does not match (``to_polars`` of a
boolean expression fills null with false).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ...data.records import FieldKind
from ...errors import Location, Problem
from ...messages import text
from .compiler import compile_tree
from .source import OffsetLocator, ParsedExpression
from .types import NULL, Env, Typed, accepts, kind_name

__all__ = ["CompiledExpression", "compile_expression"]


@dataclass(frozen=True)
class CompiledExpression:
    """A type-checked expression, reusable across assessments (only ``as_of`` varies)."""

    source: str
    kind: FieldKind
    fields: tuple[str, ...]
    params: tuple[str, ...]
    uses_as_of: bool
    _root: Typed = field(repr=False, compare=False)
    warnings: tuple[Problem, ...] = field(default=(), compare=False)

    def to_polars(self, *, as_of: dt.date) -> pl.Expr:
        """The Polars expression for one assessment; a boolean expression never yields null."""
        expr = self._root.build(Env(as_of=as_of))
        if self.kind is FieldKind.BOOLEAN:
            return expr.fill_null(False)
        return expr


def compile_expression(
    source: str,
    fields: Mapping[str, FieldKind],
    params: Mapping[str, Any],
    *,
    location: Location | None = None,
    expect: FieldKind | None = FieldKind.BOOLEAN,
    labels: Mapping[str, Mapping[str, str]] | None = None,
) -> CompiledExpression:
    """Parse and type-check ``source`` against a record type's ``fields`` and the rule's ``params``.

    ``location`` is where the expression text starts in its file (for a quoted YAML scalar, the
    first character inside the quotes); errors point at the offending token from there.
    ``expect`` is the required result kind (a condition is boolean); None accepts any kind.
    ``labels`` maps coded fields to their codes (and labels); comparing one with a text that is
    not a code is an error. Raises :class:`~riskengine.errors.ExpressionError` with a Chinese message.
    """
    if not source.strip():
        raise OffsetLocator(source, location).error(0, text("expr_empty"))
    parsed = ParsedExpression(source, location)
    compiler, root = compile_tree(parsed, fields, params, labels)
    if root.kind is NULL:
        raise parsed.error(parsed.tree.body, text("expr_always_null"))
    kind: FieldKind = root.kind  # type: ignore[assignment]
    if expect is not None and not accepts(expect, kind):
        if expect is FieldKind.BOOLEAN:
            message = text("expr_condition_not_boolean", kind=kind_name(kind))
        else:
            message = text("expr_wrong_result", expected=kind_name(expect), kind=kind_name(kind))
        raise parsed.error(parsed.tree.body, message)
    return CompiledExpression(
        source=source,
        kind=kind,
        fields=_in_order(compiler.field_uses),
        params=_in_order(compiler.param_uses),
        uses_as_of=compiler.uses_as_of,
        _root=root,
        warnings=tuple(compiler.warnings),
    )


def _in_order(uses: list[tuple[int, str]]) -> tuple[str, ...]:
    """Names in order of first appearance in the source, without repeats."""
    return tuple(dict.fromkeys(name for _, name in sorted(uses)))
