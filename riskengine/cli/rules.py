"""``riskengine rules check|list|schema``: help for rule-pack authors."""

from __future__ import annotations

import json
import sys

import click

from ..engine import Engine
from ..messages import text
from ..schema_errors import rulepack_schema
from . import exits
from .i18n import Group, Option


@click.group(cls=Group, help="help.rules")
def rules() -> None:
    """Check and list rule packs and rules."""


@rules.command("check", help="help.rules.check")
@click.argument("packs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def check(packs) -> None:
    """Check rule packs: every error with file:line:column; exit 0 when all pass."""
    engine = Engine.create(rule_packs=packs)
    problems = engine.problems
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(exits.STRICT_FAILED)
    loaded = [r for r in engine.rulebook.rules if any(r.pack_id == p.id for p in engine.rulebook.packs)]
    click.echo(text("rules_check_ok", n=len(loaded)))


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
from .rules_sign import keygen, sign, verify  # noqa: E402
from .rules_test import test as _test  # noqa: E402

for _command in (_test, init, detectors, compare, keygen, sign, verify):
    rules.add_command(_command)
