"""The plugin SDK: what a plugin author gets from the helpers the built-in plugins share."""

from __future__ import annotations

import polars as pl

from riskengine import sdk
from tests.detector_helpers import make_context


def test_ref_takes_columns_expressions_and_list_elements_with_one_null_policy():
    frame = pl.DataFrame({"post_id": ["C1-DIR", None], "year": [2026, 2025], "ids": [["a", "b"], []]})
    assert frame.select(sdk.ref("evaluations", "post_id", pl.col("year") - 1)).to_series().to_list() == [
        "evaluations:C1-DIR:2025",
        "evaluations::2024",  # a null key part is empty text, as the engine writes it
    ]
    assert frame.select(pl.col("ids").list.eval(sdk.ref("posts", pl.element()))).to_series().to_list() == [
        ["posts:a", "posts:b"],
        [],
    ]


def test_name_and_id_falls_back_to_the_id():
    frame = pl.DataFrame({"name": ["张三", None], "person_id": ["P1", "P2"]})
    assert frame.select(sdk.name_and_id("name", "person_id")).to_series().to_list() == ["张三（P1）", "P2"]


def test_money_text_takes_a_column_name_or_an_expression():
    frame = pl.DataFrame({"amount": [58200.0, 1234.5]})
    assert frame.select(sdk.money_text("amount")).to_series().to_list() == ["58,200", "1,234.5"]
    assert frame.select(sdk.money_text(pl.col("amount") * 2)).to_series().to_list() == ["116,400", "2,469"]


def test_post_titles_keeps_each_posts_first_title_and_is_empty_without_posts():
    posts = pl.DataFrame({"post_id": ["C1-DIR", "C1-DIR", "C1-FIN"], "title": ["主任", "副主任", "会计"]})
    titles = sdk.post_titles(posts, key="cadre_post_id", title="cadre_post_title").sort("cadre_post_id")
    assert titles.rows() == [("C1-DIR", "主任"), ("C1-FIN", "会计")]
    assert sdk.post_titles(pl.DataFrame()).schema == {"post_id": pl.String, "post_title": pl.String}


def test_by_first_record_orders_by_org_then_first_record_and_keeps_ties_in_place():
    records = [["x:1"], ["x:9"], ["x:2", "x:0"], ["x:2"]]
    frame = pl.DataFrame({"org_id": ["C2", "C1", "C1", "C1"], "records": records, "n": [1, 2, 3, 4]})
    assert sdk.by_first_record(frame)["n"].to_list() == [3, 4, 2, 1]


def _orgs(street: str, n: int) -> list[dict]:
    return [{"org_id": f"{street}-{i}", "level": "community", "parent_id": street} for i in range(n)]


def test_peer_fences_judge_against_the_street_and_note_the_orgs_without_enough_peers():
    orgs = [
        {"org_id": "D", "level": "district", "parent_id": None},
        {"org_id": "S1", "level": "street", "parent_id": "D"},
        {"org_id": "S2", "level": "street", "parent_id": "D"},
        *_orgs("S1", 10),
        *_orgs("S2", 3),
    ]
    ctx = make_context([], {"orgs": orgs})
    values = pl.DataFrame(
        {
            "org_id": [f"S1-{i}" for i in range(10)] + ["S2-0", "NOWHERE"],
            "share": [0.1] * 9 + [0.9] + [0.5, 0.5],
        }
    )
    fenced = sdk.peer_fences(
        ctx, values, "share", group_min_orgs=10, min_values=5, k=1.5, reason="too few peers", pooled=False
    )
    above = fenced.filter(pl.col("share") > pl.col("upper_fence"))
    assert above["org_id"].to_list() == ["S1-9"]
    assert "NOWHERE" not in fenced["org_id"].to_list()  # no peer group: not judged at all
    # S2 is too thin for a street group and, unpooled, its district group has only S2-0's value.
    assert [(note.org_ids, note.reason) for note in ctx.notes] == [(["NOWHERE", "S2-0"], "too few peers")]
