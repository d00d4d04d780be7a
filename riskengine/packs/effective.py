"""The effective rules: every value of a rule after all layers, with the layer (pack, file:line) that set it.

What ``riskengine rules show --effective`` prints. Values start as the owning pack wrote them
(or a detector's default), then each overlay's accepted changes apply in chain order; the
locks and bounds that lower levels must respect are listed with where they were set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..host.plugins import Registry
from .layers import Bound, Lock, Origin, applies_to
from .overrides import RuleChange, referenced_parameters
from .rulebook import RuleBook
from .rulepack import RulePackDocument

ITEMS_ORDER = ("enabled", "severity", "message", "rectification.title", "rectification.measures",
               "rectification.deadline_days")


@dataclass(frozen=True)
class Setting:
    """One value in force and who set it; ``origin`` None means a detector's default."""

    value: Any
    pack_id: str
    origin: Origin | None
    default: bool = False  # not written at all: the rule's default (enabled) or the detector's

    def to_dict(self) -> dict[str, Any]:
        location = self.origin.location() if self.origin else None
        return {
            "value": self.value,
            "pack": self.pack_id,
            "source": location.source if location else None,
            "line": location.line if location else None,
            "default": self.default,
        }


@dataclass
class EffectiveRule:
    """A rule as it runs: its values with their layers, and the locks and bounds in force."""

    id: str
    title: str
    pack_id: str
    origin: Origin
    values: dict[str, Setting] = field(default_factory=dict)
    locks: list[Lock] = field(default_factory=list)
    bounds: list[Bound] = field(default_factory=list)

    def _present(self) -> list[str]:
        return [item for item in ordered_items(self) if item in self.values]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of ``rules show --format json``."""
        location = self.origin.location()
        return {
            "id": self.id,
            "title": self.title,
            "pack": self.pack_id,
            "source": location.source,
            "line": location.line,
            "values": {item: self.values[item].to_dict() for item in self._present()},
            "locks": [_lock_dict(lock) for lock in self.locks],
            "bounds": [_bound_dict(bound) for bound in self.bounds],
        }


def effective_rules(book: RuleBook, registry: Registry, *, overlays: bool = True) -> list[EffectiveRule]:
    """Every rule of the packs that apply (disabled ones too); without ``overlays``, as written."""
    found = []
    chain = book.overrides.chain
    for doc in book.documents:
        for position, raw in enumerate(doc.rules):
            rule = _as_written(doc, position, raw, registry)
            if overlays:
                _apply(rule, book.overrides.changes.get(rule.id))
            if chain is not None:
                rule.locks = [k for k in book.overrides.locks if _concerns(k, rule, doc, chain)]
                rule.bounds = [b for b in book.overrides.bounds if _concerns(b, rule, doc, chain)]
            found.append(rule)
    return sorted(found, key=lambda r: r.id)


def _concerns(limit: Lock | Bound, rule: EffectiveRule, doc: RulePackDocument, chain) -> bool:
    """A lock or bound of this rule; a pack-level one only if the rule has that parameter."""
    if not applies_to(limit, rule.id, doc.info.id, chain):
        return False
    if limit.rule_id is not None:
        return True
    name = limit.parameter if isinstance(limit, Bound) else limit.item.split(".", 1)[-1]
    return f"parameters.{name}" in rule.values


def _as_written(doc: RulePackDocument, position: int, raw: dict, registry: Registry) -> EffectiveRule:
    pack, smap = doc.info.id, doc.source_map
    path = ("rules", position)
    rule = EffectiveRule(raw["id"], raw.get("title", ""), pack, Origin(smap, path))
    values = rule.values
    if "enabled" in raw:
        values["enabled"] = Setting(raw["enabled"], pack, Origin(smap, (*path, "enabled")))
    else:
        values["enabled"] = Setting(True, pack, Origin(smap, (*path, "id")), default=True)
    values["severity"] = Setting(raw["severity"], pack, Origin(smap, (*path, "severity")))
    values["message"] = Setting(raw["message"], pack, Origin(smap, (*path, "message")))
    for name in ("title", "measures", "deadline_days"):
        where = Origin(smap, (*path, "rectification", name))
        values[f"rectification.{name}"] = Setting(raw["rectification"][name], pack, where)
    own = raw.get("parameters", {})
    if "detector" in raw:
        detector = registry.detectors.get(raw["detector"])
        properties = dict(detector.params_schema).get("properties", {}) if detector else {}
        for name, prop in properties.items():
            if "default" in prop:
                values[f"parameters.{name}"] = Setting(prop["default"], pack, None, default=True)
        visible = [name for name in doc.parameters if name in properties]
    else:
        used = referenced_parameters(raw)
        visible = [name for name in doc.parameters if name in used]
    for name in visible:
        values[f"parameters.{name}"] = Setting(doc.parameters[name], pack, Origin(smap, ("parameters", name)))
    for name, value in own.items():
        values[f"parameters.{name}"] = Setting(value, pack, Origin(smap, (*path, "parameters", name)))
    return rule


def _apply(rule: EffectiveRule, change: RuleChange | None) -> None:
    if change is None:
        return
    current = {
        "enabled": change.enabled,
        "severity": change.severity,
        "message": change.message,
        **{f"rectification.{k}": v for k, v in change.rectification.items()},
        **{f"parameters.{k}": v for k, v in change.parameters.items()},
    }
    for item, (pack_id, origin) in change.set_by.items():
        rule.values[item] = Setting(current[item], pack_id, origin)


def ordered_items(rule: EffectiveRule) -> list[str]:
    """The items of a rule in reading order: enabled, severity, parameters, message, rectification."""
    parameters = sorted(item for item in rule.values if item.startswith("parameters."))
    head, tail = list(ITEMS_ORDER[:2]), list(ITEMS_ORDER[2:])
    return [*head, *parameters, *tail]


def _lock_dict(lock: Lock) -> dict[str, Any]:
    location = lock.origin.location()
    return {"item": lock.item, "rule": lock.rule_id, "pack": lock.pack_id, "written": lock.written,
            "source": location.source, "line": location.line}


def _bound_dict(bound: Bound) -> dict[str, Any]:
    location = bound.origin.location()
    return {"parameter": bound.parameter, "rule": bound.rule_id, "min": bound.minimum, "max": bound.maximum,
            "pack": bound.pack_id, "source": location.source, "line": location.line}
