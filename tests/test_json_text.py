"""Column-wise JSON text: the same bytes as ``json.dumps(value, ensure_ascii=False)``, value by value."""

from __future__ import annotations

import json
import random

import polars as pl
import pytest

from riskengine.outcome import json_text as jt

AWKWARD = [
    "", "中文 é", 'quote " and \\ backslash', "new\nline\ttab\x01\x1f\x7f", "ledger:T1,x", "\u2028", None,
]


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def test_strings_integers_booleans_and_nulls():
    assert jt.scalar(pl.Series(AWKWARD)).to_list() == [dumps(v) for v in AWKWARD]
    integers = [0, -7, 2**62, None]
    assert jt.scalar(pl.Series(integers)).to_list() == [dumps(v) for v in integers]
    assert jt.scalar(pl.Series([True, False, None])).to_list() == ["true", "false", "null"]


def test_lists_get_python_separators_outside_strings_only():
    lists = [["a", "b"], [], None, ['x","y', "z:w"], [None, "q"]]
    assert jt.array(pl.Series(lists)).to_list() == [dumps(v) for v in lists]


@pytest.mark.parametrize(
    "value",
    [9.0, 0.0, -0.0, 2.5, 0.1 + 0.2, 2.675, 1.005, 0.125, 0.285, 1 / 3, 123456.789, 1e15, 1e20, None,
     float("nan"), float("inf")],
)
def test_points_are_whole_numbers_or_rounded_to_cents_as_python_rounds(value):
    expected = dumps(jt.python_number(value))
    assert jt.number(pl.Series([value], dtype=pl.Float64)).item() == expected


def test_evidence_keeps_its_values_and_gets_python_layout():
    evidence = [
        {"vendor": "甲公司,乙:丙", "total": 58200.0, "n": 3, "ok": True, "none": None, "refs": ["a", "b"]},
        {"tiny": 0.00001, "tinier": 1.5e-7, "ratio": 0.0001, "big": 1e16},
        {"text": 'a "quoted" \\ word: e-5'},
        {},
    ]
    compact = pl.Series([json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in evidence])
    assert jt.compact_to_python(compact).to_list() == [dumps(e) for e in evidence]
    # Polars' own encoding (which writes small floats its own way) comes out the same
    frame = pl.DataFrame({"tiny": [0.00001, 2.5e-9], "s": ["x", "y"]})
    polars_text = frame.select(pl.struct("tiny", "s").struct.json_encode()).to_series()
    assert jt.compact_to_python(polars_text).to_list() == [dumps(r) for r in frame.to_dicts()]


def test_objects_in_member_order():
    texts = jt.objects([("b", jt.scalar(pl.Series(["x", None]))), ("a", jt.number(pl.Series([1.0, 2.5])))])
    assert texts.to_list() == ['{"b": "x", "a": 1}', '{"b": null, "a": 2.5}']


@pytest.mark.parametrize("awkward", [False, True], ids=["plain", "quotes-and-backslashes"])
def test_any_compact_json_gets_exactly_pythons_layout(awkward):
    """Random objects, with strings full of separators (and, in the awkward run, escaped quotes)."""
    rng = random.Random(11)
    alphabet = ["a", ",", ":", "中", " ", "{", "}", "[", "]", "1", "-"]
    if awkward:
        alphabet += ['"', "\\", "\n", '\\"', '",', '":']

    def word() -> str:
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))

    def value(depth: int = 0):
        kind = rng.random()
        if kind < 0.4:
            return word()
        if kind < 0.5:
            return rng.randint(-5, 5000)
        if kind < 0.6:
            return rng.random() * 1000
        if kind < 0.7:
            return rng.choice([None, True, False])
        if depth < 2 and kind < 0.85:
            return [value(depth + 1) for _ in range(rng.randint(0, 3))]
        if depth < 2:
            return {word(): value(depth + 1) for _ in range(rng.randint(0, 3))}
        return word()

    objects = [{word() or "k": value() for _ in range(rng.randint(0, 5))} for _ in range(3000)]
    compact = pl.Series([json.dumps(o, ensure_ascii=False, separators=(",", ":")) for o in objects])
    assert jt.compact_to_python(compact).to_list() == [dumps(o) for o in objects]
    lists = [[word() for _ in range(rng.randint(0, 4))] for _ in range(3000)]
    assert jt.array(pl.Series(lists, dtype=pl.List(pl.String))).to_list() == [dumps(v) for v in lists]
