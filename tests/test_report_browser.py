"""The HTML report in a real browser (headless Chromium): no console errors, Chinese text, charts drawn.

Needs Debian's ``chromium`` and a CJK font (``fonts-noto-cjk``); ``.ci/run`` installs both and sets
RISKENGINE_REQUIRE_BROWSER=1, so in CI a missing browser fails instead of skipping. Screenshots and an A4
PDF are written to ``test-artifacts/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from riskengine.report import build_model
from riskengine.report.html import render_report
from riskengine.report.model import HistoryPoint, StoreView

CHROMIUM = os.environ.get("RISKENGINE_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHARTS = ("streets", "communities", "heat", "trend", "blind")


def _unavailable() -> str | None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium fonts-noto-cjk; .ci/run does)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _unavailable()
    if reason:
        if os.environ.get("RISKENGINE_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (RISKENGINE_REQUIRE_BROWSER=1)", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def report_file(synthetic_result, tmp_path_factory) -> Path:
    """The synthetic assessment's report, with one earlier assessment in its history (so a trend shows)."""
    doc = synthetic_result.to_dict()
    earlier = HistoryPoint("A-earlier", "2026-06-30", high=31, medium=35, low=186, findings=260)
    page = render_report(build_model(doc, StoreView(history=[earlier], tasks=None)))
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def opened(browser, report_file):
    """The report loaded in a page, with every console message and page error it raised."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, offline=True)
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: problems.append(f"{msg.type}: {msg.text}") if msg.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url}"))
    page.goto(report_file.as_uri())
    page.wait_for_selector("html[data-charts-ready]")
    yield page, problems
    context.close()


def test_opens_offline_without_console_errors(opened):
    page, problems = opened
    assert problems == []
    assert page.get_attribute("html", "data-charts-ready") == str(len(CHARTS))


def test_chinese_text_is_rendered_with_a_cjk_font(opened):
    page, _ = opened
    assert page.inner_text("h1") == "廉政风险评估报告"
    assert page.evaluate("""() => document.fonts.check('16px "Noto Sans CJK SC"')""")
    # A CJK glyph of a real font is about as wide as it is tall; a missing glyph would be narrow or absent.
    width = page.evaluate("""() => { const s = document.createElement('span'); s.textContent = '廉政风险';
        s.style.fontSize = '20px'; document.body.appendChild(s); const w = s.getBoundingClientRect().width;
        s.remove(); return w; }""")
    assert 70 <= width <= 90


@pytest.mark.parametrize("chart", CHARTS)
def test_chart_is_drawn(opened, chart):
    page, _ = opened
    drawn = page.evaluate(
        """(name) => { const el = document.querySelector(`[data-chart="${name}"] svg`);
        if (!el) return null; const box = el.getBoundingClientRect();
        return {w: box.width, h: box.height, shapes: el.querySelectorAll('path, rect').length,
                labels: Array.from(el.querySelectorAll('text')).map(t => t.textContent)}; }""",
        chart,
    )
    assert drawn is not None, f"no SVG in chart {chart}"
    assert drawn["w"] > 300 and drawn["h"] > 150
    assert drawn["shapes"] > 5
    assert any("\u4e00" <= ch <= "\u9fff" for label in drawn["labels"] for ch in label)


def test_screenshots_and_a4_pdf_for_people_to_look_at(opened):
    page, _ = opened
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-top.png"))
    page.screenshot(path=str(ARTIFACTS / "report-full.png"), full_page=True)
    for section in ("levels", "heatmap", "trend", "overdue", "blind-spots"):
        page.locator(f"#{section}").screenshot(path=str(ARTIFACTS / f"report-{section}.png"))
    page.emulate_media(media="print")
    pdf = page.pdf(path=str(ARTIFACTS / "report-a4.pdf"), format="A4", print_background=True)
    page.emulate_media(media="screen")
    assert (ARTIFACTS / "report-top.png").stat().st_size > 10_000
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages >= 3
