"""Record types: the ledgers (台账) an assessment reads, each described by a JSON Schema.

The schema is the single description of a record type: it validates rows at the edge,
gives the column types the expression compiler type-checks against, and names the key
that identifies a record in findings. riskengine-specific facts ride in ``x-`` keywords:

- ``x-key``: list of fields naming a record in findings (``<type>:<k1>[:<k2>]``);
- ``x-unique``: list of fields that must be unique (defaults to ``x-key``);
- ``x-date-field``: the field that places a record in the assessed period;
- ``x-covers-period: false``: the date field says since when a record holds (a roster), so
  it does not count towards the period the data covers (the default period);
- ``x-aliases`` on a property: other column headers people use for it (``金额``, ``日期``);
- ``x-kind: month`` on a string property: a ``YYYY-MM`` month.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any

import polars as pl


class FieldKind(enum.StrEnum):
    """The value kinds a record field can have once loaded into a frame."""

    STRING = "string"
    NUMBER = "number"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"
    MONTH = "month"
    LIST = "list"

    @property
    def polars_type(self) -> pl.DataType:
        return _POLARS_TYPES[self]


_POLARS_TYPES: dict[FieldKind, pl.DataType] = {
    FieldKind.STRING: pl.String(),
    FieldKind.NUMBER: pl.Float64(),
    FieldKind.INTEGER: pl.Int64(),
    FieldKind.BOOLEAN: pl.Boolean(),
    FieldKind.DATE: pl.Date(),
    FieldKind.MONTH: pl.String(),
    FieldKind.LIST: pl.List(pl.String()),
}


def kind_of(prop: Mapping[str, Any]) -> FieldKind:
    """The :class:`FieldKind` a JSON Schema property describes."""
    types = prop.get("type", "string")
    if isinstance(types, list):
        types = next((t for t in types if t != "null"), "string")
    if types == "array":
        return FieldKind.LIST
    if types == "number":
        return FieldKind.NUMBER
    if types == "integer":
        return FieldKind.INTEGER
    if types == "boolean":
        return FieldKind.BOOLEAN
    if prop.get("format") == "date":
        return FieldKind.DATE
    if prop.get("x-kind") == "month":
        return FieldKind.MONTH
    return FieldKind.STRING


@dataclass(frozen=True)
class RecordType:
    """A record type: its name (also the dataset file name) and its JSON Schema."""

    name: str
    schema: Mapping[str, Any] = field(hash=False, compare=False)
    plugin: str = "riskengine"

    @cached_property
    def fields(self) -> dict[str, FieldKind]:
        """Field name -> kind, in schema order."""
        return {name: kind_of(prop) for name, prop in self.schema.get("properties", {}).items()}

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(self.schema.get("x-key", ()))

    @property
    def unique(self) -> tuple[str, ...]:
        return tuple(self.schema.get("x-unique", self.key))

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(self.schema.get("required", ()))

    @property
    def date_field(self) -> str | None:
        return self.schema.get("x-date-field")

    @cached_property
    def polars_schema(self) -> dict[str, pl.DataType]:
        return {name: kind.polars_type for name, kind in self.fields.items()}

    def ref_expr(self) -> pl.Expr:
        """Column expression naming each record as ``<type>:<key>`` (see RESULT.md)."""
        parts: list[pl.Expr | str] = [pl.lit(self.name)]
        for key_field in self.key:
            parts.append(pl.col(key_field).cast(pl.String).fill_null(""))
        return pl.concat_str(parts, separator=":")

    def empty_frame(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.polars_schema)


BUILTIN_RECORD_TYPES = (
    "orgs",
    "posts",
    "persons",
    "relations",
    "companies",
    "ledger",
    "disclosures",
    "resolutions",
    "procurements",
    "bids",
    "beneficiaries",
    "disbursements",
    "conduct_events",
    "declarations",
    "complaints",
    "evaluations",
    "task_history",
)


def load_builtin_record_types() -> list[RecordType]:
    """The built-in record types of the data contract, read from ``schemas/records/*.json``."""
    folder = resources.files("riskengine_schemas") / "records"
    types = []
    for name in BUILTIN_RECORD_TYPES:
        schema = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        types.append(RecordType(name=name, schema=schema))
    return types
