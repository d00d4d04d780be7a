"""The benchmark's hand-written Polars version (bench/hand) finds what riskengine finds, rule by rule.

bench/compare.py times riskengine against it; the timing means something only if both give the
same findings. Here both assess the session's synthetic dataset, where every shipped rule fires.
"""

from __future__ import annotations

import ast
import collections
import sys
from pathlib import Path

import pytest

from .conftest import AS_OF, PERIOD

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def handwritten(synthetic):
    sys.path.insert(0, str(BENCH))
    try:
        from hand.assess import assess
        from hand.run import packs

        result = assess(synthetic.path, AS_OF, (PERIOD.start, PERIOD.end))
        rules, _ = packs()
    finally:
        sys.path.remove(str(BENCH))
        for name in [m for m in sys.modules if m == "hand" or m.startswith("hand.")]:
            del sys.modules[name]
    return result, sorted(rules)


def _by_rule(findings) -> dict[str, set]:
    """rule id -> the findings as (records, post ids, date, severity)."""
    out = collections.defaultdict(set)
    for f in findings:
        date = f["date"].isoformat() if hasattr(f["date"], "isoformat") else f["date"]
        out[f["rule_id"]].add((tuple(f["records"]), tuple(f["post_ids"]), date, f["severity"]))
    return out


def test_every_shipped_rule_fires_on_the_dataset(synthetic_result, handwritten):
    _, rule_ids = handwritten
    assert len(rule_ids) == 45
    assert sorted(_by_rule(synthetic_result.document["findings"])) == rule_ids


def test_same_findings_rule_by_rule(synthetic_result, handwritten):
    result, rule_ids = handwritten
    ours = _by_rule(synthetic_result.document["findings"])
    theirs = _by_rule(result["findings"].to_dicts())
    for rule_id in rule_ids:
        assert theirs[rule_id] == ours[rule_id], rule_id


def test_same_post_scores_levels_and_tasks(synthetic_result, handwritten):
    result, _ = handwritten
    ours = {p["post_id"]: (p["score"], p["level"]) for p in synthetic_result.document["posts"]}
    theirs = {p["post_id"]: (p["score"], p["level"]) for p in result["posts"].to_dicts()}
    assert theirs == ours
    tasks = {(t["post_id"], t["rule_id"], t["task_id"]) for t in synthetic_result.document["tasks"]}
    assert {tuple(t) for t in result["tasks"].select("post_id", "rule_id", "task_id").rows()} == tasks


def test_the_hand_written_version_does_not_use_the_engine():
    for path in (BENCH / "hand").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(
                n.split(".")[0] in ("riskengine", "riskengine_plugins", "plugins") for n in names
            ), path
