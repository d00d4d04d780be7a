"""The typed assessment and its RESULT.md document: the schema holds, the frames and the document agree."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from riskengine.data.period import Period
from riskengine.outcome import columns
from riskengine.outcome.assessment import Assessment
from riskengine.outcome.schema import result_problem, result_schema

from .conftest import AS_OF

STREET_A = Path(__file__).parent / "files" / "street_a"


@pytest.fixture(scope="module")
def street_a(engine) -> Assessment:
    """An assessment with rejected rows, rules not evaluated at all and rules not evaluated for some orgs."""
    return engine.assess(STREET_A, as_of=AS_OF, period=Period(dt.date(2026, 1, 1), AS_OF))


def _schema_errors(document: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(result_schema(), format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def test_the_demo_document_conforms_to_the_schema(synthetic_result):
    document = synthetic_result.document
    assert document["findings"] and document["posts"] and document["tasks"]
    assert _schema_errors(document) == []
    assert json.loads(synthetic_result.to_json()) == document  # the streamed text is the same document


def test_a_document_with_rejected_rows_and_notes_conforms_to_the_schema(street_a):
    document = street_a.document
    assert document["rejected"] and document["notices"]
    assert any("org_ids" not in n for n in document["not_evaluated"])  # whole rules
    assert _schema_errors(document) == []
    assert result_problem(document) is None


def test_the_assessment_is_typed(street_a):
    meta = street_a.meta
    assert meta.as_of == AS_OF and meta.period == Period(dt.date(2026, 1, 1), AS_OF)
    assert meta.period_source == "given" and meta.assessment_id.startswith("A-")
    assert [i.type for i in meta.inputs] == sorted(i.type for i in meta.inputs)
    for name, schema in (
        ("findings", columns.FINDINGS),
        ("posts", columns.POSTS),
        ("tasks", columns.TASKS),
        ("rejected", columns.REJECTED),
        ("not_evaluated", columns.NOT_EVALUATED),
    ):
        assert dict(getattr(street_a, name).schema) == schema, name
    assert street_a.rejected.height == len(street_a.document["rejected"])
    levels = [p["level"] for p in street_a.document["posts"]]
    assert street_a.level_counts() == {level: levels.count(level) for level in ("high", "medium", "low")}


def test_the_document_is_built_once(engine):
    result = engine.assess(STREET_A, as_of=AS_OF)
    assert "document" not in vars(result)  # writing JSON or parquet never needs it
    assert result.to_dict() is result.document is result.to_dict()


def test_contributions_put_the_inherent_risk_first_and_add_up(street_a):
    for post, row in zip(street_a.document["posts"], street_a.posts.iter_rows(named=True), strict=True):
        entries = post["contributions"]
        if row["inherent"]:
            assert entries[0]["rule_id"] == columns.INHERENT_RULE and entries[0]["powers"] == row["powers"]
            entries = entries[1:]
        assert [c["rule_id"] for c in entries] == [c["rule_id"] for c in row["contributions"] or []]
        assert sum(c["points"] for c in post["contributions"]) == pytest.approx(post["score"])


def test_a_document_read_back_has_the_same_frames(street_a):
    again = Assessment.from_document(json.loads(street_a.to_json()))
    assert again.meta == street_a.meta
    for name in ("findings", "posts", "tasks", "rejected", "not_evaluated"):
        got, want = getattr(again, name), getattr(street_a, name)
        if name == "findings":  # evidence is JSON text: compare what it says
            assert [json.loads(e) for e in got["evidence"]] == [json.loads(e) for e in want["evidence"]]
            got, want = got.drop("evidence"), want.drop("evidence")
        assert got.equals(want), name
    assert again.to_json() == street_a.to_json()


def test_a_result_that_breaks_the_schema_is_explained_with_where(street_a):
    document = json.loads(street_a.to_json())
    document["posts"][1]["level"] = "severe"
    assert result_problem(document) == (
        "posts[1].level 的值 'severe' 不在允许值中（应为：high、medium、low）"
    )
    del document["tasks"]
    assert result_problem(document) == "缺少 tasks"
