"""Benchmark: ``riskengine serve`` on loopback under a fixed request rate, with a large assessment stored.

    python bench/service_bench.py [--communities 10000] [--rate 200] [--seconds 15] [--db URL]

1. Stores one assessment of N communities (7 posts each, findings and rectification tasks on a
   share of them) through the Workspace, as ``assess`` would save it. Building it takes a while,
   so the SQLite file is cached under ``bench/data/`` (delete it to rebuild); with ``--db`` a
   PostgreSQL database is filled once the same way (it must be empty or hold this very bench data).
   ``--dataset DIR`` assesses real ledgers instead (e.g. from the province generator).
2. Starts ``riskengine serve`` on a free loopback port (one process), waits until it answers.
3. From this (second) process, an asyncio load generator (a minimal keep-alive HTTP/1.1 client:
   httpx would take a good share of the 2 cores itself) sends requests at a fixed rate
   (open loop: each request is scheduled on its tick whatever the previous ones do, and its
   latency counts from the tick, so a stalled server shows up in the figures) for each scenario:
   task reads, a post with its contributions, and a task update (start / submit / reject with the
   version read, round robin over many tasks so no two updates race).
4. Prints p50 / p99 latency, throughput and errors per scenario. Target: p99 <= 50 ms at 200
   requests/s on 2 cores. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

CACHE = Path(__file__).resolve().parent / "data"
AS_OF = dt.date(2026, 11, 30)
CATEGORIES = ["secretary", "director", "finance", "cashier", "welfare", "procurement", "grid"]
RULES = {  # rule id → (severity, points, the post category responsible)
    "finance.cash_over_limit": ("medium", 5, "cashier"),
    "finance.disclosure_late": ("low", 2, "finance"),
    "finance.self_approval": ("high", 9, "secretary"),
    "procurement.split_purchase": ("high", 9, "procurement"),
    "welfare.payment_after_death": ("high", 9, "welfare"),
    "cadre_conduct.unreported_banquet": ("medium", 5, "director"),
}
VERSION = 1  # bump when the synthetic document changes
TARGET_P99_MS = 50
NEXT_ACTION = {"open": "start", "reopened": "start", "in_progress": "submit", "submitted": "reject"}
ADMIN: dict[str, str] = {}  # a district reviewer's header: rejects need a reviewer


# -- the stored assessment ------------------------------------------------------------------------
def synthetic_assessment(communities: int, seed: int = 1):
    """A result document of ``communities`` communities (RESULT.md) and its org hierarchy."""
    from riskengine.outcome.assessment import Assessment
    from riskengine.outcome.ids import finding_id, task_id

    rng = random.Random(seed)
    streets = max(1, communities // 12)
    orgs = [{"org_id": "D01", "name": "区", "level": "district", "parent_id": None}]
    orgs += [{"org_id": f"S{s:04d}", "name": f"街道{s}", "level": "street", "parent_id": "D01"}
             for s in range(streets)]
    findings, posts, tasks = [], [], {}
    for c in range(communities):
        org = f"C{c:05d}"
        street = f"S{c % streets:04d}"
        orgs.append({"org_id": org, "name": f"社区{c}", "level": "community", "parent_id": street})
        points: dict[str, dict[str, list]] = {}
        for rule_id, (severity, value, category) in RULES.items():
            for n in range(rng.choice((0, 0, 1, 2))):
                post_id = f"{org}-{category[:3].upper()}"
                records = [f"ledger:{org}-{rule_id[:3]}-{n}"]
                fid = finding_id(rule_id, "\x1f".join(records))
                findings.append({
                    "finding_id": fid, "rule_id": rule_id, "domain": rule_id.split(".")[0],
                    "severity": severity, "points": value, "org_id": org, "post_ids": [post_id],
                    "records": records, "date": "2026-06-30", "evidence": {"amount": 1000 + n},
                    "message": f"{rule_id}：{records[0]}",
                })
                points.setdefault(post_id, {}).setdefault(rule_id, []).append(fid)
        for category in CATEGORIES:
            post_id = f"{org}-{category[:3].upper()}"
            contributions = [{"rule_id": "post.inherent_risk", "points": 3, "findings": 0,
                              "powers": ["fund_handling"]}]
            contributions += [{"rule_id": r, "points": RULES[r][1] * len(f), "findings": len(f)}
                              for r, f in sorted(points.get(post_id, {}).items())]
            score = sum(c["points"] for c in contributions)
            level = "high" if score >= 15 else "medium" if score >= 8 else "low"
            posts.append({"post_id": post_id, "org_id": org, "title": category, "category": category,
                          "score": score, "level": level, "level_label": level, "score_level": level,
                          "overrides": [], "contributions": contributions})
            for rule_id, fids in points.get(post_id, {}).items():
                tid = task_id(post_id, rule_id)
                tasks[tid] = {"task_id": tid, "post_id": post_id, "org_id": org, "rule_id": rule_id,
                              "title": f"{rule_id} 整改", "measures": ["查明原因", "建章立制"],
                              "deadline": (AS_OF + dt.timedelta(days=30)).isoformat(), "status": "open",
                              "finding_ids": sorted(fids)}
    document = {
        "assessment_id": f"A-bench-{communities}-v{VERSION}", "engine_version": "bench",
        "as_of": AS_OF.isoformat(), "period": {"from": "2026-01-01", "to": AS_OF.isoformat()},
        "rule_packs": [], "plugins": [], "inputs": [], "rejected": [], "notices": [], "not_evaluated": [],
        "findings": findings, "posts": posts, "tasks": sorted(tasks.values(), key=lambda t: t["task_id"]),
    }
    return Assessment.from_document(document), orgs


def prepare(db: str, communities: int, dataset: Path | None) -> str:
    """Store the assessment unless the database already holds it; returns a description of it."""
    from riskengine.workspace import Workspace

    with Workspace.open(db) as workspace:
        saved = workspace.assessments()
        if saved:
            a = saved[0]
            return (f"cached: {a['assessment_id']}, {a['posts']} posts, {a['findings']} findings, "
                    f"{a['tasks']} tasks")
        started = time.perf_counter()
        if dataset is not None:
            outcome = workspace.assess(dataset)
            doc = outcome.result.to_dict()
        else:
            result, orgs = synthetic_assessment(communities)
            workspace.db.save(result, orgs=orgs)
            doc = result.to_dict()
        orgs_count = len({p["org_id"] for p in doc["posts"]})
        return (f"built in {time.perf_counter() - started:.0f} s: {orgs_count} communities, "
                f"{len(doc['posts'])} posts, {len(doc['findings'])} findings, {len(doc['tasks'])} tasks")


def street_tokens(db: str, streets: int) -> list[dict[str, str]]:
    """An officer's and an auditor's token for each of ``streets`` streets, as a street's people use them."""
    from riskengine.workspace import Workspace

    with Workspace.open(db) as workspace:
        ids = sorted(o["org_id"] for o in workspace.orgs() if o["level"] == "street")[:streets]
        return [{role: workspace.create_token(org_id=street, role=role, by="bench",
                                              name=f"bench-{street}-{role}")[0]
                 for role in ("officer", "auditor")} for street in ids]


def cached_tokens(db: str, streets: int) -> tuple[list[dict[str, str]], str]:
    """The bench's tokens, made once per database and kept beside the cache (tokens are shown only once)."""
    path = CACHE / f"tokens-{hashlib.sha256(db.encode()).hexdigest()[:12]}-{streets}.json"
    if path.exists():
        saved = json.loads(path.read_text())
        return saved["streets"], saved["reviewer"]
    keys, reviewer = street_tokens(db, streets), admin_token(db)
    path.write_text(json.dumps({"streets": keys, "reviewer": reviewer}))
    return keys, reviewer


def admin_token(db: str) -> str:
    from riskengine.workspace import Workspace

    with Workspace.open(db) as workspace:
        return workspace.create_token(org_id="D01", role="reviewer", by="bench", name="bench-reviewer")[0]


# -- the server -----------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(db: str, port: int, log: Path, workers: int) -> subprocess.Popen:
    command = [str(Path(sys.executable).parent / "riskengine"), "serve", "--port", str(port), "--db", db,
               "--log-level", "warning", "--no-jobs", "--workers", str(workers)]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    for _ in range(600):
        if process.poll() is not None:
            raise SystemExit(f"riskengine serve exited:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("riskengine serve did not become ready")


# -- the load -------------------------------------------------------------------------------------
@dataclass
class Figures:
    latencies: list[float] = field(default_factory=list)
    errors: dict[int, int] = field(default_factory=dict)
    transport: set[str] = field(default_factory=set)
    seconds: float = 0.0

    def line(self, name: str, rate: int) -> str:
        n = len(self.latencies)
        if not n:
            return f"{name:<28} no requests completed"
        ordered = sorted(self.latencies)
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(n - 1, int(n * 0.99))] * 1000
        verdict = "ok" if p99 <= TARGET_P99_MS and not self.errors else "MISSED"
        errors = ", ".join(f"{status}: {count}" for status, count in sorted(self.errors.items())) or "none"
        if self.transport:
            errors += f" (599 = {', '.join(sorted(self.transport))})"
        return (f"{name:<28} {rate:>5}/s offered  {n / self.seconds:7.1f}/s done  p50 {p50:7.1f} ms  "
                f"p99 {p99:7.1f} ms  max {ordered[-1] * 1000:7.1f} ms  errors {errors}  [{verdict}]")


class Loopback:
    """A minimal HTTP/1.1 keep-alive client over asyncio streams, for the load only.

    httpx spends about a millisecond of CPU per request; on a 2-core machine the load generator
    would then take a large share of the cores the server is measured on. This client writes the
    request bytes and reads the status line, headers and ``Content-Length`` body, reusing idle
    connections (a new one is opened when all are busy, up to ``limit``). The server closes a
    connection idle for 5 s (uvicorn's keep-alive): one idle for longer is not reused, and a reused
    one the server closed meanwhile is replaced once, as an HTTP client library would.
    """

    IDLE_SECONDS = 4.0

    def __init__(self, port: int, limit: int = 256):
        self.port, self.limit = port, limit
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]] = []
        self.open = 0
        self.freed = asyncio.Condition()

    async def _connection(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, bool]:
        """(reader, writer, whether it was reused)."""
        loop = asyncio.get_running_loop()
        async with self.freed:
            while True:
                while self.idle:
                    reader, writer, since = self.idle.pop()
                    if loop.time() - since < self.IDLE_SECONDS:
                        return reader, writer, True
                    self.open -= 1
                    writer.close()
                if self.open < self.limit:
                    break
                await self.freed.wait()
            self.open += 1
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            return reader, writer, False
        except OSError:
            await self._release(None, reusable=False)
            raise

    async def _release(self, writer: asyncio.StreamWriter | None, reusable: bool, reader=None) -> None:
        async with self.freed:
            if reusable:
                self.idle.append((reader, writer, asyncio.get_running_loop().time()))
            else:
                self.open -= 1
                if writer is not None:
                    writer.close()
            self.freed.notify()

    async def request(self, method: str, path: str, headers: dict[str, str],
                      body: bytes = b"") -> tuple[int, bytes]:
        """(status, body) of one request; raises OSError or EOFError when the connection fails."""
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        payload = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body
        for attempt in (1, 2):
            reader, writer, reused = await self._connection()
            reusable = False
            try:
                writer.write(payload)
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head[9:12])
                length, reusable = 0, True
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    name = name.strip().lower()
                    if name == b"content-length":
                        length = int(value)
                    elif name == b"connection" and value.strip().lower() == b"close":
                        reusable = False
                return status, await reader.readexactly(length)
            except (asyncio.IncompleteReadError, ConnectionResetError, BrokenPipeError) as exc:
                reusable = False
                nothing_read = not isinstance(exc, asyncio.IncompleteReadError) or not exc.partial
                if reused and nothing_read and attempt == 1:
                    continue  # the server had closed this idle connection: once more on a new one
                raise EOFError(str(exc)) from exc
            except asyncio.LimitOverrunError as exc:
                reusable = False
                raise EOFError(str(exc)) from exc
            finally:
                await self._release(writer, reusable, reader)
        raise EOFError("unreachable")

    def close(self) -> None:
        for _, writer, _ in self.idle:
            writer.close()
        self.idle.clear()


async def run_load(port: int, rate: int, seconds: float, request) -> Figures:
    """Send ``request(client, i)`` at ``rate`` per second for ``seconds`` (open loop)."""
    figures = Figures()
    client = Loopback(port)
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.05
    total = int(rate * seconds)

    async def one(i: int) -> None:
        tick = start + i / rate
        await asyncio.sleep(max(0.0, tick - loop.time()))
        try:
            status = await request(client, i)
        except (OSError, EOFError) as exc:  # refused or dropped connections count as errors, not crashes
            status = 599
            figures.transport.add(type(exc).__name__)
        figures.latencies.append(loop.time() - tick)
        if status >= 400:
            figures.errors[status] = figures.errors.get(status, 0) + 1

    await asyncio.gather(*(one(i) for i in range(total)))
    figures.seconds = loop.time() - start
    client.close()
    return figures


async def scenarios(port: int, keys: list[dict[str, str]], rate: int, seconds: float) -> None:
    # Every request runs as the street that owns the object: (task id, post id, officer, auditor).
    work: list[tuple[str, str, dict[str, str], dict[str, str]]] = []
    current: dict[str, tuple[int, str]] = {}  # task id → (version, status) as stored now
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        for street in keys:
            officer = {"Authorization": f"Bearer {street['officer']}"}
            auditor = {"Authorization": f"Bearer {street['auditor']}"}
            listed = (await client.get("/api/tasks", headers=auditor, params={"limit": 1000})).json()
            work += [(t["task_id"], t["post_id"], officer, auditor) for t in listed["items"]]
            current.update((t["task_id"], (t["version"], t["status"])) for t in listed["items"])
    print(f"load: {len(work)} tasks of {len(keys)} streets, each read and changed with its street's tokens",
          flush=True)
    rng = random.Random(7)

    async def read_task(client, i):
        task_id, _, _, auditor = rng.choice(work)
        return (await client.request("GET", f"/api/tasks/{task_id}", auditor))[0]

    async def read_post(client, i):
        _, post_id, _, auditor = rng.choice(work)
        return (await client.request("GET", f"/api/posts/{post_id}", auditor))[0]

    # Each task goes open → in_progress (start), then submitted / in_progress (submit, reject) in turn.
    versions = dict(current)  # an earlier run may have moved them on

    async def update_task(client, i):
        task_id, _, officer, _ = work[i % len(work)]
        version, status = versions[task_id]
        action = NEXT_ACTION.get(status)
        if action is None:  # closed: nothing to change, read it instead
            return (await client.request("GET", f"/api/tasks/{task_id}", officer))[0]
        body = json.dumps({"version": version, "note": f"bench {i}"}).encode()
        headers = {**(officer if action != "reject" else ADMIN), "Content-Type": "application/json"}
        status, answer = await client.request("POST", f"/api/tasks/{task_id}/{action}", headers, body)
        if status == 200:
            task = json.loads(answer)
            versions[task_id] = (task["version"], task["status"])
        return status

    print(f"each scenario: {rate} requests/s for {seconds:g} s (latency from the scheduled send)", flush=True)
    for name, request in (("GET /api/tasks/{id}", read_task), ("GET /api/posts/{id}", read_post),
                          ("POST /api/tasks/{id}/<change>", update_task)):
        await run_load(port, min(rate, 20), 1.0, request)  # warm up connections and caches
        print((await run_load(port, rate, seconds, request)).line(name, rate), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communities", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=200, help="requests per second offered")
    parser.add_argument("--seconds", type=float, default=15.0, help="per scenario")
    parser.add_argument("--streets", type=int, default=40, help="streets whose tasks and posts are used")
    parser.add_argument("--workers", type=int, default=1, help="riskengine serve --workers")
    parser.add_argument("--db", help="a database URL (default: a cached SQLite file under bench/data/)")
    parser.add_argument("--dataset", type=Path, help="assess these ledgers instead of the synthetic document")
    args = parser.parse_args()
    if args.db:
        db = args.db
    else:
        CACHE.mkdir(parents=True, exist_ok=True)
        name = f"service-{args.dataset.name if args.dataset else args.communities}-v{VERSION}.db"
        db = f"sqlite:///{CACHE / name}"
    print(f"database: {db}", flush=True)
    print(f"assessment: {prepare(db, args.communities, args.dataset)}", flush=True)
    CACHE.mkdir(parents=True, exist_ok=True)  # the tokens are kept there with --db too
    keys, reviewer = cached_tokens(db, args.streets)
    ADMIN["Authorization"] = f"Bearer {reviewer}"
    port = free_port()
    log = CACHE / "service-bench.log"
    CACHE.mkdir(parents=True, exist_ok=True)
    server = start_server(db, port, log, args.workers)
    print(f"riskengine serve pid {server.pid} ({args.workers} worker process(es)) on 127.0.0.1:{port}; "
          f"load from pid {os.getpid()}; {os.cpu_count()} cores; load average before: "
          "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    try:
        asyncio.run(scenarios(port, keys, args.rate, args.seconds))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"target: p99 <= {TARGET_P99_MS} ms at 200 requests/s on 2 cores (server log: {log})")
    print("load average (1, 5, 15 min) at the end: {:.2f} {:.2f} {:.2f}: figures taken while other work "
          "shares the cores are not the service's own".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
