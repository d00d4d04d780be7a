"""The web pages in process (FastAPI TestClient): login, scopes, CSRF, stale forms, the public page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from riskengine.storage import db

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


def csrf_of(client, path: str = "/login") -> str:
    """The CSRF value of the form on ``path`` (the page also sets the browser's CSRF cookie)."""
    return CSRF.search(client.get(path).text).group(1)


def login(service, name: str) -> None:
    service.client.cookies.clear()
    answer = service.client.post(
        "/login",
        data={"token": service.tokens[name], "csrf": csrf_of(service.client)},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/inbox"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    assert service.tokens[name] not in cookie  # signed payload is base64: the token never shows verbatim


def test_pages_need_a_login(service):
    for path in ("/inbox", f"/tasks/{service.tasks['C11']}", "/posts/C11-KJ", "/dashboard"):
        answer = service.client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/login", path


def test_bad_token_is_refused_on_the_login_page(service):
    answer = service.client.post("/login", data={"token": "nope", "csrf": csrf_of(service.client)})
    assert answer.status_code == 401 and "令牌无效或已吊销" in answer.text


def test_forged_session_cookie_is_ignored(service):
    service.client.cookies.set("riskengine_session", "eyJ0b2tlbiI6IngifQ.AAAA")
    assert service.client.get("/inbox", follow_redirects=False).status_code == 303


def test_inbox_lists_the_tasks_in_scope_only(service):
    login(service, "officer_s1")
    page = service.client.get("/inbox")
    assert page.status_code == 200 and "整改任务待办" in page.text
    assert service.tasks["C11"] in page.text and service.tasks["C12"] in page.text
    assert service.tasks["C21"] not in page.text  # another street's task


@pytest.mark.parametrize("who", ["officer_s2", "officer_c11"])
def test_every_page_answers_404_out_of_scope(service, who):
    login(service, who)
    other = "C12"  # S1's second community: outside S2 and outside C11
    for path in (f"/tasks/{service.tasks[other]}", f"/posts/{other}-MZ", "/dashboard/S1", "/dashboard/C12"):
        answer = service.client.get(path)
        assert answer.status_code == 404, path
        assert "没有找到该页面，或您的账号无权查看" in answer.text
    missing = service.client.get("/tasks/T-does-not-exist")
    assert missing.status_code == 404 and missing.text.count("无权查看") == 1
    # Changing a task out of scope is refused the same way, and nothing changes.
    csrf = csrf_of(service.client, "/inbox")
    answer = service.client.post(f"/tasks/{service.tasks[other]}/start", data={"csrf": csrf, "version": "1"})
    assert answer.status_code == 404
    assert service.workspace.task(service.tasks[other])["status"] == "open"


def test_post_page_explains_the_level_and_lists_findings(service):
    login(service, "officer_s1")
    page = service.client.get("/posts/C11-KJ")
    assert page.status_code == 200
    assert "等级说明" in page.text and "ledger:T1" in page.text


def test_task_lifecycle_through_the_forms(service):
    task_id = service.tasks["C11"]
    login(service, "officer_s1")
    page = service.client.get(f"/tasks/{task_id}").text
    csrf, version = CSRF.search(page).group(1), VERSION.search(page).group(1)
    started = service.client.post(f"/tasks/{task_id}/start", data={"csrf": csrf, "version": version})
    assert started.status_code == 200 and "已开始整改" in started.text
    version = VERSION.search(started.text).group(1)
    submitted = service.client.post(
        f"/tasks/{task_id}/submit",
        data={
            "csrf": csrf,
            "version": version,
            "note": "已追回现金并存入账户",
            "files": "回单.pdf\n整改报告.docx",
        },
    )
    assert "佐证已提交" in submitted.text and "回单.pdf" in submitted.text
    version = str(service.workspace.task(task_id)["version"])
    # An officer has no review form and cannot close through a forged post.
    assert 'id="close"' not in submitted.text
    refused = service.client.post(f"/tasks/{task_id}/close", data={"csrf": csrf, "version": version})
    assert refused.status_code == 403
    login(service, "reviewer_s1")
    page = service.client.get(f"/tasks/{task_id}").text
    csrf = CSRF.search(page).group(1)
    # The newest assessment still shows the problem: closing needs a reason (整改不完成，预警不变色).
    refused = service.client.post(
        f"/tasks/{task_id}/close", data={"csrf": csrf, "version": version, "note": "核实到位"}
    )
    assert refused.status_code == 409 and "仍然存在" in refused.text and "核实到位" in refused.text
    closed = service.client.post(
        f"/tasks/{task_id}/close",
        data={"csrf": csrf, "version": version, "note": "核实到位", "override": "现金已追回，台账待下月更新"},
    )
    assert "已核实销号" in closed.text
    assert service.workspace.task(task_id)["status"] == "closed"


def test_a_stale_form_shows_a_message_and_loses_nothing(service):
    task_id = service.tasks["C11"]
    login(service, "officer_s1")
    page = service.client.get(f"/tasks/{task_id}").text
    csrf, version = CSRF.search(page).group(1), VERSION.search(page).group(1)
    # Someone else starts the task after this form was read.
    service.workspace.start_task(task_id, by="other", expected_version=int(version), note="他人先开始")
    answer = service.client.post(
        f"/tasks/{task_id}/start", data={"csrf": csrf, "version": version, "note": "我的说明"}
    )
    assert answer.status_code == 409
    assert "该任务已被他人修改" in answer.text
    task = service.workspace.task(task_id)
    assert task["status"] == "in_progress" and task["version"] == int(version) + 1
    assert [e["by"] for e in task["events"]].count("officer_s1") == 0  # no lost update, no second change


def test_forms_without_a_valid_csrf_value_are_refused(service):
    task_id = service.tasks["C11"]
    login(service, "officer_s1")
    for data in ({"version": "1"}, {"version": "1", "csrf": "forged"}):
        answer = service.client.post(f"/tasks/{task_id}/start", data=data)
        assert answer.status_code == 403 and "表单已失效" in answer.text
    assert service.workspace.task(task_id)["status"] == "open"
    service.client.cookies.clear()
    answer = service.client.post(
        "/login", data={"token": service.tokens["admin_d1"], "csrf": "x"}, follow_redirects=False
    )
    assert answer.status_code == 403
    answer = service.client.post("/public/C11/complaints", data={"category": "finance", "content": "x"})
    assert answer.status_code == 403
    assert service.workspace.db.complaints() == []


def test_dashboard_shows_the_communities_of_the_street(service):
    login(service, "officer_s1")
    page = service.client.get("/dashboard")
    assert page.status_code == 200
    assert "东湖社区" in page.text and "南湖社区" in page.text and "西岭村" not in page.text
    assert 'data-chart="heat"' in page.text and "echarts" in page.text


def test_logout_ends_the_session(service):
    login(service, "officer_s1")
    csrf = csrf_of(service.client, "/inbox")
    assert service.client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert service.client.get("/inbox", follow_redirects=False).status_code == 303


# -- the residents' page -----------------------------------------------------------------------


def test_public_page_has_no_personal_data(service):
    # Give the stored posts a holder, as a real dataset does: the public page must not show it.
    with service.workspace.db.engine.begin() as connection:
        connection.execute(
            update(db.AssessedPost).where(db.AssessedPost.org_id == "C11").values(holder="张三")
        )
    page = service.client.get("/public/C11")
    assert page.status_code == 200
    assert "东湖社区" in page.text and "码上监督" in page.text and "累计整改任务" in page.text
    assert "张三" not in page.text
    assert "token" not in page.text.lower() or "csrf" in page.text
    for person_like in ("holder", "person_id", "U01"):
        assert person_like not in page.text
    assert service.client.get("/public/NOPE").status_code == 404


def test_public_complaint_is_stored_and_rate_bounded(service):
    client = service.client
    client.cookies.clear()
    csrf = csrf_of(client, "/public/C11")
    for n in range(5):
        answer = client.post(
            "/public/C11/complaints",
            data={
                "csrf": csrf,
                "category": "welfare",
                "content": f"低保发放不公开 {n}",
                "contact": "",
                "target_post_id": "C11-KJ",
            },
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
    refused = client.post(
        "/public/C11/complaints", data={"csrf": csrf, "category": "welfare", "content": "再一件"}
    )
    assert refused.status_code == 429 and "每小时最多提交 5 件" in refused.text
    stored = service.workspace.db.complaints(org_ids={"C11"})
    assert len(stored) == 5 and stored[0]["target_post_id"] == "C11-KJ"


def test_public_complaint_is_bounded_in_size(service):
    client = service.client
    csrf = csrf_of(client, "/public/C11")
    too_long = client.post(
        "/public/C11/complaints", data={"csrf": csrf, "category": "other", "content": "字" * 1001}
    )
    assert too_long.status_code == 400 and "不能超过 1000 字" in too_long.text
    huge = client.post(
        "/public/C11/complaints",
        content=b"a=" + b"x" * 20000,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert huge.status_code == 413
    elsewhere = client.post(
        "/public/C11/complaints",
        data={"csrf": csrf, "category": "other", "content": "x", "target_post_id": "C21-KJ"},
    )
    assert elsewhere.status_code == 400
    assert service.workspace.db.complaints() == []


def test_the_qr_code_opens_the_public_page(service):
    from urllib.parse import urlsplit

    from riskengine.web.qr import public_url

    address = public_url("https://jianguan.example.gov.cn", "C11")
    assert service.client.get(urlsplit(address).path).status_code == 200


def test_uploaded_evidence_is_listed_and_downloaded_within_scope(service):
    from riskengine.storage import EvidenceFile

    task_id = service.tasks["C11"]
    photo = EvidenceFile("公开栏照片.png", b"\x89PNG\r\n\x1a\nrest")
    done = service.workspace.add_evidence(task_id, file=photo, by="officer_s1", expected_version=1)
    stored = done["evidence"]
    login(service, "officer_s1")
    page = service.client.get(f"/tasks/{task_id}")
    link = f"/tasks/{task_id}/evidence/{stored['id']}"
    assert link in page.text and "上传佐证材料" in page.text  # the file and its upload in the history
    got = service.client.get(link)
    assert got.status_code == 200 and got.content == b"\x89PNG\r\n\x1a\nrest"
    assert got.headers["content-disposition"].startswith("attachment;")
    login(service, "officer_s2")
    assert service.client.get(link).status_code == 404


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(service, task_id: str, name: str, content: bytes, *, csrf: str | None = None, version=None):
    page = service.client.get(f"/tasks/{task_id}").text
    data = {
        "csrf": csrf if csrf is not None else CSRF.search(page).group(1),
        "version": str(version if version is not None else service.workspace.task(task_id)["version"]),
    }
    return service.client.post(f"/tasks/{task_id}/evidence", data=data, files={"file": (name, content)})


def test_an_officer_uploads_an_evidence_file_from_the_task_page_and_a_reviewer_downloads_it(service):
    task_id = service.tasks["C11"]
    login(service, "officer_s1")
    page = service.client.get(f"/tasks/{task_id}").text
    assert 'enctype="multipart/form-data"' in page and 'accept=".pdf,' in page
    status_before = service.workspace.task(task_id)["status"]
    answer = _upload(service, task_id, "整改回单.pdf", PDF)
    assert answer.status_code == 200 and "佐证文件已上传" in answer.text and "整改回单.pdf" in answer.text
    task = service.workspace.task(task_id)
    assert task["status"] == status_before  # an upload is evidence, not a change of state
    stored = [e for e in service.workspace.evidence(task_id) if e.get("file_name") == "整改回单.pdf"]
    assert len(stored) == 1 and stored[0]["by"]
    login(service, "reviewer_s1")
    page = service.client.get(f"/tasks/{task_id}").text
    assert 'id="upload"' not in page  # reviewers review; they do not hand in evidence
    download = service.client.get(f"/tasks/{task_id}/evidence/{stored[0]['id']}")
    assert download.status_code == 200 and download.content == PDF
    assert "attachment" in download.headers["content-disposition"]


def test_a_bad_upload_is_refused_on_the_page_with_what_was_wrong(service):
    task_id = service.tasks["C11"]
    login(service, "officer_s1")
    renamed = _upload(service, task_id, "报告.pdf", b"MZ\x90\x00 a program, not a PDF")
    assert renamed.status_code == 415 and 'role="alert"' in renamed.text and "报告.pdf" in renamed.text
    empty = _upload(service, task_id, "空.pdf", b"")
    assert empty.status_code == 400 and 'role="alert"' in empty.text
    stale = _upload(service, task_id, "回单.pdf", PDF, version=99)
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    forged = _upload(service, task_id, "回单.pdf", PDF, csrf="forged")
    assert forged.status_code == 403
    nothing = service.client.post(
        f"/tasks/{task_id}/evidence",
        data={"csrf": CSRF.search(service.client.get(f"/tasks/{task_id}").text).group(1), "version": "1"},
        files={"file": ("", b"")},
    )
    assert nothing.status_code == 400 and "请选择要上传的文件" in nothing.text
    assert not [e for e in service.workspace.evidence(task_id) if e.get("file_name")]


def test_an_upload_is_bounded_and_refused_outside_the_role_or_scope(service):
    task_id = service.tasks["C11"]
    login(service, "auditor_s1")
    assert _upload(service, task_id, "回单.pdf", PDF).status_code == 403
    login(service, "officer_s1")
    too_large = _upload(service, task_id, "大.pdf", PDF + b"0" * (20 * 1024 * 1024 + 70 * 1024))
    assert too_large.status_code == 413 and "text/html" in too_large.headers["content-type"]
    assert "20 MiB" in too_large.text
    other = next(t for org, t in service.tasks.items() if not org.startswith("C1"))
    csrf = CSRF.search(service.client.get(f"/tasks/{task_id}").text).group(1)
    outside = service.client.post(
        f"/tasks/{other}/evidence", data={"csrf": csrf, "version": "1"}, files={"file": ("回单.pdf", PDF)}
    )
    assert outside.status_code == 404
