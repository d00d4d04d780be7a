"""The relationship graph: cadres, relatives (both directions), people behind companies, link joins."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from riskengine.data.period import Period
from riskengine.evaluation.detectors import DetectorContext
from riskengine.evaluation.graph import RelationshipGraph

POSTS = pl.DataFrame(
    {
        "post_id": ["P-SEC-1", "P-FIN-1", "P-SEC-2", "P-VAC-2"],
        "org_id": ["C1", "C1", "C2", "C2"],
        "title": ["书记", "报账员", "书记", "空岗"],
        "category": ["secretary", "finance", "secretary", "grid"],
        "holder_id": ["ZHANG", "LI", "WANG", None],
        "powers": [["fund_approval"], ["fund_handling"], ["fund_approval"], []],
    }
)
RELATIONS = pl.DataFrame(
    {
        # ZHANG (secretary of C1) lists his sister; a villager lists LI (finance of C1) as her spouse.
        "person_id": ["ZHANG", "ZHAO"],
        "related_id": ["ZHANG-SISTER", "LI"],
        "relation": ["sibling", "spouse"],
    }
)
COMPANIES = pl.DataFrame(
    {
        "company_id": ["CO-SISTER", "CO-CLEAN", "CO-ZHAO", "CO-WANG"],
        "name": ["姐姐的公司", "无关公司", "赵某公司", "王书记公司"],
        "registered_date": [dt.date(2020, 1, 1)] * 4,
        "legal_rep_id": ["STRANGER", "STRANGER", "ZHAO", "WANG"],
        "shareholder_ids": [["STRANGER", "ZHANG-SISTER"], ["OTHER"], [], None],
    }
)


@pytest.fixture()
def graph() -> RelationshipGraph:
    return RelationshipGraph.from_frames(posts=POSTS, relations=RELATIONS, companies=COMPANIES)


def test_cadres_are_post_holders_only(graph: RelationshipGraph) -> None:
    assert sorted(graph.cadres["post_id"].to_list()) == ["P-FIN-1", "P-SEC-1", "P-SEC-2"]
    assert graph.cadres.columns == ["person_id", "post_id", "org_id", "category"]


def test_kin_holds_self_listed_relatives_and_reverse_listings(graph: RelationshipGraph) -> None:
    kin = {(r["cadre_id"], r["person_id"]): r["relation"] for r in graph.kin.iter_rows(named=True)}
    assert kin[("ZHANG", "ZHANG")] == "self"
    assert kin[("ZHANG", "ZHANG-SISTER")] == "sibling"
    # ZHAO listed LI: the relation holds the other way round too (spouse is symmetric).
    assert kin[("LI", "ZHAO")] == "spouse"
    assert ("WANG", "ZHANG-SISTER") not in kin
    assert graph.kin.columns == [
        "cadre_id", "cadre_post_id", "cadre_org_id", "person_id", "relation", "relation_ref"
    ]
    refs = {(r["cadre_id"], r["person_id"]): r["relation_ref"] for r in graph.kin.iter_rows(named=True)}
    assert refs[("ZHANG", "ZHANG")] is None
    assert refs[("ZHANG", "ZHANG-SISTER")] == "relations:ZHANG:ZHANG-SISTER"
    # The row cited is the one recorded (ZHAO:LI), not the reading from the cadre's side.
    assert refs[("LI", "ZHAO")] == "relations:ZHAO:LI"


def test_relations_recorded_backwards_reverse_parent_and_child() -> None:
    posts = pl.DataFrame(
        {"post_id": ["P-DIR"], "org_id": ["C1"], "category": ["director"], "holder_id": ["P3"]}
    )
    relations = pl.DataFrame(
        {
            # P3 is P9's parent, so P9 is P3's child; P3 is P8's child, so P8 is P3's parent.
            "person_id": ["P9", "P8", "P7", "P6"],
            "related_id": ["P3", "P3", "P3", "P3"],
            "relation": ["parent", "child", "sibling", "in_law"],
        }
    )
    kin = RelationshipGraph.from_frames(posts=posts, relations=relations).kin
    got = {r["person_id"]: (r["relation"], r["relation_ref"]) for r in kin.iter_rows(named=True)}
    assert got["P9"] == ("child", "relations:P9:P3")
    assert got["P8"] == ("parent", "relations:P8:P3")
    assert got["P7"] == ("sibling", "relations:P7:P3")
    assert got["P6"] == ("in_law", "relations:P6:P3")


def test_kin_is_deduplicated_when_both_sides_list_each_other() -> None:
    relations = pl.DataFrame(
        {
            "person_id": ["ZHANG", "ZHANG", "ZHANG-SISTER"],
            "related_id": ["ZHANG-SISTER"] * 2 + ["ZHANG"],
            "relation": ["sibling"] * 3,
        }
    )
    graph = RelationshipGraph.from_frames(posts=POSTS, relations=relations)
    sister = graph.kin.filter(pl.col("person_id") == "ZHANG-SISTER")
    assert sister.height == 1


def test_company_people_explodes_shareholders(graph: RelationshipGraph) -> None:
    rows = set(graph.company_people.iter_rows())
    assert ("CO-SISTER", "ZHANG-SISTER", "shareholder") in rows
    assert ("CO-SISTER", "STRANGER", "legal_rep") in rows
    assert ("CO-SISTER", "STRANGER", "shareholder") in rows
    assert ("CO-WANG", "WANG", "legal_rep") in rows
    assert graph.company_people.height == len(rows)


def test_sibling_behind_a_company_is_linked_and_unrelated_company_is_not(graph: RelationshipGraph) -> None:
    payments = pl.DataFrame(
        {
            "txn_id": ["T1", "T2"],
            "org_id": ["C1", "C1"],
            "counterparty_id": ["CO-SISTER", "CO-CLEAN"],
            "amount": [80000.0, 500.0],
        }
    )
    linked = graph.link_companies(payments, "counterparty_id")
    assert linked["txn_id"].to_list() == ["T1"]
    row = linked.row(0, named=True)
    assert row["cadre_id"] == "ZHANG"
    assert row["cadre_post_id"] == "P-SEC-1"
    assert row["relation"] == "sibling"
    assert row["linked_person_id"] == "ZHANG-SISTER"
    assert row["role"] == "shareholder"
    assert row["amount"] == 80000.0  # input columns are kept


def test_org_restriction_drops_cadres_of_other_communities(graph: RelationshipGraph) -> None:
    payments = pl.DataFrame(
        {"txn_id": ["T1", "T2"], "org_id": ["C1", "C2"], "counterparty_id": ["CO-SISTER"] * 2}
    )
    unrestricted = graph.link_companies(payments, "counterparty_id")
    assert sorted(unrestricted["txn_id"].to_list()) == ["T1", "T2"]
    restricted = graph.link_companies(payments, "counterparty_id", org_col="org_id")
    assert restricted["txn_id"].to_list() == ["T1"]
    assert restricted["cadre_org_id"].to_list() == ["C1"]


def test_include_self_false_ignores_the_cadre_personally(graph: RelationshipGraph) -> None:
    payees = pl.DataFrame(
        {"txn_id": ["SALARY", "SIS"], "org_id": ["C1", "C1"], "person": ["ZHANG", "ZHANG-SISTER"]}
    )
    assert sorted(graph.link_persons(payees, "person")["txn_id"].to_list()) == ["SALARY", "SIS"]
    assert graph.link_persons(payees, "person", include_self=False)["txn_id"].to_list() == ["SIS"]
    procs = pl.DataFrame({"proc_id": ["PR1"], "vendor_id": ["CO-WANG"]})
    assert graph.link_companies(procs, "vendor_id")["relation"].to_list() == ["self"]
    assert graph.link_companies(procs, "vendor_id", include_self=False).is_empty()


def test_link_persons_via_reverse_relation_and_post_restriction(graph: RelationshipGraph) -> None:
    beneficiaries = pl.DataFrame(
        {
            "person_id": ["ZHAO", "ZHAO", "NOBODY"],
            "program": ["dibao", "tekun", "dibao"],
            "org_id": ["C1"] * 3,
            "reviewed_by": ["P-FIN-1", "P-SEC-1", "P-FIN-1"],
        }
    )
    any_cadre = graph.link_persons(beneficiaries, "person_id", org_col="org_id")
    assert any_cadre["program"].to_list() == ["dibao", "tekun"]
    assert set(any_cadre["cadre_id"]) == {"LI"}
    # Reviewer conflict: only when the reviewing post's own holder is the beneficiary's relative.
    reviewer = graph.link_persons(beneficiaries, "person_id", post_col="reviewed_by")
    assert reviewer.select("person_id", "program", "cadre_post_id", "relation").rows() == [
        ("ZHAO", "dibao", "P-FIN-1", "spouse")
    ]


def test_holder_of_post_expression(graph: RelationshipGraph) -> None:
    frame = pl.DataFrame({"reviewed_by": ["P-FIN-1", "P-VAC-2", None, "NO-SUCH"]})
    holders = frame.select(graph.cadre_person_of_post("reviewed_by")).to_series().to_list()
    assert holders == ["LI", None, None, None]


def test_link_refuses_to_shadow_existing_columns(graph: RelationshipGraph) -> None:
    relations_like = pl.DataFrame({"person_id": ["ZHANG"], "relation": ["x"]})
    with pytest.raises(ValueError, match="relation"):
        graph.link_persons(relations_like, "person_id")


def test_missing_inputs_give_empty_typed_frames() -> None:
    graph = RelationshipGraph.from_frames()
    assert graph.cadres.is_empty() and graph.kin.is_empty() and graph.company_people.is_empty()
    frame = pl.DataFrame({"txn_id": ["T1"], "counterparty_id": ["X"], "org_id": ["C1"]})
    out = graph.link_companies(frame, "counterparty_id", org_col="org_id")
    assert out.is_empty()
    assert out.columns == [
        "txn_id",
        "counterparty_id",
        "org_id",
        "cadre_id",
        "cadre_post_id",
        "cadre_org_id",
        "relation",
        "relation_ref",
        "linked_person_id",
        "role",
    ]
    assert graph.link_persons(frame, "counterparty_id").is_empty()


def test_context_builds_the_graph_once() -> None:
    ctx = DetectorContext(
        frames={"posts": POSTS, "relations": RELATIONS, "companies": COMPANIES},
        as_of=dt.date(2026, 11, 30),
        period=Period(dt.date(2026, 1, 1), dt.date(2026, 10, 31)),
    )
    assert ctx.graph is ctx.graph
    assert "ZHANG-SISTER" in ctx.graph.kin["person_id"].to_list()
    # A context without any of the inputs still gives a usable, empty graph.
    empty = DetectorContext(
        frames={}, as_of=dt.date(2026, 11, 30), period=Period(dt.date(2026, 1, 1), dt.date(2026, 10, 31))
    )
    assert empty.graph.kin.is_empty()
