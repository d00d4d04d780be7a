"""``riskengine assess DATASET``."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import click

from ..data.period import describe
from ..messages import text
from ..profile import profiling, stage
from .i18n import Command, Option
from .options import (
    FORMATS,
    as_of_option,
    db_option,
    no_db_option,
    no_default_rules_option,
    output_format,
    period_option,
    rules_option,
    strict_option,
)
from .options import _check_output as check_output_file
from .output import all_option, emit
from .report import fail_if_strict, print_problems, progress_bar


@click.command(cls=Command, help="help.assess")
@click.argument("dataset", type=click.Path(exists=True, path_type=Path))
@rules_option
@no_default_rules_option
@as_of_option
@period_option
@click.option(
    "--format", "fmt", type=click.Choice([*FORMATS, "parquet"]), cls=Option, help="help.assess.format"
)
@click.option("--output", "-o", type=click.Path(), cls=Option, help="help.assess.output")
@all_option
@strict_option
@db_option
@no_db_option
@click.option("--require-signed", "signing_key", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              cls=Option, help="help.assess.require_signed")
@click.option("--save/--no-save", default=True, show_default=True, cls=Option, help="help.assess.save")
@click.option("--profile", is_flag=True, cls=Option, help="help.assess.profile")
def assess(
    dataset, rule_packs, no_default_rules, as_of, period, fmt, output, all_posts, strict, db_url, no_db,
    signing_key, save, profile,
):
    """Assess the posts of DATASET (a ledger folder or one .xlsx workbook)."""
    if no_default_rules and not rule_packs:
        raise click.UsageError(text("no_rules_given"))
    if fmt != "parquet":  # parquet writes a directory; every other format one file
        output = check_output_file(None, None, output)
    fmt = output_format(fmt, output)
    if signing_key:
        from .rules_sign import require_signed  # cryptography only when signatures are asked for

        require_signed(rule_packs, signing_key)
    with profiling() if profile else contextlib.nullcontext() as measured:
        if no_db:
            result = _assess_without_db(dataset, rule_packs, no_default_rules, as_of, period)
        else:
            result = _assess_with_db(dataset, rule_packs, no_default_rules, as_of, period, db_url, save)
        meta = result.meta  # which period and as-of were used
        click.echo(describe(meta.period, meta.period_source, meta.as_of), err=True)
        print_problems(result)
        with stage("output"):
            emit(result, fmt, output, all_posts=all_posts)
    if measured is not None:
        measured.report()
    fail_if_strict(result, strict)


def _checked(rulebook, as_of):
    """Stop (exit 3) on a pack that cannot be read at all, or with no scoring pack in force."""
    if rulebook.unreadable:
        raise rulebook.unreadable[0]
    day = as_of or dt.date.today()
    rulebook.on(day).require_scoring(day)
    return rulebook


def _assess_without_db(dataset, rule_packs, no_default_rules, as_of, period):
    # The engine alone: without a database, a workspace adds nothing but the import of SQLAlchemy
    # and Alembic (half a second of start-up). Data is loaded as Workspace.assess loads it.
    from ..data.dataset import load_dataset
    from ..engine import Engine

    with stage("setup"):
        engine = Engine.create(rule_packs=rule_packs, default_packs=not no_default_rules)
    rulebook = _checked(engine.rulebook, as_of)
    data = load_dataset(Path(dataset), engine.registry.record_types, require_data=True)
    with progress_bar(len(rulebook.rules)) as advance:
        return engine.assess(data, as_of=as_of, period=period, progress=advance)


def _assess_with_db(dataset, rule_packs, no_default_rules, as_of, period, db_url, save):
    from ..workspace import Workspace
    from .tasks import describe_save

    with stage("setup"):
        workspace = Workspace.open(db_url, rule_packs=rule_packs, default_packs=not no_default_rules)
    with workspace:
        rulebook = _checked(workspace.engine.rulebook, as_of)
        with progress_bar(len(rulebook.rules)) as advance:
            outcome = workspace.assess(dataset, as_of=as_of, period=period, progress=advance, save=save)
    result = outcome.result
    if outcome.saved:
        click.echo(describe_save(result.assessment_id, outcome.saved), err=True)
    return result
