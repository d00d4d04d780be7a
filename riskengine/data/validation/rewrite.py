"""Values as people write them, read as meant: ``12,345.00`` -> 12345.00, ``2025/3/5`` -> a date.

Only the text columns of number, date and month fields that do not parse as they stand are
rewritten (see :mod:`riskengine.data.normalise`), into hidden columns beside the original: the
checks read the rewritten value, the messages quote the original. Each kind of rewrite is counted
per field, for the one notice per file and column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from .. import normalise
from ..records import FieldKind, kind_of
from .names import REWRITTEN

if TYPE_CHECKING:
    from .compile import FieldPlan

_REWRITABLE = (FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.DATE, FieldKind.MONTH)


@dataclass(frozen=True)
class Rewritten:
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


def rewrite(
    clean: pl.DataFrame, props: Mapping[str, Mapping[str, Any]], excel: bool
) -> tuple[pl.DataFrame, dict[str, Rewritten]]:
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
    rewritten: dict[str, Rewritten] = {}
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
        prefix = f"{REWRITTEN}{name}_"
        exprs.append(value.alias(prefix + "value"))  # type: ignore[union-attr]
        exprs += [flag.fill_null(False).alias(prefix + kind_name) for kind_name, flag in out.rewrites.items()]
        if out.ambiguous is not None and out.recognised is not None:
            exprs += [out.ambiguous.alias(prefix + "ambiguous"), out.recognised.alias(prefix + "recognised")]
        rewritten[name] = Rewritten(
            prefix + "value",
            {kind_name: prefix + kind_name for kind_name in out.rewrites},
            prefix + "ambiguous" if out.ambiguous is not None else None,
            prefix + "recognised" if out.recognised is not None else None,
        )
    return (clean.with_columns(exprs) if exprs else clean), rewritten


def count_rewrites(clean: pl.DataFrame, plans: Mapping[str, FieldPlan]) -> dict[tuple[str, str], int]:
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
