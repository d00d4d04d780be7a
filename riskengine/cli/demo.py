"""``riskengine demo``: write a realistic demo dataset and assess it."""

from __future__ import annotations

import os
from pathlib import Path

import click
from riskengine_synth.dates import AS_OF, PERIOD_END, PERIOD_START
from riskengine_synth.generate import generate_dataset

from ..data.period import Period
from ..messages import text
from ..workspace import Workspace
from .i18n import Command, Option
from .options import db_option, format_option, no_db_option, output_format, output_option
from .output import all_option, emit
from .report import print_problems, progress_bar
from .tasks import describe_save


def _check_out_dir(ctx, param, value: Path) -> Path:
    """The demo folder (or its nearest existing parent) must be writable before anything is generated."""
    existing = next(p for p in [value, *value.absolute().parents] if p.exists())
    if not existing.is_dir() or not os.access(existing, os.W_OK):
        raise click.BadParameter(text("output_not_writable", path=value))
    return value


@click.command(cls=Command, help="help.demo")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), callback=_check_out_dir,
              default=Path("riskengine-demo"), show_default=True, cls=Option, help="help.demo.out")
@click.option("--data-format", type=click.Choice(["csv", "jsonl", "parquet", "xlsx"]), default="csv",
              show_default=True, cls=Option, help="help.demo.data_format")
@click.option("--seed", type=int, default=7, show_default=True, cls=Option, help="help.demo.seed")
@click.option("--streets", type=click.IntRange(1, 50), default=3, show_default=True, cls=Option,
              help="help.demo.streets")
@click.option("--communities", type=click.IntRange(1, 200), default=12, show_default=True, cls=Option,
              help="help.demo.communities")
@format_option
@output_option
@all_option
@db_option
@no_db_option
def demo(out_dir, data_format, seed, streets, communities, fmt, output, all_posts, db_url, no_db):
    """Generate a demo dataset with planted problems and assess it (its database: ``--db``, not inside it)."""
    fmt = output_format(fmt, output)
    # The database is the one every other command uses (--db), never inside the dataset folder;
    # it is opened (and created) before anything is generated, so a bad --db stops the demo first.
    with Workspace.open(None if no_db else db_url) as workspace:
        generated = generate_dataset(
            out_dir, seed=seed, fmt=data_format, streets=streets, communities_per_street=communities
        )
        click.echo(text("demo_written", path=generated.path, rows=sum(generated.counts.values())), err=True)
        with progress_bar(len(workspace.engine.rulebook.rules)) as advance:
            outcome = workspace.assess(
                generated.path, as_of=AS_OF, period=Period(PERIOD_START, PERIOD_END), progress=advance
            )
    result = outcome.result
    if outcome.saved:
        click.echo(describe_save(result.assessment_id, outcome.saved), err=True)
    print_problems(result)
    emit(result, fmt, output, all_posts=all_posts)
