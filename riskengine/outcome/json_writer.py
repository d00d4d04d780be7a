"""The result as indented JSON text: one line per finding, post, task and rejected row.

Lists of records are written one compact object per line: as readable as a fully indented file,
and an order of magnitude cheaper to write. An assessment made by the engine has its findings,
posts and tasks written straight from its frames (:func:`document.record_lines`); one read back
from a document is written from that document. Both give the bytes ``json.dumps`` would.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl

from . import document as doc
from .assessment import Assessment

_FROM_FRAMES = object()  # stands for a long list of an engine's assessment, written from its frame


def json_chunks(assessment: Assessment, *, indent: int = 2) -> Iterator[str]:
    """The JSON text in pieces (a whole list of records is one piece)."""
    separator = ",\n" + " " * indent * 2
    for piece in _pieces(assessment, indent):
        yield piece if isinstance(piece, str) else piece.str.join(separator).item()


def write_json(assessment: Assessment, path: Path, *, indent: int = 2) -> None:
    """The JSON text written to ``path``; the lines of the long lists go from Polars to the file
    (no Python string of a whole list, which for a province would be hundreds of megabytes)."""
    pad = " " * indent * 2
    with open(path, "wb") as out:
        for piece in _pieces(assessment, indent):
            if isinstance(piece, str):
                out.write(piece.encode("utf-8"))
                continue
            # Each line followed by the separator (all but the last), written as CSV that never quotes.
            last = pl.int_range(pl.len()) == pl.len() - 1
            rows = pl.DataFrame({"line": piece}).select(
                pl.concat_str(
                    pl.col("line"), pl.when(last).then(pl.lit("")).otherwise(pl.lit(",\n" + pad))
                )
            )
            out.flush()  # Polars writes to the file itself: what Python holds in its buffer goes first
            rows.write_csv(out, include_header=False, quote_style="never", line_terminator="")


def _pieces(assessment: Assessment, indent: int) -> Iterator[str | pl.Series]:
    """Text pieces, and for each long list of an engine's assessment the Series of its lines."""
    pad = " " * indent
    encode = _record_encoder()
    if assessment.read_from is not None:
        items: list[tuple[str, Any]] = list(assessment.read_from.items())
    else:
        items = [*doc.head(assessment).items(), *((name, _FROM_FRAMES) for name in doc.LISTS)]
    yield "{\n"
    for number, (key, value) in enumerate(items):
        yield f",\n{pad}" if number else pad
        yield f"{json.dumps(key, ensure_ascii=False)}: "
        if value is _FROM_FRAMES:
            lines = doc.record_lines(assessment, key)
            if len(lines):
                yield f"[\n{pad * 2}"
                yield lines
                yield f"\n{pad}]"
            else:
                yield "[]"
        elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            yield f"[\n{pad * 2}" + f",\n{pad * 2}".join(encode(item) for item in value) + f"\n{pad}]"
        else:
            yield json.dumps(value, ensure_ascii=False, indent=indent).replace("\n", "\n" + pad)
    yield "\n}"


def _record_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False)`` for many small values: one C encoder made once
    (json.dumps makes a new one per call, which costs more than encoding a small record)."""
    from json import encoder

    if encoder.c_make_encoder is None:  # no C accelerator: json.dumps itself
        return lambda value: json.dumps(value, ensure_ascii=False)
    default = json.JSONEncoder(ensure_ascii=False).default
    make = encoder.c_make_encoder(
        None, default, encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
    return lambda value: "".join(make(value, 0))
