"""JSON Schema validation with errors a rule-pack author can act on.

jsonschema reports paths and keywords; authors need "file:line:column: what was expected",
in Chinese, for every error at once.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from ..errors import Problem
from ..messages import text
from .yamlsource import SourceMap

_TYPES = ("object", "array", "string", "number", "integer", "boolean", "null")


@cache
def rulepack_schema() -> dict[str, Any]:
    """The published rule-pack schema (``schemas/rulepack.schema.json``)."""
    text = (resources.files("riskengine_schemas") / "rulepack.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _validator(schema_json: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        json.loads(schema_json), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def validate(
    document: Any, source_map: SourceMap, schema: dict[str, Any] | None = None, *, base_path: tuple = ()
) -> list[Problem]:
    """Every schema violation of ``document``, located in its YAML source."""
    validator = _validator(json.dumps(schema or rulepack_schema(), sort_keys=True))
    problems = []
    for error in validator.iter_errors(document):
        path = (*base_path, *error.absolute_path)
        problems.append(_describe(error, path, source_map))
    return problems


def explain(error: ValidationError) -> str:
    """One schema violation of a document read without a source map (a JSON file), in words;
    the words name where it is (``posts[0].level``)."""
    return _describe(error, tuple(error.absolute_path), _NOWHERE).message


class _Nowhere:
    """The source map of a document with no lines to point at."""

    def location(self, path: tuple, *, key: bool = False) -> None:
        return None


_NOWHERE = _Nowhere()


def _describe(error: ValidationError, path: tuple, source_map: SourceMap) -> Problem:
    where = _dotted(path) or text("schema_top")
    keyword = error.validator
    value = error.validator_value
    at = source_map.location(path)
    if keyword == "required":
        missing = [name for name in value if isinstance(error.instance, dict) and name not in error.instance]
        shown = text("list_separator_short").join(missing)
        return Problem(text("schema_required", where=where, missing=shown), at)
    if keyword == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extras = [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
        extra = extras[0] if extras else "?"
        hint = difflib.get_close_matches(extra, allowed, n=1)
        if hint:
            suggestion = text("schema_key_hint", name=hint[0])
        else:
            suggestion = text("schema_key_list", keys=text("list_separator_short").join(allowed))
        return Problem(
            text("schema_unknown_key", where=where, name=extra, suggestion=suggestion),
            source_map.location((*path, extra), key=True),
        )
    if keyword == "enum":
        options = text("list_separator_short").join(str(v) for v in value)
        return Problem(text("schema_enum", where=where, value=repr(error.instance), options=options), at)
    if keyword == "type":
        expected = value if isinstance(value, list) else [value]
        names = text("schema_type_or").join(text(f"type_{t}") if t in _TYPES else t for t in expected)
        return Problem(text("schema_type", where=where, names=names, value=repr(error.instance)), at)
    if keyword == "pattern":
        hint = error.schema.get("description", text("schema_pattern_hint", pattern=value))
        return Problem(text("schema_pattern", where=where, value=repr(error.instance), hint=hint), at)
    if keyword == "format":
        return Problem(text("schema_date", where=where, value=repr(error.instance)), at)
    if keyword in ("minItems", "minLength", "minProperties"):
        return Problem(text("schema_empty", where=where), at)
    if keyword in ("minimum", "maximum"):
        return Problem(text(f"schema_{keyword}", where=where, value=repr(error.instance), bound=value), at)
    if keyword == "maxProperties":
        return Problem(text("schema_one_item", where=where), at)
    if keyword == "oneOf" and isinstance(error.instance, dict) and "id" in error.instance:
        return Problem(text("schema_rule_kind", where=where, rule=error.instance.get("id")), at)
    if keyword == "oneOf" and error.context:
        # A value with two accepted forms (``locked: true`` or a list; ``extends`` text or mapping):
        # explain the mistake inside the form the author chose, or else list both forms.
        inner = [e for e in error.context if e.validator not in ("type", "const")]
        if inner:
            return _describe(inner[0], (*path, *inner[0].relative_path), source_map)
        hint = error.schema.get("description", "")
        return Problem(text("schema_one_of", where=where, value=repr(error.instance), hint=hint), at)
    if keyword == "anyOf" and path == ():
        return Problem(text("schema_pack_content"), at)
    if keyword == "anyOf" and all(isinstance(b, dict) and set(b) == {"required"} for b in value):
        names = text("schema_type_or").join(name for branch in value for name in branch["required"])
        return Problem(text("schema_any_of", where=where, names=names), at)
    return Problem(text("schema_other", where=where, message=error.message), at)


def _dotted(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
