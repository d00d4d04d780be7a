"""The shipped welfare, cadre-conduct and recurrence packs carry rule tests that pass.

Every rule of those packs has at least three cases (``rules/<pack>.tests.yaml``), among them at least
one positive case (a finding expected) and one negative case (none expected).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from riskengine.authoring.rule_tests import RuleTestReport, run_tests

RULES = Path(__file__).resolve().parents[1] / "rules"
#: Rule-id prefixes of the packs covered here: welfare.yaml (welfare.*), cadre_conduct.yaml and
#: recurrence.yaml (conduct.*).
PREFIXES = ("welfare.", "conduct.")
#: 10 welfare rules, 7 cadre-conduct rules and conduct.recurrence.
N_RULES = 18


@pytest.fixture(scope="module")
def report() -> RuleTestReport:
    return run_tests([RULES])


def test_shipped_rule_tests_load_and_pass(report):
    assert not report.load_errors, [str(e) for e in report.load_errors]
    failed = {f"{r.case.rule_id}: {r.case.name}": r.problems for r in report.failed}
    assert not failed, failed


def test_every_welfare_and_conduct_rule_has_positive_negative_and_boundary_cases(report):
    per_rule = {rule_id: cases for rule_id, cases in report.cases_per_rule().items()
                if rule_id.startswith(PREFIXES)}
    assert len([r for r in report.rules if r.startswith(PREFIXES)]) == N_RULES
    thin = {
        rule_id: [c.kind for c in cases]
        for rule_id, cases in per_rule.items()
        if len(cases) < 3
        or not any(c.kind == "positive" for c in cases)
        or not any(c.kind == "negative" for c in cases)
    }
    assert not thin, thin


def test_statistical_cases_read_their_tables_from_testdata(report):
    outlier = [c for c in report.cases_per_rule()["conduct.complaint_outlier"]]
    files = {t for c in outlier for t in c.tables.values() if isinstance(t, Path)}
    assert files and all(RULES / "testdata" in f.parents for f in files)
