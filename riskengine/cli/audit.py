"""``riskengine audit verify``: check the hash chains of the audit trail."""

from __future__ import annotations

import sys

import click

from ..messages import text
from . import exits
from .options import db_option
from .store_common import workspace


@click.group(help="help.audit")
def audit() -> None:
    """Audit trail: check that the change records of tasks and others were not altered."""


@audit.command("verify", help="help.audit.verify")
@db_option
def verify(db_url) -> None:
    """Recompute the hash chains of the audit trail entry by entry; exit 1 on any altered, deleted or
    inserted entry.
    """
    with workspace(db_url) as ws:
        report = ws.verify_audit()
    if report.ok:
        click.echo(text("audit_ok", entries=report.entries, chains=report.chains))
        return
    click.secho(text("audit_broken", n=len(report.problems)), fg="red", err=True)
    for problem in report.problems:
        click.echo(f"  {problem}", err=True)
    sys.exit(exits.STRICT_FAILED)
