"""The task lifecycle: open → in_progress → submitted → closed, rejected back, reopened on recurrence.

Each transition is one unit of work that checks the caller's expected ``version`` (optimistic
concurrency: a stale version fails with :class:`ConflictError` and changes nothing), checks who
may do it, changes the task and appends one hash-chained audit entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..messages import text
from ..packs.rule_kinds import TRANSACTION, rule_kind
from . import db
from .audit import AuditReport, entry_hash, utc, verify
from .base import CHUNK
from .errors import ConflictError, NotFoundError, StorageError, TransitionError

STATUS_LABELS = {
    "open": "待整改",
    "in_progress": "整改中",
    "submitted": "待审核",
    "closed": "已销号",
    "reopened": "重新整改",
}
OBSERVATION_LABELS = {"observed": "仍存在", "verified_by_data": "核验通过", "not_observed": "未再发现待核实"}
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class EvidenceFile:
    """A file submitted as evidence: its name and either its bytes (an upload) or only a reference."""

    name: str
    content: bytes | None = None

    @property
    def sha256(self) -> str | None:
        """SHA-256 of the bytes, when uploaded."""
        return hashlib.sha256(self.content).hexdigest() if self.content is not None else None


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
    at = at.replace(microsecond=at.microsecond)  # already UTC and microsecond precision
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


def chain_heads(
    session: Session, subject_type: str, subject_ids: Sequence[str]
) -> dict[str, tuple[int, str]]:
    """The last (seq, hash) of each subject's chain."""
    heads: dict[str, tuple[int, str]] = {}
    for start in range(0, len(subject_ids), CHUNK):
        rows = session.execute(
            select(db.AuditEvent.subject_id, db.AuditEvent.seq, db.AuditEvent.hash)
            .where(
                db.AuditEvent.subject_type == subject_type,
                db.AuditEvent.subject_id.in_(subject_ids[start : start + CHUNK]),
            )
            .order_by(db.AuditEvent.subject_id, db.AuditEvent.seq)
        )
        for subject_id, seq, hash_ in rows:
            heads[subject_id] = (seq, hash_)
    return heads


class TaskStore:
    """Task queries and transitions (mixed into :class:`~riskengine.storage.Store`)."""

    def tasks(
        self,
        *,
        status: str | Collection[str] | None = None,
        org_id: str | None = None,
        post_id: str | None = None,
        level: str | None = None,
        overdue: bool | None = None,
        rule_id: str | None = None,
        scope: Collection[str] | None = None,
        today: dt.date | None = None,
    ) -> list[dict[str, Any]]:
        """Tasks ordered by org, post and rule, each with ``overdue`` computed against ``today``.

        :param org_id: a community, or a street/district: its communities' tasks are included.
        :param level: the post's level (high/medium/low) in the task's newest assessment.
        :param scope: org ids the caller may see (None: all).
        """
        with self._unit_of_work() as session:
            query, today = self._task_query(session, status, org_id, post_id, level, overdue, rule_id,
                                            scope, today)
            return [task_dict(task, post_level, today) for task, post_level in session.execute(query)]

    def task_page(
        self,
        *,
        limit: int,
        offset: int = 0,
        status: str | Collection[str] | None = None,
        org_id: str | None = None,
        post_id: str | None = None,
        level: str | None = None,
        overdue: bool | None = None,
        rule_id: str | None = None,
        scope: Collection[str] | None = None,
        today: dt.date | None = None,
    ) -> tuple[int, list[dict[str, Any]]]:
        """(how many tasks match, one page of them) as :meth:`tasks` orders them; the filters and
        the paging run in SQL, so a page reads only its own rows."""
        with self._unit_of_work() as session:
            query, today = self._task_query(session, status, org_id, post_id, level, overdue, rule_id,
                                            scope, today)
            total = session.scalar(
                select(func.count()).select_from(query.order_by(None).with_only_columns(db.Task.task_id)
                                                 .subquery())
            )
            rows = session.execute(query.limit(limit).offset(offset)) if total > offset else []
            return total, [task_dict(task, post_level, today) for task, post_level in rows]

    def _task_query(self, session, status, org_id, post_id, level, overdue, rule_id, scope, today):
        statuses = [status] if isinstance(status, str) else list(status or [])
        for value in statuses:
            if value not in db.TASK_STATUSES:
                raise StorageError(text("err_unknown_task_status", value=value,
                                        allowed=" / ".join(db.TASK_STATUSES)))
        today = today or self.today()
        query = (
            select(db.Task, db.AssessedPost.level)
            .outerjoin(
                db.AssessedPost,
                and_(
                    db.AssessedPost.assessment_id == db.Task.last_assessment_id,
                    db.AssessedPost.post_id == db.Task.post_id,
                ),
            )
            .order_by(db.Task.org_id, db.Task.post_id, db.Task.rule_id)
        )
        if statuses:
            query = query.where(db.Task.status.in_(statuses))
        if post_id is not None:
            query = query.where(db.Task.post_id == post_id)
        if rule_id is not None:
            query = query.where(db.Task.rule_id == rule_id)
        if level is not None:
            query = query.where(db.AssessedPost.level == level)
        if overdue is not None:
            late = and_(db.Task.status != "closed", db.Task.deadline < today)
            query = query.where(late if overdue else ~late)
        orgs = self._org_filter(session, org_id, scope)
        if orgs is not None:
            query = query.where(db.Task.org_id.in_(sorted(orgs)))
        return query, today

    def task(
        self, task_id: str, *, scope: Collection[str] | None = None, today: dt.date | None = None
    ) -> dict[str, Any]:
        """One task with its evidence and audit trail; :class:`NotFoundError` if unknown or out of scope."""
        with self._unit_of_work() as session:
            task, level = self._get_task_level(session, task_id, scope)
            out = task_dict(task, level, today or self.today())
            out["evidence"] = [
                _evidence_dict(e)
                for e in session.scalars(
                    select(db.Evidence).where(db.Evidence.task_id == task_id).order_by(db.Evidence.id)
                )
            ]
            out["events"] = _events(session, "task", task_id)
            return out

    def events(self, task_id: str) -> list[dict[str, Any]]:
        """The audit trail of one task, oldest first (who, when, what, why)."""
        with self._unit_of_work() as session:
            return _events(session, "task", task_id)

    def evidence_content(
        self, task_id: str, evidence_id: int, *, scope: Collection[str] | None = None
    ) -> tuple[str, bytes]:
        """The name and bytes of an uploaded evidence file."""
        with self._unit_of_work() as session:
            self._get_task(session, task_id, scope)
            row = session.get(db.Evidence, evidence_id)
            if row is None or row.task_id != task_id or row.content is None:
                raise NotFoundError(text("err_evidence_not_found", evidence_id=evidence_id))
            return row.file_name or str(evidence_id), row.content

    def start_task(
        self,
        task_id: str,
        *,
        by: str,
        expected_version: int | None = None,
        note: str | None = None,
        scope: Collection[str] | None = None,
    ) -> dict[str, Any]:
        """open / reopened → in_progress: the responsible post starts rectifying."""

        def change(session, task):
            _require(task, ("open", "reopened"), "what_start")
            return "in_progress", note, {}

        return self._transition(task_id, "started", by, expected_version, scope, change)

    def submit_task(
        self,
        task_id: str,
        *,
        by: str,
        note: str | None = None,
        files: Sequence[EvidenceFile] = (),
        expected_version: int | None = None,
        scope: Collection[str] | None = None,
    ) -> dict[str, Any]:
        """open / reopened / in_progress → submitted, with evidence: a note and/or files."""
        note = (note or "").strip() or None
        if not note and not files:
            raise TransitionError(text("err_submit_needs_evidence"))
        for item in files:
            if item.content is not None and len(item.content) > MAX_EVIDENCE_BYTES:
                raise TransitionError(text("err_evidence_too_large", name=item.name,
                                           mb=MAX_EVIDENCE_BYTES // (1024 * 1024)))

        def change(session, task):
            _require(task, ("open", "reopened", "in_progress"), "what_submit")
            now = self.now()
            if note:
                session.add(
                    db.Evidence(task_id=task.task_id, kind="note", text=note, added_by=by, added_at=now)
                )
            for item in files:
                session.add(
                    db.Evidence(
                        task_id=task.task_id,
                        kind="file",
                        file_name=item.name,
                        sha256=item.sha256,
                        content=item.content,
                        added_by=by,
                        added_at=now,
                        size=len(item.content) if item.content is not None else None,
                    )
                )
            task.submitted_by = by
            return "submitted", note, {"files": [{"name": f.name, "sha256": f.sha256} for f in files]}

        return self._transition(task_id, "submitted", by, expected_version, scope, change)

    def close_task(
        self,
        task_id: str,
        *,
        by: str,
        note: str,
        on: dt.date | None = None,
        override: str | None = None,
        expected_version: int | None = None,
        scope: Collection[str] | None = None,
    ) -> dict[str, Any]:
        """Close (销号) a task after review.

        Allowed from ``submitted``; also from any open state when the data confirmed the fix
        (核验通过 by data) and the rule is state-type. The closer must be neither the responsible
        post nor who submitted. A problem the newest assessment still observes needs ``override``
        (the reviewer's reason for closing anyway).
        """
        note = (note or "").strip()
        if not note:
            raise TransitionError(text("err_close_needs_note"))
        on = on or self.today()

        def change(session, task):
            if task.status == "closed":
                raise TransitionError(
                    text("err_already_closed", task_id=task.task_id, closed_on=task.closed_on.isoformat())
                )
            by_data = task.observation == "verified_by_data" and rule_kind(task.rule_id) != TRANSACTION
            if task.status != "submitted" and not by_data:
                raise TransitionError(
                    text("err_close_needs_submit", task_id=task.task_id, status=text(f"status_{task.status}"))
                )
            if by == task.post_id:
                raise TransitionError(text("err_closer_is_post", post_id=task.post_id))
            if task.submitted_by and by == task.submitted_by:
                raise TransitionError(text("err_closer_is_submitter", by=by))
            if task.observation == "observed" and not (override or "").strip():
                raise TransitionError(
                    text("err_still_observed", task_id=task.task_id, assessment_id=task.last_assessment_id)
                )
            if on < task.opened_on:
                raise TransitionError(
                    text("err_close_before_open", on=on.isoformat(), opened_on=task.opened_on.isoformat())
                )
            task.closed_on = on
            task.close_note = note
            task.closed_by = by
            data = {"closed_on": on.isoformat(), "by_data": by_data}
            if override:
                data["override"] = override.strip()
            return "closed", note, data

        return self._transition(task_id, "closed", by, expected_version, scope, change)

    def reject_task(
        self,
        task_id: str,
        *,
        by: str,
        reason: str,
        expected_version: int | None = None,
        scope: Collection[str] | None = None,
    ) -> dict[str, Any]:
        """submitted → in_progress: the reviewer sends the rectification back, with a reason."""
        if not (reason or "").strip():
            raise TransitionError(text("err_reject_needs_reason"))

        def change(session, task):
            _require(task, ("submitted",), "what_reject")
            if by == task.post_id:
                raise TransitionError(text("err_rejecter_is_post", post_id=task.post_id))
            task.submitted_by = None
            return "in_progress", reason.strip(), {}

        return self._transition(task_id, "rejected", by, expected_version, scope, change)

    def reopen_task(
        self,
        task_id: str,
        *,
        by: str,
        reason: str,
        expected_version: int | None = None,
        scope: Collection[str] | None = None,
    ) -> dict[str, Any]:
        """closed → reopened (escalated): the problem came back or the closure was wrong."""
        if not (reason or "").strip():
            raise TransitionError(text("err_reopen_needs_reason"))

        def change(session, task):
            _require(task, ("closed",), "what_reopen")
            task.escalation += 1
            task.submitted_by = None
            return "reopened", reason.strip(), {"escalation": task.escalation}

        return self._transition(task_id, "reopened", by, expected_version, scope, change)

    def close(self, task_id: str, *, on: dt.date, note: str, by: str = "legacy") -> dict[str, Any]:
        """Deprecated shortcut kept for old callers: submit (if needed) and close in one go, as ``by``."""
        task = self.task(task_id)
        if task["status"] not in ("submitted", "closed"):
            self.submit_task(task_id, by=task["post_id"], note=note)
        return self.close_task(task_id, by=by, note=note, on=on, override="（旧接口直接销号）")

    def _transition(self, task_id, action, by, expected_version, scope, change) -> dict[str, Any]:
        by = (by or "").strip()
        if not by:
            raise TransitionError(text("err_needs_by"))
        try:
            with self._unit_of_work(write=True) as session:
                task, level = self._get_task_level(session, task_id, scope)
                if expected_version is not None and task.version != expected_version:
                    raise ConflictError(
                        text("err_version_changed", task_id=task_id, version=task.version,
                             expected=expected_version)
                    )
                before = task.status
                head = chain_heads(session, "task", [task_id]).get(task_id)
                # One flush at the end: the version goes up by exactly one per transition.
                with session.no_autoflush:
                    after, reason, data = change(session, task)
                    task.status = after
                _, task.audit_head = append_event(
                    session,
                    "task",
                    task_id,
                    head=head,
                    at=self.now(),
                    actor=by,
                    action=action,
                    from_status=before,
                    to_status=after,
                    reason=reason,
                    data=data,
                )
                session.flush()
                return task_dict(task, level, self.today())
        except StorageError as exc:
            if isinstance(exc.__cause__, StaleDataError) or "uq_audit_events" in str(exc):
                raise ConflictError(
                    text("err_concurrent_change", task_id=task_id)
                ) from None
            raise
        except StaleDataError:
            raise ConflictError(
                text("err_concurrent_change", task_id=task_id)
            ) from None

    def _get_task_level(
        self, session: Session, task_id: str, scope: Collection[str] | None
    ) -> tuple[db.Task, str | None]:
        """A task and its post's level in the task's newest assessment, in one query."""
        found = session.execute(
            select(db.Task, db.AssessedPost.level)
            .outerjoin(
                db.AssessedPost,
                and_(
                    db.AssessedPost.assessment_id == db.Task.last_assessment_id,
                    db.AssessedPost.post_id == db.Task.post_id,
                ),
            )
            .where(db.Task.task_id == task_id)
        ).first()
        if found is None or (scope is not None and found[0].org_id not in scope):
            raise NotFoundError(text("err_task_not_found", task_id=task_id))
        return found[0], found[1]

    def _get_task(self, session: Session, task_id: str, scope: Collection[str] | None) -> db.Task:
        task = session.get(db.Task, task_id)
        if task is None or (scope is not None and task.org_id not in scope):
            raise NotFoundError(text("err_task_not_found", task_id=task_id))
        return task

    def verify_audit(self) -> AuditReport:
        """Walk every audit chain: recompute each hash, check links and sequence, and each task's head."""
        with self._unit_of_work() as session:
            rows = session.execute(
                select(db.AuditEvent).order_by(
                    db.AuditEvent.subject_type, db.AuditEvent.subject_id, db.AuditEvent.seq
                )
            ).scalars()
            entries = (_raw_entry(row) for row in rows)
            heads = {
                ("task", task_id): head
                for task_id, head in session.execute(select(db.Task.task_id, db.Task.audit_head))
            }
            report = verify(entries, heads)
            # A task row edited without an audit entry no longer matches its chain's last status.
            last = {}
            for subject_id, to_status in session.execute(
                select(db.AuditEvent.subject_id, db.AuditEvent.to_status)
                .where(db.AuditEvent.subject_type == "task")
                .order_by(db.AuditEvent.seq)
            ):
                last[subject_id] = to_status
            for task_id, status in session.execute(select(db.Task.task_id, db.Task.status)):
                if task_id in last and last[task_id] != status:
                    report.problems.append(
                        text("audit_task_status_mismatch", task_id=task_id, status=status, last=last[task_id])
                    )
            return report


def _require(task: db.Task, allowed: Iterable[str], what: str) -> None:
    if task.status not in allowed:
        raise TransitionError(text("err_not_allowed", task_id=task.task_id,
                                  status=text(f"status_{task.status}"), what=text(what)))


def task_dict(task: db.Task, level: str | None, today: dt.date) -> dict[str, Any]:
    """A task as the CLI and the service show it (dates as ISO strings, ``overdue`` computed)."""
    return {
        "task_id": task.task_id,
        "post_id": task.post_id,
        "org_id": task.org_id,
        "rule_id": task.rule_id,
        "title": task.title,
        "measures": list(task.measures),
        "deadline": task.deadline.isoformat(),
        "status": task.status,
        "status_label": STATUS_LABELS[task.status],
        "overdue": task.status != "closed" and task.deadline < today,
        "observation": task.observation,
        "kind": rule_kind(task.rule_id),
        "escalation": task.escalation,
        "version": task.version,
        "level": level,
        "opened_on": task.opened_on.isoformat(),
        "closed_on": task.closed_on.isoformat() if task.closed_on else None,
        "close_note": task.close_note,
        "closed_by": task.closed_by,
        "submitted_by": task.submitted_by,
        "first_assessment_id": task.first_assessment_id,
        "last_assessment_id": task.last_assessment_id,
        "finding_ids": list(task.finding_ids),
    }


def _raw_entry(row: db.AuditEvent) -> dict[str, Any]:
    return {
        "id": row.id,
        "subject_type": row.subject_type,
        "subject_id": row.subject_id,
        "seq": row.seq,
        "at": row.at,
        "actor": row.actor,
        "action": row.action,
        "from_status": row.from_status,
        "to_status": row.to_status,
        "reason": row.reason,
        "assessment_id": row.assessment_id,
        "data": row.data,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


def _events(session: Session, subject_type: str, subject_id: str) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(db.AuditEvent)
        .where(db.AuditEvent.subject_type == subject_type, db.AuditEvent.subject_id == subject_id)
        .order_by(db.AuditEvent.seq)
    )

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


def _evidence_dict(row: db.Evidence) -> dict[str, Any]:

    return {
        "id": row.id,
        "kind": row.kind,
        "text": row.text,
        "file_name": row.file_name,
        "sha256": row.sha256,
        "size": row.size,
        "uploaded": row.content is not None,
        "by": row.added_by,
        "at": utc(row.added_at).isoformat(),
    }
