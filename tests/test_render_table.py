"""The terminal table: names not codes, 100 columns, --all, tasks with ids and deadlines, rule titles."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.outcome.assessment import Assessment
from riskengine.render.table import render_table


def cells(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.fixture(scope="module")
def table(synthetic_result) -> str:
    return render_table(synthetic_result)


def test_posts_show_names_of_street_community_post_and_holder(synthetic_result, table):
    post = next(p for p in synthetic_result.document["posts"] if p["level"] == "high")
    assert post["org_name"] and post["street_name"] and post["holder_name"]
    row = next(
        line for line in table.splitlines() if post["holder_name"] in line and post["org_name"] in line
    )
    assert row.split()[:6] == [
        "一级",
        post["street_name"],
        post["org_name"],
        post["title"],
        post["holder_name"],
        str(post["score"]),
    ]
    assert post["org_id"] not in table  # codes are not shown where names exist


def test_every_line_fits_100_columns_even_with_every_post(synthetic_result, table):
    everything = render_table(synthetic_result, all_posts=True)
    assert max(cells(line) for line in table.splitlines()) <= 100
    assert max(cells(line) for line in everything.splitlines()) <= 100


def test_low_posts_are_counted_by_default_and_listed_with_all(synthetic_result, table):
    low = synthetic_result.level_counts()["low"]
    assert f"三级（低）岗位 {low} 个未列出，加 --all 列出全部岗位" in table
    assert not any(line.split()[:1] == ["三级"] for line in table.splitlines())
    everything = render_table(synthetic_result, all_posts=True)
    assert sum(line.split()[:1] == ["三级"] for line in everything.splitlines()) == low


def test_second_table_lists_task_ids_and_deadlines(synthetic_result, table):
    shown = {p["post_id"] for p in synthetic_result.document["posts"] if p["level"] != "low"}
    tasks = [t for t in synthetic_result.document["tasks"] if t["post_id"] in shown]
    assert tasks
    lines = table.splitlines()
    start = lines.index(next(line for line in lines if "整改任务（按期限）" in line))
    for task in tasks:
        row = next(line for line in lines[start:] if task["task_id"] in line)
        assert row.split()[:2] == [task["task_id"], task["deadline"]]


def test_reasons_are_rule_titles_not_ids(synthetic_result, table):
    for post in synthetic_result.document["posts"]:
        for c in post["contributions"]:
            assert c["rule_id"] not in table
            assert c["title"] and c["title"] != c["rule_id"]


def test_cli_not_evaluated_notes_name_rules_by_title(synthetic, tmp_path):
    done = CliRunner().invoke(
        main,
        [
            "assess",
            str(synthetic.path),
            "--as-of",
            "2026-11-30",
            "--period",
            "2026-01-01..2026-10-31",
            "--no-db",
        ],
    )
    assert done.exit_code == 0, done.output
    notes = done.stderr.split("未评估的规则：", 1)[1]
    assert "支出金额首位数字分布异常：" in notes
    assert "finance.benford" not in notes


def test_results_without_names_fall_back_to_ids(make_assessment):
    document = make_assessment(
        "A-old", dt.date(2026, 11, 30), [("C7", "C7-FIN", "finance.cash_over_limit", ["ledger:L1"])]
    ).document
    document["posts"][0].update(level="high", level_label="一级（高）", score=30)
    contribution = {"rule_id": "finance.cash_over_limit", "points": 30, "findings": 1}
    document["posts"][0]["contributions"] = [contribution]
    old = Assessment.from_document(document)
    table = render_table(old)
    row = next(line for line in table.splitlines() if line.split()[:1] == ["一级"])
    assert row.split()[1:3] == ["C7", "村委会主任"]
    assert "finance.cash_over_limit×1" in row


def test_english_messages(synthetic_result, monkeypatch):
    monkeypatch.setenv("RISKENGINE_LANG", "en")
    table = render_table(synthetic_result)
    assert "Posts at risk" in table and "Rectification tasks (by deadline)" in table
