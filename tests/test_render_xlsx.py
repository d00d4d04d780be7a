"""``assess --format xlsx``: the workbook read back with openpyxl, cell by cell."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.render.xlsx import render_xlsx
from riskengine.render.xlsx_sheet import display_width

from .conftest import AS_OF, FILES, PERIOD

SHEETS = ["概览", "岗位", "问题清单", "整改任务", "未评估", "数据问题"]
HEADERS = {
    "岗位": ["街道", "社区（村）", "岗位编号", "岗位", "在岗人员", "等级", "得分", "问题数", "严重问题数",
             "主要问题"],
    "问题清单": [
        "问题编号",
        "街道",
        "社区（村）",
        "责任岗位",
        "领域",
        "规则",
        "严重程度",
        "严重问题",
        "计分",
        "日期",
        "问题说明",
        "升级理由",
        "依据记录",
        "证据",
    ],
    "整改任务": [
        "任务编号",
        "街道",
        "社区（村）",
        "岗位",
        "在岗人员",
        "规则",
        "整改任务",
        "整改措施",
        "整改期限",
        "状态",
        "对应问题",
    ],
    "未评估": ["规则编号", "规则", "范围", "涉及社区（村）", "原因"],
    "数据问题": ["文件", "行号", "记录类型", "字段", "问题"],
}


@pytest.fixture(scope="module")
def street_a(engine):
    return engine.assess(FILES / "street_a", as_of=AS_OF, period=PERIOD)


@pytest.fixture(scope="module")
def book(street_a, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "result.xlsx"
    path.write_bytes(render_xlsx(street_a))
    return openpyxl.load_workbook(path)


def rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_sheets_headers_frozen_rows_and_filters(book):
    assert book.sheetnames == SHEETS
    for name in SHEETS:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        if name in HEADERS:
            assert [c.value for c in sheet[1]] == HEADERS[name]
            last = openpyxl.utils.get_column_letter(len(HEADERS[name]))
            assert sheet.auto_filter.ref == f"A1:{last}{max(sheet.max_row, 2)}", name


def test_summary_counts_and_as_of_date(book, street_a):
    summary = {row[0]: row[1] for row in book["概览"].iter_rows(min_row=2, values_only=True)}
    assert summary["评估编号"] == street_a.to_dict()["assessment_id"]
    assert summary["评估基准日"] == dt.datetime(2026, 11, 30)
    assert summary["岗位数"] == len(street_a.document["posts"])
    assert summary["一级（高）"] == street_a.level_counts()["high"]
    assert summary["拒收数据行数"] == 2


def test_every_post_with_names_level_score_and_reasons(book, street_a):
    listed = {row["岗位编号"]: row for row in rows(book["岗位"])}
    assert set(listed) == {p["post_id"] for p in street_a.document["posts"]}
    post = street_a.post("C901-MZ")
    row = listed["C901-MZ"]
    assert (row["街道"], row["社区（村）"], row["岗位"], row["在岗人员"]) == (
        "东湖街道",
        "东湖社区",
        "民政专干",
        "孙丽",
    )
    assert (row["等级"], row["得分"], row["问题数"]) == ("一级（高）", 40, 2)
    assert row["严重问题数"] == post["serious_findings"]
    assert row["主要问题"].splitlines() == [
        "直接定级：向已死亡人员发放惠民资金",
        "死亡后仍发放惠民资金×1",
        "惠民资金重复发放×1",
    ]
    assert post["level"] == "high"


def test_findings_carry_records_evidence_and_real_dates(book, street_a):
    listed = {row["问题编号"]: row for row in rows(book["问题清单"])}
    for finding in street_a.document["findings"]:
        row = listed[finding["finding_id"]]
        assert row["依据记录"].splitlines() == finding["records"]
        assert row["问题说明"] == finding["message"]
        assert row["日期"] == dt.datetime.fromisoformat(finding["date"])
        assert book["问题清单"].cell(row=2, column=10).number_format == "yyyy-mm-dd"
        for key in finding["evidence"]:
            assert f"{key}: " in row["证据"]


def test_tasks_have_deadlines_as_dates_and_measures(book, street_a):
    listed = {row["任务编号"]: row for row in rows(book["整改任务"])}
    assert set(listed) == {t["task_id"] for t in street_a.document["tasks"]}
    for task in street_a.document["tasks"]:
        row = listed[task["task_id"]]
        assert row["整改期限"] == dt.datetime.fromisoformat(task["deadline"])
        assert row["状态"] == "待整改"
        assert row["整改措施"].splitlines()[0] == f"1. {task['measures'][0]}"


def test_not_evaluated_and_rejected_rows(book, street_a):
    not_evaluated = rows(book["未评估"])
    assert len(not_evaluated) == len(street_a.document["not_evaluated"])
    assert all(r["规则"] and r["规则"] != r["规则编号"] for r in not_evaluated)
    rejected = rows(book["数据问题"])
    assert [(r["文件"], r["行号"], r["字段"]) for r in rejected] == [
        (r["source"], r["row"], r["field"]) for r in street_a.document["rejected"]
    ]
    assert isinstance(rejected[0]["行号"], int)


def test_column_widths_follow_content_display_width(book):
    sheet = book["岗位"]
    widest_org = max(display_width(r["社区（村）"]) for r in rows(sheet))
    assert sheet.column_dimensions["B"].width == pytest.approx(
        max(widest_org, display_width("社区（村）")) + 2, abs=1
    )


def test_same_result_same_bytes(street_a, engine):
    again = engine.assess(FILES / "street_a", as_of=AS_OF, period=PERIOD)
    assert render_xlsx(street_a) == render_xlsx(again)


def test_cli_writes_workbook_and_refuses_mismatched_suffix(tmp_path):
    base = ["assess", str(FILES / "street_a"), "--as-of", "2026-11-30", "--no-db"]
    runner = CliRunner()
    done = runner.invoke(main, [*base, "--format", "xlsx", "-o", str(tmp_path / "r.xlsx")])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"
    wrong = runner.invoke(main, [*base, "--format", "json", "-o", str(tmp_path / "r2.xlsx")])
    assert wrong.exit_code == 2
    assert "输出文件" in wrong.output and "--format json" in wrong.output
    assert not (tmp_path / "r2.xlsx").exists()
    wrong = runner.invoke(main, [*base, "--format", "xlsx", "-o", str(tmp_path / "r.csv")])
    assert wrong.exit_code == 2 and not (tmp_path / "r.csv").exists()
    missing = runner.invoke(main, [*base, "--format", "xlsx"])
    assert missing.exit_code == 2
    assert "须用 -o/--output" in missing.output


def test_hand_built_result_without_names_or_dates(make_assessment, tmp_path):
    old = make_assessment(
        "A-old", dt.date(2026, 11, 30), [("C7", "C7-FIN", "finance.cash_over_limit", ["ledger:L1"])]
    )
    path = tmp_path / "old.xlsx"
    path.write_bytes(render_xlsx(old))
    book = openpyxl.load_workbook(path)
    finding = rows(book["问题清单"])[0]
    assert (finding["社区（村）"], finding["日期"], finding["依据记录"]) == ("C7", None, "ledger:L1")
