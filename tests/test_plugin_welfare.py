"""Welfare detectors on small hand-built ledgers, and the rule pack that uses them."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from riskengine_plugins.welfare import DETECTORS
from riskengine_plugins.welfare.disclosure import quarters_due, recipients_not_disclosed
from riskengine_plugins.welfare.enrolment import relative_enrolled, reviewer_conflict
from riskengine_plugins.welfare.groups import duplicate_payment, repeated_temp_relief, shared_account
from riskengine_plugins.welfare.payments import not_enrolled, over_standard, paid_after_death, paid_after_exit

from riskengine.data.period import Period
from riskengine.data.records import load_builtin_record_types
from riskengine.errors import MissingDataError
from riskengine.evaluation.detectors import DetectorContext
from tests.detector_helpers import make_context

D = dt.date
AS_OF = D(2026, 11, 30)
PERIOD = Period(D(2026, 1, 1), D(2026, 10, 31))
OLD_APPROVAL = D(2024, 1, 1)
TYPES = {rt.name: rt for rt in load_builtin_record_types()}

POSTS = [
    {"post_id": "C1-WEL", "org_id": "C1", "title": "民政专干", "category": "welfare", "holder_id": "PW"},
    {"post_id": "C1-SEC", "org_id": "C1", "title": "党组织书记", "category": "secretary", "holder_id": "PS"},
    {"post_id": "C2-WEL", "org_id": "C2", "title": "民政专干", "category": "welfare", "holder_id": "QW"},
    {"post_id": "C2-SEC", "org_id": "C2", "title": "党组织书记", "category": "secretary", "holder_id": "QS"},
]


def context(**frames: list[dict]) -> DetectorContext:
    return make_context(POSTS, frames)


def defaults(name: str, **overrides) -> dict:
    detector = next(d for d in DETECTORS if d.name == name)
    return {**{k: v["default"] for k, v in detector.params_schema.get("properties", {}).items()}, **overrides}


def pay(
    disb_id: str,
    person: str,
    day: dt.date,
    amount: float = 900.0,
    program: str = "dibao",
    *,
    period: str | None = None,
    account: str = "A1",
    org: str = "C1",
) -> dict:
    return {
        "disb_id": disb_id,
        "org_id": org,
        "date": day,
        "period": period or day.strftime("%Y-%m"),
        "program": program,
        "person_id": person,
        "amount": amount,
        "account_id": account,
        "handled_by": f"{org}-WEL",
    }


def ben(
    person: str,
    program: str = "dibao",
    approved: dt.date = OLD_APPROVAL,
    exit_date: dt.date | None = None,
    standard: float | None = 900.0,
    org: str = "C1",
) -> dict:
    return {
        "person_id": person,
        "org_id": org,
        "program": program,
        "approved_date": approved,
        "exit_date": exit_date,
        "monthly_standard": standard,
        "reviewed_by": f"{org}-WEL",
    }


def person(person_id: str, household: str | None = None, death: dt.date | None = None) -> dict:
    return {"person_id": person_id, "name": "某某", "household_id": household, "death_date": death}


def records(out: pl.DataFrame) -> list[list[str]]:
    return [sorted(r) for r in out["records"].to_list()]


# ------------------------------------------------------------------------------------ payments vs records


def test_paid_after_death_groups_every_payment_after_the_death() -> None:
    ctx = context(
        persons=[person("P1", "H1", death=D(2026, 3, 5)), person("P2", "H2")],
        disbursements=[
            pay("W1", "P1", D(2026, 2, 10)),
            pay("W2", "P1", D(2026, 3, 5)),  # on the day of death: not after
            pay("W3", "P1", D(2026, 4, 10)),
            pay("W4", "P1", D(2026, 5, 11)),
            pay("W5", "P2", D(2026, 5, 11)),
        ],
    )
    out = paid_after_death(ctx, {})
    assert records(out) == [["disbursements:W3", "disbursements:W4", "persons:P1"]]
    row = out.row(0, named=True)
    assert row["handled_by"] == ["C1-WEL"]
    assert row["death_date"] == D(2026, 3, 5) and row["days_after"] == 36
    assert row["n"] == 2 and row["total"] == 1800.0
    assert row["disb_labels"][0] == "W3（2026-04-10，900 元）"


def test_paid_after_death_ignores_payments_outside_the_period() -> None:
    ctx = context(
        persons=[person("P1", "H1", death=D(2025, 10, 1))],
        disbursements=[pay("W1", "P1", D(2025, 11, 10)), pay("W2", "P1", D(2026, 11, 10))],
    )
    assert paid_after_death(ctx, {}).height == 0


def test_paid_after_exit_compares_with_the_same_programme_only() -> None:
    ctx = context(
        beneficiaries=[ben("P1", exit_date=D(2026, 5, 31)), ben("P1", "elderly_allowance", standard=200.0)],
        disbursements=[
            pay("W1", "P1", D(2026, 5, 31)),  # on the exit date: allowed
            pay("W2", "P1", D(2026, 6, 10)),
            pay("W3", "P1", D(2026, 6, 10), 200.0, "elderly_allowance"),
        ],
    )
    out = paid_after_exit(ctx, {})
    assert records(out) == [["beneficiaries:P1:dibao", "disbursements:W2"]]
    assert out["exit_date"].to_list() == [D(2026, 5, 31)] and out["days_after"].to_list() == [10]


def test_not_enrolled_names_missing_records_and_payments_before_approval() -> None:
    ctx = context(
        beneficiaries=[ben("P2", approved=D(2026, 6, 15)), ben("P3")],
        disbursements=[
            pay("W1", "P1", D(2026, 3, 10)),
            pay("W2", "P1", D(2026, 4, 10)),  # nobody enrolled P1
            pay("W3", "P2", D(2026, 5, 10)),
            pay("W4", "P2", D(2026, 7, 10)),  # W3 before approval
            pay("W5", "P3", D(2026, 5, 10)),
            pay("W6", "P3", D(2026, 5, 10), 300.0, "tekun"),  # no tekun record
        ],
    )
    out = not_enrolled(ctx, {})
    assert records(out) == [
        ["disbursements:W1", "disbursements:W2"],
        ["beneficiaries:P2:dibao", "disbursements:W3"],
        ["disbursements:W6"],
    ]
    reasons = out["reason"].to_list()
    assert reasons[0] == "该人员没有最低生活保障（低保）救助对象记录"
    assert reasons[1] == "发放日期早于该救助对象的审批日期 2026-06-15"
    assert reasons[2] == "该人员没有特困人员供养救助对象记录"


def test_over_standard_allows_rounding_and_caps_temporary_relief() -> None:
    ctx = context(
        beneficiaries=[ben("P1"), ben("P2", "temp_relief", standard=None)],
        disbursements=[
            pay("W1", "P1", D(2026, 3, 10), 900.5),  # within the 1-yuan tolerance
            pay("W2", "P1", D(2026, 4, 10), 1350.0),
            pay("W3", "P2", D(2026, 4, 20), 4800.0, "temp_relief"),  # under the one-off cap
            pay("W4", "P2", D(2026, 8, 20), 6200.0, "temp_relief"),
            pay("W5", "P9", D(2026, 8, 20), 9000.0),  # not enrolled: another rule's business
        ],
    )
    out = over_standard(ctx, defaults("welfare_over_standard"))
    assert records(out) == [
        ["beneficiaries:P1:dibao", "disbursements:W2"],
        ["beneficiaries:P2:temp_relief", "disbursements:W4"],
    ]
    assert out["excess"].to_list() == [450.0, 1200.0]
    assert out["standard_kind"].to_list() == ["月保障（补贴）标准", "临时救助单次上限"]
    assert out["handled_by"].to_list() == ["C1-WEL", "C1-WEL"]
    stricter = over_standard(
        ctx, defaults("welfare_over_standard", rounding_tolerance=0, temp_relief_cap=4000)
    )
    assert stricter["disb_id"].to_list() == ["W1", "W2", "W3", "W4"]


# ------------------------------------------------------------------------------------ group tests


def test_duplicate_payment_is_one_finding_per_person_programme_and_month() -> None:
    ctx = context(
        disbursements=[
            pay("W1", "P1", D(2026, 3, 10)),
            pay("W2", "P1", D(2026, 3, 12), period="2026-03"),
            pay("W3", "P1", D(2026, 3, 10), 200.0, "elderly_allowance"),  # other programme, same month
            pay("W4", "P2", D(2025, 12, 29), period="2025-12"),
            pay("W5", "P2", D(2026, 1, 6), period="2025-12"),
            pay("W6", "P3", D(2025, 6, 10)),
            pay("W7", "P3", D(2025, 6, 11)),  # both before the period
        ],
    )
    out = duplicate_payment(ctx, {})
    assert records(out) == [
        ["disbursements:W1", "disbursements:W2"],
        ["disbursements:W4", "disbursements:W5"],
    ]
    assert out["period"].to_list() == ["2026-03", "2025-12"]
    assert out["handled_by"].to_list() == [["C1-WEL"], ["C1-WEL"]]


def test_shared_account_needs_two_households() -> None:
    ctx = context(
        persons=[person("P1", "H1"), person("P2", "H1"), person("P3", "H3"), person("P4", None)],
        disbursements=[
            pay("W1", "P1", D(2026, 3, 10), account="A1"),
            pay("W2", "P2", D(2026, 3, 10), account="A1"),
            pay("W3", "P3", D(2026, 3, 10), account="A3"),
            pay("W4", "P4", D(2026, 3, 10), account="A3"),
            pay("W5", "P3", D(2025, 3, 10), account="A1"),  # before the period: not counted
        ],
    )
    out = shared_account(ctx, defaults("welfare_shared_account"))
    assert out["account_id"].to_list() == ["A3"]
    assert records(out) == [["disbursements:W3", "disbursements:W4"]]
    row = out.row(0, named=True)
    assert (
        row["households"] == ["H3", "P4"] and row["person_ids"] == ["P3", "P4"] and row["n_households"] == 2
    )


def test_repeated_temp_relief_counts_within_a_rolling_window() -> None:
    often = [pay(f"T{i}", "P1", D(2026, m, 15), 800.0, "temp_relief") for i, m in enumerate((1, 3, 5, 7, 9))]
    spread = [
        pay(f"S{i}", "P2", D(y, m, 15), 800.0, "temp_relief")
        for i, (y, m) in enumerate(((2025, 1), (2025, 5), (2025, 9), (2026, 2), (2026, 6)))
    ]
    history = [pay(f"H{i}", "P3", D(2025, m, 15), 800.0, "temp_relief") for i, m in enumerate((3, 5, 7, 9))]
    ctx = context(
        disbursements=[*often, *spread, *history, pay("H9", "P3", D(2026, 1, 20), 800.0, "temp_relief")]
    )
    out = repeated_temp_relief(ctx, defaults("welfare_repeated_temp_relief"))
    assert out["person_id"].to_list() == ["P3", "P1"]  # sorted by org, then first record
    assert out.row(1, named=True)["disb_ids"] == ["T0", "T1", "T2", "T3", "T4"]
    assert out.row(0, named=True)["disb_ids"] == ["H0", "H1", "H2", "H3", "H9"]  # window reaches into 2026
    assert out["max_in_window"].to_list() == [5, 5]
    looser = repeated_temp_relief(ctx, defaults("welfare_repeated_temp_relief", temp_relief_max_count=5))
    assert looser.height == 0


# ------------------------------------------------------------------------------------ who was enrolled

RELATIONS = [
    {"person_id": "PS", "related_id": "R1", "relation": "sibling"},
    {"person_id": "PW", "related_id": "R2", "relation": "spouse"},
    {"person_id": "QS", "related_id": "R3", "relation": "parent"},
]


def enrolment_context() -> DetectorContext:
    return context(
        relations=RELATIONS,
        beneficiaries=[
            ben("R1"),  # secretary's sibling, reviewed by the welfare post
            ben("R1", "elderly_allowance", standard=200.0),  # not means-tested
            ben("R2", "tekun", standard=1300.0),  # the reviewer's spouse
            ben("PS", "temp_relief", standard=None),  # the secretary himself
            ben("R3"),  # C2 secretary's parent, enrolled in C1
            ben("PW", "disability_allowance", standard=150.0),  # the reviewer himself
            ben("R1", "tekun", exit_date=D(2025, 6, 30)),  # exited before the period
        ],
    )


def test_relative_enrolled_names_record_and_family_tie() -> None:
    out = relative_enrolled(enrolment_context(), defaults("welfare_relative_enrolled"))
    assert records(out) == [["beneficiaries:PS:temp_relief"], ["beneficiaries:R1:dibao", "relations:PS:R1"]]
    assert out["self_enrolled"].to_list() == [True, False]
    assert out["reviewed_by"].to_list() == ["C1-WEL", "C1-WEL"]
    assert out["links"].to_list() == [
        ["党组织书记（C1-SEC，PS）本人"],
        ["党组织书记（C1-SEC，PS）的亲属（兄弟姐妹）"],
    ]


def test_reviewer_conflict_covers_every_programme_and_leaves_other_cadres_alone() -> None:
    out = reviewer_conflict(enrolment_context(), defaults("welfare_reviewer_conflict"))
    assert records(out) == [
        ["beneficiaries:PW:disability_allowance"],
        ["beneficiaries:R2:tekun", "relations:PW:R2"],
    ]
    assert out["reviewer_link"].to_list() == ["PW 本人", "PW 的配偶"]
    assert out["reviewed_by"].to_list() == ["C1-WEL", "C1-WEL"]


def test_relation_listed_by_the_relative_is_named_from_its_side() -> None:
    ctx = context(
        relations=[{"person_id": "R9", "related_id": "PW", "relation": "sibling"}], beneficiaries=[ben("R9")]
    )
    out = reviewer_conflict(ctx, defaults("welfare_reviewer_conflict"))
    assert records(out) == [["beneficiaries:R9:dibao", "relations:R9:PW"]]


# ------------------------------------------------------------------------------------ disclosure


def test_quarters_due_are_those_ending_in_the_period_with_the_deadline_passed() -> None:
    due = quarters_due(PERIOD.start, PERIOD.end, AS_OF, 15)
    assert due["quarter"].to_list() == ["2026年第1季度", "2026年第2季度", "2026年第3季度"]
    assert due["deadline"].to_list() == [D(2026, 4, 15), D(2026, 7, 15), D(2026, 10, 15)]
    assert quarters_due(PERIOD.start, PERIOD.end, D(2026, 10, 15), 15)["last_month"].to_list() == [
        "2026-03",
        "2026-06",
    ]


def disclosure(
    disclosure_id: str,
    period: str,
    published: dt.date | None,
    org: str = "C1",
    item: str = "welfare_recipients",
) -> dict:
    return {
        "disclosure_id": disclosure_id,
        "org_id": org,
        "catalog": "affairs",
        "item": item,
        "period": period,
        "published_date": published,
        "channel": "board",
    }


def test_recipients_not_disclosed_one_finding_per_org_and_quarter() -> None:
    ctx = context(
        beneficiaries=[
            ben("P1"),
            ben("P2", approved=D(2026, 5, 1)),
            ben("Q1", org="C2", exit_date=D(2026, 2, 1)),
        ],
        disclosures=[
            disclosure("DW1", "2026-02", D(2026, 3, 5)),  # monthly list inside Q1
            disclosure("DW2", "2026-06", D(2026, 12, 1)),  # published after the as-of date
            disclosure("DW3", "2026-09", D(2026, 10, 8), item="income_expense"),  # not a recipient list
            disclosure("DW4", "2026-03", D(2026, 4, 2), org="C2"),
        ],
        disbursements=[
            pay("W1", "P1", D(2026, 5, 11)),
            pay("W2", "P1", D(2026, 8, 11)),
            pay("W3", "P2", D(2026, 8, 11)),
        ],
    )
    out = recipients_not_disclosed(ctx, defaults("welfare_recipients_not_disclosed"))
    assert list(zip(out["org_id"], out["quarter"], strict=True)) == [
        ("C1", "2026年第2季度"),
        ("C1", "2026年第3季度"),
    ]
    # Same roll in both quarters: the quarter's payments keep the two findings (and their ids) apart.
    roll = ["beneficiaries:P1:dibao", "beneficiaries:P2:dibao"]
    assert records(out) == [[*roll, "disbursements:W1"], [*roll, "disbursements:W2", "disbursements:W3"]]
    assert out["n_beneficiaries"].to_list() == [2, 2]
    assert out["n_disbursements"].to_list() == [1, 2] and out["total_paid"].to_list() == [900.0, 1800.0]
    strict = recipients_not_disclosed(
        ctx, defaults("welfare_recipients_not_disclosed", recipients_period_rule="last_month")
    )
    assert strict["quarter"].to_list() == ["2026年第1季度", "2026年第2季度", "2026年第3季度"]


def test_recipients_not_disclosed_needs_disclosure_data() -> None:
    ctx = context(beneficiaries=[ben("P1")])
    with pytest.raises(MissingDataError):
        recipients_not_disclosed(ctx, defaults("welfare_recipients_not_disclosed"))


# ------------------------------------------------------------------------------------ outputs and rule pack


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.name)
def test_detectors_return_their_declared_outputs_on_empty_data(detector) -> None:
    ctx = context(persons=[], beneficiaries=[], disbursements=[], disclosures=[], relations=[])
    out = detector.run(ctx, defaults(detector.name))
    assert out.height == 0
    assert {"org_id", "records", *detector.outputs} <= set(out.columns)
