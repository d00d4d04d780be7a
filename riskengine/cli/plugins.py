"""``riskengine plugins list``."""

from __future__ import annotations

import json

import click

from ..host.plugins import collect, get_plugin_manager
from ..messages import text
from .i18n import Group, Option


@click.group(cls=Group, help="help.plugins")
def plugins() -> None:
    """Inspect the loaded plugins."""


@plugins.command("list", help="help.plugins.list")
@click.option("--json", "as_json", is_flag=True, cls=Option, help="help.opt.json")
def list_plugins(as_json: bool) -> None:
    """List plugins: name, version, record types, detectors, rule packs."""
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
            for key, field in (("plugin_record_types", "record_types"), ("plugin_detectors", "detectors"),
                               ("plugin_rule_packs", "rule_packs")):
                click.echo("  " + text(key, items=", ".join(info[field]) or "-"))
    for problem in registry.problems:
        click.echo(str(problem), err=True)
