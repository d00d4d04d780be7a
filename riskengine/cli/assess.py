"""``riskengine assess DATASET``."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import click

from ..engine import Engine
from ..messages import text
from ..storage.store import Store
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
def assess(
    dataset, rule_packs, no_default_rules, as_of, period, fmt, output, all_posts, strict, db_url, no_db,
    signing_key,
):
    """Assess the posts of DATASET (a ledger folder or one .xlsx workbook)."""
    if no_default_rules and not rule_packs:
        raise click.UsageError(text("no_rules_given"))
    fmt = output_format(fmt, output)
    if signing_key:
        require_signed(rule_packs, signing_key)
    engine = Engine.create(rule_packs=rule_packs, default_packs=not no_default_rules)
    if engine.rulebook.unreadable:  # a pack that cannot be read at all: exit 3, as documented
        raise engine.rulebook.unreadable[0]
    day = as_of or dt.date.today()
    engine.rulebook.on(day).require_scoring(day)  # before the database is touched
    with Store(db_url) if not no_db else contextlib.nullcontext() as store:
        if store:
            store.upgrade()
        with progress_bar(len(engine.rulebook.rules)) as advance:
            result = engine.assess(dataset, as_of=as_of, period=period, progress=advance,
                                   task_history=store.history() if store else None)
        if store:
            click.echo(describe_save(result.to_dict()["assessment_id"], store.save(result)), err=True)
    print_problems(result)
    emit(result, fmt, output, all_posts=all_posts)
    fail_if_strict(result, strict)
