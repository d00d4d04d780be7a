"""Procurement detectors on small hand-built ledgers, and the rule pack that uses them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from riskengine_plugins.procurement import DETECTORS
from riskengine_plugins.procurement.bidding import (
    identical_bids,
    lowest_bid_passed_over,
    single_bid,
    too_few_quotes,
)
from riskengine_plugins.procurement.concentration import vendor_concentration
from riskengine_plugins.procurement.decision import STEP_LABELS, no_collective_decision
from riskengine_plugins.procurement.delivery import no_acceptance
from riskengine_plugins.procurement.runner_up import close_runner_up
from riskengine_plugins.procurement.splitting import split_purchase
from riskengine_plugins.procurement.vendors import conflict_of_interest, new_vendor

from riskengine.data.dataset import Dataset
from riskengine.data.period import Period
from riskengine.data.records import load_builtin_record_types
from riskengine.evaluation.detectors import DetectorContext

D = dt.date
AS_OF = D(2026, 11, 30)
PERIOD = Period(D(2026, 1, 1), D(2026, 10, 31))
TYPES = {rt.name: rt for rt in load_builtin_record_types()}
PACK = Path(__file__).resolve().parents[1] / "rules" / "procurement.yaml"
ALL_STEPS = list(STEP_LABELS)


def frame(record_type: str, rows: list[dict]) -> pl.DataFrame:
    """A frame typed like the loader's, from partial rows (missing fields are null)."""
    schema = TYPES[record_type].polars_schema
    return pl.DataFrame([{name: row.get(name) for name in schema} for row in rows], schema=schema)


def context(**frames: list[dict]) -> DetectorContext:
    data = {name: frame(name, rows) for name, rows in frames.items()}
    for name in ("procurements", "bids", "resolutions", "companies", "posts", "orgs"):
        data.setdefault(name, frame(name, []))
    return DetectorContext(frames=data, as_of=AS_OF, period=PERIOD, record_types=TYPES)


def defaults(name: str) -> dict:
    detector = next(d for d in DETECTORS if d.name == name)
    return {k: v["default"] for k, v in detector.params_schema.get("properties", {}).items()}


def proc(proc_id: str, day: dt.date, amount: float, *, org: str = "C1", vendor: str = "V1",
         method: str = "direct", category: str = "goods", **extra) -> dict:
    return {"proc_id": proc_id, "org_id": org, "date": day, "title": f"项目{proc_id}", "category": category,
            "amount": amount, "method": method, "vendor_id": vendor, "handled_by": f"{org}-PRC",
            "contract_amount": amount, "final_amount": amount, "accepted_date": day + dt.timedelta(days=40),
            **extra}


def bid(proc_id: str, vendor: str, amount: float, won: bool | None = False) -> dict:
    return {"proc_id": proc_id, "vendor_id": vendor, "amount": amount, "won": won}


def refs(*ids: str) -> list[str]:
    return [f"procurements:{i}" for i in ids]


# ------------------------------------------------------------------------------------ split purchases


def test_split_purchase_reports_the_cluster_once_with_every_purchase() -> None:
    ctx = context(procurements=[
        proc("A1", D(2026, 3, 2), 20_000), proc("A2", D(2026, 3, 10), 20_000),
        proc("A3", D(2026, 3, 28), 15_000),
        proc("A4", D(2026, 5, 20), 30_000),  # 53 days later: outside every window
        proc("A5", D(2026, 3, 12), 40_000, category="works"),  # other category
        proc("A6", D(2026, 3, 15), 60_000),  # above the limit: not a split part
    ])
    out = split_purchase(ctx, defaults("split_purchase"))
    assert out.height == 1
    row = out.row(0, named=True)
    assert row["records"] == refs("A1", "A2", "A3")
    assert row["handled_by"] == ["C1-PRC"]
    assert (row["total"], row["purchases"], row["first_date"], row["last_date"]) == (55_000, 3, D(2026, 3, 2),
                                                                                    D(2026, 3, 28))


def test_overlapping_windows_merge_into_one_cluster() -> None:
    # Day 0 + day 20 reach the limit, and so do day 20 + day 45: one chain, one finding.
    ctx = context(procurements=[proc("B1", D(2026, 4, 1), 30_000), proc("B2", D(2026, 4, 21), 25_000),
                                proc("B3", D(2026, 5, 16), 30_000)])
    out = split_purchase(ctx, defaults("split_purchase"))
    assert out["records"].to_list() == [refs("B1", "B2", "B3")]


def test_split_purchase_below_limit_or_before_period_is_not_reported() -> None:
    ctx = context(procurements=[
        proc("C1", D(2026, 6, 1), 20_000), proc("C2", D(2026, 6, 15), 25_000),  # 45,000 in total
        proc("C3", D(2025, 6, 1), 30_000, vendor="V2"), proc("C4", D(2025, 6, 9), 30_000, vendor="V2"),
    ])
    assert split_purchase(ctx, defaults("split_purchase")).height == 0
    lower = split_purchase(ctx, {**defaults("split_purchase"), "collective_limit": 40_000})
    assert lower["records"].to_list() == [refs("C1", "C2")]


# ------------------------------------------------------------------------------------ bids


def test_single_bid_only_for_competitive_methods() -> None:
    ctx = context(
        procurements=[proc("Q1", D(2026, 5, 1), 80_000, method="quotation"),
                      proc("Q2", D(2026, 5, 1), 30_000, method="direct"),
                      proc("Q3", D(2026, 5, 1), 300_000, method="tender")],
        bids=[bid("Q1", "V1", 80_000, True), bid("Q2", "V1", 30_000, True),
              bid("Q3", "V1", 300_000, True), bid("Q3", "V2", 320_000), bid("Q3", "V3", 350_000)],
    )
    out = single_bid(ctx, defaults("single_bid"))
    assert out["records"].to_list() == [refs("Q1")]
    assert out.row(0, named=True)["method_label"] == "询价采购"


def test_too_few_quotes_skips_single_bids_but_counts_missing_quotes() -> None:
    ctx = context(
        procurements=[proc("Q1", D(2026, 5, 1), 40_000, method="quotation"),
                      proc("Q2", D(2026, 5, 2), 40_000, method="quotation"),
                      proc("Q3", D(2026, 5, 3), 40_000, method="quotation"),
                      proc("Q4", D(2026, 5, 4), 240_000, method="tender")],
        bids=[bid("Q1", "V1", 40_000, True), bid("Q1", "V2", 43_000),
              bid("Q2", "V1", 40_000, True),
              bid("Q4", "V1", 240_000, True), bid("Q4", "V2", 250_000)],
    )
    out = too_few_quotes(ctx, defaults("too_few_quotes"))
    assert out["records"].to_list() == [refs("Q1"), refs("Q3")]
    assert out["bid_count"].to_list() == [2, 0]
    assert out["bid_vendors"].to_list() == [["V1", "V2"], []]


def test_identical_bids_names_the_bidders_with_the_same_price() -> None:
    ctx = context(
        procurements=[proc("I1", D(2026, 7, 1), 100_000, method="quotation"),
                      proc("I2", D(2026, 7, 1), 100_000, method="quotation")],
        bids=[bid("I1", "V1", 100_000, True), bid("I1", "V2", 108_000), bid("I1", "V3", 108_000),
              bid("I2", "V1", 100_000, True), bid("I2", "V2", 108_000), bid("I2", "V3", 109_000)],
    )
    out = identical_bids(ctx, {})
    assert out["records"].to_list() == [refs("I1")]
    assert out.row(0, named=True)["vendor_ids"] == ["V2", "V3"]
    assert out.row(0, named=True)["tied_amount"] == 108_000


def test_lowest_bid_passed_over_reports_the_excess() -> None:
    ctx = context(
        procurements=[proc("L1", D(2026, 8, 3), 105_000, vendor="V2", method="quotation"),
                      proc("L2", D(2026, 8, 3), 100_000, vendor="V1", method="quotation"),
                      proc("L3", D(2026, 8, 3), 90_000, vendor="V3", method="quotation")],
        bids=[bid("L1", "V1", 100_000), bid("L1", "V2", 105_000, True), bid("L1", "V3", 112_000),
              bid("L2", "V1", 100_000, True), bid("L2", "V2", 105_000),
              # no won flags: the procurement's vendor is the winner
              bid("L3", "V1", 85_000, None), bid("L3", "V3", 90_000, None)],
    )
    out = lowest_bid_passed_over(ctx, {})
    assert out["records"].to_list() == [refs("L1"), refs("L3")]
    first = out.row(0, named=True)
    assert (first["vendor_id"], first["lowest_vendor"], first["excess"]) == ("V2", "V1", 5_000)


def _street(n: int) -> list[dict]:
    return [{"org_id": "S1", "name": "街道", "level": "street", "parent_id": "D1"},
            {"org_id": "D1", "name": "区", "level": "district", "parent_id": None}] + [
        {"org_id": f"C{i}", "name": f"社区{i}", "level": "community", "parent_id": "S1"}
        for i in range(1, n + 1)]


def test_close_runner_up_uses_the_peer_fence() -> None:
    procs, bids = [], []
    for i in range(1, 13):  # 12 honest quotations with 7-10 % between the two lowest bids
        pid, org = f"G{i:02d}", f"C{(i - 1) % 10 + 1}"
        procs.append(proc(pid, D(2026, 4, i), 100_000, org=org, method="quotation"))
        second = 107_000 + (i % 4) * 1_000
        bids += [bid(pid, "V1", 100_000, True), bid(pid, "V2", second), bid(pid, "V3", 120_000)]
    procs.append(proc("G99", D(2026, 6, 1), 200_000, org="C3", method="tender"))
    bids += [bid("G99", "V1", 200_000, True), bid("G99", "V2", 200_600), bid("G99", "V3", 230_000)]
    ctx = context(procurements=procs, bids=bids, orgs=_street(10))
    out = close_runner_up(ctx, defaults("close_runner_up"))
    assert out["records"].to_list() == [refs("G99")]
    row = out.row(0, named=True)
    assert row["gap_pct"] == 0.3 and row["fence_pct"] > 0.3 and row["n_peers"] == 13
    assert ctx.notes == []


def test_close_runner_up_not_evaluated_without_enough_peer_gaps() -> None:
    ctx = context(procurements=[proc("G1", D(2026, 4, 1), 100_000, method="quotation")],
                  bids=[bid("G1", "V1", 100_000, True), bid("G1", "V2", 100_100)], orgs=_street(10))
    assert close_runner_up(ctx, defaults("close_runner_up")).height == 0
    assert [n.org_ids for n in ctx.notes] == [["C1"]]


# ------------------------------------------------------------------------------------ vendors


POSTS = [
    {"post_id": "C1-PRC", "org_id": "C1", "title": "采购员", "category": "procurement", "holder_id": "P1"},
    {"post_id": "C1-DIR", "org_id": "C1", "title": "主任", "category": "director", "holder_id": "P2"},
]
RELATIONS = [{"person_id": "P1", "related_id": "P9", "relation": "spouse"},
             {"person_id": "P2", "related_id": "P8", "relation": "sibling"}]
COMPANIES = [
    {"company_id": "V1", "name": "甲公司", "registered_date": D(2018, 1, 1), "legal_rep_id": "P9",
     "shareholder_ids": ["P9"]},
    {"company_id": "V2", "name": "乙公司", "registered_date": D(2018, 1, 1), "legal_rep_id": "P7",
     "shareholder_ids": ["P7", "P8"]},
    {"company_id": "V3", "name": "丙公司", "registered_date": D(2018, 1, 1), "legal_rep_id": "P1",
     "shareholder_ids": ["P1"]},
    {"company_id": "V4", "name": "丁公司", "registered_date": D(2026, 4, 1), "legal_rep_id": "P6",
     "shareholder_ids": ["P6"]},
]


def test_conflict_of_interest_only_for_the_handler_and_their_relatives() -> None:
    ctx = context(procurements=[proc("K1", D(2026, 5, 6), 40_000, vendor="V1"),
                                proc("K2", D(2026, 5, 6), 40_000, vendor="V2"),  # the director's relative
                                proc("K3", D(2026, 5, 6), 40_000, vendor="V3")],
                  posts=POSTS, relations=RELATIONS, companies=COMPANIES)
    out = conflict_of_interest(ctx, {})
    assert out["records"].to_list() == [refs("K1") + ["companies:V1"], refs("K3") + ["companies:V3"]]
    assert out["handled_by"].to_list() == ["C1-PRC", "C1-PRC"]
    assert out["link_text"].to_list() == ["法定代表人 P9 系经办人的配偶", "法定代表人 P1 即经办人本人"]


def test_new_vendor_counts_days_since_registration() -> None:
    ctx = context(procurements=[proc("N1", D(2026, 5, 1), 30_000, vendor="V4"),
                                proc("N2", D(2026, 8, 1), 30_000, vendor="V4"),
                                proc("N3", D(2026, 5, 1), 30_000, vendor="V1")], companies=COMPANIES)
    out = new_vendor(ctx, defaults("new_vendor"))
    assert out["records"].to_list() == [refs("N1") + ["companies:V4"]]
    assert out.row(0, named=True)["days_registered"] == 30


# ------------------------------------------------------------------------------------ after the award


def test_no_acceptance_open_or_late() -> None:
    ctx = context(procurements=[
        proc("X1", D(2026, 3, 2), 30_000, accepted_date=None),  # open for 273 days
        proc("X2", D(2026, 3, 2), 30_000, accepted_date=D(2026, 6, 15)),  # accepted after 105 days
        proc("X3", D(2026, 3, 2), 30_000),  # accepted after 40 days
        proc("X4", D(2026, 10, 9), 30_000, accepted_date=None),  # open for 52 days only
    ])
    out = no_acceptance(ctx, defaults("no_acceptance"))
    assert out["records"].to_list() == [refs("X1"), refs("X2")]
    assert out["status_text"].to_list() == [
        "截至 2026-11-30 已过 273 天仍未验收", "至 2026-06-15 才验收，相隔 105 天",
    ]


def test_no_collective_decision_explains_what_is_missing() -> None:
    def res(rid: str, decided: dt.date, steps: list[str], org: str = "C1") -> dict:
        return {"resolution_id": rid, "org_id": org, "subject": "x", "decided_date": decided, "steps": steps}

    ctx = context(
        procurements=[proc("R1", D(2026, 5, 20), 80_000, resolution_id="RP1"),
                      proc("R2", D(2026, 5, 20), 80_000),
                      proc("R3", D(2026, 5, 20), 80_000, resolution_id="RP3"),
                      proc("R4", D(2026, 5, 20), 80_000, resolution_id="RP4"),
                      proc("R5", D(2026, 5, 20), 80_000, resolution_id="RP5"),
                      proc("R6", D(2026, 5, 20), 30_000)],
        resolutions=[res("RP1", D(2026, 5, 20), ALL_STEPS),
                     res("RP3", D(2026, 5, 1), [s for s in ALL_STEPS if s != "members_review"]),
                     res("RP4", D(2026, 6, 2), ALL_STEPS),
                     res("RP5", D(2026, 5, 1), ALL_STEPS, org="C2")],
    )
    out = no_collective_decision(ctx, defaults("procurement_collective_decision"))
    assert out["records"].to_list() == [refs("R2"), refs("R3") + ["resolutions:RP3"],
                                        refs("R4") + ["resolutions:RP4"], refs("R5") + ["resolutions:RP5"]]
    assert out["problem"].to_list() == [
        "未关联四议两公开决议",
        "决议 RP3 缺少程序：党员大会审议",
        "决议 RP4 于 2026-06-02 才作出，晚于采购日期",
        "关联的决议 RP5 不属于本社区",
    ]


def test_vendor_concentration_against_peer_shares() -> None:
    procs = []
    for c in range(1, 11):  # ten communities, ten awards each, spread over five vendors
        procs += [proc(f"P{c:02d}{k}", D(2026, 2, 1) + dt.timedelta(days=20 * k), 10_000 + 500 * k,
                       org=f"C{c}", vendor=f"V{k % 5}") for k in range(10)]
    procs += [proc(f"P99{k}", D(2026, 3, 1) + dt.timedelta(days=40 * k), 200_000, org="C3", vendor="VX")
              for k in range(4)]
    procs += [proc("P11", D(2026, 3, 1), 50_000, org="C11")]  # too few awards to judge
    ctx = context(procurements=procs, orgs=_street(11))
    out = vendor_concentration(ctx, defaults("vendor_concentration"))
    assert out["records"].to_list() == [refs(*(f"P99{k}" for k in range(4)))]
    row = out.row(0, named=True)
    assert row["awards"] == 4 and row["share_pct"] > row["fence_pct"] and row["handled_by"] == ["C3-PRC"]
    assert ["C11"] in [n.org_ids for n in ctx.notes]


def test_detectors_return_typed_empty_frames_on_empty_ledgers() -> None:
    ctx = context(orgs=_street(10))
    for detector in DETECTORS:
        out = detector.run(ctx, defaults(detector.name))
        assert out.height == 0
        assert {"org_id", "records", "handled_by", *detector.outputs} <= set(out.columns)


# ------------------------------------------------------------------------------------ the rule pack


@pytest.fixture(scope="module")
def rules(engine):
    return {r.id: r for r in engine.rulebook.rules if r.id.startswith("procurement.")}


def test_rule_pack_loads_with_all_thirteen_rules(engine, rules) -> None:
    assert not [p for p in engine.problems if "procurement.yaml" in p]
    assert len(rules) == 13
    assert all(rule.legal_basis and rule.responsible.field == "handled_by" for rule in rules.values())
    assert rules["procurement.split_purchase"].severity == "high"
    assert rules["procurement.too_few_quotes"].severity == "low"


def test_condition_rules_and_messages_end_to_end(engine) -> None:
    procs = [proc("E1", D(2026, 4, 1), 80_000, resolution_id="RP1", final_amount=92_000),
             proc("E2", D(2026, 4, 2), 100_000, method="quotation", resolution_id="RP1",
                  final_amount=140_000)]
    data = {
        "procurements": frame("procurements", procs),
        "bids": frame("bids", [bid("E2", "V1", 100_000, True), bid("E2", "V2", 109_000),
                               bid("E2", "V3", 118_000)]),
        "resolutions": frame("resolutions", [{"resolution_id": "RP1", "org_id": "C1", "subject": "x",
                                              "decided_date": D(2026, 3, 20), "steps": ALL_STEPS}]),
        "posts": frame("posts", POSTS),
    }
    doc = engine.assess(Dataset(path=Path("mem"), frames=data), as_of=AS_OF, period=PERIOD).to_dict()
    found = {(f["rule_id"], tuple(f["records"])): f for f in doc["findings"]}
    direct = found[("procurement.direct_award_over_limit", ("procurements:E1",))]
    assert direct["post_ids"] == ["C1-PRC"]
    assert "80,000" in direct["message"] and "50,000" in direct["message"]
    medium = found[("procurement.cost_overrun", ("procurements:E1",))]
    high = found[("procurement.cost_overrun", ("procurements:E2",))]
    assert (medium["severity"], high["severity"]) == ("medium", "high")
    assert "140,000" in high["message"]
    assert {rule for rule, _ in found} == {"procurement.direct_award_over_limit", "procurement.cost_overrun"}
