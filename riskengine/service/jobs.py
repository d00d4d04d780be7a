"""The background loop that runs queued assessment jobs, one at a time per process.

Jobs live in the store, so any number of service processes can share one PostgreSQL: each
claims the next queued job with ``SELECT … FOR UPDATE SKIP LOCKED`` (in the workspace), which
gives every job to exactly one of them. While a job runs, a heartbeat thread stamps it; a job
whose heartbeat is older than ``stale_seconds`` belonged to a process that died, and is marked
failed (at startup and on every poll) rather than left "running" forever.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..data.dataset import Dataset, load_dataset
from ..data.period import Period
from ..errors import RiskEngineError
from ..messages import text
from . import uploads
from .settings import ServiceSettings

log = logging.getLogger("riskengine.service.jobs")


class JobRunner:
    """Claims and runs assessment jobs of one workspace; :meth:`start` runs it in a thread."""

    def __init__(self, workspace: Any, settings: ServiceSettings, on_saved: Callable[[], None] | None = None):
        self.workspace = workspace
        self.settings = settings
        self.on_saved = on_saved or (lambda: None)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def recover(self) -> int:
        """Mark jobs whose worker stopped heartbeating as failed; returns how many."""
        timeout = dt.timedelta(seconds=self.settings.stale_seconds)
        stale = self.workspace.recover_stale_jobs(stale_after=timeout)
        if stale:
            log.warning("marked interrupted job(s) as failed: %s", ", ".join(stale))
        return len(stale)

    def run_once(self) -> bool:
        """Claim one queued job and run it to the end; False when there was none."""
        worker = self.settings.worker_id
        job = self.workspace.claim_job(worker, kind="assess")
        if job is None:
            return False
        job_id = job["job_id"]
        log.info("job %s claimed by %s", job_id, worker)
        with _Heartbeat(self.workspace, job_id, worker, self.settings.heartbeat_seconds):
            try:
                outcome = self._run(job)
            except RiskEngineError as exc:
                self.workspace.fail_job(job_id, worker, error=str(exc))
                return True
            except Exception:  # a crash of one job must not stop the loop or leave the job running
                log.exception("job %s crashed", job_id)
                self.workspace.fail_job(job_id, worker, error=text("server_error"))
                return True
        self.on_saved()
        self.workspace.finish_job(job_id, worker, **outcome)
        log.info("job %s done: %s", job_id, outcome.get("assessment_id"))
        return True

    def _run(self, job: dict[str, Any]) -> dict[str, Any]:
        """Unpack the uploaded dataset, assess it, check it lies within the uploader's org, save it."""
        params = job["params"]
        period = params.get("period")
        workspace = self.workspace
        with tempfile.TemporaryDirectory(prefix="riskengine-job-") as tmp:
            path = uploads.unpack(job["payload"] or b"", params.get("upload", "zip"), Path(tmp),
                                  self.settings.uploads)
            data = load_dataset(path, workspace.engine.registry.record_types)
            outcome = workspace.assess(
                data, as_of=_date(params.get("as_of")), save=False,
                period=Period(_date(period[0]), _date(period[1])) if period else None)
        doc = outcome.result.to_dict()
        if job.get("org_id"):
            _check_scope(job["org_id"], doc, data, workspace.orgs())
        saved = workspace.save(outcome.result, data)  # one transaction: a crash leaves no half run
        summary = {"posts": len(doc["posts"]), "findings": len(doc["findings"]), "tasks": len(doc["tasks"]),
                   "rejected": len(doc["rejected"]), "not_evaluated": len(doc["not_evaluated"]),
                   "saved": dataclasses.asdict(saved)}
        return {"assessment_id": doc["assessment_id"], "result": summary}

    def start(self) -> None:
        """Run the loop in a daemon thread until :meth:`stop`."""
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="riskengine-jobs", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Ask the loop to stop after the current job and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.recover()
                busy = self.run_once()
            except Exception:  # the database may be briefly unreachable: keep polling
                log.exception("job loop error")
                busy = False
            if not busy:
                self._stop.wait(self.settings.poll_seconds)


class _Heartbeat:
    """Stamps a running job every ``interval`` seconds from a side thread."""

    def __init__(self, workspace: Any, job_id: str, worker: str, interval: float):
        self.workspace, self.job_id, self.worker, self.interval = workspace, job_id, worker, interval
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{job_id}", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _beat(self) -> None:
        while not self._done.wait(self.interval):
            try:
                self.workspace.heartbeat_job(self.job_id, self.worker)
            except Exception:
                log.exception("heartbeat of job %s failed", self.job_id)


def _check_scope(org_id: str, doc: dict[str, Any], data: Dataset, stored: list[dict[str, Any]]) -> None:
    """Refuse a dataset with posts outside the uploader's org (a street uploads its own communities)."""
    parents = {o["org_id"]: o["parent_id"] for o in stored}
    frame = data.frames.get("orgs")
    if frame is not None:
        parents.update(frame.select("org_id", "parent_id").iter_rows())

    def within(org: str) -> bool:
        seen: set[str] = set()
        while org is not None and org not in seen:
            if org == org_id:
                return True
            seen.add(org)
            org = parents.get(org)
        return False

    outside = sorted({p["org_id"] for p in doc["posts"] if not within(p["org_id"])})
    if outside:
        shown = text("enum_sep").join(outside[:5]) + (text("and_more") if len(outside) > 5 else "")
        raise RiskEngineError(text("upload_out_of_scope", orgs=shown, n=len(outside), org=org_id))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
