"""Synthetic procurement ledgers: clean where nothing is planted, each plant caught by its own rule only."""

from __future__ import annotations

import json

import pytest
from riskengine_synth import procurement
from riskengine_synth.generate import generate_dataset
from riskengine_synth.quality import RULE_IDS, measure
from riskengine_synth.truth import Truth
from riskengine_synth.world import World

from .conftest import AS_OF, PERIOD

PROCUREMENT_RULES = [r for r in RULE_IDS if r.startswith("procurement.")]


@pytest.fixture(scope="module")
def assessed(engine, tmp_path_factory):
    data = generate_dataset(tmp_path_factory.mktemp("procurement"), seed=11, fmt="parquet",
                            domains=["procurement"])
    truth = json.loads(data.truth_path.read_text(encoding="utf-8"))
    doc = engine.assess(data.path, as_of=AS_OF, period=PERIOD).to_dict()
    return doc, truth, measure(doc, truth, rule_ids=PROCUREMENT_RULES)


@pytest.mark.parametrize("rule_id", PROCUREMENT_RULES)
def test_each_rule_finds_its_plants_and_nothing_else(assessed, rule_id):
    doc, _, report = assessed
    quality = report.rule(rule_id)
    assert quality.planted >= 4
    assert quality.recall >= 0.95 and quality.precision >= 0.95, report.table()
    assert not [n for n in doc["not_evaluated"] if n["rule_id"] == rule_id]


def test_clean_orgs_have_no_procurement_findings(assessed):
    doc, truth, report = assessed
    clean = set(truth["clean_orgs"])
    assert not [f for f in doc["findings"] if f["org_id"] in clean]
    assert report.clean_findings == 0 and report.collateral_findings == 0


def test_findings_are_answered_by_the_handler(assessed):
    doc, truth, _ = assessed
    plants = {(v["rule_id"], r): v["post_id"] for v in truth["violations"] for r in v["records"]}
    for finding in doc["findings"]:
        keys = [(finding["rule_id"], r) for r in finding["records"]]
        assert finding["post_ids"] == [next(plants[k] for k in keys if k in plants)]


def _world(seed: int) -> tuple[World, Truth]:
    world = World(seed, streets=2, communities_per_street=10)
    truth = Truth.for_world(world)
    procurement.generate(world, truth)
    return world, truth


def test_same_seed_same_ledgers():
    (first, truth_a), (second, truth_b) = _world(3), _world(3)
    for name in ("procurements", "bids", "resolutions", "companies"):
        assert first.tables[name] == second.tables[name]
    assert truth_a.violations == truth_b.violations


def test_clean_awards_follow_the_rules_of_the_house():
    world, _ = _world(5)
    clean = set(world.clean_orgs)
    rows = [p for p in world.tables["procurements"] if p["org_id"] in clean]
    resolutions = {r["resolution_id"]: r for r in world.tables["resolutions"]}
    assert all(p["amount"] < 50_000 for p in rows if p["method"] == "direct")
    for p in (p for p in rows if p["amount"] >= 50_000):
        resolution = resolutions[p["resolution_id"]]
        assert resolution["decided_date"] < p["date"] and len(resolution["steps"]) == 6
    bids: dict[str, list[float]] = {}
    for b in world.tables["bids"]:
        bids.setdefault(b["proc_id"], []).append(b["amount"])
    competitive = [p for p in rows if p["method"] != "direct"]
    assert competitive and all(3 <= len(bids[p["proc_id"]]) <= 5 for p in competitive)
    assert all(len(set(bids[p["proc_id"]])) == len(bids[p["proc_id"]]) for p in competitive)
    assert all(min(bids[p["proc_id"]]) == p["amount"] for p in competitive)
