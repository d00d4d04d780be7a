"""The result contract as a JSON Schema (``schemas/result.schema.json``), for documents read back.

A result file handed to ``riskengine tasks import`` or ``riskengine report`` is checked against the
schema before anything is done with it; a file that does not conform is refused with the first
problem in words and where it is (``posts[0].level``), not with a KeyError halfway through.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from ..errors import RiskEngineError
from ..messages import text
from ..packs.schema_errors import explain


@cache
def result_schema() -> dict[str, Any]:
    """The published result schema."""
    source = resources.files("riskengine_schemas") / "result.schema.json"
    return json.loads(source.read_text(encoding="utf-8"))


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        result_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def result_problem(document: Any) -> str | None:
    """Why ``document`` is not a result (the first problem, in words), or None when it conforms."""
    if not isinstance(document, dict):
        return explain(next(_validator().iter_errors(document)))
    missing = [key for key in result_schema()["required"] if key not in document]
    if missing:  # not a result at all: name everything it lacks, not only the first
        return text("result_lacks", missing=text("enum_sep").join(missing))
    error = jsonschema.exceptions.best_match(_validator().iter_errors(document))
    return None if error is None else explain(error)


def read_result(path: str | Path) -> dict[str, Any]:
    """The result document in ``path`` (``riskengine assess --format json``), checked against the schema.

    :raises RiskEngineError: the file cannot be read as JSON, or does not conform; the message
        names the file and where in it the first problem is.
    """
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RiskEngineError(text("result_unreadable", path=path, error=exc)) from None
    problem = result_problem(document)
    if problem is not None:
        raise RiskEngineError(text("result_invalid", path=path, problem=problem))
    return document
