"""Loading datasets: directories and workbooks, rejected rows, notices, and writing them back."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from polars.testing import assert_frame_equal

from riskengine.data.dataset import load_dataset
from riskengine.data.files import write_dataset
from riskengine.data.records import load_builtin_record_types
from riskengine.errors import DatasetError

FILES = Path(__file__).parent / "files" / "datasets"
TYPES = {t.name: t for t in load_builtin_record_types()}


@pytest.fixture(scope="module")
def csv_bad():
    return load_dataset(FILES / "csv_bad", TYPES)


def rejected_of(dataset, record_type: str | None = None) -> list[tuple]:
    return [(r.source, r.row, r.field) for r in dataset.rejected if record_type in (None, r.type)]


def test_bad_ledger_rows_are_reported_with_file_row_and_field(csv_bad):
    # ledger.csv has a BOM; row 10 is blank (not counted, but later rows keep their spreadsheet numbers)
    assert rejected_of(csv_bad, "ledger") == [
        ("ledger.csv", 3, "amount"),
        ("ledger.csv", 4, "payment_method"),
        ("ledger.csv", 5, "date"),
        ("ledger.csv", 6, "txn_id"),
        ("ledger.csv", 7, "txn_id"),
        ("ledger.csv", 8, "direction"),
        ("ledger.csv", 8, "amount"),
        ("ledger.csv", 11, "amount"),
    ]
    errors = {(r.row, r.field): r.error for r in csv_bad.rejected if r.type == "ledger"}
    assert errors[(3, "amount")] == "不是数字：'12,5x'"
    assert errors[(4, "payment_method")] == "不在允许值中：'cashh'（允许：transfer、cash、card）"
    assert errors[(5, "date")] == "不是有效日期：'2026/13/01'"
    assert errors[(6, "txn_id")] == "缺少必填字段"
    assert errors[(7, "txn_id")] == "重复的编号 'T1'（首次出现在第 2 行）"
    assert errors[(11, "amount")] == "小数位超过 2 位：'1.234'"


def test_rows_read_equal_rows_kept_plus_rows_rejected(csv_bad):
    assert (
        csv_bad.rows_read("ledger"),
        csv_bad.rows_evaluated("ledger"),
        csv_bad.rows_rejected("ledger"),
    ) == (10, 3, 7)
    assert (csv_bad.rows_read("posts"), csv_bad.rows_evaluated("posts"), csv_bad.rows_rejected("posts")) == (
        3,
        2,
        1,
    )
    assert (csv_bad.rows_read("bids"), csv_bad.rows_evaluated("bids"), csv_bad.rows_rejected("bids")) == (
        5,
        3,
        2,
    )
    for info in csv_bad.inputs:
        assert csv_bad.rows_read(info.type) == csv_bad.rows_evaluated(info.type) + csv_bad.rows_rejected(
            info.type
        )


def test_good_rows_are_typed_and_keep_extra_columns(csv_bad):
    ledger = csv_bad.frames["ledger"]
    assert ledger.schema == pl.Schema({**TYPES["ledger"].polars_schema, "remark": pl.String()})
    assert ledger["txn_id"].to_list() == ["T1", "T6", "T8"]
    assert ledger.row(0, named=True) == {
        "txn_id": "T1",
        "org_id": "C001",
        "date": dt.date(2026, 3, 2),
        "direction": "expense",
        "amount": 1200.5,
        "category": "office",
        "counterparty_type": "company",
        "counterparty_id": "91110000MA01",
        "payment_method": "transfer",
        "approved_by": "P001-01",
        "handled_by": "P001-03",
        "resolution_id": None,
        "voucher_no": "V001",
        "description": "办公用品",
        "remark": "ok",
    }
    assert csv_bad.frames["posts"]["powers"].to_list() == [
        ["fund_approval", "personnel"],
        ["fund_handling", "asset_management"],
    ]
    assert csv_bad.frames["orgs"]["parent_id"].to_list() == [None, "S01"]


def test_jsonl_rows_are_numbered_by_line(csv_bad):
    # line 3 of bids.jsonl is blank
    assert rejected_of(csv_bad, "bids") == [
        ("bids.jsonl", 4, "proc_id+vendor_id"),
        ("bids.jsonl", 5, "amount"),
        ("bids.jsonl", 5, "won"),
    ]
    bids = csv_bad.frames["bids"]
    assert bids["amount"].to_list() == [48000.0, 49000.5, 51000.0]
    assert bids["won"].to_list() == [True, False, True]
    assert bids["note"].to_list() == [None, None, "补录"]


def test_unreadable_file_and_missing_column_become_row_zero_rejections(csv_bad):
    unreadable = [r for r in csv_bad.rejected if r.type == "evaluations"]
    assert [(r.source, r.row, r.field) for r in unreadable] == [("evaluations.parquet", 0, None)]
    assert unreadable[0].error.startswith("无法解析 Parquet")
    assert rejected_of(csv_bad, "complaints") == [("complaints.csv", 0, "date")]
    # neither can be evaluated: absent, so rules say "no ... data" instead of passing on nothing
    assert "evaluations" not in csv_bad.frames and "complaints" not in csv_bad.frames
    assert csv_bad.rows_rejected("complaints") == 2


def test_inputs_notices_and_absent_types(csv_bad):
    sources = {i.source: i for i in csv_bad.inputs}
    assert set(sources) == {
        "ledger.csv",
        "posts.csv",
        "orgs.csv",
        "bids.jsonl",
        "complaints.csv",
        "evaluations.parquet",
    }
    ledger_bytes = (FILES / "csv_bad" / "ledger.csv").read_bytes()
    assert sources["ledger.csv"].sha256 == hashlib.sha256(ledger_bytes).hexdigest()
    assert sources["ledger.csv"].rows == 10
    assert csv_bad.notices == [
        "忽略无法识别的文件：README.txt",
        "忽略未知记录类型的文件：foo.csv",
        "complaints.csv 无法读取：缺少必填列 'date'",
        "evaluations.parquet 无法读取：无法解析 Parquet：parquet: File out of specification: "
        "The file must end with PAR1 or PARE",
    ]
    assert "disbursements" not in csv_bad.frames
    assert list(csv_bad.frames) == ["orgs", "posts", "ledger", "bids"]  # record-type order


def test_wanted_limits_loading():
    dataset = load_dataset(FILES / "csv_bad", TYPES, wanted={"ledger"})
    assert list(dataset.frames) == ["ledger"]
    assert (
        "忽略本次评估不需要的文件：bids.jsonl、complaints.csv、evaluations.parquet、orgs.csv、posts.csv"
        in dataset.notices
    )


def test_missing_path_raises(tmp_path):
    with pytest.raises(DatasetError, match="数据集不存在"):
        load_dataset(tmp_path / "nowhere", TYPES)


def test_two_files_for_one_type_are_refused(tmp_path):
    (tmp_path / "orgs.csv").write_text("org_id,name,level\nC1,社区,community\n", encoding="utf-8")
    (tmp_path / "orgs.jsonl").write_text(
        '{"org_id": "C1", "name": "社区", "level": "community"}\n', encoding="utf-8"
    )
    with pytest.raises(DatasetError, match="orgs"):
        load_dataset(tmp_path, TYPES)


def test_gb18030_csv_is_read_with_a_notice(tmp_path):
    (tmp_path / "orgs.csv").write_bytes("org_id,name,level\nC1,示例社区,community\n".encode("gb18030"))
    dataset = load_dataset(tmp_path, TYPES)
    assert dataset.frames["orgs"]["name"].to_list() == ["示例社区"]
    assert dataset.notices == ["orgs.csv：文件不是 UTF-8 编码，已按 GB18030 读取"]


# ---------------------------------------------------------------------------- workbooks


def sample_frames() -> dict[str, pl.DataFrame]:
    return {
        "orgs": pl.DataFrame(
            {
                "org_id": ["S01", "C001"],
                "name": ["示例街道", "示例社区"],
                "level": ["street", "community"],
                "parent_id": [None, "S01"],
            },
            schema=TYPES["orgs"].polars_schema,
        ),
        "posts": pl.DataFrame(
            {
                "post_id": ["P1", "P2"],
                "org_id": ["C001", "C001"],
                "title": ["书记", "报账员"],
                "category": ["secretary", "finance"],
                "holder_id": ["H1", None],
                "powers": [["fund_approval", "personnel"], None],
            },
            schema=TYPES["posts"].polars_schema,
        ),
        "ledger": pl.DataFrame(
            {
                "txn_id": ["T1", "T2", "007"],
                "org_id": ["C001"] * 3,
                "date": [dt.date(2026, 3, 2), dt.date(2026, 3, 3), dt.date(2026, 12, 31)],
                "direction": ["expense", "income", "expense"],
                "amount": [1200.5, 0.07, 50000.0],
                "category": ["office", None, "works"],
                "counterparty_type": [None] * 3,
                "counterparty_id": [None] * 3,
                "payment_method": ["cash", "transfer", None],
                "approved_by": ["P1"] * 3,
                "handled_by": ["P2"] * 3,
                "resolution_id": [None, None, "R1"],
                "voucher_no": ["V1", "V2", "V3"],
                "description": ["办公用品", None, "道路硬化"],
            },
            schema=TYPES["ledger"].polars_schema,
        ).with_columns(pl.lit("备注").alias("remark")),
        "bids": pl.DataFrame(
            {
                "proc_id": ["PR1", "PR1"],
                "vendor_id": ["V1", "V2"],
                "amount": [48000.0, 49000.5],
                "won": [True, False],
            },
            schema=TYPES["bids"].polars_schema,
        ),
        "evaluations": pl.DataFrame(
            {"post_id": ["P1"], "year": [2025], "approval_rate": [0.85]},
            schema=TYPES["evaluations"].polars_schema,
        ),
    }


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "xlsx"])
def test_write_then_load_round_trips(tmp_path, fmt):
    frames = sample_frames()
    written = write_dataset(frames, tmp_path / "out", fmt)
    dataset = load_dataset(written[0] if fmt == "xlsx" else tmp_path / "out", TYPES)
    assert dataset.rejected == []
    assert list(dataset.frames) == list(frames)
    for name, frame in frames.items():
        assert_frame_equal(dataset.frames[name], frame)


def test_workbook_sheets_are_sources_with_spreadsheet_rows(tmp_path):
    frames = sample_frames()
    ledger = frames["ledger"].with_columns(pl.col("amount").cast(pl.String))
    frames["ledger"] = ledger.with_columns(
        pl.when(pl.col("txn_id") == "T2").then(pl.lit("12,5x")).otherwise(pl.col("amount")).alias("amount")
    )
    book = write_dataset(frames, tmp_path / "book.xlsx", "xlsx")[0]
    dataset = load_dataset(book, TYPES)
    assert rejected_of(dataset) == [("book.xlsx[ledger]", 3, "amount")]
    assert dataset.rejected[0].error == "不是数字：'12,5x'"
    digest = hashlib.sha256(book.read_bytes()).hexdigest()
    assert {i.source: (i.rows, i.sha256) for i in dataset.inputs}["book.xlsx[ledger]"] == (3, digest)
    assert dataset.frames["ledger"]["date"].to_list() == [dt.date(2026, 3, 2), dt.date(2026, 12, 31)]


def test_workbook_with_title_row_chinese_headers_and_excel_dates(tmp_path):
    path = tmp_path / "台账.xlsx"
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet("ledger")
        date_format = book.add_format({"num_format": 'yyyy"年"m"月"d"日"'})
        sheet.write(1, 0, "2026年示例社区财务收支台账")  # title in row 2, header in row 3
        sheet.write_row(2, 0, ["交易编号", "组织编号", "记账日期", "收支方向", "金额（元）", "经办人签字"])
        sheet.write_row(3, 0, ["T1", "C001"])
        sheet.write_datetime(3, 2, dt.datetime(2026, 3, 2), date_format)
        sheet.write_row(3, 3, ["expense", 300])
        sheet.write_row(4, 0, ["T2", "C001", "2026-03-05", "支出", 12.5])
        book.add_worksheet("说明").write(0, 0, "填表说明")
    dataset = load_dataset(path, TYPES)
    assert rejected_of(dataset) == [("台账.xlsx[ledger]", 5, "direction")]
    assert dataset.notices == [
        "忽略未知记录类型的工作表：台账.xlsx[说明]",
        "台账.xlsx[ledger]：第 2 行在表头之上（标题），已跳过",
    ]
    ledger = dataset.frames["ledger"]
    assert ledger.select("txn_id", "date", "amount").rows() == [("T1", dt.date(2026, 3, 2), 300.0)]
    assert ledger.columns[-1] == "经办人签字"


def test_xlsx_file_in_a_directory_uses_its_first_sheet(tmp_path):
    write_dataset({"orgs": sample_frames()["orgs"]}, tmp_path / "orgs.xlsx", "xlsx")
    dataset = load_dataset(tmp_path, TYPES)
    assert [i.source for i in dataset.inputs] == ["orgs.xlsx"]
    assert dataset.frames["orgs"]["org_id"].to_list() == ["S01", "C001"]


def test_workbook_months_typed_as_dates_and_empty_sheets(tmp_path):
    path = tmp_path / "book.xlsx"
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet("disbursements")
        month_format = book.add_format({"num_format": "yyyy-mm"})  # what Excel makes of a typed "2026-05"
        sheet.write_row(0, 0, ["disb_id", "org_id", "date", "period", "program", "person_id", "amount"])
        sheet.write_row(1, 0, ["D1", "C001", "2026-05-10"])
        sheet.write_datetime(1, 3, dt.datetime(2026, 5, 1), month_format)
        sheet.write_row(1, 4, ["dibao", "R1", 700])
        book.add_worksheet("persons")
    dataset = load_dataset(path, TYPES)
    assert dataset.frames["disbursements"]["period"].to_list() == ["2026-05"]
    assert dataset.rejected == []
    assert "persons" not in dataset.frames
    assert dataset.absent == {"persons": "book.xlsx[persons] 为空"}


def test_a_line_that_cannot_be_parsed_costs_that_line_only(tmp_path):
    (tmp_path / "orgs.csv").write_text(
        'org_id,name,level\n"C1,示例社区,community\nC2,另一社区,community\n', encoding="utf-8"
    )
    dataset = load_dataset(tmp_path, TYPES)
    assert [(r.source, r.row, r.field, r.error) for r in dataset.rejected] == [
        ("orgs.csv", 2, None, "引号不成对或位置不对，无法确定各字段的边界")
    ]
    assert dataset.frames["orgs"]["org_id"].to_list() == ["C2"]
    assert [(i.source, i.rows, i.rows_evaluated, i.rows_rejected) for i in dataset.inputs] == [
        ("orgs.csv", 2, 1, 1)
    ]
