"""The rectification ledger (整改台账) as an officer opens it: xlsx, csv and json."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import polars as pl
import pytest

from riskengine.outcome.ids import task_id
from riskengine.render.task_ledger import COLUMNS, ExportError, check_output
from riskengine.storage import EvidenceFile, Store
from riskengine.workspace import Workspace

pytest_plugins = ["tests.db_fixtures"]

NOV = dt.date(2026, 11, 30)
ORGS = [
    {"org_id": "S01", "name": "中山街道", "level": "street", "parent_id": None},
    {"org_id": "C0001", "name": "白马村", "level": "village", "parent_id": "S01"},
    {"org_id": "C0002", "name": "工农社区", "level": "community", "parent_id": "S01"},
]
CASH = ("C0001", "P0001-03", "finance.cash_over_limit", ["ledger:L1"])
CASH_2 = ("C0001", "P0001-03", "finance.cash_over_limit", ["ledger:L2"])
SPLIT = ("C0002", "P0002-06", "procurement.split_purchase", ["procurements:PR1", "procurements:PR2"])
CASH_TASK = task_id("P0001-03", "finance.cash_over_limit")


@pytest.fixture
def ws(db_url, make_assessment):
    with Workspace(Store(db_url, clock=lambda: dt.datetime(2026, 12, 20, 8, tzinfo=dt.UTC))) as workspace:
        workspace.db.upgrade()
        workspace.db.save(
            make_assessment("A-1", NOV, [CASH, CASH_2, SPLIT], deadline_days=15),
            orgs=ORGS,
            holders={"P0001-03": "张三"},
        )
        workspace.submit_task(
            CASH_TASK, by="张三", note="已改为转账支付", files=[EvidenceFile("转账凭证.pdf", b"%PDF")]
        )
        workspace.close_task(
            CASH_TASK, by="街道纪工委", note="凭证核实无误", on=dt.date(2026, 12, 18), override="现金已收回"
        )
        yield workspace


def test_xlsx_ledger_has_chinese_headers_dates_frozen_header_and_filter(ws, tmp_path):
    path = tmp_path / "台账.xlsx"
    assert ws.export_tasks(path, "xlsx") == 2
    frame = pl.read_excel(path, engine="calamine")
    assert tuple(frame.columns) == COLUMNS
    assert frame.schema["整改时限"] == pl.Date and frame.schema["销号日期"] == pl.Date
    cash, split = frame.to_dicts()
    assert (
        cash["序号"] == 1 and cash["社区"] == "白马村（C0001）" and cash["岗位"] == "村委会主任（P0001-03）"
    )
    assert cash["责任人"] == "张三"
    assert (
        cash["问题描述"]
        == "finance.cash_over_limit 发现问题：ledger:L1；finance.cash_over_limit 发现问题：ledger:L2"
    )
    assert cash["整改措施"] == "查明原因；建章立制"
    assert (cash["整改时限"], cash["销号日期"]) == (dt.date(2026, 12, 15), dt.date(2026, 12, 18))
    assert (cash["完成情况"], cash["佐证材料"], cash["状态"]) == (
        "凭证核实无误",
        "已改为转账支付；转账凭证.pdf",
        "已销号",
    )
    assert (
        split["状态"] == "待整改（逾期）" and split["销号日期"] is None and split["完成情况"] == "未开始整改"
    )
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert 'state="frozen"' in sheet and 'ySplit="1"' in sheet
    assert '<autoFilter ref="A1:K3"/>' in sheet
    assert '<col min="5" max="5" width=' in sheet  # widths computed per column


def test_identical_inputs_give_identical_workbook_bytes(ws, tmp_path):
    ws.export_tasks(tmp_path / "a.xlsx", "xlsx")
    ws.export_tasks(tmp_path / "b.xlsx", "xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_csv_and_json_ledgers_and_filters(ws, tmp_path):
    ws.export_tasks(tmp_path / "t.csv", "csv", org_id="C0002")
    text = (tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert "工农社区（C0002）" in text and "白马村" not in text
    ws.export_tasks(tmp_path / "t.json", "json", status=["closed"])
    rows = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert [(r["序号"], r["销号日期"], r["状态"]) for r in rows] == [(1, "2026-12-18", "已销号")]
    ws.export_tasks(tmp_path / "late.json", "json", overdue=True)
    assert [r["岗位"] for r in json.loads((tmp_path / "late.json").read_text(encoding="utf-8"))] == [
        "村委会主任（P0002-06）"
    ]


def test_a_suffix_that_does_not_match_the_format_is_an_error(tmp_path):
    with pytest.raises(ExportError, match="扩展名与格式 xlsx 不符"):
        check_output(tmp_path / "ledger.csv", "xlsx")
    with pytest.raises(ExportError, match="不支持的台账格式"):
        check_output(tmp_path / "ledger.pdf", "pdf")
