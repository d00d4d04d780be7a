"""The web pages in a real browser (headless Chromium over a real server on loopback), as people use them.

An officer logs in with a token, sees the inbox with the overdue task marked, opens a task, starts it,
submits evidence and uploads a photo; a reviewer closes it; the dashboard draws the report's charts; a
resident opens the public page on a phone, sees its chart in Chinese and files a complaint. No console
errors, no request leaves the machine. Screenshots go to ``test-artifacts/web-*.png`` for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time

import pytest
import uvicorn

from riskengine.service import create_app
from riskengine.workspace import Workspace

from .db_fixtures import build_assessment
from .service_fixtures import AS_OF, ORGS, PROBLEMS, make_tokens, test_settings
from .test_report_browser import ARTIFACTS, browser  # noqa: F401  (the Chromium fixture, skip/require logic)

TODAY = dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1200, "height": 900}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``riskengine serve``'s app on a free loopback port over a SQLite store with two monthly assessments."""
    path = tmp_path_factory.mktemp("web") / "riskengine.db"
    workspace = Workspace.open(f"sqlite:///{path}", clock=lambda: TODAY)
    october = build_assessment("A-oct", dt.date(2026, 10, 31), [PROBLEMS[1]])  # its task is overdue by now
    workspace.db.save(
        october, orgs=ORGS, disclosure=[{"org_id": "C11", "months_due": 10, "months_on_time": 8}]
    )
    november = build_assessment("A-nov", AS_OF, PROBLEMS)
    workspace.db.save(
        november, orgs=ORGS, disclosure=[{"org_id": "C11", "months_due": 11, "months_on_time": 10}]
    )
    tasks = {t["org_id"]: t["task_id"] for t in november.to_dict()["tasks"]}
    tokens = make_tokens(workspace)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(workspace, test_settings())
    uvi = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uvi.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uvi.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert uvi.started
    yield {"url": f"http://127.0.0.1:{port}", "tokens": tokens, "tasks": tasks, "workspace": workspace}
    uvi.should_exit = True
    thread.join(10)
    workspace.close()


@pytest.fixture
def problems():
    return []


def _open(browser, server, problems, viewport):  # noqa: F811
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    base = server["url"]

    def local_only(route):
        if route.request.url.startswith(base) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            problems.append(f"network: {route.request.url}")
            route.abort()

    context.route("**/*", local_only)
    page = context.new_page()
    page.on(
        "console",
        lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
    return context, page


def _login(page, server, name):
    page.goto(server["url"] + "/login")
    assert page.inner_text("h1") == "登录"
    page.fill("#token", server["tokens"][name])
    page.click("button[type=submit]")
    page.wait_for_url("**/inbox")


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def _chart_drawn(page, selector):
    return page.evaluate(
        """(sel) => { const svg = document.querySelector(sel + ' svg'); if (!svg) return null;
        const box = svg.getBoundingClientRect();
        return {w: box.width, h: box.height, shapes: svg.querySelectorAll('path, rect').length,
                text: Array.from(svg.querySelectorAll('text')).map(t => t.textContent).join(' ')}; }""",
        selector,
    )


def test_officer_submits_evidence_and_a_reviewer_closes(browser, server, problems):  # noqa: F811
    task_id = server["tasks"]["C11"]
    context, page = _open(browser, server, problems, PHONE)
    _login(page, server, "officer_s1")
    assert page.inner_text("h1") == "整改任务待办"
    overdue_rows = page.locator("tr.overdue")
    assert overdue_rows.count() == 1 and "逾期" in overdue_rows.first.inner_text()
    assert page.inner_text("#overdue-count") == "1"
    _shot(page, "inbox-phone")

    page.click(f"a[href='/tasks/{task_id}']")
    page.wait_for_url(f"**/tasks/{task_id}")
    assert page.inner_text("#status") == "待整改"
    page.click("#start")
    page.wait_for_selector("#done")
    assert "已开始整改" in page.inner_text("#done")
    page.fill("#submit-note", "已追回超限额现金并存入基本账户，完善现金管理制度")
    page.fill("#submit-files", "银行回单.pdf\n现金管理制度.docx")
    page.click("#submit")
    page.wait_for_selector("#done")
    assert "佐证已提交" in page.inner_text("#done")
    assert "银行回单.pdf" in page.inner_text("#evidence")
    # and a photo of the new cash register, uploaded from the phone
    page.set_input_files("#evidence-file", files=[{"name": "现金登记簿照片.png", "mimeType": "image/png",
                                                    "buffer": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64}])
    page.click("#upload-button")
    page.wait_for_selector("#done")
    assert "佐证文件已上传" in page.inner_text("#done")
    assert "现金登记簿照片.png" in page.inner_text("#evidence")
    assert page.locator("#evidence a").count() == 1  # its download link
    _shot(page, "task-submitted-phone")

    page.goto(server["url"] + "/posts/C11-KJ")
    assert page.locator("#explanation li").count() >= 1
    assert "ledger:T1" in page.content()
    _shot(page, "post-phone")
    page.click("text=退出")
    page.wait_for_url("**/login")

    _login(page, server, "reviewer_s1")
    page.goto(server["url"] + f"/tasks/{task_id}")
    page.fill("#review-note", "佐证齐全，现场核实到位")
    page.fill("#override", "现金已追回，台账下月更新后复评")
    page.click("#close")
    page.wait_for_selector("#done")
    assert "已核实销号" in page.inner_text("#done")
    assert page.inner_text("#status") == server["workspace"].task(task_id)["status_label"]
    assert server["workspace"].task(task_id)["status"] == "closed"
    _shot(page, "task-closed-phone")
    context.close()
    assert problems == []


@pytest.mark.parametrize(
    ("who", "charts"),
    [("reviewer_s1", ("communities", "heat")), ("admin_d1", ("streets", "communities", "heat"))],
)
def test_dashboard_draws_the_report_charts(browser, server, problems, who, charts):  # noqa: F811
    context, page = _open(browser, server, problems, DESKTOP)
    _login(page, server, who)
    page.goto(server["url"] + "/dashboard")
    page.wait_for_selector("html[data-charts-ready]")
    assert page.get_attribute("html", "data-charts-ready") == str(len(charts))
    for chart in charts:
        drawn = _chart_drawn(page, f'[data-chart="{chart}"]')
        assert drawn and drawn["w"] > 300 and drawn["h"] > 100 and drawn["shapes"] > 3, chart
        assert any("\u4e00" <= ch <= "\u9fff" for ch in drawn["text"]), chart
    assert "南湖社区" in page.inner_text("#overdue")
    _shot(page, f"dashboard-{who}")
    context.close()
    assert problems == []


def test_resident_sees_the_public_page_and_files_a_complaint(browser, server, problems):  # noqa: F811
    context, page = _open(browser, server, problems, PHONE)
    page.goto(server["url"] + "/public/C11")
    page.wait_for_selector("html[data-charts-ready]")
    assert page.inner_text("h1") == "东湖社区 · 清廉社区公开"
    assert page.inner_text("#rate") == "91%"
    drawn = _chart_drawn(page, "[data-public-chart]")
    assert drawn and drawn["w"] > 300 and drawn["shapes"] > 3 and "2026-11" in drawn["text"]
    assert page.evaluate("""() => document.fonts.check('16px "Noto Sans CJK SC"')""")
    width = page.evaluate("""() => { const s = document.createElement('span'); s.textContent = '码上监督';
        s.style.fontSize = '20px'; document.body.appendChild(s); const w = s.getBoundingClientRect().width;
        s.remove(); return w; }""")
    assert 70 <= width <= 90
    # Usable on a phone: nothing wider than the screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, "public-phone")
    page.select_option("#category", "welfare")
    page.select_option("#target", "C11-KJ")
    page.fill("#content", "社区低保名单没有张榜公示")
    page.click("button[type=submit]")
    page.wait_for_selector("#filed")
    assert "已收到您的反映" in page.inner_text("#filed")
    _shot(page, "public-filed-phone")
    context.close()
    assert problems == []
    stored = server["workspace"].db.complaints(org_ids={"C11"})
    assert [c["content"] for c in stored] == ["社区低保名单没有张榜公示"]
