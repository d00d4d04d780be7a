"""The audit trail as stored: append an entry to a subject's chain, find chain heads, read and verify.

Hashing and chain checking themselves are in :mod:`riskengine.storage.audit` (no database there);
this module is where entries meet the ``audit_events`` table. Every change of the store — a task
transition, an evidence upload, a verdict, a suppression or its revocation, a token — appends one
entry here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ..messages import text
from . import db
from .audit import AuditReport, entry_hash, utc, verify
from .base import CHUNK

EVENTS = db.AuditEvent.__table__
SUBJECT_EVENTS = (
    select(EVENTS.c.seq, EVENTS.c.action, EVENTS.c.at, EVENTS.c.actor, EVENTS.c.from_status,
           EVENTS.c.to_status, EVENTS.c.reason, EVENTS.c.assessment_id, EVENTS.c.data, EVENTS.c.hash)
    .where(EVENTS.c.subject_type == bindparam("subject_type"), EVENTS.c.subject_id == bindparam("subject_id"))
    .order_by(EVENTS.c.seq)
)


def append_event(
    session: Session,
    subject_type: str,
    subject_id: str,
    *,
    head: tuple[int, str] | None,
    at: dt.datetime,
    actor: str,
    action: str,
    from_status: str | None = None,
    to_status: str | None = None,
    reason: str | None = None,
    assessment_id: str | None = None,
    data: Mapping[str, Any] | None = None,
    sink: list[dict[str, Any]] | None = None,
) -> tuple[int, str]:
    """Append one audit entry after ``head`` (the subject's last (seq, hash), None for the first).

    Returns the new head. The unique (subject, seq) constraint makes a concurrent append fail
    instead of forking the chain. With ``sink`` the entry is appended there for a bulk insert.
    """
    seq, prev_hash = (head[0] + 1, head[1]) if head else (1, None)
    entry = {
        "subject_type": subject_type,
        "subject_id": subject_id,
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "from_status": from_status,
        "to_status": to_status,
        "reason": reason,
        "assessment_id": assessment_id,
        "data": dict(data or {}),
        "prev_hash": prev_hash,
    }
    entry["hash"] = entry_hash(entry)
    if sink is not None:
        sink.append(entry)  # the caller inserts a whole batch at once
    else:
        session.add(db.AuditEvent(**entry))
    return seq, entry["hash"]


def append_next(session: Session, subject_type: str, subject_id: str, **entry: Any) -> tuple[int, str]:
    """Append an entry after the subject's current head (read here): one change of one subject."""
    return append_event(session, subject_type, subject_id, head=chain_head(session, subject_type, subject_id),
                        **entry)


def chain_head(session: Session, subject_type: str, subject_id: str) -> tuple[int, str] | None:
    """The last (seq, hash) of one subject's chain (None before its first entry)."""
    row = session.execute(HEAD, {"subject_type": subject_type, "subject_id": subject_id}).first()
    return (row.seq, row.hash) if row is not None else None


def chain_heads(
    session: Session, subject_type: str, subject_ids: Sequence[str]
) -> dict[str, tuple[int, str]]:
    """The last (seq, hash) of each subject's chain."""
    heads: dict[str, tuple[int, str]] = {}
    for start in range(0, len(subject_ids), CHUNK):
        rows = session.execute(
            select(EVENTS.c.subject_id, EVENTS.c.seq, EVENTS.c.hash)
            .where(
                EVENTS.c.subject_type == subject_type,
                EVENTS.c.subject_id.in_(subject_ids[start : start + CHUNK]),
            )
            .order_by(EVENTS.c.subject_id, EVENTS.c.seq)
        )
        for subject_id, seq, hash_ in rows:
            heads[subject_id] = (seq, hash_)
    return heads


HEAD = (
    select(EVENTS.c.seq, EVENTS.c.hash)
    .where(EVENTS.c.subject_type == bindparam("subject_type"), EVENTS.c.subject_id == bindparam("subject_id"))
    .order_by(EVENTS.c.seq.desc())
    .limit(1)
)


def read_events(session: Session, subject_type: str, subject_id: str) -> list[dict[str, Any]]:
    """One subject's entries, oldest first, as the CLI and the service show them."""
    rows = session.execute(SUBJECT_EVENTS, {"subject_type": subject_type, "subject_id": subject_id})
    return [
        {
            "seq": r.seq,
            "event": r.action,
            "at": utc(r.at).isoformat(),
            "by": r.actor,
            "from_status": r.from_status,
            "to_status": r.to_status,
            "note": r.reason,
            "assessment_id": r.assessment_id,
            "data": r.data,
            "hash": r.hash,
        }
        for r in rows
    ]


class TrailStore:
    """Reading and checking the whole trail (mixed into :class:`~riskengine.storage.Store`)."""

    def events(self, task_id: str) -> list[dict[str, Any]]:
        """The audit trail of one task, oldest first (who, when, what, why)."""
        with self._unit_of_work() as session:
            return read_events(session, "task", task_id)

    def verify_audit(self) -> AuditReport:
        """Walk every audit chain: recompute each hash, check links and sequence, and each task's head."""
        with self._unit_of_work() as session:
            rows = session.execute(
                select(EVENTS).order_by(EVENTS.c.subject_type, EVENTS.c.subject_id, EVENTS.c.seq)
            )
            entries = (dict(row._mapping) for row in rows)
            heads = {
                ("task", task_id): head
                for task_id, head in session.execute(select(db.Task.task_id, db.Task.audit_head))
            }
            report = verify(entries, heads)
            # A task row edited without an audit entry no longer matches its chain's last status.
            last = {}
            for subject_id, to_status in session.execute(
                select(EVENTS.c.subject_id, EVENTS.c.to_status)
                .where(EVENTS.c.subject_type == "task")
                .order_by(EVENTS.c.seq)
            ):
                last[subject_id] = to_status
            for task_id, status in session.execute(select(db.Task.task_id, db.Task.status)):
                if task_id in last and last[task_id] != status:
                    report.problems.append(
                        text("audit_task_status_mismatch", task_id=task_id, status=status, last=last[task_id])
                    )
            return report
