"""``riskengine report``: what the HTML report says, from a result file or from the database."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.report import build_model, report_html
from riskengine.report.history import store_view

from .conftest import AS_OF, FILES, PERIOD


@pytest.fixture(scope="module")
def street_a(engine):
    return engine.assess(FILES / "street_a", as_of=AS_OF, period=PERIOD)


def test_report_is_self_contained_and_deterministic(synthetic_result):
    page = report_html(synthetic_result.to_dict())
    assert page == report_html(synthetic_result.to_dict())
    # Nothing is fetched: no external scripts, styles, images or fonts.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(http" not in page
    assert page.count("<script") == 3  # data, ECharts, the report's own
    assert "Licensed to the Apache Software Foundation" in page
    for heading in (
        "概况",
        "岗位风险等级分布",
        "风险热力图",
        "历次评估趋势",
        "风险最高的",
        "逾期未整改任务",
        "评估盲区",
    ):
        assert heading in page


def test_data_cannot_close_the_script_element(street_a):
    doc = json.loads(street_a.to_json())
    doc["posts"][0]["org_name"] = "</script><script>alert(1)</script>"
    page = report_html(doc)
    assert "</script><script>alert(1)" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page  # shown escaped in the page's tables


def test_levels_per_street_and_community_and_heat_map(street_a):
    model = build_model(street_a.to_dict())
    assert [s["name"] for s in model["streets"]] == ["东湖街道"]
    community = next(c for c in model["communities"] if c["name"] == "东湖社区")
    posts = [p for p in street_a.document["posts"] if p["org_id"] == community["org_id"]]
    assert community["high"] == sum(p["level"] == "high" for p in posts)
    domains = [d["id"] for d in model["domains"]]
    welfare = [c for c in model["heat"]["cells"] if c[0] == domains.index("welfare")]
    expected = sum(f["points"] for f in street_a.document["findings"] if f["domain"] == "welfare")
    assert sum(c[2] for c in welfare) == expected


def test_top_risks_explain_the_score(street_a):
    top = build_model(street_a.to_dict())["top_risks"][0]
    post = street_a.post(top["post_id"])
    assert top["label"] == "东湖社区 民政专干（孙丽）"
    assert sum(c["points"] for c in top["contributions"]) == post["score"]
    assert {f["title"] for f in top["findings"]} == {"死亡后仍发放惠民资金", "惠民资金重复发放"}
    assert top["overrides"] == ["向已死亡人员发放惠民资金"]


def test_blind_spots_mark_rules_not_evaluated_for_every_community(street_a):
    model = build_model(street_a.to_dict())
    whole = [n for n in street_a.document["not_evaluated"] if not n.get("org_ids")]
    assert whole, "street_a lacks some ledgers: those rules are not evaluated anywhere"
    rules = {r["rule_id"]: r for r in model["blind"]["rules"]}
    assert rules[whole[0]["rule_id"]]["scope"] == "全部社区（村）"
    assert rules[whole[0]["rule_id"]]["title"] == whole[0]["title"]
    assert model["blind"]["communities_affected"] == len(model["communities"])
    assert sum(c[2] for c in model["blind"]["cells"]) >= len(whole) * len(model["communities"])


def test_without_a_store_there_is_no_trend_and_overdue_comes_from_the_result(street_a):
    model = build_model(street_a.to_dict(), on=dt.date(2027, 6, 1))
    assert model["trend"]["available"] is False
    assert model["overdue_source"] == "result"
    assert {o["task_id"] for o in model["overdue"]} == {t["task_id"] for t in street_a.document["tasks"]}
    assert model["overdue"][0]["days"] > 0


def test_store_gives_trend_and_overdue_tasks_of_the_same_communities(store, make_assessment):
    problems = [
        ("C1", "C1-FIN", "finance.cash_over_limit", ["ledger:L1"]),
        ("C2", "C2-WEL", "welfare.paid_after_death", ["disbursements:D1"]),
    ]
    first = make_assessment("A-1", dt.date(2026, 6, 30), problems, deadline_days=30)
    second = make_assessment("A-2", dt.date(2026, 11, 30), problems[:1], deadline_days=30)
    elsewhere = make_assessment(
        "A-9", dt.date(2026, 5, 31), [("C9", "C9-FIN", "finance.cash_over_limit", ["ledger:X1"])]
    )
    for assessment in (first, second, elsewhere):
        store.save(assessment)
    closed = next(t for t in store.tasks() if t["org_id"] == "C2")
    store.close(closed["task_id"], on=dt.date(2026, 7, 20), note="已追回")
    view = store_view(store, second.to_dict())
    model = build_model(second.to_dict(), view)
    assert model["trend"]["available"] is True
    # Another street's assessment (A-9, C9 only) is not part of this trend.
    assert [p["as_of"] for p in model["trend"]["points"]] == ["2026-06-30", "2026-11-30"]
    # Counted over this result's communities (C1 only): A-1's C2 finding is not part of it.
    assert [p["findings"] for p in model["trend"]["points"]] == [1, 1]
    assert model["overdue_source"] == "store"
    # C1's task (opened in June) is past its deadline; C2's was closed in time; C9 is not in this result.
    assert [(o["task_id"], o["deadline"], o["days"]) for o in model["overdue"]] == [
        (next(t["task_id"] for t in store.tasks() if t["org_id"] == "C1"), "2026-07-30", 123)
    ]


def test_cli_report_from_file_and_from_database(tmp_path, street_a):
    result = tmp_path / "result.json"
    result.write_text(street_a.to_json(), encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(main, ["report", str(result), "-o", str(tmp_path / "report.html")])
    assert done.exit_code == 0, done.output
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "东湖社区" in page and "廉政风险评估报告" in page
    db = f"sqlite:///{tmp_path / 'r.db'}"
    saved = runner.invoke(main, ["tasks", "import", str(result), "--db", db])
    assert saved.exit_code == 0, saved.output
    again = runner.invoke(
        main,
        [
            "report",
            "--assessment",
            street_a.to_dict()["assessment_id"],
            "--db",
            db,
            "-o",
            str(tmp_path / "db.html"),
        ],
    )
    assert again.exit_code == 0, again.output
    assert "取自任务数据库" in (tmp_path / "db.html").read_text(encoding="utf-8")


def test_cli_report_refuses_bad_invocations(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["report", "-o", str(tmp_path / "r.html")]).exit_code == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"posts": []}', encoding="utf-8")
    assert runner.invoke(main, ["report", str(bad), "-o", str(tmp_path / "r.pdf")]).exit_code == 2
    done = runner.invoke(main, ["report", str(bad), "-o", str(tmp_path / "r.html")])
    assert done.exit_code == 3
    assert "无法读取评估结果" in done.output
    missing = runner.invoke(
        main,
        [
            "report",
            "--assessment",
            "A-x",
            "--db",
            f"sqlite:///{tmp_path / 'no.db'}",
            "-o",
            str(tmp_path / "r.html"),
        ],
    )
    assert missing.exit_code == 3
    assert not (tmp_path / "r.html").exists()


def test_hand_built_result_without_names_renders(make_assessment):
    old = make_assessment(
        "A-old", dt.date(2026, 11, 30), [("C7", "C7-FIN", "finance.cash_over_limit", ["ledger:L1"])]
    )
    page = report_html(old.to_dict())
    assert "C7" in page and "（未注明街道）" in page
