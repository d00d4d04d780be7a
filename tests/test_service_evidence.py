"""佐证材料 through the API, on SQLite and PostgreSQL: upload, list, download, and every refusal."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from riskengine.storage.evidence import MAX_EVIDENCE_BYTES

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(service, task_id: str, who: str, name: str, content: bytes, *, version: int | None = 1,
           media: str = "application/octet-stream"):
    data = {} if version is None else {"version": str(version)}
    files = {"file": (name, content, media)}
    return service.post(f"/api/tasks/{task_id}/evidence", who, files=files, data=data)


def test_upload_list_and_download_a_file(service):
    task_id = service.tasks["C11"]
    done = upload(service, task_id, "officer_s1", "转账凭证2026-118号.pdf", PDF)
    assert done.status_code == 201, done.text
    body = done.json()
    # The task keeps its status; its version goes up, as with any change.
    assert (body["task"]["status"], body["task"]["version"]) == ("open", 2)
    assert done.headers["ETag"] == '"2"'
    stored = body["evidence"]
    assert (stored["file_name"], stored["size"], stored["uploaded"], stored["by"]) == (
        "转账凭证2026-118号.pdf", len(PDF), True, "officer_s1")
    assert stored["media_type"] == "application/pdf"
    assert done.headers["Location"] == f"/api/tasks/{task_id}/evidence/{stored['id']}"

    listed = service.get(f"/api/tasks/{task_id}/evidence", "auditor_s1").json()
    assert [(e["kind"], e["file_name"], e["uploaded"]) for e in listed] == [
        ("file", "转账凭证2026-118号.pdf", True)]
    got = service.get(done.headers["Location"], "auditor_s1")
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    disposition = got.headers["content-disposition"]
    assert disposition.startswith("attachment;") and quote("转账凭证2026-118号.pdf", safe="") in disposition
    assert got.headers["x-content-type-options"] == "nosniff"

    # The upload is in the task's audit trail, and the task can then be submitted with the new version.
    events = service.get(f"/api/tasks/{task_id}/events", "auditor_s1").json()
    last = events[-1]
    assert (last["event"], last["by"], last["from_status"], last["to_status"]) == (
        "evidence_added", "officer_s1", "open", "open")
    submitted = service.post(f"/api/tasks/{task_id}/submit", "officer_s1",
                             json={"version": 2, "note": "凭证已上传"})
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert service.workspace.verify_audit().ok


def test_the_version_read_is_required_and_checked(service):
    task_id = service.tasks["C11"]
    missing = upload(service, task_id, "officer_s1", "a.pdf", PDF, version=None)
    assert missing.status_code == 428
    by_header = service.post(f"/api/tasks/{task_id}/evidence", "officer_s1", headers={"If-Match": '"1"'},
                             files={"file": ("a.pdf", PDF, "application/pdf")})
    assert by_header.status_code == 201
    stale = upload(service, task_id, "officer_s1", "b.pdf", PDF, version=1)
    assert stale.status_code == 409 and stale.json()["error"] == "version_conflict"
    assert [e["file_name"] for e in service.get(f"/api/tasks/{task_id}/evidence", "officer_s1").json()] == [
        "a.pdf"]


@pytest.mark.parametrize(
    ("name", "content", "status", "words"),
    [
        ("空.pdf", b"", 400, "空文件"),
        ("setup.exe", b"MZ\x90\x00", 415, "文件类型不在允许之列"),
        ("页面.html", b"<script>alert(1)</script>", 415, "文件类型不在允许之列"),
        ("无扩展名", PDF, 415, "文件类型不在允许之列"),
        ("照片.pdf", PNG, 415, "内容与扩展名 .pdf 不符"),
        ("说明.txt", b"\x00\x01binary", 415, "内容与扩展名 .txt 不符"),
    ],
)
def test_empty_or_disallowed_files_are_refused_with_a_message(service, name, content, status, words):
    task_id = service.tasks["C11"]
    refused = upload(service, task_id, "officer_s1", name, content)
    assert refused.status_code == status, refused.text
    assert refused.json()["error"] == "evidence_rejected" and words in refused.json()["message"]
    assert service.get(f"/api/tasks/{task_id}/evidence", "officer_s1").json() == []
    assert service.get(f"/api/tasks/{task_id}", "officer_s1").json()["version"] == 1


def test_allowed_types_are_accepted(service):
    task_id = service.tasks["C11"]
    files = [("公开栏照片.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 16), ("截图.png", PNG),
             ("整改说明.txt", "已改为转账支付。".encode("gb18030")), ("电子发票.ofd", b"PK\x03\x04rest")]
    for version, (name, content) in enumerate(files, start=1):
        assert upload(service, task_id, "officer_s1", name, content, version=version).status_code == 201, name
    media = [e["media_type"] for e in service.get(f"/api/tasks/{task_id}/evidence", "officer_s1").json()]
    assert media == ["image/jpeg", "image/png", "text/plain; charset=utf-8", "application/ofd"]


def test_a_file_over_the_bound_is_refused(service):
    task_id = service.tasks["C11"]
    just_over = upload(service, task_id, "officer_s1", "扫描件.pdf", b"%PDF" + b"0" * MAX_EVIDENCE_BYTES)
    assert just_over.status_code == 413 and "超过 20 MB" in just_over.json()["message"]
    # Far over: refused by the body bound before the multipart parser reads it.
    declared = service.post(f"/api/tasks/{task_id}/evidence", "officer_s1",
                            headers={"Content-Length": str(MAX_EVIDENCE_BYTES * 2),
                                     "Content-Type": "multipart/form-data; boundary=x"}, content=b"--x--")
    assert declared.status_code == 413 and "上限 20 MiB" in declared.json()["message"]
    assert service.get(f"/api/tasks/{task_id}/evidence", "officer_s1").json() == []


def test_roles_and_states(service):
    task_id = service.tasks["C11"]
    assert upload(service, task_id, "auditor_s1", "a.pdf", PDF).status_code == 403
    assert upload(service, task_id, "reviewer_s1", "a.pdf", PDF).status_code == 403
    assert upload(service, task_id, "admin_d1", "a.pdf", PDF).status_code == 201
    service.post(f"/api/tasks/{task_id}/submit", "officer_s1", json={"version": 2, "note": "已整改"})
    closed = service.post(f"/api/tasks/{task_id}/close", "reviewer_s1", json={
        "version": 3, "note": "核实", "override_reason": "凭证已核对"})
    assert closed.status_code == 200, closed.text
    late = upload(service, task_id, "officer_s1", "b.pdf", PDF, version=4)
    assert late.status_code == 409 and "已销号" in late.json()["message"]


def test_another_streets_task_answers_exactly_like_a_missing_one(service):
    task_id = service.tasks["C11"]
    first = upload(service, task_id, "officer_s1", "a.pdf", PDF).json()["evidence"]["id"]
    for hidden, missing in [
        (f"/api/tasks/{task_id}/evidence", "/api/tasks/T-nope/evidence"),
        (f"/api/tasks/{task_id}/evidence/{first}", f"/api/tasks/T-nope/evidence/{first}"),
    ]:
        refused, absent = service.get(hidden, "officer_s2"), service.get(missing, "officer_s2")
        assert refused.status_code == absent.status_code == 404
        assert refused.json()["error"] == absent.json()["error"] == "not_found"
    refused = upload(service, task_id, "officer_s2", "b.pdf", PDF, version=2)
    absent = upload(service, "T-nope", "officer_s2", "b.pdf", PDF, version=2)
    assert refused.status_code == absent.status_code == 404
    assert set(refused.json()) == set(absent.json())
    # An evidence id of another task, or a note (no bytes), is not a download.
    assert service.get(f"/api/tasks/{service.tasks['C12']}/evidence/{first}", "officer_s1").status_code == 404
    assert len(service.get(f"/api/tasks/{task_id}/evidence", "officer_s1").json()) == 1


def test_the_openapi_description_shows_the_evidence_endpoints(service):
    schema = service.client.get("/openapi.json").json()
    upload_op = schema["paths"]["/api/tasks/{task_id}/evidence"]["post"]
    assert "multipart/form-data" in upload_op["requestBody"]["content"]
    assert {"413", "415", "409", "428"} <= set(upload_op["responses"])
    assert upload_op["summary"] == "上传佐证材料"
    assert "get" in schema["paths"]["/api/tasks/{task_id}/evidence"]
    download = schema["paths"]["/api/tasks/{task_id}/evidence/{evidence_id}"]["get"]
    assert "application/octet-stream" in download["responses"]["200"]["content"]
