"""``riskengine demo``: write a realistic demo dataset and assess it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..detectors import Period
from ..messages import text
from ..synth.generate import generate_dataset
from ..synth.world import AS_OF, PERIOD_END, PERIOD_START
from ..workspace import Workspace
from .options import db_option, format_option, output_option
from .output import all_option, check_output, emit
from .report import print_problems, progress_bar
from .tasks import describe_save


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("riskengine-demo"),
    show_default=True,
    help="示例数据写入的目录。",
)
@click.option(
    "--data-format",
    type=click.Choice(["csv", "jsonl", "parquet", "xlsx"]),
    default="csv",
    show_default=True,
    help="示例数据的文件格式。",
)
@click.option("--seed", type=int, default=7, show_default=True, help="随机种子（相同种子生成相同数据）。")
@click.option("--streets", type=int, default=3, show_default=True, help="街道数。")
@click.option("--communities", type=int, default=12, show_default=True, help="每个街道的社区（村）数。")
@format_option
@output_option
@all_option
@db_option
def demo(out_dir, data_format, seed, streets, communities, fmt, output, all_posts, db_url):
    """生成示例台账（几个街道的社区，含若干问题）并评估。"""
    check_output(fmt, output)
    generated = generate_dataset(
        out_dir, seed=seed, fmt=data_format, streets=streets, communities_per_street=communities
    )
    click.echo(text("demo_written", path=generated.path, rows=sum(generated.counts.values())), err=True)
    # The database is the one every other command uses (--db), never inside the dataset folder.
    with Workspace.open(db_url) as workspace:
        with progress_bar(len(workspace.engine.rulebook.rules)) as advance:
            outcome = workspace.assess(
                generated.path, as_of=AS_OF, period=Period(PERIOD_START, PERIOD_END), progress=advance
            )
    result = outcome.result
    click.echo(describe_save(result.to_dict()["assessment_id"], outcome.saved), err=True)
    print_problems(result)
    emit(result, fmt, output, all_posts=all_posts)
    sys.exit(0)
