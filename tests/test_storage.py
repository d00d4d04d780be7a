"""Saving assessments and tracking tasks until closed, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from sqlalchemy import select, text

from riskengine.ids import task_id
from riskengine.storage import SaveSummary, StorageError, Store, migrate
from riskengine.storage.db import Assessment as AssessmentRow

pytest_plugins = ["tests.db_fixtures"]  # harmless once tests/conftest.py loads it too

NOV = dt.date(2026, 11, 30)
DEC = dt.date(2026, 12, 31)
CASH = ("C0001", "P0001-03", "finance.cash_over_limit", ["ledger:L1"])
CASH_AGAIN = ("C0001", "P0001-03", "finance.cash_over_limit", ["ledger:L7"])  # a new cash payment
SPLIT = ("C0001", "P0001-06", "procurement.split_purchase", ["procurements:PR1", "procurements:PR2"])
LATE = ("C0002", "P0002-01", "finance.late_disclosure", ["disclosures:D9"])
CASH_TASK = task_id("P0001-03", "finance.cash_over_limit")
SPLIT_TASK = task_id("P0001-06", "procurement.split_purchase")


def by_id(store: Store) -> dict[str, dict]:
    return {task["task_id"]: task for task in store.tasks()}


def test_migrated_database_matches_the_models(store):
    assert migrate.current_revision(store.engine) == migrate.head_revision() == "0001"
    assert migrate.drift(store.engine) == []


def test_drift_check_notices_a_missing_index(store):
    with store.engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_tasks_status"))
    diffs = migrate.drift(store.engine)
    assert [(d[0], d[1].name) for d in diffs] == [("add_index", "ix_tasks_status")]


def test_upgrade_twice_is_harmless(store):
    store.upgrade()
    store.check()
    assert store.tasks() == []


def test_first_save_opens_one_task_per_post_and_rule(store, make_assessment):
    second_cash = ("C0001", "P0001-03", "finance.cash_over_limit", ["ledger:L2"])
    summary = store.save(make_assessment("A-1", NOV, [CASH, second_cash, SPLIT]))
    assert summary == SaveSummary(new=2, seen=0, reopened=0)
    tasks = by_id(store)
    assert sorted(tasks) == sorted([CASH_TASK, SPLIT_TASK])
    cash = tasks[CASH_TASK]
    assert cash["status"] == "open"
    assert cash["deadline"] == "2026-12-30"
    assert cash["opened_on"] == "2026-11-30"
    assert cash["first_assessment_id"] == cash["last_assessment_id"] == "A-1"
    assert len(cash["finding_ids"]) == 2
    assert cash["measures"] == ["查明原因", "建章立制"]
    assert [e["event"] for e in store.events(CASH_TASK)] == ["opened"]


def test_saving_the_same_assessment_twice_changes_nothing(store, make_assessment):
    assessment = make_assessment("A-1", NOV, [CASH, SPLIT])
    store.save(assessment)
    before, events_before = store.tasks(), store.events(CASH_TASK)
    assert store.save(assessment) == SaveSummary(0, 0, 0, already_saved=True)
    assert store.tasks() == before
    assert store.events(CASH_TASK) == events_before


def test_assessment_row_keeps_dates_counts_and_document(store, make_assessment):
    assessment = make_assessment("A-1", NOV, [CASH, SPLIT, LATE])
    store.save(assessment)
    with store._sessions.begin() as session:
        row = session.scalars(select(AssessmentRow)).one()
        assert (row.as_of, row.period_from, row.period_to) == (NOV, dt.date(2026, 1, 1), NOV)
        assert (row.posts, row.findings, row.tasks) == (3, 3, 3)
        assert row.document == assessment.to_dict()
        assert row.created_at is not None


def test_open_task_seen_again_keeps_its_deadline(store, make_assessment):
    store.save(make_assessment("A-1", NOV, [CASH, SPLIT]))
    summary = store.save(make_assessment("A-2", DEC, [CASH, LATE]))
    assert summary == SaveSummary(new=1, seen=1, reopened=0)
    cash = by_id(store)[CASH_TASK]
    assert cash["status"] == "open"
    assert cash["deadline"] == "2026-12-30"  # not moved to A-2's 2027-01-30
    assert (cash["first_assessment_id"], cash["last_assessment_id"]) == ("A-1", "A-2")
    # A task no longer firing is not closed by the engine: closing is a human decision.
    assert by_id(store)[SPLIT_TASK]["status"] == "open"


def test_closed_task_with_new_findings_is_reopened_with_a_new_deadline(store, make_assessment):
    store.save(make_assessment("A-1", NOV, [CASH]))
    closed = store.close(CASH_TASK, on=dt.date(2026, 12, 10), note="已收回现金，完善报销制度")
    assert closed["status"] == "closed" and closed["closed_on"] == "2026-12-10"
    summary = store.save(make_assessment("A-2", DEC, [CASH, CASH_AGAIN]))
    assert summary == SaveSummary(new=0, seen=0, reopened=1)
    cash = by_id(store)[CASH_TASK]
    assert cash["status"] == "reopened"
    assert cash["deadline"] == "2027-01-30"
    assert cash["closed_on"] == "2026-12-10"  # the closure that was reopened, for the recurrence rule
    assert cash["last_assessment_id"] == "A-2"
    events = store.events(CASH_TASK)
    assert [e["event"] for e in events] == ["opened", "closed", "reopened"]
    assert events[1]["note"] == "已收回现金，完善报销制度"
    assert events[2]["assessment_id"] == "A-2" and "销号后出现新问题" in events[2]["note"]


def test_closed_task_named_only_by_its_old_findings_stays_closed(store, make_assessment):
    store.save(make_assessment("A-1", NOV, [CASH]))
    store.close(CASH_TASK, on=dt.date(2026, 12, 10), note="已整改")
    summary = store.save(make_assessment("A-2", DEC, [CASH]))
    assert summary == SaveSummary(new=0, seen=0, reopened=0, kept_closed=1)
    cash = by_id(store)[CASH_TASK]
    assert (cash["status"], cash["deadline"], cash["last_assessment_id"]) == ("closed", "2026-12-30", "A-2")


def test_reopened_task_can_be_closed_again(store, make_assessment):
    store.save(make_assessment("A-1", NOV, [CASH]))
    store.close(CASH_TASK, on=dt.date(2026, 12, 10), note="第一次整改")
    store.save(make_assessment("A-2", DEC, [CASH_AGAIN]))
    closed = store.close(CASH_TASK, on=dt.date(2027, 1, 5), note="第二次整改")
    assert closed["status"] == "closed"
    assert (closed["closed_on"], closed["close_note"]) == ("2027-01-05", "第二次整改")


def test_an_older_assessment_saved_late_does_not_rewind_a_task(store, make_assessment):
    store.save(make_assessment("A-2", DEC, [CASH]))
    assert store.save(make_assessment("A-1", NOV, [CASH])) == SaveSummary(new=0, seen=1, reopened=0)
    assert by_id(store)[CASH_TASK]["last_assessment_id"] == "A-2"


def test_close_refuses_unknown_and_already_closed_tasks(store, make_assessment):
    store.save(make_assessment("A-1", NOV, [CASH]))
    with pytest.raises(StorageError, match="整改任务 T-nope 不存在"):
        store.close("T-nope", on=DEC, note="x")
    with pytest.raises(StorageError, match="须填写整改情况说明"):
        store.close(CASH_TASK, on=DEC, note="  ")
    with pytest.raises(StorageError, match="早于任务生成日期 2026-11-30"):
        store.close(CASH_TASK, on=dt.date(2026, 11, 1), note="补录")
    store.close(CASH_TASK, on=DEC, note="已整改")
    with pytest.raises(StorageError, match=f"整改任务 {CASH_TASK} 已于 2026-12-31 销号，不能重复销号"):
        store.close(CASH_TASK, on=DEC, note="再次销号")
    assert [e["event"] for e in store.events(CASH_TASK)] == ["opened", "closed"]


def test_tasks_filter_by_status_org_and_post(store, make_assessment):
    store.save(make_assessment("A-1", NOV, [CASH, SPLIT, LATE]))
    store.close(SPLIT_TASK, on=DEC, note="已重新招标")
    assert [t["task_id"] for t in store.tasks(status="closed")] == [SPLIT_TASK]
    assert {t["post_id"] for t in store.tasks(status="open")} == {"P0001-03", "P0002-01"}
    assert {t["post_id"] for t in store.tasks(org_id="C0001")} == {"P0001-03", "P0001-06"}
    assert [t["rule_id"] for t in store.tasks(post_id="P0002-01")] == ["finance.late_disclosure"]
    assert store.tasks(org_id="C0001", status="reopened") == []
    with pytest.raises(StorageError, match="未知的任务状态"):
        store.tasks(status="done")


def test_history_gives_the_recurrence_rule_closed_dates(store, make_assessment):
    assert store.history().schema == pl.Schema({
        "task_id": pl.String, "post_id": pl.String, "org_id": pl.String, "rule_id": pl.String,
        "status": pl.String, "closed_on": pl.Date, "finding_ids": pl.List(pl.String),
    })
    store.save(make_assessment("A-1", NOV, [CASH, SPLIT]))
    store.close(CASH_TASK, on=dt.date(2026, 12, 10), note="已整改")
    history = store.history().sort("rule_id")
    assert history.select("post_id", "rule_id", "status", "closed_on").rows() == [
        ("P0001-03", "finance.cash_over_limit", "closed", dt.date(2026, 12, 10)),
        ("P0001-06", "procurement.split_purchase", "open", None),
    ]


def test_store_refuses_a_database_that_is_not_migrated(tmp_path):
    missing = tmp_path / "none.db"
    with Store(f"sqlite:///{missing}") as store, pytest.raises(StorageError, match="数据库文件不存在"):
        store.check()
    assert not missing.exists()
    empty = tmp_path / "empty.db"
    empty.touch()
    with Store(f"sqlite:///{empty}") as store, pytest.raises(StorageError, match="尚未初始化"):
        store.check()


def test_bad_url_is_a_storage_error():
    with pytest.raises(StorageError, match="数据库地址无效"):
        Store("nosuchdb://x")


def test_saving_a_real_assessment_of_the_synthetic_dataset(store, synthetic_result):
    tasks = synthetic_result.tasks
    assert tasks, "the synthetic dataset has planted violations, so there are tasks"
    summary = store.save(synthetic_result)
    assert summary == SaveSummary(new=len(tasks), seen=0, reopened=0)
    assert store.save(synthetic_result).already_saved
    stored = by_id(store)
    first = tasks[0]
    assert stored[first["task_id"]]["deadline"] == first["deadline"]
    assert stored[first["task_id"]]["finding_ids"] == sorted(first["finding_ids"])
    store.close(first["task_id"], on=dt.date(2026, 12, 15), note="已整改并建立台账")
    closed = store.history().filter(pl.col("status") == "closed")
    assert closed.select("task_id", "post_id", "rule_id").row(0) == (
        first["task_id"], first["post_id"], first["rule_id"])
