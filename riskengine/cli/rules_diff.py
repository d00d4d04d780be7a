"""``riskengine rules diff A B``: what a revision changes, field by field."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import RiskEngineError
from ..messages import text
from . import exits


@click.command("diff", help="help.rules.diff")
@click.argument("before", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("after", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def diff(before: Path, after: Path) -> None:
    """Compare two rule packs (or two versions of one): parameters, rules and their fields."""
    from ..authoring.pack_diff import diff_packs

    try:
        result = diff_packs(before, after)
    except RiskEngineError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exits.INPUT_ERROR)
    click.echo(text("diff_head", before=result.before, after=result.after))
    if result.empty:
        click.echo(text("diff_same"))
        return
    for key, changes in (("diff_meta", result.meta), ("diff_parameters", result.parameters)):
        if changes:
            click.echo(text(key))
            _changes(changes)
    if result.rules_added:
        click.echo(click.style(text("diff_rules_added", rules="、".join(result.rules_added)), fg="green"))
    if result.rules_removed:
        click.echo(click.style(text("diff_rules_removed", rules="、".join(result.rules_removed)), fg="red"))
    for rule_id, changes in result.rules_changed.items():
        click.echo(text("diff_rule", rule=rule_id))
        _changes(changes)
    if result.other:
        click.echo(text("diff_other"))
        _changes(result.other)


def _changes(changes) -> None:
    for change in changes:
        if change.kind == "added":
            click.echo(click.style(f"  + {change.path}: {_show(change.after)}", fg="green"))
        elif change.kind == "removed":
            click.echo(click.style(f"  - {change.path}: {_show(change.before)}", fg="red"))
        else:
            click.echo(f"  ~ {change.path}: {_show(change.before)} → {_show(change.after)}")


def _show(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)
