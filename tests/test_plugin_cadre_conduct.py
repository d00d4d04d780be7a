"""Cadre-conduct detectors on small hand-built ledgers, and the rule pack that uses them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from riskengine_plugins.cadre_conduct import DETECTORS
from riskengine_plugins.cadre_conduct.complaints import complaint_outlier, unanswered_complaint
from riskengine_plugins.cadre_conduct.declarations import annual_declaration
from riskengine_plugins.cadre_conduct.evaluations import low_approval
from riskengine_plugins.cadre_conduct.events import undeclared_outside_job, unreported_banquet, verified_event

from riskengine.data.period import Period
from riskengine.data.records import load_builtin_record_types
from riskengine.evaluation.detectors import DetectorContext

D = dt.date
AS_OF = D(2026, 11, 30)
PERIOD = Period(D(2026, 1, 1), D(2026, 10, 31))
TYPES = {rt.name: rt for rt in load_builtin_record_types()}
PACK = Path(__file__).resolve().parents[1] / "rules" / "cadre_conduct.yaml"


def frame(record_type: str, rows: list[dict]) -> pl.DataFrame:
    """A frame typed like the loader's, from partial rows (missing fields are null)."""
    schema = TYPES[record_type].polars_schema
    return pl.DataFrame([{name: row.get(name) for name in schema} for row in rows], schema=schema)


def context(**frames: list[dict]) -> DetectorContext:
    data = {name: frame(name, rows) for name, rows in frames.items()}
    data.setdefault("posts", frame("posts", POSTS))
    data.setdefault("persons", frame("persons", [{"person_id": "P1", "name": "张三"}]))
    return DetectorContext(frames=data, as_of=AS_OF, period=PERIOD, record_types=TYPES)


def defaults(name: str) -> dict:
    detector = next(d for d in DETECTORS if d.name == name)
    return {k: v["default"] for k, v in detector.params_schema.get("properties", {}).items()}


POSTS = [
    {"post_id": "C1-DIR", "org_id": "C1", "title": "居委会主任", "category": "director", "holder_id": "P1"},
    {"post_id": "C1-FIN", "org_id": "C1", "title": "会计", "category": "finance", "holder_id": "P2"},
    {"post_id": "C1-CSH", "org_id": "C1", "title": "出纳", "category": "cashier", "holder_id": "P2"},
]


def event(event_id: str, day: dt.date, etype: str, status: str, person: str = "P1", **extra) -> dict:
    return {
        "event_id": event_id,
        "org_id": "C1",
        "person_id": person,
        "post_id": "C1-DIR",
        "date": day,
        "type": etype,
        "source": "inspection",
        "status": status,
        **extra,
    }


def decl(
    decl_id: str, dtype: str, event_date: dt.date, submitted: dt.date | None, person: str = "P1"
) -> dict:
    return {
        "decl_id": decl_id,
        "person_id": person,
        "type": dtype,
        "event_date": event_date,
        "submitted_date": submitted,
    }


# ------------------------------------------------------------------------------------ negative-list events


def test_verified_event_names_the_event_and_marks_grave_types() -> None:
    ctx = context(
        conduct_events=[
            event("E1", D(2026, 3, 2), "gift_acceptance", "verified", amount=5000.0),
            event("E2", D(2026, 4, 8), "vehicle_misuse", "verified"),
            event("E3", D(2026, 5, 1), "gift_acceptance", "reported"),
            event("E4", D(2025, 12, 30), "favoritism", "verified"),  # before the period
        ]
    )
    out = verified_event(ctx, defaults("conduct_verified_event"))
    assert out["records"].to_list() == [["conduct_events:E1"], ["conduct_events:E2"]]
    assert out["post_id"].to_list() == ["C1-DIR", "C1-DIR"]
    assert out["date"].to_list() == [D(2026, 3, 2), D(2026, 4, 8)]
    assert out["high_type"].to_list() == [True, False]
    assert out["type_zh"].to_list() == ["收受礼品礼金", "公车私用"]
    assert out["amount_text"].to_list() == ["，涉及金额 5,000 元", ""]
    assert out["person_label"][0] == "张三（P1）"


def test_high_types_is_a_parameter() -> None:
    ctx = context(conduct_events=[event("E2", D(2026, 4, 8), "vehicle_misuse", "verified")])
    out = verified_event(ctx, {"high_types": ["vehicle_misuse"]})
    assert out["high_type"].to_list() == [True]


# ------------------------------------------------------------------------------------ banquets


def test_banquet_reported_beforehand_is_clean_and_others_are_named() -> None:
    ctx = context(
        conduct_events=[
            event("E1", D(2026, 5, 10), "banquet_hosting", "reported"),  # report filed 5 days before
            event("E2", D(2026, 6, 10), "banquet_hosting", "reported", person="P2"),  # only a late report
            event(
                "E3", D(2026, 7, 10), "banquet_hosting", "verified", person="P3"
            ),  # report for another date
            event("E4", D(2026, 8, 10), "banquet_hosting", "dismissed", person="P4"),  # dismissed: not judged
            event("E5", D(2026, 9, 10), "banquet_hosting", "reported", person="P5"),  # nothing at all
        ],
        declarations=[
            decl("DC1", "banquet_report", D(2026, 5, 12), D(2026, 5, 5)),
            decl("DC2", "banquet_report", D(2026, 6, 10), D(2026, 6, 15), person="P2"),
            decl("DC3", "banquet_report", D(2026, 8, 20), D(2026, 7, 1), person="P3"),  # 41 days off
            decl("DC5", "outside_job", D(2026, 9, 1), D(2026, 8, 1), person="P5"),  # wrong type
        ],
    )
    out = unreported_banquet(ctx, defaults("conduct_unreported_banquet"))
    assert out["event_id"].to_list() == ["E2", "E3", "E5"]
    assert out["records"][0].to_list() == ["conduct_events:E2", "declarations:DC2"]
    assert out["report_status"][0] == "其报告 DC2 迟至 2026-06-15 才提交（事后补报）"
    assert out["report_status"][2] == "未见事前提交的对应报告"


def test_banquet_window_is_a_parameter() -> None:
    ctx = context(
        conduct_events=[event("E3", D(2026, 7, 10), "banquet_hosting", "reported")],
        declarations=[decl("DC3", "banquet_report", D(2026, 8, 20), D(2026, 7, 1))],
    )
    assert unreported_banquet(ctx, {"report_window_days": 45}).height == 0
    assert unreported_banquet(ctx, {"report_window_days": 30}).height == 1


# ------------------------------------------------------------------------------------ outside jobs


def test_outside_job_without_declaration_is_named() -> None:
    ctx = context(
        conduct_events=[
            event("E1", D(2026, 3, 1), "part_time_pay", "reported", amount=8000.0),
            event("E2", D(2026, 3, 1), "part_time_pay", "verified", person="P2"),
            event("E3", D(2026, 3, 1), "part_time_pay", "dismissed", person="P3"),
            event("E4", D(2026, 3, 1), "part_time_pay", "reported", person="P4"),
        ],
        declarations=[
            decl("DC2", "outside_job", D(2026, 1, 1), D(2026, 1, 5), person="P2"),
            decl("DC4", "outside_job", D(2026, 1, 1), D(2026, 12, 5), person="P4"),  # after the as-of date
        ],
    )
    out = undeclared_outside_job(ctx, {})
    assert out["records"].to_list() == [["conduct_events:E1"], ["conduct_events:E4"]]
    assert out["amount_text"][0] == "，涉及金额 8,000 元"
    assert out["status_zh"][0] == "待核实"


def test_outside_job_without_declarations_data_is_not_evaluated() -> None:
    from riskengine.errors import MissingDataError

    ctx = context(conduct_events=[event("E1", D(2026, 3, 1), "part_time_pay", "reported")])
    with pytest.raises(MissingDataError):
        undeclared_outside_job(ctx, {})


# ------------------------------------------------------------------------------------ annual declarations


def test_annual_declaration_late_and_missing() -> None:
    posts = POSTS + [
        {"post_id": "C1-GRD", "org_id": "C1", "title": "网格员", "category": "grid", "holder_id": "P3"}
    ]
    ctx = context(
        posts=posts,
        declarations=[
            decl("DC1", "annual_personal_matters", D(2026, 1, 20), D(2026, 2, 1)),  # P1 on time
            decl(
                "DC2", "annual_personal_matters", D(2026, 2, 20), D(2026, 4, 12), person="P2"
            ),  # late 12 days
            decl(
                "DC3", "annual_personal_matters", D(2026, 2, 20), D(2026, 12, 2), person="P3"
            ),  # after as-of
            decl(
                "DC4", "annual_personal_matters", D(2025, 2, 20), D(2025, 9, 1), person="P3"
            ),  # 2025: not judged
        ],
    )
    out = annual_declaration(ctx, defaults("conduct_annual_declaration"))
    rows = {r["person_id"]: r for r in out.iter_rows(named=True)}
    assert set(rows) == {"P2", "P3"}
    late = rows["P2"]
    assert late["records"] == ["declarations:DC2"]
    assert late["post_ids"] == ["C1-CSH", "C1-FIN"]  # a holder of two posts: both answer
    assert (late["days_late"], late["missing"], late["year"]) == (12, False, 2026)
    assert late["status_zh"] == "报告 DC2 于 2026-04-12 提交，逾期 12 天"
    missing = rows["P3"]
    assert missing["records"] == ["posts:C1-GRD"]
    assert missing["missing"] is True
    assert missing["status_zh"] == "截至 2026-11-30 仍未报告"


def test_annual_declaration_not_judged_before_the_deadline() -> None:
    ctx = DetectorContext(
        frames={"posts": frame("posts", POSTS), "declarations": frame("declarations", [])},
        as_of=D(2026, 3, 15),
        period=Period(D(2026, 1, 1), D(2026, 3, 15)),
        record_types=TYPES,
    )
    assert annual_declaration(ctx, defaults("conduct_annual_declaration")).height == 0
    assert annual_declaration(ctx, {"due_month_day": "02-28"}).height == 2  # P1 and P2 missing


# ------------------------------------------------------------------------------------ complaints


def complaint(
    cid: str, day: dt.date, responded: dt.date | None, post: str = "C1-DIR", org: str = "C1"
) -> dict:
    return {
        "complaint_id": cid,
        "org_id": org,
        "date": day,
        "target_post_id": post,
        "responded_date": responded,
    }


def test_unanswered_and_late_answered_complaints() -> None:
    ctx = context(
        complaints=[
            complaint("Q1", D(2026, 3, 1), D(2026, 3, 11)),  # 10 days: fine
            complaint("Q2", D(2026, 3, 1), D(2026, 3, 21)),  # answered after 20 days
            complaint("Q3", D(2026, 9, 21), None),  # 70 days open by the as-of date
            complaint("Q4", D(2026, 10, 1), D(2026, 12, 20)),  # answered after the as-of date: unknown then
            complaint("Q5", D(2025, 6, 1), None),  # before the period
        ]
    )
    out = unanswered_complaint(ctx, defaults("conduct_unanswered_complaint"))
    rows = {r["complaint_id"]: r for r in out.iter_rows(named=True)}
    assert set(rows) == {"Q2", "Q3", "Q4"}
    assert (rows["Q2"]["answered"], rows["Q2"]["days"]) == (True, 20)
    assert rows["Q2"]["status_zh"] == "迟至 2026-03-21 才答复，历时 20 天"
    assert (rows["Q3"]["answered"], rows["Q3"]["days"]) == (False, 70)
    assert rows["Q4"]["responded_date"] is None and rows["Q4"]["days"] == 60
    assert rows["Q3"]["records"] == ["complaints:Q3"] and rows["Q3"]["target_post_id"] == "C1-DIR"


def _street(n: int) -> tuple[list[dict], list[dict]]:
    orgs = [
        {"org_id": "D1", "name": "区", "level": "district"},
        {"org_id": "S1", "name": "街道", "level": "street", "parent_id": "D1"},
    ]
    posts = []
    for i in range(n):
        orgs.append({"org_id": f"C{i}", "name": f"社区{i}", "level": "community", "parent_id": "S1"})
        posts.append(
            {
                "post_id": f"C{i}-GRD",
                "org_id": f"C{i}",
                "title": "网格员",
                "category": "grid",
                "holder_id": f"P{i}",
            }
        )
    return orgs, posts


def test_complaint_outlier_against_posts_of_the_same_category() -> None:
    orgs, posts = _street(12)
    complaints = [
        complaint(f"Q{i}", D(2026, 4, 1), D(2026, 4, 3), post=f"C{i}-GRD", org=f"C{i}") for i in range(6)
    ]
    complaints += [
        complaint(f"QX{i}", D(2026, 5, i + 1), D(2026, 5, 9), post="C7-GRD", org="C7") for i in range(6)
    ]
    ctx = context(orgs=orgs, posts=posts, complaints=complaints)
    out = complaint_outlier(ctx, defaults("conduct_complaint_outlier"))
    assert out["post_id"].to_list() == ["C7-GRD"]
    row = out.row(0, named=True)
    assert row["n_complaints"] == 6 and row["n_peers"] == 12
    assert row["upper_fence"] == pytest.approx(2.5)  # q1 0, q3 1: 1 + 1.5 * 1
    assert row["records"] == [f"complaints:QX{i}" for i in range(6)]
    assert ctx.notes == []


def test_complaint_outlier_needs_at_least_min_complaints() -> None:
    orgs, posts = _street(12)
    complaints = [complaint(f"Q{i}", D(2026, 4, 1), D(2026, 4, 3), post="C7-GRD", org="C7") for i in range(2)]
    ctx = context(orgs=orgs, posts=posts, complaints=complaints)
    # Q3 = 0 makes the fence 0, so 2 complaints are above it, yet below the minimum of 3.
    assert complaint_outlier(ctx, defaults("conduct_complaint_outlier")).height == 0
    assert complaint_outlier(ctx, {**defaults("conduct_complaint_outlier"), "min_complaints": 2}).height == 1


def test_complaint_outlier_with_too_few_peers_is_not_evaluated() -> None:
    orgs, posts = _street(6)
    complaints = [complaint(f"Q{i}", D(2026, 4, 1), D(2026, 4, 3), post="C1-GRD", org="C1") for i in range(9)]
    ctx = context(orgs=orgs, posts=posts, complaints=complaints)
    assert complaint_outlier(ctx, defaults("conduct_complaint_outlier")).height == 0
    assert [note.org_ids for note in ctx.notes] == [[f"C{i}" for i in range(6)]]
    assert "不足 10 个" in ctx.notes[0].reason


# ------------------------------------------------------------------------------------ evaluations


def test_low_approval_one_year_and_two_years() -> None:
    ctx = context(
        evaluations=[
            {"post_id": "C1-DIR", "year": 2024, "approval_rate": 0.82},
            {"post_id": "C1-DIR", "year": 2025, "approval_rate": 0.55},
            {"post_id": "C1-FIN", "year": 2024, "approval_rate": 0.5},
            {"post_id": "C1-FIN", "year": 2025, "approval_rate": 0.45},
            {"post_id": "C1-CSH", "year": 2025, "approval_rate": 0.5},
            {"post_id": "C1-CSH", "year": 2026, "approval_rate": 0.9},  # latest is fine
        ]
    )
    out = low_approval(ctx, defaults("conduct_low_approval"))
    rows = {r["post_id"]: r for r in out.iter_rows(named=True)}
    assert set(rows) == {"C1-DIR", "C1-FIN"}
    assert rows["C1-DIR"]["records"] == ["evaluations:C1-DIR:2025"]
    assert (rows["C1-DIR"]["two_years"], rows["C1-DIR"]["approval_pct"]) == (False, "55%")
    assert rows["C1-FIN"]["records"] == ["evaluations:C1-FIN:2025", "evaluations:C1-FIN:2024"]
    assert rows["C1-FIN"]["two_years"] is True
    assert rows["C1-FIN"]["status_zh"] == "；上一年度（2024 年）称职率 50% 亦低于标准，连续两年"


# ------------------------------------------------------------------------------------ the rule pack


@pytest.fixture(scope="module")
def rulebook():
    from riskengine.host.plugins import collect, get_plugin_manager
    from riskengine.packs.rulebook import build_rulebook
    from riskengine.packs.rulepack import read_rule_packs

    return build_rulebook(read_rule_packs([PACK]), collect(get_plugin_manager()))


def test_rule_pack_loads_with_every_conduct_rule_but_recurrence(rulebook) -> None:
    assert [str(p) for p in rulebook.problems] == []
    assert [r.id for r in rulebook.rules] == [
        "conduct.annual_declaration",
        "conduct.complaint_outlier",
        "conduct.low_approval",
        "conduct.negative_list_event",
        "conduct.unanswered_complaint",
        "conduct.undeclared_outside_job",
        "conduct.unreported_banquet",
    ]
    assert all(r.legal_basis for r in rulebook.rules)
    assert rulebook.rule("conduct.unanswered_complaint").parameters["high_days"] == 60


def test_rules_escalate_and_write_specific_messages(rulebook) -> None:
    from riskengine.evaluation.evaluate import evaluate

    ctx = context(
        conduct_events=[
            event("E1", D(2026, 3, 2), "gift_acceptance", "verified", amount=5000.0),
            event("E2", D(2026, 4, 8), "inaction", "verified"),
        ],
        complaints=[complaint("Q2", D(2026, 3, 1), D(2026, 3, 21)), complaint("Q3", D(2026, 9, 21), None)],
        declarations=[],
        evaluations=[],
    )
    result = evaluate(rulebook.rules, ctx)
    findings = {(r["rule_id"], tuple(r["records"])): r for r in result.frame.iter_rows(named=True)}
    gift = findings[("conduct.negative_list_event", ("conduct_events:E1",))]
    assert gift["severity"] == "high" and gift["post_ids"] == ["C1-DIR"] and gift["date"] == D(2026, 3, 2)
    assert gift["message"] == (
        "岗位 居委会主任（C1-DIR）人员 张三（P1） 于 2026-03-02 发生经核实的负面清单行为"
        "“收受礼品礼金”（事件 E1，线索来源：巡察检查，涉及金额 5,000 元）"
    )
    assert findings[("conduct.negative_list_event", ("conduct_events:E2",))]["severity"] == "medium"
    assert findings[("conduct.unanswered_complaint", ("complaints:Q2",))]["severity"] == "medium"
    late = findings[("conduct.unanswered_complaint", ("complaints:Q3",))]
    assert late["severity"] == "high"
    assert "截至 2026-11-30 仍未答复，已过 70 天，超过 15 天的答复时限" in late["message"]
    missing = [
        r for r in result.frame.iter_rows(named=True) if r["rule_id"] == "conduct.annual_declaration"
    ]
    assert {tuple(r["post_ids"]) for r in missing} == {("C1-DIR",), ("C1-CSH", "C1-FIN")}
    assert {r["severity"] for r in missing} == {"medium"}
