"""``riskengine rules check|list|schema``: help for rule-pack authors."""

from __future__ import annotations

import json
import sys

import click

from ..engine import Engine
from ..messages import text
from ..packs.check import check_packs
from ..packs.schema_errors import rulepack_schema
from .i18n import Group, Option
from .options import parse_date


@click.group(cls=Group, help="help.rules")
def rules() -> None:
    """Check and list rule packs and rules."""


@rules.command("check", help="help.rules.check")
@click.argument("packs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--as-of", callback=parse_date, metavar="DATE", cls=Option, help="help.rules.check.as_of"
)
def check(packs, as_of) -> None:
    """Check rule packs: every error with file:line:column (exit 0 passed, 1 errors, 3 unreadable)."""
    result = check_packs(packs, as_of=as_of)
    for notice in result.notices:
        click.echo(text("notice", text=notice), err=True)
    if result.warnings:
        click.secho(text("check_warnings"), fg="yellow", err=True)
        for warning in result.warnings:
            click.echo(f"  {warning}", err=True)
    for problem in result.problems:
        click.echo(problem, err=True)
    if result.exit_code:
        sys.exit(result.exit_code)
    passed = text("check_passed", n=result.rules)
    if result.overrides:
        passed += text("check_passed_overrides", n=result.overrides)
    click.echo(passed)


@rules.command("list", help="help.rules.list")
@click.option("--rules", "rule_packs", multiple=True, type=click.Path(exists=True, dir_okay=False),
              cls=Option, help="help.opt.rules")
def list_rules(rule_packs) -> None:
    """List the loaded rules: id, severity, title."""
    engine = Engine.create(rule_packs=rule_packs)
    for rule in engine.rulebook.rules:
        kind = f"detector:{rule.detector.name}" if rule.detector else f"condition on {rule.record_type}"
        click.echo(f"{rule.id:42} {rule.severity:8} {rule.title}  [{kind}]")


@rules.command("schema", help="help.rules.schema")
def schema() -> None:
    """Print the rule-pack JSON Schema (for editors)."""
    click.echo(json.dumps(rulepack_schema(), ensure_ascii=False, indent=2))


# Rule-author tooling lives in its own modules; the `rules` group only gathers them.
from .rules_author import detectors, init  # noqa: E402
from .rules_compare import compare  # noqa: E402
from .rules_diff import diff  # noqa: E402
from .rules_show import show  # noqa: E402
from .rules_sign import keygen, sign, verify  # noqa: E402
from .rules_test import test as _test  # noqa: E402

for _command in (_test, init, detectors, show, compare, diff, keygen, sign, verify):
    rules.add_command(_command)
