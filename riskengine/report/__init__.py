"""The HTML report of an assessment (``riskengine report``): charts and tables in one self-contained file."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from ..errors import RiskEngineError
from ..messages import text
from .html import render_report
from .model import StoreView, build_model

__all__ = ["StoreView", "build_model", "load_result", "report_html", "render_report"]


def load_result(path: Path) -> dict[str, Any]:
    """A result document read from ``path`` and checked against ``schemas/result.schema.json``."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RiskEngineError(text("report_bad_json", path=path, error=exc)) from None
    schema = json.loads(
        (resources.files("riskengine_schemas") / "result.schema.json").read_text(encoding="utf-8")
    )
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(doc))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(根)"
        raise RiskEngineError(text("report_bad_json", path=path, error=f"{where}: {error.message}"))
    return doc


def report_html(doc: dict[str, Any], store: StoreView | None = None, *, on: dt.date | None = None) -> str:
    """The whole report page for result ``doc``, with the store's history and tasks when given."""
    return render_report(build_model(doc, store, on=on))
