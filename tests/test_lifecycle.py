"""The rectification loop in the store: lifecycle, data confirmation, overdue, audit chain, concurrency."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import text

from riskengine.outcome.ids import task_id
from riskengine.storage import ConflictError, EvidenceFile, SaveSummary, Store, TransitionError

pytest_plugins = ["tests.db_fixtures"]

NOV = dt.date(2026, 11, 30)
DEC = dt.date(2026, 12, 31)
NOW = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)
CASH = ("C0001", "P0001-03", "finance.cash_over_limit", ["ledger:L1"])
CASH_AGAIN = ("C0001", "P0001-03", "finance.cash_over_limit", ["ledger:L7"])
MISSING = ("C0001", "P0001-02", "finance.missing_disclosure", ["ledger:L2", "ledger:L3"])
UNANSWERED = ("C0002", "P0002-01", "conduct.unanswered_complaint", ["complaints:Q1"])
CASH_TASK = task_id("P0001-03", "finance.cash_over_limit")
MISSING_TASK = task_id("P0001-02", "finance.missing_disclosure")
UNANSWERED_TASK = task_id("P0002-01", "conduct.unanswered_complaint")
POSTS = [("C0001", "P0001-02"), ("C0001", "P0001-03"), ("C0002", "P0002-01")]


class Clock:
    """A settable clock for the store (UTC)."""

    def __init__(self, now: dt.datetime = NOW):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db(db_url, clock):
    """A migrated store on each backend with a fixed clock."""
    with Store(db_url, clock=clock) as store:
        store.upgrade()
        yield store


def test_open_start_submit_close_records_who_when_what_why(db, make_assessment, clock):
    db.save(make_assessment("A-1", NOV, [CASH]))
    assert db.task(CASH_TASK)["version"] == 1
    started = db.start_task(CASH_TASK, by="P0001-03", expected_version=1)
    assert (started["status"], started["status_label"], started["version"]) == ("in_progress", "整改中", 2)
    clock.now = NOW + dt.timedelta(days=1)
    submitted = db.submit_task(
        CASH_TASK,
        by="张会计",
        note="已改为转账支付",
        files=[EvidenceFile("凭证.pdf", b"%PDF"), EvidenceFile("档案 3 册")],
        expected_version=2,
    )
    assert submitted["status"] == "submitted"
    with pytest.raises(TransitionError, match="销号人不能是提交整改材料的人"):
        db.close_task(CASH_TASK, by="张会计", note="自己销号", override="x")
    with pytest.raises(TransitionError, match="销号人不能是责任岗位本身"):
        db.close_task(CASH_TASK, by="P0001-03", note="岗位自己销号", override="x")
    closed = db.close_task(
        CASH_TASK,
        by="王审核",
        note="凭证已核实",
        on=dt.date(2026, 12, 6),
        override="该笔现金已收回",
        expected_version=3,
    )
    assert (closed["status"], closed["closed_on"], closed["closed_by"], closed["version"]) == (
        "closed",
        "2026-12-06",
        "王审核",
        4,
    )
    task = db.task(CASH_TASK)
    assert [(e["event"], e["by"], e["from_status"], e["to_status"]) for e in task["events"]] == [
        ("opened", "system", None, "open"),
        ("started", "P0001-03", "open", "in_progress"),
        ("submitted", "张会计", "in_progress", "submitted"),
        ("closed", "王审核", "submitted", "closed"),
    ]
    assert task["events"][2]["at"] == "2026-12-06T09:00:00+00:00"
    assert task["events"][3]["note"] == "凭证已核实"
    assert task["events"][3]["data"]["override"] == "该笔现金已收回"
    assert [(e["kind"], e["file_name"], e["uploaded"]) for e in task["evidence"]] == [
        ("note", None, False),
        ("file", "凭证.pdf", True),
        ("file", "档案 3 册", False),
    ]
    assert db.evidence_content(CASH_TASK, task["evidence"][1]["id"]) == ("凭证.pdf", b"%PDF")


def test_transitions_refused_in_the_wrong_state(db, make_assessment):
    db.save(make_assessment("A-1", NOV, [CASH]))
    with pytest.raises(TransitionError, match="当前为“待整改”，须先提交整改佐证材料"):
        db.close_task(CASH_TASK, by="审核人", note="x", override="y")
    with pytest.raises(TransitionError, match="不能退回"):
        db.reject_task(CASH_TASK, by="审核人", reason="x")
    with pytest.raises(TransitionError, match="不能重新打开"):
        db.reopen_task(CASH_TASK, by="审核人", reason="x")
    with pytest.raises(TransitionError, match="退回须说明理由"):
        db.reject_task(CASH_TASK, by="审核人", reason=" ")
    db.submit_task(CASH_TASK, by="P0001-03", note="已整改")
    with pytest.raises(TransitionError, match="退回人不能是责任岗位本身"):
        db.reject_task(CASH_TASK, by="P0001-03", reason="x")
    back = db.reject_task(CASH_TASK, by="审核人", reason="凭证不清晰")
    assert back["status"] == "in_progress"
    assert db.events(CASH_TASK)[-1]["note"] == "凭证不清晰"


def test_overdue_is_computed_filtered_and_counted(db, make_assessment):
    db.save(make_assessment("A-1", NOV, [CASH, MISSING], deadline_days=10))  # deadline 2026-12-10
    assert [t["overdue"] for t in db.tasks(today=dt.date(2026, 12, 10))] == [False, False]
    late = db.tasks(today=dt.date(2026, 12, 11))
    assert [t["overdue"] for t in late] == [True, True]
    db.submit_task(CASH_TASK, by="P0001-03", note="已整改")
    db.close_task(CASH_TASK, by="审核人", note="已核实", override="已收回")
    assert [t["task_id"] for t in db.tasks(overdue=True, today=dt.date(2026, 12, 11))] == [MISSING_TASK]
    assert [t["task_id"] for t in db.tasks(overdue=False, today=dt.date(2026, 12, 11))] == [CASH_TASK]
    rollup = db.rollup("C0001", today=dt.date(2026, 12, 11))
    assert (rollup["total"]["tasks"], rollup["total"]["open"], rollup["total"]["overdue"]) == (2, 1, 1)
    assert rollup["total"]["closure_rate"] == 0.5


def test_state_problem_no_longer_observed_is_confirmed_by_data(db, make_assessment):
    db.save(make_assessment("A-1", NOV, [CASH, MISSING, UNANSWERED]))
    # December: the disclosure was published and the complaint answered; the cash payment is
    # outside the new period, so it is simply not seen — that proves nothing.
    summary = db.save(make_assessment("A-2", DEC, [], posts=POSTS))
    assert summary == SaveSummary(new=0, seen=0, reopened=0, verified_by_data=2, not_observed=1)
    tasks = {t["task_id"]: t for t in db.tasks()}
    assert tasks[MISSING_TASK]["observation"] == "verified_by_data"
    assert tasks[UNANSWERED_TASK]["observation"] == "verified_by_data"
    assert tasks[CASH_TASK]["observation"] == "not_observed"
    assert {t["status"] for t in tasks.values()} == {"open"}  # nothing closed silently
    assert db.events(MISSING_TASK)[-1]["note"].startswith("本次评估数据显示问题已不存在（核验通过）")
    assert "请经办人核实确认，不会自动销号" in db.events(CASH_TASK)[-1]["note"]
    # The reviewer closes the data-confirmed task directly; the cash task still needs evidence.
    closed = db.close_task(MISSING_TASK, by="审核人", note="已补充公开，数据核验通过")
    assert closed["status"] == "closed" and db.events(MISSING_TASK)[-1]["data"]["by_data"] is True
    with pytest.raises(TransitionError, match="须先提交整改佐证材料"):
        db.close_task(CASH_TASK, by="审核人", note="x")
    db.submit_task(CASH_TASK, by="P0001-03", note="已追回现金并整改报销制度")
    assert db.close_task(CASH_TASK, by="审核人", note="核实无误")["status"] == "closed"  # no override needed


def test_a_rule_not_evaluated_is_no_proof_and_a_seen_problem_is_observed_again(db, make_assessment):
    db.save(make_assessment("A-1", NOV, [MISSING]))
    summary = db.save(
        make_assessment("A-2", DEC, [], posts=POSTS, not_evaluated=["finance.missing_disclosure"])
    )
    assert (summary.verified_by_data, summary.not_observed) == (0, 1)
    assert db.events(MISSING_TASK)[-1]["note"].startswith("该规则本次未评估")
    db.save(make_assessment("A-3", dt.date(2027, 1, 31), [MISSING]))
    assert db.task(MISSING_TASK)["observation"] == "observed"


def test_unassessed_posts_are_left_alone(db, make_assessment):
    db.save(make_assessment("A-1", NOV, [CASH, UNANSWERED]))
    summary = db.save(make_assessment("A-2", DEC, [], posts=[("C0002", "P0002-01")]))  # only C0002 assessed
    assert (summary.verified_by_data, summary.not_observed) == (1, 0)
    assert db.task(CASH_TASK)["observation"] == "observed"


def test_recurrence_after_closing_reopens_and_escalates(db, make_assessment):
    db.save(make_assessment("A-1", NOV, [CASH]))
    db.submit_task(CASH_TASK, by="P0001-03", note="已整改")
    db.close_task(CASH_TASK, by="审核人", note="已核实", on=dt.date(2026, 12, 5), override="已收回")
    summary = db.save(make_assessment("A-2", DEC, [CASH, CASH_AGAIN]))
    assert summary.reopened == 1
    task = db.task(CASH_TASK)
    assert (task["status"], task["escalation"], task["observation"]) == ("reopened", 1, "observed")
    assert task["events"][-1]["event"] == "reopened" and "销号后出现新问题" in task["events"][-1]["note"]
    db.submit_task(CASH_TASK, by="P0001-03", note="第二次整改")
    db.close_task(CASH_TASK, by="审核人", note="已核实", on=dt.date(2027, 1, 5), override="已收回")
    reopened = db.reopen_task(CASH_TASK, by="审核人", reason="巡察发现仍有现金支付")
    assert (reopened["status"], reopened["escalation"]) == ("reopened", 2)


def test_audit_chain_verifies_and_detects_an_edited_row(db, make_assessment):
    db.save(make_assessment("A-1", NOV, [CASH, MISSING]))
    db.submit_task(CASH_TASK, by="P0001-03", note="已整改")
    db.close_task(CASH_TASK, by="审核人", note="已核实", override="已收回")
    report = db.verify_audit()
    assert report.ok and (report.entries, report.chains) == (4, 2)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET actor = '别人' WHERE action = 'closed'"))
    report = db.verify_audit()
    assert not report.ok
    assert any("内容与哈希不符，记录已被改动" in p and "第 3 条" in p for p in report.problems)


def test_audit_detects_a_deleted_entry_and_a_task_edited_behind_its_back(db, make_assessment):
    db.save(make_assessment("A-1", NOV, [CASH]))
    db.start_task(CASH_TASK, by="P0001-03")
    db.submit_task(CASH_TASK, by="P0001-03", note="已整改")
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE action = 'started'"))
    problems = db.verify_audit().problems
    assert any("序号不连续" in p for p in problems)
    assert any("前一条记录的哈希不符" in p for p in problems)
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE action = 'submitted'"))
        connection.execute(text("UPDATE tasks SET status = 'closed'"))
    problems = db.verify_audit().problems
    assert any("最新审计记录与链尾不符" in p for p in problems)
    assert any("状态（closed）与审计记录的最后状态（open）不符" in p for p in problems)


def test_stale_expected_version_fails_and_changes_nothing(db, make_assessment):
    db.save(make_assessment("A-1", NOV, [CASH]))
    db.start_task(CASH_TASK, by="P0001-03", expected_version=1)
    with pytest.raises(ConflictError, match="当前版本 2，你看到的是版本 1"):
        db.submit_task(CASH_TASK, by="P0001-03", note="x", expected_version=1)
    task = db.task(CASH_TASK)
    assert (task["status"], task["version"], len(task["evidence"])) == ("in_progress", 2, 0)


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_concurrent_updates_on_postgresql_lose_nothing(db_url, make_assessment):
    # The interleaving needs PostgreSQL's row locks; SQLite serialises writers up front.
    barrier = threading.Barrier(2, timeout=20)

    def waiting_clock():
        barrier.wait()  # both transactions have read version 1 before either writes
        return NOW

    with Store(db_url) as setup:
        setup.upgrade()
        setup.save(make_assessment("A-1", NOV, [CASH]))
        setup.submit_task(CASH_TASK, by="P0001-03", note="已整改")
    outcomes: dict[str, object] = {}

    def act(name, call):
        with Store(db_url, clock=waiting_clock) as store:
            try:
                outcomes[name] = call(store)
            except ConflictError as exc:
                outcomes[name] = exc

    threads = [
        threading.Thread(
            target=act,
            args=(
                "close",
                lambda s: s.close_task(
                    CASH_TASK, by="审核人甲", note="通过", override="已收回", expected_version=2
                ),
            ),
        ),
        threading.Thread(
            target=act,
            args=(
                "reject",
                lambda s: s.reject_task(CASH_TASK, by="审核人乙", reason="材料不全", expected_version=2),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    conflicts = [name for name, value in outcomes.items() if isinstance(value, ConflictError)]
    winners = [name for name, value in outcomes.items() if isinstance(value, dict)]
    assert len(conflicts) == 1 and len(winners) == 1, outcomes
    with Store(db_url) as store:
        task = store.task(CASH_TASK)
        assert task["version"] == 3
        assert task["status"] == {"close": "closed", "reject": "in_progress"}[winners[0]]
        assert [e["event"] for e in task["events"]][-1] == {"close": "closed", "reject": "rejected"}[
            winners[0]
        ]
        assert store.verify_audit().ok


def test_a_crash_while_saving_leaves_no_half_run(db, make_assessment, monkeypatch):
    from riskengine.storage import saving

    db.save(make_assessment("A-1", NOV, [CASH]))

    def crash(self, incoming):
        raise RuntimeError("power cut")

    monkeypatch.setattr(saving.Saver, "_mark_unobserved", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        db.save(make_assessment("A-2", DEC, [CASH, MISSING]))
    assert [a["assessment_id"] for a in db.assessments()] == ["A-1"]
    assert [t["task_id"] for t in db.tasks()] == [CASH_TASK]
    assert db.task(CASH_TASK)["last_assessment_id"] == "A-1"
    assert db.findings(assessment_id="A-2") == []
    assert db.verify_audit().ok


def test_a_crash_after_the_bulk_copy_leaves_no_half_run(db, make_assessment, monkeypatch):
    """With every insert going through COPY on PostgreSQL (and executemany on SQLite), a failure
    after all rows were written still rolls the whole run back."""
    from riskengine.storage import bulk, saving

    monkeypatch.setattr(bulk, "COPY_FROM", 1)
    db.save(make_assessment("A-1", NOV, [CASH]))
    original = saving.Saver.save

    def crash(self, *args):
        original(self, *args)
        self.session.flush()
        raise RuntimeError("power cut")

    monkeypatch.setattr(saving.Saver, "save", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        db.save(make_assessment("A-2", DEC, [CASH, MISSING]))
    assert [a["assessment_id"] for a in db.assessments()] == ["A-1"]
    assert [t["task_id"] for t in db.tasks()] == [CASH_TASK]
    assert db.findings(assessment_id="A-2") == []
    assert db.verify_audit().ok
