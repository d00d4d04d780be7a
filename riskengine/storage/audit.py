"""The tamper-evident audit trail: canonical JSON + SHA-256, each entry hashing the previous one.

An entry's hash covers every field a reader relies on (who, when, what, why, the status change,
the data) and the previous entry's hash, so editing, deleting or reordering a stored entry breaks
the chain from that entry on. :func:`verify` walks every chain and says where it breaks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..messages import text

HASHED_FIELDS = (
    "subject_type",
    "subject_id",
    "seq",
    "at",
    "actor",
    "action",
    "from_status",
    "to_status",
    "reason",
    "assessment_id",
    "data",
    "prev_hash",
)


def utc(value: dt.datetime) -> dt.datetime:
    """``value`` as an aware UTC datetime (SQLite hands timestamps back naive; they are UTC)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def canonical(entry: dict[str, Any]) -> str:
    """The canonical JSON of an audit entry: the hashed fields only, sorted keys, no spaces, UTF-8."""
    values = {name: entry.get(name) for name in HASHED_FIELDS}
    if isinstance(values["at"], dt.datetime):
        values["at"] = utc(values["at"]).isoformat(timespec="microseconds")
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of ``entry``, which includes ``prev_hash``."""
    return hashlib.sha256(canonical(entry).encode("utf-8")).hexdigest()


@dataclass
class AuditReport:
    """What :func:`verify` found: entries and chains checked, and every break (empty when intact)."""

    entries: int = 0
    chains: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every chain verified."""
        return not self.problems


def verify(entries: Iterable[dict[str, Any]], heads: dict[tuple[str, str], str | None]) -> AuditReport:
    """Check chains of ``entries`` (ordered by subject and seq) against the recorded chain ``heads``.

    ``heads`` maps (subject_type, subject_id) to the hash the subject row remembers as its newest
    entry (tasks keep one), so a deleted tail is noticed too.
    """
    report = AuditReport()
    previous: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in entries:
        report.entries += 1
        key = (entry["subject_type"], entry["subject_id"])
        before = previous.get(key)
        expected_seq = before["seq"] + 1 if before else 1
        expected_prev = before["hash"] if before else None
        where = (
            text("audit_where", id=entry["id"], subject_type=entry["subject_type"],
                 subject_id=entry["subject_id"], seq=entry["seq"])
        )
        if entry["seq"] != expected_seq:
            report.problems.append(text("audit_seq_gap", where=where, expected=expected_seq))
        if entry["prev_hash"] != expected_prev:
            report.problems.append(text("audit_prev_hash", where=where))
        if entry_hash(entry) != entry["hash"]:
            report.problems.append(text("audit_hash", where=where))
        previous[key] = entry
    report.chains = len(previous)
    for key, head in heads.items():
        last = previous.get(key)
        if head is not None and (last is None or last["hash"] != head):
            report.problems.append(text("audit_head", subject_type=key[0], subject_id=key[1]))
    return report
