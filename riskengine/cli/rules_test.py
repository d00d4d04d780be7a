"""``riskengine rules test PATH...``: run the test cases that live beside rule packs."""

from __future__ import annotations

import sys

import click

from ..authoring.rule_tests import RuleTestReport, run_tests
from ..messages import text
from . import exits


@click.command("test", help="help.rules.test")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--min-coverage", type=click.FloatRange(0, 100), default=None,
              help="help.rules.test.min_coverage")
@click.option("--coverage", "show_coverage", is_flag=True, help="help.rules.test.coverage")
def test(paths, min_coverage, show_coverage) -> None:
    """Run the test cases beside rule packs (*.tests.yaml) and report them like unit tests."""
    report = run_tests(paths)
    for error in report.load_errors:
        click.echo(str(error), err=True)
    if not report.results and not report.load_errors:
        click.echo(text("ruletest_none_found"), err=True)
    _print_results(report)
    _print_coverage(report, show_coverage)
    percent = report.coverage * 100
    if report.load_errors:
        sys.exit(exits.INPUT_ERROR)
    if report.failed:
        sys.exit(exits.STRICT_FAILED)
    if min_coverage is not None and percent + 1e-9 < min_coverage:
        click.echo(text("ruletest_below_coverage", percent=f"{percent:.1f}%", minimum=f"{min_coverage:g}%"),
                   err=True)
        sys.exit(exits.STRICT_FAILED)


def _print_results(report: RuleTestReport) -> None:
    for result in report.results:
        case = result.case
        mark = click.style("✓ " + text("ruletest_pass"), fg="green") if result.passed else click.style(
            "✗ " + text("ruletest_fail"), fg="red")
        click.echo(f"{mark}  {case.rule_id}  {case.name}  ({case.location})")
        if result.problems:
            click.echo(text("ruletest_expected_header"))
            for problem in result.problems:
                click.echo(f"    {problem}")
    passed = len(report.results) - len(report.failed)
    click.echo(text("ruletest_summary", total=len(report.results), passed=passed, failed=len(report.failed)))


def _print_coverage(report: RuleTestReport, detailed: bool) -> None:
    if not report.rules:
        return
    tested = len(report.rules) - len(report.untested)
    click.echo(text("ruletest_coverage", tested=tested, total=len(report.rules),
                    percent=f"{report.coverage * 100:.1f}%"))
    if detailed:
        for rule_id, cases in sorted(report.cases_per_rule().items()):
            if rule_id not in report.rules:
                continue
            positive = sum(1 for c in cases if c.kind == "positive")
            click.echo(text("ruletest_coverage_rule", rule=rule_id, title=report.rules[rule_id],
                            positive=positive, negative=len(cases) - positive))
    if report.untested:
        click.echo(text("ruletest_untested", rules="、".join(report.untested)))
