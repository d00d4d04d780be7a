"""The API description (``/openapi.json``, ``/docs``) in the user's language.

Routes and models write message keys where a description goes (``description="api.field.version"``)
and operations are named by their function (``api.op.<name>``: summary, ``api.doc.<name>``:
description). The schema FastAPI builds is walked once per language and every such key is
replaced by its text (:func:`riskengine.messages.text`); ``RISKENGINE_LANG=en`` gives English,
Chinese is the default. Anything that is not a key (a model's own docstring) is left as it is.
"""

from __future__ import annotations

import copy
import re
import threading
from typing import Any

from fastapi import FastAPI

from ..messages import CATALOG, language, text

TRANSLATED = ("description", "summary")
# FastAPI's own English descriptions, given in the user's language too.
FRAMEWORK = {"Successful Response": "api.resp.ok", "Validation Error": "api.resp.422"}


def install(app: FastAPI) -> None:
    """Serve ``app``'s OpenAPI schema translated, built once per language."""
    built: dict[str, dict[str, Any]] = {}
    lock = threading.Lock()

    def openapi() -> dict[str, Any]:
        lang = language()
        with lock:
            if lang not in built:
                app.openapi_schema = None
                schema = copy.deepcopy(FastAPI.openapi(app))
                app.openapi_schema = None
                _name_operations(schema)
                built[lang] = translate(schema)
            return built[lang]

    app.openapi = openapi  # type: ignore[method-assign]


def _name_operations(schema: dict[str, Any]) -> None:
    """Give each operation the summary and description keys of its route function.

    The function is found through the operation id FastAPI derives from it (its
    ``generate_unique_id``: the function's name, the path and the method, non-word characters as
    ``_``), which does not depend on how routers are nested.
    """
    names = [key.removeprefix("api.op.") for key in CATALOG if key.startswith("api.op.")]
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            ids = {re.sub(r"\W", "_", f"{name}{path}") + f"_{method}": name for name in names}
            name = ids.get(operation.get("operationId", ""))
            if name is not None:
                operation["summary"] = f"api.op.{name}"
                if f"api.doc.{name}" in CATALOG:
                    operation["description"] = f"api.doc.{name}"


def translate(value: Any) -> Any:
    """``value`` with every description or summary that is a message key replaced by its text."""
    if isinstance(value, dict):
        return {key: _text(item) if key in TRANSLATED and isinstance(item, str) else translate(item)
                for key, item in value.items()}
    if isinstance(value, list):
        return [translate(item) for item in value]
    return value


def _text(value: str) -> str:
    key = FRAMEWORK.get(value, value)
    return text(key) if key in CATALOG else value
