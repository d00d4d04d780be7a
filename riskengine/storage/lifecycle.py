"""The task lifecycle: open → in_progress → submitted → closed, rejected back, reopened on recurrence.

Each transition is one unit of work that checks the caller's expected ``version`` (optimistic
concurrency: a stale version fails with :class:`ConflictError` and changes nothing), checks who
may do it, changes the task and appends one hash-chained audit entry. Reading tasks is
:mod:`riskengine.storage.tasks`; evidence uploads are :mod:`riskengine.storage.evidence`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, insert, update

from ..messages import text
from ..packs.rule_kinds import TRANSACTION, rule_kind
from . import db
from .errors import ConflictError, NotFoundError, TransitionError
from .evidence import EvidenceFile, add_rows, check_upload, clean_name
from .tasks import TASKS, task_dict, with_level
from .trail import EVENTS, append_event, chain_head

# What a transition may change (besides the version, which goes up by one).
CHANGED = ("status", "submitted_by", "closed_on", "close_note", "closed_by", "escalation", "audit_head")
TASK_ROW_ALL = with_level(*TASKS.c).where(TASKS.c.task_id == bindparam("task_id"))

__all__ = ["EvidenceFile", "TaskLifecycle"]


class TaskLifecycle:
    """Task transitions (mixed into :class:`~riskengine.storage.Store`)."""

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
        files = [EvidenceFile(clean_name(item.name) or item.name, item.content) for item in files]
        for item in files:
            check_upload(item)

        def change(session, task):
            _require(task, ("open", "reopened", "in_progress"), "what_submit")
            add_rows(session, task.task_id, note=note, files=files, by=by, at=self.now())
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
        """One change of one task: read it, let ``change(session, task)`` decide (and add evidence),
        write it back one version up only if no one else changed it meanwhile, and append the audit
        entry. Plain rows and statements (no ORM objects): this is the service's hottest write."""
        by = (by or "").strip()
        if not by:
            raise TransitionError(text("err_needs_by"))
        with self._unit_of_work(write=True) as session:
            row = session.execute(TASK_ROW_ALL, {"task_id": task_id}).first()
            if row is None or (scope is not None and row.org_id not in scope):
                raise NotFoundError(text("err_task_not_found", task_id=task_id))
            task = SimpleNamespace(**row._mapping)
            if expected_version is not None and task.version != expected_version:
                raise ConflictError(text("err_version_changed", task_id=task_id, version=task.version,
                                         expected=expected_version))
            before = task.status
            head = chain_head(session, "task", task_id)
            after, reason, data = change(session, task)
            task.status = after
            entries: list[dict[str, Any]] = []
            _, task.audit_head = append_event(
                session, "task", task_id, head=head, at=self.now(), actor=by, action=action,
                from_status=before, to_status=after, reason=reason, data=data, sink=entries,
            )
            # The version read is the condition: a change committed in between matches no row.
            written = session.execute(
                update(TASKS)
                .where(TASKS.c.task_id == task_id, TASKS.c.version == task.version)
                .values({**{name: getattr(task, name) for name in CHANGED}, "version": TASKS.c.version + 1})
            )
            if written.rowcount != 1:
                raise ConflictError(text("err_concurrent_change", task_id=task_id))
            session.execute(insert(EVENTS), entries)
            session.flush()  # evidence rows the change added
            task.version += 1
            return task_dict(task, task.level, self.today())

def _require(task: db.Task, allowed: Iterable[str], what: str) -> None:
    if task.status not in allowed:
        raise TransitionError(text("err_not_allowed", task_id=task.task_id,
                                  status=text(f"status_{task.status}"), what=text(what)))
