"""Reading JSON Lines so that a bad line costs that line and nothing more.

The whole file goes through Polars' NDJSON parser at once. When that fails, the lines are
halved until each failing part is small, and only those few lines are read one by one; a
line that is not a JSON object is rejected with its line number and why.
"""

from __future__ import annotations

import io
import json

import polars as pl

from ..messages import text
from .csv_reader import split_lines
from .headers import resolve_columns
from .records import RecordType
from .tabular import EmptyFile, RawTable

_ONE_BY_ONE = 16  # below this many lines a failing part is read line by line
_REPLACEMENT = "\ufffd"


def read_jsonl(data: bytes, record_type: RecordType | None = None) -> RawTable:
    """JSON Lines: one object per line, native JSON types; blank lines are skipped.

    Rows are numbered by line. Keys may be field names or their Chinese labels.
    """
    data = data.removeprefix(b"\xef\xbb\xbf")
    lines = split_lines(data)  # undecodable bytes become U+FFFD
    bad_encoding = lines.str.contains(_REPLACEMENT, literal=True)
    blank = lines.str.strip_chars().str.len_bytes() == 0
    if blank.all():
        raise EmptyFile(text("file_empty"))
    wanted = (~blank & ~bad_encoding).arg_true()
    frame = None if bad_encoding.any() else _parse_bytes(data, wanted.len())
    rejected: list[tuple[int, str | None, str]] = []
    if frame is not None:  # the whole file at once: the usual case
        numbers = wanted.cast(pl.Int64) + 1
    else:
        undecodable = (bad_encoding & ~blank).arg_true().to_list()
        rejected = [(i + 1, None, text("jsonl_bad_encoding")) for i in undecodable]
        parts: list[tuple[pl.DataFrame, pl.Series]] = []
        _read_part(lines, wanted, parts, rejected)
        if parts:
            # each part carries its line numbers (a part may have no columns at all: "{}")
            numbered = [p.with_columns((n.cast(pl.Int64) + 1).alias("__line")) for p, n in parts]
            frame = _concat(numbered).sort("__line")
            numbers, frame = frame.get_column("__line"), frame.drop("__line")
        else:
            frame, numbers = pl.DataFrame(), pl.Series([], dtype=pl.Int64)
    columns = resolve_columns(frame.columns, record_type)
    frame = frame.rename(dict(zip(frame.columns, columns.names, strict=True)))
    rejected.sort()
    return RawTable(
        frame, numbers, rejected=rejected, problems=columns.problems, blank_lines=int(blank.sum())
    )


def _parse_bytes(data: bytes, expected: int) -> pl.DataFrame | None:
    """The file parsed at once, when that gives one row per non-blank line."""
    try:
        frame = pl.read_ndjson(io.BytesIO(data), infer_schema_length=None)
    except Exception:  # noqa: BLE001 - polars raises several error types for malformed JSON
        return None
    return frame if frame.height == expected else None


def _parse(lines: pl.Series) -> pl.DataFrame | None:
    data = lines.str.join("\n").item().encode("utf-8")
    try:
        frame = pl.read_ndjson(io.BytesIO(data), infer_schema_length=None)
    except Exception:  # noqa: BLE001 - polars raises several error types for malformed JSON
        return None
    return frame if frame.height == lines.len() else None


def _read_part(
    lines: pl.Series,
    indices: pl.Series,
    parts: list[tuple[pl.DataFrame, pl.Series]],
    rejected: list[tuple[int, str | None, str]],
) -> None:
    if indices.is_empty():
        return
    frame = _parse(lines.gather(indices))
    if frame is not None:
        parts.append((frame, indices))
        return
    if indices.len() > _ONE_BY_ONE:
        half = indices.len() // 2
        _read_part(lines, indices.slice(0, half), parts, rejected)
        _read_part(lines, indices.slice(half), parts, rejected)
        return
    for i in indices.to_list():
        line = lines[i]
        reason = _line_problem(line)
        single = _parse(pl.Series([line])) if reason is None else None
        if single is None:
            rejected.append((i + 1, None, reason or text("jsonl_not_object")))
        else:
            parts.append((single, pl.Series([i])))


def _line_problem(line: str) -> str | None:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return text("jsonl_bad_json", column=exc.colno)
    except RecursionError:
        return text("jsonl_bad_json", column=1)
    if not isinstance(value, dict):
        return text("jsonl_not_object")
    return None


def _concat(frames: list[pl.DataFrame]) -> pl.DataFrame:
    if len(frames) == 1:
        return frames[0]
    try:
        return pl.concat(frames, how="diagonal_relaxed")
    except Exception:  # noqa: BLE001 - a key holding an object on one line and a number on another
        return pl.concat([_flatten(f) for f in frames], how="diagonal_relaxed")


def _flatten(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested values as text, so that parts with different shapes still stack."""
    out = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if isinstance(dtype, pl.Struct):
            out.append(col.struct.json_encode())
        elif isinstance(dtype, pl.List | pl.Array):
            items = col.arr.to_list() if isinstance(dtype, pl.Array) else col
            out.append(items.cast(pl.List(pl.String), strict=False).list.join(";"))
        else:
            out.append(col)
    return frame.select(out)
