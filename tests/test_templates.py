"""Finding messages: what the rendered text says, and what an author sees for a broken template."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from riskengine.data.records import FieldKind
from riskengine.errors import ExpressionError, Location
from riskengine.evaluation.templates import compile_template, render_value

FIELDS = {
    "date": FieldKind.DATE,
    "amount": FieldKind.NUMBER,
    "voucher_no": FieldKind.STRING,
    "votes": FieldKind.INTEGER,
    "steps": FieldKind.LIST,
    "resolved": FieldKind.BOOLEAN,
    "period": FieldKind.MONTH,
}
PARAMS = {"cash_limit": 5000, "ratio": 0.125, "methods": ["cash", "card"], "since": dt.date(2026, 1, 1)}
LOC = Location("rules/finance.yaml", 30, 15)


def render(template: str, frame: pl.DataFrame, params=PARAMS) -> list[str]:
    compiled = compile_template(template, FIELDS, params)
    return frame.select(compiled.to_polars(params).alias("message"))["message"].to_list()


def test_cash_message_renders_each_row():
    frame = pl.DataFrame(
        {
            "date": [dt.date(2026, 3, 4), dt.date(2026, 10, 1)],
            "amount": [58200.0, 1234.5],
            "voucher_no": ["记-0012", None],
        }
    )
    template = "{date} 以现金支付 {amount} 元（凭证 {voucher_no}），超过限额 {params.cash_limit} 元"
    assert render(template, frame) == [
        "2026-03-04 以现金支付 58,200 元（凭证 记-0012），超过限额 5,000 元",
        "2026-10-01 以现金支付 1,234.5 元（凭证 （空）），超过限额 5,000 元",
    ]


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (58200.0, "58,200"),
        (1234.5, "1,234.5"),
        (1234.56, "1,234.56"),
        (0.29, "0.29"),
        (100.1, "100.1"),
        (0.0, "0"),
        (999.999, "1,000"),
        (-1234567.891, "-1,234,567.89"),
        (12345678901.0, "12,345,678,901"),
        (None, "（空）"),
    ],
)
def test_numbers_render_as_amounts(amount, text):
    frame = pl.DataFrame({"amount": [amount]}, schema={"amount": pl.Float64})
    assert render("{amount}", frame) == [text]
    if amount is not None:
        assert render_value(amount) == text  # parameters render exactly like columns


def test_integers_dates_booleans_lists_months():
    frame = pl.DataFrame(
        {
            "votes": [2026, None],
            "date": [dt.date(2026, 1, 5), None],
            "resolved": [True, False],
            "steps": [["branch_proposal", "council_decision"], []],
            "period": ["2026-03", None],
        }
    )
    template = "{votes}|{date}|{resolved}|{steps}|{period}"
    assert render(template, frame) == [
        "2026|2026-01-05|是|branch_proposal、council_decision|2026-03",
        "（空）|（空）|否|（空）|（空）",
    ]


def test_params_render_like_columns():
    frame = pl.DataFrame({"amount": [1.0]})
    assert render("{params.ratio} {params.methods} {params.since} {params.cash_limit}", frame) == [
        "0.13 cash、card 2026-01-01 5,000"
    ]


def test_braces_escape_and_placeholders_tolerate_spaces():
    frame = pl.DataFrame({"amount": [10.0]})
    assert render("{{金额}} = { amount } }}", frame) == ["{金额} = 10 }"]


def test_compiled_metadata():
    compiled = compile_template("{amount} {params.cash_limit} {amount} {date}", FIELDS, PARAMS)
    assert compiled.fields == ("amount", "date")
    assert compiled.params == ("cash_limit",)


def test_missing_param_value_at_render_time():
    compiled = compile_template("超过 {params.cash_limit} 元", FIELDS, PARAMS)
    with pytest.raises(ExpressionError, match="params.cash_limit"):
        compiled.to_polars({})


@pytest.mark.parametrize(
    ("template", "message", "column"),
    [
        ("金额 {amout} 元", "未知字段 'amout'，是否指 'amount'？", 19),
        ("金额 { amout } 元", "未知字段 'amout'，是否指 'amount'？", 20),
        ("{amount} 超过 {params.cash_limt}", "未知参数 'params.cash_limt'，是否指 'params.cash_limit'？", 28),
        ("{amount} 元 }", "消息模板中有多余的 '}'；要显示花括号请写 '}}'", 26),
        ("{amount} 元 {date", "消息模板中的 '{' 没有对应的 '}'；要显示花括号请写 '{{'", 26),
        ("金额 {}", "占位符 '{}' 无效：应写作 {字段名} 或 {params.名称}", 19),
        ("金额 {amount:.2f}", "占位符 '{amount:.2f}' 无效：应写作 {字段名} 或 {params.名称}", 19),
    ],
)
def test_template_errors_point_at_placeholder(template, message, column):
    with pytest.raises(ExpressionError) as info:
        compile_template(template, FIELDS, PARAMS, location=LOC)
    assert info.value.message == message
    assert info.value.location == Location("rules/finance.yaml", 30, column)
