"""``riskengine report``: the HTML report of an assessment, from a result file or the database."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import RiskEngineError
from ..messages import text
from ..report import load_result, report_html
from ..report.history import saved_document, store_view
from ..storage.store import Store
from . import exits
from .options import DEFAULT_DB, parse_date


@click.command("report", help="help.report")
@click.argument("result_file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--assessment", "assessment_id", metavar="ID", help="help.report.assessment"
)
@click.option(
    "--db",
    "db_url",
    envvar="RISKENGINE_DB",
    metavar="URL",
    help="help.report.db",
)
@click.option("--on", callback=parse_date, metavar="DATE", help="help.report.on")
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="help.report.output",
)
def report(result_file, assessment_id, db_url, on, output):
    """The HTML report of an assessment (one file, charts inlined, no network, prints on A4)."""
    if (result_file is None) == (assessment_id is None):
        raise click.UsageError(text("report_source"))
    if Path(output).suffix.lower() not in (".html", ".htm"):
        raise click.UsageError(text("format_suffix_mismatch", path=output, fmt="html", suffix=".html"))
    try:
        store = Store(db_url or DEFAULT_DB) if (assessment_id or db_url) else None
        if store is not None:
            store.check()
        doc = saved_document(store, assessment_id) if assessment_id else load_result(result_file)
        view = store_view(store, doc) if store else None
        page = report_html(doc, view, on=on)
        if store is not None:
            store.dispose()
    except RiskEngineError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exits.INPUT_ERROR)
    Path(output).write_text(page, encoding="utf-8")
    click.echo(text("report_written", path=output), err=True)
