"""Signed rule packs: `rules keygen|sign|verify` and `assess --require-signed`."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from riskengine.cli import main

PACK = Path(__file__).parent / "files" / "ruletests" / "cash.yaml"
DATASET = Path(__file__).parent / "files" / "street_a"


def _signed(tmp_path: Path) -> tuple[Path, Path]:
    pack = tmp_path / "cash.yaml"
    shutil.copyfile(PACK, pack)
    runner = CliRunner()
    assert runner.invoke(main, ["rules", "keygen", str(tmp_path / "prov.key")]).exit_code == 0
    result = runner.invoke(main, ["rules", "sign", str(pack), "--key", str(tmp_path / "prov.key")])
    assert result.exit_code == 0, result.output
    return pack, tmp_path / "prov.key.pub"


def test_a_signed_pack_verifies(tmp_path):
    pack, public = _signed(tmp_path)
    result = CliRunner().invoke(main, ["rules", "verify", str(pack), "--key", str(public)])
    assert result.exit_code == 0, result.output
    assert "签名有效" in result.output and "test/cash 1.0.0" in result.output


def test_an_altered_pack_is_refused(tmp_path):
    pack, public = _signed(tmp_path)
    pack.write_text(pack.read_text(encoding="utf-8").replace("cash_limit: 1000", "cash_limit: 9000"),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "verify", str(pack), "--key", str(public)])
    assert result.exit_code == 1
    assert "签名后被修改过" in result.output


def test_another_key_is_refused(tmp_path):
    pack, _ = _signed(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    CliRunner().invoke(main, ["rules", "keygen", str(other / "k")])
    result = CliRunner().invoke(main, ["rules", "verify", str(pack), "--key", str(other / "k.pub")])
    assert result.exit_code == 1
    assert "另一把密钥" in result.output


def test_a_forged_signature_file_is_refused(tmp_path):
    pack, public = _signed(tmp_path)
    sig = pack.with_name(pack.name + ".sig")
    text = sig.read_text(encoding="utf-8")
    sig.write_text(text.replace('"version": "1.0.0"', '"version": "9.9.9"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "verify", str(pack), "--key", str(public)])
    assert result.exit_code == 1
    assert "签名无效" in result.output


def test_assess_require_signed_refuses_unsigned_and_runs_signed(tmp_path):
    pack, public = _signed(tmp_path)
    unsigned = tmp_path / "unsigned.yaml"
    shutil.copyfile(PACK, unsigned)
    base = ["assess", str(DATASET), "--no-db", "--as-of", "2026-11-30", "--format", "json",
            "--require-signed", str(public)]
    refused = CliRunner().invoke(main, [*base, "--rules", str(unsigned)])
    assert refused.exit_code == 3
    assert "没有签名" in refused.output
    accepted = CliRunner().invoke(main, [*base, "--rules", str(pack)])
    assert accepted.exit_code == 0, accepted.output
    assert '"test/cash"' in accepted.output
