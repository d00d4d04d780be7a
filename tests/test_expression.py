"""The rule condition language: what a condition matches, and what an author sees when it is wrong."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import yaml

from riskengine.data.records import FieldKind
from riskengine.errors import ExpressionError, Location
from riskengine.packs.expression import compile_expression

AS_OF = dt.date(2026, 11, 30)
# Where the text inside the quotes of `    condition: "..."` starts on line 12 of a pack.
LOC = Location("rules/finance.yaml", 12, 17)

FIELDS = {
    "txn_id": FieldKind.STRING,
    "date": FieldKind.DATE,
    "direction": FieldKind.STRING,
    "amount": FieldKind.NUMBER,
    "payment_method": FieldKind.STRING,
    "period": FieldKind.MONTH,
    "powers": FieldKind.LIST,
    "votes": FieldKind.INTEGER,
    "resolved": FieldKind.BOOLEAN,
}
PARAMS = {"cash_limit": 5000, "methods": ["cash", "card"], "start": "2026-01-01", "ratio": 0.5}


@pytest.fixture
def ledger() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "txn_id": ["t1", "t2", "t3", "t4"],
            "date": [dt.date(2026, 10, 1), dt.date(2026, 10, 10), None, dt.date(2026, 3, 4)],
            "direction": ["expense", "expense", "income", None],
            "amount": [6000.0, 100.0, None, 5000.0],
            "payment_method": ["cash", "card", "cash", None],
            "period": ["2026-10", "2026-10", None, "2026-03"],
            "powers": [["fund_approval"], [], None, ["procurement", "fund_approval"]],
            "votes": [3, None, 5, 7],
            "resolved": [True, False, None, True],
        },
        schema={name: kind.polars_type for name, kind in FIELDS.items()},
    )


def matching(frame: pl.DataFrame, source: str, *, as_of: dt.date = AS_OF, params=PARAMS) -> list[str]:
    compiled = compile_expression(source, FIELDS, params)
    return frame.filter(compiled.to_polars(as_of=as_of))["txn_id"].to_list()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("direction == 'expense' and payment_method == 'cash' and amount > params.cash_limit", ["t1"]),
        ("payment_method in params.methods", ["t1", "t2", "t3"]),
        ("payment_method not in ['cash']", ["t2"]),
        ("1000 < amount <= 6000", ["t1", "t4"]),
        ("amount >= params.cash_limit or votes > 6", ["t1", "t4"]),
        ("votes in [3, 7.0]", ["t1", "t4"]),
        ("amount % 7 == 1 and -amount < -5000", ["t1"]),
        ("round(amount / 3, 1) == 33.3", ["t2"]),
        ("abs(-votes) >= 5", ["t3", "t4"]),
        ("coalesce(amount, 0) == 0", ["t3"]),
        ("'fund_approval' in powers", ["t1", "t4"]),
        ("contains(powers, 'procurement')", ["t4"]),
        ("len(powers) == 0", ["t2"]),
        ("contains(direction, 'exp') and lower(payment_method) == 'card'", ["t2"]),
        ("resolved", ["t1", "t4"]),
        ("resolved == false", ["t2"]),
        ("True and not False", ["t1", "t2", "t3", "t4"]),
        # A condition may span several lines of a block scalar.
        ("amount\n  > 5000\n  and votes > 1", ["t1"]),
    ],
)
def test_condition_selects_rows(ledger, source, expected):
    assert matching(ledger, source) == expected


def test_comparison_with_missing_value_does_not_match(ledger):
    assert matching(ledger, "amount < 1000") == ["t2"]
    assert matching(ledger, "amount != 100") == ["t1", "t4"]  # t3 (no amount) is unknown, not a match
    assert matching(ledger, "not (amount > 1000)") == ["t2"]
    assert matching(ledger, "amount == null") == ["t3"]
    assert matching(ledger, "null == amount") == ["t3"]
    assert matching(ledger, "amount != null and direction != None") == ["t1", "t2"]
    assert matching(ledger, "is_null(direction) or not_null(period) and votes > 6") == ["t4"]
    assert matching(ledger, "not resolved") == ["t2"]


def test_null_filled_false_at_top_level(ledger):
    compiled = compile_expression("amount > 1000", FIELDS, PARAMS)
    assert ledger.select(compiled.to_polars(as_of=AS_OF)).to_series().to_list() == [True, False, False, True]


def test_as_of_varies_per_assessment_with_one_compiled_condition(ledger):
    compiled = compile_expression("days_between(date, as_of) > 30", FIELDS, PARAMS)
    assert compiled.uses_as_of
    late = ledger.filter(compiled.to_polars(as_of=dt.date(2026, 11, 30)))["txn_id"].to_list()
    early = ledger.filter(compiled.to_polars(as_of=dt.date(2026, 10, 20)))["txn_id"].to_list()
    assert late == ["t1", "t2", "t4"]
    assert early == ["t4"]


def test_dates_and_months(ledger):
    assert matching(ledger, "month(date) == period and period >= '2026-04'") == ["t1", "t2"]
    assert matching(ledger, "month(as_of) > period") == ["t1", "t2", "t4"]
    assert matching(ledger, "date >= params.start and date < '2026-10-05'") == ["t1", "t4"]
    assert matching(ledger, "date == date('2026-03-04')") == ["t4"]
    assert matching(ledger, "date in ['2026-03-04', '2026-10-10']") == ["t2", "t4"]
    assert matching(ledger, "year(date) == 2026 and weekday(date) == 6") == ["t2"]  # 2026-10-10 is a Saturday
    assert matching(ledger, "days_between('2026-01-01', date) == 62") == ["t4"]


def test_is_rest_day_uses_official_calendar(ledger):
    # 2026-10-01 is National Day; 2026-10-10 is a Saturday made a working day (调休上班).
    assert matching(ledger, "is_rest_day(date)") == ["t1"]


def test_compiled_metadata():
    compiled = compile_expression(
        "amount > params.cash_limit and direction == 'expense' and amount < params.cash_limit * 2",
        FIELDS,
        PARAMS,
    )
    assert compiled.kind is FieldKind.BOOLEAN
    assert compiled.fields == ("amount", "direction")
    assert compiled.params == ("cash_limit",)
    assert not compiled.uses_as_of


def test_non_boolean_expression_when_allowed(ledger):
    compiled = compile_expression("amount * params.ratio", FIELDS, PARAMS, expect=None)
    assert compiled.kind is FieldKind.NUMBER
    values = ledger.select(compiled.to_polars(as_of=AS_OF)).to_series().to_list()
    assert values == [3000.0, 50.0, None, 2500.0]
    assert compile_expression("month(date)", FIELDS, PARAMS, expect=FieldKind.STRING).kind is FieldKind.MONTH


FUNCTIONS = "、".join(
    "is_null not_null len contains year month weekday days_between "
    "abs coalesce round lower is_rest_day date".split()
)


@pytest.mark.parametrize(
    ("source", "message", "column"),
    [
        ("amout > 1", "未知字段 'amout'，是否指 'amount'？", 17),
        ("direction == 'expense' and amout > 1", "未知字段 'amout'，是否指 'amount'？", 44),
        # Chinese characters before the token: columns count characters, not UTF-8 bytes.
        ("direction == '支出' and amout > 1", "未知字段 'amout'，是否指 'amount'？", 39),
        ("  amout > 1", "未知字段 'amout'，是否指 'amount'？", 19),
        (
            "xyz > 1",
            "未知字段 'xyz'；可用字段：txn_id、date、direction、amount、payment_method、period、powers、"
            "votes、resolved",
            17,
        ),
        ("amount > params.cash_limt", "未知参数 'params.cash_limt'，是否指 'params.cash_limit'？", 26),
        (
            "amount > params.zzz",
            "未知参数 'params.zzz'；可用参数：params.cash_limit、params.methods、params.start、params.ratio",
            26,
        ),
        ("isnull(amount)", "未知函数 'isnull'，是否指 'is_null'？", 17),
        ("sum(amount) > 1", f"未知函数 'sum'；可用函数：{FUNCTIONS}", 17),
        (
            "amount > 1 and round(amount) > 1",
            "函数 round 需要 2 个参数（round(数值, 小数位数)），实际为 1 个",
            32,
        ),
        ("coalesce(amount) > 1", "函数 coalesce 至少需要 2 个参数（coalesce(a, b, ...)），实际为 1 个", 17),
        ("amount > 'abc'", "无法比较数值与字符串：“amount > 'abc'”，比较的两侧应为同一类型", 26),
        ("votes == direction", "无法比较整数与字符串：“votes == direction”，比较的两侧应为同一类型", 26),
        (
            "date == period",
            "无法比较日期与月份：“date == period”，比较的两侧应为同一类型；请先用 month(日期) 取得月份",
            25,
        ),
        ("direction + 'x' == 'ab'", "算术运算 '+' 的操作数应为数值或整数，而 “direction” 是字符串", 17),
        (
            "payment_method in 'cash'",
            "'in' 的右侧应为列表（如 ['a', 'b']、列表字段或列表参数），而 “'cash'” 是字符串",
            35,
        ),
        ("amount + 1", "条件的结果应为布尔值（成立/不成立），而该表达式的结果是数值", 17),
        ("amount and votes > 1", "'and' 两侧应为布尔值，而 “amount” 是数值", 17),
        (
            "date > '2026-13-01'",
            "无法把 '2026-13-01' 当作日期：日期应写作 'YYYY-MM-DD'，例如 '2026-01-31'",
            24,
        ),
        ("period == '2026-3'", "月份应写作 'YYYY-MM'，例如 '2026-03'，而不是 '2026-3'", 27),
        ("amount < null", "空值 null 只能用 == 或 != 比较，不能用 '<'；例如 x == null", 26),
        ("amount is None", "不支持 'is'：判断空值请写 x == null 或 is_null(x)", 27),
        ("1 in powers", "无法在字符串列表中查找整数 “1”", 22),
        ("days_between(amount, date) > 1", "函数 days_between 的第一个参数应为日期，而 “amount” 是数值", 30),
        (
            "round(amount, params.ratio) > 1",
            "函数 round 的第二个参数应为 0 到 10 之间的整数常量，例如 round(amount, 2)",
            31,
        ),
        ("powers == []", "列表不能直接比较：请用 contains(列表, 值)、值 in 列表 或 len(列表)", 27),
        ("amount > 1 # 备注", "表达式中不能写注释 '#'", 28),
    ],
)
def test_error_message_and_column(source, message, column):
    with pytest.raises(ExpressionError) as info:
        compile_expression(source, FIELDS, PARAMS, location=LOC)
    assert info.value.message == message
    assert info.value.location == Location("rules/finance.yaml", 12, column)


@pytest.mark.parametrize(
    ("source", "message", "column"),
    [
        ("amount = 1", "表达式语法错误：判断相等应写作 '=='，而不是 '='", 24),
        ("amount > (1", "表达式语法错误：括号未闭合", 26),
        ("direction == '支出", "表达式语法错误：字符串缺少结束引号", 30),
        ("amount ＞ 1", "表达式语法错误：无效字符 '＞'，请使用半角（英文）符号", 24),
        ("amount > 1 && votes > 2", "表达式语法错误：逻辑运算请写作 and / or / not", 28),
        ("amount >", "表达式语法错误：表达式不完整", 25),
    ],
)
def test_syntax_error_points_at_column(source, message, column):
    with pytest.raises(ExpressionError) as info:
        compile_expression(source, FIELDS, PARAMS, location=LOC)
    assert info.value.message == message
    assert info.value.location == Location("rules/finance.yaml", 12, column)


def test_error_on_later_line_of_block_scalar():
    source = "direction == 'expense'\nand amout > 1"
    with pytest.raises(ExpressionError) as info:
        compile_expression(source, FIELDS, PARAMS, location=Location("rules/finance.yaml", 20, 7))
    assert info.value.location == Location("rules/finance.yaml", 21, 11)


def test_error_location_points_into_yaml_file():
    text = (
        "rules:\n"
        "  - id: finance.cash_over_limit\n"
        "    condition: \"direction == '支出' and amout > params.cash_limit\"\n"
    )
    node = yaml.compose(text).value[0][1].value[0].value[1][1]  # the condition scalar
    start = node.start_mark  # at the opening quote (0-based)
    location = Location("finance.yaml", start.line + 1, start.column + 2)
    with pytest.raises(ExpressionError) as info:
        compile_expression(node.value, FIELDS, PARAMS, location=location)
    error = info.value
    line = text.splitlines()[error.location.line - 1]
    assert line[error.location.column - 1 :].startswith("amout > params")
    assert str(error) == f"finance.yaml:3:{error.location.column}: 未知字段 'amout'，是否指 'amount'？"


def test_without_location_columns_are_relative_to_expression():
    with pytest.raises(ExpressionError) as info:
        compile_expression("amount > 1 and amout > 2", FIELDS, PARAMS)
    assert info.value.location == Location("<表达式>", 1, 16)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("__import__('os')", "不允许使用以下划线开头的名称 '__import__'"),
        ("().__class__", "不允许使用以下划线开头的名称 '__class__'"),
        ("params.__class__", "不允许使用以下划线开头的名称 '__class__'"),
        ("amount.real > 1", "不支持属性访问 “amount.real”：只能使用 params.<名称>"),
        (
            "(lambda: True)()",
            "不支持的写法：lambda 函数。条件只能由字段、params.<名称>、常量、运算符和内置函数组成",
        ),
        (
            "powers[0] == 'a'",
            "不支持的写法：下标访问 [...]。条件只能由字段、params.<名称>、常量、运算符和内置函数组成",
        ),
        (
            "[p for p in powers] == []",
            "不支持的写法：推导式。条件只能由字段、params.<名称>、常量、运算符和内置函数组成",
        ),
        ("eval('1') == 1", f"未知函数 'eval'；可用函数：{FUNCTIONS}"),
        (
            "'{0.__class__}'.format(1) == 'x'",
            "不支持属性访问 “'{0.__class__}'.format”：只能使用 params.<名称>",
        ),
        ("2 ** 10 > 1", "不支持的运算符：算术运算只支持 + - * / %"),
    ],
)
def test_unsafe_constructs_are_rejected(source, message):
    with pytest.raises(ExpressionError) as info:
        compile_expression(source, FIELDS, PARAMS)
    assert info.value.message == message


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # x / 0 and x % 0 are null: the condition is unknown and does not match, nor does its negation.
        ("amount / 0 > 1", []),
        ("not (amount / 0 > 1)", []),
        ("votes % (votes - votes) == 0", []),
        ("(amount / 0) == null", ["t1", "t2", "t3", "t4"]),
        ("amount / votes > 1000", ["t1"]),  # t2 has no votes: unknown, t4: 5000 / 7 < 1000
    ],
)
def test_division_by_zero_is_null(ledger, source, expected):
    assert matching(ledger, source) == expected


def test_a_constant_zero_divisor_is_a_warning_not_an_error():
    source = "amount / 0 > 1 or amount % params.zero == 1"
    compiled = compile_expression(source, FIELDS, {"zero": 0}, location=LOC)
    assert [str(w) for w in compiled.warnings] == [
        "rules/finance.yaml:12:26: 除数 “0” 为 0：该运算的结果为空值 null，含它的条件不成立",
        "rules/finance.yaml:12:44: 除数 “params.zero” 为 0：该运算的结果为空值 null，含它的条件不成立",
    ]
    assert compile_expression("amount / 2 > 1", FIELDS, {}).warnings == ()


@pytest.mark.parametrize(
    ("source", "column"),
    [("amount > 99999999999999999999999", 26), ("amount > 1e999", 26), ("votes == -9223372036854775808", 27)],
)
def test_number_literals_out_of_range_are_errors(source, column):
    with pytest.raises(ExpressionError) as info:
        compile_expression(source, FIELDS, PARAMS, location=LOC)
    assert info.value.location == Location("rules/finance.yaml", 12, column)
    assert "超出范围：整数须在 ±9223372036854775807 之内，小数须为有限值" in info.value.message
