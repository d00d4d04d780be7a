"""The rule tests shipped beside the packs (rules/<pack>.tests.yaml) pass and cover every rule.

Each pack listed in ``COVERED_PACKS`` must have, for every one of its rules, at least
``MIN_CASES`` cases, with at least one positive case (findings expected) and one negative case
(none expected). Add a pack id here once its ``.tests.yaml`` covers all of its rules.
"""

from __future__ import annotations

from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from riskengine.authoring.rule_tests import RuleTestCase, RuleTestReport, run_tests
from riskengine.engine import Engine

#: Packs whose every rule must be covered by the shipped test cases.
COVERED_PACKS = ["cn/finance-disclosure", "cn/procurement", "cn/welfare", "cn/cadre-conduct", "cn/recurrence"]
MIN_CASES = 3

RULES_FOLDER = Path(str(resources.files("riskengine_rules")))


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create()


@pytest.fixture(scope="module")
def report(engine: Engine) -> RuleTestReport:
    return run_tests([RULES_FOLDER], engine=engine)


def test_shipped_test_files_and_data_are_installed():
    for pack in ("finance_disclosure", "procurement", "cadre_conduct"):
        assert (RULES_FOLDER / f"{pack}.tests.yaml").is_file()
        assert any((RULES_FOLDER / "testdata" / pack).glob("*.csv")), pack
    for pack in ("welfare", "recurrence"):
        assert (RULES_FOLDER / f"{pack}.tests.yaml").is_file()


def test_shipped_rule_tests_load(report: RuleTestReport):
    assert not report.load_errors, "\n".join(str(error) for error in report.load_errors)


def test_no_shipped_case_fails(report: RuleTestReport):
    failed = [
        f"{r.case.rule_id} {r.case.name} ({r.case.location}):\n  " + "\n  ".join(r.problems)
        for r in report.failed
    ]
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("pack_id", COVERED_PACKS)
def test_every_rule_of_the_pack_has_positive_and_negative_cases(
    pack_id: str, engine: Engine, report: RuleTestReport
):
    rule_ids = sorted(rule.id for rule in engine.rulebook.rules if rule.pack_id == pack_id)
    assert rule_ids, f"pack {pack_id} not loaded"
    cases: dict[str, list[RuleTestCase]] = defaultdict(list)
    for result in report.results:
        cases[result.case.rule_id].append(result.case)
    short = {}
    for rule_id in rule_ids:
        kinds = [case.kind for case in cases[rule_id]]
        if len(kinds) < MIN_CASES or "positive" not in kinds or "negative" not in kinds:
            short[rule_id] = f"{kinds.count('positive')} positive, {kinds.count('negative')} negative"
    assert not short, f"{pack_id}: rules short of cases (need {MIN_CASES}, ≥1 positive, ≥1 negative): {short}"


def test_statistical_cases_read_their_tables_from_testdata(report: RuleTestReport):
    outlier = report.cases_per_rule()["conduct.complaint_outlier"]
    files = {t for c in outlier for t in c.tables.values() if isinstance(t, Path)}
    assert files and all(RULES_FOLDER / "testdata" in f.resolve().parents or
                         RULES_FOLDER.resolve() / "testdata" in f.resolve().parents for f in files)
