"""合计/小计 rows of hand-kept ledgers: sums, not records, so validation skips them (and says so)."""

from __future__ import annotations

import polars as pl

from ..records import FieldKind, RecordType
from ..tabular import TOTAL_LABEL


def _text_columns(raw: pl.DataFrame, record_type: RecordType) -> list[str]:
    """The text columns a total label can stand in (list fields hold items, not labels)."""
    lists = {n for n, k in record_type.fields.items() if k is FieldKind.LIST}
    return [c for c, t in raw.schema.items() if t == pl.String and c not in lists]


def total_candidate(raw: pl.DataFrame, record_type: RecordType) -> pl.Expr:
    """Cheap first look for 合计 rows, true on every row :func:`total_row` accepts (and a few more).

    A total row has no key, or a label (which contains 计) for its key: one key column is scanned
    rather than every text column. Without a key column, any text cell containing 计 qualifies.
    """
    texts = _text_columns(raw, record_type)
    if not texts:
        return pl.lit(False)
    key = [f for f in record_type.key if f in raw.columns]
    if key:
        return pl.all_horizontal(
            [pl.col(f).is_null() | (_has_ji(f) if f in texts else pl.lit(False)) for f in key]
        )
    return pl.any_horizontal([_has_ji(c) for c in texts])


def _has_ji(column: str) -> pl.Expr:
    """The cell contains 计, as every total label does."""
    return pl.col(column).str.contains("计", literal=True).fill_null(False)


def total_row(raw: pl.DataFrame, record_type: RecordType) -> pl.Expr:
    """A 合计/小计 row of a hand-kept ledger: a cell reads 合计 and the record key is empty
    (or is that label). A record whose description merely says 合计 keeps its key."""
    texts = _text_columns(raw, record_type)
    if not texts:
        return pl.lit(False)

    def label(c: str) -> pl.Expr:
        return pl.col(c).str.replace_all(r"\s+", "").str.contains(TOTAL_LABEL).fill_null(False)

    key = [f for f in record_type.key if f in raw.columns]
    keyless = pl.all_horizontal(
        [pl.col(f).is_null() | (label(f) if f in texts else pl.lit(False)) for f in key] or [pl.lit(True)]
    )
    return pl.any_horizontal([label(c) for c in texts]) & keyless
