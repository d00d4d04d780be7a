"""The rejected rows, as the user reads them: one entry per (row, bad field), with the message.

Validation itself only flags which field of which row failed; the message strings are built
here, afterwards, for the rejected rows alone. A repeated ``x-unique`` key names the row where
the key first appeared.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from ...messages import text
from .compile import FieldPlan
from .names import DUP, ERR, ROW

REJECTION_SCHEMA: dict[str, pl.DataType] = {"row": pl.Int64(), "field": pl.String(), "error": pl.String()}
"""The columns of :attr:`ValidationResult.rejections`."""


def rejections(
    rejected_clean: pl.DataFrame,
    result: pl.DataFrame,
    bad: pl.Series,
    plans: Mapping[str, FieldPlan],
    unique: list[str],
) -> pl.DataFrame:
    """One row per (row, bad field), ordered by row, then by the schema's field order."""
    if rejected_clean.is_empty():
        return pl.DataFrame(schema=REJECTION_SCHEMA)
    err_fields = {ERR + name: name for name, plan in plans.items() if plan.checks}
    messages = rejected_clean.select(
        ROW,
        *[
            pl.coalesce([pl.when(c.failed).then(c.message) for c in plan.checks]).alias(ERR + name)
            for name, plan in plans.items()
            if plan.checks
        ],
    )
    if unique:
        duplicates = _duplicate_messages(result.filter(bad), result, unique)
        messages = messages.with_columns(duplicates.alias(DUP))
        err_fields[DUP] = "+".join(unique)
    order = {col: i for i, col in enumerate(err_fields)}
    return (
        messages.unpivot(index=ROW, on=list(err_fields), variable_name="_col", value_name="error")
        .drop_nulls("error")
        .with_columns(
            pl.col("_col").replace_strict(order, return_dtype=pl.Int64).alias("_order"),
            pl.col("_col").replace_strict(err_fields, return_dtype=pl.String).alias("field"),
        )
        .sort(ROW, "_order")
        .select(pl.col(ROW).alias("row"), "field", "error")
        .cast(REJECTION_SCHEMA)
    )


def _duplicate_messages(rejected: pl.DataFrame, result: pl.DataFrame, unique: list[str]) -> pl.Series:
    """The duplicate-key message of each rejected row (null where its key is not a repeat).

    The first occurrence of an ``x-unique`` key is kept; each later one is rejected naming
    the row of the first. Only the rows sharing a repeated key are looked at again.
    """
    repeated = rejected.filter(pl.col(DUP)).select(unique).unique()
    if repeated.is_empty():
        return pl.Series(DUP, [None] * rejected.height, dtype=pl.String)
    first_rows = (
        result.join(repeated, on=unique, how="semi", maintain_order="left")
        .group_by(unique, maintain_order=True)
        .agg(pl.col(ROW).first().alias("_first_row"))
    )
    key_text = pl.concat_str([pl.col(f).cast(pl.String) for f in unique], separator=":")
    if len(unique) == 1:
        prefix = text("val_duplicate_id")
    else:
        prefix = text("val_duplicate_record", key="+".join(unique))
    # the catalogue's sentence split at its two values, filled column-wise
    before_row, _, after_row = text("val_first_seen", row="\0").partition("\0")
    message = pl.concat_str(
        [
            pl.lit(prefix + "'"),
            key_text,
            pl.lit("'" + before_row),
            pl.col("_first_row").cast(pl.String),
            pl.lit(after_row),
        ]
    )
    return (
        rejected.join(first_rows, on=unique, how="left", maintain_order="left")
        .select(pl.when(pl.col(DUP)).then(message).alias(DUP))
        .to_series()
    )
