"""JSON text built column by column: byte for byte what ``json.dumps(value, ensure_ascii=False)`` writes.

The result's long lists (findings, posts, tasks) are written from frames: Polars builds the JSON
text of a whole column at once, so no Python object is made per record. Every function here takes
a Series and returns a String Series of JSON texts (``null`` for a null), the same text Python's
encoder gives for the same value. Polars writes a few values differently (floats below 1e-4 as
``0.00001`` or ``1e-7``, not ``1e-05``/``1e-07``; ties when rounding to cents); those rows, rare,
are written by Python itself, so the bytes never depend on which path a value took.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import polars as pl

# One token after another: a JSON string (commas and colons inside it are text) or any other
# character but a separator, then the separator (or the end). Replacing every match by itself plus
# a space puts Python's ", " and ": " where Polars writes "," and ":", never inside a string.
_TOKENS = r'((?:"(?:[^"\\]|\\.)*"|[^",:])*)([,:]|$)'
# Most texts need no tokens: when every quote delimits a string (none is escaped), '":' ends a key
# and ',"' starts the next member or string element, unless a string begins with ':' or ends with
# ','; then two plain replacements do. A text needs the tokens when one of these says otherwise
# (each a match, not a capture, so Polars tests it quickly):
_ALIGNED = r'^(?:[^"]*"[^"]*")*'  # whole strings from the start, up to a place outside strings
_NEEDS_TOKENS = "|".join(
    (
        r'\\"',  # an escaped quote
        _ALIGNED + r'[^"]*,[^"]',  # a comma outside strings before a number, literal, list or object
        _ALIGNED + r'[^"]*"(?::[^"]*|[^"]*,)"',  # a string that begins with ':' or ends with ','
    )
)
# Compact JSON where a float below 1e-4 may be written unlike Python (0.00001, 1e-7).
_TINY_FLOAT = r"0\.0000|[0-9]e-"
_ENCODED = '{"v":'


def key(name: str) -> str:
    """A member name as JSON text, with its ``": "``."""
    return json.dumps(name, ensure_ascii=False) + ": "


def scalar(values: pl.Series) -> pl.Series:
    """Strings, integers and booleans (null: ``null``) as JSON text."""
    return _encoded(values)


def compact_to_python(texts: pl.Series) -> pl.Series:
    """Compact JSON as Polars writes it (``{"a":1,"b":[1,2]}``) laid out as Python writes it
    (``{"a": 1, "b": [1, 2]}``)."""
    spaced = texts.str.replace_all('":', '": ', literal=True).str.replace_all(',"', ', "', literal=True)
    tokens = texts.str.contains(_NEEDS_TOKENS).fill_null(False)
    if tokens.any():
        rows = tokens.arg_true()
        by_token = texts.gather(rows).str.replace_all(_TOKENS, "${1}${2} ").str.strip_suffix(" ")
        spaced = spaced.scatter(rows, by_token)
    return _fix_rows(spaced, texts.str.contains(_TINY_FLOAT).fill_null(False), texts, _python_layout)


def array(values: pl.Series) -> pl.Series:
    """Lists (of strings, integers, ...) as JSON arrays: ``["a", "b"]``."""
    return compact_to_python(_encoded(values))


def number(values: pl.Series) -> pl.Series:
    """Points and scores as the result writes them: an integer when whole, else rounded to cents.

    ``9.0`` is ``9``, ``2.675`` is ``2.67`` (Python's rounding of the binary value), null is ``null``.
    """
    values = values.cast(pl.Float64)
    frame = pl.DataFrame({"v": values})
    v = pl.col("v")
    whole = v.round(0) == v
    text = (
        pl.when(whole)
        .then(v.cast(pl.Int64, strict=False).cast(pl.String))
        .otherwise(v.round(2).cast(pl.String))
    )
    cents = v * 100
    tie = (cents - cents.floor() - 0.5).abs() < 1e-6
    odd = (~v.is_finite() | (v.abs() >= 1e15) | (~whole & tie)).fill_null(False)
    out = frame.select(text.fill_null("null").alias("t"), odd.alias("odd"))
    return _fix_rows(out["t"], out["odd"], values, lambda value: json.dumps(python_number(value)))


def python_number(value: float | None) -> float | int | None:
    """One point or score value as the result holds it (see :func:`number`)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 2)


def objects(members: Sequence[tuple[str, pl.Series]]) -> pl.Series:
    """One JSON object per row from ``(name, JSON text)`` columns, members in the order given."""
    frame = pl.DataFrame({f"m{i}": texts for i, (_, texts) in enumerate(members)})
    parts: list[pl.Expr] = []
    for i, (name, _) in enumerate(members):
        parts += [pl.lit(("{" if i == 0 else ", ") + key(name)), pl.col(f"m{i}")]
    return frame.select(pl.concat_str([*parts, pl.lit("}")]).alias("json")).to_series()


def _encoded(values: pl.Series) -> pl.Series:
    """Polars' own (compact) JSON of each value."""
    encoded = pl.DataFrame({"v": values}).select(pl.struct("v").struct.json_encode()).to_series()
    return encoded.str.strip_prefix(_ENCODED).str.strip_suffix("}")


def _fix_rows(texts: pl.Series, wrong: pl.Series, values: pl.Series, write) -> pl.Series:
    """``texts`` with the rows flagged in ``wrong`` written again by ``write(value)`` in Python."""
    if not wrong.any():
        return texts
    rows = wrong.arg_true()
    fixed = [write(value) for value in values.gather(rows).to_list()]
    return texts.scatter(rows, pl.Series(fixed, dtype=pl.String))


def _python_layout(compact: str | None) -> str:
    return "null" if compact is None else json.dumps(json.loads(compact), ensure_ascii=False)
