"""``rule_overrides`` and ``extends``: a province revising shipped rules, checked in its own file.

Every mistake is reported at the line of the author's pack, not inside the installed package:
an ``extends`` naming a pack that is not loaded, an override of a rule that does not exist (or
that belongs to another pack than the one extended), a parameter the rule does not have, and a
value of the wrong type. A parameter with a mistake is not applied (the rule keeps its value),
so a misspelt threshold is an error, never a silent no-op.

Each applied value remembers where it was written (:class:`Origin`), so a detector's own
parameter schema, checked later on the merged parameters, also points into the author's file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import Location, Problem
from .expression_types import NULL, scalar_kind, unify
from .messages import text
from .plugins import Registry
from .records import FieldKind
from .rulepack import RulePackDocument
from .schema_errors import validate
from .yamlsource import JsonPath, SourceMap


@dataclass(frozen=True)
class Origin:
    """Where a value was written: a pack's source map and the value's path in it."""

    source_map: SourceMap
    path: JsonPath

    def location(self, rest: JsonPath = (), *, key: bool = False) -> Location:
        """Where the value (or, with ``key``, its key) -- or something ``rest`` deeper inside it -- is."""
        return self.source_map.location((*self.path, *rest), key=key)


@dataclass
class RuleChange:
    """All overrides of one rule, merged in load order (a later pack wins)."""

    parameters: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)
    severity: str | None = None
    enabled: bool | None = None

    def apply(self, raw: dict[str, Any]) -> dict[str, Any]:
        """The rule's YAML mapping with these changes applied."""
        merged = dict(raw)
        if self.parameters:
            merged["parameters"] = {**raw.get("parameters", {}), **self.parameters}
        if self.severity is not None:
            merged["severity"] = self.severity
        if self.enabled is not None:
            merged["enabled"] = self.enabled
        return merged


@dataclass
class Overrides:
    """The changes per rule id, and the problems found in the packs that wrote them."""

    changes: dict[str, RuleChange] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


RuleIndex = dict[str, tuple[RulePackDocument, int]]


def collect_overrides(
    documents: list[RulePackDocument], rule_index: RuleIndex, registry: Registry, loaded_ids: Iterable[str]
) -> Overrides:
    """Check every ``extends`` and ``rule_overrides`` entry of ``documents`` and merge the good ones.

    :param rule_index: each rule id to the pack and position that define it.
    :param loaded_ids: the ids of every loaded pack (``extends`` may name any of them).
    """
    result = Overrides()
    loaded = sorted(set(loaded_ids))
    for doc in documents:
        extends = doc.info.extends
        if extends is not None and _check_extends(doc, extends, loaded, result.problems) is False:
            extends = None  # reported; the overrides are still checked against every rule
        for rule_id, change in doc.rule_overrides.items():
            path = ("rule_overrides", rule_id)
            where = Origin(doc.source_map, path)
            target = rule_index.get(rule_id)
            if target is None:
                hint = _hint(rule_id, rule_index)
                result.problems.append(
                    Problem(text("override_unknown_rule", rule=rule_id, hint=hint), where.location(key=True))
                )
                continue
            owner = target[0].info.id
            if extends is not None and owner != extends:
                result.problems.append(
                    Problem(
                        text("override_outside_extends", rule=rule_id, owner=owner, pack=extends),
                        where.location(key=True),
                    )
                )
                continue
            merged = result.changes.setdefault(rule_id, RuleChange())
            if "severity" in change:
                merged.severity = change["severity"]
            if "enabled" in change:
                merged.enabled = change["enabled"]
            for name, value in (change.get("parameters") or {}).items():
                origin = Origin(doc.source_map, (*path, "parameters", name))
                problem = _check_parameter(rule_id, target, name, value, origin, registry)
                if problem is not None:
                    result.problems.append(problem)
                    continue
                merged.parameters[name] = value
                merged.origins[name] = origin
    return result


def _check_extends(doc: RulePackDocument, extends: str, loaded: list[str], problems: list[Problem]) -> bool:
    location = doc.source_map.location(("pack", "extends"))
    if extends == doc.info.id:
        problems.append(Problem(text("extends_self", pack=extends), location))
        return False
    if extends not in loaded:
        known = "、".join(i for i in loaded if i != doc.info.id) or "（无）"
        problems.append(
            Problem(text("extends_unknown", pack=extends, hint=_hint(extends, loaded), known=known), location)
        )
        return False
    return True


def _check_parameter(
    rule_id: str,
    target: tuple[RulePackDocument, int],
    name: str,
    value: Any,
    origin: Origin,
    registry: Registry,
) -> Problem | None:
    doc, index = target
    raw = doc.rules[index]
    if "detector" in raw:
        detector = registry.detectors.get(raw["detector"])
        if detector is None:
            return None  # the rule itself is reported as broken
        properties = dict(detector.params_schema).get("properties", {})
        if name not in properties:
            return _unknown(rule_id, name, properties, origin)
        for problem in validate(value, _Named(name, origin), properties[name], base_path=(name,)):  # type: ignore[arg-type]
            return Problem(
                text(
                    "override_detector_param", rule=rule_id, detector=detector.name, problem=problem.message
                ),
                problem.location,
            )
        return None
    # Only the parameters the rule uses: setting a pack parameter that the rule never reads would
    # change nothing, which is the silent no-op this check exists to prevent.
    visible = {**doc.parameters, **raw.get("parameters", {})}
    used = _referenced(raw)
    known = {k: v for k, v in visible.items() if k in used or k in raw.get("parameters", {})}
    if name not in known:
        return _unknown(rule_id, name, known, origin)
    original = known[name]
    if not _same_kind(original, value):
        return Problem(
            text(
                "override_wrong_type",
                rule=rule_id,
                param=name,
                expected=_kind_text(original),
                original=_show(original),
                actual=_show(value),
            ),
            origin.location(),
        )
    return None


_PARAM_REF = re.compile(r"params\.\s*([A-Za-z_][A-Za-z0-9_]*)")


def _referenced(raw: dict[str, Any]) -> set[str]:
    """Parameter names a condition rule's condition, message and escalations (``when``, ``reason``) use."""
    texts = [raw.get("condition", ""), raw.get("message", "")]
    for item in raw.get("escalate", []):
        if isinstance(item, dict):
            texts += [item.get("when", ""), item.get("reason", "")]
    return {match for t in texts if isinstance(t, str) for match in _PARAM_REF.findall(t)}


class _Named:
    """Locates a schema error of one parameter value where the author wrote it."""

    def __init__(self, name: str, origin: Origin):
        self.name = name
        self.origin = origin

    def location(self, path: tuple, *, key: bool = False) -> Location:
        return self.origin.location(tuple(path)[1:], key=key)


def _unknown(rule_id: str, name: str, known: Iterable[str], origin: Origin) -> Problem:
    known = list(known)
    listed = "、".join(known) or "（无）"
    return Problem(
        text("override_unknown_param", rule=rule_id, param=name, hint=_hint(name, known), known=listed),
        origin.location(key=True),
    )


def _same_kind(original: Any, value: Any) -> bool:
    """Whether ``value`` can stand where ``original`` was without changing how conditions type-check."""
    if isinstance(original, list):
        if not isinstance(value, list):
            return False
        elem = None
        for item in [*original, *value]:
            kind = scalar_kind(item)
            if kind is None or kind is NULL:
                return False
            elem = unify(elem, kind)
            if elem is False:
                return False
        return True
    a, b = scalar_kind(original), scalar_kind(value)
    if a is None or b is None or isinstance(value, list):
        return False
    return unify(a, b) is not False and (a is FieldKind.BOOLEAN) == (b is FieldKind.BOOLEAN)


_KIND_TEXT = {
    FieldKind.INTEGER: ("数字", "a number"),
    FieldKind.NUMBER: ("数字", "a number"),
    FieldKind.STRING: ("文字", "text"),
    FieldKind.BOOLEAN: ("true 或 false", "true or false"),
}


def _kind_text(value: Any) -> str:
    from .messages import language

    if isinstance(value, list):
        return "列表" if language() == "zh" else "a list"
    zh, en = _KIND_TEXT.get(scalar_kind(value), ("文字", "text"))  # type: ignore[arg-type]
    return zh if language() == "zh" else en


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def _hint(name: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return text("did_you_mean", name=close[0]) if close else ""
