"""Column headers as people write them: field names, Chinese labels and aliases.

A ledger kept by hand says ``金额`` or ``金额(元)`` where the schema says ``amount``. Each
record schema property may list ``x-aliases``; its ``description`` is an alias too. Labels
are compared after :func:`label_key` (no spaces, ASCII case folded, full-width brackets
made half-width, a "(元)" unit dropped), so ``Amount``, `` 金额 `` and ``金额（元）`` all find
their field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..messages import text
from .records import RecordType

HEADER_SEARCH_ROWS = 10
"""How far down a sheet or CSV file the header row is looked for (title rows above it)."""

_FULL_WIDTH = str.maketrans("（）【】［］：", "()[][]:")
_SPACES = re.compile(r"\s+")


def label_key(label: str) -> str:
    """The form labels are compared in: no whitespace, lower case, half-width brackets, and
    no unit suffix "(元)" (amounts are in yuan anyway; "(万元)" is kept: it is another unit)."""
    key = _SPACES.sub("", label).translate(_FULL_WIDTH).lower()
    return key.removesuffix("(元)") or key


@lru_cache(maxsize=256)
def _labels(record_type: RecordType) -> dict[str, str]:
    labels: dict[str, str] = {}
    for name, prop in record_type.schema.get("properties", {}).items():
        for alias in [*prop.get("x-aliases", ()), prop.get("description")]:
            if alias:
                labels.setdefault(label_key(alias), name)
    for name in record_type.fields:  # a field name always wins over another field's alias
        labels[label_key(name)] = name
    return labels


def field_of(label: str, record_type: RecordType) -> str | None:
    """The field a column header names, or None for a column the schema does not know."""
    return _labels(record_type).get(label_key(label))


def known_count(cells: Sequence[object], record_type: RecordType) -> int:
    """How many cells of a row name a field (used to recognise the header row)."""
    return sum(1 for c in cells if isinstance(c, str) and field_of(c, record_type) is not None)


def find_header(rows: Sequence[Sequence[object]], record_type: RecordType | None) -> int:
    """Index of the header among the first rows: the first row naming at least two fields
    (one for a one-field type); 0 when none does, so the first row is taken as it always was."""
    if record_type is None:
        return 0
    needed = min(2, len(record_type.fields))
    for i, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if known_count(cells, record_type) >= needed:
            return i
    return 0


@dataclass
class Columns:
    """A header resolved: one unique column name per position, and what is wrong with it.

    ``names`` are field names where a header names a field, else the header text (made
    unique); ``problems`` are ``(field, message)`` pairs that make the whole table unusable
    (two columns for one field: which one is right is for a person to say).
    """

    names: list[str]
    problems: list[tuple[str, str]] = field(default_factory=list)


def resolve_columns(header: Sequence[str | None], record_type: RecordType | None) -> Columns:
    """Map header cells to field names; report fields named by more than one column."""
    names: list[str] = []
    positions: dict[str, list[int]] = {}
    seen: set[str] = set()
    for i, cell in enumerate(header):
        label = (cell or "").strip()
        target = field_of(label, record_type) if record_type is not None and label else None
        if target is not None:
            positions.setdefault(target, []).append(i)
            name = target
        else:
            name = label or f"__unnamed_{i + 1}"
        base, n = name, 1
        while name in seen:
            n += 1
            name = f"{base}__{n}"
        seen.add(name)
        names.append(name)
    problems = [
        (
            target,
            text(
                "duplicate_column",
                field=target,
                columns=", ".join(f"'{(header[i] or '').strip()}' ({column_letter(i)})" for i in where),
            ),
        )
        for target, where in positions.items()
        if len(where) > 1
    ]
    return Columns(names, problems)


def column_letter(index: int) -> str:
    """Excel's name of a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
