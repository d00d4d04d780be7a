"""The HTTP API in process (FastAPI TestClient), on SQLite and PostgreSQL: what a caller sees."""

from __future__ import annotations

import pytest


def test_health_needs_no_token(service):
    response = service.client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer rk_not-a-token"},
                                     {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer "}])
def test_no_token_no_data(service, headers):
    response = service.client.get("/api/tasks", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert "令牌" in response.json()["message"]


def test_whoami(service):
    me = service.get("/api/whoami", "officer_s1").json()
    assert (me["org_id"], me["role"], me["orgs"]) == ("S1", "officer", 3)  # S1, C11, C12


def test_a_street_sees_its_communities_only(service):
    tasks = service.get("/api/tasks", "officer_s1").json()
    assert {t["org_id"] for t in tasks["items"]} == {"C11", "C12"}
    assert tasks["total"] == 2
    district = service.get("/api/tasks", "admin_d1").json()
    assert {t["org_id"] for t in district["items"]} == {"C11", "C12", "C21"}
    community = service.get("/api/tasks", "officer_c11").json()
    assert {t["org_id"] for t in community["items"]} == {"C11"}


def _out_of_scope_paths(service) -> list[str]:
    """Every GET endpoint naming an object of street S2, as a token of street S1 would ask."""
    task = service.tasks["C21"]
    return [
        f"/api/tasks/{task}", f"/api/tasks/{task}/events", "/api/posts/C21-KJ", "/api/posts/C21-KJ/history",
        "/api/orgs/S2/history", "/api/orgs/S2/rollup", "/api/orgs/C21/rollup", "/api/orgs/D1/rollup",
    ]


def _missing_paths() -> list[str]:
    return ["/api/tasks/T-nope", "/api/tasks/T-nope/events", "/api/posts/NOPE", "/api/posts/NOPE/history",
            "/api/orgs/NOPE/history", "/api/orgs/NOPE/rollup", "/api/orgs/NOPE2/rollup",
            "/api/orgs/NOPE3/rollup"]


def test_out_of_scope_looks_exactly_like_missing(service, caplog):
    caplog.set_level("WARNING", logger="riskengine.service.access")
    for hidden, missing in zip(_out_of_scope_paths(service), _missing_paths(), strict=True):
        refused = service.get(hidden, "officer_s1")
        absent = service.get(missing, "officer_s1")
        assert refused.status_code == absent.status_code == 404, hidden
        assert refused.json()["error"] == absent.json()["error"] == "not_found"
        assert set(refused.json()) == set(absent.json())
        # The district sees it.
        assert service.get(hidden, "admin_d1").status_code == 200, hidden
    assert any("officer_s1" in record.getMessage() for record in caplog.records)


def test_out_of_scope_lists_are_empty_and_writes_404(service):
    s2_task = service.tasks["C21"]
    assert service.get("/api/tasks", "officer_s1", params={"org_id": "S2"}).json()["items"] == []
    assert service.get("/api/findings", "officer_s1", params={"org_id": "C21"}).json()["items"] == []
    findings = service.get("/api/findings", "officer_s1").json()["items"]
    assert {f["org_id"] for f in findings} == {"C11", "C12"}
    assert service.post(f"/api/tasks/{s2_task}/start", "officer_s1", json={"version": 1}).status_code == 404
    s2_finding = service.get("/api/findings", "officer_s2").json()["items"][0]["finding_id"]
    verdict = service.post(f"/api/findings/{s2_finding}/verdicts", "officer_s1",
                           json={"verdict": "confirmed"})
    assert verdict.status_code == 404


def test_assessment_is_counted_and_filtered_within_scope(service):
    listed = service.get("/api/assessments", "officer_s2").json()
    assert [a["assessment_id"] for a in listed] == [service.assessment_id]
    detail = service.get(f"/api/assessments/{service.assessment_id}", "officer_s2").json()
    assert detail["posts"] == 3 and detail["in_scope"]["posts"] == 1
    document = service.get(f"/api/assessments/{service.assessment_id}/document", "officer_s2").json()
    assert {p["org_id"] for p in document["posts"]} == {"C21"}
    posts = service.get(f"/api/assessments/{service.assessment_id}/posts", "officer_s1").json()
    assert {p["post_id"] for p in posts["items"]} == {"C11-KJ", "C12-MZ"}
    assert service.get("/api/assessments/A-nope", "officer_s1").status_code == 404


def test_post_with_contributions_findings_and_tasks(service):
    post = service.get("/api/posts/C11-KJ", "auditor_s1").json()
    assert post["level"] == "low" and post["assessment_id"] == service.assessment_id
    assert [f["rule_id"] for f in post["findings"]] == ["finance.cash_over_limit"]
    assert [t["task_id"] for t in post["tasks"]] == [service.tasks["C11"]]
    history = service.get("/api/posts/C11-KJ/history", "auditor_s1").json()
    assert [run["assessment_id"] for run in history["assessments"]] == [service.assessment_id]


def test_rollup_of_a_street(service):
    rollup = service.get("/api/orgs/S1/rollup", "auditor_s1").json()
    assert [c["org_id"] for c in rollup["communities"]] == ["C11", "C12"]
    assert rollup["total"]["tasks"] == 2 and rollup["total"]["open"] == 2


def test_task_lifecycle_with_roles(service):
    task_id = service.tasks["C11"]
    path = f"/api/tasks/{task_id}"
    task = service.get(path, "officer_s1")
    assert task.headers["ETag"] == '"1"' and task.json()["status"] == "open"
    assert service.post(f"{path}/start", "auditor_s1", json={"version": 1}).status_code == 403
    started = service.post(f"{path}/start", "officer_s1", headers={"If-Match": '"1"'}, json={})
    assert started.status_code == 200 and started.json()["status"] == "in_progress"
    version = started.json()["version"]
    submitted = service.post(f"{path}/submit", "officer_s1", json={
        "version": version, "note": "已改为转账支付", "files": [{"name": "凭证2026-118号.pdf"}]})
    assert submitted.status_code == 200, submitted.text
    body = submitted.json()
    assert body["status"] == "submitted" and submitted.headers["ETag"] == f'"{body["version"]}"'
    evidence = service.get(path, "auditor_s1").json()["evidence"]
    assert {e["kind"] for e in evidence} == {"note", "file"}
    version = body["version"]
    # Officers cannot close; the reviewer must say why the still-observed problem is closed anyway.
    by_officer = service.post(f"{path}/close", "officer_s1", json={"version": version, "note": "ok"})
    assert by_officer.status_code == 403
    refused = service.post(f"{path}/close", "reviewer_s1", json={"version": version, "note": "核实完毕"})
    assert refused.status_code == 409 and refused.json()["error"] == "transition_refused"
    closed = service.post(f"{path}/close", "reviewer_s1", json={
        "version": version, "note": "核实完毕", "override_reason": "凭证已核对，新账期无现金支付"})
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed" and closed.json()["closed_by"] == "reviewer_s1"
    reopened = service.post(f"{path}/reopen", "reviewer_s1",
                            json={"version": closed.json()["version"], "note": "复查发现仍有现金支付"})
    assert reopened.json()["status"] == "reopened" and reopened.json()["escalation"] == 1
    events = service.get(f"{path}/events", "auditor_s1").json()
    assert [(e["event"], e["by"]) for e in events][-4:] == [
        ("started", "officer_s1"), ("submitted", "officer_s1"), ("closed", "reviewer_s1"),
        ("reopened", "reviewer_s1")]


def test_reject_sends_back_to_in_progress(service):
    path = f"/api/tasks/{service.tasks['C12']}"
    submitted = service.post(f"{path}/submit", "officer_s1", json={"version": 1, "note": "已整改"}).json()
    rejected = service.post(f"{path}/reject", "reviewer_s1", json={"version": submitted["version"],
                                                                 "note": "佐证不足"})
    assert rejected.status_code == 200 and rejected.json()["status"] == "in_progress"


def test_stale_version_is_refused_and_nothing_is_lost(service):
    path = f"/api/tasks/{service.tasks['C11']}"
    first = service.post(f"{path}/start", "officer_s1", json={"version": 1, "note": "张三开始整改"})
    assert first.status_code == 200
    second = service.post(f"{path}/submit", "officer_c11", json={"version": 1, "note": "李四的材料"})
    assert second.status_code == 409 and second.json()["error"] == "version_conflict"
    assert "已被" in second.json()["message"] or "版本" in second.json()["message"]
    assert service.get(path, "officer_s1").json()["status"] == "in_progress"


def test_a_change_needs_the_version_read(service):
    path = f"/api/tasks/{service.tasks['C11']}/start"
    missing = service.post(path, "officer_s1", json={})
    assert missing.status_code == 428 and "If-Match" in missing.json()["message"]
    assert service.post(path, "officer_s1", json={}, headers={"If-Match": "garbage"}).status_code == 400
    both = service.post(path, "officer_s1", json={"version": 1}, headers={"If-Match": '"2"'})
    assert both.status_code == 400


def test_verdicts(service):
    finding = service.get("/api/findings", "officer_s1", params={"org_id": "C11"}).json()["items"][0]
    path = f"/api/findings/{finding['finding_id']}/verdicts"
    assert service.post(path, "auditor_s1", json={"verdict": "confirmed"}).status_code == 403
    no_reason = service.post(path, "officer_s1", json={"verdict": "false_positive"})
    assert no_reason.status_code == 422
    recorded = service.post(path, "officer_s1", json={"verdict": "false_positive", "reason": "系统重复导入",
                                                      "suppress_until": "2027-06-30"})
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["verdict"] == "false_positive"
    listed = service.get(path, "auditor_s1").json()
    assert [v["verdict"] for v in listed] == ["false_positive"]
    again = service.get("/api/findings", "officer_s1", params={"org_id": "C11"}).json()["items"][0]
    assert again["verdict"] == "false_positive"


def test_openapi_describes_every_endpoint_with_typed_responses(service):
    schema = service.client.get("/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            ok = next(code for code in operation["responses"] if code.startswith("2"))
            content = operation["responses"][ok].get("content", {})
            # JSON everywhere, except a download (an evidence file's bytes).
            body = content.get("application/json") or content.get("application/octet-stream") or {}
            assert body.get("schema"), f"{method.upper()} {path} has no response schema"
    assert "HTTPBearer" in schema["components"]["securitySchemes"]


def test_a_revoked_token_is_refused(service):
    token_id = service.get("/api/whoami", "officer_c11").json()["token_id"]
    service.workspace.revoke_token(token_id, by="admin")
    assert service.get("/api/tasks", "officer_c11").status_code == 401


def test_token_cache_keeps_a_resolution_for_its_ttl_only(workspace):
    from riskengine.service.tokens import TokenResolver

    token, record = workspace.create_token(org_id="S1", role="officer", by="test")
    now = [0.0]
    resolver = TokenResolver(workspace, ttl=5, clock=lambda: now[0])
    assert resolver.resolve(token).org_id == "S1"
    workspace.revoke_token(record["token_id"], by="test")
    now[0] = 4.9
    assert resolver.resolve(token) is not None  # cached: revocation shows within the ttl
    now[0] = 5.1
    assert resolver.resolve(token) is None


def test_token_cache_refreshes_ahead_so_requests_never_wait_on_an_expiry(workspace):
    import threading

    from riskengine.service.tokens import TokenResolver

    token, record = workspace.create_token(org_id="S1", role="officer", by="test")
    now = [0.0]
    resolver = TokenResolver(workspace, ttl=10, clock=lambda: now[0])
    resolver.resolve(token)
    now[0] = 6.0  # past half the ttl: served from the cache, resolved again in the background
    assert resolver.resolve(token).org_id == "S1"
    for thread in threading.enumerate():
        if thread.name == "token-refresh":
            thread.join(5)
    now[0] = 12.0  # past the first resolution's ttl, within the refreshed one's
    assert resolver.cached(token) is not None
    workspace.revoke_token(record["token_id"], by="test")
    now[0] = 17.0  # a refresh finds the token revoked and stops serving it at once
    resolver.resolve(token)
    for thread in threading.enumerate():
        if thread.name == "token-refresh":
            thread.join(5)
    assert resolver.cached(token) is None and resolver.resolve(token) is None


def test_two_officers_changing_one_task_at_once_lose_nothing(service):
    """Both read version 1 and send their change at the same moment: one wins, the other gets 409."""
    import threading

    path = f"/api/tasks/{service.tasks['C11']}"
    barrier = threading.Barrier(2)
    answers: dict[str, object] = {}

    def change(who: str, action: str) -> None:
        barrier.wait()
        answers[who] = service.post(f"{path}/{action}", who, json={"version": 1, "note": f"{who} 的整改说明"})

    threads = [threading.Thread(target=change, args=("officer_s1", "start")),
               threading.Thread(target=change, args=("officer_c11", "submit"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(answer.status_code for answer in answers.values())
    assert statuses == [200, 409]
    winner = next(who for who, answer in answers.items() if answer.status_code == 200)
    task = service.get(path, "admin_d1").json()
    assert task["version"] == 2
    assert [e["by"] for e in task["events"] if e["event"] in ("started", "submitted")] == [winner]


def test_post_explanation_in_plain_words(service):
    body = service.get("/api/posts/C11-KJ/explanation", "officer_s1").json()
    assert body["assessment_id"] == service.assessment_id and body["post_id"] == "C11-KJ"
    assert body["lines"][0].startswith("岗位 C11-KJ")
    assert body["lines"][1].startswith("定级依据：得分 10 分")
    assert service.get("/api/posts/C21-KJ/explanation", "officer_s1").status_code == 404


def test_a_token_leaving_the_cache_is_resolved_once_for_all_requests_waiting():
    """A district's token (thousands of orgs) expiring from the cache under load: the requests that
    arrive during its resolution wait for it instead of each resolving it again."""
    import threading

    from riskengine.service.tokens import TokenResolver
    from riskengine.storage import TokenScope

    class Store:
        calls = 0
        started = threading.Event()
        go_on = threading.Event()

        def resolve_token(self, secret):
            Store.calls += 1
            Store.started.set()
            Store.go_on.wait(5)
            return TokenScope("K-1", "D1", "reviewer", frozenset({"D1", "S1"}), "district")

    resolver = TokenResolver(Store(), ttl=5)
    found = []
    threads = [threading.Thread(target=lambda: found.append(resolver.resolve("rk_x"))) for _ in range(8)]
    threads[0].start()
    Store.started.wait(5)
    for thread in threads[1:]:
        thread.start()
    Store.go_on.set()
    for thread in threads:
        thread.join(5)
    assert Store.calls == 1
    assert [p.org_id for p in found] == ["D1"] * 8
