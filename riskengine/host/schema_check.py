"""Is a schema a plugin registers valid JSON Schema? Checked once per schema text, not once per command.

Checking a schema against the Draft 2020-12 meta-schema costs milliseconds each, and every command
checks every record type's and detector's schema (dozens), plus the jsonschema import. A schema
found valid is remembered in :mod:`riskengine.cache` under a key of its exact text; an invalid one is
checked, and reported with jsonschema's own message, every time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .. import cache

KIND = "valid-schema"


class SchemaInvalid(Exception):
    """A schema that is not valid JSON Schema; ``str()`` and ``message`` are jsonschema's."""

    def __init__(self, error: Exception):
        super().__init__(error)
        self.message: str = getattr(error, "message", str(error))

    def __str__(self) -> str:
        return str(self.args[0])


def check_schema(schema: Mapping[str, Any]) -> None:
    """Raise :class:`SchemaInvalid` unless ``schema`` is a valid Draft 2020-12 schema."""
    text = canonical(schema)
    name = cache.key(KIND, text) if text is not None else None
    if name is not None and (name in _VALID or cache.known(KIND, name)):
        _VALID.add(name)
        return
    import jsonschema  # only for a schema not seen before: the import alone costs 50 ms

    try:
        jsonschema.Draft202012Validator.check_schema(dict(schema))
    except jsonschema.SchemaError as exc:
        raise SchemaInvalid(exc) from exc
    if name is not None:
        _VALID.add(name)
        cache.remember(KIND, name)


#: Schemas found valid in this process (so a turned-off cache still checks each schema once).
_VALID: set[str] = set()


def canonical(value: Any) -> str | None:
    """``value`` as JSON text that tells apart everything a validator tells apart, or None.

    Keys are sorted; a value that is not plain JSON (a tuple, a date, a mapping that is not a
    dict) is written with its Python type, so it never shares a text with a list or a string
    that reads the same (jsonschema does not take a tuple for an array).
    """
    try:
        return json.dumps(_tagged(value), sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):  # keys of mixed types, a circular value: not cached
        return None


def _tagged(value: Any) -> Any:
    if value is None or type(value) in (str, int, float, bool):
        return value
    if type(value) is dict:
        return {_key(k): _tagged(v) for k, v in value.items()}
    if type(value) is list:
        return [_tagged(v) for v in value]
    kind = f"{type(value).__module__}.{type(value).__qualname__}"
    if isinstance(value, Mapping):
        return {"$python": kind, "items": {_key(k): _tagged(v) for k, v in value.items()}}
    if isinstance(value, tuple | list):
        return {"$python": kind, "items": [_tagged(v) for v in value]}
    return {"$python": kind, "repr": repr(value)}


def _key(key: Any) -> str:
    if type(key) is not str:
        raise TypeError("only text keys are cached")
    return key
