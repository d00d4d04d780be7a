"""``riskengine plugin new NAME``: start a vendor plugin from the template."""

from __future__ import annotations

from pathlib import Path

import click

from ..messages import text
from .i18n import Group, Option


@click.group(cls=Group, help="help.plugin")
def plugin() -> None:
    """Write plugins: a plugin package from the template."""


@plugin.command("new", help="help.plugin.new")
@click.argument("name")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), cls=Option,
              help="help.opt.plugin_dir")
def new(name: str, directory: Path | None) -> None:
    """Write the installable plugin package NAME."""
    from ..host.template import new_plugin

    target = directory or Path(name)
    for path in new_plugin(name, target):
        click.echo(str(path))
    click.echo(text("plugin_new_done", path=target, name=name))
