"""The HTML report of an assessment (``riskengine report``): charts and tables in one self-contained file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..outcome.schema import read_result
from .html import render_report
from .model import StoreView, build_model

__all__ = ["StoreView", "build_model", "load_result", "report_html", "render_report"]


def load_result(path: Path) -> dict[str, Any]:
    """A result document read from ``path`` and checked against ``schemas/result.schema.json``."""
    return read_result(path)


def report_html(doc: dict[str, Any], store: StoreView | None = None, *, on: dt.date | None = None) -> str:
    """The whole report page for result ``doc``, with the store's history and tasks when given."""
    return render_report(build_model(doc, store, on=on))
