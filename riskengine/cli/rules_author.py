"""``riskengine rules init|detectors``: start a pack, and look up what detectors take and give."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..errors import RiskEngineError
from ..messages import text
from . import exits


@click.command("init", help="help.rules.init")
@click.argument("name")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="help.rules.init.dir")
def init(name: str, folder: Path) -> None:
    """Start a pack: NAME.yaml, its test cases NAME.tests.yaml and the schema editors complete with."""
    from ..authoring.scaffold import init_pack

    try:
        written = init_pack(name, folder, today=dt.date.today().isoformat())
    except RiskEngineError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exits.INPUT_ERROR)
    for path in written:
        click.echo(text("init_written", path=path))
    click.echo(text("init_next", pack=written[0]))


@click.command("detectors", help="help.rules.detectors")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="help.rules.detectors.format")
@click.option("--builtin", "builtin_only", is_flag=True,
              help="help.rules.detectors.builtin")
def detectors(fmt: str, builtin_only: bool) -> None:
    """List the installed detectors: parameters (type, default, range, meaning) and output fields."""
    from ..authoring import reference
    from ..engine import Engine

    found = list(Engine.create().registry.detectors.values())
    if builtin_only:
        found = reference.builtin(found)
    click.echo(reference.markdown(found) if fmt == "markdown" else reference.plain(found), nl=False)
