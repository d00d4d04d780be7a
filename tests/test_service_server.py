"""Once against a real ``riskengine serve`` process on loopback: CLI token, upload, poll, read, change."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .service_fixtures import AS_OF, street_a_zip

RISKENGINE = [str(Path(sys.executable).parent / "riskengine")]
READY_TRIES = 300  # × 0.1 s: the server process imports FastAPI, uvicorn and the engine


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cli(*args: str, db: str) -> str:
    done = subprocess.run([*RISKENGINE, *args, "--db", db], capture_output=True, text=True, check=True)
    return done.stdout


@contextlib.contextmanager
def serving(tmp_path: Path, *options: str) -> Iterator[tuple[httpx.Client, subprocess.Popen, str]]:
    """A ``riskengine serve`` process on a free loopback port, with a street officer's token:
    (a client sending that token, the process, the database URL)."""
    db = f"sqlite:///{tmp_path / 'riskengine.db'}"
    _cli("db", "upgrade", db=db)
    token = _cli("tokens", "create", "--org", "S9", "--role", "officer", "--by", "admin",
                 "--name", "east-lake", db=db).strip().splitlines()[-1]
    port = _free_port()
    env = {**os.environ, "RISKENGINE_LANG": "zh"}
    log = tmp_path / "serve.log"
    command = [*RISKENGINE, "serve", "--port", str(port), "--db", db, "--log-level", "warning", *options]
    with log.open("wb") as sink:  # a file, not a pipe: a full pipe would block the server
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(READY_TRIES):
            if process.poll() is not None:
                pytest.fail(f"riskengine serve exited: {log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("riskengine serve did not become ready")
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
            yield client, process, db
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def server(tmp_path):
    """One ``riskengine serve`` process, as a client with a street officer's token."""
    with serving(tmp_path) as (client, _, _):
        yield client


def test_a_real_server_process(server):
    assert server.get("/api/whoami").json()["org_id"] == "S9"
    assert httpx.get(f"{server.base_url}/api/tasks").status_code == 401
    queued = server.post("/api/assessments", files={"file": ("street_a.zip", street_a_zip())},
                         data={"as_of": AS_OF.isoformat()})
    assert queued.status_code == 202, queued.text
    for _ in range(600):  # the server's own job thread runs it; poll as a client would
        job = server.get(queued.headers["Location"]).json()
        if job["status"] in ("succeeded", "failed"):
            break
        time.sleep(0.1)
    assert job["status"] == "succeeded", job
    tasks = server.get("/api/tasks", params={"status": "open"}).json()
    assert tasks["total"] == job["result"]["tasks"] > 0
    task = tasks["items"][0]
    started = server.post(f"/api/tasks/{task['task_id']}/start", headers={"If-Match": f'"{task["version"]}"'},
                          json={"note": "开始整改"})
    assert started.status_code == 200 and started.json()["status"] == "in_progress"
    stale = server.post(f"/api/tasks/{task['task_id']}/submit",
                        json={"version": task["version"], "note": "x"})
    assert stale.status_code == 409
    post = server.get(f"/api/posts/{task['post_id']}").json()
    assert post["contributions"] and post["findings"]
    assert server.get("/openapi.json").status_code == 200
    # An evidence file through the real HTTP stack (multipart parsed by the server's own parser).
    pdf = b"%PDF-1.4\n%%EOF\n"
    uploaded = server.post(f"/api/tasks/{task['task_id']}/evidence", files={"file": ("凭证.pdf", pdf)},
                           headers={"If-Match": started.headers["ETag"]})
    assert uploaded.status_code == 201, uploaded.text
    download = server.get(uploaded.headers["Location"])
    assert download.content == pdf and download.headers["content-type"] == "application/pdf"


def test_two_worker_processes_share_one_port_and_one_database(tmp_path):
    """``riskengine serve --workers 2``: two processes answer on one port; a token revoked at the console
    stops working in both within the token cache's time to live (1 s here)."""
    with serving(tmp_path, "--workers", "2", "--token-cache", "1", "--no-jobs") as (client, process, db):
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        if children.exists():
            assert len(children.read_text().split()) >= 2  # the workers (and multiprocessing's helper)
        for _ in range(20):  # a new connection each time: either worker may answer
            assert httpx.get(f"{client.base_url}/api/whoami", headers=client.headers).json()["org_id"] == "S9"
        token_id = client.get("/api/whoami").json()["token_id"]
        _cli("tokens", "revoke", token_id, "--by", "admin", db=db)
        time.sleep(1.2)
        for _ in range(10):
            assert httpx.get(f"{client.base_url}/api/whoami", headers=client.headers).status_code == 401
