"""``riskengine assess DATASET``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..engine import Engine
from ..errors import RiskEngineError
from ..messages import text
from ..period import describe_result
from ..storage.store import Store
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
def assess(
    dataset, rule_packs, no_default_rules, as_of, period, fmt, output, all_posts, strict, db_url, no_db,
    signing_key,
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
        engine = Engine.create(rule_packs=rule_packs, default_packs=not no_default_rules)
        if engine.rulebook.unreadable:  # a pack that cannot be read at all: exit 3, as documented
            raise engine.rulebook.unreadable[0]
        store = None if no_db else Store(db_url)
        if store:
            store.upgrade()
        history = store.history() if store else None
        with progress_bar(len(engine.rulebook.rules)) as advance:
            result = engine.assess(
                dataset, as_of=as_of, period=period, progress=advance, task_history=history
            )
        if store:
            click.echo(describe_save(result.to_dict()["assessment_id"], store.save(result)), err=True)
            store.dispose()
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
