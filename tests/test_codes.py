"""Coded fields: conditions must use codes, messages show labels."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from riskengine.authoring.rule_tests import run_tests
from riskengine.cli import main

PACK = Path(__file__).parent / "files" / "ruletests" / "cash.yaml"


def _pack(tmp_path: Path, old: str, new: str) -> Path:
    source = PACK.read_text(encoding="utf-8")
    assert old in source
    path = tmp_path / "cash.yaml"
    path.write_text(source.replace(old, new), encoding="utf-8")
    return path


def test_a_label_written_instead_of_a_code_is_refused_with_the_code_meant(tmp_path):
    pack = _pack(tmp_path, "payment_method == 'cash'", "payment_method == '现金'")
    result = CliRunner().invoke(main, ["rules", "check", str(pack)])
    assert result.exit_code == 1
    assert ("cash.yaml:23:62: payment_method 的取值是代码，'现金' 不在其中（是否指 'cash'，即“现金”？）；"
            "可用代码：transfer（转账）、cash（现金）、card（公务卡）") in result.output


def test_a_misspelt_code_in_a_list_gets_the_closest_code(tmp_path):
    pack = _pack(tmp_path, "payment_method == 'cash'", "payment_method in ['cash', 'crad']")
    result = CliRunner().invoke(main, ["rules", "check", str(pack)])
    assert "'crad' 不在其中（是否指 'card'，即“公务卡”？）" in result.output


def test_messages_show_labels_not_codes(tmp_path):
    pack = _pack(tmp_path, "以现金支付 {amount} 元", "以{payment_method}支付 {amount} 元（{category}）")
    tests = tmp_path / "cash.tests.yaml"
    cases = (PACK.parent / "cash.tests.yaml").read_text(encoding="utf-8")
    wanted = 'message_contains: "以现金支付 1,500 元（办公费）"'
    cases = cases.replace('message_contains: "超过 1,000 元"', wanted)
    tests.write_text(cases, encoding="utf-8")
    report = run_tests([pack])
    assert not report.failed, [r.problems for r in report.failed]
