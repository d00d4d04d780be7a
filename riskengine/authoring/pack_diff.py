"""``riskengine rules diff A B``: what changed between two packs (or two versions of one).

Compares the YAML documents themselves, rule by rule and field by field, so an author sees
exactly which thresholds, severities, conditions and messages a revision touches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..packs.rulepack import read_rule_pack


@dataclass
class Change:
    """One changed value: its dotted path, before and after (None when absent)."""

    path: str
    before: Any
    after: Any

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"


@dataclass
class PackDiff:
    before: str
    after: str
    meta: list[Change] = field(default_factory=list)
    parameters: list[Change] = field(default_factory=list)
    rules_added: list[str] = field(default_factory=list)
    rules_removed: list[str] = field(default_factory=list)
    rules_changed: dict[str, list[Change]] = field(default_factory=dict)
    other: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.meta or self.parameters or self.rules_added or self.rules_removed
                    or self.rules_changed or self.other)


def diff_packs(before: str | Path, after: str | Path) -> PackDiff:
    """Read both packs (schema-checked) and compare them."""
    old, new = read_rule_pack(before), read_rule_pack(after)
    out = PackDiff(before=f"{old.info.id} {old.info.version}", after=f"{new.info.id} {new.info.version}")
    out.meta = _flat_diff(old.data.get("pack", {}), new.data.get("pack", {}), "pack")
    out.parameters = _flat_diff(old.parameters, new.parameters, "parameters")
    old_rules = {r["id"]: r for r in old.rules}
    new_rules = {r["id"]: r for r in new.rules}
    out.rules_added = sorted(set(new_rules) - set(old_rules))
    out.rules_removed = sorted(set(old_rules) - set(new_rules))
    for rule_id in sorted(set(old_rules) & set(new_rules)):
        changes = _flat_diff(old_rules[rule_id], new_rules[rule_id], "")
        if changes:
            out.rules_changed[rule_id] = changes
    for key in ("locked_parameters", "parameter_bounds", "rule_overrides", "scoring"):
        out.other += _flat_diff(old.data.get(key) or {}, new.data.get(key) or {}, key)
    return out


def _flat_diff(before: Any, after: Any, prefix: str) -> list[Change]:
    flat_before, flat_after = _flatten(before, prefix), _flatten(after, prefix)
    return [
        Change(path, flat_before.get(path), flat_after.get(path))
        for path in sorted(set(flat_before) | set(flat_after))
        if flat_before.get(path) != flat_after.get(path)
    ]


def _flatten(value: Any, prefix: str) -> dict[str, Any]:
    """Mappings become dotted paths; lists of scalars stay whole (they read as one value)."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list) and any(isinstance(item, Mapping | list) for item in value):
        out = {}
        for index, item in enumerate(value):
            out.update(_flatten(item, f"{prefix}[{index}]"))
        return out
    return {prefix: value}
