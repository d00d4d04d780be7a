"""The same ledgers, clean or messy as real ledgers are, give the same findings.

A generated dataset (``riskengine_synth``) is written twice: clean, and as its messy twin
(see :mod:`tests.messy`: title rows, Chinese headers, formatted amounts and dates, total
rows, stray spaces, and three ledger lines broken on purpose). The clean twin leaves out the
three broken rows; everything else must come out the same.
"""

from __future__ import annotations

import csv

import pytest
from riskengine_synth.generate import generate_dataset

from riskengine.data.records import load_builtin_record_types
from tests.conftest import AS_OF, PERIOD
from tests.messy import write_messy_file

TYPES = {t.name: t for t in load_builtin_record_types()}
BREAK = {5: "quote", 40: "extra"}  # data row index -> how the line is broken; plus one GBK line


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    base = tmp_path_factory.mktemp("twins")
    source = generate_dataset(base / "source", seed=11, fmt="csv", streets=1, communities_per_street=6).path
    clean, messy = base / "clean", base / "messy"
    clean.mkdir()
    messy.mkdir()
    broken: dict[str, int] = {}
    for file in sorted(source.glob("*.csv")):
        with file.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        plan: dict[int, str] = {}
        if file.stem == "ledger":
            plan = dict(BREAK)
            plan[next(i for i, r in enumerate(rows) if i > 20 and not r["description"].isascii())] = "gbk"
        rows_broken = write_messy_file(file, messy / file.name, TYPES[file.stem], plan)
        broken.update({rows[i]["txn_id"]: row for i, row in rows_broken.items()})
        with (clean / file.name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else [])
            writer.writeheader()
            writer.writerows(r for i, r in enumerate(rows) if i not in plan)
    return clean, messy, broken


@pytest.fixture(scope="module")
def results(engine, twins):
    clean, messy, _ = twins
    return (
        engine.assess(clean, as_of=AS_OF, period=PERIOD),
        engine.assess(messy, as_of=AS_OF, period=PERIOD),
    )


def test_messy_twin_gives_the_same_findings_posts_and_tasks(results):
    clean, messy = results
    assert clean.document["findings"]  # the comparison means something
    assert messy.document["findings"] == clean.document["findings"]
    assert messy.document["posts"] == clean.document["posts"]
    assert messy.document["tasks"] == clean.document["tasks"]
    assert messy.document["not_evaluated"] == clean.document["not_evaluated"]


def test_only_the_lines_broken_on_purpose_are_rejected(results, twins):
    _, messy = results
    broken = twins[2]
    assert len(broken) == 3
    assert sorted((r["source"], r["row"]) for r in messy.document["rejected"]) == sorted(
        ("ledger.csv", row) for row in broken.values()
    )
    errors = sorted(r["error"] for r in messy.document["rejected"])
    assert errors == sorted(
        [
            "引号不成对或位置不对，无法确定各字段的边界",
            "该行不是 UTF-8 编码（与文件其余部分不同，可能是 GBK），未读取",
            "有 15 个字段，而表头有 14 列",
        ]
    )


def test_every_row_is_accounted_for(results):
    clean, messy = results
    clean_rows = {i["type"]: i for i in clean.document["inputs"]}
    for info in messy.document["inputs"]:
        assert info["rows"] == info["rows_evaluated"] + info["rows_rejected"]
        extra = 3 if info["type"] == "ledger" else 0
        assert info["rows"] == clean_rows[info["type"]]["rows"] + extra
        assert info["rows_evaluated"] == clean_rows[info["type"]]["rows_evaluated"]


def test_each_rewrite_is_noticed_once_per_file_and_column(results):
    _, messy = results
    notices = messy.document["notices"]
    grouped = [n for n in notices if n.startswith("ledger.csv 的 amount 列有") and "千分位" in n]
    assert len(grouped) == 1
    assert "ledger.csv：第 1 行在表头之上（标题），已跳过" in notices
    total = "行是合计行，不是记录，未读取"
    totals = [n for n in notices if n.startswith("ledger.csv：第 ") and n.endswith(total)]
    assert len(totals) == 1
