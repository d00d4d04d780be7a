"""Background assessment jobs, persisted so that several service processes share one queue.

A job is ``queued`` until one worker claims it (``SELECT … FOR UPDATE SKIP LOCKED`` on
PostgreSQL; SQLite's single writer lock serialises claims), ``running`` while that worker sends
heartbeats, then ``succeeded`` or ``failed``. A running job whose heartbeat is older than the
timeout was interrupted: :meth:`JobStore.recover_stale_jobs` marks it failed, so nothing stays
"running" forever.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from ..messages import text
from . import db
from .audit import utc
from .errors import NotFoundError, TransitionError

STALE_AFTER = dt.timedelta(minutes=5)


class JobStore:
    """The job queue (mixed into :class:`~riskengine.storage.Store`)."""

    def enqueue_job(
        self,
        *,
        kind: str = "assess",
        params: dict[str, Any],
        by: str,
        org_id: str | None = None,
        payload: bytes | None = None,
    ) -> dict[str, Any]:
        """Queue a job (``payload``: e.g. the uploaded dataset's bytes); returns its record."""
        with self._unit_of_work(write=True) as session:
            row = db.Job(
                job_id="J-" + uuid.uuid4().hex[:16],
                kind=kind,
                status="queued",
                org_id=org_id,
                params=params,
                payload=payload,
                created_by=by,
                created_at=self.now(),
                attempts=0,
            )
            session.add(row)
            return _job_dict(row)

    def claim_job(self, worker: str, *, kind: str | None = None) -> dict[str, Any] | None:
        """Claim the oldest queued job for ``worker`` (None when none is queued); never the same job twice."""
        with self._unit_of_work(write=True) as session:
            query = select(db.Job).where(db.Job.status == "queued").order_by(db.Job.created_at, db.Job.job_id)
            if kind is not None:
                query = query.where(db.Job.kind == kind)
            row = session.scalars(query.limit(1).with_for_update(skip_locked=True)).first()
            if row is None:
                return None
            now = self.now()
            row.status, row.worker, row.started_at, row.heartbeat_at = "running", worker, now, now
            row.attempts += 1
            out = _job_dict(row)
            out["payload"] = row.payload
            return out

    def heartbeat_job(self, job_id: str, worker: str) -> None:
        """Say the job is still being worked on; fails if it was taken away (marked failed)."""
        with self._unit_of_work(write=True) as session:
            row = self._running(session, job_id, worker)
            row.heartbeat_at = self.now()

    def finish_job(
        self,
        job_id: str,
        worker: str,
        *,
        assessment_id: str | None = None,
        result: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Mark a running job succeeded, naming the assessment it saved."""
        with self._unit_of_work(write=True) as session:
            row = self._running(session, job_id, worker)
            row.status, row.finished_at, row.assessment_id, row.result = (
                "succeeded",
                self.now(),
                assessment_id,
                result,
            )
            row.payload = None
            return _job_dict(row)

    def fail_job(self, job_id: str, worker: str, *, error: str) -> dict[str, Any]:
        """Mark a running job failed with a message for the user."""
        with self._unit_of_work(write=True) as session:
            row = self._running(session, job_id, worker)
            row.status, row.finished_at, row.error = "failed", self.now(), error
            return _job_dict(row)

    def recover_stale_jobs(self, *, stale_after: dt.timedelta = STALE_AFTER) -> list[str]:
        """Mark running jobs without a heartbeat for ``stale_after`` failed; returns their ids."""
        now = self.now()
        with self._unit_of_work(write=True) as session:
            rows = session.scalars(
                select(db.Job).where(db.Job.status == "running").with_for_update(skip_locked=True)
            )
            failed = []
            for row in rows:
                if row.heartbeat_at is None or utc(row.heartbeat_at) < now - stale_after:
                    row.status, row.finished_at = "failed", now
                    row.error = text("err_job_interrupted")
                    failed.append(row.job_id)
            return failed

    def job(self, job_id: str, *, org_ids: frozenset[str] | None = None) -> dict[str, Any]:
        """A job's status to poll (queued, running, succeeded, failed) with its assessment id or error."""
        with self._unit_of_work() as session:
            row = session.get(db.Job, job_id)
            if row is None or (org_ids is not None and row.org_id not in org_ids):
                raise NotFoundError(text("err_job_not_found", job_id=job_id))
            return _job_dict(row)

    def jobs(
        self, *, status: str | None = None, org_ids: frozenset[str] | None = None
    ) -> list[dict[str, Any]]:
        """Jobs, newest first."""
        with self._unit_of_work() as session:
            query = select(db.Job).order_by(db.Job.created_at.desc(), db.Job.job_id)
            if status is not None:
                query = query.where(db.Job.status == status)
            if org_ids is not None:
                query = query.where(db.Job.org_id.in_(list(org_ids)))
            return [_job_dict(row) for row in session.scalars(query)]

    def _running(self, session, job_id: str, worker: str) -> db.Job:
        row = session.get(db.Job, job_id, with_for_update=True)
        if row is None:
            raise NotFoundError(text("err_job_not_found", job_id=job_id))
        if row.status != "running" or row.worker != worker:
            raise TransitionError(text("err_job_not_owned", job_id=job_id, worker=worker, status=row.status))
        return row


def _job_dict(row: db.Job) -> dict[str, Any]:
    def when(value):
        return utc(value).isoformat() if value else None

    return {
        "job_id": row.job_id,
        "kind": row.kind,
        "status": row.status,
        "org_id": row.org_id,
        "params": row.params,
        "created_by": row.created_by,
        "created_at": when(row.created_at),
        "started_at": when(row.started_at),
        "heartbeat_at": when(row.heartbeat_at),
        "finished_at": when(row.finished_at),
        "worker": row.worker,
        "attempts": row.attempts,
        "error": row.error,
        "assessment_id": row.assessment_id,
        "result": row.result,
    }
