"""Layered packs: the ``extends`` chain (province, then city, then county), version ranges, locks and bounds.

A pack that ``extends`` another revises the rules of every pack up its chain: a county overlay
that extends a city overlay that extends the provincial pack may revise the provincial rules.
Overlays apply in chain order (the province's own revisions first, the county's last), so the
lowest level has the last word -- on what its higher levels left open.

A higher level closes items with ``locked`` (per rule: ``true`` or a list of items) and
``locked_parameters`` (per pack), and bounds parameters with ``parameter_bounds`` (per pack) and
``bounds`` (per rule). A lock or bound set by pack P binds an overlay when P is on the overlay's
``extends`` chain or owns the rule; it never binds P itself or the levels above P.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from ..errors import Location, Problem
from ..messages import text
from .rulepack import RulePackDocument
from .yamlsource import JsonPath, SourceMap

EVERYTHING = "*"  # the item of ``locked: true``


@dataclass(frozen=True)
class Origin:
    """Where a value was written: a pack's source map and the value's path in it."""

    source_map: SourceMap
    path: JsonPath

    def location(self, rest: JsonPath = (), *, key: bool = False) -> Location:
        """Where the value (or, with ``key``, its key) -- or something ``rest`` deeper inside it -- is."""
        return self.source_map.location((*self.path, *rest), key=key)


@dataclass(frozen=True)
class Lock:
    """An item lower levels may not change: ``severity``, ``parameters.cash_limit``, ... or everything.

    ``rule_id`` None is a pack-level ``locked_parameters`` entry (every rule of the pack's chain).
    """

    item: str
    rule_id: str | None
    pack_id: str
    origin: Origin
    written: str  # how the author wrote it, e.g. ``locked: true``

    def covers(self, item: str) -> bool:
        """Whether changing ``item`` (e.g. ``parameters.cash_limit``) touches this lock."""
        return self.item == EVERYTHING or item == self.item or item.startswith(self.item + ".")


@dataclass(frozen=True)
class Bound:
    """The range (both ends included) lower levels may set a parameter to."""

    parameter: str
    rule_id: str | None  # None: pack-level ``parameter_bounds``
    minimum: float | None
    maximum: float | None
    pack_id: str
    origin: Origin

    def allows(self, value: Any) -> bool:
        """Whether a number lies within the range (anything else is left to the type check)."""
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            return True
        above = self.minimum is None or value >= self.minimum
        return above and (self.maximum is None or value <= self.maximum)

    def range_text(self) -> str:
        """The range in the author's terms: ``500 ～ 2000``, ``不小于 500``, ``不大于 2000``."""
        low, high = (_number(self.minimum), _number(self.maximum))
        if self.minimum is not None and self.maximum is not None:
            return f"{low} ～ {high}"
        if self.minimum is not None:
            return text("bound_at_least", min=low)
        return text("bound_at_most", max=high)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


class Chain:
    """Each pack's ``extends`` chain among the packs that apply, checked once (cycles, version ranges)."""

    def __init__(self, documents: list[RulePackDocument], problems: list[Problem]):
        self.by_id = {doc.info.id: doc for doc in documents}
        self._parents: dict[str, RulePackDocument] = {}
        for doc in documents:
            parent = self.by_id.get(doc.info.extends or "")
            if parent is not None and parent is not doc:
                self._parents[doc.info.id] = parent
        for doc in documents:
            if doc.info.id in self._parents and doc in self.ancestors(doc):
                problems.append(Problem(text("extends_cycle", chain=self._cycle_text(doc)), _extends_at(doc)))
        for doc in documents:
            if doc.info.id in self._parents and doc in self.ancestors(doc):
                del self._parents[doc.info.id]  # reported: the pack revises nothing above it
        for doc in documents:
            parent = self._parents.get(doc.info.id)
            if parent is not None and doc.info.extends_version:
                _check_version(doc, parent, problems)

    def ancestors(self, doc: RulePackDocument) -> list[RulePackDocument]:
        """The packs ``doc`` extends, nearest first (its city, then the province)."""
        found: list[RulePackDocument] = []
        current = self._parents.get(doc.info.id)
        while current is not None and current not in found:
            found.append(current)
            current = self._parents.get(current.info.id)
        return found

    def in_chain_order(self, documents: list[RulePackDocument]) -> list[RulePackDocument]:
        """``documents`` with higher levels first (load order among packs of one level)."""
        return sorted(documents, key=lambda doc: len(self.ancestors(doc)))

    def binds(self, setter: str, overlay: RulePackDocument, owner: str) -> bool:
        """Whether a lock or bound set by ``setter`` restricts ``overlay`` changing a rule of ``owner``."""
        if setter == overlay.info.id:
            return False
        return setter == owner or setter in {a.info.id for a in self.ancestors(overlay)}

    def _cycle_text(self, doc: RulePackDocument) -> str:
        names = [doc.info.id, *(a.info.id for a in self.ancestors(doc))]
        return " → ".join([*dict.fromkeys(names), doc.info.id])


def _extends_at(doc: RulePackDocument) -> Location:
    return doc.source_map.location(("pack", "extends"))


def _check_version(doc: RulePackDocument, parent: RulePackDocument, problems: list[Problem]) -> None:
    spec = doc.info.extends_version or ""
    try:
        accepted = SpecifierSet(spec)
    except InvalidSpecifier:
        return  # reported when the pack was read
    try:
        version = Version(parent.info.version)
    except InvalidVersion:
        ok = False
    else:
        ok = accepted.contains(version, prereleases=True)
    if not ok:
        problems.append(
            Problem(
                text(
                    "extends_version_mismatch",
                    pack=parent.info.id,
                    version=parent.info.version,
                    source=parent.info.source,
                    spec=spec,
                ),
                doc.source_map.location(("pack", "extends", "version")),
            )
        )


def collect_limits(documents: list[RulePackDocument]) -> tuple[list[Lock], list[Bound]]:
    """Every lock and bound written in ``documents``: in rules, in ``rule_overrides`` and per pack."""
    locks: list[Lock] = []
    bounds: list[Bound] = []
    for doc in documents:
        pack_id, smap = doc.info.id, doc.source_map
        for i, name in enumerate(doc.data.get("locked_parameters", [])):
            origin = Origin(smap, ("locked_parameters", i))
            locks.append(Lock(f"parameters.{name}", None, pack_id, origin, f"locked_parameters: [{name}]"))
        for name, spec in doc.data.get("parameter_bounds", {}).items():
            bounds.append(_bound(name, None, spec, pack_id, Origin(smap, ("parameter_bounds", name))))
        entries = [(raw["id"], ("rules", i), raw) for i, raw in enumerate(doc.rules)]
        entries += [(rid, ("rule_overrides", rid), raw) for rid, raw in doc.rule_overrides.items()]
        for rule_id, path, raw in entries:
            locked = raw.get("locked")
            if locked is True:
                origin = Origin(smap, (*path, "locked"))
                locks.append(Lock(EVERYTHING, rule_id, pack_id, origin, "locked: true"))
            elif isinstance(locked, list):
                for i, item in enumerate(locked):
                    origin = Origin(smap, (*path, "locked", i))
                    locks.append(Lock(item, rule_id, pack_id, origin, f"locked: [{item}]"))
            for name, spec in (raw.get("bounds") or {}).items():
                bounds.append(_bound(name, rule_id, spec, pack_id, Origin(smap, (*path, "bounds", name))))
    return locks, bounds


def _bound(name: str, rule_id: str | None, spec: dict, pack_id: str, origin: Origin) -> Bound:
    return Bound(name, rule_id, spec.get("min"), spec.get("max"), pack_id, origin)


def applies_to(limit: Lock | Bound, rule_id: str, owner: str, chain: Chain) -> bool:
    """Whether a lock or bound concerns rule ``rule_id`` (owned by pack ``owner``) at all."""
    if limit.rule_id is not None:
        return limit.rule_id == rule_id
    # A pack-level entry covers the rules its pack can itself reach: its own and those up its chain.
    setter = chain.by_id.get(limit.pack_id)
    reach = {limit.pack_id, *(a.info.id for a in chain.ancestors(setter))} if setter else {limit.pack_id}
    return owner in reach


def item_text(item: str) -> str:
    """An item in the author's terms: ``风险程度（severity）``, ``参数 cash_limit``."""
    if item.startswith("parameters."):
        return text("item_parameter", name=item.split(".", 1)[1])
    return text(f"item_{item.replace('.', '_')}") if item != EVERYTHING else text("item_everything")
