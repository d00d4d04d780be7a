"""``riskengine tasks …`` on SQLite and PostgreSQL: what an officer and a reviewer see."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.outcome.ids import task_id

pytest_plugins = ["tests.db_fixtures"]  # harmless once tests/conftest.py loads it too

NOV = dt.date(2026, 11, 30)
PROBLEMS = [
    ("C0001", "P0001-03", "finance.cash_over_limit", ["ledger:L1"]),
    ("C0002", "P0002-06", "procurement.split_purchase", ["procurements:PR1", "procurements:PR2"]),
]
CASH_TASK = task_id("P0001-03", "finance.cash_over_limit")
SPLIT_TASK = task_id("P0002-06", "procurement.split_purchase")


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def tasks(*args: str, env: dict[str, str] | None = None):
    return run("tasks", *args, env=env)


@pytest.fixture
def result_json(tmp_path, make_assessment):
    path = tmp_path / "result.json"
    path.write_text(make_assessment("A-1", NOV, PROBLEMS).to_json(), encoding="utf-8")
    return path


@pytest.fixture
def imported(db_url, result_json):
    """A database holding the two tasks of one imported assessment."""
    done = tasks("import", str(result_json), "--db", db_url)
    assert done.exit_code == 0, done.output
    return db_url


def test_import_reports_new_tasks_and_is_idempotent(db_url, result_json):
    first = tasks("import", str(result_json), "--db", db_url)
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == "评估 A-1 已保存：新增整改任务 2 项，仍在整改 0 项，重新打开 0 项"
    again = tasks("import", str(result_json), "--db", db_url)
    assert again.stdout.strip() == "评估 A-1 此前已保存，整改任务未变动"


def test_list_as_table_shows_status_overdue_level_and_version(imported):
    listed = tasks("list", "--db", imported)
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("共 2 项整改任务（待整改 2，整改中 0，待审核 0，已销号 0，重新整改 0；逾期 ")
    assert lines[2].split() == [
        "任务编号",
        "状态",
        "逾期",
        "数据核验",
        "社区",
        "岗位",
        "等级",
        "规则",
        "整改期限",
        "销号日期",
        "版本",
        "整改事项",
    ]
    cash = lines[3].split()
    assert cash[:2] == [CASH_TASK, "待整改"]
    assert cash[3:] == [
        "仍存在",
        "C0001",
        "P0001-03",
        "low",
        "finance.cash_over_limit",
        "2026-12-30",
        "-",
        "1",
        "finance.cash_over_limit",
        "整改",
    ]


def test_list_filters_and_json(imported):
    listed = tasks("list", "--db", imported, "--org", "C0002", "--format", "json")
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert [(r["task_id"], r["status"], r["deadline"]) for r in rows] == [(SPLIT_TASK, "open", "2026-12-30")]
    assert (
        json.loads(tasks("list", "--db", imported, "--post", "P0001-03", "--format", "json").stdout)[0][
            "rule_id"
        ]
        == "finance.cash_over_limit"
    )
    assert tasks("list", "--db", imported, "--status", "closed").stdout.startswith("共 0 项整改任务")
    assert tasks("list", "--db", imported, "--level", "high").stdout.startswith("共 0 项整改任务")
    # The deadlines (2026-12-30) are long past by now in this test's world? Only when today is later.
    overdue = json.loads(tasks("list", "--db", imported, "--overdue", "--format", "json").stdout)
    assert all(r["overdue"] for r in overdue)


def test_the_whole_lifecycle_from_the_command_line(imported, tmp_path):
    started = tasks("start", CASH_TASK, "--by", "P0001-03", "--db", imported)
    assert started.exit_code == 0, started.output
    assert started.stdout.strip() == (
        f"整改任务 {CASH_TASK}（finance.cash_over_limit 整改，岗位 P0001-03）：待整改 → 整改中（版本 2）"
    )
    receipt = tmp_path / "转账凭证.pdf"
    receipt.write_bytes(b"%PDF receipt")
    submitted = tasks(
        "submit",
        CASH_TASK,
        "--by",
        "P0001-03",
        "--note",
        "已改为转账支付，凭证已补",
        "--file",
        str(receipt),
        "--ref",
        "2026年12月凭证第3册",
        "--version",
        "2",
        "--db",
        imported,
    )
    assert submitted.exit_code == 0, submitted.output
    assert "整改中 → 待审核（版本 3）" in submitted.stdout
    # The responsible post cannot close its own task; the reviewer can, with an override because the
    # imported assessment still shows the problem.
    own = tasks("close", CASH_TASK, "--by", "P0001-03", "--note", "已整改", "--db", imported)
    assert own.exit_code == 3 and "销号人不能是责任岗位本身（P0001-03）" in own.stderr
    still = tasks("close", CASH_TASK, "--by", "街道纪工委 王", "--note", "已核实", "--db", imported)
    assert still.exit_code == 3 and "仍然存在，须以 --override 说明仍予销号的理由" in still.stderr
    closed = tasks(
        "close",
        CASH_TASK,
        "--by",
        "街道纪工委 王",
        "--note",
        "凭证已核实",
        "--on",
        "2026-12-10",
        "--override",
        "现金已收回，下次评估期间不再包含该笔",
        "--db",
        imported,
    )
    assert closed.exit_code == 0, closed.output
    assert closed.stdout.strip() == (
        f"整改任务 {CASH_TASK}（finance.cash_over_limit 整改，岗位 P0001-03）已于 2026-12-10 销号（版本 4）"
    )
    shown = tasks("show", CASH_TASK, "--db", imported)
    assert shown.exit_code == 0, shown.output
    assert "状态：已销号，版本 4" in shown.stdout
    assert "转账凭证.pdf（sha256 " in shown.stdout and "2026年12月凭证第3册" in shown.stdout
    assert "街道纪工委 王  closed  submitted → closed  凭证已核实" in shown.stdout
    reopened = tasks(
        "reopen", CASH_TASK, "--by", "街道纪工委 王", "--reason", "群众举报仍用现金", "--db", imported
    )
    assert reopened.exit_code == 0, reopened.output
    task = json.loads(tasks("show", CASH_TASK, "--db", imported, "--format", "json").stdout)
    assert (task["status"], task["escalation"]) == ("reopened", 1)
    assert [e["event"] for e in task["events"]] == ["opened", "started", "submitted", "closed", "reopened"]
    assert [e["by"] for e in task["events"]][1:] == ["P0001-03", "P0001-03", "街道纪工委 王", "街道纪工委 王"]


def test_reject_sends_back_with_a_reason(imported):
    assert (
        tasks("submit", SPLIT_TASK, "--by", "P0002-06", "--note", "已重新询价", "--db", imported).exit_code
        == 0
    )
    assert tasks("reject", SPLIT_TASK, "--by", "P0002-06", "--reason", "x", "--db", imported).exit_code == 3
    rejected = tasks("reject", SPLIT_TASK, "--by", "审核人", "--reason", "缺少询价记录", "--db", imported)
    assert rejected.exit_code == 0, rejected.output
    assert "待审核 → 整改中" in rejected.stdout


def test_stale_version_is_refused_cleanly(imported):
    assert tasks("start", CASH_TASK, "--by", "P0001-03", "--db", imported).exit_code == 0
    stale = tasks("submit", CASH_TASK, "--by", "P0001-03", "--note", "x", "--version", "1", "--db", imported)
    assert stale.exit_code == 3
    assert "已被他人修改（当前版本 2，你看到的是版本 1）" in stale.stderr


def test_submit_needs_evidence_and_by_is_required(imported):
    bare = tasks("submit", CASH_TASK, "--by", "P0001-03", "--db", imported)
    assert bare.exit_code == 3 and "须附佐证材料" in bare.stderr
    assert tasks("start", CASH_TASK, "--db", imported).exit_code == 2  # --by missing
    by_env = tasks("start", CASH_TASK, "--db", imported, env={"RISKENGINE_USER": "P0001-03"})
    assert by_env.exit_code == 0, by_env.output


def test_close_errors_exit_3_with_a_chinese_message(imported):
    unknown = tasks("close", "T-nope", "--by", "r", "--note", "x", "--db", imported)
    assert unknown.exit_code == 3
    assert "整改任务 T-nope 不存在" in unknown.stderr
    early = tasks("close", CASH_TASK, "--by", "r", "--note", "x", "--db", imported)
    assert early.exit_code == 3 and "须先提交整改佐证材料" in early.stderr


def test_close_needs_a_note_and_a_valid_date(imported):
    assert tasks("close", CASH_TASK, "--by", "r", "--db", imported).exit_code == 2
    bad_date = tasks("close", CASH_TASK, "--by", "r", "--note", "x", "--on", "2026-13-01", "--db", imported)
    assert bad_date.exit_code == 2
    assert "2026-13-01 不是有效日期" in bad_date.stderr


def test_database_url_comes_from_riskengine_db(imported):
    listed = tasks("list", env={"RISKENGINE_DB": imported})
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.startswith("共 2 项整改任务")


def test_list_on_a_missing_database_does_not_create_it(tmp_path):
    missing = tmp_path / "nothing.db"
    listed = tasks("list", "--db", f"sqlite:///{missing}")
    assert listed.exit_code == 3
    assert "数据库文件不存在" in listed.stderr
    assert not missing.exists()


def test_import_refuses_a_file_that_is_not_a_result(tmp_path):
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"assessment_id": "A-1"}), encoding="utf-8")
    refused = tasks("import", str(other), "--db", f"sqlite:///{tmp_path / 'r.db'}")
    assert refused.exit_code == 3
    assert "不是评估结果" in refused.stderr and "缺少 engine_version、as_of" in refused.stderr


def test_import_refuses_a_result_that_breaks_the_schema_and_says_where(tmp_path, result_json):
    document = json.loads(result_json.read_text(encoding="utf-8"))
    document["findings"][1]["severity"] = "urgent"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "r.db"
    refused = tasks("import", str(broken), "--db", f"sqlite:///{db}")
    assert refused.exit_code == 3
    assert str(broken) in refused.stderr and "schemas/result.schema.json" in refused.stderr
    assert "findings[1].severity 的值 'urgent' 不在允许值中" in refused.stderr
    assert "Traceback" not in refused.output
    assert not db.exists()  # refused before the database is even opened


def test_export_xlsx_and_a_mismatched_suffix(imported, tmp_path):
    ledger = tmp_path / "整改台账.xlsx"
    done = tasks("export", "--format", "xlsx", "-o", str(ledger), "--org", "C0001", "--db", imported)
    assert done.exit_code == 0, done.output
    assert f"整改台账已写入 {ledger}（1 项任务）" in done.stderr
    assert ledger.read_bytes()[:2] == b"PK"
    wrong = tasks("export", "--format", "xlsx", "-o", str(tmp_path / "x.csv"), "--db", imported)
    assert wrong.exit_code == 3
    assert "扩展名与格式 xlsx 不符（应为 .xlsx）" in wrong.stderr
    assert not (tmp_path / "x.csv").exists()


def test_list_in_english(imported):
    listed = tasks("list", "--db", imported, env={"RISKENGINE_LANG": "en"})
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("2 tasks (open 2, in progress 0, submitted 0, closed 0, reopened 0; ")
    assert lines[2].split()[:4] == ["Task", "Status", "Overdue", "Data"]
