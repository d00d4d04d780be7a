"""Missing data never looks like success: absent tables are named, rules say why, exit 3."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from tests.conftest import AS_OF, PERIOD

FILES = Path(__file__).parent / "files" / "datasets"


@pytest.fixture(scope="module")
def header_only_ledger(synthetic, tmp_path_factory):
    """The synthetic dataset with its ledger replaced by a header-only ledger.csv."""
    folder = tmp_path_factory.mktemp("header_only_ledger")
    for file in synthetic.path.glob("*.parquet"):
        if file.stem != "ledger":
            shutil.copy(file, folder / file.name)
    shutil.copy(FILES / "header_only" / "ledger.csv", folder / "ledger.csv")
    return folder


def test_a_header_only_ledger_gives_no_findings_from_an_absent_table(
    engine, synthetic_result, header_only_ledger
):
    result = engine.assess(header_only_ledger, as_of=AS_OF, period=PERIOD)
    rule = "finance.disclosure_mismatch"
    assert any(f["rule_id"] == rule for f in synthetic_result.document["findings"])  # with the real ledger
    assert not any(f["rule_id"] == rule for f in result.document["findings"])
    reasons = {n["rule_id"]: n["reason"] for n in result.document["not_evaluated"]}
    assert reasons[rule] == "缺少 ledger 数据（ledger.csv 只有表头，没有数据行），未评估"
    assert "ledger.csv 只有表头，没有数据行" in result.document["notices"]
    ledger = next(i for i in result.document["inputs"] if i["type"] == "ledger")
    assert (ledger["rows"], ledger["rows_evaluated"], ledger["rows_rejected"]) == (0, 0, 0)


def run(*args):
    return CliRunner().invoke(main, ["assess", *args, "--no-db"])


def test_a_folder_without_ledgers_exits_3_naming_it():
    outcome = run(str(FILES / "no_ledgers"), "--as-of", "2026-11-30")
    assert outcome.exit_code == 3
    assert "no_ledgers 中没有台账文件" in outcome.output


def test_nothing_readable_exits_3_with_the_reason_per_file():
    outcome = run(str(FILES / "header_only"), "--as-of", "2026-11-30")
    assert outcome.exit_code == 3
    assert "没有读到任何数据行：ledger.csv 只有表头，没有数据行" in outcome.output
