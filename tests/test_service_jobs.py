"""Background assessment jobs: upload → queued → run → succeeded; never run twice; never left running."""

from __future__ import annotations

import datetime as dt
import multiprocessing

from fastapi.testclient import TestClient

from riskengine.service import create_app
from riskengine.service.jobs import JobRunner
from riskengine.workspace import Workspace

from .service_fixtures import AS_OF, street_a_zip, test_settings


def _upload(client, token, data=None, **form):
    return client.post("/api/assessments", headers={"Authorization": f"Bearer {token}"},
                       files={"file": ("street_a.zip", data or street_a_zip())}, data=form)


def test_upload_assess_and_poll(workspace):
    token = workspace.create_token(org_id="S9", role="officer", by="test", name="east-lake")[0]
    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(workspace, test_settings())) as client:
        queued = _upload(client, token, as_of=AS_OF.isoformat(), period_from="2026-01-01",
                         period_to="2026-10-31")
        assert queued.status_code == 202, queued.text
        job = queued.json()
        assert job["status"] == "queued" and queued.headers["Location"] == f"/api/jobs/{job['job_id']}"
        assert client.app.state.runner.run_once() is True
        done = client.get(queued.headers["Location"], headers=auth).json()
        assert done["status"] == "succeeded", done
        assert done["result"]["saved"]["new"] == done["result"]["tasks"] > 0
        assessment = client.get(f"/api/assessments/{done['assessment_id']}", headers=auth).json()
        assert assessment["as_of"] == AS_OF.isoformat() and assessment["period"]["to"] == "2026-10-31"
        tasks = client.get("/api/tasks", headers=auth).json()
        assert tasks["total"] == done["result"]["tasks"]
        assert {t["org_id"] for t in tasks["items"]} <= {"C901", "C902"}
        assert client.app.state.runner.run_once() is False  # the queue is empty


def test_a_dataset_outside_the_uploaders_org_is_refused(workspace):
    token = workspace.create_token(org_id="C901", role="officer", by="test")[0]
    with TestClient(create_app(workspace, test_settings())) as client:
        job = _upload(client, token).json()
        client.app.state.runner.run_once()
        failed = client.get(f"/api/jobs/{job['job_id']}", headers={"Authorization": f"Bearer {token}"}).json()
    assert failed["status"] == "failed" and "C902" in failed["error"] and "C901" in failed["error"]
    assert workspace.assessments() == []


def test_a_broken_upload_fails_its_job_with_a_message(workspace):
    job = workspace.enqueue_job(params={"upload": "zip"}, payload=b"PK\x03\x04broken", by="test", org_id="S9")
    JobRunner(workspace, test_settings()).run_once()
    failed = workspace.job(job["job_id"])
    assert failed["status"] == "failed" and "损坏" in failed["error"]


def test_an_interrupted_job_is_marked_failed_at_startup(db_url, workspace):
    stopped = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with Workspace.open(db_url, clock=lambda: stopped) as dead_process:
        interrupted = dead_process.enqueue_job(params={"upload": "zip"}, payload=b"", by="test")
        assert dead_process.claim_job("dead-worker")["job_id"] == interrupted["job_id"]
    alive = workspace.enqueue_job(params={"upload": "zip"}, payload=b"", by="test")
    workspace.claim_job("live-worker")
    with TestClient(create_app(workspace, test_settings(stale_seconds=60))):
        pass  # startup recovers
    failed = workspace.job(interrupted["job_id"])
    assert failed["status"] == "failed" and "中断" in failed["error"]
    assert workspace.job(alive["job_id"])["status"] == "running"  # its heartbeat is fresh


def _claim_all(url: str, worker: str, barrier) -> None:
    """One service process's job loop, run until the queue is empty."""
    with Workspace.open(url, upgrade=False) as workspace:
        runner = JobRunner(workspace, test_settings(worker_id=worker))
        barrier.wait()
        while runner.run_once():
            pass


def test_two_processes_never_run_the_same_job(db_url, workspace):
    jobs = [workspace.enqueue_job(params={"upload": "zip"}, payload=b"PK\x03\x04broken", by="test")["job_id"]
            for _ in range(24)]
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(2)
    workers = [spawn.Process(target=_claim_all, args=(db_url, f"worker-{n}", barrier)) for n in (1, 2)]
    for process in workers:
        process.start()
    for process in workers:
        process.join()
    assert [p.exitcode for p in workers] == [0, 0]
    done = [workspace.job(job_id) for job_id in jobs]
    assert all(j["status"] == "failed" and j["attempts"] == 1 for j in done)  # each run exactly once
    assert {j["worker"] for j in done} <= {"worker-1", "worker-2"}
