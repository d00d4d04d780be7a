"""Renderers of an assessment result: ``table`` (terminal), ``json``, ``csv`` and ``xlsx`` (workbook)."""

from __future__ import annotations

from pathlib import PurePath

from ..outcome.assessment import Assessment

# Formats written as bytes to a file, never to a terminal.
BINARY_FORMATS = ("xlsx",)
SUFFIXES = {"json": (".json",), "csv": (".csv",), "xlsx": (".xlsx",), "table": (".txt",)}


def render(result: Assessment, fmt: str, *, all_posts: bool = False) -> str:
    """The result as text in format ``fmt`` (table, json or csv)."""
    if fmt == "json":
        return result.to_json()
    if fmt == "csv":
        from .csv import render_csv

        return render_csv(result)
    from .table import render_table  # rich, only for the terminal table

    return render_table(result, all_posts=all_posts)


def render_bytes(result: Assessment, fmt: str) -> bytes:
    """The result as a file in a binary format (``xlsx``)."""
    if fmt == "xlsx":
        from .xlsx import render_xlsx

        return render_xlsx(result)
    raise ValueError(f"not a binary format: {fmt}")


def output_problem(fmt: str, output: str | None) -> tuple[str, dict] | None:
    """Why ``output`` cannot take format ``fmt`` (a message key and its values), or None when it can.

    A binary format needs a file; a file whose suffix names another format is refused, so that
    no text ever lands in a file called ``.xlsx`` (and no workbook in a ``.json``).
    """
    if output is None:
        return ("format_needs_output", {"fmt": fmt}) if fmt in BINARY_FORMATS else None
    suffix = PurePath(output).suffix.lower()
    known = {s for suffixes in SUFFIXES.values() for s in suffixes}
    if suffix in SUFFIXES.get(fmt, ()) or (fmt == "table" and suffix not in known):
        return None
    if fmt not in BINARY_FORMATS and suffix not in known:
        return None  # text into a file of no known format (result.out, -): the user's choice
    return "format_suffix_mismatch", {"path": output, "fmt": fmt, "suffix": "/".join(SUFFIXES[fmt])}
