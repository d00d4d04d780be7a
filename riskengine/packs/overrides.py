"""``rule_overrides`` and ``extends``: a province, city or county revising higher levels' rules.

Every mistake is reported at the line of the author's pack, not inside the installed package:
an ``extends`` naming a pack that is not loaded, an override of a rule that does not exist (or
that belongs to no pack up the ``extends`` chain), a parameter the rule does not have, a
value of the wrong type, a change of an item a higher level locked, a value outside its bounds.
A change with a mistake is not applied (the rule keeps its value), so a misspelt threshold is an
error, never a silent no-op. The chain, locks and bounds themselves live in :mod:`riskengine.packs.layers`.

Each applied value remembers where it was written (:class:`Origin`), so a detector's own
parameter schema, checked later on the merged parameters, also points into the author's file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..data.records import FieldKind
from ..errors import Location, Problem
from ..host.plugins import Registry
from ..messages import text
from .expression.types import NULL, scalar_kind, unify
from .layers import Bound, Chain, Lock, Origin, applies_to, collect_limits, item_text
from .rulepack import RulePackDocument
from .schema_errors import validate


@dataclass
class RuleChange:
    """All overrides of one rule, merged in chain order (the lowest level wins).

    ``set_by`` remembers, for each item changed (``severity``, ``parameters.cash_limit``,
    ``rectification.deadline_days`` ...), the pack that set it last and where.
    """

    parameters: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)
    severity: str | None = None
    enabled: bool | None = None
    message: str | None = None
    rectification: dict[str, Any] = field(default_factory=dict)
    set_by: dict[str, tuple[str, Origin]] = field(default_factory=dict)

    @property
    def message_origin(self) -> Origin | None:
        """Where the message in force was written, if an overlay changed it."""
        entry = self.set_by.get("message")
        return entry[1] if entry else None

    def apply(self, raw: dict[str, Any]) -> dict[str, Any]:
        """The rule's YAML mapping with these changes applied."""
        merged = dict(raw)
        if self.parameters:
            merged["parameters"] = {**raw.get("parameters", {}), **self.parameters}
        if self.severity is not None:
            merged["severity"] = self.severity
        if self.enabled is not None:
            merged["enabled"] = self.enabled
        if self.message is not None:
            merged["message"] = self.message
        if self.rectification:
            merged["rectification"] = {**raw.get("rectification", {}), **self.rectification}
        return merged


@dataclass
class Overrides:
    """The changes per rule id, the locks and bounds in force, and the problems found in the packs."""

    changes: dict[str, RuleChange] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    locks: list[Lock] = field(default_factory=list)
    bounds: list[Bound] = field(default_factory=list)
    chain: Chain | None = None


RuleIndex = dict[str, tuple[RulePackDocument, int]]

_RECTIFICATION = ("title", "measures", "deadline_days")


def collect_overrides(
    documents: list[RulePackDocument], rule_index: RuleIndex, registry: Registry, loaded_ids: Iterable[str]
) -> Overrides:
    """Check every ``extends`` and ``rule_overrides`` entry of ``documents`` and merge the good ones.

    Overlays apply in chain order (province, city, county); an entry that touches a locked item or
    leaves a bound is reported at its line and not applied.

    :param rule_index: each rule id to the pack and position that define it.
    :param loaded_ids: the ids of every loaded pack (``extends`` may name any of them).
    """
    result = Overrides()
    loaded = sorted(set(loaded_ids))
    chain = result.chain = Chain(documents, result.problems)
    result.locks, result.bounds = collect_limits(documents)
    _check_limits(result, rule_index, registry)
    for doc in chain.in_chain_order(documents):
        extends = doc.info.extends
        if extends is not None and _check_extends(doc, extends, loaded, result.problems) is False:
            extends = None  # reported; the overrides are still checked against every rule
        reach = [a.info.id for a in chain.ancestors(doc)] if extends is not None else None
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
            if reach is not None and owner not in reach:
                named = "、".join(reach or [extends or ""])
                result.problems.append(
                    Problem(
                        text("override_outside_extends", rule=rule_id, owner=owner, pack=named),
                        where.location(key=True),
                    )
                )
                continue
            merged = result.changes.setdefault(rule_id, RuleChange())
            limits = _Limits(result, chain, doc, rule_id, owner)
            for item in ("severity", "enabled", "message"):
                origin = Origin(doc.source_map, (*path, item))
                if item in change and limits.allowed(item, change[item], origin):
                    setattr(merged, item, change[item])
                    merged.set_by[item] = (doc.info.id, origin)
            for name in _RECTIFICATION:
                if name in (change.get("rectification") or {}):
                    origin = Origin(doc.source_map, (*path, "rectification", name))
                    if limits.allowed(f"rectification.{name}", change["rectification"][name], origin):
                        merged.rectification[name] = change["rectification"][name]
                        merged.set_by[f"rectification.{name}"] = (doc.info.id, origin)
            for name, value in (change.get("parameters") or {}).items():
                origin = Origin(doc.source_map, (*path, "parameters", name))
                problem = _check_parameter(rule_id, target, name, value, origin, registry)
                if problem is not None:
                    result.problems.append(problem)
                    continue
                if not limits.allowed(f"parameters.{name}", value, origin):
                    continue
                merged.parameters[name] = value
                merged.origins[name] = origin
                merged.set_by[f"parameters.{name}"] = (doc.info.id, origin)
    return result


class _Limits:
    """The locks and bounds that bind one overlay's changes of one rule."""

    def __init__(self, result: Overrides, chain: Chain, doc: RulePackDocument, rule_id: str, owner: str):
        self.problems = result.problems
        self.rule_id = rule_id

        def binding(limit: Lock | Bound) -> bool:
            return chain.binds(limit.pack_id, doc, owner) and applies_to(limit, rule_id, owner, chain)

        self.locks = [lock for lock in result.locks if binding(lock)]
        self.bounds = [bound for bound in result.bounds if binding(bound)]

    def allowed(self, item: str, value: Any, origin: Origin) -> bool:
        """Whether ``item`` may be set to ``value``; if not, the problem is reported at ``origin``."""
        for lock in self.locks:
            if lock.covers(item):
                self.problems.append(Problem(self._locked(item, lock), origin.location(key=True)))
                return False
        name = item.split(".", 1)[1] if item.startswith("parameters.") else None
        for bound in self.bounds:
            if name is not None and bound.parameter == name and not bound.allows(value):
                message = text(
                    "override_out_of_bounds",
                    rule=self.rule_id,
                    param=name,
                    value=_show(value),
                    range=bound.range_text(),
                    pack=bound.pack_id,
                    where=_line(bound.origin),
                )
                self.problems.append(Problem(message, origin.location()))
                return False
        return True

    def _locked(self, item: str, lock: Lock) -> str:
        return text(
            "override_locked",
            rule=self.rule_id,
            item=item_text(item),
            pack=lock.pack_id,
            where=_line(lock.origin),
            lock=lock.written,
        )


def _check_limits(result: Overrides, rule_index: RuleIndex, registry: Registry) -> None:
    """A rule's lock or bound names a parameter the rule has, and no bound's min is above its max."""
    named: list[tuple[str | None, str, Origin]] = [
        (lock.rule_id, lock.item.split(".", 1)[1], lock.origin)
        for lock in result.locks
        if lock.item.startswith("parameters.")
    ]
    named += [(bound.rule_id, bound.parameter, bound.origin) for bound in result.bounds]
    for rule_id, name, origin in named:
        target = rule_index.get(rule_id) if rule_id else None
        known = _parameter_names(target, registry) if target else None
        if known is not None and name not in known:
            listed = "、".join(known) or "（无）"
            hint = _hint(name, known)
            message = text("limit_unknown_param", rule=rule_id, param=name, hint=hint, known=listed)
            result.problems.append(Problem(message, origin.location(key=True)))
    for bound in result.bounds:
        if bound.minimum is not None and bound.maximum is not None and bound.minimum > bound.maximum:
            message = text("bounds_inverted", min=_show(bound.minimum), max=_show(bound.maximum))
            result.problems.append(Problem(message, bound.origin.location()))


def _parameter_names(target: tuple[RulePackDocument, int], registry: Registry) -> list[str] | None:
    """The parameters an override of the rule may set (None: the rule's detector is unknown)."""
    doc, index = target
    raw = doc.rules[index]
    if "detector" in raw:
        detector = registry.detectors.get(raw["detector"])
        return list(dict(detector.params_schema).get("properties", {})) if detector else None
    used = referenced_parameters(raw)
    own = raw.get("parameters", {})
    return [k for k in {**doc.parameters, **own} if k in used or k in own]


def _line(origin: Origin) -> str:
    """``file:line`` of a lock or bound, for the message of an overlay that hit it."""
    location = origin.location()
    return f"{location.source}:{location.line}" if location.line is not None else location.source


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
    used = referenced_parameters(raw)
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


def referenced_parameters(raw: dict[str, Any]) -> set[str]:
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
    from ..messages import language

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
