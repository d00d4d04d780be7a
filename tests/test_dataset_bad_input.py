"""Bad input costs the bad line only; missing data never looks like success.

Each case reads a real file under ``tests/files/datasets/`` and checks what a user sees:
which rows are rejected (row as numbered in Excel, header = row 1) and why, what was read,
the notices, and which record types are absent and why.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from riskengine.data.dataset import load_dataset
from riskengine.data.records import load_builtin_record_types
from riskengine.errors import NoDataError

FILES = Path(__file__).parent / "files" / "datasets"
TYPES = {t.name: t for t in load_builtin_record_types()}


@pytest.fixture(scope="module")
def bad_lines():
    return load_dataset(FILES / "bad_lines", TYPES)


def rejected(dataset, type_name):
    return [(r.source, r.row, r.field, r.error) for r in dataset.rejected if r.type == type_name]


def counts(dataset):
    return {i.source: (i.rows, i.rows_evaluated, i.rows_rejected) for i in dataset.inputs}


def test_each_broken_csv_line_is_one_rejection_and_every_other_row_is_read(bad_lines):
    assert rejected(bad_lines, "ledger") == [
        ("ledger.csv", 4, None, "引号不成对或位置不对，无法确定各字段的边界"),
        ("ledger.csv", 5, None, "有 10 个字段，而表头有 9 列"),
        ("ledger.csv", 6, None, "有 5 个字段，而表头有 9 列"),
        ("ledger.csv", 7, None, "该行不是 UTF-8 编码（与文件其余部分不同，可能是 GBK），未读取"),
        ("ledger.csv", 10, "amount", "不是数字：'12.5x'"),
    ]
    ledger = bad_lines.frames["ledger"]
    assert ledger["txn_id"].to_list() == ["T01", "T02", "T07", "T09"]
    # a quoted cell may hold a comma or a line break: it is one cell of one row
    assert ledger["description"].to_list() == ["办公用品", "茶叶,纸杯", "摘要分两行：\n第二行", "末行"]


def test_rows_read_are_rows_evaluated_plus_rows_rejected(bad_lines):
    assert counts(bad_lines) == {"ledger.csv": (9, 4, 5), "orgs.jsonl": (5, 3, 2)}
    for info in bad_lines.inputs:
        assert info.rows == info.rows_evaluated + info.rows_rejected


def test_each_broken_jsonl_line_is_one_rejection(bad_lines):
    assert rejected(bad_lines, "orgs") == [
        ("orgs.jsonl", 3, None, "不是有效的 JSON（第 37 个字符附近）"),
        ("orgs.jsonl", 5, None, "不是 JSON 对象（每行应为一个 {...}）"),
    ]
    assert bad_lines.frames["orgs"]["org_id"].to_list() == ["S01", "C001", "C004"]


def test_files_that_are_not_ledgers_get_one_notice(bad_lines):
    assert bad_lines.notices == ["忽略无法识别的文件：truth.json、台账备份.bak"]


def test_a_whole_file_in_gbk_is_read_with_one_notice(tmp_path):
    source = (FILES / "hand_kept" / "disclosures.csv").read_text(encoding="utf-8")
    (tmp_path / "disclosures.csv").write_bytes(source.encode("gbk"))
    dataset = load_dataset(tmp_path, TYPES)
    assert dataset.rejected == []
    assert dataset.notices[0] == "disclosures.csv：文件不是 UTF-8 编码，已按 GB18030 读取"
    assert dataset.frames["disclosures"]["period"].to_list() == ["2026-03", "2026-04"]


# ---------------------------------------------------------------------------- hand-kept ledgers


@pytest.fixture(scope="module")
def hand_kept():
    return load_dataset(FILES / "hand_kept", TYPES)


def test_hand_kept_ledger_is_read_as_meant(hand_kept):
    ledger = hand_kept.frames["ledger"]
    assert ledger.select("txn_id", "org_id", "date", "direction", "amount", "voucher_no").rows() == [
        ("H01", "C001", dt.date(2026, 3, 5), "expense", 12345.0, "记-001"),
        ("H02", "C001", dt.date(2026, 3, 6), "expense", 300.0, "记-002"),
        ("H03", "C001", dt.date(2026, 3, 7), "expense", 300.0, "记-003"),
        ("H04", "C001", dt.date(2026, 3, 8), "expense", 1200.5, "记-004"),
        ("H05", "C001", dt.date(2026, 3, 9), "income", 50000.0, "记-005"),
    ]
    assert ledger["经办人签字"].to_list() == ["张三", "李四", "李四", "王五", None]


def test_ambiguous_and_impossible_dates_are_rejected_with_a_reason(hand_kept):
    assert rejected(hand_kept, "ledger") == [
        ("ledger.csv", 8, "date", "日期的月、日顺序无法确定，请写作 YYYY-MM-DD：'3/5/2026'"),
        ("ledger.csv", 9, "date", "不是有效日期：'2026/2/30'"),
    ]
    # the title row and the 合计 row are not records
    assert counts(hand_kept)["ledger.csv"] == (7, 5, 2)


def test_each_rewrite_is_one_notice_per_file_and_column(hand_kept):
    assert hand_kept.notices == [
        "disclosures.csv 的 period 列有 2 个值写作 2025/3 或 2025年3月 形式，已按 YYYY-MM 读取",
        "disclosures.csv 的 published_date 列有 2 个值写作 2025/3/5 形式，已按日期读取",
        "disclosures.csv 的 disclosed_income 列有 1 个值含千分位，已按数字读取",
        "disclosures.csv 的 disclosed_expense 列有 1 个值含千分位，已按数字读取",
        "ledger.csv：第 1 行在表头之上（标题），已跳过",
        "ledger.csv：第 10 行是合计行，不是记录，未读取",
        "ledger.csv 的 date 列有 1 个值带有时间，已只取日期",
        "ledger.csv 的 date 列有 1 个值写作 2025/3/5 形式，已按日期读取",
        "ledger.csv 的 date 列有 1 个值写作 2025年3月5日 形式，已按日期读取",
        "ledger.csv 的 date 列有 1 个值写作 2025.03.05 形式，已按日期读取",
        "ledger.csv 的 date 列有 1 个值写作 20250305 形式，已按日期读取",
        "ledger.csv 的 amount 列有 1 个值含全角字符，已按半角读取",
        "ledger.csv 的 amount 列有 2 个值带货币符号或单位（￥、元），已按数字读取",
        "ledger.csv 的 amount 列有 2 个值含千分位，已按数字读取",
    ]


def test_hand_kept_workbook_with_date_cells_serials_and_a_total_row():
    dataset = load_dataset(FILES / "hand_kept_xlsx" / "台账.xlsx", TYPES)
    ledger = dataset.frames["ledger"]  # the sheet is named 财务台账, the record type's title
    assert ledger.select("txn_id", "date", "amount").rows() == [
        ("X01", dt.date(2026, 3, 5), 12345.0),
        ("X02", dt.date(2026, 3, 6), 300.0),
        ("X04", dt.date(2026, 3, 8), 1000.0),
    ]
    # X03's amount is an Excel error cell (#DIV/0!)
    assert rejected(dataset, "ledger") == [("台账.xlsx[财务台账]", 5, "amount", "缺少必填字段")]
    assert dataset.notices == [
        "忽略未知记录类型的工作表：台账.xlsx[填表说明]",
        "台账.xlsx[财务台账]：第 1 行在表头之上（标题），已跳过",
        "台账.xlsx[财务台账]：第 7 行是合计行，不是记录，未读取",
        "台账.xlsx[财务台账] 的 date 列有 1 个值写作 2025/3/5 形式，已按日期读取",
        "台账.xlsx[财务台账] 的 date 列有 1 个值是 Excel 日期序列号，已换算为日期",
        "台账.xlsx[财务台账] 的 amount 列有 1 个值带货币符号或单位（￥、元），已按数字读取",
        "台账.xlsx[财务台账] 的 amount 列有 1 个值含千分位，已按数字读取",
    ]


# ---------------------------------------------------------------------------- missing data


def test_a_dataset_of_a_header_only_file_could_not_be_read_at_all():
    with pytest.raises(NoDataError, match="ledger.csv 只有表头，没有数据行"):
        load_dataset(FILES / "header_only", TYPES, require_data=True)


def test_a_header_only_file_next_to_other_data_is_absent(tmp_path):
    shutil.copy(FILES / "header_only" / "ledger.csv", tmp_path / "ledger.csv")
    shutil.copy(FILES / "hand_kept" / "disclosures.csv", tmp_path / "disclosures.csv")
    dataset = load_dataset(tmp_path, TYPES)
    assert "ledger" not in dataset.frames
    assert dataset.absent == {"ledger": "ledger.csv 只有表头，没有数据行"}
    assert counts(dataset)["ledger.csv"] == (0, 0, 0)


def test_a_duplicated_column_rejects_the_file_naming_both_columns():
    with pytest.raises(NoDataError) as caught:
        load_dataset(FILES / "duplicate_header", TYPES, require_data=True)
    assert "表头有多列都对应字段 amount：'金额' (E), 'amount' (F)，无法确定用哪一列" in str(caught.value)


def test_without_require_data_an_empty_folder_is_an_empty_dataset():
    dataset = load_dataset(FILES / "no_ledgers", TYPES)  # e.g. a rule test whose case has no tables
    assert dataset.frames == {} and dataset.inputs == []


def test_a_folder_without_ledgers_is_an_error_not_an_empty_success():
    with pytest.raises(NoDataError, match="没有台账文件"):
        load_dataset(FILES / "no_ledgers", TYPES, require_data=True)


def test_the_parent_folder_by_mistake_names_the_subfolder_with_ledgers():
    with pytest.raises(NoDataError, match="子目录 .*hand_kept.* 中有台账文件"):
        load_dataset(FILES, TYPES, require_data=True)


def test_excel_unicode_text_utf16_tab_separated_is_read_with_a_notice():
    dataset = load_dataset(FILES / "unicode_text", TYPES)
    assert dataset.frames["orgs"]["name"].to_list() == ["示例街道", "示例社区"]
    assert dataset.notices == ["orgs.csv：文件不是 UTF-8 编码，已按 UTF-16 读取"]


def test_empty_cells_past_the_last_column_are_layout_but_a_value_there_is_not():
    dataset = load_dataset(FILES / "trailing_commas", TYPES)
    assert dataset.frames["orgs"]["org_id"].to_list() == ["S01", "C001"]
    assert rejected(dataset, "orgs") == [("orgs.csv", 4, None, "有 6 个字段，而表头有 4 列")]
