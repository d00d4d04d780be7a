"""Record schemas and row validation: what a user sees when a ledger row breaks its schema."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import jsonschema
import polars as pl
import pytest

from riskengine.data.records import BUILTIN_RECORD_TYPES, FieldKind, load_builtin_record_types
from riskengine.data.validation import validate_frame

TYPES = {t.name: t for t in load_builtin_record_types()}

# Field names exactly as the product's data contract lists them.
DATA_MD_FIELDS = {
    "orgs": "org_id name level parent_id",
    "posts": "post_id org_id title category holder_id powers",
    "persons": "person_id name birth_date death_date household_id",
    "relations": "person_id related_id relation",
    "companies": "company_id name registered_date legal_rep_id shareholder_ids",
    "ledger": "txn_id org_id date direction amount category counterparty_type counterparty_id "
    "payment_method approved_by handled_by resolution_id voucher_no description",
    "disclosures": "disclosure_id org_id catalog item period published_date channel "
    "disclosed_income disclosed_expense",
    "resolutions": "resolution_id org_id subject amount proposed_date decided_date steps "
    "votes_for votes_total",
    "procurements": "proc_id org_id date title category budget amount method vendor_id "
    "resolution_id handled_by contract_amount final_amount accepted_date",
    "bids": "proc_id vendor_id amount won",
    "beneficiaries": "person_id org_id program approved_date exit_date monthly_standard reviewed_by",
    "disbursements": "disb_id org_id date period program person_id amount account_id handled_by",
    "conduct_events": "event_id org_id person_id post_id date type source status amount "
    "description",
    "declarations": "decl_id person_id type event_date submitted_date",
    "complaints": "complaint_id org_id date target_post_id category channel responded_date "
    "resolved satisfaction",
    "evaluations": "post_id year approval_rate",
}


def rows(record_type: str, data: dict, **kwargs):
    return validate_frame(pl.DataFrame(data), TYPES[record_type], **kwargs)


def rejections(result) -> list[tuple[int, str, str]]:
    return [tuple(r) for r in result.rejections.iter_rows()]


# ---------------------------------------------------------------------------- schemas


def test_every_builtin_record_type_has_a_valid_schema_with_data_md_fields():
    assert set(TYPES) == set(BUILTIN_RECORD_TYPES) >= set(DATA_MD_FIELDS)
    for name, record_type in TYPES.items():
        jsonschema.Draft202012Validator.check_schema(record_type.schema)
        if name in DATA_MD_FIELDS:  # the engine adds task_history of its own
            assert list(record_type.fields) == DATA_MD_FIELDS[name].split(), name
        assert record_type.schema["additionalProperties"] is True
        assert record_type.schema["title"] and record_type.schema["description"]
        for field_name, prop in record_type.schema["properties"].items():
            assert prop.get("description"), f"{name}.{field_name} has no Chinese description"
            if field_name not in record_type.required:
                assert "null" in prop["type"], f"optional {name}.{field_name} must be nullable"
        assert set(record_type.key) <= set(record_type.fields)
        assert set(record_type.required) <= set(record_type.fields)


def test_keys_and_date_fields_follow_the_record_reference_list():
    assert TYPES["beneficiaries"].key == ("person_id", "program")
    assert TYPES["evaluations"].key == ("post_id", "year")
    assert TYPES["relations"].key == ("person_id", "related_id")
    assert TYPES["bids"].key == ("proc_id",)
    assert TYPES["bids"].unique == ("proc_id", "vendor_id")
    assert TYPES["ledger"].key == ("txn_id",)
    dates = {name: t.date_field for name, t in TYPES.items() if t.date_field}
    assert dates == {
        "ledger": "date",
        "procurements": "date",
        "disbursements": "date",
        "conduct_events": "date",
        "complaints": "date",
        "declarations": "submitted_date",
        "resolutions": "decided_date",
        "beneficiaries": "approved_date",
    }


def test_field_kinds_give_the_house_column_types():
    ledger, posts = TYPES["ledger"], TYPES["posts"]
    assert ledger.polars_schema["amount"] == pl.Float64
    assert ledger.polars_schema["date"] == pl.Date
    assert posts.polars_schema["powers"] == pl.List(pl.String)
    assert TYPES["disbursements"].fields["period"] is FieldKind.MONTH
    assert TYPES["evaluations"].fields["year"] is FieldKind.INTEGER
    assert TYPES["bids"].fields["won"] is FieldKind.BOOLEAN


def test_result_schema_accepts_the_spec_example_and_rejects_a_bad_level():
    schema = json.loads((resources.files("riskengine_schemas") / "result.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    document = {
        "assessment_id": "A-1",
        "engine_version": "0.4.0",
        "as_of": "2026-11-30",
        "period": {"from": "2026-01-01", "to": "2026-10-31"},
        "rule_packs": [{"id": "cn/procurement", "version": "1.0.0", "sha256": "ab"}],
        "plugins": [{"name": "procurement", "version": "0.4.0"}],
        "inputs": [{"type": "ledger", "source": "ledger.csv", "rows": 12, "sha256": "cd"}],
        "rejected": [{"source": "ledger.csv", "row": 17, "field": "amount", "error": "不是数字：'12,5x'"}],
        "not_evaluated": [{"rule_id": "procurement.single_bid", "reason": "no bids data"}],
        "findings": [
            {
                "finding_id": "F-1",
                "rule_id": "procurement.split_purchase",
                "domain": "procurement",
                "severity": "high",
                "points": 10,
                "org_id": "C0042",
                "post_ids": ["P0042-03"],
                "records": ["procurements:PR-1", "procurements:PR-2"],
                "evidence": {"total": 58200.0},
                "message": "拆分采购",
            }
        ],
        "posts": [
            {
                "post_id": "P0042-03",
                "org_id": "C0042",
                "title": "报账员",
                "score": 41.0,
                "level": "high",
                "level_label": "一级（高）",
                "contributions": [{"rule_id": "x", "points": 18, "findings": 2}],
            }
        ],
        "tasks": [
            {
                "task_id": "T-1",
                "post_id": "P0042-03",
                "org_id": "C0042",
                "rule_id": "x",
                "title": "整改",
                "measures": ["合并采购"],
                "deadline": "2026-12-30",
                "status": "open",
                "finding_ids": ["F-1"],
            }
        ],
    }
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(document)) == []
    document["posts"][0]["level"] = "severe"
    assert [e.validator for e in validator.iter_errors(document)] == ["enum"]


# ---------------------------------------------------------------------------- text input (CSV / XLSX)


def ledger_text(**overrides) -> dict[str, list]:
    base = {
        "txn_id": ["T1", "T2"],
        "org_id": ["C1", "C1"],
        "date": ["2026-03-01", "2026-03-02"],
        "direction": ["expense", "income"],
        "amount": ["100", "250.5"],
    }
    base.update(overrides)
    return base


def test_good_text_rows_are_typed_and_stripped():
    result = rows("ledger", ledger_text(txn_id=[" T1 ", "T2"], payment_method=["cash", ""]), rows=2)
    assert rejections(result) == []
    frame = result.frame
    assert frame.schema == pl.Schema(TYPES["ledger"].polars_schema)
    assert frame["txn_id"].to_list() == ["T1", "T2"]
    assert frame["date"].to_list() == [dt.date(2026, 3, 1), dt.date(2026, 3, 2)]
    assert frame["amount"].to_list() == [100.0, 250.5]
    assert frame["payment_method"].to_list() == ["cash", None]  # empty cell -> null
    assert frame["description"].null_count() == 2  # optional column absent from input -> nulls


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("amount", "12,5x", "不是数字：'12,5x'"),
        ("amount", "-3", "不能小于 0：'-3'"),
        ("amount", "12.345", "小数位超过 2 位：'12.345'"),
        ("amount", "inf", "不是数字：'inf'"),
        ("date", "2026/13/01", "不是有效日期：'2026/13/01'"),
        ("date", "2026-02-30", "不是有效日期：'2026-02-30'"),
        ("date", "3/5/2026", "日期的月、日顺序无法确定，请写作 YYYY-MM-DD：'3/5/2026'"),
        ("date", "03-2026-05", "日期格式应为 YYYY-MM-DD：'03-2026-05'"),
        ("direction", "outgo", "不在允许值中：'outgo'（允许：income、expense）"),
        ("txn_id", "  ", "缺少必填字段"),
    ],
)
def test_a_bad_value_rejects_its_row_with_a_readable_message(field, value, error):
    data = ledger_text()
    data[field] = [data[field][0], value]
    result = rows("ledger", data, rows=2)
    assert rejections(result) == [(3, field, error)]
    assert result.frame["txn_id"].to_list() == ["T1"]
    assert (result.rows_read, result.rows_rejected) == (2, 1)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("amount", "-3", "must not be less than 0: '-3'"),
        ("direction", "outgo", "not an allowed value: 'outgo' (allowed: income、expense)"),
        ("txn_id", "T1", "duplicate id 'T1' (first seen on row 2)"),
    ],
)
def test_validation_messages_follow_the_users_language(monkeypatch, field, value, error):
    monkeypatch.setenv("RISKENGINE_LANG", "en")
    data = ledger_text()
    data[field] = [data[field][0], value]
    assert rejections(rows("ledger", data, rows=2)) == [(3, field, error)]


def test_amounts_with_two_decimals_are_not_rejected_by_float_rounding():
    cents = [f"{i / 100:.2f}" for i in range(0, 100_000, 7)] + ["123456789.01", "0.07", "0.29"]
    data = {
        "txn_id": [f"T{i}" for i in range(len(cents))],
        "org_id": ["C1"] * len(cents),
        "date": ["2026-01-01"] * len(cents),
        "direction": ["expense"] * len(cents),
        "amount": cents,
    }
    result = rows("ledger", data)
    assert rejections(result) == []


def test_a_row_with_several_bad_fields_lists_each_field_once_and_counts_once():
    data = ledger_text(direction=["expense", "out"], amount=["100", "-5"], payment_method=["cash", "cashh"])
    result = rows("ledger", data, rows=2)
    assert rejections(result) == [
        (3, "direction", "不在允许值中：'out'（允许：income、expense）"),
        (3, "amount", "不能小于 0：'-5'"),
        (3, "payment_method", "不在允许值中：'cashh'（允许：transfer、cash、card）"),
    ]
    assert result.rows_rejected == 1
    assert result.frame.height == 1


def test_duplicate_ids_keep_the_first_and_name_its_row():
    data = ledger_text(
        txn_id=["T1", "T2", "T1", "T1"],
        org_id=["C1"] * 4,
        date=["2026-03-01"] * 4,
        direction=["expense"] * 4,
        amount=["1"] * 4,
    )
    result = rows("ledger", data, rows=2)
    assert rejections(result) == [
        (4, "txn_id", "重复的编号 'T1'（首次出现在第 2 行）"),
        (5, "txn_id", "重复的编号 'T1'（首次出现在第 2 行）"),
    ]
    assert result.frame["txn_id"].to_list() == ["T1", "T2"]


def test_composite_unique_key_for_bids():
    data = {"proc_id": ["P1", "P1", "P1"], "vendor_id": ["V1", "V2", "V1"], "amount": ["1", "2", "3"]}
    result = rows("bids", data, rows=2)
    assert rejections(result) == [
        (4, "proc_id+vendor_id", "重复的记录（proc_id+vendor_id）'P1:V1'（首次出现在第 2 行）"),
    ]


def test_months_integers_ranges_and_booleans():
    result = rows(
        "evaluations",
        {
            "post_id": ["P1", "P2", "P3", "P4"],
            "year": ["2025", "2025.0", "二〇二五", "2026"],
            "approval_rate": ["0.8", "1.2", "0.5", "0.9"],
        },
        rows=2,
    )
    assert rejections(result) == [
        (3, "approval_rate", "不能大于 1：'1.2'"),
        (4, "year", "不是整数：'二〇二五'"),
    ]
    assert result.frame["year"].to_list() == [2025, 2026]
    assert result.frame.schema["year"] == pl.Int64

    complaints = rows(
        "complaints",
        {
            "complaint_id": ["K1", "K2", "K3", "K4"],
            "org_id": ["C1"] * 4,
            "date": ["2026-05-01"] * 4,
            "resolved": ["true", "FALSE", "是", "maybe"],
            "satisfaction": ["5", "0", "3", "4"],
        },
        rows=2,
    )
    assert rejections(complaints) == [
        (3, "satisfaction", "不能小于 1：'0'"),
        (5, "resolved", "应为 true 或 false：'maybe'"),
    ]
    assert complaints.frame["resolved"].to_list() == [True, True]

    disbursements = rows(
        "disbursements",
        {
            "disb_id": ["D1", "D2"],
            "org_id": ["C1", "C1"],
            "date": ["2026-05-01"] * 2,
            "period": ["2026-05", "2026-13"],
            "program": ["dibao", "dibao"],
            "person_id": ["R1", "R1"],
            "amount": ["500", "500"],
        },
        rows=2,
    )
    assert rejections(disbursements) == [(3, "period", "月份格式应为 YYYY-MM：'2026-13'")]


def test_list_fields_split_on_semicolons_and_check_each_item():
    result = rows(
        "posts",
        {
            "post_id": ["P1", "P2", "P3"],
            "org_id": ["C1"] * 3,
            "title": ["书记", "报账员", "采购员"],
            "category": ["secretary", "finance", "procurement"],
            "powers": ["fund_approval; personnel", "", "procurement;bogus;nope"],
        },
        rows=2,
    )
    assert [(r, f) for r, f, _ in rejections(result)] == [(4, "powers")]
    assert rejections(result)[0][2].startswith("不在允许值中：'bogus、nope'（允许：fund_approval、")
    assert result.frame["powers"].to_list() == [["fund_approval", "personnel"], None]


def test_chinese_headers_extra_columns_and_blank_rows():
    raw = pl.DataFrame(
        {
            "交易编号": ["T1", None, "T2"],
            "组织编号": ["C1", None, "C1"],
            "记账日期": ["2026-03-01", None, "2026-03-02"],
            "收支方向": ["expense", None, "income"],
            "金额（元）": ["1", None, "2"],
            " 备注 ": [" 急 ", None, None],
        }
    )
    result = validate_frame(raw, TYPES["ledger"], rows=2)
    assert rejections(result) == []
    assert result.rows_read == 2  # the blank row 3 is not a record
    assert list(result.frame.columns) == [*TYPES["ledger"].polars_schema, "备注"]
    assert result.frame["备注"].to_list() == ["急", None]


def test_missing_required_column_rejects_the_whole_table():
    result = rows(
        "ledger",
        {
            "txn_id": ["T1", "T2"],
            "org_id": ["C1", "C1"],
            "date": ["2026-01-01"] * 2,
            "direction": ["income"] * 2,
        },
    )
    assert result.file_error
    assert rejections(result) == [(0, "amount", "缺少必填列 'amount'")]
    assert (result.rows_read, result.rows_rejected, result.frame.height) == (2, 2, 0)


def test_explicit_row_numbers_are_used():
    result = rows("ledger", ledger_text(amount=["1", "x"]), rows=pl.Series([4, 9]))
    assert rejections(result) == [(9, "amount", "不是数字：'x'")]


# ---------------------------------------------------------------------------- native input (JSONL / Parquet)


def test_native_types_are_checked_too():
    raw = pl.DataFrame(
        {
            "resolution_id": ["R1", "R2", "R3"],
            "org_id": ["C1"] * 3,
            "subject": ["修路", "买车", "建房"],
            "amount": [60000.0, float("nan"), 3.005],
            "decided_date": [dt.datetime(2026, 2, 1, 9, 30), None, None],
            "steps": [["branch_proposal", "council_decision"], [], ["vote"]],
            "votes_for": [7.0, 2.5, None],
            "votes_total": [None, None, None],
            "extra": [1, 2, 3],
        }
    )
    result = validate_frame(raw, TYPES["resolutions"])
    assert rejections(result) == [
        (2, "amount", "不是数字：'NaN'"),
        (2, "votes_for", "不是整数：'2.5'"),
        (3, "amount", "小数位超过 2 位：'3.005'"),
        (
            3,
            "steps",
            "不在允许值中：'vote'（允许：branch_proposal、committees_deliberation、members_review、"
            "council_decision、resolution_disclosure、result_disclosure）",
        ),
    ]
    frame = result.frame
    assert frame.schema == pl.Schema({**TYPES["resolutions"].polars_schema, "extra": pl.String()})
    assert frame.row(0, named=True) == {
        "resolution_id": "R1",
        "org_id": "C1",
        "subject": "修路",
        "amount": 60000.0,
        "proposed_date": None,
        "decided_date": dt.date(2026, 2, 1),
        "steps": ["branch_proposal", "council_decision"],
        "votes_for": 7,
        "votes_total": None,
        "extra": "1",
    }


def test_wrong_native_types_are_rejected_not_coerced():
    raw = pl.DataFrame(
        {"proc_id": ["P1", "P2"], "vendor_id": ["V1", "V2"], "amount": [True, False], "won": [{"a": 1}, None]}
    )
    result = validate_frame(raw, TYPES["bids"])
    assert rejections(result) == [
        (1, "amount", "不是数字：'true'"),
        (1, "won", "类型不符：应为true 或 false"),
        (2, "amount", "不是数字：'false'"),
    ]
