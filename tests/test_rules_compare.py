"""`riskengine rules compare OLD NEW DATASET`: what a revision would change, before it is published."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from riskengine.cli import main

FILES = Path(__file__).parent / "files"


def _dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "ledgers"
    folder.mkdir()
    (folder / "posts.csv").write_text(
        "post_id,org_id,title,category,holder_id,powers\nP1,C1,报账员,cashier,H1,fund_handling\n",
        encoding="utf-8")
    header = ("txn_id,org_id,date,direction,amount,category,counterparty_type,counterparty_id,"
              "payment_method,handled_by,voucher_no\n")
    rows = [f"T{i},C1,2026-03-{i:02d},expense,{amount},office,company,X1,cash,P1,V{i}"
            for i, amount in enumerate((800, 700, 600, 550, 900, 950), start=1)]
    (folder / "ledger.csv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return folder


def _packs(tmp_path: Path) -> tuple[Path, Path]:
    old = (FILES / "ruletests" / "cash.yaml").read_text(encoding="utf-8")
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    new = old.replace("cash_limit: 1000", "cash_limit: 500").replace("version: 1.0.0", "version: 1.1.0")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    return tmp_path / "old.yaml", tmp_path / "new.yaml"


def test_compare_lists_appearing_findings_and_level_changes(tmp_path):
    old, new = _packs(tmp_path)
    args = ["rules", "compare", str(old), str(new), str(_dataset(tmp_path)), "--as-of", "2026-11-30"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "旧 test/cash 1.0.0 → 新 test/cash 1.1.0" in result.output
    assert "现金支付超限额（test.cash_over_limit）：0 → 6 条（新增 6，消失 0）" in result.output
    assert "+ C1 ledger:T2「2026-03-02 以现金支付 700 元（凭证 V2），超过 500 元」" in result.output
    assert "P1（C1 · 报账员）：三级（低） → 二级（中）" in result.output


def test_compare_as_json(tmp_path):
    old, new = _packs(tmp_path)
    args = ["rules", "compare", str(old), str(new), str(_dataset(tmp_path)), "--as-of", "2026-11-30",
            "--format", "json"]
    doc = json.loads(CliRunner().invoke(main, args).output)
    [rule] = doc["rules"]
    assert rule["rule_id"] == "test.cash_over_limit"
    assert sorted(f["records"][0] for f in rule["appeared"]) == [f"ledger:T{i}" for i in range(1, 7)]
    assert doc["posts"][0]["level_before"] == "low" and doc["posts"][0]["level_after"] == "medium"


def test_identical_packs_say_nothing_changes(tmp_path):
    old, _ = _packs(tmp_path)
    args = ["rules", "compare", str(old), str(old), str(_dataset(tmp_path)), "--as-of", "2026-11-30"]
    assert "两版规则包在该数据上的问题与等级完全相同。" in CliRunner().invoke(main, args).output
