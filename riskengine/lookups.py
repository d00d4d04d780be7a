"""Cross-record lookups: a condition rule may look into other record types without Python.

A rule declares ``lookups: {holder: {from: posts, match: {person_id: holder_id}}}``; its
condition and message may then use ``holder.<field>`` (e.g. ``not_null(holder.post_id) and
holder.org_id == org_id``). Each lookup is a left join on the given keys, added to the same
column-wise query: a record with several matches is judged against each of them, and the
findings (which name the record) are de-duplicated as usual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from .errors import ErrorList
from .records import FieldKind, RecordType
from .yamlsource import SourceMap


@dataclass(frozen=True)
class Lookup:
    """One lookup: an alias, the record type looked into, and (this field, that field) key pairs."""

    alias: str
    record_type: str
    on: tuple[tuple[str, str], ...]

    def columns(self, other: RecordType) -> dict[str, FieldKind]:
        """The fields the lookup adds to a rule's record, named ``<alias>.<field>``."""
        return {f"{self.alias}.{name}": kind for name, kind in other.fields.items()}

    def join(self, frame: pl.DataFrame, other: pl.DataFrame) -> pl.DataFrame:
        """``frame`` with the looked-up fields added (left join; unmatched rows get nulls)."""
        renamed = other.select(pl.all().name.prefix(f"{self.alias}."))
        left = [mine for mine, _ in self.on]
        right = [f"{self.alias}.{theirs}" for _, theirs in self.on]
        # Join on text so that keys of different kinds (an id stored as a number) still meet.
        return (
            frame.with_columns(pl.col(c).cast(pl.String).alias(f"__lk{i}") for i, c in enumerate(left))
            .join(
                renamed.with_columns(pl.col(c).cast(pl.String).alias(f"__lk{i}") for i, c in enumerate(right)),
                on=[f"__lk{i}" for i in range(len(left))],
                how="left",
                nulls_equal=False,
            )
            .drop([f"__lk{i}" for i in range(len(left))])
        )


def compile_lookups(
    raw: Mapping[str, Any] | None,
    record_type: RecordType,
    record_types: Mapping[str, RecordType],
    source_map: SourceMap,
    path: tuple,
    errors: ErrorList,
) -> tuple[Lookup, ...]:
    """Check a rule's ``lookups`` against the registered record types; problems go to ``errors``."""
    lookups = []
    for alias, spec in (raw or {}).items():
        where = (*path, "lookups", alias)
        if alias in record_type.fields or alias in ("params", "as_of"):
            errors.add(f"查找名 '{alias}' 与字段或保留字同名，请换一个名称", source_map.location(where, key=True))
            continue
        other = record_types.get(spec["from"])
        if other is None:
            known = "、".join(sorted(record_types))
            errors.add(f"未知的记录类型 '{spec['from']}'（可用：{known}）", source_map.location((*where, "from")))
            continue
        pairs = []
        for mine, theirs in spec["match"].items():
            if mine not in record_type.fields:
                errors.add(f"'{mine}' 不是 {record_type.name} 的字段（可用：{'、'.join(record_type.fields)}）",
                           source_map.location((*where, "match", mine), key=True))
            elif theirs not in other.fields:
                errors.add(f"'{theirs}' 不是 {other.name} 的字段（可用：{'、'.join(other.fields)}）",
                           source_map.location((*where, "match", mine)))
            else:
                pairs.append((mine, theirs))
        # ``match``, not ``on``: YAML 1.1 reads a bare ``on`` key as the boolean true.
        if pairs and len(pairs) == len(spec["match"]):
            lookups.append(Lookup(alias, other.name, tuple(pairs)))
    return tuple(lookups)
