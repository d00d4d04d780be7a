"""``riskengine assess DATASET``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import RiskEngineError
from ..messages import text
from ..period import describe_result
from ..workspace import Workspace
from . import exits
from .options import (
    as_of_option,
    db_option,
    format_option,
    no_default_rules_option,
    output_option,
    period_option,
    rules_option,
    strict_option,
)
from .output import all_option, check_output, emit
from .report import print_problems, progress_bar, strict_failures
from .rules_sign import require_signed
from .tasks import describe_save


@click.command()
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
@click.option("--no-db", is_flag=True, help="不读写数据库：不保存整改任务，也不做整改后复发检查。")
@click.option("--require-signed", "signing_key", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="要求 --rules 给出的每个规则包都带有该公钥（KEY.pub）的有效签名，否则不评估。")
@click.option("--save/--no-save", default=True, show_default=True,
              help="把评估结果和整改任务保存到数据库（--no-save 只读取已销号任务做复发检查）。")
def assess(
    dataset, rule_packs, no_default_rules, as_of, period, fmt, output, all_posts, strict, db_url, no_db,
    signing_key, save,
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
        require_signed(rule_packs, signing_key)
    try:
        with Workspace.open(None if no_db else db_url, rule_packs=rule_packs,
                            default_packs=not no_default_rules) as workspace:
            if workspace.engine.rulebook.unreadable:  # a pack that cannot be read at all: exit 3
                raise workspace.engine.rulebook.unreadable[0]
            with progress_bar(len(workspace.engine.rulebook.rules)) as advance:
                outcome = workspace.assess(dataset, as_of=as_of, period=period, progress=advance, save=save)
        result = outcome.result
        if outcome.saved:
            click.echo(describe_save(result.to_dict()["assessment_id"], outcome.saved), err=True)
    except RiskEngineError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exits.INPUT_ERROR)
    click.echo(describe_result(result.document), err=True)  # which period and as-of were used
    print_problems(result)
    emit(result, fmt, output, all_posts=all_posts)
    failures = strict_failures(result) if strict else []
    if failures:
        click.echo(text("strict_failed", what="；".join(failures)), err=True)
        sys.exit(exits.STRICT_FAILED)
