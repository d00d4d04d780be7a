"""Renderers of an assessment result: ``table`` (terminal), ``json`` and ``csv``."""

from __future__ import annotations

from ..result import Assessment
from .csv import render_csv
from .table import render_table


def render(result: Assessment, fmt: str) -> str:
    """The result as text in format ``fmt`` (table, json or csv)."""
    if fmt == "json":
        return result.to_json()
    if fmt == "csv":
        return render_csv(result)
    return render_table(result)
