"""Cross-record lookups in condition rules: joins compiled into the same column-wise query."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from riskengine.authoring.rule_tests import run_tests
from riskengine.cli import main

FILES = Path(__file__).parent / "files" / "lookups"


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = (FILES / "cadre_welfare.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "pack.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _check(path: Path) -> str:
    result = CliRunner().invoke(main, ["rules", "check", str(path)])
    assert result.exit_code == 1
    return result.output


def test_a_lookup_rule_finds_cadres_paid_by_their_own_community():
    report = run_tests([FILES])
    assert not report.failed and not report.load_errors
    assert len(report.results) == 2


def test_a_misspelt_lookup_field_is_located_with_a_suggestion(tmp_path):
    out = _check(_broken(tmp_path, "holder.org_id == org_id", "holder.orgid == org_id"))
    assert "pack.yaml:20:" in out and "未知字段 'holder.orgid'，是否指 'holder.org_id'？" in out


def test_a_join_key_that_is_not_a_field_is_located(tmp_path):
    out = _check(_broken(tmp_path, "match: {person_id: holder_id}", "match: {person_id: holder}"))
    assert "pack.yaml:19:" in out and "'holder' 不是 posts 的字段" in out


def test_an_unknown_record_type_in_a_lookup_is_located(tmp_path):
    out = _check(_broken(tmp_path, "from: posts", "from: postz"))
    assert "未知的记录类型 'postz'" in out


def test_a_lookup_named_like_a_field_is_refused(tmp_path):
    out = _check(_broken(tmp_path, "holder: {from", "amount: {from"))
    assert "查找名 'amount' 与字段或保留字同名" in out
