"""`riskengine rules diff A B`: parameters, rules and fields that a revision changes."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from riskengine.cli import main

PACK = Path(__file__).parent / "files" / "ruletests" / "cash.yaml"


def test_diff_shows_each_changed_value(tmp_path):
    old = PACK.read_text(encoding="utf-8")
    new = (old.replace("cash_limit: 1000", "cash_limit: 500").replace("version: 1.0.0", "version: 1.1.0")
           .replace("severity: medium", "severity: high").replace("deadline_days: 30", "deadline_days: 15"))
    new += """  - id: test.cash_second
    title: 第二条
    description: 说明
    legal_basis: [{document: 《现金管理暂行条例》}]
    severity: low
    reads: ledger
    condition: "amount > 1"
    responsible: {field: handled_by}
    message: "{amount}"
    rectification: {title: 整改, measures: [整改], deadline_days: 10}
"""
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    args = ["rules", "diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "规则包对比：test/cash 1.0.0 → test/cash 1.1.0"
    assert "  ~ parameters.cash_limit: 1000 → 500" in lines
    assert "新增规则：test.cash_second" in lines
    assert "规则 test.cash_over_limit：" in lines
    assert "  ~ severity: medium → high" in lines
    assert "  ~ rectification.deadline_days: 30 → 15" in lines


def test_identical_packs(tmp_path):
    result = CliRunner().invoke(main, ["rules", "diff", str(PACK), str(PACK)])
    assert "两个规则包内容相同。" in result.output
