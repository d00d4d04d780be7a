"""``riskengine plugin new NAME``: start a vendor plugin from the template."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import RiskEngineError
from ..messages import text
from . import exits


@click.group()
def plugin() -> None:
    """编写插件：由模板生成插件包。"""


@plugin.command("new")
@click.argument("name")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="插件包写入的目录（默认 ./NAME）。")
def new(name: str, directory: Path | None) -> None:
    """生成可安装的插件包 NAME：记录类型及其 JSON Schema、检测器、规则包、规则测试和 pytest 测试。"""
    from ..plugin_template import new_plugin

    target = directory or Path(name)
    try:
        written = new_plugin(name, target)
    except RiskEngineError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exits.USAGE)
    for path in written:
        click.echo(str(path))
    click.echo(text("plugin_new_done", path=target, name=name))
