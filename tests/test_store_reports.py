"""Verdicts, suppressions, 查实率, history, rollups, tokens and jobs, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from riskengine.outcome.ids import task_id
from riskengine.storage import NotFoundError, Store, TransitionError, migrate

pytest_plugins = ["tests.db_fixtures"]

NOV = dt.date(2026, 11, 30)
DEC = dt.date(2026, 12, 31)
NOW = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)
ORGS = [
    {"org_id": "D01", "name": "清源区", "level": "district", "parent_id": None},
    {"org_id": "S01", "name": "中山街道", "level": "street", "parent_id": "D01"},
    {"org_id": "S02", "name": "西城街道", "level": "street", "parent_id": "D01"},
    {"org_id": "C0001", "name": "白马村", "level": "village", "parent_id": "S01"},
    {"org_id": "C0002", "name": "工农社区", "level": "community", "parent_id": "S01"},
    {"org_id": "C0003", "name": "建设社区", "level": "community", "parent_id": "S02"},
]
SPLIT = ("C0001", "P0001-06", "procurement.split_purchase", ["procurements:PR1", "procurements:PR2"])
SPLIT_GROWN = (
    "C0001",
    "P0001-06",
    "procurement.split_purchase",
    ["procurements:PR1", "procurements:PR2", "procurements:PR3"],
)
CASH = ("C0002", "P0002-03", "finance.cash_over_limit", ["ledger:L1"])
CASH_2 = ("C0002", "P0002-03", "finance.cash_over_limit", ["ledger:L2"])
CASH_3 = ("C0003", "P0003-03", "finance.cash_over_limit", ["ledger:L3"])
SPLIT_TASK = task_id("P0001-06", "procurement.split_purchase")


@pytest.fixture
def db(db_url):
    with Store(db_url, clock=lambda: NOW) as store:
        store.upgrade()
        yield store


def finding_of(assessment, problem):
    return next(f["finding_id"] for f in assessment.document["findings"] if f["records"] == problem[3])


def test_false_positive_needs_a_reason_and_suppresses_only_those_records(db, make_assessment):
    first = make_assessment("A-1", NOV, [SPLIT])
    db.save(first, orgs=ORGS)
    fid = finding_of(first, SPLIT)
    with pytest.raises(TransitionError, match="认定不实须说明理由"):
        db.record_verdict(fid, verdict="false_positive", by="李")
    done = db.record_verdict(
        fid,
        verdict="false_positive",
        by="李",
        reason="两笔为不同项目，非拆分",
        suppress_until=dt.date(2027, 6, 30),
    )
    assert (done["verdict_label"], done["suppression"]["state"]) == ("不实", "active")
    # The same records again: suppressed, so they keep no task alive and open none.
    again = db.save(make_assessment("A-2", DEC, [SPLIT]))
    assert again.suppressed == 1 and again.seen == 0 and again.not_observed == 1
    assert (
        db.task(SPLIT_TASK)["events"][-1]["note"]
        == "问题已认定不实并在屏蔽期内，请经办人核实确认，不会自动销号"
    )
    assert [f["suppressed"] for f in db.findings(assessment_id="A-2")] == [True]
    # A new record joining them is a new finding: never hidden.
    grown = db.save(make_assessment("A-3", dt.date(2027, 1, 31), [SPLIT_GROWN]))
    assert (grown.suppressed, grown.seen) == (0, 1)
    # Expired at the as-of date: shown again.
    late = db.save(make_assessment("A-4", dt.date(2027, 7, 31), [SPLIT]))
    assert late.suppressed == 0
    listed = db.suppressions()
    assert [(s["rule_id"], s["records"], s["expires_on"]) for s in listed] == [
        ("procurement.split_purchase", ["procurements:PR1", "procurements:PR2"], "2027-06-30")
    ]
    assert db.suppressions(active_only=True)[0]["id"] == listed[0]["id"]


def test_a_revoked_suppression_hides_nothing(db, make_assessment):
    first = make_assessment("A-1", NOV, [SPLIT])
    db.save(first)
    done = db.record_verdict(
        finding_of(first, SPLIT),
        verdict="false_positive",
        by="李",
        reason="误报",
        suppress_until=dt.date(2027, 6, 30),
    )
    revoked = db.revoke_suppression(done["suppression"]["id"], by="王", reason="复核认为属实")
    assert revoked["state"] == "revoked"
    assert db.save(make_assessment("A-2", DEC, [SPLIT])).suppressed == 0
    with pytest.raises(TransitionError, match="已撤销"):
        db.revoke_suppression(done["suppression"]["id"], by="王")
    assert db.verify_audit().ok


def test_verdicts_give_the_confirmation_rate_per_rule_street_and_period(db, make_assessment):
    nov = make_assessment("A-1", NOV, [CASH, CASH_2, CASH_3, SPLIT])
    db.save(nov, orgs=ORGS)
    db.record_verdict(finding_of(nov, CASH), verdict="confirmed", by="李")
    db.record_verdict(finding_of(nov, CASH_2), verdict="confirmed", by="李")
    db.record_verdict(
        finding_of(nov, CASH_2), verdict="false_positive", by="王", reason="复核为转账"
    )  # newest wins
    db.record_verdict(finding_of(nov, CASH_3), verdict="corrected", by="赵")
    db.record_verdict(finding_of(nov, SPLIT), verdict="confirmed", by="李")
    with pytest.raises(NotFoundError, match="问题 F-nope 不存在"):
        db.record_verdict("F-nope", verdict="confirmed", by="李")
    rates = db.confirmation_rates()
    assert [
        (r["rule_id"], r["street_id"], r["period"], r["confirmed"], r["false_positive"], r["rate"])
        for r in rates
    ] == [
        ("finance.cash_over_limit", "S01", "2026-11", 1, 1, 0.5),
        ("finance.cash_over_limit", "S02", "2026-11", 1, 0, 1.0),
        ("procurement.split_purchase", "S01", "2026-11", 1, 0, 1.0),
    ]
    rollup = db.rollup("D01")
    assert [(r["rule_id"], r["rate"]) for r in rollup["rules"]] == [
        ("finance.cash_over_limit", round(2 / 3, 4)),
        ("procurement.split_purchase", 1.0),
    ]
    verdicts = {f["records"][0]: f["verdict"] for f in db.findings(assessment_id="A-1", rule_id=CASH[2])}
    assert verdicts == {"ledger:L1": "confirmed", "ledger:L2": "false_positive", "ledger:L3": "corrected"}


def test_rollup_counts_per_community_street_and_district(db, make_assessment):
    disclosure = [
        {"org_id": "C0001", "months_due": 10, "months_on_time": 9},
        {"org_id": "C0002", "months_due": 10, "months_on_time": 10},
        {"org_id": "C0003", "months_due": 8, "months_on_time": 4},
    ]
    db.save(make_assessment("A-1", NOV, [SPLIT, CASH, CASH_3]), orgs=ORGS, disclosure=disclosure)
    db.submit_task(SPLIT_TASK, by="P0001-06", note="已重新招标")
    db.close_task(SPLIT_TASK, by="审核人", note="已核实", override="重新招标完成")
    rollup = db.rollup("D01", today=dt.date(2027, 1, 15))
    communities = {r["org_id"]: r for r in rollup["communities"]}
    assert sorted(communities) == ["C0001", "C0002", "C0003"]
    assert communities["C0001"]["name"] == "白马村"
    assert (
        communities["C0001"]["tasks"],
        communities["C0001"]["closed"],
        communities["C0001"]["closure_rate"],
    ) == (1, 1, 1.0)
    assert (communities["C0002"]["open"], communities["C0002"]["overdue"]) == (1, 1)
    assert communities["C0003"]["disclosure_rate"] == 0.5
    streets = {r["org_id"]: r for r in rollup["streets"]}
    assert (
        streets["S01"]["name"],
        streets["S01"]["tasks"],
        streets["S01"]["months_due"],
        streets["S01"]["months_on_time"],
        streets["S01"]["disclosure_rate"],
    ) == ("中山街道", 2, 20, 19, 0.95)
    total = rollup["total"]
    assert (total["name"], total["tasks"], total["open"], total["overdue"], total["closed"]) == (
        "清源区",
        3,
        2,
        2,
        1,
    )
    assert total["disclosure_rate"] == round(23 / 28, 4)
    assert total["posts"] == {"high": 0, "medium": 0, "low": 3}
    street_only = db.rollup("S02", today=dt.date(2027, 1, 15))
    assert [r["org_id"] for r in street_only["communities"]] == ["C0003"]


def test_history_of_a_post_and_of_an_org(db, make_assessment):
    db.save(make_assessment("A-1", NOV, [CASH]), orgs=ORGS)
    db.save(make_assessment("A-2", DEC, [CASH, CASH_2]))
    post = db.post_history("P0002-03")
    assert [(a["assessment_id"], a["as_of"], a["level"], a["findings"]) for a in post["assessments"]] == [
        ("A-1", "2026-11-30", "low", 1),
        ("A-2", "2026-12-31", "low", 2),
    ]
    assert [e["event"] for e in post["assessments"][0]["task_events"]] == ["opened"]
    assert [e["event"] for e in post["assessments"][1]["task_events"]] == ["seen"]
    assert [t["rule_id"] for t in post["tasks"]] == ["finance.cash_over_limit"]
    org = db.org_history("S01")
    assert [(a["assessment_id"], a["findings"], a["tasks_opened"]) for a in org["assessments"]] == [
        ("A-1", 1, 1),
        ("A-2", 2, 0),
    ]
    with pytest.raises(NotFoundError):
        db.post_history("P-nobody")


def test_posts_with_contributions_and_scoped_reads(db, make_assessment):
    db.save(make_assessment("A-1", NOV, [SPLIT, CASH_3]), orgs=ORGS)
    s01 = db.org_scope("S01")
    assert s01 == {"S01", "C0001", "C0002"}
    assert [p["post_id"] for p in db.posts(scope=s01)] == ["P0001-06"]
    assert db.post("P0001-06", scope=s01)["tasks"][0]["task_id"] == SPLIT_TASK
    with pytest.raises(NotFoundError, match="岗位 P0003-03 不存在"):
        db.post("P0003-03", scope=s01)
    with pytest.raises(NotFoundError, match="整改任务"):
        db.task(task_id("P0003-03", "finance.cash_over_limit"), scope=s01)
    doc = db.assessment("A-1", scope=s01)["document"]
    assert {f["org_id"] for f in doc["findings"]} == {"C0001"}


def test_tokens_are_stored_hashed_scoped_and_revocable(db, make_assessment):
    db.save(make_assessment("A-1", NOV, [SPLIT]), orgs=ORGS)
    token, record = db.create_token(org_id="S01", role="reviewer", by="admin", name="中山街道 王")
    assert token.startswith("rk_") and len(token) > 40
    with db.engine.connect() as connection:
        stored = connection.execute(text("SELECT token_hash FROM api_tokens")).scalar_one()
    assert stored != token and token not in stored
    scope = db.resolve_token(token)
    assert (scope.org_id, scope.role, scope.org_ids) == ("S01", "reviewer", {"S01", "C0001", "C0002"})
    assert db.resolve_token("rk_wrong") is None
    assert [t["token_id"] for t in db.tokens()] == [record["token_id"]]
    db.revoke_token(record["token_id"], by="admin")
    assert db.resolve_token(token) is None
    assert db.tokens()[0]["active"] is False
    with pytest.raises(Exception, match="角色"):
        db.create_token(org_id="S01", role="boss", by="admin")


def test_jobs_are_claimed_once_heartbeat_and_recover(db_url):
    clock = {"now": NOW}
    with Store(db_url, clock=lambda: clock["now"]) as db:
        db.upgrade()
        first = db.enqueue_job(params={"dataset": "a.zip"}, by="S01 王", org_id="S01", payload=b"zip")
        clock["now"] = NOW + dt.timedelta(seconds=1)
        second = db.enqueue_job(params={"dataset": "b.zip"}, by="S01 王", org_id="S01")
        claimed = db.claim_job("worker-1")
        assert (claimed["job_id"], claimed["status"], claimed["payload"]) == (
            first["job_id"],
            "running",
            b"zip",
        )
        assert db.claim_job("worker-2")["job_id"] == second["job_id"]
        assert db.claim_job("worker-3") is None
        db.finish_job(first["job_id"], "worker-1", assessment_id="A-1")
        assert db.job(first["job_id"])["status"] == "succeeded"
        clock["now"] = NOW + dt.timedelta(minutes=10)
        assert db.recover_stale_jobs() == [second["job_id"]]
        failed = db.job(second["job_id"])
        assert (failed["status"], failed["error"]) == ("failed", "任务中断（处理进程已停止），请重新提交")
        with pytest.raises(TransitionError, match="已不由 worker-2 处理"):
            db.heartbeat_job(second["job_id"], "worker-2")
        with pytest.raises(NotFoundError):
            db.job(first["job_id"], org_ids=frozenset({"S02"}))


def test_concurrent_workers_never_claim_the_same_job(db_url):
    with Store(db_url) as db:
        db.upgrade()
        jobs = {db.enqueue_job(params={"n": n}, by="t")["job_id"] for n in range(12)}
    claimed: list[str] = []
    lock = threading.Lock()

    def worker(name):
        with Store(db_url) as store:
            while (job := store.claim_job(name)) is not None:
                with lock:
                    claimed.append(job["job_id"])

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(claimed) == sorted(jobs)  # every job once, none twice


def test_a_database_of_revision_0001_migrates_with_its_history(db_url):
    engine = create_engine(db_url, poolclass=NullPool)
    migrate.upgrade(engine, "0001")
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO assessments VALUES ('A1', '0.4.0', '2026-11-30', '2026-01-01', '2026-11-30', "
                "CURRENT_TIMESTAMP, 1, 1, 1, '{}')"
            )
        )
        c.execute(
            text(
                "INSERT INTO tasks VALUES ('T1', 'P1', 'C1', 'finance.cash_over_limit', '整改', '[]', "
                "'2026-12-30', 'closed', 'A1', 'A1', '2026-11-30', '2026-12-05', '已整改', '[]')"
            )
        )
        c.execute(
            text(
                "INSERT INTO task_events (task_id, assessment_id, event, note) VALUES "
                "('T1', 'A1', 'opened', NULL), ('T1', NULL, 'closed', '已整改')"
            )
        )
    engine.dispose()
    with Store(db_url) as store:
        store.upgrade()
        assert migrate.drift(store.engine) == []
        task = store.task("T1")
        assert (task["status"], task["version"], task["observation"]) == ("closed", 1, "observed")
        assert [(e["event"], e["by"]) for e in task["events"]] == [("opened", "system"), ("closed", "legacy")]
        assert store.verify_audit().ok
