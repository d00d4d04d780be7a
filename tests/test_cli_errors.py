"""No tracebacks, ever: every failure of ``riskengine`` is a message and its documented exit code.

0 done; 1 --strict failed; 2 bad options (checked before any work); 3 dataset or pack unreadable;
4 internal error, with the traceback in a log file whose path is printed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli import main

FILES = Path(__file__).parent / "files"
STREET_A = str(FILES / "street_a")
OVERRIDE_PACK = str(FILES / "packs" / "province_override.yaml")


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run ``riskengine`` in an empty directory, with crash logs going under tmp_path."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str, lang: str = "zh"):
        env = {"RISKENGINE_LOG_DIR": str(tmp_path / "logs"), "RISKENGINE_LANG": lang, "RISKENGINE_DB": None}
        result = CliRunner().invoke(main, list(args), env=env, prog_name="riskengine")
        assert "Traceback" not in result.output + result.stderr
        assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), \
            result.exception
        return result

    return run


def assert_nothing_written(tmp_path: Path) -> None:
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "the run started before the options were checked"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "9999-12-31"], "9999-12-31 超出可用的日期范围（1900-01-01 至 2099-12-31）"),
        (["--as-of", "2026-02-30"], "2026-02-30 不是有效日期"),
        (["--as-of", "30.02.2026"], "应为 YYYY-MM-DD 格式的日期，实际是 '30.02.2026'"),
        (["--period", "2026-10-31..2026-01-01"], "起始日期 2026-10-31 晚于结束日期 2026-01-01"),
        (["--period", "2026-01-01..2026-04-31"], "2026-04-31 不是有效日期"),
        (["--period", "2026"], "应为 起始日期..结束日期"),
        (["-o", "nonexistent/dir/x.json"], "无法写入 nonexistent/dir/x.json：目录 nonexistent/dir 不存在"),
        (["-o", "."], "是目录"),
        (["--format", "json", "-o", "result.csv"],
         "输出文件 result.csv 的扩展名与 --format json 不符（应为 .json）"),
        (["--no-default-rules"], "--no-default-rules 需要同时用 --rules 指定规则包"),
        (["--db", "sqlite:///nowhere/riskengine.db"], "目录 nowhere 不存在"),
        (["--db", "not a url"], "数据库地址无效"),
        (["--no-such-option"], "没有选项 '--no-such-option'"),
    ],
)
def test_bad_options_exit_2_before_any_work(cli, tmp_path, args, message):
    result = cli("assess", STREET_A, *args)
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr
    assert "用法:" in result.stderr and "错误：" in result.stderr
    assert_nothing_written(tmp_path)


def test_a_day_that_does_not_exist_in_english(cli):
    result = cli("assess", STREET_A, "--as-of", "2026-02-30", lang="en")
    assert result.exit_code == 2
    assert "Error: Invalid value for '--as-of': 2026-02-30 is not a valid date" in result.stderr


def test_output_suffix_chooses_the_format(cli, tmp_path):
    result = cli("assess", STREET_A, "--as-of", "2026-11-30", "--no-db", "-o", "result.json")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "result.json").read_text(encoding="utf-8").startswith("{")
    assert "结果已写入 result.json" in result.stderr


def test_no_scoring_pack_among_the_packs_given_exits_3(cli, tmp_path):
    result = cli("assess", STREET_A, "--no-default-rules", "--rules", OVERRIDE_PACK, "--no-db")
    assert result.exit_code == 3
    assert "没有生效的评分规则包" in result.stderr


def test_a_file_that_is_not_a_dataset_exits_3(cli):
    result = cli("assess", str(FILES / "cli" / "not_a_dataset.txt"), "--no-db")
    assert result.exit_code == 3
    assert "not_a_dataset.txt" in result.stderr


def test_tasks_on_a_missing_database_exit_3(cli):
    result = cli("tasks", "list", "--db", "sqlite:///riskengine.db")
    assert result.exit_code == 3
    assert "数据库文件不存在" in result.stderr


def test_an_internal_error_exits_4_with_the_traceback_in_a_log(cli, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug deep inside")

    monkeypatch.setattr("riskengine.engine.Engine.assess", broken)
    result = cli("assess", STREET_A, "--no-db")
    assert result.exit_code == 4
    logs = list((tmp_path / "logs").iterdir())
    assert len(logs) == 1
    assert result.stderr.strip() == (
        f"riskengine 内部错误（ZeroDivisionError），这是程序缺陷而非您的操作问题。详细信息已写入 {logs[0]}，"
        "请将该文件提交给维护者。"
    )
    logged = logs[0].read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "ZeroDivisionError: a bug deep inside" in logged
    assert "argv:" in logged


def test_an_internal_error_in_english(cli, tmp_path, monkeypatch):
    monkeypatch.setattr("riskengine.engine.Engine.assess", lambda *a, **k: 1 / 0)
    result = cli("assess", STREET_A, "--no-db", lang="en")
    assert result.exit_code == 4
    assert result.stderr.startswith("riskengine internal error (ZeroDivisionError); this is a bug")
    assert str(tmp_path / "logs") in result.stderr


def test_strict_fails_with_exit_1_and_says_why(cli):
    result = cli("assess", STREET_A, "--as-of", "2026-11-30", "--no-db", "--strict")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("严格模式：")
    assert result.stderr.splitlines()[-1].endswith("评估不予通过")


def test_a_plugin_that_fails_to_import_is_reported_and_the_run_goes_on(cli, broken_plugin):
    listed = cli("plugins", "list")
    assert listed.exit_code == 0
    assert "finance_disclosure" in listed.stdout
    assert ("插件 broken_plugin 无法加载，已跳过：ImportError: riskengine_broken_plugin needs the module "
            "'leases_client', which is not installed") in listed.stderr
    assessed = cli("assess", STREET_A, "--as-of", "2026-11-30", "--no-db")
    assert assessed.exit_code == 0
    assert "插件 broken_plugin 无法加载" in assessed.stderr
    strict = cli("assess", STREET_A, "--as-of", "2026-11-30", "--no-db", "--strict")
    assert strict.exit_code == 1
    assert "规则包或插件有错误" in strict.stderr


def test_a_file_the_system_refuses_exits_3_without_a_log(cli, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", "ledger.csv")

    monkeypatch.setattr("riskengine.engine.Engine.assess", refuse)
    result = cli("assess", STREET_A, "--no-db")
    assert result.exit_code == 3
    assert result.stderr.strip() == "无法读写文件 ledger.csv：Permission denied"
    assert not (tmp_path / "logs").exists()
