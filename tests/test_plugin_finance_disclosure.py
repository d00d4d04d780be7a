"""Finance-disclosure detectors on small hand-built ledgers, and the rule pack that uses them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from riskengine_plugins.finance_disclosure import DETECTORS
from riskengine_plugins.finance_disclosure.approval import incompatible_posts, no_collective_decision
from riskengine_plugins.finance_disclosure.disclosure import (
    disclosure_mismatch,
    late_disclosure,
    missing_disclosure,
)
from riskengine_plugins.finance_disclosure.payments import duplicate_payment, split_payments
from riskengine_plugins.finance_disclosure.related import related_party_payment
from riskengine_plugins.finance_disclosure.statistics import benford, round_amounts

from riskengine.data.period import Period
from riskengine.data.records import load_builtin_record_types
from riskengine.evaluation.detectors import DetectorContext
from tests.detector_helpers import make_context

D = dt.date
AS_OF = D(2026, 11, 30)
PERIOD = Period(D(2026, 1, 1), D(2026, 10, 31))
TYPES = {rt.name: rt for rt in load_builtin_record_types()}
PACK = Path(__file__).resolve().parents[1] / "rules" / "finance_disclosure.yaml"
ALL_STEPS = TYPES["resolutions"].schema["properties"]["steps"]["items"]["enum"]

POSTS = [
    {"post_id": "C1-SEC", "org_id": "C1", "title": "党组织书记", "category": "secretary", "holder_id": "P1"},
    {"post_id": "C1-FIN", "org_id": "C1", "title": "会计", "category": "finance", "holder_id": "P2"},
    {"post_id": "C1-CSH", "org_id": "C1", "title": "出纳", "category": "cashier", "holder_id": "P3"},
    {"post_id": "C2-FIN", "org_id": "C2", "title": "报账员", "category": "finance", "holder_id": "P9"},
]


def context(**frames: list[dict]) -> DetectorContext:
    return make_context(POSTS, frames)


def defaults(name: str) -> dict:
    detector = next(d for d in DETECTORS if d.name == name)
    return {k: v["default"] for k, v in detector.params_schema.get("properties", {}).items()}


def txn(
    txn_id: str,
    day: dt.date,
    amount: float,
    *,
    direction: str = "expense",
    org: str = "C1",
    cp: str = "V1",
    category: str = "goods",
    **extra,
) -> dict:
    row = {
        "txn_id": txn_id,
        "org_id": org,
        "date": day,
        "direction": direction,
        "amount": amount,
        "category": category,
        "counterparty_type": "company",
        "counterparty_id": cp,
        "payment_method": "transfer",
        "approved_by": f"{org}-SEC",
        "handled_by": f"{org}-FIN",
        "voucher_no": f"V-{txn_id}",
    }
    row.update(extra)
    return row


def disclosure(
    disclosure_id: str,
    period: str,
    published: dt.date | None,
    *,
    org: str = "C1",
    income: float | None = None,
    expense: float | None = None,
    **extra,
) -> dict:
    return {
        "disclosure_id": disclosure_id,
        "org_id": org,
        "catalog": "finance",
        "item": "income_expense",
        "period": period,
        "published_date": published,
        "disclosed_income": income,
        "disclosed_expense": expense,
        **extra,
    }


# ------------------------------------------------------------------------------------ disclosures


def test_late_disclosure_counts_days_after_month_end_plus_ten() -> None:
    ctx = context(
        disclosures=[
            disclosure("DF1", "2026-01", D(2026, 2, 10)),  # on the deadline: on time
            disclosure("DF2", "2026-02", D(2026, 3, 22)),  # 12 days late
            disclosure("DF3", "2026-03", D(2026, 5, 25)),  # 45 days late
            disclosure("DF4", "2026-04", D(2026, 5, 6)),  # on time ...
            disclosure("DF5", "2026-04", D(2026, 6, 30)),  # ... and a later correction: not late
            disclosure("DF6", "2025-12", D(2026, 2, 1)),  # month before the period
            disclosure("DF7", "2026-05", D(2026, 7, 1), catalog="affairs"),  # not a finance disclosure
        ]
    )
    out = late_disclosure(ctx, defaults("finance_late_disclosure"))
    assert out["records"].to_list() == [["disclosures:DF2"], ["disclosures:DF3"]]
    assert out["days_late"].to_list() == [12, 45]
    assert out["deadline"].to_list() == [D(2026, 3, 10), D(2026, 4, 10)]
    assert out["date"].to_list() == [D(2026, 3, 22), D(2026, 5, 25)]


def test_quarterly_disclosure_covers_its_quarter_only_when_alone_in_it() -> None:
    ledger = [txn(f"T{m}", D(2026, m, 15), 100.0 * m) for m in range(1, 7)]
    ledger += [txn(f"T2{m}", D(2026, m, 15), 50.0, org="C2") for m in range(1, 4)]
    ctx = context(
        ledger=ledger,
        disclosures=[
            disclosure("DF1", "2026-03", D(2026, 4, 3), expense=600.0),  # quarterly: Jan-Mar
            disclosure("DF2", "2026-04", D(2026, 5, 3), expense=400.0),
            disclosure("DF3", "2026-06", D(2026, 7, 3), expense=600.0),  # June alone? no: April is in Q2
            disclosure("DF4", "2026-01", D(2026, 2, 3), org="C2", expense=50.0),
            disclosure("DF5", "2026-03", D(2026, 4, 3), org="C2", expense=50.0),  # monthly: Jan is in Q1
        ],
    )
    missing = missing_disclosure(ctx, defaults("finance_missing_disclosure"))
    assert missing.select("org_id", "month").rows() == [("C1", "2026-05"), ("C2", "2026-02")]
    assert missing["records"].to_list() == [["ledger:T5"], ["ledger:T22"]]
    assert missing["deadline"].to_list() == [D(2026, 6, 10), D(2026, 3, 10)]
    mismatch = disclosure_mismatch(ctx, defaults("finance_disclosure_mismatch"))
    # The quarterly DF1 matches Jan-Mar (100+200+300); DF3 is a monthly June disclosure of 600.
    assert mismatch["disclosure_id"].to_list() == []


def test_missing_disclosure_waits_for_the_deadline_and_ignores_unpublished() -> None:
    ctx = context(
        ledger=[
            txn("T1", D(2026, 10, 5), 10.0),
            txn("T2", D(2026, 10, 20), 20.0, direction="income"),
            txn("T3", D(2026, 11, 3), 30.0),
            txn("T4", D(2026, 9, 3), 40.0),
        ],
        disclosures=[disclosure("DF1", "2026-09", None), disclosure("DF2", "2026-11", D(2026, 11, 28))],
    )
    out = missing_disclosure(ctx, defaults("finance_missing_disclosure"))
    # September's disclosure has no publication date; October's deadline (11-10) has passed; November is
    # outside the period.
    assert out["month"].to_list() == ["2026-09", "2026-10"]
    assert out["records"].to_list() == [["ledger:T4"], ["ledger:T1", "ledger:T2"]]
    assert out.row(1, named=True)["income"] == 20.0 and out.row(1, named=True)["expense"] == 10.0


def test_disclosure_mismatch_beyond_one_percent() -> None:
    ctx = context(
        ledger=[
            txn("T1", D(2026, 2, 5), 1000.0),
            txn("T2", D(2026, 2, 9), 500.0, direction="income"),
            txn("T3", D(2026, 3, 5), 1000.0),
            txn("T4", D(2026, 4, 5), 1000.0),
        ],
        disclosures=[
            disclosure("DF1", "2026-02", D(2026, 3, 3), income=500.0, expense=1020.0),  # 2 % over
            disclosure("DF2", "2026-03", D(2026, 4, 3), income=0.0, expense=1005.0),  # 0.5 %: fine
            disclosure("DF3", "2026-04", D(2026, 5, 3), income=80.0, expense=None),  # income vs zero
        ],
    )
    out = disclosure_mismatch(ctx, defaults("finance_disclosure_mismatch"))
    assert out["records"].to_list() == [["disclosures:DF1"], ["disclosures:DF3"]]
    assert out["mismatched"].to_list() == ["支出", "收入"]
    assert out["expense_diff_ratio"][0] == pytest.approx(0.02)
    assert out["ledger_expense"].to_list() == [1000.0, 1000.0]
    assert out["income_diff_ratio"][1] is None  # no ratio against a zero ledger total
    assert disclosure_mismatch(ctx, {"deadline_days": 10, "mismatch_tolerance": 0.03}).height == 1


# ------------------------------------------------------------------------------------ approvals


def test_no_collective_decision_names_expense_and_resolution() -> None:
    ctx = context(
        ledger=[
            txn("T1", D(2026, 3, 10), 60000.0),
            txn("T2", D(2026, 3, 10), 70000.0, resolution_id="R2"),
            txn("T3", D(2026, 3, 10), 80000.0, resolution_id="R3"),
            txn("T4", D(2026, 3, 10), 90000.0, resolution_id="R4"),
            txn("T5", D(2026, 3, 10), 49999.99),
            txn("T6", D(2026, 3, 10), 55000.0, resolution_id="R6"),
        ],
        resolutions=[
            {
                "resolution_id": "R2",
                "org_id": "C1",
                "subject": "道路",
                "decided_date": D(2026, 3, 1),
                "steps": ALL_STEPS[:3],
            },
            {
                "resolution_id": "R3",
                "org_id": "C1",
                "subject": "道路",
                "decided_date": D(2026, 3, 11),
                "steps": ALL_STEPS,
            },
            {
                "resolution_id": "R4",
                "org_id": "C1",
                "subject": "道路",
                "decided_date": D(2026, 3, 10),
                "steps": ALL_STEPS,
            },
            {
                "resolution_id": "R6",
                "org_id": "C2",
                "subject": "道路",
                "decided_date": D(2026, 3, 1),
                "steps": ALL_STEPS,
            },
        ],
    )
    out = no_collective_decision(ctx, defaults("finance_no_collective_decision"))
    assert out["txn_id"].to_list() == ["T1", "T2", "T3", "T6"]
    assert out["records"].to_list() == [
        ["ledger:T1"],
        ["ledger:T2", "resolutions:R2"],
        ["ledger:T3", "resolutions:R3"],
        ["ledger:T6"],
    ]
    assert out["approved_by"].to_list() == ["C1-SEC"] * 4
    assert out["problem"].to_list() == [
        "未附四议两公开决议",
        "决议 R2 缺少村（居）民代表会议或村（居）民会议决议、决议公开、实施结果公开环节",
        "决议 R3 的决定日期（2026-03-11）晚于支出日期",
        "关联的决议 R6 不属于本社区",  # a resolution of another community does not count
    ]


def test_incompatible_posts_names_both_posts() -> None:
    posts = POSTS + [
        {"post_id": "C2-CSH", "org_id": "C2", "title": "出纳", "category": "cashier", "holder_id": "P9"},
        {"post_id": "C3-FIN", "org_id": "C3", "title": "会计", "category": "finance", "holder_id": "P3"},
    ]
    out = incompatible_posts(context(posts=posts), {})
    assert out["records"].to_list() == [["posts:C2-CSH", "posts:C2-FIN"]]
    assert out["held_posts"].to_list() == [["C2-CSH", "C2-FIN"]]
    assert out.row(0, named=True)["holder_id"] == "P9"


# ------------------------------------------------------------------------------------ payment groups


def test_split_payments_reports_each_maximal_cluster_once() -> None:
    ctx = context(
        ledger=[
            # cluster 1: V1 goods, overlapping windows from 03-02 to 04-10 -> one finding of four payments
            txn("T1", D(2026, 3, 2), 20000.0),
            txn("T2", D(2026, 3, 20), 20000.0),
            txn("T3", D(2026, 3, 30), 15000.0),
            txn("T4", D(2026, 4, 10), 30000.0),
            # V1 goods again, 60 days later, alone: sum below the limit
            txn("T5", D(2026, 6, 10), 40000.0),
            # V1 but another category: not combined
            txn("T6", D(2026, 3, 25), 40000.0, category="works"),
            # V2: two payments 31 days apart reach the limit only across the window
            txn("T7", D(2026, 5, 1), 30000.0, cp="V2"),
            txn("T8", D(2026, 6, 1), 30000.0, cp="V2"),
            # V3: at the 30-day edge, and a payment at the limit that is not counted
            txn("T9", D(2026, 7, 1), 25000.0, cp="V3"),
            txn("T10", D(2026, 7, 31), 25000.0, cp="V3", handled_by="C1-CSH"),
            txn("T11", D(2026, 7, 15), 50000.0, cp="V3"),
        ]
    )
    out = split_payments(ctx, defaults("finance_split_payments"))
    assert out["records"].to_list() == [
        ["ledger:T1", "ledger:T2", "ledger:T3", "ledger:T4"],
        ["ledger:T10", "ledger:T9"],
    ]
    first = out.row(0, named=True)
    assert (first["total"], first["n_payments"], first["first_date"], first["last_date"]) == (
        85000.0,
        4,
        D(2026, 3, 2),
        D(2026, 4, 10),
    )
    assert first["amounts"] == ["20,000", "20,000", "15,000", "30,000"]
    assert out["handled_by"].to_list() == [["C1-FIN"], ["C1-CSH", "C1-FIN"]]


def test_duplicate_payment_by_amount_window_and_by_voucher() -> None:
    ctx = context(
        ledger=[
            txn("T1", D(2026, 3, 2), 4321.5),
            txn("T2", D(2026, 3, 9), 4321.5),  # 7 days apart
            txn("T3", D(2026, 5, 2), 999.0),
            txn("T4", D(2026, 5, 30), 999.0),  # 28 days apart
            txn("T5", D(2026, 6, 2), 100.0, voucher_no="V-9"),
            txn("T6", D(2026, 6, 8), 200.0, cp="V2", voucher_no="V-9"),  # reused voucher
            txn("T7", D(2026, 7, 1), 300.0, voucher_no="V-8"),
            txn("T8", D(2026, 7, 2), 300.0, voucher_no="V-8"),  # both at once: one finding
        ]
    )
    out = duplicate_payment(ctx, defaults("finance_duplicate_payment"))
    assert out["records"].to_list() == [
        ["ledger:T1", "ledger:T2"],
        ["ledger:T5", "ledger:T6"],
        ["ledger:T7", "ledger:T8"],
    ]
    assert out["basis"].to_list() == [
        "同一收款方、同一金额，14 天内",
        "同一凭证号重复入账",
        "同一收款方、同一金额，14 天内",
    ]
    assert out["counterparty_ids"][1].to_list() == ["V1", "V2"]
    assert duplicate_payment(ctx, {"duplicate_window_days": 30}).height == 4


def test_related_party_payment_through_the_relationship_graph() -> None:
    ctx = context(
        persons=[{"person_id": "P1", "name": "张三"}, {"person_id": "P7", "name": "张四"}],
        relations=[{"person_id": "P1", "related_id": "P7", "relation": "sibling"}],
        companies=[
            {"company_id": "CO1", "name": "兴旺公司", "legal_rep_id": "P7", "shareholder_ids": ["P7"]},
            {"company_id": "CO2", "name": "无关公司", "legal_rep_id": "P8", "shareholder_ids": ["P8"]},
        ],
        ledger=[
            txn("T1", D(2026, 3, 2), 3800.0, counterparty_type="person", cp="P1", category="salary"),
            txn("T2", D(2026, 3, 3), 5000.0, counterparty_type="person", cp="P1", category="goods"),
            txn("T3", D(2026, 3, 4), 6000.0, counterparty_type="person", cp="P7", category="services"),
            txn("T4", D(2026, 3, 5), 7000.0, cp="CO1", category="works"),
            txn("T5", D(2026, 3, 6), 8000.0, cp="CO2", category="works"),
            txn("T6", D(2026, 3, 7), 900.0, org="C2", counterparty_type="person", cp="P7"),  # other org
        ],
    )
    out = related_party_payment(ctx, defaults("finance_related_party_payment"))
    assert out["txn_id"].to_list() == ["T2", "T3", "T4"]
    assert out["records"].to_list() == [
        ["ledger:T2"],
        ["ledger:T3", "relations:P1:P7"],
        ["ledger:T4", "companies:CO1", "relations:P1:P7"],
    ]
    assert out["approved_by"].to_list() == ["C1-SEC"] * 3
    assert out["links"][1].to_list() == ["收款人为本社区干部张三（P1，岗位 C1-SEC）的兄弟姐妹"]
    assert out["links"][2].to_list() == [
        "收款单位的法定代表人张四（P7）为本社区干部张三（P1，岗位 C1-SEC）的兄弟姐妹"
    ]
    assert out["payee"].to_list() == ["张三（P1）", "张四（P7）", "兴旺公司（CO1）"]


# ------------------------------------------------------------------------------------ statistics


def _street(n: int, street: str = "S1", district: str = "D1") -> list[dict]:
    return [
        {"org_id": f"{street}C{i}", "name": f"社区{i}", "level": "community", "parent_id": street}
        for i in range(n)
    ]


def test_round_amounts_above_the_peer_fence() -> None:
    orgs = (
        [
            {"org_id": "D1", "level": "district", "parent_id": None},
            {"org_id": "S1", "level": "street", "parent_id": "D1"},
            {"org_id": "D2", "level": "district", "parent_id": None},
            {"org_id": "S2", "level": "street", "parent_id": "D2"},
        ]
        + _street(10)
        + _street(3, "S2", "D2")
    )
    ledger = []
    for org in [o["org_id"] for o in orgs if o["level"] == "community"]:
        ledger += [txn(f"{org}-{k}", D(2026, 3, 2), 123.45 + k, org=org) for k in range(40)]
    ledger += [txn(f"S1C0-R{k}", D(2026, 4, 1 + k), 1000.0 * (k + 1), org="S1C0") for k in range(5)]
    ledger += [txn(f"S1C1-R{k}", D(2026, 4, 1 + k), 2000.0, org="S1C1", cp=f"V{k}") for k in range(4)]
    ctx = context(orgs=orgs, ledger=ledger)
    out = round_amounts(ctx, defaults("finance_round_amounts"))
    assert out["org_id"].to_list() == ["S1C0"]
    row = out.row(0, named=True)
    assert row["records"] == [f"ledger:S1C0-R{k}" for k in range(5)]
    assert (row["n_round"], row["n_expenses"], row["peer_group"], row["n_peers"]) == (5, 45, "S1", 10)
    assert row["round_amounts"][:2] == ["1,000", "2,000"]
    assert [(n.org_ids, n.reason[:11]) for n in ctx.notes] == [
        (["S2C0", "S2C1", "S2C2"], "可比社区（同街道或同区")
    ]


def test_benford_judges_only_large_samples() -> None:
    conforming = [10 ** (1 + 3 * (i + 0.5) / 1200) for i in range(1200)]
    uniform = [1000.0 + 7.5 * i + 0.01 for i in range(1200)]
    ledger = [txn(f"A{i}", D(2026, 5, 6), round(a, 2), org="C1") for i, a in enumerate(conforming)]
    ledger += [txn(f"B{i}", D(2026, 5, 6), a, org="C2") for i, a in enumerate(uniform)]
    ledger += [txn(f"C{i}", D(2026, 5, 6), 5000.0 + i, org="C3") for i in range(50)]
    ctx = context(ledger=ledger)
    out = benford(ctx, defaults("finance_benford"))
    assert out["org_id"].to_list() == ["C2"]
    assert out.row(0, named=True)["records"] == ["orgs:C2"]
    assert out.row(0, named=True)["conformity"] == "不符合"
    assert out.row(0, named=True)["mad_text"].startswith("0.0")
    assert [(n.org_ids, n.reason) for n in ctx.notes] == [
        (["C3"], "期内支出仅 50 笔，少于 1000 笔，首位数字（本福特）检验不适用")
    ]


# ------------------------------------------------------------------------------------ the rule pack


@pytest.fixture(scope="module")
def rulebook():
    from riskengine.host.plugins import collect, get_plugin_manager
    from riskengine.packs.rulebook import build_rulebook
    from riskengine.packs.rulepack import read_rule_packs

    return build_rulebook(read_rule_packs([PACK]), collect(get_plugin_manager()))


def test_rule_pack_loads_with_every_finance_rule(rulebook) -> None:
    assert [str(p) for p in rulebook.problems] == []
    assert len(rulebook.rules) == 14
    assert all(r.id.startswith("finance.") and r.legal_basis for r in rulebook.rules)
    assert rulebook.rule("finance.split_payments").parameters["collective_limit"] == 50000
    assert rulebook.rule("finance.cash_over_limit").parameters["cash_limit"] == 1000


def test_condition_rules_and_escalations_through_the_pack(rulebook) -> None:
    from riskengine.evaluation.evaluate import evaluate

    ctx = context(
        ledger=[
            txn("T1", D(2026, 3, 3), 2400.0, approved_by="C1-FIN", description="购买办公设备"),
            txn("T2", D(2026, 3, 4), 1500.0, payment_method="cash", handled_by="C1-CSH", description="材料"),
            txn("T3", D(2026, 3, 5), 3200.5, category="hospitality", description="接待用餐"),
            txn("T4", D(2026, 5, 2), 800.0, description="节日布置"),  # 劳动节假期
            txn("T5", D(2026, 3, 6), 900.0, payment_method="cash", description="零星"),
        ],
        disclosures=[
            disclosure("DF1", "2026-02", D(2026, 4, 20)),
            disclosure("DF2", "2026-03", D(2026, 4, 12)),
        ],
    )
    result = evaluate(rulebook.rules, ctx)
    found = {(r["rule_id"], tuple(r["records"])): r for r in result.frame.iter_rows(named=True)}
    assert found[("finance.self_approval", ("ledger:T1",))]["post_ids"] == ["C1-FIN"]
    cash = found[("finance.cash_over_limit", ("ledger:T2",))]
    assert cash["post_ids"] == ["C1-CSH"]
    assert cash["message"] == "支出 T2（2026-03-04，材料）以现金支付 1,500 元，超过 1,000 元现金结算起点"
    assert found[("finance.hospitality_over_limit", ("ledger:T3",))]["post_ids"] == ["C1-SEC"]
    holiday = found[("finance.holiday_spending", ("ledger:T4",))]
    assert holiday["severity"] == "low" and holiday["post_ids"] == ["C1-FIN"]
    late = found[("finance.late_disclosure", ("disclosures:DF1",))]
    assert late["severity"] == "high" and late["post_ids"] == ["C1-FIN"]
    assert late["message"] == (
        "2026-02 财务收支公开（DF1）于 2026-04-20 发布，晚于公开期限 2026-03-10（所属月份结束后 10 天）41 天"
    )
    assert found[("finance.late_disclosure", ("disclosures:DF2",))]["severity"] == "medium"
    assert not any(k[1] == ("ledger:T5",) for k in found)
