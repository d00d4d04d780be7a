"""``riskengine rules init|detectors``: start a pack, and look up what detectors take and give."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..errors import RiskEngineError
from ..messages import text
from . import exits


@click.command("init")
@click.argument("name")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="写入的目录。")
def init(name: str, folder: Path) -> None:
    """新建规则包骨架 NAME.yaml、测试用例 NAME.tests.yaml，以及编辑器补全所需的 schema。"""
    from ..authoring.scaffold import init_pack

    try:
        written = init_pack(name, folder, today=dt.date.today().isoformat())
    except RiskEngineError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exits.INPUT_ERROR)
    for path in written:
        click.echo(text("init_written", path=path))
    click.echo(text("init_next", pack=written[0]))


@click.command("detectors")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="输出格式：终端文字，或 Markdown。")
@click.option("--builtin", "builtin_only", is_flag=True,
              help="只列内置检测器（docs/detectors.md 即 --format markdown --builtin 的输出）。")
def detectors(fmt: str, builtin_only: bool) -> None:
    """列出已安装的检测器：参数（类型、默认值、取值范围、含义）与输出字段。"""
    from ..authoring import reference
    from ..engine import Engine

    found = list(Engine.create().registry.detectors.values())
    if builtin_only:
        found = reference.builtin(found)
    click.echo(reference.markdown(found) if fmt == "markdown" else reference.plain(found), nl=False)
