"""The synthetic world, its ground-truth recorder and the dataset generator."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta

import chinese_calendar
import polars as pl
import pytest
from riskengine_synth.dates import AS_OF, HISTORY_START, PERIOD_END, PERIOD_START
from riskengine_synth.frames import build_frames
from riskengine_synth.generate import generate_dataset
from riskengine_synth.people import POST_CATEGORIES
from riskengine_synth.truth import Truth
from riskengine_synth.world import World

from riskengine.data.records import RecordType


@pytest.fixture(scope="module")
def world() -> World:
    return World(7)


def test_same_seed_gives_identical_tables(world):
    assert World(7).tables == world.tables
    assert World(8).tables["persons"] != world.tables["persons"]


def test_streets_have_at_least_ten_communities(world):
    levels = Counter(row["level"] for row in world.tables["orgs"])
    assert levels["province"] == levels["city"] == levels["district"] == 1
    assert levels["street"] == 3
    per_street = Counter(
        row["parent_id"] for row in world.tables["orgs"] if row["level"] in ("community", "village")
    )
    assert sorted(per_street) == ["S01", "S02", "S03"]
    assert all(n >= 10 for n in per_street.values())
    assert levels["village"] > 0 and levels["community"] > 0


def test_org_names_are_chinese_and_unique(world):
    names = [row["name"] for row in world.tables["orgs"]]
    assert len(names) == len(set(names))
    assert all(n.endswith(("社区", "村")) for n in (world.org(c)["name"] for c in world.communities))
    assert all(world.org(s)["name"].endswith("街道") for s in world.streets)


def test_every_community_has_one_post_per_category(world):
    posts = world.tables["posts"]
    for org_id in world.communities:
        categories = sorted(p["category"] for p in posts if p["org_id"] == org_id)
        assert categories == sorted(POST_CATEGORIES)
    assert world.post_id("C0001", "finance") == "C0001-FIN"
    finance = next(p for p in posts if p["post_id"] == "C0001-FIN")
    assert finance["powers"] == ["fund_handling"]
    assert finance["title"] in ("会计", "报账员")
    welfare = next(p for p in posts if p["post_id"] == "C0001-WEL")
    assert welfare["powers"] == ["welfare_review", "certificate_issuing"] and welfare["title"] == "民政专干"


def test_holders_are_distinct_persons(world):
    holders = [p["holder_id"] for p in world.tables["posts"]]
    assert len(holders) == len(set(holders))
    person_ids = {p["person_id"] for p in world.tables["persons"]}
    assert set(holders) <= person_ids


def test_every_holder_has_one_to_three_relatives(world):
    per_cadre = Counter(r["person_id"] for r in world.tables["relations"])
    holders = {p["holder_id"] for p in world.tables["posts"]}
    assert set(per_cadre) == holders
    assert set(per_cadre.values()) <= {1, 2, 3}
    assert {r["relation"] for r in world.tables["relations"]} <= {"spouse", "child", "parent", "sibling"}


def test_vendors_are_unrelated_to_cadres(world):
    cadre_kin = {r["person_id"] for r in world.tables["relations"]} | {
        r["related_id"] for r in world.tables["relations"]
    }
    cadre_kin |= {p["holder_id"] for p in world.tables["posts"]}
    for street in world.streets:
        pool = world.vendors(street)
        assert len(pool) >= 10
        for company_id in pool:
            company = world.company(company_id)
            assert company["legal_rep_id"] in company["shareholder_ids"]
            assert not ({company["legal_rep_id"], *company["shareholder_ids"]} & cadre_kin)
            # registered long before any award: the new-vendor rule stays quiet on the clean pool
            assert company["registered_date"] <= AS_OF - timedelta(days=2 * 365)


def test_residents_are_neither_cadres_nor_relatives(world):
    kin = {r["related_id"] for r in world.tables["relations"]} | world.holders()
    for org_id in world.communities:
        residents = world.residents(org_id)
        assert len(residents) >= 20
        assert not set(residents) & kin
    ages = [(AS_OF - world.person(p)["birth_date"]).days // 365 for p in world.residents("C0001")]
    assert min(ages) >= 0 and max(ages) <= 96
    assert all(row["death_date"] is None for row in world.tables["persons"])
    # nobody is born after the data starts, so no record predates its person
    assert max(row["birth_date"] for row in world.tables["persons"]) < HISTORY_START


def test_problem_orgs_are_a_share_of_each_street(world):
    assert sorted(world.clean_orgs + world.problem_orgs) == world.communities
    for street in world.streets:
        members = world.street_communities(street)
        assert sum(m in world.problem_orgs for m in members) == round(0.4 * len(members))


def test_workday_never_returns_a_weekend_or_holiday():
    world = World(3)
    days = {world.workday(PERIOD_START, PERIOD_END) for _ in range(2000)}
    assert len(days) > 150
    assert all(d.weekday() < 5 and chinese_calendar.is_workday(d) for d in days)
    # National Day week 2026 holds no working day; the make-up Saturday 10-10 is avoided too
    with pytest.raises(ValueError, match="no working day"):
        world.workday(date(2026, 10, 1), date(2026, 10, 7))
    assert {world.workday(date(2026, 10, 8), date(2026, 10, 11)) for _ in range(50)} == {
        date(2026, 10, 8),
        date(2026, 10, 9),
    }


def test_relative_adds_a_relations_row_and_spouse_shares_household():
    world = World(5, streets=1, communities_per_street=10)
    cadre = world.holder(world.post_id("C0003", "welfare"))
    spouse = world.relative(cadre, "spouse")
    assert {"person_id": cadre, "related_id": spouse, "relation": "spouse"} in world.tables["relations"]
    assert world.person(spouse)["household_id"] == world.person(cadre)["household_id"]
    assert spouse in world.relatives_of(cadre)
    with pytest.raises(ValueError, match="unknown relation"):
        world.relative(cadre, "neighbour")


def test_assign_holder_plants_one_person_on_two_posts():
    world = World(5, streets=1, communities_per_street=10)
    finance, cashier = world.post_id("C0004", "finance"), world.post_id("C0004", "cashier")
    former = world.holder(cashier)
    world.assign_holder(cashier, world.holder(finance))
    assert world.holder(cashier) == world.holder(finance)
    row = next(p for p in world.tables["posts"] if p["post_id"] == cashier)
    assert row["holder_id"] == world.holder(finance)
    assert former not in {r["person_id"] for r in world.tables["relations"]}


def test_next_id_counts_per_prefix():
    world = World(5, streets=1, communities_per_street=10)
    assert [world.next_id("T"), world.next_id("T"), world.next_id("PR")] == ["T000001", "T000002", "PR000001"]


def test_truth_tallies_posts_and_refuses_clean_orgs():
    world = World(5, streets=1, communities_per_street=10)
    truth = Truth.for_world(world)
    org = world.problem_orgs[0]
    post = world.post_id(org, "procurement")
    for i in range(3):
        truth.plant(
            "procurement.single_bid", org_id=org, post_id=post, records=[f"procurements:PR{i}"], serious=True
        )
    truth.plant(
        "procurement.too_few_quotes", org_id=org, post_id=post, records=["procurements:PR9"], serious=False
    )
    doc = json.loads(truth.to_json())
    assert doc["posts"][post] == {"serious": 3, "violations": 4}
    assert doc["posts"][world.post_id(world.clean_orgs[0], "finance")] == {"serious": 0, "violations": 0}
    assert doc["period"] == {"from": "2026-01-01", "to": "2026-10-31"} and doc["as_of"] == "2026-11-30"
    assert doc["violations"][0]["records"] == ["procurements:PR0"]
    with pytest.raises(ValueError, match="not a problem org"):
        truth.plant(
            "welfare.shared_account", org_id=world.clean_orgs[0], post_id=post, records=["x:1"], serious=True
        )
    with pytest.raises(ValueError, match="record_type"):
        truth.plant("welfare.shared_account", org_id=org, post_id=post, records=["PR1"], serious=True)


def test_build_frames_types_columns_and_rejects_unknown_fields():
    schema = {
        "properties": {
            "txn_id": {"type": "string"},
            "date": {"type": "string", "format": "date"},
            "amount": {"type": "number"},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
        "x-key": ["txn_id"],
    }
    record_type = RecordType("ledger", schema)
    frames = build_frames(
        {
            "ledger": [
                {"txn_id": "T1", "date": date(2026, 1, 5), "amount": 100, "tags": ["a", "b"]},
                {"txn_id": "T2", "amount": 2.5},
            ],
            "bids": [],
        },
        [record_type],
    )
    assert list(frames) == ["ledger"]
    assert frames["ledger"].schema == pl.Schema(
        {"txn_id": pl.String, "date": pl.Date, "amount": pl.Float64, "tags": pl.List(pl.String)}
    )
    assert frames["ledger"]["date"].to_list() == [date(2026, 1, 5), None]
    with pytest.raises(ValueError, match="ledger: fields not in the schema: amout"):
        build_frames({"ledger": [{"txn_id": "T1", "amout": 1.0}]}, [record_type])
    with pytest.raises(ValueError, match=r"ledger\.amount"):
        build_frames({"ledger": [{"txn_id": "T1", "amount": "lots"}]}, [record_type])


def test_generated_dataset_is_byte_identical_for_a_seed(tmp_path):
    first = generate_dataset(tmp_path / "a", seed=11, streets=1, communities_per_street=10, domains=())
    second = generate_dataset(tmp_path / "b", seed=11, streets=1, communities_per_street=10, domains=())
    files = sorted(p.name for p in first.path.iterdir())
    assert "posts.csv" in files and "truth.json" in files
    for name in files:
        assert (first.path / name).read_bytes() == (second.path / name).read_bytes(), name
    assert first.counts["posts"] == 70 and first.counts["orgs"] == 14
    posts = pl.read_csv(first.path / "posts.csv")
    assert (
        posts.filter(pl.col("post_id") == "C0001-SEC")["powers"].item()
        == "fund_approval;personnel;project_supervision"
    )
    truth = json.loads(first.truth_path.read_text(encoding="utf-8"))
    assert truth["seed"] == 11 and truth["violations"] == [] and len(truth["posts"]) == 70


def test_build_frames_rejects_what_the_loader_would_reject():
    schema = {
        "properties": {
            "txn_id": {"type": "string"},
            "direction": {"type": "string", "enum": ["income", "expense"]},
            "amount": {"type": "number", "minimum": 0, "multipleOf": 0.01},
        },
        "required": ["txn_id", "direction"],
    }
    record_type = RecordType("ledger", schema)
    ok = build_frames(
        {"ledger": [{"txn_id": "T1", "direction": "expense", "amount": 0.1 + 0.2}]}, [record_type]
    )
    assert ok["ledger"]["amount"].to_list() == [0.3]
    with pytest.raises(
        ValueError, match=r"ledger\.direction: values outside \['income', 'expense'\]: \['refund'\]"
    ):
        build_frames({"ledger": [{"txn_id": "T1", "direction": "refund"}]}, [record_type])
    with pytest.raises(ValueError, match=r"ledger\.direction: required"):
        build_frames({"ledger": [{"txn_id": "T1", "direction": None}]}, [record_type])
    with pytest.raises(ValueError, match=r"ledger\.amount: .*\[12\.345\]"):
        build_frames({"ledger": [{"txn_id": "T1", "direction": "income", "amount": 12.345}]}, [record_type])
    with pytest.raises(ValueError, match=r"ledger\.amount: .*\[-5\.0\]"):
        build_frames({"ledger": [{"txn_id": "T1", "direction": "income", "amount": -5}]}, [record_type])


def test_world_rows_satisfy_the_record_schemas(world):
    import jsonschema

    from riskengine.data.records import load_builtin_record_types

    def plain(value):
        return value.isoformat() if isinstance(value, date) else value

    for record_type in load_builtin_record_types():
        rows = world.tables[record_type.name]
        validator = jsonschema.Draft202012Validator(
            record_type.schema, format_checker=jsonschema.FormatChecker()
        )
        for row in rows:
            errors = list(validator.iter_errors({k: plain(v) for k, v in row.items()}))
            assert not errors, (record_type.name, row, errors[0].message)
