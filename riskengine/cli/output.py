"""Writing a rendered result: text to the terminal or a file, workbooks to a file of the right suffix."""

from __future__ import annotations

from pathlib import Path

import click

from ..messages import text
from ..outcome.assessment import Assessment
from ..render import BINARY_FORMATS, output_problem, render, render_bytes
from .i18n import Option

all_option = click.option("--all", "all_posts", is_flag=True, cls=Option, help="help.opt.all")


def check_output(fmt: str, output: str | None) -> None:
    """Refuse (exit 2) an output that cannot take ``fmt``, before any work is done."""
    if fmt == "parquet":
        if output is None:
            raise click.UsageError(text("parquet_needs_dir"))
        if Path(output).exists() and not Path(output).is_dir():
            raise click.UsageError(text("not_a_dir", path=output))
        return
    problem = output_problem(fmt, output)
    if problem is not None:
        key, values = problem
        raise click.UsageError(text(key, **values))


def emit(result: Assessment, fmt: str, output: str | None, *, all_posts: bool = False) -> None:
    """Render ``result`` as ``fmt`` to ``output`` (or stdout for text formats)."""
    if fmt == "parquet":
        from ..render.parquet import write_parquet

        write_parquet(result, Path(output))
        click.echo(text("written_to", path=output), err=True)
        return
    if fmt in BINARY_FORMATS:
        Path(output).write_bytes(render_bytes(result, fmt))
        click.echo(text("written_to", path=output), err=True)
        return
    if fmt == "json" and output:  # streamed: a province's result is large
        result.write_json(output)
        click.echo(text("written_to", path=output), err=True)
        return
    rendered = render(result, fmt, all_posts=all_posts)
    if output:
        Path(output).write_text(rendered, encoding="utf-8")
        click.echo(text("written_to", path=output), err=True)
    else:
        click.echo(rendered)
