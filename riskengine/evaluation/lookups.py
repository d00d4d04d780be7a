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

from ..data.records import FieldKind, RecordType
from ..errors import ErrorList
from ..messages import text
from ..packs.yamlsource import SourceMap


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
        keys = [f"__lookup_key{i}" for i in range(len(self.on))]
        # Join on text so that keys of different kinds (an id stored as a number) still meet.
        pairs = list(zip(self.on, keys, strict=True))
        mine = [pl.col(m).cast(pl.String).alias(k) for (m, _), k in pairs]
        theirs = [pl.col(f"{self.alias}.{t}").cast(pl.String).alias(k) for (_, t), k in pairs]
        return (
            frame.with_columns(mine)
            .join(renamed.with_columns(theirs), on=keys, how="left", nulls_equal=False)
            .drop(keys)
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
            errors.add(text("lookup_alias_taken", alias=alias), source_map.location(where, key=True))
            continue
        other = record_types.get(spec["from"])
        if other is None:
            known = "、".join(sorted(record_types))
            errors.add(text("lookup_unknown_type", type=spec["from"], known=known),
                       source_map.location((*where, "from")))
            continue
        pairs = []
        for mine, theirs in spec["match"].items():
            if mine not in record_type.fields:
                errors.add(text("lookup_not_a_field", field=mine, type=record_type.name,
                                known="、".join(record_type.fields)),
                           source_map.location((*where, "match", mine), key=True))
            elif theirs not in other.fields:
                known = "、".join(other.fields)
                errors.add(text("lookup_not_a_field", field=theirs, type=other.name, known=known),
                           source_map.location((*where, "match", mine)))
            else:
                pairs.append((mine, theirs))
        # ``match``, not ``on``: YAML 1.1 reads a bare ``on`` key as the boolean true.
        if pairs and len(pairs) == len(spec["match"]):
            lookups.append(Lookup(alias, other.name, tuple(pairs)))
    return tuple(lookups)
