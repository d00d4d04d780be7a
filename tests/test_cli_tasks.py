"""``riskengine tasks import | list | close`` on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.ids import task_id

pytest_plugins = ["tests.db_fixtures"]  # harmless once tests/conftest.py loads it too

NOV = dt.date(2026, 11, 30)
PROBLEMS = [
    ("C0001", "P0001-03", "finance.cash_over_limit", ["ledger:L1"]),
    ("C0002", "P0002-06", "procurement.split_purchase", ["procurements:PR1", "procurements:PR2"]),
]
CASH_TASK = task_id("P0001-03", "finance.cash_over_limit")
SPLIT_TASK = task_id("P0002-06", "procurement.split_purchase")


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["tasks", *args], env=env, prog_name="riskengine")


@pytest.fixture
def result_json(tmp_path, make_assessment):
    path = tmp_path / "result.json"
    path.write_text(make_assessment("A-1", NOV, PROBLEMS).to_json(), encoding="utf-8")
    return path


@pytest.fixture
def imported(db_url, result_json):
    """A database holding the two tasks of one imported assessment."""
    done = run("import", str(result_json), "--db", db_url)
    assert done.exit_code == 0, done.output
    return db_url


def test_import_reports_new_tasks_and_is_idempotent(db_url, result_json):
    first = run("import", str(result_json), "--db", db_url)
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == "评估 A-1 已保存：新增整改任务 2 项，仍在整改 0 项，重新打开 0 项"
    again = run("import", str(result_json), "--db", db_url)
    assert again.stdout.strip() == "评估 A-1 此前已保存，整改任务未变动"


def test_list_as_table_shows_status_deadline_and_title(imported):
    listed = run("list", "--db", imported)
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert lines[0] == "共 2 项整改任务（待整改 2，重新整改 0，已销号 0）"
    assert lines[2].split() == ["任务编号", "状态", "社区", "岗位", "规则", "整改期限", "销号日期",
                                "整改事项"]
    assert lines[3].split() == [CASH_TASK, "待整改", "C0001", "P0001-03", "finance.cash_over_limit",
                                "2026-12-30", "-", "finance.cash_over_limit", "整改"]


def test_list_filters_and_json(imported):
    listed = run("list", "--db", imported, "--org", "C0002", "--format", "json")
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert [(r["task_id"], r["status"], r["deadline"]) for r in rows] == [(SPLIT_TASK, "open", "2026-12-30")]
    assert json.loads(run("list", "--db", imported, "--post", "P0001-03", "--format", "json").stdout)[0][
        "rule_id"] == "finance.cash_over_limit"
    assert run("list", "--db", imported, "--status", "closed").stdout.startswith("共 0 项整改任务")


def test_close_then_list_closed(imported):
    closed = run("close", CASH_TASK, "--note", "已收回超限额现金", "--on", "2026-12-10", "--db", imported)
    assert closed.exit_code == 0, closed.output
    assert closed.stdout.strip() == (
        f"整改任务 {CASH_TASK}（finance.cash_over_limit 整改，岗位 P0001-03）已于 2026-12-10 销号"
    )
    rows = json.loads(run("list", "--db", imported, "--status", "closed", "--format", "json").stdout)
    assert [(r["task_id"], r["closed_on"], r["close_note"]) for r in rows] == [
        (CASH_TASK, "2026-12-10", "已收回超限额现金")]


def test_close_errors_exit_3_with_a_chinese_message(imported):
    unknown = run("close", "T-nope", "--note", "x", "--db", imported)
    assert unknown.exit_code == 3
    assert "整改任务 T-nope 不存在" in unknown.stderr
    assert run("close", CASH_TASK, "--note", "已整改", "--on", "2026-12-10", "--db", imported).exit_code == 0
    twice = run("close", CASH_TASK, "--note", "已整改", "--db", imported)
    assert twice.exit_code == 3
    assert f"整改任务 {CASH_TASK} 已于 2026-12-10 销号，不能重复销号" in twice.stderr


def test_close_needs_a_note_and_a_valid_date(imported):
    assert run("close", CASH_TASK, "--db", imported).exit_code == 2
    bad_date = run("close", CASH_TASK, "--note", "x", "--on", "2026-13-01", "--db", imported)
    assert bad_date.exit_code == 2
    assert "2026-13-01 不是有效日期" in bad_date.stderr


def test_database_url_comes_from_riskengine_db(imported):
    listed = run("list", env={"RISKENGINE_DB": imported})
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.startswith("共 2 项整改任务")


def test_list_on_a_missing_database_does_not_create_it(tmp_path):
    missing = tmp_path / "nothing.db"
    listed = run("list", "--db", f"sqlite:///{missing}")
    assert listed.exit_code == 3
    assert "数据库文件不存在" in listed.stderr
    assert not missing.exists()


def test_import_refuses_a_file_that_is_not_a_result(tmp_path):
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"assessment_id": "A-1"}), encoding="utf-8")
    refused = run("import", str(other), "--db", f"sqlite:///{tmp_path / 'r.db'}")
    assert refused.exit_code == 3
    assert "不是评估结果" in refused.stderr and "缺少 engine_version、as_of" in refused.stderr
