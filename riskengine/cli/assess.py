"""``riskengine assess DATASET``."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from ..errors import RiskEngineError
from ..messages import text
from ..period import describe_result
from ..profile import profiling, stage
from . import exits
from .options import (
    as_of_option,
    db_option,
    no_default_rules_option,
    period_option,
    rules_option,
    strict_option,
)
from .output import all_option, check_output, emit
from .report import print_problems, progress_bar, strict_failures


@click.command()
@click.argument("dataset", type=click.Path(exists=True, path_type=Path))
@rules_option
@no_default_rules_option
@as_of_option
@period_option
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx", "parquet"]), default="table",
    show_default=True,
    help="输出格式：终端表格、JSON、CSV、Excel 工作簿（xlsx 须用 -o 指定 .xlsx 文件）"
    "或 parquet（须用 -o 指定目录，大型评估用）。",
)
@click.option(
    "--output", "-o", type=click.Path(writable=True), help="写入文件（默认输出到终端；parquet 为目录）。"
)
@all_option
@strict_option
@db_option
@click.option("--no-db", is_flag=True, help="不读写数据库：不保存整改任务，也不做整改后复发检查。")
@click.option("--require-signed", "signing_key", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="要求 --rules 给出的每个规则包都带有该公钥（KEY.pub）的有效签名，否则不评估。")
@click.option("--save/--no-save", default=True, show_default=True,
              help="把评估结果和整改任务保存到数据库（--no-save 只读取已销号任务做复发检查）。")
@click.option("--profile", is_flag=True, help="在标准错误输出打印各阶段、各规则的耗时和内存峰值。")
def assess(
    dataset, rule_packs, no_default_rules, as_of, period, fmt, output, all_posts, strict, db_url, no_db,
    signing_key, save, profile,
):
    """评估 DATASET（台账目录，或一个 .xlsx 工作簿）中各岗位的廉政风险。

    \b
    退出码：0 完成；1 严格模式下存在拒收数据、未评估规则或规则包错误；
    2 命令参数错误；3 数据或规则包无法读取；4 程序内部错误。

    评估结果中的整改任务保存到数据库（--db，默认当前目录的 riskengine.db），
    已销号任务用于“整改后复发”检查；--no-db 则不读写数据库。
    """
    check_output(fmt, output)
    if signing_key:
        from .rules_sign import require_signed  # cryptography only when signatures are asked for

        require_signed(rule_packs, signing_key)
    with profiling() if profile else contextlib.nullcontext() as measured:
        try:
            if no_db:
                result = _assess_without_db(dataset, rule_packs, no_default_rules, as_of, period)
            else:
                result = _assess_with_db(dataset, rule_packs, no_default_rules, as_of, period, db_url, save)
        except RiskEngineError as exc:
            click.echo(str(exc), err=True)
            sys.exit(exits.INPUT_ERROR)
        click.echo(describe_result(result.document), err=True)  # which period and as-of were used
        print_problems(result)
        with stage("output"):
            emit(result, fmt, output, all_posts=all_posts)
    if measured is not None:
        measured.report()
    failures = strict_failures(result) if strict else []
    if failures:
        click.echo(text("strict_failed", what="；".join(failures)), err=True)
        sys.exit(exits.STRICT_FAILED)


def _assess_without_db(dataset, rule_packs, no_default_rules, as_of, period):
    # The engine alone: without a database, a workspace adds nothing but the import of SQLAlchemy
    # and Alembic (half a second of start-up). Data is loaded as Workspace.assess loads it.
    from ..dataset import load_dataset
    from ..engine import Engine

    with stage("setup"):
        engine = Engine.create(rule_packs=rule_packs, default_packs=not no_default_rules)
    if engine.rulebook.unreadable:  # a pack that cannot be read at all: exit 3
        raise engine.rulebook.unreadable[0]
    data = load_dataset(Path(dataset), engine.registry.record_types, require_data=True)
    with progress_bar(len(engine.rulebook.rules)) as advance:
        return engine.assess(data, as_of=as_of, period=period, progress=advance)


def _assess_with_db(dataset, rule_packs, no_default_rules, as_of, period, db_url, save):
    from ..workspace import Workspace
    from .tasks import describe_save

    with stage("setup"):
        workspace = Workspace.open(db_url, rule_packs=rule_packs, default_packs=not no_default_rules)
    with workspace:
        if workspace.engine.rulebook.unreadable:  # a pack that cannot be read at all: exit 3
            raise workspace.engine.rulebook.unreadable[0]
        with progress_bar(len(workspace.engine.rulebook.rules)) as advance:
            outcome = workspace.assess(dataset, as_of=as_of, period=period, progress=advance, save=save)
    result = outcome.result
    if outcome.saved:
        click.echo(describe_save(result.to_dict()["assessment_id"], outcome.saved), err=True)
    return result
