"""Suppressions through the API (list with filters, revoke), labels in the user's language, and the
API description in Chinese or English; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest


def false_positive(service, org: str, who: str, until: dt.date) -> int:
    """Mark the finding of ``org`` 不实 and suppress it until ``until``; returns the suppression id."""
    finding = service.get("/api/findings", who, params={"org_id": org}).json()["items"][0]
    done = service.post(f"/api/findings/{finding['finding_id']}/verdicts", who, json={
        "verdict": "false_positive", "reason": "系统重复导入", "suppress_until": until.isoformat()})
    assert done.status_code == 201, done.text
    return service.workspace.suppressions(org_id=org)[-1]["id"]


@pytest.fixture
def suppressed(service):
    """Suppressions of C11 (active), C12 (expired yesterday) and C21 (another street's, active)."""
    today = service.workspace.db.today()
    ids = {
        "C11": false_positive(service, "C11", "officer_s1", today + dt.timedelta(days=180)),
        "C12": false_positive(service, "C12", "officer_s1", today - dt.timedelta(days=1)),
        "C21": false_positive(service, "C21", "officer_s2", today + dt.timedelta(days=180)),
    }
    return service, ids


def listed(service, who, **params):
    page = service.get("/api/suppressions", who, params=params)
    assert page.status_code == 200, page.text
    return [(s["org_id"], s["state"]) for s in page.json()["items"]]


def test_list_within_scope_with_filters(suppressed):
    service, _ = suppressed
    assert listed(service, "auditor_s1") == [("C11", "active"), ("C12", "expired")]
    assert listed(service, "admin_d1") == [("C11", "active"), ("C12", "expired"), ("C21", "active")]
    assert listed(service, "auditor_s1", state="active") == [("C11", "active")]
    assert listed(service, "auditor_s1", state="expired") == [("C12", "expired")]
    assert listed(service, "auditor_s1", org_id="C12") == [("C12", "expired")]
    assert listed(service, "auditor_s1", rule_id="welfare.payment_after_death") == [("C12", "expired")]
    assert listed(service, "auditor_s1", org_id="S2") == []  # another street: nothing, not an error
    assert listed(service, "admin_d1", org_id="S1", state="active") == [("C11", "active")]
    item = service.get("/api/suppressions", "auditor_s1").json()["items"][0]
    assert (item["state_label"], item["reason"], item["records"]) == ("有效", "系统重复导入", ["ledger:T1"])
    assert service.get("/api/suppressions", "auditor_s1", params={"state": "gone"}).status_code == 422


def test_revoke_with_roles_scope_and_audit(suppressed):
    service, ids = suppressed
    path = f"/api/suppressions/{ids['C11']}/revoke"
    assert service.post(path, "auditor_s1", json={"reason": "x"}).status_code == 403
    # Another street's token: the same answer as for a suppression that does not exist.
    refused = service.post(path, "officer_s2", json={"reason": "x"})
    absent = service.post("/api/suppressions/999999/revoke", "officer_s2", json={"reason": "x"})
    assert refused.status_code == absent.status_code == 404
    assert refused.json()["error"] == absent.json()["error"] == "not_found"
    done = service.post(path, "reviewer_s1", json={"reason": "复核认为属实"})
    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["state"], body["state_label"], body["revoked_by"]) == ("revoked", "已撤销", "reviewer_s1")
    again = service.post(path, "reviewer_s1", json={})
    assert again.status_code == 409 and again.json()["error"] == "transition_refused"
    assert listed(service, "auditor_s1", state="revoked") == [("C11", "revoked")]
    with service.workspace.db._unit_of_work() as session:
        from riskengine.storage.trail import read_events

        trail = read_events(session, "suppression", str(ids["C11"]))
    assert [(e["event"], e["by"], e["note"]) for e in trail] == [
        ("suppressed", "officer_s1", "系统重复导入"), ("revoked", "reviewer_s1", "复核认为属实")]
    assert service.workspace.verify_audit().ok
    # The next assessment of the same records opens the task again.
    from .db_fixtures import build_assessment
    from .service_fixtures import AS_OF, PROBLEMS

    summary = service.workspace.db.save(build_assessment("A-next", AS_OF + dt.timedelta(days=31), PROBLEMS))
    assert summary.suppressed == 1  # C21's, still active; C11's no longer hides anything


def test_labels_follow_the_language(suppressed, monkeypatch):
    service, _ = suppressed
    task_id = service.tasks["C11"]
    assert service.get(f"/api/tasks/{task_id}", "auditor_s1").json()["status_label"] == "待整改"
    assert service.get("/api/whoami", "officer_s1").json()["role_label"] == "经办人"
    monkeypatch.setenv("RISKENGINE_LANG", "en")
    assert service.get(f"/api/tasks/{task_id}", "auditor_s1").json()["status_label"] == "open"
    assert service.get("/api/whoami", "officer_s1").json()["role_label"] == "officer"
    assert service.get("/api/whoami", "auditor_s1").json()["role_label"] == "auditor (read only)"
    items = service.get("/api/suppressions", "admin_d1").json()["items"]
    states = {s["state"]: s["state_label"] for s in items}
    assert states == {"active": "active", "expired": "expired"}
    finding = service.get("/api/findings", "officer_s1", params={"org_id": "C11"}).json()["items"][0]
    assert finding["verdict_label"] == "false positive"
    verdicts = service.get(f"/api/findings/{finding['finding_id']}/verdicts", "officer_s1").json()
    assert [v["verdict_label"] for v in verdicts] == ["false positive"]
    assert {t["role_label"] for t in service.workspace.tokens()} == {
        "officer", "reviewer", "auditor (read only)", "admin"}


def test_the_api_description_in_chinese_or_english(service, monkeypatch):
    chinese = service.client.get("/openapi.json").json()
    tasks = chinese["paths"]["/api/tasks"]["get"]
    assert tasks["summary"] == "整改任务列表"
    assert tasks["responses"]["404"]["description"] == "不存在，或不在令牌的管辖范围内"
    assert "清廉社区" in chinese["info"]["description"]
    version = chinese["components"]["schemas"]["Transition"]["properties"]["version"]["description"]
    assert version.startswith("你读取时的任务版本")
    monkeypatch.setenv("RISKENGINE_LANG", "en")
    english = service.client.get("/openapi.json").json()
    tasks = english["paths"]["/api/tasks"]["get"]
    assert tasks["summary"] == "Rectification tasks"
    assert tasks["responses"]["404"]["description"] == "does not exist, or lies outside the token's orgs"
    assert english["components"]["securitySchemes"]["HTTPBearer"]["description"].startswith("an API token")
    suppressions = english["paths"]["/api/suppressions"]["get"]
    assert suppressions["summary"] == "Suppressions"
    # No message key is left untranslated anywhere, in either language.
    for schema in (chinese, english):
        assert "api." not in str(schema).replace("/api/", "")


def test_every_operation_has_a_summary_in_both_languages(service, monkeypatch):
    for lang in ("zh", "en"):
        monkeypatch.setenv("RISKENGINE_LANG", lang)
        schema = service.client.get("/openapi.json").json()
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                assert operation.get("summary") and operation.get("description"), f"{method} {path}"
                if lang == "zh":
                    assert not operation["summary"].isascii(), f"{method} {path}: {operation['summary']}"
