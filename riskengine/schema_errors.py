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

from .errors import Problem
from .yamlsource import SourceMap

_TYPE_NAMES = {
    "object": "映射（键: 值）",
    "array": "列表",
    "string": "文字",
    "number": "数字",
    "integer": "整数",
    "boolean": "true 或 false",
    "null": "空值",
}


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


def _describe(error: ValidationError, path: tuple, source_map: SourceMap) -> Problem:
    where = _dotted(path) or "文件顶层"
    keyword = error.validator
    value = error.validator_value
    if keyword == "required":
        missing = [name for name in value if isinstance(error.instance, dict) and name not in error.instance]
        return Problem(f"{where} 缺少必填项：{'、'.join(missing)}", source_map.location(path))
    if keyword == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extras = [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
        extra = extras[0] if extras else "?"
        hint = difflib.get_close_matches(extra, allowed, n=1)
        suggestion = f"，是否指 '{hint[0]}'？" if hint else f"；可用的键：{'、'.join(allowed)}"
        return Problem(
            f"{where} 中有未知的键 '{extra}'{suggestion}", source_map.location((*path, extra), key=True)
        )
    if keyword == "enum":
        options = "、".join(str(v) for v in value)
        return Problem(
            f"{where} 的值 {error.instance!r} 不在允许值中（应为：{options}）", source_map.location(path)
        )
    if keyword == "type":
        expected = value if isinstance(value, list) else [value]
        names = " 或 ".join(_TYPE_NAMES.get(t, t) for t in expected)
        return Problem(f"{where} 应为{names}，实际是 {error.instance!r}", source_map.location(path))
    if keyword == "pattern":
        hint = error.schema.get("description", f"格式 {value}")
        return Problem(f"{where} 的值 {error.instance!r} 格式不对：{hint}", source_map.location(path))
    if keyword == "format":
        return Problem(
            f"{where} 应为 YYYY-MM-DD 格式的日期，实际是 {error.instance!r}", source_map.location(path)
        )
    if keyword in ("minItems", "minLength", "minProperties"):
        return Problem(f"{where} 不能为空", source_map.location(path))
    if keyword in ("minimum", "maximum"):
        bound = "不能小于" if keyword == "minimum" else "不能大于"
        return Problem(f"{where} 的值 {error.instance!r} {bound} {value}", source_map.location(path))
    if keyword == "maxProperties":
        return Problem(f"{where} 只能写一项", source_map.location(path))
    if keyword == "oneOf" and isinstance(error.instance, dict) and "id" in error.instance:
        rule_id = error.instance.get("id")
        return Problem(
            f"{where}（规则 {rule_id}）须二选一：写 condition（条件表达式，并用 reads 指定记录类型），"
            "或写 detector（插件检测器）；使用 detector 时不写 condition 与 evidence",
            source_map.location(path),
        )
    if keyword == "anyOf" and path == ():
        return Problem("规则包须包含 rules、scoring 或 rule_overrides 之一", source_map.location(path))
    if keyword == "anyOf" and all(isinstance(b, dict) and set(b) == {"required"} for b in value):
        names = " 或 ".join(name for branch in value for name in branch["required"])
        return Problem(f"{where} 须写 {names}（至少一项）", source_map.location(path))
    return Problem(f"{where}：{error.message}", source_map.location(path))


def _dotted(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
