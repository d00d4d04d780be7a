"""Labels of coded values: ``cash`` is 现金, ``temp_relief`` is 临时救助.

Ledgers store codes (DATA.md); people read labels. Built-in record types take their labels
from the message catalogue (``code.<type>.<field>.<code>``, so an English rendering exists);
a plugin's record type may carry them in its JSON Schema as ``x-labels: {code: label}`` on the
property. Rule messages show labels, and a condition comparing a coded field with a value
that is not one of its codes is an error that lists the codes with their labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..messages import text
from .records import RecordType

Labels = dict[str, str]


def codes_of(prop: Mapping[str, Any]) -> list[str]:
    """The allowed codes of a schema property (an enum, or an enum of list items)."""
    enum = prop.get("enum") or (prop.get("items") or {}).get("enum") or []
    return [code for code in enum if isinstance(code, str)]


def field_labels(rtype: RecordType, field: str) -> Labels:
    """Code -> label for one field of a record type ({} when the field is not coded)."""
    prop = rtype.schema.get("properties", {}).get(field, {})
    own = prop.get("x-labels", {})
    out = {}
    for code in codes_of(prop):
        try:
            out[code] = text(f"code.{rtype.name}.{field}.{code}")
        except KeyError:
            out[code] = own.get(code, code)
    return out


def record_labels(rtype: RecordType, *, prefix: str = "") -> dict[str, Labels]:
    """Field (optionally ``<prefix>.<field>``) -> its labels, for every coded field of ``rtype``."""
    out = {}
    for field in rtype.fields:
        labels = field_labels(rtype, field)
        if labels:
            out[f"{prefix}{field}"] = labels
    return out


def describe_codes(labels: Labels) -> str:
    """``transfer（转账）、cash（现金）``: what an author may write, with what it means."""
    return "、".join(code if label == code else f"{code}（{label}）" for code, label in labels.items())
