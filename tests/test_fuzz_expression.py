"""Fuzzing the expression compiler: random conditions never raise anything but ExpressionError.

Inputs come from a grammar of the language (fields, parameters, literals of every kind -- huge
and non-finite numbers too --, operators, built-in functions with any number of arguments) and
from junk text. A condition that compiles must also evaluate on a small ledger without error:
the type checks at load are what stand between an author's typo and a failed assessment.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskengine.data.records import FieldKind
from riskengine.errors import ExpressionError
from riskengine.packs.expression import compile_expression
from riskengine.packs.expression.functions import FUNCTIONS

FIELDS = {
    "txn_id": FieldKind.STRING,
    "date": FieldKind.DATE,
    "amount": FieldKind.NUMBER,
    "period": FieldKind.MONTH,
    "powers": FieldKind.LIST,
    "votes": FieldKind.INTEGER,
    "resolved": FieldKind.BOOLEAN,
}
PARAMS = {"cash_limit": 5000, "methods": ["cash", "card"], "start": "2026-01-01", "ratio": 0.5, "zero": 0}
LEDGER = pl.DataFrame(
    {
        "txn_id": ["t1", "t2", None],
        "date": [dt.date(2026, 10, 1), None, dt.date(2026, 2, 28)],
        "amount": [6000.0, None, -0.0],
        "period": ["2026-10", None, "2026-02"],
        "powers": [["fund_approval"], None, []],
        "votes": [3, None, 0],
        "resolved": [True, None, False],
    },
    schema={name: kind.polars_type for name, kind in FIELDS.items()},
)
FUZZ = settings(max_examples=700, deadline=None, suppress_health_check=list(HealthCheck), database=None)

ATOMS = st.one_of(
    st.sampled_from([*FIELDS, "as_of", "params", "nope", "_secret", "__import__"]),
    st.sampled_from([f"params.{name}" for name in [*PARAMS, "missing", "_x"]]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=False).map(repr),
    st.sampled_from(["1e999", "0", "0.0", "-0", "true", "false", "null", "None", "True", "0x10", "1_000"]),
    st.sampled_from(["'2026-01-01'", "'2026-02-30'", "'2026-10'", "'cash'", "''", "'现金'", '"x"']),
)
BINARY = ["and", "or", "==", "!=", "<", "<=", ">", ">=", "in", "not in", "+", "-", "*", "/", "%", "**", "//", "&"]


def _combine(inner):
    call = st.tuples(st.sampled_from([*FUNCTIONS, "eval", "open"]), st.lists(inner, max_size=3)).map(
        lambda t: f"{t[0]}({', '.join(t[1])})"
    )
    binary = st.tuples(inner, st.sampled_from(BINARY), inner).map(lambda t: f"{t[0]} {t[1]} {t[2]}")
    unary = st.tuples(st.sampled_from(["not ", "-", "~"]), inner).map("".join)
    return st.one_of(
        binary,
        unary,
        call,
        inner.map(lambda e: f"({e})"),
        st.lists(inner, max_size=3).map(lambda items: f"[{', '.join(items)}]"),
    )


EXPRESSIONS = st.recursive(ATOMS, _combine, max_leaves=12)
JUNK = st.text(alphabet=st.sampled_from(list("ab1 ()[]'\".,=<>!+-*/%#&|\\\n\t\x00中（）")), max_size=40)


def _check(source: str) -> None:
    try:
        compiled = compile_expression(source, FIELDS, PARAMS, expect=None)
    except ExpressionError as exc:
        assert exc.location is not None and exc.location.line is not None, source
        return
    out = LEDGER.select(compiled.to_polars(as_of=dt.date(2026, 11, 30)).alias("value"))
    assert out.height in (1, LEDGER.height), source


@FUZZ
@given(EXPRESSIONS)
def test_grammar_expressions(source):
    _check(source)


@settings(FUZZ, max_examples=400)
@given(st.one_of(JUNK, st.tuples(EXPRESSIONS, JUNK).map(lambda t: t[0][: len(t[1])] + t[1])))
def test_junk_expressions(source):
    _check(source)
