"""Values as people type them, made into the values the schema means — when unambiguous.

Hand-kept ledgers and accounting exports write ``12,345.00``, ``￥300``, ``300元``, full-width
digits, ``2025/3/5``, ``2025年3月5日`` or ``2025.03.05``. Each builder here takes a stripped
text column and returns the text to parse plus, per kind of rewrite, a Boolean column saying
which values were rewritten that way, so that each rewrite is counted in one notice per
file and column. Anything that could mean two things (``3/5/2025``) is left alone and is
rejected by validation with a reason. All of it is column-wise Polars.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

_FULL = "０１２３４５６７８９．，－＋：／"
_HALF = "0123456789.,-+:/"
_FULL_WIDTH_CHARS = f"[{_FULL}]"

_CURRENCY_PREFIX = r"^(?:[¥￥]|RMB|CNY|人民币)\s*"
_CURRENCY_SUFFIX = r"\s*(?:元|圆|RMB|CNY)$"
_GROUPED = r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$"

_TIME_PART = r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$"
# The year-first shapes read as dates, each named in its own notice: 2025/3/5 (date_slash),
# 2025年3月5日 (date_chinese), 2025.03.05 (date_dot), 2025-3-5 (date_unpadded), 20250305
# (date_compact).
_AMBIGUOUS_DATE = r"^\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{2}|\d{4})$"
_EXCEL_SERIAL = r"^\d{5}(?:\.0+)?$"
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0, after its 1900 leap-year bug

_ISO_MONTH = r"^\d{4}-\d{2}$"
_MONTH_SHAPES = {
    "month_other": r"^(\d{4})(?:[/.\-]|年)(\d{1,2})月?$",
    "month_compact": r"^(\d{4})(\d{2})$",
}


@dataclass
class Normalised:
    """A column rewritten: ``text`` to parse (or the parsed ``date``), and the rewrites made.

    ``rewrites`` maps a rewrite kind (a message key, e.g. ``number_grouped``) to a Boolean
    column, true where that rewrite changed the value. ``ambiguous`` is true where a value
    could mean two things and must be rejected; ``recognised`` where a date had a known
    shape (so a null result means "no such day", not "bad format").
    """

    text: pl.Expr
    rewrites: dict[str, pl.Expr] = field(default_factory=dict)
    date: pl.Expr | None = None
    ambiguous: pl.Expr | None = None
    recognised: pl.Expr | None = None


def half_width(col: pl.Expr) -> Normalised:
    """Full-width digits and signs (０-９ ． － …) as ASCII."""
    out = col.str.replace_many(list(_FULL), list(_HALF))
    return Normalised(out, {"value_full_width": col.str.contains(_FULL_WIDTH_CHARS)})


def number(col: pl.Expr) -> Normalised:
    """``12,345.00``, ``￥300``, ``300元``, ``１２３`` -> ``12345.00``, ``300``, ``300``, ``123``."""
    step = half_width(col)
    bare = step.text.str.replace(_CURRENCY_PREFIX, "").str.replace(_CURRENCY_SUFFIX, "")
    grouped = bare.str.contains(_GROUPED)
    out = pl.when(grouped).then(bare.str.replace_all(",", "", literal=True)).otherwise(bare)
    rewrites = {
        **step.rewrites,
        "number_currency": bare != step.text,
        "number_grouped": grouped,
    }
    return Normalised(out, rewrites)


def date(col: pl.Expr, *, excel: bool = False) -> Normalised:
    """A Date column from ISO dates and the unambiguous year-first shapes listed above.

    With ``excel``, a five-digit number is an Excel date serial (a date cell formatted as a
    number). A date with a time keeps its date. The shapes are brought to ``Y-M-D`` with a few
    literal replacements (one pass each, not one regex per shape: this runs on every row).
    """
    step = half_width(col)
    value = step.text
    dated = value.str.replace(_TIME_PART, "")
    timed = dated.str.len_bytes() != value.str.len_bytes()
    compact = dated.str.contains(r"^\d{8}$")
    dashed = (
        pl.when(compact)
        .then(dated.str.replace(r"^(\d{4})(\d{2})(\d{2})$", "$1-$2-$3"))
        .otherwise(dated.str.strip_suffix("日").str.replace_many(["年", "月", "/", "."], ["-"] * 4))
    )
    shaped = dashed.str.contains(r"^\d{4}-\d{1,2}-\d{1,2}$")
    parsed = pl.when(shaped).then(dashed.str.to_date("%Y-%m-%d", strict=False))
    padded = dated.str.len_bytes() == 10
    rewrites = {
        **step.rewrites,
        "date_with_time": timed,
        "date_slash": dated.str.contains("/", literal=True),
        "date_chinese": dated.str.contains("年", literal=True),
        "date_dot": dated.str.contains(".", literal=True),
        "date_unpadded": dated.str.contains("-", literal=True) & ~padded,
        "date_compact": compact,
    }
    recognised = shaped
    if excel:
        serial = value.str.contains(_EXCEL_SERIAL)
        days = value.cast(pl.Float64, strict=False).cast(pl.Int64, strict=False)
        from_serial = pl.lit(_EXCEL_EPOCH) + pl.duration(days=days)
        parsed = pl.when(serial).then(from_serial.cast(pl.Date)).otherwise(parsed)
        rewrites["date_excel_serial"] = serial
        recognised = recognised | serial
    return Normalised(
        value,
        rewrites,
        date=parsed,
        ambiguous=value.str.contains(_AMBIGUOUS_DATE),
        recognised=recognised,
    )


def month(col: pl.Expr) -> Normalised:
    """``YYYY-MM`` from ``2025/3``, ``2025.03``, ``2025年3月`` or ``202503``."""
    step = half_width(col)
    value = step.text
    iso = value.str.contains(_ISO_MONTH)
    rewrites = dict(step.rewrites)
    out = value
    for kind, pattern in _MONTH_SHAPES.items():
        matched = value.str.contains(pattern) & ~iso
        rebuilt = pl.concat_str(
            [value.str.extract(pattern, 1), value.str.extract(pattern, 2).str.zfill(2)], separator="-"
        )
        out = pl.when(matched).then(rebuilt).otherwise(out)
        rewrites[kind] = matched
    return Normalised(out, rewrites)
