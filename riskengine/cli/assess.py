"""``riskengine assess DATASET``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..messages import text
from ..period import describe_result
from ..workspace import Workspace
from .i18n import Command, Option
from .options import (
    as_of_option,
    db_option,
    format_option,
    no_db_option,
    no_default_rules_option,
    output_format,
    output_option,
    period_option,
    rules_option,
    strict_option,
)
from .output import all_option, emit
from .report import fail_if_strict, print_problems, progress_bar
from .rules_sign import require_signed
from .tasks import describe_save


@click.command(cls=Command, help="help.assess")
@click.argument("dataset", type=click.Path(exists=True, path_type=Path))
@rules_option
@no_default_rules_option
@as_of_option
@period_option
@format_option
@output_option
@all_option
@strict_option
@db_option
@no_db_option
@click.option("--require-signed", "signing_key", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              cls=Option, help="help.assess.require_signed")
@click.option("--save/--no-save", default=True, show_default=True, cls=Option, help="help.assess.save")
def assess(
    dataset, rule_packs, no_default_rules, as_of, period, fmt, output, all_posts, strict, db_url, no_db,
    signing_key, save,
):
    """Assess the posts of DATASET (a ledger folder or one .xlsx workbook)."""
    if no_default_rules and not rule_packs:
        raise click.UsageError(text("no_rules_given"))
    fmt = output_format(fmt, output)
    if signing_key:
        require_signed(rule_packs, signing_key)
    with Workspace.open(None if no_db else db_url, rule_packs=rule_packs,
                        default_packs=not no_default_rules) as workspace:
        rulebook = workspace.engine.rulebook
        if rulebook.unreadable:  # a pack that cannot be read at all: exit 3
            raise rulebook.unreadable[0]
        day = as_of or dt.date.today()
        rulebook.on(day).require_scoring(day)
        with progress_bar(len(rulebook.rules)) as advance:
            outcome = workspace.assess(dataset, as_of=as_of, period=period, progress=advance, save=save)
    result = outcome.result
    if outcome.saved:
        click.echo(describe_save(result.to_dict()["assessment_id"], outcome.saved), err=True)
    click.echo(describe_result(result.document), err=True)  # which period and as-of were used
    print_problems(result)
    emit(result, fmt, output, all_posts=all_posts)
    fail_if_strict(result, strict)
