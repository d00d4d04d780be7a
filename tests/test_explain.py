"""`riskengine explain`: why a post has its level, why a rule did (not) fire on a record."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.authoring.explain import split_clauses
from riskengine.cli import main

FILES = Path(__file__).parent / "files"
PACK = FILES / "ruletests" / "cash.yaml"


@pytest.fixture
def dataset(tmp_path):
    folder = tmp_path / "ledgers"
    folder.mkdir()
    orgs = "org_id,name,level,parent_id\nC1,幸福社区,community,S1\n"
    (folder / "orgs.csv").write_text(orgs, encoding="utf-8")
    (folder / "posts.csv").write_text(
        "post_id,org_id,title,category,holder_id,powers\nP1,C1,报账员,cashier,H1,fund_handling\n",
        encoding="utf-8")
    header = ("txn_id,org_id,date,direction,amount,category,counterparty_type,counterparty_id,"
              "payment_method,handled_by,voucher_no\n")
    rows = [
        "T1,C1,2026-03-01,expense,1500,office,company,X1,cash,P1,V1",
        "T2,C1,2026-03-02,expense,500,office,company,X1,cash,P1,V2",
        "T3,C1,2025-03-02,expense,5000,office,company,X1,cash,P1,V3",
    ]
    (folder / "ledger.csv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return folder


def _explain(dataset, *args):
    return CliRunner().invoke(main, ["explain", str(dataset), "--no-default-rules", "--rules", str(PACK),
                                     "--rules", "rules/scoring.yaml", "--as-of", "2026-11-30",
                                     "--period", "2026-01-01..2026-11-30", *args])


def test_a_post_is_explained_from_inherent_risk_to_each_finding(dataset):
    result = _explain(dataset, "--post", "P1")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "岗位 P1（幸福社区 · 报账员）定为三级（低），得分 7 分。"
    assert lines[1].startswith("定级依据：得分 7 分，达到三级（低）的 0 分，未达到二级（中）的 12 分")
    assert "1. 岗位固有风险 3 分：掌握的小微权力为 资金经办。" in lines
    assert "2. 现金支付超限额（test.cash_over_limit）：1 条问题，计 4 分。" in lines
    assert "     记录 ledger:T1：direction=expense，payment_method=cash，amount=1500" in lines
    assert any("所用阈值：params.cash_limit=1000" in line for line in lines)


def test_why_a_rule_did_not_fire_names_the_false_clause(dataset):
    result = _explain(dataset, "--record", "ledger:T2", "--rule", "test.cash_over_limit")
    assert result.exit_code == 0, result.output
    assert "  ✓ payment_method == 'cash'（payment_method=cash）" in result.output
    assert "  ✗ amount > params.cash_limit（amount=500；params.cash_limit=1000）" in result.output
    assert "结论：未触发——上面标 ✗ 的条件不成立。" in result.output


def test_a_record_outside_the_period_is_said_to_be_outside(dataset):
    result = _explain(dataset, "--record", "ledger:T3", "--rule", "test.cash_over_limit")
    assert "不在评估期间 2026-01-01～2026-11-30 内" in result.output
    assert "结论：未触发——记录不在评估期间内。" in result.output


def test_a_fired_rule_shows_its_message(dataset):
    result = _explain(dataset, "--record", "ledger:T1", "--rule", "test.cash_over_limit")
    assert "已触发（medium）：2026-03-01 以现金支付 1,500 元（凭证 V1），超过 1,000 元" in result.output


def test_an_unknown_post_is_a_clear_error(dataset):
    result = _explain(dataset, "--post", "NOPE")
    assert result.exit_code == 3
    assert "评估结果中没有岗位 NOPE" in result.output


def test_split_clauses_keeps_the_source_text():
    assert split_clauses("a == 1 and (b > 2 or c)") == ["a == 1", "b > 2 or c"]
    assert split_clauses("amount > params.x") == ["amount > params.x"]


def test_a_post_is_explained_from_the_latest_saved_assessment(dataset, tmp_path):
    db = f"sqlite:///{tmp_path / 'riskengine.db'}"
    saved = CliRunner().invoke(main, ["assess", str(dataset), "--db", db, "--no-default-rules",
                                      "--rules", str(PACK), "--rules", "rules/scoring.yaml",
                                      "--as-of", "2026-11-30", "--period", "2026-01-01..2026-11-30",
                                      "--format", "json"])
    assert saved.exit_code == 0, saved.output
    result = CliRunner().invoke(main, ["explain", "--post", "P1", "--db", db, "--no-default-rules",
                                       "--rules", str(PACK), "--rules", "rules/scoring.yaml"])
    assert result.exit_code == 0, result.output
    assert "按已保存的评估 A-" in result.output
    assert "岗位 P1（幸福社区 · 报账员）定为三级（低），得分 7 分。" in result.output
    missing = CliRunner().invoke(main, ["explain", "--post", "P9", "--db", db])
    assert missing.exit_code == 3 and "没有评估过岗位 P9" in missing.output
