"""``riskengine rules check|list|schema``: help for rule-pack authors."""

from __future__ import annotations

import json
import sys

import click

from ..engine import Engine
from ..messages import text
from ..packcheck import check_packs
from ..schema_errors import rulepack_schema
from .options import parse_date


@click.group()
def rules() -> None:
    """检查、列出规则包与规则。"""


@rules.command("check")
@click.argument("packs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--as-of", callback=parse_date, metavar="DATE", help="同时提示在该日（默认今天）不生效的规则包。"
)
def check(packs, as_of) -> None:
    """检查规则包：逐条列出错误（文件:行:列）。

    \b
    退出码：0 通过；1 有错误；3 规则包无法读取（编码、YAML 语法、文件过大等）。
    """
    result = check_packs(packs, as_of=as_of)
    for notice in result.notices:
        click.echo(text("notice", text=notice), err=True)
    if result.warnings:
        click.secho(text("check_warnings"), fg="yellow", err=True)
        for warning in result.warnings:
            click.echo(f"  {warning}", err=True)
    for problem in result.problems:
        click.echo(problem, err=True)
    if result.exit_code:
        sys.exit(result.exit_code)
    passed = text("check_passed", n=result.rules)
    if result.overrides:
        passed += text("check_passed_overrides", n=result.overrides)
    click.echo(passed)


@rules.command("list")
@click.option("--rules", "rule_packs", multiple=True, type=click.Path(exists=True, dir_okay=False))
def list_rules(rule_packs) -> None:
    """列出已加载的规则：编号、领域、风险程度、名称。"""
    engine = Engine.create(rule_packs=rule_packs)
    for rule in engine.rulebook.rules:
        kind = f"detector:{rule.detector.name}" if rule.detector else f"condition on {rule.record_type}"
        click.echo(f"{rule.id:42} {rule.severity:8} {rule.title}  [{kind}]")


@rules.command("schema")
def schema() -> None:
    """输出规则包的 JSON Schema（供编辑器校验与补全）。"""
    click.echo(json.dumps(rulepack_schema(), ensure_ascii=False, indent=2))


# Rule-author tooling lives in its own modules; the `rules` group only gathers them.
from .rules_author import detectors, init  # noqa: E402
from .rules_compare import compare  # noqa: E402
from .rules_diff import diff  # noqa: E402
from .rules_show import show  # noqa: E402
from .rules_sign import keygen, sign, verify  # noqa: E402
from .rules_test import test as _test  # noqa: E402

for _command in (_test, init, detectors, show, compare, diff, keygen, sign, verify):
    rules.add_command(_command)
