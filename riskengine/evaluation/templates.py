"""Finding messages: ``{field}`` / ``{params.name}`` templates rendered column-wise.

A rule's ``message`` such as ``"{date} 以现金支付 {amount} 元（凭证 {voucher_no}），超过限额
{params.cash_limit} 元"`` is checked at pack load (unknown names are errors pointing into the
YAML file) and becomes one ``concat_str`` expression, so messages for a million findings are
built by Polars, not by a Python loop.

Values are shown the way a Chinese report writes them: amounts with thousands separators and at
most two decimals (``58,200``, ``1,234.5``), integers plain, dates ``YYYY-MM-DD``, booleans
是/否, lists joined with "、", and missing values as "（空）".
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import polars as pl

from ..data.records import FieldKind
from ..errors import ExpressionError, Location
from ..messages import text as message
from ..packs.expression.source import OffsetLocator, unknown_name_message

__all__ = ["CompiledTemplate", "compile_template", "render_column", "render_value"]

EMPTY = "（空）"
LIST_SEPARATOR = "、"
_PARAMS_PREFIX = "params."


@dataclass(frozen=True)
class _Slot:
    """A placeholder: a column (``param`` False) or a parameter."""

    name: str
    param: bool
    kind: FieldKind | None = None
    labels: tuple[tuple[str, str], ...] = ()  # a coded field shows labels, not codes


@dataclass(frozen=True)
class CompiledTemplate:
    """A checked message template; ``to_polars`` gives a String expression over the finding frame."""

    source: str
    fields: tuple[str, ...]
    params: tuple[str, ...]
    _parts: tuple[str | _Slot, ...] = field(repr=False, compare=False, default=())

    def to_polars(self, params: Mapping[str, Any]) -> pl.Expr:
        """The rendered message per row; parameters are substituted as literal text."""
        pieces: list[str | pl.Expr] = []
        for part in self._parts:
            if isinstance(part, _Slot) and not part.param:
                column = pl.col(part.name)
                if part.labels:
                    codes = dict(part.labels)
                    column = (column.list.eval(pl.element().replace(codes)) if part.kind is FieldKind.LIST
                              else column.replace(codes))
                pieces.append(render_column(column, part.kind or FieldKind.STRING))
                continue
            if isinstance(part, _Slot):
                if part.name not in params:
                    raise ExpressionError(message("template_param_unset", name=part.name))
                part = render_value(params[part.name])
            if pieces and isinstance(pieces[-1], str):
                pieces[-1] += part  # adjacent text and parameters become one literal
            else:
                pieces.append(part)
        exprs = [pl.lit(p, dtype=pl.String) if isinstance(p, str) else p for p in pieces]
        if not exprs:
            return pl.lit("", dtype=pl.String)
        return pl.concat_str(exprs)


def compile_template(
    source: str,
    fields: Mapping[str, FieldKind],
    params: Mapping[str, Any],
    *,
    location: Location | None = None,
    labels: Mapping[str, Mapping[str, str]] | None = None,
) -> CompiledTemplate:
    """Check a message template against the finding's columns (``fields``) and the rule's ``params``.

    Coded fields named in ``labels`` are shown by their labels (``临时救助``, not ``temp_relief``).

    ``location`` is where the template text starts in its file. Raises
    :class:`~riskengine.errors.ExpressionError` for unknown names and stray braces.
    """
    locator = OffsetLocator(source, location)
    parts: list[str | _Slot] = []
    text: list[str] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char in "{}" and source[i + 1 : i + 2] == char:  # "{{" and "}}" are literal braces
            text.append(char)
            i += 2
            continue
        if char == "}":
            raise locator.error(i, message("template_stray_close"))
        if char != "{":
            text.append(char)
            i += 1
            continue
        end = source.find("}", i + 1)
        if end < 0:
            raise locator.error(i, message("template_unclosed"))
        inner = source[i + 1 : end]
        start = i + 1 + len(inner) - len(inner.lstrip())
        if text:
            parts.append("".join(text))
            text = []
        slot = _slot(inner.strip(), start, fields, params, locator)
        if labels and not slot.param and slot.name in labels:
            slot = _Slot(slot.name, param=False, kind=slot.kind, labels=tuple(labels[slot.name].items()))
        parts.append(slot)
        i = end + 1
    if text:
        parts.append("".join(text))
    slots = [p for p in parts if isinstance(p, _Slot)]
    return CompiledTemplate(
        source=source,
        fields=tuple(dict.fromkeys(s.name for s in slots if not s.param)),
        params=tuple(dict.fromkeys(s.name for s in slots if s.param)),
        _parts=tuple(parts),
    )


def _slot(
    name: str, start: int, fields: Mapping[str, FieldKind], params: Mapping[str, Any], locator: OffsetLocator
) -> _Slot:
    if name.startswith(_PARAMS_PREFIX):
        param = name[len(_PARAMS_PREFIX) :]
        if not param.isidentifier():
            raise locator.error(start, message("template_bad_param", name=name))
        if param not in params:
            unknown = unknown_name_message("parameter", param, params, prefix=_PARAMS_PREFIX)
            raise locator.error(start, unknown)
        return _Slot(param, param=True)
    if "." in name and name in fields:  # a lookup's field, e.g. {holder.title}
        return _Slot(name, param=False, kind=fields[name])
    if not name.isidentifier():
        shown = f"'{{{name}}}'" if name else "'{}'"
        raise locator.error(start, message("template_bad_placeholder", shown=shown))
    if name not in fields:
        raise locator.error(start, unknown_name_message("field", name, fields))
    return _Slot(name, param=False, kind=fields[name])


def render_column(expr: pl.Expr, kind: FieldKind) -> pl.Expr:
    """A column as message text (see the module docstring); never null."""
    if kind is FieldKind.NUMBER:
        text = _number_text(expr)
    elif kind is FieldKind.INTEGER:
        text = expr.cast(pl.Int64, strict=False).cast(pl.String)
    elif kind is FieldKind.DATE:
        text = expr.cast(pl.Date).dt.to_string("%Y-%m-%d")
    elif kind is FieldKind.BOOLEAN:
        text = pl.when(expr).then(pl.lit("是")).when(expr.not_()).then(pl.lit("否"))
    elif kind is FieldKind.LIST:
        joined = expr.cast(pl.List(pl.String)).list.join(LIST_SEPARATOR)
        text = pl.when(joined == "").then(None).otherwise(joined)
    else:
        text = expr.cast(pl.String)
    return text.fill_null(EMPTY)


def _number_text(expr: pl.Expr) -> pl.Expr:
    """Thousands separators and up to two decimals, trailing zeros trimmed: 58200.0 -> "58,200"."""
    value = expr.cast(pl.Float64)
    cents = (value.abs() * 100).round(0, mode="half_away_from_zero").cast(pl.Int64, strict=False)
    whole = (cents // 100).cast(pl.String)
    # Group digits from the right: reverse, insert a comma after every third digit, reverse back.
    grouped = whole.str.reverse().str.replace_all(r"(\d{3})", "${1},").str.strip_chars_end(",").str.reverse()
    frac = cents % 100
    decimals = (
        pl.when(frac == 0)
        .then(pl.lit(""))
        .when(frac % 10 == 0)
        .then(pl.lit(".") + (frac // 10).cast(pl.String))
        .otherwise(pl.lit(".") + frac.cast(pl.String).str.zfill(2))
    )
    sign = pl.when((value < 0) & (cents > 0)).then(pl.lit("-")).otherwise(pl.lit(""))
    return pl.concat_str([sign, grouped, decimals])


def render_value(value: Any) -> str:
    """A parameter value as message text, matching :func:`render_column` (numbers as amounts)."""
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return _format_number(float(value))
    if isinstance(value, dt.date):
        return value.isoformat() if not isinstance(value, dt.datetime) else value.date().isoformat()
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(render_value(v) for v in value) or EMPTY
    return str(value)


def _format_number(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    # The same float product as the column version, rounded half away from zero exactly.
    cents = int(Decimal(abs(value) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    whole, frac = divmod(cents, 100)
    decimals = "" if frac == 0 else f".{frac // 10}" if frac % 10 == 0 else f".{frac:02d}"
    sign = "-" if value < 0 and cents > 0 else ""
    return f"{sign}{whole:,}{decimals}"
