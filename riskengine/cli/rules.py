"""``riskengine rules check|list|schema``: help for rule-pack authors."""

from __future__ import annotations

import json
import sys

import click

from ..engine import Engine
from ..schema_errors import rulepack_schema
from . import exits


@click.group()
def rules() -> None:
    """检查、列出规则包与规则。"""


@rules.command("check")
@click.argument("packs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def check(packs) -> None:
    """检查规则包：逐条列出错误（文件:行:列），全部通过时退出码为 0。"""
    engine = Engine.create(rule_packs=packs)
    problems = engine.problems
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(exits.STRICT_FAILED)
    loaded = [r for r in engine.rulebook.rules if any(r.pack_id == p.id for p in engine.rulebook.packs)]
    click.echo(f"规则包检查通过：共 {len(loaded)} 条规则")


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
from .rules_sign import keygen, sign, verify  # noqa: E402
from .rules_test import test as _test  # noqa: E402

for _command in (_test, init, detectors, compare, diff, keygen, sign, verify):
    rules.add_command(_command)
