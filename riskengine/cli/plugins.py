"""``riskengine plugins list``."""

from __future__ import annotations

import json

import click

from ..plugins import collect, get_plugin_manager


@click.group()
def plugins() -> None:
    """查看已加载的插件。"""


@plugins.command("list")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
def list_plugins(as_json: bool) -> None:
    """列出插件：名称、版本、记录类型、检测器、规则包。"""
    registry = collect(get_plugin_manager())
    infos = [info.to_dict() for info in registry.plugins.values()]
    if as_json:
        click.echo(json.dumps(infos, ensure_ascii=False, indent=2))
    else:
        for info in infos:
            requires = f" (riskengine {info['requires']})" if info["requires"] else ""
            click.echo(f"{info['name']} {info['version']}{requires}")
            if info["refused"]:
                click.echo(f"  {info['refused']}")
                continue
            click.echo(f"  记录类型: {', '.join(info['record_types']) or '-'}")
            click.echo(f"  检测器:   {', '.join(info['detectors']) or '-'}")
            click.echo(f"  规则包:   {', '.join(info['rule_packs']) or '-'}")
    for problem in registry.problems:
        click.echo(str(problem), err=True)
