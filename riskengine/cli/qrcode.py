"""``riskengine qrcode ORG_ID``: the notice-board QR code of a community's public page (码上监督)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import RiskEngineError
from ..messages import text
from ..web.qr import SUFFIXES, public_url, write_qrcode
from . import exits

DEFAULT_BASE_URL = "http://localhost:8000"


@click.command(help="help.qrcode")
@click.argument("org_id")
@click.option(
    "--base-url",
    envvar="RISKENGINE_PUBLIC_URL",
    default=DEFAULT_BASE_URL,
    show_default=True,
    metavar="URL",
    help="help.qrcode.base_url",
)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="help.qrcode.output",
)
def qrcode(org_id, base_url, output):
    """The notice-board QR code of a community's public page, <base-url>/public/<ORG_ID>."""
    if Path(output).suffix.lower() not in SUFFIXES:
        raise click.UsageError(
            text("format_suffix_mismatch", path=output, fmt="qrcode", suffix="/".join(SUFFIXES))
        )
    try:
        url = public_url(base_url, org_id)
    except RiskEngineError as exc:
        raise click.UsageError(str(exc)) from None
    if base_url == DEFAULT_BASE_URL:
        click.echo(text("qrcode_local", url=DEFAULT_BASE_URL), err=True)
    try:
        write_qrcode(url, Path(output))
    except OSError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exits.INPUT_ERROR)
    click.echo(text("qrcode_written", path=output, url=url), err=True)
