"""`riskengine rules test`: cases beside packs, readable diffs, coverage, exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from riskengine.authoring.rule_tests import run_tests
from riskengine.cli import main

FILES = Path(__file__).parent / "files" / "ruletests"


def test_passing_cases_report_each_case_and_full_coverage():
    result = CliRunner().invoke(main, ["rules", "test", str(FILES / "cash.yaml"), "--min-coverage", "100"])
    assert result.exit_code == 0, result.output
    assert result.output.count("✓") == 3
    assert "共 3 项用例：通过 3 项，失败 0 项" in result.output
    assert "覆盖率：1/1 条规则有测试（100.0%）" in result.output


def test_a_failing_case_shows_what_was_missing_and_what_was_extra(tmp_path):
    shutil.copytree(FILES, tmp_path / "t")
    tests = tmp_path / "t" / "cash.tests.yaml"
    tests.write_text(tests.read_text(encoding="utf-8").replace("amount: 1000,", "amount: 1000.01,"),
                     encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "test", str(tmp_path / "t" / "cash.yaml")])
    assert result.exit_code == 1
    assert "✗" in result.output
    assert "+ ledger:T3（medium，岗位 P1）「2026-03-01 以现金支付 1,000.01 元" in result.output
    assert "cash.tests.yaml:15:5" in result.output


def test_a_wrong_severity_is_shown_beside_what_was_found(tmp_path):
    shutil.copytree(FILES, tmp_path / "t")
    tests = tmp_path / "t" / "cash.tests.yaml"
    tests.write_text(tests.read_text(encoding="utf-8").replace('records: ["ledger:T2"], severity: high',
                                                               'records: ["ledger:T2"], severity: low'),
                     encoding="utf-8")
    report = run_tests([tmp_path / "t"])
    [failed] = report.failed
    assert failed.problems == [
        "- ledger:T2（low）；实际为 ledger:T2（high，岗位 P1）"
        "「2026-03-02 以现金支付 12,000 元（凭证 V2），超过 1,000 元」"
    ]


def test_rules_without_cases_are_named_and_min_coverage_fails(tmp_path):
    shutil.copyfile(FILES / "cash.yaml", tmp_path / "cash.yaml")
    result = CliRunner().invoke(main, ["rules", "test", str(tmp_path / "cash.yaml"), "--min-coverage", "50"])
    assert result.exit_code == 1
    assert "无测试的规则：test.cash_over_limit" in result.output
    assert "低于要求的 50%" in result.output


def test_a_broken_test_file_is_located_and_exits_3(tmp_path):
    shutil.copytree(FILES, tmp_path / "t")
    tests = tmp_path / "t" / "cash.tests.yaml"
    tests.write_text(tests.read_text(encoding="utf-8").replace("    expect: []", "    expekt: []"),
                     encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "test", str(tmp_path / "t")])
    assert result.exit_code == 3
    assert "cash.tests.yaml:21:5: cases[1] 中有未知的键 'expekt'，是否指 'expect'" in result.output


def test_test_data_that_breaks_the_record_schema_fails_the_case(tmp_path):
    shutil.copytree(FILES, tmp_path / "t")
    tests = tmp_path / "t" / "cash.tests.yaml"
    tests.write_text(tests.read_text(encoding="utf-8").replace("amount: 1000,", "amount: lots,"),
                     encoding="utf-8")
    report = run_tests([tmp_path / "t"])
    assert any("amount" in problem for result in report.failed for problem in result.problems)


def test_an_empty_inline_table_is_kept_not_missing(tmp_path):
    shutil.copyfile(FILES / "cash.yaml", tmp_path / "cash.yaml")
    (tmp_path / "cash.tests.yaml").write_text(
        "as_of: 2026-11-30\ncases:\n"
        "  - {name: 空台账, rule: test.cash_over_limit, data: {ledger: []}, expect: []}\n"
        "  - {name: 无台账, rule: test.cash_over_limit, data: {}, not_evaluated: true}\n",
        encoding="utf-8")
    report = run_tests([tmp_path / "cash.yaml"])
    assert not report.failed, [r.problems for r in report.failed]
